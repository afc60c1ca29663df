"""The fault kinds the reliability matrix needs: a response dropped after the server acted, a slow
trickle, and a body with a content type of the test's choosing."""

import socket

import pytest
import requests

LIST = "/iot/v2/dashboards"


def fault(control, **rule):
    resp = control("post", "faults", json=rule)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_drop_after_the_server_acted(acme, control):
    fault(control, method="POST", path="^/iot/v2/dashboards$", drop_after=True)
    with pytest.raises(requests.ConnectionError):
        acme.post(LIST, json={"name": "made"})
    # the create happened, only its answer was lost
    assert [d["name"] for d in acme.get(LIST).json()] == ["made"]
    entry = [e for e in control("get", "requests").json() if e["method"] == "POST" and e["path"] == LIST][0]
    assert entry["status"] is None


def test_drop_connection_means_nothing_happened(acme, control):
    fault(control, method="POST", path="^/iot/v2/dashboards$", drop_connection=True)
    with pytest.raises(requests.ConnectionError):
        acme.post(LIST, json={"name": "lost"})
    assert acme.get(LIST).json() == []


def test_trickle_sends_the_body_byte_by_byte(emu, control):
    fault(control, path="^/iot/v2/dashboards$", status=200, body="[]" + " " * 8,
          content_type="application/json", trickle_s=0.05)
    host, port = emu.url.rsplit("/", 1)[1].split(":")
    sock = socket.create_connection((host, int(port)), timeout=5)
    try:
        sock.sendall(b"GET /iot/v2/dashboards HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(1)
        pieces = []
        while True:
            chunk = sock.recv(64)
            if not chunk:
                break
            pieces.append(chunk)
    finally:
        sock.close()
    assert b"200" in head.split(b"\r\n")[0]
    assert b"".join(pieces) == b"[]" + b" " * 8
    # one byte per write: the client reads it in many pieces, never all at once
    assert len(pieces) > 3


def test_trickle_on_a_processed_request_keeps_its_effect(acme, control):
    fault(control, method="POST", path="^/iot/v2/dashboards$", trickle_s=0.001)
    resp = acme.post(LIST, json={"name": "slow"})
    assert resp.status_code == 201 and resp.json()["name"] == "slow"


@pytest.mark.parametrize("content_type, body", [
    ("text/html; charset=utf-8", "<html><body>Proxy login</body></html>"),
    ("application/json", "{not json"),
])
def test_a_body_with_a_content_type_of_choice(acme, control, content_type, body):
    fault(control, path="^/iot/v2/dashboards$", status=200, body=body, content_type=content_type)
    resp = acme.get(LIST)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == content_type and resp.text == body


def test_a_json_body_with_the_wrong_shape(acme, control):
    fault(control, path="^/iot/v2/dashboards$", status=200, body={"dashboards": []})
    resp = acme.get(LIST)
    assert resp.json() == {"dashboards": []}
    assert resp.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("rule, message", [
    ({"drop_after": True, "status": 500}, "drop_after"),
    ({"drop_after": "yes"}, "drop_after must be a boolean"),
    ({"trickle_s": -1}, "trickle_s must be a number"),
    ({"content_type": "text/html", "delay_s": 1}, "content_type needs a status"),
    ({"content_type": 5, "status": 200}, "content_type must be a string"),
])
def test_fault_rules_that_cannot_work_are_refused(control, rule, message):
    resp = control("post", "faults", json=dict(rule, path="x"))
    assert resp.status_code == 400 and message in resp.json()["error"]


def test_a_trickle_rule_is_used_up_like_the_others(acme, control):
    fault(control, path="^/iot/v2/dashboards$", trickle_s=0.001, count=1)
    assert acme.get(LIST).status_code == 200
    assert control("get", "faults").json() == []
