"""Just enough of the W3C WebDriver protocol, spoken to Debian's chromedriver over HTTP with
requests, to load a page, find elements, read their text and box, and take a screenshot.
Chromium runs headless with the flags below and an empty profile; nothing is downloaded."""

import base64
import os
import shutil
import socket
import subprocess
import tempfile
import time

import requests

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
PACKAGES = ["chromium", "chromium-driver"]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
TIMEOUT = 60


def ensure_chromium():
    """(chromium, chromedriver) paths; installs the Debian packages when they are missing and
    this is a Debian machine where apt-get may be run. None when that is impossible."""
    def found():
        chromium = shutil.which("chromium")
        driver = shutil.which("chromedriver")
        return (chromium, driver) if chromium and driver else None
    if found() or not shutil.which("apt-get") or os.geteuid() != 0:
        return found()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq"] + PACKAGES
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, capture_output=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    return found()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser(object):
    """A chromedriver process and one headless Chromium session."""

    def __init__(self, chromium, driver, width=1000, height=760):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        port = free_port()
        self.base = "http://127.0.0.1:%d" % port
        self.process = subprocess.Popen([driver, "--port=%d" % port], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            self._wait_ready()
            options = {"binary": chromium, "args": CHROMIUM_FLAGS + [
                "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (width, height)]}
            answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": {
                "browserName": "chrome", "goog:chromeOptions": options}}})
            self.session = "/session/" + answer["sessionId"]
        except Exception:
            self.close()
            raise

    def _wait_ready(self):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/status", timeout=5).json()["value"]["ready"]:
                    return
            except (requests.ConnectionError, ValueError, KeyError):
                pass
            if self.process.poll() is not None:
                raise RuntimeError("chromedriver exited with %s" % self.process.returncode)
            time.sleep(0.1)
        raise RuntimeError("chromedriver did not get ready")

    def _call(self, method, path, body=None):
        resp = requests.request(method, self.base + path, json=body, timeout=TIMEOUT)
        value = resp.json()["value"]
        if resp.status_code != 200:
            raise RuntimeError("WebDriver %s %s: %s" % (method, path, value.get("message")))
        return value

    def open(self, url):
        self._call("POST", self.session + "/url", {"url": url})

    def find_all(self, css):
        found = self._call("POST", self.session + "/elements",
                           {"using": "css selector", "value": css})
        return [item[ELEMENT] for item in found]

    def attribute(self, element, name):
        return self._call("GET", "%s/element/%s/attribute/%s" % (self.session, element, name))

    def text(self, element):
        return self._call("GET", "%s/element/%s/text" % (self.session, element))

    def rect(self, element):
        return self._call("GET", "%s/element/%s/rect" % (self.session, element))

    def script(self, source, *args):
        return self._call("POST", self.session + "/execute/sync",
                          {"script": source, "args": list(args)})

    def screenshot(self):
        return base64.b64decode(self._call("GET", self.session + "/screenshot"))

    def close(self):
        try:
            if getattr(self, "session", None):
                requests.delete(self.base + self.session, timeout=TIMEOUT)
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            shutil.rmtree(self.profile, ignore_errors=True)
