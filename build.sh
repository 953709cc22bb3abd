#!/usr/bin/env bash
# Restore, build and test every project that can be restored here.
#
#   ./build.sh build   restore, build (analyzers as errors) and check the format (dotnet format --verify-no-changes)
#   ./build.sh test    restore, build, install (idempotent) and bring up the local test world (tests/world,
#                      needs root), run every test project inside it - tests/Mail.MtaSts.World.Tests, the ones
#                      that need the world, fail when it is not up - and the script suites (tests/packaging/check.sh:
#                      pack, install the tool, build a consumer; examples/github-actions/test.sh: the workflow's
#                      scripts against the world), and tear the world down; the last line is
#                      "N passed, N failed, N skipped". The other test projects pass with a plain `dotnet test`.
#
# A project whose NuGet packages are not served by the reachable registries (the Pulumi packages, on
# machines without nuget.org) is named with the missing package ids and counted as skipped. Any other
# failure - a restore error of another kind, a compile error, a failing test - makes the run fail.
set -uo pipefail
cd "$(dirname "$0")"
mode=${1:-test}
case "$mode" in build|test) ;; *) echo "usage: ./build.sh build|test" >&2; exit 2 ;; esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=.build
rm -rf "$out" && mkdir -p "$out"

projects=(components/*/*.csproj tests/*/*.csproj bench/*/*.csproj examples/*/*.csproj)
built=() skipped_projects=() failures=0

for p in "${projects[@]}"; do
  [ -f "$p" ] || continue
  name=$(basename "$p" .csproj)
  log="$out/restore-$name.log"
  if ! dotnet restore "$p" >"$log" 2>&1; then
    errors=$(grep -E ': error ' "$log" | sort -u)
    unserved=$(grep -E ': error NU110[123]:' "$log" | sed -E 's/.*Unable to find package ([^ .]+(\.[A-Za-z0-9]+)*)\..*/\1/' | sort -u)
    if [ -n "$errors" ] && [ -z "$(grep -vE ': error NU110[123]:' <<<"$errors")" ]; then
      echo "SKIPPED $name: packages not served by the reachable NuGet registries: $(tr '\n' ' ' <<<"$unserved")"
      skipped_projects+=("$name")
      continue
    fi
    echo "FAILED restore of $name:"; cat "$log"; failures=$((failures + 1)); continue
  fi
  built+=("$p")
done

for p in "${built[@]}"; do
  name=$(basename "$p" .csproj)
  if ! dotnet build "$p" --no-restore -nologo -v:q -clp:NoSummary >"$out/build-$name.log" 2>&1; then
    echo "FAILED build of $name:"; grep -E 'error' "$out/build-$name.log" | sort -u; failures=$((failures + 1))
  # The .editorconfig style, checked per project (a project's own files only): fix with `dotnet format <project>`.
  elif ! dotnet format "$p" --verify-no-changes --no-restore >"$out/format-$name.log" 2>&1; then
    echo "FAILED format of $name (run: dotnet format $p):"; grep -E 'error' "$out/format-$name.log" | sed -E 's/ \[.*//' | sort -u | head -20
    failures=$((failures + 1))
  fi
done

if [ "$mode" = build ]; then
  echo "built ${#built[@]} projects, skipped ${#skipped_projects[@]}: ${skipped_projects[*]:-none}"
  [ "$failures" -eq 0 ]; exit
fi

# The local world of real servers (DNS, HTTPS, SMTP, a real MTA-STS sender) for the end-to-end tests.
run=()
if [ -x tests/world/up.sh ]; then
  if ! tests/world/install.sh; then echo "FAILED to install the test world (tests/world/install.sh)"; exit 1; fi
  # The world's state lives outside the checkout (its daemons' users must reach it; see tests/world/README.md).
  export MTASTS_NS=${MTASTS_NS:-mtasts}
  export MTASTS_WORLD=${MTASTS_WORLD:-/run/mtasts-world/$MTASTS_NS}
  # The worker case serves the Worker script the core renders (the one the Pulumi component deploys).
  export MTASTS_WORKER_JS=$PWD/$out/world/worker.js MTASTS_WORKER_POLICY=$PWD/$out/world/.well-known/mta-sts.txt
  if ! dotnet run --no-build --project components/Mail.MtaSts.Cli -- plan --domain worker.example.test \
      --mx mx1.example.test --mode enforce --max-age 86400 --out "$out/world" >/dev/null; then
    echo "FAILED to render the worker case's script with mta-sts plan --out"; exit 1
  fi
  # The hosted case: two providers' domains, served and published as the core plans them (tests/world/hosted/).
  export MTASTS_HOSTED=$PWD/$out/world/hosted
  for shape in cloudflare aws; do
    if ! dotnet run --no-build --project components/Mail.MtaSts.Cli -- plan --hosted "tests/world/hosted/$shape.json" \
        --out "$MTASTS_HOSTED/$shape" >/dev/null; then
      echo "FAILED to render the hosted case ($shape) with mta-sts plan --hosted --out"; exit 1
    fi
  done
  if ! tests/world/up.sh; then echo "FAILED to bring up the test world (tests/world/up.sh)"; tests/world/down.sh; exit 1; fi
  trap 'tests/world/down.sh' EXIT
  run=(ip netns exec "$MTASTS_NS" env MTASTS_WORLD="$MTASTS_WORLD")
fi

passed=0 failed=0 skipped=${#skipped_projects[@]}
for p in "${built[@]}"; do
  case "$p" in tests/*) ;; *) continue ;; esac
  name=$(basename "$p" .csproj)
  echo "== $name"
  "${run[@]}" dotnet test "$p" --no-build --logger "trx;LogFileName=$PWD/$out/$name.trx" --logger "console;verbosity=minimal" \
    >"$out/test-$name.log" 2>&1
  code=$?
  tail -n 60 "$out/test-$name.log"
  trx="$out/$name.trx"
  if [ ! -f "$trx" ]; then echo "FAILED $name: no test results"; failures=$((failures + 1)); continue; fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  total=$(get total) executed=$(get executed) p_ok=$(get passed) p_bad=$(get failed)
  passed=$((passed + p_ok)); failed=$((failed + p_bad)); skipped=$((skipped + total - executed))
  [ "$total" -gt 0 ] || { echo "FAILED $name: no tests found"; failures=$((failures + 1)); }
  [ "$code" -eq 0 ] || [ "$p_bad" -gt 0 ] || { echo "FAILED $name: dotnet test exited $code"; failures=$((failures + 1)); }
done

# Script suites: each prints PASS/FAIL/SKIPPED per check and ends with "<suite>: N passed, N failed, N skipped",
# counted like the test projects. tests/packaging: pack, install the tool, build a consumer (outside the world: it
# restores from NuGet). examples/github-actions: the workflow's scripts against the world, through that tool.
for suite in tests/packaging/check.sh examples/github-actions/test.sh; do
  log="$out/suite-$(basename "$(dirname "$suite")").log"
  wrap=()
  case $suite in
    examples/*) wrap=("${run[@]}"); [ -x "$out/packaging/tools/mta-sts" ] && wrap+=(env MTA_STS="$PWD/$out/packaging/tools/mta-sts") ;;
  esac
  echo "== $suite"
  "${wrap[@]}" "$suite" >"$log" 2>&1
  code=$?
  cat "$log"
  counts=$(tail -n 1 "$log" | sed -nE 's/^[a-z-]+: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/p')
  if [ -z "$counts" ]; then echo "FAILED $suite: no summary line (exit $code)"; failures=$((failures + 1)); continue; fi
  read -r s_ok s_bad s_skip <<<"$counts"
  passed=$((passed + s_ok)); failed=$((failed + s_bad)); skipped=$((skipped + s_skip))
  [ "$code" -eq 0 ] || [ "$s_bad" -gt 0 ] || { echo "FAILED $suite: exited $code"; failures=$((failures + 1)); }
done

if [ ${#run[@]} -gt 0 ]; then tests/world/down.sh; trap - EXIT; fi
[ ${#skipped_projects[@]} -eq 0 ] || echo "skipped projects (each counted as one skipped): ${skipped_projects[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failures" -eq 0 ] && [ "$failed" -eq 0 ]
