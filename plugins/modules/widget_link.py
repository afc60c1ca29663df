#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: widget_link
short_description: Bind the variables of one widget of an Arduino IoT Cloud dashboard
version_added: 1.0.0
author: iotcloud.dashboards contributors (@iotcloud)
description:
  - Makes one widget of a dashboard bound to exactly the given thing variables, or detaches variables
    from it.
  - The current binding is read from the dashboard, and the widget's variables are written with one
    C(PUT .../widgets/{widgetId}/variables) request only when they differ, so running it again
    changes nothing.
  - Variables given as C({thing, variable}) references are resolved with one listing of the things.
  - B(Working with M(iotcloud.dashboards.dashboard).) M(iotcloud.dashboards.dashboard) leaves the
    variables of a widget alone when that widget's entry has no C(variables) key, so either module may
    own a widget's binding. A playbook that uses both must not give C(variables) for that widget in
    M(iotcloud.dashboards.dashboard); otherwise the two modules undo each other's work on every run and
    both always report a change. Use M(iotcloud.dashboards.dashboard) for the layout and
    M(iotcloud.dashboards.widget_link) for the binding, for example when the same dashboard layout is
    bound to a different thing in each environment.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - iotcloud.dashboards.attributes
  - iotcloud.dashboards.attributes.action_group
  - iotcloud.dashboards.attributes.check_mode_full
  - iotcloud.dashboards.attributes.diff_mode_full
  - iotcloud.dashboards.connection
options:
  dashboard:
    description:
      - Id or exact name of the dashboard.
    type: str
    required: true
  widget:
    description:
      - Name or id of the widget. A name is matched first.
    type: str
    required: true
  variables:
    description:
      - 'The variables, each either a property UUID or a reference
        C({thing: <thing name or id>, variable: <variable name>}).'
      - With O(state=present), the widget is bound to exactly these; an empty list detaches all.
        O(variables) is required then.
      - With O(state=absent), these are detached; when omitted, all are detached.
      - A variable listed twice is an error, also when it is given once as a reference and once as its property UUID.
    type: list
    elements: raw
  state:
    description:
      - V(present) binds the widget to exactly O(variables).
      - V(absent) detaches O(variables), or all variables when O(variables) is omitted.
    type: str
    choices: [present, absent]
    default: present
attributes:
  check_mode:
    details:
      - Sends only GET requests (and the Arduino token request when no cached token is valid), and
        returns the exact result.
  diff_mode:
    details:
      - Before and after are the normalised widget (RV(widget)).
seealso:
  - module: iotcloud.dashboards.dashboard
  - module: iotcloud.dashboards.dashboard_info
  - module: iotcloud.dashboards.dashboard_share
  - name: Arduino IoT Cloud API
    description: The dashboards v2 widget link endpoint this module uses.
    link: https://www.arduino.cc/reference/en/iot/api/
notes:
  - Only Arduino IoT Cloud is supported. The Qubitro API has no endpoint to bind widgets; with
    O(platform=qubitro) the module fails before any request is sent.
  - An unknown dashboard, widget, thing or variable fails with a message naming it, and nothing is
    written. Property UUIDs that are not bound yet are checked against the things listing as well.
  - The API has no ETags. The link endpoint changes one widget only, but two tasks that bind the same
    widget at once leave the binding of the later one; give each widget one writer (or C(serial)).
'''

EXAMPLES = r'''
# Connection options go at play level (or in group_vars), where they add to the play's other
# module_defaults; a block-level module_defaults would replace those of the play.
- name: Bind widgets of the Acme dashboard Greenhouse
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
      organization: 11111111-1111-4111-8111-111111111111
  tasks:
    - name: The layout belongs to the dashboard module; the widget has no variables key
      iotcloud.dashboards.dashboard:
        name: Greenhouse
        widgets:
          - name: Temperature
            type: Value
            width: 2
            height: 2

    - name: The binding belongs to widget_link
      iotcloud.dashboards.widget_link:
        dashboard: Greenhouse
        widget: Temperature
        variables:
          - {thing: greenhouse, variable: temperature}
      register: linked

    - name: The same binding, with the property id of greenhouse.temperature
      iotcloud.dashboards.widget_link:
        dashboard: Greenhouse
        widget: Temperature
        variables:
          - a1000000-0000-4000-8000-000000000011

    - name: Detach every variable
      iotcloud.dashboards.widget_link:
        dashboard: Greenhouse
        widget: Temperature
        state: absent
'''

RETURN = r'''
widget:
  description: The widget after the task, normalised as in RV(iotcloud.dashboards.dashboard#module:dashboard).
  returned: success
  type: dict
  sample:
    name: Temperature
    id: 475271f5-8415-5dec-a4f6-44316e1532d5
    type: Value
    x: 0
    y: 0
    width: 2
    height: 2
    options: {}
    variables: [a1000000-0000-4000-8000-000000000011]
  contains:
    name:
      description: Name of the widget (its id when it has none).
      returned: always
      type: str
    id:
      description: UUID of the widget.
      returned: always
      type: str
    type:
      description: Widget type.
      returned: always
      type: str
    x:
      description: Column of the widget.
      returned: always
      type: int
    y:
      description: Row of the widget.
      returned: always
      type: int
    width:
      description: Width in grid cells.
      returned: always
      type: int
    height:
      description: Height in grid cells.
      returned: always
      type: int
    x_mobile:
      description: Column in the mobile layout.
      returned: when set
      type: int
    y_mobile:
      description: Row in the mobile layout.
      returned: when set
      type: int
    width_mobile:
      description: Width in the mobile layout.
      returned: when set
      type: int
    height_mobile:
      description: Height in the mobile layout.
      returned: when set
      type: int
    options:
      description: Widget options, without the keys the server adds.
      returned: always
      type: dict
    variables:
      description: Sorted property ids the widget is bound to.
      returned: always
      type: list
      elements: str
variables:
  description: Sorted property ids the widget is bound to after the task.
  returned: success
  type: list
  elements: str
  sample: [a1000000-0000-4000-8000-000000000011]
dashboard_id:
  description: Id of the dashboard.
  returned: success
  type: str
  sample: 0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10
'''

from ansible_collections.iotcloud.dashboards.plugins.module_utils._base import DashboardModule
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _run_link as run


def main():
    module = DashboardModule(
        argument_spec=dict(
            dashboard=dict(type='str', required=True),
            widget=dict(type='str', required=True),
            variables=dict(type='list', elements='raw'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        ),
        required_if=[('state', 'present', ['variables'])],
        platforms=('arduino',),
        unsupported='binding widget variables',
    )
    module.run(run.validate, run.execute)


if __name__ == '__main__':
    main()
