"""Arduino things and properties: their API shapes and the read endpoints that name->id
resolution needs, plus the linked-variable and template-variable views of a property."""

import re

from iotcloud_emulator.common import HttpError, Response, is_uuid, parse_bool, rfc3339
from iotcloud_emulator.state import SEED_TIME, TZ_UNTIL

THING_TYPE = "application/vnd.arduino.thing+json"
THINGS_TYPE = "application/vnd.arduino.thing+json; type=collection"
PROPERTY_TYPE = "application/vnd.arduino.property+json"
PROPERTIES_TYPE = "application/vnd.arduino.property+json; type=collection"
TAG_RE = re.compile(r"^[a-zA-Z0-9_.@-]+:[a-zA-Z0-9_.@-]+$")


def timezone(thing):
    return {"name": thing["timezone"], "offset": int(thing.get("timezone_offset") or 0),
            "until": TZ_UNTIL}


def render_property(thing, prop):
    """An `ArduinoProperty`."""
    created = rfc3339(SEED_TIME)
    body = {
        "href": "/iot/v1/things/%s/properties/%s" % (thing["id"], prop["id"]),
        "id": prop["id"], "name": prop["name"], "variable_name": prop["variable_name"],
        "permission": prop["permission"], "type": prop["type"], "thing_id": thing["id"],
        "thing_name": thing["name"], "update_strategy": prop.get("update_strategy", "ON_CHANGE"),
        "update_parameter": 0.0, "persist": True, "linked_to_trigger": False, "tag": prop["tag"],
        "created_at": created, "updated_at": created, "value_updated_at": created,
    }
    # A property that never reported has no last value: the field is left out, never null.
    if prop.get("last_value") is not None:
        body["last_value"] = prop["last_value"]
    return body


def render_thing(thing, with_properties):
    """An `ArduinoThing`; `properties` only when asked for, as the real list does."""
    created = rfc3339(SEED_TIME)
    body = {
        "href": "/iot/v1/things/%s" % thing["id"], "id": thing["id"], "name": thing["name"],
        "timezone": thing["timezone"], "user_id": thing["user_id"],
        "created_at": created, "updated_at": created, "properties_count": len(thing["properties"]),
        "tags": dict(thing.get("tags") or {}), "webhook_active": False, "assistant": "NONE",
    }
    if thing.get("organization_id"):
        body["organization_id"] = thing["organization_id"]
    if thing.get("deleted"):
        body["deleted_at"] = created
    if thing.get("device_id"):
        body["device_id"] = thing["device_id"]
        body["device_name"] = thing.get("device_name") or thing["name"]
        body["device_type"] = thing.get("device_type", "esp32")
        body["device_fqbn"] = thing.get("device_fqbn", "esp32:esp32:esp32")
    if with_properties:
        body["properties"] = [render_property(thing, p) for p in thing["properties"]]
    return body


def find_property(state, prop_id):
    """(thing, property) for a property id, or (None, None)."""
    thing_id = state.properties.get(str(prop_id).lower())
    if thing_id is None:
        return None, None
    thing = state.things[thing_id]
    for prop in thing["properties"]:
        if prop["id"].lower() == str(prop_id).lower():
            return thing, prop
    return None, None


def visible_property(req, prop_id):
    """(thing, property) when the property exists in the request's space, else (None, None)."""
    thing, prop = find_property(req.state, prop_id)
    if thing is None or not req.state.visible(thing, req.organization, req.user_id):
        return None, None
    return thing, prop


def linked_variable(req, prop_id):
    """An `ArduinoLinkedvariable` for a stored property id (None if it vanished)."""
    thing, prop = find_property(req.state, prop_id)
    if thing is None:
        return None
    body = {"id": prop["id"], "name": prop["name"], "variable_name": prop["variable_name"],
            "thing_id": thing["id"], "thing_name": thing["name"], "type": prop["type"],
            "permission": prop["permission"], "thing_timezone": timezone(thing)}
    if prop.get("last_value") is not None:
        body["last_value"] = prop["last_value"]
        body["last_value_updated_at"] = rfc3339(SEED_TIME)
    return body


def template_variable(req, prop_id):
    """An `ArduinoTemplatevariable`: the thing and the variable by *name*."""
    thing, prop = find_property(req.state, prop_id)
    if thing is None:
        return None
    return {"name": prop["name"], "permission": prop["permission"], "type": prop["type"],
            "thing_id": thing["name"], "variable_id": prop["variable_name"],
            "thing_timezone": timezone(thing)}


def _visible_thing(req, thing_id):
    thing = req.state.things.get(thing_id.lower()) if is_uuid(thing_id) else None
    if thing is None or thing.get("deleted") or not req.state.visible(thing, req.organization,
                                                                       req.user_id):
        raise HttpError(404, "thing %s not found" % thing_id, "not_found")
    return thing


def _multi(req, name):
    """Array query parameters: repeated (`ids=a&ids=b`) or comma separated."""
    values = []
    for raw in req.query.get(name, []):
        values.extend(v.strip().lower() for v in raw.split(",") if v.strip())
    return values


def _tags(req):
    """The `tags` filter: `key:value` items that must all match the thing's tags."""
    wanted = []
    for raw in req.query.get("tags", []):
        for item in (v.strip() for v in raw.split(",")):
            if len(item) > 129 or not TAG_RE.match(item):
                raise HttpError(400, "invalid value %r for query parameter tags: expected "
                                "key:value (%s)" % (item, TAG_RE.pattern), "invalid_pattern")
            wanted.append(tuple(item.split(":", 1)))
    return wanted


def _listed(req, thing, across_users):
    if thing.get("organization_id") != req.organization:
        return False
    # In the personal space only the caller's things, unless `across_user_ids` asks for all.
    return across_users or req.state.visible(thing, req.organization, req.user_id)


def list_things(req):
    """GET /iot/v2/things (`show_properties`, `ids`, `device_id`, `tags`, `show_deleted`,
    `across_user_ids`)."""
    show = parse_bool(req.arg("show_properties") or "false", "show_properties")
    deleted = parse_bool(req.arg("show_deleted") or "false", "show_deleted")
    across_users = parse_bool(req.arg("across_user_ids") or "false", "across_user_ids")
    ids = _multi(req, "ids")
    tags = _tags(req)
    device = (req.arg("device_id") or "").lower()
    result = []
    for thing in req.state.things.values():
        if not _listed(req, thing, across_users) or (thing.get("deleted") and not deleted):
            continue
        if ids and thing["id"].lower() not in ids:
            continue
        if device and (thing.get("device_id") or "").lower() != device:
            continue
        have = thing.get("tags") or {}
        if any(str(have.get(key)) != value for key, value in tags):
            continue
        result.append(render_thing(thing, show))
    result.sort(key=lambda t: t["name"])
    return Response.json(200, result, THINGS_TYPE)


def show_thing(req):
    """GET /iot/v2/things/{id}, with its properties."""
    return Response.json(200, render_thing(_visible_thing(req, req.params["id"]), True), THING_TYPE)


def list_properties(req):
    """GET /iot/v2/things/{id}/properties."""
    thing = _visible_thing(req, req.params["id"])
    return Response.json(200, [render_property(thing, p) for p in thing["properties"]],
                         PROPERTIES_TYPE)


def show_property(req):
    """GET /iot/v2/things/{id}/properties/{pid}."""
    thing = _visible_thing(req, req.params["id"])
    for prop in thing["properties"]:
        if prop["id"].lower() == req.params["pid"].lower():
            return Response.json(200, render_property(thing, prop), PROPERTY_TYPE)
    raise HttpError(404, "property %s not found" % req.params["pid"], "not_found")
