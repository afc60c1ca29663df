# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Carrying out a plan of _plan.py with a client: the writes, in a fixed order, and a check that
the server kept what was written. Nothing here decides what to write."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils._plan import changed_widgets
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError


def may_have_changed(exc):
    """Whether a write that raised ``exc`` may have changed something on the server: a 4xx answer
    to the write itself refused it; anything else (a 5xx, a connection lost after sending, a failed
    read-back after a write that may have happened) may have, as the transport's ``maybe_sent`` says."""
    status = getattr(exc, 'status', None)
    if status is not None and 400 <= status < 500 and getattr(exc, 'method', None) != 'GET':
        return False
    return bool(getattr(exc, 'maybe_sent', True))


class Writes(object):
    """Counts the writes that happened or may have happened, for a truthful ``changed`` after a failure."""

    def __init__(self):
        self.sent = False

    def call(self, method, *args, **kwargs):
        """Run one write through the client and remember that it (maybe) changed the server."""
        try:
            result = method(*args, **kwargs)
        except ApiError as exc:
            if may_have_changed(exc):
                self.sent = True
            raise
        self.sent = True
        return result


class NotAsWritten(Exception):
    """The server answered a write with something other than what was sent (another writer, or a
    server that ignored part of the request)."""


def write_dashboard(client, plan, writes):
    """POST or PUT the plan's payload; returns the normalised dashboard the server answered with,
    checked against the plan's ``after``. Nothing is sent when the plan has no payload."""
    if plan['payload'] is None:
        return None
    paged = plan.get('api') == 3
    if paged:
        client = client.v3()
    if plan['action'] == 'create':
        answer = writes.call(client.create_dashboard, plan['payload'])
    else:
        answer = writes.call(client.update_dashboard, plan['raw']['id'], plan['payload'])
    result = dsh.normalize_dashboard(answer, paged=paged)
    if dsh.dashboard_differs(result, plan['after']):
        raise NotAsWritten('the server answered the %s with a different dashboard (widgets %s)' % (
            'create' if plan['action'] == 'create' else 'update',
            ', '.join(str(w) for w in changed_widgets(result, plan['after'])) or 'none differ, the name or cover'))
    return result


def write_shares(client, dashboard_id, plan, writes):
    """One ``PUT .../shares`` for every user to add, one DELETE per user to remove, then one read of the
    shares to check and return them (normalised). Returns None when no share changes."""
    if not plan['share_add'] and not plan['share_remove']:
        return None
    if plan['share_add']:
        writes.call(client.share_dashboard, dashboard_id, shr.share_body(plan['share_add'])['users'])
    for user_id in plan['share_remove']:
        writes.call(client.delete_share, dashboard_id, user_id)
    shares = shr.normalize_shares(client.list_shares(dashboard_id))
    missing = shr.missing_after_write(shares, plan['share_add'])
    kept = [s for s in shares if s['user_id'] in plan['share_remove']]
    if missing or kept:
        raise NotAsWritten('the server accepted the share changes, but its share list %s' % '; '.join(
            part for part in (
                'lacks %s' % ', '.join(sorted(u.get('username') or u.get('user_id') for u in missing)) if missing else '',
                'still has %s' % ', '.join(sorted(s['username'] or s['user_id'] for s in kept)) if kept else '')
            if part))
    return shares


def apply_plan(client, plan, writes):
    """Carry out one plan (create, update or delete) and return the normalised dashboard after it
    (None for a delete). Raises ApiError or NotAsWritten; ``writes.sent`` says whether anything may
    have changed before that."""
    if plan['action'] == 'unchanged':
        return plan['after']
    if plan['action'] == 'delete':
        writes.call(client.delete_dashboard, plan['raw']['id'])
        return None
    result = write_dashboard(client, plan, writes)
    if result is None:
        result = dict(plan['after'])
    dashboard_id = result.get('id') or plan['raw']['id']
    shares = write_shares(client, dashboard_id, plan, writes)
    if shares is not None:
        result['shares'] = shares
    elif 'shares' in plan['after']:
        result['shares'] = plan['after']['shares']
    return result
