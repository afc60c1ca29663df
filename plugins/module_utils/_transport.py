# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer every client stands on: one ``requests.Session``, a total deadline on every
request, retries with exponential backoff and full jitter, ``Retry-After``, a client-side throttle
shared by every process of the controller, and typed errors whose messages never hold a secret.

The session ignores the environment (``trust_env`` off): the task's TLS options always win over
``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE``, ``~/.netrc`` never replaces the credentials, and proxies
are chosen here (https only). Redirects are never followed: credentials go to ``api_url`` only.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import contextlib
import datetime
import email.utils
import hashlib
import ipaddress
import math
import os
import random
import time
import traceback

from urllib.parse import urlsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    import requests.utils
    HAS_REQUESTS = True
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _wire
from ansible_collections.iotcloud.dashboards.plugins.module_utils._cachedir import (
    default_cache_dir,
    ensure_private_dir,
    warn_cache_off,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._api_errors import (
    MESSAGE_LIMIT,
    ApiError,
    BadResponse,
    ConnectionFailure,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    describe_body,
    error_for_status,
    message_from_body,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._secrets import MASK, Masker
from ansible_collections.iotcloud.dashboards.plugins.module_utils._throttle import (
    THROTTLE_MARGIN,
    Throttle,
)

# The errors, the throttle and the cache directory live in their own files; callers import them
# from here, as before they were split off.
__all__ = [
    'HAS_REQUESTS', 'REQUESTS_IMPORT_ERROR', 'MASK', 'MESSAGE_LIMIT', 'THROTTLE_MARGIN',
    'ApiError', 'BadResponse', 'ConnectionFailure', 'NotFound', 'RateLimited', 'ServerError',
    'Unauthorized', 'Throttle', 'Transport', 'check_url_security', 'default_cache_dir',
    'describe_body', 'ensure_private_dir', 'error_for_status', 'message_from_body',
    'tls_option_error', 'warn_cache_off',
]

USER_AGENT = 'iotcloud.dashboards'
IDEMPOTENT_METHODS = ('GET', 'HEAD', 'PUT', 'DELETE')
READ_METHODS = ('GET', 'HEAD', 'OPTIONS')
RETRY_STATUSES = (429, 502, 503, 504)
MAX_WAIT = 60.0            # longest single wait; a server asking for more is an error, not a hang
# A 429 (refused before anything happened) may be retried this many times beyond ``retries``.
RATE_LIMIT_EXTRA = 8
BACKOFF_BASE = 1.0         # seconds before the first retry, doubled each time, then jittered
CA_VARIABLES = ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')


def check_url_security(url):
    """Raise ValueError (one line) unless ``url`` is https, or http to a loopback host.

    Credentials travel in every request, so plain http is only allowed where nothing leaves the
    machine: 127.0.0.0/8, ::1 and localhost.
    """
    try:
        parts = urlsplit(url or '')
        port = parts.port  # raises ValueError outside 0-65535
    except ValueError as exc:
        raise ValueError('api_url must be an https:// URL with a host, got %r (%s)' % (_without_userinfo(url), exc))
    scheme = parts.scheme.lower()
    host = (parts.hostname or '').lower()
    shown = '%s://%s' % (scheme, parts.netloc.rpartition('@')[2]) if scheme else repr(url)
    if scheme not in ('http', 'https') or not host:
        raise ValueError('api_url must be an https:// URL with a host, got %s' % shown)
    if port == 0 or any(c.isspace() or c in '<>"{}|\\^`' for c in parts.netloc):
        raise ValueError('api_url must be an https:// URL with a valid host and port, got %r' % shown)
    if scheme == 'https' or _is_loopback(host):
        return url
    raise ValueError('refusing to send credentials over plain http to %s; use https:// '
                     '(plain http is only allowed to a loopback host)' % shown)


def _without_userinfo(url):
    """``url`` without any ``user:password@`` before the host, for messages."""
    scheme, sep, rest = str(url).partition('://')
    if not sep:
        return str(url)
    netloc, slash, path = rest.partition('/')
    return '%s://%s%s%s' % (scheme, netloc.rpartition('@')[2], slash, path)


def _is_loopback(host):
    if host == 'localhost' or host.endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def tls_option_error(validate_certs=True, ca_path=None):
    """A one-line error when the TLS options (or the CA bundle variables they fall back to) name
    a file that does not exist, else None. Nothing is sent before this check."""
    if not validate_certs:
        return None
    if ca_path:
        return None if os.path.exists(ca_path) else 'ca_path %s: no such file or directory' % ca_path
    for name in CA_VARIABLES:
        value = os.environ.get(name)
        if value:
            return None if os.path.exists(value) else \
                '%s=%s: no such file or directory (used because ca_path is not set)' % (name, value)
    return None


def _verify(validate_certs, ca_path):
    """The ``verify`` of every request: False, ca_path, else a CA bundle variable, else True."""
    if not validate_certs:
        return False
    if ca_path:
        return ca_path
    for name in CA_VARIABLES:
        if os.environ.get(name):
            return os.environ[name]
    return True


def _sent_without_tracking(exc):
    """For a request our adapter did not see (a test double): could it have been sent?"""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(exc, requests.exceptions.SSLError):
        return 'certificate verify failed' not in str(exc).lower()
    text = '%r %r' % (exc, getattr(exc, '__cause__', None))
    return not ('NewConnectionError' in text or 'NameResolutionError' in text)


class Transport:
    """One session to one API base URL. See ``request``."""

    def __init__(self, base_url, timeout=30, retries=3, rate_limit=None, validate_certs=True,
                 ca_path=None, throttle_key=None, warn=None, sleep=time.sleep, clock=time.time,
                 rand=random.random, cache_dir=None):
        if not HAS_REQUESTS:
            raise RuntimeError('the Python library requests is required')
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.retries = max(int(retries), 0)
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        self.masker = Masker()
        self.secrets = self.masker.secrets
        self.writes_sent = 0          # writes that may have reached the server, over this transport
        self.last_content_type = None
        self.last_status = None
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers['User-Agent'] = USER_AGENT
        adapter = _wire.TrackingAdapter()
        self.session.mount('https://', adapter)
        self.session.mount('http://', adapter)
        https = urlsplit(self.base_url).scheme.lower() == 'https'
        self.tls_error = tls_option_error(validate_certs, ca_path) if https else None
        self.verify = _verify(validate_certs, ca_path)
        self.session.verify = self.verify
        self.proxies = self._proxies()
        self.throttle = None
        if rate_limit:
            key = throttle_key or hashlib.sha256(self.base_url.encode('utf-8')).hexdigest()[:32]
            self.throttle = Throttle(rate_limit, key, cache_dir, clock, sleep, warn=self.warn)

    def _proxies(self):
        """The environment's proxy for an https API (it sees only a CONNECT tunnel). A plain-http
        API is loopback only (check_url_security) and is always reached directly, so that no
        proxy ever sees the credentials in clear text."""
        if urlsplit(self.base_url).scheme.lower() != 'https':
            return {}
        proxies = requests.utils.get_environ_proxies(self.base_url)
        for url in proxies.values():
            self.add_secret(urlsplit(url).password)
        return dict((k, v) for k, v in proxies.items() if k in ('https', 'all'))

    def add_secret(self, value):
        """Register a value that must never appear in a message (a secret, key or token), in any
        of its encoded forms."""
        self.masker.add(value)

    def scrub(self, text):
        """``text`` with every registered secret (raw, URL-, form-, JSON- or HTML-encoded) and any
        bearer credential replaced by a mask."""
        return self.masker.scrub(text)

    def error(self, exc):
        """``exc`` with secrets masked, ready to raise."""
        return exc.scrub(self.scrub)

    @contextlib.contextmanager
    def operation(self):
        """Around a client operation of several requests: an ApiError raised inside says
        ``maybe_sent`` when any write of the block may have reached the server."""
        before = self.writes_sent
        try:
            yield
        except ApiError as exc:
            if self.writes_sent > before:
                exc.maybe_sent = True
            raise

    def shape_error(self, method, path, expected, body, status=None):
        """The one-line error for a success whose body is not ``expected`` (e.g. 'a JSON list of
        dashboards'), naming the operation and the content type of the last answer."""
        exc = BadResponse(method, path, status or self.last_status, 'expected %s, got %s'
                          % (expected, describe_body(body, self.last_content_type)))
        exc.content_type = self.last_content_type
        exc.maybe_sent = exc.request_sent = method.upper() not in READ_METHODS
        return self.error(exc)

    def backoff(self, attempt):
        """Seconds to wait before retry number ``attempt`` (1-based): full jitter, capped."""
        return round(self.rand() * min(MAX_WAIT, BACKOFF_BASE * (2 ** (attempt - 1))), 3)

    def retry_after(self, response):
        """Seconds the server asked us to wait in ``Retry-After`` (seconds or HTTP-date), or None
        (also for nan, inf and negative numbers, which are taken as absent)."""
        value = (response.headers.get('Retry-After') or '').strip()  # case-insensitive mapping
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            seconds = None
        else:
            return seconds if math.isfinite(seconds) and seconds >= 0 else None
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:  # '-0000' dates come back naive; HTTP dates are always UTC
            when = when.replace(tzinfo=datetime.timezone.utc)
        return max(when.timestamp() - self.clock(), 0.0)

    def pause(self, method, path, reason, attempt, attempts, wait=None):
        """Warn about the coming retry and sleep before it; ``attempt`` is the one about to run."""
        if wait is None:
            wait = self.backoff(attempt - 1)
        self.warn(self.scrub('retrying %s %s after %s, waiting %.1f s (attempt %d/%d)'
                             % (method, path, reason, wait, attempt, attempts)))
        if wait > 0:
            self.sleep(wait)

    def _parse(self, method, path, response):
        text = response.text
        if not text.strip():
            return None
        content_type = response.headers.get('Content-Type', '').lower()
        # a body without a content type is taken as JSON when it looks like JSON
        if 'json' in content_type or (not content_type and text.lstrip()[:1] in ('{', '[')):
            try:
                return response.json()
            except ValueError:
                if content_type:
                    exc = BadResponse(method, path, response.status_code,
                                      'the response is not valid JSON (%s)'
                                      % content_type.split(';')[0].strip())
                    exc.content_type = content_type
                    raise self.error(exc)
        return text

    def _failure(self, method, path, response):
        if 300 <= response.status_code < 400:
            where = urlsplit(response.headers.get('Location') or '')
            target = '%s://%s%s' % (where.scheme, where.netloc.rpartition('@')[2], where.path) \
                if where.scheme else (where.path or 'nowhere')
            message = ('redirects to %s; redirects are not followed, so that credentials go to '
                       'api_url only' % target)
        else:
            # mask before message_from_body trims the text, or a cut-off secret would no longer match
            message = message_from_body(self.scrub(response.text),
                                        response.headers.get('Content-Type', ''))
        return self.error(error_for_status(method, path, response.status_code,
                                           message or response.reason or ''))

    def _send(self, method, url, params, json, form, headers):
        """One attempt: ``(response, None, wire)`` or ``(None, exception, wire)``."""
        with _wire.watch(self.timeout) as wire:
            try:
                response = self.session.request(
                    method, url, params=params, json=json, data=form, headers=headers,
                    timeout=self.timeout, allow_redirects=False, verify=self.verify,
                    proxies=self.proxies)
                return response, None, wire
            except (requests.exceptions.RequestException, OSError, ValueError) as exc:
                return None, exc, wire

    def _connection_failure(self, method, path, exc, wire, attempt):
        """The ConnectionFailure for an attempt that got no response."""
        sent = wire.sent if wire.tracked else _sent_without_tracking(exc)
        name = type(exc).__name__
        if wire.expired or isinstance(exc, requests.exceptions.Timeout):
            reason = 'timed out'
            detail = 'no complete answer in time' if wire.expired else name
        elif isinstance(exc, requests.exceptions.SSLError) or 'SSL' in name:
            reason = 'TLS error'
            detail = 'certificate verify failed' if 'certificate verify failed' in \
                str(exc).lower() else name
        elif isinstance(exc, requests.exceptions.ConnectionError):
            reason, detail = 'connection error', name
        else:
            reason, detail = 'request failed', name
        permanent = not sent and reason == 'TLS error' and detail == 'certificate verify failed'
        if permanent:
            message = 'TLS error (certificate verify failed); check ca_path and validate_certs'
        else:
            message = '%s after %d attempt(s) (%s, timeout %g s)' % (
                reason, attempt, detail, self.timeout)
            if reason == 'request failed':
                permanent = True
        failure = ConnectionFailure(method, path, message, maybe_sent=sent,
                                    timed_out=sent and reason == 'timed out', permanent=permanent)
        return failure

    def request(self, method, path, params=None, json=None, form=None, headers=None,
                expect=(200, 201), retry_unsafe=False, idempotent=None, writes=None):
        """Send one API call and return ``(status, body)``.

        ``body`` is parsed JSON for a JSON response, else the text, or None when empty. A 429 is
        retried for every method (the server refused it, nothing happened); 502/503/504 and
        connection errors only when the call is idempotent (GET, HEAD, PUT, DELETE unless
        ``idempotent`` says otherwise) or ``retry_unsafe`` is set. A status outside ``expect``
        (a redirect too: none is followed) raises the typed ``ApiError``. ``writes`` (default:
        any method but GET/HEAD/OPTIONS) says whether the call can change the server, which is
        what the ``maybe_sent`` of an error reports. The whole of each attempt, slow answers
        included, is bounded by ``timeout``.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        if writes is None:
            writes = method not in READ_METHODS
        may_repeat = idempotent or retry_unsafe
        attempts = self.retries + 1
        url = self.base_url + path
        wrote = False
        if self.tls_error:
            raise self.error(ConnectionFailure(method, path, self.tls_error, maybe_sent=False,
                                               permanent=True))
        # Whether an earlier attempt may have been carried out by the server (its answer was lost,
        # or only a gateway answered): then a 404 to a repeated DELETE means it is gone, as asked.
        acted = False
        limited = 0  # consecutive 429s of this call
        attempt = 0
        while True:
            attempt += 1
            if self.throttle is not None:
                self.throttle.wait()
            response, exc, wire = self._send(method, url, params, json, form, headers)
            if self.throttle is not None:
                self.throttle.done()
            if response is None:
                failure = self._connection_failure(method, path, exc, wire, attempt)
                acted = acted or failure.request_sent
                if failure.request_sent and writes:
                    wrote = True
                    self.writes_sent += 1
                failure.maybe_sent = wrote
                if may_repeat and not failure.permanent and attempt < attempts:
                    reason = failure.message.split(' after ')[0]
                    self.pause(method, path, '%s (%s)' % (reason, 'no complete answer in time'
                                                          if wire.expired else type(exc).__name__),
                               attempt + 1, attempts)
                    continue
                raise self.error(failure)
            if writes:
                wrote = True
                self.writes_sent += 1
            status = response.status_code
            self.last_content_type = response.headers.get('Content-Type')
            self.last_status = status
            if status in expect:
                try:
                    return status, self._parse(method, path, response)
                except ApiError as failure:
                    raise self._stamp(failure, wrote, response)
            if status == 404 and method == 'DELETE' and acted:
                self.warn(self.scrub('%s %s: 404 after a retry; the earlier attempt, whose answer was lost, '
                                     'deleted it' % (method, path)))
                return status, None
            acted = acted or status in (502, 503, 504)
            limited = limited + 1 if status == 429 else 0
            if status == 429 and attempt >= attempts and self.retries and attempts < self.retries + 1 + RATE_LIMIT_EXTRA:
                # The server refused it before doing anything: forks that hit the limit together keep
                # their turn a little longer instead of failing.
                attempts += 1
            if status in RETRY_STATUSES and (status == 429 or may_repeat) and attempt < attempts:
                wait = self.retry_after(response)
                if wait is not None and wait > MAX_WAIT:
                    failure = self._failure(method, path, response)
                    failure.message = ('%s; the server asks to wait %.0f s (Retry-After), longer '
                                       'than the %.0f s this client waits'
                                       % (failure.message, wait, MAX_WAIT)).lstrip('; ')
                    raise self._stamp(self.error(failure), wrote, response)
                if wait is None:
                    wait = self.backoff(attempt)
                elif limited > 1:
                    # refused again after waiting as asked: others are waiting too, so spread out
                    wait = round(wait + self.backoff(limited - 1), 3)
                if status == 429 and self.throttle is not None:
                    # the budget is shared, so everyone sharing it backs off, not only this call
                    self.throttle.hold_until(self.clock() + wait)
                self.pause(method, path, 'HTTP %d' % status, attempt + 1, attempts, wait)
                continue
            failure = self._failure(method, path, response)
            if attempt > 1:
                failure.message = ('%s (after %d attempts)' % (failure.message, attempt)).lstrip()
                failure = self.error(failure)
            raise self._stamp(failure, wrote, response)

    @staticmethod
    def _stamp(failure, wrote, response):
        failure.maybe_sent = wrote
        failure.request_sent = True
        failure.content_type = response.headers.get('Content-Type')
        return failure
