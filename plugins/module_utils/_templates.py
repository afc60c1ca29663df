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

from ansible_collections.iotcloud.dashboards.plugins.module_utils._dashboards import (
    LAYOUT_KEYS,
    MOBILE_KEYS,
    ValidationError,
    strip_server_options,
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


MAIN_PAGE_IDS = ('', '0')


def check_template_pages(template):
    """Dashboards here have one page: fail in one line, rather than drop them, on a v3 template whose
    ``pages`` list is not empty or whose widgets carry a ``page_id`` other than the main page ('' or "0")."""
    pages = template.get('pages')
    if pages is not None and not isinstance(pages, list):
        raise ValidationError('template pages must be a list, got %r' % (pages,))
    placed = []
    for index, raw in enumerate(template.get('widgets') or []):
        if isinstance(raw, dict) and raw.get('page_id') is not None and str(raw['page_id']) not in MAIN_PAGE_IDS:
            placed.append(raw.get('name') or 'widgets[%d]' % index)
    if not pages and not placed:
        return
    names = [str(page.get('name', page.get('id'))) if isinstance(page, dict) else repr(page) for page in pages or []]
    raise ValidationError('template has %d page(s)%s and %d widget(s) with a page_id (%s): this version cannot represent '
                          'dashboard pages, so it refuses the template rather than drop them'
                          % (len(names), ' (%s)' % ', '.join(names) if names else '', len(placed), ', '.join(placed) or 'none'))


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
    check_template_pages(template)
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
