# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's metadata agrees with its content."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def _modules():
    folder = os.path.join(ROOT, 'plugins', 'modules')
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith('.py') and name != '__init__.py')


def test_every_module_is_in_the_all_action_group():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    group = runtime['action_groups']['all']
    modules = _modules()
    assert modules, 'no modules found'
    missing = [name for name in modules if name not in group]
    assert missing == [], 'modules missing from action group all: %s' % missing
    unknown = [name for name in group if name not in modules]
    assert unknown == [], 'action group all names modules that do not exist: %s' % unknown


def test_requires_ansible_matches_the_oldest_core_that_make_test_runs():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    with open(os.path.join(ROOT, 'Makefile')) as handle:
        makefile = handle.read()
    floor = runtime['requires_ansible'].lstrip('>=').strip()
    oldest = [line for line in makefile.splitlines() if line.startswith('OLDEST_CORE')]
    assert oldest, 'Makefile has no OLDEST_CORE'
    pinned = oldest[0].split('==')[1].strip()
    assert pinned.split('.')[:2] == floor.split('.')[:2], (
        'requires_ansible %s but make test runs the oldest tests on %s' % (floor, pinned))
