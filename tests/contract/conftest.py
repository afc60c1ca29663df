"""Fixtures of the fidelity tests: one in-process emulator per session, reset before each
test, and helpers that read the default seed the way a client would (no hard-coded ids
beyond the documented organizations and users)."""

import sys
from pathlib import Path

import pytest
import requests

# The emulator is imported as `tests.emulator`, so the repository root must be importable
# however pytest was started.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.emulator.server import start_emulator  # noqa: E402

ACME = "11111111-1111-4111-8111-111111111111"
GLOBEX = "22222222-2222-4222-8222-222222222222"
ALICE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
BOB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
CAROL = "cccccccc-cccc-4ccc-8ccc-cccccccccccc"
CLIENT_ID = "demo-client"
CLIENT_SECRET = "demo-secret"
TOKEN_PATH = "/iot/v1/clients/token"
TIMEOUT = 10


def fetch_token(url, organization=None):
    """An access token from the emulator's client-credentials endpoint, bound to
    `organization` (None: the personal space)."""
    form = {"grant_type": "client_credentials", "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "audience": "https://api2.arduino.cc/iot"}
    headers = {"X-Organization": organization} if organization else {}
    resp = requests.post(url + TOKEN_PATH, data=form, headers=headers, timeout=TIMEOUT)
    assert resp.status_code == 200, "token endpoint answered %d" % resp.status_code
    return resp.json()["access_token"]


def control(url, method, name, **kwargs):
    """A call to /_emulator/<name>; these endpoints are outside the contract."""
    kwargs.setdefault("timeout", TIMEOUT)
    return requests.request(method, url + "/_emulator/" + name, **kwargs)


@pytest.fixture(scope="session")
def emulator():
    emu = start_emulator(port=0)
    yield emu
    emu.stop()


@pytest.fixture
def emu(emulator):
    """The session's emulator, back on the default seed."""
    resp = control(emulator.url, "POST", "reset")
    assert resp.status_code == 200, resp.text
    return emulator


# The OpenAPI fixtures import openapi-core only when a test asks for them; the modules that do
# skip themselves first when the document is missing.
@pytest.fixture(scope="session")
def openapi(emulator):
    from tests.contract.openapi_harness import load_openapi
    return load_openapi(emulator.url)


@pytest.fixture
def checker(openapi):
    """Validates exchanges and records (operationId, status) of each in `checker.seen`."""
    from tests.contract.openapi_harness import ContractChecker
    return ContractChecker(openapi)


@pytest.fixture
def client(emu, checker):
    """client(organization=None, token=True): a session on the reset emulator whose every
    answer is validated against the OpenAPI document."""
    from tests.contract.openapi_harness import ContractClient

    def make(organization=None, token=True):
        bearer = fetch_token(emu.url, organization) if token else None
        return ContractClient(emu.url, checker, organization, bearer, TIMEOUT)
    return make
