"""The pygls server: diagnostics on open, change (debounced) and save; code actions."""
from __future__ import annotations

import asyncio

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from hardlint import __version__
from hardlint.server.actions import fix_all_action, noqa_action, quick_fix
from hardlint.server.diagnostics import check_buffer, diagnose, finding_diagnostic, rule_documentation
from hardlint.server.project import ProjectFacts

DEBOUNCE_SECONDS = 0.05

server = LanguageServer("hardlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
_pending: dict[str, asyncio.Task] = {}
_project = ProjectFacts()


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def publish(ls: LanguageServer, uri: str) -> None:
    """Check the open document at `uri` and send its diagnostics."""
    document = ls.workspace.get_text_document(uri)
    result = check_buffer(document.source, _path(uri))
    diagnostics = diagnose(result)
    if not result.errors:
        diagnostics += map(finding_diagnostic, _project.findings_for(result))
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics))


async def _publish_later(ls: LanguageServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    publish(ls, uri)


@server.feature(types.INITIALIZED)
async def initialized(ls: LanguageServer, params: types.InitializedParams) -> None:
    """Ask the client to report changed Python files, then read the workspace's facts for the project
    rules on a worker thread (the editor gets diagnostics meanwhile) and publish again when done."""
    if _watches_files(ls):
        ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="hardlint-watch-python", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern="**/*.py")]))]))
    folders = [_path(folder.uri) for folder in ls.workspace.folders.values()]
    if not folders and ls.workspace.root_path:
        folders = [ls.workspace.root_path]
    await asyncio.get_running_loop().run_in_executor(None, _project.scan, folders)
    for uri in list(ls.workspace.text_documents):
        publish(ls, uri)


def _watches_files(ls: LanguageServer) -> bool:
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    return bool(watched and watched.dynamic_registration)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files_changed(ls: LanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed outside the editor (a branch switch, a generator): refresh their facts and the
    open documents' project findings."""
    changed = [change for change in params.changes if change.uri.endswith(".py")]
    for change in changed:
        if change.uri not in ls.workspace.text_documents:
            _project.update(_path(change.uri), deleted=change.type == types.FileChangeType.Deleted)
    if changed:
        for uri in list(ls.workspace.text_documents):
            publish(ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: LanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: LanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    """Debounce: a newer change cancels the check still waiting for an older one."""
    uri = params.text_document.uri
    waiting = _pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    _pending[uri] = asyncio.ensure_future(_publish_later(ls, uri))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: LanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    publish(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: LanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]))
def code_action(ls: LanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Quick fixes and `# noqa` for findings touching the range, and fix-all for the file."""
    uri = params.text_document.uri
    document = ls.workspace.get_text_document(uri)
    path = _path(uri)
    findings = check_buffer(document.source, path).findings
    lines = document.source.splitlines(keepends=True)
    first, last = params.range.start.line + 1, params.range.end.line + 1
    actions: list[types.CodeAction] = []
    for finding in findings:
        if finding.line > last or finding.end_line < first:
            continue
        fix = quick_fix(uri, finding)
        actions += [fix] if fix else []
        actions.append(noqa_action(uri, finding, lines))
    fix_all = fix_all_action(uri, document.source, lambda text: check_buffer(text, path).findings)
    return actions + ([fix_all] if fix_all else [])


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: LanguageServer, params: types.HoverParams) -> types.Hover | None:
    """`hardlint explain` for the rules whose findings cover the hovered position."""
    document = ls.workspace.get_text_document(params.text_document.uri)
    line, column = params.position.line + 1, params.position.character + 1
    codes: list[str] = []
    for finding in check_buffer(document.source, _path(params.text_document.uri)).findings:
        starts = (finding.line, finding.column) <= (line, column)
        ends = (line, column) <= (finding.end_line, finding.end_column)
        if starts and ends and finding.code not in codes:
            codes.append(finding.code)
    texts = [text for text in map(rule_documentation, codes) if text]
    if not texts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n".join(texts)))


def serve() -> int:
    """Run the server over stdio until the client exits it."""
    server.start_io()
    return 0
