"""Rule triggers: all patterns of a tuple must match; `(?i)` lower-case patterns run on lowered text."""

from __future__ import annotations

import re

from hardlint.triggers import FileText, Trigger, trigger_matches


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
    for spec in ("CSRF|csrf", "jwt|jose|JsonWebToken", "(?i)secret|token", "import"):
        trigger = Trigger.compile(spec)
        assert trigger is not None and not hasattr(trigger.patterns[0][1], "flags"), spec
        for text in ("x = CSRFProtect(app)", "from jose import jwt", "API_TOKEN = 1", "nothing", "", "importlib"):
            body = spec.removeprefix("(?i)")
            expected = re.search(body, text.lower() if spec.startswith("(?i)") else text) is not None
            assert trigger.matches(FileText(text)) is expected, (spec, text)
    for spec in (r"\bimport\b", "commit[\\s\\\\]*\\(", "a|b.c", "x|"):
        trigger = Trigger.compile(spec)
        assert trigger is not None and hasattr(trigger.patterns[0][1], "flags"), spec
