"""Faults, the rate limit, the request log, seeds and concurrent writers."""

import json
import threading
import time

import pytest
import requests

from helpers import ACME_TEMP, Api, widget
from iotcloud_emulator.seed import ACME, ALICE

LIST = "/iot/v2/dashboards"


def fault(control, **rule):
    resp = control("post", "faults", json=rule)
    assert resp.status_code == 201, resp.text
    return resp.json()


def wait_for_log(control, predicate, timeout=10.0):
    """Poll the request log (bounded) until an entry matches; returns it or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in control("get", "requests").json():
            if predicate(entry):
                return entry
        time.sleep(0.05)
    return None


# ---- faults ------------------------------------------------------------------------------------
def test_status_fault_with_count_and_retry_after(acme, control):
    fault(control, method="GET", path="^/iot/v2/dashboards$", status=503, count=2, retry_after=7)
    for _ in range(2):
        resp = acme.get(LIST)
        assert resp.status_code == 503 and resp.headers["Retry-After"] == "7"
        assert resp.headers["Content-Type"] == "application/vnd.goa.error+json"
        assert resp.json()["status"] == 503
    assert acme.get(LIST).status_code == 200  # count used up
    assert control("get", "faults").json() == []
    statuses = [e["status"] for e in control("get", "requests").json() if e["path"] == LIST]
    assert statuses == [503, 503, 200]


def test_fault_method_and_path_filter(acme, control):
    fault(control, method="POST", path="dashboards", status=500)
    assert acme.get(LIST).status_code == 200
    assert acme.post(LIST, json={"name": "x"}).status_code == 500
    assert acme.get(LIST).json() == []  # the faulted create did nothing
    assert acme.post(LIST, json={"name": "x"}).status_code == 201


def test_fault_bodies(acme, control):
    fault(control, path="dashboards", status=502, body="upstream down")
    resp = acme.get(LIST)
    assert resp.status_code == 502 and resp.text == "upstream down"
    assert resp.headers["Content-Type"].startswith("text/plain")
    fault(control, path="dashboards", status=400, body={"custom": True})
    resp = acme.get(LIST)
    assert resp.status_code == 400 and resp.json() == {"custom": True}
    fault(control, path="dashboards", status=429)
    resp = acme.get(LIST)
    assert resp.text == "You have reached maximum request limit."
    assert "Retry-After" not in resp.headers


def test_drop_connection(acme, control):
    fault(control, path="^/iot/v2/dashboards$", drop_connection=True)
    with pytest.raises(requests.ConnectionError):
        acme.get(LIST)
    assert acme.get(LIST).status_code == 200
    entry = [e for e in control("get", "requests").json() if e["path"] == LIST][0]
    assert entry["status"] is None


def test_delay_without_status_still_takes_effect(acme, control):
    fault(control, method="POST", path="dashboards", delay_s=1.0)
    with pytest.raises(requests.Timeout):
        acme.post(LIST, json={"name": "late"}, timeout=0.3)
    entry = wait_for_log(control, lambda e: e["method"] == "POST" and e["path"] == LIST)
    assert entry is not None and entry["status"] == 201
    assert [d["name"] for d in acme.get(LIST).json()] == ["late"]


def test_delay_with_status(acme, control):
    fault(control, path="dashboards", delay_s=0.2, status=504)
    assert acme.get(LIST, timeout=5).status_code == 504


def test_clear_faults_and_bad_rules(acme, control):
    fault(control, path="dashboards", status=500, count=5)
    assert control("delete", "faults").status_code == 200
    assert acme.get(LIST).status_code == 200
    assert control("post", "faults", json={"status": 500}).status_code == 400
    assert control("post", "faults", json={"path": "(", "status": 500}).status_code == 400
    assert control("post", "faults", json={"path": "x"}).status_code == 400
    assert control("post", "faults", json={"path": "x", "status": 500, "count": 0}).status_code == 400


def test_control_endpoints_are_never_faulted(control):
    fault(control, path=".", status=500, count=3)
    assert control("get", "health").json() == {"ok": True}


# ---- rate limit --------------------------------------------------------------------------------
def test_rate_limit_with_retry_after(emu, reset, control):
    reset({"rate_limit": {"per_second": 2, "retry_after": 1}})
    control("post", "clock", json={"frozen": True})
    api = Api(emu.url, ACME)
    assert [api.get(LIST).status_code for _ in range(2)] == [200, 200]
    resp = api.get(LIST)
    assert resp.status_code == 429 and resp.text == "You have reached maximum request limit."
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.headers["Retry-After"] == "1"
    # per account: a fresh token of the same account is refused too
    assert Api(emu.url, ACME).get(LIST).status_code == 429
    control("post", "clock", json={"advance": 1.0})
    assert api.get(LIST).status_code == 200


def test_rate_limit_is_per_account(emu, reset, control):
    other = {"client_id": "other-client", "client_secret": "other-secret"}
    reset({"rate_limit": {"per_second": 1},
           "clients": [dict(other, user_id=ALICE, organizations=[ACME])]})
    control("post", "clock", json={"frozen": True})
    demo = Api(emu.url, ACME)
    assert [demo.get(LIST).status_code for _ in range(2)] == [200, 429]
    # another account (alice's client) has a window of its own
    alice = Api(emu.url, ACME, credentials=other)
    assert [alice.get(LIST).status_code for _ in range(2)] == [200, 429]
    assert Api(emu.url).get(LIST).status_code == 429   # demo's personal space: the same account


def test_rate_limit_without_retry_after(emu, reset, control):
    reset({"rate_limit": {"per_second": 1, "retry_after": None}})
    control("post", "clock", json={"frozen": True})
    api = Api(emu.url, ACME)
    assert api.get(LIST).status_code == 200
    resp = api.get(LIST)
    assert resp.status_code == 429 and "Retry-After" not in resp.headers


def test_default_seed_has_no_rate_limit(acme):
    assert all(acme.get(LIST).status_code == 200 for _ in range(30))


# ---- request log -------------------------------------------------------------------------------
def test_request_log_shape_and_no_secrets(emu, acme, control):
    control("get", "state")
    acme.post(LIST, json={"name": "Logged", "widgets": [widget([ACME_TEMP])]},
              params={"x": "1"})
    requests.get(emu.url + "/v2/projects", headers={"Authorization": "Bearer QB_demo"}, timeout=10)
    log = control("get", "requests").json()
    assert [(e["method"], e["path"], e["platform"]) for e in log] == [
        ("POST", "/iot/v1/clients/token", "arduino"), ("POST", LIST, "arduino"),
        ("GET", "/v2/projects", "qubitro")]
    for entry in log:
        assert set(entry) == {"method", "path", "query", "status", "platform", "organization",
                              "body"}
    token_entry, create, qubitro = log
    assert token_entry["body"]["client_secret"] == "********"
    assert token_entry["organization"] == ACME and token_entry["status"] == 200
    assert create["status"] == 201 and create["organization"] == ACME
    assert create["query"] == {"x": ["1"]} and create["body"]["name"] == "Logged"
    assert qubitro["organization"] is None and qubitro["body"] is None
    dumped = json.dumps(log)
    for secret in ("demo-secret", acme.token, "QB_demo", "Bearer"):
        assert secret not in dumped
    assert control("delete", "requests").status_code == 200
    assert control("get", "requests").json() == []


# ---- seeds and reset ---------------------------------------------------------------------------
def test_reset_seeds(emu, reset, control):
    reset({"extends_default": False, "organizations": [{"id": ACME, "name": "Acme"}],
           "users": [{"id": "dddddddd-dddd-4ddd-8ddd-dddddddddddd", "username": "demo"}],
           "clients": [{"client_id": "demo-client", "client_secret": "demo-secret",
                        "user_id": "dddddddd-dddd-4ddd-8ddd-dddddddddddd",
                        "organizations": ["*"]}]})
    state = control("get", "state").json()
    assert state["things"] == [] and state["qubitro"]["dashboards"] == []
    assert "client_secret" not in json.dumps(state) and "demo-secret" not in json.dumps(state)
    assert Api(emu.url, ACME).get("/iot/v2/things").json() == []
    bad = control("post", "reset", json={"things": [{"no_id": True}]})
    assert bad.status_code == 400
    assert len(control("get", "state").json()["organizations"]) == 1  # unchanged
    assert control("post", "reset").status_code == 200
    assert len(control("get", "state").json()["things"]) == 6


# ---- concurrency -------------------------------------------------------------------------------
def test_twenty_concurrent_writers_lose_nothing(emu, reset, control):
    users = [{"id": "%08d-0000-4000-8000-%012d" % (n, n), "username": "user%d" % n}
             for n in range(20)]
    reset({"users": users})
    setup = Api(emu.url, ACME)
    shared = setup.post(LIST, json={"name": "shared"}).json()["id"]
    errors = []

    def worker(n):
        try:
            api = Api(emu.url, ACME)
            created = api.post(LIST, json={"name": "c%d" % n, "widgets": [widget([ACME_TEMP])]})
            assert created.status_code == 201
            path = "/iot/v2/dashboards/" + created.json()["id"]
            assert api.put(path, json={"name": "u%d" % n, "widgets": []}).status_code == 200
            assert api.put("/iot/v2/dashboards/%s/shares" % shared,
                           json={"user_id": users[n]["id"]}).status_code == 200
        except Exception as exc:  # collected so the main thread can report it
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    names = sorted(d["name"] for d in setup.get(LIST).json())
    assert names == sorted(["shared"] + ["u%d" % n for n in range(20)])
    shares = setup.get("/iot/v2/dashboards/%s/shares" % shared).json()
    assert sorted(s["user_id"] for s in shares) == sorted(u["id"] for u in users)
    log = control("get", "requests").json()
    assert sum(1 for e in log if e["method"] == "POST" and e["status"] == 201) == 21
    assert sum(1 for e in log if e["method"] == "PUT" and e["status"] == 200) == 40
