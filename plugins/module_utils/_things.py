# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names to ids against one things listing (``GET /iot/v2/things?show_properties=true``):
``{thing, variable}`` references, the owners of properties, the devices behind a dashboard, and a
widget's binding. Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    ValidationError,
    context_prefix,
)


def variable_references(widgets):
    """The distinct (thing, variable) references of validated widgets (in ``variables`` and in the
    options that hold property references), sorted; empty = no listing needed."""
    refs = set()
    for widget in widgets or []:
        for variable in widget.get('variables') or []:
            if isinstance(variable, dict):
                refs.add((variable['thing'], variable['variable']))
        refs.update(option_refs.references(widget.get('type'), widget.get('options')))
    return sorted(refs)


def find_thing(things, thing, context=''):
    """The one thing of a listing with that id (any case), else that exact name; ValidationError otherwise."""
    wanted = thing.lower() if isinstance(thing, str) else thing
    matches = [t for t in things or [] if (t.get('id') or '').lower() == wanted]
    if not matches:
        matches = [t for t in things or [] if t.get('name') == thing]
    if not matches:
        raise ValidationError('%sthing %r not found in this organization' % (context_prefix(context), thing))
    if len(matches) > 1:
        raise ValidationError('%sthing name %r is ambiguous: %d things have it (ids %s); use the thing id'
                              % (context_prefix(context), thing, len(matches),
                                 ', '.join(sorted(t.get('id') or '?' for t in matches))))
    return matches[0]


def _find_property(thing, variable, context):
    properties = thing.get('properties') or []
    for field in ('variable_name', 'id', 'name'):
        matches = [p for p in properties if p.get(field) == variable]
        if len(matches) == 1:
            return matches[0]
    raise ValidationError('%sthing %r has no variable %r' % (context_prefix(context), thing.get('name'), variable))


def resolve_variables(variables, things, context=''):
    """Property UUIDs and {thing, variable} references -> the sorted, distinct, lower-case property UUIDs.

    ``things`` is the ``GET /iot/v2/things?show_properties=true`` listing; ``thing`` may be a thing
    name or id, ``variable`` the sketch variable name (the property name is accepted as a fallback)."""
    ids = set()
    for variable in variables or []:
        if isinstance(variable, dict):
            thing = find_thing(things, variable['thing'], context)
            ids.add(_find_property(thing, variable['variable'], context)['id'].lower())
        else:
            ids.add(variable.lower())
    return sorted(ids)


def resolve_widget_variables(widgets, things):
    """Validated widgets with every ``variables`` list, and the ``thing:variable`` references in their
    options (Advanced Chart, Image Map), resolved to property UUIDs (new dicts)."""
    result = []
    for widget in widgets or []:
        widget = dict(widget)
        context = 'widget %r' % widget['name']
        if widget.get('variables') is not None:
            widget['variables'] = resolve_variables(widget['variables'], things, context)
        if widget.get('options') is not None:
            def resolve(thing, variable, where, context=context):
                return _find_property(find_thing(things, thing, '%s: %s' % (context, where)), variable,
                                      '%s: %s' % (context, where))['id'].lower()
            widget['options'] = option_refs.to_ids(widget.get('type'), widget['options'], resolve)
        result.append(widget)
    return result


def property_owners(things):
    """property id (lower case) -> (thing, property) from a things listing with properties."""
    owners = {}
    for thing in things or []:
        for prop in thing.get('properties') or []:
            if prop.get('id'):
                owners[prop['id'].lower()] = (thing, prop)
    return owners


def dashboard_devices(raw_dashboard, things):
    """Arduino: the devices of the things behind a dashboard's widget variables.

    ``things`` is the listing with properties. Returns ``[{device_id, thing_id, thing_name}]``
    sorted by thing name then id, one entry per thing (device_id is None for a thing without a
    device), so both platforms answer "which devices feed this dashboard"."""
    owners = property_owners(things)
    seen = {}
    for widget in (raw_dashboard or {}).get('widgets') or []:
        for variable in widget.get('variables') or []:
            prop_id = variable.get('id') if isinstance(variable, dict) else variable
            thing = owners.get((prop_id or '').lower(), (None, None))[0]
            if thing is None and isinstance(variable, dict) and variable.get('thing_id'):
                thing = {'id': variable['thing_id'], 'name': variable.get('thing_name')}
            if thing is not None and thing.get('id') not in seen:
                seen[thing.get('id')] = {'device_id': thing.get('device_id'), 'thing_id': thing.get('id'),
                                         'thing_name': thing.get('name')}
    return sorted(seen.values(), key=lambda d: (d['thing_name'] or '', d['thing_id'] or ''))


def property_ids(things):
    """All property ids (lower case) of a things listing with properties."""
    return set(property_owners(things))


def plan_binding(current, given, state):
    """The sorted property ids a widget should be bound to.

    ``current`` are the widget's ids, ``given`` the resolved O(variables) (None when omitted).
    V(present) binds exactly ``given``; V(absent) detaches ``given``, or everything when None."""
    current = set(v.lower() for v in current or [])
    if state == 'present':
        return sorted(set(v.lower() for v in given or []))
    if given is None:
        return []
    return sorted(current - set(v.lower() for v in given))
