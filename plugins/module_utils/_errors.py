# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input errors every module raises before a request, and the UUID check they share."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re


# Messages say where a thing was not found with this phrase; the module base puts the organization
# (its id, or "the personal space") in its place, so that pure code needs no parameters for it.
THIS_ORGANIZATION = 'in this organization'


def organization_phrase(organization):
    """Where an Arduino lookup looked: ``in organization <id>``, or the personal space without one."""
    return 'in organization %s' % organization if organization else 'in the personal space (no organization given)'


class ValidationError(ValueError):
    """A one-line, actionable problem with the user's input, raised before any request."""


class AmbiguousError(ValueError):
    """Several objects match a name; the message lists their ids."""


_UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def is_uuid(value):
    """True for a string in the canonical 8-4-4-4-12 hex form (any case)."""
    return isinstance(value, str) and _UUID_RE.match(value) is not None


def context_prefix(context):
    """``'<context>: '``, or nothing without a context, to start a message."""
    return '%s: ' % context if context else ''
