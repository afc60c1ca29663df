# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The dashboard definition ("spec"): what M(dashboard_sync) takes and M(dashboard_info) exports
with ``include: [spec]``, so that output is input. Validation, export, and the readable form that
diffs show (variables as ``thing.variable``). Pure functions."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _dashboards as dsh
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils import _shares as shr
from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError
from ansible_collections.iotcloud.dashboards.plugins.module_utils._things import property_owners

DEFINITION_KEYS = ('name', 'cover_image', 'widgets', 'pages', 'shares')


def _users(shares, where):
    """``shares`` of a definition -> validated users; a plain string is a username."""
    if not isinstance(shares, list):
        raise ValidationError('%s: shares must be a list of {username} or {user_id}, got %r' % (where, shares))
    entries = [{'username': s} if isinstance(s, str) else s for s in shares]
    return shr.validate_arduino_users(entries, field='%s: shares' % where)


def validate_definition(raw, index):
    """One definition -> a new validated dict; widgets keep their ``{thing, variable}`` references."""
    if not isinstance(raw, dict):
        raise ValidationError('dashboards[%d] must be a dict with name, widgets, cover_image and shares, got %r'
                              % (index, raw))
    name = raw.get('name')
    where = 'dashboards[%d]' % index
    try:
        dsh.validate_dashboard_name(name)
    except ValidationError as exc:
        raise ValidationError('%s: %s' % (where, exc))
    where = 'dashboards[%d] %r' % (index, name)
    unknown = sorted(str(k) for k in set(raw) - set(DEFINITION_KEYS))
    if unknown:
        raise ValidationError('%s: unknown key %s; a definition has %s'
                              % (where, ', '.join(unknown), ', '.join(DEFINITION_KEYS)))
    definition = {'name': name}
    cover_image = raw.get('cover_image')
    if cover_image is not None:
        if not isinstance(cover_image, str) or len(cover_image) > 1024:
            raise ValidationError('%s: cover_image must be a string of at most 1024 characters' % where)
        definition['cover_image'] = cover_image
    if raw.get('widgets') is not None:
        try:
            definition['widgets'] = dsh.validate_widgets(raw['widgets'])
        except ValidationError as exc:
            raise ValidationError('%s: %s' % (where, exc))
    if raw.get('pages') is not None:
        try:
            definition['pages'] = dsh.validate_pages(raw['pages'], definition.get('widgets'))
        except ValidationError as exc:
            raise ValidationError('%s: %s' % (where, exc))
    if raw.get('shares') is not None:
        definition['shares'] = _users(raw['shares'], where)
    return definition


def validate_definitions(definitions):
    """The ``dashboards`` option of M(dashboard_sync) -> validated definitions; names must be unique."""
    if not isinstance(definitions, list):
        raise ValidationError('dashboards must be a list of definitions, got %r' % (definitions,))
    result, seen = [], {}
    for index, raw in enumerate(definitions):
        definition = validate_definition(raw, index)
        if definition['name'] in seen:
            raise ValidationError('dashboards[%d] %r: the name is also dashboards[%d]; names must be unique'
                                  % (index, definition['name'], seen[definition['name']]))
        seen[definition['name']] = index
        result.append(definition)
    return result


def _reference_names(things):
    """property id -> ``{thing, variable}`` reference that resolves back to it in the same listing;
    a thing name shared by several things is replaced by the thing's id."""
    names = {}
    for thing in things or []:
        names.setdefault(thing.get('name'), []).append(thing)
    refs = {}
    for prop_id, (thing, prop) in property_owners(things).items():
        unique = len(names.get(thing.get('name')) or []) == 1
        refs[prop_id] = {'thing': thing.get('name') if unique else thing.get('id'),
                         'variable': prop.get('variable_name') or prop.get('name')}
    return refs


def export_spec(dashboard, things, shares=None):
    """A normalised dashboard -> its definition: widgets as a list in the server's order, variables as
    ``{thing, variable}`` references where the property is in ``things`` (else its UUID), shares as
    ``{username}`` (``{user_id}`` when the server gives no name). ``shares`` None leaves them out."""
    refs = _reference_names(things)
    spec = {'name': dashboard['name']}
    if dashboard.get('cover_image'):
        spec['cover_image'] = dashboard['cover_image']
    pages = dashboard.get('pages') or []
    on_page = dict((p['name'], []) for p in pages)
    widgets = []
    for key, widget in (dashboard.get('widgets') or {}).items():
        item = {'name': key, 'type': widget['type']}
        for field in dsh.LAYOUT_KEYS + dsh.MOBILE_KEYS:
            if widget.get(field) is not None:
                item[field] = widget[field]
        item['options'] = option_refs.to_references(widget['type'], widget.get('options'), refs)
        item['variables'] = [copy.deepcopy(refs.get(v, v)) for v in widget.get('variables') or []]
        on_page.get(widget.get('page'), widgets).append(item)
    spec['widgets'] = widgets
    if pages:
        # A v3 dashboard: the main page's widgets stay in widgets, each sub-page lists its own.
        spec['pages'] = []
        for page in pages:
            entry = {'name': page['name'], 'widgets': on_page[page['name']]}
            if page.get('icon'):
                entry['icon'] = page['icon']
            spec['pages'].append(entry)
    if shares is not None:
        spec['shares'] = [{'username': s['username']} if s.get('username') else {'user_id': s['user_id']}
                          for s in shares]
    return spec


def readable(dashboard, things):
    """A copy of a normalised dashboard for diffs: variables as ``thing.variable`` (UUIDs the listing
    does not know stay as they are), shares as usernames."""
    if dashboard is None:
        return {}
    refs = _reference_names(things)
    result = copy.deepcopy(dashboard)
    for widget in (result.get('widgets') or {}).values():
        widget['variables'] = sorted('%s.%s' % (refs[v]['thing'], refs[v]['variable']) if v in refs else v
                                     for v in widget.get('variables') or [])
    if result.get('shares') is not None:
        result['shares'] = sorted(s.get('username') or s.get('user_id') for s in result['shares'])
    return result
