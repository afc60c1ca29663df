#!/usr/bin/env python3
"""make bench: dashboard_sync, a loop of single-module tasks and a plain ansible.builtin.uri playbook,
side by side against the local emulator, on the same scenarios.

    .venv/bin/python bench/bench.py [--quick] [--sizes 10,100,500] [--repeats 3] [--port 0]
                                    [--out bench/results] [--ways sync,loop,uri]

It prints a table and writes bench/results/bench.json (every figure) and bench/results/bench.png
(bench/plot.py, run in the bench venv of hacking/venvs/bench.txt, draws it). Requests are counted from
the emulator's request log (GET /_emulator/requests), which is deterministic; wall times are the
median of the repeats and are never asserted by a test (bench/test_counts.py asserts the counts).
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORG = '11111111-1111-4111-8111-111111111111'
PROPS = {  # the default seed's Acme greenhouse
    'temperature': 'a1000000-0000-4000-8000-000000000011',
    'humidity': 'a1000000-0000-4000-8000-000000000012',
    'fan': 'a1000000-0000-4000-8000-000000000013',
}
USERS = ['alice', 'bob', 'carol']
SCENARIOS = ['first', 'nochange', 'dashboard_changed', 'share_changed']
WAYS = ['sync', 'role', 'loop', 'uri']
PREFIX = 'bench-'


# -- the definitions ------------------------------------------------------------------------------

def definitions(n, scenario):
    """N dashboards of 6 widgets and 3 shares; the later scenarios change one widget or one share."""
    result = []
    for i in range(n):
        widgets = []
        for j in range(6):
            variable = ('temperature', 'fan', 'humidity')[j % 3]
            widgets.append({'name': 'W%d' % j, 'type': 'Switch' if variable == 'fan' else 'Value',
                            'x': (j % 3) * 2, 'y': (j // 3) * 2, 'width': 2, 'height': 2,
                            'variables': [{'thing': 'greenhouse', 'variable': variable}]})
        shares = list(USERS)
        if scenario in ('dashboard_changed', 'share_changed') and i == 0:  # the scenarios add up
            widgets[0]['name'] = 'W0 changed'
        if scenario == 'share_changed' and i == min(1, n - 1):
            shares = USERS[:2]
        result.append({'name': '%s%03d' % (PREFIX, i), 'widgets': widgets, 'shares': shares})
    return result


def wire(defs):
    """The same definitions as the uri baseline holds them: property ids written in, widget ids fixed."""
    out = []
    for d in defs:
        widgets = []
        for w in d['widgets']:
            widgets.append(dict([(k, w[k]) for k in ('name', 'type', 'x', 'y', 'width', 'height')],
                                id=str(uuid.uuid5(uuid.NAMESPACE_URL, d['name'] + '/' + w['name'])),
                                options={}, variables=[PROPS[v['variable']] for v in w['variables']]))
        out.append({'name': d['name'], 'body': {'name': d['name'], 'widgets': widgets},
                    'shares': sorted(d['shares']),
                    'compare': [dict((k, w[k]) for k in ('name', 'type', 'x', 'y', 'width', 'height',
                                                         'variables')) for w in widgets]})
    return out


# -- the playbooks --------------------------------------------------------------------------------

PLAY_HEAD = """- hosts: localhost
  gather_facts: false
  module_defaults:
    group/iotcloud.dashboards.all:
      api_url: "{{ url }}"
      client_id: demo-client
      client_secret: demo-secret
      organization: %s
%s  tasks:
""" % (ORG, '%s')

PLAYBOOKS = {
    'sync': PLAY_HEAD % '' + """    - name: The whole set in one task
      iotcloud.dashboards.dashboard_sync:
        dashboards: "{{ defs }}"
""",
    'role': PLAY_HEAD % '' + """    - name: The whole set through the role
      ansible.builtin.include_role:
        name: iotcloud.dashboards.dashboards_as_code
      vars:
        dashboards_as_code_dashboards: "{{ defs }}"
""",
    'loop': PLAY_HEAD % '' + """    - name: One dashboard task per dashboard
      iotcloud.dashboards.dashboard:
        name: "{{ item.name }}"
        widgets: "{{ item.widgets }}"
      loop: "{{ defs }}"
      loop_control: {label: "{{ item.name }}"}
    - name: One share task per dashboard
      iotcloud.dashboards.dashboard_share:
        dashboard: "{{ item.name }}"
        users: "{{ item.shares | map('ansible.builtin.regex_replace', '^(.*)$', '{\\"username\\": \\"\\\\1\\"}') | map('ansible.builtin.from_json') | list }}"
        exclusive: true
      loop: "{{ defs }}"
      loop_control: {label: "{{ item.name }}"}
""",
    # What a user without the collection writes: a token, one listing, a comparison in Jinja, then a
    # write per dashboard that differs (property ids are written into the definitions by hand).
    'uri': """- hosts: localhost
  gather_facts: false
  vars:
    api: "{{ url }}/iot"
    headers:
      Authorization: "Bearer {{ token.json.access_token }}"
      X-Organization: %s
  tasks:
    - name: Token
      ansible.builtin.uri:
        url: "{{ api }}/v1/clients/token"
        method: POST
        body_format: form-urlencoded
        body: {grant_type: client_credentials, client_id: demo-client, client_secret: demo-secret,
               audience: "https://api2.arduino.cc/iot", organization_id: %s}
      register: token
      no_log: true
    - name: List the dashboards
      ansible.builtin.uri: {url: "{{ api }}/v2/dashboards", headers: "{{ headers }}"}
      register: listing
    - name: Compare
      ansible.builtin.set_fact:
        current: >-
          {%% set ns = namespace(out={}) %%}{%% for d in listing.json %%}{%% set ns.out = ns.out | combine({d.name:
          {'id': d.id, 'shares': d.shared_with | map(attribute='username') | sort | list,
           'compare': d.widgets | map('ansible.builtin.dict2items')
             | map('selectattr', 'key', 'in', ['name', 'type', 'x', 'y', 'width', 'height', 'variables'])
             | map('ansible.builtin.items2dict') | list}}) %%}{%% endfor %%}{{ ns.out }}
    - name: Create the missing dashboards
      ansible.builtin.uri:
        url: "{{ api }}/v2/dashboards"
        method: POST
        headers: "{{ headers }}"
        body_format: json
        body: "{{ item.body }}"
        status_code: 201
      loop: "{{ defs | rejectattr('name', 'in', current) | list }}"
      loop_control: {label: "{{ item.name }}"}
      register: created
    - name: Update the dashboards that differ
      ansible.builtin.uri:
        url: "{{ api }}/v2/dashboards/{{ current[item.name].id }}"
        method: PUT
        headers: "{{ headers }}"
        body_format: json
        body: "{{ item.body }}"
      loop: "{{ defs | selectattr('name', 'in', current) | list }}"
      loop_control: {label: "{{ item.name }}"}
      when: >-
        current[item.name].compare | map('combine', {'variables': []}) | list != item.compare | map('combine', {'variables': []}) | list
            or current[item.name].compare | map(attribute='variables') | map('map', attribute='id') | map('list') | list
               != item.compare | map(attribute='variables') | list
    - name: Share the dashboards that miss users
      ansible.builtin.uri:
        url: "{{ api }}/v2/dashboards/{{ current[item.name].id if item.name in current else
                 (created.results | selectattr('item.name', 'equalto', item.name) | first).json.id }}/shares"
        method: PUT
        headers: "{{ headers }}"
        body_format: json
        body: {users: "{{ item.shares | difference(current[item.name].shares | default([]))
                          | map('regex_replace', '^(.*)$', '{\\"username\\": \\"\\\\1\\"}') | map('from_json') | list }}"}
      loop: "{{ defs }}"
      loop_control: {label: "{{ item.name }}"}
      when: item.shares | difference(current[item.name].shares | default([])) | length > 0
    - name: Unshare the users that are too many
      ansible.builtin.uri:
        url: "{{ api }}/v2/dashboards/{{ current[item.0.name].id }}/shares/{{ item.1.user_id }}"
        method: DELETE
        headers: "{{ headers }}"
      loop: "{{ defs | selectattr('name', 'in', current) | list | subelements('extra', skip_missing=true) }}"
      loop_control: {label: "{{ item.0.name }} {{ item.1.username }}"}
""" % (ORG, ORG),
    # A trivial module task, and a no-change dashboard task, M times each (the per-task cost).
    'stat': """- hosts: localhost
  gather_facts: false
  tasks:
    - name: A trivial module
      ansible.builtin.stat: {path: /}
      loop: "{{ range(m) | list }}"
""",
    'dashboard': PLAY_HEAD % '' + """    - name: A no-change dashboard task
      iotcloud.dashboards.dashboard:
        name: "{{ defs[0].name }}"
        widgets: "{{ defs[0].widgets }}"
      loop: "{{ range(m) | list }}"
""",
    # forks: one no-change dashboard task on each of H hosts (rate limits and the token cache).
    'forks': PLAY_HEAD.replace('hosts: localhost', 'hosts: bench') % '' + """    - name: One dashboard per host
      iotcloud.dashboards.dashboard:
        name: "{{ defs[host_index | int].name }}"
        widgets: "{{ defs[host_index | int].widgets }}"
        rate_limit: "{{ rate | default(omit) }}"
        retries: 6
""",
}


# -- the runner -----------------------------------------------------------------------------------

class Bench:
    def __init__(self, port, work, ansible_playbook):
        from iotcloud_emulator import start_emulator
        self.emu = start_emulator(port=port)
        self.url = self.emu.url
        self.work = work
        self.ansible_playbook = ansible_playbook
        colls = os.path.join(work, 'collections', 'ansible_collections', 'iotcloud')
        os.makedirs(colls)
        os.symlink(ROOT, os.path.join(colls, 'dashboards'))
        for name, text in PLAYBOOKS.items():
            with open(os.path.join(work, name + '.yml'), 'w') as handle:
                handle.write(text)
        self.cache = os.path.join(work, 'cache')

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req) as resp:
            text = resp.read()
        return json.loads(text) if text.strip() else None

    def reset(self, seed=None, clear_tokens=True):
        self.control('POST', '/_emulator/reset', seed or {})
        if clear_tokens:
            shutil.rmtree(self.cache, ignore_errors=True)

    def play(self, name, extra, inventory='localhost,', forks=5):
        """Run one playbook: ``(wall seconds, peak RSS MiB, rc, output tail)``."""
        varfile = os.path.join(self.work, 'vars.json')
        with open(varfile, 'w') as handle:
            json.dump(dict(extra, url=self.url), handle)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(self.work, 'collections'),
                   XDG_CACHE_HOME=self.cache, ANSIBLE_FORKS=str(forks), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_HOST_KEY_CHECKING='0', ANSIBLE_LOCALHOST_WARNING='0',
                   ANSIBLE_INVENTORY_UNPARSED_WARNING='0', ANSIBLE_DEPRECATION_WARNINGS='0',
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        cmd = [self.ansible_playbook, '-i', inventory, '-c', 'local', os.path.join(self.work, name + '.yml'),
               '-e', '@' + varfile]
        out = tempfile.TemporaryFile()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=self.work)
        dummy, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode('utf-8', 'replace')
        return wall, usage.ru_maxrss / 1024.0, proc.returncode, text

    def requests(self):
        log = self.control('GET', '/_emulator/requests')
        self.control('DELETE', '/_emulator/requests')
        return log


def kind(entry):
    path = entry['path']
    if path.endswith('/clients/token'):
        return 'token'
    if path.startswith('/iot/v2/things'):
        return 'GET things'
    parts = path.split('/')
    if path.rstrip('/').endswith('/shares') or '/shares/' in path:
        return '%s share' % entry['method']
    if len(parts) == 4:
        return '%s list' % entry['method'] if entry['method'] == 'GET' else '%s dashboard' % entry['method']
    return '%s dashboard' % entry['method']


def summarize(log):
    kinds = {}
    for entry in log:
        if entry['platform'] == 'emulator':
            continue
        key = kind(entry)
        kinds[key] = kinds.get(key, 0) + 1
    api = [e for e in log if e['platform'] != 'emulator']
    return {'requests': len(api), 'kinds': kinds,
            'token_requests': kinds.get('token', 0),
            'status_429': sum(1 for e in api if e['status'] == 429)}


def minimum(n, scenario):
    """The least the API allows: a token, one listing (and the things when the definitions name
    variables by thing and name; a uri user who writes ids in skips it), then one write per change.
    First apply: a POST per dashboard, and a PUT of its shares (the create takes no shares)."""
    base = 2
    return base + {'first': 2 * n, 'nochange': 0, 'dashboard_changed': 1, 'share_changed': 1}[scenario]


def count_failed(text):
    total = 0
    for line in text.splitlines():
        if 'failed=' in line and ':' in line and 'ok=' in line:
            total += int(line.split('failed=')[1].split()[0])
    return total


def run_way(bench, way, n, repeats, results):
    """The four scenarios of ``way`` at size ``n``, ``repeats`` times from an empty emulator."""
    for rep in range(repeats):
        bench.reset()
        bench.requests()
        for scenario in SCENARIOS:
            defs = definitions(n, scenario)
            if way == 'uri':
                extra = {'defs': wire(defs)}
                if scenario == 'share_changed':
                    extra['defs'][min(1, n - 1)]['extra'] = [
                        {'username': 'carol', 'user_id': 'cccccccc-cccc-4ccc-8ccc-cccccccccccc'}]
            else:
                extra = {'defs': defs}
            wall, rss, rc, text = bench.play(way, extra)
            summary = summarize(bench.requests())
            cell = results.setdefault('%s/%d/%s' % (way, n, scenario), dict(
                way=way, n=n, scenario=scenario, walls=[], rss=[], minimum=minimum(n, scenario)))
            cell['walls'].append(round(wall, 3))
            cell['rss'].append(round(rss, 1))
            cell.update(summary, rc=rc, failed=count_failed(text))
            if rc != 0:
                cell['error'] = text[-3000:]
                print(text[-3000:], file=sys.stderr)
            cell['wall'] = round(statistics.median(cell['walls']), 3)
            cell['peak_rss_mib'] = max(cell['rss'])
            cell['ratio'] = round(cell['requests'] / float(cell['minimum']), 2)
            print('  %-5s N=%-4d %-17s %6.1f s %5d requests (min %d) rc=%d'
                  % (way, n, scenario, wall, summary['requests'], cell['minimum'], rc), flush=True)


def run_task_cost(bench, m, results):
    """The per-task wall of a no-change dashboard task against ansible.builtin.stat, same run."""
    bench.reset()
    defs = definitions(1, 'first')
    bench.play('sync', {'defs': defs})
    bench.requests()
    walls = {}
    for name, count in (('stat', 0), ('stat', m), ('dashboard', 0), ('dashboard', m)):
        key = '%s/%d' % (name, count)
        walls[key] = bench.play(name, {'m': count, 'defs': defs})[0]
    dashboard_log = summarize(bench.requests())
    stat_task = (walls['stat/%d' % m] - walls['stat/0']) / m
    dash_task = (walls['dashboard/%d' % m] - walls['dashboard/0']) / m
    results['task_cost'] = {'tasks': m, 'stat_task_s': round(stat_task, 4),
                            'dashboard_task_s': round(dash_task, 4),
                            'ratio': round(dash_task / stat_task, 2) if stat_task > 0 else None,
                            'dashboard_requests': dashboard_log['requests'], 'walls': walls}
    print('  per task: stat %.3f s, no-change dashboard %.3f s (%.2fx), %d requests for %d tasks'
          % (stat_task, dash_task, results['task_cost']['ratio'] or 0, dashboard_log['requests'], m))


def run_forks(bench, hosts, results):
    """H hosts, forks 10, one no-change dashboard task each, with an empty token cache: under no
    limit (tokens), under 1 request/s with rate_limit: 1, and under 1 request/s without it."""
    inventory = os.path.join(bench.work, 'hosts.ini')
    with open(inventory, 'w') as handle:
        handle.write('[bench]\n')
        for i in range(hosts):
            handle.write('h%02d ansible_connection=local host_index=%d\n' % (i, i))
    defs = definitions(hosts, 'first')
    for label, seed, rate in (('forks_unlimited', {}, None),
                              ('forks_1rps_rate_limit', {'rate_limit': {'per_second': 1, 'retry_after': 1}}, 1),
                              ('forks_1rps_no_rate_limit', {'rate_limit': {'per_second': 1, 'retry_after': 1}}, None)):
        bench.reset()
        bench.play('sync', {'defs': defs})
        bench.reset(seed)
        bench.requests()
        extra = {'defs': defs}
        if rate:
            extra['rate'] = rate
        wall, rss, rc, text = bench.play('forks', extra, inventory=inventory, forks=10)
        summary = summarize(bench.requests())
        api = summary['requests'] - summary['token_requests']   # the token endpoint is not limited
        cell = dict(summary, hosts=hosts, forks=10, wall=round(wall, 2), rc=rc, failed=count_failed(text),
                    limited_requests=api, wall_over_requests_per_limit=round(wall / api, 2) if seed and api else None)
        results[label] = cell
        print('  %-25s %5.1f s %3d requests (%d token, %d 429) failed=%d'
              % (label, wall, summary['requests'], summary['token_requests'], summary['status_429'], cell['failed']))


def table(results, sizes, ways):
    lines = ['| way | N | scenario | wall s | requests | least | ratio | by kind | tokens | 429 | peak MiB |',
             '|---|---|---|---|---|---|---|---|---|---|---|']
    for n in sizes:
        for scenario in SCENARIOS:
            for way in ways:
                cell = results.get('%s/%d/%s' % (way, n, scenario))
                if cell is None:
                    continue
                kinds = ', '.join('%s %d' % kv for kv in sorted(cell['kinds'].items()))
                lines.append('| %s | %d | %s | %.1f | %d | %d | %.1f | %s | %d | %d | %.0f |%s' % (
                    way, n, scenario, cell['wall'], cell['requests'], cell['minimum'], cell['ratio'], kinds,
                    cell['token_requests'], cell['status_429'], cell['peak_rss_mib'],
                    ' FAILED rc=%d' % cell['rc'] if cell['rc'] else ''))
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='N=10 and 100, one repeat, no forks cells')
    parser.add_argument('--sizes', default=None)
    parser.add_argument('--repeats', type=int, default=None)
    parser.add_argument('--ways', default=','.join(WAYS))
    parser.add_argument('--port', type=int, default=int(os.environ.get('BENCH_PORT', '0')))
    parser.add_argument('--out', default=os.path.join(ROOT, 'bench', 'results'))
    parser.add_argument('--loop-max', type=int, default=None,
                        help='largest N for the loop way (its time grows with N tasks)')
    parser.add_argument('--no-extras', action='store_true', help='skip the task-cost and forks runs')
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ('10,100' if args.quick else '10,100,500')).split(',')]
    repeats = args.repeats or (1 if args.quick else 3)
    ways = args.ways.split(',')
    loop_max = args.loop_max if args.loop_max is not None else (10 if args.quick else 100)
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    work = tempfile.mkdtemp(prefix='iotcloud-bench-')
    results = {'sizes': sizes, 'repeats': repeats, 'ways': ways, 'loop_max': loop_max,
               'started': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
               'command': ' '.join(['bench/bench.py'] + (argv if argv is not None else sys.argv[1:]))}
    start = time.monotonic()
    bench = Bench(args.port, work, ansible_playbook)
    try:
        for n in sizes:
            for way in ways:
                if way == 'loop' and n > loop_max:
                    print('  loop  N=%-4d skipped (--loop-max %d)' % (n, loop_max))
                    continue
                run_way(bench, way, n, repeats, results)
        if not args.no_extras:
            run_task_cost(bench, 10 if args.quick else 30, results)
            if args.quick:
                # the three forks cells take about 110 s, most of it waiting for a 1 request/s limit
                print('  forks cells: only in a full run (--quick keeps under 3 minutes)')
            else:
                run_forks(bench, 10, results)
    finally:
        bench.emu.stop()
        shutil.rmtree(work, ignore_errors=True)
    results['seconds'] = round(time.monotonic() - start, 1)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'bench.json'), 'w') as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    text = table(results, sizes, ways)
    with open(os.path.join(args.out, 'table.md'), 'w') as handle:
        handle.write(text + '\n')
    print(text)
    print('bench: %.0f s; figures in %s' % (results['seconds'], args.out))
    failed = [k for k, v in results.items() if isinstance(v, dict) and v.get('rc')]
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
