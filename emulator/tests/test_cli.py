"""The emulator as a process (`iotcloud-emulator`, `python -m iotcloud_emulator`) and over TLS."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

import iotcloud_emulator
from helpers import running
from iotcloud_emulator.server import start_emulator

PACKAGE = os.path.dirname(os.path.abspath(iotcloud_emulator.__file__))
# The console script sits beside the interpreter of the venv the package is installed in.
SCRIPT = os.path.join(os.path.dirname(sys.executable), "iotcloud-emulator")


def test_command_line_port_file_and_sigterm(tmp_path):
    port_file = tmp_path / "port"
    with running([SCRIPT, "--host", "127.0.0.1", "--port", "0", "--port-file", str(port_file)],
                 cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 text=True) as proc:
        first = proc.stdout.readline().strip()
        assert first.startswith("iotcloud emulator listening on http://127.0.0.1:"), first
        deadline = time.monotonic() + 10
        while not port_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        port = int(port_file.read_text())
        assert first.endswith(":%d" % port)
        resp = requests.get("http://127.0.0.1:%d/_emulator/health" % port, timeout=10)
        assert resp.json() == {"ok": True}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert sorted(os.listdir(tmp_path)) == ["port"]


def test_command_line_seed_file(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"token_ttl": 7}')
    with running([sys.executable, "-m", "iotcloud_emulator", "--port", "0", "--seed", str(seed)],
                 cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                 text=True) as proc:
        url = proc.stdout.readline().strip().rsplit(" ", 1)[-1]
        form = {"grant_type": "client_credentials", "client_id": "demo-client",
                "client_secret": "demo-secret"}
        assert requests.post(url + "/iot/v1/clients/token", data=form,
                             timeout=10).json()["expires_in"] == 7
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test cert")
def test_tls(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    emu = start_emulator(port=0, tls_cert=str(cert), tls_key=str(key))
    try:
        assert emu.url.startswith("https://127.0.0.1:")
        resp = requests.get(emu.url + "/_emulator/health", verify=str(cert), timeout=10)
        assert resp.json() == {"ok": True}
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emu.url + "/_emulator/health", timeout=10)
        # a plain-HTTP client does not hang the server
        with pytest.raises(requests.ConnectionError):
            requests.get(emu.url.replace("https", "http") + "/_emulator/health", timeout=10)
        assert requests.get(emu.url + "/_emulator/health", verify=str(cert), timeout=10).ok
    finally:
        emu.stop()


def test_emulator_uses_the_standard_library_only():
    """The emulator must start on a fresh clone with nothing installed."""
    import ast
    for name in sorted(os.listdir(PACKAGE)):
        # the pytest plugin is loaded by pytest only
        if not name.endswith(".py") or name == "pytest_plugin.py":
            continue
        with open(os.path.join(PACKAGE, name)) as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                assert top == "iotcloud_emulator" or top in sys.stdlib_module_names, (name, module)


def run_cli(*args):
    return subprocess.run([SCRIPT] + list(args), capture_output=True, text=True, timeout=30)


def test_a_port_in_use_is_one_line():
    with start_emulator(port=0) as busy:
        result = run_cli("--port", str(busy.port))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("iotcloud-emulator: cannot listen on 127.0.0.1:%d: the port is already "
                             "in use\n" % busy.port)


@pytest.mark.parametrize("content, message", [
    (None, "iotcloud-emulator: cannot read seed {path}: No such file or directory"),
    ("{not json", "iotcloud-emulator: seed {path} is not valid JSON: "),
    ('{"arduino": {"no_such_option": true}}',
     "iotcloud-emulator: invalid seed: ValueError: unknown arduino seed option(s): no_such_option"),
])
def test_a_bad_seed_is_one_line(tmp_path, content, message):
    path = tmp_path / "seed.json"
    if content is not None:
        path.write_text(content)
    result = run_cli("--port", "0", "--seed", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(message.format(path=path)), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_a_missing_certificate_is_one_line(tmp_path):
    result = run_cli("--port", "0", "--tls-cert", str(tmp_path / "c.pem"),
                     "--tls-key", str(tmp_path / "k.pem"))
    assert result.returncode == 2
    assert result.stderr.startswith("iotcloud-emulator: cannot load --tls-cert/--tls-key: ")
    assert result.stderr.count("\n") == 1, result.stderr
