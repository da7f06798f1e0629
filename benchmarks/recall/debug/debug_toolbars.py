# source: https://github.com/aio-libs/aiohttp-debugtoolbar/blob/master/examples/simple.py
# source: https://github.com/aio-libs/aiohttp-debugtoolbar/blob/master/aiohttp_debugtoolbar/main.py (default_settings)
# source: https://github.com/aio-libs/create-aio-app (template __main__.py: setup(app, check_host=False))
# source: https://flask-debugtoolbar.readthedocs.io/en/latest/ (DEBUG_TB_ENABLED defaults to app.debug)
# source: https://django-debug-toolbar.readthedocs.io/en/latest/installation.html (shown only with DEBUG)
# codes: HL505
# Debug toolbars: aiohttp-debugtoolbar serves tracebacks with a Python console whatever the app's
# debug setting; Flask's and Django's toolbars follow the app's own DEBUG and serve no console.
import aiohttp_debugtoolbar
from aiohttp import web
from aiohttp_debugtoolbar import setup as setup_toolbar
from flask import Flask
from flask_debugtoolbar import DebugToolbarExtension


def make_app(config):
    app = web.Application()
    aiohttp_debugtoolbar.setup(app, intercept_redirects=False)  # expect: HL505
    return app


def make_dev_app():
    app = web.Application()
    setup_toolbar(app, check_host=False)  # expect: HL505
    return app


def make_guarded_app(config):
    app = web.Application()
    if config["debug"]:
        aiohttp_debugtoolbar.setup(app)
    aiohttp_debugtoolbar.setup(app, enabled=config["debug_toolbar"])
    return app


flask_app = Flask(__name__)
toolbar = DebugToolbarExtension(flask_app)
INTERNAL_IPS = ["127.0.0.1"]
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware"]
