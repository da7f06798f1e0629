'''HL101 marker-comment: a TODO, FIXME, XXX, HACK or TBD comment marks work that was never finished.

## What it does
Flags comments that carry a work marker: `TODO`, `FIXME`, `XXX`, `HACK` or `TBD` opening a comment
(`# TODO: retry on timeout`, `# fixme(ana): ...`, `# XXX`, `#todo:no space`, `# todo provide a
reason`, `# hack for pagination`, `# foo # XXX: ...`), or written in capitals as a word later in
the comment and followed by `:`, `(`, `,` or the end (`return cached  # stale after deploy, FIXME`). The marker itself is reported.

It does not flag the word in names, strings or docstrings (`todo_list`, `"todo"` status values), in
prose (`# the todo-list feature`, `# todos table`, `# Todo items are sorted`, `# see TODO.md`,
`# Todoist API`, `# hackathon`), quoted (`# status is "TODO"`),
or in tool comments (`# noqa: ...`, `# type: ...`, `# pragma: ...`). Test files are checked too:
a marker in a test is unfinished work just the same (a skipped case, a missing assertion). Teams that
disagree can turn it off for tests with `per-file-ignores`.

## Why it matters
A marker is a promise written where nobody tracks it. The code ships in the state the comment admits
is incomplete: the retry that was never added, the validation that is "temporary". Markers pile up
because nothing makes them visible at review time, and the knowledge of why they were left behind
leaves with their author.

## Example
```python
def charge(order):
    # TODO: handle declined cards
    return gateway.charge(order.total)
```

## Use instead
```python
def charge(order):
    result = gateway.charge(order.total)
    if result.declined:
        raise PaymentDeclined(order.id, result.reason)
    return result
```
Finish the work, or open an issue and delete the comment. If the comment explains a real constraint
rather than a missing piece, write it as a plain explanation without the marker.

## Fix safety
No fix is offered: only a person can finish the work or decide it is not needed.

## References
- ruff flake8-fixme rules (FIX001-FIX004): https://docs.astral.sh/ruff/rules/#flake8-fixme-fix
- pylint `fixme` (W0511): https://pylint.readthedocs.io/en/stable/user_guide/messages/warning/fixme.html
'''

from __future__ import annotations

import re

from hardlint.rule import Example, Rule, load_data

_DATA = load_data(__file__, "markers.toml")
_MARKERS: tuple[str, ...] = tuple(_DATA["markers"])
_TOOL_PREFIXES: tuple[str, ...] = tuple(p.lower() for p in _DATA["tool_prefixes"])

# A marker opening a comment part: in capitals followed by anything but a word character, hyphen
# or dot-word (`TODO.md`); in any case when followed by `:`, `(`, `!`, `?`, ` - `, the end, or a
# word that does not make it a noun (`# todo provide reason`, `# hack for pagination`, but not
# `# Todo items are ordered by due date`).
_OPENING = re.compile(
    r"(?P<word>" + "|".join(_MARKERS) + r")"
    r"(?:(?=\s*$)|(?=\s*[:(!?\]])|(?=\s+-\s)|(?=\s+(?!(?:" + "|".join(_DATA["noun_followers"]) + r")\b)\w))",
    re.IGNORECASE,
)
_OPENING_CAPS = re.compile(r"(?P<word>" + "|".join(_MARKERS) + r")(?![\w\-/]|\.\w)")
# Later in a comment a capitalised marker counts only when it reads as a marker, not as a noun
# (`TODO: ...`, `, FIXME`, a final `TBD`), so "see TODO in utils" and "TODO items" stay quiet.
_INLINE = re.compile(
    r"(?<![\w\-/.'\"`])(?P<word>" + "|".join(_DATA["inline_markers"]) + r")(?=\s*(?:[:(,;!]|$)|\s+-\s)"
)


def find_marker(comment: str) -> tuple[int, str] | None:
    """Offset into `comment` and the text of its first work marker, if it has one.

    A comment can hold several `#`-separated parts (`# type: ignore  # TODO ...`); each is checked
    on its own so that tool directives are skipped but a marker after them is not.
    """
    for part in re.finditer(r"[^#]+", comment):
        text = part.group()
        stripped = text.lstrip()
        if not stripped or stripped.lower().startswith(_TOOL_PREFIXES):
            continue
        if part.start() >= 2 and comment[part.start() - 2] in "`'\"":
            continue  # a quoted comment inside the comment: "# e.g. `# TODO: ...`"
        base = part.start() + len(text) - len(stripped)
        match = _OPENING_CAPS.match(stripped)
        if match and match.group("word").isupper():
            return base + match.start("word"), match.group("word")
        match = _OPENING.match(stripped) or _INLINE.search(stripped)
        if match:
            return base + match.start("word"), match.group("word")
    return None


class MarkerComment(Rule):
    code = "HL101"
    name = "marker-comment"
    severity = "low"
    message = "Work marker in a comment: finish the work or track it in an issue, then remove the marker"
    triggers = r"(?i)(?m:^)[^#\n]*#[^\n]*(?:todo|fixme|xxx|hack|tbd)"
    production_only = False
    needs_tree = False

    FLAG = [
        """
        def charge(order):
            # TODO: handle declined cards
            return gateway.charge(order.total)
        """,
        """
        def charge(order):
            return gateway.charge(order.total)  # FIXME retries
        """,
        """
        # XXX
        TIMEOUT = 30
        """,
        """
        # todo(ana): paginate
        rows = db.fetch_all()
        """,
        """
        # Hack: the vendor API returns strings for numbers
        price = float(payload["price"])
        """,
        """
        LIMIT = 10  # the final value is TBD
        """,
        """
        cached = cache.get(key)  # stale after deploy, FIXME
        """,
        """
        import json  # type: ignore  # TODO drop once stubs ship
        """,
        """
        reason = None  # todo provide reason
        page = 1  # hack for pagination
        limit = 5  # todo??
        """,
        Example(
            """
            def test_refund():
                # TODO: assert the ledger entry
                refund(order)
            """,
            path="tests/test_refund.py",
        ),
    ]
    CLEAN = [
        '''
        def todo_list(user):
            """Return the user's todo items; TODO items come first."""
            return [t for t in user.todos if t.status == "TODO"]
        ''',
        """
        # The todo-list feature stores its items in the todos table.
        items = load_todos()
        """,
        """
        # Todo items are ordered by due date.
        items = sorted(items, key=due)
        """,
        """
        # See TODO.md and docs/FIXME-policy for the roadmap.
        ROADMAP = "docs"
        """,
        """
        # Status values: "TODO", "DOING", "DONE".
        STATUSES = ("TODO", "DOING", "DONE")
        """,
        """
        # Phone numbers are masked as XXX-XXX-1234 in logs.
        mask = "XXX-XXX-"
        """,
        """
        value = compute()  # noqa: E501 XXX-style names are fine here
        """,
        """
        # Unordered list items, including TODO items; see TODO in `utils.py`.
        # Copy unnecessary once we remove HACK 1.
        items = parse(text)
        """,
        """
        # The hackathon team owns this module.
        TEAM = "platform"
        """,
        """
        # Todo lists are shared per team; todo entries keep their order.
        # Todoist API tokens are read from the vault.
        lists = load_lists()
        """,
        """
        note = "# TODO: this is inside a string, not a comment"
        """,
        """
        # Markers are found after `# todo provide reason` or '# FIXME later' style comments.
        MARKERS = ("todo", "fixme")
        """,
    ]

    def begin(self) -> None:
        for line, column, text in self.ctx.comments:
            found = find_marker(text)
            if found is None:
                continue
            offset, word = found
            start = column + offset + 1
            self.report_at(line, start, line, start + len(word),
                           f"`{word}` marker in a comment: finish the work or track it in an issue, "
                           "then remove the marker")
