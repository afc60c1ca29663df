# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Qubitro client: bearer key, both response shapes, error bodies, no blind invite retry."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils._qubitro import (
    QubitroClient,
    unwrap,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    NotFound,
    ServerError,
    Transport,
)

BASE = 'https://api.example.test'
KEY = 'QB_0123456789abcdef'
DASH = {'id': 'd1', 'name': 'Fleet', 'widgets': []}
ENVELOPE = {'success': True, 'action': 'get', 'status': 200, 'message': 'ok'}


def envelope(data):
    return dict(ENVELOPE, data=data)


@pytest.fixture
def client():
    transport = Transport(BASE, retries=2, sleep=lambda seconds: None, clock=lambda: 0.0,
                          warn=lambda message: None)
    return QubitroClient(transport, KEY)


@pytest.mark.parametrize('body', [
    {'dashboards': [DASH]},
    envelope([DASH]),
    envelope({'dashboards': [DASH]}),
    [DASH],
])
def test_list_dashboards_shapes(client, requests_mock, body):
    requests_mock.get(BASE + '/v2/dashboards', json=body)
    assert client.list_dashboards() == [DASH]
    assert requests_mock.last_request.headers['Authorization'] == 'Bearer ' + KEY


@pytest.mark.parametrize('body', [DASH, envelope(DASH)])
def test_get_dashboard_shapes(client, requests_mock, body):
    requests_mock.get(BASE + '/v2/dashboards/d1', json=body)
    assert client.get_dashboard('d1') == DASH


@pytest.mark.parametrize('body', [{'groups': [{'id': 'g1', 'name': 'Ops'}]},
                                  envelope([{'id': 'g1', 'name': 'Ops'}])])
def test_list_groups_shapes(client, requests_mock, body):
    requests_mock.get(BASE + '/v2/organization/groups', json=body)
    assert client.list_groups() == [{'id': 'g1', 'name': 'Ops'}]


def test_other_lists(client, requests_mock):
    device = {'device_id': 'x', 'project_id': 'p1'}
    requests_mock.get(BASE + '/v2/dashboards/d1/devices', json=[device])
    requests_mock.get(BASE + '/v2/projects', json=envelope([{'id': 'p1'}]))
    requests_mock.get(BASE + '/v2/projects/p1/devices', json=[{'id': 'x'}])
    assert client.get_dashboard_devices('d1') == [device]
    assert client.list_projects() == [{'id': 'p1'}]
    assert client.list_project_devices('p1') == [{'id': 'x'}]


def test_unwrap_keeps_objects_that_only_look_like_wrappers():
    assert unwrap({'dashboards': 'not a list'}) == {'dashboards': 'not a list'}
    assert unwrap({'name': 'x', 'groups': []}) == {'name': 'x', 'groups': []}
    assert unwrap(None) is None


def test_invite_returns_the_action_result(client, requests_mock):
    result = {'success': True, 'action': 'invite to dashboard', 'status': 200,
              'message': 'Dashboard invitation sent successfully.'}
    requests_mock.post(BASE + '/v2/dashboards/d1/invite', json=result)
    users = [{'email': 'a@example.com', 'role': 'readonly'}]
    assert client.invite('d1', users=users) == result
    assert requests_mock.last_request.json() == {'users': users, 'groups': []}


def test_invite_is_not_repeated_blindly(client, requests_mock):
    responses = [dict(status_code=502), dict(status_code=200, json={})]
    requests_mock.post(BASE + '/v2/dashboards/d1/invite', responses)
    with pytest.raises(ServerError):
        client.invite('d1', groups=[{'id': 'g1', 'role': 'admin'}])
    assert requests_mock.call_count == 1


def test_error_body_message(client, requests_mock):
    requests_mock.get(BASE + '/v2/dashboards/nope', status_code=404, json={
        'success': False, 'action': 'get dashboard',
        'message': 'dashboard not found or access denied'})
    with pytest.raises(NotFound) as caught:
        client.get_dashboard('nope')
    assert str(caught.value) == ('GET /v2/dashboards/nope: HTTP 404: '
                                 'dashboard not found or access denied')


def test_unsuccessful_envelope_under_200_is_an_error(client, requests_mock):
    requests_mock.get(BASE + '/v2/dashboards', json={'success': False, 'action': 'list',
                                                     'message': 'quota exceeded'})
    with pytest.raises(ApiError, match='quota exceeded'):
        client.list_dashboards()


def test_the_key_never_reaches_a_message(client, requests_mock):
    requests_mock.get(BASE + '/v2/dashboards', status_code=401, json={
        'success': False, 'message': 'invalid key %s' % KEY})
    with pytest.raises(ApiError) as caught:
        client.list_dashboards()
    assert KEY not in str(caught.value)
    assert 'invalid key ********' in str(caught.value)
