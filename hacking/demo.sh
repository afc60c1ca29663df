#!/usr/bin/env bash
# Runs playbooks/demo.yml against the emulator at $EMULATOR_URL: in check mode on the fresh emulator
# (it must write nothing), then twice: the first run builds the dashboards, the second shows that
# nothing changes. It ends with the URL of the emulator's view of the dashboards; on a terminal the
# emulator keeps serving it until Enter is pressed (DEMO_WAIT=0: never wait, DEMO_WAIT=1: always wait).
#   hacking/demo.sh VENV
set -euo pipefail
venv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
colls=$(mktemp -d)
trap 'rm -rf "$colls"' EXIT
mkdir -p "$colls/ansible_collections/iotcloud"
ln -s "$root" "$colls/ansible_collections/iotcloud/dashboards"
export ANSIBLE_COLLECTIONS_PATH="$colls" ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_NOCOLOR=1
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
run() {
  "$root/$venv/bin/ansible-playbook" "$root/playbooks/demo.yml" -e emulator_url="$EMULATOR_URL" \
    -e "ansible_python_interpreter=$root/$venv/bin/python" "$@"
}
echo "=== Check run on the fresh emulator: a preview that writes nothing ==="
run --check --diff
"$root/$venv/bin/python" - "$EMULATOR_URL" <<'PY'
import json, sys, urllib.request
url = sys.argv[1] + '/_emulator/requests'
log = json.load(urllib.request.urlopen(url))
writes = [r for r in log if r['method'] not in ('GET', 'HEAD') and not r['path'].endswith('/clients/token')]
urllib.request.urlopen(urllib.request.Request(url, method='DELETE')).read()
print('demo: the check run sent %d requests, %d writes' % (len(log), len(writes)))
sys.exit(1 if writes else 0)
PY
echo
echo "=== First run: build the dashboards ==="
run --diff
echo
echo "=== Second run: nothing to change ==="
"$root/$venv/bin/python" - "$EMULATOR_URL" clear <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + '/_emulator/requests', method='DELETE')).read()
PY
run | tee "$colls/second.log"
grep -Eq 'changed=0 ' "$colls/second.log" || { echo "demo: the second run changed something" >&2; exit 1; }
# The emulator's request log is the proof: the second run only read.
"$root/$venv/bin/python" - "$EMULATOR_URL" <<'PY'
import collections, json, re, sys, urllib.request
log = json.load(urllib.request.urlopen(sys.argv[1] + '/_emulator/requests'))
writes = [r for r in log if r['method'] not in ('GET', 'HEAD') and not r['path'].endswith('/clients/token')]
kinds = collections.Counter('%s %s' % (r['method'], re.sub('[0-9a-f-]{36}', '{id}', r['path'])) for r in log)
print('demo: the second run sent %d requests (%s), %d writes' % (
    len(log), ', '.join('%d x %s' % (n, k) for k, n in sorted(kinds.items())), len(writes)))
sys.exit(1 if writes else 0)
PY
echo "demo: second run reported changed=0"
wait=${DEMO_WAIT:-}
if [ -z "$wait" ]; then [ -t 0 ] && wait=1 || wait=0; fi
if [ "$wait" = 1 ]; then
  echo "demo: see the dashboards at $EMULATOR_URL/_emulator/view/ (press Enter to stop the emulator)"
  read -r _ || true
else
  echo "demo: see the dashboards at $EMULATOR_URL/_emulator/view/"
fi
