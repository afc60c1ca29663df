# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dashboards with pages (v3): validating pages, the plan of a paged dashboard, its payload, the
v2 reading of a v3 dashboard, the spec export, and property references inside widget options."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _clone as cln
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _plan
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _spec
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError

ORG = '11111111-1111-4111-8111-111111111111'
TEMP = 'a1000000-0000-4000-8000-000000000011'
HUM = 'a1000000-0000-4000-8000-000000000012'
FAN = 'a1000000-0000-4000-8000-000000000013'
TEMP2 = 'b1000000-0000-4000-8000-000000000011'
HUM2 = 'b1000000-0000-4000-8000-000000000012'
THINGS = [
    {'id': 'a1000000-0000-4000-8000-000000000001', 'name': 'greenhouse', 'properties': [
        {'id': TEMP, 'name': 'temperature', 'variable_name': 'temperature'},
        {'id': HUM, 'name': 'humidity', 'variable_name': 'humidity'},
        {'id': FAN, 'name': 'fan', 'variable_name': 'fan'}]},
    {'id': 'b1000000-0000-4000-8000-000000000001', 'name': 'greenhouse-2', 'properties': [
        {'id': TEMP2, 'name': 'temperature', 'variable_name': 'temperature'},
        {'id': HUM2, 'name': 'humidity', 'variable_name': 'humidity'}]},
]


def _widget(name, **extra):
    widget = {'name': name, 'type': 'Value', 'width': 2, 'height': 2}
    widget.update(extra)
    return widget


def _pages(*spec):
    """_pages(('Main', ['a']), ('Second', ['b', 'c']))"""
    return [{'name': name, 'widgets': [_widget(w) for w in widgets]} for name, widgets in spec]


def _served(payload, dashboard_id='0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10'):
    """What a v3 server answers to a POST/PUT of ``payload``: the same, with ids, linked variables as
    objects and a field the collection does not own."""
    raw = copy.deepcopy(payload)
    raw['id'] = dashboard_id
    raw['updated_at'] = '2026-12-02T00:00:00Z'
    for widget in raw['widgets']:
        widget['variables'] = [{'id': v, 'name': 'x'} for v in widget['variables']]
        widget['has_unlinked_variable'] = False
    return raw


# ---- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize('pages, message', [
    ('Main', 'pages must be a list of {name, widgets, icon}'),
    ([{'name': 'P%d' % n} for n in range(31)], 'pages: a dashboard has at most 30 pages, got 31'),
    (['Main'], "pages[0] must be a dict with name, widgets and icon, got 'Main'"),
    ([{'name': 'Main', 'widget': []}], "pages[0] 'Main': unknown key widget; a page has name, icon, widgets"),
    ([{'widgets': []}], 'pages[0]: name is required and must be a string of 1 to 64 characters'),
    ([{'name': 'x' * 65}], 'must be a string of 1 to 64 characters'),
    ([{'name': 'Main'}, {'name': 'Main'}], "pages[1] 'Main': duplicate page name (also pages[0])"),
    ([{'name': 'Main', 'icon': 3}], "pages[0] 'Main': icon must be a string of at most 1024 characters"),
    ([{'name': 'Main', 'widgets': [{'name': 'a', 'type': 'Value', 'width': 1}]}],
     "pages[0] 'Main': widgets[0] 'a': height is required"),
    (_pages(('Main', ['a']), ('Second', ['a'])),
     "pages[1] 'Second': widgets[0] 'a': the name is also a widget of page 'Main'; widget names must be unique"),
    (_pages(('Main', ['top'])), "pages[0] 'Main': widgets[0] 'top': the name is also a widget of the main page"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_bad_pages_fail_in_one_line_naming_the_page(pages, message):
    with pytest.raises(ValidationError) as err:
        dsh.validate_pages(pages, [dsh.validate_widgets([_widget('top')])[0]])
    assert message in str(err.value)
    assert '\n' not in str(err.value)


def test_thirty_pages_are_fine_and_none_stays_none():
    assert len(dsh.validate_pages([{'name': 'P%d' % n} for n in range(30)])) == 30
    assert dsh.validate_pages(None) is None


# ---- the plan of a paged dashboard --------------------------------------------------------------

def test_a_new_paged_dashboard_gets_deterministic_page_ids_and_page_id_per_widget():
    pages = dsh.validate_pages(_pages(('Main', ['fan']), ('Second', ['temp', 'chart'])))
    main = dsh.validate_widgets([_widget('top')])
    plan = _plan.plan_dashboard(None, 'Paged', widgets=main, organization=ORG, pages=pages)
    assert plan['action'] == 'create' and plan['api'] == 3
    payload = plan['payload']
    main_id, second_id = dsh.page_id_for(ORG, 'Paged', 'Main'), dsh.page_id_for(ORG, 'Paged', 'Second')
    assert payload['pages'] == [{'id': main_id, 'name': 'Main', 'position': 0},
                                {'id': second_id, 'name': 'Second', 'position': 1}]
    assert [(w['name'], w['page_id']) for w in payload['widgets']] == [
        ('top', '0'), ('fan', main_id), ('temp', second_id), ('chart', second_id)]
    assert plan['after']['widgets']['temp']['page'] == 'Second'
    assert plan['after']['widgets']['top']['page'] is None
    # The same plan twice gives the same ids: check mode predicts the real run.
    assert _plan.plan_dashboard(None, 'Paged', widgets=main, organization=ORG, pages=pages)['payload'] == payload
    # What the server answers is the plan's after: the rerun is unchanged.
    rerun = _plan.plan_dashboard(_served(payload), 'Paged', widgets=main, organization=ORG, pages=pages)
    assert rerun['action'] == 'unchanged' and rerun['payload'] is None


def _current(pages_spec, main=('top',), icon=None):
    pages = dsh.validate_pages(pages_spec)
    if icon:
        pages[0]['icon'] = icon
    plan = _plan.plan_dashboard(None, 'Paged', widgets=dsh.validate_widgets([_widget(w) for w in main]),
                                organization=ORG, pages=pages)
    return _served(plan['payload'])


def test_moving_a_widget_to_another_page_keeps_its_id_and_is_one_update():
    raw = _current(_pages(('Main', ['fan']), ('Second', ['temp'])))
    before = dsh.normalize_dashboard(raw, paged=True)
    pages = dsh.validate_pages(_pages(('Main', ['fan', 'temp']), ('Second', [])))
    plan = _plan.plan_dashboard(raw, 'Paged', widgets=None, organization=ORG, pages=pages)
    assert plan['action'] == 'update' and plan['widgets_changed'] == ['temp']
    assert plan['after']['widgets']['temp']['id'] == before['widgets']['temp']['id']
    assert plan['after']['pages'] == before['pages']
    moved = [w for w in plan['payload']['widgets'] if w['name'] == 'temp'][0]
    assert moved['page_id'] == before['pages'][0]['id']
    # widgets None keeps the main page's widget
    assert plan['after']['widgets']['top'] == before['widgets']['top']


def test_pages_keep_their_id_and_icon_by_name_and_are_exactly_those_listed():
    raw = _current(_pages(('Main', ['fan']), ('Second', ['temp'])), icon='star')
    before = dsh.normalize_dashboard(raw, paged=True)
    pages = dsh.validate_pages(_pages(('Third', ['temp']), ('Main', ['fan'])))
    plan = _plan.plan_dashboard(raw, 'Paged', widgets=None, organization=ORG, pages=pages)
    assert plan['after']['pages'] == [
        {'id': dsh.page_id_for(ORG, 'Paged', 'Third'), 'name': 'Third', 'position': 0},
        {'id': before['pages'][0]['id'], 'name': 'Main', 'position': 1, 'icon': 'star'}]
    assert plan['action'] == 'update'


def test_without_purge_unlisted_widgets_stay_and_those_of_a_removed_page_go_to_the_main_page():
    raw = _current(_pages(('Main', ['fan']), ('Second', ['temp'])))
    pages = dsh.validate_pages(_pages(('Main', [])))
    kept = _plan.plan_dashboard(raw, 'Paged', widgets=[], organization=ORG, pages=pages, purge_widgets=False)
    assert sorted(kept['after']['widgets']) == ['fan', 'temp', 'top']
    assert kept['after']['widgets']['fan']['page'] == 'Main'
    assert kept['after']['widgets']['temp']['page'] is None
    purged = _plan.plan_dashboard(raw, 'Paged', widgets=[], organization=ORG, pages=pages)
    assert purged['after']['widgets'] == {}


def test_a_v3_dashboard_read_without_pages_is_its_v2_view():
    raw = _current(_pages(('Main', ['fan'])))
    flat = dsh.normalize_dashboard(raw)
    assert 'pages' not in flat and all('page' not in w for w in flat['widgets'].values())
    widgets = dsh.validate_widgets([_widget('top'), _widget('fan')])
    plan = _plan.plan_dashboard(raw, 'Paged', widgets=widgets, organization=ORG)
    assert plan['api'] == 2 and plan['action'] == 'unchanged'
    changed = _plan.plan_dashboard(raw, 'Paged', widgets=[dict(w, x=5) for w in widgets], organization=ORG)
    assert 'pages' not in changed['payload'] and all('page_id' not in w for w in changed['payload']['widgets'])


# ---- spec export ---------------------------------------------------------------------------------

def test_the_spec_of_a_paged_dashboard_has_its_pages_and_feeds_back_unchanged():
    raw = _current(_pages(('Main', ['fan']), ('Second', ['temp'])), icon='star')
    dashboard = dsh.normalize_dashboard(raw, paged=True)
    spec = _spec.export_spec(dashboard, THINGS)
    assert [w['name'] for w in spec['widgets']] == ['top']
    assert [(p['name'], p.get('icon'), [w['name'] for w in p['widgets']]) for p in spec['pages']] == [
        ('Main', 'star', ['fan']), ('Second', None, ['temp'])]
    definition = _spec.validate_definitions([spec])[0]
    plan = _plan.plan_set([raw], [definition], organization=ORG)[0][0]
    assert plan['action'] == 'unchanged'


# ---- property references in options ---------------------------------------------------------------

CHART = {'aggregation': {'greenhouse:temperature': 'avg', HUM.upper(): 'max'}, 'format': {'greenhouse:fan': 'HH:mm'},
         'title': 'greenhouse:temperature', 'axes': [1]}


def test_references_in_options_are_found_only_where_a_property_goes():
    assert option_refs.references('Advanced Chart', CHART) == [('greenhouse', 'fan'), ('greenhouse', 'temperature')]
    assert option_refs.references('Value', CHART) == []
    marker = {'markersSettings': [{'property': 'greenhouse-2:humidity', 'label': 'a:b'}, 'x', {'property': 3}]}
    assert option_refs.references('Image Map', marker) == [('greenhouse-2', 'humidity')]


def test_option_references_resolve_and_export_back():
    widgets = dsh.validate_widgets([_widget('trend', type='Advanced Chart', options=CHART)])
    assert th.variable_references(widgets) == [('greenhouse', 'fan'), ('greenhouse', 'temperature')]
    resolved = th.resolve_widget_variables(widgets, THINGS)[0]['options']
    assert resolved == {'aggregation': {TEMP: 'avg', HUM: 'max'}, 'format': {FAN: 'HH:mm'},
                        'title': 'greenhouse:temperature', 'axes': [1]}
    refs = dict((pid, {'thing': t['name'], 'variable': p['variable_name']})
                for pid, (t, p) in th.property_owners(THINGS).items())
    back = option_refs.to_references('Advanced Chart', resolved, refs)
    assert back['aggregation'] == {'greenhouse:temperature': 'avg', 'greenhouse:humidity': 'max'}
    assert back['format'] == {'greenhouse:fan': 'HH:mm'}


def test_an_unknown_option_reference_fails_naming_the_widget_and_the_option():
    widgets = dsh.validate_widgets([_widget('trend', type='Advanced Chart', options={'aggregation': {'greenhouse:rain': 'avg'}})])
    with pytest.raises(ValidationError) as err:
        th.resolve_widget_variables(widgets, THINGS)
    assert str(err.value) == "widget 'trend': options.aggregation: thing 'greenhouse' has no variable 'rain'"


def test_a_clone_onto_other_things_moves_the_option_references_too():
    source = {'id': 'x', 'name': 'S', 'cover_image': None, 'widgets': {
        'trend': {'id': 'w', 'type': 'Advanced Chart', 'x': 0, 'y': 0, 'width': 2, 'height': 2,
                  'options': {'aggregation': {TEMP: 'avg', FAN: 'max'}}, 'variables': [TEMP]}}}
    overrides = cln.clone_overrides(source, {'greenhouse': 'greenhouse-2'}, THINGS)
    predicted = cln.predict_clone(source, 'Copy', overrides, THINGS)
    # fan has no counterpart on greenhouse-2, so it stays; temperature moves
    assert predicted['widgets']['trend']['options'] == {'aggregation': {TEMP2: 'avg', FAN: 'max'}}
    assert predicted['widgets']['trend']['variables'] == [TEMP2]
