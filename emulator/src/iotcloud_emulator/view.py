"""A read-only HTML view of what the emulator holds: /_emulator/view/ lists the spaces and their
dashboards, /_emulator/view/<dashboard id> draws one dashboard's widgets on a CSS grid at their
x, y, width and height. Plain HTML and inline CSS only: the page works offline."""

import html

from iotcloud_emulator.arduino_things import find_property
from iotcloud_emulator.common import Response

HTML_TYPE = "text/html; charset=utf-8"
# Pixel sizes of one grid unit and of the gap, so a widget's place on screen follows its layout.
CELL = 64
GAP = 8
MIN_COLUMNS = 12
# Qubitro's API gives no widget layout: its widgets flow in tiles of this many units.
QUBITRO_TILE = (4, 3)

STYLE = """
body { font-family: system-ui, sans-serif; margin: 24px; color: #1f2933; background: #f5f7fa; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
a { color: #00818a; } .meta { color: #616e7c; font-size: 13px; margin: 0 0 16px; }
ul.boards { list-style: none; padding: 0; } ul.boards li { margin: 4px 0; }
.grid { display: grid; grid-template-columns: repeat(var(--columns), %(cell)dpx);
  grid-auto-rows: %(cell)dpx; gap: %(gap)dpx; padding: %(gap)dpx; background: #e4e7eb;
  width: max-content; }
.widget { background: #fff; border: 1px solid #cbd2d9; border-radius: 6px; padding: 6px 8px;
  overflow: hidden; box-sizing: border-box; font-size: 12px; }
.widget .name { font-weight: 600; font-size: 13px; display: block; }
.widget .type { color: #00818a; display: block; margin-bottom: 4px; }
.widget ul { margin: 0; padding-left: 14px; overflow-wrap: anywhere; }
.empty { color: #9aa5b1; font-style: italic; }
""" % {"cell": CELL, "gap": GAP}


def esc(value):
    return html.escape("" if value is None else str(value), quote=True)


def page(title, body, status=200):
    text = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>%s</title><style>%s</style></head>\n<body>\n%s\n</body></html>\n"
            % (esc(title), STYLE, body))
    return Response(status, text.encode("utf-8"), HTML_TYPE)


def _username(state, user_id):
    return (state.users.get(user_id) or {}).get("username") or user_id


def _arduino_spaces(state):
    """[(title, [dashboards])]: each organization, then each user's personal space."""
    live = [d for d in state.dashboards.values() if not d.get("soft_deleted")]
    spaces = []
    for org_id, org in sorted(state.orgs.items(), key=lambda item: item[1].get("name") or ""):
        spaces.append(("%s (organization %s)" % (org.get("name") or org_id, org_id),
                       [d for d in live if d.get("organization_id") == org_id]))
    owners = sorted(set(d["created_by"] for d in live if not d.get("organization_id"))
                    | set(c["user_id"] for c in state.clients.values()))
    for user_id in owners:
        spaces.append(("Personal space of %s" % _username(state, user_id),
                       [d for d in live if not d.get("organization_id")
                        and d["created_by"] == user_id]))
    return spaces


def _board_list(boards, describe):
    if not boards:
        return '<p class="empty">no dashboards</p>'
    items = ['<li><a href="/_emulator/view/%s">%s</a> <span class="meta">%s</span></li>'
             % (esc(b["id"]), esc(b["name"]), esc(describe(b)))
             for b in sorted(boards, key=lambda b: (b["name"].lower(), b["id"]))]
    return '<ul class="boards">%s</ul>' % "".join(items)


def index(req):
    """GET /_emulator/view/: every space with its dashboards, then Qubitro's dashboards."""
    state = req.state
    with state.lock:
        parts = ["<h1>iotcloud emulator</h1>",
                 '<p class="meta">A read-only view of the emulator\'s state.</p>',
                 "<h2>Arduino IoT Cloud</h2>"]
        for title, boards in _arduino_spaces(state):
            parts.append("<h3>%s</h3>" % esc(title))
            parts.append(_board_list(boards, lambda b: "%d widgets, shared with %d, updated %s" % (
                len(b["widgets"]), len(b["shared_with"]), b["updated_at"])))
        parts.append("<h2>Qubitro</h2>")
        parts.append(_board_list(state.qubitro["dashboards"],
                                 lambda b: "%d widgets" % len(b["widgets"])))
    return page("iotcloud emulator", "\n".join(parts))


def _variable(state, prop_id):
    thing, prop = find_property(state, prop_id)
    if thing is None:
        return '<li class="empty">unlinked %s</li>' % esc(prop_id)
    return "<li>%s.%s</li>" % (esc(thing["name"]), esc(prop["variable_name"]))


def _tile(widget_id, name, kind, items, place):
    """One widget: its name, type and the items it shows, at grid `place` (x, y, w, h)."""
    x, y, width, height = place
    listed = "<ul>%s</ul>" % "".join(items) if items else '<span class="empty">no variables</span>'
    return ('<div class="widget" data-widget-id="%s" data-x="%d" data-y="%d" data-width="%d" '
            'data-height="%d" style="grid-column: %d / span %d; grid-row: %d / span %d">'
            '<span class="name">%s</span><span class="type">%s</span>%s</div>'
            % (esc(widget_id), x, y, width, height, x + 1, width, y + 1, height, esc(name),
               esc(kind), listed))


def _grid(tiles, places):
    columns = max([MIN_COLUMNS] + [x + w for x, _y, w, _h in places])
    return '<div class="grid" style="--columns: %d">%s</div>' % (columns, "".join(tiles))


def _layout(widget):
    return tuple(max(int(widget.get(key) or 0), minimum) for key, minimum in
                 (("x", 0), ("y", 0), ("width", 1), ("height", 1)))


def _arduino_page(state, dash):
    space = state.orgs.get(dash.get("organization_id") or "", {}).get("name")
    space = "organization %s" % space if space else "personal space of %s" % _username(
        state, dash["created_by"])
    places = [_layout(w) for w in dash["widgets"]]
    tiles = [_tile(w["id"], w.get("name") or "", w.get("type") or "",
                   [_variable(state, pid) for pid in w.get("variables", [])], place)
             for w, place in zip(dash["widgets"], places)]
    shares = [esc(_username(state, uid)) for uid in dash["shared_with"]]
    body = ['<p><a href="/_emulator/view/">all dashboards</a></p>',
            "<h1>%s</h1>" % esc(dash["name"]),
            '<p class="meta">Arduino IoT Cloud, %s &middot; id %s &middot; updated %s%s</p>'
            % (esc(space), esc(dash["id"]), esc(dash["updated_at"]),
               " &middot; soft-deleted" if dash.get("soft_deleted") else ""),
            _grid(tiles, places) if tiles else '<p class="empty">no widgets</p>',
            "<h2>Shared with</h2>",
            '<p class="shares">%s</p>' % (", ".join(shares) or '<span class="empty">nobody</span>')]
    return page(dash["name"], "\n".join(body))


def _qubitro_page(state, dash):
    devices = dict((d["id"], d["name"]) for p in state.qubitro["projects"] for d in p["devices"])
    width, height = QUBITRO_TILE
    per_row = MIN_COLUMNS // width
    places = [((i % per_row) * width, (i // per_row) * height, width, height)
              for i in range(len(dash["widgets"]))]
    tiles = [_tile(w["id"], w.get("title") or "", w.get("widget_type") or "",
                   ["<li>%s</li>" % esc(devices.get(d, d)) for d in w.get("devices", [])], place)
             for w, place in zip(dash["widgets"], places)]
    invited = ["%s (%s)" % (esc(u.get("email") or u.get("id")), esc(u.get("role")))
               for inv in state.qubitro["invites"] if inv["dashboard_id"] == dash["id"]
               for u in inv["users"] + inv["groups"]]
    body = ['<p><a href="/_emulator/view/">all dashboards</a></p>',
            "<h1>%s</h1>" % esc(dash["name"]),
            '<p class="meta">Qubitro &middot; id %s &middot; widgets in API order (Qubitro '
            "gives no layout)</p>" % esc(dash["id"]),
            _grid(tiles, places) if tiles else '<p class="empty">no widgets</p>',
            "<h2>Invited</h2>",
            '<p class="shares">%s</p>' % (", ".join(invited) or '<span class="empty">nobody</span>')]
    return page(dash["name"], "\n".join(body))


def dashboard(req):
    """GET /_emulator/view/<id>: an Arduino or a Qubitro dashboard, soft-deleted ones too."""
    dash_id = req.params["id"].lower()
    state = req.state
    with state.lock:
        if dash_id in state.dashboards:
            return _arduino_page(state, state.dashboards[dash_id])
        for dash in state.qubitro["dashboards"]:
            if dash["id"].lower() == dash_id:
                return _qubitro_page(state, dash)
    return page("not found", '<p><a href="/_emulator/view/">all dashboards</a></p>'
                "<h1>No dashboard %s</h1>" % esc(req.params["id"]), status=404)


ROUTES = [
    ("GET", r"/_emulator/view", index),
    ("GET", r"/_emulator/view/(?P<id>[^/]+)", dashboard),
]
