#!/usr/bin/env bash
# Take the local world down: each daemon up.sh recorded, by its PID (only if it still lives in the
# namespace), then any process still in the namespace, then the namespace and /etc/netns/<ns>.
# Safe to run twice, after a half-failed up.sh, or when nothing is up. Logs stay in the run
# directory for a look afterwards; the next up.sh clears it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NS=${MTASTS_NS:-mtasts}
RUN=${MTASTS_WORLD:-/run/mtasts-world/$NS}

in_namespace() { [ "$(ip netns identify "$1" 2>/dev/null)" = "$NS" ]; }

# The recorded daemons; Postfix's master stops its own children on TERM.
victims=()
for f in "$RUN"/pids/*.pid; do
  [ -f "$f" ] || continue
  read -r pid <"$f" || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && in_namespace "$pid"; then victims+=("$pid"); fi
  rm -f "$f"
done
# wait_empty: up to 5 s for the namespace to have no process left.
wait_empty() {
  for _ in $(seq 50); do
    [ -z "$(ip netns pids "$NS" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
  return 1
}
if [ ${#victims[@]} -gt 0 ]; then
  kill -TERM "${victims[@]}" 2>/dev/null
  wait_empty
fi

if [ -e "/run/netns/$NS" ]; then
  # Whatever is still inside (daemons of a run whose PID files are gone) gets TERM, then KILL.
  for sig in TERM KILL; do
    left=$(ip netns pids "$NS" 2>/dev/null | grep -vxF "$$" | tr '\n' ' ')
    [ -n "${left// /}" ] || break
    echo "world: $sig to processes left in namespace $NS: $left" >&2
    # shellcheck disable=SC2086
    kill -"$sig" $left 2>/dev/null
    wait_empty
  done
  ip netns delete "$NS" || { echo "world: could not delete namespace $NS" >&2; exit 1; }
fi
rm -rf "/etc/netns/$NS"
echo "world: down (namespace $NS)" >&2
