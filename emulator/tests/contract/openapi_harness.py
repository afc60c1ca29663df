"""Validation of real HTTP exchanges against the official Arduino IoT Cloud OpenAPI document
with openapi-core, through a small adapter from `requests` objects.

The document is read where the project keeps its reference material (never copied into the
repository): `../shared/reference/arduino-iot-openapi-v3.2.0.yaml` from the repository root,
or the path in the environment variable ARDUINO_OPENAPI_SPEC.
"""

import json
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.templating.paths.finders import APICallPathFinder
from werkzeug.datastructures import Headers, ImmutableMultiDict

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_ENV = "ARDUINO_OPENAPI_SPEC"
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "reference" / "arduino-iot-openapi-v3.2.0.yaml"

# openapi-core only decodes the media types it knows as JSON (application/json and
# application/vnd.api+json); every other type is handed to the schema as raw bytes, so each
# answer would fail with "is not of type object". Arduino answers with goa vendor types, which
# are JSON: register them. The list is the set of JSON media types of the operations we drive.
VENDOR_JSON_TYPES = (
    "application/vnd.goa.error+json",
    "application/vnd.arduino.dashboardv2+json",
    "application/vnd.arduino.dashboardshare+json",
    "application/vnd.arduino.dashboardv2template+json",
    "application/vnd.arduino.dashboardv3+json",
    "application/vnd.arduino.dashboardv3template+json",
    "application/vnd.arduino.variableslinks+json",
    "application/vnd.arduino.thing+json",
)


def spec_path():
    """Where the OpenAPI document is expected (it may not exist)."""
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


def load_openapi(base_url, path=None):
    """An `OpenAPI` of the document whose server is the emulator at `base_url`.

    The document names only https://api2.arduino.cc, and openapi-core finds an operation by
    matching the full request URL against the servers; the emulator's URL goes first so that
    paths are matched against it. `additional_properties_default_policy="forbid"` makes the
    check stricter than the document alone: an object schema without `additionalProperties`
    accepts no undocumented field, so a misspelled field in an answer fails instead of passing
    unnoticed (free-form objects such as widget `options` say `additionalProperties: true`).
    """
    with open(str(path or spec_path()), encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    document["servers"] = [{"url": base_url}] + list(document.get("servers") or [])
    config = Config(
        extra_media_type_deserializers=dict((t, json_loads) for t in VENDOR_JSON_TYPES),
        additional_properties_default_policy="forbid",
    )
    return OpenAPI.from_dict(document, config=config)


class OpenAPIRequest(object):
    """openapi-core's Request protocol over a sent `requests.PreparedRequest`."""

    def __init__(self, prepared):
        self.prepared = prepared
        parts = urlsplit(prepared.url)
        self.host_url = "%s://%s" % (parts.scheme, parts.netloc)
        self.path = parts.path
        self.method = prepared.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(
                [(k, v) for k, vs in parse_qs(parts.query, keep_blank_values=True).items()
                 for v in vs]),
            header=Headers(list(prepared.headers.items())),
            cookie=ImmutableMultiDict(),
        )

    @property
    def body(self):
        body = self.prepared.body
        if body is None or isinstance(body, bytes):
            return body
        return body.encode("utf-8")

    @property
    def content_type(self):
        return (self.prepared.headers.get("Content-Type") or "").lower()


class OpenAPIResponse(object):
    """openapi-core's Response protocol over a `requests.Response`."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.data = response.content
        self.headers = Headers(list(response.headers.items()))
        # Media type names are case-insensitive; parameter values are kept as sent.
        raw = response.headers.get("Content-Type") or ""
        head, sep, params = raw.partition(";")
        self.content_type = head.strip().lower() + (sep + params if sep else "")


class ContractError(AssertionError):
    """An exchange that the OpenAPI document does not allow."""


def describe_error(exc):
    """The message of an openapi-core error with the schema errors behind it, which
    openapi-core keeps in the exception chain."""
    lines = ["%s: %s" % (type(exc).__name__, exc)]
    seen = set()
    cause = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        for err in getattr(cause, "schema_errors", None) or []:
            where = "/".join(str(p) for p in err.absolute_path) or "<root>"
            lines.append("  at %s: %s" % (where, err.message))
        cause = cause.__cause__ or cause.__context__
        if cause is not None and not getattr(cause, "schema_errors", None):
            lines.append("  caused by %s: %s" % (type(cause).__name__, cause))
    return "\n".join(lines)


class ContractChecker(object):
    """Validates exchanges with the emulator and remembers which operations it saw."""

    def __init__(self, openapi):
        self.openapi = openapi
        self.finder = APICallPathFinder(openapi.spec)
        self.seen = []  # (operationId, status) of every validated exchange

    def operation_id(self, request):
        """The operationId of the document for a request (ContractError if none)."""
        try:
            found = self.finder.find(request.method, request.host_url + request.path)
        except Exception as exc:  # PathNotFound, OperationNotFound, ServerNotFound
            raise ContractError("%s %s is not an operation of the document: %s"
                                % (request.method.upper(), request.path, exc))
        return (found.operation / "operationId").read_str()

    def check_request(self, request):
        """Parameters and body of a request, as the document states them."""
        # The document's only security scheme is oauth2, which openapi-core does not
        # implement: it warns "Unsupported scheme type" and accepts the request. Silence
        # that warning and check the bearer token ourselves.
        auth = request.parameters.header.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not auth[7:].strip():
            raise ContractError("%s %s was accepted without a bearer token"
                                % (request.method.upper(), request.path))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unsupported scheme type")
            try:
                self.openapi.validate_request(request)
            except Exception as exc:
                raise ContractError("request %s %s does not match the document:\n%s"
                                    % (request.method.upper(), request.path,
                                       describe_error(exc)))

    def check_response(self, request, response):
        """Status code, media type and body of an answer, as the document states them."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Unsupported scheme type")
            try:
                self.openapi.validate_response(request, response)
            except Exception as exc:
                raise ContractError("answer %d to %s %s does not match the document:\n%s\n"
                                    "body: %s" % (response.status_code, request.method.upper(),
                                                  request.path, describe_error(exc),
                                                  response.data[:2000]))

    def check(self, resp):
        """Validate one `requests.Response` (and its request when the emulator accepted
        it). Error answers other than 404 must also be goa error bodies."""
        request = OpenAPIRequest(resp.request)
        response = OpenAPIResponse(resp)
        op_id = self.operation_id(request)
        if 200 <= resp.status_code < 300:
            self.check_request(request)
        self.check_response(request, response)
        if resp.status_code >= 400 and resp.status_code != 404:
            check_goa_error(resp)
        self.seen.append((op_id, resp.status_code))
        return op_id

    def hook(self, resp, *args, **kwargs):
        """A `requests` response hook: every answer of the session is validated."""
        self.check(resp)
        return resp


def check_goa_error(resp):
    """The document's `error` schema has no required field, so validation alone would accept
    `{}`; the goa body the real API sends always has id, code, status and detail."""
    try:
        body = resp.json()
    except ValueError:
        raise ContractError("error answer %d is not JSON: %r" % (resp.status_code, resp.text))
    missing = [k for k in ("id", "code", "status", "detail") if k not in body]
    if missing or body.get("status") != resp.status_code:
        raise ContractError("error answer %d is not a goa error body: %s"
                            % (resp.status_code, json.dumps(body)))


class ContractClient(object):
    """A requests session on the emulator whose every answer goes through `checker`.
    `token` is the bearer token to send (None: send none)."""

    def __init__(self, url, checker, organization=None, token=None, timeout=10):
        self.url = url
        self.timeout = timeout
        self.session = requests.Session()
        self.session.hooks["response"].append(checker.hook)
        if token:
            self.session.headers["Authorization"] = "Bearer " + token
        if organization:
            self.session.headers["X-Organization"] = organization

    def call(self, method, path, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, self.url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.call("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.call("PUT", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.call("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)
