"""JUnit XML: one test suite per file, one failing test case per finding, file errors as errors.

XML 1.0 cannot hold most control characters even escaped, so they are shown as visible escapes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.etree import ElementTree as ET  # noqa: B405 - only builds XML, never parses input

from hardlint.config import Config
from hardlint.finding import Report

# Characters XML 1.0 forbids, plus C1 controls and bidi overrides that would reorder text in a CI viewer.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                      "|[\u007f-\u009f\u202a-\u202e\u2066-\u2069]")


def xml_text(text: str) -> str:
    """`text` without characters XML 1.0 forbids or bidi overrides (they become `\\xNN`-style escapes)."""
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def render(report: Report, config: Config, color: bool = False) -> str:
    by_file: dict[str, list] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.path].append(finding)
    errors_by_file: dict[str, list] = defaultdict(list)
    for error in report.errors:
        errors_by_file[error.path].append(error)

    root = ET.Element("testsuites", name="hardlint", tests=str(max(1, len(report.findings) + len(report.errors))),
                      failures=str(len(report.findings)), errors=str(len(report.errors)))
    for path in sorted(set(by_file) | set(errors_by_file)):
        findings, errors = by_file.get(path, []), errors_by_file.get(path, [])
        suite = ET.SubElement(root, "testsuite", name=xml_text(path), tests=str(len(findings) + len(errors)),
                              failures=str(len(findings)), errors=str(len(errors)))
        for f in findings:
            case = ET.SubElement(suite, "testcase", classname=xml_text(path), name=f"{f.code} at {f.line}:{f.column}",
                                 file=xml_text(path), line=str(f.line))
            failure = ET.SubElement(case, "failure", message=xml_text(f"{f.code} {f.message}"), type=f.code)
            rating = f"{f.severity}, confidence {f.confidence}" if f.confidence else f.severity
            failure.text = xml_text(f"{path}:{f.line}:{f.column}: {f.code} [{rating}] {f.message}")
        for e in errors:
            case = ET.SubElement(suite, "testcase", classname=xml_text(path), name=f"file error ({e.kind})",
                                 file=xml_text(path))
            error = ET.SubElement(case, "error", message=xml_text(e.message), type=e.kind)
            error.text = xml_text(f"{path}: {e.message}")
    if not report.findings and not report.errors:
        suite = ET.SubElement(root, "testsuite", name="hardlint", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", classname="hardlint", name=f"{report.files_checked} files checked")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
