# source: https://github.com/PyCQA/bandit/blob/main/examples/flask_debug.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/flask/security/audit/debug-enabled.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/audit/django-debug-true.py
# source: https://werkzeug.palletsprojects.com/en/stable/debug/ (DebuggedApplication, evalex)
# source: https://docs.aiohttp.org/en/stable/web_reference.html (Application(debug=...), older releases)
# codes: HL505,B201
# Debug switches of Flask, Django settings, FastAPI/Starlette/uvicorn, Werkzeug and aiohttp, and the
# look-alikes that must stay quiet.
import os

import uvicorn
from aiohttp import web
from django.conf import settings
from fastapi import FastAPI
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

app = Flask(__name__)
app.config["DEBUG"] = True  # expect: HL505
app.config.from_mapping(DEBUG=True)  # expect: HL505
api = FastAPI(debug=True)  # expect: HL505
aio = web.Application(debug=True)  # expect: HL505
wsgi = DebuggedApplication(app, evalex=True)  # expect: HL505
settings.DEBUG = True  # expect: HL505
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "OPTIONS": {"debug": True}}]  # expect: HL505
DEBUG = True  # expect: HL505
TEMPLATE_DEBUG = True  # expect: HL505

# Look-alikes
DEBUG_TOOLBAR_CONFIG = {"SHOW_TOOLBAR_CALLBACK": "app.show_toolbar"}
verbose = {"debug": True}
quiet = DebuggedApplication(app, evalex=False)
LOG_DEBUG = os.getenv("LOG_DEBUG") == "1"


def main():
    run_simple("127.0.0.1", 5000, app, use_debugger=True, use_reloader=True)  # expect: HL505
    uvicorn.run("main:api", debug=True)  # expect: HL505
    app.run(debug=True)  # expect: HL505|B201
    app.run(debug=os.getenv("FLASK_DEBUG") == "1")
