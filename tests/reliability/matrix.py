"""The fault matrix: every module x every fault kind, each cell classified as survived, failed
cleanly or bad. `cells(full)` lists them; `run_cell` runs one and says why it got its class."""

import re
import socket

from harness import ACME, ALICE, HUMIDITY, TEMP, live_dashboards, tls_emulator, writes_sent

REL_ID = "0e000000-0000-4000-8000-000000000001"
REL_WIDGET = "0e000000-0000-4000-8000-0000000000a1"
SEED = {"dashboards": [{"id": REL_ID, "name": "Rel", "organization_id": ACME, "shared_with": [], "widgets": [
    {"id": REL_WIDGET, "name": "T", "type": "Value", "options": {}, "x": 0, "y": 0, "width": 1, "height": 1,
     "variables": []}]}]}
ON_TEMP = [{"thing": "greenhouse", "variable": "temperature"}]
ON_HUMIDITY = [{"thing": "greenhouse", "variable": "humidity"}]
NEW = {"name": "New", "widgets": [
    {"name": "T", "type": "Value", "width": 1, "height": 1, "variables": ON_TEMP}]}
REL_ON_HUMIDITY = {"name": "Rel", "widgets": [
    {"name": "T", "type": "Value", "width": 1, "height": 1, "variables": ON_HUMIDITY}]}


NEW_PAGED = {"name": "New", "pages": [
    {"name": "P", "widgets": [
        {"name": "T", "type": "Value", "width": 1, "height": 1, "variables": ON_TEMP}]}]}

REL_AS_SEEDED = [{"widgets": [("T", ())], "shared_with": []}]
NEW_ON_TEMP = [{"widgets": [("T", (TEMP,))], "shared_with": []}]
REL_ON_TEMP = [{"widgets": [("T", (TEMP,))], "shared_with": []}]
REL_ON_HUMIDITY_LIVE = [{"widgets": [("T", (HUMIDITY,))], "shared_with": []}]
REL_SHARED = [{"widgets": [("T", ())], "shared_with": [ALICE]}]
# module label -> (module, args, (method, path of the request the fault hits), the dashboards as declared
# {name: live entries}, a check of a successful result)
SCENARIOS = {
    "dashboard (create)": ("dashboard", dict(NEW), ("POST", r"^/iot/v2/dashboards$"),
                           {"New": NEW_ON_TEMP}, None),
    "dashboard (create, pages)": ("dashboard", dict(NEW_PAGED), ("POST", r"^/iot/v3/dashboards$"),
                                  {"New": NEW_ON_TEMP}, None),
    "dashboard (update)": ("dashboard", dict(REL_ON_HUMIDITY), ("PUT", r"^/iot/v2/dashboards/%s$" % REL_ID),
                           {"Rel": REL_ON_HUMIDITY_LIVE}, None),
    "dashboard_info": ("dashboard_info", dict(name="Rel"), ("GET", r"^/iot/v2/dashboards$"),
                       {"Rel": REL_AS_SEEDED},
                       lambda res: [d["name"] for d in res.get("dashboards") or []] == ["Rel"]),
    "dashboard_share": ("dashboard_share", dict(dashboard="Rel", users=["alice"]),
                        ("PUT", r"/shares$"), {"Rel": REL_SHARED}, None),
    "widget_link": ("widget_link", dict(dashboard="Rel", widget="T", variables=ON_TEMP),
                    ("PUT", r"/widgets/[^/]+/variables$"), {"Rel": REL_ON_TEMP}, None),
    "dashboard_sync": ("dashboard_sync", dict(dashboards=[NEW, REL_ON_HUMIDITY]),
                       ("POST", r"^/iot/v2/dashboards$"),
                       {"New": NEW_ON_TEMP, "Rel": REL_ON_HUMIDITY_LIVE}, None),
}


def declared_state(live, declared):
    """Every declared dashboard is there exactly once, as declared."""
    return all(live.get(name) == entries for name, entries in declared.items())


def unchanged_or_declared(base, live, declared):
    """Each dashboard is either as it was or fully as declared (a set is judged dashboard by
    dashboard: dashboard_sync applies each one on its own); the names that are neither."""
    wrong = []
    for name in sorted(set(base) | set(live)):
        if live.get(name) == base.get(name):
            continue
        if name in declared and live.get(name) == declared[name]:
            continue
        wrong.append(name)
    return wrong


GOA_400 = {"id": "x1", "code": "bad_request", "status": 400,
           "detail": "widgets[0].options: rejected by the test"}
# fault label -> rule (None for the special kinds), extra module args, the status a clean failure names,
# the server message it must carry
FAULTS = {
    "429 Retry-After": ({"status": 429, "retry_after": 1}, {}, 429, None),
    "429 no Retry-After": ({"status": 429}, {}, 429, None),
    "500 transient": ({"status": 500}, {}, 500, None),
    "502 transient": ({"status": 502}, {}, 502, None),
    "503 transient": ({"status": 503}, {}, 503, None),
    "504 transient": ({"status": 504}, {}, 504, None),
    "500 persistent": ({"status": 500, "count": 50}, {}, 500, "injected fault"),
    "502 persistent": ({"status": 502, "count": 50}, {}, 502, "injected fault"),
    "503 persistent": ({"status": 503, "count": 50}, {}, 503, "injected fault"),
    "504 persistent": ({"status": 504, "count": 50}, {}, 504, "injected fault"),
    "refused (nothing sent)": (None, {}, None, None),
    "reset before acted": ({"drop_connection": True}, {}, None, None),
    "reset after acted": ({"drop_after": True}, {}, None, None),
    "TLS error": (None, {}, None, None),
    "TLS error after sent": (None, {}, None, None),
    "read timeout": ({"delay_s": 1.0, "count": 50}, {"timeout": 0.5}, None, None),
    "slow trickle": ({"trickle_s": 0.25, "count": 50}, {"timeout": 1.0}, None, None),
    "malformed JSON": ({"status": 200, "body": '{"id": "0e00', "content_type": "application/json"}, {},
                       None, None),
    "HTML 200": ({"status": 200, "body": "<html><body><h1>Sign in to the proxy</h1></body></html>",
                  "content_type": "text/html; charset=utf-8"}, {}, None, None),
    "wrong shape": ({"status": 200, "body": {"dashboards": []}}, {}, None, None),
    "no content type": ({"status": 200, "body": "ok", "content_type": ""}, {}, None, None),
    "token expiry": (None, {}, None, None),
    "deleted between": (None, {}, None, None),
    "400": ({"status": 400, "body": GOA_400, "content_type": "application/vnd.goa.error+json"}, {},
            400, GOA_400["detail"]),
}
# (module, fault) -> (verdict, reason) of the cells run in this session, for the table at the end.
RESULTS = {}
NOT_APPLICABLE = {("dashboard (create)", "deleted between"), ("dashboard (create, pages)", "deleted between"),
                  ("dashboard_info", "deleted between")}
OPERATION = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE)\b|\b(list|create|update|read|show|share|link|token)",
                       re.IGNORECASE)




# Pairs the slice runs besides its diagonal: writes whose answer is lost or garbled after the server may
# have acted (where duplicates and wrong `changed` flags come from), and the cells of defects fixed.
SLICE_EXTRA = [
    ("dashboard (create)", "read timeout"), ("dashboard (create)", "slow trickle"),
    ("dashboard (create)", "reset before acted"), ("dashboard (create)", "HTML 200"),
    ("dashboard (create)", "TLS error after sent"), ("dashboard (create, pages)", "reset after acted"),
    ("dashboard (create, pages)", "read timeout"),
    ("dashboard_sync", "reset after acted"), ("dashboard_sync", "wrong shape"),
    ("dashboard (update)", "reset after acted"), ("widget_link", "wrong shape"),
    ("dashboard_share", "400"), ("dashboard_info", "wrong shape"),
]


def slice_cells():
    """The slice of make test: every fault kind once and every module several times, on a diagonal
    (fault number i against module i mod 6, the next module where a pair does not apply), plus
    SLICE_EXTRA."""
    modules = list(SCENARIOS)
    chosen = [pair for pair in SLICE_EXTRA]
    for index, fault in enumerate(FAULTS):
        for step in range(len(modules)):
            module = modules[(index + step) % len(modules)]
            if (module, fault) not in NOT_APPLICABLE:
                if (module, fault) not in chosen:
                    chosen.append((module, fault))
                break
    return chosen


def cells(full):
    """Every (module, fault) pair with ``full``, else the slice."""
    if not full:
        return slice_cells()
    return [(module, fault) for module in SCENARIOS for fault in FAULTS]


def _closed_port_url():
    """A loopback URL nobody listens on: the connection is refused before a byte is sent."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return "http://127.0.0.1:%d" % port


def _soft_delete(dashboard_id):
    def action(state):
        with state.lock:
            state.dashboards[dashboard_id]["soft_deleted"] = True
    return action


def run_cell(driver, emulator, label, fault):
    """(verdict, reason, run): verdict is survived, failed cleanly, bad or n/a."""
    if (label, fault) in NOT_APPLICABLE:
        return "n/a", "no dashboard to delete between the read and the write", None
    module, args, (method, path), declared, check_result = SCENARIOS[label]
    rule, extra, status, message = FAULTS[fault]
    driver.settle()
    if fault == "TLS error after sent":
        emulator, ca_path = tls_emulator()
        extra = dict(extra, ca_path=ca_path)
    emulator.reset(SEED)
    base = live_dashboards(emulator.snapshot())
    url = None
    if rule is not None:
        emulator.state.add_fault(dict({"count": 1}, **dict(rule, method=method, path=path)))
    elif fault == "refused (nothing sent)":
        url = _closed_port_url()
    elif fault == "TLS error":
        url = emulator.url.replace("http://", "https://")  # TLS to a plain-HTTP port: the handshake fails
    elif fault == "TLS error after sent":
        url = emulator.url
        driver.garble(method, path)
    elif fault == "token expiry":
        driver.before(method, path, lambda state: state.clock.advance(3600))
    elif fault == "deleted between":
        driver.before(method, path, _soft_delete(REL_ID))
        base = dict(base)
        base.pop("Rel")
    params = dict(args, retries=2)
    params.update(extra)
    run = driver.run(module, url=url, **params)
    after = live_dashboards(emulator.snapshot())
    log = emulator.requests()
    verdict, reason = classify(run, fault, (declared, check_result), base, after, log, status, message)
    return verdict, reason, run


def classify(run, fault, expected, base, after, log, status, message):
    """The verdict of one run from its result, the state before and after, and the request log."""
    declared, check_result = expected
    if run.traceback:
        return "bad", "traceback: " + run.traceback
    result = run.result
    if not run.failed:
        if not declared_state(after, declared) or unchanged_or_declared(base, after, declared):
            return "bad", "success with a wrong result: %r" % (after,)
        if check_result is not None and not check_result(result):
            return "bad", "success with a wrong result: %r" % (result,)
        if fault == "429 Retry-After" and not [p for p in run.pauses if p >= 1]:
            return "bad", "Retry-After: 1 not honoured (pauses %r)" % (run.pauses,)
        return "survived", "changed=%s" % result.get("changed")
    msg = result.get("msg") or ""
    problems = []
    if "\n" in msg.strip() or not msg.strip():
        problems.append("the message is not one line")
    if not OPERATION.search(msg):
        problems.append("the message names no operation")
    if status is not None and str(status) not in msg:
        problems.append("the message does not name status %s" % status)
    if message is not None and message not in msg:
        problems.append("the message does not carry the server's %r" % message)
    state_changed = after != base
    wrong = unchanged_or_declared(base, after, declared)
    if wrong:
        problems.append("dashboard(s) %s neither unchanged nor as declared: %r" % (", ".join(wrong), after))
    writes = writes_sent(log)
    refused = all(e["status"] is not None and 400 <= e["status"] < 500 for e in writes)
    expected_changed = state_changed or bool(writes and not refused)
    if bool(result.get("changed")) != expected_changed:
        problems.append("changed=%s, expected %s (writes sent: %s)" % (
            result.get("changed"), expected_changed, [(e["method"], e["status"]) for e in writes]))
    if problems:
        return "bad", "; ".join(problems) + " | " + msg
    return "failed cleanly", msg


def table(results):
    """The matrix as a Markdown table: S survived, F failed cleanly, BAD, - not applicable."""
    marks = {"survived": "S", "failed cleanly": "F", "bad": "**BAD**", "n/a": "-"}
    faults = [f for f in FAULTS if any(k[1] == f for k in results)]
    modules = [m for m in SCENARIOS if any(k[0] == m for k in results)]
    lines = ["| fault | " + " | ".join(modules) + " |", "|---|" + "---|" * len(modules)]
    for fault in faults:
        lines.append("| %s | " % fault + " | ".join(
            marks[results[(m, fault)][0]] if (m, fault) in results else " " for m in modules) + " |")
    counts = {}
    for verdict, _reason in results.values():
        counts[verdict] = counts.get(verdict, 0) + 1
    lines.append("")
    lines.append("cells: %d, survived %d, failed cleanly %d, bad %d, not applicable %d" % (
        len(results), counts.get("survived", 0), counts.get("failed cleanly", 0), counts.get("bad", 0),
        counts.get("n/a", 0)))
    return "\n".join(lines)
