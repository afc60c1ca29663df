"""The package as a user gets it: its wheel installed into a fresh venv, with no index and
nothing else, serves both clouds from the `iotcloud-emulator` console script."""

import glob
import os
import signal
import subprocess
import sys
import time

import requests

from helpers import running

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*command, **kwargs):
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def test_a_fresh_venv_serves_both_clouds(tmp_path):
    # Offline: the wheel is built with the setuptools already installed here, and the fresh venv
    # installs it without any index, which proves it needs nothing but the standard library.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-q", "-w", str(tmp_path / "wheels"), PROJECT)
    wheel, = glob.glob(str(tmp_path / "wheels" / "iotcloud_emulator-*.whl"))
    # A venv without pip of its own (ensurepip is slow); this venv's pip installs into it.
    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", str(fresh))
    env = dict((k, v) for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV"))
    run(sys.executable, "-m", "pip", "--python", str(fresh / "bin" / "python"), "install", "-q",
        "--no-index", wheel, env=env)
    installed = run(sys.executable, "-m", "pip", "--python", str(fresh / "bin" / "python"), "list",
                    "--format=freeze", env=env)
    assert installed.split() == ["iotcloud-emulator==1.0.0"], installed
    where = run(str(fresh / "bin" / "python"), "-c", "import iotcloud_emulator as e; print(e.__file__)",
                cwd=str(tmp_path), env=env)
    assert where.startswith(str(fresh)), where
    assert "usage: iotcloud-emulator" in run(str(fresh / "bin" / "python"), "-m", "iotcloud_emulator",
                                             "--help", cwd=str(tmp_path), env=env)

    port_file = tmp_path / "port"
    with running([str(fresh / "bin" / "iotcloud-emulator"), "--port", "0", "--port-file",
                  str(port_file)], cwd=str(tmp_path), env=env, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 30
        while not port_file.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        url = "http://127.0.0.1:%d" % int(port_file.read_text())
        token = requests.post(url + "/iot/v1/clients/token", timeout=10, data={
            "grant_type": "client_credentials", "client_id": "demo-client",
            "client_secret": "demo-secret", "organization_id": "11111111-1111-4111-8111-111111111111"})
        bearer = {"Authorization": "Bearer " + token.json()["access_token"]}
        things = requests.get(url + "/iot/v2/things", headers=bearer, timeout=10).json()
        assert sorted(t["name"] for t in things) == ["greenhouse", "weather-station"]
        boards = requests.get(url + "/v2/dashboards", headers={"Authorization": "Bearer QB_demo"},
                              timeout=10).json()["dashboards"]
        assert "Farm overview" in [b["name"] for b in boards]
        assert "Qubitro" in requests.get(url + "/_emulator/view/", timeout=10).text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
