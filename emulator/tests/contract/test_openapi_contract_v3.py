"""The 7 dashboards v3 operations of the emulator against the official OpenAPI document:
every answer and every accepted request goes through openapi-core."""

import uuid

import pytest

from contract_support import ACME, GLOBEX, fill
from openapi_harness import SPEC_ENV, ContractError, OpenAPIRequest, spec_path

SPEC = spec_path()
if not SPEC.is_file():
    pytest.skip("the Arduino OpenAPI document is not at %s; set %s to its path to run the "
                "contract test" % (SPEC, SPEC_ENV), allow_module_level=True)

V3_OPERATIONS = {
    "dashboards_v3#list", "dashboards_v3#create", "dashboards_v3#show", "dashboards_v3#update",
    "dashboards_v3#patch", "dashboards_v3#clone", "dashboards_v3#template",
}


def greenhouse(api):
    resp = api.get("/iot/v2/things", params={"show_properties": "true"})
    thing = next(t for t in resp.json() if t["name"] == "greenhouse")
    return thing["id"], dict((p["variable_name"], p["id"]) for p in thing["properties"])


def widget(variables, page_id, **extra):
    body = {"id": str(uuid.uuid4()), "type": "Value", "name": "w", "options": {"decimals": 1},
            "x": 0, "y": 0, "width": 2, "height": 2, "variables": list(variables),
            "page_id": page_id}
    body.update(extra)
    return body


@pytest.mark.parametrize("organization", [ACME, None], ids=["acme", "personal"])
def test_every_v3_operation_answers_as_the_document_says(client, checker, organization):
    api = client(organization)
    thing_id, props = greenhouse(api)
    main, second = str(uuid.uuid4()), str(uuid.uuid4())
    pages = [{"id": main, "name": "Main", "position": 0},
             {"id": second, "name": "Second", "position": 1, "icon": "star"}]
    gauge = widget([props["temperature"]], main, x_mobile=0, y_mobile=0, width_mobile=4,
                   height_mobile=2)
    switch = widget([props["fan"]], second, type="Switch", name="fan")
    loose = widget([], "0", name="loose")
    resp = api.post("/iot/v3/dashboards", json={"name": "paged", "pages": pages,
                                                "widgets": [gauge, switch, loose]})
    assert resp.status_code == 201, resp.text
    board = resp.json()
    assert [p["id"] for p in board["pages"]] == [main, second]
    assert [w["page_id"] for w in board["widgets"]] == [main, second, "0"]

    listed = api.get("/iot/v3/dashboards").json()
    assert [d["id"] for d in listed] == [board["id"]]
    assert listed[0]["pages"] == board["pages"]
    shown = api.get("/iot/v3/dashboards/" + board["id"]).json()
    assert shown["widgets"] == board["widgets"]

    switch["page_id"] = main
    updated = api.put("/iot/v3/dashboards/" + board["id"],
                      json={"name": "paged-renamed", "pages": pages[:1], "widgets": [gauge, switch]})
    assert updated.status_code == 200, updated.text
    assert [p["id"] for p in updated.json()["pages"]] == [main]
    assert [w["page_id"] for w in updated.json()["widgets"]] == [main, main]
    patched = api.patch("/iot/v3/dashboards/" + board["id"], json={"pages": pages}).json()
    assert patched["name"] == "paged-renamed" and len(patched["pages"]) == 2
    assert [w["page_id"] for w in patched["widgets"]] == [main, main]

    resp = api.put("/iot/v3/dashboards/%s/clone" % board["id"],
                   json={"overrides": [{"old_thing_id": thing_id, "new_thing_id": thing_id}]})
    assert resp.status_code == 201
    clone = resp.json()
    assert clone["id"] != board["id"] and clone["pages"] == patched["pages"]
    assert [w["page_id"] for w in clone["widgets"]] == [main, main]

    template = api.get("/iot/v3/dashboards/%s/template" % board["id"]).json()
    assert [p["id"] for p in template["pages"]] == [main, second]
    assert [w["page_id"] for w in template["widgets"]] == [main, main]
    assert [(v["thing_id"], v["variable_id"]) for v in template["widgets"][1]["variables"]] \
        == [("greenhouse", "fan")]

    seen = {op for op, _status in checker.seen if op.startswith("dashboards_v3#")}
    assert seen == V3_OPERATIONS, "not validated: %s" % sorted(V3_OPERATIONS - seen)


def test_v2_and_v3_views_of_one_dashboard_agree(client, checker):
    api = client(ACME)
    _thing_id, props = greenhouse(api)
    page = str(uuid.uuid4())
    gauge = widget([props["temperature"]], page)
    board = api.post("/iot/v3/dashboards", json={
        "name": "both", "pages": [{"id": page, "name": "P", "position": 0}],
        "widgets": [gauge]}).json()
    v2 = api.get("/iot/v2/dashboards/" + board["id"]).json()
    assert "pages" not in v2 and [w["id"] for w in v2["widgets"]] == [gauge["id"]]
    assert "page_id" not in v2["widgets"][0]
    v2_template = api.get("/iot/v2/dashboards/%s/template" % board["id"]).json()
    assert "pages" not in v2_template and "page_id" not in v2_template["widgets"][0]
    # A v2 write keeps the page of a widget it already had; a new widget lands on page "0".
    new = dict(widget([], page), name="new")
    del new["page_id"]
    v2_gauge = dict(gauge)
    del v2_gauge["page_id"]
    assert api.put("/iot/v2/dashboards/" + board["id"],
                   json={"name": "both", "widgets": [v2_gauge, new]}).status_code == 200
    v3 = api.get("/iot/v3/dashboards/" + board["id"]).json()
    assert [w["page_id"] for w in v3["widgets"]] == [page, "0"]
    assert [p["id"] for p in v3["pages"]] == [page]
    # Delete stays v2, and hides the dashboard from v3 too.
    assert api.delete("/iot/v2/dashboards/" + board["id"]).status_code == 200
    assert api.get("/iot/v3/dashboards/" + board["id"]).status_code == 404
    assert board["id"] not in [d["id"] for d in api.get("/iot/v3/dashboards").json()]


BAD_REQUESTS = [
    ("page-without-position", {"pages": [{"id": "{page}", "name": "P"}]}, True),
    ("page-id-not-uuid", {"pages": [{"id": "p1", "name": "P", "position": 0}]}, True),
    ("too-many-pages", {"pages": "31 pages"}, True),
    ("page-id-pattern", {"widgets": [{"id": "{nobody}", "type": "Value", "options": {}, "x": 0,
                                      "y": 0, "width": 1, "height": 1, "page_id": "p1"}]}, True),
    # The document cannot say that a page_id must name a page of the dashboard; the API does.
    ("page-id-of-no-page", {"widgets": [{"id": "{nobody}", "type": "Value", "options": {},
                                         "x": 0, "y": 0, "width": 1, "height": 1,
                                         "page_id": "{nobody}"}]}, False),
    ("duplicate-page-id", {"pages": [{"id": "{page}", "name": "P", "position": 0},
                                     {"id": "{page}", "name": "Q", "position": 1}]}, False),
]


def fill_pages(value, names):
    """fill(), with the marker "31 pages" standing for one page more than the document allows."""
    if value == "31 pages":
        return [{"id": str(uuid.uuid4()), "name": "p%d" % i, "position": i} for i in range(31)]
    if isinstance(value, dict):
        return fill(dict((k, fill_pages(v, names)) for k, v in value.items()), names)
    return fill(value, names)


@pytest.mark.parametrize("body,spec_rejects", [c[1:] for c in BAD_REQUESTS],
                         ids=[c[0] for c in BAD_REQUESTS])
def test_bad_v3_payloads_get_a_400(client, checker, body, spec_rejects):
    names = {"page": str(uuid.uuid4()), "nobody": str(uuid.uuid4())}
    body = dict(fill_pages(body, names), name="bad")
    resp = client(ACME).post("/iot/v3/dashboards", json=body)
    assert resp.status_code == 400, resp.text
    assert checker.seen[-1] == ("dashboards_v3#create", 400)
    if spec_rejects:
        with pytest.raises(ContractError):
            checker.check_request(OpenAPIRequest(resp.request))


@pytest.mark.parametrize("method,suffix,kwargs", [
    ("GET", "", {}), ("PUT", "", {"json": {"name": "b"}}), ("PATCH", "", {"json": {"name": "b"}}),
    ("PUT", "/clone", {"json": {}}), ("GET", "/template", {}),
], ids=["show", "update", "patch", "clone", "template"])
def test_v3_dashboards_of_another_space_are_404(client, checker, method, suffix, kwargs):
    other = client(GLOBEX).post("/iot/v3/dashboards", json={"name": "globex-only"}).json()
    resp = client(ACME).call(method, "/iot/v3/dashboards/%s%s" % (other["id"], suffix), **kwargs)
    assert resp.status_code == 404
    assert checker.seen[-1][1] == 404
