#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: dashboard_sync
short_description: Keep a whole set of Arduino IoT Cloud dashboards, with their shares, as declared
version_added: 1.0.0
author: iotcloud.dashboards contributors (@iotcloud)
description:
  - Makes the dashboards of one organization match a list of definitions (widgets, layout, options,
    linked variables, cover image and who they are shared with) in one task, with the fewest requests
    the API allows.
  - A run that changes nothing sends one C(GET /iot/v2/dashboards) (whose answer holds every
    dashboard's widgets and shares), one C(GET /iot/v2/things) only when a definition uses
    C({thing, variable}) references or a property UUID that is not bound yet, and the token request
    only when no cached token is valid. It then writes only the dashboards and shares that differ.
  - Dashboards are identified by their exact name within the organization. A name that several
    dashboards of the organization share is an error for that definition; the others still apply.
  - The definitions are the format that M(iotcloud.dashboards.dashboard_info) exports with
    O(iotcloud.dashboards.dashboard_info#module:include=spec), so an export of one organization applies
    to another as it is.
  - Each definition is compared and written by the same code as M(iotcloud.dashboards.dashboard), so
    both modules decide a change in the same way.
  - When one dashboard fails (the server refuses it, say), the others are still applied; the task then
    fails with one line naming every dashboard that failed and why. The widgets of each dashboard, and
    its shares, are each either as they were or as declared.
  - Only for O(platform=arduino); the Qubitro API cannot create, change or delete dashboards.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - iotcloud.dashboards.attributes
  - iotcloud.dashboards.attributes.action_group
  - iotcloud.dashboards.attributes.check_mode_full
  - iotcloud.dashboards.attributes.diff_mode_full
  - iotcloud.dashboards.connection
options:
  dashboards:
    description:
      - The definitions, one per dashboard. Names must be unique.
      - 'Each is a dict with C(name) (required, 1 to 64 characters), C(widgets) (optional: the same list
        as O(iotcloud.dashboards.dashboard#module:widgets), variables as property UUIDs or
        C({thing: <name or id>, variable: <name>}) references; omitted leaves the widgets as they are),
        C(cover_image) (optional; omitted keeps the current one) and C(shares) (optional: a list of
        C({username: <name>}) or C({user_id: <uuid>}) or plain usernames; the dashboard is then shared
        with exactly those users; omitted leaves the shares alone).'
      - Widgets not listed in C(widgets) are removed from the dashboard.
      - 'C(pages) (optional) makes it a dashboard with pages (Arduino dashboards v3): the same list as
        O(iotcloud.dashboards.dashboard#module:pages), C({name, widgets, icon}) per page; C(widgets) are then
        the main page''s. When any definition has C(pages), the one listing of the run is
        C(GET /iot/v3/dashboards), and those definitions are written through v3; the others still go
        through v2.'
    type: list
    elements: raw
    required: true
  purge:
    description:
      - Delete (soft delete) the dashboards of the organization that no definition names.
      - Check mode lists them in RV(dashboards) with RV(dashboards[].action=delete) and deletes nothing.
    type: bool
    default: false
attributes:
  check_mode:
    details:
      - Sends only GET requests (and the Arduino token request when no cached token is valid), and
        predicts exactly what the real run then returns, for every dashboard, including the ones it will
        create, their widget ids, bindings and shares.
      - The server assigns the id of a new dashboard, so RV(dashboards[].id) of a creation is V(null) in
        the prediction, and so is the C(user_id) of a user shared by name in RV(dashboards[].dashboard).
  diff_mode:
    details:
      - One before/after per dashboard that changes. Its header names the widgets that change; variables
        are shown as C(thing.variable) and shares as usernames.
seealso:
  - module: iotcloud.dashboards.dashboard
  - module: iotcloud.dashboards.dashboard_info
  - name: The dashboards_as_code role
    description: Applies a folder of definitions to many organizations with this module.
    link: https://github.com/iotcloud/dashboards/tree/main/roles/dashboards_as_code
notes:
  - The API has no versions or ETags; two writers on one dashboard at the same time can undo each other.
    Give each dashboard one writer (one task, or C(serial)). After every write the module checks that
    the server's answer is what it wrote and fails in one line if not; it does not read again right
    before a PUT, so one changed dashboard costs one PUT on top of the reads of a run without changes.
'''

EXAMPLES = r'''
- name: Dashboards as code for Acme
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
      organization: 11111111-1111-4111-8111-111111111111
  tasks:
    - name: Greenhouse and Weather, exactly as declared, and nothing else
      iotcloud.dashboards.dashboard_sync:
        purge: true
        dashboards:
          - name: Greenhouse
            widgets:
              - name: Temperature
                type: Value
                width: 2
                height: 2
                variables:
                  - {thing: greenhouse, variable: temperature}
            shares: [alice, bob]
          - name: Weather
            widgets: []
      register: sync

    - name: Apply every definition of a folder (one YAML file per dashboard)
      iotcloud.dashboards.dashboard_sync:
        dashboards: "{{ query('ansible.builtin.fileglob', 'dashboards/*.yml') | map('ansible.builtin.file') | map('ansible.builtin.from_yaml') | list }}"
'''

RETURN = r'''
dashboards:
  description:
    - One entry per definition, plus one per dashboard that O(purge) deletes, sorted by name.
  returned: always
  type: list
  elements: dict
  sample:
    - name: Greenhouse
      id: 0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10
      action: create
      dashboard:
        id: 0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10
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
        shares:
          - {user_id: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, username: alice}
  contains:
    name:
      description: Name of the dashboard.
      returned: always
      type: str
    id:
      description: UUID of the dashboard; V(null) in the check mode prediction of a creation.
      returned: always
      type: str
    action:
      description: What the run did (or, in check mode, does).
      returned: always
      type: str
      choices: [create, update, unchanged, delete]
    dashboard:
      description:
        - The normalised dashboard after the run, as M(iotcloud.dashboards.dashboard) returns it; for
          V(delete), the dashboard before it was deleted.
        - It has C(shares), a list of C({user_id, username}), when the definition manages the shares or the
          listing gave them.
        - When the dashboard failed, the dashboard as it was read.
      returned: always
      type: dict
    failed:
      description: Why this dashboard failed; absent when it did not.
      returned: when this dashboard failed
      type: str
summary:
  description: How many dashboards each action concerns. A dashboard that failed is not counted.
  returned: always
  type: dict
  sample: {create: 1, update: 0, unchanged: 3, delete: 0}
'''

from ansible_collections.iotcloud.dashboards.plugins.module_utils._base import DashboardModule
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _run_sync as run


def main():
    module = DashboardModule(
        argument_spec=dict(
            dashboards=dict(type='list', elements='raw', required=True),
            purge=dict(type='bool', default=False),
        ),
        platforms=('arduino',),
        unsupported='dashboard_sync (writing dashboards)',
    )
    module.run(run.validate, run.execute)


if __name__ == '__main__':
    main()
