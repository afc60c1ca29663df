"""The demo's dashboards drawn by headless Chromium: `hacking/demo.sh` runs against the
in-process emulator, then every widget's name must be painted at the place its layout gives
on /_emulator/view/<id>. The Greenhouse page is saved as build/demo-dashboard.png; with
UPDATE_DOCS_IMAGES=1 as docs/images/demo-dashboard.png, which the README shows (a plain test run
leaves the work tree clean)."""

import os
import subprocess
import sys

import pytest

from iotcloud_emulator import view
from webdriver import Browser, ensure_chromium

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOT = os.path.join(REPO, *(("docs", "images") if os.environ.get("UPDATE_DOCS_IMAGES") == "1"
                                  else ("build",)), "demo-dashboard.png")
# the widget whose name is under a point: what a person would read there
UNDER = "var e = document.elementFromPoint(arguments[0], arguments[1]);" \
        "e = e && e.closest('.widget'); return e ? e.dataset.widgetId : null;"


@pytest.fixture(scope="module")
def browser():
    found = ensure_chromium()
    if found is None:
        pytest.skip("needs the Debian packages chromium and chromium-driver (apt-get as root)")
    chrome = Browser(*found)
    yield chrome
    chrome.close()


def run_demo(url):
    venv = os.path.relpath(os.path.dirname(os.path.dirname(sys.executable)), REPO)
    result = subprocess.run([os.path.join(REPO, "hacking", "demo.sh"), venv], cwd=REPO,
                            env=dict(os.environ, EMULATOR_URL=url, DEMO_WAIT="0"),
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout.strip().splitlines()


def expected_box(grid, widget):
    """The box CSS grid gives a widget: GAP of padding, then CELL-sized units GAP apart."""
    x, y, width, height = (widget[k] for k in ("x", "y", "width", "height"))
    step = view.CELL + view.GAP
    return {"x": grid["x"] + view.GAP + x * step, "y": grid["y"] + view.GAP + y * step,
            "width": width * view.CELL + (width - 1) * view.GAP,
            "height": height * view.CELL + (height - 1) * view.GAP}


def test_the_demo_dashboards_in_chromium(iotcloud_emulator, browser):
    lines = run_demo(iotcloud_emulator.url)
    assert lines[-1] == "demo: see the dashboards at %s/_emulator/view/" % iotcloud_emulator.url
    boards = [d for d in iotcloud_emulator.snapshot()["dashboards"] if d["widgets"]]
    assert boards, "the demo built no dashboard with widgets"
    browser.open(iotcloud_emulator.url + "/_emulator/view/")
    index = browser.text(browser.find_all("body")[0])
    for board in boards:
        assert board["name"] in index
        browser.open(iotcloud_emulator.url + "/_emulator/view/" + board["id"])
        grid = browser.rect(browser.find_all(".grid")[0])
        drawn = dict((browser.attribute(e, "data-widget-id"), e) for e in browser.find_all(".widget"))
        assert sorted(drawn) == sorted(w["id"] for w in board["widgets"])
        for widget in board["widgets"]:
            element = drawn[widget["id"]]
            assert browser.text(element).splitlines()[0] == widget["name"]
            box = expected_box(grid, widget)
            rect = browser.rect(element)
            for key, value in box.items():
                assert abs(rect[key] - value) <= 1, (board["name"], widget["name"], key, rect, box)
            # and it is that widget a reader sees at the middle of its place
            middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            assert browser.script(UNDER, *middle) == widget["id"], (board["name"], widget["name"])
    main = max(boards, key=lambda d: (len(d["widgets"]), len(d["shared_with"]), d["name"]))
    browser.open(iotcloud_emulator.url + "/_emulator/view/" + main["id"])
    png = browser.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
    with open(SCREENSHOT, "wb") as handle:
        handle.write(png)
