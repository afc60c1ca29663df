# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The widget types the collection knows, in one place, and the warnings about widgets that the
server takes but that are likely mistakes. Warnings only: the API's type is a free string and new
types appear, so nothing here refuses a widget. Pure; the runners pass the texts to module.warn."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

# Seen in real templates and exports, and named in the web editor's documentation.
WIDGET_TYPES = (
    'Advanced Chart', 'Advanced Map', 'Chart', 'Color', 'Colored Light', 'Dimmed Light', 'Gauge', 'Image',
    'Image Map', 'LED', 'Map', 'Messenger', 'Percentage', 'Push Button', 'Scheduler', 'Slider', 'Status',
    'Stepper', 'Sticky Note', 'Switch', 'Time Picker', 'Value', 'Value Dropdown', 'Value Selector',
)

# Widgets that write to their variable, which a READ_ONLY variable does not allow.
CONTROL_TYPES = (
    'Color', 'Colored Light', 'Dimmed Light', 'Push Button', 'Scheduler', 'Slider', 'Stepper', 'Switch',
    'Time Picker', 'Value Dropdown', 'Value Selector',
)


def _label(widget, index, context):
    return '%swidget %r' % (context, widget.get('name') if widget.get('name') is not None else index)


def type_warnings(widgets, context=''):
    """One warning per widget whose type is not a known one (``Swtich``), naming the known types."""
    warnings = []
    for index, widget in enumerate(widgets or []):
        kind = widget.get('type')
        if kind is not None and kind not in WIDGET_TYPES:
            close = [t for t in WIDGET_TYPES if t.lower() == str(kind).lower()]
            warnings.append('%s: type %r is not a known widget type%s; it is sent as given (known types: %s)'
                            % (_label(widget, index, context), kind,
                               ' (did you mean %r?)' % close[0] if close else '', ', '.join(WIDGET_TYPES)))
    return warnings


def permission_warnings(widgets, things, context=''):
    """One warning per control widget (a Switch, a Slider...) bound to a READ_ONLY variable, which
    it can show but never set. ``widgets`` hold resolved property ids; ``things`` is one listing."""
    read_only = {}
    for thing in things or []:
        for prop in thing.get('properties') or []:
            if str(prop.get('permission') or '').upper() == 'READ_ONLY' and prop.get('id'):
                read_only[prop['id'].lower()] = '%s.%s' % (thing.get('name'), prop.get('variable_name') or prop.get('name'))
    warnings = []
    for index, widget in enumerate(widgets or []):
        if widget.get('type') not in CONTROL_TYPES:
            continue
        bound = sorted(read_only[v.lower()] for v in widget.get('variables') or []
                       if isinstance(v, str) and v.lower() in read_only)
        if bound:
            warnings.append('%s: a %s cannot change the READ_ONLY variable %s; give the variable READ_WRITE '
                            'permission or use a widget that only shows it, such as Value'
                            % (_label(widget, index, context), widget['type'], ', '.join(bound)))
    return warnings


def layout_warnings(raws, context='template '):
    """One warning per template widget without a size: it would become a 0x0 widget at (0,0)."""
    warnings = []
    for index, raw in enumerate(raws or []):
        if not isinstance(raw, dict):
            continue
        missing = [k for k in ('width', 'height') if not raw.get(k)]
        if missing:
            warnings.append('%s: no %s in the template, so it becomes %sx%s at (%s,%s), which the web editor '
                            'may not show; give the layout in the template'
                            % (_label(raw, index, context), ' and '.join(missing), raw.get('width') or 0,
                               raw.get('height') or 0, raw.get('x') or 0, raw.get('y') or 0))
    return warnings
