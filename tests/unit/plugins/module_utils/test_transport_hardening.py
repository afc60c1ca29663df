# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 9 on the transport, through requests-mock: every encoded form of a secret is masked,
no redirect is followed, the task's TLS options beat the environment, odd Retry-After values
are ignored, and errors say whether a write may have reached the server (``maybe_sent``)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import re

import pytest
import requests

from urllib.parse import quote, quote_plus, urlencode

from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import ArduinoClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    ConnectionFailure,
    ServerError,
    Transport,
)

BASE = 'https://api.example.test'
TOKEN_URL = BASE + '/iot/v1/clients/token'
DASHBOARDS = BASE + '/iot/v2/dashboards'
SECRET = u'p!a/s+s=w&o%rd é"x'
TOKEN = 'eyJ.tok/en+value=='


def make(**kwargs):
    warnings = []
    options = dict(retries=1, sleep=lambda seconds: None, clock=lambda: 1767225600.0,
                   rand=lambda: 0.5, warn=warnings.append)
    options.update(kwargs)
    transport = Transport(BASE, **options)
    transport.warnings = warnings
    return transport


def forms(value):
    """The forms a server may echo a value in."""
    return set([value, quote(value), quote(value, safe=''), quote_plus(value),
                re.sub('%[0-9A-F]{2}', lambda m: m.group(0).lower(), quote(value)),
                json.dumps(value)[1:-1],
                json.dumps(value, ensure_ascii=False)[1:-1],
                urlencode({'client_secret': value}).partition('=')[2]])


# -- secrets in every form (defect 4) ----------------------------------------------------------

@pytest.mark.parametrize('echo', ['form', 'json'])
def test_an_echoed_token_form_never_shows_the_secret(tmp_path, requests_mock, echo):
    def reply(request, context):
        context.status_code = 400
        if echo == 'form':
            return 'bad request: %s' % request.text  # the raw, form-encoded body
        context.headers['Content-Type'] = 'application/json'
        return json.dumps({'detail': 'got %s and %s' % (request.text, SECRET)})
    requests_mock.post(TOKEN_URL, text=reply)
    transport = make()
    client = ArduinoClient(transport, 'demo-client', SECRET, cache_dir=str(tmp_path))
    with pytest.raises(ApiError) as caught:
        client.list_dashboards()
    message = str(caught.value)
    for form in forms(SECRET):
        assert form not in message, form
    assert '********' in message


def test_a_token_is_masked_in_every_form(requests_mock):
    transport = make(retries=0)
    transport.add_secret(TOKEN)
    echoed = ' '.join(sorted(forms(TOKEN)))
    requests_mock.get(DASHBOARDS, status_code=400, text='you sent ' + echoed)
    with pytest.raises(ApiError) as caught:
        transport.request('GET', '/iot/v2/dashboards')
    for form in forms(TOKEN):
        assert form not in str(caught.value), form


# -- redirects (defect 4) ----------------------------------------------------------------------

@pytest.mark.parametrize('status', [301, 302, 307, 308])
def test_the_token_form_never_follows_a_redirect(tmp_path, requests_mock, status):
    requests_mock.post(TOKEN_URL, status_code=status,
                       headers={'Location': 'http://api.example.test/iot/v1/clients/token?x=1'})
    clear = requests_mock.post('http://api.example.test/iot/v1/clients/token',
                               json={'access_token': 'stolen'})
    client = ArduinoClient(make(), 'demo-client', SECRET, cache_dir=str(tmp_path))
    with pytest.raises(ApiError) as caught:
        client.list_dashboards()
    assert clear.call_count == 0
    assert len(requests_mock.request_history) == 1
    assert str(caught.value) == (
        'POST /iot/v1/clients/token: HTTP %d: redirects to '
        'http://api.example.test/iot/v1/clients/token; redirects are not followed, so that '
        'credentials go to api_url only' % status)


def test_an_api_call_never_follows_a_redirect_to_another_host(requests_mock):
    requests_mock.get(DASHBOARDS, status_code=302, headers={'Location': 'https://other.test/x'})
    other = requests_mock.get('https://other.test/x', json=[])
    with pytest.raises(ApiError) as caught:
        make().request('GET', '/iot/v2/dashboards', headers={'Authorization': 'Bearer ' + TOKEN})
    assert other.call_count == 0
    assert caught.value.status == 302
    assert 'redirects to https://other.test/x' in str(caught.value)


# -- proxies (defect 4): https goes through the environment's proxy, as a CONNECT tunnel ------------

def test_an_https_api_uses_the_environment_proxy(requests_mock, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://user:pr0xy-pass@proxy.example.test:3128')
    monkeypatch.delenv('NO_PROXY', raising=False)
    monkeypatch.delenv('no_proxy', raising=False)
    requests_mock.get(DASHBOARDS, json=[])
    transport = make()
    transport.request('GET', '/iot/v2/dashboards')
    assert requests_mock.last_request.proxies.get('https') == \
        'http://user:pr0xy-pass@proxy.example.test:3128'
    assert transport.scrub('pr0xy-pass') == '********'


# -- TLS options (defect 5) ---------------------------------------------------------------------

@pytest.mark.parametrize('variable', ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
@pytest.mark.parametrize('options, verify', [
    (dict(validate_certs=False), False),
    (dict(ca_path='TASK'), 'TASK'),
    (dict(), 'ENV'),
])
def test_the_task_tls_options_beat_the_environment(tmp_path, requests_mock, monkeypatch,
                                                   variable, options, verify):
    env_bundle, task_bundle = tmp_path / 'env.pem', tmp_path / 'task.pem'
    env_bundle.write_text(u'env')
    task_bundle.write_text(u'task')
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    monkeypatch.setenv(variable, str(env_bundle))
    if options.get('ca_path'):
        options['ca_path'] = str(task_bundle)
    requests_mock.get(DASHBOARDS, json=[])
    make(**options).request('GET', '/iot/v2/dashboards')
    expected = {'TASK': str(task_bundle), 'ENV': str(env_bundle)}.get(verify, verify)
    assert requests_mock.last_request.verify == expected


def test_a_missing_ca_path_fails_before_any_request(requests_mock):
    requests_mock.get(DASHBOARDS, json=[])
    with pytest.raises(ConnectionFailure) as caught:
        make(ca_path='/nonexistent/ca.pem').request('GET', '/iot/v2/dashboards')
    assert str(caught.value) == ('GET /iot/v2/dashboards: ca_path /nonexistent/ca.pem: no such '
                                 'file or directory')
    assert requests_mock.call_count == 0


# -- Retry-After (defect 7) ---------------------------------------------------------------------

@pytest.mark.parametrize('value', ['nan', 'NaN', 'inf', '-inf', '-5', 'Infinity'])
def test_a_retry_after_that_is_not_a_real_wait_is_ignored(requests_mock, value):
    slept = []
    requests_mock.get(DASHBOARDS, [dict(status_code=429, headers={'Retry-After': value}),
                                   dict(status_code=200, json=[])])
    assert make(sleep=slept.append, rand=lambda: 1.0).request('GET', '/iot/v2/dashboards')[1] == []
    assert slept == [1.0], 'the backoff, as without a Retry-After'


# -- maybe_sent (for issue 9, item 3) -------------------------------------------------------------

@pytest.mark.parametrize('method, status, sent', [
    ('POST', 400, True), ('PUT', 500, True), ('DELETE', 404, True), ('PATCH', 409, True),
    ('GET', 500, False), ('GET', 404, False)])
def test_a_status_error_says_whether_a_write_reached_the_server(requests_mock, method, status, sent):
    requests_mock.register_uri(method, DASHBOARDS, status_code=status)
    with pytest.raises(ApiError) as caught:
        make(retries=0).request(method, '/iot/v2/dashboards')
    assert caught.value.maybe_sent is sent
    assert caught.value.request_sent is True


def test_a_write_that_went_out_before_a_retry_stays_maybe_sent(requests_mock):
    requests_mock.put(DASHBOARDS, [dict(status_code=503), dict(exc=requests.exceptions.ConnectTimeout)])
    with pytest.raises(ConnectionFailure) as caught:
        make(retries=1).request('PUT', '/iot/v2/dashboards', json={})
    assert caught.value.request_sent is False, 'the last attempt never left'
    assert caught.value.maybe_sent is True, 'the first one reached the server'


def test_the_token_request_is_not_a_write(tmp_path, requests_mock):
    requests_mock.post(TOKEN_URL, status_code=500)
    with pytest.raises(ServerError) as caught:
        ArduinoClient(make(retries=0), 'c', 's', cache_dir=str(tmp_path)).list_dashboards()
    assert caught.value.maybe_sent is False


def test_a_failed_read_back_after_a_create_is_maybe_sent(tmp_path, requests_mock):
    requests_mock.post(TOKEN_URL, json={'access_token': 'tok', 'expires_in': 300})
    requests_mock.post(DASHBOARDS, status_code=502)
    requests_mock.get(DASHBOARDS, status_code=500, json={'detail': 'listing broke'})
    client = ArduinoClient(make(retries=1), 'c', 's', cache_dir=str(tmp_path))
    with pytest.raises(ServerError) as caught:
        client.create_dashboard({'name': 'G', 'widgets': []})
    assert caught.value.method == 'GET'
    assert caught.value.maybe_sent is True, 'the POST before it may have created the dashboard'
