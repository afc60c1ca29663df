"""HTTP plumbing of the emulator: routing, faults, rate limit, request log, TLS, and
`start_emulator()` to run it in-process."""

import http.server
import json
import re
import socket
import ssl
import sys
import threading
import time
import traceback
import urllib.parse

from iotcloud_emulator import (
    arduino_auth,
    arduino_dashboards,
    arduino_dashboards_v3,
    arduino_things,
    control,
    qubitro,
    view,
)
from iotcloud_emulator.common import GOA_CODES, RATE_LIMIT_TEXT, HttpError, Response, goa_error, qubitro_error
from iotcloud_emulator.request import Request
from iotcloud_emulator.state import State

TOKEN_PATH = "/iot/v1/clients/token"

ARDUINO_ROUTES = [
    ("POST", TOKEN_PATH, arduino_auth.issue_token),
    ("GET", r"/iot/v2/things", arduino_things.list_things),
    ("GET", r"/iot/v2/things/(?P<id>[^/]+)", arduino_things.show_thing),
    ("GET", r"/iot/v2/things/(?P<id>[^/]+)/properties", arduino_things.list_properties),
    ("GET", r"/iot/v2/things/(?P<id>[^/]+)/properties/(?P<pid>[^/]+)",
     arduino_things.show_property),
] + arduino_dashboards.ROUTES + arduino_dashboards_v3.ROUTES


def _compile(routes, platform):
    return [(method, re.compile("^" + pattern + "/?$"), handler, platform)
            for method, pattern, handler in routes]


ROUTES = (_compile(ARDUINO_ROUTES, "arduino") + _compile(qubitro.ROUTES, "qubitro")
          + _compile(control.ROUTES + view.ROUTES, "control"))


def platform_of(path):
    if path.startswith("/iot/"):
        return "arduino"
    if path.startswith("/v2/"):
        return "qubitro"
    return "emulator"


def error_response(platform, status, detail, code=None, headers=None, state=None):
    """The error body each platform uses; with the seed option `arduino.empty_404`, an Arduino
    404 has none, as the document declares it."""
    if platform == "qubitro":
        return qubitro_error(status, "request", detail, headers)
    if platform == "control":
        return Response.json(status, {"error": detail}, headers=headers)
    if status == 404 and state is not None and state.arduino.get("empty_404"):
        return Response(404, b"", headers=headers)
    return goa_error(status, detail, code, headers)


def route(req, platform):
    """(handler, route platform) for the request, or an error Response (404 / 405)."""
    allowed = []
    for method, pattern, handler, route_platform in ROUTES:
        match = pattern.match(req.path)
        if match is None:
            continue
        if method != req.method:
            allowed.append(method)
            continue
        req.params = match.groupdict()
        return handler, route_platform
    if allowed:
        return error_response(platform, 405, "method %s not allowed on %s (allowed: %s)"
                              % (req.method, req.path, ", ".join(sorted(set(allowed))))), None
    return error_response(platform, 404, "no route for %s %s" % (req.method, req.path),
                          state=req.state), None


def rate_limited(state, platform):
    """The 429 each platform sends (Arduino's is plain text), `Retry-After` only if the seed
    sets it."""
    headers = {}
    retry_after = (state.rate_limit or {}).get("retry_after")
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return too_many_requests(platform, headers)


def too_many_requests(platform, headers):
    if platform == "qubitro":
        return qubitro.rate_limited(headers)
    return Response.text(429, RATE_LIMIT_TEXT, headers)


def dispatch(req, platform):
    """Authenticate, rate limit and run the handler, all under the state lock."""
    found, route_platform = route(req, platform)
    if isinstance(found, Response):
        return found
    handler = found
    state = req.state
    with state.lock:
        try:
            # Arduino counts requests per account, so a fresh token does not reset the window.
            if route_platform == "arduino" and req.path.rstrip("/") != TOKEN_PATH:
                arduino_auth.authenticate(req)
                if not state.rate_allows("arduino:%s" % req.user_id):
                    return rate_limited(state, route_platform)
            elif route_platform == "qubitro":
                qubitro.authenticate(req, "authenticate")
                if not state.rate_allows("qubitro:%s" % req.token):
                    return rate_limited(state, route_platform)
            return handler(req)
        except qubitro.QubitroError as exc:
            return exc.response()
        except HttpError as exc:
            return error_response(route_platform, exc.status, exc.detail, exc.code, state=state)
        except Exception:  # a bug in the emulator: answer 500 and say where
            traceback.print_exc(file=sys.stderr)
            return error_response(route_platform, 500, "internal emulator error")


ECHO_PARTS = ("body", "form", "json", "headers")


def echo_text(req, part=True):
    """The request as a careless server repeats it in an error: the raw body as sent, its form
    fields decoded, the form as JSON, and every header (credentials included); `part` names only
    one of them (a client keeps only the start of a long message)."""
    raw = req.raw.decode("utf-8", "replace")
    form = req.form() if "=" in raw else {}
    parts = {"body": raw, "form": " ".join("%s=%s" % item for item in sorted(form.items())),
             "json": json.dumps(form, sort_keys=True),
             # credentials first, where even a client that keeps only the start of a message sees them
             "headers": "; ".join("%s: %s" % item for item in sorted(
                 req.headers.items(), key=lambda item: item[0].lower() != "authorization"))}
    names = ECHO_PARTS if part is True else (part,)
    return "echo of %s %s: %s" % (req.method, req.path,
                                  " ".join("%s=%s" % (name, parts[name]) for name in names))


def fault_response(rule, platform, req=None):
    """The answer of a fault rule that sets a status."""
    status = rule["status"]
    headers = {}
    if rule.get("retry_after") is not None:
        headers["Retry-After"] = str(rule["retry_after"])
    if rule.get("echo") and req is not None:
        text = echo_text(req, rule["echo"])
        if req.path.rstrip("/") == TOKEN_PATH:
            return arduino_auth.token_error(status, "invalid_request", text)
        if status < 400:
            return Response.json(status, {"echo": text})
        return error_response(platform, status, text, headers=headers)
    body = rule.get("body")
    content_type = rule.get("content_type")
    if isinstance(body, str):
        if content_type is not None:  # e.g. an HTML page, or broken JSON labelled as JSON
            return Response(status, body.encode("utf-8"), content_type or None, headers)
        return Response.text(status, body, headers)
    if body is not None:
        return Response.json(status, body, content_type or "application/json", headers=headers)
    if status == 429:
        return too_many_requests(platform, headers)
    if status < 400:
        return Response.empty(status)
    return error_response(platform, status, "injected fault (%s)" % GOA_CODES.get(status, status),
                          headers=headers)


class Handler(http.server.BaseHTTPRequestHandler):
    """One connection; keep-alive is supported, so every answer has a Content-Length."""

    protocol_version = "HTTP/1.1"
    server_version = "iotcloud-emulator"
    # Headers and body leave in one segment: separate small writes meet the client's delayed
    # ACK and cost about 40 ms per request.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, resp, trickle_s=None):
        try:
            self.send_response(resp.status)
            for name, value in resp.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if trickle_s:
                # a slow trickle: the headers at once, then the body one byte at a time
                self.wfile.flush()
                body = resp.body if self.command != "HEAD" else b""
                for index in range(len(body)):
                    time.sleep(float(trickle_s))
                    self.wfile.write(body[index:index + 1])
                    self.wfile.flush()
            elif self.command != "HEAD":
                self.wfile.write(resp.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, socket.timeout, ssl.SSLError):
            self.close_connection = True

    def _drop(self):
        """Close the socket without answering, as a crashed proxy would."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _log(self, req, platform, status):
        organization = req.organization or req.header("X-Organization")
        if organization is None and platform == "arduino":
            auth = req.header("Authorization") or ""
            info = req.state.tokens.get(auth[7:].strip()) if len(auth) > 7 else None
            organization = info["organization"] if info else None
        req.state.log_request({"method": req.method, "path": req.path, "query": req.query,
                               "status": status, "platform": platform,
                               "organization": organization.lower() if organization else None,
                               "body": req.log_body()})

    def _handle(self):
        parts = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parts.path) or "/"
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        try:
            raw = self._read_body()
        except (ValueError, OSError):
            self._send(goa_error(400, "could not read the request body"))
            self.close_connection = True
            return
        state = self.server.state
        req = Request(self.command, path, query, self.headers, raw, state)
        if path.startswith("/_emulator/"):
            self._send(dispatch(req, "control"))
            return
        platform = platform_of(path)
        rule = state.take_fault(req.method, path)
        if rule is not None:
            if rule.get("delay_s"):
                time.sleep(float(rule["delay_s"]))
            if rule.get("drop_connection"):
                self._log(req, platform, None)
                self._drop()
                return
            if rule.get("status"):
                resp = fault_response(rule, platform, req)
                self._log(req, platform, resp.status)
                self._send(resp, rule.get("trickle_s"))
                return
        resp = dispatch(req, platform)
        if rule is not None and rule.get("drop_after"):
            # the server acted (a create happened), but its answer is lost
            self._log(req, platform, None)
            self._drop()
            return
        self._log(req, platform, resp.status)
        self._send(resp, rule.get("trickle_s") if rule is not None else None)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


class EmulatorHTTPServer(http.server.ThreadingHTTPServer):
    """Threaded server; with a TLS context, each connection is wrapped in its own thread so
    that a slow handshake never blocks accept()."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address, state, ssl_context=None, verbose=False):
        self.state = state
        self.ssl_context = ssl_context
        self.verbose = verbose
        http.server.ThreadingHTTPServer.__init__(self, address, Handler)

    def finish_request(self, request, client_address):
        if self.ssl_context is None:
            return http.server.ThreadingHTTPServer.finish_request(self, request, client_address)
        try:
            tls = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return None
        try:
            return http.server.ThreadingHTTPServer.finish_request(self, tls, client_address)
        finally:
            tls.close()


def tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


class Emulator(object):
    """A running emulator: `.url`, `.port`, `.state`, `.stop()`."""

    def __init__(self, server, thread, scheme):
        self.server = server
        self.thread = thread
        self.state = server.state
        host, port = server.server_address[:2]
        self.port = port
        self.url = "%s://%s:%d" % (scheme, "[%s]" % host if ":" in host else host, port)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_emulator(port=0, seed=None, host="127.0.0.1", tls_cert=None, tls_key=None,
                   verbose=False):
    """Start the emulator in a background thread and return an `Emulator`."""
    context = tls_context(tls_cert, tls_key) if tls_cert else None
    server = EmulatorHTTPServer((host, port), State(seed), context, verbose)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="iotcloud-emulator", daemon=True)
    thread.start()
    return Emulator(server, thread, "https" if context else "http")
