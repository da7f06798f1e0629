"""Rule triggers: all patterns of a tuple must match; `(?i)` lower-case patterns run on lowered text."""

from __future__ import annotations

import re

from hardlint.triggers import FileText, Trigger, _AnyWord, normalised_view, split_alternatives, trigger_matches


def test_a_tuple_needs_every_pattern_somewhere_in_the_file():
    spec = (r"\blog\w*\.", "(?i)passw")
    assert trigger_matches(spec, "logger.info('x')\n\nPASSWORD = 1\n")
    assert not trigger_matches(spec, "logger.info('x')\n")
    assert not trigger_matches(spec, "PASSWORD = 1\n")


def test_lower_case_caseless_patterns_search_the_lowered_text():
    trigger = Trigger.compile("(?i)secret|token")
    assert trigger is not None and trigger.patterns[0][0] is True
    assert trigger.matches(FileText("API_TOKEN = x"))
    assert not trigger.matches(FileText("nothing here"))


def test_caseless_patterns_with_upper_case_syntax_keep_ignorecase():
    trigger = Trigger.compile(r"(?i)key\S*=")
    assert trigger is not None and trigger.patterns[0][0] is False, r"\S must not become \s"
    assert trigger.matches(FileText("API_KEY_X=1"))
    assert not trigger.matches(FileText("KEY ="))


def test_no_trigger_means_every_file():
    assert Trigger.compile(None) is None and Trigger.compile(()) is None
    assert trigger_matches(None, "")


def test_the_lowered_text_is_made_once_and_only_when_asked():
    text = FileText("ABC")
    assert Trigger.compile("A").matches(text) and text._lowered is None
    assert Trigger.compile("(?i)b").matches(text) and text._lowered == "abc"


def test_word_alternatives_are_answered_by_substring_search_like_the_regex():
    for spec in ("CSRF|csrf", "jwt|jose|JsonWebToken", "(?i)secret|token", "import", r"john\ doe|000\-00"):
        trigger = Trigger.compile(spec)
        assert trigger is not None and isinstance(trigger.patterns[0][1], _AnyWord), spec
        for text in ("x = CSRFProtect(app)", "from jose import jwt", "API_TOKEN = 1", "nothing", "", "importlib",
                     "John Doe", "000-00-1"):
            body = spec.removeprefix("(?i)")
            expected = any(re.search(body, t.lower() if spec.startswith("(?i)") else t) is not None
                           for t in (text, normalised_view(text)))
            assert trigger.matches(FileText(text)) is expected, (spec, text)
    for spec in (r"\bimport\b", "commit[\\s\\\\]*\\(", "(?i)Key"):
        trigger = Trigger.compile(spec)
        assert trigger is not None and not isinstance(trigger.patterns[0][1], _AnyWord), spec


def test_alternatives_are_cut_only_outside_groups_and_classes():
    assert split_alternatives(r"a|(b|c)|[|]|\||[]|]|[^]|]|") == ["a", "(b|c)", "[|]", r"\|", "[]|]", "[^]|]", ""]
    assert split_alternatives("abc") == ["abc"]
    assert split_alternatives(r"\(|\)|(?:a|b)") == [r"\(", r"\)", "(?:a|b)"]


SPLIT_CASES = {
    r"(?m:^)[ \t]*@route|add_url_rule": ["@route\n", "x\n  @route", "add_url_rule", "x@route", "\n\n"],
    r"(?m)^def\b|\r(?!\n)": ["def f", "x\ndef f", "x\r\n", "x\ry", "xdef"],
    r"(?i)Pass(?:word)?\b|TOKEN": ["PASSWORD", "token", "passwords", "Pass"],
    r"x|": ["", "anything"],
    r"(a)\1|b": ["aa", "a", "b"],
    r"(?x) a b | c": ["ab", "a b", "c"],
    r"(?s)a.b|c\.d": ["a\nb", "c.d", "cxd"],
    r"(?:secret|(?m:^)@app)": ["secret", "@app", "x@app", "x\n@app"],
    r"(?:a)|(?:b)c": ["a", "b", "bc"],
    r"(?:(?:x|y)z)": ["xz", "yz", "x"],
    r"(?m)(?s)^a.b|c.d": ["a\nb", "x\na\nb", "c\nd", "cxd", "c"],
    r"(?:from|import)[ \t]+mock\b|(?:a|b)?c|(?:d|e)+f|(?:g|h.)i": ["from mock", "import  mock", "mock", "c",
                                                                 "eef", "hxi", "gi", "hi"],
}


def test_searching_alternatives_one_by_one_answers_like_the_whole_pattern():
    from hardlint.catalog import load_rules

    cases = {pattern: list(texts) for pattern, texts in SPLIT_CASES.items()}
    examples = [example.source for rule in load_rules().values()
                for example in (*rule.flag_examples(), *rule.clean_examples())]
    for rule in load_rules().values():
        specs = (rule.triggers,) if isinstance(rule.triggers, str) else tuple(rule.triggers or ())
        for spec in specs:
            cases.setdefault(spec, []).extend(examples + list(ADVERSARIAL.values()))
    for spec, texts in cases.items():
        trigger = Trigger.compile(spec)
        assert trigger is not None
        for text in texts:
            expected = any(re.search(spec, t) is not None for t in (text, normalised_view(text)))
            assert trigger.matches(FileText(text)) is expected, (spec[:60], text[:60])


# Long runs of one character in the places the triggers' patterns look at. Each pattern must reject
# or accept them in about linear time: a search that restarts at every `@` or every blank of a long
# line and rescans the rest of it takes seconds here (38 s for a line of 20,000 `@` before the fix).
_LONG = 12000
ADVERSARIAL = {
    "blanks after pass": "def f():\n    pass" + " " * _LONG + "x\n",
    "blanks after a colon": "def f():" + " " * _LONG + "x\n",
    "blanks after except": "try:\n    pass\nexcept" + " " * _LONG + "x\n",
    "a line of at signs": "@" * _LONG + "\n",
    "spaced at signs": "@ " * (_LONG // 2) + "\n",
    "one long word": "x = " + "a" * _LONG + "\n",
    "dots": "x = " + "a." * (_LONG // 2) + "\n",
    "commas": "x = (" + "a, " * (_LONG // 3) + ")\n",
    "strings": "x = " + '"a" ' * (_LONG // 4) + "\n",
    "continuations": "x = " + "\\\n" * (_LONG // 2) + "\n",
    "imports": "import " + "a, " * (_LONG // 3) + "\n",
    "colons": "d = {" + "a: " * (_LONG // 3) + "}\n",
    "blanks after a name": "password" + " " * _LONG + "x\n",
    "a long url": "x = 'http://" + "a" * _LONG + "'\n",
}


def test_every_trigger_scans_hostile_lines_in_about_linear_time():
    import time

    from hardlint.catalog import load_rules

    slow = []
    for code, rule in load_rules().items():
        trigger = Trigger.compile(rule.triggers)
        if trigger is None:
            continue
        for name, text in ADVERSARIAL.items():
            started = time.perf_counter()
            trigger.matches(FileText(text))
            for lowered, pattern in trigger.patterns:  # every pattern of a tuple, not only the first
                pattern.search(text.lower() if lowered else text)
            elapsed = time.perf_counter() - started
            if elapsed > 1.0:  # linear scans of these 12 KB lines take a few milliseconds
                slow.append((code, name, round(elapsed, 2)))
    assert slow == []


VIEWS = {
    "x = (cursor .  # c\n    execute)(q)\n": "x = (cursor .       execute(q)\n",
    "try:\n    pass\nexcept \\\n:\n    pass\n": "try:\n    pass\nexcept :\n    pass\n",
    'url = "postgresql\\x3a//" \'u:p@h\'\n': 'url = "postgresql://u:p@h"\n',
    'a = ("x"\n     "y")  # c\nb = 1\n': 'a = ("xy" )  \nb = 1\n',
    '@(\n    app.get\n)("/")\ndef f(): pass\n': '@(     app.get ("/")\ndef f(): pass\n',
    'k = "\\N{LATIN SMALL LETTER A}\\141\\u0062\\x00\\x22"\n': 'k = "aab\\x00\\x22"\n',
    'r = r"\\x41" "#not a comment"\n': 'r = r"\\x41#not a comment"\n',
    "@(app .get)('/')\n": "@(app .get('/')\n",
}


def test_the_normalised_view_undoes_what_cpython_ignores():
    for source, view in VIEWS.items():
        assert normalised_view(source) == view, source


def test_triggers_read_the_normalised_view_when_the_text_does_not_match():
    for spec, source in [(r"except\s*:", "try:\n    pass\nexcept \\\n:\n    pass\n"),
                         (r"\.[\s\\]*execute[\s\\]*\(", "(cursor .  # c\n    execute)(q)\n"),
                         (r"://[^/@]*@", 'url = "postgresql\\x3a//" \'u:p@h\'\n'),
                         (r"commit[\s\\]*\(", "(session.commit)()\n")]:
        assert re.search(spec, source) is None and trigger_matches(spec, source), (spec, source)
    assert not trigger_matches(r"except\s*:", "exception = {1: 2}\n")
