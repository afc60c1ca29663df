#!/usr/bin/env bash
# Runs one integration target straight through ansible-playbook, for fast iteration while developing.
# `make test` runs the same targets through ansible-test.
# Like hacking/ansible-test-integration.sh, it passes `reference_templates` when $REFERENCE/templates
# exists (REFERENCE defaults to <repo>/../shared/reference).
#   hacking/run-target.sh TARGET EMULATOR_URL [ansible-playbook args...]
set -euo pipefail
target=$1; url=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
reference=${REFERENCE:-$root/../shared/reference}
extra=()
if [ -d "$reference/templates" ]; then
  extra=(-e "reference_templates=$(cd "$reference/templates" && pwd)")
fi
colls=$(mktemp -d)
trap 'rm -rf "$colls"' EXIT
mkdir -p "$colls/ansible_collections/iotcloud"
ln -s "$root" "$colls/ansible_collections/iotcloud/dashboards"
cat > "$colls/play.yml" <<PLAY
- hosts: localhost
  gather_facts: false
  roles: [$target]
PLAY
ANSIBLE_COLLECTIONS_PATH="$colls" ANSIBLE_ROLES_PATH="$root/tests/integration/targets" \
  "${ANSIBLE_PLAYBOOK:-$root/.venv/bin/ansible-playbook}" -i localhost, -c local "$colls/play.yml" \
  -e emulator_url="$url" -e "ansible_python_interpreter={{ ansible_playbook_python }}" ${extra[@]+"${extra[@]}"} "$@"
