# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tiny threaded server on 127.0.0.1 for what requests-mock cannot show: bytes trickling in,
a TLS error after the request was written, a connection reset. Each test hands it a function
that gets the accepted socket; every loop in it is bounded, and the thread is joined."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import shutil
import socket
import ssl
import subprocess
import threading

import pytest


def read_request(sock, limit=65536):
    """Read one HTTP request (headers and a Content-Length body) from ``sock``; return its bytes."""
    data = b''
    while b'\r\n\r\n' not in data and len(data) < limit:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
    head, _sep, body = data.partition(b'\r\n\r\n')
    length = 0
    for line in head.split(b'\r\n')[1:]:
        name, _colon, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b'\r\n\r\n' + body


class LocalServer(object):
    """Accepts up to ``connections`` connections and runs ``handler(sock, server)`` on each."""

    def __init__(self, handler, connections=1, tls_context=None):
        self.handler = handler
        self.tls_context = tls_context
        self.requests = []          # raw bytes of each request read through ``read``
        self.errors = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(8)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = connections
        self.thread = threading.Thread(target=self._run)
        self.thread.daemon = True
        self.thread.start()

    @property
    def url(self):
        return '%s://127.0.0.1:%d' % ('https' if self.tls_context else 'http', self.port)

    def read(self, sock):
        data = read_request(sock)
        if data:
            self.requests.append(data)
        return data

    def _run(self):
        served = 0
        while served < self.connections and not self.stopped.is_set():
            try:
                sock, _addr = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            served += 1
            sock.settimeout(5)
            try:
                self.handler(sock, self)
            except Exception as exc:  # the client went away: that is what most tests provoke
                self.errors.append(exc)
            finally:
                try:
                    sock.close()
                except OSError:
                    pass

    def stop(self):
        self.stopped.set()
        self.thread.join(30)
        self.listener.close()


@pytest.fixture
def local_server():
    """``local_server(handler, connections=1, tls_context=None)`` -> a started LocalServer."""
    servers = []

    def start(handler, connections=1, tls_context=None):
        server = LocalServer(handler, connections, tls_context)
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def tls_files(tmp_path):
    """A self-signed certificate for 127.0.0.1: ``(cert_path, server_context)``."""
    if shutil.which('openssl') is None:
        pytest.skip('openssl is needed to make a test certificate')
    cert, key = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
                    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
                    '-keyout', str(key), '-out', str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    return str(cert), context
