# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""M(dashboard_share): Arduino shares (read once, one batched PUT, a DELETE per removal, read back),
share requests, and Qubitro invitations (which cannot be read back)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import is_uuid
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError


def validate(params):
    """The users and groups, checked without a request."""
    return shr.validate_share(params['platform'], params['state'], params['users'], params['groups'],
                              params['exclusive'], params['request_message'])


class Missing(Exception):
    """The dashboard is not there; in check mode an earlier task may create it."""

    def __init__(self, what, where=''):
        super(Missing, self).__init__('%s not found%s' % (what, where))
        self.what = what


def find_arduino_dashboard(client, ident):
    """The raw Arduino dashboard, or Missing naming it."""
    raw = _lookup.find_dashboard(client, ident=ident)
    if raw is None:
        raise Missing('dashboard %r' % ident, ' in this organization')
    return raw


def find_qubitro_dashboard(client, ident):
    """The Qubitro dashboard with that id or exact name from one listing, or Missing naming it."""
    found = _lookup.find_qubitro_dashboard(client, ident=ident, full=False)
    if found is None:
        raise Missing('Qubitro dashboard %r' % ident)
    return found


def run_arduino(module, client, users):
    """Read the shares once, add the missing users in one PUT, remove each extra share with a DELETE."""
    params = module.params
    raw = find_arduino_dashboard(client, params['dashboard'])
    before = shr.normalize_shares(client.list_shares(raw['id']))
    to_add, to_remove = shr.plan_shares(before, users, params['state'], params['exclusive'])
    changed = bool(to_add or to_remove)
    after = before
    if changed and module.check_mode:
        after = shr.predict_shares(before, to_add, to_remove)
    elif changed:
        if to_add:
            module.writes.call(client.share_dashboard, raw['id'], shr.share_body(to_add)['users'])
        for user_id in to_remove:
            module.writes.call(client.delete_share, raw['id'], user_id)
        after = shr.normalize_shares(client.list_shares(raw['id']))
        ignored = shr.missing_after_write(after, to_add)
        if ignored:
            module.fail_json(msg='the server accepted the share but the list lacks %s' % ignored,
                             changed=True, dashboard_id=raw['id'], shares=after)
    result = dict(changed=changed, dashboard_id=raw['id'], shares=after)
    if module._diff:
        result['diff'] = {'before': {'shares': before}, 'after': {'shares': after}}
    return result


def run_requested(module, client):
    """Send a share request; it cannot be read back, so every send is a change."""
    params = module.params
    ident = params['dashboard']
    # A dashboard you do not own may be invisible to a listing, so an id is used as it is.
    dashboard_id = ident if is_uuid(ident) else find_arduino_dashboard(client, ident)['id']
    if not module.check_mode:
        module.writes.call(client.request_access, dashboard_id, message=params['request_message'])
    request = {'message': params['request_message']}
    result = dict(changed=True, dashboard_id=dashboard_id, share_request=request)
    if module._diff:
        result['diff'] = {'before': {}, 'after': {'share_request': request}}
    return result


def run_qubitro(module, client, users, groups):
    """Send one batched invitation; access cannot be read back, so it is a change every time."""
    raw = find_qubitro_dashboard(client, module.params['dashboard'])
    if shr.groups_need_listing(groups):
        try:
            listing = client.list_groups()
        except ApiError as exc:
            if exc.status == 403:
                module.fail_json(msg='%s (%s)' % (shr.GROUPS_NEED_PLAN, exc))
            raise
        if not listing:
            module.fail_json(msg=shr.GROUPS_NEED_PLAN + ' (the organization has no groups)')
        groups = shr.resolve_groups(groups, listing)
    else:
        groups = shr.resolve_groups(groups, [])
    body = shr.invite_body(users, groups)
    if not module.check_mode:
        module.writes.call(client.invite, raw['id'], users=body['users'], groups=body['groups'])
        module.warn(shr.QUBITRO_NO_READBACK)
    result = dict(changed=True, dashboard_id=raw['id'], shares=body)
    if module._diff:
        result['diff'] = {'before': {}, 'after': {'invite': body}}
    return result


def execute(module, client, validated):
    """Share, request or invite as the parameters say."""
    users, groups = validated
    params = module.params
    try:
        if params['platform'] == 'qubitro':
            return run_qubitro(module, client, users, groups)
        if params['state'] == 'requested':
            return run_requested(module, client)
        return run_arduino(module, client, users)
    except Missing as exc:
        if params['platform'] == 'qubitro':
            shares = shr.invite_body(users, groups)
        else:
            shares = shr.predict_shares([], [] if params['state'] == 'absent' else users, [])
        result = module.missing_in_check_mode(exc.what, dict(changed=params['state'] != 'absent',
                                                             dashboard_id=None, shares=shares))
        if result is None:
            module.fail_json(msg=str(exc))
        return result
