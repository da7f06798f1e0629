"""Code actions: each safe fix as a quick fix, all safe fixes in a file, and `# noqa: CODE`."""
from __future__ import annotations

from lsprotocol import types

from hardlint.finding import Edit, Finding
from hardlint.fixes import fix_source


def _text_edit(edit: Edit) -> types.TextEdit:
    """hardlint's 1-based edit as an LSP text edit."""
    start = types.Position(line=edit.line - 1, character=edit.column - 1)
    end = types.Position(line=edit.end_line - 1, character=edit.end_column - 1)
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=edit.content)


def _action(title: str, uri: str, edits: list[types.TextEdit], kind: str) -> types.CodeAction:
    return types.CodeAction(title=title, kind=kind, edit=types.WorkspaceEdit(changes={uri: edits}))


def quick_fix(uri: str, finding: Finding) -> types.CodeAction | None:
    """The finding's safe fix, if it has one."""
    if finding.fix is None or finding.fix.applicability != "safe":
        return None
    edits = [_text_edit(edit) for edit in finding.fix.edits]
    return _action(f"{finding.code}: {finding.fix.message}", uri, edits, types.CodeActionKind.QuickFix)


def noqa_action(uri: str, finding: Finding, lines: list[str]) -> types.CodeAction:
    """Suppress the finding with `# noqa: CODE` at the end of its line."""
    text = lines[finding.line - 1].rstrip("\r\n") if finding.line <= len(lines) else ""
    end = types.Position(line=finding.line - 1, character=len(text))
    edit = types.TextEdit(range=types.Range(start=end, end=end), new_text=f"  # noqa: {finding.code}")
    return _action(f"Suppress {finding.code} on this line (# noqa)", uri, [edit], types.CodeActionKind.QuickFix)


def fix_all_action(uri: str, source: str, check) -> types.CodeAction | None:
    """Replace the whole buffer with the result of applying every safe fix, when any applies."""
    fixed, count = fix_source(source, check)
    if not count or fixed == source:
        return None
    lines = source.splitlines(keepends=True)
    end = types.Position(line=len(lines), character=0)
    whole = types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=fixed)
    return _action("hardlint: fix all safe fixes in this file", uri, [whole], types.CodeActionKind.SourceFixAll)
