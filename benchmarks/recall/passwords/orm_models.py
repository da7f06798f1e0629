# source: https://github.com/adeyosemanputra/pygoat (Django views of an intentionally vulnerable app)
# source: https://github.com/we45/Vulnerable-Flask-App
# source: https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
# codes: HL606
# Plain-text passwords through ORMs and document stores, in the shapes tutorials and vulnerable
# apps use them: look-ups by password, models built with the raw password (by keyword or by
# position) and saved, documents with a password key, comparisons with the stored field.
from django.contrib.auth.hashers import make_password
from flask import request


def django_login(request):
    name = request.POST["uname"]
    pwdd = request.POST["pwd"]
    return Register.objects.filter(username=name, password=pwdd).values()  # expect: HL606


def django_signup(request):
    return Register.objects.create(username=request.POST["uname"], password=request.POST["password"])  # expect: HL606


def flask_register(db, form):
    user = User(email=form.email.data, password=form.password.data)  # expect: HL606
    db.session.add(user)
    db.session.commit()


def flask_register_positional(db, username, password):
    user = User(username, password)  # expect: HL606
    db.session.add(user)
    db.session.commit()


def flask_login():
    user = User.query.filter_by(username=request.form["username"]).first()
    if user and user.password == request.form["password"]:  # expect: HL606
        return "ok"
    return "no"


def mongo_register(db, username, password):
    db.users.insert_one({"username": username, "password": password})  # expect: HL606


def change_password(user, new_password):
    user.password = new_password  # expect: HL606
    user.save()


class Account(Model):
    def check_password(self, password):
        return self.password == password  # expect: HL606


# Look-alikes that must stay quiet.
def django_hashed(request, user):
    user.set_password(request.POST["password"])
    user.save()
    return Register.objects.create(username="x", password=make_password(request.POST["password"]))


def confirm_matches(form):
    if form.password.data != form.confirm_password.data:
        raise ValueError("passwords differ")


def outgoing(project, params, url):
    RedisImportStorage.objects.create(project=project, password=params.get("password"))
    return SmtpClient(host=url.hostname, password=url.password)


def copy_restriction(page, restriction):
    copy = PageViewRestriction(page=page, password=restriction.password)
    copy.save()


def bot(users, username):
    return users.objects.get_or_create(username=username, defaults={"password": make_password(None)})


def mongo_hashed(db, username, password):
    db.users.insert_one({"username": username, "password": generate_password_hash(password)})
