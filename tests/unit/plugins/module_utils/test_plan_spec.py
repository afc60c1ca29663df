# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan step (_plan.py) and the definition format (_spec.py), as tables."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _plan as plan
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _spec as spec
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError

W1 = '10000000-0000-4000-8000-000000000001'
TEMP = 'a1000000-0000-4000-8000-000000000011'
ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
THINGS = [{'id': 't1', 'name': 'greenhouse', 'properties': [{'id': TEMP, 'name': 'temperature'}]},
          {'id': 't2', 'name': 'twin', 'properties': [{'id': 'p2', 'name': 'x'}]},
          {'id': 't3', 'name': 'twin', 'properties': [{'id': 'p3', 'name': 'x'}]}]
RAW = {'id': 'd1', 'name': 'G', 'shared_with': [{'user_id': ALICE, 'username': 'alice'}], 'widgets': [
    {'id': W1, 'name': 'T', 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 2,
     'options': {'thingId': 't1'}, 'variables': [{'id': TEMP}]}]}
SAME = [{'name': 'T', 'type': 'Value', 'width': 2, 'height': 2, 'variables': [TEMP]}]


@pytest.mark.parametrize('raw, kwargs, action, payload, share_add, share_remove', [
    pytest.param(None, dict(widgets=SAME), 'create', True, [], [], id='new'),
    pytest.param(RAW, dict(widgets=SAME), 'unchanged', False, [], [], id='same widgets, shares not managed'),
    pytest.param(RAW, dict(widgets=SAME, shares=[{'username': 'alice'}]), 'unchanged', False, [], [],
                 id='same shares'),
    pytest.param(RAW, dict(widgets=SAME, shares=[{'username': 'bob'}]), 'update', False, [{'username': 'bob'}],
                 [ALICE], id='shares only'),
    pytest.param(RAW, dict(widgets=[dict(SAME[0], width=3)]), 'update', True, [], [], id='one widget'),
    pytest.param(RAW, dict(widgets=None, cover_image='c'), 'update', True, [], [], id='cover only'),
])
def test_plan_dashboard(raw, kwargs, action, payload, share_add, share_remove):
    current_shares = plan.listed_shares(raw)
    result = plan.plan_dashboard(raw, 'G', organization='o', current_shares=current_shares, **kwargs)
    assert result['action'] == action
    assert (result['payload'] is not None) == payload
    assert result['share_add'] == share_add and result['share_remove'] == share_remove


def test_a_put_keeps_the_server_option_keys_and_only_the_changed_widget_is_named():
    result = plan.plan_dashboard(RAW, 'G', widgets=[dict(SAME[0], width=3)])
    assert result['widgets_changed'] == ['T']
    assert result['payload']['widgets'][0]['options'] == {'thingId': 't1'}
    assert result['after']['widgets']['T']['options'] == {}


def test_absent_shared_with_is_not_no_shares():
    assert plan.listed_shares({'id': 'd'}) is None
    assert plan.listed_shares({'id': 'd', 'shared_with': []}) == []
    assert plan.shares_to_read([{'id': 'd', 'name': 'G'}], [{'name': 'G', 'shares': []}, {'name': 'H'}]) == ['d']
    assert plan.shares_to_read([{'id': 'd', 'name': 'G'}], [{'name': 'G'}]) == []
    with pytest.raises(ValueError):
        plan.plan_dashboard({'id': 'd', 'name': 'G'}, 'G', shares=[{'username': 'a'}])


def test_plan_set_purges_undeclared_and_reports_duplicate_names():
    listing = [dict(RAW), {'id': 'd2', 'name': 'Old', 'widgets': []}, {'id': 'd3', 'name': 'Twin', 'widgets': []},
               {'id': 'd4', 'name': 'Twin', 'widgets': []}]
    plans, errors = plan.plan_set(listing, [{'name': 'G', 'widgets': SAME}, {'name': 'Twin'}], purge=True)
    assert [(p['name'], p['action']) for p in plans] == [('G', 'unchanged'), ('Old', 'delete')]
    assert list(errors) == ['Twin'] and 'd3, d4' in errors['Twin']
    assert plan.summarize(plans) == {'create': 0, 'update': 0, 'unchanged': 1, 'delete': 1}


def test_export_spec_is_input_again():
    dashboard = plan.plan_dashboard(RAW, 'G')['before']
    exported = spec.export_spec(dashboard, THINGS, plan.listed_shares(RAW))
    assert exported == {'name': 'G', 'shares': [{'username': 'alice'}], 'widgets': [
        {'name': 'T', 'type': 'Value', 'x': 0, 'y': 0, 'width': 2, 'height': 2, 'options': {},
         'variables': [{'thing': 'greenhouse', 'variable': 'temperature'}]}]}
    assert spec.validate_definitions([exported])[0]['shares'] == [{'username': 'alice'}]


@pytest.mark.parametrize('prop, reference', [
    (TEMP, {'thing': 'greenhouse', 'variable': 'temperature'}),
    ('p2', {'thing': 't2', 'variable': 'x'}),  # a thing name two things share is written as the id
    ('ffffffff-0000-4000-8000-000000000000', 'ffffffff-0000-4000-8000-000000000000'),
])
def test_export_references(prop, reference):
    dashboard = {'name': 'G', 'widgets': {'T': {'type': 'Value', 'x': 0, 'y': 0, 'width': 1, 'height': 1,
                                                'options': {}, 'variables': [prop]}}}
    assert spec.export_spec(dashboard, THINGS)['widgets'][0]['variables'] == [reference]


def test_readable_shows_thing_variable_and_usernames():
    dashboard = dict(plan.plan_dashboard(RAW, 'G')['before'], shares=[{'user_id': ALICE, 'username': 'alice'}])
    shown = spec.readable(dashboard, THINGS)
    assert shown['widgets']['T']['variables'] == ['greenhouse.temperature'] and shown['shares'] == ['alice']
    assert spec.readable(None, THINGS) == {}


@pytest.mark.parametrize('definitions, message', [
    ('G', 'dashboards must be a list'),
    ([{'name': 'x' * 65}], 'dashboards[0]: dashboard name must be at most 64 characters'),
    ([{'name': 'G', 'shares': 'alice'}], "dashboards[0] 'G': shares must be a list"),
    ([{'name': 'G', 'shares': ['alice', 'ALICE']}], "dashboards[0] 'G': shares[1]: username 'ALICE' is listed twice"),
    ([{'name': 'G', 'widgets': [{'name': 'T', 'type': 'Value', 'width': 1}]}],
     "dashboards[0] 'G': widgets[0] 'T': height is required"),
])
def test_validate_definitions_names_the_definition(definitions, message):
    with pytest.raises(ValidationError) as caught:
        spec.validate_definitions(definitions)
    assert message in str(caught.value)
