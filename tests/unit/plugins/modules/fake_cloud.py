# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An in-memory Arduino client with the method names of ArduinoClient, for driving the modules'
main() in unit tests. It records every call, so a test can say which requests a run made. It applies
no server-side filter (the document does not promise them), which is the strict reading, but it refuses
a ``name`` filter outside the document's pattern, as the server does. A delete is soft unless forced:
a soft-deleted dashboard is neither listed nor readable, and only a forced DELETE or a PATCH with
``soft_deleted: false`` reaches it, as in the emulator."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import re
import uuid

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError, NotFound

ACME = '11111111-1111-4111-8111-111111111111'
GREENHOUSE = 'a1000000-0000-4000-8000-000000000001'
TEMP = 'a1000000-0000-4000-8000-000000000011'
HUMIDITY = 'a1000000-0000-4000-8000-000000000012'
FAN = 'a1000000-0000-4000-8000-000000000013'
WEATHER = 'a1000000-0000-4000-8000-000000000002'
WIND = 'a1000000-0000-4000-8000-000000000021'
ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
OTHER_ORG_PROPERTY = 'b2000000-0000-4000-8000-000000000011'

THINGS = [
    {'id': GREENHOUSE, 'name': 'greenhouse', 'device_id': 'a1000000-0000-4000-8000-0000000000d1', 'properties': [
        {'id': TEMP, 'name': 'temperature', 'variable_name': 'temperature', 'permission': 'READ_ONLY'},
        {'id': HUMIDITY, 'name': 'humidity', 'variable_name': 'humidity', 'permission': 'READ_ONLY'},
        {'id': FAN, 'name': 'fan', 'variable_name': 'fan', 'permission': 'READ_WRITE'}]},
    {'id': WEATHER, 'name': 'weather-station', 'properties': [
        {'id': WIND, 'name': 'wind', 'variable_name': 'wind'}]},
]
USERS = {'alice': ALICE, 'bob': BOB}
WRITES = ('create_dashboard', 'update_dashboard', 'patch_dashboard', 'delete_dashboard', 'clone_dashboard',
          'share_dashboard', 'delete_share', 'request_access', 'link_widget')


class FakeArduino(object):
    """Dashboards, shares and things of one organization, kept in memory."""

    def __init__(self, dashboards=None, list_shared_with=True):
        self.dashboards = {}
        self.shares = {}
        self.calls = []
        self.list_shared_with = list_shared_with
        self.fail = {}  # (method, dashboard name or id) -> ApiError to raise once
        self.deleted = {}  # soft-deleted dashboards by id
        for raw in dashboards or []:
            raw = copy.deepcopy(raw)
            raw.setdefault('id', str(uuid.uuid4()))
            self.shares[raw['id']] = list(raw.pop('shared_with', []))
            self.dashboards[raw['id']] = raw

    # ---- helpers ------------------------------------------------------------------------------
    def _record(self, method, *args):
        self.calls.append((method,) + args)
        for key in [(method, a) for a in args if isinstance(a, str)] + [(method, None)]:
            if key in self.fail:
                raise self.fail.pop(key)

    def writes(self):
        return [c for c in self.calls if c[0] in WRITES]

    def _render(self, raw, shared=True):
        body = copy.deepcopy(raw)
        for widget in body.get('widgets', []):
            widget['variables'] = [{'id': v, 'name': v} for v in widget.get('variables', [])]
        if shared:
            body['shared_with'] = self._share_list(raw['id'])
        return body

    def _share_list(self, dashboard_id):
        names = dict((v, k) for k, v in USERS.items())
        return [{'user_id': uid, 'username': names.get(uid)} for uid in self.shares.get(dashboard_id, [])]

    def _get(self, dashboard_id):
        if dashboard_id not in self.dashboards:
            raise NotFound('GET', '/iot/v2/dashboards/%s' % dashboard_id, 404, 'not found')
        return self.dashboards[dashboard_id]

    # ---- the ArduinoClient interface ------------------------------------------------------------
    def v3(self):
        """The dashboards v3 view: this fake keeps every field it is given (pages, page_id), so it
        serves both; the call is recorded so tests see which API a module chose."""
        self.calls.append(('v3',))
        return self

    def list_dashboards(self, name=None, thing_id=None, user_id=None):
        self._record('list_dashboards', name)
        if name is not None and not re.search(r'[a-zA-Z0-9_.@-]+', name):
            raise ApiError('GET', '/iot/v2/dashboards', 400,
                           'query parameter name must match the pattern [a-zA-Z0-9_.@-]+')
        return [self._render(d, self.list_shared_with) for d in self.dashboards.values()]

    def get_dashboard(self, dashboard_id):
        self._record('get_dashboard', dashboard_id)
        return self._render(self._get(dashboard_id))

    def create_dashboard(self, payload):
        self._record('create_dashboard', payload['name'])
        raw = dict(copy.deepcopy(payload), id=str(uuid.uuid4()))
        self.dashboards[raw['id']] = raw
        self.shares[raw['id']] = []
        return self._render(raw)

    def update_dashboard(self, dashboard_id, payload):
        self._record('update_dashboard', dashboard_id, payload['name'])
        self._get(dashboard_id)
        self.dashboards[dashboard_id] = dict(copy.deepcopy(payload), id=dashboard_id)
        return self._render(self.dashboards[dashboard_id])

    def patch_dashboard(self, dashboard_id, payload):
        self._record('patch_dashboard', dashboard_id)
        payload = copy.deepcopy(payload)
        if payload.pop('soft_deleted', None) is False and dashboard_id in self.deleted:
            self.dashboards[dashboard_id] = self.deleted.pop(dashboard_id)
        self._get(dashboard_id).update(payload)
        return self._render(self.dashboards[dashboard_id])

    def delete_dashboard(self, dashboard_id, force=False):
        self._record('delete_dashboard', dashboard_id, 'force' if force else 'soft')
        if force and dashboard_id in self.deleted:
            del self.deleted[dashboard_id]
            return
        self._get(dashboard_id)
        raw = self.dashboards.pop(dashboard_id)
        if not force:
            self.deleted[dashboard_id] = raw

    def list_shares(self, dashboard_id):
        self._record('list_shares', dashboard_id)
        self._get(dashboard_id)
        return self._share_list(dashboard_id)

    def share_dashboard(self, dashboard_id, users):
        self._record('share_dashboard', dashboard_id)
        for user in users:
            user_id = user.get('user_id') or USERS.get(user.get('username'))
            if user_id is None:
                raise ApiError('PUT', '/iot/v2/dashboards/%s/shares' % dashboard_id, 400,
                               'user %s not found' % user.get('username'))
            if user_id not in self.shares[dashboard_id]:
                self.shares[dashboard_id].append(user_id)

    def delete_share(self, dashboard_id, user_id):
        self._record('delete_share', dashboard_id, user_id)
        self.shares[dashboard_id].remove(user_id)

    def link_widget(self, dashboard_id, widget_id, variables):
        self._record('link_widget', dashboard_id, widget_id)
        for widget in self._get(dashboard_id)['widgets']:
            if widget['id'] == widget_id:
                widget['variables'] = list(variables)

    def list_things(self, show_properties=True):
        self._record('list_things')
        return copy.deepcopy(THINGS)
