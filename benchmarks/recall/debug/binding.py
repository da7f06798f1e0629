# source: https://github.com/PyCQA/bandit/blob/main/examples/binding.py
# source: https://github.com/semgrep/semgrep-rules/blob/develop/python/lang/security/audit/network/bind.py
# source: https://github.com/microsoft/debugpy#debugpy (debugpy.listen)
# source: https://docs.python.org/3/library/socketserver.html (TCPServer(("", port), ...))
# codes: HL505,B104
# Binding every interface by a literal in server and socket calls; not every "0.0.0.0" string.
import asyncio
import socket
import socketserver
from http.server import HTTPServer, SimpleHTTPRequestHandler

import debugpy
import uvicorn
from aiohttp import web

uvicorn.run("main:app", host="0.0.0.0", port=8000)  # expect: HL505
debugpy.listen(("0.0.0.0", 5678))  # expect: HL505|B104
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("0.0.0.0", 31137))  # expect: HL505|B104
s.bind(("", 31138))  # expect: HL505
httpd = HTTPServer(("", 8000), SimpleHTTPRequestHandler)  # expect: HL505
tcp = socketserver.TCPServer(("0.0.0.0", 9000), socketserver.BaseRequestHandler)  # expect: HL505|B104
site = web.TCPSite(None, "0.0.0.0", 8080)  # expect: HL505|B104
LISTEN_HOST = "0.0.0.0"  # expect: HL505|B104


async def serve(handler):
    return await asyncio.start_server(handler, "0.0.0.0", 8888)  # expect: HL505|B104


# Look-alikes: local binds, comparisons, documentation, parameter defaults.
s.bind(("127.0.0.1", 31139))
debugpy.listen(5678)
ANY_ADDRESS_NOTE = "0.0.0.0 means every interface"
DEFAULT_ROUTE = "0.0.0.0/0"


def is_wildcard(host):
    return host == "0.0.0.0"


def start(host="0.0.0.0"):
    return host
