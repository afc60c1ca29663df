# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of secrets in every form a server or a library may echo them in.

A client secret goes out form-encoded, a token in a header, and servers echo requests back as
JSON, HTML or URL-encoded text. Masking only the raw value let the URL-encoded client secret
through, so each secret is masked in all of these forms.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import html
import json
import re

from urllib.parse import quote, quote_plus

MASK = '********'
_BEARER = re.compile(r'(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+')


def secret_forms(secret):
    """The raw value and its URL-encoded (quote, quote_plus, form), JSON-escaped and HTML-escaped
    forms, longest first, so that a longer form is masked before a shorter one inside it."""
    secret = str(secret)
    forms = set([secret, quote(secret), quote(secret, safe=''), quote_plus(secret),
                 quote_plus(secret, safe='/'), html.escape(secret), html.escape(secret, quote=False)])
    for ensure_ascii in (True, False):
        escaped = json.dumps(secret, ensure_ascii=ensure_ascii)[1:-1]
        forms.add(escaped)
        forms.add(escaped.replace('/', '\\/'))  # encoders that escape the solidus
        forms.add(quote_plus(escaped))
    forms.discard('')
    return sorted(forms, key=len, reverse=True)


def _pattern(form):
    """A regex for ``form`` in which the hex digits of %XX and \\uXXXX escapes match in any case."""
    out = []
    for piece in re.split(r'(%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4})', form):
        if re.match(r'(%|\\u)[0-9A-Fa-f]+$', piece):
            head = piece[:1] if piece[0] == '%' else piece[:2]
            out.append(re.escape(head) + ''.join('[%s%s]' % (c.lower(), c.upper())
                                                 for c in piece[len(head):]))
        else:
            out.append(re.escape(piece))
    return ''.join(out)


class Masker(object):
    """The set of secrets of one transport, and ``scrub(text)`` that masks them all."""

    def __init__(self):
        self.secrets = set()
        self._regex = None

    def add(self, value):
        """Register a value that must never appear in a message (a secret, key or token)."""
        if value and str(value) not in self.secrets:
            self.secrets.add(str(value))
            self._regex = None

    def _compiled(self):
        if self._regex is None and self.secrets:
            forms = set()
            for secret in self.secrets:
                forms.update(secret_forms(secret))
            ordered = sorted(forms, key=len, reverse=True)
            self._regex = re.compile('|'.join(_pattern(form) for form in ordered))
        return self._regex

    def scrub(self, text):
        """``text`` with every form of every secret, and any bearer credential, masked."""
        text = '' if text is None else str(text)
        regex = self._compiled()
        if regex is not None:
            text = regex.sub(MASK, text)
        return _BEARER.sub(r'\1 ' + MASK, text)
