# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The look-ups that several modules share: a dashboard by id or exact name through a client (which
requests are sent, and in which order; _lookup.py), and in a things listing (_things.py, _clone.py) a thing
by id or name, the devices behind a dashboard, and the overrides and check-mode prediction of a clone.
Each table row reads as one rule."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _clone as cln
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    AmbiguousError,
    ValidationError,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import (
    ApiError,
    NotFound,
    ServerError,
    Unauthorized,
)

DEMO_USER = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'

# ---- a things listing as GET /iot/v2/things?show_properties=true answers it ----------------------

GH = 'a1000000-0000-4000-8000-000000000001'
GH_DEVICE = 'a1000000-0000-4000-8000-0000000000d1'
GH_TEMP = 'a1000000-0000-4000-8000-000000000011'
GH_HUM = 'a1000000-0000-4000-8000-000000000012'
GH_FAN = 'a1000000-0000-4000-8000-000000000013'

WS = 'a1000000-0000-4000-8000-000000000002'
WS_DEVICE = 'a1000000-0000-4000-8000-0000000000d2'
WS_WIND = 'a1000000-0000-4000-8000-000000000021'
WS_PRESSURE = 'a1000000-0000-4000-8000-000000000022'

# The same variables as greenhouse, with ids in another order: moving by position would be wrong.
GH2 = 'a1000000-0000-4000-8000-000000000003'
GH2_DEVICE = 'a1000000-0000-4000-8000-0000000000d3'
GH2_FAN = 'a1000000-0000-4000-8000-000000000031'
GH2_HUM = 'a1000000-0000-4000-8000-000000000032'
GH2_TEMP = 'a1000000-0000-4000-8000-000000000033'

LITE = 'a1000000-0000-4000-8000-000000000004'
LITE_TEMP = 'a1000000-0000-4000-8000-000000000041'
LITE_FAN = 'a1000000-0000-4000-8000-000000000043'

ANEMO = 'a1000000-0000-4000-8000-000000000005'
ANEMO_WIND = 'a1000000-0000-4000-8000-000000000051'

LAMP = 'a1000000-0000-4000-8000-000000000006'
LAMP_LIGHT = 'a1000000-0000-4000-8000-000000000061'

TWIN_A = 'a1000000-0000-4000-8000-000000000007'
TWIN_A_LEVEL = 'a1000000-0000-4000-8000-000000000071'
TWIN_B = 'a1000000-0000-4000-8000-000000000008'
TWIN_B_LEVEL = 'a1000000-0000-4000-8000-000000000081'

# A thing named like greenhouse's id: an id is matched before a name.
DECOY = 'a1000000-0000-4000-8000-000000000009'

# A thing and property of another organization: not in the listing.
SHED = 'b2000000-0000-4000-8000-000000000001'
SHED_DOOR = 'b2000000-0000-4000-8000-000000000011'


def prop(thing_id, thing_name, prop_id, variable_name, ptype='FLOAT'):
    """An ArduinoProperty as the things listing embeds it."""
    return {'href': '/iot/v1/things/%s/properties/%s' % (thing_id, prop_id), 'id': prop_id, 'name': variable_name,
            'variable_name': variable_name, 'permission': 'READ_WRITE', 'type': ptype, 'thing_id': thing_id,
            'thing_name': thing_name, 'update_strategy': 'ON_CHANGE', 'update_parameter': 0.0, 'persist': True,
            'linked_to_trigger': False, 'tag': 1, 'created_at': '2026-01-01T00:00:00Z',
            'updated_at': '2026-01-01T00:00:00Z', 'last_value': None}


def thing(thing_id, name, variables, device_id=None):
    """An ArduinoThing with properties; ``variables`` are (property id, variable name) pairs."""
    body = {'href': '/iot/v1/things/%s' % thing_id, 'id': thing_id, 'name': name, 'timezone': 'Europe/Berlin',
            'user_id': DEMO_USER, 'created_at': '2026-01-01T00:00:00Z', 'updated_at': '2026-01-01T00:00:00Z',
            'properties_count': len(variables), 'tags': {}, 'webhook_active': False, 'assistant': 'NONE',
            'properties': [prop(thing_id, name, pid, var) for pid, var in variables]}
    if device_id:
        body.update(device_id=device_id, device_name='%s-board' % name, device_type='esp32',
                    device_fqbn='esp32:esp32:esp32')
    return body


# Sorted by name, as the server lists them.
THINGS = [
    thing(DECOY, GH, []),
    thing(ANEMO, 'anemometer', [(ANEMO_WIND, 'wind_speed')], 'a1000000-0000-4000-8000-0000000000d5'),
    thing(LAMP, 'desk-lamp', [(LAMP_LIGHT, 'light')]),
    thing(GH, 'greenhouse', [(GH_TEMP, 'temperature'), (GH_HUM, 'humidity'), (GH_FAN, 'fan')], GH_DEVICE),
    thing(GH2, 'greenhouse-2', [(GH2_FAN, 'fan'), (GH2_HUM, 'humidity'), (GH2_TEMP, 'temperature')], GH2_DEVICE),
    thing(LITE, 'greenhouse-lite', [(LITE_TEMP, 'temperature'), (LITE_FAN, 'fan')],
          'a1000000-0000-4000-8000-0000000000d4'),
    thing(TWIN_B, 'twin', [(TWIN_B_LEVEL, 'level')], 'a1000000-0000-4000-8000-0000000000d8'),
    thing(TWIN_A, 'twin', [(TWIN_A_LEVEL, 'level')], 'a1000000-0000-4000-8000-0000000000d7'),
    thing(WS, 'weather-station', [(WS_WIND, 'wind_speed'), (WS_PRESSURE, 'pressure')], WS_DEVICE),
]
THING_BY_ID = dict((t['id'], t) for t in THINGS)


def linked(prop_id):
    """An ArduinoLinkedvariable, the form of a variable inside a server widget."""
    for item in THINGS:
        for p in item['properties']:
            if p['id'] == prop_id:
                return {'id': prop_id, 'name': p['name'], 'variable_name': p['variable_name'], 'thing_id': item['id'],
                        'thing_name': item['name'], 'type': p['type'], 'permission': p['permission'],
                        'last_value': None, 'last_value_updated_at': '2026-01-01T00:00:00Z'}
    raise KeyError(prop_id)


SHED_DOOR_LINKED = {'id': SHED_DOOR, 'name': 'door', 'variable_name': 'door', 'thing_id': SHED, 'thing_name': 'shed',
                    'type': 'BOOL', 'permission': 'READ_WRITE', 'last_value': True}


def server_widget(widget_id, name, variables, wtype='Value'):
    """An ArduinoWidgetv2; ``variables`` are property ids (made linked variables) or ready dicts/strings."""
    return {'id': widget_id, 'name': name, 'type': wtype, 'x': 0, 'y': 0, 'width': 2, 'height': 1,
            'options': {'showThing': True}, 'has_permission_incompatibility': False,
            'has_type_incompatibility': False, 'has_unlinked_variable': False,
            'variables': [linked(v) if isinstance(v, str) else v for v in variables]}


def server_dashboard(dashboard_id, name, widgets=None):
    """An ArduinoDashboardv2 as GET /iot/v2/dashboards/{id} answers it."""
    return {'id': dashboard_id, 'name': name, 'updated_at': '2026-01-01T00:00:00Z',
            'created_by': {'user_id': DEMO_USER, 'username': 'demo'}, 'shared_with': [],
            'widgets': widgets or []}


# ---- the fake client ---------------------------------------------------------------------------

class FakeClient(object):
    """Stands in for ArduinoClient with canned dashboards and records every call it gets.

    ``list_dashboards`` filters by name like the server does (a case-insensitive substring) and,
    with ``list_widgets=False``, leaves the widgets out as a terser list endpoint may.
    ``get_dashboard`` raises NotFound for an unknown id or one in ``gone`` (listed, deleted since),
    and raises ``fail`` when given. It has read methods only: a write would be an AttributeError."""

    def __init__(self, dashboards=(), list_widgets=True, gone=(), fail=None):
        self.dashboards = [copy.deepcopy(d) for d in dashboards]
        self.list_widgets = list_widgets
        self.gone = set(gone)
        self.fail = fail
        self.calls = []

    def list_dashboards(self, name=None, thing_id=None, user_id=None):
        query = dict((k, v) for k, v in (('name', name), ('thing_id', thing_id), ('user_id', user_id)) if v is not None)
        self.calls.append(('list_dashboards', query))
        result = []
        for dashboard in self.dashboards:
            if name is not None and name.lower() not in dashboard['name'].lower():
                continue
            listed = copy.deepcopy(dashboard)
            if not self.list_widgets:
                del listed['widgets']
            result.append(listed)
        return result

    def get_dashboard(self, dashboard_id):
        self.calls.append(('get_dashboard', dashboard_id))
        if self.fail is not None:
            raise self.fail
        for dashboard in self.dashboards:
            if dashboard['id'] == str(dashboard_id).lower() and dashboard['id'] not in self.gone:
                return copy.deepcopy(dashboard)
        raise NotFound('GET', '/iot/v2/dashboards/%s' % dashboard_id, 404, 'dashboard %s not found' % dashboard_id)

    def list_things(self, show_properties=True):
        self.calls.append(('list_things', show_properties))
        return copy.deepcopy(THINGS)

    def get_thing(self, thing_id):
        self.calls.append(('get_thing', thing_id))
        return copy.deepcopy(THING_BY_ID[thing_id])


def GET(dashboard_id):
    return ('get_dashboard', dashboard_id)


def LIST(name):
    return ('list_dashboards', {'name': name})


# ---- find_dashboard ----------------------------------------------------------------------------

DG = 'dddddddd-0000-4000-8000-000000000001'
DG_WEEKEND = 'dddddddd-0000-4000-8000-000000000002'
DG_LOWER = 'dddddddd-0000-4000-8000-000000000003'
DU = 'dddddddd-0000-4000-8000-000000000004'
GARAGE_1 = 'dddddddd-0000-4000-8000-000000000006'
GARAGE_2 = 'dddddddd-0000-4000-8000-000000000005'
DX = 'dddddddd-0000-4000-8000-000000000007'
NAMED_LIKE_UUID = 'eeeeeeee-0000-4000-8000-000000000001'
UNKNOWN = 'ffffffff-0000-4000-8000-000000000001'

DASHBOARDS = [
    server_dashboard(DG, 'Greenhouse', [server_widget('cccccccc-0000-4000-8000-000000000001', 'Temperature', [GH_TEMP])]),
    server_dashboard(DG_WEEKEND, 'Greenhouse weekend'),
    server_dashboard(DG_LOWER, 'greenhouse'),
    server_dashboard(DU, NAMED_LIKE_UUID),
    server_dashboard(GARAGE_1, 'Garage'),
    server_dashboard(GARAGE_2, 'Garage'),
    server_dashboard(DX, DG),
]
DASHBOARD_BY_ID = dict((d['id'], d) for d in DASHBOARDS)

FIND = [
    # kwargs, list_widgets, expected dashboard id (None: not found), the client calls in order
    pytest.param(dict(ident=DG), True, DG, [GET(DG)],
                 id='ident: a UUID is read as an id; a dashboard named like it is not looked for'),
    pytest.param(dict(ident=DG.upper()), True, DG, [GET(DG.upper())], id='ident: an upper-case UUID is an id too'),
    pytest.param(dict(ident='Greenhouse'), True, DG, [LIST('Greenhouse')],
                 id='ident: a name is listed with the name filter, then matched exactly; the list has the widgets'),
    pytest.param(dict(ident='Greenhouse'), False, DG, [LIST('Greenhouse'), GET(DG)],
                 id='ident: a listing without widgets is followed by one read of the match'),
    pytest.param(dict(ident='greenhouse'), True, DG_LOWER, [LIST('greenhouse')], id='ident: the exact match is case-sensitive'),
    pytest.param(dict(ident='Greenhouse week'), True, None, [LIST('Greenhouse week')],
                 id='ident: a partial match of the server filter is not a match'),
    pytest.param(dict(ident=NAMED_LIKE_UUID), True, DU, [GET(NAMED_LIKE_UUID), LIST(NAMED_LIKE_UUID)],
                 id='ident: a UUID that is no id is then tried as a name'),
    pytest.param(dict(ident=NAMED_LIKE_UUID), False, DU, [GET(NAMED_LIKE_UUID), LIST(NAMED_LIKE_UUID), GET(DU)],
                 id='ident: ... and the name match is then read in full'),
    pytest.param(dict(ident=UNKNOWN), True, None, [GET(UNKNOWN), LIST(UNKNOWN)], id='ident: an unknown UUID is none'),
    pytest.param(dict(ident='Shed'), False, None, [LIST('Shed')], id='ident: an unknown name is none, nothing read'),
    pytest.param(dict(dashboard_id=DG), True, DG, [GET(DG)], id='dashboard_id: read by id'),
    pytest.param(dict(dashboard_id=NAMED_LIKE_UUID), True, None, [GET(NAMED_LIKE_UUID)],
                 id='dashboard_id: an unknown id is none, never tried as a name'),
    pytest.param(dict(dashboard_id='Greenhouse'), True, None, [], id='dashboard_id: not a UUID, so nothing is sent'),
    pytest.param(dict(dashboard_id=DG, name='Garage'), True, DG, [GET(DG)], id='dashboard_id wins over name'),
    pytest.param(dict(name='Greenhouse'), True, DG, [LIST('Greenhouse')], id='name: listed and matched exactly'),
    pytest.param(dict(name='Greenhouse'), False, DG, [LIST('Greenhouse'), GET(DG)], id='name: read in full when listed without widgets'),
    pytest.param(dict(name=DG), True, DX, [LIST(DG)], id='name: a UUID-shaped name is only a name, never read as an id'),
    pytest.param(dict(name='Shed'), True, None, [LIST('Shed')], id='name: an unknown name is none'),
    pytest.param(dict(), True, None, [], id='nothing given: none, nothing sent'),
    pytest.param(dict(ident=None, dashboard_id=None, name=None), True, None, [], id='all None: none, nothing sent'),
]


@pytest.mark.parametrize('kwargs, list_widgets, expected, calls', FIND)
def test_find_dashboard(kwargs, list_widgets, expected, calls):
    client = FakeClient(DASHBOARDS, list_widgets=list_widgets)
    found = _lookup.find_dashboard(client, **kwargs)
    assert client.calls == calls
    if expected is None:
        assert found is None
    else:
        # The raw server dashboard, widgets included, as GET /iot/v2/dashboards/{id} gives it.
        assert found == DASHBOARD_BY_ID[expected]


@pytest.mark.parametrize('kwargs', [dict(ident='Garage'), dict(name='Garage')])
@pytest.mark.parametrize('list_widgets', [True, False])
def test_find_dashboard_refuses_an_ambiguous_name_listing_the_ids(kwargs, list_widgets):
    client = FakeClient(DASHBOARDS, list_widgets=list_widgets)
    with pytest.raises(AmbiguousError) as exc:
        _lookup.find_dashboard(client, **kwargs)
    message = str(exc.value)
    assert "2 dashboards are named 'Garage'" in message
    assert 'ids %s, %s' % (GARAGE_2, GARAGE_1) in message  # sorted
    assert client.calls == [LIST('Garage')]  # neither of them is read


def test_find_dashboard_listed_but_deleted_before_the_read_is_none():
    client = FakeClient(DASHBOARDS, list_widgets=False, gone=[DG])
    assert _lookup.find_dashboard(client, name='Greenhouse') is None
    assert client.calls == [LIST('Greenhouse'), GET(DG)]


@pytest.mark.parametrize('error', [
    ServerError('GET', '/iot/v2/dashboards/%s' % DG, 503, 'unavailable'),
    Unauthorized('GET', '/iot/v2/dashboards/%s' % DG, 401, 'token expired'),
    ApiError('GET', '/iot/v2/dashboards/%s' % DG, 403, 'forbidden'),
], ids=['5xx', '401', '403'])
@pytest.mark.parametrize('kwargs', [dict(ident=DG), dict(dashboard_id=DG)], ids=['ident', 'dashboard_id'])
def test_find_dashboard_only_a_404_means_not_found(kwargs, error):
    """Any other failure of the read is raised, not taken for a missing dashboard nor retried as a name."""
    client = FakeClient(DASHBOARDS, fail=error)
    with pytest.raises(type(error)) as exc:
        _lookup.find_dashboard(client, **kwargs)
    assert exc.value is error
    assert client.calls == [GET(DG)]


def test_modules_catch_not_found_through_lookup():
    # dashboard.py and dashboard_info.py catch ``_lookup.NotFound``: it must be the transport's class.
    assert _lookup.NotFound is NotFound


# ---- find_thing --------------------------------------------------------------------------------

FIND_THING = [
    # listing, thing (name or id), expected thing id
    pytest.param(THINGS, GH, GH, id='by id'),
    pytest.param(THINGS, 'greenhouse', GH, id='by exact name'),
    pytest.param(THINGS, 'weather-station', WS, id='another name'),
    pytest.param(THINGS, TWIN_B, TWIN_B, id='an id picks one of two things of the same name'),
    pytest.param(THINGS, DECOY, DECOY, id='the decoy by its own id'),
    pytest.param([THING_BY_ID[DECOY], THING_BY_ID[GH]], GH, GH,
                 id='an id is matched before a name equal to it (the decoy is named like greenhouse id)'),
    pytest.param([THING_BY_ID[GH], THING_BY_ID[DECOY]], GH, GH, id='... whatever the order of the listing'),
    pytest.param(THINGS, GH.upper(), GH, id='an id in upper case, as UUIDs may be written'),
]


@pytest.mark.parametrize('things, ident, expected', FIND_THING)
def test_find_thing(things, ident, expected):
    found = th.find_thing(things, ident)
    assert found is next(t for t in things if t['id'] == expected)  # the listing's own item


FIND_THING_REFUSED = [
    # listing, thing, words the message must hold
    pytest.param(THINGS, 'shed', ["thing 'shed' not found in this organization"], id='unknown name'),
    pytest.param(THINGS, SHED, ["thing '%s' not found in this organization" % SHED], id='unknown id'),
    pytest.param(THINGS, 'Greenhouse', ["thing 'Greenhouse' not found"], id='the name match is case-sensitive'),
    pytest.param(THINGS, 'green', ["thing 'green' not found"], id='a part of a name is no match'),
    pytest.param([], 'greenhouse', ["thing 'greenhouse' not found"], id='empty listing'),
    pytest.param(None, 'greenhouse', ["thing 'greenhouse' not found"], id='no listing'),
    pytest.param(THINGS, 'twin', ["thing name 'twin' is ambiguous", '2 things have it',
                                  '(ids %s, %s)' % (TWIN_A, TWIN_B), 'use the thing id'],
                 id='two things of that name: their ids, sorted'),
]


@pytest.mark.parametrize('things, ident, words', FIND_THING_REFUSED)
def test_find_thing_refuses(things, ident, words):
    with pytest.raises(ValidationError) as exc:
        th.find_thing(things, ident)
    for word in words:
        assert word in str(exc.value)
    assert '\n' not in str(exc.value)


# ---- owners_name -------------------------------------------------------------------------------

@pytest.mark.parametrize('things, thing_id, expected', [
    pytest.param(THINGS, GH, 'greenhouse', id='the name of the thing with that id'),
    pytest.param(THINGS, TWIN_A, 'twin', id='a twin'),
    pytest.param(THINGS, SHED, SHED, id='not in the listing: the id itself'),
    pytest.param([{'id': SHED}], SHED, SHED, id='unnamed: the id itself'),
    pytest.param([{'id': SHED, 'name': ''}], SHED, SHED, id='empty name: the id itself'),
    pytest.param(None, GH, GH, id='no listing: the id itself'),
])
def test_owners_name(things, thing_id, expected):
    assert cln.owners_name(things, thing_id) == expected


# ---- dashboard_devices -------------------------------------------------------------------------

W1 = 'cccccccc-0000-4000-8000-000000000001'
W2 = 'cccccccc-0000-4000-8000-000000000002'
W3 = 'cccccccc-0000-4000-8000-000000000003'
W4 = 'cccccccc-0000-4000-8000-000000000004'


def device(device_id, thing_id, thing_name):
    return {'device_id': device_id, 'thing_id': thing_id, 'thing_name': thing_name}


GREENHOUSE_DEVICE = device(GH_DEVICE, GH, 'greenhouse')
WEATHER_DEVICE = device(WS_DEVICE, WS, 'weather-station')

DEVICES = [
    # raw dashboard, things listing, expected devices
    pytest.param(server_dashboard(DG, 'Greenhouse', [
        server_widget(W1, 'Wind', [WS_WIND]),
        server_widget(W2, 'Climate', [GH_TEMP, GH_HUM], 'Chart'),
        server_widget(W3, 'Fan', [GH_FAN], 'Switch'),
    ]), THINGS, [GREENHOUSE_DEVICE, WEATHER_DEVICE],
        id='one entry per thing however many variables and widgets use it, sorted by thing name'),
    pytest.param(server_dashboard(DG, 'Greenhouse', [
        server_widget(W1, 'Wind', [WS_PRESSURE, WS_WIND]),
    ]), THINGS, [WEATHER_DEVICE], id='two variables of one thing in one widget'),
    pytest.param(server_dashboard(DG, 'Greenhouse', [
        server_widget(W1, 'Wind', [WS_WIND]),
        dict(server_widget(W2, 'Climate', []), variables=[GH_TEMP, GH_HUM]),
    ]), THINGS, [GREENHOUSE_DEVICE, WEATHER_DEVICE], id='variables given as bare property ids are resolved too'),
    pytest.param(server_dashboard(DG, 'Lamp', [server_widget(W1, 'Light', [LAMP_LIGHT], 'Switch')]),
                 THINGS, [device(None, LAMP, 'desk-lamp')], id='a thing without a device: device_id None'),
    pytest.param(server_dashboard(DG, 'Twins', [
        server_widget(W1, 'B', [TWIN_B_LEVEL]),
        server_widget(W2, 'A', [TWIN_A_LEVEL]),
    ]), THINGS, [device('a1000000-0000-4000-8000-0000000000d7', TWIN_A, 'twin'),
                 device('a1000000-0000-4000-8000-0000000000d8', TWIN_B, 'twin')],
        id='things of the same name are sorted by id'),
    pytest.param(server_dashboard(DG, 'Shed', [
        server_widget(W1, 'Door', [SHED_DOOR_LINKED]),
        server_widget(W2, 'Climate', [GH_TEMP]),
    ]), THINGS, [GREENHOUSE_DEVICE, device(None, SHED, 'shed')],
        id='a linked variable of a thing not listed: its thing from the variable, no device'),
    pytest.param(server_dashboard(DG, 'Shed', [
        server_widget(W1, 'Door', [dict(SHED_DOOR_LINKED, thing_name=None)]),
        server_widget(W2, 'Climate', [GH_TEMP]),
    ]), THINGS, [device(None, SHED, None), GREENHOUSE_DEVICE], id='an unnamed thing sorts first'),
    pytest.param(server_dashboard(DG, 'Shed', [dict(server_widget(W1, 'Door', []), variables=[SHED_DOOR])]),
                 THINGS, [], id='a bare property id not in the listing tells nothing'),
    pytest.param(server_dashboard(DG, 'Greenhouse', [server_widget(W1, 'Climate', [GH_TEMP, WS_WIND])]),
                 None, [device(None, GH, 'greenhouse'), device(None, WS, 'weather-station')],
                 id='no listing: the things of the linked variables, without devices'),
    pytest.param(server_dashboard(DG, 'Greenhouse', [dict(server_widget(W1, 'Climate', []), variables=[GH_TEMP])]),
                 None, [], id='no listing and bare property ids: nothing'),
    pytest.param(server_dashboard(DG, 'Empty', [server_widget(W1, 'Note', [], 'Messenger')]), THINGS, [],
                 id='a widget without variables'),
    pytest.param(server_dashboard(DG, 'Empty', [dict(server_widget(W1, 'Note', []), variables=None)]), THINGS, [],
                 id='a widget with variables None'),
    pytest.param(server_dashboard(DG, 'Empty'), THINGS, [], id='no widgets'),
    pytest.param({'id': DG, 'name': 'Listed'}, THINGS, [], id='widgets left out'),
    pytest.param(None, THINGS, [], id='no dashboard'),
]


@pytest.mark.parametrize('raw, things, expected', DEVICES)
def test_dashboard_devices(raw, things, expected):
    assert th.dashboard_devices(raw, things) == expected


def test_dashboard_devices_prefers_the_listing_to_the_linked_variable():
    # The linked variable names the thing too, but only the listing knows its device.
    raw = server_dashboard(DG, 'Greenhouse', [server_widget(W1, 'Climate', [dict(linked(GH_TEMP), thing_name='stale')])])
    assert th.dashboard_devices(raw, THINGS) == [GREENHOUSE_DEVICE]


# ---- clone_overrides ---------------------------------------------------------------------------

def normalised_widget(widget_id, wtype, x, variables):
    return {'id': widget_id, 'type': wtype, 'x': x, 'y': 0, 'width': 2, 'height': 1,
            'options': {'showThing': True}, 'variables': sorted(variables)}


# The normalised source dashboard (normalize_dashboard of the server object), as run_clone passes it.
SOURCE = {
    'id': DG, 'name': 'Greenhouse', 'cover_image': 'https://example.com/greenhouse.png',
    'widgets': {
        'Climate': normalised_widget(W1, 'Chart', 0, [GH_TEMP, GH_HUM]),
        'Fan': normalised_widget(W2, 'Switch', 2, [GH_FAN]),
        'Wind': normalised_widget(W3, 'Value', 4, [WS_WIND]),
        'Note': normalised_widget(W4, 'Messenger', 6, []),
    },
}
EMPTY_SOURCE = {'id': DG, 'name': 'Empty', 'cover_image': None,
                'widgets': {'Note': normalised_widget(W4, 'Messenger', 6, [])}}


def override(old, new):
    return {'old_thing_id': old, 'new_thing_id': new}


OVERRIDES = [
    # source, thing_map, expected overrides
    pytest.param(SOURCE, {'greenhouse': 'greenhouse-2'}, [override(GH, GH2)], id='names to names'),
    pytest.param(SOURCE, {GH: GH2}, [override(GH, GH2)], id='ids to ids'),
    pytest.param(SOURCE, {'greenhouse': GH2}, [override(GH, GH2)], id='a name to an id'),
    pytest.param(SOURCE, {'weather-station': 'anemometer', 'greenhouse': 'greenhouse-2'},
                 [override(GH, GH2), override(WS, ANEMO)], id='several keys, in the sorted order of the keys'),
    pytest.param(SOURCE, {'weather-station': 'anemometer'}, [override(WS, ANEMO)],
                 id='the new thing needs only the variables the source uses (anemometer has no pressure)'),
    pytest.param(SOURCE, {'greenhouse': 'greenhouse'}, [override(GH, GH)], id='a thing to itself'),
    pytest.param(SOURCE, {}, [], id='an empty map: no overrides'),
    pytest.param(SOURCE, None, [], id='no map: no overrides'),
    pytest.param(EMPTY_SOURCE, {}, [], id='a source without variables and no map'),
]


@pytest.mark.parametrize('source, thing_map, expected', OVERRIDES)
def test_clone_overrides(source, thing_map, expected):
    assert cln.clone_overrides(source, thing_map, THINGS) == expected


def upper_case_source():
    source = copy.deepcopy(SOURCE)
    for widget in source['widgets'].values():
        widget['variables'] = [v.upper() for v in widget['variables']]
    return source


def upper_case_things():
    things = copy.deepcopy(THINGS)
    for item in things:
        for p in item['properties']:
            p['id'] = p['id'].upper()
    return things


@pytest.mark.parametrize('source, things', [
    pytest.param(upper_case_source(), THINGS, id='upper-case ids in the source'),
    pytest.param(SOURCE, upper_case_things(), id='upper-case property ids in the listing'),
])
def test_clone_overrides_compare_property_ids_without_case(source, things):
    assert cln.clone_overrides(source, {'greenhouse': 'greenhouse-2'}, things) == [override(GH, GH2)]


OVERRIDES_REFUSED = [
    # source, thing_map, words the message must hold
    pytest.param(SOURCE, {'desk-lamp': 'greenhouse-2'},
                 ["thing_map key 'desk-lamp'", "uses no variable of thing 'desk-lamp'", '(it uses: greenhouse, weather-station)'],
                 id='a key the source does not use, with the things it does use'),
    pytest.param(SOURCE, {LAMP: 'greenhouse-2'}, ["thing_map key '%s'" % LAMP, "of thing 'desk-lamp'"],
                 id='a key given by id names the thing'),
    pytest.param(EMPTY_SOURCE, {'greenhouse': 'greenhouse-2'}, ["thing_map key 'greenhouse'", '(it uses: none)'],
                 id='a source without variables uses none'),
    pytest.param(SOURCE, {'shed': 'greenhouse-2'}, ["thing 'shed' not found in this organization"], id='an unknown key'),
    pytest.param(SOURCE, {'greenhouse': 'shed'}, ["thing 'shed' not found in this organization"], id='an unknown value'),
    pytest.param(SOURCE, {'twin': 'greenhouse-2'}, ["thing name 'twin' is ambiguous", TWIN_A, TWIN_B], id='an ambiguous key'),
    pytest.param(SOURCE, {'greenhouse': 'twin'}, ["thing name 'twin' is ambiguous", '(ids %s, %s)' % (TWIN_A, TWIN_B)],
                 id='an ambiguous value'),
    pytest.param(SOURCE, {'greenhouse': 'greenhouse-lite'},
                 ["thing_map 'greenhouse' -> 'greenhouse-lite'", "thing 'greenhouse-lite' has no variable humidity"],
                 id='the new thing lacks a variable the source uses'),
    pytest.param(SOURCE, {'greenhouse': 'weather-station'}, ["thing 'weather-station' has no variable fan, humidity, temperature"],
                 id='every missing variable, sorted'),
    pytest.param(SOURCE, {'greenhouse': TWIN_A}, ["thing 'twin' has no variable fan, humidity, temperature"],
                 id='a value given by id'),
    pytest.param(SOURCE, {'greenhouse': 'greenhouse-2', 'weather-station': 'greenhouse-2'},
                 ["thing_map 'weather-station' -> 'greenhouse-2'", 'has no variable wind_speed'],
                 id='one bad key refuses the whole map'),
]


@pytest.mark.parametrize('source, thing_map, words', OVERRIDES_REFUSED)
def test_clone_overrides_refuses(source, thing_map, words):
    with pytest.raises(ValidationError) as exc:
        cln.clone_overrides(source, thing_map, THINGS)
    for word in words:
        assert word in str(exc.value)
    assert '\n' not in str(exc.value)


def test_clone_overrides_refuses_two_keys_for_one_source_thing():
    with pytest.raises(ValidationError) as exc:
        cln.clone_overrides(SOURCE, {'greenhouse': 'greenhouse-2', GH: 'greenhouse'}, THINGS)
    assert str(exc.value) == "thing_map keys %r and 'greenhouse' name the same thing 'greenhouse'; give it once" % GH


def test_clone_overrides_do_not_change_their_inputs():
    source, things, thing_map = copy.deepcopy(SOURCE), copy.deepcopy(THINGS), {'greenhouse': 'greenhouse-2'}
    cln.clone_overrides(source, thing_map, things)
    assert (source, things, thing_map) == (SOURCE, THINGS, {'greenhouse': 'greenhouse-2'})


# ---- predict_clone -----------------------------------------------------------------------------

def predicted(widgets, name='Greenhouse copy', cover_image='https://example.com/greenhouse.png'):
    """The expected prediction: SOURCE's widgets without ids, with these variables per widget."""
    result = {'id': None, 'name': name, 'cover_image': cover_image, 'widgets': {}}
    for key, variables in widgets.items():
        result['widgets'][key] = dict(SOURCE['widgets'][key], id=None, variables=sorted(variables))
    return result


UNMOVED = {'Climate': [GH_TEMP, GH_HUM], 'Fan': [GH_FAN], 'Wind': [WS_WIND], 'Note': []}

PREDICT = [
    # overrides, expected widget variables
    pytest.param([], UNMOVED, id='no overrides: a renamed copy without ids'),
    pytest.param(None, UNMOVED, id='overrides None: the same'),
    pytest.param([override(GH, GH2)], {'Climate': [GH2_TEMP, GH2_HUM], 'Fan': [GH2_FAN], 'Wind': [WS_WIND], 'Note': []},
                 id='the variables of the old thing move to the same-named variables of the new thing'),
    pytest.param([override(GH, GH2), override(WS, ANEMO)],
                 {'Climate': [GH2_TEMP, GH2_HUM], 'Fan': [GH2_FAN], 'Wind': [ANEMO_WIND], 'Note': []}, id='two things moved'),
    pytest.param([override(GH, GH)], UNMOVED, id='a thing to itself changes no variable'),
    pytest.param([override(LAMP, GH2)], UNMOVED, id='an override of a thing the source does not use changes nothing'),
]


@pytest.mark.parametrize('overrides, widgets', PREDICT)
def test_predict_clone(overrides, widgets):
    assert cln.predict_clone(SOURCE, 'Greenhouse copy', overrides, THINGS) == predicted(widgets)


def test_predict_clone_from_the_overrides_of_clone_overrides():
    # What run_clone does in check mode: one things listing serves both steps.
    overrides = cln.clone_overrides(SOURCE, {'weather-station': ANEMO, 'greenhouse': 'greenhouse-2'}, THINGS)
    assert cln.predict_clone(SOURCE, 'Greenhouse copy', overrides, THINGS) == predicted(
        {'Climate': [GH2_TEMP, GH2_HUM], 'Fan': [GH2_FAN], 'Wind': [ANEMO_WIND], 'Note': []})


def test_predict_clone_swaps_two_things():
    # Each variable moves once, from its own thing: a swap does not move variables back again.
    source = dict(SOURCE, widgets={'Mixed': normalised_widget(W1, 'Chart', 0, [GH_TEMP, GH2_HUM])})
    overrides = cln.clone_overrides(source, {'greenhouse': 'greenhouse-2', 'greenhouse-2': 'greenhouse'}, THINGS)
    assert overrides == [override(GH, GH2), override(GH2, GH)]
    copied = cln.predict_clone(source, 'Swapped', overrides, THINGS)
    assert copied['widgets']['Mixed']['variables'] == sorted([GH2_TEMP, GH_HUM])


def test_predict_clone_merges_variables_that_land_on_one_property():
    source = dict(SOURCE, widgets={'Both': normalised_widget(W1, 'Chart', 0, [GH_TEMP, GH2_TEMP])})
    copied = cln.predict_clone(source, 'Merged', [override(GH, GH2)], THINGS)
    assert copied['widgets']['Both']['variables'] == [GH2_TEMP]


def test_predict_clone_keeps_variables_the_listing_does_not_know():
    source = dict(SOURCE, widgets={'Door': normalised_widget(W1, 'Switch', 0, [SHED_DOOR, GH_FAN])})
    copied = cln.predict_clone(source, 'Copy', [override(GH, GH2)], THINGS)
    assert copied['widgets']['Door']['variables'] == sorted([SHED_DOOR, GH2_FAN])


@pytest.mark.parametrize('variable, things, moved_to', [
    pytest.param(GH_FAN.upper(), THINGS, GH2_FAN, id='an upper-case id in the source'),
    pytest.param(GH_FAN, upper_case_things(), GH2_FAN.upper(), id='upper-case ids in the listing: the listed id is used'),
])
def test_predict_clone_compares_property_ids_without_case(variable, things, moved_to):
    source = dict(SOURCE, widgets={'Fan': normalised_widget(W2, 'Switch', 2, [variable])})
    copied = cln.predict_clone(source, 'Copy', [override(GH, GH2)], things)
    assert copied['widgets']['Fan']['variables'] == [moved_to]


def test_predict_clone_of_a_source_without_cover_or_widgets():
    source = {'id': DG, 'name': 'Bare', 'cover_image': None, 'widgets': {}}
    assert cln.predict_clone(source, 'Bare copy', [], []) == {
        'id': None, 'name': 'Bare copy', 'cover_image': None, 'widgets': {}}


def test_predict_clone_does_not_change_the_source():
    source = copy.deepcopy(SOURCE)
    cln.predict_clone(source, 'Greenhouse copy', [override(GH, GH2)], THINGS)
    assert source == SOURCE
