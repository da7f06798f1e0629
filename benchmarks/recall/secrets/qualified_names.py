# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/django/security/audit/django-secret-key-hardcoded.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/hardcoded-passwords.py
# source: https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html (the key shape; values invented)
# codes: HL501,B105,B106,B107
# Secret names with a qualifier after the secret word, values with spaces or escapes, comparisons,
# vendor key shapes under any name.
import boto3

SECRET_KEY_HMAC = "f1e2d3c4b5a6-hmac-material"  # expect: HL501
SECRET_COOKIE_KEY = "c00kie-k3y-9f8e7d"  # expect: HL501
secret_key_2 = "second-k3y-after-rotation"  # expect: HL501
DB_PASSWORD_OLD = "Winter2023!"  # expect: HL501
ADMIN_PASSWORD = "s3cret pass 42"  # expect: HL501|B105
SMTP_PASSWORD = "tab\tsepar4ted"  # expect: HL501|B105


class User:
    password = ""


def check(user, request):
    if user.password == "Sup3rS3cret!":  # expect: HL501|B105
        return True
    if request.form["password"] == "letme1n-now":  # expect: HL501|B105
        return True
    if request.headers.get("token") == "9f8e7d6c5b4a39281706f5e4":
        return True
    return False


def authorized(token):
    return token == "a8f5f167f44f4964e6c998dee827110c"  # expect: HL501|B105


s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAQWERTYUIOPASDFGH",  # expect: HL501
    aws_secret_access_key="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",  # expect: HL501|B106
)
STRIPE = {"live": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}  # expect: HL501
GITHUB = "ghp_" + "x" * 4
docs_key = "AKIAIOSFODNN7EXAMPLE"

# Look-alikes: a name that carries a key kind, a flag, a message with spaces.
SECRET_KEY_LENGTH = "64"
PASSWORD_MESSAGE = "Your password must contain 8 characters."
SECRET_KEY_FALLBACKS = []
