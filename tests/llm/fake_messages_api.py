"""A small Messages API of our own on 127.0.0.1, for testing the LLM pass with the real SDK.

It serves `POST /v1/messages`, `POST /v1/messages/batches`, `GET /v1/messages/batches/{id}` and
`GET /v1/messages/batches/{id}/results`, logs every request (headers and raw body), and answers
through a `responder(body) -> Reply` the test chooses. Usage figures are estimated from the
request size (about four characters per token), with the system blocks counted as a cache write
on the first request and a cache read afterwards, like the real prompt cache.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Logged:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None


def triage(verdict: str = "confirmed", *, severity: str = "high", confidence: str = "high",
           problem: str = "The handler swallows every exception, including KeyboardInterrupt.",
           risk: str = "Failures vanish and the request returns success with partial work done.",
           remedy: str = "Catch the specific exception and log it with context.",
           fix: dict | None = None) -> dict:
    return {"verdict": verdict, "severity": severity, "confidence": confidence, "problem": problem,
            "risk": risk, "remedy": remedy, "fix": fix}


def error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"type": "error", "error": {"type": kind, "message": message}}, headers or {})


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up (a cancelled request at the deadline) are normal here, not errors."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FakeMessagesAPI:
    """Start with `start()`; `url` is the base URL to give the SDK; `requests` is the log."""

    def __init__(self, responder: Callable[[dict], Reply] | None = None) -> None:
        self.responder = responder or (lambda body: self.message(triage()))
        self.requests: list[Logged] = []
        self.batches: dict[str, dict] = {}
        self.batch_polls_until_ended = 1
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._system_seen: set[str] = set()
        self._server: ThreadingHTTPServer | None = None

    # -- replies --------------------------------------------------------------------------------
    def usage_for(self, body: dict) -> dict:
        system = json.dumps(body.get("system", ""))
        user = json.dumps(body.get("messages", []))
        with self._lock:
            first = system not in self._system_seen
            self._system_seen.add(system)
        system_tokens = len(system) // 4
        return {"input_tokens": len(user) // 4 + 3, "output_tokens": 180,
                "cache_creation_input_tokens": system_tokens if first else 0,
                "cache_read_input_tokens": 0 if first else system_tokens}

    def message(self, answer: dict | str, *, stop_reason: str = "end_turn", thinking: bool = True,
                body: dict | None = None) -> Reply:
        text = answer if isinstance(answer, str) else json.dumps(answer)
        content = [{"type": "thinking", "thinking": "Looking at the span.", "signature": "sig"}] if thinking else []
        content.append({"type": "text", "text": text})
        return Reply(200, self._message_json(content, stop_reason, body or {}))

    def refusal(self, category: str = "cyber", body: dict | None = None) -> Reply:
        data = self._message_json([], "refusal", body or {})
        data["stop_details"] = {"type": "refusal", "category": category, "explanation": None}
        return Reply(200, data)

    def _message_json(self, content: list, stop_reason: str, body: dict) -> dict:
        return {"id": f"msg_{next(self._ids)}", "type": "message", "role": "assistant",
                "model": body.get("model", "claude-sonnet-5-5"), "content": content, "stop_reason": stop_reason,
                "stop_sequence": None, "usage": self.usage_for(body) if body else
                {"input_tokens": 10, "output_tokens": 10}}

    # -- server ---------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeMessagesAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def _read(self) -> bytes:
                length = int(self.headers.get("content-length") or 0)
                return self.rfile.read(length) if length else b""

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                raw = self._read()
                api._log("POST", self.path, dict(self.headers), raw)
                self._send(api._route("POST", self.path, raw))

            def do_GET(self) -> None:  # noqa: N802
                api._log("GET", self.path, dict(self.headers), b"")
                self._send(api._route("GET", self.path, b""))

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                if isinstance(reply.body, (bytes, str)):
                    data = reply.body.encode() if isinstance(reply.body, str) else reply.body
                    kind = "application/binary"
                else:
                    data = json.dumps(reply.body).encode()
                    kind = "application/json"
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", kind)
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _log(self, method: str, path: str, headers: dict[str, str], raw: bytes) -> None:
        with self._lock:
            self.requests.append(Logged(method, path, {k.lower(): v for k, v in headers.items()}, raw))

    def message_requests(self) -> list[Logged]:
        return [r for r in self.requests if r.method == "POST" and r.path.split("?")[0] == "/v1/messages"]

    # -- routing --------------------------------------------------------------------------------
    def _route(self, method: str, path: str, raw: bytes) -> Reply:
        path = path.split("?")[0]
        if method == "POST" and path == "/v1/messages":
            return self.responder(json.loads(raw))
        if method == "POST" and path == "/v1/messages/batches":
            return Reply(200, self._create_batch(json.loads(raw)))
        parts = path.strip("/").split("/")
        if method == "GET" and len(parts) == 4 and parts[:3] == ["v1", "messages", "batches"]:
            batch = self.batches.get(parts[3])
            if batch is None:
                return error(404, "not_found_error", "no such batch")
            batch["polls"] += 1
            return Reply(200, self._batch_json(batch))
        if method == "GET" and len(parts) == 5 and parts[4] == "results":
            batch = self.batches.get(parts[3])
            if batch is None:
                return error(404, "not_found_error", "no such batch")
            return Reply(200, "".join(json.dumps(line) + "\n" for line in self._batch_results(batch)))
        return error(404, "not_found_error", f"no route for {method} {path}")

    def _create_batch(self, body: dict) -> dict:
        batch_id = f"msgbatch_{next(self._ids):04d}"
        batch = {"id": batch_id, "requests": body["requests"], "polls": 0}
        self.batches[batch_id] = batch
        return self._batch_json(batch)

    def _batch_json(self, batch: dict) -> dict:
        ended = batch["polls"] >= self.batch_polls_until_ended
        count = len(batch["requests"])
        return {
            "id": batch["id"], "type": "message_batch", "created_at": "2026-11-20T10:00:00Z",
            "expires_at": "2026-11-21T10:00:00Z", "ended_at": "2026-11-20T10:05:00Z" if ended else None,
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": {"processing": 0 if ended else count, "succeeded": count if ended else 0,
                               "errored": 0, "canceled": 0, "expired": 0},
            "results_url": f"{self.url}/v1/messages/batches/{batch['id']}/results" if ended else None,
            "archived_at": None, "cancel_initiated_at": None,
        }

    def _batch_results(self, batch: dict) -> list[dict]:
        lines = []
        for request in reversed(batch["requests"]):  # any order: the client must match on custom_id
            reply = self.responder(request["params"])
            if reply.status == 200:
                result = {"type": "succeeded", "message": reply.body}
            else:
                result = {"type": "errored", "error": reply.body}
            lines.append({"custom_id": request["custom_id"], "result": result})
        return lines
