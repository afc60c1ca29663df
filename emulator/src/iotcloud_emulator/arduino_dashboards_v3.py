"""The 7 dashboards v3 operations of Arduino IoT Cloud (paths /iot/v3/dashboards*).

A v3 dashboard is the same stored dashboard as v2, plus `pages` and a `page_id` per widget
("0" is the main page). Delete, shares and widget links stay on v2."""

import copy
import re

from iotcloud_emulator import arduino_dashboards as v2
from iotcloud_emulator import arduino_validate as check
from iotcloud_emulator.arduino_things import template_variable
from iotcloud_emulator.common import Response, is_int, is_uuid, slugify

DASHBOARD_TYPE = "application/vnd.arduino.dashboardv3+json"
DASHBOARDS_TYPE = "application/vnd.arduino.dashboardv3+json; type=collection"
TEMPLATE_TYPE = "application/vnd.arduino.dashboardv3template+json"
MAX_PAGES = 30
MAIN_PAGE = "0"
PAGE_NAME = re.compile(r"[a-zA-Z0-9_.@-]+")


# ---- validation ------------------------------------------------------------------------------
def check_page(page, field):
    if not isinstance(page, dict):
        raise check.bad("%s must be an object" % field)
    missing = [key for key in ("id", "name", "position") if key not in page]
    if missing:
        raise check.bad("%s: missing required field(s) %s" % (field, ", ".join(missing)))
    if not isinstance(page["id"], str) or not is_uuid(page["id"]):
        raise check.bad("%s.id: %r is not a UUID" % (field, page["id"]))
    name = page["name"]
    if not isinstance(name, str) or len(name) > 64 or not PAGE_NAME.search(name):
        raise check.bad("%s.name: %r is not a valid page name" % (field, name))
    if not is_int(page["position"]):
        raise check.bad("%s.position must be an integer" % field)
    stored = {"id": page["id"].lower(), "name": name, "position": page["position"]}
    if "icon" in page:
        if not isinstance(page["icon"], str) or len(page["icon"]) > 1024:
            raise check.bad("%s.icon must be a string of at most 1024 characters" % field)
        stored["icon"] = page["icon"]
    return stored


def check_pages(pages):
    if not isinstance(pages, list):
        raise check.bad("pages must be an array")
    if len(pages) > MAX_PAGES:
        raise check.bad("pages: at most %d pages (got %d)" % (MAX_PAGES, len(pages)))
    result = []
    for i, page in enumerate(pages):
        stored = check_page(page, "pages[%d]" % i)
        if any(p["id"] == stored["id"] for p in result):
            raise check.bad("pages[%d].id: duplicate page id %s" % (i, stored["id"]))
        result.append(stored)
    return result


def check_dashboard_v3(req, body, creating, current_pages):
    """A `dashboardv3` payload: the v2 checks, then pages and each widget's page_id, which
    must be "0" or the id of a page of the dashboard."""
    fields = check.check_dashboard(req, body, creating)
    if "pages" in body:
        fields["pages"] = check_pages(body["pages"])
    page_ids = set(p["id"] for p in fields.get("pages", current_pages))
    if "widgets" in fields:
        for i, (raw, stored) in enumerate(zip(body["widgets"], fields["widgets"])):
            page_id = raw.get("page_id", MAIN_PAGE)
            if not isinstance(page_id, str) or not (page_id == MAIN_PAGE or is_uuid(page_id)):
                raise check.bad("widgets[%d].page_id: %r is neither \"0\" nor a UUID" % (i, page_id))
            page_id = page_id.lower()
            if page_id != MAIN_PAGE and page_id not in page_ids:
                raise check.bad("widgets[%d].page_id: no page %s in the dashboard" % (i, page_id))
            stored["page_id"] = page_id
    return fields


# ---- rendering -------------------------------------------------------------------------------
def render_widget(req, widget):
    body = v2.render_widget(req, widget)
    body["page_id"] = widget.get("page_id", MAIN_PAGE)
    return body


def render_dashboard(req, dash):
    body = v2.render_dashboard(req, dash)
    body["widgets"] = [render_widget(req, w) for w in dash["widgets"]]
    body["pages"] = copy.deepcopy(dash.get("pages", []))
    return body


def _response(req, dash, status=200):
    return Response.json(status, render_dashboard(req, dash), DASHBOARD_TYPE)


# ---- operations ------------------------------------------------------------------------------
def list_dashboards(req):
    """The v2 list (same filters), each dashboard in its v3 form."""
    return v2.list_response(req, render_dashboard, DASHBOARDS_TYPE)


def create_dashboard(req):
    fields = check_dashboard_v3(req, req.json_object(), True, [])
    return _response(req, v2.create_dashboard_from_fields(req, fields), 201)


def _write(req, replace):
    dash = v2.find_dashboard(req, allow_deleted=True)
    fields = check_dashboard_v3(req, req.json_object(), False, dash.get("pages", []))
    v2.apply_write(req, dash, fields, replace)
    if "pages" in fields or replace:
        dash["pages"] = fields.get("pages", [])
        page_ids = set(p["id"] for p in dash["pages"])
        for widget in dash["widgets"]:
            if widget.get("page_id", MAIN_PAGE) not in page_ids:
                widget["page_id"] = MAIN_PAGE
    return _response(req, dash)


def update_dashboard(req):
    return _write(req, replace=True)


def patch_dashboard(req):
    return _write(req, replace=False)


def show_dashboard(req):
    return _response(req, v2.find_dashboard(req))


def clone_dashboard(req):
    """The v2 clone, which keeps pages and page ids, in its v3 form."""
    return _response(req, v2.clone_stored(req), 201)


def dashboard_template(req):
    """GET .../template: the v2 template plus pages and a page_id per widget."""
    dash = v2.find_dashboard(req)
    widgets = []
    for widget in dash["widgets"]:
        item = {"type": widget["type"], "options": copy.deepcopy(widget["options"]),
                "page_id": widget.get("page_id", MAIN_PAGE)}
        for key in ("name",) + v2.LAYOUT:
            if key in widget:
                item[key] = widget[key]
        variables = [template_variable(req, pid) for pid in widget["variables"]]
        item["variables"] = [v for v in variables if v is not None]
        widgets.append(item)
    body = {"id": slugify(dash["name"]), "name": dash["name"],
            "pages": copy.deepcopy(dash.get("pages", [])), "widgets": widgets}
    if dash.get("cover_image") is not None:
        body["cover_image"] = dash["cover_image"]
    return Response.json(200, body, TEMPLATE_TYPE)


ROUTES = [
    ("GET", r"/iot/v3/dashboards", list_dashboards),
    ("POST", r"/iot/v3/dashboards", create_dashboard),
    ("GET", r"/iot/v3/dashboards/(?P<id>[^/]+)", show_dashboard),
    ("PUT", r"/iot/v3/dashboards/(?P<id>[^/]+)", update_dashboard),
    ("PATCH", r"/iot/v3/dashboards/(?P<id>[^/]+)", patch_dashboard),
    ("PUT", r"/iot/v3/dashboards/(?P<id>[^/]+)/clone", clone_dashboard),
    ("GET", r"/iot/v3/dashboards/(?P<id>[^/]+)/template", dashboard_template),
]
