"""Request validation of the dashboards v2 payloads, as the OpenAPI contract states it
(`dashboardv2`, `widget`, `clone`, `dashboardshare`, `widgetlink`). Every failure is a 400
whose detail names the offending field."""

import re

from iotcloud_emulator.arduino_things import visible_property
from iotcloud_emulator.common import HttpError, is_int, is_uuid

NAME_PATTERN = re.compile(r"[a-zA-Z0-9_.@-]+")
WIDGET_REQUIRED = ("id", "type", "options", "x", "y", "width", "height")
WIDGET_INTS = ("x", "y", "width", "height", "x_mobile", "y_mobile", "width_mobile", "height_mobile")


def bad(detail):
    return HttpError(400, detail, "invalid_value")


def check_name(name, field="name"):
    """maxLength 64 and the (unanchored) pattern of the contract."""
    if not isinstance(name, str):
        raise bad("%s must be a string" % field)
    if len(name) > 64:
        raise bad("%s must be at most 64 characters long (got %d)" % (field, len(name)))
    if not NAME_PATTERN.search(name):
        raise bad("%s must match the pattern [a-zA-Z0-9_.@-]+" % field)
    return name


def check_variables(req, variables, field):
    """A list of property UUIDs that exist in the request's organization; de-duplicated."""
    if not isinstance(variables, list):
        raise bad("%s must be an array of property ids" % field)
    result = []
    for i, var in enumerate(variables):
        if not is_uuid(var):
            raise bad("%s[%d]: %r is not a UUID" % (field, i, var))
        thing, _prop = visible_property(req, var)
        if thing is None:
            raise bad("%s[%d]: property %s does not exist in this organization" % (field, i, var))
        if var.lower() not in result:
            result.append(var.lower())
    return result


def check_widget(req, widget, field):
    """One `widget` of a payload, returned in its stored form."""
    if not isinstance(widget, dict):
        raise bad("%s must be an object" % field)
    missing = [key for key in WIDGET_REQUIRED if key not in widget]
    if missing:
        raise bad("%s: missing required field(s) %s" % (field, ", ".join(missing)))
    if not is_uuid(widget["id"]):
        raise bad("%s.id: %r is not a UUID" % (field, widget["id"]))
    if not isinstance(widget["type"], str) or not widget["type"]:
        raise bad("%s.type must be a non-empty string" % field)
    if not isinstance(widget["options"], dict):
        raise bad("%s.options must be an object" % field)
    if "name" in widget and not isinstance(widget["name"], str):
        raise bad("%s.name must be a string" % field)
    stored = {"id": widget["id"].lower(), "type": widget["type"], "options": widget["options"]}
    if "name" in widget:
        stored["name"] = widget["name"]
    for key in WIDGET_INTS:
        if key not in widget:
            continue
        value = widget[key]
        if not is_int(value):
            raise bad("%s.%s must be an integer" % (field, key))
        if value < 0:
            raise bad("%s.%s must not be negative" % (field, key))
        stored[key] = value
    stored["variables"] = check_variables(req, widget.get("variables", []), field + ".variables")
    return stored


def check_widgets(req, widgets):
    if not isinstance(widgets, list):
        raise bad("widgets must be an array")
    result = []
    seen = set()
    for i, widget in enumerate(widgets):
        stored = check_widget(req, widget, "widgets[%d]" % i)
        if stored["id"] in seen:
            raise bad("widgets[%d].id: duplicate widget id %s" % (i, stored["id"]))
        seen.add(stored["id"])
        result.append(stored)
    return result


def check_dashboard(req, body, creating):
    """A `dashboardv2` payload as a dict of the fields given, validated and normalised."""
    fields = {}
    if "name" in body:
        fields["name"] = check_name(body["name"])
    elif creating:
        raise bad("name is required")
    if "cover_image" in body:
        cover = body["cover_image"]
        if not isinstance(cover, str):
            raise bad("cover_image must be a string")
        if len(cover) > 1024:
            raise bad("cover_image must be at most 1024 characters long (got %d)" % len(cover))
        fields["cover_image"] = cover
    if "soft_deleted" in body:
        if not isinstance(body["soft_deleted"], bool):
            raise bad("soft_deleted must be a boolean")
        fields["soft_deleted"] = body["soft_deleted"]
    if "widgets" in body:
        fields["widgets"] = check_widgets(req, body["widgets"])
    return fields


def check_overrides(req, body):
    """The `clone` payload: a list of {old_thing_id, new_thing_id} whose new thing exists."""
    overrides = body.get("overrides", [])
    if not isinstance(overrides, list):
        raise bad("overrides must be an array")
    result = {}
    for i, item in enumerate(overrides):
        if not isinstance(item, dict):
            raise bad("overrides[%d] must be an object" % i)
        for key in ("old_thing_id", "new_thing_id"):
            if key not in item:
                raise bad("overrides[%d]: missing required field %s" % (i, key))
            if not is_uuid(item[key]):
                raise bad("overrides[%d].%s: %r is not a UUID" % (i, key, item[key]))
        new = req.state.things.get(item["new_thing_id"].lower())
        if new is None or not req.state.visible(new, req.organization, req.user_id):
            raise bad("overrides[%d].new_thing_id: thing %s does not exist in this organization"
                      % (i, item["new_thing_id"]))
        result[item["old_thing_id"].lower()] = new
    return result


def _share_user(req, item, field):
    """A known user from {user_id} and/or {username}."""
    if not isinstance(item, dict):
        raise bad("%s must be an object" % field)
    user_id, username = item.get("user_id"), item.get("username")
    if user_id is None and username is None:
        raise bad("%s: give user_id or username" % field)
    user = None
    if user_id is not None:
        if not is_uuid(user_id):
            raise bad("%s.user_id: %r is not a UUID" % (field, user_id))
        user = req.state.users.get(user_id.lower())
        if user is None:
            raise bad("%s.user_id: unknown user %s" % (field, user_id))
    if username is not None:
        if not isinstance(username, str):
            raise bad("%s.username must be a string" % field)
        named = req.state.user_by_name(username)
        if named is None:
            raise bad("%s.username: unknown user %s" % (field, username))
        if user is not None and named is not user:
            raise bad("%s: user_id %s and username %s are different users"
                      % (field, user_id, username))
        user = named
    return user


def check_share(req, body):
    """The `dashboardshare` payload: user_id, username or users[]; returns the users."""
    users = []
    if "user_id" in body or "username" in body:
        users.append(_share_user(req, body, "body"))
    if "users" in body:
        if not isinstance(body["users"], list):
            raise bad("users must be an array")
        for i, item in enumerate(body["users"]):
            users.append(_share_user(req, item, "users[%d]" % i))
    if not users:
        raise bad("give user_id, username or users[] to share with")
    return users
