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


def _makefile_variable(makefile, name):
    lines = [line for line in makefile.splitlines() if line.split(':=')[0].strip() == name]
    assert lines, 'Makefile sets no %s' % name
    return lines[0].split(':=', 1)[1].strip()


def test_requires_ansible_matches_the_oldest_core_that_make_test_runs():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    with open(os.path.join(ROOT, 'Makefile')) as handle:
        makefile = handle.read()
    with open(os.path.join(ROOT, 'requirements-dev.txt')) as handle:
        pins = [line.split('==')[1].strip() for line in handle if line.startswith('ansible-core==')]
    floor = runtime['requires_ansible']
    assert floor.startswith('>='), 'requires_ansible %s has no >= floor' % floor
    floor = floor[2:].strip().split('.')
    oldest = _makefile_variable(makefile, 'OLDEST_CORE')
    cores = _makefile_variable(makefile, 'CORES').split()
    assert floor[:2] == oldest.split('.'), (
        'requires_ansible %s but the Makefile\'s oldest core is %s' % (runtime['requires_ansible'], oldest))
    assert floor[2:] in ([], ['0']), 'requires_ansible %s names a patch release' % runtime['requires_ansible']
    assert cores[0] == oldest, 'CORES %s does not start with OLDEST_CORE %s' % (cores, oldest)
    # .venv (requirements-dev.txt) is where make test runs the oldest core.
    assert len(pins) == 1 and pins[0].split('.')[:2] == oldest.split('.'), (
        'requirements-dev.txt pins ansible-core %s, but the oldest core is %s' % (pins, oldest))


def _documentation(module):
    """The DOCUMENTATION YAML of a module file, read without importing it."""
    import ast
    with open(os.path.join(ROOT, 'plugins', 'modules', module + '.py')) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == ['DOCUMENTATION']:
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no DOCUMENTATION' % module)


def test_every_module_of_the_all_group_documents_its_membership():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        group = yaml.safe_load(handle)['action_groups']['all']
    fragment = 'iotcloud.dashboards.attributes.action_group'
    missing = [name for name in group if fragment not in _documentation(name).get('extends_documentation_fragment', [])]
    assert missing == [], 'modules of action group all without %s: %s' % (fragment, missing)
