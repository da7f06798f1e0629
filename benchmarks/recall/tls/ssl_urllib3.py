# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/lang/security/audit/network/disabled-cert-validation.py
# source: https://github.com/PyCQA/bandit/blob/main/bandit/blacklists/calls.py
# source: https://docs.python.org/3/library/ssl.html#security-considerations
# source: https://urllib3.readthedocs.io/en/stable/advanced-usage.html#certificate-verification
# codes: HL609,B323,B501
"""Lower-level TLS set-ups: urllib3 pools, sockets, contexts, aiohttp and redis clients."""

import socket
import ssl
import urllib.request

import aiohttp
import redis
import urllib3
from urllib3 import PoolManager

HOST = "www.python.org"

manager = PoolManager(10, cert_reqs=ssl.CERT_OPTIONAL)  # expect: HL609
proxy = urllib3.ProxyManager("http://localhost:3128/", cert_reqs=ssl.CERT_NONE)  # expect: HL609
pool = urllib3.connection_from_url("https://svc.internal", cert_reqs="NONE")  # expect: HL609
other = urllib3.PoolManager(cert_reqs="CERT_NONE")  # expect: HL609
cache = redis.Redis(host="cache.internal", ssl=True, ssl_cert_reqs="none")  # expect: HL609


def open_socket():
    context = ssl.create_default_context()
    with socket.create_connection((HOST, 443)) as sock:
        with context.wrap_socket(sock, server_hostname=HOST, cert_reqs=ssl.CERT_NONE) as tls:  # expect: HL609
            return tls.version()


def relaxed_context():
    context = ssl.create_default_context()
    context.check_hostname = False  # expect: HL609
    context.verify_mode = ssl.CERT_NONE  # expect: HL609
    return context


def download(url):
    return urllib.request.urlopen(url, context=ssl._create_unverified_context())  # expect: HL609|B323


ssl._create_default_https_context = ssl._create_unverified_context  # expect: HL609


async def fetch(session: aiohttp.ClientSession, url):
    async with session.get(url, ssl=False) as resp:  # expect: HL609
        return await resp.text()


def server_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain("server.pem")
    context.verify_mode = ssl.CERT_NONE
    return context


def strict():
    PoolManager(10)
    urllib3.connection_from_url("https://svc.internal", cert_reqs="CERT_REQUIRED")
    urllib3.proxy_from_url("https://svc.internal", cert_reqs=None)
    context = ssl.create_default_context()
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context
