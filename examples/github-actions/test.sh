#!/usr/bin/env bash
# Runs the scripts mta-sts.yml calls (verify-gate.sh, summarize-reports.sh) against the local world of real servers
# (tests/world), so that the workflow stays true. Run by `./build.sh test` inside the world's network namespace with
# MTASTS_WORLD set; alone: `tests/world/up.sh`, then
#   ip netns exec "$MTASTS_NS" env MTASTS_WORLD=/run/mtasts-world/$MTASTS_NS examples/github-actions/test.sh
# The mta-sts command is $MTA_STS (build.sh gives the tool tests/packaging installed from the packages), else the
# CLI build.sh built. Prints PASS/FAIL per check; the last line is "github-actions: N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export MTA_STS=${MTA_STS:-dotnet $root/components/Mail.MtaSts.Cli/bin/Debug/net8.0/Mail.MtaSts.Cli.dll}
work=$(mktemp -d /tmp/mtasts-github-actions.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "github-actions: mta-sts is $MTA_STS"

passed=0 failed=0
check() { local name=$1; shift; local why; if why=$("$@" 2>&1); then echo "PASS $name"; passed=$((passed + 1)); else echo "FAIL $name: ${why:-failed}"; failed=$((failed + 1)); fi; }

world=${MTASTS_WORLD:-}
world_args=(--dns-server 127.0.0.53 --ca-file "$world/ca/ca.crt")
world_is_up() { [ -n "$world" ] && [ -f "$world/ca/ca.crt" ] || { echo "MTASTS_WORLD is not set or the world is not up (tests/world/up.sh)"; return 1; }; }

# The gate lets a good deployment through: the world's enforce, testing and Worker-hosted domains pass every check.
gate_passes_good_domains() {
  world_is_up || return 1
  local out=$work/good text code
  text=$(GITHUB_STEP_SUMMARY=$work/good-summary.md "$here/verify-gate.sh" "$out" enforce.example.test testing.example.test \
    worker.example.test "${world_args[@]}"); code=$?
  [ $code -eq 0 ] || { echo "exit $code: $text"; return 1; }
  python3 - "$out/verify.json" <<'PY' || return 1
import json, sys
r = json.load(open(sys.argv[1]))
bad = [d["domain"] for d in r["domains"] if d["failed"]]
got = [(d["domain"], d["policy"]["mode"] if d["policy"] else None) for d in r["domains"]]
want = [("enforce.example.test", "enforce"), ("testing.example.test", "testing"), ("worker.example.test", "enforce")]
if r["failed"] or bad or got != want:
    sys.exit(f"report: failed={r['failed']} {bad} {got}")
PY
  grep -q '^enforce.example.test: passed (enforce; ' <<<"$text" && grep -q '^verify-gate: every domain passed$' <<<"$text" \
    || { echo "printed: $text"; return 1; }
  grep -q '^### mta-sts verify$' "$work/good-summary.md" && grep -q '^worker.example.test: passed' "$work/good-summary.md" \
    || { echo "job summary: $(cat "$work/good-summary.md")"; return 1; }
}
check "verify-gate.sh passes the world's good domains (exit 0, report, job summary)" gate_passes_good_domains

# The gate stops a bad one and says why: mx2's certificate names another host, under enforce (RFC 8461 §4).
gate_fails_a_bad_mx_under_enforce() {
  world_is_up || return 1
  local text code
  text=$("$here/verify-gate.sh" "$work/bad" mxbad-enforce.example.test "${world_args[@]}"); code=$?
  [ $code -eq 1 ] || { echo "exit $code, expected 1: $text"; return 1; }
  grep -q '^mxbad-enforce.example.test: FAILED (enforce; ' <<<"$text" && grep -qE '^  fail mx\.[a-z.-]+: .*mx2\.example\.test.*\(RFC [0-9]+ §' <<<"$text" \
    && grep -q '^verify-gate: a check failed (exit 1)$' <<<"$text" || { echo "printed: $text"; return 1; }
  grep -q '"failed": true' "$work/bad/verify.json" || { echo "verify.json does not say failed"; return 1; }
}
check "verify-gate.sh fails a domain whose MX certificate is wrong under enforce (exit 1, names the MX and the RFC)" gate_fails_a_bad_mx_under_enforce

gate_refuses_usage_errors() {
  local code
  "$here/verify-gate.sh" "$work/usage" >/dev/null 2>&1; code=$?
  [ $code -eq 2 ] || { echo "no domain: exit $code, expected 2"; return 1; }
  "$here/verify-gate.sh" "$work/usage" example.test --timeout nonsense >/dev/null 2>&1; code=$?
  [ $code -eq 2 ] || { echo "bad option: exit $code, expected 2"; return 1; }
}
check "verify-gate.sh exits 2 on a usage error" gate_refuses_usage_errors

# The summary job: reports laid out as the endpoint stores them (docs/reports-endpoint.md), as `aws s3 sync` brings
# them down, from the repository's corpus of real reports (tests/Mail.MtaSts.Tests/Corpus/tlsrpt, SOURCES.md there).
corpus=$root/tests/Mail.MtaSts.Tests/Corpus/tlsrpt
synced=$work/tls-reports
lay_out() { # lay_out FILE DOMAIN DAY GZIP
  local dir=$synced/$2/$3 name
  name=$(date -u +%Y%m%dT%H%M%SZ)-$(sha256sum "$1" | cut -c1-32).json
  mkdir -p "$dir"
  if [ "$4" = gzip ]; then gzip -c "$1" >"$dir/$name.gz"; else cp "$1" "$dir/$name"; fi
}
lay_out "$corpus/parsedmarc-smtp_tls.json" example.com 2024-01-09 gzip
lay_out "$corpus/parsedmarc-mail.ru.json" example.com 2024-02-22 plain
lay_out "$corpus/parsedmarc-empty_failure_detail_fields.json" example.com 2024-06-01 gzip
lay_out "$corpus/parsedmarc-rfc8460.json" company-y.example 2016-04-01 plain

summary_adds_up_the_synced_reports() {
  local out=$work/summary text code
  text=$("$here/summarize-reports.sh" "$synced" "$out"); code=$?
  [ $code -eq 0 ] || { echo "exit $code: $text"; return 1; }
  # The expected sums, read from the reports themselves (RFC 8460 §4.4 summary counts).
  python3 - "$out/tls-reports.json" "$corpus" <<'PY' || return 1
import json, sys, os
summary, corpus = json.load(open(sys.argv[1])), sys.argv[2]
want = {}
for f in ("parsedmarc-smtp_tls.json", "parsedmarc-mail.ru.json", "parsedmarc-empty_failure_detail_fields.json", "parsedmarc-rfc8460.json"):
    for p in json.load(open(os.path.join(corpus, f)))["policies"]:
        ok, bad = want.get(p["policy"]["policy-domain"], (0, 0))
        want[p["policy"]["policy-domain"]] = (ok + p["summary"]["total-successful-session-count"], bad + p["summary"]["total-failure-session-count"])
got = {d["policyDomain"]: (d["successfulSessions"], d["failedSessions"]) for d in summary["domains"]}
if summary["reports"] != 4 or summary["rejected"] != 0 or got != want:
    sys.exit(f"summary: reports={summary['reports']} rejected={summary['rejected']} {got} != {want}")
PY
  grep -q 'example.com' "$out/tls-reports.html" && grep -q 'company-y.example' "$out/tls-reports.html" \
    && grep -qi '<svg' "$out/tls-reports.html" || { echo "the page lacks a domain or its chart"; return 1; }
  grep -q '^4 reports, 0 refused, 0 duplicates$' <<<"$text" || { echo "printed: $text"; return 1; }
}
check "summarize-reports.sh turns synced reports into the page and JSON, with the reports' own session sums" summary_adds_up_the_synced_reports

summary_names_a_stored_file_it_cannot_read() {
  local out=$work/summary-refused text code
  mkdir -p "$synced/example.com/2024-06-02" && printf '{"not": "a report"}' >"$synced/example.com/2024-06-02/junk.json"
  text=$("$here/summarize-reports.sh" "$synced" "$out" 2>&1); code=$?
  rm -r "$synced/example.com/2024-06-02"
  [ $code -eq 0 ] || { echo "exit $code: $text"; return 1; }
  grep -q '^::warning title=TLS report not read::refused: .*junk.json' <<<"$text" || { echo "printed: $text"; return 1; }
  grep -q '"rejected": 1' "$out/tls-reports.json" && [ -s "$out/tls-reports.html" ] || { echo "no page, or rejected is not 1"; return 1; }
}
check "summarize-reports.sh writes the page anyway and names an unreadable stored file as a warning" summary_names_a_stored_file_it_cannot_read

echo "github-actions: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
