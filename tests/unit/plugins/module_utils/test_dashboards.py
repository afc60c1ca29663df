# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the dashboard modules accept before any request: widget and name validation, widget ids.
Templates and {thing, variable} references are in test_templates_things.py; normalisation, merge and
comparison in test_dashboards_merge.py."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import uuid

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as d
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import ValidationError

P1 = 'aaaaaaaa-0000-4000-8000-000000000001'
W1 = 'cccccccc-0000-4000-8000-000000000001'


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
    pytest.param([widget(), widget()], "widgets[1] 'Temperature': duplicate name; widget names must be unique",
                 id='duplicate names'),
    pytest.param([widget(type=None)], "widgets[0] 'Temperature': type is required and must be a non-empty string",
                 id='type missing'),
    pytest.param([widget(width=None)], "widgets[0] 'Temperature': width is required", id='width missing'),
    pytest.param([{'name': 'Fan', 'type': 'Switch', 'width': 1}], "widgets[0] 'Fan': height is required",
                 id='height missing'),
    pytest.param([widget(width=-1)], "widgets[0] 'Temperature': width must be a non-negative integer, got -1",
                 id='negative width'),
    pytest.param([widget(y='-2')], "widgets[0] 'Temperature': y must be a non-negative integer, got '-2'",
                 id='negative y as string'),
    pytest.param([widget(x=1.5)], "widgets[0] 'Temperature': x must be a non-negative integer, got 1.5",
                 id='fractional x'),
    pytest.param([widget(height=True)], "widgets[0] 'Temperature': height must be a non-negative integer, got True",
                 id='boolean height'),
    pytest.param([widget(width_mobile='wide')],
                 "widgets[0] 'Temperature': width_mobile must be a non-negative integer, got 'wide'",
                 id='mobile width not a number'),
    pytest.param([widget(id='w-1')], "widgets[0] 'Temperature': id must be a UUID, got 'w-1'", id='id not a uuid'),
    pytest.param([widget(id=W1), widget(name='Fan', id=W1.upper())],
                 "widgets[1] 'Fan': id %s is also given to widget 'Temperature'" % W1.upper(), id='id used twice'),
    pytest.param([widget(options=['showThing'])], "widgets[0] 'Temperature': options must be a dict, got ['showThing']",
                 id='options not a dict'),
    pytest.param([widget(variables=P1)], "widgets[0] 'Temperature': variables must be a list, got '%s'" % P1,
                 id='variables not a list'),
    pytest.param([widget(variables=['temperature'])],
                 "widgets[0] 'Temperature': variables[0] must be a property UUID or a {thing, variable} reference, "
                 "got 'temperature'", id='variable neither uuid nor reference'),
    pytest.param([widget(variables=[P1, {'thing': 'greenhouse'}])],
                 "widgets[0] 'Temperature': variables[1].variable is required and must be a non-empty string",
                 id='reference without variable'),
    pytest.param([widget(variables=[{'thing': 'greenhouse', 'variable': 'fan', 'name': 'x'}])],
                 "widgets[0] 'Temperature': variables[0] has unknown keys name; a reference has only thing and variable",
                 id='reference with an unknown key'),
    pytest.param([widget(colour='red')], "widgets[0] 'Temperature': unknown key colour; known keys are "
                 + ', '.join(sorted(d.WIDGET_KEYS)), id='unknown widget key'),
])
def test_validate_widgets_refuses(given, message):
    with pytest.raises(ValidationError) as exc:
        d.validate_widgets(given)
    assert str(exc.value) == message


@pytest.mark.parametrize('given, expected', [
    pytest.param([P1.upper(), {'thing': 'greenhouse', 'variable': 'fan'}], [P1, {'thing': 'greenhouse', 'variable': 'fan'}],
                 id='uuid lower-cased as the server writes it, reference kept'),
    pytest.param([], [], id='empty list binds nothing'),
])
def test_validate_variables_accepts(given, expected):
    assert d.validate_variables(given) == expected


@pytest.mark.parametrize('given, context, message', [
    pytest.param([P1, P1.upper()], '', "variables[1]: '%s' is listed twice" % P1.upper(), id='same uuid in two cases'),
    pytest.param([{'thing': 'g', 'variable': 'fan'}, {'thing': 'g', 'variable': 'fan'}], 'widget link',
                 "widget link: variables[1]: {'thing': 'g', 'variable': 'fan'} is listed twice", id='same reference twice'),
    pytest.param([42], '', 'variables[0] must be a property UUID or a {thing, variable} reference, got 42', id='a number'),
    pytest.param(None, '', 'variables must be a list, got None', id='not a list'),
])
def test_validate_variables_refuses(given, context, message):
    with pytest.raises(ValidationError) as exc:
        d.validate_variables(given, context)
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
