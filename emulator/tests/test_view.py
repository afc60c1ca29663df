"""The read-only HTML view: /_emulator/view/ and /_emulator/view/<dashboard id>."""

import html.parser

import pytest
import requests

from helpers import ACME_FAN, ACME_TEMP, Api, widget
from iotcloud_emulator.seed import ACME, GLOBEX

FARM = "e5000000-0000-4000-8000-0000000000a1"


class Page(html.parser.HTMLParser):
    """What a reader sees: the text, the links, the widgets with their attributes and text,
    and every external reference (there must be none)."""

    def __init__(self, text):
        html.parser.HTMLParser.__init__(self)
        self.text, self.links, self.widgets, self.external, self.scripts = [], [], [], [], 0
        self._widget_depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if attrs.get(key) and not attrs[key].startswith("/_emulator/view/"):
                self.external.append(attrs[key])
        if tag == "a":
            self.links.append(attrs["href"])
        if self._widget_depth:
            self._widget_depth += 1
        elif "widget" in (attrs.get("class") or "").split():
            self.widgets.append(dict(attrs, text=[]))
            self._widget_depth = 1

    def handle_endtag(self, tag):
        if self._widget_depth:
            self._widget_depth -= 1

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())
            if self._widget_depth:
                self.widgets[-1]["text"].append(data.strip())


def view(emu, path=""):
    resp = requests.get(emu.url + "/_emulator/view/" + path, timeout=10)
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    return resp.status_code, Page(resp.text)


def test_index_lists_every_space_and_qubitro(emu):
    acme, personal = Api(emu.url, ACME), Api(emu.url)
    board = acme.post("/iot/v2/dashboards", json={"name": "Greenhouse <main>"}).json()
    mine = personal.post("/iot/v2/dashboards", json={"name": "Desk"}).json()
    gone = acme.post("/iot/v2/dashboards", json={"name": "Gone"}).json()
    assert acme.delete("/iot/v2/dashboards/" + gone["id"]).status_code == 200
    status, page = view(emu)
    assert status == 200 and page.scripts == 0 and page.external == []
    text = " ".join(page.text)
    for title in ("Acme (organization %s)" % ACME, "Globex (organization %s)" % GLOBEX,
                  "Personal space of demo", "Greenhouse <main>", "Desk", "Farm overview",
                  "Factory floor", "Boiler room"):
        assert title in text, title
    assert "Gone" not in text
    assert "/_emulator/view/" + board["id"] in page.links
    assert "/_emulator/view/" + mine["id"] in page.links
    assert "/_emulator/view/" + FARM in page.links
    # Acme's dashboard is listed under Acme, the personal one under the personal space
    assert text.index("Greenhouse <main>") < text.index("Globex (organization")
    assert text.index("Desk") > text.index("Personal space of demo")


def test_a_dashboard_draws_its_widgets_at_their_place(emu):
    acme = Api(emu.url, ACME)
    temp = widget([ACME_TEMP], name="Temperature", x=0, y=0, width=2, height=2)
    fan = widget([ACME_FAN, ACME_TEMP], name="Fan", type="Switch", x=14, y=3, width=4, height=1)
    board = acme.post("/iot/v2/dashboards", json={"name": "Greenhouse", "widgets": [temp, fan]})
    board = board.json()
    assert acme.put("/iot/v2/dashboards/%s/shares" % board["id"],
                    json={"users": [{"username": "alice"}, {"username": "bob"}]}).status_code == 200
    status, page = view(emu, board["id"])
    assert status == 200 and page.scripts == 0 and page.external == []
    drawn = dict((w["data-widget-id"], w) for w in page.widgets)
    assert drawn[temp["id"]]["style"] == "grid-column: 1 / span 2; grid-row: 1 / span 2"
    assert drawn[temp["id"]]["text"] == ["Temperature", "Value", "greenhouse.temperature"]
    assert drawn[fan["id"]]["style"] == "grid-column: 15 / span 4; grid-row: 4 / span 1"
    assert drawn[fan["id"]]["text"] == ["Fan", "Switch", "greenhouse.fan", "greenhouse.temperature"]
    text = " ".join(page.text)
    assert "organization Acme" in text and "alice, bob" in text
    # the grid is as wide as its widest row needs (18 columns here)
    resp = requests.get(emu.url + "/_emulator/view/" + board["id"], timeout=10)
    assert '<div class="grid" style="--columns: 18">' in resp.text


def test_unlinked_variables_and_soft_deleted_dashboards(emu, reset):
    missing = "a1000000-0000-4000-8000-000000000099"
    gone = {"id": "d0000000-0000-4000-8000-000000000001", "name": "Old",
            "organization_id": ACME, "soft_deleted": True,
            "widgets": [dict(widget(), variables=[missing])]}
    reset({"dashboards": [gone]})
    status, page = view(emu, gone["id"])
    assert status == 200
    assert "unlinked " + missing in page.widgets[0]["text"]
    assert "soft-deleted" in " ".join(page.text) and "nobody" in page.text


def test_a_qubitro_dashboard_shows_devices_and_invites(emu):
    resp = requests.post(emu.url + "/v2/dashboards/%s/invite" % FARM, timeout=10,
                         headers={"Authorization": "Bearer QB_demo"},
                         json={"users": [{"email": "ops@example.com", "role": "readonly"}]})
    assert resp.status_code == 200
    status, page = view(emu, FARM)
    assert status == 200
    assert [w["text"] for w in page.widgets] == [["Soil moisture", "chart", "soil-sensor"],
                                                 ["Wind", "gauge", "weather-mast"]]
    assert [w["style"] for w in page.widgets] == ["grid-column: 1 / span 4; grid-row: 1 / span 3",
                                                  "grid-column: 5 / span 4; grid-row: 1 / span 3"]
    assert "ops@example.com (readonly)" in page.text


@pytest.mark.parametrize("path", ["d0000000-0000-4000-8000-0000000000ff", "not-an-id"])
def test_an_unknown_dashboard_is_a_404_page(emu, path):
    status, page = view(emu, path)
    assert status == 404 and "No dashboard " + path in page.text


def test_the_view_is_neither_logged_nor_written(emu, acme):
    before = requests.get(emu.url + "/_emulator/state", timeout=10).json()
    view(emu)
    assert requests.post(emu.url + "/_emulator/view/", timeout=10).status_code == 405
    after = requests.get(emu.url + "/_emulator/state", timeout=10).json()
    assert after["dashboards"] == before["dashboards"]
    assert not [r for r in emu.requests() if r["path"].startswith("/_emulator")]
