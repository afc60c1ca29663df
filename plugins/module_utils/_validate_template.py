# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of a loaded template and of O(thing_map), checked before _templates.py reads them, so that
a value of the wrong type (a list where a name goes, text where options go) is one line naming the
widget and the key, not a traceback. Pure, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import ValidationError


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
    if not _text(raw.get('type')):
        raise ValidationError('%s: type is required and must be a non-empty string, got %r' % (where, raw.get('type')))
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
    """Raise ValidationError for the first value of a wrong type in a loaded template (a dict).
    Missing keys are left to _templates.py, which knows their defaults."""
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
