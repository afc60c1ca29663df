#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: dashboard_info
short_description: List Arduino IoT Cloud and Qubitro dashboards, export them as templates
version_added: 1.0.0
author: iotcloud.dashboards contributors (@iotcloud)
description:
  - Lists the dashboards of an Arduino IoT Cloud organization or of a Qubitro account, all of them or
    filtered, in the normalised form that M(iotcloud.dashboards.dashboard) returns.
  - O(include) adds the shares, the devices behind the widgets and the template of each dashboard.
  - The template is exactly what M(iotcloud.dashboards.dashboard) takes as
    O(iotcloud.dashboards.dashboard#module:template), so exporting from one organization and importing
    into another is the way to copy dashboards across organizations.
  - This module never changes anything.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - iotcloud.dashboards.attributes
  - iotcloud.dashboards.attributes.action_group
  - iotcloud.dashboards.attributes.check_mode_read_only
  - iotcloud.dashboards.attributes.diff_mode_none
  - iotcloud.dashboards.connection
options:
  id:
    description:
      - UUID of one dashboard. A dashboard that does not exist gives an empty list.
    type: str
  name:
    description:
      - Only the dashboards with exactly this name.
    type: str
  name_contains:
    description:
      - Only the dashboards whose name contains this text, ignoring case.
    type: str
  thing:
    description:
      - Only the dashboards with a widget linked to a variable of this thing (a thing name or id).
      - Arduino only.
    type: str
  include:
    description:
      - What to add to each dashboard.
      - V(shares) adds RV(dashboards[].shares), the users it is shared with (Arduino only).
      - V(devices) adds RV(dashboards[].devices), the devices behind the widgets. For Arduino these are
        the devices of the things whose variables the widgets use; for Qubitro the answer of its
        devices endpoint.
      - V(template) adds RV(dashboards[].template), the server's template of the dashboard
        (Arduino only).
      - V(spec) adds RV(dashboards[].spec), the dashboard's definition in the format that
        M(iotcloud.dashboards.dashboard_sync) takes (Arduino only). It costs no request beyond the things
        listing when the listing gives each dashboard's shares.
      - V(pages) reads the dashboards through the v3 endpoints (the same number of requests), so that each
        has RV(dashboards[].pages) and each widget its C(page). With V(spec), a dashboard with pages is
        exported with C(pages); with V(template), the template is the v3 one (C(pages) and a C(page_id) per
        widget), which C(arduino-cloud-cli dashboard create) and O(iotcloud.dashboards.dashboard#module:template)
        take. Without V(pages), a dashboard with pages reads as its v2 view, every widget in one list.
      - In a template, widget options carry no server-added keys, and the property ids in the options of
        Advanced Chart and Image Map widgets become C(thing:variable) references, as the CLI writes them
        (costing the things listing when there are such ids).
    type: list
    elements: str
    choices: [shares, devices, template, spec, pages]
    default: []
seealso:
  - module: iotcloud.dashboards.dashboard
  - module: iotcloud.dashboards.dashboard_share
  - name: Arduino IoT Cloud API
    description: The dashboards v2 endpoints this module uses.
    link: https://www.arduino.cc/reference/en/iot/api/
  - name: Qubitro API
    description: The dashboards endpoints of the Qubitro API.
    link: https://docs.qubitro.com/developers/dashboards
notes:
  - Filters combine; a dashboard must match all of them.
  - Qubitro cannot list the collaborators of a dashboard and has no templates, so O(include=shares)
    and O(include=template) fail before any request for O(platform=qubitro).
  - For Qubitro each matching dashboard is read in full, so that its widgets have the same form as in
    M(iotcloud.dashboards.dashboard).
'''

EXAMPLES = r'''
# Connection options go at play level (or in group_vars), where they add to the play's other
# module_defaults; a block-level module_defaults would replace those of the play.
- name: Export the Greenhouse dashboard of Acme and import it into Globex
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
  tasks:
    - name: Read it with its template
      iotcloud.dashboards.dashboard_info:
        organization: 11111111-1111-4111-8111-111111111111
        name: Greenhouse
        include: [template, devices]
      register: exported

    - name: Import the template into Globex
      iotcloud.dashboards.dashboard:
        organization: 22222222-2222-4222-8222-222222222222
        template: "{{ exported.dashboards[0].template }}"

- name: All Qubitro dashboards with their devices
  hosts: localhost
  gather_facts: false
  tasks:
    - name: All Qubitro dashboards with their devices
      iotcloud.dashboards.dashboard_info:
        platform: qubitro
        api_key: "{{ qubitro_api_key }}"
        include: [devices]
      register: qubitro_dashboards
'''

RETURN = r'''
dashboards:
  description:
    - The matching dashboards, normalised as RV(iotcloud.dashboards.dashboard#module:dashboard), sorted by name.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10
      name: Greenhouse
      cover_image: null
      widgets:
        Temperature:
          id: 475271f5-8415-5dec-a4f6-44316e1532d5
          type: Value
          x: 0
          y: 0
          width: 2
          height: 2
          options: {}
          variables: [a1000000-0000-4000-8000-000000000011]
        Fan:
          id: 1c54b84e-079d-5873-8b92-cc9e549407cc
          type: Switch
          x: 2
          y: 0
          width: 2
          height: 1
          x_mobile: 0
          y_mobile: 2
          width_mobile: 4
          height_mobile: 1
          options: {}
          variables: [a1000000-0000-4000-8000-000000000013]
        Humidity:
          id: 2d65c95f-18ae-5f84-9ca7-dd0f65a518dd
          type: Value
          x: 4
          y: 0
          width: 2
          height: 2
          options: {}
          variables: [a1000000-0000-4000-8000-000000000012]
          page: null
      devices:
        - device_id: a1000000-0000-4000-8000-0000000000d1
          thing_id: a1000000-0000-4000-8000-000000000001
          thing_name: greenhouse
  contains:
    id:
      description: UUID of the dashboard.
      returned: always
      type: str
    name:
      description: Name of the dashboard.
      returned: always
      type: str
    cover_image:
      description: Cover image, or V(null).
      returned: when O(platform=arduino)
      type: str
    widgets:
      description:
        - The widgets keyed by name (Qubitro; by title), in the form that
          RV(iotcloud.dashboards.dashboard#module:dashboard.widgets) describes.
        - With O(include=pages), each Arduino widget also has C(page), the name of its page (V(null) on the main page).
      returned: always
      type: dict
    pages:
      description:
        - The sub-pages of the dashboard in position order, each C({id, name, position}) and C(icon) when
          set; V([]) for a dashboard without pages.
      returned: when O(platform=arduino) and O(include) has V(pages)
      type: list
      elements: dict
      sample: [{id: 6b0b8f3e-4c1d-5e2f-9a3b-1c2d3e4f5a6b, name: Climate, position: 0}]
    is_public:
      description: Whether the Qubitro dashboard is public.
      returned: when O(platform=qubitro)
      type: bool
    refresh_period:
      description: Refresh period of the Qubitro dashboard.
      returned: when O(platform=qubitro)
      type: int
    tags:
      description: Tags of the Qubitro dashboard.
      returned: when O(platform=qubitro)
      type: list
      elements: str
    metadata:
      description: Metadata of the Qubitro dashboard.
      returned: when O(platform=qubitro)
      type: dict
    shares:
      description: The users the dashboard is shared with, as the server gives them (C(user_id), C(username)).
      returned: when O(platform=arduino) and O(include) has V(shares)
      type: list
      elements: dict
    devices:
      description:
        - Arduino, one item per thing whose variables the widgets use, sorted by thing name,
          C({device_id, thing_id, thing_name}); C(device_id) is V(null) for a thing without a device.
        - Qubitro, as its devices endpoint gives them (C(device_id), C(device_name), C(project_id),
          C(project_name)).
      returned: when O(include) has V(devices)
      type: list
      elements: dict
    template:
      description:
        - The server's template of the dashboard (C(id), C(name), C(widgets) whose C(variables) name
          the thing by C(thing_id) and the variable by C(variable_id)), ready for
          O(iotcloud.dashboards.dashboard#module:template). With O(include=pages) it is the v3 template,
          with C(pages) (C(id), C(name), C(position)) and a C(page_id) per widget.
      returned: when O(platform=arduino) and O(include) has V(template)
      type: dict
    spec:
      description:
        - The definition of the dashboard for M(iotcloud.dashboards.dashboard_sync) (and the O(iotcloud.dashboards.dashboard#module:widgets)
          of M(iotcloud.dashboards.dashboard)) - C(name), C(cover_image) when set, C(widgets) as a list in the server's order
          with C(variables) as C({thing, variable}) references (a property UUID when no thing of the
          organization has it), and C(shares) as C({username}) (C({user_id}) when the server gives no name).
        - With O(include=pages), a dashboard with pages also has C(pages), each C({name, widgets}) (and
          C(icon)); C(widgets) then holds the main page's widgets.
        - Property ids in the options of Advanced Chart and Image Map widgets are written as
          C(<thing>:<variable>), so that the definition also holds in another organization.
        - Applying it to another organization whose things have the same names reproduces the dashboard.
      returned: when O(platform=arduino) and O(include) has V(spec)
      type: dict
      sample:
        name: Greenhouse
        widgets:
          - name: Temperature
            type: Value
            x: 0
            y: 0
            width: 2
            height: 2
            options: {}
            variables:
              - {thing: greenhouse, variable: temperature}
        shares:
          - {username: alice}
'''

from ansible_collections.iotcloud.dashboards.plugins.module_utils._base import DashboardModule
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _run_info as run


def main():
    module = DashboardModule(
        argument_spec=dict(
            id=dict(type='str'),
            name=dict(type='str'),
            name_contains=dict(type='str'),
            thing=dict(type='str'),
            include=dict(type='list', elements='str', choices=['shares', 'devices', 'template', 'spec', 'pages'], default=[]),
        ),
    )
    module.run(run.validate, run.execute)


if __name__ == '__main__':
    main()
