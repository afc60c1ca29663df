"""Shared by the reliability suites (the fault matrix, and any other test file of this folder with its own
fixtures): `driver` runs a module's main() in-process against the emulator, and the fault matrix's table
is printed at the end of a run that ran matrix cells (also written to $RELIABILITY_MATRIX_OUT when set).

Nothing is imported at collection time, so a test file here that does not use the harness needs none of it."""

import os
import sys

import pytest


@pytest.fixture
def driver(iotcloud_emulator, monkeypatch, tmp_path):
    import harness

    return harness.Driver(iotcloud_emulator, monkeypatch, tmp_path / "cache")


def pytest_terminal_summary(terminalreporter):
    matrix = sys.modules.get("matrix")
    results = getattr(matrix, "RESULTS", None)
    if not results:
        return
    text = matrix.table(results)
    terminalreporter.write_sep("=", "fault matrix (S survived, F failed cleanly)")
    terminalreporter.write_line(text)
    for key, (verdict, reason) in sorted(results.items()):
        if verdict == "bad":
            terminalreporter.write_line("BAD %s / %s: %s" % (key[0], key[1], reason))
    out = os.environ.get("RELIABILITY_MATRIX_OUT")
    if out:
        with open(out, "w") as handle:
            handle.write(text + "\n\n")
            for key, (verdict, reason) in sorted(results.items()):
                handle.write("- %s / %s: %s: %s\n" % (key[0], key[1], verdict, reason))
