#!/usr/bin/env bash
# Install what the local test world needs on a fresh Debian 12 (root). Idempotent: a second run only
# checks. Packaged daemons are kept from starting: the world runs its own instances (see up.sh).
set -euo pipefail
cd "$(dirname "$0")"

packages=(knot knot-dnsutils nginx-light postfix postfix-mta-sts-resolver openssl iproute2 bsdutils
  ca-certificates curl nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# nodejs may come from another source that bundles npm; then the Debian npm package is not needed.
if command -v npm >/dev/null && command -v node >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -ra missing <<<"${missing[*]}"

if [ ${#missing[@]} -gt 0 ]; then
  echo "world: installing ${missing[*]}"
  # Packaged daemons must not start on install (exit 101 = action forbidden); restore afterwards.
  restore_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    restore_policy=1
  fi
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  echo 'postfix postfix/mailname string localhost' | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/world-apt.log 2>&1 || {
    apt-get update -q >/tmp/world-apt.log 2>&1
    apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/world-apt.log 2>&1 ||
      { tail -n 30 /tmp/world-apt.log; exit 1; }
  }
  [ -z "$restore_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

# workerd (the Cloudflare Workers runtime) for the worker case, pinned by package-lock.json.
if [ ! -x workerd/node_modules/.bin/workerd ] || ! cmp -s workerd/package-lock.json workerd/node_modules/.package-lock.json.src 2>/dev/null; then
  echo "world: npm ci (workerd)"
  (cd workerd && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.src)
fi
echo "world: installed"
