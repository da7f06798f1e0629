# source: https://github.com/adeyosemanputra/pygoat/blob/master/introduction/views.py
# source: https://docs.djangoproject.com/en/stable/howto/csrf/
# source: https://flask-wtf.readthedocs.io/en/latest/config/
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/audit/csrf-exempt.py
# codes: HL604,HL610
"""CSRF switched off: Flask-WTF settings and exemptions, Django `csrf_exempt` on views that change
state, and the exemptions that are right (webhooks with signatures, IdP callbacks, beacons,
header-authenticated APIs)."""

import json
import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from extensions import csrf

logger = logging.getLogger(__name__)

WTF_CSRF_ENABLED = False  # expect: HL604


class ProductionConfig:
    SECRET_KEY = "from-env"
    WTF_CSRF_ENABLED = False  # expect: HL604


class TestingConfig:
    TESTING = True
    WTF_CSRF_ENABLED = False


def configure(app):
    app.config.update(WTF_CSRF_ENABLED=False)  # expect: HL604
    csrf.exempt(api_blueprint)  # expect: HL604
    for view in app.config["WTF_CSRF_EXEMPT_LIST"]:
        csrf.exempt(view)


@csrf_exempt  # expect: HL604
def update_profile(request):
    request.user.email = request.POST["email"]
    request.user.save()
    return redirect("/profile")


@csrf_exempt  # expect: HL604
def transfer(request):
    move_money(request.user, request.POST["to"], request.POST["amount"])
    return redirect("/account")


@method_decorator(csrf_exempt, name="dispatch")  # expect: HL604
class CommentView(View):
    def post(self, request):
        Comment.objects.create(author=request.user, text=request.POST["text"])
        return redirect("/comments")


@csrf_exempt
def stripe_webhook(request):
    event = stripe.Webhook.construct_event(request.body, request.headers["Stripe-Signature"], SECRET)
    handle(event)
    return HttpResponse()


@csrf_exempt
def social_complete(request, backend):
    return complete(request, backend)


@csrf_exempt
def csp_report(request):
    report = json.loads(request.body.decode())
    logger.warning("CSP violation at %s", report.get("document-uri"))
    return HttpResponse()


@csrf_exempt
def api_items(request):
    user = authenticate_token(request.headers.get("Authorization", ""))
    Item.objects.create(owner=user, name=request.POST["name"])
    return JsonResponse({"ok": True})


@csrf_exempt
@require_GET
def health(request):
    return JsonResponse({"ok": True})


@require_GET
def logout_everywhere(request):
    request.user.session_set.all().delete()  # expect: HL610
    return redirect("/")


class FollowView(View):
    def get(self, request, username):
        Follow.objects.create(follower=request.user, followed=username)  # expect: HL610
        return redirect("profile", username)
