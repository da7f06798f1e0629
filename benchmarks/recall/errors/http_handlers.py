# source: https://cwe.mitre.org/data/definitions/209.html
# source: https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html
# source: https://docs.python.org/3/library/http.server.html#http.server.BaseHTTPRequestHandler.send_error
# source: https://docs.aiohttp.org/en/stable/web_quickstart.html
# source: https://flask.palletsprojects.com/en/stable/errorhandling/
# source: https://fastapi.tiangolo.com/tutorial/handling-errors/
# codes: HL403
"""Exception messages and tracebacks sent to the HTTP client, through the standard library's http.server,
aiohttp, Flask templates and error handlers, FastAPI and Django; and the look-alikes that stay quiet
(logged details with a generic answer, the client's own payload errors, relayed upstream errors)."""

import logging
import traceback
from http.server import BaseHTTPRequestHandler

import aiohttp
from aiohttp import web
from django.http import JsonResponse
from django.shortcuts import render
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from flask import Flask, jsonify, render_template

logger = logging.getLogger(__name__)
app = Flask(__name__)
api = FastAPI()


class ExportHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            body = build_export(self.path)
        except Exception:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(traceback.format_exc().encode())  # expect: HL403
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        try:
            store(self.rfile.read(int(self.headers["Content-Length"])))
        except Exception as exc:
            self.send_error(500, str(exc))  # expect: HL403

    def do_PUT(self):
        try:
            store(self.rfile.read(int(self.headers["Content-Length"])))
        except Exception:
            details = traceback.format_exc()
            self.send_response(500)
            self.end_headers()
            self.wfile.write(details.encode("utf-8"))  # expect: HL403

    def do_DELETE(self):
        try:
            remove(self.path)
        except Exception as exc:
            logger.exception("delete failed")
            kind = exc.__class__.__name__
            self.send_response(500)
            self.end_headers()
            self.wfile.write(f"{kind}: see the server log".encode())


async def create_node(request):
    try:
        node = await nodes_insert(await request.json())
    except Exception as e:
        return web.Response(text=str(e), status=500)  # expect: HL403
    return web.json_response(node)


async def node_groups(request):
    try:
        return web.json_response(await list_groups())
    except Exception as exc:
        return web.json_response({"error": f"listing failed: {exc}"}, status=500)  # expect: HL403


@app.route("/predict", methods=["POST"])
def predict():
    try:
        result = model_predict(load_features())
    except Exception as e:
        message = str(e)
        return render_template("error.html", error=message)  # expect: HL403
    return render_template("result.html", result=result)


@app.errorhandler(Exception)
def handle_error(error):
    logger.error("unhandled: %s", error)
    return render_template("error.html", error=error), 500  # expect: HL403


@api.exception_handler(Exception)
async def unhandled(request, exc):
    return JSONResponse(status_code=500, content={"detail": repr(exc)})  # expect: HL403


@api.post("/jobs")
async def run_job(payload: dict):
    try:
        return await start_job(payload)
    except RuntimeError as exc:
        raise HTTPException(status_code=500, detail=str(exc))  # expect: HL403


def sync_view(request):
    try:
        run_sync()
    except Exception:
        return render(request, "sync.html", {"trace": traceback.format_exc()})  # expect: HL403
    return render(request, "sync.html", {})


def stats_view(request):
    try:
        return JsonResponse(collect_stats())
    except Exception as exc:
        return JsonResponse({"error": exc.args}, status=500)  # expect: HL403


# --- look-alikes that must stay quiet --------------------------------------------------------

async def create_node_logged(request):
    try:
        node = await nodes_insert(await request.json())
    except Exception:
        logger.exception("creating node failed")
        return web.Response(text="internal error", status=500)
    return web.json_response(node)


@api.post("/chat")
async def chat(body: dict):
    try:
        payload = ChatRequest(**body)
    except Exception as e:
        raise HTTPException(status_code=400, detail=f"Invalid chat payload: {e!s}")
    return await answer(payload)


async def relay(response):
    try:
        response.raise_for_status()
    except aiohttp.ClientResponseError as e:
        raise HTTPException(status_code=e.status, detail=e.message)


@app.errorhandler(404)
def not_found(error):
    return render_template("404.html", error=error), 404


@app.route("/health")
def health():
    try:
        ping_database()
    except Exception as exc:
        logger.warning("database down: %s", exc)
        return jsonify(status="down", error=type(exc).__name__), 503
    return jsonify(status="up")


def build_export(path):
    return path.encode()


def store(data):
    return data


async def nodes_insert(data):
    return data


async def list_groups():
    return []


def model_predict(features):
    return features


def load_features():
    return []


async def start_job(payload):
    return payload


def run_sync():
    return None


def collect_stats():
    return {}


class ChatRequest(dict):
    pass


async def answer(payload):
    return payload


def ping_database():
    return None
