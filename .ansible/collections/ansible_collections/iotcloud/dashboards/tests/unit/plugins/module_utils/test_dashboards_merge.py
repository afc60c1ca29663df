# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the dashboard modules see the server: normalisation of responses, merging the desired state
into the current one, comparison, request payloads and the lookups by name."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as d
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    AmbiguousError,
    ValidationError,
)

DASH = 'dddddddd-0000-4000-8000-000000000001'
P1 = 'aaaaaaaa-0000-4000-8000-000000000001'
P2 = 'aaaaaaaa-0000-4000-8000-000000000002'
P3 = 'aaaaaaaa-0000-4000-8000-000000000003'
W1 = 'cccccccc-0000-4000-8000-000000000001'
W2 = 'cccccccc-0000-4000-8000-000000000002'
W3 = 'cccccccc-0000-4000-8000-000000000003'


def linked(prop_id, name='temperature'):
    """An ArduinoLinkedvariable as the server expands it inside a widget."""
    return {'id': prop_id, 'name': name, 'variable_name': name, 'thing_id': 'bbbbbbbb-0000-4000-8000-000000000001',
            'thing_name': 'greenhouse', 'type': 'FLOAT', 'permission': 'READ_ONLY', 'last_value': 21.5,
            'last_value_updated_at': '2026-01-01T00:00:00Z'}


# An ArduinoDashboardv2 with every server-owned field the normalisation must drop.
SERVER_DASHBOARD = {
    'id': DASH, 'name': 'Greenhouse', 'updated_at': '2026-01-01T00:00:00Z', 'cover_image': None,
    'created_by': {'user_id': 'eeeeeeee-0000-4000-8000-000000000001', 'username': 'ada'},
    'organization_id': 'ffffffff-0000-4000-8000-000000000001',
    'shared_with': [{'user_id': 'eeeeeeee-0000-4000-8000-000000000002', 'username': 'bob'}],
    'widgets': [
        {'id': W1, 'name': 'Temperature', 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 1,
         'options': {'showThing': True, 'created_by': 'ada', 'thingId': 'x', 'properties': []},
         'variables': [linked(P2, 'humidity'), linked(P1)],
         'has_permission_incompatibility': False, 'has_type_incompatibility': False,
         'has_unlinked_variable': False},
        {'id': W2, 'name': 'Fan', 'type': 'Switch', 'x': 2, 'y': 0, 'width': 1, 'height': 1,
         'x_mobile': 0, 'y_mobile': 3, 'width_mobile': None, 'options': None},
    ],
}

NORMALISED = {
    'id': DASH, 'name': 'Greenhouse', 'cover_image': None,
    'widgets': {
        'Temperature': {'id': W1, 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 1,
                        'options': {'showThing': True}, 'variables': [P1, P2]},
        'Fan': {'id': W2, 'type': 'Switch', 'x': 2, 'y': 0, 'width': 1, 'height': 1, 'x_mobile': 0, 'y_mobile': 3,
                'options': {}, 'variables': []},
    },
}


def test_normalize_dashboard_drops_server_fields_and_expands_linked_variables_to_ids():
    assert d.normalize_dashboard(SERVER_DASHBOARD) == NORMALISED


@pytest.mark.parametrize('raw_widgets, expected_keys', [
    pytest.param([{'id': W1, 'type': 'Image'}], [W1], id='unnamed widget keyed by id'),
    pytest.param([{'id': W1, 'name': '', 'type': 'Image'}], [W1], id='empty name keyed by id'),
    pytest.param([{'id': W1, 'name': 'Light', 'type': 'LED'}, {'id': W2, 'name': 'Light', 'type': 'LED'}],
                 ['Light', W2], id='repeated name: the later widget keyed by id'),
    pytest.param(None, [], id='no widgets'),
])
def test_normalize_dashboard_widget_keys(raw_widgets, expected_keys):
    normalised = d.normalize_dashboard({'id': DASH, 'name': 'x', 'widgets': raw_widgets})
    assert list(normalised['widgets']) == expected_keys


@pytest.mark.parametrize('raw, expected', [
    pytest.param({'id': DASH, 'name': 'x', 'variables': [P2, P1, P2]}, [P1, P2], id='plain ids sorted, distinct'),
    pytest.param({'id': DASH, 'name': 'x', 'variables': [linked(P3), P1]}, [P1, P3], id='objects and ids'),
    pytest.param({'id': DASH, 'name': 'x', 'variables': [linked(P3.upper()), P1.upper(), P1]}, [P1, P3],
                 id='ids lower-cased, so an upper-case id in a playbook is no change'),
])
def test_normalize_widget_variables(raw, expected):
    widget = dict(raw, type='Value', id=W1, name='T')
    assert d.normalize_dashboard({'id': DASH, 'name': 'x', 'widgets': [widget]})['widgets']['T']['variables'] \
        == expected


def test_normalize_dashboard_of_none_is_none():
    assert d.normalize_dashboard(None) is None


def spec(name, **fields):
    """A validated and resolved module widget."""
    fields['name'] = name
    return fields


NEW_TEMP_ID = d.widget_id_for('acme', 'Greenhouse', 'Humidity')


@pytest.mark.parametrize('widgets, purge, expected_widgets', [
    pytest.param(None, True, NORMALISED['widgets'], id='widgets not given: left alone'),
    pytest.param([spec('Temperature', type='Value', width=2, height=1)], True,
                 {'Temperature': NORMALISED['widgets']['Temperature']}, id='purge drops unlisted widgets'),
    pytest.param([spec('Temperature', type='Value', width=2, height=1)], False,
                 NORMALISED['widgets'], id='no purge keeps unlisted widgets'),
    pytest.param([spec('Fan', type='Switch', width=4, height=1)], True,
                 {'Fan': dict(NORMALISED['widgets']['Fan'], width=4)},
                 id='keys not given keep current: id, x, y, mobile, options, variables'),
    pytest.param([spec('Fan', type='Switch', width=1, height=1, x=5, y_mobile=0, options={'showLabels': True},
                       variables=[P3])], True,
                 {'Fan': dict(NORMALISED['widgets']['Fan'], x=5, y_mobile=0, options={'showLabels': True},
                              variables=[P3])}, id='keys given replace current'),
    pytest.param([spec('Fan', type='Switch', width=1, height=1, options={'thingId': 'x', 'mode': 'a'})], True,
                 {'Fan': dict(NORMALISED['widgets']['Fan'], options={'mode': 'a'})},
                 id='server option keys never desired'),
    pytest.param([spec('Fan', type='Switch', width=1, height=1, variables=[P3, P1, P3])], True,
                 {'Fan': dict(NORMALISED['widgets']['Fan'], variables=[P1, P3])}, id='variables sorted, distinct'),
    pytest.param([spec('Humidity', type='Value', width=2, height=2)], True,
                 {'Humidity': {'id': NEW_TEMP_ID, 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 2,
                               'options': {}, 'variables': []}}, id='new widget: deterministic id and defaults'),
    pytest.param([spec('Humidity', type='Value', width=2, height=2, id=W3)], True,
                 {'Humidity': {'id': W3, 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 2,
                               'options': {}, 'variables': []}}, id='new widget with a given id'),
    pytest.param([spec('Fan', type='Switch', width=1, height=1, id=W3)], True,
                 {'Fan': dict(NORMALISED['widgets']['Fan'], id=W3)}, id='given id replaces the current id'),
    pytest.param([spec('Blower', type='Switch', width=1, height=1, id=W2)], False,
                 {'Blower': NORMALISED['widgets']['Fan'], 'Temperature': NORMALISED['widgets']['Temperature']},
                 id='id of a current widget renames it, no duplicate kept'),
])
def test_merge_dashboard_widgets(widgets, purge, expected_widgets):
    current = copy.deepcopy(NORMALISED)
    desired = d.merge_dashboard(current, 'Greenhouse', widgets, purge_widgets=purge, organization='acme')
    assert desired == {'id': DASH, 'name': 'Greenhouse', 'cover_image': None, 'widgets': expected_widgets}
    assert current == NORMALISED, 'the current dashboard must not be modified'


def test_merge_dashboard_keeps_the_widget_order_of_the_spec():
    desired = d.merge_dashboard(NORMALISED, 'Greenhouse', [spec('Fan', type='Switch', width=1, height=1),
                                                           spec('Temperature', type='Value', width=2, height=1)])
    assert list(desired['widgets']) == ['Fan', 'Temperature']


@pytest.mark.parametrize('current_cover, given, expected', [
    pytest.param(None, None, None, id='none and not given'),
    pytest.param('https://img/a.png', None, 'https://img/a.png', id='not given keeps current'),
    pytest.param('https://img/a.png', 'https://img/b.png', 'https://img/b.png', id='given replaces current'),
    pytest.param(None, 'https://img/b.png', 'https://img/b.png', id='given sets it'),
])
def test_merge_dashboard_cover_image(current_cover, given, expected):
    current = dict(NORMALISED, cover_image=current_cover)
    assert d.merge_dashboard(current, 'Greenhouse', cover_image=given)['cover_image'] == expected


def test_merge_dashboard_for_creation_is_deterministic():
    widgets = [spec('Temperature', type='Value', width=2, height=1, variables=[P1])]
    first = d.merge_dashboard(None, 'Greenhouse', widgets, organization='acme')
    assert first == d.merge_dashboard(None, 'Greenhouse', widgets, organization='acme')
    assert first == {'id': None, 'name': 'Greenhouse', 'cover_image': None, 'widgets': {'Temperature': {
        'id': d.widget_id_for('acme', 'Greenhouse', 'Temperature'), 'type': 'Value', 'x': 0, 'y': 0,
        'width': 2, 'height': 1, 'options': {}, 'variables': [P1]}}}


def test_merge_dashboard_renames_the_dashboard_and_keeps_widgets():
    desired = d.merge_dashboard(NORMALISED, 'Glasshouse')
    assert desired['name'] == 'Glasshouse'
    assert desired['widgets'] == NORMALISED['widgets']


def test_merge_dashboard_new_id_moves_on_when_taken():
    taken = d.widget_id_for('acme', 'Greenhouse', 'Humidity')
    current = copy.deepcopy(NORMALISED)
    current['widgets']['Fan']['id'] = taken
    desired = d.merge_dashboard(current, 'Greenhouse', [spec('Humidity', type='Value', width=1, height=1)],
                                purge_widgets=False, organization='acme')
    assert desired['widgets']['Humidity']['id'] == d.widget_id_for('acme', 'Greenhouse', 'Humidity#2')
    assert desired['widgets']['Fan']['id'] == taken


def test_merge_dashboard_refuses_unresolved_references():
    with pytest.raises(ValidationError) as exc:
        d.merge_dashboard(None, 'G', [spec('Fan', type='Switch', width=1, height=1,
                                           variables=[{'thing': 'greenhouse', 'variable': 'fan'}])])
    assert str(exc.value) == "widget 'Fan': variable reference {'thing': 'greenhouse', 'variable': 'fan'} " \
                             "is not resolved to a property id"


def changed(path, value):
    """NORMALISED with one nested value replaced; path is a tuple of keys."""
    result = copy.deepcopy(NORMALISED)
    target = result
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def reordered_server_dashboard():
    """The same dashboard as the server might send it again: other order, other server-added keys."""
    raw = copy.deepcopy(SERVER_DASHBOARD)
    raw['widgets'].reverse()
    raw['widgets'][1]['variables'].reverse()
    raw['widgets'][1]['options'] = {'thingId': 'y', 'showThing': True}
    raw['updated_at'] = '2026-02-02T00:00:00Z'
    return raw


@pytest.mark.parametrize('current, desired, expected', [
    pytest.param(NORMALISED, copy.deepcopy(NORMALISED), False, id='equal'),
    pytest.param(d.normalize_dashboard(reordered_server_dashboard()), NORMALISED, False,
                 id='no change from widget or variable order, server option keys, timestamps'),
    pytest.param(changed(('widgets', 'Fan', 'width_mobile'), 3), NORMALISED, False,
                 id='mobile field the desired side does not set'),
    pytest.param(changed(('widgets', 'Fan', 'options'), {'thingId': 'z'}), NORMALISED, False,
                 id='server option key only on one side'),
    pytest.param(changed(('cover_image',), ''), NORMALISED, False, id='empty cover image equals none'),
    pytest.param(None, NORMALISED, True, id='nothing yet: create'),
    pytest.param(NORMALISED, changed(('name',), 'Glasshouse'), True, id='name'),
    pytest.param(NORMALISED, changed(('cover_image',), 'https://img/a.png'), True, id='cover image'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'x'), 9), True, id='layout'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'type'), 'Push Button'), True, id='type'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'id'), W3), True, id='widget id'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'width_mobile'), 2), True, id='mobile field set'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'y_mobile'), 4), True, id='mobile field changed'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'options'), {'showLabels': False}), True, id='options'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan', 'variables'), [P3]), True, id='variables'),
    pytest.param(NORMALISED, changed(('widgets', 'Fan'), KeyError), True, id='widget removed'),
    pytest.param(changed(('widgets', 'Fan'), KeyError), NORMALISED, True, id='widget added'),
])
def test_dashboard_differs(current, desired, expected):
    assert d.dashboard_differs(current, desired) is expected


def test_payload_of_a_normalised_dashboard():
    desired = changed(('cover_image',), 'https://img/a.png')
    desired['widgets'][W3] = {'id': W3, 'type': 'Image', 'x': 1, 'y': 1, 'width': 1, 'height': 1,
                              'options': {'frameless': True}, 'variables': []}
    assert d.dashboard_payload(desired) == {'name': 'Greenhouse', 'cover_image': 'https://img/a.png', 'widgets': [
        {'id': W1, 'type': 'Value', 'name': 'Temperature', 'x': 0, 'y': 0, 'width': 2, 'height': 1,
         'options': {'showThing': True}, 'variables': [P1, P2]},
        {'id': W2, 'type': 'Switch', 'name': 'Fan', 'x': 2, 'y': 0, 'width': 1, 'height': 1, 'x_mobile': 0,
         'y_mobile': 3, 'options': {}, 'variables': []},
        {'id': W3, 'type': 'Image', 'x': 1, 'y': 1, 'width': 1, 'height': 1, 'options': {'frameless': True},
         'variables': []},
    ]}


def test_payload_leaves_out_an_unset_cover_image():
    assert 'cover_image' not in d.dashboard_payload(NORMALISED)


def test_the_server_echo_of_a_payload_is_not_a_change():
    """What check mode predicts is what a rerun reads back: merge -> payload -> echo -> normalise."""
    widgets = [spec('Temperature', type='Value', width=2, height=1, variables=[P2, P1]),
               spec('Fan', type='Switch', width=1, height=1, x_mobile=1, options={'showLabels': True})]
    desired = d.merge_dashboard(None, 'Greenhouse', widgets, organization='acme')
    echo = dict(d.dashboard_payload(desired), id=DASH, updated_at='now', organization_id='o')
    for item in echo['widgets']:
        item['variables'] = [linked(v) for v in item['variables']]
        item['options'] = dict(item['options'], created_by='ada')
    current = d.normalize_dashboard(echo)
    assert current == dict(desired, id=DASH)
    assert not d.dashboard_differs(current, d.merge_dashboard(current, 'Greenhouse', widgets, organization='acme'))


DASHBOARDS = [{'id': 'id-1', 'name': 'Greenhouse'}, {'id': 'id-2', 'name': 'Greenhouse 2'},
              {'id': 'id-3', 'name': 'Garage'}, {'id': 'id-4', 'name': 'Garage'}]


@pytest.mark.parametrize('name, expected', [
    pytest.param('Greenhouse', DASHBOARDS[0], id='exact match among LIKE results'),
    pytest.param('greenhouse', None, id='case matters'),
    pytest.param('Attic', None, id='no match'),
])
def test_select_by_name(name, expected):
    assert d.select_by_name(DASHBOARDS, name) == expected


def test_select_by_name_lists_the_ids_of_ambiguous_matches():
    with pytest.raises(AmbiguousError) as exc:
        d.select_by_name(DASHBOARDS, 'Garage')
    assert str(exc.value) == "2 dashboards are named 'Garage' (ids id-3, id-4); give id to choose one"


@pytest.mark.parametrize('wanted, expected', [
    pytest.param('Fan', ('Fan', NORMALISED['widgets']['Fan']), id='by name'),
    pytest.param(W1, ('Temperature', NORMALISED['widgets']['Temperature']), id='by id'),
    pytest.param(W1.upper(), ('Temperature', NORMALISED['widgets']['Temperature']), id='by id in upper case'),
    pytest.param('Door', (None, None), id='missing'),
])
def test_find_widget(wanted, expected):
    assert d.find_widget(NORMALISED, wanted) == expected


QUBITRO_DETAIL = {'id': DASH, 'name': 'Fleet', 'is_public': True, 'refresh_period': 60, 'widgets': [
    {'id': W1, 'widget_type': 'chart', 'title': 'Temp', 'subtitle': 's', 'metadata': {}, 'data_metadata': [{}]},
    {'id': W2, 'widget_type': 'stat', 'title': 'Temp'},
    {'id': W3, 'widget_type': 'gauge', 'title': ''},
]}


@pytest.mark.parametrize('raw, expected', [
    pytest.param({'id': DASH, 'name': 'Fleet', 'created': 't', 'last_modified': 't', 'is_public': False,
                  'refresh_period': 30, 'tags': ['a'], 'metadata': {'k': 'v'}, 'widgets': [W1, W2]},
                 {'id': DASH, 'name': 'Fleet', 'is_public': False, 'refresh_period': 30, 'tags': ['a'],
                  'metadata': {'k': 'v'}, 'widgets': {W1: {'id': W1, 'type': None, 'title': None},
                                                      W2: {'id': W2, 'type': None, 'title': None}}},
                 id='list item: widget ids only, timestamps dropped'),
    pytest.param(QUBITRO_DETAIL,
                 {'id': DASH, 'name': 'Fleet', 'is_public': True, 'refresh_period': 60, 'tags': [], 'metadata': {},
                  'widgets': {'Temp': {'id': W1, 'type': 'chart', 'title': 'Temp', 'subtitle': 's', 'metadata': {},
                                       'data_metadata': [{}]},
                              W2: {'id': W2, 'type': 'stat', 'title': 'Temp'},
                              W3: {'id': W3, 'type': 'gauge', 'title': ''}}},
                 id='detail: keyed by title, repeated or empty titles by id'),
    pytest.param(None, None, id='None'),
])
def test_normalize_qubitro_dashboard(raw, expected):
    assert d.normalize_qubitro_dashboard(raw) == expected
