#!/usr/bin/env bash
# Prints the path of a virtual environment with hacking/venvs/NAME.txt installed into PYTHON, building
# it first when missing. Venvs are cached by requirements hash under $VENV_CACHE (default
# ~/.cache/iotcloud-dashboards/venvs): a clone, a CI run or a second worktree on the same machine reuses
# one, and a change of the requirements (or of the interpreter) makes a new one.
#   hacking/venv.sh NAME PYTHON
set -euo pipefail
name=$1; python=$2
root=$(cd "$(dirname "$0")/.." && pwd)
reqs="$root/hacking/venvs/$name.txt"
[ -f "$reqs" ] || { echo "no $reqs" >&2; exit 1; }
[ -x "$python" ] || { echo "venv $name: no Python interpreter ($python)" >&2; exit 1; }
cache=${VENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iotcloud-dashboards/venvs}
key=$({ cat "$reqs"; "$python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -c1-12)
venv="$cache/$name-$key"
mkdir -p "$cache"
# Parallel make jobs may ask for the same venv: one builds it, the others wait.
exec 9>"$venv.lock"
flock 9
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  echo "building $venv ($("$python" -V 2>&1))" >&2
  "$python" -m venv "$venv" >&2
  if ! "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$reqs" >"$venv.log" 2>&1; then
    grep -v '^WARNING: Location' "$venv.log" >&2
    echo "venv $name: pip could not install $reqs" >&2
    exit 1
  fi
  touch "$venv/.complete"
fi
echo "$venv"
