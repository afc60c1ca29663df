"""The emulator against the official OpenAPI document of Arduino IoT Cloud.

Every answer of an Arduino endpoint the emulator serves (the 13 dashboards v2 operations and
the two thing reads) goes through openapi-core, and so does every request the emulator
accepted. The token endpoint is outside the document and is not checked here.
"""

import uuid

import pytest

from contract_support import ACME, ALICE, BOB, CAROL, GLOBEX, control, fill
from openapi_harness import SPEC_ENV, ContractError, OpenAPIRequest, spec_path

SPEC = spec_path()
if not SPEC.is_file():
    pytest.skip("the Arduino OpenAPI document is not at %s; set %s to its path to run the "
                "contract test" % (SPEC, SPEC_ENV), allow_module_level=True)

DASHBOARD_OPERATIONS = {
    "dashboards_v2#list", "dashboards_v2#create", "dashboards_v2#show", "dashboards_v2#update",
    "dashboards_v2#patch", "dashboards_v2#delete", "dashboards_v2#clone",
    "dashboards_v2#requestAccess", "dashboards_v2#listShares", "dashboards_v2#share",
    "dashboards_v2#deleteShare", "dashboards_v2#template", "dashboards_v2#link",
}
THING_OPERATIONS = {"things_v2#list", "things_v2#show"}


def greenhouse(api):
    """(thing id, {variable_name: property id}) of the space's `greenhouse`, read the way a
    client resolves names."""
    resp = api.get("/iot/v2/things", params={"show_properties": "true"})
    assert resp.status_code == 200
    thing = next(t for t in resp.json() if t["name"] == "greenhouse")
    return thing["id"], dict((p["variable_name"], p["id"]) for p in thing["properties"])


def widget(variables, **extra):
    body = {"id": str(uuid.uuid4()), "type": "Value", "name": "w", "options": {"decimals": 1},
            "x": 0, "y": 0, "width": 2, "height": 2, "variables": list(variables)}
    body.update(extra)
    return body


@pytest.mark.parametrize("organization", [ACME, None], ids=["acme", "personal"])
def test_every_operation_answers_as_the_document_says(client, checker, organization):
    api = client(organization)
    thing_id, props = greenhouse(api)
    assert set(props) == {"temperature", "humidity", "fan"}
    bare = api.get("/iot/v2/things").json()
    assert bare and all("properties" not in t for t in bare)
    shown = api.get("/iot/v2/things/" + thing_id).json()
    assert shown["name"] == "greenhouse" and len(shown["properties"]) == 3
    assert [t["id"] for t in api.get("/iot/v2/things", params={"ids": thing_id}).json()] \
        == [thing_id]

    gauge = widget([props["temperature"], props["humidity"]], x_mobile=0, y_mobile=0,
                   width_mobile=4, height_mobile=2)
    switch = widget([props["fan"]], type="Switch", name="fan", x=2)
    resp = api.post("/iot/v2/dashboards", json={"name": "contract-greenhouse",
                                                "cover_image": "https://example.com/c.png",
                                                "widgets": [gauge, switch]})
    assert resp.status_code == 201
    board = resp.json()
    linked = board["widgets"][0]["variables"]
    assert [v["variable_name"] for v in linked] == ["temperature", "humidity"]
    assert all(v["thing_name"] == "greenhouse" for v in linked)
    other = api.post("/iot/v2/dashboards", json={"name": "contract-other"}).json()

    names = sorted(d["name"] for d in api.get("/iot/v2/dashboards").json())
    assert names == ["contract-greenhouse", "contract-other"]
    partial = api.get("/iot/v2/dashboards", params={"name": "GREENH"}).json()
    assert [d["id"] for d in partial] == [board["id"]]
    by_thing = api.get("/iot/v2/dashboards", params={"thing_id": thing_id}).json()
    assert [d["id"] for d in by_thing] == [board["id"]]
    owner = board["created_by"]["user_id"]
    assert len(api.get("/iot/v2/dashboards", params={"user_id": owner}).json()) == 2
    assert api.get("/iot/v2/dashboards/" + board["id"]).json()["name"] == "contract-greenhouse"

    gauge["variables"] = [props["humidity"]]
    updated = api.put("/iot/v2/dashboards/" + board["id"],
                      json={"name": "contract-renamed", "widgets": [gauge]}).json()
    assert [w["id"] for w in updated["widgets"]] == [gauge["id"]]
    patched = api.patch("/iot/v2/dashboards/" + board["id"],
                        json={"widgets": [gauge, switch]}).json()
    assert patched["name"] == "contract-renamed" and len(patched["widgets"]) == 2

    resp = api.put("/iot/v2/dashboards/%s/clone" % board["id"],
                   json={"overrides": [{"old_thing_id": thing_id, "new_thing_id": thing_id}]})
    assert resp.status_code == 201
    clone = resp.json()
    assert clone["id"] != board["id"] and clone["name"].startswith("contract-renamed")
    assert {w["id"] for w in clone["widgets"]}.isdisjoint({gauge["id"], switch["id"]})

    shares = "/iot/v2/dashboards/%s/shares" % board["id"]
    assert api.put(shares, json={"user_id": ALICE}).status_code == 200
    assert api.put(shares, json={"username": "bob"}).status_code == 200
    assert api.put(shares, json={"users": [{"user_id": CAROL}]}).status_code == 200
    assert {s["user_id"] for s in api.get(shares).json()} == {ALICE, BOB, CAROL}
    assert api.delete(shares + "/" + BOB).status_code == 200
    assert {s["user_id"] for s in api.get(shares).json()} == {ALICE, CAROL}
    assert api.put("/iot/v2/dashboards/%s/share_request" % board["id"],
                   json={"message": "may I?"}).status_code == 200

    template = api.get("/iot/v2/dashboards/%s/template" % board["id"]).json()
    variables = [v for w in template["widgets"] for v in w["variables"]]
    assert {(v["thing_id"], v["variable_id"]) for v in variables} \
        == {("greenhouse", "humidity"), ("greenhouse", "fan")}

    link = "/iot/v2/dashboards/%s/widgets/%s/variables" % (board["id"], gauge["id"])
    resp = api.put(link, json={"variables": [props["fan"], props["temperature"]]})
    assert resp.json()["variables"] == [props["fan"], props["temperature"]]

    assert api.delete("/iot/v2/dashboards/" + clone["id"]).status_code == 200
    assert api.get("/iot/v2/dashboards/" + clone["id"]).status_code == 404
    restored = api.patch("/iot/v2/dashboards/" + clone["id"], json={"soft_deleted": False})
    assert restored.status_code == 200 and restored.json()["id"] == clone["id"]
    assert api.delete("/iot/v2/dashboards/" + other["id"],
                      params={"force": "true"}).status_code == 200

    seen = {op for op, _status in checker.seen}
    assert seen == DASHBOARD_OPERATIONS | THING_OPERATIONS, "not validated: %s" \
        % sorted((DASHBOARD_OPERATIONS | THING_OPERATIONS) - seen)


# ---- error answers -----------------------------------------------------------------------
# (case id, method, path, request kwargs, expected status, whether the document itself
# rejects the request). Paths name {board}, {widget}, {thing}, {prop}, {other_thing} (the
# greenhouse of Globex) and {nobody} (a UUID that names nothing).
BAD_REQUESTS = [
    ("create-name-too-long", "POST", "/iot/v2/dashboards", {"json": {"name": "x" * 65}}, True),
    ("create-name-pattern", "POST", "/iot/v2/dashboards", {"json": {"name": "!!!"}}, True),
    # The document's payload type serves create, update and patch, so it cannot say that
    # create needs a name; the real API does.
    ("create-without-name", "POST", "/iot/v2/dashboards", {"json": {}}, False),
    ("create-widget-missing-x", "POST", "/iot/v2/dashboards",
     {"json": {"name": "b", "widgets": [{"id": "{nobody}", "type": "Value", "options": {},
                                         "y": 0, "width": 1, "height": 1}]}}, True),
    ("create-widget-id-not-uuid", "POST", "/iot/v2/dashboards",
     {"json": {"name": "b", "widgets": [{"id": "w-1", "type": "Value", "options": {}, "x": 0,
                                         "y": 0, "width": 1, "height": 1}]}}, True),
    ("create-variable-not-uuid", "POST", "/iot/v2/dashboards",
     {"json": {"name": "b", "widgets": [{"id": "{nobody}", "type": "Value", "options": {},
                                         "x": 0, "y": 0, "width": 1, "height": 1,
                                         "variables": ["temperature"]}]}}, True),
    ("create-variable-of-other-org", "POST", "/iot/v2/dashboards",
     {"json": {"name": "b", "widgets": [{"id": "{nobody}", "type": "Value", "options": {},
                                         "x": 0, "y": 0, "width": 1, "height": 1,
                                         "variables": ["{other_prop}"]}]}}, False),
    ("update-widget-width-string", "PUT", "/iot/v2/dashboards/{board}",
     {"json": {"name": "b", "widgets": [{"id": "{widget}", "type": "Value", "options": {},
                                         "x": 0, "y": 0, "width": "2", "height": 1}]}}, True),
    ("patch-name-too-long", "PATCH", "/iot/v2/dashboards/{board}", {"json": {"name": "y" * 65}},
     True),
    ("list-name-pattern", "GET", "/iot/v2/dashboards", {"params": {"name": "!!!"}}, True),
    ("delete-force-not-boolean", "DELETE", "/iot/v2/dashboards/{board}",
     {"params": {"force": "maybe"}}, True),
    ("clone-override-incomplete", "PUT", "/iot/v2/dashboards/{board}/clone",
     {"json": {"overrides": [{"old_thing_id": "{thing}"}]}}, True),
    ("clone-override-other-org", "PUT", "/iot/v2/dashboards/{board}/clone",
     {"json": {"overrides": [{"old_thing_id": "{thing}", "new_thing_id": "{other_thing}"}]}},
     False),
    ("share-nobody", "PUT", "/iot/v2/dashboards/{board}/shares", {"json": {}}, False),
    ("share-user-id-not-uuid", "PUT", "/iot/v2/dashboards/{board}/shares",
     {"json": {"user_id": "alice"}}, True),
    ("share-unknown-user", "PUT", "/iot/v2/dashboards/{board}/shares",
     {"json": {"user_id": "{nobody}"}}, False),
    ("request-access-message-number", "PUT", "/iot/v2/dashboards/{board}/share_request",
     {"json": {"message": 5}}, True),
    ("link-variable-not-uuid", "PUT", "/iot/v2/dashboards/{board}/widgets/{widget}/variables",
     {"json": {"variables": ["fan"]}}, True),
    ("things-show-properties-not-boolean", "GET", "/iot/v2/things",
     {"params": {"show_properties": "maybe"}}, True),
    ("things-show-deleted-not-boolean", "GET", "/iot/v2/things",
     {"params": {"show_deleted": "maybe"}}, True),
    ("things-across-user-ids-not-boolean", "GET", "/iot/v2/things",
     {"params": {"across_user_ids": "maybe"}}, True),
    ("things-tag-without-value", "GET", "/iot/v2/things", {"params": {"tags": "room"}}, True),
]

NOT_FOUND = [
    ("show", "GET", "/iot/v2/dashboards/{nobody}", {}),
    ("show-not-uuid", "GET", "/iot/v2/dashboards/not-a-uuid", {}),
    ("show-other-org", "GET", "/iot/v2/dashboards/{other_board}", {}),
    ("update", "PUT", "/iot/v2/dashboards/{nobody}", {"json": {"name": "b"}}),
    ("patch", "PATCH", "/iot/v2/dashboards/{nobody}", {"json": {"name": "b"}}),
    ("delete", "DELETE", "/iot/v2/dashboards/{nobody}", {}),
    ("clone", "PUT", "/iot/v2/dashboards/{nobody}/clone", {"json": {}}),
    ("share", "PUT", "/iot/v2/dashboards/{nobody}/shares", {"json": {"user_id": ALICE}}),
    ("list-shares", "GET", "/iot/v2/dashboards/{nobody}/shares", {}),
    ("delete-share-not-shared", "DELETE", "/iot/v2/dashboards/{board}/shares/" + BOB, {}),
    ("request-access", "PUT", "/iot/v2/dashboards/{nobody}/share_request", {"json": {}}),
    ("template", "GET", "/iot/v2/dashboards/{nobody}/template", {}),
    ("link-unknown-widget", "PUT", "/iot/v2/dashboards/{board}/widgets/{nobody}/variables",
     {"json": {"variables": []}}),
    ("thing", "GET", "/iot/v2/things/{nobody}", {}),
    ("thing-of-other-org", "GET", "/iot/v2/things/{other_thing}", {}),
]

# One request per operation; 401 and 500 are declared by all of them.
EVERY_OPERATION = [
    ("list", "GET", "/iot/v2/dashboards", {}),
    ("create", "POST", "/iot/v2/dashboards", {"json": {"name": "b"}}),
    ("show", "GET", "/iot/v2/dashboards/{board}", {}),
    ("update", "PUT", "/iot/v2/dashboards/{board}", {"json": {"name": "b"}}),
    ("patch", "PATCH", "/iot/v2/dashboards/{board}", {"json": {"name": "b"}}),
    ("delete", "DELETE", "/iot/v2/dashboards/{board}", {}),
    ("clone", "PUT", "/iot/v2/dashboards/{board}/clone", {"json": {}}),
    ("request-access", "PUT", "/iot/v2/dashboards/{board}/share_request", {"json": {}}),
    ("list-shares", "GET", "/iot/v2/dashboards/{board}/shares", {}),
    ("share", "PUT", "/iot/v2/dashboards/{board}/shares", {"json": {"user_id": ALICE}}),
    ("delete-share", "DELETE", "/iot/v2/dashboards/{board}/shares/" + ALICE, {}),
    ("template", "GET", "/iot/v2/dashboards/{board}/template", {}),
    ("link", "PUT", "/iot/v2/dashboards/{board}/widgets/{widget}/variables",
     {"json": {"variables": []}}),
    ("things", "GET", "/iot/v2/things", {}),
    ("thing", "GET", "/iot/v2/things/{thing}", {}),
]


@pytest.fixture
def ids(client):
    """The names the error cases use: an Acme dashboard with one widget, shared with alice,
    and a Globex dashboard and thing that Acme must not see."""
    acme, globex = client(ACME), client(GLOBEX)
    thing_id, props = greenhouse(acme)
    other_thing, other_props = greenhouse(globex)
    gauge = widget([props["temperature"]])
    board = acme.post("/iot/v2/dashboards", json={"name": "errors", "widgets": [gauge]}).json()
    assert acme.put("/iot/v2/dashboards/%s/shares" % board["id"],
                    json={"user_id": ALICE}).status_code == 200
    other = globex.post("/iot/v2/dashboards", json={"name": "globex-only"}).json()
    return {"board": board["id"], "widget": gauge["id"], "thing": thing_id,
            "prop": props["temperature"], "other_thing": other_thing,
            "other_prop": other_props["temperature"], "other_board": other["id"],
            "nobody": str(uuid.uuid4())}


@pytest.mark.parametrize("method,path,kwargs,spec_rejects", [c[1:] for c in BAD_REQUESTS],
                         ids=[c[0] for c in BAD_REQUESTS])
def test_bad_requests_get_a_400_goa_error(client, checker, ids, method, path, kwargs,
                                          spec_rejects):
    resp = client(ACME).call(method, fill(path, ids), **fill(kwargs, ids))
    assert resp.status_code == 400, resp.text
    assert checker.seen[-1][1] == 400
    if spec_rejects:
        # The emulator refused what the document forbids as well.
        with pytest.raises(ContractError):
            checker.check_request(OpenAPIRequest(resp.request))


@pytest.mark.parametrize("method,path,kwargs", [c[1:] for c in NOT_FOUND],
                         ids=[c[0] for c in NOT_FOUND])
def test_missing_objects_get_a_404(client, checker, ids, method, path, kwargs):
    resp = client(ACME).call(method, fill(path, ids), **fill(kwargs, ids))
    assert resp.status_code == 404, resp.text
    assert checker.seen[-1][1] == 404


@pytest.mark.parametrize("method,path,kwargs", [c[1:] for c in NOT_FOUND],
                         ids=[c[0] for c in NOT_FOUND])
def test_the_seed_can_make_404s_empty_as_the_document_declares(emu, client, checker, ids, method,
                                                               path, kwargs):
    with emu.state.lock:
        emu.state.arduino["empty_404"] = True
    resp = client(ACME).call(method, fill(path, ids), **fill(kwargs, ids))
    assert resp.status_code == 404 and resp.content == b""
    assert "Content-Type" not in resp.headers
    assert checker.seen[-1][1] == 404


@pytest.mark.parametrize("method,path,kwargs", [c[1:] for c in EVERY_OPERATION],
                         ids=[c[0] for c in EVERY_OPERATION])
def test_requests_without_a_token_get_a_401(client, checker, ids, method, path, kwargs):
    resp = client(ACME, token=False).call(method, fill(path, ids), **fill(kwargs, ids))
    assert resp.status_code == 401
    assert checker.seen[-1][1] == 401


@pytest.mark.parametrize("method,path,kwargs", [c[1:] for c in EVERY_OPERATION],
                         ids=[c[0] for c in EVERY_OPERATION])
def test_server_errors_are_goa_errors(emu, client, checker, ids, method, path, kwargs):
    path = fill(path, ids)
    rule = {"method": method, "path": "^%s$" % path, "status": 500, "count": 1}
    assert control(emu.url, "POST", "faults", json=rule).status_code == 201
    resp = client(ACME).call(method, path, **fill(kwargs, ids))
    assert resp.status_code == 500
    assert checker.seen[-1][1] == 500


def test_invalid_and_expired_tokens_get_a_401(emu, client, checker):
    api = client(ACME)
    api.session.headers["Authorization"] = "Bearer not-a-token"
    assert api.get("/iot/v2/dashboards").status_code == 401
    api = client(ACME)
    assert api.get("/iot/v2/dashboards").status_code == 200
    assert control(emu.url, "POST", "clock", json={"advance": 3600}).status_code == 200
    assert api.get("/iot/v2/dashboards").status_code == 401
    assert [s for _op, s in checker.seen] == [401, 200, 401]


def test_an_organization_the_token_is_not_bound_to_gets_a_403(client, checker, ids):
    api = client(ACME)
    api.session.headers["X-Organization"] = GLOBEX
    assert api.get("/iot/v2/dashboards").status_code == 403
    assert api.get("/iot/v2/things/" + ids["thing"]).status_code == 403
    assert [s for _op, s in checker.seen[-2:]] == [403, 403]
