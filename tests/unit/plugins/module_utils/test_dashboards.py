# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the dashboard modules accept before any request: widget validation, templates and the
resolution of {thing, variable} references. Normalisation, merge and comparison are in
test_dashboards_merge.py."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import json
import os
import uuid

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as d
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import ValidationError

TEMPLATES = '/work/shared/reference/templates'
P1 = 'aaaaaaaa-0000-4000-8000-000000000001'
P2 = 'aaaaaaaa-0000-4000-8000-000000000002'
P3 = 'aaaaaaaa-0000-4000-8000-000000000003'
GREENHOUSE = 'bbbbbbbb-0000-4000-8000-000000000001'
GARAGE = 'bbbbbbbb-0000-4000-8000-000000000002'
TWIN_A = 'bbbbbbbb-0000-4000-8000-00000000000a'
TWIN_B = 'bbbbbbbb-0000-4000-8000-00000000000b'
W1 = 'cccccccc-0000-4000-8000-000000000001'

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


@pytest.mark.parametrize('value, expected', [
    pytest.param(P1, True, id='lower-case uuid'),
    pytest.param(P1.upper(), True, id='upper-case uuid'),
    pytest.param(P1[:-1], False, id='one digit short'),
    pytest.param('greenhouse', False, id='a name'),
    pytest.param(None, False, id='None'),
    pytest.param(12, False, id='an integer'),
])
def test_is_uuid(value, expected):
    assert d.is_uuid(value) is expected


@pytest.mark.parametrize('organization, dashboard, name, text', [
    pytest.param('acme', 'Greenhouse', 'Fan', 'acme/Greenhouse/Fan', id='in an organization'),
    pytest.param(None, 'Greenhouse', 'Fan', '/Greenhouse/Fan', id='personal space'),
])
def test_widget_id_is_uuid5_of_organization_dashboard_and_widget(organization, dashboard, name, text):
    assert d.widget_id_for(organization, dashboard, name) == str(uuid.uuid5(d.WIDGET_NAMESPACE, text))


def test_widget_ids_differ_per_organization_dashboard_and_widget():
    ids = set([d.widget_id_for('acme', 'Greenhouse', 'Fan'), d.widget_id_for('beta', 'Greenhouse', 'Fan'),
               d.widget_id_for('acme', 'Garage', 'Fan'), d.widget_id_for('acme', 'Greenhouse', 'Door')])
    assert len(ids) == 4
    assert all(d.is_uuid(i) for i in ids)


@pytest.mark.parametrize('given, expected', [
    pytest.param([widget()], [widget()], id='minimal widget: absent keys stay absent'),
    pytest.param([widget(x=3, y=0, x_mobile=0, height_mobile=4)],
                 [widget(x=3, y=0, x_mobile=0, height_mobile=4)], id='layout and mobile layout kept'),
    pytest.param([widget(width='4', height='2', x='1')], [widget(width=4, height=2, x=1)],
                 id='digit strings from Jinja become integers'),
    pytest.param([widget(width=4.0)], [widget(width=4)], id='integral float becomes integer'),
    pytest.param([widget(options={'showThing': True, 'min': 0})], [widget(options={'showThing': True, 'min': 0})],
                 id='options kept as given'),
    pytest.param([widget(variables=[P1, {'thing': 'greenhouse', 'variable': 'fan'}])],
                 [widget(variables=[P1, {'thing': 'greenhouse', 'variable': 'fan'}])],
                 id='variables: property ids and references'),
    pytest.param([widget(id=W1)], [widget(id=W1)], id='id to adopt'),
    pytest.param([widget(x=None, options=None, variables=None)], [widget()], id='None values mean not given'),
    pytest.param([widget(), widget(name='Humidity')], [widget(), widget(name='Humidity')], id='two widgets'),
    pytest.param([], [], id='no widgets'),
    pytest.param(None, None, id='option not given'),
])
def test_validate_widgets_accepts(given, expected):
    original = copy.deepcopy(given)
    assert d.validate_widgets(given) == expected
    assert given == original, 'the input must not be modified'


@pytest.mark.parametrize('given, message', [
    pytest.param({'name': 'x'}, "widgets must be a list, got {'name': 'x'}", id='not a list'),
    pytest.param(['Temperature'], "widgets[0] must be a dict, got 'Temperature'", id='item not a dict'),
    pytest.param([{'type': 'Value', 'width': 1, 'height': 1}],
                 'widgets[0]: name is required and must be a non-empty string', id='name missing'),
    pytest.param([widget(name='  ')], 'widgets[0]: name is required and must be a non-empty string',
                 id='name blank'),
    pytest.param([widget(), widget()], "widget 'Temperature': duplicate name; widget names must be unique",
                 id='duplicate names'),
    pytest.param([widget(type=None)], "widget 'Temperature': type is required and must be a non-empty string",
                 id='type missing'),
    pytest.param([widget(width=None)], "widget 'Temperature': width is required", id='width missing'),
    pytest.param([{'name': 'Fan', 'type': 'Switch', 'width': 1}], "widget 'Fan': height is required",
                 id='height missing'),
    pytest.param([widget(width=-1)], "widget 'Temperature': width must be a non-negative integer, got -1",
                 id='negative width'),
    pytest.param([widget(y='-2')], "widget 'Temperature': y must be a non-negative integer, got '-2'",
                 id='negative y as string'),
    pytest.param([widget(x=1.5)], "widget 'Temperature': x must be a non-negative integer, got 1.5",
                 id='fractional x'),
    pytest.param([widget(height=True)], "widget 'Temperature': height must be a non-negative integer, got True",
                 id='boolean height'),
    pytest.param([widget(width_mobile='wide')],
                 "widget 'Temperature': width_mobile must be a non-negative integer, got 'wide'",
                 id='mobile width not a number'),
    pytest.param([widget(id='w-1')], "widget 'Temperature': id must be a UUID, got 'w-1'", id='id not a uuid'),
    pytest.param([widget(id=W1), widget(name='Fan', id=W1.upper())],
                 "widget 'Fan': id %s is also given to widget 'Temperature'" % W1.upper(), id='id used twice'),
    pytest.param([widget(options=['showThing'])], "widget 'Temperature': options must be a dict, got ['showThing']",
                 id='options not a dict'),
    pytest.param([widget(variables=P1)], "widget 'Temperature': variables must be a list, got '%s'" % P1,
                 id='variables not a list'),
    pytest.param([widget(variables=['temperature'])],
                 "widget 'Temperature': variables[0] must be a property UUID or a {thing, variable} reference, "
                 "got 'temperature'", id='variable neither uuid nor reference'),
    pytest.param([widget(variables=[P1, {'thing': 'greenhouse'}])],
                 "widget 'Temperature': variables[1].variable is required and must be a non-empty string",
                 id='reference without variable'),
    pytest.param([widget(variables=[{'thing': 'greenhouse', 'variable': 'fan', 'name': 'x'}])],
                 "widget 'Temperature': variables[0] has unknown keys name; a reference has only thing and variable",
                 id='reference with an unknown key'),
    pytest.param([widget(colour='red')], "widget 'Temperature': unknown key colour; known keys are "
                 + ', '.join(sorted(d.WIDGET_KEYS)), id='unknown widget key'),
])
def test_validate_widgets_refuses(given, message):
    with pytest.raises(ValidationError) as exc:
        d.validate_widgets(given)
    assert str(exc.value) == message


@pytest.mark.parametrize('name, message', [
    pytest.param('Greenhouse', None, id='plain name'),
    pytest.param('Home Security Alarm', None, id='name with spaces'),
    pytest.param('x' * 64, None, id='64 characters'),
    pytest.param('x' * 65, "dashboard name must be at most 64 characters, got 65: '%s'" % ('x' * 65),
                 id='65 characters'),
    pytest.param('', "dashboard name must be a non-empty string, got ''", id='empty'),
    pytest.param(None, 'dashboard name must be a non-empty string, got None', id='None'),
    pytest.param(42, 'dashboard name must be a non-empty string, got 42', id='a number'),
])
def test_validate_dashboard_name(name, message):
    if message is None:
        assert d.validate_dashboard_name(name) is None
    else:
        with pytest.raises(ValidationError) as exc:
            d.validate_dashboard_name(name)
        assert str(exc.value) == message


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
    assert d.load_template(str(path)) == expected


def test_load_template_returns_a_dict_as_is():
    assert d.load_template(TEMPLATE) is TEMPLATE


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
        d.load_template(str(path))
    assert str(exc.value).startswith(message.format(path=str(path)))


@pytest.mark.parametrize('template', [42, '', None], ids=['a number', 'empty path', 'None'])
def test_load_template_refuses_what_is_neither_dict_nor_path(template):
    with pytest.raises(ValidationError) as exc:
        d.load_template(template)
    assert str(exc.value) == 'template must be a dict or the path of a JSON or YAML file, got %r' % (template,)


def test_template_conversion_maps_things_strips_server_keys_and_fills_defaults():
    widgets = d.template_to_widgets(TEMPLATE, {'greenhouse': GREENHOUSE})
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
    assert [w['name'] for w in d.template_to_widgets(template)] == expected


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
                 "widget 'S': width must be a non-negative integer, got -3", id='negative layout'),
])
def test_template_conversion_refuses(template, thing_map, message):
    with pytest.raises(ValidationError) as exc:
        d.template_to_widgets(template, thing_map)
    assert str(exc.value) == message


def _real_templates():
    if not os.path.isdir(TEMPLATES):
        return [pytest.param(None, marks=pytest.mark.skip(reason='%s is not present' % TEMPLATES), id='absent')]
    names = sorted(n for n in os.listdir(TEMPLATES) if n.endswith(('.json', '.yaml', '.yml')))
    return [pytest.param(os.path.join(TEMPLATES, n), id=n) for n in names]


@pytest.mark.parametrize('path', _real_templates())
def test_every_real_template_converts_to_valid_widgets(path):
    raw = d.load_template(path)
    placeholders = d.template_things(raw)
    thing_map = dict((p, 'target-%s' % p) for p in placeholders)
    widgets = d.template_to_widgets(raw, thing_map)
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
    assert sorted(set(t for t, v in d.variable_references(widgets))) == sorted(thing_map.values())


def test_json_and_yaml_exports_of_one_template_give_the_same_widgets():
    json_path = os.path.join(TEMPLATES, 'home-security-dashboard.json')
    yaml_path = os.path.join(TEMPLATES, 'home-security-dashboard.yaml')
    if not (os.path.exists(json_path) and os.path.exists(yaml_path)):
        pytest.skip('the home-security templates are not present in %s' % TEMPLATES)
    from_json = d.template_to_widgets(d.load_template(json_path))
    assert from_json == d.template_to_widgets(d.load_template(yaml_path))
    assert d.template_things(d.load_template(json_path)) == ['home-security-alarm']


@pytest.mark.parametrize('template, expected', [
    pytest.param(TEMPLATE, ['garage', 'greenhouse'], id='sorted placeholders'),
    pytest.param({'widgets': [{'type': 'Image'}]}, [], id='no variables'),
    pytest.param({'name': 'empty'}, [], id='no widgets'),
])
def test_template_things(template, expected):
    assert d.template_things(template) == expected


@pytest.mark.parametrize('widgets, expected', [
    pytest.param([widget(variables=[P1, {'thing': 'garage', 'variable': 'door'}]),
                  widget(name='Fan', variables=[{'thing': 'greenhouse', 'variable': 'fan'},
                                                {'thing': 'garage', 'variable': 'door'}])],
                 [('garage', 'door'), ('greenhouse', 'fan')], id='distinct and sorted'),
    pytest.param([widget(variables=[P1]), widget(name='Fan')], [], id='ids only: no listing needed'),
    pytest.param(None, [], id='widgets not given'),
])
def test_variable_references(widgets, expected):
    assert d.variable_references(widgets) == expected


@pytest.mark.parametrize('variables, expected', [
    pytest.param([{'thing': 'greenhouse', 'variable': 'fan'}], [P2], id='thing name and variable name'),
    pytest.param([{'thing': GREENHOUSE, 'variable': 'temperature'}], [P1], id='thing id'),
    pytest.param([{'thing': 'greenhouse', 'variable': 'Fan speed'}], [P2], id='property name as fallback'),
    pytest.param([P3, {'thing': 'greenhouse', 'variable': 'temperature'}, P1], [P1, P3],
                 id='ids and references: sorted and distinct'),
    pytest.param([], [], id='empty list'),
])
def test_resolve_variables(variables, expected):
    assert d.resolve_variables(variables, THINGS) == expected


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
        d.resolve_variables(variables, THINGS, context)
    assert str(exc.value) == message


def test_resolve_widget_variables_resolves_each_widget_and_keeps_absent_lists_absent():
    widgets = [widget(name='Fan', variables=[{'thing': 'greenhouse', 'variable': 'fan'}]), widget()]
    original = copy.deepcopy(widgets)
    assert d.resolve_widget_variables(widgets, THINGS) == [widget(name='Fan', variables=[P2]), widget()]
    assert widgets == original


def test_resolve_widget_variables_names_the_widget():
    with pytest.raises(ValidationError) as exc:
        d.resolve_widget_variables([widget(name='Door', variables=[{'thing': 'garage', 'variable': 'lock'}])],
                                   THINGS)
    assert str(exc.value) == "widget 'Door': thing 'garage' has no variable 'lock'"
