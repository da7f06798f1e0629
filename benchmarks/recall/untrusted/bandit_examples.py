# source: https://github.com/PyCQA/bandit/blob/main/examples/pickle_deserialize.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/yaml_load.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/exec.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/eval.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/marshal_deserialize.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/subprocess_shell.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/os_system.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/os-popen.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/pytorch_load.py
# codes: HL304,B102,B301,B506,B603,B607,B614
# bandit's example calls, each fed once with request data (expected) and once with the constant or local
# data of bandit's own examples (quiet for hardlint). B302/B307/B602/B605 stay on in hardlint's defaults and are
# named on the expected lines only: on the quiet lines they report what bandit reports, on purpose.
import base64
import io
import marshal
import os
import pickle
import subprocess

import torch
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/pickle", methods=["POST"])
def pickle_cases():
    blob = request.get_data()
    first = pickle.loads(blob)  # expect: HL304|B301
    second = pickle.load(io.BytesIO(blob))  # expect: HL304|B301
    unpickler = pickle.Unpickler(io.BytesIO(request.files["state"].read()))  # expect: HL304|B301
    own = pickle.loads(pickle.dumps({"a": 1}))
    with open("spool/state.pkl", "rb") as spool:
        cached = pickle.load(spool)
    return str((first, second, unpickler, own, cached))


@app.route("/marshal", methods=["POST"])
def marshal_cases():
    code = marshal.loads(base64.b64decode(request.form["code"]))  # expect: HL304|B302
    own = marshal.loads(marshal.dumps([1, 2]))
    return str((code, own))


@app.route("/yaml", methods=["POST"])
def yaml_cases():
    text = request.data.decode("utf-8")
    loaded = yaml.load(text)  # expect: HL304|B506
    full = yaml.load(text, Loader=yaml.Loader)  # expect: HL304|B506
    unsafe = yaml.unsafe_load(text)  # expect: HL304
    safe = yaml.load(text, Loader=yaml.CSafeLoader)
    also_safe = yaml.safe_load(text)
    with open("config/app.yaml") as handle:
        settings = yaml.load(handle, Loader=yaml.FullLoader)
    return str((loaded, full, unsafe, safe, also_safe, settings))


@app.route("/exec", methods=["POST"])
def exec_cases():
    exec(request.form["snippet"])  # expect: HL304|B102
    exec("result = 2 + 2")
    return "ok"


@app.route("/eval")
def eval_cases():
    answer = eval(request.args.get("expr", "0"))  # expect: HL304|B307
    chmod = eval("os.chmod('%s', 0o777)" % request.args["path"])  # expect: HL304|B307
    fixed = eval("os.getcwd()")
    return str((answer, chmod, fixed))


@app.route("/shell")
def shell_cases():
    target = request.args["target"]
    subprocess.Popen("/bin/ls " + target, shell=True)  # expect: HL304|B602
    subprocess.call(["/bin/ls", "-l", target], shell=False)
    subprocess.check_output("cat %s" % target, shell=True)  # expect: HL304|B602
    subprocess.run(f"du -sh {target}", shell=True)  # expect: HL304|B602
    subprocess.Popen(target)  # expect: HL304|B603
    subprocess.Popen("/bin/ls -l", shell=True)
    subprocess.Popen(["ls", "-l"])
    os.system("/bin/echo " + target)  # expect: HL304|B605
    os.popen("stat " + target).read()  # expect: HL304|B605
    os.system("/bin/echo hi")
    os.popen("uptime").read()
    return "ok"


@app.route("/model", methods=["POST"])
def model_cases():
    uploaded = torch.load(request.files["weights"])  # expect: HL304|B614
    shipped = torch.load("models/ranker.pt", weights_only=True)
    return str((uploaded, shipped))
