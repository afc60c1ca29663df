# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real ansible-playbook runs against an in-process emulator, for the secrets sweep and the
concurrency test: a collections path that points at this checkout, a private cache, log and temp
directory per runner, plays written as JSON (valid YAML, so awkward strings need no YAML quoting),
and a scanner that looks for every encoded form of a secret in what a run left behind."""


import base64
import json
import os
import re
import subprocess
import sys
from urllib.parse import quote, quote_plus, urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
TOKEN_PATH = '/iot/v1/clients/token'
ACME = '11111111-1111-4111-8111-111111111111'
DEMO_USER = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd'
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')


class Run:
    """One ansible-playbook run: its exit code, output and the text of its log file."""

    def __init__(self, name, rc, stdout, stderr, log):
        self.name = name
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.log = log

    def texts(self):
        """(label, text) of everything the run printed or logged."""
        return [(f'{self.name} stdout', self.stdout), (f'{self.name} stderr', self.stderr),
                (f'{self.name} ANSIBLE_LOG_PATH', self.log)]

    def recap(self):
        """{host: {ok, changed, failed, ...}} from the PLAY RECAP."""
        hosts = {}
        in_recap = False
        for line in self.stdout.splitlines():
            if line.startswith('PLAY RECAP'):
                in_recap = True
                continue
            if in_recap and ':' in line and '=' in line:
                host, _dummy, counts = line.partition(':')
                pairs = (item.split('=') for item in counts.split())
                hosts[host.strip()] = {key: int(value) for key, value in pairs}
        return hosts


class Runner:
    """ansible-playbook with this checkout as iotcloud.dashboards, in a directory of its own:
    XDG_CACHE_HOME (the token cache), ANSIBLE_LOG_PATH and Ansible's temp directories live there."""

    def __init__(self, work):
        self.work = str(work)
        self.collections = os.path.join(self.work, 'collections')
        link = os.path.join(self.collections, 'ansible_collections', 'iotcloud', 'dashboards')
        if not os.path.islink(link):
            os.makedirs(os.path.dirname(link))
            os.symlink(ROOT, link)
        self.cache = os.path.join(self.work, 'cache')
        self.log_path = os.path.join(self.work, 'ansible.log')
        self.tmp = os.path.join(self.work, 'ansible-tmp')
        for path in (self.cache, self.tmp):
            os.makedirs(path, exist_ok=True)
        # an empty configuration, so that no ansible.cfg of the machine or the current directory applies
        self.config = os.path.join(self.work, 'ansible.cfg')
        with open(self.config, 'w', encoding='utf-8') as handle:
            handle.write('[defaults]\n')
        self.count = 0

    def play(self, name, plays, inventory='localhost,', forks=5, args=(), env=None, timeout=600):
        """Write ``plays`` (a list of plays) and run them; returns a Run."""
        self.count += 1
        path = os.path.join(self.work, f'{self.count:02d}-{name}.yml')
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(plays, handle, ensure_ascii=False, indent=1)
        environ = dict(os.environ)
        for key in list(environ):
            if key.startswith(('ANSIBLE_', 'ARDUINO_CLOUD_', 'QUBITRO_', 'IOT_API')):
                del environ[key]
        environ.update(ANSIBLE_COLLECTIONS_PATH=self.collections, XDG_CACHE_HOME=self.cache,
                       ANSIBLE_LOG_PATH=self.log_path, ANSIBLE_LOCAL_TEMP=self.tmp,
                       ANSIBLE_REMOTE_TMP=os.path.join(self.tmp, 'remote'), ANSIBLE_FORKS=str(forks),
                       ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
                       ANSIBLE_HOST_KEY_CHECKING='0', ANSIBLE_CONFIG=self.config, PYTHONIOENCODING='utf-8',
                       ANSIBLE_PYTHON_INTERPRETER=sys.executable, LC_ALL='C.UTF-8')
        environ.update(env or {})
        before = _size(self.log_path)
        proc = subprocess.run([ANSIBLE_PLAYBOOK, '-i', inventory, path] + list(args), env=environ,
                              cwd=self.work, capture_output=True, timeout=timeout, check=False)
        log = ''
        if os.path.exists(self.log_path):
            with open(self.log_path, 'rb') as handle:
                handle.seek(before)
                log = handle.read().decode('utf-8', 'replace')
        return Run(name, proc.returncode, proc.stdout.decode('utf-8', 'replace'),
                   proc.stderr.decode('utf-8', 'replace'), log)

    def files(self, top):
        """(path, text) of every file under ``top`` (the token cache, Ansible's temp files)."""
        found = []
        for dirpath, _dirs, names in os.walk(top):
            for name in names:
                path = os.path.join(dirpath, name)
                if os.path.islink(path):
                    continue
                with open(path, 'rb') as handle:
                    found.append((path, handle.read().decode('utf-8', 'replace')))
        return found


def _size(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


def secret_forms(secret, client_id=None):
    """Every way a secret may show up in text: raw, URL-encoded (quote with and without '/' safe,
    quote_plus), form-encoded (as a field of a form), JSON-escaped (with and without ensure_ascii,
    with the solidus escaped or not) and base64 (standard and URL-safe, alone and as HTTP Basic
    credentials with ``client_id``). {label: form}; written here on its own, not taken from the
    collection, so that the sweep does not share a blind spot with the code it checks."""
    forms = {
        'raw': secret,
        'quote': quote(secret),
        'quote-nosafe': quote(secret, safe=''),
        'quote_plus': quote_plus(secret),
        'form-encoded': urlencode({'client_secret': secret}).partition('=')[2],
        'json-ascii': json.dumps(secret)[1:-1],
        'json-utf8': json.dumps(secret, ensure_ascii=False)[1:-1],
        'json-ascii-solidus': json.dumps(secret)[1:-1].replace('/', '\\/'),
        'base64': base64.b64encode(secret.encode('utf-8')).decode('ascii'),
        'base64-urlsafe': base64.urlsafe_b64encode(secret.encode('utf-8')).decode('ascii'),
    }
    if client_id is not None:
        basic = (f'{client_id}:{secret}').encode()
        forms['basic'] = base64.b64encode(basic).decode('ascii')
        forms['basic-quoted'] = base64.b64encode((f'{quote(client_id)}:{quote_plus(secret)}')
                                                 .encode()).decode('ascii')
    for label, form in list(forms.items()):
        # servers and libraries write %XX escapes in either case
        if '%' in form:
            forms[label + '-lower'] = _lower_escapes(form)
    return {label: form for label, form in forms.items() if form}


def _lower_escapes(text):
    return re.sub(r'%[0-9A-F]{2}', lambda match: match.group(0).lower(), text)


def scan(texts, secrets):
    """Every hit of every form of every secret in ``texts`` [(label, text)].
    ``secrets`` is {name: {label: form}}. Returns (hits, bytes scanned); a hit is
    (where, secret name, form label, excerpt)."""
    hits, scanned = [], 0
    for where, text in texts:
        scanned += len(text.encode('utf-8'))
        for name, forms in secrets.items():
            seen = set()
            for label, form in sorted(forms.items(), key=lambda item: -len(item[1])):
                if form in seen:
                    continue
                seen.add(form)
                at = text.find(form)
                if at >= 0:
                    hits.append((where, name, label, text[max(at - 60, 0):at + len(form) + 20]))
    return hits, scanned


def module_defaults(url, client_id, client_secret, organization=ACME, **extra):
    """module_defaults for the action group: Arduino credentials (and anything in ``extra``)."""
    options = {'api_url': url, 'client_id': client_id, 'client_secret': client_secret,
               'organization': organization}
    options.update(extra)
    return {'group/iotcloud.dashboards.all': options}


def fault_task(url, rule):
    """A uri task that adds a fault rule to the emulator."""
    return {'name': f'Fault {json.dumps(rule, sort_keys=True)}',
            'ansible.builtin.uri': {'url': url + '/_emulator/faults', 'method': 'POST', 'body_format': 'json',
                                    'body': rule, 'status_code': 201}}


def clear_faults_task(url):
    return {'name': 'Clear the faults',
            'ansible.builtin.uri': {'url': url + '/_emulator/faults', 'method': 'DELETE'}}


def writes(log):
    """The writes of a request log (the token request is not one)."""
    return [entry for entry in log if entry['method'] in WRITE_METHODS and entry['path'] != TOKEN_PATH]


def token_requests(log):
    return [entry for entry in log if entry['path'] == TOKEN_PATH]
