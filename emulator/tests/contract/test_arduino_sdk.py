"""The emulator driven by the official Arduino Python SDK (PyPI `arduino-iot-client`, module
`iot_api_client`), a client nobody here wrote. Every dashboards operation that this SDK
version offers is called, and every answer must deserialize into the SDK's models.

The SDK (3.0.0) is behind the OpenAPI document: it has no PATCH, no `force` on delete, no
`users[]` in a share and no `thing_id` filter on list; those are covered by the contract test.
"""

import uuid

import pytest

from contract_support import ACME, ALICE, BOB, GLOBEX, control, fetch_token

iot_api_client = pytest.importorskip("iot_api_client")
from iot_api_client.api.dashboards_v2_api import DashboardsV2Api  # noqa: E402
from iot_api_client.api.things_v2_api import ThingsV2Api  # noqa: E402
from iot_api_client.exceptions import (  # noqa: E402
    BadRequestException,
    ForbiddenException,
    NotFoundException,
    UnauthorizedException,
)
from iot_api_client.models import (  # noqa: E402
    ArduinoDashboardshare,
    ArduinoDashboardv2,
    ArduinoDashboardv2template,
    ArduinoThing,
    ArduinoTimezone,
    ArduinoVariableslinks,
    Clone,
    Dashboardshare,
    Dashboardv2,
    Override,
    Sharerequest,
    Widget,
    Widgetlink,
)


class Sdk(object):
    """The SDK's APIs on the emulator, with a token from the emulator's token endpoint."""

    def __init__(self, url, organization=None, token=None):
        config = iot_api_client.Configuration(host=url)
        config.access_token = token or fetch_token(url, organization)
        self.client = iot_api_client.ApiClient(config)
        self.dashboards = DashboardsV2Api(self.client)
        self.things = ThingsV2Api(self.client)
        self.org = organization

    def close(self):
        """ApiClient has no close(); drop its keep-alive connections to the emulator."""
        self.client.rest_client.pool_manager.clear()


@pytest.fixture
def sdk(emu):
    """sdk(organization=None, token=None): SDK APIs bound to the reset emulator."""
    made = []

    def make(organization=None, token=None):
        made.append(Sdk(emu.url, organization, token))
        return made[-1]
    yield make
    for api in made:
        api.close()


def greenhouse(api):
    """(thing id, {variable_name: property id}) of the space's greenhouse, via the SDK."""
    things = api.things.things_v2_list(show_properties=True, x_organization=api.org)
    assert all(isinstance(t, ArduinoThing) for t in things)
    thing = next(t for t in things if t.name == "greenhouse")
    return thing.id, dict((p.variable_name, p.id) for p in thing.properties)


def widget(variables, **extra):
    fields = {"id": str(uuid.uuid4()), "type": "Value", "name": "value",
              "options": {"decimals": 1}, "x": 0, "y": 0, "width": 2, "height": 2,
              "variables": list(variables)}
    fields.update(extra)
    return Widget(**fields)


@pytest.mark.parametrize("organization", [ACME, None], ids=["acme", "personal"])
def test_every_dashboards_operation_of_the_sdk(emu, sdk, organization):
    api = sdk(organization)
    dash, org = api.dashboards, organization
    thing_id, props = greenhouse(api)
    thing = api.things.things_v2_show(thing_id, x_organization=org)
    assert thing.name == "greenhouse" and len(thing.properties) == 3

    gauge = widget([props["temperature"], props["humidity"]], height_mobile=2, width_mobile=4,
                   x_mobile=0, y_mobile=0)
    switch = widget([props["fan"]], type="Switch", name="fan", x=2)
    created = dash.dashboards_v2_create_with_http_info(
        Dashboardv2(name="sdk-greenhouse", widgets=[gauge, switch]), x_organization=org)
    assert created.status_code == 201
    board = created.data
    assert isinstance(board, ArduinoDashboardv2) and board.name == "sdk-greenhouse"
    assert board.organization_id == org
    assert [w.id for w in board.widgets] == [gauge.id, switch.id]
    linked = board.widgets[0].variables
    assert [(v.thing_name, v.variable_name) for v in linked] \
        == [("greenhouse", "temperature"), ("greenhouse", "humidity")]
    assert isinstance(linked[0].thing_timezone, ArduinoTimezone)
    assert board.widgets[0].width_mobile == 4 and board.widgets[1].type == "Switch"
    other = dash.dashboards_v2_create(Dashboardv2(name="sdk-other"), x_organization=org)

    assert sorted(d.name for d in dash.dashboards_v2_list(x_organization=org)) \
        == ["sdk-greenhouse", "sdk-other"]
    assert [d.id for d in dash.dashboards_v2_list(name="GREEN", x_organization=org)] \
        == [board.id]
    owned = dash.dashboards_v2_list(user_id=board.created_by.user_id, x_organization=org)
    assert {d.id for d in owned} == {board.id, other.id}
    shown = dash.dashboards_v2_show(board.id, x_organization=org)
    assert shown.id == board.id and shown.updated_at == board.updated_at

    updated = dash.dashboards_v2_update(
        board.id, Dashboardv2(name="sdk-renamed", widgets=[gauge]), x_organization=org)
    assert updated.name == "sdk-renamed" and [w.id for w in updated.widgets] == [gauge.id]
    assert updated.updated_at > board.updated_at

    cloned = dash.dashboards_v2_clone_with_http_info(
        board.id, Clone(overrides=[Override(old_thing_id=thing_id, new_thing_id=thing_id)]),
        x_organization=org)
    assert cloned.status_code == 201
    clone = cloned.data
    assert clone.id != board.id and clone.name.startswith("sdk-renamed")
    assert clone.widgets[0].id != gauge.id
    assert [v.id for v in clone.widgets[0].variables] == [props["temperature"], props["humidity"]]

    assert dash.dashboards_v2_share(board.id, Dashboardshare(user_id=ALICE),
                                    x_organization=org) is None
    dash.dashboards_v2_share(board.id, Dashboardshare(username="bob"), x_organization=org)
    shares = dash.dashboards_v2_list_shares(board.id, x_organization=org)
    assert all(isinstance(s, ArduinoDashboardshare) for s in shares)
    assert {(s.user_id, s.username) for s in shares} == {(ALICE, "alice"), (BOB, "bob")}
    assert dash.dashboards_v2_delete_share(board.id, BOB, x_organization=org) is None
    assert [s.user_id for s in dash.dashboards_v2_list_shares(board.id, x_organization=org)] \
        == [ALICE]
    assert [s.user_id for s in dash.dashboards_v2_show(board.id, x_organization=org)
            .shared_with] == [ALICE]

    dash.dashboards_v2_request_access(board.id, Sharerequest(message="may I?"),
                                      x_organization=org)
    state = control(emu.url, "GET", "state").json()
    assert [(r["dashboard_id"], r["message"]) for r in state["share_requests"]] \
        == [(board.id, "may I?")]

    template = dash.dashboards_v2_template(board.id, x_organization=org)
    assert isinstance(template, ArduinoDashboardv2template) and template.name == "sdk-renamed"
    assert [(v.thing_id, v.variable_id) for v in template.widgets[0].variables] \
        == [("greenhouse", "temperature"), ("greenhouse", "humidity")]
    assert template.widgets[0].name == gauge.name

    links = dash.dashboards_v2_link(board.id, gauge.id, Widgetlink(variables=[props["fan"]]),
                                    x_organization=org)
    assert isinstance(links, ArduinoVariableslinks) and links.variables == [props["fan"]]
    relinked = dash.dashboards_v2_show(board.id, x_organization=org)
    assert [v.variable_name for v in relinked.widgets[0].variables] == ["fan"]

    assert dash.dashboards_v2_delete(clone.id, x_organization=org) is None
    with pytest.raises(NotFoundException):
        dash.dashboards_v2_show(clone.id, x_organization=org)
    assert {d.id for d in dash.dashboards_v2_list(x_organization=org)} == {board.id, other.id}


def test_sdk_sees_the_errors_of_the_api(emu, sdk):
    api = sdk(ACME)
    _thing_id, props = greenhouse(sdk(GLOBEX))
    bad = Dashboardv2(name="sdk-bad", widgets=[widget([props["temperature"]])])
    with pytest.raises(BadRequestException) as err:
        api.dashboards.dashboards_v2_create(bad, x_organization=ACME)
    assert err.value.status == 400 and "does not exist" in err.value.body
    with pytest.raises(NotFoundException):
        api.dashboards.dashboards_v2_template(str(uuid.uuid4()), x_organization=ACME)
    with pytest.raises(ForbiddenException):
        api.dashboards.dashboards_v2_list(x_organization=GLOBEX)
    with pytest.raises(UnauthorizedException):
        sdk(ACME, token="not-a-token").dashboards.dashboards_v2_list(x_organization=ACME)


def test_sdk_only_sees_its_organization(emu, sdk):
    acme, globex = sdk(ACME), sdk(GLOBEX)
    board = acme.dashboards.dashboards_v2_create(Dashboardv2(name="acme-only"),
                                                 x_organization=ACME)
    assert [d.id for d in acme.dashboards.dashboards_v2_list(x_organization=ACME)] == [board.id]
    assert globex.dashboards.dashboards_v2_list(x_organization=GLOBEX) == []
    with pytest.raises(NotFoundException):
        globex.dashboards.dashboards_v2_show(board.id, x_organization=GLOBEX)
