# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 9, defect 2: a success whose body is not the shape the operation needs fails in one
line that names the operation and the content type, on both platforms."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import ArduinoClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._qubitro import QubitroClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    Transport,
)

BASE = 'https://api.example.test'
DASHBOARDS = BASE + '/iot/v2/dashboards'
HTML = '<html><head><title>Proxy login</title></head><body>sign in</body></html>'
D1 = 'dddddddd-0000-4000-8000-000000000001'


def transport(retries=0):
    return Transport(BASE, retries=retries, sleep=lambda seconds: None, clock=lambda: 1767225600.0,
                     warn=lambda message: None)


@pytest.fixture
def arduino(requests_mock, tmp_path):
    requests_mock.post(BASE + '/iot/v1/clients/token', json={'access_token': 'tok', 'expires_in': 300})
    return ArduinoClient(transport(), 'demo-client', 'demo-secret-0123456789', cache_dir=str(tmp_path))


JSON = {'Content-Type': 'application/json'}

# (response, what the message says it got)
WRONG_LISTS = [
    (dict(text=HTML, headers={'Content-Type': 'text/html; charset=utf-8'}), 'an HTML page (text/html)'),
    (dict(text='{"dashboards": [', headers={}), 'text that is not JSON (no content type)'),
    (dict(json={'dashboards': []}, headers=JSON), 'a JSON object with keys dashboards (application/json)'),
    (dict(json=['a', 'b'], headers=JSON), 'a JSON list of 2 item(s), not all objects (application/json)'),
    (dict(text='', headers=JSON), 'an empty body (application/json)'),
]


@pytest.mark.parametrize('response, got', WRONG_LISTS)
def test_a_dashboards_listing_of_the_wrong_shape_is_not_no_dashboards(arduino, requests_mock,
                                                                      response, got):
    requests_mock.get(DASHBOARDS, status_code=200, **response)
    with pytest.raises(ApiError) as caught:
        arduino.list_dashboards(name='Greenhouse')
    assert str(caught.value) == ('GET /iot/v2/dashboards: HTTP 200: expected a JSON list of '
                                 'dashboards, got %s' % got)
    assert caught.value.maybe_sent is False


def test_broken_json_with_a_json_content_type_names_it(arduino, requests_mock):
    requests_mock.get(DASHBOARDS, text='{nope', headers={'Content-Type': 'application/json'})
    with pytest.raises(ApiError) as caught:
        arduino.list_dashboards()
    assert str(caught.value) == ('GET /iot/v2/dashboards: HTTP 200: the response is not valid '
                                 'JSON (application/json)')


def test_a_read_back_that_gets_html_fails_instead_of_posting_again(arduino, requests_mock):
    arduino.transport.retries = 1
    requests_mock.post(DASHBOARDS, [dict(status_code=502), dict(status_code=201, json={'id': D1})])
    requests_mock.get(DASHBOARDS, text=HTML, headers={'Content-Type': 'text/html'})
    with pytest.raises(ApiError) as caught:
        arduino.create_dashboard({'name': 'G', 'widgets': []})
    assert 'expected a JSON list of dashboards, got an HTML page' in str(caught.value)
    assert caught.value.maybe_sent is True
    assert len([r for r in requests_mock.request_history if r.method == 'POST'
                and r.path == '/iot/v2/dashboards']) == 1


@pytest.mark.parametrize('call, method, path', [
    (lambda c: c.update_dashboard(D1, {'name': 'x'}), 'PUT', '/iot/v2/dashboards/' + D1),
    (lambda c: c.patch_dashboard(D1, {'name': 'x'}), 'PATCH', '/iot/v2/dashboards/' + D1),
    (lambda c: c.get_dashboard(D1), 'GET', '/iot/v2/dashboards/' + D1),
    (lambda c: c.create_dashboard({'name': 'x'}), 'POST', '/iot/v2/dashboards'),
    (lambda c: c.clone_dashboard(D1), 'PUT', '/iot/v2/dashboards/%s/clone' % D1),
])
@pytest.mark.parametrize('response, got', [
    (dict(text='OK', headers={'Content-Type': 'text/plain'}), 'text that is not JSON (text/plain)'),
    (dict(json={'name': 'x'}, headers=JSON), 'a JSON object with keys name (application/json)'),
    (dict(json=[{'id': D1}], headers=JSON), 'a JSON list of 1 item(s), not all objects (application/json)'),
])
def test_a_dashboard_answer_without_a_dashboard_fails_in_one_line(arduino, requests_mock, call,
                                                                  method, path, response, got):
    # a text body on a PUT used to reach the module as a string (AttributeError there)
    status = 201 if path.endswith('/clone') or method == 'POST' else 200
    requests_mock.register_uri(method, BASE + path, status_code=status, **response)
    with pytest.raises(ApiError) as caught:
        call(arduino)
    assert str(caught.value) == ('%s %s: HTTP %d: expected a JSON object (a dashboard with an id), '
                                 'got %s' % (method, path, status, got))
    assert caught.value.maybe_sent is (method != 'GET')


def test_things_and_shares_listings_are_checked(arduino, requests_mock):
    requests_mock.get(BASE + '/iot/v2/things', json={'things': []}, headers=JSON)
    requests_mock.get(DASHBOARDS + '/%s/shares' % D1, text=HTML, headers={'Content-Type': 'text/html'})
    with pytest.raises(ApiError, match='expected a JSON list of things, got a JSON object'):
        arduino.list_things()
    with pytest.raises(ApiError, match='expected a JSON list of shares, got an HTML page'):
        arduino.list_shares(D1)


# -- Qubitro ------------------------------------------------------------------------------------

@pytest.fixture
def qubitro():
    return QubitroClient(transport(), 'QB_key')


@pytest.mark.parametrize('response, got', [
    (dict(text=HTML, headers={'Content-Type': 'text/html'}), 'an HTML page (text/html)'),
    (dict(json={'success': True, 'data': {'id': 'x'}}, headers=JSON),
     'a JSON object with keys id (application/json)'),
    (dict(json={'items': []}, headers=JSON), 'a JSON object with keys items (application/json)'),
])
def test_a_qubitro_listing_of_the_wrong_shape_fails(qubitro, requests_mock, response, got):
    requests_mock.get(BASE + '/v2/dashboards', **response)
    with pytest.raises(ApiError) as caught:
        qubitro.list_dashboards()
    assert str(caught.value) == ('GET /v2/dashboards: HTTP 200: expected a JSON list of dashboards '
                                 '(bare, enveloped or under "dashboards"), got %s' % got)


def test_a_qubitro_dashboard_must_be_an_object_with_an_id(qubitro, requests_mock):
    requests_mock.get(BASE + '/v2/dashboards/d1', json={'success': True, 'data': []}, headers=JSON)
    with pytest.raises(ApiError, match='expected a JSON object \\(a dashboard with an id\\)'):
        qubitro.get_dashboard('d1')


def test_a_qubitro_invite_answered_with_html_fails(qubitro, requests_mock):
    requests_mock.post(BASE + '/v2/dashboards/d1/invite', text=HTML,
                       headers={'Content-Type': 'text/html'})
    with pytest.raises(ApiError) as caught:
        qubitro.invite('d1', users=[{'email': 'a@b.test', 'role': 'viewer'}])
    assert 'got an HTML page (text/html)' in str(caught.value)
    assert caught.value.maybe_sent is True
