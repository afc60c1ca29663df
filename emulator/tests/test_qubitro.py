"""The Qubitro v2 side of the emulator: bare and enveloped bodies, invites, groups."""

import pytest
import requests

FARM = "e5000000-0000-4000-8000-000000000001"
FARM_DASH = "e5000000-0000-4000-8000-0000000000a1"
BOILER_DASH = "e5000000-0000-4000-8000-0000000000a3"
OPERATORS = "5f8d0d55b54764ca6f3a0001"


@pytest.fixture
def qb(emu):
    def call(method, path, key="QB_demo", **kwargs):
        headers = {"Authorization": "Bearer " + key} if key else {}
        return requests.request(method.upper(), emu.url + path, headers=headers, timeout=10,
                                **kwargs)
    return call


def assert_qb_error(resp, status, *words):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["success"] is False and body["action"]
    for word in words:
        assert word in body["message"], body["message"]


def test_bare_bodies(qb):
    dashboards = qb("get", "/v2/dashboards").json()["dashboards"]
    assert [d["name"] for d in dashboards] == ["Farm overview", "Factory floor", "Boiler room"]
    assert all(isinstance(w, str) for w in dashboards[0]["widgets"])
    detail = qb("get", "/v2/dashboards/" + FARM_DASH).json()
    assert detail["id"] == FARM_DASH and detail["widgets"][0]["widget_type"] == "chart"
    devices = qb("get", "/v2/dashboards/%s/devices" % BOILER_DASH).json()["devices"]
    assert [(d["device_name"], d["project_name"]) for d in devices] == [("boiler", "Factory")]
    projects = qb("get", "/v2/projects").json()
    assert [p["name"] for p in projects] == ["Farm", "Factory"]
    farm_devices = qb("get", "/v2/projects/%s/devices" % FARM).json()
    assert [d["name"] for d in farm_devices] == ["soil-sensor", "weather-mast"]
    groups = qb("get", "/v2/organization/groups").json()["groups"]
    assert [g["name"] for g in groups] == ["Operators", "Viewers"]


def test_enveloped_bodies(qb, reset):
    reset({"qubitro": {"envelope": True}})
    body = qb("get", "/v2/dashboards").json()
    assert body["success"] is True and body["status"] == 200 and body["action"]
    assert len(body["data"]["dashboards"]) == 3
    projects = qb("get", "/v2/projects").json()
    assert [p["name"] for p in projects["data"]] == ["Farm", "Factory"]
    assert qb("get", "/v2/dashboards/" + FARM_DASH).json()["data"]["id"] == FARM_DASH


def test_authentication(qb):
    assert_qb_error(qb("get", "/v2/projects", key=None), 401, "API key")
    assert_qb_error(qb("get", "/v2/projects", key="QB_wrong"), 401)


def test_not_found(qb):
    assert_qb_error(qb("get", "/v2/dashboards/e5000000-0000-4000-8000-0000000000ff"), 404)
    assert_qb_error(qb("get", "/v2/projects/e5000000-0000-4000-8000-0000000000ff/devices"), 404)


def test_invite_and_its_validation(qb, control):
    path = "/v2/dashboards/%s/invite" % FARM_DASH
    ok = qb("post", path, json={"users": [{"email": "alice@example.com", "role": "readonly"}],
                                "groups": [{"id": OPERATORS, "role": "role_5f2a"}]})
    assert ok.status_code == 200
    assert ok.json() == {"success": True, "action": "invite to dashboard", "status": 200,
                         "message": "Dashboard invitation sent successfully."}
    assert_qb_error(qb("post", path, json={"users": [{"email": "alice@example.com",
                                                      "role": "superuser"}]}), 400, "superuser")
    assert_qb_error(qb("post", path, json={"users": [{"email": "not-an-email",
                                                      "role": "admin"}]}), 400, "email")
    assert_qb_error(qb("post", path, json={"groups": [{"id": "ffffffffffffffffffffffff",
                                                       "role": "admin"}]}), 400, "group")
    assert_qb_error(qb("post", path, json={"users": [{"email": "ann@example.com",
                                                      "role": "admin"}]}), 400,
                    "ann@example.com is not a member of the organization")
    assert_qb_error(qb("post", path, json={}), 400)
    assert_qb_error(qb("post", path, data="{oops"), 400)
    assert_qb_error(qb("post", "/v2/dashboards/e5000000-0000-4000-8000-0000000000ff/invite",
                       json={"users": [{"email": "a@b.co", "role": "admin"}]}), 404)
    invites = control("get", "state").json()["qubitro"]["invites"]
    assert len(invites) == 1 and invites[0]["dashboard_id"] == FARM_DASH
    assert invites[0]["users"] == [{"email": "alice@example.com", "role": "readonly"}]


def test_plan_without_groups(qb, reset):
    reset({"qubitro": {"groups_enabled": False}})
    assert_qb_error(qb("get", "/v2/organization/groups"), 403)
    path = "/v2/dashboards/%s/invite" % FARM_DASH
    assert_qb_error(qb("post", path, json={"groups": [{"id": OPERATORS, "role": "admin"}]}), 403)
    assert qb("post", path, json={"users": [{"email": "Ops@Example.com", "role": "owner"}]}).ok


def test_members_of_a_seed(qb, reset):
    reset({"qubitro": {"members": ["ann@example.com"]}})
    path = "/v2/dashboards/%s/invite" % FARM_DASH
    assert qb("post", path, json={"users": [{"email": "ann@example.com", "role": "readonly"}]}).ok
    reset({"extends_default": False, "qubitro": {"api_keys": ["QB_demo"],
                                                 "dashboards": [{"id": FARM_DASH, "name": "F"}]}})
    assert_qb_error(qb("post", path, json={"users": [{"email": "ops@example.com",
                                                      "role": "readonly"}]}), 400, "not a member")


def test_rate_limit_answers_in_qubitro_form(qb, reset, control):
    reset({"rate_limit": {"per_second": 1, "retry_after": 2}})
    control("post", "clock", json={"frozen": True})
    assert qb("get", "/v2/projects").status_code == 200
    resp = qb("get", "/v2/projects")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "2"
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.json() == {"success": False, "action": "request",
                           "message": "Too many requests, please try again later"}
    # an injected 429 without a body takes the same form
    control("post", "faults", json={"path": "^/v2/dashboards$", "status": 429})
    assert qb("get", "/v2/dashboards").json()["success"] is False
