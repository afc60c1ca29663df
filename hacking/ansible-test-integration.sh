#!/usr/bin/env bash
# Runs `ansible-test integration` in the collection copy against the emulator at $EMULATOR_URL.
# When $REFERENCE/templates exists (REFERENCE defaults to <repo>/../shared/reference), its path goes
# into the config as `reference_templates`; the real templates are read there, never copied.
#   hacking/ansible-test-integration.sh COLLECTION_DIR ANSIBLE_TEST [ARGS...]
set -euo pipefail
coll=$1; ansible_test=$2; shift 2
: "${EMULATOR_URL:?EMULATOR_URL is not set; run through hacking/with-emulator.sh}"
root=$(cd "$(dirname "$0")/.." && pwd)
reference=${REFERENCE:-$root/../shared/reference}
config="$coll/tests/integration/integration_config.yml"
printf 'emulator_url: %s\n' "$EMULATOR_URL" > "$config"
if [ -d "$reference/templates" ]; then
  printf 'reference_templates: %s\n' "$(cd "$reference/templates" && pwd)" >> "$config"
else
  echo "no $reference/templates: the real template imports will be skipped" >&2
fi
cd "$coll"
exec "$ansible_test" integration "$@"
