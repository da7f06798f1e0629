"""The `hardlint` command: a thin layer over the Python API."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, NoReturn, Sequence

from hardlint import gate
from hardlint.baseline import DEFAULT_BASELINE
from hardlint.catalog import load_rules
from hardlint.config import Config, ConfigError, ConfigResolver, _selectors, load_config, with_overrides
from hardlint.discovery import display_path
from hardlint.finding import SEVERITIES, FileError, Finding, Report, severity_rank
from hardlint.textsafe import safe_diff, safe_message
from hardlint.progress import TerminalProgress
from hardlint.reporters import formats, render
from hardlint.runner import check_paths, project_phase

if TYPE_CHECKING:
    from hardlint.fixes import FixOutcome

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MISSING = "missing"  # the kind of error for a named path that does not exist (the run goes on, then exits 2)


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit code 2."""


def _codes(value: str) -> tuple[str, ...]:
    try:
        return _selectors([c for c in value.split(",") if c.strip()], "command line")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _jobs(value: str) -> int:
    """`-j N`: a whole number, 0 meaning one worker per core."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (one worker per core) or more, got {count}")
    return count


def _patterns(value: str) -> tuple[str, ...]:
    """Comma-separated gitignore-style patterns, as ruff's --exclude takes them."""
    return tuple(p.strip() for p in value.split(",") if p.strip())


def _add_selection_options(check: argparse.ArgumentParser) -> None:
    """The ruff-style options that add to the configuration or filter what is shown."""
    check.add_argument("--extend-select", type=_codes, metavar="CODES",
                       help="select these too, on top of the configuration's select")
    check.add_argument("--exclude", type=_patterns, metavar="PATTERNS",
                       help="comma-separated patterns to exclude, replacing the configuration's exclude")
    check.add_argument("--extend-exclude", type=_patterns, metavar="PATTERNS",
                       help="comma-separated patterns to exclude, on top of the configuration's")
    check.add_argument("--severity", choices=SEVERITIES, metavar="SEVERITY",
                       help="show only findings at or above SEVERITY (low, medium, high, critical); "
                            "hidden findings do not fail the run")
    check.add_argument("--statistics", action="store_true",
                       help="print the number of findings per code instead of the findings")
    check.add_argument("--show-fixes", action="store_true",
                       help="list the safe fixes available (or, with --fix, the findings fixed)")
    check.add_argument("--stdin-filename", metavar="PATH",
                       help="check standard input (`-`) as if it were the file PATH (configuration, "
                            "test paths and per-file ignores apply to PATH)")


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
    check.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                       help="worker processes (default and 0: one per core)")
    check.add_argument("--no-cache", action="store_true", help="check every file, ignoring the result cache")
    check.add_argument("--cache-dir", metavar="DIR", help="where to keep the result cache (default: .hardlint_cache)")
    check.add_argument("--no-color", action="store_true", help="never colour the text output")
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files, then report what is left")
    check.add_argument("--diff", action="store_true", help="print safe fixes as a unified diff; change nothing")
    check.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, also apply fixes that may change the code's behaviour")
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
    _add_selection_options(check)

    baseline = sub.add_parser("baseline", help="record today's findings so `check --baseline` shows only new ones")
    baseline.add_argument("paths", nargs="*", metavar="PATH")
    baseline.add_argument("--output", "-o", metavar="FILE", default=DEFAULT_BASELINE,
                          help=f"baseline file to write (default: {DEFAULT_BASELINE})")
    baseline.add_argument("--config", metavar="FILE", help="pyproject.toml or hardlint.toml to use")
    baseline.add_argument("--select", type=_codes, help="only these codes or prefixes")
    baseline.add_argument("--ignore", type=_codes, help="skip these codes or prefixes")
    baseline.add_argument("--no-bandit", action="store_true", help="do not run bandit's checks")
    baseline.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                          help="worker processes (default and 0: one per core)")

    clean = sub.add_parser("clean", help="remove the result caches hardlint wrote under PATH (default: .)")
    clean.add_argument("paths", nargs="*", metavar="PATH")
    clean.add_argument("--config", metavar="FILE", help="pyproject.toml or hardlint.toml to use")

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
        if args.command == "clean":
            return cmd_clean(args)
        parser.print_help()
        return EXIT_ERROR
    except (ConfigError, UsageError, gate.GateError) as exc:
        print(f"hardlint: error: {safe_message(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hardlint: interrupted", file=sys.stderr)
        return EXIT_ERROR


def cmd_check(args: argparse.Namespace) -> int:
    resolver = _resolver(args)
    config = resolver.default
    if _reads_stdin(args):
        if args.fix or args.diff:
            return _fix_stdin(args, resolver)
        report = _check_stdin(args, resolver)
        if report is None:
            return EXIT_CLEAN  # --force-exclude and the named file is excluded: nothing to say
    else:
        paths, missing = _split_missing(args.paths)
        with TerminalProgress() as progress:
            report = _check_existing(paths, missing, resolver, args, progress)
        nothing = _nothing_to_check(report, args.paths, args.force_exclude)
        if nothing is not None:
            return nothing
        if args.diff or args.fix:
            fixed = _fix_and_recheck(args, report, resolver, paths, missing)
            if isinstance(fixed, int):
                return fixed
            report = fixed
    report = gate.narrow(report, config, diff_ref=args.diff_ref, baseline=args.baseline)
    _note_unsafe_fixes(report, args.unsafe_fixes)
    _llm_pass(args, report, config)
    report = _shown(report, args)
    text_color = _use_color(args)
    if args.output:
        gate.write_report(args.output, render(args.format, report, config, False))
        sys.stdout.write(_text(report, config, text_color, args))
    elif args.format == "text":
        sys.stdout.write(_text(report, config, text_color, args))
    else:
        sys.stdout.write(render(args.format, report, config, False))
    return exit_code(report, args.exit_zero, config.fail_on)


def _resolver(args: argparse.Namespace) -> ConfigResolver:
    """Each file's configuration (the nearest one, or --config's), with the command line on top:
    `--select`/`--ignore`/`--exclude` replace the file's lists, their `--extend-` forms add to them."""
    option = lambda name: getattr(args, name, None)  # noqa: E731 - `baseline` and `check` share this

    def adjust(config: Config) -> Config:
        return with_overrides(
            config, select=_joined(option("select") or config.select, option("extend_select")),
            ignore=_joined(config.ignore if option("ignore") is None else option("ignore"), option("extend_ignore")),
            exclude=option("exclude"), extend_exclude=_joined(config.extend_exclude, option("extend_exclude")),
            jobs=option("jobs"), fail_on=option("fail_on"), bandit=False if option("no_bandit") else None,
            cache=False if option("no_cache") else None,
            cache_dir=os.path.abspath(args.cache_dir) if option("cache_dir") else None)

    return ConfigResolver(args.config, adjust)


def _joined(first: Sequence[str], more: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(first) + tuple(more or ())


def _split_missing(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The named paths that exist, and those that do not (each reported; the run goes on)."""
    missing = [p for p in paths if not os.path.lexists(p)]
    return [p for p in paths if p not in missing], missing


def _check_existing(paths: list[str], missing: list[str], resolver: ConfigResolver, args: argparse.Namespace,
                    progress: TerminalProgress | None = None) -> Report:
    """Check the paths that exist; every missing one becomes a `no such file` error of the report."""
    report = Report()
    if paths or not missing:
        report = check_paths(paths or ["."], resolver.default, jobs=args.jobs, progress=progress,
                             force_exclude=args.force_exclude, resolver=resolver)
    report.errors.extend(FileError(display_path(p), MISSING, "no such file or directory") for p in missing)
    return report


def _fix_and_recheck(args: argparse.Namespace, report: Report, resolver: ConfigResolver, paths: list[str],
                     missing: list[str]) -> Report | int:
    """--diff: print the fixes, return the exit code. --fix: apply them, return the new report."""
    scope = None
    if args.diff_ref or args.baseline:  # fix only what the narrowed report shows
        report = gate.narrow(report, resolver.default, diff_ref=args.diff_ref, baseline=args.baseline)
        scope = gate.FixScope(report.findings)
    outcome = _apply_fixes(report, resolver, write=args.fix, unsafe=args.unsafe_fixes, scope=scope)
    if args.diff:
        sys.stdout.write(safe_diff("".join(outcome.diffs.values())))
        print(f"{outcome.applied} fix{'es' if outcome.applied != 1 else ''} available in "
              f"{len(outcome.diffs)} file{'s' if len(outcome.diffs) != 1 else ''}.", file=sys.stderr)
        return EXIT_FINDINGS if outcome.diffs else EXIT_CLEAN
    before = report
    report = _check_existing(paths, missing, resolver, args)
    report.notes.append(f"Fixed {outcome.applied} finding{'s' if outcome.applied != 1 else ''} in "
                        f"{len(outcome.diffs)} file{'s' if len(outcome.diffs) != 1 else ''}.")
    if args.show_fixes:
        report.notes.extend(_fixed_lines(before, report))
    report.notes.extend(f"{path}: not fixed: {why}" for path, why in outcome.skipped.items())
    return report


def _fixed_lines(before: Report, after: Report) -> list[str]:
    """What --fix removed, per file and code (as ruff's --show-fixes lists it)."""
    fixable = Counter((f.path, f.code) for f in before.findings if _safe_fix(f))
    fixable.subtract(Counter((f.path, f.code) for f in after.findings))
    return [f"  {path}: fixed {count} × {code}" for (path, code), count in sorted(fixable.items()) if count > 0]


def _safe_fix(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.applicability == "safe"


def _reads_stdin(args: argparse.Namespace) -> bool:
    """`hardlint check -` (or `--stdin-filename` with no path) reads the code from standard input."""
    if "-" in args.paths and args.paths != ["-"]:
        raise UsageError("`-` (standard input) cannot be combined with other paths")
    return args.paths == ["-"] or (args.stdin_filename is not None and not args.paths)


def _check_stdin(args: argparse.Namespace, resolver: ConfigResolver) -> Report | None:
    """Check the code on standard input as the file `--stdin-filename` (or `-`); None when
    --force-exclude excludes that name, as ruff then reports nothing."""
    name = args.stdin_filename
    config = resolver.for_path(name) if name else resolver.default
    if name and args.force_exclude and config.is_excluded(name):
        return None
    data = sys.stdin.buffer.read()
    return _check_stdin_data(data, name, config)


def _check_stdin_data(data: bytes, name: str | None, config: Config) -> Report:
    from hardlint.workers import FILE_TIME_LIMIT, Job, check_job

    shown = display_path(name) if name else "-"
    result = check_job(Job(0, shown, data, bool(name) and config.is_test(name)), config, FILE_TIME_LIMIT)
    report = Report(findings=list(result.findings), errors=list(result.errors), files_checked=1)
    report.findings.extend(project_phase([result], config, report.errors))
    if config.source is not None:
        report.configs.append(config.source)
    report.sort()
    return report


def _fix_stdin(args: argparse.Namespace, resolver: ConfigResolver) -> int:
    """`--fix -` as ruff does it: the fixed code goes to standard output (with --diff, the diff) and the
    findings left to standard error. Code that cannot be decoded or is excluded is echoed unchanged."""
    from hardlint.engine import check_source
    from hardlint.fixes import fix_source, unified_diff
    from hardlint.source import SourceError, decode, detect_encoding

    name = args.stdin_filename
    config = resolver.for_path(name) if name else resolver.default
    data = sys.stdin.buffer.read()
    shown = display_path(name) if name else "-"
    excluded = bool(name) and args.force_exclude and config.is_excluded(name)
    try:
        before = decode(data)
    except SourceError:
        excluded = True
    if excluded:
        if not args.diff:
            sys.stdout.buffer.write(data)
        return EXIT_CLEAN
    is_test = bool(name) and config.is_test(name)
    after, _applied = fix_source(before, lambda text: check_source(text, shown, config, is_test=is_test).findings,
                                 unsafe=args.unsafe_fixes)
    encoding = detect_encoding(data)
    if args.diff:
        sys.stdout.write(safe_diff(unified_diff(shown, before, after)))
        return EXIT_FINDINGS if after != before else EXIT_CLEAN
    fixed = after.encode(encoding)
    sys.stdout.buffer.write(fixed)
    report = _shown(_check_stdin_data(fixed, name, config), args)
    sys.stderr.write(render("text", report, config, False))
    return exit_code(report, args.exit_zero, config.fail_on)


def _shown(report: Report, args: argparse.Namespace) -> Report:
    """The report as displayed: `--severity` hides the findings below it (they no longer fail the
    run, unlike `--fail-on`, which shows everything); `--show-fixes` lists the safe fixes."""
    if args.severity is not None:
        kept = [f for f in report.findings if severity_rank(f.severity) >= severity_rank(args.severity)]
        hidden = len(report.findings) - len(kept)
        report = dataclasses.replace(report, findings=kept, notes=list(report.notes))
        if hidden:
            report.notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} below {args.severity} not shown "
                                "(--severity).")
    if args.show_fixes and not args.fix:
        report.notes.extend(f"{f.path}:{f.line}:{f.column}: {f.code} fix: {f.fix.message}"  # type: ignore[union-attr]
                            for f in report.findings if _safe_fix(f))
    return report


def _text(report: Report, config: Config, color: bool, args: argparse.Namespace) -> str:
    """The text report, or with --statistics the count per code (as ruff prints it)."""
    if not args.statistics:
        return render("text", report, config, color)
    from hardlint.reporters.text import statistics

    return statistics(report)


def _apply_fixes(report: Report, resolver: ConfigResolver, write: bool, unsafe: bool = False,
                 scope: gate.FixScope | None = None) -> FixOutcome:
    """Fix the files that have safe (or, when `unsafe`, also unsafe) fixes, only within `scope` when
    given; each file is re-checked (under its own configuration) after every round."""
    from hardlint.engine import check_source
    from hardlint.fixes import applies, fix_files  # here: a run without --fix or --diff never needs it

    paths = sorted({f.path for f in report.findings if applies(f, unsafe)})

    def check(text: str, path: str) -> list:
        config = resolver.for_path(path)
        found = check_source(text, path, config, is_test=config.is_test(path)).findings
        return found if scope is None else scope.narrow(path, text, found)

    return fix_files(paths, check, write, unsafe)


def _note_unsafe_fixes(report: Report, unsafe: bool) -> None:
    """Tell how many fixes wait behind `--unsafe-fixes`, as ruff does."""
    hidden = sum(1 for f in report.findings if f.fix is not None and f.fix.applicability == "unsafe")
    if hidden and not unsafe:
        report.notes.append(f"{hidden} unsafe fix{'es' if hidden != 1 else ''} (may change behaviour) can be "
                            "applied with `hardlint check --fix --unsafe-fixes`.")


def exit_code(report: Report, exit_zero: bool = False, fail_on: str | None = None) -> int:
    """2 when hardlint itself failed or a named path does not exist, 1 for findings (at or above
    `fail_on`) or unusable files, else 0."""
    if any(e.is_internal or e.kind == MISSING for e in report.errors):
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
    resolver = _resolver(args)
    config = resolver.default
    _require_paths(args.paths)
    report = check_paths(args.paths or ["."], config, jobs=args.jobs, resolver=resolver)
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
    if report.files_checked or report.errors:  # something to show (such as paths that do not exist)
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


def cmd_clean(args: argparse.Namespace) -> int:
    """`hardlint clean`: remove the result caches hardlint wrote under PATH (ruff's `ruff clean`)."""
    from hardlint.cache import ResultCache
    from hardlint.clean import clean, find_cache_dirs

    _require_paths(args.paths)
    configured = ResultCache.for_config(with_overrides(ConfigResolver(args.config).default, cache=True))
    extra = [configured.directory] if configured is not None else []
    outcome = clean(find_cache_dirs(args.paths or ["."], extra))
    for directory in outcome.removed:
        print(f"Removed {display_path(directory)}")
    for directory, count in outcome.emptied.items():
        print(f"Removed {count} entr{'ies' if count != 1 else 'y'} from {display_path(directory)}; kept the files "
              "hardlint cannot prove it wrote")
    for directory, why in outcome.refused.items():
        print(f"Kept {display_path(directory)}: {why}", file=sys.stderr)
    if not (outcome.removed or outcome.emptied or outcome.refused):
        print("No hardlint cache found.")
    return EXIT_CLEAN


def cmd_rules(args: argparse.Namespace) -> int:
    """hardlint's rules (opt-in ones marked), then bandit's checks with hardlint's default for each."""
    from hardlint.docs import bandit_table, catalog_json, catalog_table
    from hardlint.integrations.bandit_catalog import bandit_checks

    rules = load_rules()
    checks = bandit_checks()
    if args.format == "json":
        sys.stdout.write(catalog_json(rules, checks))
        return EXIT_CLEAN
    markdown = args.format == "markdown"
    sys.stdout.write(catalog_table(rules, markdown=markdown))
    if checks:
        sys.stdout.write(f"\n{'## ' if markdown else ''}bandit's checks (run in the same pass)\n\n")
        sys.stdout.write(bandit_table(checks, markdown=markdown))
    return EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    """A rule's documentation, or bandit's description of one of its checks and hardlint's default."""
    from hardlint.docs import explain

    rules = load_rules()
    code = args.code.upper()
    if code in rules:
        sys.stdout.write(explain(rules[code]))
        return EXIT_CLEAN
    from hardlint.integrations.bandit_catalog import bandit_checks, explain_check

    check = bandit_checks().get(code)
    if check is None:
        raise UsageError(f"unknown rule {args.code!r}; `hardlint rules` lists them")
    sys.stdout.write(explain_check(check))
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
