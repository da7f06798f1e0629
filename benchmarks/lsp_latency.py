"""Latency of `hardlint server`: time from a didChange to its publishDiagnostics, for a 1,000-line file.

Run: .venv/bin/python benchmarks/lsp_latency.py [--rounds 20]
The server debounces changes (DEBOUNCE_SECONDS), which is included in the figures.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUNCTION = '''def handler_{n}(cursor, name, items):
    total = 0
    for item in items:
        total += item
    cursor.execute(f"SELECT * FROM users WHERE name = '{{name}}'")
    eval(name)
    return total

'''


def source(lines: int = 1000) -> str:
    """About `lines` lines of backend-like code, each function with an f-string query (hardlint) and an
    `eval` (bandit), so both report."""
    blocks = [FUNCTION.format(n=n) for n in range(lines // 8 + 1)]
    return "".join(blocks)


class Client:
    def __init__(self, cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "hardlint", "server"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()):
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait_for(self, method: str, version: int | None = None) -> dict:
        while True:
            message = self.receive()
            if message.get("method") == method and (version is None or message["params"].get("version") == version):
                return message
            if method == "" and "id" in message:
                return message


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    text = source()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyproject.toml").write_text("[tool.hardlint]\n")
        uri = (root / "app.py").as_uri()
        client = Client(root)
        client.send({"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": root.as_uri(),
                                                                  "capabilities": {}}})
        client.wait_for("")
        client.send({"method": "initialized", "params": {}})
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}})
        first = client.wait_for("textDocument/publishDiagnostics", 1)
        timings = []
        for version in range(2, args.rounds + 2):
            text += f"x_{version} = {version}\n"
            started = time.perf_counter()
            client.send({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
            client.wait_for("textDocument/publishDiagnostics", version)
            timings.append((time.perf_counter() - started) * 1000)
        client.send({"id": 2, "method": "shutdown"})
        client.wait_for("")
        client.send({"method": "exit"})
        client.process.wait(timeout=10)
    import os

    sources = sorted({d.get("source", "?") for d in first["params"]["diagnostics"]})
    print(f"{len(text.splitlines())} lines, {len(first['params']['diagnostics'])} diagnostics "
          f"(from {', '.join(sources)}), {args.rounds} changes; load average {os.getloadavg()[0]:.1f}")
    print(f"change -> diagnostics: median {statistics.median(timings):.0f} ms, "
          f"max {max(timings):.0f} ms, min {min(timings):.0f} ms")


if __name__ == "__main__":
    main()
