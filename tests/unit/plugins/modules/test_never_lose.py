# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The defects of "never lose, duplicate or misreport a dashboard", each driven through main()
against the in-memory client: soft-deleted dashboards, names the list filter cannot carry, widget
errors, plain usernames, template text, messages that name the organization, warnings, docs."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import yaml

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _base
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _widget_types as wt
from ansible_collections.iotcloud.dashboards.plugins.modules import (
    dashboard, dashboard_info, dashboard_share, dashboard_sync, widget_link)
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import (
    ACME, ALICE, BOB, FAN, TEMP, FakeArduino)

WIDGET = {'name': 'T', 'type': 'Value', 'width': 1, 'height': 1}
MISSING = '0d000000-0000-4000-8000-0000000000ff'


# ---- item 3: soft-deleted dashboards --------------------------------------------------------------

def test_force_purges_a_dashboard_that_an_earlier_task_soft_deleted(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'Old', 'widgets': []}])
    soft, failed, unused = run_module(dashboard, cloud, name='Old', state='absent')
    assert not failed and soft['changed'] and list(cloud.deleted) == [soft['dashboard']['id']]
    dashboard_id = soft['dashboard']['id']
    cloud.calls[:] = []
    preview, failed, warnings = run_module(dashboard, cloud, check_mode=True, id=dashboard_id, state='absent',
                                           force=True)
    assert not failed and not preview['changed'] and 'purges it' in warnings[0] and cloud.writes() == []
    purged, failed, unused = run_module(dashboard, cloud, id=dashboard_id, state='absent', force=True)
    assert not failed and purged['changed'] and cloud.deleted == {}
    assert cloud.writes() == [('delete_dashboard', dashboard_id, 'force')]
    cloud.calls[:] = []
    again, failed, unused = run_module(dashboard, cloud, id=dashboard_id, state='absent', force=True)
    assert not failed and not again['changed'] and again['dashboard'] == {}


def test_restore_brings_a_soft_deleted_dashboard_back_and_then_matches_it(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'Old', 'widgets': []}])
    dashboard_id = run_module(dashboard, cloud, name='Old', state='absent')[0]['dashboard']['id']
    refused, failed, unused = run_module(dashboard, cloud, id=dashboard_id)
    assert failed and 'restore: true' in refused['msg'] and cloud.deleted
    preview, failed, warnings = run_module(dashboard, cloud, check_mode=True, id=dashboard_id, restore=True)
    assert not failed and preview['changed'] and 'restores it' in warnings[0] and cloud.deleted
    cloud.calls[:] = []
    restored, failed, unused = run_module(dashboard, cloud, id=dashboard_id, restore=True, widgets=[WIDGET])
    assert not failed and restored['changed'] and cloud.deleted == {}
    assert [c[0] for c in cloud.writes()] == ['patch_dashboard', 'update_dashboard']
    assert list(cloud.dashboards[dashboard_id]['widgets'][0].items())[:2] == [('id', restored['dashboard']['widgets']['T']['id']), ('type', 'Value')]
    cloud.calls[:] = []
    again, failed, unused = run_module(dashboard, cloud, id=dashboard_id, restore=True, widgets=[WIDGET])
    assert not failed and not again['changed'] and cloud.writes() == []


def test_restore_fails_for_a_dashboard_that_is_not_even_soft_deleted(run_module):
    cloud = FakeArduino()
    result, failed, unused = run_module(dashboard, cloud, id=MISSING, restore=True)
    assert failed and result['msg'] == ('dashboard %s not found in organization %s, neither live nor soft-deleted'
                                        % (MISSING, ACME))
    assert result['changed'] is False


def test_restore_needs_an_id_and_says_why_before_any_request(run_module):
    cloud = FakeArduino()
    result, failed, unused = run_module(dashboard, cloud, name='Old', restore=True)
    assert failed and result['msg'].startswith('restore needs id') and cloud.calls == []


# ---- item 9: names that the list filter cannot carry -----------------------------------------------

def test_a_name_outside_the_filter_pattern_is_listed_unfiltered_and_matched_exactly(run_module):
    cloud = FakeArduino(dashboards=[{'name': u'温室 B', 'widgets': []}])
    created, failed, unused = run_module(dashboard, cloud, name=u'温室', widgets=[WIDGET])
    assert not failed and created['changed']
    assert ('list_dashboards', None) in cloud.calls
    cloud.calls[:] = []
    again, failed, unused = run_module(dashboard, cloud, name=u'温室', widgets=[WIDGET])
    assert not failed and not again['changed'] and again['dashboard']['id'] == created['dashboard']['id']
    info, failed, unused = run_module(dashboard_info, cloud, name=u"温室")
    assert not failed and [d['id'] for d in info['dashboards']] == [created['dashboard']['id']]
    kept, failed, unused = run_module(dashboard, cloud, name='Greenhouse 2', widgets=[WIDGET])
    assert not failed and ('list_dashboards', 'Greenhouse 2') in cloud.calls


# ---- item 10: widget errors name the widget ----------------------------------------------------------

def test_a_widget_typo_names_the_index_the_widget_and_the_key(run_module):
    cloud = FakeArduino()
    widgets = [WIDGET, {'name': 'Fan', 'type': 'Switch', 'widht': 2, 'height': 1}]
    result, failed, unused = run_module(dashboard, cloud, name='G', widgets=widgets)
    assert failed and result['msg'].startswith("widgets[1] 'Fan': unknown key widht; known keys are ")
    assert cloud.calls == []


def test_a_widget_without_width_names_it(run_module):
    widgets = [{'name': 'Fan', 'type': 'Switch', 'height': 1}]
    result, failed, unused = run_module(dashboard, FakeArduino(), name='G', widgets=widgets)
    assert failed and result['msg'] == "widgets[0] 'Fan': width is required"


# ---- item 11: plain usernames --------------------------------------------------------------------------

def test_users_may_be_plain_usernames(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'G', 'widgets': []}])
    result, failed, unused = run_module(dashboard_share, cloud, dashboard='G', users=['alice', 'bob'])
    assert not failed and result['changed']
    assert sorted(s['user_id'] for s in result['shares']) == sorted([ALICE, BOB])


def test_qubitro_plain_email_says_that_a_role_is_needed():
    words = "needs a role"
    try:
        shr.validate_share('qubitro', 'present', ['ops@example.com'])
    except ValueError as exc:
        assert words in str(exc)
    else:
        raise AssertionError('a plain e-mail without a role was accepted')


# ---- item 12: template given as content ------------------------------------------------------------------

TEMPLATE = {'name': 'From text', 'widgets': [
    {'type': 'Value', 'name': 'T', 'x': 0, 'y': 0, 'width': 2, 'height': 1,
     'variables': [{'thing_id': 'greenhouse', 'variable_id': 'temperature'}]}]}


def test_a_template_given_as_json_or_yaml_text_is_parsed(run_module):
    cloud = FakeArduino()
    from_json, failed, unused = run_module(dashboard, cloud, template=json.dumps(TEMPLATE, indent=2))
    assert not failed and from_json['changed'] and from_json['dashboard']['widgets']['T']['variables'] == [TEMP]
    from_yaml, failed, unused = run_module(dashboard, cloud, template=yaml.safe_dump(TEMPLATE))
    assert not failed and not from_yaml['changed'] and from_yaml['dashboard'] == from_json['dashboard']


# ---- item 13: messages name the organization ------------------------------------------------------------

def test_not_found_names_the_organization_or_the_personal_space(run_module):
    cloud = FakeArduino()
    result, failed, unused = run_module(widget_link, cloud, dashboard='Nope', widget='W', variables=[TEMP])
    assert failed and result['msg'] == "dashboard 'Nope' not found in organization %s" % ACME
    widgets = [dict(WIDGET, variables=[{'thing': 'nothing', 'variable': 'x'}])]
    result, failed, unused = run_module(dashboard, cloud, name='G', widgets=widgets, organization=None)
    assert failed and "thing 'nothing' not found in the personal space (no organization given)" in result['msg']


# ---- items 14 and 15: warnings, not failures --------------------------------------------------------------

def test_an_unknown_widget_type_warns_with_the_known_types_and_is_written(run_module):
    cloud = FakeArduino()
    widgets = [{'name': 'Fan', 'type': 'Swtich', 'width': 1, 'height': 1}]
    result, failed, warnings = run_module(dashboard, cloud, name='G', widgets=widgets)
    assert not failed and result['dashboard']['widgets']['Fan']['type'] == 'Swtich'
    assert len(warnings) == 1 and "widget 'Fan': type 'Swtich' is not a known widget type" in warnings[0]
    assert ', '.join(wt.WIDGET_TYPES) in warnings[0]


def test_a_known_type_in_the_wrong_case_is_pointed_at(run_module):
    warnings = wt.type_warnings([{'name': 'Fan', 'type': 'switch'}])
    assert "(did you mean 'Switch'?)" in warnings[0]


def test_a_switch_bound_to_a_read_only_variable_warns(run_module):
    cloud = FakeArduino()
    widgets = [{'name': 'Fan', 'type': 'Switch', 'width': 1, 'height': 1,
                'variables': [{'thing': 'greenhouse', 'variable': 'temperature'}]},
               {'name': 'Ok', 'type': 'Switch', 'width': 1, 'height': 1,
                'variables': [{'thing': 'greenhouse', 'variable': 'fan'}]}]
    result, failed, warnings = run_module(dashboard, cloud, name='G', widgets=widgets)
    assert not failed and result['changed']
    assert warnings == ["widget 'Fan': a Switch cannot change the READ_ONLY variable greenhouse.temperature; give "
                        "the variable READ_WRITE permission or use a widget that only shows it, such as Value"]
    synced, failed, warnings = run_module(dashboard_sync, cloud, dashboards=[{'name': 'G', 'widgets': widgets}])
    assert not failed and len(warnings) == 1 and warnings[0].startswith("dashboards[0] 'G': widget 'Fan': a Switch")


def test_a_template_widget_without_layout_warns(run_module):
    template = {'name': 'No layout', 'widgets': [{'type': 'Value', 'name': 'T'}]}
    result, failed, warnings = run_module(dashboard, FakeArduino(), template=template)
    assert not failed and result['dashboard']['widgets']['T']['width'] == 0
    assert warnings == ["template widget 'T': no width and height in the template, so it becomes 0x0 at (0,0), "
                        "which the web editor may not show; give the layout in the template"]


# ---- item 16: docs and code agree ------------------------------------------------------------------------

def test_a_variable_given_as_a_reference_and_as_its_uuid_is_listed_twice(run_module):
    cloud = FakeArduino(dashboards=[{'name': 'G', 'widgets': [
        {'id': '10000000-0000-4000-8000-000000000001', 'name': 'W', 'type': 'Value', 'x': 0, 'y': 0,
         'width': 1, 'height': 1, 'options': {}, 'variables': []}]}])
    variables = [{'thing': 'greenhouse', 'variable': 'fan'}, FAN]
    result, failed, unused = run_module(widget_link, cloud, dashboard='G', widget='W', variables=variables)
    assert failed and 'listed twice' in result['msg'] and FAN in result['msg'] and cloud.writes() == []


def test_the_qubitro_invite_warning_does_not_say_sent_again_for_the_first_one():
    assert 'was sent again' not in shr.QUBITRO_NO_READBACK
    assert 'every run sends it again' in shr.QUBITRO_NO_READBACK


def _examples(module):
    return yaml.safe_load(module.EXAMPLES)


def test_examples_of_widget_link_bind_temperature_to_the_temperature_property():
    tasks = [t for play in _examples(widget_link) for t in play['tasks']]
    for task in tasks:
        args = task.get('iotcloud.dashboards.widget_link') or {}
        if args.get('widget') == 'Temperature':
            assert [v for v in args.get('variables') or [] if isinstance(v, str)] in ([], [TEMP])


# ---- item 17: connection options at play level, and IOT_API_URL ------------------------------------------

def test_examples_set_connection_options_at_play_level_only():
    for module in (dashboard, dashboard_info, dashboard_share, dashboard_sync, widget_link):
        for play in _examples(module):
            assert 'hosts' in play and 'tasks' in play, module.__name__
            for task in play['tasks']:
                assert 'module_defaults' not in task and 'block' not in task, module.__name__


def test_api_url_falls_back_to_iot_api_url(run_module, monkeypatch):
    seen = []
    monkeypatch.setenv('IOT_API_URL', 'http://127.0.0.1:9')
    monkeypatch.setattr(_base, 'check_connection', lambda module: seen.append(module.params['api_url']))
    result, failed, unused = run_module(dashboard_info, FakeArduino())
    assert not failed and seen == ['http://127.0.0.1:9']


def test_every_module_documentation_is_yaml():
    for module in (dashboard, dashboard_info, dashboard_share, dashboard_sync, widget_link):
        assert isinstance(yaml.safe_load(module.DOCUMENTATION), dict), module.__name__
