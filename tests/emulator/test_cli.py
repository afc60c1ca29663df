"""The emulator as a process (`python -m tests.emulator`) and over TLS."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

from tests.emulator.server import start_emulator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_command_line_port_file_and_sigterm(tmp_path):
    port_file = tmp_path / "port"
    proc = subprocess.Popen([sys.executable, "-m", "tests.emulator", "--host", "127.0.0.1",
                             "--port", "0", "--port-file", str(port_file)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
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
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert sorted(os.listdir(tmp_path)) == ["port"]


def test_command_line_seed_file(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text('{"token_ttl": 7}')
    proc = subprocess.Popen([sys.executable, "-m", "tests.emulator", "--port", "0", "--seed",
                             str(seed)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().strip().rsplit(" ", 1)[-1]
        form = {"grant_type": "client_credentials", "client_id": "demo-client",
                "client_secret": "demo-secret"}
        assert requests.post(url + "/iot/v1/clients/token", data=form,
                             timeout=10).json()["expires_in"] == 7
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


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
    package = os.path.join(ROOT, "tests", "emulator")
    for name in sorted(os.listdir(package)):
        if not name.endswith(".py") or name.startswith("test_") or name == "conftest.py":
            continue
        with open(os.path.join(package, name)) as handle:
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
                assert top == "tests" or top in sys.stdlib_module_names, (name, module)
