# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secrets sweep of issue 9: every module and the role dashboards_as_code run with
ansible-playbook at -vvvv, with check mode and diff on and off, against an emulator that fails them
(a persistent 500, a 400, a token endpoint) and echoes each request back in its error: the raw body,
the form decoded and as JSON, and every header. Then every form of the client secret, the Qubitro
API key and each token the emulator issued (raw, URL-, form-, JSON-encoded, base64) is looked for in
stdout, stderr, ANSIBLE_LOG_PATH, the token cache and Ansible's temp directories: 0 hits.

The default run is a representative slice (check and diff both off, and both on). With
RELIABILITY_FULL=1 every combination of check mode and diff runs, for every fault.
"""

import os
import re

from _playbooks import (
    ACME,
    DEMO_USER,
    TOKEN_PATH,
    Runner,
    clear_faults_task,
    fault_task,
    module_defaults,
    scan,
    secret_forms,
)

FULL = os.environ.get('RELIABILITY_FULL') == '1'
CLIENT_ID = 'sweep-client'
# !/+=&% a space, a quote, a backslash and non-ASCII: every one of them changes in some encoding
SECRET = 'Sw!/+=&% "q\\é-Ω~s3cr'
API_KEY = 'QB_k!/+=&%"\\é-sweep'
TEMPERATURE = 'a1000000-0000-4000-8000-000000000011'
HUMIDITY = 'a1000000-0000-4000-8000-000000000012'
COMBOS = [(False, False), (True, True)] + ([(True, False), (False, True)] if FULL else [])

WIDGETS = [{'name': 'Temperature', 'type': 'Value', 'width': 2, 'height': 2, 'variables': [TEMPERATURE]}]
# module -> its arguments, and whether it writes (a write fault only bites a module that writes)
ARDUINO_TASKS = {
    'dashboard': {'name': 'Sweep', 'widgets': WIDGETS},
    'dashboard_info': {'name': 'Sweep', 'include': ['shares', 'template', 'spec']},
    'dashboard_share': {'dashboard': 'Sweep', 'users': [{'username': 'alice'}]},
    'widget_link': {'dashboard': 'Sweep', 'widget': 'Temperature', 'variables': [HUMIDITY]},
    'dashboard_sync': {'dashboards': [{'name': 'Sweep set', 'widgets': WIDGETS, 'shares': ['bob']}]},
}
QUBITRO_TASKS = {
    'dashboard': {'name': 'Farm overview'},
    'dashboard_info': {'name': 'Farm overview', 'include': ['devices']},
    'dashboard_share': {'dashboard': 'Farm overview', 'users': [{'email': 'alice@example.com',
                                                                 'role': 'readonly'}]},
}
# fault name -> (rules, task options, the task must fail)
FAULTS = {
    # no fault, and no token cache: every task gets a token of its own, and each is looked for
    'none': ([], {'token_cache': False}, False),
    # a persistent 500 that echoes the request, bearer token included
    'api-500-echo': ([{'path': '^/iot/v2/', 'status': 500, 'count': 1000, 'echo': True}], {}, True),
    # a 400 on every write, with the request (body and headers) in the error
    'write-400-echo': ([{'method': method, 'path': '^/iot/v2/', 'status': 400, 'count': 1000, 'echo': True}
                        for method in ('POST', 'PUT', 'DELETE')], {}, None),
    # the token endpoint answers 400 and repeats the form it got (client_secret in every encoding)
    'token-400-echo': ([{'path': TOKEN_PATH, 'status': 400, 'count': 1000, 'echo': True}],
                       {'token_cache': False}, True),
    # a persistent 500 on the token endpoint, echoing too
    'token-500-echo': ([{'path': TOKEN_PATH, 'status': 500, 'count': 1000, 'echo': True}],
                       {'token_cache': False}, True),
}
# An error message keeps its first 200 characters, so the whole echo shows only the raw form body:
# these echo one part each, so that the decoded form, the form as JSON and the headers (the bearer
# token) come first. The token request is the same in every module: one module is enough for them.
for part in ('form', 'json', 'body'):
    FAULTS[f'token-400-echo-{part}'] = ([{'path': TOKEN_PATH, 'status': 400, 'count': 1000, 'echo': part}],
                                        {'token_cache': False}, True)
FAULTS['api-500-echo-headers'] = ([{'path': '^/iot/v2/', 'status': 500, 'count': 1000, 'echo': 'headers'}],
                                  {}, True)
ONE_MODULE_FAULTS = ('token-400-echo-form', 'token-400-echo-json', 'token-400-echo-body')
QUBITRO_FAULTS = {
    'none': ([], {}, False),
    'api-400-echo': ([{'path': '^/v2/', 'status': 400, 'count': 1000, 'echo': 'headers'}], {}, True),
    'api-500-echo': ([{'path': '^/v2/', 'status': 500, 'count': 1000, 'echo': True}], {}, True),
}
SLICE_FAULTS = ('none', 'api-500-echo-headers', 'write-400-echo', 'token-400-echo') + ONE_MODULE_FAULTS + (
    ('api-500-echo', 'token-500-echo') if FULL else ())

SEED = {
    'clients': [{'client_id': CLIENT_ID, 'client_secret': SECRET, 'user_id': DEMO_USER,
                 'organizations': ['*']}],
    'qubitro': {'api_keys': ['QB_demo', API_KEY]},
}


def task_name(module, fault, check, diff):
    return f'{module} fault={fault} check={check} diff={diff}'


def module_tasks(url, tasks, faults, fault_names, extra_defaults=None):
    """One task per module x fault x combination, each between its fault rules and their removal."""
    out = []
    for fault in fault_names:
        rules, options, _dummy = faults[fault]
        for check, diff in COMBOS:
            for module, args in tasks.items():
                if fault in ONE_MODULE_FAULTS and module != 'dashboard_info':
                    continue
                out.extend(fault_task(url, rule) for rule in rules)
                out.append({'name': task_name(module, fault, check, diff),
                            f'iotcloud.dashboards.{module}': dict(args, **options),
                            'check_mode': check, 'diff': diff, 'ignore_errors': True})
                if rules:
                    out.append(clear_faults_task(url))
    return out


def role_tasks(url, fault_names, cache):
    """The role, on the same faults: it hands its definitions to dashboard_sync. The role takes no
    token_cache option, so the token faults start from an empty cache instead."""
    out = []
    for fault in fault_names:
        rules, options, _dummy = FAULTS[fault]
        for check, diff in COMBOS:
            if options.get('token_cache') is False:
                out.append({'name': 'Empty the token cache',
                            'ansible.builtin.file': {'path': cache, 'state': 'absent'}})
            out.extend(fault_task(url, rule) for rule in rules)
            # include_role takes no check_mode: a block around it does
            include = {'name': task_name('role', fault, check, diff),
                       'ansible.builtin.include_role': {'name': 'iotcloud.dashboards.dashboards_as_code'},
                       'vars': {'dashboards_as_code_dashboards': [{'name': 'Sweep role',
                                                                   'widgets': WIDGETS}]}}
            out.append({'block': [include], 'check_mode': check, 'diff': diff, 'ignore_errors': True})
            if rules:
                out.append(clear_faults_task(url))
    return out


def outcomes(run):
    """{case: failed?} of the module and role tasks, read from the output: a case runs from its
    task's header to the next case (the role's own tasks come in between)."""
    result, current = {}, None
    for line in run.stdout.splitlines():
        match = re.match(r'TASK \[(.*?)\] \*', line)
        if match and ' fault=' in match.group(1):
            current = match.group(1)
            result.setdefault(current, False)
        elif current and line.startswith(('fatal: [', 'failed: [')):
            result[current] = True
    return result


def all_secrets(emu):
    with emu.state.lock:
        tokens = list(emu.state.tokens)
    secrets = {'client_secret': secret_forms(SECRET, CLIENT_ID), 'api_key': secret_forms(API_KEY)}
    for index, token in enumerate(tokens):
        secrets[f'token{index}'] = secret_forms(token)
    return secrets, len(tokens)


def test_the_scan_finds_every_form():
    """The sweep can fail: each form of the secret, planted in a text, is a hit."""
    forms = secret_forms(SECRET, CLIENT_ID)
    assert len(set(forms.values())) >= 10
    for label, form in forms.items():
        hits, _dummy = scan([('planted', f'x {form} y')], {'client_secret': {label: form}})
        assert hits, label
    hits, scanned = scan([('clean', 'Sw!/+=&% "q ******** nothing')], {'client_secret': forms})
    assert hits == [] and scanned > 0


def test_no_form_of_a_secret_or_token_in_any_output(iotcloud_emulator, tmp_path):
    """The session's emulator of the package's pytest plugin, on the seed of the sweep."""
    emulator = iotcloud_emulator
    emulator.reset(SEED)
    url = emulator.url
    runner = Runner(tmp_path)
    arduino = module_defaults(url, CLIENT_ID, SECRET, retries=1, timeout=10)
    qubitro = {'group/iotcloud.dashboards.all': {'platform': 'qubitro', 'api_url': url, 'api_key': API_KEY,
                                                 'retries': 1, 'timeout': 10}}
    head = {'hosts': 'localhost', 'gather_facts': False, 'connection': 'local'}
    setup = [{'name': 'Create the dashboard the other modules work on',
              'iotcloud.dashboards.dashboard': {'name': 'Sweep', 'widgets': WIDGETS}}]
    runs = [runner.play('modules', [
        dict(head, name='Arduino modules', module_defaults=arduino,
             tasks=setup + module_tasks(url, ARDUINO_TASKS, FAULTS, SLICE_FAULTS)),
        dict(head, name='Qubitro modules', module_defaults=qubitro,
             tasks=module_tasks(url, QUBITRO_TASKS, QUBITRO_FAULTS, list(QUBITRO_FAULTS))),
    ], args=['-vvvv'])]
    role_faults = [fault for fault in SLICE_FAULTS if fault not in ONE_MODULE_FAULTS] if FULL else (
        'none', 'token-400-echo')
    # the role, with the credentials from the environment (the modules' fallback) instead of vars
    role_defaults = {'group/iotcloud.dashboards.all': {'api_url': url, 'organization': ACME, 'retries': 1,
                                                       'timeout': 10}}
    role_play = dict(head, name='The role', module_defaults=role_defaults,
                     tasks=role_tasks(url, role_faults, os.path.join(runner.cache, 'iotcloud.dashboards')))
    runs.append(runner.play('role', [role_play], args=['-vvvv'],
                            env={'ARDUINO_CLOUD_CLIENT': CLIENT_ID, 'ARDUINO_CLOUD_SECRET': SECRET}))

    for run in runs:
        assert run.rc == 0, run.stdout[-3000:] + run.stderr[-3000:]
        done = outcomes(run)
        assert done, run.stdout[-2000:]
        for name, failed in done.items():
            fault = name.split(' fault=')[1].split()[0]
            expected = (FAULTS.get(fault) or QUBITRO_FAULTS[fault])[2]
            if expected is not None:
                assert failed == expected, (name, run.stdout[-2000:])

    log = emulator.requests()
    # the faults were met: echoed errors went back, on the API and on the token endpoint
    assert any(e['path'] == TOKEN_PATH and e['status'] == 400 for e in log)
    assert any(e['path'] == TOKEN_PATH and e['status'] == 500 for e in log) or not FULL
    assert any(e['path'].startswith('/iot/v2/') and e['status'] == 500 for e in log)
    assert any(e['method'] in ('POST', 'PUT') and e['status'] == 400 for e in log)
    assert any(e['path'].startswith('/v2/') and e['status'] == 400 for e in log)
    output = ''.join(run.stdout for run in runs)
    assert output.count('echo of ') >= 10  # the echoed requests reached the output, masked
    assert '********' in output

    secrets, tokens = all_secrets(emulator)
    assert tokens >= 2 * len(ARDUINO_TASKS)
    texts = [text for run in runs for text in run.texts()]
    hits, scanned = scan(texts + runner.files(runner.tmp), secrets)
    # the token cache holds tokens by design, never a form of the secret or the key
    cache = {'client_secret': secrets['client_secret'], 'api_key': secrets['api_key']}
    cache_files = runner.files(runner.cache)
    cache_hits, cache_bytes = scan(cache_files, cache)
    assert cache_files, 'the token cache was used'
    tasks = sum(len(outcomes(run)) for run in runs)
    forms = sum(len(set(forms.values())) for forms in secrets.values())
    print(f'\nsecrets sweep: {len(runs)} ansible-playbook runs at -vvvv, {tasks} module/role tasks, '
          f'{len(secrets)} secrets ({tokens} tokens), {forms} forms, {scanned + cache_bytes} bytes scanned, '
          f'leaks found: {len(hits) + len(cache_hits)}')
    assert hits == [] and cache_hits == [], (hits + cache_hits)[:5]
