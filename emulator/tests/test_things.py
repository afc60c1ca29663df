"""The things listing's filters, properties without a value, and empty 404s (a seed option)."""

import pytest

from helpers import ACME_GREENHOUSE, ACME_TEMP, Api, widget
from iotcloud_emulator.seed import ACME, ALICE, DEMO_USER

LIST = "/iot/v2/things"
SENSOR = "a1000000-0000-4000-8000-000000000005"
SENSOR_PROP = "a1000000-0000-4000-8000-000000000051"


def names(api, **query):
    resp = api.get(LIST, params=query)
    assert resp.status_code == 200, resp.text
    return sorted(t["name"] for t in resp.json())


def thing(n, name, **extra):
    body = {"id": "a1000000-0000-4000-8000-00000000000%d" % n, "name": name,
            "organization_id": ACME, "properties": []}
    body.update(extra)
    return body


def test_tags_filter_by_key_and_value(emu, reset):
    reset({"things": [thing(3, "north", tags={"room": "north", "floor": "1"}),
                      thing(4, "south", tags={"room": "south", "floor": "1"})]})
    acme = Api(emu.url, ACME)
    assert names(acme, tags="room:north") == ["north"]
    assert names(acme, tags="floor:1") == ["north", "south"]
    # several tags must all match, repeated or comma separated
    assert names(acme, tags=["floor:1", "room:south"]) == ["south"]
    assert names(acme, tags="floor:1,room:south") == ["south"]
    assert names(acme, tags="room:east") == []
    north = next(t for t in acme.get(LIST, params={"tags": "room:north"}).json())
    assert north["tags"] == {"room": "north", "floor": "1"}


@pytest.mark.parametrize("tag", ["room", "room:", ":north", "room:no rth", "k:" + "v" * 128])
def test_a_malformed_tag_is_a_400_naming_it(acme, tag):
    resp = acme.get(LIST, params={"tags": tag})
    assert resp.status_code == 400
    assert "tags" in resp.json()["detail"] and repr(tag) in resp.json()["detail"]


def test_deleted_things_show_only_when_asked(emu, reset):
    reset({"things": [thing(3, "retired", deleted=True)]})
    acme = Api(emu.url, ACME)
    assert "retired" not in names(acme)
    assert "retired" in names(acme, show_deleted="true")
    shown = [t for t in acme.get(LIST, params={"show_deleted": "true"}).json()
             if t["name"] == "retired"]
    assert shown[0]["deleted_at"]
    assert all("deleted_at" not in t for t in acme.get(LIST).json())
    assert acme.get("/iot/v2/things/" + thing(3, "x")["id"]).status_code == 404


def test_across_user_ids_lists_every_users_personal_things(emu, reset):
    reset({"things": [{"id": "c3000000-0000-4000-8000-000000000009", "name": "alices-lamp",
                       "organization_id": None, "user_id": ALICE, "properties": []}]})
    personal = Api(emu.url)
    assert names(personal) == ["desk-lamp", "greenhouse"]
    assert names(personal, across_user_ids="true") == ["alices-lamp", "desk-lamp", "greenhouse"]
    # an organization's things are all listed anyway
    acme = Api(emu.url, ACME)
    assert names(acme, across_user_ids="true") == names(acme)
    assert {t["user_id"] for t in personal.get(LIST).json()} == {DEMO_USER}


def test_a_property_without_a_value_has_no_last_value(emu, reset):
    reset({"things": [thing(5, "sensor", properties=[
        {"id": SENSOR_PROP, "name": "level", "type": "INT", "permission": "READ_ONLY"}])]})
    acme = Api(emu.url, ACME)
    shown = acme.get("/iot/v2/things/" + SENSOR).json()
    assert shown["properties"][0]["id"] == SENSOR_PROP
    assert "last_value" not in shown["properties"][0]
    prop = acme.get("/iot/v2/things/%s/properties/%s" % (SENSOR, SENSOR_PROP)).json()
    assert "last_value" not in prop and None not in prop.values()
    # the seeded greenhouse reported: its value is there
    temperature = acme.get("/iot/v2/things/%s/properties/%s" % (ACME_GREENHOUSE, ACME_TEMP)).json()
    assert temperature["last_value"] == 21.5
    dash = acme.post("/iot/v2/dashboards", json={"name": "levels", "widgets": [
        widget([SENSOR_PROP]), widget([ACME_TEMP])]}).json()
    linked = [w["variables"][0] for w in acme.get("/iot/v2/dashboards/" + dash["id"]).json()["widgets"]]
    assert "last_value" not in linked[0] and "last_value_updated_at" not in linked[0]
    assert linked[1]["last_value"] == 21.5 and linked[1]["last_value_updated_at"]


def test_404s_are_goa_bodies_unless_the_seed_makes_them_empty(emu, reset):
    missing = "/iot/v2/dashboards/0b0c7c1e-8d2a-4d4e-9d55-6f9f8f9e0a99"
    acme = Api(emu.url, ACME)
    assert acme.get(missing).json()["code"] == "not_found"
    reset({"arduino": {"empty_404": True}})
    acme = Api(emu.url, ACME)
    for path in (missing, "/iot/v2/things/" + thing(9, "x")["id"], "/iot/v2/no-such-route"):
        resp = acme.get(path)
        assert resp.status_code == 404 and resp.content == b"", path
        assert "Content-Type" not in resp.headers
    # other errors keep their body, and Qubitro is not concerned
    assert acme.post("/iot/v2/dashboards", json={}).json()["status"] == 400
    qubitro = acme.session.get(emu.url + "/v2/dashboards/nope",
                               headers={"Authorization": "Bearer QB_demo"}, timeout=10)
    assert qubitro.status_code == 404 and qubitro.json()["success"] is False
