"""Shared pieces of the emulator: responses, typed errors, ids and timestamps."""

import datetime
import json
import random
import re
import string

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

GOA_ERROR_TYPE = "application/vnd.goa.error+json"
JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"

RATE_LIMIT_TEXT = "You have reached maximum request limit."

# goa names its error codes after the HTTP status text; clients only read `detail`.
GOA_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "too_many_requests",
    500: "internal",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class Response(object):
    """An HTTP answer: status, headers and an already encoded body."""

    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        if content_type:
            self.headers["Content-Type"] = content_type

    @classmethod
    def json(cls, status, data, content_type=JSON_TYPE, headers=None):
        """A JSON response; `content_type` lets callers use the vendor media types."""
        body = json.dumps(data, sort_keys=True).encode("utf-8")
        return cls(status, body, content_type, headers)

    @classmethod
    def text(cls, status, text, headers=None):
        return cls(status, text.encode("utf-8"), TEXT_TYPE, headers)

    @classmethod
    def empty(cls, status=200):
        return cls(status, b"")


class HttpError(Exception):
    """Raised by handlers; the server turns it into the platform's error body."""

    def __init__(self, status, detail, code=None):
        Exception.__init__(self, detail)
        self.status = status
        self.detail = detail
        self.code = code


def error_id():
    """A short random id, like the ones goa puts in its error bodies."""
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(8))


def goa_error(status, detail, code=None, headers=None):
    """The Arduino error body `{id, code, status, detail}` with goa's media type."""
    body = {"id": error_id(), "code": code or GOA_CODES.get(status, "error"),
            "status": status, "detail": detail}
    return Response.json(status, body, GOA_ERROR_TYPE, headers)


def qubitro_error(status, action, message, headers=None):
    """The Qubitro error body `{success: false, action, message}`."""
    return Response.json(status, {"success": False, "action": action, "message": message},
                         JSON_TYPE, headers)


def is_uuid(value):
    return isinstance(value, str) and bool(UUID_RE.match(value))


def is_int(value):
    """JSON integers only: booleans and floats are not integers for the API."""
    return isinstance(value, int) and not isinstance(value, bool)


def rfc3339(ts):
    """Seconds since the epoch as RFC 3339 UTC with microseconds and a `Z`."""
    dt = datetime.datetime.fromtimestamp(ts, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_bool(value, name):
    """A query flag as goa reads it; anything else is a 400 naming the parameter."""
    lowered = str(value).strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0", ""):
        return False
    raise HttpError(400, "invalid value %r for query parameter %s: expected a boolean" % (value, name),
                    "invalid_value")


def slugify(name):
    """A friendly id from a name: lower case words joined by dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "dashboard"
