#!/usr/bin/env bash
# Install what the local test world (and the browser test) needs on a fresh Debian 12 (root). Idempotent: once everything is
# there it only checks. Packaged daemons are kept from starting: the world runs its own instances.
set -euo pipefail
cd "$(dirname "$0")"

packages=(knot knot-dnsutils nginx postfix postfix-mta-sts-resolver openssl iproute2 bsdutils python3
  ca-certificates curl)
# Headless Chromium loads the `reports summarize --html` page in tests/Mail.MtaSts.Cli.Tests/Reports/HtmlTests.cs.
packages+=(chromium)
# Node may come from elsewhere with its own npm; Debian's nodejs and npm are taken only when it is absent.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "world: installing ${missing[*]}"
  # policy-rc.d exiting 101 (action forbidden) keeps the packages' daemons from starting.
  made_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  log=/tmp/mtasts-world-apt.log
  # With stale or missing package lists the first try fails: update them and try once more.
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
      { tail -n 30 "$log"; exit 1; }
  fi
  [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

# The npm packages of the tests, each folder pinned by its package-lock.json: workerd/ (the Cloudflare Workers runtime,
# its Linux binary in an optional dependency) and lambda/ (s3rver and the AWS SDK v3 S3 client, for the report
# endpoint's Lambda handler).
for dir in workerd lambda; do
  stamp=$dir/node_modules/.installed-from-package-lock.json
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "world: npm ci in tests/world/$dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
echo "world: installed"
