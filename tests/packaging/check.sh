#!/usr/bin/env bash
# The packages as a user meets them (issue 13 items 1, 2). Run by `./build.sh test`; runs alone too:
#
#   tests/packaging/check.sh [OUT]      OUT defaults to .build/packaging (deleted first)
#
# 1. Packs every packable project under components/ (Release, as CI builds: ContinuousIntegrationBuild) into OUT/feed
#    and checks each package: id, the one version, licence expression, README, repository, XML docs and assemblies
#    for net8.0 and net10.0 (the tool: one net8.0 build rolling forward), a symbols package, no local path in the
#    binaries. A project whose NuGet packages are not served here (the Pulumi ones) is SKIPPED, named with the
#    missing packages, as build.sh does.
# 2. Installs the `mta-sts` tool from OUT/feed into a fresh --tool-path and runs `mta-sts --version`, `plan` and
#    `lint` through it, checking what they print.
# 3. Generates a throwaway consumer project in a temp dir that restores Mail.MtaSts and Mail.MtaSts.Verification
#    from OUT/feed only (their dependencies from the machine's usual NuGet sources), builds it for net8.0 and
#    net10.0, runs it on net10.0 (no .NET 8 runtime here) and checks that it computes what the tool printed.
#
# Prints PASS/FAIL/SKIPPED per check; the last line is "packaging: N passed, N failed, N skipped". Exit 0 iff none failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=${1:-.build/packaging}
rm -rf "$out" && mkdir -p "$out/feed" "$out/logs" && out=$(cd "$out" && pwd)
feed=$out/feed logs=$out/logs
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# What is restored from the feed goes to a package cache of this run only, so that a package packed earlier with the
# same version can never stand in for the one just packed; the usual cache is the fallback for everything else.
usual_cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
fresh=(env NUGET_PACKAGES="$out/nuget-packages")

passed=0 failed=0 skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
skip() { echo "SKIPPED $1"; skipped=$((skipped + 1)); }
# check NAME COMMAND...: one check, passed when COMMAND succeeds; COMMAND prints why when it fails.
check() { local name=$1; shift; local why; if why=$("$@" 2>&1); then pass "$name"; else fail "$name: ${why:-failed}"; fi; }

version=$(dotnet msbuild components/Mail.MtaSts/Mail.MtaSts.csproj -nologo -getProperty:Version)
echo "packaging: version $version (Directory.Build.props), feed $feed"

# NuGet sources: the feed for our packages only, the machine's usual sources for everything else.
mapfile -t usual < <(dotnet nuget list source --format detailed 2>/dev/null | sed -nE 's/^ *[0-9]+\. +(.+) \[Enabled\]$/\1/p')
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo "  <packageSources><add key=\"mtasts-feed\" value=\"$feed\" /></packageSources>"
  echo "  <fallbackPackageFolders><add key=\"usual\" value=\"$usual_cache\" /></fallbackPackageFolders>"
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="mtasts-feed"><package pattern="Mail.MtaSts" /><package pattern="Mail.MtaSts.*" /></packageSource>'
  for key in "${usual[@]}"; do echo "    <packageSource key=\"$key\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$out/nuget.config"

# ---- 1. pack -----------------------------------------------------------------------------------------------------
packed=()
for p in components/*/*.csproj; do
  name=$(basename "$p" .csproj)
  [ "$(dotnet msbuild "$p" -nologo -getProperty:IsPackable)" = true ] || continue
  if ! dotnet restore "$p" >"$logs/restore-$name.log" 2>&1; then
    errors=$(grep -E ': error ' "$logs/restore-$name.log" | sort -u)
    unserved=$(grep -E ': error NU110[123]:' "$logs/restore-$name.log" | sed -E 's/.*Unable to find package ([^ .]+(\.[A-Za-z0-9]+)*)\..*/\1/' | sort -u)
    if [ -n "$errors" ] && [ -z "$(grep -vE ': error NU110[123]:' <<<"$errors")" ]; then
      skip "pack $name: packages not served by the reachable NuGet registries: $(tr '\n' ' ' <<<"$unserved")"
    else
      fail "pack $name: restore failed: $(head -c 2000 <<<"$errors")"
    fi
    continue
  fi
  if dotnet pack "$p" --no-restore -c Release -o "$feed" -p:ContinuousIntegrationBuild=true -nologo >"$logs/pack-$name.log" 2>&1; then
    pass "pack $name"; packed+=("$name")
  else
    fail "pack $name: $(grep -E 'error' "$logs/pack-$name.log" | sort -u | head -20)"
  fi
done

# What every package must hold; prints what is missing.
package_is_complete() {
  local id=$1 nupkg="$feed/$1.$version.nupkg" snupkg="$feed/$1.$version.snupkg" problems=() files symbols nuspec tfm kind
  [ -f "$nupkg" ] || { echo "no $nupkg"; return 1; }
  # Read into variables first: `unzip | grep -q` fails under pipefail when grep stops reading early.
  files=$(unzip -Z1 "$nupkg") symbols=$(unzip -Z1 "$snupkg" 2>/dev/null) nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  grep -q "<id>$id</id>" <<<"$nuspec" || problems+=("id is not $id")
  grep -q "<version>$version</version>" <<<"$nuspec" || problems+=("version is not $version")
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || problems+=("no MIT licence expression")
  grep -q '<readme>README.md</readme>' <<<"$nuspec" && grep -qx 'README.md' <<<"$files" || problems+=("no README.md")
  grep -qE '<repository type="git" url="https://[^"]+" .*commit="[0-9a-f]{40}"' <<<"$nuspec" || problems+=("no repository url and commit")
  grep -q '<description>' <<<"$nuspec" || problems+=("no description")
  if grep -q 'DotnetTool' <<<"$nuspec"; then kind=tools; else kind=lib; fi
  if [ $kind = lib ]; then
    for tfm in net8.0 net10.0; do
      grep -qx "lib/$tfm/$id.dll" <<<"$files" || problems+=("no lib/$tfm/$id.dll")
      grep -qx "lib/$tfm/$id.xml" <<<"$files" || problems+=("no XML docs for $tfm")
      grep -qx "lib/$tfm/$id.pdb" <<<"$symbols" || problems+=("no lib/$tfm/$id.pdb in $(basename "$snupkg")")
    done
  else
    # The tool: one net8.0 build that rolls forward to any later runtime.
    grep -qx "tools/net8.0/any/$id.dll" <<<"$files" || problems+=("no tools/net8.0/any/$id.dll")
    grep -qx "tools/net8.0/any/$id.pdb" <<<"$symbols" || problems+=("no tools/net8.0/any/$id.pdb in $(basename "$snupkg")")
    grep -q 'Name="mta-sts"' <<<"$(unzip -p "$nupkg" tools/net8.0/any/DotnetToolSettings.xml)" || problems+=("no mta-sts command")
    grep -q '"rollForward": "Major"' <<<"$(unzip -p "$nupkg" "tools/net8.0/any/$id.runtimeconfig.json")" \
      || problems+=("does not roll forward to later runtimes")
  fi
  # Deterministic, as CI builds: source paths are mapped to /_/, the machine's paths appear nowhere.
  if [ "$({ unzip -p "$nupkg" '*.dll' '*.pdb'; unzip -p "$snupkg" '*.pdb'; } 2>/dev/null | grep -acF "$root/")" != 0 ]; then
    problems+=("a local path ($root) in the binaries or symbols")
  fi
  [ ${#problems[@]} -eq 0 ] || { printf '%s; ' "${problems[@]}"; return 1; }
}
for id in "${packed[@]}"; do check "package $id is complete" package_is_complete "$id"; done

# ---- 2. the tool ----------------------------------------------------------------------------------------------------
tools=$out/tools mta_sts=$out/tools/mta-sts work=$out/work
mkdir -p "$work"
if [[ " ${packed[*]} " != *" Mail.MtaSts.Cli "* ]]; then
  fail "tool: Mail.MtaSts.Cli was not packed"
elif ! "${fresh[@]}" dotnet tool install Mail.MtaSts.Cli --version "$version" --tool-path "$tools" --configfile "$out/nuget.config" \
    >"$logs/tool-install.log" 2>&1; then
  fail "tool install from the feed: $(cat "$logs/tool-install.log")"
else
  pass "tool install Mail.MtaSts.Cli $version into a fresh --tool-path"

  version_is_the_package_version() {
    local printed; printed=$("$mta_sts" --version) || { echo "exit $?"; return 1; }
    [ "$printed" = "$version" ] || { echo "printed \"$printed\", expected \"$version\""; return 1; }
  }
  check "mta-sts --version prints $version" version_is_the_package_version

  plan=(plan --domain example.com --mx mx1.example.com --mx '*.mail.example.net' --mode enforce --max-age 86400
        --rua mailto:tlsrpt@example.com)
  # The id in --json is the first 128 bits of SHA-256 of the exact bytes --out writes (RFC 8461 §3.1), and the
  # records are the ones the RFCs name.
  plan_json_matches_the_written_policy() {
    "$mta_sts" "${plan[@]}" --json >"$work/plan.json" || { echo "plan --json exit $?"; return 1; }
    "$mta_sts" "${plan[@]}" --out "$work/plan" >/dev/null || { echo "plan --out exit $?"; return 1; }
    local policy=$work/plan/.well-known/mta-sts.txt
    [ -s "$policy" ] && [ -s "$work/plan/worker.js" ] || { echo "plan --out wrote no policy or worker.js"; return 1; }
    python3 - "$work/plan.json" "$policy" <<'PY'
import hashlib, json, sys
plan, body = json.load(open(sys.argv[1])), open(sys.argv[2], "rb").read()
want_id = hashlib.sha256(body).hexdigest()[:32]
checks = {
    "policyId": (plan["policyId"], want_id),
    "policy": (plan["policy"].encode(), body),
    "policy text": (body, b"version: STSv1\nmode: enforce\nmx: mx1.example.com\nmx: *.mail.example.net\nmax_age: 86400\n"),
    "records": ({r["name"]: r["value"] for r in plan["records"]},
                {"_mta-sts.example.com": f"v=STSv1; id={want_id}", "_smtp._tls.example.com": "v=TLSRPTv1; rua=mailto:tlsrpt@example.com"}),
    "policyUrl": (plan["policyUrl"], "https://mta-sts.example.com/.well-known/mta-sts.txt"),
}
bad = [f"{k}: {got!r} != {want!r}" for k, (got, want) in checks.items() if got != want]
print("; ".join(bad)); sys.exit(1 if bad else 0)
PY
  }
  check "mta-sts plan --json and --out: the id is SHA-256 of the written bytes, both records" plan_json_matches_the_written_policy

  lint_accepts_the_planned_policy() {
    local text; text=$("$mta_sts" lint policy "$work/plan/.well-known/mta-sts.txt") || { echo "exit $?: $text"; return 1; }
    grep -q '^policy: valid' <<<"$text" || { echo "printed: $text"; return 1; }
    text=$("$mta_sts" lint sts-record "v=STSv1; id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policyId"])' "$work/plan.json")") \
      || { echo "sts-record exit $?: $text"; return 1; }
    grep -q 'record: valid' <<<"$text" || { echo "printed: $text"; return 1; }
  }
  check "mta-sts lint policy / sts-record accept what plan wrote" lint_accepts_the_planned_policy

  lint_refuses_a_corpus_policy() {
    local text code
    text=$("$mta_sts" lint policy tests/Mail.MtaSts.Tests/Corpus/policies/mox-bad-enforce-without-mx.txt); code=$?
    [ $code -eq 1 ] || { echo "exit $code, expected 1: $text"; return 1; }
    grep -q 'mode enforce needs at least one mx line' <<<"$text" && grep -q 'RFC 8461 §3.2' <<<"$text" \
      && grep -q '^policy: invalid (1 error)' <<<"$text" || { echo "printed: $text"; return 1; }
  }
  check "mta-sts lint policy refuses enforce without mx (exit 1, RFC 8461 §3.2)" lint_refuses_a_corpus_policy
fi

# ---- 3. a consumer of the library packages --------------------------------------------------------------------------
consumer=$(mktemp -d /tmp/mtasts-consumer.XXXXXX)
trap 'rm -rf "$consumer"' EXIT
if [[ " ${packed[*]} " != *" Mail.MtaSts "* || " ${packed[*]} " != *" Mail.MtaSts.Verification "* ]]; then
  fail "consumer: Mail.MtaSts or Mail.MtaSts.Verification was not packed"
else
  # Outside the repository: none of its Directory.*.props apply, as for any user.
  cat >"$consumer/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Mail.MtaSts" Version="$version" />
    <PackageReference Include="Mail.MtaSts.Verification" Version="$version" />
  </ItemGroup>
</Project>
EOF
  cat >"$consumer/Program.cs" <<'EOF'
using System.Net;
using Mail.MtaSts;
using Mail.MtaSts.Verification;

// The core: the same plan as the tool's, and a policy parsed back.
var plan = DeploymentPlan.Create(new PolicySettings
{
    Domain = "example.com",
    Mx = { "mx1.example.com", "*.mail.example.net" },
    Mode = PolicyMode.Enforce,
    MaxAge = 86400,
    Rua = { "mailto:tlsrpt@example.com" },
});
Console.WriteLine($"id {plan.PolicyId.Value}");
foreach (var record in plan.Records)
{
    Console.WriteLine($"record {record.Name} {record.Value}");
}

var parsed = Policy.Parse(plan.PolicyBytes);
Console.WriteLine($"parsed {parsed.IsValid} {parsed.GetValueOrThrow().Mode.ToWire()} {parsed.GetValueOrThrow().Mx.Count}");
var refused = Policy.Parse("version: STSv1\nmode: enforce\nmax_age: 86400\n");
Console.WriteLine($"refused {refused.IsValid} {refused.Errors.First().Section}");

// The verifier, against a DNS server that does not answer (nothing leaves this machine): a failed report.
var options = new VerificationOptions { DnsServer = new IPEndPoint(IPAddress.Loopback, 9), CheckSmtp = false, Timeout = TimeSpan.FromSeconds(2) };
var report = await new Verifier(options).VerifyAsync("example.com");
Console.WriteLine($"verified {report.Domain} failed={report.Failed}");
EOF
  if ! "${fresh[@]}" dotnet restore "$consumer" --configfile "$out/nuget.config" >"$logs/consumer-restore.log" 2>&1; then
    fail "consumer restores Mail.MtaSts $version from the feed: $(grep -E 'error' "$logs/consumer-restore.log" | sort -u | head)"
  else
    from_the_feed() {
      local id problems=()
      for id in mail.mtasts mail.mtasts.verification; do
        grep -qF "\"source\": \"$feed" "$out/nuget-packages/$id/$version/.nupkg.metadata" 2>/dev/null || problems+=("$id $version not restored from $feed")
      done
      [ ${#problems[@]} -eq 0 ] || { printf '%s; ' "${problems[@]}"; return 1; }
    }
    check "consumer restores Mail.MtaSts and Mail.MtaSts.Verification $version from the feed" from_the_feed
    if ! "${fresh[@]}" dotnet build "$consumer" --no-restore -nologo -v:q >"$logs/consumer-build.log" 2>&1; then
      fail "consumer builds for net8.0 and net10.0: $(grep -E 'error' "$logs/consumer-build.log" | sort -u | head)"
    else
      pass "consumer builds for net8.0 and net10.0 against the packages"
      consumer_computes_what_the_tool_printed() {
        local text want_id
        text=$(dotnet "$consumer/bin/Debug/net10.0/Consumer.dll") || { echo "exit $?: $text"; return 1; }
        want_id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["policyId"])' "$work/plan.json" 2>/dev/null) \
          || { echo "no plan.json from the tool to compare with"; return 1; }
        local expected="id $want_id
record _mta-sts.example.com v=STSv1; id=$want_id
record _smtp._tls.example.com v=TLSRPTv1; rua=mailto:tlsrpt@example.com
parsed True enforce 2
refused False RFC 8461 §3.2
verified example.com failed=True"
        [ "$text" = "$expected" ] || { echo "printed: $text"; echo "expected: $expected"; return 1; }
      }
      check "consumer (net10.0) computes the tool's id and records, parses, and runs the verifier" consumer_computes_what_the_tool_printed
    fi
  fi
fi

echo "packaging: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
