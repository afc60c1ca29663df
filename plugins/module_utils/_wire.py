# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What happened on the wire during one request: whether any byte of it left the machine, and a
total deadline that no server can stretch by trickling bytes.

``requests`` cannot tell a failure before the request was written (nothing reached the server, a
retry is safe) from one after it (the server may have acted). The adapter here counts the bytes
its connections send, and a one-shot watchdog timer shuts the socket down when the deadline of
the request has passed, however slowly the answer arrives.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import socket
import threading
import time

try:
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    HAS_WIRE = True
except ImportError:  # pragma: no cover - requests missing: the transport reports it
    HTTPAdapter = object
    HAS_WIRE = False

_current = threading.local()


class DeadlinePassed(OSError):
    """Raised by a connection when the request's deadline passed before it could be sent."""


class Wire(object):
    """The state of one request: ``tracked`` once one of our connections handled it, ``sent``
    once a byte of the request was written, ``expired`` when the deadline cut it short."""

    def __init__(self, deadline):
        self.deadline = deadline
        self.tracked = False
        self.sent = False
        self.expired = False
        self.sock = None
        self._lock = threading.Lock()

    def remaining(self):
        return self.deadline - time.monotonic()

    def expire(self):
        """The watchdog: mark the request late and wake any read blocked on its socket."""
        with self._lock:
            self.expired = True
            sock = self.sock
        if sock is not None:
            try:
                # the plain socket's shutdown, also for TLS: it wakes a blocked recv at once
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass

    def use(self, connection):
        # the socket itself: http.client drops it from the connection before reading a body
        # that ends with the connection, and the watchdog must still reach it then
        with self._lock:
            self.tracked = True
            if connection.sock is not None:
                self.sock = connection.sock
            late = self.expired
        if late:
            self.expire()


class watch(object):
    """``with watch(seconds) as wire:`` around one ``session.request``.

    The watchdog is a ``threading.Timer`` that is cancelled and joined on the way out, so no
    thread outlives the request.
    """

    def __init__(self, seconds):
        self.wire = Wire(time.monotonic() + seconds)
        self._timer = threading.Timer(max(seconds, 0.0), self.wire.expire)
        self._timer.daemon = True

    def __enter__(self):
        _current.wire = self.wire
        self._timer.start()
        return self.wire

    def __exit__(self, *exc_info):
        self._timer.cancel()
        self._timer.join()
        _current.wire = None
        return False


def _wire():
    return getattr(_current, 'wire', None)


class _Tracking(object):
    """Mixin for urllib3 connections: report the connection and every byte sent to the Wire."""

    def connect(self):
        wire = _wire()
        if wire is not None:
            wire.tracked = True  # from here on, whether a byte was sent is known exactly
            if wire.remaining() <= 0:
                raise DeadlinePassed('the deadline passed before the request was sent')
        self._iotcloud_connecting = True
        try:
            super(_Tracking, self).connect()
        finally:
            self._iotcloud_connecting = False
        if wire is not None:
            wire.use(self)

    def send(self, data):
        wire = _wire()
        if wire is not None and not getattr(self, '_iotcloud_connecting', False):
            # a proxy CONNECT is sent from connect(); only the request itself counts
            if self.sock is None:
                self.connect()
            wire.use(self)
            if wire.remaining() <= 0 and not wire.sent:
                raise DeadlinePassed('the deadline passed before the request was sent')
            wire.sent = True
        return super(_Tracking, self).send(data)


if HAS_WIRE:
    class _HTTPConnection(_Tracking, HTTPConnection):
        pass

    class _HTTPSConnection(_Tracking, HTTPSConnection):
        pass

    class _HTTPPool(HTTPConnectionPool):
        ConnectionCls = _HTTPConnection

    class _HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = _HTTPSConnection

    _POOLS = {'http': _HTTPPool, 'https': _HTTPSPool}


class TrackingAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose connections (direct or through a proxy) report to the Wire."""

    def init_poolmanager(self, *args, **kwargs):
        super(TrackingAdapter, self).init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super(TrackingAdapter, self).proxy_manager_for(proxy, **proxy_kwargs)
        if getattr(manager, 'pool_classes_by_scheme', None) is not None and \
                manager.pool_classes_by_scheme.get('https') is HTTPSConnectionPool:
            manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
