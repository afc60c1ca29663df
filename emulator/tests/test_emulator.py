"""The Arduino side of the emulator: tokens, organizations, the dashboards v2 operations,
validation, things. Faults, rate limits, the log, Qubitro and the CLI have their own files."""

import re

import pytest
import requests

from helpers import (
    ACME_FAN,
    ACME_GREENHOUSE,
    ACME_HUMIDITY,
    ACME_TEMP,
    ACME_WEATHER,
    DEMO,
    GLOBEX_TEMP,
    PERSONAL_TEMP,
    Api,
    widget,
)
from iotcloud_emulator.seed import ACME, ALICE, BOB, CAROL, DEMO_USER, GLOBEX

RFC3339_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
GOA = "application/vnd.goa.error+json"


def assert_goa(resp, status, *words):
    """A goa error with the given status whose detail mentions every word."""
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"] == GOA
    body = resp.json()
    assert set(body) >= {"id", "code", "status", "detail"}
    assert body["status"] == status
    for word in words:
        assert word in body["detail"], body["detail"]


def token(emu, **form):
    data = dict(DEMO, grant_type="client_credentials")
    data.update(form)
    headers = data.pop("headers", {})
    return requests.post(emu.url + "/iot/v1/clients/token", data=data, headers=headers, timeout=10)


# ---- tokens and organizations -------------------------------------------------------------------
def test_token_shape_and_credentials(emu):
    body = token(emu).json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 300 and body["access_token"]
    bad = token(emu, client_secret="wrong")
    assert bad.status_code == 401
    assert bad.json()["error"] == "invalid_client" and bad.json()["status"] == 401
    assert token(emu, grant_type="password").status_code == 400
    assert token(emu, client_id="nobody").status_code == 401
    # client_secret_basic: the credentials in an Authorization header instead of the form
    basic = requests.post(emu.url + "/iot/v1/clients/token", auth=("demo-client", "demo-secret"),
                          data={"grant_type": "client_credentials"}, timeout=10)
    assert basic.status_code == 200 and basic.json()["access_token"]


def test_token_organization_from_form_or_header(emu):
    assert token(emu, organization_id=ACME).status_code == 200
    assert token(emu, headers={"X-Organization": GLOBEX}).status_code == 200
    both = token(emu, organization_id=ACME, headers={"X-Organization": GLOBEX})
    assert both.status_code == 400
    unknown = token(emu, organization_id="99999999-9999-4999-8999-999999999999")
    assert unknown.status_code == 403


def test_token_expires_when_the_clock_moves(emu, control, acme):
    assert acme.get("/iot/v2/dashboards").status_code == 200
    assert control("post", "clock", json={"advance": 301}).status_code == 200
    assert_goa(acme.get("/iot/v2/dashboards"), 401, "expired")
    assert Api(emu.url, ACME).get("/iot/v2/dashboards").status_code == 200


def test_token_ttl_from_seed(emu, reset, control):
    reset({"token_ttl": 2})
    api = Api(emu.url, ACME)
    assert token(emu).json()["expires_in"] == 2
    assert api.get("/iot/v2/things").status_code == 200
    control("post", "clock", json={"advance": 3})
    assert_goa(api.get("/iot/v2/things"), 401)


def test_missing_or_unknown_token_is_401(emu):
    assert_goa(requests.get(emu.url + "/iot/v2/dashboards", timeout=10), 401)
    resp = requests.get(emu.url + "/iot/v2/dashboards", timeout=10,
                        headers={"Authorization": "Bearer nope"})
    assert_goa(resp, 401, "invalid")


def test_x_organization_must_match_the_token(emu):
    api = Api(emu.url, ACME, header=False)
    assert api.get("/iot/v2/dashboards").status_code == 200
    assert_goa(api.get("/iot/v2/dashboards", headers={"X-Organization": GLOBEX}), 403)
    personal = Api(emu.url)
    assert_goa(personal.get("/iot/v2/things", headers={"X-Organization": ACME}), 403)


def test_organizations_isolate_dashboards_and_things(emu, acme, globex, personal):
    created = acme.post("/iot/v2/dashboards", json={"name": "Shared name", "widgets": [
        widget([ACME_TEMP])]})
    assert created.status_code == 201
    dash_id = created.json()["id"]
    assert created.json()["organization_id"] == ACME
    assert [d["id"] for d in acme.get("/iot/v2/dashboards").json()] == [dash_id]
    assert globex.get("/iot/v2/dashboards").json() == []
    assert personal.get("/iot/v2/dashboards").json() == []
    assert_goa(globex.get("/iot/v2/dashboards/" + dash_id), 404)
    assert_goa(personal.delete("/iot/v2/dashboards/" + dash_id), 404)
    # the token's organization applies when the header is absent
    assert len(Api(emu.url, ACME, header=False).get("/iot/v2/dashboards").json()) == 1
    # a property of another organization cannot be linked
    resp = globex.post("/iot/v2/dashboards", json={"name": "x", "widgets": [widget([ACME_TEMP])]})
    assert_goa(resp, 400, ACME_TEMP)
    def names(api):
        return sorted(t["id"] for t in api.get("/iot/v2/things").json())
    assert set(names(acme)).isdisjoint(names(globex))
    assert_goa(globex.get("/iot/v2/things/" + ACME_GREENHOUSE), 404)
    assert personal.post("/iot/v2/dashboards", json={"name": "p", "widgets": [
        widget([PERSONAL_TEMP])]}).status_code == 201
    assert "organization_id" not in personal.get("/iot/v2/dashboards").json()[0]


# ---- create / show / list -------------------------------------------------------------------------
def test_create_returns_the_contract_shape(acme):
    w = widget([ACME_TEMP, ACME_FAN], x_mobile=1, height_mobile=3, options={"showThing": True})
    resp = acme.post("/iot/v2/dashboards", json={"name": "Greenhouse", "cover_image": "c.png",
                                                 "widgets": [w]})
    assert resp.status_code == 201
    assert resp.headers["Content-Type"] == "application/vnd.arduino.dashboardv2+json"
    body = resp.json()
    assert RFC3339_Z.match(body["updated_at"])
    assert body["created_by"] == {"user_id": DEMO_USER, "username": "demo"}
    assert body["cover_image"] == "c.png" and body["shared_with"] == []
    got = body["widgets"][0]
    assert got["id"] == w["id"] and got["x_mobile"] == 1 and got["height_mobile"] == 3
    assert got["options"] == {"showThing": True}
    temp = got["variables"][0]
    assert temp["id"] == ACME_TEMP and temp["variable_name"] == "temperature"
    assert temp["thing_id"] == ACME_GREENHOUSE and temp["thing_name"] == "greenhouse"
    assert (temp["type"], temp["permission"]) == ("FLOAT", "READ_ONLY")
    assert [v["id"] for v in got["variables"]] == [ACME_TEMP, ACME_FAN]
    assert acme.get("/iot/v2/dashboards/" + body["id"]).json() == body


@pytest.mark.parametrize("payload, words", [
    ({"name": "x" * 65}, ["name", "64"]),
    ({"name": "!!!"}, ["pattern"]),
    ({"name": 5}, ["name"]),
    ({}, ["name"]),
    ({"name": "ok", "cover_image": "c" * 1025}, ["cover_image", "1024"]),
    ({"name": "ok", "widgets": {}}, ["widgets"]),
    ({"name": "ok", "widgets": [{"type": "Value"}]}, ["widgets[0]", "id", "options", "height"]),
    ({"name": "ok", "widgets": [widget(id="not-a-uuid")]}, ["widgets[0].id", "UUID"]),
    ({"name": "ok", "widgets": [widget(x=-1)]}, ["widgets[0].x", "negative"]),
    ({"name": "ok", "widgets": [widget(width=2.5)]}, ["widgets[0].width", "integer"]),
    ({"name": "ok", "widgets": [widget(height="2")]}, ["widgets[0].height", "integer"]),
    ({"name": "ok", "widgets": [widget(y=True)]}, ["widgets[0].y", "integer"]),
    ({"name": "ok", "widgets": [widget(y_mobile=-3)]}, ["y_mobile"]),
    ({"name": "ok", "widgets": [widget(options=[])]}, ["options"]),
    ({"name": "ok", "widgets": [widget(["nope"])]}, ["variables[0]", "UUID"]),
    ({"name": "ok", "widgets": [widget([GLOBEX_TEMP])]}, [GLOBEX_TEMP]),
    ({"name": "ok", "widgets": [widget(id="0b0c7c1e-8d2a-4d4e-9d55-6f9f8f9e0a01"),
                                widget(id="0b0c7c1e-8d2a-4d4e-9d55-6f9f8f9e0a01")]},
     ["duplicate"]),
])
def test_create_validation_errors(acme, payload, words):
    assert_goa(acme.post("/iot/v2/dashboards", json=payload), 400, *words)
    assert acme.get("/iot/v2/dashboards").json() == []


def test_malformed_or_missing_bodies(acme):
    assert_goa(acme.post("/iot/v2/dashboards", data="{not json",
                         headers={"Content-Type": "application/json"}), 400, "JSON")
    assert_goa(acme.post("/iot/v2/dashboards", json=[1]), 400, "object")
    assert_goa(acme.post("/iot/v2/dashboards"), 400, "required")


def test_unknown_ids_are_404(acme):
    assert_goa(acme.get("/iot/v2/dashboards/not-a-uuid"), 404)
    assert_goa(acme.get("/iot/v2/dashboards/9f4f2c1e-0000-4000-8000-000000000000"), 404)
    assert_goa(acme.get("/iot/v2/nothing-here"), 404)


def test_list_filters(acme):
    ids = {}
    for name in ("Greenhouse North", "greenhouse south", "Weather"):
        variables = [ACME_TEMP] if name != "Weather" else []
        ids[name] = acme.post("/iot/v2/dashboards", json={"name": name, "widgets": [
            widget(variables)]}).json()["id"]
    def names(**q):
        return sorted(d["name"] for d in acme.get("/iot/v2/dashboards", params=q).json())
    assert names(name="GREENHOUSE") == ["Greenhouse North", "greenhouse south"]
    assert names(name="south") == ["greenhouse south"]
    assert names(name="zzz") == []
    assert names(thing_id=ACME_GREENHOUSE) == ["Greenhouse North", "greenhouse south"]
    assert names(thing_id=ACME_WEATHER) == []
    assert len(names(user_id=DEMO_USER)) == 3 and names(user_id=ALICE) == []
    assert_goa(acme.get("/iot/v2/dashboards", params={"name": "n" * 65}), 400)


def test_listing_without_shared_with_is_a_seed_option(emu, reset):
    reset({"arduino": {"list_shared_with": False}})
    api = Api(emu.url, ACME)
    dash_id = api.post("/iot/v2/dashboards", json={"name": "Quiet", "widgets": []}).json()["id"]
    assert api.put("/iot/v2/dashboards/%s/shares" % dash_id, json={"users": [{"username": "alice"}]}).ok
    listed = api.get("/iot/v2/dashboards").json()
    assert [d["id"] for d in listed] == [dash_id] and "shared_with" not in listed[0]
    shown = api.get("/iot/v2/dashboards/" + dash_id).json()
    assert shown["shared_with"] == [{"user_id": ALICE, "username": "alice"}]
    bad = requests.post(emu.url + "/_emulator/reset", json={"arduino": {"no_such_option": True}}, timeout=10)
    assert bad.status_code == 400 and "no_such_option" in bad.text


# ---- update / patch / delete -------------------------------------------------------------------
def test_put_replaces_and_patch_merges(acme):
    w1, w2 = widget([ACME_TEMP]), widget([ACME_HUMIDITY])
    dash = acme.post("/iot/v2/dashboards", json={"name": "A", "cover_image": "a.png",
                                                 "widgets": [w1, w2]}).json()
    path = "/iot/v2/dashboards/" + dash["id"]
    patched = acme.patch(path, json={"name": "B"})
    assert patched.status_code == 200
    assert patched.json()["name"] == "B" and len(patched.json()["widgets"]) == 2
    assert patched.json()["cover_image"] == "a.png"
    assert patched.json()["updated_at"] > dash["updated_at"]
    put = acme.put(path, json={"name": "C", "widgets": [w2]}).json()
    assert [w["id"] for w in put["widgets"]] == [w2["id"]]
    assert "cover_image" not in put and put["updated_at"] > patched.json()["updated_at"]
    patched = acme.patch(path, json={"widgets": []}).json()
    assert patched["widgets"] == [] and patched["name"] == "C"
    assert_goa(acme.put(path, json={"widgets": [widget(x=-1)]}), 400)
    assert_goa(acme.patch("/iot/v2/dashboards/9f4f2c1e-0000-4000-8000-000000000000",
                          json={"name": "x"}), 404)


def test_soft_delete_restore_and_force(acme, control):
    dash = acme.post("/iot/v2/dashboards", json={"name": "Soft"}).json()
    path = "/iot/v2/dashboards/" + dash["id"]
    resp = acme.delete(path)
    assert resp.status_code == 200 and resp.content == b""
    assert acme.get("/iot/v2/dashboards").json() == []
    assert_goa(acme.get(path), 404)
    assert_goa(acme.delete(path), 404)
    assert_goa(acme.patch(path, json={"name": "still deleted"}), 404)
    stored = control("get", "state").json()["dashboards"]
    assert [(d["id"], d["soft_deleted"]) for d in stored] == [(dash["id"], True)]
    restored = acme.patch(path, json={"soft_deleted": False})
    assert restored.status_code == 200 and restored.json()["name"] == "Soft"
    assert [d["id"] for d in acme.get("/iot/v2/dashboards").json()] == [dash["id"]]
    # a forced delete removes a soft-deleted dashboard for good
    acme.delete(path)
    assert acme.delete(path, params={"force": "true"}).status_code == 200
    assert control("get", "state").json()["dashboards"] == []
    assert_goa(acme.put(path, json={"soft_deleted": False}), 404)
    other = acme.post("/iot/v2/dashboards", json={"name": "Hard"}).json()
    assert acme.delete("/iot/v2/dashboards/" + other["id"], params={"force": "true"}).ok
    assert control("get", "state").json()["dashboards"] == []
    assert_goa(acme.delete(path, params={"force": "maybe"}), 400, "force")


def test_put_can_restore_too(acme):
    dash = acme.post("/iot/v2/dashboards", json={"name": "P"}).json()
    path = "/iot/v2/dashboards/" + dash["id"]
    acme.delete(path)
    assert acme.put(path, json={"name": "P2", "soft_deleted": False}).json()["name"] == "P2"
    assert acme.get(path).status_code == 200


# ---- shares ------------------------------------------------------------------------------------
def test_shares_by_id_username_and_users(acme, control):
    dash = acme.post("/iot/v2/dashboards", json={"name": "S"}).json()
    path = "/iot/v2/dashboards/%s/shares" % dash["id"]
    resp = acme.put(path, json={"user_id": ALICE})
    assert resp.status_code == 200 and resp.content == b""
    assert acme.put(path, json={"username": "bob"}).status_code == 200
    assert acme.put(path, json={"users": [{"username": "carol"}, {"user_id": ALICE}]}).ok
    assert acme.put(path, json={"user_id": ALICE}).ok  # sharing twice changes nothing
    shares = acme.get(path)
    assert shares.headers["Content-Type"].startswith("application/vnd.arduino.dashboardshare+json")
    assert shares.json() == [{"user_id": ALICE, "username": "alice"},
                             {"user_id": BOB, "username": "bob"},
                             {"user_id": CAROL, "username": "carol"}]
    shown = acme.get("/iot/v2/dashboards/" + dash["id"]).json()
    assert [s["user_id"] for s in shown["shared_with"]] == [ALICE, BOB, CAROL]
    assert_goa(acme.put(path, json={"username": "mallory"}), 400, "mallory")
    assert_goa(acme.put(path, json={"users": [{"user_id": "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"}]}),
               400, "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee")
    assert_goa(acme.put(path, json={}), 400)
    assert acme.delete(path + "/" + BOB).status_code == 200
    assert_goa(acme.delete(path + "/" + BOB), 404)
    assert [s["username"] for s in acme.get(path).json()] == ["alice", "carol"]
    request = acme.put("/iot/v2/dashboards/%s/share_request" % dash["id"], json={"message": "hi"})
    assert request.status_code == 200 and request.content == b""
    recorded = control("get", "state").json()["share_requests"]
    assert [(r["dashboard_id"], r["message"]) for r in recorded] == [(dash["id"], "hi")]


# ---- template, link, clone ---------------------------------------------------------------------
def test_template_uses_names(acme):
    w = widget([ACME_TEMP, ACME_FAN], name="Temp", x=1, y=2, width=3, height=4, width_mobile=5)
    dash = acme.post("/iot/v2/dashboards", json={"name": "Home Security Alarm",
                                                 "cover_image": "c.png", "widgets": [w]}).json()
    tpl = acme.get("/iot/v2/dashboards/%s/template" % dash["id"])
    assert tpl.headers["Content-Type"] == "application/vnd.arduino.dashboardv2template+json"
    body = tpl.json()
    assert body["id"] == "home-security-alarm" and body["name"] == "Home Security Alarm"
    assert body["cover_image"] == "c.png"
    got = body["widgets"][0]
    assert "id" not in got
    assert (got["name"], got["x"], got["y"], got["width"], got["height"], got["width_mobile"]) == \
        ("Temp", 1, 2, 3, 4, 5)
    assert [(v["thing_id"], v["variable_id"], v["type"], v["permission"]) for v in got["variables"]] \
        == [("greenhouse", "temperature", "FLOAT", "READ_ONLY"), ("greenhouse", "fan", "BOOL",
                                                                   "READ_WRITE")]
    assert got["variables"][0]["thing_timezone"]["name"] == "Europe/Berlin"


def test_link_replaces_the_variable_set(acme):
    w = widget([ACME_TEMP, ACME_HUMIDITY])
    dash = acme.post("/iot/v2/dashboards", json={"name": "L", "widgets": [w]}).json()
    path = "/iot/v2/dashboards/%s/widgets/%s/variables" % (dash["id"], w["id"])
    resp = acme.put(path, json={"variables": [ACME_FAN]})
    assert resp.status_code == 200 and resp.json() == {"variables": [ACME_FAN]}
    shown = acme.get("/iot/v2/dashboards/" + dash["id"]).json()
    assert [v["id"] for v in shown["widgets"][0]["variables"]] == [ACME_FAN]
    assert shown["updated_at"] > dash["updated_at"]
    assert acme.put(path, json={"variables": []}).json() == {"variables": []}
    assert_goa(acme.put(path, json={"variables": [GLOBEX_TEMP]}), 400, GLOBEX_TEMP)
    assert_goa(acme.put("/iot/v2/dashboards/%s/widgets/%s/variables" % (
        dash["id"], "0b0c7c1e-8d2a-4d4e-9d55-6f9f8f9e0a99"), json={"variables": []}), 404)


def test_clone_with_overrides(emu, reset):
    second = {"id": "a1000000-0000-4000-8000-000000000003", "name": "greenhouse-2",
              "organization_id": ACME, "properties": [
                  {"id": "a1000000-0000-4000-8000-000000000031", "name": "temperature",
                   "type": "FLOAT", "permission": "READ_ONLY"},
                  {"id": "a1000000-0000-4000-8000-000000000032", "name": "fan", "type": "BOOL"}]}
    reset({"things": [second]})
    acme = Api(emu.url, ACME)
    w = widget([ACME_TEMP, ACME_FAN], options={"k": 1})
    name = "N" * 64
    dash = acme.post("/iot/v2/dashboards", json={"name": name, "widgets": [w]}).json()
    override = {"old_thing_id": ACME_GREENHOUSE, "new_thing_id": second["id"]}
    resp = acme.put("/iot/v2/dashboards/%s/clone" % dash["id"], json={"overrides": [override]})
    assert resp.status_code == 201
    copy = resp.json()
    assert copy["id"] != dash["id"] and len(copy["name"]) == 64
    assert copy["name"].endswith(" (copy)")
    assert copy["widgets"][0]["id"] != w["id"] and copy["widgets"][0]["options"] == {"k": 1}
    assert [v["id"] for v in copy["widgets"][0]["variables"]] == [
        "a1000000-0000-4000-8000-000000000031", "a1000000-0000-4000-8000-000000000032"]
    plain = acme.put("/iot/v2/dashboards/%s/clone" % dash["id"], json={}).json()
    assert [v["id"] for v in plain["widgets"][0]["variables"]] == [ACME_TEMP, ACME_FAN]
    assert len(acme.get("/iot/v2/dashboards").json()) == 3
    # the weather station has no `temperature`: the clone names what is missing
    missing = {"old_thing_id": ACME_GREENHOUSE, "new_thing_id": ACME_WEATHER}
    assert_goa(acme.put("/iot/v2/dashboards/%s/clone" % dash["id"],
                        json={"overrides": [missing]}), 400, "temperature")
    assert_goa(acme.put("/iot/v2/dashboards/%s/clone" % dash["id"], json={"overrides": [
        {"old_thing_id": ACME_GREENHOUSE}]}), 400, "new_thing_id")


# ---- things ------------------------------------------------------------------------------------
def test_things_list_and_show(acme):
    things = acme.get("/iot/v2/things").json()
    assert sorted(t["name"] for t in things) == ["greenhouse", "weather-station"]
    assert all("properties" not in t for t in things)
    full = acme.get("/iot/v2/things", params={"show_properties": "true"}).json()
    greenhouse = next(t for t in full if t["name"] == "greenhouse")
    assert greenhouse["organization_id"] == ACME and greenhouse["device_id"]
    assert [(p["variable_name"], p["type"], p["permission"]) for p in greenhouse["properties"]] == [
        ("temperature", "FLOAT", "READ_ONLY"), ("humidity", "FLOAT", "READ_ONLY"),
        ("fan", "BOOL", "READ_WRITE")]
    for prop in greenhouse["properties"]:
        assert set(prop) >= {"href", "id", "name", "permission", "thing_id", "type",
                             "update_strategy", "last_value"}
    only = acme.get("/iot/v2/things", params={"ids": ACME_WEATHER}).json()
    assert [t["id"] for t in only] == [ACME_WEATHER]
    shown = acme.get("/iot/v2/things/" + ACME_GREENHOUSE).json()
    assert [p["id"] for p in shown["properties"]] == [ACME_TEMP, ACME_HUMIDITY, ACME_FAN]
    assert_goa(acme.get("/iot/v2/things/b2000000-0000-4000-8000-000000000001"), 404)
