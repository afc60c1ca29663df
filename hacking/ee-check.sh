#!/usr/bin/env bash
# The execution environment test: with the collection tarball built from this tree, `ansible-builder
# create` (offline: it only writes the build context) must give a context that installs the collection
# on the named base image, and ansible-builder's introspection of the installed collection must find
# requests through meta/execution-environment.yml alone.
#   hacking/ee-check.sh VENV      (a venv with ansible-builder and ansible-core)
set -euo pipefail
venv=$1
root=$(cd "$(dirname "$0")/.." && pwd)
base_image=quay.io/ansible/awx-ee:latest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "ee-check: $*" >&2; exit 1; }

"$venv/bin/ansible-galaxy" collection build --force --output-path "$tmp" "$root" >/dev/null
tarball=$(ls "$tmp"/iotcloud-dashboards-*.tar.gz)
cat > "$tmp/requirements.yml" <<YAML
---
collections:
  - name: $tarball
    type: file
YAML
cat > "$tmp/execution-environment.yml" <<YAML
---
version: 3
images:
  base_image:
    name: $base_image
dependencies:
  galaxy: requirements.yml
YAML
(cd "$tmp" && "$venv/bin/ansible-builder" create -f execution-environment.yml -c context \
  --output-filename Containerfile >/dev/null)

containerfile="$tmp/context/Containerfile"
[ -f "$containerfile" ] || fail "ansible-builder create wrote no Containerfile"
grep -q "EE_BASE_IMAGE=\"$base_image\"" "$containerfile" || fail "the Containerfile does not name $base_image"
grep -q 'ansible-galaxy collection install' "$containerfile" || fail "the Containerfile installs no collection"
grep -q "$(basename "$tarball")" "$tmp/context/_build/requirements.yml" || fail "the context does not install the collection"

"$venv/bin/ansible-galaxy" collection install -p "$tmp/inst" "$tarball" >/dev/null 2>&1
# Without its top-level requirements.txt (ansible-builder's fallback), so that only meta/ must provide it.
rm -f "$tmp/inst/ansible_collections/iotcloud/dashboards/requirements.txt"
"$venv/bin/ansible-builder" introspect --write-pip "$tmp/pip.txt" "$tmp/inst" >/dev/null
grep -Eq '^requests.*# from collection iotcloud\.dashboards' "$tmp/pip.txt" \
  || fail "introspection did not find requests for iotcloud.dashboards: $(cat "$tmp/pip.txt")"
echo "ee-check: the context installs the collection on $base_image, and introspection finds requests"
