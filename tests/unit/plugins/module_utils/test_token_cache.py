# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 9, defect 7, on the Arduino token and its cache: short-lived tokens are reused, the cache
follows no symlink, a directory of another user switches caching off with one warning, expired
files are removed, and clients starting together make one token request between them."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import threading

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils._arduino import ArduinoClient
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import Transport

BASE = 'https://api.example.test'
TOKEN_URL = BASE + '/iot/v1/clients/token'
DASHBOARDS = BASE + '/iot/v2/dashboards'
NOW = 1767225600.0


class Clock(object):
    def __init__(self):
        self.now = NOW

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


class Tokens(list):
    """The tokens handed out, with the settings of the token endpoint."""


@pytest.fixture
def issued(requests_mock):
    """The token endpoint hands out tok-1, tok-2, ... valid for ``issued.ttl`` seconds."""
    tokens = Tokens()
    tokens.ttl = 300
    lock = threading.Lock()

    def issue(request, context):
        with lock:
            tokens.append('tok-%d' % (len(tokens) + 1))
            token = tokens[-1]
        if tokens.barrier is not None:
            try:
                tokens.barrier.wait()
            except threading.BrokenBarrierError:
                pass
        return {'access_token': token, 'expires_in': tokens.ttl}
    tokens.barrier = None
    requests_mock.post(TOKEN_URL, json=issue)
    requests_mock.get(DASHBOARDS, json=[])
    return tokens


@pytest.fixture
def make(clock, tmp_path):
    def factory(secret='secret', warnings=None, **kwargs):
        warn = warnings.append if warnings is not None else (lambda message: None)
        transport = Transport(BASE, retries=0, sleep=clock.sleep, clock=clock.time, warn=warn,
                              cache_dir=str(tmp_path / 'cache'), **kwargs)
        return ArduinoClient(transport, 'demo-client', secret, cache_dir=str(tmp_path / 'cache'))
    return factory


def token_files(tmp_path):
    return sorted(p.name for p in (tmp_path / 'cache').glob('token-*.json'))


def test_a_short_lived_token_is_reused_while_valid(make, issued, clock):
    issued.ttl = 60
    client = make()
    client.list_dashboards()
    clock.now += 30
    client.list_dashboards()
    make().list_dashboards()  # another task, through the cache
    assert issued == ['tok-1']
    clock.now += 20  # 50 s of 60: within the last quarter of its life
    client.list_dashboards()
    assert issued == ['tok-1', 'tok-2']


def test_the_cache_follows_no_symlink(make, issued, tmp_path):
    make(secret='first').list_dashboards()
    [first] = token_files(tmp_path)
    second = make(secret='second')
    # plant a link from the second credential's cache file to the first credential's token
    os.symlink(str(tmp_path / 'cache' / first), second._cache.path)
    second.list_dashboards()
    assert issued == ['tok-1', 'tok-2']
    assert second.token() == 'tok-2'
    assert not os.path.islink(second._cache.path)


def test_a_cache_directory_of_another_user_is_not_used_and_said_once(make, issued, tmp_path,
                                                                     monkeypatch):
    (tmp_path / 'cache').mkdir(mode=0o700)
    real_uid = os.getuid()
    monkeypatch.setattr(os, 'getuid', lambda: real_uid + 1)
    warnings = []
    client = make(warnings=warnings, rate_limit=100.0)
    client.list_dashboards()
    make(warnings=warnings).list_dashboards()
    assert token_files(tmp_path) == []
    assert len(warnings) == 1, warnings
    assert 'token cache and the rate budget shared between processes are off' in warnings[0]
    assert str(tmp_path / 'cache') in warnings[0]


def test_expired_token_files_are_removed_when_seen(make, issued, tmp_path, clock):
    make(secret='old').list_dashboards()
    clock.now += 301  # tok-1 has expired
    client = make(secret='new')
    client.list_dashboards()
    assert len(token_files(tmp_path)) == 1
    content = json.loads((tmp_path / 'cache' / token_files(tmp_path)[0]).read_text())
    assert content['access_token'] == 'tok-2'
    make(secret='new').list_dashboards()
    clock.now += 301
    assert client._cache.read() is None
    assert token_files(tmp_path) == []


def test_clients_starting_together_make_one_token_request(make, issued):
    # the first token request waits (at most 2 s) for a second one to arrive: without a lock,
    # one does; with the lock the others wait for the first and read its token from the cache
    issued.barrier = threading.Barrier(2, timeout=2)
    clients = [make() for _dummy in range(20)]
    results = []
    threads = [threading.Thread(target=lambda c=c: results.append(c.token())) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == ['tok-1'] * 20
    assert issued == ['tok-1']
