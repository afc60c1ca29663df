# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names to ids, against one things listing (``GET /iot/v2/things?show_properties=true``): template
import (the server's template format -> the module's widgets), ``{thing, variable}`` references,
the owners of properties, the devices behind a dashboard, the thing overrides and prediction of a
clone, and a widget's binding. Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML ships with ansible-core
    yaml = None
    HAS_YAML = False

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    LAYOUT_KEYS,
    MOBILE_KEYS,
    ValidationError,
    context_prefix,
    strip_server_options,
    validate_widgets,
)


def load_template(template):
    """A template dict as is, or the dict read from a JSON or YAML file (JSON tried first, as the CLI)."""
    if isinstance(template, dict):
        return template
    if not isinstance(template, str) or not template:
        raise ValidationError('template must be a dict or the path of a JSON or YAML file, got %r' % (template,))
    try:
        with open(template, 'r') as handle:
            text = handle.read()
    except (IOError, OSError) as exc:
        raise ValidationError('template file %r cannot be read: %s' % (template, exc.strerror or exc))
    try:
        data = json.loads(text)
    except ValueError:
        if not HAS_YAML:
            raise ValidationError('template file %r is not JSON, and PyYAML is not installed to read YAML'
                                  % template)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValidationError('template file %r is neither JSON nor YAML: %s'
                                  % (template, str(exc).splitlines()[0]))
    if not isinstance(data, dict):
        raise ValidationError('template file %r must hold a mapping with name and widgets' % template)
    return data


def _template_widgets(template):
    widgets = template.get('widgets') or []
    if not isinstance(widgets, list):
        raise ValidationError('template widgets must be a list, got %r' % (widgets,))
    return widgets


def template_things(template):
    """The sorted thing placeholders (``thing_id`` values) that the template's widget variables use."""
    things = set()
    for widget in _template_widgets(template):
        for variable in (widget.get('variables') or []) if isinstance(widget, dict) else []:
            if isinstance(variable, dict) and variable.get('thing_id'):
                things.add(variable['thing_id'])
    return sorted(things)


def _template_widget_names(raws):
    """Unique widget names: given names first (a repeat gets " 2", " 3"...), then "<type> <n>" for
    the unnamed ones, numbered per type and skipping any name already taken."""
    names = [None] * len(raws)
    taken = set()
    for index, raw in enumerate(raws):
        if raw.get('name'):
            candidate, n = raw['name'], 2
            while candidate in taken:
                candidate, n = '%s %d' % (raw['name'], n), n + 1
            names[index] = candidate
            taken.add(candidate)
    counters = {}
    for index, raw in enumerate(raws):
        if names[index] is None:
            n = counters.get(raw['type'], 0) + 1
            while '%s %d' % (raw['type'], n) in taken:
                n += 1
            counters[raw['type']] = n
            names[index] = '%s %d' % (raw['type'], n)
            taken.add(names[index])
    return names


def template_to_widgets(template, thing_map=None):
    """The server template format -> the module's validated ``widgets`` form.

    Variables ``{thing_id: placeholder, variable_id: name}`` become ``{thing, variable}`` references
    with the placeholder mapped through ``thing_map`` (unmapped placeholders are kept as thing names).
    Missing layout fields become 0 and missing options {} (as the CLI); names are made unique by
    _template_widget_names()."""
    thing_map = thing_map or {}
    if not isinstance(thing_map, dict):
        raise ValidationError('thing_map must be a dict, got %r' % (thing_map,))
    unused = sorted(set(thing_map) - set(template_things(template)))
    if unused:
        raise ValidationError('thing_map has keys that the template does not use: %s (the template uses: %s)'
                              % (', '.join(unused), ', '.join(template_things(template)) or 'none'))
    raws = _template_widgets(template)
    for index, raw in enumerate(raws):
        if not isinstance(raw, dict) or not raw.get('type'):
            raise ValidationError('template widgets[%d]: type is required' % index)
    names = _template_widget_names(raws)
    result = []
    for raw, name in zip(raws, names):
        widget = {'name': name, 'type': raw['type'], 'options': strip_server_options(raw.get('options'))}
        for field in LAYOUT_KEYS:
            widget[field] = raw.get(field) if raw.get(field) is not None else 0
        for field in MOBILE_KEYS:
            if raw.get(field) is not None:
                widget[field] = raw[field]
        variables = []
        for vindex, variable in enumerate(raw.get('variables') or []):
            if not isinstance(variable, dict) or not variable.get('thing_id') or not variable.get('variable_id'):
                raise ValidationError('template widget %r: variables[%d] needs thing_id and variable_id'
                                      % (name, vindex))
            thing = thing_map.get(variable['thing_id'], variable['thing_id'])
            variables.append({'thing': thing, 'variable': variable['variable_id']})
        widget['variables'] = variables
        result.append(widget)
    return validate_widgets(result)


def variable_references(widgets):
    """The distinct (thing, variable) references of validated widgets, sorted; empty = no listing needed."""
    refs = set()
    for widget in widgets or []:
        for variable in widget.get('variables') or []:
            if isinstance(variable, dict):
                refs.add((variable['thing'], variable['variable']))
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
    """Validated widgets with every ``variables`` list resolved to property UUIDs (new dicts)."""
    result = []
    for widget in widgets or []:
        widget = dict(widget)
        if widget.get('variables') is not None:
            widget['variables'] = resolve_variables(widget['variables'], things, 'widget %r' % widget['name'])
        result.append(widget)
    return result


# ---- things, properties and devices of a listing ----------------------------------------------

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
    return {'id': None, 'name': name, 'cover_image': source.get('cover_image'), 'widgets': widgets}


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
