# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Look-ups through a client that several modules share: a dashboard by id or exact name, the
things listing, and the devices behind a dashboard's widgets. These send GET requests only."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    ValidationError,
    is_uuid,
    select_by_name,
)
from ansible_collections.iotcloud.dashboards.plugins.module_utils._transport import NotFound


def find_dashboard(client, ident=None, dashboard_id=None, name=None):
    """The raw server dashboard with that id or exact name, or None when there is none.

    ``ident`` is an id or a name (a UUID is tried as an id first, then as a name, because a
    dashboard may be named like a UUID). ``dashboard_id`` is only an id, ``name`` only a name.
    A name is looked up by listing with the server's name filter (a substring match) and then
    matching exactly; several exact matches raise AmbiguousError listing their ids."""
    if ident is not None:
        if is_uuid(ident):
            found = _get_by_id(client, ident)
            if found is not None:
                return found
        return _find_by_name(client, ident)
    if dashboard_id is not None:
        if not is_uuid(dashboard_id):
            # An id that is not a UUID cannot exist; do not send it to the server.
            return None
        return _get_by_id(client, dashboard_id)
    if name is not None:
        return _find_by_name(client, name)
    return None


def _get_by_id(client, dashboard_id):
    try:
        return client.get_dashboard(dashboard_id)
    except NotFound:
        return None


def _find_by_name(client, name):
    listed = select_by_name(client.list_dashboards(name=name), name)
    if listed is None:
        return None
    # The list endpoint may leave out widget details; read the full dashboard once.
    if listed.get('id') and 'widgets' not in listed:
        return _get_by_id(client, listed['id'])
    return listed


def find_things_by(things, thing):
    """The one thing of a listing with that id, else that exact name; ValidationError otherwise."""
    matches = [t for t in things or [] if t.get('id') == thing]
    if not matches:
        matches = [t for t in things or [] if t.get('name') == thing]
    if not matches:
        raise ValidationError('thing %r not found in this organization' % (thing,))
    if len(matches) > 1:
        raise ValidationError('thing name %r is ambiguous: %d things have it (ids %s); use the thing id'
                              % (thing, len(matches), ', '.join(sorted(t.get('id') or '?' for t in matches))))
    return matches[0]


def dashboard_devices(raw_dashboard, things):
    """Arduino: the devices of the things behind a dashboard's widget variables.

    ``things`` is the listing with properties. Returns ``[{device_id, thing_id, thing_name}]``
    sorted by thing name then id, one entry per thing (device_id is None for a thing without a
    device), so both platforms answer "which devices feed this dashboard"."""
    owner = {}
    for thing in things or []:
        for prop in thing.get('properties') or []:
            if prop.get('id'):
                owner[prop['id']] = thing
    seen = {}
    for widget in (raw_dashboard or {}).get('widgets') or []:
        for variable in widget.get('variables') or []:
            prop_id = variable.get('id') if isinstance(variable, dict) else variable
            thing = owner.get(prop_id)
            if thing is None and isinstance(variable, dict) and variable.get('thing_id'):
                thing = {'id': variable['thing_id'], 'name': variable.get('thing_name')}
            if thing is not None and thing.get('id') not in seen:
                seen[thing.get('id')] = {'device_id': thing.get('device_id'), 'thing_id': thing.get('id'),
                                         'thing_name': thing.get('name')}
    return sorted(seen.values(), key=lambda d: (d['thing_name'] or '', d['thing_id'] or ''))


def _property_owners(things):
    """property id (lower case) -> (thing, property) from a things listing with properties."""
    owners = {}
    for thing in things or []:
        for prop in thing.get('properties') or []:
            if prop.get('id'):
                owners[prop['id'].lower()] = (thing, prop)
    return owners


def clone_overrides(source, thing_map, things):
    """``thing_map`` of a clone -> the clone endpoint's ``[{old_thing_id, new_thing_id}]``.

    ``source`` is the normalised source dashboard, ``things`` the one things listing. A key is a
    thing name or id that the source's widgets use; a value a thing name or id of the organization.
    Keys the source does not use, unknown things and variables the new thing lacks are
    ValidationErrors, so the server is never asked to clone something it would refuse."""
    owners = _property_owners(things)
    used = {}
    for widget in (source.get('widgets') or {}).values():
        for prop_id in widget.get('variables') or []:
            if prop_id.lower() in owners:
                thing, prop = owners[prop_id.lower()]
                used.setdefault(thing['id'], set()).add(prop.get('variable_name') or prop.get('name'))
    overrides = []
    for key in sorted(thing_map or {}):
        old = find_things_by(things, key)
        if old['id'] not in used:
            raise ValidationError('thing_map key %r: the source dashboard uses no variable of thing %r '
                                  '(it uses: %s)' % (key, old.get('name'), ', '.join(sorted(
                                      owners_name(things, tid) for tid in used)) or 'none'))
        new = find_things_by(things, thing_map[key])
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


def predict_clone(source, name, overrides, things):
    """The normalised copy a clone would give: the source renamed, variables moved to the new
    things by variable name. The server assigns the dashboard and widget ids, so they are None."""
    owners = _property_owners(things)
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
    return {'id': None, 'name': name, 'cover_image': source.get('cover_image'), 'widgets': widgets}
