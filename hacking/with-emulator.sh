#!/usr/bin/env bash
# Starts the emulator on a free loopback port, runs a command with EMULATOR_URL set, then stops it.
# PYTHON is the interpreter of a venv where the iotcloud-emulator package is installed (.venv).
#   hacking/with-emulator.sh PYTHON -- COMMAND [ARGS...]
set -euo pipefail
python=$1; shift
[ "${1:-}" = "--" ] && shift
tmp=$(mktemp -d)
cleanup() {
  if [ -n "${emu_pid:-}" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill -TERM "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$python" -m iotcloud_emulator --host 127.0.0.1 --port 0 --port-file "$tmp/port" \
  >"$tmp/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/port" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$tmp/emulator.log" >&2; echo "emulator did not start" >&2; exit 1; }
  sleep 0.1
done
[ -s "$tmp/port" ] || { cat "$tmp/emulator.log" >&2; echo "emulator did not start in time" >&2; exit 1; }
export EMULATOR_URL="http://127.0.0.1:$(cat "$tmp/port")"
echo "emulator running at $EMULATOR_URL"
"$@"
