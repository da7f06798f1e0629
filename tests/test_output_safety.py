"""Attacker-controlled text (file names, code quoted in messages) in every output format.

The checked file's name carries an ANSI escape, a newline followed by a forged GitHub workflow
command, and a bidi override; the code carries an escape sequence inside a quoted secret.
"""

from __future__ import annotations

import json
import os
import sys
import re
import xml.etree.ElementTree as ET

import pytest

from cli_support import run_cli
from hardlint.textsafe import printable

EVIL_NAME = "evil\x1b[31mred\n::error file=x.py::pwned\u202e.py"
EVIL_CODE = "try:\n    work()\nexcept:\n    pass\npassword = \"hunter2\x1b[2J\x07\"\n"
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("evil")
    (root / EVIL_NAME).write_text(EVIL_CODE)
    found = {}
    for fmt in ("text", "json", "sarif", "github", "gitlab", "junit"):
        result = run_cli("check", ".", "--no-cache", "--format", fmt, cwd=root,
                         env={"FORCE_COLOR": "1"} if fmt == "text" else None)
        assert result.returncode == 1, (fmt, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
        found[fmt] = result.stdout
    return found


def test_terminal_output_has_no_raw_control_characters(outputs):
    text = outputs["text"]
    # FORCE_COLOR: hardlint's own colours are the only escapes, each a complete SGR sequence
    without_own_colours = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert "\x1b[31mred" not in text and "\x1b[2J" not in text
    assert not RAW_CONTROL.search(without_own_colours.replace("\n", "")), repr(text)
    finding_lines = [line for line in without_own_colours.splitlines() if " HL" in line]
    assert len(finding_lines) == 2  # the newline in the name did not split a finding over two lines
    assert all(line.startswith(printable(EVIL_NAME)) for line in finding_lines)


def test_github_annotations_cannot_be_forged(outputs):
    lines = outputs["github"].splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == 2, lines
    assert not [line for line in lines if "pwned" in line and not line.startswith("::error file=evil")]
    for line in commands:
        properties = line.split("::")[1]
        file_value = properties.split(",line=")[0]
        assert "::" not in file_value.replace("::error file=", "", 1) and "\n" not in line
        assert not RAW_CONTROL.search(line), repr(line)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_formats_parse_and_name_the_file(outputs, fmt):
    document = json.loads(outputs[fmt])
    assert any("pwned" in text for text in _strings(document))
    assert "\x1b" not in outputs[fmt] and "\x07" not in outputs[fmt]  # JSON escapes them as \u001b


def test_junit_is_well_formed_xml_without_raw_control_characters(outputs):
    tree = ET.fromstring(outputs["junit"])
    assert len(tree.findall(".//failure")) == 2
    assert not RAW_CONTROL.search(outputs["junit"]), "raw control character or bidi override in JUnit XML"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u200f", "\u200e", "\u061c", "\ufeff", "\u2060"])
def test_invisible_and_line_breaking_characters_are_escaped(char: str) -> None:
    shown = printable(f"app{char}.py")
    assert char not in shown
    assert shown.startswith("app\\") and shown.endswith(".py")


COMMAND_NAME = "::error file=app.py,line=1::LGTM.py"


def test_no_text_output_line_begins_with_a_workflow_command(tmp_path):
    (tmp_path / COMMAND_NAME).write_text(EVIL_CODE)
    for args in (["--format", "text"], ["--format", "text", "--output", "out.txt"]):
        result = run_cli("check", ".", "--no-cache", *args, cwd=tmp_path)
        written = (tmp_path / "out.txt").read_text() if "--output" in args else result.stdout
        assert "LGTM.py:3:1: HL401" in written
        assert not [line for line in written.splitlines() if line.startswith("::")], written


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes only on Linux")
@pytest.mark.parametrize("fmt", ["text", "sarif", "github"])
def test_non_utf8_file_names_are_written_escaped(tmp_path, fmt):
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.py"), "w") as handle:
        handle.write(EVIL_CODE)
    result = run_cli("check", ".", "--no-cache", "--format", fmt, "--output", "out", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    written = (tmp_path / "out").read_text(encoding="utf-8")
    assert ("bad%FF.py" if fmt == "sarif" else "bad\\udcff.py") in written
