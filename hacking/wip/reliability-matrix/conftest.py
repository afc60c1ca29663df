"""Fixtures of the reliability suites: a driver of the modules' main() against the emulator, and the
fault matrix's table at the end of the run (also written to $RELIABILITY_MATRIX_OUT when set)."""

import os

import pytest

import harness  # noqa: F401 - puts the collection on sys.path first
import matrix

RESULTS = {}


@pytest.fixture
def driver(iotcloud_emulator, monkeypatch, tmp_path):
    return harness.Driver(iotcloud_emulator, monkeypatch, tmp_path / "cache")


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    text = matrix.table(RESULTS)
    terminalreporter.write_sep("=", "fault matrix (S survived, F failed cleanly)")
    terminalreporter.write_line(text)
    for key, (verdict, reason) in sorted(RESULTS.items()):
        if verdict == "bad":
            terminalreporter.write_line("BAD %s / %s: %s" % (key[0], key[1], reason))
    out = os.environ.get("RELIABILITY_MATRIX_OUT")
    if out:
        with open(out, "w") as handle:
            handle.write(text + "\n\n")
            for key, (verdict, reason) in sorted(RESULTS.items()):
                handle.write("%s / %s: %s: %s\n" % (key[0], key[1], verdict, reason))
