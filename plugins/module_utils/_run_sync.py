# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""M(dashboard_sync): read once, plan every definition with _plan.py, write only what differs.

The reads are the fewest the API allows: one dashboards listing, the things listing only when a
definition names a thing or an unbound property UUID, and one shares read per dashboard only where
the listing leaves ``shared_with`` out."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _apply
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _plan
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _things as th
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _spec
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _widget_types as wt
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import ApiError


def validate(params):
    """The definitions, validated before any request."""
    return _spec.validate_definitions(params['dashboards'])


def all_widgets(definition):
    """A definition's widgets: those of the main page and those of its pages."""
    return dsh.all_widgets(definition.get('widgets'), definition.get('pages'))


def _unbound_ids(definitions, listing):
    """The unbound property UUIDs (see _plan.unbound_property_ids) of every definition."""
    by_name = _plan.index_by_name(listing)
    unbound = set()
    for definition in definitions:
        found = by_name.get(definition['name']) or [None]
        unbound.update(_plan.unbound_property_ids(all_widgets(definition), found[0]))
    return unbound


def _resolved(widgets, things, known, unbound, where):
    try:
        widgets = th.resolve_widget_variables(widgets, things)
    except ValidationError as exc:
        raise ValidationError('%s: %s' % (where, exc))
    for widget in widgets:
        unknown = sorted((set(widget.get('variables') or []) & unbound) - known)
        if unknown:
            raise ValidationError('%s: widget %r: variable %s is not a property of any thing in this '
                                  'organization' % (where, widget['name'], ', '.join(unknown)))
    return widgets


def resolve(definitions, things, unbound=()):
    """Definitions with every widget variable resolved to property ids; the error names the definition.
    The ``unbound`` UUIDs must be properties of ``things``."""
    known = th.property_ids(things) if things is not None else set()
    unbound = set(unbound)
    result = []
    for index, definition in enumerate(definitions):
        where = 'dashboards[%d] %r' % (index, definition['name'])
        definition = dict(definition)
        if definition.get('widgets') is not None:
            definition['widgets'] = _resolved(definition['widgets'], things, known, unbound, where)
        if definition.get('pages') is not None:
            definition['pages'] = [dict(page, widgets=_resolved(page['widgets'], things, known, unbound,
                                                                '%s: page %r' % (where, page['name'])))
                                   for page in definition['pages']]
        result.append(definition)
    return result


def read(client, definitions):
    """(listing, things or None, shares read, unbound UUIDs) with the fewest requests. When a
    definition has pages, the one listing is the v3 one (it also serves the definitions without)."""
    paged = any(d.get('pages') is not None for d in definitions)
    listing = (client.v3() if paged else client).list_dashboards()
    things = None
    unbound = _unbound_ids(definitions, listing)
    if unbound or any(th.variable_references(all_widgets(d)) for d in definitions):
        things = client.list_things(show_properties=True)
    read_shares = {}
    for dashboard_id in _plan.shares_to_read(listing, definitions):
        read_shares[dashboard_id] = shr.normalize_shares(client.list_shares(dashboard_id))
    return listing, things, read_shares, unbound


def _entry(plan, dashboard):
    return {'name': plan['name'], 'id': (dashboard or {}).get('id') if plan['action'] != 'delete' else plan['id'],
            'action': plan['action'], 'dashboard': dashboard if dashboard is not None else {}}


def _diff(plan, things):
    """One before/after of a changing dashboard, readable: variables as thing.variable."""
    header = 'dashboard %r' % plan['name']
    detail = []
    if plan['widgets_changed']:
        detail.append('widgets changed: %s' % ', '.join(str(w) for w in plan['widgets_changed']))
    if (plan['before'] or {}).get('pages') != (plan['after'] or {}).get('pages') and 'pages' in (plan['after'] or {}):
        detail.append('pages changed')
    if plan['share_add'] or plan['share_remove']:
        detail.append('shares changed')
    return {'before_header': '%s (%s)' % (header, 'absent' if plan['action'] == 'create' else 'before'),
            'after_header': '%s (%s%s)' % (header, plan['action'], ': ' + '; '.join(detail) if detail else ''),
            'before': _spec.readable(plan['before'], things), 'after': _spec.readable(plan['after'], things)}


def execute(module, client, definitions):
    """Plan every definition, apply the plans unless in check mode, and build the result."""
    listing, things, read_shares, unbound = read(client, definitions)
    definitions = resolve(definitions, things, unbound)
    for index, definition in enumerate(definitions):
        where = 'dashboards[%d] %r: ' % (index, definition['name'])
        for warning in (wt.type_warnings(all_widgets(definition), where)
                        + wt.permission_warnings(all_widgets(definition), things, where)):
            module.warn(warning)
    params = module.params
    plans, errors = _plan.plan_set(listing, definitions, organization=params['organization'],
                                   purge=params['purge'], read_shares=read_shares)
    entries, failures = [], []
    for name in sorted(errors):
        entries.append({'name': name, 'id': None, 'action': 'unchanged', 'dashboard': {}, 'failed': errors[name]})
        failures.append('%r: %s' % (name, errors[name]))
    changing = [p for p in plans if p['action'] != 'unchanged']
    # Writes first, deletes last: a purge never runs before the declared dashboards are in place.
    order = sorted(plans, key=lambda p: p['action'] == 'delete')
    results = {}
    for plan in order:
        if module.check_mode or plan['action'] == 'unchanged':
            results[id(plan)] = plan['before'] if plan['action'] == 'delete' else plan['after']
            continue
        try:
            after = _apply.apply_plan(client, plan, module.writes)
            results[id(plan)] = plan['before'] if plan['action'] == 'delete' else after
        except (ApiError, _apply.NotAsWritten) as exc:
            results[id(plan)] = plan['before']
            plan['failed'] = ' '.join(str(exc).split())
            failures.append('%r: %s' % (plan['name'], plan['failed']))
    for plan in plans:
        entry = _entry(plan, results[id(plan)])
        if plan.get('failed'):
            entry['failed'] = plan['failed']
        entries.append(entry)
    entries.sort(key=lambda e: (e['name'] or '', e['id'] or ''))
    summary = _plan.summarize([p for p in plans if not p.get('failed')])
    result = {'changed': bool(changing) if module.check_mode else module.writes.sent,
              'dashboards': entries, 'summary': summary}
    if module._diff and changing:
        if things is None and any(p['after'] and any(w.get('variables') for w in p['after']['widgets'].values())
                                  for p in changing):
            things = client.list_things(show_properties=True)
        result['diff'] = [_diff(p, things) for p in changing]
    if failures:
        module.fail_json(msg='%d of %d dashboards failed: %s' % (len(failures), len(entries), '; '.join(failures)),
                         **result)
    return result
