#!/usr/bin/env bash
# The TLS report summary of the pipeline (the `reports` job of mta-sts.yml beside this file).
#
#   summarize-reports.sh REPORTS_DIR OUT_DIR [mta-sts reports summarize options, e.g. --since 2026-11-01]
#
# REPORTS_DIR holds the reports as the report endpoint stored them (docs/reports-endpoint.md:
# reports/<policy-domain>/<YYYY-MM-DD>/<time>-<id>.json[.gz], synced from its bucket); any layout of report files,
# e-mails, mboxes or Maildirs works. Writes OUT_DIR/tls-reports.html (one self-contained page) and
# OUT_DIR/tls-reports.json (docs/reports-json.md) and prints one line per domain. Reports that cannot be read are named
# as warnings (GitHub annotations when run in Actions) and the page is still written; exit 2 on a usage error or when
# nothing was written. The command is $MTA_STS (default: `mta-sts` on PATH).
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: summarize-reports.sh REPORTS_DIR OUT_DIR [mta-sts reports summarize options]" >&2; exit 2; }
reports=$1 out=$2; shift 2
read -r -a mta_sts <<<"${MTA_STS:-mta-sts}"
[ -d "$reports" ] || { echo "summarize-reports: no reports directory $reports" >&2; exit 2; }
mkdir -p "$out" || exit 2

"${mta_sts[@]}" reports summarize "$reports" "$@" --json --html "$out/tls-reports.html" >"$out/tls-reports.json" 2>"$out/refused.txt"
code=$?
cat "$out/refused.txt" >&2
case $code in
  0) ;;
  1) while IFS= read -r line; do echo "::warning title=TLS report not read::$line"; done <"$out/refused.txt" ;;
  *) echo "summarize-reports: mta-sts reports summarize exited $code" >&2; exit 2 ;;
esac
[ -s "$out/tls-reports.html" ] && [ -s "$out/tls-reports.json" ] || { echo "summarize-reports: nothing written to $out" >&2; exit 2; }

python3 - "$out/tls-reports.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
print(f"{summary['reports']} reports, {summary['rejected']} refused, {summary['duplicates']} duplicates")
for d in summary["domains"]:
    print(f"{d['policyDomain'] or '(none)'}: {d['successfulSessions']} sessions succeeded, {d['failedSessions']} failed "
          f"({d['failureRate']:.2%})")
PY
