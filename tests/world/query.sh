#!/usr/bin/env bash
# Ask a real sender's resolver (mta-sts-query of postfix-mta-sts-resolver) for DOMAIN's policy, with
# the world's CA as the only trust root, and print its verdict on one line:
#   valid <mode> <id>   a policy the sender would apply
#   none                no usable _mta-sts record: the sender treats the domain as having no policy
#   fetch_error         a record, but the policy could not be fetched or is invalid
# Runs inside the world's namespace (re-enters it when called from outside).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: query.sh DOMAIN" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
NS=${MTASTS_NS:-mtasts}
RUN=${MTASTS_WORLD:-/run/mtasts-world/$NS}
[ "$(ip netns identify)" = "$NS" ] || exec ip netns exec "$NS" env MTASTS_WORLD="$RUN" "$0" "$@"

out=$(env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY \
  SSL_CERT_FILE="$RUN/ca/ca.crt" SSL_CERT_DIR="$RUN/ca" mta-sts-query -v error "$1" 2>&1)
# e.g. (<STSFetchResult.VALID: 1>, ('3f2a...', {'version': 'STSv1', 'mode': 'enforce', ...}))
result=$(sed -nE 's/.*STSFetchResult\.([A-Z_]+).*/\1/p' <<<"$out" | tail -n 1)
result=${result,,}
case "$result" in
  valid)
    id=$(sed -nE "s/.*STSFetchResult\.VALID: 1>, \('([^']*)'.*/\1/p" <<<"$out")
    mode=$(sed -nE "s/.*'mode': '([^']*)'.*/\1/p" <<<"$out")
    echo "valid $mode $id" ;;
  none|fetch_error|not_changed) echo "$result" ;;
  *) echo "mta-sts-query gave no verdict: $out" >&2; exit 1 ;;
esac
