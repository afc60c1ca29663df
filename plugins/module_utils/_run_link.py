# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""M(widget_link): bind one widget of an Arduino dashboard to exactly the given variables, or detach
some, with one ``PUT .../widgets/{id}/variables``."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _lookup
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import AmbiguousError, ValidationError


def validate(params):
    """The variables, checked without a request (None when omitted)."""
    if params['variables'] is None:
        return None
    return dsh.validate_variables(params['variables'])


def find_widget(module, client, params):
    """(raw dashboard, widget name, normalised widget); raw is None when the dashboard is missing.
    Fails naming what is missing, or the ids of several widgets with the name."""
    raw = _lookup.find_dashboard(client, ident=params['dashboard'])
    if raw is None:
        return None, None, None
    same = [w.get('id') for w in raw.get('widgets') or [] if w.get('name') == params['widget']]
    if len(same) > 1:
        raise AmbiguousError('%d widgets of dashboard %r are named %r (ids %s); give the widget id'
                             % (len(same), raw.get('name'), params['widget'], ', '.join(sorted(str(i) for i in same))))
    dashboard = dsh.normalize_dashboard(raw)
    name, widget = dsh.find_widget(dashboard, params['widget'])
    if widget is None:
        module.fail_json(msg='widget %r not found in dashboard %r (widgets: %s)' % (
            params['widget'], raw.get('name'), ', '.join(sorted(dashboard['widgets'])) or 'none'))
    return raw, name, widget


def resolve(client, variables, widget, name, state):
    """O(variables) -> sorted property ids (None when omitted).

    Things are listed once, and only when there are references or, for present, property UUIDs not
    bound yet: those are checked too, so an unknown one fails here instead of in the write."""
    if variables is None:
        return None
    ids = [v for v in variables if not isinstance(v, dict)]
    unbound = set(ids) - set(v.lower() for v in widget['variables'])
    if len(ids) == len(variables) and not (state == 'present' and unbound):
        return sorted(ids)
    things = client.list_things()
    if state == 'present':
        unknown = sorted(unbound - th.property_ids(things))
        if unknown:
            raise ValidationError('widget %r: variable %s is not a property of any thing in this organization'
                                  % (name, ', '.join(unknown)))
    resolved = [th.resolve_variables([v], things, 'widget %r' % name)[0] for v in variables]
    twice = sorted(set(v for v in resolved if resolved.count(v) > 1))
    if twice:
        # validate() catches the same entry twice; this is one variable given as a reference and as its UUID.
        raise ValidationError('widget %r: variable %s is listed twice (as a reference and as its property UUID)'
                              % (name, ', '.join(twice)))
    return sorted(resolved)


def execute(module, client, variables):
    """Read the dashboard, resolve the variables, link unless nothing changes."""
    params = module.params
    raw, name, widget = find_widget(module, client, params)
    if raw is None:
        what = 'dashboard %r' % params['dashboard']
        result = module.missing_in_check_mode(what, dict(changed=params['state'] == 'present', dashboard_id=None,
                                                         widget={}, variables=[]))
        if result is None:
            module.fail_json(msg='%s not found in this organization' % what)
        return result
    given = resolve(client, variables, widget, name, params['state'])
    before = dict(widget, name=name)
    desired = th.plan_binding(widget['variables'], given, params['state'])
    changed = desired != sorted(v.lower() for v in widget['variables'])
    if changed and not module.check_mode:
        module.writes.call(client.link_widget, raw['id'], widget['id'], desired)
    after = dict(before, variables=desired)
    result = dict(changed=changed, dashboard_id=raw['id'], widget=after, variables=desired)
    return module.with_diff(result, before, after)
