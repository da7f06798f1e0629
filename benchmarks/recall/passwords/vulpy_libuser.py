# source: https://github.com/fportantier/vulpy/blob/master/bad/libuser.py
# source: https://github.com/fportantier/vulpy/blob/master/good/libuser.py
# codes: HL606
# Cases modelled on vulpy's user library: the "bad" version stores and compares passwords as plain
# text in SQL; the "good" version hashes them. Each function here is one case.
import hashlib
import sqlite3

from werkzeug.security import check_password_hash, generate_password_hash


def login(username, password):
    conn = sqlite3.connect("users1.sqlite")
    c = conn.cursor()
    user = c.execute("SELECT * FROM users WHERE username = '{}' and password = '{}'".format(username, password)).fetchone()  # expect: HL606
    return user["username"] if user else False


def login_params(username, password):
    conn = sqlite3.connect("users1.sqlite")
    user = conn.execute("SELECT * FROM users WHERE username = ? AND password = ?", (username, password)).fetchone()  # expect: HL606
    return bool(user)


def login_concat(c, username, password):
    return c.execute("SELECT * FROM users WHERE username = '" + username + "' AND password = '" + password + "'").fetchone()  # expect: HL606


def create(username, password):
    conn = sqlite3.connect("users1.sqlite")
    c = conn.cursor()
    c.execute("INSERT INTO users (username, password, failures, mfa_enabled, mfa_secret) VALUES ('%s', '%s', '%d', '%d', '%s')" % (username, password, 0, 0, ""))  # expect: HL606
    conn.commit()


def create_params(conn, username, password):
    conn.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))  # expect: HL606
    conn.commit()


def password_change(username, password):
    conn = sqlite3.connect("users1.sqlite")
    c = conn.cursor()
    c.execute("UPDATE users SET password = '{}' WHERE username = '{}'".format(password, username))  # expect: HL606
    conn.commit()


def password_change_params(conn, username, new_password):
    conn.execute("UPDATE users SET password = %s WHERE username = %s", (new_password, username))  # expect: HL606


# Look-alikes that must stay quiet: the "good" version.
def good_login(conn, username, password):
    row = conn.execute("SELECT password FROM users WHERE username = ?", (username,)).fetchone()
    return row is not None and check_password_hash(row[0], password)


def good_create(conn, username, password):
    conn.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, generate_password_hash(password)))


def good_change(conn, username, password):
    digest = generate_password_hash(password)
    conn.execute("UPDATE users SET password = ? WHERE username = ?", (digest, username))


def good_reset_flag(conn, username):
    conn.execute("UPDATE users SET password_reset_required = 1 WHERE username = ?", (username,))


def good_fingerprint(password):
    return hashlib.sha256(password.encode()).hexdigest()[:8]
