# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure functions behind the dashboard modules: validate the user's widgets, normalise server
objects, merge desired state into current, compare and build request payloads. Names-to-ids work
(templates, thing/variable references) lives in _templates.py and _things.py. Nothing here sends a request, so all
of it is unit-tested with table cases."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import math
import re
import uuid

from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import (  # noqa: F401 (re-exported)
    AmbiguousError,
    ValidationError,
    context_prefix,
    is_uuid,
)


# Keys the server or the web editor add to widget options; never part of what a user declares.
SERVER_OPTION_KEYS = ('created_by', 'thingId', 'properties')

LAYOUT_KEYS = ('x', 'y', 'width', 'height')
MOBILE_KEYS = ('x_mobile', 'y_mobile', 'width_mobile', 'height_mobile')
WIDGET_KEYS = ('name', 'type', 'id', 'options', 'variables') + LAYOUT_KEYS + MOBILE_KEYS

# Fixed namespace so that a widget's id depends only on organization, dashboard and widget name.
WIDGET_NAMESPACE = uuid.UUID('8d4f6f0e-3c1b-5d2a-9f57-6a1e2b7c4d90')

# Dashboards v3: at most 30 sub-pages (pagepayload); a widget's page_id "0" is the main page.
MAX_PAGES = 30
MAIN_PAGE = '0'
PAGE_KEYS = ('name', 'icon', 'widgets')


def widget_id_for(organization, dashboard_name, widget_name):
    """The deterministic id of a new widget, so that check mode predicts the exact result."""
    key = u'%s/%s/%s' % (organization or '', dashboard_name, widget_name)
    return str(uuid.uuid5(WIDGET_NAMESPACE, key))


def page_id_for(organization, dashboard_name, page_name):
    """The deterministic id of a new page (the API wants a UUID chosen by the client)."""
    key = u'%s/%s/page:%s' % (organization or '', dashboard_name, page_name)
    return str(uuid.uuid5(WIDGET_NAMESPACE, key))


def strip_server_options(options):
    """A copy of widget options without the keys the server adds (None becomes {})."""
    return dict((k, copy.deepcopy(v)) for k, v in (options or {}).items() if k not in SERVER_OPTION_KEYS)


def _non_negative_int(value, where, field):
    """Accept ints and digit strings (Jinja renders numbers as strings); refuse bools and negatives."""
    result = None
    if isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, str) and re.match(r'^\s*-?\d+\s*$', value):
        result = int(value)
    if result is None or result < 0:
        raise ValidationError('%s: %s must be a non-negative integer, got %r' % (where, field, value))
    return result


def _validate_variable(ref, where):
    """One variable: a property UUID (returned lower case, as the server writes ids) or a
    {thing, variable} reference."""
    if isinstance(ref, str):
        if not is_uuid(ref):
            raise ValidationError('%s must be a property UUID or a {thing, variable} reference, got %r'
                                  % (where, ref))
        return ref.lower()
    if not isinstance(ref, dict):
        raise ValidationError('%s must be a property UUID or a {thing, variable} reference, got %r'
                              % (where, ref))
    unknown = sorted(set(ref) - set(('thing', 'variable')))
    if unknown:
        raise ValidationError('%s has unknown keys %s; a reference has only thing and variable'
                              % (where, ', '.join(unknown)))
    for key in ('thing', 'variable'):
        if not isinstance(ref.get(key), str) or not ref.get(key):
            raise ValidationError('%s.%s is required and must be a non-empty string' % (where, key))
    return {'thing': ref['thing'], 'variable': ref['variable']}


def validate_variables(variables, context=''):
    """A ``variables`` list (of a widget in M(dashboard), or of M(widget_link)) -> a new list of
    lower-case property UUIDs and ``{thing, variable}`` references. The same entry twice is an error."""
    if not isinstance(variables, list):
        raise ValidationError('%svariables must be a list, got %r' % (context_prefix(context), variables))
    cleaned, seen = [], set()
    for index, ref in enumerate(variables):
        where = '%svariables[%d]' % (context_prefix(context), index)
        item = _validate_variable(ref, where)
        key = item if isinstance(item, str) else (item['thing'], item['variable'])
        if key in seen:
            raise ValidationError('%s: %r is listed twice' % (where, ref))
        seen.add(key)
        cleaned.append(item)
    return cleaned


def _check_finite(value, where):
    """JSON has no NaN or Infinity: a widget option holding one (``.nan`` in YAML) fails here, naming
    the key, instead of reaching the server as a body it cannot parse."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError('%s is %r; JSON has no NaN or Infinity, give a number or a string' % (where, value))
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, '%s.%s' % (where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_finite(item, '%s[%d]' % (where, index))


def _validate_widget(raw, index):
    if not isinstance(raw, dict):
        raise ValidationError('widgets[%d] must be a dict, got %r' % (index, raw))
    name = raw.get('name')
    unknown = sorted(set(raw) - set(WIDGET_KEYS))
    if unknown:
        raise ValidationError('widgets[%d]%s: unknown key %s; known keys are %s' % (
            index, ' %r' % name if isinstance(name, str) else '', ', '.join(unknown), ', '.join(sorted(WIDGET_KEYS))))
    if not isinstance(name, str) or not name.strip():
        raise ValidationError('widgets[%d]: name is required and must be a non-empty string' % index)
    where = 'widgets[%d] %r' % (index, name)
    widget = {'name': name}
    if not isinstance(raw.get('type'), str) or not raw.get('type'):
        raise ValidationError('%s: type is required and must be a non-empty string' % where)
    widget['type'] = raw['type']
    for field in ('width', 'height'):
        if raw.get(field) is None:
            raise ValidationError('%s: %s is required' % (where, field))
    for field in LAYOUT_KEYS + MOBILE_KEYS:
        if raw.get(field) is not None:
            widget[field] = _non_negative_int(raw[field], where, field)
    if raw.get('id') is not None:
        if not is_uuid(raw['id']):
            raise ValidationError('%s: id must be a UUID, got %r' % (where, raw['id']))
        widget['id'] = raw['id']
    if raw.get('options') is not None:
        if not isinstance(raw['options'], dict):
            raise ValidationError('%s: options must be a dict, got %r' % (where, raw['options']))
        _check_finite(raw['options'], '%s: options' % where)
        widget['options'] = copy.deepcopy(raw['options'])
    if raw.get('variables') is not None:
        widget['variables'] = validate_variables(raw['variables'], where)
    return widget


def validate_widgets(widgets):
    """The module's ``widgets`` option -> a cleaned list of new dicts (None stays None).

    Keys the user left out stay absent, which merge_dashboard reads as "keep the current value"
    (x and y become 0 only for a new widget)."""
    if widgets is None:
        return None
    if not isinstance(widgets, list):
        raise ValidationError('widgets must be a list, got %r' % (widgets,))
    result = []
    names = set()
    ids = {}
    for index, raw in enumerate(widgets):
        widget = _validate_widget(raw, index)
        if widget['name'] in names:
            raise ValidationError('widgets[%d] %r: duplicate name; widget names must be unique'
                                  % (index, widget['name']))
        names.add(widget['name'])
        if 'id' in widget:
            if widget['id'].lower() in ids:
                raise ValidationError('widgets[%d] %r: id %s is also given to widget %r'
                                      % (index, widget['name'], widget['id'], ids[widget['id'].lower()]))
            ids[widget['id'].lower()] = widget['name']
        result.append(widget)
    return result


def validate_pages(pages, widgets=None):
    """The ``pages`` option (sub-pages of a v3 dashboard) -> a cleaned list of ``{name, widgets[, icon]}``.

    ``widgets`` are the validated main-page widgets (or None): widget names must be unique across
    the whole dashboard, because a widget is found by its name wherever it is placed."""
    if pages is None:
        return None
    if not isinstance(pages, list):
        raise ValidationError('pages must be a list of {name, widgets, icon}, got %r' % (pages,))
    if len(pages) > MAX_PAGES:
        raise ValidationError('pages: a dashboard has at most %d pages, got %d' % (MAX_PAGES, len(pages)))
    placed = dict((w['name'], 'the main page (widgets)') for w in widgets or [])
    result, names = [], {}
    for index, raw in enumerate(pages):
        if not isinstance(raw, dict):
            raise ValidationError('pages[%d] must be a dict with name, widgets and icon, got %r' % (index, raw))
        name = raw.get('name')
        unknown = sorted(str(k) for k in set(raw) - set(PAGE_KEYS))
        label = 'pages[%d]%s' % (index, ' %r' % name if isinstance(name, str) else '')
        if unknown:
            raise ValidationError('%s: unknown key %s; a page has %s' % (label, ', '.join(unknown), ', '.join(PAGE_KEYS)))
        if not isinstance(name, str) or not name.strip() or len(name) > 64:
            raise ValidationError('%s: name is required and must be a string of 1 to 64 characters' % label)
        if name in names:
            raise ValidationError('%s: duplicate page name (also pages[%d]); page names must be unique' % (label, names[name]))
        names[name] = index
        page = {'name': name}
        if raw.get('icon') is not None:
            if not isinstance(raw['icon'], str) or len(raw['icon']) > 1024:
                raise ValidationError('%s: icon must be a string of at most 1024 characters' % label)
            page['icon'] = raw['icon']
        try:
            page['widgets'] = validate_widgets(raw.get('widgets') or [])
        except ValidationError as exc:
            raise ValidationError('%s: %s' % (label, exc))
        for windex, widget in enumerate(page['widgets']):
            if widget['name'] in placed:
                raise ValidationError('%s: widgets[%d] %r: the name is also a widget of %s; widget names must be '
                                      'unique across the dashboard' % (label, windex, widget['name'], placed[widget['name']]))
            placed[widget['name']] = 'page %r' % name
        result.append(page)
    return result


def all_widgets(widgets, pages):
    """The main page's widgets and those of every page, in one list (validated forms)."""
    flat = list(widgets or [])
    for page in pages or []:
        flat.extend(page['widgets'])
    return flat


def validate_dashboard_name(name):
    """A dashboard name is a string of 1 to 64 characters (the API's maxLength)."""
    if not isinstance(name, str) or not name:
        raise ValidationError('dashboard name must be a non-empty string, got %r' % (name,))
    if len(name) > 64:
        raise ValidationError('dashboard name must be at most 64 characters, got %d: %r' % (len(name), name))


def _normalize_widget(raw, page_names=None):
    widget = {'id': raw.get('id'), 'type': raw.get('type')}
    if page_names is not None:
        # The page's name; None is the main page ("0"), and so is a page_id that names no page.
        widget['page'] = page_names.get(str(raw.get('page_id') or MAIN_PAGE).lower())
    for field in LAYOUT_KEYS:
        widget[field] = raw.get(field) if raw.get(field) is not None else 0
    for field in MOBILE_KEYS:
        if raw.get(field) is not None:
            widget[field] = raw[field]
    widget['options'] = strip_server_options(raw.get('options'))
    ids = set()
    for variable in raw.get('variables') or []:
        prop_id = variable.get('id') if isinstance(variable, dict) else variable
        if prop_id:
            ids.add(prop_id.lower())
    widget['variables'] = sorted(ids)
    return widget


def normalize_pages(raw):
    """The sub-pages of a v3 dashboard, in position order: ``[{id, name, position[, icon]}]``."""
    pages = []
    for item in (raw or {}).get('pages') or []:
        if not isinstance(item, dict):
            continue
        page = {'id': str(item.get('id') or '').lower(), 'name': item.get('name'), 'position': item.get('position') or 0}
        if item.get('icon'):
            page['icon'] = item['icon']
        pages.append(page)
    pages.sort(key=lambda p: (p['position'], str(p['name'])))
    return pages


def normalize_dashboard(raw, paged=False):
    """A server dashboard (ArduinoDashboardv2, or v3) -> the normalised form that modules return and diff.

    Widgets are keyed by name; a widget without a name, or a later widget repeating a name, is keyed
    by its id. Linked-variable objects become sorted property ids; server-owned fields are dropped.
    ``paged`` (a v3 dashboard) adds ``pages`` and each widget's ``page`` (its page's name, None for
    the main page); without it a v3 dashboard reads exactly as its v2 view."""
    if raw is None:
        return None
    page_names = None
    result = {'id': raw.get('id'), 'name': raw.get('name'), 'cover_image': raw.get('cover_image') or None}
    if paged:
        result['pages'] = normalize_pages(raw)
        page_names = dict((p['id'], p['name']) for p in result['pages'])
    widgets = {}
    for item in raw.get('widgets') or []:
        key = item.get('name')
        if not key or key in widgets:
            key = item.get('id')
        widgets[key] = _normalize_widget(item, page_names)
    result['widgets'] = widgets
    return result


def _apply_spec(base, spec):
    for field in ('type',) + LAYOUT_KEYS + MOBILE_KEYS:
        if field in spec:
            base[field] = spec[field]
    if 'options' in spec:
        base['options'] = strip_server_options(spec['options'])
    if 'page' in spec:
        base['page'] = spec['page']
    if 'variables' in spec:
        unresolved = [v for v in spec['variables'] if not isinstance(v, str)]
        if unresolved:
            raise ValidationError('widget %r: variable reference %r is not resolved to a property id'
                                  % (spec['name'], unresolved[0]))
        base['variables'] = sorted(set(spec['variables']))
    return base


def _merge_pages(current, name, pages, organization):
    """The desired sub-pages: a page listed by name keeps its id (and its icon unless one is given);
    a new page gets page_id_for(); positions follow the list."""
    by_name = dict((p['name'], p) for p in (current or {}).get('pages') or [])
    result = []
    for position, spec in enumerate(pages):
        old = by_name.get(spec['name'])
        page = {'id': old['id'] if old else page_id_for(organization, name, spec['name']),
                'name': spec['name'], 'position': position}
        icon = spec.get('icon') if spec.get('icon') is not None else (old or {}).get('icon')
        if icon:
            page['icon'] = icon
        result.append(page)
    return result


def merge_dashboard(current, name, widgets=None, cover_image=None, purge_widgets=True, organization=None,
                    pages=None):
    """The desired normalised dashboard: ``current`` (normalised, or None to create) changed by the spec.

    A widget listed by name keeps its current id (unless the spec gives ``id``; a spec ``id`` that
    belongs to a differently named widget renames that widget). New widgets get widget_id_for().
    Fields the spec leaves out keep the current value (new widget: x/y 0, options {}, variables []).
    Unlisted widgets stay when ``purge_widgets`` is false. ``widgets`` None leaves widgets alone;
    ``cover_image`` None keeps the current one.

    ``pages`` (validated, see validate_pages) makes the dashboard a v3 one: ``widgets`` are then the
    main page's, and the pages are exactly those listed (with their widgets); ``widgets`` None then
    keeps the main page's widgets as they are. ``current`` must be normalised with ``paged``."""
    current = current or {'id': None, 'name': None, 'cover_image': None, 'widgets': {}}
    if pages is not None:
        return _merge_paged(current, name, widgets, cover_image, purge_widgets, organization, pages)
    current_widgets = current.get('widgets') or {}
    name = name if name is not None else current.get('name')
    desired = {'id': current.get('id'), 'name': name,
               'cover_image': cover_image if cover_image is not None else current.get('cover_image'),
               'widgets': {}}
    if widgets is None:
        desired['widgets'] = copy.deepcopy(current_widgets)
        return desired
    by_id = dict(((w.get('id') or '').lower(), key) for key, w in current_widgets.items())
    consumed = set()
    used_ids = set()
    for spec in widgets:
        key = spec['name']
        if spec.get('id') and spec['id'].lower() in by_id:
            matched = by_id[spec['id'].lower()]
        elif key in current_widgets:
            matched = key
        else:
            matched = None
        if matched is not None:
            consumed.add(matched)
            base = copy.deepcopy(current_widgets[matched])
            if spec.get('id'):
                base['id'] = spec['id']
        else:
            base = {'id': spec.get('id'), 'type': spec['type'], 'x': 0, 'y': 0,
                    'width': spec['width'], 'height': spec['height'], 'options': {}, 'variables': []}
            if not base['id']:
                base['id'] = _fresh_id(organization, name, key, used_ids | set(by_id))
        used_ids.add(base['id'].lower())
        desired['widgets'][key] = _apply_spec(base, spec)
    if not purge_widgets:
        for key, widget in current_widgets.items():
            if key not in consumed and key not in desired['widgets']:
                desired['widgets'][key] = copy.deepcopy(widget)
    return desired


def _merge_paged(current, name, widgets, cover_image, purge_widgets, organization, pages):
    """merge_dashboard() of a v3 dashboard: every widget carries its ``page``."""
    name = name if name is not None else current.get('name')
    flat = [dict(w, page=None) for w in widgets or []]
    for page in pages:
        flat.extend(dict(w, page=page['name']) for w in page['widgets'])
    desired = merge_dashboard(current, name, widgets=flat, cover_image=cover_image,
                              purge_widgets=True, organization=organization)
    desired['pages'] = _merge_pages(current, name, pages, organization)
    kept_pages = set(p['name'] for p in desired['pages'])
    taken = set(w['id'].lower() for w in desired['widgets'].values() if w.get('id'))
    for key, widget in (current.get('widgets') or {}).items():
        if key in desired['widgets'] or (widget.get('id') or '').lower() in taken:
            continue
        if purge_widgets and not (widgets is None and widget.get('page') is None):
            continue
        kept = copy.deepcopy(widget)
        if kept.get('page') not in kept_pages:
            kept['page'] = None
        desired['widgets'][key] = kept
    return desired


def _fresh_id(organization, dashboard_name, widget_name, taken):
    """widget_id_for(), moved on deterministically in the rare case the id is already in use."""
    candidate = widget_id_for(organization, dashboard_name, widget_name)
    n = 2
    while candidate.lower() in taken:
        candidate = widget_id_for(organization, dashboard_name, '%s#%d' % (widget_name, n))
        n += 1
    return candidate


def widget_differs(current, desired):
    """True when writing the normalised widget ``desired`` would change ``current``."""
    for field in ('id', 'type') + LAYOUT_KEYS:
        if current.get(field) != desired.get(field):
            return True
    if 'page' in desired and desired['page'] != current.get('page'):
        return True
    # The server may fill mobile layout on its own; a field the desired side does not set is "unset".
    for field in MOBILE_KEYS:
        if field in desired and desired[field] != current.get(field):
            return True
    if strip_server_options(current.get('options')) != strip_server_options(desired.get('options')):
        return True
    return sorted(set(current.get('variables') or [])) != sorted(set(desired.get('variables') or []))


def dashboard_differs(current, desired):
    """True when writing ``desired`` (normalised) would change ``current`` (normalised or None)."""
    if current is None:
        return True
    if current.get('name') != desired.get('name'):
        return True
    if (current.get('cover_image') or None) != (desired.get('cover_image') or None):
        return True
    if 'pages' in desired and desired['pages'] != current.get('pages'):
        return True
    current_widgets = current.get('widgets') or {}
    desired_widgets = desired.get('widgets') or {}
    if set(current_widgets) != set(desired_widgets):
        return True
    return any(widget_differs(current_widgets[key], desired_widgets[key]) for key in desired_widgets)


def _raw_widgets_by_id(raw):
    return dict(((w.get('id') or '').lower(), w) for w in (raw or {}).get('widgets') or [] if isinstance(w, dict))


def dashboard_payload(desired, raw=None):
    """A normalised dashboard -> the ``dashboardv2`` request body of POST / PUT (full widget list).

    ``raw`` is the dashboard as the server gave it (None for a create). A PUT replaces every widget, so
    each widget starts from what was read: its name (also for a widget keyed by id because its name is
    missing or repeated) and the option keys the server owns (``created_by``, ``thingId``,
    ``properties``) go back exactly as read; only the fields the task owns come from ``desired``."""
    payload = {'name': desired['name'], 'widgets': []}
    if desired.get('cover_image') is not None:
        payload['cover_image'] = desired['cover_image']
    page_ids = None
    if 'pages' in desired:
        # A v3 body (dashboardv3): the sub-pages, and each widget's page_id.
        payload['pages'] = [dict(p) for p in desired['pages']]
        page_ids = dict((p['name'], p['id']) for p in desired['pages'])
    read = _raw_widgets_by_id(raw)
    for key, widget in (desired.get('widgets') or {}).items():
        source = read.get((widget.get('id') or '').lower()) or {}
        item = {'id': widget['id'], 'type': widget['type']}
        if key != widget['id']:
            item['name'] = key
        elif isinstance(source.get('name'), str):
            # Keyed by its id: nameless or a repeated name on the server; send the name as read.
            item['name'] = source['name']
        for field in LAYOUT_KEYS:
            item[field] = widget.get(field) or 0
        for field in MOBILE_KEYS:
            if widget.get(field) is not None:
                item[field] = widget[field]
            elif source.get(field) is not None:
                item[field] = source[field]
        options = dict((k, copy.deepcopy(v)) for k, v in (source.get('options') or {}).items()
                       if k in SERVER_OPTION_KEYS)
        options.update(strip_server_options(widget.get('options')))
        item['options'] = options
        item['variables'] = list(widget.get('variables') or [])
        if page_ids is not None:
            item['page_id'] = page_ids.get(widget.get('page'), MAIN_PAGE)
        payload['widgets'].append(item)
    return payload


def select_by_name(dashboards, name):
    """The one dashboard named exactly ``name`` in a list, None if none; AmbiguousError if several."""
    matches = [d for d in dashboards or [] if d.get('name') == name]
    if len(matches) > 1:
        raise AmbiguousError('%d dashboards are named %r (ids %s); give id to choose one'
                             % (len(matches), name, ', '.join(sorted(str(d.get('id')) for d in matches))))
    return matches[0] if matches else None


def find_widget(dashboard, name_or_id):
    """(name, widget) of the widget with that name, else that id, in a normalised dashboard; else (None, None)."""
    widgets = (dashboard or {}).get('widgets') or {}
    if name_or_id in widgets:
        return name_or_id, widgets[name_or_id]
    wanted = str(name_or_id).lower()
    for key, widget in widgets.items():
        if (widget.get('id') or '').lower() == wanted:
            return key, widget
    return None, None


def _normalize_qubitro_widget(raw):
    if not isinstance(raw, dict):
        # The list endpoint gives widget ids only.
        return {'id': raw, 'type': None, 'title': None}
    widget = {'id': raw.get('id'), 'type': raw.get('widget_type', raw.get('type')), 'title': raw.get('title')}
    for field in ('subtitle', 'description', 'metadata', 'data_metadata'):
        if raw.get(field) is not None:
            widget[field] = copy.deepcopy(raw[field])
    return widget


def normalize_qubitro_dashboard(raw):
    """A Qubitro dashboard (list item or detail) -> {id, name, is_public, refresh_period, tags,
    metadata, widgets keyed by title (or id when untitled or repeated)}; timestamps are dropped."""
    if raw is None:
        return None
    widgets = {}
    for item in raw.get('widgets') or []:
        widget = _normalize_qubitro_widget(item)
        key = widget.get('title')
        if not key or key in widgets:
            key = widget.get('id')
        widgets[key] = widget
    return {'id': raw.get('id'), 'name': raw.get('name'), 'is_public': raw.get('is_public'),
            'refresh_period': raw.get('refresh_period'), 'tags': list(raw.get('tags') or []),
            'metadata': copy.deepcopy(raw.get('metadata') or {}), 'widgets': widgets}
