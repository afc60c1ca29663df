"""Control endpoints under /_emulator/ for tests, benchmarks and the demo.
They are never logged, faulted or rate limited."""

import copy

from iotcloud_emulator.common import HttpError, Response, is_int

FAULT_KEYS = ("method", "path", "status", "count", "retry_after", "delay_s", "drop_connection",
              "body", "content_type", "drop_after", "trickle_s", "echo")


def health(req):
    return Response.json(200, {"ok": True})


def reset(req):
    """Load the seed of the body (or the default), clear the log, faults and rate windows."""
    seed = req.json_object(required=False) or None
    try:
        req.state.reset(seed)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise HttpError(400, "invalid seed: %s: %s" % (type(exc).__name__, exc))
    return Response.json(200, {"ok": True})


def get_state(req):
    return Response.json(200, req.state.snapshot())


def get_requests(req):
    with req.state.lock:
        return Response.json(200, copy.deepcopy(list(req.state.requests)))


def clear_requests(req):
    req.state.requests.clear()
    return Response.json(200, {"ok": True})


def _number(rule, key, minimum):
    value = rule.get(key)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise HttpError(400, "fault %s must be a number >= %s" % (key, minimum))


def add_fault(req):
    """A rule `{method?, path, status?, count, retry_after?, delay_s?, drop_connection?, body?,
    content_type?, drop_after?, trickle_s?, echo?}`."""
    rule = req.json_object()
    unknown = sorted(set(rule) - set(FAULT_KEYS))
    if unknown:
        raise HttpError(400, "unknown fault field(s): %s" % ", ".join(unknown))
    if not isinstance(rule.get("path"), str):
        raise HttpError(400, "fault path (a regular expression) is required")
    rule.setdefault("count", 1)
    if not is_int(rule["count"]) or rule["count"] < 1:
        raise HttpError(400, "fault count must be an integer >= 1")
    if rule.get("status") is not None and (not is_int(rule["status"])
                                           or not 100 <= rule["status"] <= 599):
        raise HttpError(400, "fault status must be an HTTP status code")
    _number(rule, "delay_s", 0)
    _number(rule, "retry_after", 0)
    _number(rule, "trickle_s", 0)
    if rule.get("content_type") is not None and not isinstance(rule["content_type"], str):
        raise HttpError(400, "fault content_type must be a string")
    if rule.get("content_type") is not None and not rule.get("status"):
        raise HttpError(400, "fault content_type needs a status")
    for flag in ("drop_connection", "drop_after"):
        if not isinstance(rule.get(flag, False), bool):
            raise HttpError(400, "fault %s must be a boolean" % flag)
    if rule.get("drop_after") and (rule.get("status") or rule.get("drop_connection")):
        raise HttpError(400, "fault drop_after (the request is processed, then the connection is "
                             "closed) goes with neither status nor drop_connection")
    if rule.get("echo", False) not in (True, False, "body", "form", "json", "headers"):
        raise HttpError(400, "fault echo must be a boolean or one of body, form, json, headers")
    if rule.get("echo") and (not rule.get("status") or rule.get("body") is not None):
        raise HttpError(400, "fault echo (the answer repeats the request) needs a status and no body")
    if not (rule.get("status") or rule.get("delay_s") or rule.get("drop_connection")
            or rule.get("drop_after") or rule.get("trickle_s")):
        raise HttpError(400, "a fault needs status, delay_s, drop_connection, drop_after or trickle_s")
    try:
        return Response.json(201, req.state.add_fault(rule))
    except Exception as exc:  # re.error: a bad regular expression
        raise HttpError(400, "invalid fault path: %s" % exc)


def list_faults(req):
    with req.state.lock:
        return Response.json(200, [req.state.public_fault(r) for r in req.state.faults])


def clear_faults(req):
    with req.state.lock:
        req.state.faults[:] = []
    return Response.json(200, {"ok": True})


def get_clock(req):
    return Response.json(200, req.state.clock.describe())


def set_clock(req):
    """`{"advance": seconds}` moves time forward (tokens expire, rate windows pass);
    `{"frozen": true|false}` stops or restarts it."""
    body = req.json_object()
    with req.state.lock:
        if "frozen" in body:
            if not isinstance(body["frozen"], bool):
                raise HttpError(400, "frozen must be a boolean")
            req.state.clock.freeze(body["frozen"])
        if "advance" in body:
            value = body["advance"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise HttpError(400, "advance must be a number of seconds >= 0")
            req.state.clock.advance(float(value))
        return Response.json(200, req.state.clock.describe())


ROUTES = [
    ("GET", r"/_emulator/health", health),
    ("POST", r"/_emulator/reset", reset),
    ("GET", r"/_emulator/state", get_state),
    ("GET", r"/_emulator/requests", get_requests),
    ("DELETE", r"/_emulator/requests", clear_requests),
    ("POST", r"/_emulator/faults", add_fault),
    ("GET", r"/_emulator/faults", list_faults),
    ("DELETE", r"/_emulator/faults", clear_faults),
    ("GET", r"/_emulator/clock", get_clock),
    ("POST", r"/_emulator/clock", set_clock),
]
