# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed errors every client raises, and the server's own words taken from an error body, on
one line."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json as jsonlib
import re

MESSAGE_LIMIT = 200        # characters of a server message kept in an error


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
    """Every failure the clients raise: method, path, status (None without a response), message.

    ``maybe_sent``: a write (any method but GET/HEAD, the token request excepted) of the failing
    operation may have reached the server: it got an answer, or failed after a byte of it was
    written. False only when nothing of a write left the machine. ``request_sent``: the failing
    request itself (of any method) may have reached the server. ``content_type`` of the answer.
    """

    maybe_sent = False
    request_sent = False
    timed_out = False
    permanent = False
    content_type = None

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
    ``timed_out`` that the server may even still be working on it; ``permanent`` that a retry
    cannot help (a certificate, a missing ca_path)."""

    def __init__(self, method, path, message=None, maybe_sent=True, timed_out=False,
                 permanent=False):
        self.maybe_sent = maybe_sent
        self.request_sent = maybe_sent
        self.timed_out = timed_out
        self.permanent = permanent
        ApiError.__init__(self, method, path, None, message)


class NotFound(ApiError):
    """HTTP 404."""


class Unauthorized(ApiError):
    """HTTP 401."""


class RateLimited(ApiError):
    """HTTP 429 after every retry, or a ``Retry-After`` longer than the transport will wait."""


class ServerError(ApiError):
    """HTTP 5xx."""


class BadResponse(ApiError):
    """A success status whose body is not what the operation needs (an HTML page, broken JSON,
    the wrong JSON shape)."""


_ERROR_TYPES = {401: Unauthorized, 404: NotFound, 429: RateLimited}


def error_for_status(method, path, status, message):
    """The typed ApiError for an HTTP status."""
    cls = _ERROR_TYPES.get(status, ServerError if status >= 500 else ApiError)
    return cls(method, path, status, message)


def describe_body(body, content_type=None):
    """What a response body is, for an error message: 'an HTML page (text/html)', 'a JSON object
    with keys dashboards', 'an empty body' ..."""
    kind = (content_type or '').split(';')[0].strip() or 'no content type'
    if body is None:
        what = 'an empty body'
    elif isinstance(body, dict):
        keys = sorted(str(k) for k in body)[:5]
        what = 'a JSON object with keys %s' % ', '.join(keys) if keys else 'an empty JSON object'
    elif isinstance(body, list):
        what = 'a JSON list of %d item(s), not all objects' % len(body)
    elif re.match(r'\s*<', str(body)):
        what = 'an HTML page'
    else:
        what = 'text that is not JSON'
    return '%s (%s)' % (what, kind)
