#!/usr/bin/env bash
# Serve one ES-module Worker script under workerd (the Cloudflare Workers runtime) over HTTPS.
#   workerd.sh DIR WORKER_JS ADDRESS:PORT CERT_PEM KEY_PEM
# Copies the script, certificate and key into DIR, writes DIR/config.capnp and runs workerd in the
# foreground (exec, so the caller's PID is workerd's). Key: PKCS#8 PEM (openssl genpkey makes it).
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: workerd.sh DIR WORKER_JS ADDRESS:PORT CERT_PEM KEY_PEM" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
cp "$2" "$dir/worker.js"
cp "$4" "$dir/cert.pem"
cp "$5" "$dir/key.pem"
# embed paths are relative to this file: an absolute one would be read as an import path.
cat >"$dir/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "policy", worker = .policyWorker) ],
  sockets = [
    ( name = "https", address = "$3", service = "policy",
      https = ( options = (), tlsOptions = ( keypair = (
        privateKey = embed "key.pem", certificateChain = embed "cert.pem" ) ) ) ),
  ],
);

const policyWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-01-01",
);
CAPNP
exec "$here/workerd/node_modules/.bin/workerd" serve "$dir/config.capnp"
