#!/usr/bin/env bash
# antsibull-docs lint-collection-docs --plugin-docs over the collection as it ships: the plugin docs
# (through ansible-doc), the role argument specs, docs/docsite/links.yml, extra-docs.yml and its pages.
#   hacking/docs-lint.sh VENV      (a venv with antsibull-docs and ansible-core)
set -euo pipefail
venv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
colls=$(mktemp -d)
trap 'rm -rf "$colls"' EXIT
mkdir -p "$colls/ansible_collections/iotcloud"
ln -s "$root" "$colls/ansible_collections/iotcloud/dashboards"
cd "$colls/ansible_collections/iotcloud/dashboards"
PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$colls" \
  "$venv/bin/antsibull-docs" lint-collection-docs --plugin-docs .
echo "docs-lint: antsibull-docs finds nothing to fix"
