#!/usr/bin/env bash
# Prints the path of a Python interpreter of version X.Y, or exits 1 when none is installed.
# Looked for in this order: $PYTHON_X_Y (an explicit override, e.g. PYTHON_3_13=/opt/py/bin/python3),
# pythonX.Y on PATH, then pyenv's versions folder ($(pyenv root)/versions/X.Y.*). Each candidate
# must run and report that version: a pyenv shim for a version not selected fails and is skipped.
# The real executable is printed (not a shim), since venvs are best made from a real interpreter.
#   hacking/find-python.sh 3.13
set -euo pipefail
want=$1
var="PYTHON_${want//./_}"
real() {
  [ -n "$1" ] && [ -x "$1" ] &&
    "$1" -c 'import sys; v = "%d.%d" % sys.version_info[:2]; print(sys.executable) if v == sys.argv[1] else sys.exit(1)' \
      "$want" 2>/dev/null
}
if [ -n "${!var:-}" ]; then
  real "${!var}" || { echo "$var=${!var} is not a Python $want" >&2; exit 1; }
  exit 0
fi
candidates=()
if p=$(command -v "python$want" 2>/dev/null); then candidates+=("$p"); fi
if root=$(pyenv root 2>/dev/null) || root=${PYENV_ROOT:-$HOME/.pyenv}; then
  for dir in "$root/versions/$want".*; do
    [ -d "$dir" ] && candidates+=("$dir/bin/python$want")
  done
fi
for p in ${candidates[@]+"${candidates[@]}"}; do
  real "$p" && exit 0
done
exit 1
