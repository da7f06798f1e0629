# source: https://github.com/PyCQA/bandit/blob/main/examples/hardcoded-passwords.py
# source: https://github.com/PyCQA/bandit/blob/main/bandit/plugins/general_hardcoded_password.py
# source: https://xkcd.com/936/
# codes: HL501,B105,B106,B107
# The shapes bandit's B105-B107 examples exercise, with other names and values, plus the
# look-alikes bandit also reports that are not secrets (no `expect`: a finding there is a false alarm),
# and xkcd's passphrase of plain words, which reads like a message but is a password.


def open_session(user, password="Adm1nistrat0r"):  # expect: HL501|B107
    return user, password


def check_root(password):
    if password == "r00t-t0ps3cret":  # expect: HL501|B105
        return True
    return False


def check_empty(password):
    if password == "":
        return "no password given"
    return password


def do_login(passphrase="blerg-42"):  # expect: HL501|B107
    return passphrase


do_login(passphrase="blerg-42")  # expect: HL501|B106
password = "blergh-9"  # expect: HL501|B105
settings = {}
settings["password"] = "blergh-9"  # expect: HL501|B105
MAIL_PASSWORD = "s3cret-mail"  # expect: HL501|B105
mail_pwd = "mails_s3cret"  # expect: HL501|B105
my_secret_password_for_mail = "d6s$f9g!j8mg7hw?n&2"  # expect: HL501|B105
passphrase = "1234"  # expect: HL501|B105
API_PASSWORD = "tulip garden seventy ladder"  # expect: HL501|B105
vault_passphrase = "copper-lantern-orbit-meadow"  # expect: HL501|B105

# Look-alikes: token kinds, field names, messages, grant types.
TOKEN_TYPE = "bearer"
PASSWORD_FIELD = "password"
token_url = "/oauth/token"
ERROR_BAD_PASSWORD = "Invalid password"
PASSWORD_HELP = "Enter your password"
password_error = "The password you entered is incorrect."
password_hint = "at least twelve letters"
grant_type_password = "password"
RESET_TOKEN_EXPIRY = "24h"
_RELATIONSHIP_TOKEN = "relationship"


def lex(token):
    if token == "not":
        return 1
    return 0
