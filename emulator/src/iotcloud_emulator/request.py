"""The request object handed to every route handler."""

import json
import urllib.parse

from iotcloud_emulator.common import HttpError

_MISSING = object()


class Request(object):
    """One parsed HTTP request. `params` holds the path parameters of the matched route;
    authentication fills `user_id`, `organization` and `token`."""

    def __init__(self, method, path, query, headers, raw, state):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.raw = raw
        self.state = state
        self.params = {}
        self.user_id = None
        self.organization = None
        self.token = None
        self._json = _MISSING

    def header(self, name):
        """A header's value stripped, or None when absent or empty."""
        value = self.headers.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def arg(self, name):
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None

    def parsed_json(self):
        """The body as JSON, None when empty, or the string 'MALFORMED'."""
        if self._json is _MISSING:
            if not self.raw.strip():
                self._json = None
            else:
                try:
                    self._json = json.loads(self.raw.decode("utf-8"))
                except ValueError:
                    self._json = "MALFORMED"
        return self._json

    def json_object(self, required=True):
        """The body as a JSON object, or a 400 that says what is wrong with it."""
        data = self.parsed_json()
        if data == "MALFORMED":
            raise HttpError(400, "request body is not valid JSON", "bad_request")
        if data is None:
            if required:
                raise HttpError(400, "request body is required", "bad_request")
            return {}
        if not isinstance(data, dict):
            raise HttpError(400, "request body must be a JSON object", "bad_request")
        return data

    def form(self):
        """The body as an x-www-form-urlencoded form: a dict of first values."""
        try:
            pairs = urllib.parse.parse_qsl(self.raw.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            pairs = []
        form = {}
        for key, value in pairs:
            form.setdefault(key, value)
        return form

    def log_body(self):
        """What the request log keeps of the body: parsed JSON, or the form with secrets masked."""
        ctype = (self.headers.get("Content-Type") or "").lower()
        if "x-www-form-urlencoded" in ctype or self.path == "/iot/v1/clients/token":
            form = self.form()
            if "client_secret" in form:
                form["client_secret"] = "********"
            return form or None
        data = self.parsed_json()
        return None if data == "MALFORMED" else data
