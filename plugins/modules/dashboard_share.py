#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: dashboard_share
short_description: Manage who can see an Arduino IoT Cloud or Qubitro dashboard
version_added: 1.0.0
author: iotcloud.dashboards contributors (@iotcloud)
description:
  - Shares a dashboard with users, removes their access, or asks the owner of a dashboard for access.
  - B(Arduino IoT Cloud.) The current shares are read with one list call, so the module is idempotent.
    All users to add go in one C(PUT .../shares) request, and each removal is one
    C(DELETE .../shares/{user_id}) request. After writing, the share list is read again and returned.
  - B(Qubitro.) The API can only send invitations. It has no way to list collaborators or to remove
    access, so the module cannot know whether an invitation is new. O(state=present) sends one batched
    invitation every time, reports RV(ignore:changed=true) and warns that access cannot be read back.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - iotcloud.dashboards.attributes
  - iotcloud.dashboards.attributes.action_group
  - iotcloud.dashboards.attributes.check_mode_full
  - iotcloud.dashboards.attributes.diff_mode_partial
  - iotcloud.dashboards.connection
options:
  dashboard:
    description:
      - Id or exact name of the dashboard.
      - An id is tried as an id first, then as a name.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the O(users) (and, for Qubitro, the O(groups)) have access.
      - V(absent) removes the access of the O(users). Users who have no access are skipped.
        Arduino only.
      - V(requested) sends a share request with O(request_message) to the owner of a dashboard you do not own.
        Arduino only. A share request cannot be read back, so this reports RV(ignore:changed=true)
        every time it sends one and is not idempotent.
    type: str
    choices: [present, absent, requested]
    default: present
  users:
    description:
      - The users.
      - 'For Arduino, each entry is a username (V(alice)), or a dict with exactly one of C(username)
        (the Arduino username) or C(user_id) (the user UUID): V([alice, {user_id: bbbbbbbb-...}]).'
      - 'For Qubitro, each entry is a dict with C(email), the address to invite, and C(role): V(owner),
        V(admin), V(readwrite), V(readonly) or the id of a custom role of the organization. A plain
        e-mail is refused, because an invitation needs a role.'
      - The same username, user_id or e-mail listed twice is an error. A user given once by username
        and once by user_id is shared with once.
    type: list
    elements: raw
    default: []
  groups:
    description:
      - Qubitro only. Organization groups to invite, each with exactly one of O(groups[].id) or
        O(groups[].name), and O(groups[].role).
      - Names are resolved through the organization's groups endpoint, which only the Qubitro
        organization plan has; on other plans give the ids.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description: Group id, as shown in the Qubitro console.
        type: str
      name:
        description: Exact group name.
        type: str
      role:
        description: V(owner), V(admin), V(readwrite), V(readonly) or a custom role id.
        type: str
  exclusive:
    description:
      - With O(state=present), also remove every share that is not in O(users). The list is then
        authoritative.
      - Arduino only, because Qubitro offers no way to remove access.
    type: bool
    default: false
  request_message:
    description:
      - With O(state=requested), a note to the owner of the dashboard.
    type: str
attributes:
  check_mode:
    details:
      - Sends only GET requests (and the Arduino token request when no cached token is valid), and
        predicts RV(shares). A user added by C(username) is
        predicted with C(user_id=null), and one added by C(user_id) with C(username=null),
        because only the server knows the other half.
      - For Qubitro, returns the invitation that would be sent.
  diff_mode:
    details:
      - For Arduino, before and after are the share lists.
      - For Qubitro the current access cannot be read, so before is V({}) and after the invitation.
seealso:
  - module: iotcloud.dashboards.dashboard
  - module: iotcloud.dashboards.dashboard_info
  - module: iotcloud.dashboards.widget_link
  - name: Arduino IoT Cloud API
    description: The dashboards v2 share endpoints this module uses.
    link: https://www.arduino.cc/reference/en/iot/api/
  - name: Qubitro API
    description: The dashboard invite and organization groups endpoints.
    link: https://docs.qubitro.com/platform/api
notes:
  - Qubitro access cannot be read back or removed through the API. O(state=absent) and
    O(exclusive=true) fail for Qubitro before any request is sent; remove collaborators in the
    Qubitro console.
  - O(state=requested) is not idempotent; guard it with C(when) if a playbook runs often.
  - The API has no ETags. Shares are added in one PUT and removed one DELETE at a time, then read back;
    two tasks that change the shares of one dashboard at once can leave either result, so give each
    dashboard one writer (or C(serial)).
'''

EXAMPLES = r'''
# Connection options go at play level (or in group_vars), where they add to the play's other
# module_defaults; a block-level module_defaults would replace those of the play.
- name: Share Acme dashboards
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
      organization: 11111111-1111-4111-8111-111111111111
  tasks:
    - name: Alice and Bob may see the dashboard Greenhouse
      iotcloud.dashboards.dashboard_share:
        dashboard: Greenhouse
        users:
          - username: alice
          - user_id: bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb

    - name: Only Alice may see it; every other share is removed
      iotcloud.dashboards.dashboard_share:
        dashboard: Greenhouse
        users:
          - username: alice
        exclusive: true

    - name: Alice may no longer see it
      iotcloud.dashboards.dashboard_share:
        dashboard: Greenhouse
        users:
          - username: alice
        state: absent

- name: Invite a user and a group to a Qubitro dashboard
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Invite a user and a group to a Qubitro dashboard
      iotcloud.dashboards.dashboard_share:
        platform: qubitro
        api_key: "{{ qubitro_api_key }}"
        dashboard: Farm overview
        users:
          - email: ops@example.com
            role: readonly
        groups:
          - name: Operators
            role: readwrite
'''

RETURN = r'''
shares:
  description:
    - For Arduino, the users the dashboard is shared with after the task, sorted by username.
    - For Qubitro, the invitation that was sent (or would be sent in check mode).
    - Not returned for O(state=requested).
  returned: when O(state) is V(present) or V(absent)
  type: raw
  sample:
    - user_id: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa
      username: alice
    - user_id: bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb
      username: bob
  contains:
    user_id:
      description: Arduino user UUID (V(null) in a check mode prediction of a user added by name).
      returned: when O(platform=arduino)
      type: str
    username:
      description: Arduino username (V(null) when the server does not give it).
      returned: when O(platform=arduino)
      type: str
    users:
      description: Qubitro users invited, each with C(email) and C(role).
      returned: when O(platform=qubitro)
      type: list
      elements: dict
      sample: [{email: ops@example.com, role: readonly}]
    groups:
      description: Qubitro groups invited, each with C(id) and C(role).
      returned: when O(platform=qubitro)
      type: list
      elements: dict
      sample: [{id: 5f8d0d55b54764ca6f3a0001, role: readwrite}]
dashboard_id:
  description: Id of the dashboard.
  returned: always
  type: str
  sample: 0b3f2c4e-8a41-4c1e-9d6f-2f5b9a1c7e10
share_request:
  description: The share request that was sent (or would be sent in check mode).
  returned: when O(state=requested)
  type: dict
  sample: {message: Please let me see the greenhouse}
  contains:
    message:
      description: The note to the owner, or V(null).
      returned: always
      type: str
'''

from ansible_collections.iotcloud.dashboards.plugins.module_utils._base import DashboardModule
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _run_share as run


def main():
    module = DashboardModule(
        argument_spec=dict(
            dashboard=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent', 'requested']),
            # Entries are checked by _shares, which also takes a plain username.
            users=dict(type='list', elements='raw', default=[]),
            groups=dict(type='list', elements='dict', default=[], options=dict(
                id=dict(type='str'), name=dict(type='str'), role=dict(type='str'))),
            exclusive=dict(type='bool', default=False),
            request_message=dict(type='str'),
        ),
    )
    module.run(run.validate, run.execute)


if __name__ == '__main__':
    main()
