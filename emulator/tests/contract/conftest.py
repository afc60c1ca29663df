"""Fixtures of the fidelity tests: the in-process emulator of the package's pytest plugin,
reset before each test, and clients whose every exchange is checked against the OpenAPI
document (no hard-coded ids beyond the documented organizations and users)."""

import pytest

from contract_support import TIMEOUT, fetch_token


@pytest.fixture(scope="session")
def emulator(iotcloud_emulator_server):
    return iotcloud_emulator_server


@pytest.fixture
def emu(iotcloud_emulator):
    """The session's emulator, back on the default seed."""
    return iotcloud_emulator


# The OpenAPI fixtures import openapi-core only when a test asks for them; the modules that do
# skip themselves first when the document is missing.
@pytest.fixture(scope="session")
def openapi(emulator):
    from openapi_harness import load_openapi
    return load_openapi(emulator.url)


@pytest.fixture
def checker(openapi):
    """Validates exchanges and records (operationId, status) of each in `checker.seen`."""
    from openapi_harness import ContractChecker
    return ContractChecker(openapi)


@pytest.fixture
def client(emu, checker):
    """client(organization=None, token=True): a session on the reset emulator whose every
    answer is validated against the OpenAPI document."""
    from openapi_harness import ContractClient

    def make(organization=None, token=True):
        bearer = fetch_token(emu.url, organization) if token else None
        return ContractClient(emu.url, checker, organization, bearer, TIMEOUT)
    return make
