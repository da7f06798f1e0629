# source: https://github.com/PyCQA/bandit/blob/main/examples/requests-ssl-verify-disabled.py
# source: https://github.com/PyCQA/bandit/blob/main/examples/requests-session-verify-disabled.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/requests/security/disabled-cert-validation.py
# source: https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification
# codes: HL609,B501
"""HTTP clients of a service talking to its neighbours, in every call form requests and httpx offer."""

import httpx
import requests
import requests as req

BILLING = "https://billing.internal"
VERIFY_SSL = False


def charge(payload):
    return requests.post(f"{BILLING}/charge", json=payload, timeout=10, verify=False)  # expect: HL609|B501


def refund(payload):
    return req.put(f"{BILLING}/refund", json=payload, timeout=10, verify=False)  # expect: HL609|B501


def generic(method, path):
    return requests.request(method, f"{BILLING}{path}", timeout=10, verify=False)  # expect: HL609|B501


def with_session(path):
    session = requests.Session()
    return session.get(f"{BILLING}{path}", timeout=10, verify=False)  # expect: HL609|B501


def chained(path):
    return requests.Session().delete(f"{BILLING}{path}", timeout=10, verify=False)  # expect: HL609|B501


def scoped(path):
    with requests.Session() as scoped_session:
        return scoped_session.patch(f"{BILLING}{path}", json={}, timeout=10, verify=False)  # expect: HL609|B501


def through_a_constant(path):
    return requests.get(f"{BILLING}{path}", timeout=10, verify=VERIFY_SSL)  # expect: HL609


def through_kwargs(path):
    options = {"timeout": 10, "verify": False}
    return requests.get(f"{BILLING}{path}", **options)  # expect: HL609


def through_a_local(path):
    verify = False
    return requests.get(f"{BILLING}{path}", timeout=10, verify=verify)  # expect: HL609


def through_caller_options(path, options, VERIFY_SSL=True):
    requests.get(f"{BILLING}{path}", verify=VERIFY_SSL, timeout=10)
    return requests.get(f"{BILLING}{path}", **options)


def session_attribute():
    session = requests.Session()
    session.verify = False  # expect: HL609
    return session


client = httpx.Client(base_url=BILLING, timeout=10, verify=False)  # expect: HL609|B501
async_client = httpx.AsyncClient(base_url=BILLING, verify=False)  # expect: HL609|B501


def httpx_call(path):
    return httpx.get(f"{BILLING}{path}", timeout=10, verify=False)  # expect: HL609|B501


def httpx_client_method(path):
    with httpx.Client(timeout=10) as local:
        return local.post(f"{BILLING}{path}", json={}, verify=False)  # expect: HL609|B501


def verified(path, settings):
    requests.get(f"{BILLING}{path}", timeout=10)
    requests.get(f"{BILLING}{path}", timeout=10, verify=True)
    requests.get(f"{BILLING}{path}", timeout=10, verify=settings.CA_BUNDLE)
    session = requests.Session()
    session.verify = "/etc/ssl/internal-ca.pem"
    return httpx.Client(verify="/etc/ssl/internal-ca.pem")
