"""`[tool.hardlint]` configuration: loading, validation, selection and per-file ignores."""

from __future__ import annotations

import textwrap

import pytest

from hardlint import check_paths
from hardlint.config import Config, ConfigError, load_config

BARE = "try:\n    work()\nexcept:\n    pass\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_selection_longest_match_wins():
    config = Config(select=("HL",), ignore=("HL4",))
    assert not config.enabled("HL401")
    assert config.enabled("HL301")
    config = Config(select=("HL401",), ignore=("HL4",))
    assert config.enabled("HL401") and not config.enabled("HL402")


def test_loads_from_pyproject_and_applies_everything(tmp_path):
    write(tmp_path / "pyproject.toml", """
        [tool.hardlint]
        ignore = ["HL3"]
        per-file-ignores = {"legacy/*.py" = ["HL401"]}
        exclude = ["generated/"]
        severity = {HL401 = "critical"}
        test-patterns = ["spec/"]
    """)
    write(tmp_path / "app.py", BARE)
    write(tmp_path / "legacy" / "old.py", BARE)
    write(tmp_path / "generated" / "gen.py", BARE)
    write(tmp_path / "spec" / "helpers.py", BARE)
    config = load_config(start=tmp_path)
    assert config.root == tmp_path.resolve() and config.ignore == ("HL3",)
    report = check_paths([str(tmp_path)], config, jobs=1)
    paths = sorted({f.path.rsplit("/", 2)[-1] for f in report.findings})
    assert "old.py" not in paths and "gen.py" not in paths
    app = [f for f in report.findings if f.path.endswith("/app.py") or f.path == "app.py"]
    assert app and app[0].severity == "critical"
    assert config.is_test(str(tmp_path / "spec" / "helpers.py"))


def test_gitignored_files_are_skipped(tmp_path):
    write(tmp_path / ".gitignore", "build_out/\nsecret_*.py\n")
    write(tmp_path / "build_out" / "a.py", BARE)
    write(tmp_path / "secret_x.py", BARE)
    write(tmp_path / "kept.py", BARE)
    report = check_paths([str(tmp_path)], Config(root=tmp_path), jobs=1)
    assert {f.path.rsplit("/", 1)[-1] for f in report.findings} == {"kept.py"}
    report = check_paths([str(tmp_path)], Config(root=tmp_path, respect_gitignore=False), jobs=1)
    assert {f.path.rsplit("/", 1)[-1] for f in report.findings} == {"kept.py", "a.py", "secret_x.py"}


@pytest.mark.parametrize("body,needle", [
    ("[tool.hardlint]\nselekt = ['HL']\n", "unknown key tool.hardlint.selekt"),
    ("[tool.hardlint]\nselect = 'HL999x'\n", "'HL999X' is not a hardlint"),
    ("[tool.hardlint]\nrespect-gitignore = 'yes'\n", "tool.hardlint.respect-gitignore: expected true or false"),
    ("[tool.hardlint]\nseverity = {HL401 = 'urgent'}\n", "tool.hardlint.severity.HL401"),
    ("[tool.hardlint\n", "invalid TOML"),
])
def test_bad_configuration_names_file_and_key(tmp_path, body, needle):
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and needle in str(info.value)


def test_nearest_configuration_file_wins_and_dot_hardlint_toml_comes_first(tmp_path):
    from hardlint.config import ConfigResolver

    write(tmp_path / "pyproject.toml", '[tool.hardlint]\nignore = ["HL1"]\n')
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'pkg'\n")  # no [tool.hardlint]: skipped
    write(tmp_path / "svc" / "pyproject.toml", '[tool.hardlint]\nignore = ["HL2"]\n')
    write(tmp_path / "svc" / ".hardlint.toml", 'ignore = ["HL3"]\n')
    resolver = ConfigResolver(start=tmp_path)
    assert resolver.for_path(str(tmp_path / "pkg" / "a.py")).ignore == ("HL1",)
    assert resolver.for_path(str(tmp_path / "svc" / "deep" / "b.py")).ignore == ("HL3",)
    assert resolver.for_path(str(tmp_path / "pkg" / "a.py")) is resolver.for_path(str(tmp_path / "c.py"))
    assert resolver.default.source == str(tmp_path / "pyproject.toml")
    explicit = ConfigResolver(str(tmp_path / "svc" / "pyproject.toml"), start=tmp_path)
    assert explicit.for_path(str(tmp_path / "pkg" / "a.py")).ignore == ("HL2",)


def test_resolver_applies_command_line_settings_to_every_file(tmp_path):
    from hardlint.config import ConfigResolver, with_overrides

    write(tmp_path / "pyproject.toml", '[tool.hardlint]\nselect = ["HL4"]\n')
    write(tmp_path / "sub" / ".hardlint.toml", 'select = ["HL2"]\n')
    resolver = ConfigResolver(adjust=lambda c: with_overrides(c, select=tuple(c.select) + ("HL101",)), start=tmp_path)
    assert resolver.for_path(str(tmp_path / "x.py")).select == ("HL4", "HL101")
    assert resolver.for_path(str(tmp_path / "sub" / "x.py")).select == ("HL2", "HL101")
