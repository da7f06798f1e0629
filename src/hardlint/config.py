"""`[tool.hardlint]` configuration: loading, validation and the questions the engine asks of it."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Mapping, Sequence

from hardlint.finding import SEVERITIES
from hardlint.globs import PathPatterns
from hardlint.tomlcompat import tomllib

DEFAULT_TEST_PATTERNS = (
    "tests/", "test/", "testing/", "test_*.py", "*_test.py", "tests.py", "test.py", "conftest.py",
)
DEFAULT_EXCLUDE = (".git/", ".hg/", ".venv/", "venv/", ".tox/", ".nox/", "__pycache__/", "node_modules/",
                   "build/", "dist/", "*.egg-info/", "site-packages/")
_CODE_SELECTOR = re.compile(r"^(HL[1-8]?[0-9]{0,2}|B[0-9]{0,3})$")


class ConfigError(Exception):
    """Configuration that cannot be used; the message names the file and the key."""


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _selectors(value: Any, where: str) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in _string_list(value, where))
    for code in codes:
        if not _CODE_SELECTOR.match(code):
            raise ConfigError(f"{where}: {code!r} is not a hardlint (HLnnn) or bandit (Bnnn) code or prefix")
    return codes


def _known_codes(codes: Sequence[str], where: str) -> None:
    """Every hardlint selector must name a rule or a prefix of one (bandit's B codes are left to bandit)."""
    from hardlint.catalog import rule_codes

    rules = rule_codes()
    for code in codes:
        if code.startswith("HL") and not any(rule.startswith(code) for rule in rules):
            raise ConfigError(f"{where}: {code!r} matches no hardlint rule (`hardlint rules` lists them)")


def matches_code(code: str, selectors: Sequence[str]) -> bool:
    """True when `code` equals or starts with one of `selectors` (`HL3` selects `HL301`)."""
    return any(code.startswith(s) for s in selectors)


@dataclass(frozen=True, eq=False)
class Config:
    """Everything configurable; the defaults are what a user gets with no configuration at all."""

    root: Path = field(default_factory=Path.cwd)
    source: str | None = None
    select: tuple[str, ...] = ("HL", "B")
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    test_patterns: tuple[str, ...] = DEFAULT_TEST_PATTERNS
    severity: Mapping[str, str] = field(default_factory=dict)
    respect_gitignore: bool = True
    max_file_size: int = 2 * 1024 * 1024
    bandit: bool = True
    fail_on: str | None = None
    cache: bool = True
    cache_dir: str | None = None
    jobs: int | None = None
    llm: Mapping[str, Any] = field(default_factory=dict)

    # -- path questions ------------------------------------------------------------------------
    def relative(self, path: str | os.PathLike[str]) -> str:
        """`path` relative to the project root, in posix form, when it is inside the root.

        Plain path arithmetic first (no filesystem calls: this runs several times per file);
        symlinks are resolved only for a path that is not under the root as written.
        """
        text = os.fspath(path)
        known = self._relative_paths.get(text)
        if known is None:
            known = self._relative_paths[text] = self._relative(text)
        return known

    def _relative(self, text: str) -> str:
        absolute = os.path.abspath(text)
        root = self._root_paths[0]
        prefix = root if root.endswith(os.sep) else root + os.sep
        if absolute.startswith(prefix):  # the common case, without relpath's work (abspath normalised it)
            return absolute[len(prefix):].replace(os.sep, "/")
        if absolute == root:
            return "."
        for path, root in ((os.path.abspath(text), self._root_paths[0]), (None, self._root_paths[1])):
            try:
                if path is None:
                    path = os.path.realpath(text)
                inside = os.path.relpath(path, root)
            except (ValueError, OSError):
                continue
            if inside != os.pardir and not inside.startswith(os.pardir + os.sep):
                return PurePosixPath(*Path(inside).parts).as_posix() if inside != os.curdir else "."
        p = Path(text)
        return PurePosixPath(*p.parts).as_posix() if p.parts else text

    @cached_property
    def _root_paths(self) -> tuple[str, str]:
        """The root as written (absolute) and with symlinks resolved."""
        return os.path.abspath(self.root), os.path.realpath(self.root)

    @cached_property
    def _relative_paths(self) -> dict[str, str]:
        return {}

    @cached_property
    def _test_spec(self) -> PathPatterns:
        return PathPatterns(self.test_patterns)

    @cached_property
    def _exclude_spec(self) -> PathPatterns:
        return PathPatterns(DEFAULT_EXCLUDE + self.exclude + self.extend_exclude)

    @cached_property
    def _per_file_specs(self) -> list[tuple[PathPatterns, tuple[str, ...]]]:
        return [(PathPatterns([pat]), codes) for pat, codes in self.per_file_ignores.items()]

    def is_test(self, path: str) -> bool:
        return self._test_spec.match_file(self.relative(path))

    def is_excluded(self, path: str, is_dir: bool = False) -> bool:
        return self._exclude_spec.match_file(self.relative(path) + ("/" if is_dir else ""))

    def is_excluded_relative(self, rel: str) -> bool:
        """Whether the exclude patterns match `rel`, a posix path relative to some named directory."""
        return self._exclude_spec.match_file(rel)

    def enabled(self, code: str, path: str | None = None) -> bool:
        """Is `code` reported for `path`? Longest match wins between select and ignore, as in ruff."""
        selected = max((len(s) for s in self.select if code.startswith(s)), default=-1)
        ignored = max((len(s) for s in self.ignore if code.startswith(s)), default=-1)
        if selected < 0 or ignored >= selected:
            return False
        if path is not None and self.per_file_ignores:
            rel = self.relative(path)
            for spec, codes in self._per_file_specs:
                if matches_code(code, codes) and spec.match_file(rel):
                    return False
        return True

    def severity_of(self, code: str, default: str) -> str:
        return self.severity.get(code, default)

    def fingerprint(self) -> str:
        """A stable text form of everything that changes findings, for the result cache key."""
        data = dataclasses.asdict(self)
        for volatile in ("root", "source", "jobs", "cache", "cache_dir", "fail_on", "llm"):
            data.pop(volatile, None)
        return repr(sorted(data.items()))


def expect_bool(value: Any, where: str) -> bool:
    """A TOML boolean, or a ConfigError naming `where`."""
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    return value


def expect_count(value: Any, where: str) -> int:
    """A non-negative TOML integer, or a ConfigError naming `where`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where}: expected a non-negative integer, got {value!r}")
    return value


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: expected one of {', '.join(SEVERITIES)}, got {value!r}")
    return str(value)


def _severity_map(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of CODE = severity")
    return {_selectors([k], f"{where}.{k}")[0]: _severity(v, f"{where}.{k}") for k, v in value.items()}


def _per_file(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of \"glob\" = [codes]")
    return {str(k): _selectors(v, f"{where}.{k}") for k, v in value.items()}


def _optional_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected a string, got {value!r}")
    return value


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table")
    return value


# key in TOML -> (field name, converter)
_KEYS = {
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "extend-ignore": ("ignore", _selectors),
    "per-file-ignores": ("per_file_ignores", _per_file),
    "exclude": ("exclude", _string_list),
    "extend-exclude": ("extend_exclude", _string_list),
    "test-patterns": ("test_patterns", _string_list),
    "severity": ("severity", _severity_map),
    "respect-gitignore": ("respect_gitignore", expect_bool),
    "max-file-size": ("max_file_size", expect_count),
    "bandit": ("bandit", expect_bool),
    "fail-on": ("fail_on", _severity),
    "cache": ("cache", expect_bool),
    "cache-dir": ("cache_dir", _optional_str),
    "jobs": ("jobs", expect_count),
    "llm": ("llm", _table),
}


def config_from_table(table: Mapping[str, Any], root: Path, source: str) -> Config:
    """Validate a `[tool.hardlint]` table into a Config; errors name `source` and the key."""
    values: dict[str, Any] = {"root": root, "source": source}
    for key, value in table.items():
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{source}: unknown key tool.hardlint.{key} (known keys: {known})")
        name, convert = _KEYS[key]
        converted = convert(value, f"{source}: tool.hardlint.{key}")
        if key in ("select", "ignore", "extend-ignore", "severity"):
            _known_codes(tuple(converted), f"{source}: tool.hardlint.{key}")
        elif key == "per-file-ignores":
            for pattern, codes in converted.items():
                _known_codes(codes, f"{source}: tool.hardlint.{key}.{pattern}")
        if key == "extend-ignore":
            converted = values.get("ignore", ()) + converted
        values[name] = converted
    return Config(**values)


# The files that can configure hardlint, in the order they win within one directory (as ruff reads
# `.ruff.toml`, `ruff.toml`, then `pyproject.toml`). A pyproject.toml counts only with [tool.hardlint].
CONFIG_NAMES = (".hardlint.toml", "hardlint.toml", "pyproject.toml")


def config_file_in(directory: Path) -> Path | None:
    """The configuration file in `directory` itself, or None."""
    for name in CONFIG_NAMES:
        candidate = directory / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml" or _configures_hardlint(candidate):
            return candidate
    return None


def _configures_hardlint(candidate: Path) -> bool:
    """Whether a pyproject.toml has a [tool.hardlint] table (an invalid one that mentions us is an error)."""
    try:
        with candidate.open("rb") as handle:
            raw = handle.read()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError:
        return False
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if b"hardlint" in raw:  # it meant to configure us: say so rather than run without it
            raise ConfigError(f"{candidate}: invalid TOML: {exc}") from None
        return False
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "hardlint" in tool


def find_pyproject(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`: `.hardlint.toml`, `hardlint.toml`, or a
    pyproject.toml that has a [tool.hardlint] table."""
    for directory in [start, *start.parents]:
        found = config_file_in(directory)
        if found is not None:
            return found
    return None


def load_config(path: str | os.PathLike[str] | None = None, start: Path | None = None) -> Config:
    """Load configuration from `path`, or from the nearest pyproject.toml above `start` (cwd)."""
    start = (start or Path.cwd()).resolve()
    if path is None:
        found = find_pyproject(start)
        if found is None:
            return Config(root=start)
        path = found
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read configuration: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    tool = data.get("tool", {}) if file.name == "pyproject.toml" else data
    table = tool.get("hardlint", {}) if file.name == "pyproject.toml" else tool.get("tool", {}).get("hardlint", tool)
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: tool.hardlint must be a table")
    return config_from_table(table, file.resolve().parent, str(file))


def with_overrides(config: Config, **changes: Any) -> Config:
    """A copy of `config` with the given fields replaced (CLI flags win over the file)."""
    clean = {k: v for k, v in changes.items() if v is not None}
    return dataclasses.replace(config, **clean)


class ConfigResolver:
    """The configuration of each checked file: the nearest configuration file at or above it, with
    the command line's settings on top, as ruff resolves its configuration hierarchically. With an
    explicit `--config FILE`, that file applies to every file. Each file is loaded once per run."""

    def __init__(self, explicit: str | os.PathLike[str] | None = None,
                 adjust: Callable[[Config], Config] | None = None, start: Path | None = None,
                 fixed: Config | None = None) -> None:
        self._adjust = adjust or (lambda config: config)
        self._start = Path(os.path.abspath(start or Path.cwd()))
        self._fixed = fixed if fixed is not None else (
            self._adjust(load_config(explicit)) if explicit is not None else None)
        self._by_file: dict[Path | None, Config] = {}
        self._by_dir: dict[str, Config] = {}

    @classmethod
    def single(cls, config: Config) -> ConfigResolver:
        """A resolver that answers `config` for every path."""
        return cls(fixed=config)

    @cached_property
    def default(self) -> Config:
        """The configuration of the working directory (or the explicit one): run-wide settings."""
        return self._fixed if self._fixed is not None else self.for_dir(str(self._start))

    def for_path(self, path: str) -> Config:
        """The configuration that applies to the file or directory `path`."""
        if self._fixed is not None:
            return self._fixed
        absolute = os.path.abspath(path)
        return self.for_dir(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))

    def for_dir(self, directory: str) -> Config:
        """The configuration of the files in `directory` (an absolute path)."""
        if self._fixed is not None:
            return self._fixed
        known = self._by_dir.get(directory)
        if known is None:
            parent = os.path.dirname(directory)
            found = config_file_in(Path(directory))
            if found is not None:
                known = self._load(found)
            elif parent != directory:
                known = self.for_dir(parent)
            else:
                known = self._load(None)
            self._by_dir[directory] = known
        return known

    def _load(self, file: Path | None) -> Config:
        if file not in self._by_file:
            loaded = load_config(file) if file is not None else Config(root=self._start)
            self._by_file[file] = self._adjust(loaded)
        return self._by_file[file]
