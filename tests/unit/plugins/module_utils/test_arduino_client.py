# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Arduino client: token request, token cache, one refresh on 401, the create re-read path."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import stat

import pytest
import requests

try:
    from urllib.parse import parse_qs, urlsplit
except ImportError:  # pragma: no cover
    from urlparse import parse_qs, urlsplit

from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import (
    AUDIENCE,
    ArduinoClient,
    AuthenticationFailed,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    BadResponse,
    ConnectionFailure,
    ServerError,
    Transport,
    Unauthorized,
)

BASE = 'https://api.example.test'
TOKEN_URL = BASE + '/iot/v1/clients/token'
DASHBOARDS = BASE + '/iot/v2/dashboards'
ORG = '11111111-1111-4111-8111-111111111111'
SECRET = 'demo-secret-0123456789'
WIDGET_A = 'aaaaaaaa-0000-5000-8000-000000000001'
WIDGET_B = 'aaaaaaaa-0000-5000-8000-000000000002'


class Clock(object):
    """A settable clock; sleeping moves it."""

    def __init__(self):
        self.now = 1767225600.0

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tokens(requests_mock):
    """The token endpoint hands out tok-1, tok-2, ... valid for 300 s."""
    issued = []

    def issue(request, context):
        issued.append('tok-%d' % (len(issued) + 1))
        return {'access_token': issued[-1], 'expires_in': 300, 'token_type': 'Bearer'}
    requests_mock.post(TOKEN_URL, json=issue)
    return issued


@pytest.fixture
def make(clock, tmp_path):
    """An ArduinoClient on a fresh Transport; tokens it reports land in ``client.seen``."""
    def factory(secret=SECRET, organization=None, retries=2, **kwargs):
        transport = Transport(BASE, retries=retries, sleep=clock.sleep, clock=clock.time,
                              rand=lambda: 0.0, warn=lambda message: None,
                              cache_dir=str(tmp_path / 'throttle'))
        seen = []
        options = dict(cache_dir=str(tmp_path / 'cache'), on_token=seen.append)
        options.update(kwargs)
        client = ArduinoClient(transport, 'demo-client', secret, organization, **options)
        client.seen = seen
        return client
    return factory


def token_calls(requests_mock):
    return [r for r in requests_mock.request_history if r.path == '/iot/v1/clients/token']


def cache_files(tmp_path):
    directory = tmp_path / 'cache'
    return sorted(directory.glob('token-*.json')) if directory.exists() else []


# -- token ---------------------------------------------------------------------------------------

def test_token_request_and_organization_header(make, tokens, requests_mock):
    requests_mock.get(DASHBOARDS, json=[])
    make(organization=ORG).list_dashboards()
    token_request = token_calls(requests_mock)[0]
    assert parse_qs(token_request.text) == {
        'grant_type': ['client_credentials'], 'client_id': ['demo-client'],
        'client_secret': [SECRET], 'audience': [AUDIENCE], 'organization_id': [ORG]}
    assert token_request.headers['X-Organization'] == ORG
    call = requests_mock.last_request
    assert call.headers['Authorization'] == 'Bearer tok-1'
    assert call.headers['X-Organization'] == ORG


def test_no_organization_no_header(make, tokens, requests_mock):
    requests_mock.get(DASHBOARDS, json=[])
    make().list_dashboards()
    assert 'organization_id' not in parse_qs(token_calls(requests_mock)[0].text)
    assert 'X-Organization' not in requests_mock.last_request.headers


def test_token_cache_file_is_private_and_shared(make, tokens, requests_mock, tmp_path):
    requests_mock.get(DASHBOARDS, json=[])
    first, second = make(), make()
    first.list_dashboards()
    second.list_dashboards()
    assert tokens == ['tok-1']
    assert first.seen == ['tok-1'] and second.seen == ['tok-1']
    files = cache_files(tmp_path)
    assert len(files) == 1
    assert stat.S_IMODE(os.stat(str(files[0])).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / 'cache')).st_mode) == 0o700
    content = files[0].read_text()
    assert SECRET not in content and 'demo-client' not in files[0].name
    assert json.loads(content)['access_token'] == 'tok-1'


def test_token_is_replaced_shortly_before_expiry(make, tokens, requests_mock, clock):
    requests_mock.get(DASHBOARDS, json=[])
    make().list_dashboards()
    clock.now += 239
    make().list_dashboards()
    assert tokens == ['tok-1']
    clock.now += 2  # now within 60 s of the 300 s lifetime
    client = make()
    client.list_dashboards()
    assert tokens == ['tok-1', 'tok-2']
    assert requests_mock.last_request.headers['Authorization'] == 'Bearer tok-2'


def test_a_rotated_secret_does_not_reuse_the_token(make, tokens, requests_mock, tmp_path):
    requests_mock.get(DASHBOARDS, json=[])
    make().list_dashboards()
    make(secret='rotated-secret').list_dashboards()
    assert tokens == ['tok-1', 'tok-2']
    assert len(cache_files(tmp_path)) == 2


def test_token_cache_off_keeps_it_in_memory(make, tokens, requests_mock, tmp_path):
    requests_mock.get(DASHBOARDS, json=[])
    client = make(token_cache=False)
    client.list_dashboards()
    client.list_dashboards()
    make(token_cache=False).list_dashboards()
    assert tokens == ['tok-1', 'tok-2']
    assert cache_files(tmp_path) == []


def test_a_cache_file_others_can_read_is_not_trusted(make, tokens, requests_mock, tmp_path):
    requests_mock.get(DASHBOARDS, json=[])
    make().list_dashboards()
    os.chmod(str(cache_files(tmp_path)[0]), 0o644)
    make().list_dashboards()
    assert tokens == ['tok-1', 'tok-2']
    assert stat.S_IMODE(os.stat(str(cache_files(tmp_path)[0])).st_mode) == 0o600


def test_401_refreshes_the_token_once(make, tokens, requests_mock, tmp_path):
    requests_mock.get(DASHBOARDS, [dict(status_code=401, json={'detail': 'token expired'}),
                                   dict(status_code=200, json=[{'id': 'd1'}])])
    client = make()
    assert client.list_dashboards() == [{'id': 'd1'}]
    assert tokens == ['tok-1', 'tok-2']
    assert requests_mock.last_request.headers['Authorization'] == 'Bearer tok-2'
    assert client.seen == ['tok-1', 'tok-2']
    assert json.loads(cache_files(tmp_path)[0].read_text())['access_token'] == 'tok-2'


def test_a_second_401_fails(make, tokens, requests_mock):
    requests_mock.get(DASHBOARDS, status_code=401, json={'detail': 'invalid token'})
    with pytest.raises(Unauthorized) as caught:
        make().list_dashboards()
    assert tokens == ['tok-1', 'tok-2']
    assert len([r for r in requests_mock.request_history if r.method == 'GET']) == 2
    assert str(caught.value) == 'GET /iot/v2/dashboards: HTTP 401: invalid token'


@pytest.mark.parametrize('status', [400, 401, 403])
def test_bad_credentials(make, requests_mock, status):
    requests_mock.post(TOKEN_URL, status_code=status, json={
        'error': 'invalid_client', 'error_description': 'wrong client_id or client_secret',
        'code': 'invalid_client', 'detail': 'wrong client_id or client_secret for ' + SECRET})
    with pytest.raises(AuthenticationFailed) as caught:
        make().list_dashboards()
    message = str(caught.value)
    assert message.startswith("Arduino authentication failed for client 'demo-client': "
                              "HTTP %d: wrong client_id or client_secret" % status)
    assert SECRET not in message and '********' in message


def test_token_endpoint_outage_is_retried_then_reported(make, requests_mock):
    requests_mock.post(TOKEN_URL, status_code=503, text='down')
    with pytest.raises(ServerError):
        make(retries=2).list_dashboards()
    assert len(token_calls(requests_mock)) == 3


def test_token_response_without_token(make, requests_mock):
    requests_mock.post(TOKEN_URL, json={'token_type': 'Bearer'}, headers={'Content-Type': 'application/json'})
    with pytest.raises(ApiError) as caught:
        make().list_dashboards()
    assert str(caught.value) == ('POST /iot/v1/clients/token: HTTP 200: expected a token response '
                                 'with an access_token, got a JSON object with keys token_type '
                                 '(application/json)')


# -- create, re-read before a retry -----------------------------------------------------------------

PAYLOAD = {'name': 'Greenhouse', 'widgets': [{'id': WIDGET_A}, {'id': WIDGET_B}]}


def posts(requests_mock):
    return [r for r in requests_mock.request_history
            if r.method == 'POST' and r.path == '/iot/v2/dashboards']


def test_create_that_timed_out_is_found_by_reading_back(make, tokens, requests_mock):
    requests_mock.post(DASHBOARDS, exc=requests.exceptions.ReadTimeout)
    found = {'id': 'd1', 'name': 'Greenhouse',
             'widgets': [{'id': WIDGET_A}, {'id': WIDGET_B}, {'id': 'extra'}]}
    requests_mock.get(DASHBOARDS, json=[{'id': 'd0', 'name': 'Greenhouse 2', 'widgets': []}, found])
    assert make().create_dashboard(PAYLOAD) == found
    assert len(posts(requests_mock)) == 1
    assert parse_qs(urlsplit(requests_mock.last_request.url).query) == {'name': ['Greenhouse']}


@pytest.mark.parametrize('exc', [requests.exceptions.ConnectionError, requests.exceptions.SSLError])
@pytest.mark.parametrize('listed', [
    [],
    [{'id': 'd0', 'name': 'Greenhouse', 'widgets': [{'id': WIDGET_A}]}],
    [{'id': 'd0', 'name': 'greenhouse', 'widgets': [{'id': WIDGET_A}, {'id': WIDGET_B}]}],
])
def test_create_that_may_have_been_sent_is_never_posted_again(make, tokens, requests_mock, listed, exc):
    # issue 9, defect 1: a TLS error or a lost connection after sending is not "nothing sent"
    requests_mock.post(DASHBOARDS, [dict(exc=exc), dict(status_code=201, json={'id': 'd1'})])
    requests_mock.get(DASHBOARDS, json=listed)
    with pytest.raises(ConnectionFailure) as caught:
        make().create_dashboard(PAYLOAD)
    assert len(posts(requests_mock)) == 1
    assert caught.value.maybe_sent is True
    assert "dashboard 'Greenhouse' is not there" in str(caught.value)
    assert 'not posted again' in str(caught.value)


def test_create_after_a_tls_error_is_found_by_reading_back(make, tokens, requests_mock):
    found = {'id': 'd1', 'name': 'Greenhouse', 'widgets': [{'id': WIDGET_A}, {'id': WIDGET_B}]}
    requests_mock.post(DASHBOARDS, exc=requests.exceptions.SSLError('EOF in violation of protocol'))
    requests_mock.get(DASHBOARDS, json=[found])
    assert make().create_dashboard(PAYLOAD) == found
    assert len(posts(requests_mock)) == 1


def test_create_through_a_gateway_error_is_posted_again_when_nothing_matches(make, tokens, requests_mock):
    created = {'id': 'd1', 'name': 'Greenhouse'}
    requests_mock.post(DASHBOARDS, [dict(status_code=502), dict(status_code=201, json=created)])
    requests_mock.get(DASHBOARDS, json=[{'id': 'd0', 'name': 'Greenhouse', 'widgets': [{'id': WIDGET_A}]}])
    assert make().create_dashboard(PAYLOAD) == created
    assert len(posts(requests_mock)) == 2


def test_create_that_timed_out_is_never_posted_twice(make, tokens, requests_mock, clock):
    # the server may still be working on the first POST: a second one could make a second dashboard
    requests_mock.post(DASHBOARDS, [dict(exc=requests.exceptions.ReadTimeout),
                                    dict(status_code=201, json={'id': 'd1'})])
    requests_mock.get(DASHBOARDS, json=[])
    started = clock.now
    with pytest.raises(ConnectionFailure) as caught:
        make().create_dashboard(PAYLOAD)
    assert len(posts(requests_mock)) == 1
    assert [r.method for r in requests_mock.request_history if r.path == '/iot/v2/dashboards'] == ['POST', 'GET']
    assert "dashboard 'Greenhouse' is not there yet" in str(caught.value)
    assert 'not posted again' in str(caught.value)
    assert clock.now - started >= 1.0, 'the read-back waits for a slow server first'


def test_create_without_widgets_matches_by_name(make, tokens, requests_mock):
    requests_mock.post(DASHBOARDS, status_code=504, text='gateway timeout')
    requests_mock.get(DASHBOARDS, json=[{'id': 'd1', 'name': 'Empty', 'widgets': []}])
    assert make().create_dashboard({'name': 'Empty'})['id'] == 'd1'
    assert len(posts(requests_mock)) == 1


def test_create_not_sent_is_retried_without_reading(make, tokens, requests_mock):
    requests_mock.post(DASHBOARDS, [dict(exc=requests.exceptions.ConnectTimeout),
                                    dict(status_code=201, json={'id': 'd1'})])
    assert make().create_dashboard(PAYLOAD) == {'id': 'd1'}
    assert not [r for r in requests_mock.request_history if r.method == 'GET']


def test_create_not_sent_gives_up_after_the_retries(make, tokens, requests_mock):
    requests_mock.post(DASHBOARDS, exc=requests.exceptions.ConnectTimeout)
    with pytest.raises(ConnectionFailure) as caught:
        make(retries=1).create_dashboard(PAYLOAD)
    assert len(posts(requests_mock)) == 2
    assert not [r for r in requests_mock.request_history if r.method == 'GET']
    assert caught.value.maybe_sent is False


def test_create_rejected_is_not_retried(make, tokens, requests_mock):
    requests_mock.post(DASHBOARDS, status_code=500, json={'detail': 'boom'})
    with pytest.raises(ServerError):
        make().create_dashboard(PAYLOAD)
    assert len(posts(requests_mock)) == 1


# -- endpoints -------------------------------------------------------------------------------------

def query(requests_mock):
    return parse_qs(urlsplit(requests_mock.last_request.url).query)


def test_list_things_with_properties(make, tokens, requests_mock):
    requests_mock.get(BASE + '/iot/v2/things', json=[{'id': 't1'}])
    assert make().list_things() == [{'id': 't1'}]
    assert query(requests_mock) == {'show_properties': ['true']}


@pytest.mark.parametrize('force, expected', [(False, {}), (True, {'force': ['true']})])
def test_delete_passes_force_only_when_asked(make, tokens, requests_mock, force, expected):
    requests_mock.delete(DASHBOARDS + '/d1', status_code=200, text='')
    assert make().delete_dashboard('d1', force=force) is None
    assert query(requests_mock) == expected


def test_clone_is_not_repeated_after_a_gateway_error(make, tokens, requests_mock):
    requests_mock.put(DASHBOARDS + '/d1/clone', [dict(status_code=503), dict(status_code=201)])
    with pytest.raises(ServerError):
        make().clone_dashboard('d1')
    assert len([r for r in requests_mock.request_history if r.method == 'PUT']) == 1


@pytest.mark.parametrize('users, body', [
    ([{'user_id': 'u1'}], {'user_id': 'u1'}),
    ([{'user_id': 'u1'}, {'username': 'bob'}], {'users': [{'user_id': 'u1'}, {'username': 'bob'}]}),
])
def test_share_body(make, tokens, requests_mock, users, body):
    requests_mock.put(DASHBOARDS + '/d1/shares', status_code=200, text='')
    make().share_dashboard('d1', users)
    assert requests_mock.last_request.json() == body


def test_ids_cannot_change_the_path(make, tokens, requests_mock):
    requests_mock.get(DASHBOARDS + '/..%2Fthings/template', json={'name': 'x'})
    assert make().get_template('../things') == {'name': 'x'}


def test_link_widget(make, tokens, requests_mock):
    url = DASHBOARDS + '/d1/widgets/w1/variables'
    requests_mock.put(url, json={'variables': ['p1']})
    assert make().link_widget('d1', 'w1', ['p1']) == {'variables': ['p1']}
    assert requests_mock.last_request.json() == {'variables': ['p1']}


@pytest.mark.parametrize('body', [{'dashboards': []}, {'variables': 'p1'}, {}])
def test_a_link_answer_without_its_variables_list_is_a_bad_response(make, tokens, requests_mock, body):
    # a proxy's 200 with some other JSON object is no proof that the widget was linked
    requests_mock.put(DASHBOARDS + '/d1/widgets/w1/variables', json=body)
    with pytest.raises(BadResponse) as caught:
        make().link_widget('d1', 'w1', ['p1'])
    assert 'PUT /iot/v2/dashboards/d1/widgets/w1/variables' in str(caught.value)
    assert 'variables' in str(caught.value) and caught.value.maybe_sent


# -- clone, read back against the dashboards that existed before -----------------------------------

SOURCE = {'id': 'd1', 'name': 'Greenhouse', 'widgets': [{'id': WIDGET_A, 'name': 'T', 'type': 'Value'}]}
COPY = {'id': 'd9', 'name': 'Greenhouse (copy)', 'widgets': [{'id': 'w9', 'name': 'T', 'type': 'Value'}]}
OTHER = {'id': 'd8', 'name': 'Unrelated', 'widgets': [{'id': 'w8', 'name': 'X', 'type': 'Gauge'}]}


def clones(requests_mock):
    return [r for r in requests_mock.request_history if r.path.endswith('/clone')]


@pytest.mark.parametrize('failure', [dict(exc=requests.exceptions.ReadTimeout),
                                     dict(exc=requests.exceptions.SSLError), dict(status_code=504)])
def test_a_clone_that_may_have_happened_is_found_among_new_dashboards(make, tokens, requests_mock, failure):
    requests_mock.put(DASHBOARDS + '/d1/clone', [failure, dict(status_code=201, json=COPY)])
    requests_mock.get(DASHBOARDS, json=[SOURCE, OTHER, COPY])
    assert make().clone_dashboard('d1', existing=['d1']) == COPY
    assert len(clones(requests_mock)) == 1


@pytest.mark.parametrize('listed', [[SOURCE], [SOURCE, COPY, dict(COPY, id='d10')]])
def test_a_clone_not_found_or_ambiguous_is_not_sent_again(make, tokens, requests_mock, listed):
    requests_mock.put(DASHBOARDS + '/d1/clone', [dict(exc=requests.exceptions.ConnectionError),
                                                 dict(status_code=201, json=COPY)])
    requests_mock.get(DASHBOARDS, json=listed)
    with pytest.raises(ConnectionFailure) as caught:
        make().clone_dashboard('d1', existing=['d1'])
    assert caught.value.maybe_sent is True
    assert len(clones(requests_mock)) == 1


def test_a_clone_without_existing_is_never_read_back(make, tokens, requests_mock):
    requests_mock.put(DASHBOARDS + '/d1/clone', exc=requests.exceptions.ReadTimeout)
    with pytest.raises(ConnectionFailure):
        make().clone_dashboard('d1')
    assert not [r for r in requests_mock.request_history if r.method == 'GET']


# -- issue 8, items 6 and 7: a DELETE or a share request whose answer was lost ---------------------

@pytest.mark.parametrize('first', [dict(exc=requests.exceptions.ReadTimeout), dict(status_code=504)])
def test_a_retried_delete_that_finds_nothing_is_done(make, tokens, requests_mock, first):
    requests_mock.delete(DASHBOARDS + '/d1', [first, dict(status_code=404, json={'detail': 'not found'})])
    assert make().delete_dashboard('d1') is None
    assert [r.method for r in requests_mock.request_history if r.path == '/iot/v2/dashboards/d1'] == ['DELETE'] * 2


@pytest.mark.parametrize('responses', [
    [dict(status_code=404, json={'detail': 'not found'})],
    [dict(status_code=429, text='slow down'), dict(status_code=404, json={'detail': 'not found'})],
])
def test_a_delete_of_nothing_is_still_not_found(make, tokens, requests_mock, responses):
    # a 429 means the server did nothing, so the 404 after it is the real answer
    requests_mock.delete(DASHBOARDS + '/d1', responses)
    with pytest.raises(ApiError) as caught:
        make().delete_dashboard('d1')
    assert caught.value.status == 404


def test_a_share_request_whose_answer_was_lost_is_not_sent_again(make, tokens, requests_mock):
    url = DASHBOARDS + '/d1/share_request'
    requests_mock.put(url, [dict(exc=requests.exceptions.ReadTimeout), dict(status_code=200, text='')])
    with pytest.raises(ConnectionFailure) as caught:
        make().request_access('d1', message='please')
    assert caught.value.maybe_sent is True
    assert 'not sent again' in str(caught.value)
    assert len([r for r in requests_mock.request_history if r.path.endswith('/share_request')]) == 1


def test_a_create_read_back_lists_without_a_filter_the_server_refuses(make, tokens, requests_mock):
    found = {'id': 'd1', 'name': u'温室', 'widgets': [{'id': WIDGET_A}]}
    requests_mock.post(DASHBOARDS, exc=requests.exceptions.ReadTimeout)
    requests_mock.get(DASHBOARDS, json=[{'id': 'd0', 'name': 'Other', 'widgets': []}, found])
    assert make().create_dashboard({'name': u'温室', 'widgets': [{'id': WIDGET_A}]}) == found
    assert urlsplit(requests_mock.last_request.url).query == ''


# -- dashboards v3 -------------------------------------------------------------------------------

def test_the_v3_view_uses_v3_paths_and_media_types_and_shares_the_token(make, tokens, requests_mock):
    dash_id = '0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10'
    v3 = BASE + '/iot/v3/dashboards'
    requests_mock.get(v3, json=[])
    requests_mock.post(v3, status_code=201, json={'id': dash_id, 'name': 'x', 'pages': [], 'widgets': []})
    requests_mock.get(v3 + '/' + dash_id + '/template', json={'name': 'x', 'pages': [], 'widgets': []})
    requests_mock.delete(DASHBOARDS + '/' + dash_id, status_code=200, text='')
    requests_mock.get(DASHBOARDS + '/' + dash_id + '/shares', json=[])
    client = make(organization=ORG)
    paged = client.v3()
    assert paged.v3() is paged and client.api_version == 2 and paged.api_version == 3
    paged.list_dashboards()
    paged.create_dashboard({'name': 'x', 'pages': [], 'widgets': []})
    paged.get_template(dash_id)
    paged.delete_dashboard(dash_id)
    paged.list_shares(dash_id)
    client.list_shares(dash_id)
    calls = [(r.method, r.path, r.headers['Accept'].split(',')[0]) for r in requests_mock.request_history
             if r.path != '/iot/v1/clients/token']
    assert calls == [
        ('GET', '/iot/v3/dashboards', 'application/vnd.arduino.dashboardv3+json; type=collection'),
        ('POST', '/iot/v3/dashboards', 'application/vnd.arduino.dashboardv3+json'),
        ('GET', '/iot/v3/dashboards/%s/template' % dash_id, 'application/vnd.arduino.dashboardv3template+json'),
        ('DELETE', '/iot/v2/dashboards/%s' % dash_id, 'application/vnd.goa.error+json'),
        ('GET', '/iot/v2/dashboards/%s/shares' % dash_id, 'application/vnd.arduino.dashboardshare+json; type=collection'),
        ('GET', '/iot/v2/dashboards/%s/shares' % dash_id, 'application/vnd.arduino.dashboardshare+json; type=collection')]
    assert len(token_calls(requests_mock)) == 1
