"""HL610 state-changing-get: a GET request handler writes to the database.

## What it does
Flags a route or view that accepts only GET (`@app.route("/x")` with no `methods=`, `@app.get`,
`@router.get`, a view class's `get` method, `@require_GET`) and changes stored state in its own body:
it commits a session, deletes or saves a model, calls `Model.objects.create(...)`, adds to a database
session, or executes an `INSERT`, `UPDATE`, `DELETE` or `DROP` statement. Not flagged: links that
carry their own secret (the path has a `token`, `key`, `code`, `signature` or `hash` parameter, or
the view checks a signed value, token, secret or hash, as e-mail confirmation links do), single
sign-on or OAuth callbacks (their `state` parameter is the CSRF check), view classes whose mixins
or `dispatch` run first (the check may live there), and saves that write no
row (`form.save(commit=False)`, `image.save(buffer, "PNG")`, `request.session.save()`).

## Why it matters
CSRF protection (Django's middleware, Flask-WTF's `CSRFProtect`) checks only POST, PUT, PATCH and
DELETE: GET is assumed to be safe. A GET that deletes or changes data can be triggered by any page
the user visits (`<img src="https://app.example.com/items/42/delete">`), by link prefetchers and by
crawlers, with the user's cookies attached.

## Example
```python
@app.route("/items/<int:item_id>/delete")
def delete_item(item_id):
    db.session.delete(Item.query.get_or_404(item_id))
    db.session.commit()
    return redirect(url_for("items"))
```

## Use instead
```python
@app.route("/items/<int:item_id>/delete", methods=["POST"])
def delete_item(item_id):           # the form posting here carries the CSRF token
    db.session.delete(Item.query.get_or_404(item_id))
    db.session.commit()
    return redirect(url_for("items"))
```

## Fix safety
No automatic fix: the links and forms that call the view have to change with it.

## References
- RFC 9110, section 9.2.1 "Safe Methods": https://www.rfc-editor.org/rfc/rfc9110#section-9.2.1
- OWASP CSRF Prevention Cheat Sheet, "Disallowing simple requests": https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
- CWE-352: Cross-Site Request Forgery
"""

from __future__ import annotations

import re

import libcst as cst

from hardlint.imports import dotted_name
from hardlint.literals import string_value
from hardlint.rule import Rule
from hardlint.rules.hl7_api._routes import (
    accepted_methods,
    handler_routes,
    is_request_handler,
    keyword,
)
from hardlint.walker import children, iter_nodes

SAFE_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_SQL = re.compile(r"^\s*(insert|update|delete|drop|truncate|alter|replace)\b", re.IGNORECASE)
SECRET_IN_PATH = re.compile(r"[<{](?:\w+:)?\w*(token|key|code|secret|signature|sig|hash|nonce|uid)\w*[>}]",
                            re.IGNORECASE)
LINK_SECRET = re.compile(r"signature|signing|signer|secret|token|hash|nonce", re.IGNORECASE)
SSO_CALLBACK = re.compile(r"saml|sso|oauth|oidc|openid|social|callback|authorize|authorized", re.IGNORECASE)
# Receivers whose commit/delete/save is not a database write: caches, files, search indexes, git.
NOT_A_DATABASE = re.compile(r"cache|redis|storage|file|(^|\.)(fs|os|path|shutil)$|solr|index|search|repo|git",
                            re.IGNORECASE)
SESSION_RECEIVER = re.compile(r"(^|\.|_)(session|db|conn|connection|cursor|cur|tx|transaction)$", re.IGNORECASE)


def _writes(call: cst.Call) -> str | None:
    """What the call writes, or None: `db.session.commit()`, `item.delete()`, `User.objects.create(...)`,
    `cursor.execute("DELETE ...")`."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    receiver = dotted_name(func.value) or ""
    if method in ("commit", "delete", "save", "bulk_create", "bulk_update"):
        if NOT_A_DATABASE.search(receiver) or (method == "save" and _not_a_model_save(call, receiver)):
            return None
        return f"{method}()"
    if method in ("create", "get_or_create", "update_or_create") and receiver.endswith("objects"):
        return f"objects.{method}()"
    if method in ("add", "add_all", "merge") and SESSION_RECEIVER.search(receiver):
        return f"{receiver}.{method}()"
    if method in ("execute", "executemany", "executescript", "exec_driver_sql") and call.args:
        sql = string_value(call.args[0].value)
        if sql is not None and WRITE_SQL.search(sql):
            return sql.split(None, 1)[0].upper()
    return None


def _not_a_model_save(call: cst.Call, receiver: str) -> bool:
    """`request.session.save()`, `form.save(commit=False)`, `image.save(buffer, "PNG")`: no row written."""
    commit = keyword(call, "commit")
    if commit is not None and isinstance(commit.value, cst.Name) and commit.value.value == "False":
        return True
    return receiver.endswith("session") or any(arg.keyword is None and not arg.star for arg in call.args)


def _checks_a_secret(function: cst.FunctionDef) -> bool:
    """The view checks a secret the link carries (a signed value, a token, an order secret, a hash):
    a forged cross-site request cannot know it."""
    for node in iter_nodes(function.body):
        text = node.value if isinstance(node, (cst.Name, cst.SimpleString)) else (
            node.attr.value if isinstance(node, cst.Attribute) else None)
        if text is not None and LINK_SECRET.search(text):
            return True
    return False


def _checks_elsewhere(view: cst.ClassDef) -> bool:
    """A view class whose mixins or `dispatch` run before `get`: the link's secret may be checked there."""
    bases = [(dotted_name(base.value) or "") for base in view.bases]
    own = {s.name.value for s in view.body.body if isinstance(s, cst.FunctionDef)}
    return "dispatch" in own or any(base.endswith("Mixin") for base in bases)


def _first_write(function: cst.FunctionDef) -> tuple[cst.Call, str] | None:
    stack = list(children(function.body))
    while stack:
        node = stack.pop(0)
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Call):
            what = _writes(node)
            if what is not None:
                return node, what
        stack[:0] = list(children(node))
    return None


class StateChangingGet(Rule):
    code = "HL610"
    name = "state-changing-get"
    severity = "medium"
    message = "GET handler changes stored data; CSRF protection does not cover GET"
    triggers = (r"\.\s*(?:route|get)\s*\(|def\s+get\s*\(|require_GET|require_safe",
                r"commit|delete|save|objects\s*\.|\.\s*add\s*\(|execute|exec_driver_sql")
    production_only = True

    FLAG = [
        """
        @app.route("/items/<int:item_id>/delete")
        def delete_item(item_id):
            db.session.delete(Item.query.get_or_404(item_id))
            db.session.commit()
            return redirect(url_for("items"))
        """,
        """
        @router.get("/users/{user_id}/promote")
        def promote(user_id: int, conn=Depends(get_conn)):
            conn.execute("UPDATE users SET role = 'admin' WHERE id = %s", (user_id,))
            return {"ok": True}
        """,
        """
        from django.views import View

        class LogoutAllView(View):
            def get(self, request):
                request.user.session_set.all().delete()
                return redirect("/")
        """,
        """
        from django.views.decorators.http import require_GET

        @require_GET
        def follow(request, username):
            Follow.objects.create(follower=request.user, followed=username)
            return redirect("profile", username)
        """,
    ]
    CLEAN = [
        """
        @app.route("/items/<int:item_id>/delete", methods=["POST"])
        def delete_item(item_id):
            db.session.delete(Item.query.get_or_404(item_id))
            db.session.commit()
            return redirect(url_for("items"))
        """,
        """
        @app.route("/confirm/<token>")
        def confirm_email(token):
            user = User.verify_email_token(token)
            user.confirmed = True
            db.session.commit()
            return redirect(url_for("index"))
        """,
        """
        @app.route("/items")
        def items():
            rows = db.execute("SELECT id, name FROM items").fetchall()
            return render_template("items.html", rows=rows)
        """,
        """
        @app.route("/oauth/callback")
        def oauth_callback():
            token = oauth.github.authorize_access_token()
            db.session.add(OAuthToken(token=token))
            db.session.commit()
            return redirect("/")
        """,
        """
        @app.route("/report")
        def report():
            def save_later():
                Report.objects.create(kind="daily")
            schedule(save_later)
            return "scheduled"
        """,
        """
        class Cache:
            def get(self, key):
                self.conn.execute("DELETE FROM cache WHERE expires < now()")
                return self.conn.execute("SELECT v FROM cache WHERE k = %s", (key,)).fetchone()
        """,
        """
        @app.get("/page")
        def page():
            cache.delete("page-stats")
            return render_template("page.html")
        """,
        """
        from django.views import View

        class EmailChangeConfirm(View):
            def get(self, request):
                data = signing.loads(request.GET["token"], max_age=3600)
                customer = Customer.objects.get(pk=data["customer"])
                customer.email = data["email"]
                customer.save()
                return redirect("/account")
        """,
        """
        from django.views import View

        class QrCode(View):
            def get(self, request):
                img = qrcode.make(request.event.url)
                buffer = BytesIO()
                img.save(buffer, "PNG")
                return HttpResponse(buffer.getvalue(), content_type="image/png")
        """,
        """
        from django.views import View

        class PreviewView(View):
            def get(self, request):
                form = self.get_form(request.GET)
                form.save(commit=False)
                return render(request, "preview.html", {"form": form})
        """,
        """
        from django.views import View

        class SSOLoginReturnView(View):
            def get(self, request):
                profile = fetch_profile(request.GET["code"])
                Customer(email=profile["email"]).save(force_insert=True)
                return redirect("/")
        """,
        """
        from django.views import View

        class OrderPaymentComplete(OrderDetailMixin, View):
            def get(self, request, *args, **kwargs):
                self.payment.process_initiated = True
                self.payment.save(update_fields=["process_initiated"])
                return redirect(self.get_order_url())
        """,
        """
        @app.get("/settings")
        def settings():
            options = {}
            options.update(defaults)
            tags = set()
            tags.add("x")
            return options
        """,
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        enclosing = self.ctx.enclosing(cst.ClassDef)
        if not (is_request_handler(node, enclosing, django=False) or any(
                (dotted_name(d.decorator) or "").endswith(("require_GET", "require_safe")) for d in node.decorators)):
            return
        methods = accepted_methods(node, enclosing)
        if not methods or not methods <= SAFE_ONLY or "GET" not in methods:
            return
        if enclosing is not None and _checks_elsewhere(enclosing):
            return
        names = node.name.value + (enclosing.name.value if enclosing is not None else "")
        if SSO_CALLBACK.search(names) or any(
                route.path and (SECRET_IN_PATH.search(route.path) or SSO_CALLBACK.search(route.path))
                for route in handler_routes(node)) or _checks_a_secret(node):
            return
        write = _first_write(node)
        if write is not None:
            call, what = write
            self.report(call, f"GET handler `{node.name.value}` changes stored data ({what}); CSRF protection "
                              "does not cover GET, accept POST instead")
