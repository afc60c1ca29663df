"""The pytest plugin (entry point `pytest11`): an in-process emulator per test session.

    def test_my_playbook(iotcloud_emulator):
        run_playbook(api_url=iotcloud_emulator.url)
        assert iotcloud_emulator.requests(method="POST")
        assert iotcloud_emulator.snapshot()["dashboards"]

`iotcloud_emulator` is reset to the default seed before each test that asks for it;
`iotcloud_emulator_server` is the session's running `Emulator` itself.
"""

import copy

import pytest

from iotcloud_emulator.server import start_emulator


class EmulatorFixture(object):
    """What a test gets: the URL, the live state and the request log of the running emulator."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.url = emulator.url
        self.port = emulator.port

    @property
    def state(self):
        """The live `State` object (its lock guards every change)."""
        return self.emulator.state

    def snapshot(self):
        """The whole state as JSON-able data, as GET /_emulator/state gives it."""
        return self.state.snapshot()

    def reset(self, seed=None):
        """Load `seed` (a dict, extending the default unless it says otherwise) as
        POST /_emulator/reset does; a seed that does not load raises ValueError."""
        try:
            self.state.reset(seed)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError("invalid seed: %s: %s" % (type(exc).__name__, exc))

    def requests(self, method=None, platform=None):
        """The request log (a copy), optionally only one method and/or platform."""
        with self.state.lock:
            log = copy.deepcopy(list(self.state.requests))
        return [entry for entry in log
                if (method is None or entry["method"] == method.upper())
                and (platform is None or entry["platform"] == platform)]

    def clear_requests(self):
        with self.state.lock:
            self.state.requests.clear()


@pytest.fixture(scope="session")
def iotcloud_emulator_server():
    """The session's emulator, on a free loopback port, stopped at the end of the session."""
    emulator = start_emulator(port=0)
    yield emulator
    emulator.stop()


@pytest.fixture
def iotcloud_emulator(iotcloud_emulator_server):
    """The session's emulator back on the default seed, with an empty log and no faults."""
    handle = EmulatorFixture(iotcloud_emulator_server)
    handle.reset()
    return handle
