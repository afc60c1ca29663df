# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dashboard and dashboard_sync with pages, through main() against the in-memory client: check mode
predicts the real run, the rerun writes nothing, and only a task with pages takes the v3 view."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.modules import dashboard, dashboard_info, dashboard_sync
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import FAN, TEMP, FakeArduino

PAGES = [
    {'name': 'Climate', 'icon': 'sun', 'widgets': [
        {'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 2,
         'variables': [{'thing': 'greenhouse', 'variable': 'temperature'}]}]},
    {'name': 'Controls', 'widgets': [
        {'name': 'Fan', 'type': 'Switch', 'width': 2, 'height': 2, 'variables': [FAN]}]},
]


def test_dashboard_with_pages_check_run_rerun(run_module):
    cloud = FakeArduino()
    args = dict(name='Paged', pages=PAGES, widgets=[{'name': 'Title', 'type': 'Label', 'width': 4, 'height': 1}])
    predicted, failed, dummy = run_module(dashboard, cloud, check_mode=True, **args)
    assert not failed and predicted['changed'] and cloud.writes() == []
    real, failed, dummy = run_module(dashboard, cloud, **args)
    assert not failed and real['changed']
    assert dict(real['dashboard'], id=None) == dict(predicted['dashboard'], id=None)
    assert [p['name'] for p in real['dashboard']['pages']] == ['Climate', 'Controls']
    assert real['dashboard']['pages'][0]['icon'] == 'sun'
    assert real['dashboard']['widgets']['Temperature']['page'] == 'Climate'
    assert real['dashboard']['widgets']['Temperature']['variables'] == [TEMP]
    assert real['dashboard']['widgets']['Title']['page'] is None
    stored = list(cloud.dashboards.values())[0]
    assert [w['page_id'] for w in stored['widgets']] == ['0', stored['pages'][0]['id'], stored['pages'][1]['id']]
    before = len(cloud.writes())
    again, failed, dummy = run_module(dashboard, cloud, **args)
    assert not failed and not again['changed'] and len(cloud.writes()) == before
    assert ('v3',) in cloud.calls


def test_a_dashboard_without_pages_never_takes_the_v3_view(run_module):
    cloud = FakeArduino()
    result, failed, dummy = run_module(dashboard, cloud, name='Flat',
                                       widgets=[{'name': 'Title', 'type': 'Label', 'width': 4, 'height': 1}])
    assert not failed and result['changed'] and 'pages' not in result['dashboard']
    info, failed, dummy = run_module(dashboard_info, cloud, name='Flat')
    assert not failed and 'pages' not in info['dashboards'][0]
    assert ('v3',) not in cloud.calls


def test_the_spec_of_a_paged_dashboard_syncs_unchanged_and_bad_pages_send_nothing(run_module):
    cloud = FakeArduino()
    run_module(dashboard, cloud, name='Paged', pages=PAGES)
    info, failed, dummy = run_module(dashboard_info, cloud, name='Paged', include=['spec', 'pages'])
    assert not failed
    spec = info['dashboards'][0]['spec']
    assert [p['name'] for p in spec['pages']] == ['Climate', 'Controls']
    before = len(cloud.writes())
    synced, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[spec])
    assert not failed and not synced['changed'] and synced['summary']['unchanged'] == 1
    assert len(cloud.writes()) == before
    calls = len(cloud.calls)
    bad = dict(spec, pages=spec['pages'] + [{'name': 'Climate'}])
    result, failed, dummy = run_module(dashboard_sync, cloud, dashboards=[bad])
    assert failed and not result['changed']
    assert result['msg'] == "dashboards[0] 'Paged': pages[2] 'Climate': duplicate page name (also pages[0]); page names must be unique"
    assert len(cloud.calls) == calls
