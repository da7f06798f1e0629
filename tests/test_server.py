"""Drive `hardlint server` over stdio as an editor does, with a small JSON-RPC client."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

TIMEOUT = 30
SQL = 'def find(cursor, name):\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n'


class Client:
    """A minimal LSP client: Content-Length framing, requests, and waiting for notifications."""

    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "hardlint", "server"], cwd=cwd, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any] | None = None) -> None:
        self.send({"method": method, "params": params or {}})

    def request(self, method: str, params: dict[str, Any] | None = None) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params or {}})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, accept, timeout: float = TIMEOUT) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if accept(message):
                return message

    def diagnostics(self, uri: str, version: int, accept=lambda diagnostics: True,
                    timeout: float = TIMEOUT) -> list[dict[str, Any]]:
        """The first diagnostics published for `uri` at `version` that `accept` takes."""
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri and m["params"].get("version") == version
                            and accept(m["params"]["diagnostics"]), timeout)
        return message["params"]["diagnostics"]


@pytest.fixture
def client(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\n")
    lsp = Client(tmp_path)
    result = lsp.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
    assert result["serverInfo"]["name"] == "hardlint"
    lsp.notify("initialized")
    yield lsp
    if lsp.process.poll() is None:
        lsp.process.kill()
    lsp.process.wait(timeout=TIMEOUT)


def _has(code: str):
    return lambda diagnostics: any(d["code"] == code for d in diagnostics)


def _cache_entries(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in (root / ".hardlint_cache").rglob("*.json")}


def _settled_cache_entries(root: Path) -> dict[str, int]:
    """The entries once the server's workspace scan (on its worker thread) has stopped writing."""
    entries = _cache_entries(root)
    for _ in range(20):
        time.sleep(0.5)
        again = _cache_entries(root)
        if again == entries:
            return entries
        entries = again
    return entries


def _open(client: Client, path: Path, text: str) -> str:
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                             "text": text}})
    return uri


def test_open_reports_the_fstring_query_with_code_source_severity_and_range(client, tmp_path):
    uri = _open(client, tmp_path / "app.py", SQL)
    [diagnostic] = [d for d in client.diagnostics(uri, 1) if d["code"].startswith("HL3")]
    assert diagnostic["source"] == "hardlint"
    assert diagnostic["severity"] in (1, 2)
    assert diagnostic["range"]["start"]["line"] == 1


def test_change_checks_the_unsaved_buffer_full_and_incremental(client, tmp_path):
    uri = _open(client, tmp_path / "app.py", "x = 1\n")
    assert client.diagnostics(uri, 1) == []
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": SQL}]})
    assert any(d["code"].startswith("HL3") for d in client.diagnostics(uri, 2))
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                             "contentChanges": [{"range": whole, "text": "y = 2\n"}]})
    assert client.diagnostics(uri, 3) == []


def test_a_file_that_does_not_parse_gives_one_diagnostic_and_the_server_lives(client, tmp_path):
    uri = _open(client, tmp_path / "broken.py", "def f(:\n")
    [diagnostic] = client.diagnostics(uri, 1)
    assert diagnostic["source"] == "hardlint" and diagnostic["severity"] == 1
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": SQL}]})
    assert client.diagnostics(uri, 2)


def test_shutdown_and_exit_end_the_process_cleanly(client):
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.process.wait(timeout=TIMEOUT) == 0


BARE_EXCEPT = "def f():\n    try:\n        pass\n    except:\n        pass\n"


def _actions(client: Client, uri: str, line: int) -> dict[str, dict[str, Any]]:
    where = {"line": line, "character": 0}
    result = client.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                        "range": {"start": where, "end": where},
                                                        "context": {"diagnostics": []}})
    return {action["title"]: action["edit"]["changes"][uri] for action in result}


def test_code_actions_offer_the_safe_fix_noqa_and_fix_all_with_exact_edits(client, tmp_path):
    uri = _open(client, tmp_path / "app.py", BARE_EXCEPT)
    [diagnostic] = client.diagnostics(uri, 1)
    assert diagnostic["code"] == "HL401"
    assert diagnostic["range"] == {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 11}}
    actions = _actions(client, uri, 3)
    at = {"start": {"line": 3, "character": 10}, "end": {"line": 3, "character": 10}}
    assert actions["HL401: Catch `Exception` instead of everything"] == [{"range": at, "newText": " Exception"}]
    end_of_line = {"start": {"line": 3, "character": 11}, "end": {"line": 3, "character": 11}}
    assert actions["Suppress HL401 on this line (# noqa)"] == [{"range": end_of_line, "newText": "  # noqa: HL401"}]
    [whole] = actions["hardlint: fix all safe fixes in this file"]
    assert whole["newText"] == BARE_EXCEPT.replace("except:", "except Exception:")
    assert whole["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}


def test_parse_error_diagnostic_sits_at_the_error(client, tmp_path):
    uri = _open(client, tmp_path / "broken.py", "x = 1\ndef f(:\n")
    [diagnostic] = client.diagnostics(uri, 1)
    assert diagnostic["range"]["start"] == {"line": 1, "character": 6}


def test_hover_on_a_diagnostic_returns_the_rules_explain_text(client, tmp_path):
    uri = _open(client, tmp_path / "app.py", BARE_EXCEPT)
    [diagnostic] = client.diagnostics(uri, 1)
    assert diagnostic["code"] == "HL401" and "codeDescription" not in diagnostic
    result = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": 3, "character": 6}})
    assert result["contents"]["kind"] == "markdown"
    assert result["contents"]["value"].startswith("HL401 bare-except")
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": 0, "character": 0}}) is None


def test_save_publishes_diagnostics_of_the_saved_document(client, tmp_path):
    path = tmp_path / "app.py"
    path.write_text(SQL)
    uri = _open(client, path, "x = 1\n")
    assert client.diagnostics(uri, 1) == []
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": SQL}]})
    client.diagnostics(uri, 2)
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert any(d["code"] == "HL301" for d in client.diagnostics(uri, 2))


TAINTED = '''from flask import request


def search(cursor):
    name = request.args.get("name")
    query = f"SELECT * FROM users WHERE name = '{name}'"
    cursor.execute(query)
'''


def test_a_taint_finding_carries_its_data_flow_step_as_related_information(client, tmp_path):
    uri = _open(client, tmp_path / "views.py", TAINTED)
    [diagnostic] = [d for d in client.diagnostics(uri, 1) if d["code"] == "HL301"]
    assert diagnostic["range"]["start"]["line"] == 6
    [step] = diagnostic["relatedInformation"]
    assert step["location"]["uri"] == uri
    assert step["location"]["range"]["start"] == {"line": 5, "character": 12}
    assert step["message"] == "query built here"


SHELL = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"


def test_bandit_checks_are_reported_when_bandit_is_on(client, tmp_path):
    pytest.importorskip("bandit")
    uri = _open(client, tmp_path / "run.py", SHELL)
    found = {d["code"]: d for d in client.diagnostics(uri, 1)}
    shell = found["B602"]
    assert shell["source"] == "bandit"
    assert shell["range"]["start"] == {"line": 4, "character": 11}
    assert shell["codeDescription"]["href"].startswith("https://bandit.readthedocs.io/")


def test_bandit_checks_are_left_out_when_the_configuration_turns_bandit_off(client, tmp_path):
    (tmp_path / "quiet").mkdir()
    (tmp_path / "quiet" / "pyproject.toml").write_text("[tool.hardlint]\nbandit = false\n")
    uri = _open(client, tmp_path / "quiet" / "run.py", SHELL)
    assert not [d for d in client.diagnostics(uri, 1) if d["code"].startswith("B")]


def test_import_cycles_through_workspace_files_are_reported_for_the_open_document(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\n")
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from shop.users import User\n")
    (package / "users.py").write_text("from shop.orders import Order\n")
    lsp = Client(tmp_path)
    try:
        lsp.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {},
                                   "workspaceFolders": [{"uri": tmp_path.as_uri(), "name": "shop"}]})
        lsp.notify("initialized")
        uri = _open(lsp, package / "orders.py", "import os\nfrom shop.users import User\n")
        # The workspace is read on a worker thread; its findings arrive with the publish after the scan.
        [cycle] = [d for d in lsp.diagnostics(uri, 1, _has("HL801")) if d["code"] == "HL801"]
        assert "shop.orders -> shop.users -> shop.orders" in cycle["message"]
        assert cycle["range"]["start"]["line"] == 1
        lsp.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                              "contentChanges": [{"text": "import os\n"}]})
        assert not [d for d in lsp.diagnostics(uri, 2) if d["code"] == "HL801"]
    finally:
        lsp.process.kill()
        lsp.process.wait(timeout=TIMEOUT)


def test_the_result_cache_is_shared_with_the_cli(client, tmp_path):
    cli = [sys.executable, "-m", "hardlint", "check"]
    # The server checks a saved file and stores the result under the CLI's key...
    (tmp_path / "app.py").write_text(SQL)
    uri = _open(client, tmp_path / "app.py", SQL)
    assert [d for d in client.diagnostics(uri, 1) if d["code"].startswith("HL3")]
    stored = _settled_cache_entries(tmp_path)
    assert len(stored) == 1
    # ...which the CLI then reads instead of checking again (a fresh check would rewrite the entry).
    done = subprocess.run([*cli, "app.py"], cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1 and "HL301" in done.stdout, done.stderr
    after = _cache_entries(tmp_path)
    assert {name: after[name] for name in stored} == stored  # (the CLI adds its project-phase entry)
    # The other way round: the CLI checks a file first, the server opens it without rewriting the entry.
    (tmp_path / "other.py").write_text(SQL)
    done = subprocess.run([*cli, "other.py"], cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 1, done.stderr
    before = _cache_entries(tmp_path)
    assert len(before) > len(after)
    other = _open(client, tmp_path / "other.py", SQL)
    assert [d for d in client.diagnostics(other, 1) if d["code"].startswith("HL3")]
    assert _cache_entries(tmp_path) == before
    # An unsaved state of a buffer is checked but never stored.
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": SQL + "x = 1\n"}]})
    client.diagnostics(uri, 2)
    assert _cache_entries(tmp_path) == before


def test_files_changed_outside_the_editor_update_the_project_findings(tmp_path):
    package = tmp_path / "shop"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\n")
    (package / "__init__.py").write_text("")
    (package / "orders.py").write_text("from shop.users import User\n")
    (package / "users.py").write_text("import os\n")
    lsp = Client(tmp_path)
    try:
        capabilities = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
        lsp.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": capabilities})
        lsp.notify("initialized")
        registration = lsp.wait(lambda m: m.get("method") == "client/registerCapability")
        [watch] = registration["params"]["registrations"]
        assert watch["method"] == "workspace/didChangeWatchedFiles"
        assert watch["registerOptions"]["watchers"][0]["globPattern"] == "**/*.py"
        lsp.send({"id": registration["id"], "result": None})
        uri = _open(lsp, package / "orders.py", "from shop.users import User\n")
        assert not [d for d in lsp.diagnostics(uri, 1) if d["code"] == "HL801"]
        # users.py changes on disk (a branch switch): the cycle appears in the open document.
        (package / "users.py").write_text("from shop.orders import Order\n")
        lsp.notify("workspace/didChangeWatchedFiles",
                   {"changes": [{"uri": (package / "users.py").as_uri(), "type": 2}]})
        assert lsp.diagnostics(uri, 1, _has("HL801"))
        (package / "users.py").unlink()
        lsp.notify("workspace/didChangeWatchedFiles",
                   {"changes": [{"uri": (package / "users.py").as_uri(), "type": 3}]})
        assert lsp.diagnostics(uri, 1, lambda ds: not _has("HL801")(ds)) is not None
    finally:
        lsp.process.kill()
        lsp.process.wait(timeout=TIMEOUT)


def test_duplicate_routes_across_workspace_files_are_reported_in_the_open_document(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.hardlint]\n")
    api = tmp_path / "api"
    api.mkdir()
    (api / "__init__.py").write_text("")
    users = ("from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
             "@router.get(\"/users/{user_id}\")\ndef get_user(user_id: int):\n    return {\"id\": user_id}\n")
    legacy = ("from api.users import router\n\n\n@router.get(\"/users/{uid}\")\ndef get_user_v2(uid: int):\n"
              "    return {\"id\": uid}\n")
    (api / "users.py").write_text(users)
    (api / "legacy.py").write_text(legacy)
    lsp = Client(tmp_path)
    try:
        lsp.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
        lsp.notify("initialized")
        # Only one document is open at a time: the other registration comes from the workspace scan.
        found = {}
        for name, text in (("users.py", users), ("legacy.py", legacy)):
            uri = _open(lsp, api / name, text)
            diagnostics = lsp.diagnostics(uri, 1)
            if not _has("HL701")(diagnostics):
                try:  # the workspace scan may end after the first publish, which then comes again
                    diagnostics = lsp.diagnostics(uri, 1, _has("HL701"), timeout=3)
                except queue.Empty:
                    pass
            found[name] = [d for d in diagnostics if d["code"] == "HL701"]
            lsp.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        reported = {name: routes for name, routes in found.items() if routes}
        assert len(reported) == 1, found
        [(name, [route])] = reported.items()
        other = "legacy.py" if name == "users.py" else "users.py"
        assert route["range"]["start"]["line"] == (5 if name == "users.py" else 3)
        assert other in route["message"] or any(
            r["location"]["uri"].endswith(other) for r in route.get("relatedInformation") or [])
    finally:
        lsp.process.kill()
        lsp.process.wait(timeout=TIMEOUT)


def test_the_editor_snippets_parse_and_start_this_server():
    """docs/editor.md's VS Code (JSON), Helix (TOML) and Neovim (Lua) snippets all run `hardlint server`,
    the command these tests drive, and the JSON and TOML parse as pasted."""
    import re
    import shutil

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    text = (Path(__file__).resolve().parents[1] / "docs" / "editor.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"```(json|toml|lua)\n(.*?)```", text, re.S))
    vscode = json.loads(blocks["json"])
    assert [vscode["glspc.server.command"], *vscode["glspc.server.commandArguments"]] == ["hardlint", "server"]
    helix = tomllib.loads(blocks["toml"])
    server = helix["language-server"]["hardlint"]
    assert [server["command"], *server["args"]] == ["hardlint", "server"]
    assert "hardlint" in helix["language"][0]["language-servers"]
    assert 'cmd = { "hardlint", "server" }' in blocks["lua"]
    assert shutil.which("hardlint", path=str(Path(sys.executable).parent)), "the console script the snippets name"
