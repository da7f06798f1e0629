# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/fastapi/security/injection/command/subprocess-shell-injection_test.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/fastapi/security/fastapi-pickle-deserialization.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/injection/command/command-injection-os-system.py
# source: https://github.com/adeyosemanputra/pygoat/blob/master/introduction/views.py
# source: https://github.com/we45/Vulnerable-Flask-App/blob/master/app/app.py
# source: https://github.com/fportantier/vulpy/blob/master/bad/mod_user.py
# codes: HL304
# Request data that arrives other than through `request.*`: FastAPI query, body and file parameters
# (semgrep's FastAPI tests), Django URL parameters and a class-based view's `self.kwargs` (semgrep's
# Django tests, pygoat's views), a module helper the view hands the value to (vulpy's views call their
# `lib*` helpers that way), and an upload saved to disk and loaded back (we45's YAML upload).
import base64
import os
import pickle
import subprocess
from enum import Enum
from typing import Annotated, Literal

import yaml
from django.http import HttpResponse
from django.views import View
from reports.models import Report
from fastapi import APIRouter, Body, Depends, File, Query, Request, UploadFile
from flask import request as flask_request
from werkzeug.utils import secure_filename

router = APIRouter()
UPLOADS = "/srv/uploads"
ALLOWED_TOOLS = {"uptime", "df"}


class Format(str, Enum):
    short = "short"
    long = "long"


def current_command() -> str:
    return "uptime"


@router.get("/ping")
async def fastapi_ping(host: str, count: int = 1):
    subprocess.run(f"ping -c {count} {host}", shell=True)  # expect: HL304|B602
    subprocess.run(["ping", "-c", str(count), host], shell=False)


@router.get("/ls")
def fastapi_ls(cmd: str = Query(...), fmt: Format = Format.short, mode: Literal["a", "b"] = "a"):
    subprocess.call("ls " + cmd, shell=True)  # expect: HL304|B602
    subprocess.call("ls --format=" + fmt.value, shell=True)
    subprocess.call("ls -" + mode, shell=True)


@router.post("/restore")
async def fastapi_restore(state: UploadFile = File(...), note: Annotated[str, Body()] = ""):
    obj = pickle.loads(await state.read())  # expect: HL304|B301
    raw = pickle.load(state.file)  # expect: HL304|B301
    return {"obj": str(obj), "raw": str(raw), "note": eval(note)}  # expect: HL304|B307


@router.post("/raw")
async def fastapi_raw(req: Request, command: str = Depends(current_command)):
    body = await req.body()
    os.system(command)
    return pickle.loads(body)  # expect: HL304|B301


def django_lookup(request, domain):
    return HttpResponse(os.popen("nslookup " + domain).read())  # expect: HL304|B605


def django_kill(request, pid: int):
    os.system("kill %d" % pid)
    return HttpResponse("ok")


def export_report(request, report):
    os.system("make-report " + report.slug)
    return HttpResponse("ok")


def reports_view(request):
    return export_report(request, Report.objects.get(owner=request.user))


class RestoreView(View):
    command = "uptime"

    def get(self, request, *args, **kwargs):
        state = pickle.loads(base64.b64decode(self.kwargs["state"]))  # expect: HL304|B301
        os.system(self.command)
        return HttpResponse(str(state))


def run_tool(name):
    return subprocess.getoutput("/usr/bin/" + name)


def run_checked(name):
    if name not in ALLOWED_TOOLS:
        return ""
    return subprocess.getoutput(name)


def tool_view(request):
    output = run_tool(request.GET["tool"])  # expect: HL304
    checked = run_checked(request.GET["tool"])
    fixed = run_tool("uptime")
    return HttpResponse(output + checked + fixed)


def yaml_upload():
    upload = flask_request.files["file"]
    path = os.path.join(UPLOADS, secure_filename(upload.filename))
    upload.save(path)
    with open(path) as handle:
        data = yaml.load(handle, Loader=yaml.Loader)  # expect: HL304|B506
    with open(path) as handle:
        safe = yaml.safe_load(handle)
    with open(os.path.join(UPLOADS, "defaults.yaml")) as handle:
        defaults = yaml.load(handle, Loader=yaml.Loader)
    return str((data, safe, defaults))
