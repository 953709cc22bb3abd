#!/usr/bin/env bash
# The verification gate of the pipeline (mta-sts.yml beside this file): checks the deployed domains the way a sending
# MTA does, with `mta-sts verify --json`, and fails when any check fails.
#
#   verify-gate.sh OUT_DIR DOMAIN [DOMAIN ...] [mta-sts verify options, e.g. --no-smtp, --dns-server IP, --ca-file PEM]
#
# Writes OUT_DIR/verify.json (the report, docs/verify-json.md), prints every failing and warning check with its RFC
# section and fix, appends the same to the GitHub job summary when $GITHUB_STEP_SUMMARY is set, and exits with
# mta-sts verify's code: 0 nothing failed, 1 a check failed, 2 usage error. The command is $MTA_STS (default:
# `mta-sts` on PATH, as `dotnet tool install --global Mail.MtaSts.Cli` puts it).
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: verify-gate.sh OUT_DIR DOMAIN [DOMAIN ...] [mta-sts verify options]" >&2; exit 2; }
out=$1; shift
read -r -a mta_sts <<<"${MTA_STS:-mta-sts}"
mkdir -p "$out" || exit 2

"${mta_sts[@]}" verify "$@" --json >"$out/verify.json"
code=$?
if [ "$code" -ge 2 ]; then echo "verify-gate: mta-sts verify exited $code (usage error: see above)" >&2; exit "$code"; fi

# The report as lines a reader acts on: one per failed or warning check.
python3 - "$out/verify.json" "${GITHUB_STEP_SUMMARY:-}" <<'PY' || code=2
import json, sys
report = json.load(open(sys.argv[1]))
if report.get("schema") != "mta-sts-verify/1":
    sys.exit(f"verify-gate: unexpected schema {report.get('schema')!r} in {sys.argv[1]}")
lines = []
for domain in report["domains"]:
    counts = {}
    for check in domain["checks"]:
        counts[check["status"]] = counts.get(check["status"], 0) + 1
    verdict = "FAILED" if domain["failed"] else "passed"
    mode = domain["policy"]["mode"] if domain["policy"] else "no policy"
    lines.append(f"{domain['domain']}: {verdict} ({mode}; " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + ")")
    for check in domain["checks"]:
        if check["status"] in ("fail", "warn"):
            fix = f" Fix: {check['fix']}" if check["fix"] else ""
            section = f" ({check['section']})" if check["section"] else ""
            lines.append(f"  {check['status']} {check['id']}: {check['message']}{section}.{fix}")
print("\n".join(lines))
if sys.argv[2]:
    with open(sys.argv[2], "a", encoding="utf-8") as summary:
        summary.write("### mta-sts verify\n\n```\n" + "\n".join(lines) + "\n```\n")
PY
if [ "$code" -eq 0 ]; then echo "verify-gate: every domain passed"; else echo "verify-gate: a check failed (exit $code)"; fi
exit "$code"
