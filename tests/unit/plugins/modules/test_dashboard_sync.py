# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dashboard_sync's main(), through the shared plan step, against an in-memory client: check mode
predicts the real run, a rerun reads only, one failure does not stop the others, bad input sends
nothing, and a listing without shared_with is never taken for "no shares"."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.iotcloud.dashboards.plugins.modules import dashboard_sync
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import (
    ALICE, BOB, FAN, OTHER_ORG_PROPERTY, TEMP, WRITES, FakeArduino)

GREENHOUSE = {'name': 'Greenhouse', 'shares': ['alice', {'username': 'bob'}], 'widgets': [
    {'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 2,
     'variables': [{'thing': 'greenhouse', 'variable': 'temperature'}]},
    {'name': 'Fan', 'type': 'Switch', 'x': 2, 'width': 2, 'height': 2, 'options': {'showLabels': True},
     'variables': [FAN]}]}
WEATHER = {'name': 'Weather', 'widgets': []}


def without_server_ids(entries):
    """Result entries with the ids the server assigns (dashboard, shared user) blanked."""
    result = copy.deepcopy(entries)
    for entry in result:
        entry['id'] = None
        entry['dashboard']['id'] = None
        for share in entry['dashboard'].get('shares') or []:
            share['user_id'] = None
    return result


def test_check_mode_predicts_the_real_run_and_the_rerun_only_reads(run_module):
    cloud = FakeArduino()
    predicted, failed, dummy = run_module(dashboard_sync, cloud, check_mode=True, dashboards=[GREENHOUSE, WEATHER])
    assert not failed and predicted['changed']
    assert cloud.writes() == []
    real, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    assert not failed and real['changed']
    assert without_server_ids(predicted['dashboards']) == without_server_ids(real['dashboards'])
    assert predicted['summary'] == real['summary'] == {'create': 2, 'update': 0, 'unchanged': 0, 'delete': 0}
    assert [c[0] for c in cloud.writes()] == ['create_dashboard', 'share_dashboard', 'create_dashboard']
    greenhouse = real['dashboards'][0]['dashboard']
    assert greenhouse['shares'] == [{'user_id': ALICE, 'username': 'alice'}, {'user_id': BOB, 'username': 'bob'}]
    assert greenhouse['widgets']['Temperature']['variables'] == [TEMP]
    cloud.calls[:] = []
    again, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    assert not failed and not again['changed']
    assert [c[0] for c in cloud.calls] == ['list_dashboards', 'list_things']
    assert again['summary']['unchanged'] == 2
    assert [e['dashboard'] for e in again['dashboards']] == [e['dashboard'] for e in real['dashboards']]


def test_one_changed_widget_is_one_put_and_the_diff_names_it(run_module):
    cloud = FakeArduino()
    run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    changed = copy.deepcopy(GREENHOUSE)
    changed['widgets'][1]['width'] = 3
    cloud.calls[:] = []
    result, failed, dummy = run_module(dashboard_sync, cloud, diff=True, dashboards=[changed, WEATHER])
    assert not failed and result['changed']
    assert [c[0] for c in cloud.writes()] == ['update_dashboard']
    assert [e['action'] for e in result['dashboards']] == ['update', 'unchanged']
    (diff,) = result['diff']
    assert 'Fan' in diff['after_header'] and 'Temperature' not in diff['after_header']
    assert diff['after']['widgets']['Fan']['variables'] == ['greenhouse.fan']
    assert diff['before']['widgets']['Fan']['width'] == 2 and diff['after']['widgets']['Fan']['width'] == 3


def test_only_exactly_the_declared_users_keep_a_share(run_module):
    cloud = FakeArduino()
    run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE])
    cloud.calls[:] = []
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[dict(GREENHOUSE, shares=['bob'])])
    assert not failed and result['changed']
    assert [c[0] for c in cloud.writes()] == ['delete_share']
    assert result['dashboards'][0]['dashboard']['shares'] == [{'user_id': BOB, 'username': 'bob'}]


def test_a_listing_without_shared_with_is_read_per_managed_dashboard(run_module):
    cloud = FakeArduino(list_shared_with=False)
    run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    cloud.calls[:] = []
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    assert not failed and not result['changed']
    # Weather does not manage shares, so only Greenhouse's are read.
    assert [c[0] for c in cloud.calls] == ['list_dashboards', 'list_things', 'list_shares']
    assert cloud.writes() == []


def test_one_failing_dashboard_does_not_stop_the_others(run_module):
    cloud = FakeArduino()
    cloud.fail[('create_dashboard', 'Greenhouse')] = ApiError('POST', '/iot/v2/dashboards', 400, 'widget type refused')
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[GREENHOUSE, WEATHER])
    assert failed
    assert result['msg'] == "1 of 2 dashboards failed: 'Greenhouse': POST /iot/v2/dashboards: HTTP 400: widget type refused"
    assert result['changed'] is True  # Weather was created
    assert sorted(d['name'] for d in cloud.dashboards.values()) == ['Weather']
    by_name = dict((e['name'], e) for e in result['dashboards'])
    assert 'failed' in by_name['Greenhouse'] and 'failed' not in by_name['Weather']


def test_a_refused_write_alone_reports_no_change(run_module):
    cloud = FakeArduino()
    cloud.fail[('create_dashboard', None)] = ApiError('POST', '/iot/v2/dashboards', 400, 'no')
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[WEATHER])
    assert failed and result['changed'] is False


def test_purge_deletes_exactly_the_undeclared_and_check_mode_says_which(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'Old', 'widgets': []}, {'name': 'Weather', 'widgets': []}])
    predicted, failed, dummy = run_module(dashboard_sync, cloud, check_mode=True, purge=True, dashboards=[WEATHER])
    assert not failed and cloud.writes() == []
    assert [(e['name'], e['action']) for e in predicted['dashboards']] == [('Old', 'delete'), ('Weather', 'unchanged')]
    real, failed, dummy = run_module(dashboard_sync, cloud, purge=True, dashboards=[WEATHER])
    assert real['dashboards'] == predicted['dashboards']
    assert [c[0] for c in cloud.writes()] == ['delete_dashboard']
    assert [d['name'] for d in cloud.dashboards.values()] == ['Weather']


def test_two_listed_dashboards_with_a_declared_name_fail_that_definition_only(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'Twin', 'widgets': []}, {'name': 'Twin', 'widgets': []}])
    result, failed, dummy = run_module(dashboard_sync, cloud, purge=True, dashboards=[{'name': 'Twin'}, WEATHER])
    assert failed and "2 dashboards are named 'Twin'" in result['msg']
    assert [c[0] for c in cloud.writes()] == ['create_dashboard']  # Weather; neither Twin is purged


@pytest.mark.parametrize('dashboards, message', [
    ([{'name': 'A'}, {'name': 'A'}], "dashboards[1] 'A': the name is also dashboards[0]"),
    ([{'name': 'A', 'widgetz': []}], "dashboards[0] 'A': unknown key widgetz"),
    ([{'widgets': []}], 'dashboards[0]: dashboard name must be a non-empty string'),
    (['Greenhouse'], 'dashboards[0] must be a dict'),
    ([{'name': 'A', 'widgets': [{'name': 'W', 'type': 'Value', 'widht': 2, 'height': 2}]}],
     "dashboards[0] 'A': widgets[0] 'W': unknown key widht"),
    ([{'name': 'A', 'shares': [{'username': 'alice', 'user_id': ALICE}]}],
     "dashboards[0] 'A': shares[0]: give exactly one of username or user_id"),
    ([{'name': 'A', 'cover_image': 'x' * 1025}], "dashboards[0] 'A': cover_image must be a string"),
])
def test_bad_input_fails_in_one_line_before_any_request(run_module, dashboards, message):
    cloud = FakeArduino()
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=dashboards)
    assert failed and message in result['msg'] and '\n' not in result['msg']
    assert cloud.calls == [] and result['changed'] is False


def test_an_unknown_thing_or_property_fails_after_reads_only(run_module):
    cloud = FakeArduino()
    bad_ref = {'name': 'A', 'widgets': [{'name': 'W', 'type': 'Value', 'width': 1, 'height': 1,
                                         'variables': [{'thing': 'nowhere', 'variable': 'x'}]}]}
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[bad_ref])
    assert failed and "dashboards[0] 'A': widget 'W': thing 'nowhere' not found" in result['msg']
    pasted = {'name': 'A', 'widgets': [{'name': 'W', 'type': 'Value', 'width': 1, 'height': 1,
                                        'variables': [OTHER_ORG_PROPERTY]}]}
    result, failed, dummy = run_module(dashboard_sync, cloud, check_mode=True, dashboards=[pasted])
    assert failed and OTHER_ORG_PROPERTY in result['msg'] and 'not a property of any thing' in result['msg']
    assert [c for c in cloud.calls if c[0] in WRITES] == []


def test_qubitro_is_refused_before_any_request(run_module):
    cloud = FakeArduino()
    result, failed, dummy = run_module(dashboard_sync, cloud, platform='qubitro', api_key='QB_x', client_id=None,
                                       client_secret=None, organization=None, dashboards=[WEATHER])
    assert failed and result['msg'] == 'dashboard_sync (writing dashboards) is not supported by the Qubitro API'
    assert cloud.calls == []
