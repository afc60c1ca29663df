# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport against a real socket (issue 9): what was sent before a failure, a total
deadline against a trickling server, TLS errors before and after the request was written, and
plain-http targets never going through a proxy."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import socket
import struct
import threading

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ConnectionFailure,
    Transport,
)

OK_HEAD = (b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n'
           b'Connection: close\r\n\r\n')


def transport(url, **kwargs):
    options = dict(retries=0, timeout=1, warn=lambda message: None)
    options.update(kwargs)
    return Transport(url, **options)


def timers():
    return [t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive()]


def answer(body=b'[]'):
    def handler(sock, server):
        server.read(sock)
        sock.sendall(OK_HEAD % len(body) + body)
    return handler


def trickle(head_too):
    """Answer one byte every 0.3 s, at most 40 bytes, until the client hangs up."""
    def handler(sock, server):
        server.read(sock)
        body = b'[' + b' ' * 60 + b']'
        data = OK_HEAD % len(body) + body
        if not head_too:
            sock.sendall(data[:len(OK_HEAD % len(body))])
            data = body
        for index in range(min(len(data), 40)):
            if server.stopped.wait(0.3):
                return
            sock.sendall(data[index:index + 1])
    return handler


@pytest.mark.parametrize('head_too', [False, True], ids=['body', 'status-and-headers'])
def test_a_trickling_server_cannot_stretch_the_timeout(local_server, head_too):
    # issue 9, defect 6: one byte every 0.3 s never trips a 1 s read timeout; the total deadline does
    server = local_server(trickle(head_too))
    with pytest.raises(ConnectionFailure) as caught:
        transport(server.url).request('GET', '/slow')
    assert caught.value.timed_out is True
    assert str(caught.value) == ('GET /slow: timed out after 1 attempt(s) (no complete answer in '
                                 'time, timeout 1 s)')
    assert timers() == [], 'the watchdog thread is gone'


def test_a_quick_answer_is_unaffected_by_the_deadline(local_server):
    server = local_server(answer(b'[{"id": "a"}]'), connections=3)
    client = transport(server.url, timeout=5)
    for _dummy in range(3):
        assert client.request('GET', '/x') == (200, [{'id': 'a'}])
    assert timers() == []


def test_a_tls_error_after_the_request_was_written_may_have_been_sent(local_server, tls_files):
    # issue 9, defect 1: the server read the whole POST, then the TLS stream broke
    cert, context = tls_files

    def handler(sock, server):
        tls = context.wrap_socket(sock, server_side=True)
        server.read(tls)
        os.write(tls.fileno(), b'this is not a TLS record\r\n' * 8)
    server = local_server(handler)
    with pytest.raises(ConnectionFailure) as caught:
        transport('https://127.0.0.1:%d' % server.port, ca_path=cert, timeout=5).request(
            'POST', '/iot/v2/dashboards', json={'name': 'x'})
    server.stop()
    assert server.errors == []
    assert len(server.requests) == 1 and b'"name": "x"' in server.requests[0]
    assert caught.value.maybe_sent is True and caught.value.request_sent is True
    assert 'TLS error' in str(caught.value)


def test_a_tls_handshake_failure_sent_nothing(local_server, tls_files):
    cert, _context = tls_files

    def handler(sock, server):
        sock.recv(4096)  # the ClientHello
        sock.sendall(b'HTTP/1.1 400 Bad Request\r\n\r\n')  # plain http on a TLS port
    server = local_server(handler)
    with pytest.raises(ConnectionFailure) as caught:
        transport('https://127.0.0.1:%d' % server.port, ca_path=cert).request(
            'POST', '/iot/v2/dashboards', json={'name': 'x'})
    assert caught.value.maybe_sent is False and caught.value.request_sent is False


def test_a_reset_after_the_request_was_read_may_have_been_sent(local_server):
    def handler(sock, server):
        server.read(sock)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))  # RST
    server = local_server(handler)
    with pytest.raises(ConnectionFailure) as caught:
        transport(server.url).request('POST', '/iot/v2/dashboards', json={})
    assert caught.value.maybe_sent is True


def test_a_refused_connection_sent_nothing(local_server):
    server = local_server(answer())
    server.stop()  # nobody listens on the port any more
    with pytest.raises(ConnectionFailure) as caught:
        transport(server.url).request('POST', '/iot/v2/dashboards', json={})
    assert caught.value.maybe_sent is False


def test_a_plain_http_target_never_goes_through_a_proxy(local_server, monkeypatch):
    # issue 9, defect 4: with HTTP_PROXY set, the form would go to the proxy in clear text
    for name in ('HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'):
        monkeypatch.setenv(name, 'http://proxy.invalid:3128')
    for name in ('NO_PROXY', 'no_proxy'):
        monkeypatch.delenv(name, raising=False)
    server = local_server(answer(b'{"access_token": "t"}'))
    status, body = transport(server.url).request('POST', '/iot/v1/clients/token',
                                                 form={'client_secret': 's'})
    assert (status, body) == (200, {'access_token': 't'})
    assert server.requests[0].startswith(b'POST /iot/v1/clients/token HTTP/1.1\r\n'), \
        'origin-form request line: sent to the server itself, not to a proxy'


def test_a_missing_ca_path_is_one_line_and_sends_nothing(local_server):
    # issue 9, defect 5: requests raises a bare OSError (a traceback) for a missing bundle
    server = local_server(answer())
    with pytest.raises(ConnectionFailure) as caught:
        transport('https://127.0.0.1:%d' % server.port, ca_path='/nonexistent/ca.pem').request(
            'GET', '/x')
    server.stop()
    assert str(caught.value) == 'GET /x: ca_path /nonexistent/ca.pem: no such file or directory'
    assert caught.value.maybe_sent is False
    assert server.requests == []
