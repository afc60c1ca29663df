"""The `echo` fault: an error answer that repeats the request (body, decoded form, headers), as a
careless server or proxy does. The secrets sweep of tests/reliability uses it."""

import json

import pytest
import requests

from iotcloud_emulator.seed import ACME

DEMO_USER = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
TOKEN = "/iot/v1/clients/token"
SECRET = 'a!/+=&% "\\é'


def fault(control, **rule):
    resp = control("post", "faults", json=rule)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_the_token_endpoint_echoes_its_form(emu, control):
    fault(control, path=TOKEN, status=400, echo=True)
    resp = requests.post(emu.url + TOKEN, data={"grant_type": "client_credentials",
                                                "client_id": "demo-client", "client_secret": SECRET},
                         timeout=10)
    assert resp.status_code == 400
    body = resp.json()
    detail = body["error_description"]
    assert body["detail"] == detail and body["error"] == "invalid_request"
    # the form as sent (URL-encoded), decoded, and JSON-escaped
    assert "client_secret=a%21%2F%2B%3D%26%25+%22%5C%C3%A9" in detail
    assert "client_secret=" + SECRET in detail
    assert json.dumps(SECRET)[1:-1] in detail
    # the log still masks the secret, as for every token request
    entry = [e for e in control("get", "requests").json() if e["path"] == TOKEN][-1]
    assert entry["status"] == 400 and entry["body"]["client_secret"] == "********"


@pytest.mark.parametrize("part, expected", [
    ("body", "echo of POST /iot/v1/clients/token: body=grant_type=client_credentials&client_secret=a%21"),
    ("form", "echo of POST /iot/v1/clients/token: form=client_secret=" + SECRET + " grant_type="),
    ("json", "echo of POST /iot/v1/clients/token: json=" + json.dumps({"client_secret": SECRET,
                                                                        "grant_type": "client_credentials"})),
])
def test_one_part_of_the_request(emu, control, part, expected):
    fault(control, path=TOKEN, status=400, echo=part)
    resp = requests.post(emu.url + TOKEN, data={"grant_type": "client_credentials", "client_secret": SECRET},
                         timeout=10)
    assert resp.json()["detail"].startswith(expected)
    assert "headers=" not in resp.json()["detail"]


def test_an_api_error_echoes_the_headers_and_the_body(emu, control):
    fault(control, method="PUT", path="^/iot/v2/dashboards/", status=500, echo=True, count=2)
    url = emu.url + "/iot/v2/dashboards/00000000-0000-4000-8000-000000000000"
    headers = {"Authorization": "Bearer tok.en", "X-Organization": ACME}
    resp = requests.put(url, json={"name": "x"}, headers=headers, timeout=10)
    assert resp.status_code == 500
    assert resp.headers["Content-Type"] == "application/vnd.goa.error+json"
    detail = resp.json()["detail"]
    assert detail.startswith("echo of PUT /iot/v2/dashboards/")
    assert 'body={"name": "x"}' in detail and "headers=Authorization: Bearer tok.en; " in detail
    # the rule is used up like the others
    assert requests.put(url, json={}, headers=headers, timeout=10).status_code == 500
    assert control("get", "faults").json() == []


def test_a_qubitro_error_echoes_in_its_message(emu, control):
    fault(control, path="^/v2/dashboards", status=400, echo=True)
    resp = requests.get(emu.url + "/v2/dashboards", headers={"Authorization": "Bearer QB_demo"},
                        timeout=10)
    assert resp.status_code == 400 and resp.json()["success"] is False
    assert "Authorization: Bearer QB_demo" in resp.json()["message"]


def test_a_success_can_echo_too(acme, control):
    fault(control, path="^/iot/v2/dashboards$", status=200, echo=True)
    resp = acme.get("/iot/v2/dashboards")
    assert resp.status_code == 200 and resp.json()["echo"].startswith("echo of GET /iot/v2/dashboards")


@pytest.mark.parametrize("rule, message", [
    ({"echo": True}, "echo"),
    ({"echo": True, "status": 400, "body": "x"}, "needs a status and no body"),
    ({"echo": "yes", "status": 400}, "echo must be a boolean or one of body, form, json, headers"),
])
def test_echo_rules_that_cannot_work_are_refused(control, rule, message):
    resp = control("post", "faults", json=dict(rule, path="x"))
    assert resp.status_code == 400 and message in resp.json()["error"]


def test_a_client_secret_with_non_ascii_characters(emu):
    """compare_digest refuses non-ASCII str: such a secret used to be an internal error (500)."""
    emu.reset({"clients": [{"client_id": "odd", "client_secret": SECRET, "user_id": DEMO_USER,
                            "organizations": ["*"]}]})
    form = {"grant_type": "client_credentials", "client_id": "odd", "client_secret": SECRET,
            "organization_id": ACME}
    resp = requests.post(emu.url + TOKEN, data=form, timeout=10)
    assert resp.status_code == 200, resp.text
    resp = requests.post(emu.url + TOKEN, data=dict(form, client_secret=SECRET[:-1] + "è"), timeout=10)
    assert resp.status_code == 401
