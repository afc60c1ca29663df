#!/usr/bin/env bash
# ansible-lint with the production profile over every playbook, role and integration target, offline.
# It writes its cache to .ansible/ (git- and build-ignored).
#   hacking/lint.sh VENV      (a venv with ansible-lint)
set -euo pipefail
venv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
colls=$(mktemp -d)
trap 'rm -rf "$colls"' EXIT
mkdir -p "$colls/ansible_collections/iotcloud"
ln -s "$root" "$colls/ansible_collections/iotcloud/dashboards"
cd "$root"
paths=()
for p in playbooks roles tests/integration; do [ -e "$p" ] && paths+=("$p"); done
# The collection's own modules and module_defaults group resolve through the collections path.
PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$colls" "$venv/bin/ansible-lint" --offline --profile production --nocolor ${paths[@]+"${paths[@]}"}
