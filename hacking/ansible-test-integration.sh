#!/usr/bin/env bash
# Runs `ansible-test integration` in the collection copy against the emulator at $EMULATOR_URL.
#   hacking/ansible-test-integration.sh COLLECTION_DIR ANSIBLE_TEST [ARGS...]
set -euo pipefail
coll=$1; ansible_test=$2; shift 2
: "${EMULATOR_URL:?EMULATOR_URL is not set; run through hacking/with-emulator.sh}"
printf 'emulator_url: %s\n' "$EMULATOR_URL" > "$coll/tests/integration/integration_config.yml"
cd "$coll"
exec "$ansible_test" integration "$@"
