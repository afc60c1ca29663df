"""The dashboards v3 operations of the emulator: pages, page ids, and v2/v3 consistency."""

import uuid

from helpers import ACME_FAN, ACME_GREENHOUSE, ACME_TEMP, widget

V3 = "/iot/v3/dashboards"
GOA = "application/vnd.goa.error+json"


def pages(*names):
    return [{"id": str(uuid.uuid4()), "name": name, "position": i} for i, name in enumerate(names)]


def test_create_stores_pages_and_page_ids(acme):
    main, second = pages("Main", "Second")
    resp = acme.post(V3, json={"name": "paged", "pages": [main, second],
                               "widgets": [widget([ACME_TEMP], page_id=main["id"]),
                                           widget([ACME_FAN], page_id=second["id"].upper()),
                                           widget()]})
    assert resp.status_code == 201, resp.text
    assert resp.headers["Content-Type"] == "application/vnd.arduino.dashboardv3+json"
    board = resp.json()
    assert board["pages"] == [main, second]
    # page ids are stored lower case, a widget without page_id is on the main page "0"
    assert [w["page_id"] for w in board["widgets"]] == [main["id"], second["id"], "0"]
    assert acme.get(V3 + "/" + board["id"]).json() == board


def test_a_dashboard_without_pages_has_an_empty_page_list(acme):
    board = acme.post("/iot/v2/dashboards", json={"name": "flat", "widgets": [widget()]}).json()
    shown = acme.get(V3 + "/" + board["id"]).json()
    assert shown["pages"] == [] and shown["widgets"][0]["page_id"] == "0"
    listed = acme.get(V3).json()
    assert listed[0]["id"] == board["id"]


def test_page_id_must_name_a_page_of_the_dashboard(acme):
    resp = acme.post(V3, json={"name": "bad", "widgets": [widget(page_id=str(uuid.uuid4()))]})
    assert resp.status_code == 400 and resp.headers["Content-Type"] == GOA
    assert "page_id" in resp.json()["detail"]
    resp = acme.post(V3, json={"name": "bad", "widgets": [widget(page_id="p1")]})
    assert resp.status_code == 400 and "page_id" in resp.json()["detail"]


def test_at_most_30_pages(acme):
    resp = acme.post(V3, json={"name": "many", "pages": pages(*("p%d" % i for i in range(31)))})
    assert resp.status_code == 400 and "at most 30" in resp.json()["detail"]
    assert acme.post(V3, json={"name": "many", "pages": pages(*("p%d" % i for i in range(30)))}) \
        .status_code == 201


def test_patch_keeps_pages_and_a_put_without_pages_moves_widgets_to_the_main_page(acme):
    main, = pages("Main")
    gauge = widget(page_id=main["id"])
    board = acme.post(V3, json={"name": "b", "pages": [main], "widgets": [gauge]}).json()
    patched = acme.patch(V3 + "/" + board["id"], json={"name": "renamed"}).json()
    assert patched["pages"] == [main] and patched["widgets"][0]["page_id"] == main["id"]
    put = acme.put(V3 + "/" + board["id"], json={"name": "renamed"}).json()
    assert put["pages"] == [] and put["widgets"] == []
    board = acme.put(V3 + "/" + board["id"], json={"name": "b", "pages": [main], "widgets": [gauge]}).json()
    # Removing the page through patch sends its widgets to page "0".
    patched = acme.patch(V3 + "/" + board["id"], json={"pages": []}).json()
    assert patched["widgets"][0]["page_id"] == "0"


def test_v2_show_of_a_paged_dashboard_lists_every_widget_without_pages(acme):
    main, second = pages("Main", "Second")
    board = acme.post(V3, json={"name": "paged", "pages": [main, second],
                                "widgets": [widget(page_id=main["id"]),
                                            widget(page_id=second["id"])]}).json()
    v2 = acme.get("/iot/v2/dashboards/" + board["id"]).json()
    assert "pages" not in v2
    assert [w["id"] for w in v2["widgets"]] == [w["id"] for w in board["widgets"]]
    assert all("page_id" not in w for w in v2["widgets"])


def test_v2_writes_keep_known_widgets_on_their_page(acme):
    main, = pages("Main")
    gauge = widget(page_id=main["id"])
    board = acme.post(V3, json={"name": "b", "pages": [main], "widgets": [gauge]}).json()
    plain = dict(gauge)
    del plain["page_id"]
    fresh = widget()
    assert acme.patch("/iot/v2/dashboards/" + board["id"],
                      json={"widgets": [plain, fresh]}).status_code == 200
    shown = acme.get(V3 + "/" + board["id"]).json()
    assert shown["pages"] == [main]
    assert [w["page_id"] for w in shown["widgets"]] == [main["id"], "0"]


def test_clone_and_template_carry_pages(acme):
    main, = pages("Main")
    board = acme.post(V3, json={"name": "b", "pages": [main],
                                "widgets": [widget([ACME_TEMP], page_id=main["id"])]}).json()
    clone = acme.put(V3 + "/%s/clone" % board["id"], json={}).json()
    assert clone["pages"] == [main] and clone["widgets"][0]["page_id"] == main["id"]
    assert clone["widgets"][0]["id"] != board["widgets"][0]["id"]
    v2_clone = acme.put("/iot/v2/dashboards/%s/clone" % board["id"], json={}).json()
    assert acme.get(V3 + "/" + v2_clone["id"]).json()["pages"] == [main]
    resp = acme.get(V3 + "/%s/template" % board["id"])
    assert resp.headers["Content-Type"] == "application/vnd.arduino.dashboardv3template+json"
    template = resp.json()
    assert template["pages"] == [main]
    assert template["widgets"][0]["page_id"] == main["id"]
    assert "id" not in template["widgets"][0]
    assert template["widgets"][0]["variables"][0]["thing_id"] == "greenhouse"


def test_list_filters_like_v2(acme):
    board = acme.post(V3, json={"name": "with-temp", "widgets": [widget([ACME_TEMP])]}).json()
    acme.post(V3, json={"name": "empty"})
    by_thing = acme.get(V3, params={"thing_id": ACME_GREENHOUSE}).json()
    assert [d["id"] for d in by_thing] == [board["id"]]
    assert [d["name"] for d in acme.get(V3, params={"name": "TEMP"}).json()] == ["with-temp"]


def test_delete_and_shares_stay_v2(acme):
    board = acme.post(V3, json={"name": "b"}).json()
    assert acme.delete(V3 + "/" + board["id"]).status_code == 405
    assert acme.get(V3 + "/%s/shares" % board["id"]).status_code == 404
    assert acme.delete("/iot/v2/dashboards/" + board["id"]).status_code == 200
    assert acme.get(V3 + "/" + board["id"]).status_code == 404


def test_other_organizations_do_not_see_v3_dashboards(acme, globex):
    board = acme.post(V3, json={"name": "b"}).json()
    assert globex.get(V3 + "/" + board["id"]).status_code == 404
    assert globex.get(V3).json() == []
