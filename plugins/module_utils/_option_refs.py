# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property references inside widget ``options``: Advanced Chart keys its ``aggregation``,
``format`` and ``axes`` settings by property, and Image Map names one in each
``markersSettings[].property``. On the server they are property UUIDs; in templates (and in the
definitions M(dashboard_info) exports) they are ``thing:variable`` references, as arduino-cloud-cli
writes them. This module finds and rewrites them in either direction. Pure functions, no requests."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

from ansible_collections.iotcloud.dashboards.plugins.module_utils._errors import is_uuid

# widget type -> option keys whose mappings are keyed by property (their keys are references)
KEYED_BY_PROPERTY = {'Advanced Chart': ('aggregation', 'format', 'axes')}
# widget type -> option keys holding a list of objects with a ``property`` reference
PROPERTY_LISTS = {'Image Map': ('markersSettings',)}
PROPERTY_FIELD = 'property'


def parse_reference(text):
    """``thing:variable`` -> (thing, variable); a variable name has no colon, so the last one splits.
    None for anything else (a UUID, a plain word)."""
    if not isinstance(text, str) or is_uuid(text) or ':' not in text:
        return None
    thing, variable = text.rsplit(':', 1)
    if not thing or not variable:
        return None
    return thing, variable


def _rewrite(widget_type, options, change):
    """A copy of ``options`` with every property slot passed through ``change(value, where)``."""
    result = copy.deepcopy(options) if isinstance(options, dict) else {}
    for key in KEYED_BY_PROPERTY.get(widget_type, ()):
        if isinstance(result.get(key), dict):
            result[key] = dict((change(k, 'options.%s' % key), v) for k, v in result[key].items())
    for key in PROPERTY_LISTS.get(widget_type, ()):
        if isinstance(result.get(key), list):
            for index, item in enumerate(result[key]):
                if isinstance(item, dict) and isinstance(item.get(PROPERTY_FIELD), str):
                    item[PROPERTY_FIELD] = change(item[PROPERTY_FIELD], 'options.%s[%d].property' % (key, index))
    return result


def references(widget_type, options):
    """The distinct ``(thing, variable)`` references in a widget's options, sorted."""
    found = set()

    def collect(value, unused_where):
        ref = parse_reference(value)
        if ref is not None:
            found.add(ref)
        return value
    _rewrite(widget_type, options, collect)
    return sorted(found)


def property_ids(widget_type, options):
    """The property UUIDs (lower case) that a widget's options name."""
    found = set()

    def collect(value, unused_where):
        if is_uuid(value):
            found.add(value.lower())
        return value
    _rewrite(widget_type, options, collect)
    return found


def to_ids(widget_type, options, resolve):
    """``thing:variable`` references -> property UUIDs through ``resolve(thing, variable, where)``
    (which raises for an unknown one); UUIDs are written lower case, anything else is kept."""
    def change(value, where):
        ref = parse_reference(value)
        if ref is not None:
            return resolve(ref[0], ref[1], where)
        return value.lower() if is_uuid(value) else value
    return _rewrite(widget_type, options, change)


def to_references(widget_type, options, refs):
    """Property UUIDs -> ``thing:variable`` through ``refs`` (property id -> {thing, variable});
    a UUID that ``refs`` does not know stays as it is."""
    def change(value, unused_where):
        ref = refs.get(value.lower()) if is_uuid(value) else None
        return '%s:%s' % (ref['thing'], ref['variable']) if ref else value
    return _rewrite(widget_type, options, change)


def remap(widget_type, options, id_map):
    """Property UUIDs moved through ``id_map`` (old id -> new id, lower case), e.g. for a clone onto
    other things; others are kept."""
    def change(value, unused_where):
        return id_map.get(value.lower(), value) if is_uuid(value) else value
    return _rewrite(widget_type, options, change)


def map_things(widget_type, options, thing_map):
    """``placeholder:variable`` references with the placeholder replaced through ``thing_map`` (a
    template's thing placeholders)."""
    def change(value, unused_where):
        ref = parse_reference(value)
        if ref is not None and ref[0] in thing_map:
            return '%s:%s' % (thing_map[ref[0]], ref[1])
        return value
    return _rewrite(widget_type, options, change)
