"""Drive the collection's modules in-process (their main()) against the session's emulator, with the
real transport and client: only the retry pauses are recorded instead of slept, and hooks can act
on the emulator just before a chosen request is processed (a clock jump, a delete by someone else).

The collection is imported from this checkout through a temporary ansible_collections/ symlink."""

import atexit
import contextlib
import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_ROOT = tempfile.mkdtemp(prefix="iotcloud-reliability-")
os.makedirs(os.path.join(_ROOT, "ansible_collections", "iotcloud"))
os.symlink(REPO, os.path.join(_ROOT, "ansible_collections", "iotcloud", "dashboards"))
sys.path.insert(0, _ROOT)
atexit.register(shutil.rmtree, _ROOT, True)

from ansible.module_utils import basic  # noqa: E402
from ansible.module_utils.common.text.converters import to_bytes  # noqa: E402

from iotcloud_emulator import server as emulator_server  # noqa: E402
from iotcloud_emulator.pytest_plugin import EmulatorFixture  # noqa: E402

COLLECTION_ROOT = _ROOT
ACME = "11111111-1111-4111-8111-111111111111"
TEMP = "a1000000-0000-4000-8000-000000000011"
HUMIDITY = "a1000000-0000-4000-8000-000000000012"
ALICE = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
MODULES = "ansible_collections.iotcloud.dashboards.plugins.modules."
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TOKEN_PATH = "/iot/v1/clients/token"


class ModuleExit(Exception):
    def __init__(self, result, failed):
        Exception.__init__(self, result)
        self.result = result
        self.failed = failed


def _exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    raise ModuleExit(kwargs, failed=False)


def _fail_json(self, msg, **kwargs):
    kwargs["msg"] = msg
    raise ModuleExit(kwargs, failed=True)


@contextlib.contextmanager
def _module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core before 2.19
        old = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = old
        return
    with patch_module_args(args):
        yield


class Run(object):
    """What one module run gave: result, failed, warnings, the pauses it asked for, and whether it
    ended in an exception (a traceback)."""

    def __init__(self):
        self.result = None
        self.failed = None
        self.warnings = []
        self.pauses = []
        self.traceback = None


class Driver(object):
    """`driver.run("dashboard", name=...)` runs the module's main() against the emulator."""

    def __init__(self, emulator, monkeypatch, cache_dir):
        self.emulator = emulator
        self.monkeypatch = monkeypatch
        self.hooks = []  # (method, path regexp, callable(state), remaining count)
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache_dir))
        for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
                     "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setattr(basic.AnsibleModule, "exit_json", _exit_json)
        monkeypatch.setattr(basic.AnsibleModule, "fail_json", _fail_json)
        real_dispatch = emulator_server.dispatch

        def dispatch(req, platform):
            for hook in list(self.hooks):
                method, pattern, action = hook
                if req.method == method and re.search(pattern, req.path):
                    self.hooks.remove(hook)
                    action(req.state)
            return real_dispatch(req, platform)
        monkeypatch.setattr(emulator_server, "dispatch", dispatch)
        # Requests still being worked on (a delayed create, a trickling answer) must finish before the
        # state is judged, and before the next cell resets it.
        self.busy = 0
        self.busy_lock = threading.Lock()
        real_handle = emulator_server.Handler._handle

        def handle(handler):
            with self.busy_lock:
                self.busy += 1
            try:
                return real_handle(handler)
            finally:
                with self.busy_lock:
                    self.busy -= 1
        for name in ("do_GET", "do_POST", "do_PUT", "do_PATCH", "do_DELETE", "do_HEAD", "do_OPTIONS"):
            monkeypatch.setattr(emulator_server.Handler, name, handle)
        real_send = emulator_server.Handler._send
        garbled = self.garbled = set()

        def send(handler, resp, trickle_s=None):
            if threading.get_ident() in garbled:
                garbled.discard(threading.get_ident())
                _garble(handler)
                return None
            return real_send(handler, resp, trickle_s)
        monkeypatch.setattr(emulator_server.Handler, "_send", send)

    def garble(self, method, pattern):
        """The next matching request is carried out, then its answer is replaced by a broken TLS
        record: the client sees a TLS error after its request was sent and acted on."""
        self.before(method, pattern, lambda state: self.garbled.add(threading.get_ident()))

    def settle(self, limit_s=30.0):
        """Wait until the emulator has no request in progress (at most ``limit_s``)."""
        end = time.monotonic() + limit_s
        while self.busy and time.monotonic() < end:
            time.sleep(0.02)
        if self.busy:
            raise RuntimeError("the emulator is still busy after %g s" % limit_s)

    def before(self, method, pattern, action):
        """Run `action(state)` once, just before the next matching request is processed."""
        self.hooks.append((method, pattern, action))

    def run(self, module_name, check_mode=False, diff=False, url=None, **args):
        run = Run()
        module = importlib.import_module(MODULES + module_name)
        from ansible_collections.iotcloud.dashboards.plugins.module_utils import _module, _transport

        class RecordingTransport(_transport.Transport):
            def __init__(self, *a, **kw):
                kw["sleep"] = run.pauses.append
                _transport.Transport.__init__(self, *a, **kw)

        self.monkeypatch.setattr(_module, "Transport", RecordingTransport)
        self.monkeypatch.setattr(basic.AnsibleModule, "warn", lambda mod, text: run.warnings.append(text))
        params = dict(api_url=url or self.emulator.url, client_id="demo-client", client_secret="demo-secret",
                      organization=ACME, _ansible_check_mode=check_mode, _ansible_diff=diff)
        params.update(args)
        with _module_args(params):
            try:
                module.main()
            except ModuleExit as exc:
                run.result, run.failed = exc.result, exc.failed
            except BaseException as exc:  # noqa: B902 - a traceback is what the matrix looks for
                run.traceback = "%s: %s" % (type(exc).__name__, exc)
        self.settle()
        return run


def _garble(handler):
    """Write a TLS application-data record that cannot be decrypted under the TLS layer, then close."""
    handler.close_connection = True
    try:
        os.write(handler.connection.fileno(), b"\x17\x03\x03\x00\x20" + b"\x00" * 32)
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


_TLS = {}


def tls_emulator():
    """A second in-process emulator, over HTTPS with a certificate made for it (openssl), started once:
    (EmulatorFixture, CA file)."""
    if "emulator" not in _TLS:
        folder = os.path.join(_ROOT, "tls")
        os.makedirs(folder)
        cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        server = emulator_server.start_emulator(port=0, tls_cert=cert, tls_key=key)
        atexit.register(server.stop)
        _TLS["emulator"] = (EmulatorFixture(server), cert)
    return _TLS["emulator"]


def live_dashboards(snapshot):
    """{name: [(widget name, sorted variables), ...], shared: [...]} of the dashboards not deleted."""
    found = {}
    for dash in snapshot["dashboards"]:
        if dash.get("soft_deleted"):
            continue
        found.setdefault(dash["name"], []).append({
            "widgets": sorted((w["name"], tuple(sorted(w.get("variables") or []))) for w in dash["widgets"]),
            "shared_with": sorted(dash.get("shared_with") or []),
        })
    return found


def writes_sent(log):
    """Arduino writes that reached the emulator (answered or not), without the token request."""
    return [e for e in log if e["platform"] == "arduino" and e["method"] in WRITE_METHODS
            and e["path"].rstrip("/") != TOKEN_PATH]
