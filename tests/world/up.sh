#!/usr/bin/env bash
# Bring up the local world of real servers for the end-to-end tests, inside the network namespace
# $MTASTS_NS (default mtasts) that has only a loopback interface, so nothing can leave the machine.
# Everything it writes goes to $MTASTS_WORLD (default /run/mtasts-world/<namespace>); every daemon's PID
# is recorded in its pids/. tests/world/down.sh takes it all down again. See README.md beside this file.
#
# Environment (all optional):
#   MTASTS_NS             namespace name (default mtasts); two worlds with different names can coexist
#   MTASTS_WORLD          run directory (default /run/mtasts-world/<namespace>); the daemons' users
#                         (postfix, nobody) must be able to enter every directory above it
#   MTASTS_POLICY_ID_CMD  shell command reading a policy's exact bytes on stdin and printing its
#                         _mta-sts id (default: the first 32 hex digits of its SHA-256)
#   MTASTS_WORKER_JS      ES-module Worker script for the worker case (default: a placeholder made here)
#   MTASTS_WORKER_POLICY  the policy text that script serves (required with MTASTS_WORKER_JS)
#   MTASTS_HOSTED         the hosted case: a directory with cloudflare/ and aws/, each what
#                         `mta-sts plan --hosted tests/world/hosted/<shape>.json --out` wrote (none: no hosted case)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NS=${MTASTS_NS:-mtasts}
RUN=${MTASTS_WORLD:-/run/mtasts-world/$NS}
ID_CMD=${MTASTS_POLICY_ID_CMD:-'sha256sum | cut -c1-32'}
ZONE=example.test

log() { echo "world: $*" >&2; }
die() { echo "world: FAILED: $*" >&2; exit 1; }
in_ns() { ip netns exec "$NS" "$@"; }

[ "$(id -u)" -eq 0 ] || die "up.sh needs root (network namespace, daemons on port 25/53/443)"
for tool in knotd kdig nginx postfix mta-sts-daemon mta-sts-query openssl script runuser; do
  command -v "$tool" >/dev/null || die "$tool is not installed: run tests/world/install.sh"
done
workerd_bin=$here/workerd/node_modules/.bin/workerd
[ -x "$workerd_bin" ] || die "workerd is not installed: run tests/world/install.sh"
# Postfix drops to the postfix user, which opens its lock file in the run directory, and delivers as nobody:
# every directory above the run directory must let other users in. The default, under /run, does; a checkout
# under a 0700 home or temporary directory does not, so the state is kept outside the checkout.
umask 022
above=$RUN
while [ ! -e "$above" ]; do above=$(dirname "$above"); done
for user in postfix nobody; do
  runuser -u "$user" -- test -x "$above" ||
    die "MTASTS_WORLD=$RUN: user $user cannot enter $above (a directory above it is closed to other users, e.g. 0700): unset MTASTS_WORLD to use /run/mtasts-world/$NS, or choose a directory every user can enter"
done
HOSTED=${MTASTS_HOSTED:-}
for shape in cloudflare aws; do
  [ -z "$HOSTED" ] || [ -f "$HOSTED/$shape/owners.zone" ] ||
    die "MTASTS_HOSTED=$HOSTED: no $shape/owners.zone: write it with mta-sts plan --hosted tests/world/hosted/$shape.json --out $HOSTED/$shape"
done
if [ -n "${MTASTS_WORKER_JS:-}" ]; then
  [ -f "$MTASTS_WORKER_JS" ] || die "MTASTS_WORKER_JS=$MTASTS_WORKER_JS: no such file"
  [ -f "${MTASTS_WORKER_POLICY:-}" ] || die "MTASTS_WORKER_JS needs MTASTS_WORKER_POLICY, the policy file the script serves"
fi

# A namespace left by an earlier run (crashed tests, a killed CI job) is taken down first.
if [ -e "/run/netns/$NS" ]; then
  log "namespace $NS is left from an earlier run: taking it down first"
  MTASTS_NS=$NS MTASTS_WORLD=$RUN "$here/down.sh"
fi
# Only a directory this script made is ever deleted.
if [ -d "$RUN" ] && [ -n "$(ls -A "$RUN")" ] && [ ! -e "$RUN/.world" ]; then
  die "$RUN exists and was not made by up.sh: refusing to delete it"
fi
rm -rf "$RUN"
mkdir -p "$RUN"/{ca/newcerts,certs,cases,knot,nginx/tmp,workerd,daemon,pids,logs,hosted}
: >"$RUN/.world"

# From here on a failure takes down whatever was started, and shows the logs.
started=
on_exit() {
  rc=$?
  [ "$rc" -ne 0 ] || return 0
  echo "world: up.sh failed; logs:" >&2
  for f in "$RUN"/logs/*.log "$RUN"/*/error.log "$RUN"/*/maillog; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }; done
  [ -z "$started" ] || MTASTS_NS=$NS MTASTS_WORLD=$RUN "$here/down.sh" || true
}
trap on_exit EXIT

policy_id() { bash -c "$ID_CMD" <"$1" | tr -d '\n'; }

# ---- Certificates: a throwaway EC P-256 CA and its leaves -----------------------------------------
ca=$RUN/ca
cat >"$ca/ca.cnf" <<EOF
[ ca ]
default_ca = world
[ world ]
dir = $ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
certificate = \$dir/ca.crt
private_key = \$dir/ca.key
default_md = sha256
default_days = 30
policy = any
copy_extensions = copy
unique_subject = no
x509_extensions = leaf
[ any ]
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
: >"$ca/index.txt"
echo 1000 >"$ca/serial"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$ca/ca.key" 2>/dev/null
openssl req -x509 -new -key "$ca/ca.key" -subj "/CN=MTA-STS test world CA" -days 30 -out "$ca/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# leaf FILE-NAME DNS-NAME [STARTDATE ENDDATE]: certs/NAME.key (PKCS#8) and certs/NAME.crt
# (SANS, when set, is the subjectAltName list instead of DNS-NAME alone)
leaf() {
  local name=$1 dns=$2 dates=()
  [ $# -lt 4 ] || dates=(-startdate "$3" -enddate "$4")
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$RUN/certs/$name.key" 2>/dev/null
  openssl req -new -key "$RUN/certs/$name.key" -subj "/CN=$dns" -addext "subjectAltName=${SANS:-DNS:$dns}" \
    -out "$RUN/certs/$name.csr" 2>/dev/null
  openssl ca -batch -notext -config "$ca/ca.cnf" -in "$RUN/certs/$name.csr" -out "$RUN/certs/$name.crt" \
    "${dates[@]}" 2>"$RUN/certs/$name.err" || { cat "$RUN/certs/$name.err" >&2; return 1; }
  rm -f "$RUN/certs/$name.csr" "$RUN/certs/$name.err"
}
leaf mx1 mx1.$ZONE
leaf mx2 mx-other.$ZONE                     # the MX mx2.example.test presents a certificate for another name
leaf wrongname mta-sts.other.$ZONE          # the policy host of the wrongname case, likewise
leaf expired mta-sts.expired.$ZONE 20200101000000Z 20200201000000Z

# ---- Cases: policies, ids, records, expectations ---------------------------------------------------
policy_text() { printf 'version: STSv1\nmode: %s\nmx: %s\nmax_age: %s\n' "$1" "$2" "$3"; }
zone=$RUN/knot/$ZONE.zone
{
  echo "\$ORIGIN $ZONE."
  echo "\$TTL 60"
  echo "@ SOA ns.$ZONE. hostmaster.$ZONE. 1 3600 600 86400 60"
  echo "@ NS ns"
  echo "ns A 127.0.0.53"
  echo "mx1 A 127.0.0.25"
  echo "mx2 A 127.0.0.26"
} >"$zone"
nginx_servers=
cases=()
while IFS=$'\t' read -r name mx mode host txt query send verdict what; do
  case "$name" in ''|'#'*) continue ;; esac
  cases+=("$name")
  d=$RUN/cases/$name domain=$name.$ZONE mxhost=$mx.$ZONE
  mkdir -p "$d"
  policy_text "$mode" "$mxhost" 86400 >"$d/expected-policy.txt"
  if [ "$txt" = stale ]; then
    policy_text "$mode" "$mxhost" 604800 >"$d/policy.txt"   # served: B; the id below is A's
  elif [ "$host" = worker ] && [ -n "${MTASTS_WORKER_JS:-}" ]; then
    cp "$MTASTS_WORKER_POLICY" "$d/policy.txt"
    cp "$MTASTS_WORKER_POLICY" "$d/expected-policy.txt"
  else
    cp "$d/expected-policy.txt" "$d/policy.txt"
  fi
  id=$(policy_id "$d/expected-policy.txt")
  [[ "$id" =~ ^[A-Za-z0-9]{1,32}$ ]] || die "MTASTS_POLICY_ID_CMD gave \"$id\", not 1-32 letters and digits (RFC 8461 3.1)"
  case "$txt" in
    good|stale) echo "v=STSv1; id=$id" ;;
    STSv9) echo "v=STSv9; id=$id" ;;
    none) ;;
    *) die "cases.tsv: $name: unknown txt kind $txt" ;;
  esac >"$d/mta-sts-txt.txt"
  echo "v=TLSRPTv1; rua=mailto:tlsrpt@$ZONE" >"$d/tlsrpt-txt.txt"
  echo "10 $mxhost" >"$d/mx.txt"
  echo "$domain" >"$d/domain.txt"
  echo "$id" >"$d/policy-id.txt"
  echo "$query" >"$d/expected-query.txt"
  [ "$send" = - ] || echo "$send" >"$d/expected-send.txt"
  echo "$verdict" >"$d/expected-verdict.txt"
  echo "$what" >"$d/description.txt"

  policy_addr=127.0.0.43
  [ "$host" != worker ] || policy_addr=127.0.0.44
  {
    echo "$name MX 10 $mx"
    echo "mta-sts.$name A $policy_addr"
    [ ! -s "$d/mta-sts-txt.txt" ] || echo "_mta-sts.$name TXT \"$(cat "$d/mta-sts-txt.txt")\""
    echo "_smtp._tls.$name TXT \"$(cat "$d/tlsrpt-txt.txt")\""
  } >>"$zone"

  cert=policy-$name
  case "$host" in
    wrongname) cert=wrongname ;;
    expired) cert=expired ;;
    *) leaf "$cert" "mta-sts.$domain" ;;
  esac
  case "$host" in
    nginx|wrongname|expired) location="default_type text/plain; alias $d/policy.txt;" ;;
    html) location="default_type text/html; alias $d/policy.txt;" ;;
    redirect) location="return 301 https://mta-sts.enforce.$ZONE/.well-known/mta-sts.txt;" ;;
    worker) location="return 404;" ;;   # served by workerd on 127.0.0.44, not here
    *) die "cases.tsv: $name: unknown host kind $host" ;;
  esac
  nginx_servers+="
    server {
      listen 127.0.0.43:443 ssl;
      server_name mta-sts.$domain;
      ssl_certificate $RUN/certs/$cert.crt;
      ssl_certificate_key $RUN/certs/$cert.key;
      location = /.well-known/mta-sts.txt { $location }
      location / { return 404; }
    }"
done <"$here/cases.tsv"
cp "$here/cases.tsv" "$RUN/cases.tsv"

# ---- Hosted: two providers, each serving 100 delegated domains (and the broken ones) from one policy host --
# What serves them and the records are the core's, as mta-sts plan --hosted --out wrote them: the cloudflare shape
# by its Worker under workerd on 127.0.0.45, the aws shape by nginx on 127.0.0.46 from the bucket's files keyed by
# Host (what the CloudFront Function does). One certificate per provider holds every hosted name but nocert.*'s.
hosted_cases=0
if [ -n "$HOSTED" ]; then
  hosted_expect=$RUN/hosted/cases.tsv
  : >"$hosted_expect"
  for shape in cloudflare aws; do
    dst=$RUN/hosted/$shape
    cp -r "$HOSTED/$shape" "$dst"
    addr=127.0.0.45; [ "$shape" = cloudflare ] || addr=127.0.0.46
    policy_host=$(sed -n 's/^mta-sts\.[^ ]*\. [0-9]* IN CNAME \(.*\)\.$/\1/p' "$dst/owners.zone" | sort -u)
    [ "$(wc -l <<<"$policy_host")" -eq 1 ] || die "$shape/owners.zone: the mta-sts CNAMEs name more than one policy host"
    owners=$(sed -n 's/^mta-sts\.\([^ ]*\)\. [0-9]* IN CNAME .*/\1/p' "$dst/owners.zone")
    sans=DNS:$policy_host
    {
      cat "$dst/provider.zone" "$dst/owners.zone"
      echo "$policy_host. A $addr"
      for d in $owners; do
        mx=mx1; verdict=pass
        case "$d" in
          mxbad.*) mx=mx2; verdict=fail:mx.certificate.name ;;
          nocert.*) verdict=fail:policy-host.certificate.name ;;
          retiring.*) verdict=retiring ;;
        esac
        [[ "$d" == nocert.* ]] || sans+=",DNS:mta-sts.$d"
        echo "$d. MX 10 $mx.$ZONE."
        printf '%s\t%s\t%s\n' "$d" "$shape" "$verdict" >>"$hosted_expect"
        hosted_cases=$((hosted_cases + 1))
      done
    } >>"$zone"
    SANS=$sans leaf "hosted-$shape" "$policy_host"
  done
  # Delegations the providers do not serve: the owner of dangling.* kept CNAMEs to names its provider deleted, the
  # owner of otherprovider.* points at another provider, whose policy host has no certificate for it.
  cf=provider-cf.$ZONE other=other-provider.$ZONE
  {
    for d in dangling otherprovider; do
      echo "$d.hosted-cf.$ZONE. MX 10 mx1.$ZONE."
    done
    echo "mta-sts.dangling.hosted-cf.$ZONE. CNAME mta-sts.$cf."
    echo "_mta-sts.dangling.hosted-cf.$ZONE. CNAME dangling-hosted--cf-example-test._mta-sts.$cf."
    echo "_smtp._tls.dangling.hosted-cf.$ZONE. CNAME dangling-hosted--cf-example-test._smtp._tls.$cf."
    echo "mta-sts.otherprovider.hosted-cf.$ZONE. CNAME mta-sts.$other."
    echo "_mta-sts.otherprovider.hosted-cf.$ZONE. CNAME otherprovider._mta-sts.$other."
    echo "_smtp._tls.otherprovider.hosted-cf.$ZONE. CNAME otherprovider._smtp._tls.$other."
    echo "mta-sts.$other. A 127.0.0.43"
    echo "otherprovider._mta-sts.$other. TXT \"v=STSv1; id=otherprovider1\""
    echo "otherprovider._smtp._tls.$other. TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@$other\""
  } >>"$zone"
  printf '%s\t%s\t%s\n' "dangling.hosted-cf.$ZONE" delegation fail:dns.mta-sts-record \
    "otherprovider.hosted-cf.$ZONE" delegation fail:policy-host.tls >>"$hosted_expect"
  hosted_cases=$((hosted_cases + 2))
  nginx_servers+="
    server {
      # The aws shape: the CloudFront Function's Host -> object key (mta-sts.<domain>/.well-known/mta-sts.txt), over
      # the bucket's files; a Host without a file gets 404, as the bucket answers 403/404.
      listen 127.0.0.46:443 ssl default_server;
      ssl_certificate $RUN/certs/hosted-aws.crt;
      ssl_certificate_key $RUN/certs/hosted-aws.key;
      location = /.well-known/mta-sts.txt {
        root $RUN/hosted/aws/bucket/\$host;
        default_type text/plain;
        charset utf-8;
        add_header Cache-Control \"max-age=300\" always;
      }
      location / { return 404; }
    }"
fi
cat >"$RUN/world.env" <<EOF
# Addresses of the local test world (inside network namespace $NS)
MTASTS_NS=$NS
ZONE=$ZONE
DNS=127.0.0.53:53
POLICY_HOST=127.0.0.43:443
WORKER_HOST=127.0.0.44:443
HOSTED_CLOUDFLARE=127.0.0.45:443
HOSTED_AWS=127.0.0.46:443
HOSTED_CASES=$hosted_cases
MX1=127.0.0.25:25
MX2=127.0.0.26:25
SENDER=127.0.0.1:25
MTA_STS_DAEMON=127.0.0.1:8461
CA=$RUN/ca/ca.crt
EOF

# ---- The namespace ---------------------------------------------------------------------------------
ip netns add "$NS"
started=1
ip -n "$NS" link set lo up
for a in 25 26 43 44 45 46 53; do ip -n "$NS" addr add "127.0.0.$a/32" dev lo; done
mkdir -p "/etc/netns/$NS"
echo "nameserver 127.0.0.53" >"/etc/netns/$NS/resolv.conf"

# spawn NAME CMD...: start CMD in the namespace in its own session, log to .run/logs/NAME.log, record its PID.
# `setsid` and `ip netns exec` both exec, so $! is the daemon itself.
spawn() {
  local name=$1; shift
  setsid ip netns exec "$NS" "$@" </dev/null >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name.pid"
}

# ---- knot: authoritative for example.test on 127.0.0.53:53 ----------------------------------------
cat >"$RUN/knot/knot.conf" <<EOF
server:
  rundir: "$RUN/knot"
  listen: 127.0.0.53@53
database:
  storage: "$RUN/knot"
log:
  - target: stderr
    any: warning
template:
  - id: default
    storage: "$RUN/knot"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: $ZONE
    file: "$ZONE.zone"
EOF
spawn knot knotd -c "$RUN/knot/knot.conf"

# ---- nginx: the policy hosts on 127.0.0.43:443, one server per case chosen by SNI -----------------
cat >"$RUN/nginx/nginx.conf" <<EOF
daemon off;
user root;
worker_processes 1;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 512; }
http {
  access_log $RUN/nginx/access.log;
  client_body_temp_path $RUN/nginx/tmp/body;
  proxy_temp_path $RUN/nginx/tmp/proxy;
  fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
  uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
  scgi_temp_path $RUN/nginx/tmp/scgi;
  types { }
  server_tokens off;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen 127.0.0.43:443 ssl default_server;
    ssl_reject_handshake on;
  }$nginx_servers
}
EOF
spawn nginx nginx -p "$RUN/nginx" -e "$RUN/nginx/error.log" -c "$RUN/nginx/nginx.conf"

# ---- workerd: the worker case's policy host on 127.0.0.44:443 -------------------------------------
worker_js=${MTASTS_WORKER_JS:-}
if [ -z "$worker_js" ]; then
  worker_js=$RUN/worker.js
  policy_json=$(python3 -c 'import json, sys; print(json.dumps(sys.stdin.read()))' <"$RUN/cases/worker/policy.txt")
  cat >"$worker_js" <<EOF
// Placeholder for the Worker that WorkerScript.Render makes: serves the worker case's policy.
const POLICY = $policy_json;
const PATH = "/.well-known/mta-sts.txt";

export default {
  async fetch(request) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed\n", { status: 405, headers: { "allow": "GET, HEAD" } });
    }
    if (new URL(request.url).pathname !== PATH) {
      return new Response("not found\n", { status: 404 });
    }
    return new Response(request.method === "HEAD" ? null : POLICY, {
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "max-age=300" },
    });
  },
};
EOF
fi
spawn workerd "$here/workerd.sh" "$RUN/workerd" "$worker_js" 127.0.0.44:443 \
  "$RUN/certs/policy-worker.crt" "$RUN/certs/policy-worker.key"

if [ -n "$HOSTED" ]; then
  spawn workerd-hosted "$here/workerd.sh" "$RUN/workerd-hosted" "$RUN/hosted/cloudflare/worker.js" 127.0.0.45:443 \
    "$RUN/certs/hosted-cloudflare.crt" "$RUN/certs/hosted-cloudflare.key"
fi

# ---- Postfix: two MX (good / wrong-name certificate) and the sender -------------------------------
# postfix_instance NAME: writes .run/NAME/etc/{main.cf,master.cf} (the config directory; the queue
# must not lie inside it); main.cf lines come on stdin.
postfix_instance() {
  local dir=$RUN/$1
  mkdir -p "$dir/etc" "$dir/queue" "$dir/data"
  chown postfix "$dir/data"
  {
    echo "compatibility_level = 3.6"
    echo "queue_directory = $dir/queue"
    echo "data_directory = $dir/data"
    echo "maillog_file = $dir/maillog"
    echo "maillog_file_prefixes = $RUN"
    echo "inet_protocols = ipv4"
    echo "mynetworks = 127.0.0.0/8"
    echo "mydestination ="
    echo "alias_maps ="
    echo "alias_database ="
    echo "biff = no"
    echo "smtputf8_enable = no"
    cat
  } >"$dir/etc/main.cf"
  # Every service unchrooted; no pickup (mail comes in by SMTP only).
  cat >"$dir/etc/master.cf" <<'EOF'
smtp      inet  n       -       n       -       -       smtpd
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}
mx_instance() {
  local name=$1 addr=$2
  mkdir -p "$RUN/$name/mail"
  chown nobody:nogroup "$RUN/$name/mail"
  postfix_instance "$name" <<EOF
myhostname = $name.$ZONE
inet_interfaces = $addr
virtual_mailbox_domains = static:all
virtual_mailbox_base = $RUN/$name/mail
virtual_mailbox_maps = static:postmaster/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_tls_security_level = may
smtpd_tls_cert_file = $RUN/certs/$name.crt
smtpd_tls_key_file = $RUN/certs/$name.key
smtpd_tls_loglevel = 1
EOF
}
mx_instance mx1 127.0.0.25
mx_instance mx2 127.0.0.26
postfix_instance sender <<EOF
myhostname = sender.$ZONE
inet_interfaces = 127.0.0.1
smtpd_relay_restrictions = permit_mynetworks, reject
smtp_tls_security_level = may
smtp_tls_policy_maps = socketmap:inet:127.0.0.1:8461:postfix
smtp_tls_CAfile = $RUN/ca/ca.crt
smtp_tls_loglevel = 1
smtp_connect_timeout = 5s
EOF

# ---- mta-sts-daemon: the sender's MTA-STS policy source on 127.0.0.1:8461 -------------------------
cat >"$RUN/daemon/mta-sts-daemon.yml" <<EOF
host: 127.0.0.1
port: 8461
reuse_port: true
shutdown_timeout: 1
cache:
  type: internal
  options:
    cache_size: 10000
default_zone:
  strict_testing: false
  timeout: 4
EOF
spawn daemon env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY \
  SSL_CERT_FILE="$RUN/ca/ca.crt" SSL_CERT_DIR="$RUN/ca" \
  mta-sts-daemon -c "$RUN/daemon/mta-sts-daemon.yml" -v info

# The three Postfix instances start side by side. Postfix writes why it failed only to a terminal:
# run it under script(1) and keep that output.
declare -A starting
for p in mx1 mx2 sender; do
  in_ns script -qec "postfix -c $RUN/$p/etc start" "$RUN/$p/start.log" </dev/null >/dev/null &
  starting[$p]=$!
done
for p in mx1 mx2 sender; do
  wait "${starting[$p]}" || die "postfix $p did not start: $(tr -d '\r' <"$RUN/$p/start.log" | tail -n 5)"
  cp "$RUN/$p/queue/pid/master.pid" "$RUN/pids/postfix-$p.pid"
done

# ---- Ready? Each listener answers within a bounded wait -------------------------------------------
listening() { in_ns bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
for l in knot:127.0.0.53:53 nginx:127.0.0.43:443 workerd:127.0.0.44:443 daemon:127.0.0.1:8461 \
         postfix-mx1:127.0.0.25:25 postfix-mx2:127.0.0.26:25 postfix-sender:127.0.0.1:25 \
         ${HOSTED:+workerd-hosted:127.0.0.45:443 nginx:127.0.0.46:443}; do
  IFS=: read -r who addr port <<<"$l"
  read -r pid <"$RUN/pids/$who.pid"
  for _ in $(seq 100); do
    listening "$addr" "$port" && continue 2
    kill -0 "$pid" 2>/dev/null || die "$who (PID $pid) exited before listening on $addr:$port"
    sleep 0.1
  done
  die "$who is not listening on $addr:$port after 10 s"
done
answer=$(in_ns kdig +short +time=2 +retry=0 @127.0.0.53 TXT "_mta-sts.enforce.$ZONE")
[ -n "$answer" ] || die "knot does not answer for $ZONE"

trap - EXIT
log "up in namespace $NS: ${#cases[@]} cases (${cases[*]}), $hosted_cases hosted domains; run directory $RUN"
