"""HL604's project phase: Flask form POST views in a project that logs users in with cookies and
has no CSRF protection anywhere. Real multi-file projects on disk, checked through `check_paths`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hardlint.config import Config
from hardlint.runner import check_paths

APP = """
    from flask import Flask, redirect, request, session

    app = Flask(__name__)

    @app.route("/login", methods=["GET", "POST"])
    def login():
        session["user"] = check(request.form["username"], request.form["password"])
        return redirect("/")

    @app.post("/profile")
    def profile():
        save_email(session["user"], request.form["email"])
        return redirect("/")

    @app.post("/api/items")
    def create_item():
        return store(request.get_json())

    @app.route("/search")
    def search():
        return find(request.values.get("q"))
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def findings(root: Path, monkeypatch: pytest.MonkeyPatch, jobs: int = 1) -> list[tuple[str, int]]:
    monkeypatch.chdir(root)
    config = Config(root=root, select=("HL604",), cache=False, bandit=False)
    return sorted((f.path, f.line) for f in check_paths(["."], config, jobs=jobs).findings)


def test_form_views_of_an_unprotected_cookie_app_are_flagged(tmp_path, monkeypatch):
    write(tmp_path, {"shop/__init__.py": "", "shop/views.py": APP})
    # The two form POST views; not the JSON API nor the GET search.
    assert findings(tmp_path, monkeypatch) == [("shop/views.py", 6), ("shop/views.py", 11)]


def test_protection_in_another_module_of_the_project_counts(tmp_path, monkeypatch):
    write(tmp_path, {
        "shop/__init__.py": "",
        "shop/views.py": APP,
        "shop/extensions.py": "from flask_wtf.csrf import CSRFProtect\n\ncsrf = CSRFProtect()\n",
    })
    assert findings(tmp_path, monkeypatch) == []


def test_projects_side_by_side_are_judged_apart(tmp_path, monkeypatch):
    write(tmp_path, {
        "one/shop/__init__.py": "",
        "one/shop/views.py": APP,
        "two/blog/__init__.py": "",
        "two/blog/views.py": APP,
        "two/blog/security.py": "from flask_wtf.csrf import CSRFProtect\n",
    })
    assert findings(tmp_path, monkeypatch, jobs=2) == [("one/shop/views.py", 6), ("one/shop/views.py", 11)]


def test_no_cookie_login_no_finding(tmp_path, monkeypatch):
    stateless = APP.replace("from flask import Flask, redirect, request, session", "from flask import Flask, request")
    write(tmp_path, {"contact/__init__.py": "", "contact/views.py": stateless})
    assert findings(tmp_path, monkeypatch) == []


def test_switching_csrf_off_is_not_protection(tmp_path, monkeypatch):
    write(tmp_path, {
        "shop/__init__.py": "",
        "shop/views.py": APP,
        "shop/config.py": "WTF_CSRF_ENABLED = False\n",
    })
    found = findings(tmp_path, monkeypatch)
    assert ("shop/views.py", 6) in found and ("shop/views.py", 11) in found
    assert ("shop/config.py", 1) in found  # the file-level finding of the switch itself
