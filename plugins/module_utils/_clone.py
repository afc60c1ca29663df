# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The clone endpoint's thing overrides and the prediction of its copy, from one things listing.
Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    ValidationError,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._things import (
    find_thing,
    property_owners,
)


def clone_overrides(source, thing_map, things):
    """``thing_map`` of a clone -> the clone endpoint's ``[{old_thing_id, new_thing_id}]``.

    ``source`` is the normalised source dashboard, ``things`` the one things listing. A key is a
    thing name or id that the source's widgets use; a value a thing name or id of the organization.
    Keys the source does not use, unknown things and variables the new thing lacks are
    ValidationErrors, so the server is never asked to clone something it would refuse."""
    owners = property_owners(things)
    used = {}
    for widget in (source.get('widgets') or {}).values():
        for prop_id in widget.get('variables') or []:
            if prop_id.lower() in owners:
                thing, prop = owners[prop_id.lower()]
                used.setdefault(thing['id'], set()).add(prop.get('variable_name') or prop.get('name'))
    overrides, keys_of = [], {}
    for key in sorted(thing_map or {}):
        old = find_thing(things, key)
        if old['id'] in keys_of:
            raise ValidationError('thing_map keys %r and %r name the same thing %r; give it once'
                                  % (keys_of[old['id']], key, old.get('name')))
        keys_of[old['id']] = key
        if old['id'] not in used:
            raise ValidationError('thing_map key %r: the source dashboard uses no variable of thing %r '
                                  '(it uses: %s)' % (key, old.get('name'), ', '.join(sorted(
                                      owners_name(things, tid) for tid in used)) or 'none'))
        new = find_thing(things, thing_map[key])
        names = set(p.get('variable_name') or p.get('name') for p in new.get('properties') or [])
        missing = sorted(used[old['id']] - names)
        if missing:
            raise ValidationError('thing_map %r -> %r: thing %r has no variable %s'
                                  % (key, thing_map[key], new.get('name'), ', '.join(missing)))
        overrides.append({'old_thing_id': old['id'], 'new_thing_id': new['id']})
    return overrides


def owners_name(things, thing_id):
    """The name of the thing with that id in a listing (the id itself when unnamed)."""
    for thing in things or []:
        if thing.get('id') == thing_id:
            return thing.get('name') or thing_id
    return thing_id


def option_id_map(overrides, things):
    """old property id -> new property id for every variable of an overridden thing that the new thing
    has by the same variable name (lower case), for the property ids inside widget options."""
    by_id = dict((t.get('id'), t) for t in things or [])
    id_map = {}
    for override in overrides or []:
        old, new = by_id.get(override['old_thing_id']) or {}, by_id.get(override['new_thing_id']) or {}
        new_props = dict(((p.get('variable_name') or p.get('name')), p.get('id')) for p in new.get('properties') or [])
        for prop in old.get('properties') or []:
            target = new_props.get(prop.get('variable_name') or prop.get('name'))
            if prop.get('id') and target:
                id_map[prop['id'].lower()] = target.lower()
    return id_map


def remap_options(dashboard, id_map):
    """A copy of a normalised dashboard whose Advanced Chart and Image Map options name the new
    properties (see option_id_map); the clone endpoint's overrides move only ``variables``."""
    widgets = {}
    for key, widget in (dashboard.get('widgets') or {}).items():
        widgets[key] = dict(widget, options=option_refs.remap(widget.get('type'), widget.get('options'), id_map))
    return dict(dashboard, widgets=widgets)


def predict_clone(source, name, overrides, things):
    """The normalised copy a clone would give: the source renamed, variables moved to the new
    things by variable name. The server assigns the dashboard and widget ids, so they are None."""
    owners = property_owners(things)
    by_old = dict((o['old_thing_id'], o['new_thing_id']) for o in overrides or [])
    by_id = dict((t.get('id'), t) for t in things or [])
    widgets = {}
    for key, widget in (source.get('widgets') or {}).items():
        copied = dict(widget, id=None)
        variables = set()
        for prop_id in widget.get('variables') or []:
            owner = owners.get(prop_id.lower())
            if owner and owner[0]['id'] in by_old:
                wanted = owner[1].get('variable_name') or owner[1].get('name')
                new_thing = by_id[by_old[owner[0]['id']]]
                prop_id = next(p['id'] for p in new_thing.get('properties') or []
                               if (p.get('variable_name') or p.get('name')) == wanted)
            variables.add(prop_id)
        copied['variables'] = sorted(variables)
        widgets[key] = copied
    copy = {'id': None, 'name': name, 'cover_image': source.get('cover_image'), 'widgets': widgets}
    return remap_options(copy, option_id_map(overrides, things))
