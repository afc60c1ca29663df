"""Shared pieces of the fidelity tests: the documented ids of the default seed, a token
from the emulator, and calls to its control endpoints."""

import requests

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


def fill(value, names):
    """`value` (a path or a JSON-like request argument) with its {placeholders} filled."""
    if isinstance(value, str):
        for key, name in names.items():
            value = value.replace("{%s}" % key, name)
        return value
    if isinstance(value, dict):
        return dict((k, fill(v, names)) for k, v in value.items())
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    return value
