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
    type: list
    elements: str
    choices: [shares, devices, template]
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
- name: Export the Greenhouse dashboard of Acme and import it into Globex
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
  block:
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
      returned: always
      type: dict
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
          O(iotcloud.dashboards.dashboard#module:template).
      returned: when O(platform=arduino) and O(include) has V(template)
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.iotcloud.dashboards.plugins.module_utils._module import (
    api_errors, check_connection, get_client, module_argument_spec)
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _references as refs


def validate(params):
    """Checks that need no request; raises ValidationError."""
    if params['id'] is not None and not dsh.is_uuid(params['id']):
        raise dsh.ValidationError('id must be a dashboard UUID, got %r' % params['id'])
    if params['platform'] == 'qubitro':
        refused = [item for item in params['include'] if item in ('shares', 'template')]
        if refused:
            raise dsh.ValidationError('include=%s is not supported by the Qubitro API (it cannot list the '
                                      'collaborators of a dashboard and has no templates)' % ','.join(refused))
        if params['thing'] is not None:
            raise dsh.ValidationError('thing is an Arduino filter; Qubitro dashboards are not linked to things')


def _matches(dashboard, params):
    """The client-side filters, applied to any raw dashboard of either platform."""
    name = dashboard.get('name') or ''
    if params['id'] is not None and (dashboard.get('id') or '').lower() != params['id'].lower():
        return False
    if params['name'] is not None and name != params['name']:
        return False
    if params['name_contains'] is not None and params['name_contains'].lower() not in name.lower():
        return False
    return True


def arduino_dashboards(client, params):
    """Raw Arduino dashboards that match, and the things listing if one was needed (else None)."""
    things = None
    if params['thing'] is not None or 'devices' in params['include']:
        things = client.list_things(show_properties=True)
    if params['id'] is not None:
        raw = _lookup.find_dashboard(client, dashboard_id=params['id'])
        raws = [raw] if raw is not None else []
        if raws and params['thing'] is not None:
            thing_id = refs.find_thing(things, params['thing'])['id']
            raws = [r for r in raws if thing_id in [d['thing_id'] for d in refs.dashboard_devices(r, things)]]
    else:
        query = {}
        if params['name'] is not None or params['name_contains'] is not None:
            # The server's name filter is a substring match; the exact name narrows the most.
            query['name'] = params['name'] if params['name'] is not None else params['name_contains']
        if params['thing'] is not None:
            query['thing_id'] = refs.find_thing(things, params['thing'])['id']
        raws = client.list_dashboards(**query)
    return [r for r in raws if _matches(r, params)], things


def arduino_result(client, raw, things, include):
    """One normalised Arduino dashboard with what include asks for."""
    dashboard = dsh.normalize_dashboard(raw)
    if 'shares' in include:
        dashboard['shares'] = client.list_shares(raw['id'])
    if 'devices' in include:
        dashboard['devices'] = refs.dashboard_devices(raw, things)
    if 'template' in include:
        dashboard['template'] = client.get_template(raw['id'])
    return dashboard


def qubitro_results(client, params):
    """Normalised Qubitro dashboards (read in full) with their devices when asked."""
    if params['id'] is not None:
        try:
            raws = [client.get_dashboard(params['id'])]
        except _lookup.NotFound:
            raws = []
    else:
        raws = [client.get_dashboard(r['id']) for r in client.list_dashboards() if _matches(r, params)]
    result = []
    for raw in raws:
        if not _matches(raw, params):
            continue
        dashboard = dsh.normalize_qubitro_dashboard(raw)
        if 'devices' in params['include']:
            dashboard['devices'] = client.get_dashboard_devices(raw['id'])
        result.append(dashboard)
    return result


def main():
    module = AnsibleModule(
        argument_spec=module_argument_spec(
            id=dict(type='str'),
            name=dict(type='str'),
            name_contains=dict(type='str'),
            thing=dict(type='str'),
            include=dict(type='list', elements='str', choices=['shares', 'devices', 'template'], default=[]),
        ),
        supports_check_mode=True,
    )
    check_connection(module)
    params = module.params
    try:
        validate(params)
    except dsh.ValidationError as exc:
        module.fail_json(msg=str(exc))
    client = get_client(module)
    with api_errors(module):
        try:
            if params['platform'] == 'qubitro':
                dashboards = qubitro_results(client, params)
            else:
                raws, things = arduino_dashboards(client, params)
                dashboards = [arduino_result(client, raw, things, params['include']) for raw in raws]
        except dsh.ValidationError as exc:
            module.fail_json(msg=str(exc))
    dashboards.sort(key=lambda d: (d.get('name') or '', d.get('id') or ''))
    module.exit_json(changed=False, dashboards=dashboards)


if __name__ == '__main__':
    main()
