#!/usr/bin/env bash
# Runs playbooks/demo.yml twice against the emulator at $EMULATOR_URL: the first run builds the
# dashboards, the second shows that nothing changes.
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
echo "=== First run: build the dashboards ==="
run --diff
echo
echo "=== Second run: nothing to change ==="
run | tee "$colls/second.log"
grep -Eq 'changed=0 ' "$colls/second.log" || { echo "demo: the second run changed something" >&2; exit 1; }
echo "demo: second run reported changed=0"
