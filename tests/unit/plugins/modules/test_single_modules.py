# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""main() of dashboard, dashboard_info, dashboard_share and widget_link through the module base and
the shared plan step, against an in-memory client."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.modules import (
    dashboard, dashboard_info, dashboard_share, dashboard_sync, widget_link)
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import (
    ACME, ALICE, FAN, HUMIDITY, OTHER_ORG_PROPERTY, TEMP, WIND, FakeArduino)

WIDGETS = [{'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 2,
            'variables': [{'thing': 'greenhouse', 'variable': 'temperature'}]}]

# A dashboard as the web editor leaves it: two widgets named Temp, server-owned option keys.
UI_MADE = {'name': 'From the UI', 'widgets': [
    {'id': '10000000-0000-4000-8000-000000000001', 'name': 'Temp', 'type': 'Value', 'x': 0, 'y': 0,
     'width': 2, 'height': 2,
     'options': {'thingId': 'a1000000-0000-4000-8000-000000000001', 'created_by': 'web', 'properties': [TEMP],
                 'frameless': True},
     'variables': [TEMP]},
    {'id': '10000000-0000-4000-8000-000000000002', 'name': 'Temp', 'type': 'Chart', 'x': 2, 'y': 0,
     'width': 4, 'height': 2, 'options': {'created_by': 'web'}, 'variables': [HUMIDITY]}]}


def test_dashboard_check_run_rerun(run_module):
    cloud = FakeArduino()
    predicted, failed, dummy = run_module(dashboard, cloud, check_mode=True, name='Greenhouse', widgets=WIDGETS)
    assert not failed and predicted['changed'] and cloud.writes() == []
    created, failed, dummy = run_module(dashboard, cloud, diff=True, name='Greenhouse', widgets=WIDGETS)
    assert not failed and created['changed']
    assert dict(created['dashboard'], id=None) == predicted['dashboard']
    assert created['diff']['before'] == {} and created['diff']['after'] == created['dashboard']
    cloud.calls[:] = []
    again, failed, dummy = run_module(dashboard, cloud, name='Greenhouse', widgets=WIDGETS)
    assert not failed and not again['changed'] and cloud.writes() == []
    assert again['dashboard'] == created['dashboard']


def test_dashboard_update_carries_back_what_it_does_not_own(run_module):
    cloud = FakeArduino(dashboards=[UI_MADE])
    result, failed, dummy = run_module(dashboard, cloud, name='From the UI', cover_image='https://img/x.png')
    assert not failed and result['changed']
    stored = list(cloud.dashboards.values())[0]
    assert len(cloud.dashboards) == 1
    assert [w['name'] for w in stored['widgets']] == ['Temp', 'Temp']
    assert stored['widgets'][0]['options'] == UI_MADE['widgets'][0]['options']
    assert stored['widgets'][1]['options'] == {'created_by': 'web'}
    assert stored['cover_image'] == 'https://img/x.png'


def test_dashboard_refuses_a_property_of_another_organization_before_writing(run_module):
    cloud = FakeArduino()
    widgets = [{'name': 'W', 'type': 'Value', 'width': 1, 'height': 1, 'variables': [OTHER_ORG_PROPERTY]}]
    result, failed, dummy = run_module(dashboard, cloud, check_mode=True, name='G', widgets=widgets)
    assert failed and OTHER_ORG_PROPERTY in result['msg'] and 'not a property' in result['msg']
    assert result['changed'] is False and cloud.writes() == []


def test_dashboard_and_dashboard_sync_decide_alike(run_module):
    cloud = FakeArduino()
    run_module(dashboard, cloud, name='Greenhouse', widgets=WIDGETS)
    cloud.calls[:] = []
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[{'name': 'Greenhouse', 'widgets': WIDGETS}])
    assert not failed and not result['changed'] and cloud.writes() == []


def test_dashboard_info_spec_is_input_and_the_thing_filter_is_checked_here(run_module):
    cloud = FakeArduino(dashboards=[
        {'name': 'Greenhouse', 'shared_with': [ALICE], 'widgets': [
            {'id': '20000000-0000-4000-8000-000000000001', 'name': 'Fan', 'type': 'Switch', 'x': 0, 'y': 0,
             'width': 1, 'height': 1, 'options': {}, 'variables': [FAN]}]},
        {'name': 'Weather', 'widgets': [
            {'id': '20000000-0000-4000-8000-000000000002', 'name': 'Wind', 'type': 'Value', 'x': 0, 'y': 0,
             'width': 1, 'height': 1, 'options': {}, 'variables': [WIND]}]}])
    info, failed, dummy = run_module(dashboard_info, cloud, include=['spec'])
    assert not failed
    specs = [d['spec'] for d in info['dashboards']]
    assert specs[0] == {'name': 'Greenhouse', 'shares': [{'username': 'alice'}], 'widgets': [
        {'name': 'Fan', 'type': 'Switch', 'x': 0, 'y': 0, 'width': 1, 'height': 1, 'options': {},
         'variables': [{'thing': 'greenhouse', 'variable': 'fan'}]}]}
    cloud.calls[:] = []
    again, failed, dummy = run_module(dashboard_sync, cloud, dashboards=specs)
    assert not failed and not again['changed'] and cloud.writes() == []
    # The fake server ignores thing_id, as the document allows: only Greenhouse uses the greenhouse.
    filtered, failed, dummy = run_module(dashboard_info, cloud, thing='greenhouse')
    assert not failed and [d['name'] for d in filtered['dashboards']] == ['Greenhouse']


def test_dashboard_share_and_widget_link_preview_a_dashboard_an_earlier_task_creates(run_module):
    cloud = FakeArduino()
    share, failed, warnings = run_module(dashboard_share, cloud, check_mode=True, dashboard='Later',
                                         users=[{'username': 'alice'}])
    assert not failed and share['changed'] and 'does not exist yet' in warnings[0]
    link, failed, warnings = run_module(widget_link, cloud, check_mode=True, dashboard='Later', widget='W',
                                        variables=[TEMP])
    assert not failed and link['changed'] and 'does not exist yet' in warnings[0]
    clone, failed, warnings = run_module(dashboard, cloud, check_mode=True, name='Copy', clone_from='Later')
    assert not failed and clone['changed'] and 'does not exist yet' in warnings[0]
    assert cloud.writes() == []
    real, failed, dummy = run_module(dashboard_share, cloud, dashboard='Later', users=[{'username': 'alice'}])
    assert failed and real['msg'] == "dashboard 'Later' not found in organization %s" % ACME


def test_widget_link_refuses_two_widgets_of_one_name(run_module):
    cloud = FakeArduino(dashboards=[UI_MADE])
    result, failed, dummy = run_module(widget_link, cloud, dashboard='From the UI', widget='Temp', variables=[TEMP])
    assert failed and '2 widgets' in result['msg'] and '10000000-0000-4000-8000-000000000002' in result['msg']
    assert cloud.writes() == []


def test_widget_link_binds_and_reports_unchanged_after(run_module):
    cloud = FakeArduino(dashboards=[dict(UI_MADE, widgets=UI_MADE['widgets'][:1])])
    result, failed, dummy = run_module(widget_link, cloud, dashboard='From the UI', widget='Temp',
                                       variables=[{'thing': 'greenhouse', 'variable': 'humidity'}])
    assert not failed and result['changed'] and result['variables'] == [HUMIDITY]
    assert [c[0] for c in cloud.writes()] == ['link_widget']
    cloud.calls[:] = []
    again, failed, dummy = run_module(widget_link, cloud, dashboard='From the UI', widget='Temp', variables=[HUMIDITY])
    assert not failed and not again['changed'] and cloud.writes() == []


def test_a_failed_write_after_a_sent_one_reports_changed(run_module):
    from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ServerError
    cloud = FakeArduino(dashboards=[{'name': 'S', 'shared_with': [ALICE], 'widgets': []}])
    cloud.fail[('delete_share', None)] = ServerError('DELETE', '/iot/v2/dashboards/x/shares/y', 502, 'bad gateway')
    result, failed, dummy = run_module(dashboard_share, cloud, dashboard='S', users=[{'username': 'bob'}], exclusive=True)
    assert failed and result['changed'] is True  # bob was added before the removal failed
