# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dashboard templates in the server's (and arduino-cloud-cli's) format: loading one from a dict or a
JSON or YAML file, and turning its widgets into the module's widgets. Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML ships with ansible-core
    yaml = None
    HAS_YAML = False

from ansible_collections.iotcloud.dashboards.plugins.module_utils import _option_refs as option_refs
from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    LAYOUT_KEYS,
    MAX_PAGES,
    MOBILE_KEYS,
    ValidationError,
    strip_server_options,
    validate_pages,
    validate_widgets,
)


def is_template_content(text):
    """True for a string that is a template itself rather than a file name: JSON starts with ``{``,
    and YAML of a template spans lines (``lookup('file', ...)`` gives either)."""
    return isinstance(text, str) and (text.lstrip().startswith('{') or '\n' in text.strip())


def _parse(text, what):
    """JSON first, as the CLI reads templates, then YAML; the mapping it holds."""
    try:
        data = json.loads(text)
    except ValueError:
        if not HAS_YAML:
            raise ValidationError('%s is not JSON, and PyYAML is not installed to read YAML' % what)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValidationError('%s is neither JSON nor YAML: %s' % (what, str(exc).splitlines()[0]))
    if not isinstance(data, dict):
        raise ValidationError('%s must hold a mapping with name and widgets' % what)
    return data


def load_template(template):
    """A template dict as is, the dict that JSON or YAML text holds, or the dict read from a JSON or
    YAML file (the action plugin has already turned a path relative to the playbook into content)."""
    if isinstance(template, dict):
        return template
    if not isinstance(template, str) or not template:
        raise ValidationError('template must be a dict, JSON or YAML text, or the path of a JSON or YAML file, '
                              'got %r' % (template,))
    if is_template_content(template):
        return _parse(template, 'the template text')
    try:
        with open(template, 'r') as handle:
            text = handle.read()
    except (IOError, OSError) as exc:
        raise ValidationError('template file %r cannot be read: %s' % (template, exc.strerror or exc))
    return _parse(text, 'template file %r' % template)


# ---- the types of a loaded template's values, and of thing_map ----------------------------------
def _text(value):
    return isinstance(value, str) and value.strip() != ''


def _check_variable(variable, where):
    if not isinstance(variable, dict):
        raise ValidationError('%s must be a mapping with thing_id and variable_id, got %r' % (where, variable))
    for key in ('thing_id', 'variable_id'):
        if variable.get(key) is not None and not _text(variable[key]):
            raise ValidationError('%s: %s must be a non-empty string, got %r' % (where, key, variable[key]))


def _check_widget(raw, index):
    where = 'template widgets[%d]' % index
    if not isinstance(raw, dict):
        raise ValidationError('%s must be a mapping with type, name, layout, options and variables, got %r'
                              % (where, raw))
    if raw.get('name') is not None and not isinstance(raw['name'], str):
        raise ValidationError('%s: name must be a string, got %r' % (where, raw['name']))
    if raw.get('type') is None:
        raise ValidationError('%s: type is required' % where)
    if not _text(raw['type']):
        raise ValidationError('%s: type is required and must be a non-empty string, got %r' % (where, raw['type']))
    if raw.get('name'):
        where = '%s %r' % (where, raw['name'])
    if raw.get('options') is not None and not isinstance(raw['options'], dict):
        raise ValidationError('%s: options must be a mapping, got %r' % (where, raw['options']))
    if raw.get('page_id') is not None and not isinstance(raw['page_id'], (str, int)):
        raise ValidationError('%s: page_id must be a string, got %r' % (where, raw['page_id']))
    variables = raw.get('variables')
    if variables is not None:
        if not isinstance(variables, list):
            raise ValidationError('%s: variables must be a list, got %r' % (where, variables))
        for vindex, variable in enumerate(variables):
            _check_variable(variable, '%s: variables[%d]' % (where, vindex))


def check_template(template):
    """Raise ValidationError for the first value of a wrong type in a loaded template (a dict), so
    that it is one line naming the widget and the key, never a traceback. Missing keys get their
    defaults in template_to_dashboard()."""
    if template.get('name') is not None and not _text(template['name']):
        raise ValidationError('template name must be a non-empty string, got %r' % (template['name'],))
    widgets = template.get('widgets')
    if isinstance(widgets, list):
        for index, raw in enumerate(widgets):
            _check_widget(raw, index)


def check_thing_map(thing_map):
    """Every value of O(thing_map) names a thing (of a template or of the dashboard cloned)."""
    for key, value in sorted((thing_map or {}).items()):
        if not _text(value):
            raise ValidationError('thing_map[%r] must be the name or id of a thing, got %r' % (key, value))


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
        if isinstance(widget, dict):
            things.update(ref[0] for ref in option_refs.references(widget.get('type'), widget.get('options')))
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


MAIN_PAGE_IDS = ('', '0')


def _page_of(raw):
    """A template widget's page_id as a string; None for the main page ('' in v2 extracts, "0", absent)."""
    page_id = raw.get('page_id') if isinstance(raw, dict) else None
    if page_id is None or str(page_id) in MAIN_PAGE_IDS:
        return None
    return str(page_id)


def template_pages(template):
    """The template's sub-pages in position order, ``[(page id, {name[, icon]})]``; every widget
    page_id must name one of them. Fails in one line on what a dashboard cannot hold (more than 30
    pages, a page without a name, a page_id that names no page), never dropping anything."""
    pages = template.get('pages')
    if pages is None:
        pages = []
    if not isinstance(pages, list):
        raise ValidationError('template pages must be a list, got %r' % (pages,))
    if len(pages) > MAX_PAGES:
        raise ValidationError('template has %d pages; a dashboard holds at most %d, so the template cannot be imported'
                              % (len(pages), MAX_PAGES))
    found, ids = [], set()
    for index, page in enumerate(pages):
        if not isinstance(page, dict) or page.get('id') in (None, '') or not isinstance(page.get('name'), str) \
                or not page['name']:
            raise ValidationError('template pages[%d] needs an id and a name, got %r' % (index, page))
        if str(page['id']) in ids:
            raise ValidationError('template pages[%d] %r: page id %r is used twice' % (index, page['name'], page['id']))
        ids.add(str(page['id']))
        entry = {'name': page['name']}
        if page.get('icon'):
            entry['icon'] = page['icon']
        position = page.get('position')
        found.append((position if isinstance(position, int) and not isinstance(position, bool) else index,
                      index, str(page['id']), entry))
    found.sort(key=lambda item: (item[0], item[1]))
    for index, raw in enumerate(template.get('widgets') or []):
        page_id = _page_of(raw)
        if page_id is not None and page_id not in ids:
            raise ValidationError('template widgets[%d]%s: page_id %r names no page of the template (pages: %s)' % (
                index, ' %r' % raw.get('name') if raw.get('name') else '', page_id,
                ', '.join('%s %r' % (item[2], item[3]['name']) for item in found) or 'none'))
    return [(item[2], item[3]) for item in found]


def template_to_widgets(template, thing_map=None):
    """The widgets of a template without pages (see template_to_dashboard); a template with pages
    fails in one line here, for callers that cannot place widgets on pages."""
    widgets, pages = template_to_dashboard(template, thing_map)
    if pages:
        raise ValidationError('template has %d page(s) (%s); give it to a task that takes pages'
                              % (len(pages), ', '.join(p['name'] for p in pages)))
    return widgets


def template_to_dashboard(template, thing_map=None):
    """The server template format (v2, or v3 with pages) -> ``(widgets, pages)`` in the module's
    validated form: ``widgets`` are the main page's, ``pages`` the sub-pages with their widgets
    (None when the template has none; then it is a one-page dashboard, exactly as in v2).

    Variables ``{thing_id: placeholder, variable_id: name}`` become ``{thing, variable}`` references
    with the placeholder mapped through ``thing_map`` (unmapped placeholders are kept as thing names).
    Missing layout fields become 0 and missing options {} (as the CLI); names are made unique by
    _template_widget_names()."""
    check_template(template)
    thing_map = thing_map or {}
    if not isinstance(thing_map, dict):
        raise ValidationError('thing_map must be a dict, got %r' % (thing_map,))
    unused = sorted(set(thing_map) - set(template_things(template)))
    if unused:
        raise ValidationError('thing_map has keys that the template does not use: %s (the template uses: %s)'
                              % (', '.join(unused), ', '.join(template_things(template)) or 'none'))
    raws = _template_widgets(template)
    page_list = template_pages(template)
    names = _template_widget_names(raws)
    result = []
    on_page = dict((page_id, []) for page_id, dummy in page_list)
    for raw, name in zip(raws, names):
        options = option_refs.map_things(raw['type'], strip_server_options(raw.get('options')), thing_map)
        widget = {'name': name, 'type': raw['type'], 'options': options}
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
        on_page.get(_page_of(raw), result).append(widget)
    widgets = validate_widgets(result)
    if not page_list:
        return widgets, None
    pages = [dict(page, widgets=on_page[page_id]) for page_id, page in page_list]
    return widgets, validate_pages(pages, widgets)
