#!/usr/bin/env bash
# Runs one suite of the supported-versions matrix on one ansible-core release, in a private copy of
# the prepared collection tree, so that several runs can go in parallel.
#   hacking/matrix.sh SUITE CORE VENV COLLECTION_DIR [ARGS...]
# SUITE is one of
#   sanity            every sanity test; the multi-version ones (compile, import) on every Python the
#                     core supports that is installed
#   sanity-versions   only the tests that depend on the Python version (compile, import), likewise
#   units             ansible-test units on the venv's Python
#   integration       ansible-test integration on the venv's Python against a fresh emulator (ARGS may
#                     name targets)
# The interpreters for the multi-version tests are found by hacking/find-python.sh (PYTHON_3_9=... overrides).
set -euo pipefail
suite=$1; core=$2; venv=$3; coll=$4; shift 4
root=$(cd "$(dirname "$0")/.." && pwd)
ansible_test="$venv/bin/ansible-test"
[ -x "$ansible_test" ] || { echo "matrix: no ansible-test in $venv" >&2; exit 1; }
python=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
have=$("$venv/bin/python" -c 'import ansible; print(ansible.__version__)')
case "$have" in "$core".*) ;; *) echo "matrix: $venv has ansible-core $have, not $core" >&2; exit 1 ;; esac

work="$(dirname "$(dirname "$(dirname "$coll")")")/matrix/$suite-$core"
rm -rf "$work" && mkdir -p "$work/ansible_collections/iotcloud"
cp -a "$coll" "$work/ansible_collections/iotcloud/dashboards"
copy="$work/ansible_collections/iotcloud/dashboards"
# Build output and ansible-lint's cache are no part of the collection (galaxy.yml build_ignore).
rm -rf "$copy/build" "$copy/.ansible"

# ansible-test --venv downloads a pip bootstrap script unless it is cached: put the offline stand-in there.
pip_version=$("$venv/bin/python" -c "import re, ansible_test, pathlib
p = pathlib.Path(ansible_test.__file__).parent / '_internal/python_requirements.py'
print(re.search(r\"pip='([0-9.]+)'\", p.read_text()).group(1))")
standin="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
if [ ! -f "$standin" ]; then
  mkdir -p "$(dirname "$standin")"
  cp "$root/hacking/get_pip_standin.py" "$standin.$$" && mv "$standin.$$" "$standin"
  echo "installed offline pip bootstrap stand-in $standin"
fi

# pythonX.Y of every installed interpreter, first on PATH: ansible-test looks the versions up there.
bin="$work/bin"
mkdir -p "$bin"
found=(); missing=()
for v in 3.8 3.9 3.10 3.11 3.12 3.13 3.14; do
  if p=$("$root/hacking/find-python.sh" "$v"); then ln -s "$p" "$bin/python$v"; found+=("$v"); else missing+=("$v"); fi
done
export PATH="$bin:$PATH"

cd "$copy"
case "$suite" in
  sanity|sanity-versions)
    echo "sanity on ansible-core $have: Pythons found ${found[*]:-none}; not installed (skipped): ${missing[*]:-none}"
    tests=()
    [ "$suite" = sanity-versions ] && tests=(--test compile --test import)
    # Sanity test venvs are shared under ~/.ansible/test/venv: one sanity run at a time builds them.
    mkdir -p "$HOME/.ansible/test"
    exec flock "$HOME/.ansible/test/.iotcloud-sanity.lock" \
      "$ansible_test" sanity --venv --color no ${tests[@]+"${tests[@]}"} "$@"
    ;;
  units)
    exec "$ansible_test" units --venv --python "$python" --color no "$@"
    ;;
  integration)
    exec "$root/hacking/with-emulator.sh" "$root/.venv/bin/python" -- \
      "$root/hacking/ansible-test-integration.sh" "$copy" "$ansible_test" --venv --python "$python" --color no "$@"
    ;;
  *)
    echo "matrix: unknown suite $suite" >&2; exit 1
    ;;
esac
