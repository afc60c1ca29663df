# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport: retries, backoff, Retry-After, the shared throttle, error messages, url checks."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import email.utils
import os
import stat

import pytest
import requests

from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    ConnectionFailure,
    NotFound,
    RateLimited,
    ServerError,
    Throttle,
    Transport,
    Unauthorized,
    check_url_security,
)

BASE = 'https://api.example.test'
PATH = '/iot/v2/dashboards'
URL = BASE + PATH
EPOCH = 1767225600.0  # 2026-01-01T00:00:00Z


class FakeClock(object):
    """Time that only moves when somebody sleeps; every sleep is recorded."""

    def __init__(self, now=EPOCH):
        self.now = now
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make(clock, tmp_path):
    """Build a Transport on the fake clock; warnings land in ``transport.warnings``."""
    def factory(**kwargs):
        warnings = []
        options = dict(retries=3, sleep=clock.sleep, clock=clock.time, rand=lambda: 0.5,
                       warn=warnings.append, cache_dir=str(tmp_path / 'cache'))
        options.update(kwargs)
        transport = Transport(BASE, **options)
        transport.warnings = warnings
        return transport
    return factory


def statuses(*codes, **extra):
    return [dict(status_code=code, **extra) for code in codes]


# -- retries -----------------------------------------------------------------------------------

def test_429_honours_retry_after_seconds_with_any_header_case(make, clock, requests_mock):
    requests_mock.get(URL, [dict(status_code=429, headers={'retry-after': '2'}, text='slow down'),
                            dict(status_code=200, json=[{'id': 'a'}])])
    transport = make()
    assert transport.request('GET', PATH) == (200, [{'id': 'a'}])
    assert clock.sleeps == [2.0]
    assert transport.warnings == [
        'retrying GET /iot/v2/dashboards after HTTP 429, waiting 2.0 s (attempt 2/4)']


@pytest.mark.parametrize('when', [
    email.utils.formatdate(EPOCH + 7, usegmt=True),
    email.utils.formatdate(EPOCH + 7),  # '-0000' zone
])
def test_retry_after_as_http_date(make, clock, requests_mock, when):
    requests_mock.get(URL, [dict(status_code=503, headers={'Retry-After': when}),
                            dict(status_code=200, json=[])])
    make().request('GET', PATH)
    assert clock.sleeps == [7.0]


def test_unreadable_retry_after_falls_back_to_backoff(make, clock, requests_mock):
    requests_mock.get(URL, [dict(status_code=429, headers={'Retry-After': 'soon'}),
                            dict(status_code=200, json=[])])
    make(rand=lambda: 1.0).request('GET', PATH)
    assert clock.sleeps == [1.0]


def test_backoff_is_exponential_with_full_jitter(make, clock, requests_mock):
    requests_mock.get(URL, statuses(502, 503, 504) + [dict(status_code=200, json=[])])
    make(rand=lambda: 0.5).request('GET', PATH)
    assert clock.sleeps == [0.5, 1.0, 2.0]
    clock.sleeps[:] = []
    requests_mock.get(URL, statuses(503, 503) + [dict(status_code=200, json=[])])
    make(rand=lambda: 1.0).request('GET', PATH)
    assert clock.sleeps == [1.0, 2.0]


def test_retries_run_out(make, clock, requests_mock):
    requests_mock.get(URL, status_code=503, json={'detail': 'maintenance'})
    with pytest.raises(ServerError) as caught:
        make(retries=2).request('GET', PATH)
    assert requests_mock.call_count == 3
    assert len(clock.sleeps) == 2
    assert str(caught.value) == 'GET /iot/v2/dashboards: HTTP 503: maintenance (after 3 attempts)'


def test_retry_after_longer_than_the_cap_fails_at_once(make, clock, requests_mock):
    requests_mock.get(URL, status_code=429, headers={'Retry-After': '120'},
                      text='You have reached maximum request limit.')
    with pytest.raises(RateLimited) as caught:
        make().request('GET', PATH)
    assert requests_mock.call_count == 1
    assert clock.sleeps == []
    message = str(caught.value)
    assert 'maximum request limit' in message and '120 s' in message and '60 s' in message


def test_500_is_not_retried(make, requests_mock):
    requests_mock.get(URL, status_code=500, json={'detail': 'boom'})
    with pytest.raises(ServerError):
        make().request('GET', PATH)
    assert requests_mock.call_count == 1


def test_post_is_not_retried_blindly_on_a_gateway_error(make, requests_mock):
    requests_mock.post(URL, statuses(503, 201))
    with pytest.raises(ServerError):
        make().request('POST', PATH, json={'name': 'x'})
    assert requests_mock.call_count == 1


@pytest.mark.parametrize('exc, maybe_sent', [
    (requests.exceptions.ReadTimeout, True),
    (requests.exceptions.ConnectionError, True),
    (requests.exceptions.ConnectTimeout, False),
])
def test_post_connection_failure_is_not_retried(make, requests_mock, exc, maybe_sent):
    requests_mock.post(URL, exc=exc)
    with pytest.raises(ConnectionFailure) as caught:
        make().request('POST', PATH, json={})
    assert requests_mock.call_count == 1
    assert caught.value.maybe_sent is maybe_sent
    assert caught.value.status is None
    assert str(caught.value).startswith('POST /iot/v2/dashboards: ')


def test_post_429_is_retried(make, requests_mock):
    requests_mock.post(URL, [dict(status_code=429), dict(status_code=201, json={'id': 'new'})])
    assert make().request('POST', PATH, json={}) == (201, {'id': 'new'})
    assert requests_mock.call_count == 2


def test_post_with_retry_unsafe_is_retried(make, requests_mock):
    requests_mock.post(URL, statuses(502) + [dict(status_code=200, json={'ok': 1})])
    assert make().request('POST', PATH, form={'a': 'b'}, retry_unsafe=True)[1] == {'ok': 1}


def test_a_put_marked_not_idempotent_is_not_retried(make, requests_mock):
    requests_mock.put(URL, statuses(503, 201))
    with pytest.raises(ServerError):
        make().request('PUT', PATH, json={}, idempotent=False)
    assert requests_mock.call_count == 1


def test_get_is_retried_after_a_timeout(make, requests_mock):
    requests_mock.get(URL, [dict(exc=requests.exceptions.ReadTimeout),
                            dict(status_code=200, json=[1])])
    transport = make()
    assert transport.request('GET', PATH)[1] == [1]
    assert 'after timed out (ReadTimeout)' in transport.warnings[0]


def test_429s_get_more_turns_than_retries_then_fail(make, requests_mock):
    # a 429 means nothing happened, so forks that hit the limit together keep their turn longer
    requests_mock.get(URL, status_code=429, text='slow down')
    with pytest.raises(RateLimited):
        make(retries=2).request('GET', PATH)
    assert requests_mock.call_count == 2 + 1 + 8


def test_a_429_after_a_429_adds_growing_jitter_to_retry_after(make, clock, requests_mock):
    requests_mock.get(URL, statuses(429, 429, 429, headers={'Retry-After': '1'}) + [dict(status_code=200, json=[])])
    transport = make(rand=lambda: 1.0)
    assert transport.request('GET', PATH)[1] == []
    # the first wait is exactly what the server asked; then 1 + 1 and 1 + 2 (full jitter at its top)
    assert clock.sleeps == [1.0, 2.0, 3.0]


def test_server_errors_do_not_get_the_extra_turns(make, requests_mock):
    requests_mock.get(URL, status_code=503)
    with pytest.raises(ServerError):
        make(retries=2).request('GET', PATH)
    assert requests_mock.call_count == 3


def test_no_retries(make, requests_mock):
    requests_mock.get(URL, status_code=429)
    with pytest.raises(RateLimited):
        make(retries=0).request('GET', PATH)
    assert requests_mock.call_count == 1


def test_every_request_has_the_timeout(make, requests_mock):
    requests_mock.get(URL, json=[])
    make(timeout=7.5).request('GET', PATH)
    assert requests_mock.last_request.timeout == 7.5


# -- bodies and errors -------------------------------------------------------------------------

@pytest.mark.parametrize('response, body', [
    (dict(json={'a': 1}, headers={'Content-Type': 'application/vnd.arduino.dashboardv2+json'}),
     {'a': 1}),
    (dict(text='plain words', headers={'Content-Type': 'text/plain'}), 'plain words'),
    (dict(text='', headers={'Content-Type': 'application/json'}), None),
])
def test_success_bodies(make, requests_mock, response, body):
    requests_mock.get(URL, status_code=200, **response)
    assert make().request('GET', PATH)[1] == body


def test_invalid_json_is_an_error(make, requests_mock):
    requests_mock.get(URL, text='{nope', headers={'Content-Type': 'application/json'})
    with pytest.raises(ApiError, match='not valid JSON'):
        make().request('GET', PATH)


HTML = '<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1>\n</body></html>'


@pytest.mark.parametrize('status, response, message', [
    (400, dict(json={'id': 'x1', 'code': 'bad_request', 'status': 400, 'detail': 'name too long'}),
     'name too long'),
    (400, dict(json={'id': 'x1', 'code': 'invalid_value', 'status': 400}), 'invalid_value'),
    (403, dict(json={'success': False, 'action': 'invite', 'message': 'no permission',
                     'details': 'needs Invite'}), 'no permission (needs Invite)'),
    (403, dict(json={'success': False, 'action': 'invite', 'message': 'no permission'}),
     'no permission'),
    (429, dict(text='You have reached maximum request limit.'),
     'You have reached maximum request limit.'),
    (404, dict(text=''), 'Not Found'),
    (502, dict(text=HTML, headers={'Content-Type': 'text/html'}), '502 Bad Gateway'),
    (400, dict(text='line one\nline two\t  end'), 'line one line two end'),
])
def test_error_body_shapes(make, requests_mock, status, response, message):
    requests_mock.get(URL, status_code=status, reason='Not Found' if status == 404 else None,
                      **response)
    with pytest.raises(ApiError) as caught:
        make(retries=0).request('GET', PATH)
    assert caught.value.message == message
    assert str(caught.value) == 'GET %s: HTTP %d: %s' % (PATH, status, message)


def test_long_plain_text_is_trimmed_to_one_line(make, requests_mock):
    requests_mock.get(URL, status_code=400, text=('word ' * 100) + '\n' + ('more ' * 100))
    with pytest.raises(ApiError) as caught:
        make().request('GET', PATH)
    assert len(caught.value.message) <= 200
    assert caught.value.message.endswith('...')
    assert '\n' not in str(caught.value)


@pytest.mark.parametrize('status, cls', [
    (401, Unauthorized), (404, NotFound), (429, RateLimited), (500, ServerError),
    (400, ApiError), (403, ApiError)])
def test_error_types(make, requests_mock, status, cls):
    requests_mock.get(URL, status_code=status)
    with pytest.raises(ApiError) as caught:
        make(retries=0).request('GET', PATH)
    assert caught.type is cls
    assert caught.value.status == status and caught.value.method == 'GET'


def test_expect_decides_what_is_success(make, requests_mock):
    requests_mock.post(URL, status_code=200, json={})
    with pytest.raises(ApiError):
        make().request('POST', PATH, json={}, expect=(201,))


def test_secrets_never_reach_a_message(make, requests_mock):
    transport = make(retries=1)
    transport.add_secret('s3cr3t-value')
    transport.add_secret('tok.abc.def')
    requests_mock.get(URL, [
        dict(status_code=503, text='down'),
        dict(status_code=401, json={'detail': 'token tok.abc.def rejected for s3cr3t-value; '
                                              'got Authorization: Bearer other.jwt.token'})])
    with pytest.raises(Unauthorized) as caught:
        transport.request('GET', PATH, headers={'Authorization': 'Bearer tok.abc.def'})
    text = str(caught.value) + ' '.join(transport.warnings) + repr(caught.value.args)
    for secret in ('s3cr3t-value', 'tok.abc.def', 'other.jwt.token'):
        assert secret not in text
    assert '********' in str(caught.value)
    assert BASE not in str(caught.value)


def test_a_secret_cut_off_by_the_message_limit_is_still_masked(make, requests_mock):
    transport = make(retries=0)
    token = 'eyJ' + 'x' * 300  # longer than the message limit, so trimming would cut it
    transport.add_secret(token)
    requests_mock.get(URL, status_code=401, text='token %s is not valid' % token)
    with pytest.raises(Unauthorized) as caught:
        transport.request('GET', PATH)
    assert 'eyJxxx' not in str(caught.value)
    assert 'token ******** is not valid' in str(caught.value)


def test_secret_in_a_connection_error_is_masked(make, requests_mock):
    transport = make(retries=0)
    transport.add_secret('hunter22')
    requests_mock.get(URL, exc=requests.exceptions.ConnectionError('failed with hunter22'))
    with pytest.raises(ConnectionFailure) as caught:
        transport.request('GET', PATH)
    assert 'hunter22' not in str(caught.value)


# -- the throttle ------------------------------------------------------------------------------

def test_throttle_spaces_requests(make, clock, requests_mock, tmp_path):
    requests_mock.get(URL, json=[])
    transport = make(rate_limit=2.0, throttle_key='spacing')
    for _dummy in range(5):
        transport.request('GET', PATH)
    assert sum(clock.sleeps) == pytest.approx(4 * 1.05 / 2.0), 'spaced 5% wider than 1/rate'
    lock = tmp_path / 'cache' / 'throttle-spacing.lock'
    assert stat.S_IMODE(os.stat(str(lock)).st_mode) == 0o600


def test_the_next_request_waits_one_interval_after_a_slow_answer(make, clock, requests_mock):
    # the server may count the first request as late as its answer: 0.8 s after it was sent
    def slow(request, context):
        clock.now += 0.8
        return []
    requests_mock.get(URL, json=slow)
    transport = make(rate_limit=1.0, throttle_key='slow')
    transport.request('GET', PATH)
    answered = clock.now
    transport.request('GET', PATH)
    assert clock.sleeps == [pytest.approx(1.05)]
    assert clock.now - 0.8 - answered == pytest.approx(1.05), 'sent one interval after the first answer'


def test_reservations_queued_ahead_are_not_pushed_back(clock, tmp_path):
    # two forks reserve slots at once (time stands still); an answer then must not cut the queue
    first = Throttle(1.0, 'queue', str(tmp_path), clock.time, lambda seconds: None)
    second = Throttle(1.0, 'queue', str(tmp_path), clock.time, lambda seconds: None)
    assert first.wait() == 0
    assert second.wait() == pytest.approx(1.05)
    first.done()
    assert first.wait() == pytest.approx(2.10)


def test_two_transports_share_one_budget(make, clock, requests_mock):
    requests_mock.get(URL, json=[])
    first = make(rate_limit=1.0, throttle_key='shared')
    second = make(rate_limit=1.0, throttle_key='shared')
    for transport in (first, second, first, second, first, second):
        transport.request('GET', PATH)
    assert sum(clock.sleeps) == pytest.approx(5 * 1.05)


def test_different_keys_do_not_share(make, clock, requests_mock):
    requests_mock.get(URL, json=[])
    make(rate_limit=1.0, throttle_key='one').request('GET', PATH)
    make(rate_limit=1.0, throttle_key='two').request('GET', PATH)
    assert sum(clock.sleeps) == 0


def test_throttle_falls_back_to_the_process(make, clock, requests_mock, tmp_path):
    blocker = tmp_path / 'not-a-dir'
    blocker.write_text(u'x')
    requests_mock.get(URL, json=[])
    transport = make(rate_limit=1.0, throttle_key='fallback', cache_dir=str(blocker / 'sub'))
    assert transport.throttle.path is None
    for _dummy in range(3):
        transport.request('GET', PATH)
    assert sum(clock.sleeps) == pytest.approx(2 * 1.05)


def test_a_429_holds_back_every_sharer(make, clock, requests_mock):
    requests_mock.get(URL, [dict(status_code=429, headers={'Retry-After': '5'}),
                            dict(status_code=200, json=[])])
    other = make(rate_limit=1.0, throttle_key='held')
    waited = []
    # another process asking for a slot while this one backs off must wait the same 5 s
    transport = make(rate_limit=1.0, throttle_key='held',
                     warn=lambda message: waited.append(other.throttle.wait()))
    transport.request('GET', PATH)
    assert waited == [pytest.approx(5.0)]


def test_throttle_holds_for_everyone_after_retry_after(clock, tmp_path):
    first = Throttle(1.0, 'hold', str(tmp_path), clock.time, clock.sleep)
    second = Throttle(1.0, 'hold', str(tmp_path), clock.time, clock.sleep)
    first.hold_until(EPOCH + 30)
    assert second.wait() == pytest.approx(30.0)


def test_throttle_ignores_a_slot_from_a_clock_jump(clock, tmp_path):
    (tmp_path / 'throttle-jump.lock').write_text(u'%f' % (EPOCH + 100000))
    throttle = Throttle(1.0, 'jump', str(tmp_path), clock.time, clock.sleep)
    assert throttle.wait() == 0
    assert throttle.wait() == pytest.approx(1.05)


# -- plain http ----------------------------------------------------------------------------------

@pytest.mark.parametrize('url', [
    'https://api2.arduino.cc', 'https://10.0.0.1:8443', 'http://127.0.0.1:8080',
    'http://127.9.9.9', 'http://localhost:9000', 'HTTP://LOCALHOST', 'http://[::1]:8080'])
def test_urls_allowed(url):
    assert check_url_security(url) == url


@pytest.mark.parametrize('url', [
    'http://api2.arduino.cc', 'http://10.0.0.1', 'http://192.168.1.20:8080', 'http://[::2]',
    'http://localhost.example.com', 'http://user:pa55word@example.com', 'ftp://127.0.0.1',
    'api2.arduino.cc', ''])
def test_urls_refused(url):
    with pytest.raises(ValueError) as caught:
        check_url_security(url)
    message = str(caught.value)
    assert '\n' not in message and 'pa55word' not in message
