"""Fixtures of the emulator's own tests, on top of the package's pytest plugin
(`iotcloud_emulator`: one emulator per session, reset before each test)."""

import pytest
import requests

from helpers import Api
from iotcloud_emulator.seed import ACME, GLOBEX


@pytest.fixture
def emu(iotcloud_emulator):
    return iotcloud_emulator


@pytest.fixture
def reset(emu):
    """reset(seed): load a seed (extending the default unless it says otherwise)."""
    def load(seed):
        resp = requests.post(emu.url + "/_emulator/reset", json=seed, timeout=10)
        assert resp.status_code == 200, resp.text
    return load


@pytest.fixture
def acme(emu):
    return Api(emu.url, ACME)


@pytest.fixture
def globex(emu):
    return Api(emu.url, GLOBEX)


@pytest.fixture
def personal(emu):
    return Api(emu.url)


@pytest.fixture
def control(emu):
    """Calls to /_emulator/* : control('post', 'clock', json=...)."""
    def call(method, name, **kwargs):
        kwargs.setdefault("timeout", 10)
        return requests.request(method.upper(), emu.url + "/_emulator/" + name, **kwargs)
    return call
