#!/usr/bin/env bash
# Builds the collection's docs site into build/docs/html, offline: antsibull-docs writes the plugin,
# role and extra pages (docs/docsite/) as reST, then Sphinx builds them with every warning an error.
#   hacking/build-docs.sh VENV      (a venv with antsibull-docs, sphinx and sphinx-ansible-theme)
set -euo pipefail
venv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/docs"
colls=$(mktemp -d)
trap 'rm -rf "$colls"' EXIT
mkdir -p "$colls/ansible_collections/iotcloud"
ln -s "$root" "$colls/ansible_collections/iotcloud/dashboards"
rm -rf "$out" && mkdir -p "$out/rst" && chmod 700 "$out/rst"   # antsibull-docs wants it private
PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$colls" "$venv/bin/antsibull-docs" --config-file "$root/hacking/docs/antsibull-docs.cfg" \
  collection --use-current --squash-hierarchy --fail-on-error --dest-dir "$out/rst" iotcloud.dashboards
"$venv/bin/python" "$root/hacking/docs/make_inventory.py" "$out/ansible_devel.inv"
ANSIBLE_DOCS_INVENTORY="$out/ansible_devel.inv" "$venv/bin/sphinx-build" -q -W --keep-going -b html -c "$root/hacking/docs" -d "$out/doctrees" \
  "$out/rst" "$out/html"
echo "docs: build/docs/html/index.html"
