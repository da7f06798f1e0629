# source: https://github.com/fportantier/vulpy/blob/master/bad/mod_user.py
# source: https://github.com/fportantier/vulpy/blob/master/bad/mod_api.py
# source: https://flask-wtf.readthedocs.io/en/latest/csrf/
# codes: HL604,HL610
"""A Flask blueprint with cookie sessions and HTML forms, modelled on vulpy's "bad" user module: no
protection extension, no form library, no token check anywhere in this folder. The JSON API view and
the GET pages stay quiet; the form POST views and the GET that deletes are flagged."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session

import libposts
import libuser

mod_user = Blueprint("mod_user", __name__, template_folder="templates")


@mod_user.route("/login", methods=["GET", "POST"])
def do_login():  # expect: HL604
    session.pop("username", None)
    if request.method == "POST":
        username = libuser.login(request.form.get("username"), request.form.get("password"))
        if not username:
            flash("Invalid user or password")
            return render_template("user.login.html")
        session["username"] = username
        return redirect("/")
    return render_template("user.login.html")


@mod_user.route("/chpasswd", methods=["GET", "POST"])
def do_chpasswd():  # expect: HL604
    if request.method == "POST":
        password = request.form.get("password")
        if password != request.form.get("password_again"):
            flash("The passwords don't match")
            return render_template("user.chpasswd.html")
        libuser.password_change(session["username"], password)
        flash("Password changed")
    return render_template("user.chpasswd.html")


@mod_user.post("/avatar")
def do_avatar():  # expect: HL604
    libuser.set_avatar(session["username"], request.files["avatar"])
    return redirect("/profile")


@mod_user.route("/posts/<int:post_id>/delete")
def do_post_delete(post_id):
    post = libposts.get(post_id)
    libposts.db.session.delete(post)  # expect: HL610
    libposts.db.session.commit()
    return redirect("/posts")


@mod_user.route("/unsubscribe/<token>")
def do_unsubscribe(token):
    libuser.unsubscribe(token).save()
    return render_template("unsubscribed.html")


@mod_user.route("/api/post", methods=["POST"])
def do_api_post():
    username = libuser.authenticate(request.headers.get("X-API-Key"))
    return jsonify(libposts.create(username, request.get_json()))


@mod_user.route("/posts")
def do_posts():
    return render_template("posts.html", posts=libposts.get_posts(session["username"]))


@mod_user.route("/search", methods=["GET"])
def do_search():
    return render_template("search.html", posts=libposts.search(request.values.get("q")))
