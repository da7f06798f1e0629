# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/jwt/security/jwt-hardcode.py
# source: https://github.com/fportantier/vulpy/blob/master/bad/db_init.py
# source: https://github.com/fportantier/vulpy/blob/master/bad/vulpy.py
# source: https://docs.python.org/3/library/smtplib.html#smtplib.SMTP.login
# codes: HL501,B105,B106,B107
# Keys given to JWT calls (literal or module constant), `app.secret_key`, default arguments,
# seed accounts in a production module, positional passwords to login/connect APIs.
import smtplib

import jwt
import pymysql
from flask import Flask

signing_const = "this-is-the-signing-k3y"
app = Flask("shop")
app.secret_key = "aaaaaaa"  # expect: HL501
app.config["SECRET_KEY"] = "bbbbbbb"  # expect: HL501


def issue(payload):
    return jwt.encode(payload, "s1gning-literal", algorithm="HS256")  # expect: HL501


def issue_const(payload):
    return jwt.encode(payload, signing_const, algorithm="HS256")  # expect: HL501


def issue_local(payload):
    secret = "secret"  # expect: HL501|B105
    return jwt.encode(payload, secret, algorithm="HS256")  # expect: HL501


def issue_param(payload, signing_key):
    return jwt.encode(payload, signing_key, algorithm="HS256")


def connect(host, user="shop", password="Sh0pPassw0rd"):  # expect: HL501|B107
    return pymysql.connect(host, user, password, "shop")


def connect_literal(host):
    return pymysql.connect(host, "shop", "Sh0pPassw0rd", "shop")  # expect: HL501


def send_report(body):
    server = smtplib.SMTP("localhost")
    server.login("reports", "R3ports-2024")  # expect: HL501
    server.sendmail("reports@example.org", ["ops@example.org"], body)


def seed_users(conn):
    users = [
        ("admin", "SuperSecret"),  # expect: HL501
        ("elliot", "123123123"),  # expect: HL501
        ("tim", "12345678"),  # expect: HL501
    ]
    for name, secret in users:
        conn.execute("INSERT INTO users VALUES (?, ?)", (name, secret))


# Look-alikes: a list of (name, e-mail) rows, a login with variables, a key from the environment.
users = [("alice", "alice@example.org"), ("bob", "bob@example.org")]


def relogin(server, user, password):
    server.login(user, password)
