#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: dashboard
short_description: Create, update, import, clone and delete Arduino IoT Cloud dashboards
version_added: 1.0.0
author: iotcloud.dashboards contributors (@iotcloud)
description:
  - Declares an Arduino IoT Cloud dashboard (its widgets, their layout, options and linked variables)
    and makes the cloud match it. Running it again changes nothing.
  - A dashboard is found by O(id), or by its exact O(name) within the organization. When several
    dashboards have that name the module fails and lists their ids; it never picks one and never
    creates a duplicate.
  - Widgets are identified by their C(name) (see O(widgets)), so an update keeps the ids of existing widgets.
    New widgets get an id derived from the organization, dashboard name and widget name, which lets
    check mode predict the exact result.
  - O(template) imports a dashboard from the server's template format, as returned by
    M(iotcloud.dashboards.dashboard_info) with O(iotcloud.dashboards.dashboard_info#module:include=template)
    and written by C(arduino-cloud-cli dashboard extract). Importing twice gives one dashboard.
  - O(clone_from) copies a dashboard with the server's clone endpoint and names the copy O(name).
  - For O(platform=qubitro) the module can only find a dashboard and return it with RV(ignore:changed=false),
    because the Qubitro API cannot create, update or delete dashboards.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - iotcloud.dashboards.attributes
  - iotcloud.dashboards.attributes.action_group
  - iotcloud.dashboards.attributes.check_mode_full
  - iotcloud.dashboards.attributes.diff_mode_full
  - iotcloud.dashboards.connection
options:
  name:
    description:
      - Exact name of the dashboard, 1 to 64 characters.
      - With O(id), the dashboard is renamed to O(name) when its name differs.
      - With O(template), defaults to the template's name.
      - Required with O(clone_from); it is the name of the copy.
    type: str
  id:
    description:
      - UUID of the dashboard. Takes precedence over O(name) to find the dashboard.
      - The server assigns ids, so a dashboard given by O(id) that does not exist is an error
        for O(state=present).
    type: str
  state:
    description:
      - V(present) creates the dashboard or updates it to match.
      - V(absent) deletes it. Deleting a dashboard that is not there reports RV(ignore:changed=false).
    type: str
    choices: [present, absent]
    default: present
  widgets:
    description:
      - The widgets of the dashboard. Omit to leave the widgets as they are.
      - Keys left out of a widget keep the current value of an existing widget.
      - The module checks each widget itself, so that an error names the widget (its index and name)
        and the key. A widget is a dict with these keys.
      - C(name) (str, required) is the widget's name, unique within the dashboard. It is the widget's identity.
      - C(type) (str, required) is the widget type as the API names it, for example V(Value), V(Switch),
        V(Chart), V(Gauge). A type the collection does not know (say V(Swtich)) is sent as given, with a
        warning that lists the known types; so is a control widget (V(Switch), V(Slider)...) bound to a
        READ_ONLY variable.
      - C(id) (str) is a UUID to give the widget, or the id of an existing widget to adopt (and rename) it.
      - C(x) and C(y) (int) are the column and row; they default to V(0) for a new widget.
      - C(width) and C(height) (int, required) are the size in grid cells.
      - C(x_mobile), C(y_mobile), C(width_mobile) and C(height_mobile) (int) are the mobile layout.
      - C(options) (dict) are the widget options as the API takes them. The keys the server adds itself
        (C(created_by), C(thingId), C(properties)) are ignored when comparing, and sent back as read.
      - 'C(variables) (list) are the variables linked to the widget, each either a property UUID or a
        reference C({thing: <thing name or id>, variable: <variable name>}). References are resolved with
        one listing of the things per run.'
      - The options of Advanced Chart and Image Map widgets may name properties as C(<thing>:<variable>)
        (the keys of C(aggregation), C(format) and C(axes); C(markersSettings[].property)); they are
        resolved to property ids with the same listing.'
      - Omit C(variables) to leave the widget's current variables alone. That is how this module and
        M(iotcloud.dashboards.widget_link) share a dashboard without undoing each other; let one
        of them own each widget's binding. A V([]) list is a binding too, it unlinks every variable.
    type: list
    elements: dict
  pages:
    description:
      - The sub-pages of the dashboard, in order, for a dashboard with pages (Arduino's dashboards v3).
        Each page is a dict with C(name) (str, required, unique, 1 to 64 characters), C(widgets) (a list
        of widgets exactly as in O(widgets)) and C(icon) (str, optional).
      - With O(pages) the dashboard is read and written through the v3 endpoints, O(widgets) are the
        widgets of the main page (omit O(widgets) to leave those as they are), and the pages are exactly the
        ones listed. Widget names are unique across the whole dashboard, so moving a widget to another page
        keeps its id. A page keeps its id by its name; a new page gets an id derived from the
        organization, dashboard and page name, which check mode predicts.
      - Without O(pages) nothing changes from a dashboard without pages; it goes through the v2 endpoints,
        which keep any pages the dashboard has (and each existing widget on its page).
      - At most 30 pages.
    type: list
    elements: dict
  cover_image:
    description:
      - Cover image of the dashboard (a URL or image identifier, at most 1024 characters).
      - Omit to keep the current one.
    type: str
  purge_widgets:
    description:
      - Whether widgets of the dashboard that are not in O(widgets) (or in the O(template)) are removed.
    type: bool
    default: true
  template:
    description:
      - A dashboard template as a dict, as JSON or YAML text (for example from C(lookup('file', ...))),
        or the path of a JSON or YAML file holding one, in the server's template format (C(name), C(widgets) whose C(variables) name a C(thing_id) placeholder
        and a C(variable_id) variable name).
      - The template's widgets become the desired widgets and are compared exactly like O(widgets).
        Widgets without a name are named C(<type> <n>); missing layout fields become V(0), with a
        warning for a widget without a size.
      - A relative path is looked up as M(ansible.builtin.copy) looks up its source, in the role's
        C(files/) and then next to the playbook, and the file is read on the controller.
        A string that starts with C({) or spans lines is the template itself.
      - Thing placeholders not in O(thing_map) are looked up by the same thing name in the organization.
      - A v3 template of arduino-cloud-cli 0.7 or later keeps its C(pages) (up to 30, in C(position) order). Each
        widget goes on the page its C(page_id) names, and a widget whose C(page_id) is absent, empty or C("0")
        on the main page, as if given in O(pages) and O(widgets). A C(page_id) that names no page of the
        template fails before any request.
      - C(thing:variable) references in the options of Advanced Chart (keys of C(aggregation), C(format),
        C(axes)) and Image Map (C(markersSettings[].property)) widgets are resolved to property ids, with
        the placeholder mapped through O(thing_map), as C(arduino-cloud-cli dashboard create) does.
    type: raw
  thing_map:
    description:
      - With O(template), maps the template's thing placeholders to thing names or ids of the
        organization. Keys that the template does not use are an error.
      - With O(clone_from), maps the source's thing names or ids to thing names or ids that the copy
        uses instead; each variable is moved to the variable with the same name.
    type: dict
  clone_from:
    description:
      - Id or exact name of a dashboard of the organization to copy with the server's clone endpoint.
      - When a dashboard named O(name) already exists nothing is cloned and its content is not
        compared to the source.
    type: str
  force:
    description:
      - With O(state=absent), delete for good instead of the default soft delete.
      - A soft-deleted dashboard is neither listed nor readable, so it can only be reached by its O(id)
        (RV(dashboard.id) of the task that deleted it). With O(id), O(force=true) also purges a dashboard
        that is already soft-deleted (and reports RV(ignore:changed=true)); by O(name) it cannot be found.
      - In check mode a dashboard given by O(id) that cannot be read is reported unchanged, with a warning
        that the real run purges it if it is soft-deleted.
    type: bool
    default: false
  restore:
    description:
      - With O(state=present) and O(id), restore the dashboard if it is soft-deleted (C(soft_deleted=false),
        as the API document describes it), then make it match the other options as usual.
      - A dashboard that is live is left as it is; one that is neither live nor soft-deleted is an error.
    type: bool
    default: false
attributes:
  check_mode:
    details:
      - Sends only GET requests (and the Arduino token request when no cached token is valid), and
        predicts the result exactly, widget ids included.
      - For O(clone_from) the server assigns the ids of the copy, so RV(dashboard.id) and the widget
        ids are V(null) in the prediction.
  diff_mode:
    details:
      - Before and after are normalised dashboards (RV(dashboard)); V({}) stands for no dashboard.
seealso:
  - module: iotcloud.dashboards.dashboard_info
  - module: iotcloud.dashboards.dashboard_share
  - module: iotcloud.dashboards.widget_link
  - name: Arduino IoT Cloud API
    description: The dashboards v2 endpoints this module uses.
    link: https://www.arduino.cc/reference/en/iot/api/
notes:
  - The Qubitro API has no endpoint to create, update or delete a dashboard; such requests fail before
    anything is sent. A rename of a Qubitro dashboard given by O(id) cannot be known before reading
    its name, so it fails after one GET.
  - The API has no ETags or conditional writes. Run one writer per dashboard at a time (one task, or
    C(serial) or C(throttle=1) across hosts). Two tasks that update the same dashboard at once each send
    the whole widget list, and the later one wins. After every write the module checks that the
    server's answer is what it wrote and fails in one line if not; it does not read again before the
    PUT, so an update costs one PUT on top of the reads that a run without changes makes. Two tasks
    that create the same name at the same time can make two dashboards, which later runs refuse with
    the ids of both.
  - To copy a dashboard to another organization, export it with M(iotcloud.dashboards.dashboard_info)
    (O(iotcloud.dashboards.dashboard_info#module:include=template)) and import it here with O(template).
'''

EXAMPLES = r'''
# Connection options go at play level (or in group_vars), where they add to the play's other
# module_defaults; a block-level module_defaults would replace those of the play.
- name: Manage dashboards of Acme
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      client_id: "{{ arduino_client_id }}"
      client_secret: "{{ arduino_client_secret }}"
      organization: 11111111-1111-4111-8111-111111111111
  tasks:
    - name: A dashboard with two widgets linked to the greenhouse
      iotcloud.dashboards.dashboard:
        name: Greenhouse
        widgets:
          - name: Temperature
            type: Value
            width: 2
            height: 2
            variables:
              - {thing: greenhouse, variable: temperature}
          - name: Fan
            type: Switch
            x: 2
            width: 2
            height: 2
            options: {showThing: true}
            variables:
              - {thing: greenhouse, variable: fan}

    - name: Export it as a template
      iotcloud.dashboards.dashboard_info:
        name: Greenhouse
        include: [template]
      register: exported

    - name: Import it into Globex, onto the thing greenhouse there
      iotcloud.dashboards.dashboard:
        organization: 22222222-2222-4222-8222-222222222222
        template: "{{ exported.dashboards[0].template }}"
        thing_map:
          greenhouse: greenhouse

    - name: Copy it within Acme
      iotcloud.dashboards.dashboard:
        name: Greenhouse copy
        clone_from: Greenhouse

    - name: Delete the copy for good
      iotcloud.dashboards.dashboard:
        name: Greenhouse copy
        state: absent
        force: true

- name: Find a Qubitro dashboard (read only)
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Find a Qubitro dashboard (read only)
      iotcloud.dashboards.dashboard:
        platform: qubitro
        api_key: "{{ qubitro_api_key }}"
        name: Farm overview
      register: farm
'''

RETURN = r'''
dashboard:
  description:
    - The dashboard, normalised. Server-owned fields are dropped.
    - After O(state=absent), the last state of the deleted dashboard, or V({}) when there was none.
  returned: always
  type: dict
  sample:
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
  contains:
    id:
      description: UUID of the dashboard; V(null) in the check mode prediction of a creation or clone.
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
    pages:
      description:
        - With O(pages) (or a template with pages), the sub-pages in position order, each with C(id),
          C(name), C(position) and C(icon) when it has one.
      returned: when O(platform=arduino) and O(pages) is given or the template has pages
      type: list
      elements: dict
      sample: [{id: 6b0b8f3e-4c1d-5e2f-9a3b-1c2d3e4f5a6b, name: Climate, position: 0}]
    widgets:
      description:
        - The widgets keyed by name (by id when unnamed, or when a name repeats).
        - With pages, each widget also has C(page), the name of its page (V(null) on the main page).
        - Arduino widgets have C(id), C(type), C(x), C(y), C(width), C(height), the C(*_mobile) layout
          fields when set, C(options) (without the keys the server adds) and C(variables) (sorted
          property ids).
        - Qubitro widgets, keyed by title, have C(id), C(type), C(title) and, when set, C(subtitle),
          C(description), C(metadata), C(data_metadata).
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
'''

from ansible_collections.iotcloud.dashboards.plugins.module_utils._base import DashboardModule
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _run_dashboard as run


def main():
    module = DashboardModule(
        argument_spec=dict(
            name=dict(type='str'),
            id=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            widgets=dict(type='list', elements='dict'),
            pages=dict(type='list', elements='dict'),
            cover_image=dict(type='str'),
            purge_widgets=dict(type='bool', default=True),
            template=dict(type='raw'),
            thing_map=dict(type='dict'),
            clone_from=dict(type='str'),
            force=dict(type='bool', default=False),
            restore=dict(type='bool', default=False),
        ),
        mutually_exclusive=[('template', 'clone_from'), ('widgets', 'clone_from'), ('widgets', 'template'),
                            ('cover_image', 'clone_from'), ('pages', 'template'), ('pages', 'clone_from')],
    )
    module.run(run.validate, run.execute)


if __name__ == '__main__':
    main()
