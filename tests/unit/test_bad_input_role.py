# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input catalogue of the dashboards_as_code role (issue 9): one ansible-playbook run, one
local host per bad input, against an API URL that is a local port counting connections. Every host
must fail with a message naming the variable (or the definition and key), and not one connection
may be opened (no token request either). Skipped where ansible-playbook is not installed. It lives in
tests/unit/ rather than beside the module tests because ansible-test runs those with module_utils only,
and ansible-playbook needs the controller's code."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.fake_cloud import ACME
# The fixture: a local port that counts the connections made to it.
from ansible_collections.iotcloud.dashboards.tests.unit.plugins.modules.test_bad_input_catalogue import listener  # noqa: F401 pylint: disable=unused-import

WIDE = {'name': 'W', 'type': 'Value', 'height': 1}  # no width
# host -> (role variables, words the failure must contain)
ROLE_CASES = {
    'organization-not-uuid': ({'dashboards_as_code_dashboards': [{'name': 'G'}], 'dashboards_as_code_organizations': ['acme']},
                              ['dashboards_as_code_organizations must be distinct organization UUIDs', 'acme']),
    'organizations-twice': ({'dashboards_as_code_dashboards': [{'name': 'G'}],
                             'dashboards_as_code_organizations': [ACME, ACME.upper()]},
                            ['dashboards_as_code_organizations must be distinct']),
    'purge-not-bool': ({'dashboards_as_code_dashboards': [{'name': 'G'}], 'dashboards_as_code_purge': 'maybe'},
                       ["argument 'dashboards_as_code_purge'", 'bool']),
    'dashboards-not-list': ({'dashboards_as_code_dashboards': 5}, ["'dashboards_as_code_dashboards'"]),
    'dir-missing': ({'dashboards_as_code_dir': '/nonexistent/defs'},
                    ['dashboards_as_code_dir /nonexistent/defs is not a directory']),
    'purge-nothing': ({'dashboards_as_code_purge': True}, ['dashboards_as_code_purge with no definitions']),
    'name-twice': ({'dashboards_as_code_dashboards': [{'name': 'G'}, {'name': 'G'}]},
                   ['dashboard "G" is defined in dashboards_as_code_dashboards[0] and dashboards_as_code_dashboards[1]']),
    'no-name': ({'dashboards_as_code_dashboards': [{'widgets': []}]},
                ['dashboards_as_code_dashboards[0]: the definition has no name']),
    'widget-no-width': ({'dashboards_as_code_dashboards': [{'name': 'G', 'widgets': [WIDE]}]},
                        ["dashboards[0] 'G': widgets[0] 'W': width is required"]),
    'definition-unknown-key': ({'dashboards_as_code_dashboards': [{'name': 'G', 'title': 'x'}]},
                               ["dashboards[0] 'G': unknown key title"]),
}
# ansible-core's own check of meta/argument_specs.yml says "Validation of arguments failed:" on a line of
# its own, then one line per error; only those messages may have more than one line.
CORE_ARGSPEC = 'Validation of arguments failed:'


def _ansible_playbook():
    """ansible-playbook of this interpreter's ansible-core (not a wrapper on PATH, which ansible-test
    puts there and which is many times slower), or None where the controller code is missing."""
    try:
        import ansible.cli.playbook  # noqa: F401 pylint: disable=unused-import
    except ImportError:
        return None
    return [sys.executable, '-m', 'ansible.cli.playbook']


def _collections_root():
    """The folder that holds ansible_collections/ (this file is .../ansible_collections/iotcloud/dashboards/tests/unit/)."""
    path = os.path.abspath(__file__)
    return path[:path.rindex(os.sep + 'ansible_collections' + os.sep)]


@pytest.fixture(scope='module')
def role_run(listener, tmp_path_factory):
    under_ansible_test = 'ansible_pytest_collections' in sys.modules  # a pytest plugin of ansible-test
    if under_ansible_test and os.environ.get('IOTCLOUD_ROLE_CATALOGUE') != '1':
        # Under ansible-test every Python process of the playbook loads ansible-core from a fresh copy:
        # 33-47 s here instead of 3-4 s with plain pytest. IOTCLOUD_ROLE_CATALOGUE=1 runs it anyway.
        pytest.skip('slow under ansible-test; run with plain pytest, or set IOTCLOUD_ROLE_CATALOGUE=1')
    playbook = _ansible_playbook()
    if playbook is None:
        pytest.skip('the controller code of ansible-core (ansible.cli) is not importable here')
    work = tmp_path_factory.mktemp('role')
    hosts = dict((name, dict(variables, ansible_connection='local', ansible_python_interpreter=sys.executable))
                 for name, (variables, dummy) in ROLE_CASES.items())
    (work / 'hosts.json').write_text(json.dumps({'all': {'hosts': hosts}}))
    defaults = {'api_url': listener.url, 'client_id': 'demo-client', 'client_secret': 'demo-secret',
                'organization': ACME, 'token_cache': False, 'timeout': 2, 'retries': 0}
    (work / 'play.yml').write_text(json.dumps([{
        'hosts': 'all', 'gather_facts': False,
        'module_defaults': {'group/iotcloud.dashboards.all': defaults},
        'roles': ['iotcloud.dashboards.dashboards_as_code']}]))
    # Only what ansible-playbook needs: ansible-test's own variables (coverage, its injectors) slow it down.
    env = dict((k, v) for k, v in os.environ.items() if k in ('PATH', 'HOME', 'LANG', 'LC_ALL', 'PYTHONPATH', 'TMPDIR'))
    env.update(ANSIBLE_COLLECTIONS_PATH=_collections_root(), ANSIBLE_CALLBACK_RESULT_FORMAT='json',
               ANSIBLE_CALLBACK_FORMAT_PRETTY='false', ANSIBLE_NOCOLOR='1', ANSIBLE_FORKS=str(len(ROLE_CASES)),
               ANSIBLE_DEPRECATION_WARNINGS='false', ANSIBLE_LOCAL_TEMP=str(work / 'tmp'),
               ANSIBLE_HOME=str(work / 'home'))
    before = listener.connections
    proc = subprocess.run(playbook + ['-i', str(work / 'hosts.json'), str(work / 'play.yml')], cwd=str(work), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=120, check=False)
    failures = {}
    for line in proc.stdout.splitlines():
        if line.startswith('fatal: [') and ' => ' in line:
            host = line[len('fatal: ['):line.index(']')]
            failures[host] = json.loads(line.split(' => ', 1)[1])
    return failures, listener.connections - before, proc.stdout


@pytest.mark.parametrize('host', sorted(ROLE_CASES))
def test_role_refuses_bad_input_before_any_request(role_run, host):
    failures, connections, output = role_run
    assert host in failures, 'the role accepted %s:\n%s' % (host, output[-3000:])
    msg = failures[host].get('msg') or ''
    lines = msg.splitlines()
    if lines and lines[0] == CORE_ARGSPEC:
        lines = lines[1:]
    assert len(lines) == 1, 'not one line: %r' % msg
    for expected in ROLE_CASES[host][1]:
        assert expected in lines[0], '%r not in %r' % (expected, msg)
    assert failures[host].get('changed') in (False, None)
    assert connections == 0, 'the role contacted the API'
