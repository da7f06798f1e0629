# source: https://github.com/adeyosemanputra/pygoat/blob/master/introduction/views/vulnerabilities/deserialization_views.py
# source: https://github.com/adeyosemanputra/pygoat/blob/master/introduction/views/vulnerabilities/a3_views.py
# source: https://github.com/stamparm/DSVW/blob/master/dsvw.py
# source: https://github.com/we45/Vulnerable-Flask-App/blob/master/app/app.py
# source: https://github.com/fportantier/vulpy/blob/master/bad/command.py
# source: https://github.com/fportantier/vulpy/blob/master/ping.py
# codes: HL304,B102,B301,B506,B603,B607
# The code-execution and deserialization labs of intentionally vulnerable apps, rewritten in short:
# pygoat (Django views), DSVW (an http.server handler), we45's Flask app (its YAML upload, here read
# straight from the upload; the app's save-and-read-back shape is in framework_sources.py) and
# vulpy's command and ping labs (a route's path parameter, the client address, a shell).
import base64
import os
import json
import pickle
import subprocess
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

import yaml
from django.http import HttpResponse
from django.shortcuts import render
from flask import Flask, jsonify
from flask import request as flask_request

app = Flask(__name__)


def insecure_deserialization_lab(request):
    context = {}
    if request.method == "POST":
        data = request.POST.get("data", "")
        if data:
            decoded = base64.b64decode(data)
            user = pickle.loads(decoded)  # expect: HL304|B301
            context["admin"] = getattr(user, "admin", False)
    return render(request, "lab.html", context)


def insecure_design_lab(request):
    raw = request.POST.get("data", "")
    obj = pickle.loads(base64.b64decode(raw))  # expect: HL304|B301
    return render(request, "lab2.html", {"obj": str(obj)[:100]})


def command_injection(request):
    host = request.GET.get("host", "127.0.0.1")
    cmd = f"ping -c 4 {host}"
    result = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, text=True)  # expect: HL304|B602
    return HttpResponse(result.stdout)


def calculator(request):
    expression = request.POST.get("expression", "")
    result = eval(expression, {"__builtins__": None}, {})  # expect: HL304|B307
    return HttpResponse(str(result))


def safe_ping(request):
    host = request.GET.get("host", "127.0.0.1")
    result = subprocess.run(["ping", "-c", "4", host], stdout=subprocess.PIPE, text=True)
    return HttpResponse(result.stdout)


def safe_calculator(request):
    import ast

    return HttpResponse(str(ast.literal_eval(request.POST.get("expression", "0"))))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        if "object" in params:
            content = str(pickle.loads(params["object"].encode("latin-1")))  # expect: HL304|B301
        elif "domain" in params:
            content = subprocess.check_output("nslookup " + params["domain"], shell=True)  # expect: HL304|B602
        elif "include" in params:
            with open(params["include"]) as source:
                program = source.read()
            exec(program)  # expect: HL304|B102
            content = "ok"
        else:
            content = subprocess.check_output(["uptime"])
        self.wfile.write(str(content).encode())


@app.route("/yaml_hammer", methods=["POST"])
def yaml_hammer():
    upload = flask_request.files["file"]
    ydata = yaml.load(upload.read())  # expect: HL304|B506
    return jsonify(json.dumps(ydata))


@app.route("/yaml_safe", methods=["POST"])
def yaml_safe():
    ydata = yaml.safe_load(flask_request.files["file"].read())
    return jsonify(ydata)


@app.route("/tainted/<something>")
def tainted_path(something):
    os.system(something)  # expect: HL304|B605
    os.system(flask_request.remote_addr)  # expect: HL304|B605
    return "foo"


@app.route("/ping")
def ping():
    host = flask_request.args["host"]
    done = subprocess.run("/usr/bin/ping -c 1 " + host, shell=True, stdout=subprocess.PIPE)  # expect: HL304|B602
    return done.stdout


@app.route("/kill/<int:pid>")
def kill(pid):
    os.system("kill -9 %d" % pid)
    return "ok"
