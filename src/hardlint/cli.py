"""The `hardlint` command: a thin layer over the Python API."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, NoReturn, Sequence

from hardlint import gate
from hardlint.baseline import DEFAULT_BASELINE
from hardlint.catalog import load_rules
from hardlint.config import Config, ConfigError, _selectors, load_config, with_overrides
from hardlint.textsafe import safe_diff, safe_message
from hardlint.finding import SEVERITIES, Finding, Report, severity_rank
from hardlint.progress import TerminalProgress
from hardlint.reporters import formats, render
from hardlint.runner import check_paths

if TYPE_CHECKING:
    from hardlint.fixes import FixOutcome

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit code 2."""


def _codes(value: str) -> tuple[str, ...]:
    try:
        return _selectors([c for c in value.split(",") if c.strip()], "command line")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hardlint", description="Production-readiness and security checks "
                                     "for Python backends.")
    parser.add_argument("--version", action="version", version=f"hardlint {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files and directories (default: the current directory)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--format", choices=formats(), default="text", help="output format (default: text)")
    check.add_argument("--select", type=_codes, help="only these codes or prefixes, e.g. HL3,HL401")
    check.add_argument("--ignore", type=_codes, help="skip these codes or prefixes")
    check.add_argument("--extend-ignore", type=_codes, help="skip these too, on top of the configuration")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--config", metavar="FILE", help="pyproject.toml or hardlint.toml to use")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply exclude and .gitignore to paths named on the command line too (for hooks)")
    check.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--no-cache", action="store_true", help="check every file, ignoring the result cache")
    check.add_argument("--cache-dir", metavar="DIR", help="where to keep the result cache (default: .hardlint_cache)")
    check.add_argument("--no-color", action="store_true", help="never colour the text output")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files, then report what is left")
    check.add_argument("--diff", action="store_true", help="print safe fixes as a unified diff; change nothing")
    check.add_argument("--no-bandit", action="store_true", help="do not run bandit's checks in the same pass")
    check.add_argument("--output", "-o", metavar="FILE",
                       help="write the --format report to FILE and print the text report too")
    check.add_argument("--diff-ref", metavar="REF", help="only findings on lines changed since git REF")
    check.add_argument("--baseline", metavar="FILE", help="only findings not recorded in this baseline file")
    check.add_argument("--fail-on", choices=SEVERITIES, metavar="SEVERITY",
                       help="exit 1 only for findings at or above SEVERITY (low, medium, high, critical)")
    check.add_argument("--llm", action="store_true",
                       help="ask Claude to triage each finding (needs hardlint[llm] and ANTHROPIC_API_KEY)")
    check.add_argument("--llm-max-findings", type=int, metavar="N", help="send at most N findings to the API")
    check.add_argument("--llm-model", metavar="MODEL", help="model for the LLM pass (default: claude-sonnet-5-5)")
    check.add_argument("--llm-batch", action="store_true",
                       help="submit the LLM requests as a Message Batch; `hardlint llm collect` fetches them")
    check.add_argument("--llm-downgrade", action="store_true",
                       help="likely false positives (high confidence) become low severity and do not fail the run")

    baseline = sub.add_parser("baseline", help="record today's findings so `check --baseline` shows only new ones")
    baseline.add_argument("paths", nargs="*", metavar="PATH")
    baseline.add_argument("--output", "-o", metavar="FILE", default=DEFAULT_BASELINE,
                          help=f"baseline file to write (default: {DEFAULT_BASELINE})")
    baseline.add_argument("--config", metavar="FILE", help="pyproject.toml or hardlint.toml to use")
    baseline.add_argument("--select", type=_codes, help="only these codes or prefixes")
    baseline.add_argument("--ignore", type=_codes, help="skip these codes or prefixes")
    baseline.add_argument("--no-bandit", action="store_true", help="do not run bandit's checks")
    baseline.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: all cores)")

    rules = sub.add_parser("rules", help="list the rule catalog")
    rules.add_argument("--format", choices=["text", "markdown", "json"], default="text")

    llm = sub.add_parser("llm", help="LLM pass housekeeping: `hardlint llm collect` stores finished batches")
    llm.add_argument("action", choices=["collect"])
    llm.add_argument("--config", metavar="FILE", help="pyproject.toml or hardlint.toml to use")

    explain = sub.add_parser("explain", help="show a rule's documentation, e.g. `hardlint explain HL301`")
    explain.add_argument("code")

    sub.add_parser("server", help="run the Language Server over stdio (needs `pip install hardlint[server]`)")
    return parser


def _version() -> str:
    from hardlint import __version__

    return __version__


def cmd_server() -> int:
    """`hardlint server`: the Language Server over stdio."""
    try:
        from hardlint.server.app import serve
    except ImportError as exc:
        raise UsageError(f"the server needs its extra: pip install 'hardlint[server]' ({exc})") from None
    return serve()


def run() -> NoReturn:
    """The `hardlint` command: `main()`, then exit without dismantling the interpreter.

    Once the output is flushed nothing is left to clean up (workers are joined, files written and
    closed), and tearing down LibCST's thousands of objects and classes took about 50 ms, an eighth
    of a one-file run as pre-commit makes it. mypy exits the same way.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or a stream was closed
        pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself
        return int(exc.code or 0) and EXIT_ERROR
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "baseline":
            return cmd_baseline(args)
        if args.command == "llm":
            return cmd_llm(args)
        if args.command == "server":
            return cmd_server()
        parser.print_help()
        return EXIT_ERROR
    except (ConfigError, UsageError, gate.GateError) as exc:
        print(f"hardlint: error: {safe_message(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hardlint: interrupted", file=sys.stderr)
        return EXIT_ERROR


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    ignore = args.ignore if args.ignore is not None else config.ignore
    if args.extend_ignore:
        ignore = tuple(ignore) + args.extend_ignore
    config = with_overrides(config, select=args.select, ignore=ignore, jobs=args.jobs, fail_on=args.fail_on,
                            bandit=False if args.no_bandit else None, cache=False if args.no_cache else None,
                            cache_dir=os.path.abspath(args.cache_dir) if args.cache_dir else None)
    _require_paths(args.paths)
    with TerminalProgress() as progress:
        report = check_paths(args.paths or ["."], config, jobs=args.jobs, progress=progress,
                             force_exclude=args.force_exclude)
    nothing = _nothing_to_check(report, args.paths, args.force_exclude)
    if nothing is not None:
        return nothing
    if args.diff or args.fix:
        outcome = _apply_fixes(report, config, write=args.fix)
        if args.diff:
            sys.stdout.write(safe_diff("".join(outcome.diffs.values())))
            print(f"{outcome.applied} fix{'es' if outcome.applied != 1 else ''} available in "
                  f"{len(outcome.diffs)} file{'s' if len(outcome.diffs) != 1 else ''}.", file=sys.stderr)
            return EXIT_FINDINGS if outcome.diffs else EXIT_CLEAN
        report = check_paths(args.paths or ["."], config, jobs=args.jobs, force_exclude=args.force_exclude)
        report.notes.append(f"Fixed {outcome.applied} finding{'s' if outcome.applied != 1 else ''} in "
                            f"{len(outcome.diffs)} file{'s' if len(outcome.diffs) != 1 else ''}.")
        report.notes.extend(f"{path}: not fixed: {why}" for path, why in outcome.skipped.items())
    report = gate.narrow(report, config, diff_ref=args.diff_ref, baseline=args.baseline)
    _llm_pass(args, report, config)
    text_color = _use_color(args)
    if args.output:
        gate.write_report(args.output, render(args.format, report, config, False))
        sys.stdout.write(render("text", report, config, text_color))
    else:
        sys.stdout.write(render(args.format, report, config, text_color and args.format == "text"))
    return exit_code(report, args.exit_zero, config.fail_on)


def _apply_fixes(report: Report, config: Config, write: bool) -> FixOutcome:
    """Fix the files that have safe fixes; each file is re-checked after every round."""
    paths = sorted({f.path for f in report.findings if f.fix is not None and f.fix.applicability == "safe"})

    from hardlint.engine import check_source
    from hardlint.fixes import fix_files  # here: a run without --fix or --diff never needs it

    def check(text: str, path: str) -> list:
        return check_source(text, path, config, is_test=config.is_test(path)).findings

    return fix_files(paths, check, write)


def exit_code(report: Report, exit_zero: bool = False, fail_on: str | None = None) -> int:
    """2 when hardlint itself failed, 1 for findings (at or above `fail_on`) or unusable files, else 0."""
    if any(e.is_internal for e in report.errors):
        return EXIT_ERROR
    if exit_zero:
        return EXIT_CLEAN
    findings = [f for f in report.findings if not _downgraded(f)]
    if fail_on is not None:
        findings = [f for f in findings if severity_rank(f.severity) >= severity_rank(fail_on)]
    return EXIT_FINDINGS if findings or report.errors else EXIT_CLEAN


def _llm_pass(args: argparse.Namespace, report: Report, config: Config) -> None:
    """The optional LLM triage: annotates findings in place; never removes one."""
    if not (args.llm or config.llm):
        return
    from hardlint.llm import run_llm_pass, settings_from_config

    settings = settings_from_config(config, model=args.llm_model, max_findings=args.llm_max_findings,
                                    batch=args.llm_batch or None, downgrade=args.llm_downgrade or None)
    if args.llm or settings.enabled:
        run_llm_pass(report, config, settings)


def _downgraded(finding: Finding) -> bool:
    """Set by the LLM pass only under --llm-downgrade: the finding stays but does not fail the run."""
    llm = finding.annotations.get("llm") if finding.annotations else None
    return isinstance(llm, dict) and llm.get("downgraded") is True


def cmd_llm(args: argparse.Namespace) -> int:
    from hardlint.llm import collect_batches, settings_from_config
    from hardlint.llm.cache import ResultCache
    from hardlint.llm.client import unavailable_reason

    config = load_config(args.config)
    settings = settings_from_config(config)
    reason = unavailable_reason(settings)
    if reason is not None:
        raise UsageError(f"cannot collect LLM batches: {reason}")
    return collect_batches(settings, ResultCache(settings.cache_path(config)), sys.stdout)


def cmd_baseline(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    config = with_overrides(config, select=args.select, ignore=args.ignore, jobs=args.jobs,
                            bandit=False if args.no_bandit else None)
    _require_paths(args.paths)
    report = check_paths(args.paths or ["."], config, jobs=args.jobs)
    nothing = _nothing_to_check(report, args.paths, False)
    if nothing is not None:
        return nothing
    count = gate.record_baseline(args.output, report, config)
    print(f"Recorded {count} finding{'s' if count != 1 else ''} in {args.output}.")
    return EXIT_ERROR if any(e.is_internal for e in report.errors) else EXIT_CLEAN


def _nothing_to_check(report: Report, paths: Sequence[str], force_exclude: bool) -> int | None:
    """Exit 2 with the reason when a run found no file to check (a gate never goes green on nothing).

    The one exception is a hook run (`--force-exclude`) whose named files were all excluded: exit 0.
    """
    if report.files_checked:
        return None
    why = ", ".join(f"{count} {reason}" for reason, count in sorted(report.skipped.items())) or "nothing; no Python files there"
    if force_exclude and paths and all(os.path.isfile(p) for p in paths) and report.skipped:
        print(f"hardlint: every named file is excluded ({why}); nothing to check.", file=sys.stderr)
        return EXIT_CLEAN
    print(f"hardlint: error: no files to check under {', '.join(paths) or '.'} (skipped: {why})", file=sys.stderr)
    return EXIT_ERROR


def _require_paths(paths: Sequence[str]) -> None:
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")


def _use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def cmd_rules(args: argparse.Namespace) -> int:
    from hardlint.docs import catalog_json, catalog_table

    rules = load_rules()
    if args.format == "json":
        sys.stdout.write(catalog_json(rules))
    else:
        sys.stdout.write(catalog_table(rules, markdown=args.format == "markdown"))
    return EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    from hardlint.docs import explain

    rules = load_rules()
    code = args.code.upper()
    if code not in rules:
        raise UsageError(f"unknown rule {args.code!r}; `hardlint rules` lists them")
    sys.stdout.write(explain(rules[code]))
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
