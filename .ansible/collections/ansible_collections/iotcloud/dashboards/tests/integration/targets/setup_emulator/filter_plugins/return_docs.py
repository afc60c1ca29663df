# -*- coding: utf-8 -*-
# Copyright: (c) 2026, iotcloud.dashboards contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only filter ``return_doc_mismatches(return_doc, result, platform)``: compares a module's RETURN
documentation (the ``return`` section of ``ansible-doc --json``) with a real, successful registered
result and returns the differences as readable strings (an empty list when they agree).

How ``returned`` is read (the strings the four modules use):

- ``always`` and ``success``: the key must be there.
- ``when O(platform=NAME)``: the key must be there for that platform, and not for any other. With a
  further condition (``when O(platform=arduino) and O(include) has V(shares)``) it is optional for
  that platform, and still must not be there for any other.
- any other condition (``when set``, ``when O(include) has V(devices)``, ``when O(state=requested)``,
  ``when O(state) is V(present) or V(absent)``): optional, checked only when present.

Every returned key must be documented, except the keys Ansible adds (``changed``, ``diff``, ...).
``type`` is dict, list, str, int, float or bool (raw and complex take anything); null is allowed only
where the description says V(null) or the sample is null. ``elements`` is checked for every item, and
``contains`` documents the keys of a dict, or of each dict of a list (for type raw as well).

A ``sample`` must have the structure of the real value: a dict sample the same keys, recursively (keys
that ``contains`` documents as optional may be missing on either side); a list sample's first item is
the structure of every real item; scalars the same kind (str, number, bool). Null and an empty sample
container accept anything. A dict documented without ``contains`` whose sample values are all dicts
is a map keyed by data (widgets by name): its keys may differ, and every real entry has the structure
of one of the sample's entries (the one with the same keys, else the first). A sample that shows a
key documented for another platform only is that platform's sample and is not compared with this
platform's results.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from collections.abc import Mapping

# Keys that Ansible, not the module, puts into a registered result.
ANSIBLE_KEYS = frozenset(('changed', 'failed', 'skipped', 'msg', 'invocation', 'diff', 'warnings', 'deprecations',
                          'item', 'ansible_loop_var', 'ansible_index_var', 'attempts'))
TYPES = {'dict': (Mapping,), 'list': (list, tuple), 'str': (str,), 'int': (int,), 'float': (int, float), 'bool': (bool,)}


def expectation(spec, platform):
    """'required', 'optional' or 'never': what the ``returned`` string of spec says for this platform."""
    returned = str(spec.get('returned') or '').strip().lower()
    if returned in ('always', 'success'):
        return 'required'
    platforms = re.findall(r'o\(platform=(\w+)\)', returned)
    if not platforms:
        return 'optional'
    if platform.lower() not in platforms:
        return 'never'
    return 'required' if re.match(r'^when o\(platform=\w+\)$', returned) else 'optional'


def _kind(value):
    for name in ('bool', 'dict', 'list', 'str'):
        if isinstance(value, TYPES[name]):
            return name
    return 'number' if isinstance(value, (int, float)) else type(value).__name__


def _type_problem(spec, value, kind):
    """Why value is not of the documented kind, or None."""
    if value is None:
        description = spec.get('description') or ''
        text = ' '.join(description) if isinstance(description, list) else str(description)
        if 'V(null)' in text or ('sample' in spec and spec['sample'] is None):
            return None
        return 'is null, documented as %s without V(null)' % kind
    types = TYPES.get(kind)
    if types is None or (isinstance(value, types) and (kind == 'bool' or not isinstance(value, bool))):
        return None
    return 'is %s %r, documented as %s' % (_kind(value), value, kind)


def _sample_fits(sample, contains, platform):
    """False when the sample shows a key documented for another platform only."""
    if isinstance(sample, list):
        sample = sample[0] if sample else None
    if not isinstance(sample, Mapping):
        return True
    return all(expectation(contains[key], platform) != 'never' for key in sample if key in contains)


def _compare_sample(sample, value, contains, platform, path, out):
    """Append where the sample's structure differs from the real value's."""
    if sample is None or value is None:
        return
    if _kind(sample) != _kind(value):
        out.append('%s: the sample is a %s, the real value a %s' % (path, _kind(sample), _kind(value)))
    elif isinstance(sample, list) and sample:
        for index, item in enumerate(value):
            _compare_sample(sample[0], item, contains, platform, '%s[%d]' % (path, index), out)
    elif isinstance(sample, Mapping) and sample:
        if not contains and all(isinstance(item, Mapping) for item in sample.values()):
            entries = list(sample.values())
            for key, item in value.items():
                same = [entry for entry in entries if isinstance(item, Mapping) and set(entry) == set(item)]
                _compare_sample((same or entries)[0], item, {}, platform, '%s.%s' % (path, key), out)
            return
        for key in sorted(set(sample) | set(value)):
            spec = contains.get(key) or {}
            if key in sample and key in value:
                _compare_sample(sample[key], value[key], spec.get('contains') or {}, platform, '%s.%s' % (path, key), out)
            elif key not in contains or expectation(spec, platform) == 'required':
                out.append('%s.%s: %s' % (path, key, 'in the sample only' if key in sample else 'missing from the sample'))


def _check_value(spec, value, platform, path, out):
    """Append the problems of one documented value: its type, its elements, its keys and its sample."""
    problem = _type_problem(spec, value, spec.get('type') or 'str')
    if problem:
        out.append('%s: %s' % (path, problem))
        return
    contains = spec.get('contains') or {}
    items = list(enumerate(value)) if isinstance(value, (list, tuple)) else []
    for index, item in items:
        problem = _type_problem({}, item, spec.get('elements') or 'raw')
        if problem:
            out.append('%s[%d]: %s' % (path, index, problem))
        elif contains and isinstance(item, Mapping):
            _check_keys(contains, item, platform, '%s[%d]' % (path, index), out)
    if contains and isinstance(value, Mapping):
        _check_keys(contains, value, platform, path, out)
    if 'sample' in spec and _sample_fits(spec['sample'], contains, platform):
        _compare_sample(spec['sample'], value, contains, platform, path + ' (sample)', out)


def _check_keys(contains, value, platform, path, out, ignore=frozenset()):
    """Append the problems of a dict against the documentation of its keys."""
    prefix = path + '.' if path else ''
    for key in sorted(contains):
        spec = contains[key]
        wanted = expectation(spec, platform)
        if key not in value:
            if wanted == 'required':
                out.append('%s%s: missing, documented as returned %r' % (prefix, key, spec.get('returned')))
        elif wanted == 'never':
            out.append('%s%s: returned for %s, documented as returned %r' % (prefix, key, platform, spec.get('returned')))
        else:
            _check_value(spec, value[key], platform, prefix + key, out)
    for key in sorted(set(value) - set(contains) - set(ignore)):
        if not str(key).startswith('_ansible'):
            out.append('%s%s: returned but not documented' % (prefix, key))


def return_doc_mismatches(return_doc, result, platform='arduino'):
    """The differences between a RETURN doc (``ansible-doc --json`` ``return``) and a successful result."""
    if result.get('failed') or result.get('skipped'):
        return ['the result is not a success: %s' % result.get('msg', 'skipped')]
    out = []
    _check_keys(return_doc or {}, result, platform, '', out, ignore=ANSIBLE_KEYS)
    return out


class FilterModule(object):
    """Compare documented RETURN values with real module results."""

    def filters(self):
        return {'return_doc_mismatches': return_doc_mismatches}
