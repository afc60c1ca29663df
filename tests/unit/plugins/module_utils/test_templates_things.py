# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names to ids before any request: template files and their conversion to widgets (including the
real arduino-cloud-cli templates of the shared reference folder), and {thing, variable} references."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import json
import os

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as d
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _templates as tpl
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import ValidationError


def _templates_dir():
    """The real templates: $IOTCLOUD_REFERENCE/templates, else the copy `make` puts into the build tree
    (tests/output/reference), else ../shared/reference next to the repository."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
    candidates = [os.path.join(os.environ.get('IOTCLOUD_REFERENCE', '/nonexistent'), 'templates'),
                  os.path.join(root, 'tests', 'output', 'reference', 'templates'),
                  os.path.join(root, '..', 'shared', 'reference', 'templates')]
    for candidate in candidates:
        if os.path.isdir(candidate):
            return candidate
    return candidates[-1]


TEMPLATES = _templates_dir()
P1 = 'aaaaaaaa-0000-4000-8000-000000000001'
P2 = 'aaaaaaaa-0000-4000-8000-000000000002'
P3 = 'aaaaaaaa-0000-4000-8000-000000000003'
GREENHOUSE = 'bbbbbbbb-0000-4000-8000-000000000001'
GARAGE = 'bbbbbbbb-0000-4000-8000-000000000002'
TWIN_A = 'bbbbbbbb-0000-4000-8000-00000000000a'
TWIN_B = 'bbbbbbbb-0000-4000-8000-00000000000b'

# The shape of GET /iot/v2/things?show_properties=true, trimmed to the fields resolution reads.
THINGS = [
    {'id': GREENHOUSE, 'name': 'greenhouse', 'properties': [
        {'id': P1, 'name': 'temperature', 'variable_name': 'temperature'},
        {'id': P2, 'name': 'Fan speed', 'variable_name': 'fan'},
    ]},
    {'id': GARAGE, 'name': 'garage', 'properties': [
        {'id': P3, 'name': 'door', 'variable_name': 'door'},
    ]},
    {'id': TWIN_A, 'name': 'twin', 'properties': []},
    {'id': TWIN_B, 'name': 'twin', 'properties': []},
]


def widget(**fields):
    """A minimal valid module widget with the given fields added or replaced."""
    base = {'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 1}
    base.update(fields)
    return base


TEMPLATE = {'name': 'Greenhouse', 'widgets': [
    {'type': 'Value', 'name': 'Temperature', 'x': 1, 'y': 2, 'width': 3, 'height': 4,
     'options': {'showThing': True, 'thingId': GREENHOUSE, 'created_by': 'someone', 'properties': []},
     'variables': [{'thing_id': 'greenhouse', 'variable_id': 'temperature', 'name': 'temperature',
                    'permission': 'READ_ONLY', 'type': 'FLOAT'}]},
    {'type': 'Switch', 'width_mobile': 2,
     'variables': [{'thing_id': 'garage', 'variable_id': 'door'}]},
]}


@pytest.mark.parametrize('content, expected', [
    pytest.param(json.dumps(TEMPLATE), TEMPLATE, id='json file'),
    pytest.param('name: Greenhouse\nwidgets:\n  - type: Value\n    "y": 2\n',
                 {'name': 'Greenhouse', 'widgets': [{'type': 'Value', 'y': 2}]}, id='yaml file'),
])
def test_load_template_reads_json_and_yaml_files(tmp_path, content, expected):
    path = tmp_path / 'template'
    path.write_text(content)
    assert tpl.load_template(str(path)) == expected


def test_load_template_returns_a_dict_as_is():
    assert tpl.load_template(TEMPLATE) is TEMPLATE


@pytest.mark.parametrize('content, message', [
    pytest.param(None, "template file '{path}' cannot be read: No such file or directory", id='missing file'),
    pytest.param('name: [unclosed', "template file '{path}' is neither JSON nor YAML: ", id='broken yaml'),
    pytest.param('- a\n- b\n', "template file '{path}' must hold a mapping with name and widgets", id='a list'),
])
def test_load_template_refuses(tmp_path, content, message):
    path = tmp_path / 'template.yml'
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValidationError) as exc:
        tpl.load_template(str(path))
    assert str(exc.value).startswith(message.format(path=str(path)))


@pytest.mark.parametrize('template', [42, '', None], ids=['a number', 'empty path', 'None'])
def test_load_template_refuses_what_is_neither_dict_nor_path(template):
    with pytest.raises(ValidationError) as exc:
        tpl.load_template(template)
    assert str(exc.value) == 'template must be a dict, JSON or YAML text, or the path of a JSON or YAML file, got %r' % (template,)


def test_template_conversion_maps_things_strips_server_keys_and_fills_defaults():
    widgets = tpl.template_to_widgets(TEMPLATE, {'greenhouse': GREENHOUSE})
    assert widgets == [
        {'name': 'Temperature', 'type': 'Value', 'x': 1, 'y': 2, 'width': 3, 'height': 4,
         'options': {'showThing': True}, 'variables': [{'thing': GREENHOUSE, 'variable': 'temperature'}]},
        {'name': 'Switch 1', 'type': 'Switch', 'x': 0, 'y': 0, 'width': 0, 'height': 0, 'width_mobile': 2,
         'options': {}, 'variables': [{'thing': 'garage', 'variable': 'door'}]},
    ]


@pytest.mark.parametrize('names, expected', [
    pytest.param([None, None, None], ['Switch 1', 'Switch 2', 'Switch 3'], id='unnamed widgets are numbered'),
    pytest.param(['Switch 1', None], ['Switch 1', 'Switch 2'], id='numbering skips a taken name'),
    pytest.param([None, 'Switch 1', None], ['Switch 2', 'Switch 1', 'Switch 3'],
                 id='given names win over generated ones'),
    pytest.param([None, 'Switch 1 ', 'Switch 2'], ['Switch 1', 'Switch 1 ', 'Switch 2'],
                 id='names are compared exactly'),
    pytest.param(['Light', 'Light', 'Light'], ['Light', 'Light 2', 'Light 3'], id='repeated names made unique'),
    pytest.param(['', 'Door'], ['Switch 1', 'Door'], id='empty name counts as missing'),
])
def test_template_widget_names_are_unique(names, expected):
    template = {'name': 't', 'widgets': [{'type': 'Switch', 'name': n} for n in names]}
    assert [w['name'] for w in tpl.template_to_widgets(template)] == expected


@pytest.mark.parametrize('template, thing_map, message', [
    pytest.param(TEMPLATE, {'greenhouse': GREENHOUSE, 'garden': GARAGE, 'attic': GARAGE},
                 'thing_map has keys that the template does not use: attic, garden (the template uses: garage, '
                 'greenhouse)', id='unused thing_map keys'),
    pytest.param({'widgets': []}, {'x': GARAGE},
                 'thing_map has keys that the template does not use: x (the template uses: none)',
                 id='thing_map for a template without things'),
    pytest.param(TEMPLATE, ['greenhouse'], "thing_map must be a dict, got ['greenhouse']", id='thing_map not a dict'),
    pytest.param({'widgets': [{'name': 'a', 'width': 1}]}, None, 'template widgets[0]: type is required',
                 id='widget without type'),
    pytest.param({'widgets': {'type': 'Switch'}}, None, "template widgets must be a list, got {'type': 'Switch'}",
                 id='widgets not a list'),
    pytest.param({'widgets': [{'type': 'Switch', 'name': 'S', 'variables': [{'thing_id': 'g'}]}]}, None,
                 "template widget 'S': variables[0] needs thing_id and variable_id", id='variable without name'),
    pytest.param({'widgets': [{'type': 'Switch', 'name': 'S', 'width': -3}]}, None,
                 "widgets[0] 'S': width must be a non-negative integer, got -3", id='negative layout'),
])
def test_template_conversion_refuses(template, thing_map, message):
    with pytest.raises(ValidationError) as exc:
        tpl.template_to_widgets(template, thing_map)
    assert str(exc.value) == message


def _real_templates():
    if not os.path.isdir(TEMPLATES):
        return [pytest.param(None, marks=pytest.mark.skip(reason='%s is not present' % TEMPLATES), id='absent')]
    names = sorted(n for n in os.listdir(TEMPLATES) if n.endswith(('.json', '.yaml', '.yml')))
    return [pytest.param(os.path.join(TEMPLATES, n), id=n) for n in names]


@pytest.mark.parametrize('path', _real_templates())
def test_every_real_template_converts_to_valid_widgets(path):
    raw = tpl.load_template(path)
    placeholders = tpl.template_things(raw)
    thing_map = dict((p, 'target-%s' % p) for p in placeholders)
    widgets = tpl.template_to_widgets(raw, thing_map)
    assert d.validate_widgets(widgets) == widgets, 'the result is already in the validated form'
    assert len(widgets) == len(raw['widgets'])
    assert len(set(w['name'] for w in widgets)) == len(widgets)
    for got, source in zip(widgets, raw['widgets']):
        assert got['type'] == source['type']
        for field in d.LAYOUT_KEYS:
            assert got[field] == source.get(field, 0)
        for field in d.MOBILE_KEYS:
            assert got.get(field) == source.get(field)
        assert got['options'] == dict((k, v) for k, v in (source.get('options') or {}).items()
                                      if k not in d.SERVER_OPTION_KEYS)
        assert got['variables'] == [{'thing': thing_map[v['thing_id']], 'variable': v['variable_id']}
                                    for v in source.get('variables') or []]
    assert sorted(set(t for t, v in th.variable_references(widgets))) == sorted(thing_map.values())


def test_json_and_yaml_exports_of_one_template_give_the_same_widgets():
    json_path = os.path.join(TEMPLATES, 'home-security-dashboard.json')
    yaml_path = os.path.join(TEMPLATES, 'home-security-dashboard.yaml')
    if not (os.path.exists(json_path) and os.path.exists(yaml_path)):
        pytest.skip('the home-security templates are not present in %s' % TEMPLATES)
    from_json = tpl.template_to_widgets(tpl.load_template(json_path))
    assert from_json == tpl.template_to_widgets(tpl.load_template(yaml_path))
    assert tpl.template_things(tpl.load_template(json_path)) == ['home-security-alarm']


@pytest.mark.parametrize('template, expected', [
    pytest.param(TEMPLATE, ['garage', 'greenhouse'], id='sorted placeholders'),
    pytest.param({'widgets': [{'type': 'Image'}]}, [], id='no variables'),
    pytest.param({'name': 'empty'}, [], id='no widgets'),
])
def test_template_things(template, expected):
    assert tpl.template_things(template) == expected


@pytest.mark.parametrize('widgets, expected', [
    pytest.param([widget(variables=[P1, {'thing': 'garage', 'variable': 'door'}]),
                  widget(name='Fan', variables=[{'thing': 'greenhouse', 'variable': 'fan'},
                                                {'thing': 'garage', 'variable': 'door'}])],
                 [('garage', 'door'), ('greenhouse', 'fan')], id='distinct and sorted'),
    pytest.param([widget(variables=[P1]), widget(name='Fan')], [], id='ids only: no listing needed'),
    pytest.param(None, [], id='widgets not given'),
])
def test_variable_references(widgets, expected):
    assert th.variable_references(widgets) == expected


@pytest.mark.parametrize('variables, expected', [
    pytest.param([{'thing': 'greenhouse', 'variable': 'fan'}], [P2], id='thing name and variable name'),
    pytest.param([{'thing': GREENHOUSE, 'variable': 'temperature'}], [P1], id='thing id'),
    pytest.param([{'thing': 'greenhouse', 'variable': 'Fan speed'}], [P2], id='property name as fallback'),
    pytest.param([P3, {'thing': 'greenhouse', 'variable': 'temperature'}, P1], [P1, P3],
                 id='ids and references: sorted and distinct'),
    pytest.param([], [], id='empty list'),
])
def test_resolve_variables(variables, expected):
    assert th.resolve_variables(variables, THINGS) == expected


@pytest.mark.parametrize('variables, context, message', [
    pytest.param([{'thing': 'greenhouse2', 'variable': 'fan'}], "widget 'Fan'",
                 "widget 'Fan': thing 'greenhouse2' not found in this organization", id='unknown thing'),
    pytest.param([{'thing': 'greenhouse', 'variable': 'fan2'}], "widget 'Fan'",
                 "widget 'Fan': thing 'greenhouse' has no variable 'fan2'", id='unknown variable'),
    pytest.param([{'thing': 'twin', 'variable': 'x'}], '',
                 "thing name 'twin' is ambiguous: 2 things have it (ids %s, %s); use the thing id" % (TWIN_A, TWIN_B),
                 id='two things with that name, no context'),
])
def test_resolve_variables_names_what_is_missing(variables, context, message):
    with pytest.raises(ValidationError) as exc:
        th.resolve_variables(variables, THINGS, context)
    assert str(exc.value) == message


def test_resolve_widget_variables_resolves_each_widget_and_keeps_absent_lists_absent():
    widgets = [widget(name='Fan', variables=[{'thing': 'greenhouse', 'variable': 'fan'}]), widget()]
    original = copy.deepcopy(widgets)
    assert th.resolve_widget_variables(widgets, THINGS) == [widget(name='Fan', variables=[P2]), widget()]
    assert widgets == original


def test_resolve_widget_variables_names_the_widget():
    with pytest.raises(ValidationError) as exc:
        th.resolve_widget_variables([widget(name='Door', variables=[{'thing': 'garage', 'variable': 'lock'}])],
                                    THINGS)
    assert str(exc.value) == "widget 'Door': thing 'garage' has no variable 'lock'"


# ---- widget bindings -----------------------------------------------------------------------------

B1 = 'a1000000-0000-4000-8000-000000000011'
B2 = 'a1000000-0000-4000-8000-000000000012'
B3 = 'a1000000-0000-4000-8000-000000000013'


BINDINGS = [
    # current, given, state, expected
    ([B1], [B2, B3], 'present', [B2, B3]),
    ([B2, B1], [B1.upper(), B2], 'present', [B1, B2]),
    ([B1, B2], [], 'present', []),
    ([B1, B2], [B2, B3], 'absent', [B1]),
    ([B1, B2], None, 'absent', []),
    ([], [B1], 'absent', []),
]


@pytest.mark.parametrize('current, given, state, expected', BINDINGS)
def test_plan_binding(current, given, state, expected):
    assert th.plan_binding(current, given, state) == expected


def test_property_ids():
    things = [{'id': 't1', 'properties': [{'id': B1.upper()}, {'id': B2}]}, {'id': 't2'}]
    assert th.property_ids(things) == set([B1, B2])


# ---- v3 templates (arduino-cloud-cli 0.7): pages ----------------------------------------------
def _v3_widget(name, page_id, **extra):
    widget = {'type': 'Switch', 'name': name, 'x': 0, 'y': 0, 'width': 2, 'height': 2, 'page_id': page_id,
              'variables': [{'thing_id': 'greenhouse', 'variable_id': 'fan'}]}
    widget.update(extra)
    return widget


def test_a_template_with_pages_keeps_them_in_position_order():
    template = {'name': 'paged', 'pages': [{'id': 'p2', 'name': 'Second', 'position': 1, 'icon': 'star'},
                                           {'id': 'p1', 'name': 'Main', 'position': 0}],
                'widgets': [_v3_widget('relay', 'p1'), _v3_widget('fan', 'p2', x=3), _v3_widget('main', '0')]}
    widgets, pages = tpl.template_to_dashboard(template)
    assert [w['name'] for w in widgets] == ['main']
    assert [(p['name'], p.get('icon'), [w['name'] for w in p['widgets']]) for p in pages] == [
        ('Main', None, ['relay']), ('Second', 'star', ['fan'])]
    assert pages[1]['widgets'][0]['x'] == 3
    assert 'page_id' not in pages[1]['widgets'][0]


def test_a_template_with_pages_is_refused_where_pages_cannot_go():
    template = {'name': 'paged', 'pages': [{'id': 'p1', 'name': 'Main', 'position': 0}],
                'widgets': [_v3_widget('relay', 'p1')]}
    with pytest.raises(ValidationError, match=r"^template has 1 page\(s\) \(Main\); give it to a task that takes pages$"):
        tpl.template_to_widgets(template)


def test_a_widget_page_id_that_names_no_page_fails_in_one_line():
    uuid_page = '1d4decea-63eb-4ecd-b5fb-bb21f120d3d9'
    template = {'name': 'paged', 'pages': [{'id': 'p1', 'name': 'Main', 'position': 0}],
                'widgets': [_v3_widget('relay', '0'), _v3_widget('fan', uuid_page)]}
    with pytest.raises(ValidationError) as err:
        tpl.template_to_dashboard(template)
    assert str(err.value) == ("template widgets[1] 'fan': page_id '%s' names no page of the template "
                              "(pages: p1 'Main')" % uuid_page)


def test_more_than_30_pages_fail():
    pages = [{'id': 'p%d' % n, 'name': 'P%d' % n, 'position': n} for n in range(31)]
    with pytest.raises(ValidationError, match='template has 31 pages; a dashboard holds at most 30'):
        tpl.template_to_dashboard({'name': 'x', 'pages': pages, 'widgets': []})


def test_a_page_without_a_name_or_a_repeated_id_fails():
    with pytest.raises(ValidationError, match=r'template pages\[0\] needs an id and a name'):
        tpl.template_to_dashboard({'name': 'x', 'pages': [{'id': 'p1'}], 'widgets': []})
    with pytest.raises(ValidationError, match="page id 'p1' is used twice"):
        tpl.template_to_dashboard({'name': 'x', 'pages': [{'id': 'p1', 'name': 'A'}, {'id': 'p1', 'name': 'B'}],
                                   'widgets': []})


def test_pages_that_are_not_a_list_fail():
    with pytest.raises(ValidationError, match='template pages must be a list'):
        tpl.template_to_widgets({'name': 'x', 'pages': 'Main', 'widgets': []})


def test_option_references_map_their_placeholder_and_count_as_used():
    template = {'name': 'charts', 'widgets': [
        {'type': 'Advanced Chart', 'name': 'trend', 'width': 4, 'height': 3,
         'options': {'aggregation': {'greenhouse:temperature': 'avg'}, 'format': {}, 'title': 'a:b'}},
        {'type': 'Image Map', 'name': 'plan', 'width': 4, 'height': 3,
         'options': {'markersSettings': [{'property': 'greenhouse:fan', 'x': 1}]}}]}
    assert tpl.template_things(template) == ['greenhouse']
    widgets, pages = tpl.template_to_dashboard(template, {'greenhouse': 'Greenhouse 2'})
    assert pages is None
    assert widgets[0]['options'] == {'aggregation': {'Greenhouse 2:temperature': 'avg'}, 'format': {}, 'title': 'a:b'}
    assert widgets[1]['options']['markersSettings'] == [{'property': 'Greenhouse 2:fan', 'x': 1}]


@pytest.mark.parametrize('page_id', ['', '0', None], ids=['v2-extract', 'v3-main', 'null'])
def test_a_one_page_v3_template_imports_as_before(page_id):
    template = {'name': 'flat', 'pages': [], 'widgets': [_v3_widget('relay', page_id)]}
    widgets, pages = tpl.template_to_dashboard(template)
    assert pages is None
    assert [w['name'] for w in widgets] == ['relay']
    assert 'page_id' not in widgets[0]
    without = copy.deepcopy(template)
    del without['pages']
    del without['widgets'][0]['page_id']
    assert tpl.template_to_widgets(without) == widgets
