"""Every module x every fault kind ends survived (the final state is as declared) or failed cleanly
(one line naming the operation, the status and the server's message; `changed` true exactly when a
write reached the server or the state changed; the state unchanged or fully as declared).
`make reliability-slice` (in make test) runs the slice (matrix.slice_cells: every module and every fault
kind at least once); `make reliability` sets RELIABILITY_FULL=1 for every pair."""

import os

import pytest

import matrix

FULL = os.environ.get("RELIABILITY_FULL") == "1"


@pytest.mark.parametrize("module, fault", matrix.cells(FULL), ids=lambda v: v.replace(" ", "_"))
def test_cell(driver, iotcloud_emulator, module, fault):
    verdict, reason, dummy = matrix.run_cell(driver, iotcloud_emulator, module, fault)
    matrix.RESULTS[(module, fault)] = (verdict, reason)
    assert verdict != "bad", reason
