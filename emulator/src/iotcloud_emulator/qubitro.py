"""Qubitro v2: dashboards (read and invite), organization groups, projects and devices."""

import copy
import re

from iotcloud_emulator.common import HttpError, Response, qubitro_error

BUILTIN_ROLES = ("owner", "admin", "readwrite", "readonly")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class QubitroError(HttpError):
    """A Qubitro error: rendered as `{success: false, action, message}`."""

    def __init__(self, status, action, message):
        HttpError.__init__(self, status, message)
        self.action = action

    def response(self):
        return qubitro_error(self.status, self.action, self.detail)


def rate_limited(headers):
    """Qubitro's own 429 body (its documentation shows no limit; the shape is its error body)."""
    return qubitro_error(429, "request", "Too many requests, please try again later", headers)


def authenticate(req, action):
    """`Authorization: Bearer QB_...` must name a key of the seed."""
    auth = req.header("Authorization") or ""
    key = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    if not key or key not in req.state.qubitro["api_keys"]:
        raise QubitroError(401, action, "Unauthorized - Invalid or missing API key")
    req.token = key


def _ok(req, action, message, body):
    """Bare body, or the `{success, action, status, message, data}` envelope when the seed
    says `qubitro.envelope: true`."""
    if req.state.qubitro.get("envelope"):
        body = {"success": True, "action": action, "status": 200, "message": message,
                "data": body}
    return Response.json(200, body)


def _dashboard(req, action):
    dash_id = req.params["id"].lower()
    for dash in req.state.qubitro["dashboards"]:
        if dash["id"].lower() == dash_id:
            return dash
    raise QubitroError(404, action, "Dashboard not found or access denied")


def _devices_by_id(req):
    found = {}
    for project in req.state.qubitro["projects"]:
        for device in project["devices"]:
            found[device["id"]] = (project, device)
    return found


def list_dashboards(req):
    items = []
    for dash in req.state.qubitro["dashboards"]:
        item = dict((k, copy.deepcopy(dash[k])) for k in
                    ("id", "name", "created", "last_modified", "is_public", "refresh_period",
                     "tags", "metadata"))
        item["widgets"] = [w["id"] for w in dash["widgets"]]
        items.append(item)
    return _ok(req, "list dashboards", "Dashboards retrieved successfully", {"dashboards": items})


def show_dashboard(req):
    dash = _dashboard(req, "get dashboard")
    devices = _devices_by_id(req)
    widgets = []
    for widget in dash["widgets"]:
        data = []
        for device_id in widget.get("devices", []):
            project, device = devices.get(device_id, ({"id": None}, {"name": None}))
            data.append({"device_id": device_id, "device_name": device["name"],
                         "project_id": project["id"]})
        widgets.append({"id": widget["id"], "widget_type": widget["widget_type"],
                        "title": widget.get("title", ""), "subtitle": widget.get("subtitle", ""),
                        "description": widget.get("description", ""),
                        "metadata": copy.deepcopy(widget.get("metadata", {})),
                        "data_metadata": data})
    body = dict((k, copy.deepcopy(dash[k])) for k in
                ("id", "name", "is_public", "refresh_period", "tags", "metadata"))
    body["widgets"] = widgets
    return _ok(req, "get dashboard", "Dashboard retrieved successfully", body)


def dashboard_devices(req):
    """The unique devices the dashboard's widgets reference, as `{"devices": [...]}`."""
    dash = _dashboard(req, "get dashboard devices")
    devices = _devices_by_id(req)
    result, seen = [], set()
    for widget in dash["widgets"]:
        for device_id in widget.get("devices", []):
            if device_id in seen or device_id not in devices:
                continue
            seen.add(device_id)
            project, device = devices[device_id]
            result.append({"device_id": device_id, "device_name": device["name"],
                           "project_id": project["id"], "project_name": project["name"]})
    return _ok(req, "get dashboard devices", "Devices retrieved successfully",
               {"devices": result})


def _check_role(role, field, action, custom_roles):
    if not isinstance(role, str) or not (role in BUILTIN_ROLES or role in custom_roles):
        raise QubitroError(400, action, "%s: invalid role %r (must be owner, admin, readwrite, "
                           "readonly, or a custom role ID)" % (field, role))


def invite(req):
    """POST .../invite with `{users: [{email, role}], groups: [{id, role}]}`; the invites are
    recorded in state (`qubitro.invites`)."""
    action = "invite to dashboard"
    dash = _dashboard(req, action)
    try:
        body = req.json_object(required=False)
    except HttpError as exc:
        raise QubitroError(400, action, exc.detail)
    qstate = req.state.qubitro
    users, groups = body.get("users", []) or [], body.get("groups", []) or []
    if not isinstance(users, list) or not isinstance(groups, list):
        raise QubitroError(400, action, "users and groups must be arrays")
    if not users and not groups:
        raise QubitroError(400, action, "give at least one user or group to invite")
    known_groups = set(g["id"] for g in qstate["groups"])
    # Qubitro sends invites only to people who already belong to the organization.
    members = set(m.lower() for m in qstate["members"])
    for i, user in enumerate(users):
        if not isinstance(user, dict):
            raise QubitroError(400, action, "users[%d] must be an object" % i)
        email = user.get("email")
        if not isinstance(email, str) or not EMAIL_RE.match(email):
            raise QubitroError(400, action, "users[%d]: invalid email format %r" % (i, email))
        if email.lower() not in members:
            raise QubitroError(400, action, "users[%d]: %s is not a member of the organization"
                               % (i, email))
        _check_role(user.get("role"), "users[%d]" % i, action, qstate["custom_roles"])
    if groups and not qstate.get("groups_enabled", True):
        raise QubitroError(403, action, "Organization plan required for group invitations")
    for i, group in enumerate(groups):
        if not isinstance(group, dict):
            raise QubitroError(400, action, "groups[%d] must be an object" % i)
        if group.get("id") not in known_groups:
            raise QubitroError(400, action, "groups[%d]: unknown group id %r" % (i, group.get("id")))
        _check_role(group.get("role"), "groups[%d]" % i, action, qstate["custom_roles"])
    qstate["invites"].append({"dashboard_id": dash["id"], "users": copy.deepcopy(users),
                              "groups": copy.deepcopy(groups), "at": req.state.timestamp()})
    return Response.json(200, {"success": True, "action": action, "status": 200,
                               "message": "Dashboard invitation sent successfully."})


def list_groups(req):
    if not req.state.qubitro.get("groups_enabled", True):
        raise QubitroError(403, "list groups",
                           "Groups are available on the Organization plan only")
    groups = [{"id": g["id"], "name": g["name"]} for g in req.state.qubitro["groups"]]
    return _ok(req, "list groups", "Groups retrieved successfully", {"groups": groups})


def list_projects(req):
    projects = [dict((k, copy.deepcopy(p[k])) for k in
                     ("id", "name", "description", "tags", "created_at"))
                for p in req.state.qubitro["projects"]]
    return _ok(req, "list projects", "Projects retrieved successfully", projects)


def project_devices(req):
    project_id = req.params["id"].lower()
    for project in req.state.qubitro["projects"]:
        if project["id"].lower() == project_id:
            devices = [dict((k, copy.deepcopy(v)) for k, v in d.items())
                       for d in project["devices"]]
            return _ok(req, "list devices", "Devices retrieved successfully", devices)
    raise QubitroError(404, "list devices", "Project not found or access denied")


ROUTES = [
    ("GET", r"/v2/dashboards", list_dashboards),
    ("GET", r"/v2/dashboards/(?P<id>[^/]+)", show_dashboard),
    ("GET", r"/v2/dashboards/(?P<id>[^/]+)/devices", dashboard_devices),
    ("POST", r"/v2/dashboards/(?P<id>[^/]+)/invite", invite),
    ("GET", r"/v2/organization/groups", list_groups),
    ("GET", r"/v2/projects", list_projects),
    ("GET", r"/v2/projects/(?P<id>[^/]+)/devices", project_devices),
]
