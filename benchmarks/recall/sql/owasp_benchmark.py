# source: https://github.com/OWASP-Benchmark/BenchmarkPython (sqli-01, sqli-02 test cases)
# source: https://github.com/flawgarden/python-owasp-converted-mutated
# codes: HL301,B608
# Cases modelled on OWASP BenchmarkPython's Flask SQL injection tests: a header, a query-string
# value or a form field, decoded, pasted into SQL run through sqlite3.
import sqlite3
import urllib.parse

from flask import Flask, request

app = Flask(__name__)


def _connect():
    return sqlite3.connect("benchmark.db")


@app.route("/sqli-00/BenchmarkTest00001", methods=["GET", "POST"])
def header_value():
    param = request.headers.get("BenchmarkTest00001", "")
    param = urllib.parse.unquote(param)
    sql = f"SELECT * from USERS where USERNAME='foo' and PASSWORD='{param}'"
    cursor = _connect().cursor()
    cursor.execute(sql)  # expect: HL301|B608
    return str(cursor.fetchall())


@app.route("/sqli-00/BenchmarkTest00002", methods=["GET", "POST"])
def query_string_value():
    bar = request.args.get("BenchmarkTest00002", "")
    sql = "SELECT * from USERS where USERNAME='foo' and PASSWORD='" + bar + "'"
    cursor = _connect().cursor()
    cursor.execute(sql)  # expect: HL301|B608
    return str(cursor.fetchall())


@app.route("/sqli-00/BenchmarkTest00003", methods=["POST"])
def form_value_in_branch():
    param = request.form.get("BenchmarkTest00003", "")
    bar = param if len(param) > 1 else "safe!"
    sql = "SELECT TOP 1 USERNAME from USERS where USERNAME='foo' and PASSWORD='%s'" % bar
    conn = _connect()
    conn.executescript(sql)  # expect: HL301|B608
    return "ok"


@app.route("/sqli-00/BenchmarkTest00004", methods=["GET"])
def built_in_steps():
    name = request.args.get("name", "")
    sql = "SELECT * FROM USERS WHERE 1 = 1"
    sql += " AND USERNAME = '" + name + "'"
    cursor = _connect().cursor()
    cursor.execute(sql)  # expect: HL301|B608
    return str(cursor.fetchall())


@app.route("/sqli-00/BenchmarkTest00005", methods=["GET"])
def through_dict():
    values = {"key": request.args.get("name", "")}
    bar = values["key"]
    cursor = _connect().cursor()
    cursor.execute("SELECT * FROM USERS WHERE USERNAME = '{0}'".format(bar))  # expect: HL301|B608
    return str(cursor.fetchall())


# Look-alikes that must stay quiet: the safe variants of the same tests.
@app.route("/sqli-00/BenchmarkTest00006", methods=["GET"])
def parameterized():
    param = request.args.get("BenchmarkTest00006", "")
    cursor = _connect().cursor()
    cursor.execute("SELECT * from USERS where USERNAME='foo' and PASSWORD=?", (param,))
    return str(cursor.fetchall())


@app.route("/sqli-00/BenchmarkTest00007", methods=["GET"])
def constant_after_all():
    param = request.args.get("BenchmarkTest00007", "")
    bar = "safe!" if param else "also safe"
    cursor = _connect().cursor()
    cursor.execute(f"SELECT * from USERS where USERNAME='foo' and PASSWORD='{bar}'")
    return str(cursor.fetchall())
