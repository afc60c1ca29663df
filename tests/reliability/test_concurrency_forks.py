# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The concurrency test of issue 9: 20 local hosts with forks=20 on an empty token cache. Each host
manages its own dashboard (dashboard + dashboard_share); five of them also manage one common dashboard
with the same definition, under a second credential. The emulator's state and request log prove that
nothing is lost or duplicated (20 own dashboards + 1 common one, each exactly as declared), that each
credential made at most one token request, and that a rerun with forks=20 is changed=false on every
host and sends no write.

The docs say "one writer per dashboard": Arduino has no unique names and no conditional create, so
five processes that each find no "Common" would each create one. The common dashboard's tasks
therefore use `throttle: 1`, as the docs recommend: the five hosts take turns, the first creates it,
the four others find it as declared.
"""

import json
import os
import sys

from _playbooks import (
    ACME,
    DEMO_USER,
    TOKEN_PATH,
    Runner,
    module_defaults,
    token_requests,
    writes,
)

HOSTS = [f'host{index:02d}' for index in range(1, 21)]
SHARED_HOSTS = HOSTS[:5]
TEAM_CLIENT, TEAM_SECRET = 'team-client', 'team-secret'
ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
CAROL = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'
TEMPERATURE = 'a1000000-0000-4000-8000-000000000011'
HUMIDITY = 'a1000000-0000-4000-8000-000000000012'
FAN = 'a1000000-0000-4000-8000-000000000013'
OWN_WIDGETS = [{'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 2, 'variables': [TEMPERATURE]}]
COMMON_WIDGETS = [
    {'name': 'Humidity', 'type': 'Chart', 'width': 4, 'height': 2, 'variables': [HUMIDITY]},
    {'name': 'Fan', 'type': 'Switch', 'x': 4, 'width': 2, 'height': 1, 'options': {'showThing': True},
     'variables': [FAN]},
]
SEED = {'clients': [{'client_id': TEAM_CLIENT, 'client_secret': TEAM_SECRET, 'user_id': DEMO_USER,
                     'organizations': [ACME]}]}


def inventory(path):
    lines = ['[fleet]'] + [f'{host} ansible_connection=local' for host in HOSTS]
    lines += ['', '[shared]'] + SHARED_HOSTS + ['', '[fleet:vars]',
                                                f'ansible_python_interpreter={sys.executable}']
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('\n'.join(lines) + '\n')
    return path


def play(url, results):
    team = {'client_id': TEAM_CLIENT, 'client_secret': TEAM_SECRET}
    common = {'name': 'Common', 'widgets': COMMON_WIDGETS}
    return [{
        'name': 'Twenty hosts, one dashboard each, five on a common one',
        'hosts': 'fleet', 'gather_facts': False,
        'module_defaults': module_defaults(url, 'demo-client', 'demo-secret'),
        'tasks': [
            {'name': 'Own dashboard', 'register': 'own',
             'iotcloud.dashboards.dashboard': {'name': 'Own {{ inventory_hostname }}',
                                               'widgets': OWN_WIDGETS}},
            {'name': 'Share the own dashboard', 'register': 'own_share',
             'iotcloud.dashboards.dashboard_share': {'dashboard': 'Own {{ inventory_hostname }}',
                                                     'users': [{'username': 'alice'}]}},
            # one writer per dashboard: the five hosts take turns on the common one
            {'name': 'Common dashboard', 'register': 'common', 'throttle': 1,
             'when': "inventory_hostname in groups['shared']",
             'iotcloud.dashboards.dashboard': dict(common, **team)},
            {'name': 'Share the common dashboard', 'register': 'common_share', 'throttle': 1,
             'when': "inventory_hostname in groups['shared']",
             'iotcloud.dashboards.dashboard_share': dict(team, dashboard='Common',
                                                         users=[{'username': 'bob'}, {'username': 'carol'}])},
            {'name': 'Keep what each task said',
             'ansible.builtin.copy': {
                 'dest': os.path.join(results, '{{ inventory_hostname }}.json'),
                 'content': "{{ {'own': own.changed,"
                            " 'own_share': own_share.changed,"
                            " 'common': common.changed, 'common_skipped': common.skipped | default(false),"
                            " 'common_share': common_share.changed} | to_json }}"}},
        ],
    }]


def said(results):
    out = {}
    for host in HOSTS:
        with open(os.path.join(results, f'{host}.json'), encoding='utf-8') as handle:
            out[host] = json.load(handle)
    return out


def widgets_as_declared(stored, declared):
    """The stored widgets hold what was declared (name, type, layout, options, variables)."""
    assert len(stored) == len(declared)
    by_name = {widget['name']: widget for widget in stored}
    for widget in declared:
        got = by_name[widget['name']]
        assert got['type'].lower() == widget['type'].lower()
        assert (got['x'], got['y'], got['width'], got['height']) == (
            widget.get('x', 0), widget.get('y', 0), widget['width'], widget['height'])
        assert sorted(got['variables']) == sorted(widget['variables'])
        for key, value in widget.get('options', {}).items():
            assert got['options'][key] == value


def test_twenty_forks_lose_nothing_and_duplicate_nothing(iotcloud_emulator, tmp_path):
    """The session's emulator of the package's pytest plugin, with the second credential."""
    emulator = iotcloud_emulator
    emulator.reset(SEED)
    runner = Runner(tmp_path)
    hosts = inventory(str(tmp_path / 'hosts.ini'))
    results = str(tmp_path / 'results')
    os.makedirs(results)
    assert os.listdir(runner.cache) == []  # an empty token cache

    first = runner.play('forks', play(emulator.url, results), inventory=hosts, forks=20)
    assert first.rc == 0, first.stdout[-3000:] + first.stderr[-3000:]
    recap = first.recap()
    assert sorted(recap) == HOSTS and all(counts['failed'] == 0 for counts in recap.values())
    told = said(results)
    assert all(told[host]['own'] and told[host]['own_share'] for host in HOSTS)
    # the turns on the common dashboard: the first creates and shares it, the four others find it so
    assert sorted(told[host]['common'] for host in SHARED_HOSTS) == [False] * 4 + [True]
    assert sorted(told[host]['common_share'] for host in SHARED_HOSTS) == [False] * 4 + [True]
    assert [host for host in HOSTS if not told[host]['common_skipped']] == SHARED_HOSTS

    log = emulator.requests()
    dashboards = [d for d in emulator.snapshot()['dashboards'] if not d.get('soft_deleted')]
    names = sorted(d['name'] for d in dashboards)
    assert names == sorted(['Common'] + [f'Own {host}' for host in HOSTS])  # nothing lost or twice
    for board in dashboards:
        if board['name'] == 'Common':
            widgets_as_declared(board['widgets'], COMMON_WIDGETS)
            assert sorted(board['shared_with']) == [BOB, CAROL]
        else:
            widgets_as_declared(board['widgets'], OWN_WIDGETS)
            assert board['shared_with'] == [ALICE]
        assert board['organization_id'] == ACME
    creates = [e for e in writes(log) if e['method'] == 'POST' and e['path'] == '/iot/v2/dashboards']
    assert len(creates) == 21 and all(e['status'] == 201 for e in creates)
    tokens = token_requests(log)
    per_credential = {}
    for entry in tokens:
        key = (entry['body']['client_id'], entry['organization'])
        per_credential[key] = per_credential.get(key, 0) + 1
    assert per_credential == {('demo-client', ACME): 1, (TEAM_CLIENT, ACME): 1}, per_credential

    # the rerun, forks 20: nothing to do on any host, and not one write
    emulator.clear_requests()
    rerun = runner.play('forks-rerun', play(emulator.url, results), inventory=hosts, forks=20)
    assert rerun.rc == 0, rerun.stdout[-3000:] + rerun.stderr[-3000:]
    told = said(results)
    tasks = ('own', 'own_share', 'common', 'common_share')
    assert not any(told[host][key] for host in HOSTS for key in tasks)
    # only the results file may change: the module tasks report changed=false on every host
    rerun_log = emulator.requests()
    assert writes(rerun_log) == []
    assert [e for e in rerun_log if e['path'] == TOKEN_PATH] == []  # the cached tokens serve
    assert sorted(d['name'] for d in emulator.snapshot()['dashboards']) == names
    print(f'\nconcurrency: {len(HOSTS)} hosts, forks 20, {len(creates)} creates, dashboards {len(names)}, '
          f'token requests {({f"{c}@{o}": n for (c, o), n in per_credential.items()})}, '
          f'rerun: {len(rerun_log)} requests, 0 writes')
