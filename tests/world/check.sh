#!/usr/bin/env bash
# Prove the world after up.sh: for every case, ask mta-sts-query (a real sender's resolver) and, where
# cases.tsv expects one, send a message through the sending Postfix; print a table and exit 1 when
# any result differs from the case's expectation in $MTASTS_WORLD/cases/<case>/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NS=${MTASTS_NS:-mtasts}
RUN=${MTASTS_WORLD:-/run/mtasts-world/$NS}
[ -e "/run/netns/$NS" ] || { echo "check.sh: the world is not up (run tests/world/up.sh)" >&2; exit 2; }
export MTASTS_NS=$NS MTASTS_WORLD=$RUN

bad=0
printf '%-14s %-48s %-44s %s\n' case mta-sts-query "sending Postfix" ok
while IFS=$'\t' read -r name _; do
  case "$name" in ''|'#'*) continue ;; esac
  d=$RUN/cases/$name domain=$(cat "$RUN/cases/$name/domain.txt")
  want_query=$(cat "$d/expected-query.txt")
  [[ "$want_query" != valid* ]] || want_query="$want_query $(cat "$d/policy-id.txt")"
  got_query=$("$here/query.sh" "$domain" 2>&1)
  ok=yes
  [ "$got_query" = "$want_query" ] || ok="no (want $want_query)"
  got_send=-
  if [ -f "$d/expected-send.txt" ]; then
    want_send=$(cat "$d/expected-send.txt")
    got_send=$("$here/send.sh" "$domain" 2>&1)
    # "deferred 4.7.5" expects that status and DSN, whatever the reason text.
    [[ "$got_send" == "$want_send" || "$got_send" == "$want_send "* ]] || ok="no (want $want_send)"
  fi
  # Only the stale case serves other bytes than the ones its id was made from.
  if cmp -s "$d/policy.txt" "$d/expected-policy.txt"; then stale=no; else stale=yes; fi
  [ "$stale" = "$([ "$name" = stale ] && echo yes || echo no)" ] || ok="no (served policy stale: $stale)"
  [ "$ok" = yes ] || bad=$((bad + 1))
  printf '%-14s %-48.48s %-44.44s %s\n' "$name" "$got_query" "$got_send" "$ok"
done <"$RUN/cases.tsv"
[ "$bad" -eq 0 ] || { echo "check.sh: $bad case(s) differ from their expectation" >&2; exit 1; }
echo "check.sh: every case as expected"
