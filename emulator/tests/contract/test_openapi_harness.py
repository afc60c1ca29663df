"""The contract harness can fail: answers and requests that break the OpenAPI document, made
by altering real exchanges with the emulator, are refused."""

import copy
import json
import uuid

import pytest
from requests.structures import CaseInsensitiveDict

from contract_support import ACME
from openapi_harness import SPEC_ENV, ContractChecker, ContractError, OpenAPIRequest, spec_path

SPEC = spec_path()
if not SPEC.is_file():
    pytest.skip("the Arduino OpenAPI document is not at %s; set %s to its path to run the "
                "contract test" % (SPEC, SPEC_ENV), allow_module_level=True)


@pytest.fixture
def exchange(client, openapi):
    """A real, valid create and show of a dashboard with one linked widget, made without a
    validating hook so that the tests can alter them before checking."""
    api = client(ACME)
    api.session.hooks["response"] = []
    things = api.get("/iot/v2/things", params={"show_properties": "true"}).json()
    prop = next(t for t in things if t["name"] == "greenhouse")["properties"][0]["id"]
    body = {"name": "harness", "widgets": [{
        "id": str(uuid.uuid4()), "type": "Value", "options": {}, "x": 0, "y": 0, "width": 1,
        "height": 1, "variables": [prop]}]}
    created = api.post("/iot/v2/dashboards", json=body)
    assert created.status_code == 201
    shown = api.get("/iot/v2/dashboards/" + created.json()["id"])
    assert shown.status_code == 200
    return {"created": created, "shown": shown, "checker": ContractChecker(openapi)}


def altered(resp, body=None, status=None, content_type=None):
    """A copy of a `requests.Response` with another JSON body, status or media type."""
    fake = copy.copy(resp)
    fake.headers = CaseInsensitiveDict(resp.headers)
    if body is not None:
        fake._content = json.dumps(body).encode("utf-8")
    if status is not None:
        fake.status_code = status
    if content_type is not None:
        fake.headers["Content-Type"] = content_type
    return fake


def test_the_real_exchanges_pass(exchange):
    checker = exchange["checker"]
    assert checker.check(exchange["created"]) == "dashboards_v2#create"
    assert checker.check(exchange["shown"]) == "dashboards_v2#show"


@pytest.mark.parametrize("field", ["id", "name", "updated_at"])
def test_a_dashboard_without_a_required_field_fails(exchange, field):
    body = exchange["shown"].json()
    del body[field]
    with pytest.raises(ContractError, match=field):
        exchange["checker"].check(altered(exchange["shown"], body))


def test_an_undocumented_field_fails(exchange):
    body = exchange["shown"].json()
    body["colour"] = "red"
    with pytest.raises(ContractError, match="colour"):
        exchange["checker"].check(altered(exchange["shown"], body))


def test_widget_variables_as_bare_ids_fail(exchange):
    """The answer carries linked-variable objects, not the ids the request sent."""
    body = exchange["shown"].json()
    widget = body["widgets"][0]
    widget["variables"] = [v["id"] for v in widget["variables"]]
    with pytest.raises(ContractError):
        exchange["checker"].check(altered(exchange["shown"], body))


def test_a_wrong_type_fails(exchange):
    body = exchange["shown"].json()
    body["widgets"][0]["x"] = "0"
    with pytest.raises(ContractError):
        exchange["checker"].check(altered(exchange["shown"], body))


def test_an_undeclared_media_type_fails(exchange):
    with pytest.raises(ContractError):
        exchange["checker"].check(altered(exchange["shown"], content_type="application/json"))


def test_an_undeclared_status_fails(exchange):
    """show declares 200, 401, 403, 404 and 500; a 400 is not among them, nor is 201."""
    error = {"id": "x", "code": "bad_request", "status": 400, "detail": "d"}
    with pytest.raises(ContractError):
        exchange["checker"].check(altered(exchange["shown"], error, status=400,
                                          content_type="application/vnd.goa.error+json"))
    with pytest.raises(ContractError):
        exchange["checker"].check(altered(exchange["shown"], status=201))


@pytest.mark.parametrize("body", [{"message": "no"}, {"id": "x", "code": "c", "detail": "d"}],
                         ids=["not-goa", "no-status"])
def test_an_error_that_is_not_a_goa_body_fails(exchange, body):
    fake = altered(exchange["created"], body, status=400,
                   content_type="application/vnd.goa.error+json")
    with pytest.raises(ContractError):
        exchange["checker"].check(fake)


@pytest.mark.parametrize("field", ["x", "options", "id"])
def test_a_request_body_without_a_required_widget_field_fails(exchange, field):
    request = exchange["created"].request.copy()
    body = json.loads(request.body)
    del body["widgets"][0][field]
    request.body = json.dumps(body).encode("utf-8")
    with pytest.raises(ContractError, match=field):
        exchange["checker"].check_request(OpenAPIRequest(request))


def test_a_path_outside_the_document_fails(exchange):
    request = exchange["shown"].request.copy()
    request.url = request.url.replace("/iot/v2/dashboards/", "/iot/v2/boards/")
    with pytest.raises(ContractError, match="not an operation"):
        exchange["checker"].operation_id(OpenAPIRequest(request))
