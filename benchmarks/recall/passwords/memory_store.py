# source: https://flask-httpauth.readthedocs.io/en/latest/ (an in-memory `users` dict, hashed with generate_password_hash)
# source: https://fastapi.tiangolo.com/tutorial/security/oauth2-jwt/ (`fake_users_db` keeping `hashed_password`)
# source: https://cwe.mitre.org/data/definitions/256.html (plaintext storage of a password)
# codes: HL606
# Small services keeping their accounts in memory: a registration that stores the password as typed,
# and the look-alikes that must stay quiet (a hash, the environment, payloads sent to another service).
import os

import requests
from flask import Flask, render_template, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)
users = {}
USERS = {}
fake_users_db = {}
accounts = []


@app.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password = request.form["password"]
    users[username] = {"username": username, "password": password}  # expect: HL606
    return "ok"


def add_admin(name, pw):
    USERS[name] = pw  # expect: HL606


def sign_up(form):
    fake_users_db[form.username.data] = dict(username=form.username.data, password=form.password.data)  # expect: HL606


def invite(email, password):
    accounts.append({"email": email, "password": password})  # expect: HL606


# --- look-alikes that must stay quiet --------------------------------------------------------

def register_hashed(username, password):
    users[username] = {"username": username, "password": generate_password_hash(password)}


def admin_from_environment():
    USERS[os.environ["ADMIN_USER"]] = os.environ["ADMIN_PASSWORD"]


def load_accounts(rows):
    for row in rows:
        fake_users_db[row["username"]] = {"username": row["username"], "password": row["password"]}


def sign_up_remote(url, username, password):
    requests.post(url, data={"username": username, "password": password})
    return render_template("welcome.html", form={"username": username, "password": password})


def bulk_invite(client, invites):
    batch = []
    for email, password in invites:
        batch.append({"email": email, "password": password})
    client.create_users(batch)
