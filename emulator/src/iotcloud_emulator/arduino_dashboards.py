"""The 13 dashboards v2 operations of Arduino IoT Cloud (paths /iot/v2/dashboards*)."""

import copy
import uuid

from iotcloud_emulator import arduino_validate as check
from iotcloud_emulator.arduino_things import linked_variable, template_variable
from iotcloud_emulator.common import HttpError, Response, is_uuid, parse_bool, slugify

DASHBOARD_TYPE = "application/vnd.arduino.dashboardv2+json"
DASHBOARDS_TYPE = "application/vnd.arduino.dashboardv2+json; type=collection"
SHARES_TYPE = "application/vnd.arduino.dashboardshare+json; type=collection"
TEMPLATE_TYPE = "application/vnd.arduino.dashboardv2template+json"
LINKS_TYPE = "application/vnd.arduino.variableslinks+json"
LAYOUT = ("x", "y", "width", "height", "x_mobile", "y_mobile", "width_mobile", "height_mobile")


# ---- rendering -------------------------------------------------------------------------------
def _user_ref(req, user_id):
    user = req.state.users.get(user_id) or {}
    ref = {"user_id": user_id}
    if user.get("username"):
        ref["username"] = user["username"]
    return ref


def render_widget(req, widget):
    """An `ArduinoWidgetv2`: stored property ids become linked-variable objects."""
    body = dict((k, copy.deepcopy(v)) for k, v in widget.items() if k not in ("variables", "page_id"))
    variables = [linked_variable(req, pid) for pid in widget.get("variables", [])]
    body["variables"] = [v for v in variables if v is not None]
    body["has_permission_incompatibility"] = False
    body["has_type_incompatibility"] = False
    body["has_unlinked_variable"] = len(body["variables"]) != len(variables)
    return body


def render_dashboard(req, dash):
    """An `ArduinoDashboardv2`; optional fields are omitted rather than null."""
    body = {"id": dash["id"], "name": dash["name"], "updated_at": dash["updated_at"],
            "created_by": _user_ref(req, dash["created_by"]),
            "shared_with": [_user_ref(req, uid) for uid in dash["shared_with"]],
            "widgets": [render_widget(req, w) for w in dash["widgets"]]}
    if dash.get("organization_id"):
        body["organization_id"] = dash["organization_id"]
    if dash.get("cover_image") is not None:
        body["cover_image"] = dash["cover_image"]
    return body


def _dashboard_response(req, dash, status=200):
    return Response.json(status, render_dashboard(req, dash), DASHBOARD_TYPE)


# ---- lookup ----------------------------------------------------------------------------------
def find_dashboard(req, allow_deleted=False):
    """The dashboard of the path in the request's space; 404 when it is not there, is
    soft-deleted (unless allowed), or the id is not a UUID."""
    dash_id = req.params["id"]
    dash = req.state.dashboards.get(dash_id.lower()) if is_uuid(dash_id) else None
    if dash is None or not req.state.visible(dash, req.organization, req.user_id):
        raise HttpError(404, "dashboard %s not found" % dash_id, "not_found")
    if dash["soft_deleted"] and not allow_deleted:
        raise HttpError(404, "dashboard %s not found (it is deleted)" % dash_id, "not_found")
    return dash


# ---- operations ------------------------------------------------------------------------------
def listed_dashboards(req):
    """The stored dashboards a list returns: `name` is a case-insensitive partial match;
    `user_id` and `thing_id` filter."""
    name = req.arg("name")
    if name is not None:
        check.check_name(name, "query parameter name")
    user_id = (req.arg("user_id") or "").lower()
    thing_id = (req.arg("thing_id") or "").lower()
    result = []
    for dash in req.state.dashboards.values():
        if dash["soft_deleted"] or not req.state.visible(dash, req.organization, req.user_id):
            continue
        if name is not None and name.lower() not in dash["name"].lower():
            continue
        if user_id and dash["created_by"].lower() != user_id:
            continue
        if thing_id and not any(req.state.properties.get(pid) == thing_id
                                for w in dash["widgets"] for pid in w["variables"]):
            continue
        result.append(dash)
    return result


def list_response(req, render, content_type):
    """The listed dashboards, each rendered by `render` (v2 or v3), as one response."""
    result = []
    for dash in listed_dashboards(req):
        body = render(req, dash)
        if not req.state.arduino.get("list_shared_with", True):
            body.pop("shared_with", None)
        result.append(body)
    return Response.json(200, result, content_type)


def list_dashboards(req):
    return list_response(req, render_dashboard, DASHBOARDS_TYPE)


def create_dashboard(req):
    """POST: 201 with the new dashboard."""
    fields = check.check_dashboard(req, req.json_object(), creating=True)
    return _dashboard_response(req, create_dashboard_from_fields(req, fields), 201)


def create_dashboard_from_fields(req, fields):
    """Store a new dashboard from validated fields (v2 or v3) and return it."""
    dash = {"id": str(uuid.uuid4()), "name": fields["name"],
            "cover_image": fields.get("cover_image"), "widgets": fields.get("widgets", []),
            "organization_id": req.organization, "created_by": req.user_id, "shared_with": [],
            "soft_deleted": bool(fields.get("soft_deleted", False)),
            "pages": fields.get("pages", []), "updated_at": req.state.timestamp()}
    req.state.dashboards[dash["id"]] = dash
    return dash


def _write(req, replace):
    """PUT (replace=True) and PATCH. `soft_deleted: false` restores a soft-deleted dashboard."""
    dash = find_dashboard(req, allow_deleted=True)
    fields = check.check_dashboard(req, req.json_object(), creating=False)
    apply_write(req, dash, fields, replace)
    return _dashboard_response(req, dash)


def apply_write(req, dash, fields, replace):
    """Apply validated fields. Widgets written through v2 carry no page_id: one whose id is
    already stored keeps its page, a new one goes to the main page ("0")."""
    if dash["soft_deleted"] and fields.get("soft_deleted") is not False:
        raise HttpError(404, "dashboard %s not found (it is deleted)" % req.params["id"],
                        "not_found")
    if "name" in fields:
        dash["name"] = fields["name"]
    if "widgets" in fields:
        old_pages = dict((w["id"], w.get("page_id", "0")) for w in dash["widgets"])
        for widget in fields["widgets"]:
            widget.setdefault("page_id", old_pages.get(widget["id"], "0"))
    if replace:
        dash["cover_image"] = fields.get("cover_image")
        dash["widgets"] = fields.get("widgets", [])
    else:
        for key in ("cover_image", "widgets"):
            if key in fields:
                dash[key] = fields[key]
    if "soft_deleted" in fields:
        dash["soft_deleted"] = fields["soft_deleted"]
    dash["updated_at"] = req.state.timestamp()


def update_dashboard(req):
    return _write(req, replace=True)


def patch_dashboard(req):
    return _write(req, replace=False)


def show_dashboard(req):
    return _dashboard_response(req, find_dashboard(req))


def delete_dashboard(req):
    """DELETE: soft delete; `force=true` removes it for good (soft-deleted ones too)."""
    force = parse_bool(req.arg("force") or "false", "force")
    dash = find_dashboard(req, allow_deleted=force)
    if force:
        del req.state.dashboards[dash["id"]]
    else:
        dash["soft_deleted"] = True
        dash["updated_at"] = req.state.timestamp()
    return Response.empty(200)


def clone_dashboard(req):
    """PUT .../clone: a copy named '<name> (copy)' with fresh widget ids; each override maps
    the properties of old_thing to the properties of new_thing with the same variable_name."""
    return _dashboard_response(req, clone_stored(req), 201)


def clone_stored(req):
    """Store the clone (pages and page ids kept) and return it."""
    dash = find_dashboard(req)
    overrides = check.check_overrides(req, req.json_object())
    widgets = []
    for i, widget in enumerate(dash["widgets"]):
        new_widget = copy.deepcopy(widget)
        new_widget["id"] = str(uuid.uuid4())
        variables = []
        for pid in widget["variables"]:
            old_thing_id = req.state.properties.get(pid)
            new_thing = overrides.get(old_thing_id)
            if new_thing is not None:
                old_prop = next(p for p in req.state.things[old_thing_id]["properties"]
                                if p["id"].lower() == pid)
                match = [p for p in new_thing["properties"]
                         if p["variable_name"] == old_prop["variable_name"]]
                if not match:
                    raise check.bad("widgets[%d]: thing %s (%s) has no variable %s"
                                    % (i, new_thing["id"], new_thing["name"],
                                       old_prop["variable_name"]))
                pid = match[0]["id"].lower()
            if pid not in variables:
                variables.append(pid)
        new_widget["variables"] = variables
        widgets.append(new_widget)
    suffix = " (copy)"
    copy_dash = {"id": str(uuid.uuid4()), "name": dash["name"][:64 - len(suffix)] + suffix,
                 "cover_image": dash.get("cover_image"), "widgets": widgets,
                 "organization_id": req.organization, "created_by": req.user_id,
                 "shared_with": [], "soft_deleted": False, "updated_at": req.state.timestamp(),
                 "pages": copy.deepcopy(dash.get("pages", []))}
    req.state.dashboards[copy_dash["id"]] = copy_dash
    return copy_dash


def request_access(req):
    """PUT .../share_request: recorded in state (`share_requests`), 200 with no body."""
    dash = find_dashboard(req)
    body = req.json_object()
    message = body.get("message")
    if message is not None and not isinstance(message, str):
        raise check.bad("message must be a string")
    req.state.share_requests.append({"dashboard_id": dash["id"], "user_id": req.user_id,
                                     "organization_id": req.organization, "message": message,
                                     "at": req.state.timestamp()})
    return Response.empty(200)


def list_shares(req):
    dash = find_dashboard(req)
    return Response.json(200, [_user_ref(req, uid) for uid in dash["shared_with"]], SHARES_TYPE)


def share_dashboard(req):
    """PUT .../shares: sharing again with the same user changes nothing."""
    dash = find_dashboard(req)
    for user in check.check_share(req, req.json_object()):
        if user["id"] not in dash["shared_with"]:
            dash["shared_with"].append(user["id"])
    return Response.empty(200)


def delete_share(req):
    dash = find_dashboard(req)
    user_id = req.params["user_id"].lower()
    if user_id not in dash["shared_with"]:
        raise HttpError(404, "dashboard %s is not shared with user %s"
                        % (dash["id"], req.params["user_id"]), "not_found")
    dash["shared_with"].remove(user_id)
    return Response.empty(200)


def dashboard_template(req):
    """GET .../template: widgets without ids, variables by thing and variable *name*."""
    dash = find_dashboard(req)
    widgets = []
    for widget in dash["widgets"]:
        item = {"type": widget["type"], "options": copy.deepcopy(widget["options"])}
        for key in ("name",) + LAYOUT:
            if key in widget:
                item[key] = widget[key]
        variables = [template_variable(req, pid) for pid in widget["variables"]]
        item["variables"] = [v for v in variables if v is not None]
        widgets.append(item)
    body = {"id": slugify(dash["name"]), "name": dash["name"], "widgets": widgets}
    if dash.get("cover_image") is not None:
        body["cover_image"] = dash["cover_image"]
    return Response.json(200, body, TEMPLATE_TYPE)


def link_widget(req):
    """PUT .../widgets/{widgetId}/variables: the given list replaces the widget's variables."""
    dash = find_dashboard(req)
    widget_id = req.params["widgetId"].lower()
    widget = next((w for w in dash["widgets"] if w["id"] == widget_id), None)
    if widget is None:
        raise HttpError(404, "widget %s not found in dashboard %s"
                        % (req.params["widgetId"], dash["id"]), "not_found")
    body = req.json_object()
    widget["variables"] = check.check_variables(req, body.get("variables", []), "variables")
    dash["updated_at"] = req.state.timestamp()
    return Response.json(200, {"variables": list(widget["variables"])}, LINKS_TYPE)


ROUTES = [
    ("GET", r"/iot/v2/dashboards", list_dashboards),
    ("POST", r"/iot/v2/dashboards", create_dashboard),
    ("GET", r"/iot/v2/dashboards/(?P<id>[^/]+)", show_dashboard),
    ("PUT", r"/iot/v2/dashboards/(?P<id>[^/]+)", update_dashboard),
    ("PATCH", r"/iot/v2/dashboards/(?P<id>[^/]+)", patch_dashboard),
    ("DELETE", r"/iot/v2/dashboards/(?P<id>[^/]+)", delete_dashboard),
    ("PUT", r"/iot/v2/dashboards/(?P<id>[^/]+)/clone", clone_dashboard),
    ("PUT", r"/iot/v2/dashboards/(?P<id>[^/]+)/share_request", request_access),
    ("GET", r"/iot/v2/dashboards/(?P<id>[^/]+)/shares", list_shares),
    ("PUT", r"/iot/v2/dashboards/(?P<id>[^/]+)/shares", share_dashboard),
    ("DELETE", r"/iot/v2/dashboards/(?P<id>[^/]+)/shares/(?P<user_id>[^/]+)", delete_share),
    ("GET", r"/iot/v2/dashboards/(?P<id>[^/]+)/template", dashboard_template),
    ("PUT", r"/iot/v2/dashboards/(?P<id>[^/]+)/widgets/(?P<widgetId>[^/]+)/variables",
     link_widget),
]
