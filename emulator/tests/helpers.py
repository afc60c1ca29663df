"""Helpers of the emulator's own tests: ids of the default seed, an API session, a widget, a process."""

import contextlib
import subprocess
import uuid

import requests

DEMO = {"client_id": "demo-client", "client_secret": "demo-secret"}
# Properties of the default seed, by organization.
ACME_TEMP = "a1000000-0000-4000-8000-000000000011"
ACME_HUMIDITY = "a1000000-0000-4000-8000-000000000012"
ACME_FAN = "a1000000-0000-4000-8000-000000000013"
ACME_GREENHOUSE = "a1000000-0000-4000-8000-000000000001"
ACME_WEATHER = "a1000000-0000-4000-8000-000000000002"
GLOBEX_TEMP = "b2000000-0000-4000-8000-000000000011"
PERSONAL_TEMP = "c3000000-0000-4000-8000-000000000011"


class Api(object):
    """A requests session bound to the emulator, with a token for one organization."""

    def __init__(self, url, org=None, header=True, credentials=None):
        self.url = url
        self.session = requests.Session()
        form = dict(credentials or DEMO, grant_type="client_credentials",
                    audience="https://api2.arduino.cc/iot")
        if org:
            form["organization_id"] = org
        resp = self.session.post(url + "/iot/v1/clients/token", data=form, timeout=10)
        assert resp.status_code == 200, resp.text
        self.token = resp.json()["access_token"]
        self.session.headers["Authorization"] = "Bearer " + self.token
        if org and header:
            self.session.headers["X-Organization"] = org

    def __getattr__(self, method):
        if method not in ("get", "post", "put", "patch", "delete"):
            raise AttributeError(method)

        def call(path, **kwargs):
            kwargs.setdefault("timeout", 10)
            return self.session.request(method.upper(), self.url + path, **kwargs)
        return call


def widget(variables=(), **extra):
    """A valid widget payload with a fresh id."""
    body = {"id": str(uuid.uuid4()), "type": "Value", "name": "w", "options": {},
            "x": 0, "y": 0, "width": 2, "height": 2, "variables": list(variables)}
    body.update(extra)
    return body




@contextlib.contextmanager
def running(command, **popen):
    """An emulator process for the block; killed if still running after it, streams closed."""
    proc = subprocess.Popen(command, **popen)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
