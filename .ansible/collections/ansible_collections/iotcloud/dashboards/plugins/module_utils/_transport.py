# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP layer every client stands on: one ``requests.Session``, an explicit timeout on every
request, retries with exponential backoff and full jitter, ``Retry-After``, a client-side throttle
shared by every process of the controller, and typed errors whose messages never hold a secret."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import datetime
import email.utils
import hashlib
import ipaddress
import json as jsonlib
import os
import random
import re
import threading
import time
import traceback

from urllib.parse import urlsplit

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX: the throttle stays in-process
    HAS_FCNTL = False

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    HAS_REQUESTS = True
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = 'iotcloud.dashboards'
IDEMPOTENT_METHODS = ('GET', 'HEAD', 'PUT', 'DELETE')
RETRY_STATUSES = (429, 502, 503, 504)
MAX_WAIT = 60.0            # longest single wait; a server asking for more is an error, not a hang
BACKOFF_BASE = 1.0         # seconds before the first retry, doubled each time, then jittered
MESSAGE_LIMIT = 200        # characters of a server message kept in an error
MASK = '********'
THROTTLE_MARGIN = 0.05     # requests are spaced 5% wider than 1/rate_limit
_STALE_SLOT = 300.0        # a throttle slot further ahead than this is a clock jump, not a queue


def default_cache_dir():
    """``$XDG_CACHE_HOME/iotcloud.dashboards``, else ``~/.cache/iotcloud.dashboards``."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'iotcloud.dashboards')


def ensure_private_dir(path):
    """Create ``path`` readable only by the user (0700); raise OSError when that is impossible."""
    if not os.path.isdir(path):
        os.makedirs(path, 0o700)
    if os.stat(path).st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def check_url_security(url):
    """Raise ValueError (one line) unless ``url`` is https, or http to a loopback host.

    Credentials travel in every request, so plain http is only allowed where nothing leaves the
    machine: 127.0.0.0/8, ::1 and localhost.
    """
    parts = urlsplit(url or '')
    scheme = parts.scheme.lower()
    host = (parts.hostname or '').lower()
    shown = '%s://%s' % (scheme, parts.netloc.rpartition('@')[2]) if scheme else repr(url)
    if scheme not in ('http', 'https') or not host:
        raise ValueError('api_url must be an https:// URL with a host, got %s' % shown)
    if scheme == 'https' or _is_loopback(host):
        return url
    raise ValueError('refusing to send credentials over plain http to %s; use https:// '
                     '(plain http is only allowed to a loopback host)' % shown)


def _is_loopback(host):
    if host == 'localhost' or host.endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _one_line(text, limit=MESSAGE_LIMIT):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + '...'


def _html_text(text):
    """The title of an HTML error page, else its text without tags."""
    title = re.search(r'<title[^>]*>(.*?)</title>', text, re.I | re.S)
    if title and title.group(1).strip():
        return title.group(1)
    text = re.sub(r'<(script|style)[^>]*>.*?</\1>', ' ', text, flags=re.I | re.S)
    return re.sub(r'<[^>]+>', ' ', text)


def message_from_body(text, content_type=''):
    """The server's own words from an error body, on one line; '' when there are none.

    goa (Arduino) bodies carry ``detail`` (else ``code``), Qubitro ones ``message`` (+ ``details``),
    OAuth2 token errors ``error_description``; anything else is shown as trimmed text.
    """
    text = (text or '').strip()
    if not text:
        return ''
    data = None
    if 'json' in (content_type or '').lower() or text[:1] in ('{', '['):
        try:
            data = jsonlib.loads(text)
        except ValueError:
            data = None
    if isinstance(data, dict):
        for key in ('detail', 'message', 'error_description', 'code', 'error'):
            value = data.get(key)
            if value not in (None, '') and not isinstance(value, (dict, list)):
                details = data.get('details') if key == 'message' else None
                if details not in (None, '') and not isinstance(details, (dict, list)):
                    return _one_line('%s (%s)' % (value, details))
                return _one_line(value)
        return _one_line(text)
    if 'html' in (content_type or '').lower() or text[:1] == '<':
        return _one_line(_html_text(text))
    return _one_line(text)


class ApiError(Exception):
    """Every failure the clients raise: method, path, status (None without a response), message."""

    def __init__(self, method, path, status=None, message=None):
        self.method = method
        self.path = path
        self.status = status
        self.message = message or ''
        Exception.__init__(self, self.__str__())

    def __str__(self):
        where = '%s %s' % (self.method, self.path)
        if self.status is None:
            return '%s: %s' % (where, self.message or 'request failed')
        if self.message:
            return '%s: HTTP %s: %s' % (where, self.status, self.message)
        return '%s: HTTP %s' % (where, self.status)

    def scrub(self, scrubber):
        """Mask secrets in the fields the message is built from."""
        self.path = scrubber(self.path)
        self.message = scrubber(self.message)
        self.args = (self.__str__(),)
        return self


class ConnectionFailure(ApiError):
    """No response: the connection failed or timed out. ``maybe_sent`` says the server may have
    received (and acted on) the request, so a non-idempotent call must be checked before a retry;
    ``timed_out`` that the server may even still be working on it."""

    def __init__(self, method, path, message=None, maybe_sent=True, timed_out=False):
        self.maybe_sent = maybe_sent
        self.timed_out = timed_out
        ApiError.__init__(self, method, path, None, message)


class NotFound(ApiError):
    """HTTP 404."""


class Unauthorized(ApiError):
    """HTTP 401."""


class RateLimited(ApiError):
    """HTTP 429 after every retry, or a ``Retry-After`` longer than the transport will wait."""


class ServerError(ApiError):
    """HTTP 5xx."""


_ERROR_TYPES = {401: Unauthorized, 404: NotFound, 429: RateLimited}


def error_for_status(method, path, status, message):
    """The typed ApiError for an HTTP status."""
    cls = _ERROR_TYPES.get(status, ServerError if status >= 500 else ApiError)
    return cls(method, path, status, message)


class Throttle:
    """At most ``rate`` requests per second for everyone sharing ``key``.

    The earliest time of the next request lives in a small file guarded by ``flock`` so that all
    forks and processes of one controller share one budget. Each caller reserves a slot under the
    lock and sleeps outside it, so a waiting process never blocks the others' bookkeeping. When the
    file cannot be used, the budget is shared within this process only.
    """

    _local = {}
    _local_lock = threading.Lock()

    def __init__(self, rate, key, cache_dir=None, clock=time.time, sleep=time.sleep):
        # A little wider than 1/rate: the server counts arrivals, and network jitter shortens gaps.
        self.interval = (1.0 + THROTTLE_MARGIN) / float(rate)
        self.key = key
        self.clock = clock
        self.sleep = sleep
        self.path = None
        if HAS_FCNTL:
            try:
                directory = ensure_private_dir(cache_dir or default_cache_dir())
                safe_key = re.sub(r'[^A-Za-z0-9_.-]', '_', str(key))
                path = os.path.join(directory, 'throttle-%s.lock' % safe_key)
                os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
                self.path = path
            except OSError:
                self.path = None

    def _update(self, change):
        """Apply ``change(stored_next_time) -> new_next_time`` atomically; return the old value."""
        if self.path is not None:
            try:
                return self._update_file(change)
            except OSError:
                self.path = None  # the file went away or became unwritable: keep going in-process
        with self._local_lock:
            stored = self._local.get(self.key, 0.0)
            self._local[self.key] = change(stored)
            return stored

    def _update_file(self, change):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.read(fd, 64)
            try:
                stored = float(raw.decode('ascii').strip() or 0)
            except ValueError:
                stored = 0.0
            value = change(stored)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, ('%.6f' % value).encode('ascii'))
            return stored
        finally:
            os.close(fd)  # closing releases the flock

    def _slot(self, stored, now):
        return now if stored > now + _STALE_SLOT else max(stored, now)

    def wait(self):
        """Reserve the next free slot and sleep until it comes; return the seconds slept."""
        now = self.clock()
        stored = self._update(lambda value: self._slot(value, now) + self.interval)
        delay = self._slot(stored, now) - now
        if delay > 0:
            self.sleep(delay)
        return max(delay, 0.0)

    def hold_until(self, when):
        """Tell every sharer not to send before ``when`` (the server asked us to back off)."""
        self._update(lambda value: max(value, when))


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
        self.secrets = set()
        self.session = requests.Session()
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.verify = (ca_path or True) if validate_certs else False
        self.throttle = None
        if rate_limit:
            key = throttle_key or hashlib.sha256(self.base_url.encode('utf-8')).hexdigest()[:32]
            self.throttle = Throttle(rate_limit, key, cache_dir, clock, sleep)

    def add_secret(self, value):
        """Register a value that must never appear in a message (a secret, key or token)."""
        if value:
            self.secrets.add(str(value))

    def scrub(self, text):
        """``text`` with every registered secret and any bearer credential replaced by a mask."""
        text = '' if text is None else str(text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return re.sub(r'(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+', r'\1 ' + MASK, text)

    def error(self, exc):
        """``exc`` with secrets masked, ready to raise."""
        return exc.scrub(self.scrub)

    def backoff(self, attempt):
        """Seconds to wait before retry number ``attempt`` (1-based): full jitter, capped."""
        return round(self.rand() * min(MAX_WAIT, BACKOFF_BASE * (2 ** (attempt - 1))), 3)

    def retry_after(self, response):
        """Seconds the server asked us to wait in ``Retry-After`` (seconds or HTTP-date), or None."""
        value = (response.headers.get('Retry-After') or '').strip()  # case-insensitive mapping
        if not value:
            return None
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
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
                    raise self.error(ApiError(method, path, response.status_code,
                                              'the response is not valid JSON'))
        return text

    def _failure(self, method, path, response):
        # mask before message_from_body trims the text, or a cut-off secret would no longer match
        message = message_from_body(self.scrub(response.text), response.headers.get('Content-Type', ''))
        return self.error(error_for_status(method, path, response.status_code,
                                           message or response.reason or ''))

    def request(self, method, path, params=None, json=None, form=None, headers=None,
                expect=(200, 201), retry_unsafe=False, idempotent=None):
        """Send one API call and return ``(status, body)``.

        ``body`` is parsed JSON for a JSON response, else the text, or None when empty. A 429 is
        retried for every method (the server refused it, nothing happened); 502/503/504 and
        connection errors only when the call is idempotent (GET, HEAD, PUT, DELETE unless
        ``idempotent`` says otherwise) or ``retry_unsafe`` is set. A status outside ``expect``
        raises the typed ``ApiError``.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        may_repeat = idempotent or retry_unsafe
        attempts = self.retries + 1
        url = self.base_url + path
        for attempt in range(1, attempts + 1):
            if self.throttle is not None:
                self.throttle.wait()
            try:
                response = self.session.request(method, url, params=params, json=json, data=form,
                                                headers=headers, timeout=self.timeout)
            except requests.exceptions.RequestException as exc:
                if isinstance(exc, requests.exceptions.SSLError):
                    # retrying cannot fix a certificate, and nothing was sent over it
                    detail = 'certificate verify failed' if 'certificate verify failed' in \
                        str(exc).lower() else type(exc).__name__
                    raise self.error(ConnectionFailure(
                        method, path, 'TLS error (%s); check ca_path and validate_certs'
                        % detail, maybe_sent=False))
                if not isinstance(exc, (requests.exceptions.ConnectionError,
                                        requests.exceptions.Timeout)):
                    raise self.error(ApiError(method, path, None, 'request failed: %s'
                                              % type(exc).__name__))
                # a connect timeout means nothing reached the server; anything else might have
                sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
                reason = 'timed out' if isinstance(exc, requests.exceptions.Timeout) \
                    else 'connection error'
                if may_repeat and attempt < attempts:
                    self.pause(method, path, '%s (%s)' % (reason, type(exc).__name__),
                               attempt + 1, attempts)
                    continue
                raise self.error(ConnectionFailure(
                    method, path, '%s after %d attempt(s) (%s, timeout %g s)'
                    % (reason, attempt, type(exc).__name__, self.timeout), maybe_sent=sent,
                    timed_out=sent and isinstance(exc, requests.exceptions.Timeout)))
            status = response.status_code
            if status in expect:
                return status, self._parse(method, path, response)
            if status in RETRY_STATUSES and (status == 429 or may_repeat) and attempt < attempts:
                wait = self.retry_after(response)
                if wait is not None and wait > MAX_WAIT:
                    failure = self._failure(method, path, response)
                    failure.message = ('%s; the server asks to wait %.0f s (Retry-After), longer '
                                       'than the %.0f s this client waits'
                                       % (failure.message, wait, MAX_WAIT)).lstrip('; ')
                    raise self.error(failure)
                wait = self.backoff(attempt) if wait is None else wait
                if status == 429 and self.throttle is not None:
                    # the budget is shared, so everyone sharing it backs off, not only this call
                    self.throttle.hold_until(self.clock() + wait)
                self.pause(method, path, 'HTTP %d' % status, attempt + 1, attempts, wait)
                continue
            failure = self._failure(method, path, response)
            if attempt > 1:
                failure.message = ('%s (after %d attempts)' % (failure.message, attempt)).lstrip()
                failure = self.error(failure)
            raise failure
        raise AssertionError('unreachable')  # pragma: no cover
