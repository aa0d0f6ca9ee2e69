#!/usr/bin/env bash
# TUISPI_providerInstall / TUISPI_providerRemove under Wine, as lineAddProvider and the Phone and
# Modem control panel call them (tspi-contract §7):
#   install_remove_test.sh RUN_WINE WINEPREFIX TAPIHOST_EXE PROVIDER x64|x86
# install writes %ProgramData%\SpanTSP\spantsp.toml and HKLM\SOFTWARE\SpanTSP\ConfigFile naming
# it; a second install fails (LINEERR_NOMULTIPLEINSTANCE); remove deletes both, and the folder.
# Installed again, the default starts on this build (`tapihost lines` finds it through the
# registry).
set -uo pipefail
run_wine=$1 prefix=$2 tapihost=$3 provider=$4 arch=$5
# The provider's own registry view: once wine32 is installed, `wine reg` is 32-bit by default.
view=/reg:64
[ "$arch" = x86 ] && view=/reg:32
unset SPANTSP_CONFIG
config="$prefix/drive_c/ProgramData/SpanTSP/spantsp.toml"
expected_value='C:\ProgramData\SpanTSP\spantsp.toml'
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
host() { "$run_wine" "$prefix" "$tapihost" "$@" --provider "$provider" 2>&1 | tr -d '\r'; }
# Prints the value; fails when the key or value is absent.
registry() {
  local out
  out=$("$run_wine" "$prefix" reg query 'HKLM\SOFTWARE\SpanTSP' /v ConfigFile "$view" 2>/dev/null) || return 1
  tr -d '\r' <<<"$out"
}

host remove --yes >/dev/null  # a previous run's leftovers

out=$(host install)
echo "$out"
grep -q 'TUISPI_providerInstall: ok' <<<"$out" || fail "install did not succeed"
[ -f "$config" ] || fail "install wrote no $config"
grep -q '^\[\[board\]\]' "$config" 2>/dev/null || fail "$config is not a SpanTSP configuration"
reg=$(registry) || fail "no HKLM\\SOFTWARE\\SpanTSP\\ConfigFile after install"
echo "$reg"
grep -qF "$expected_value" <<<"$reg" || fail "HKLM\\SOFTWARE\\SpanTSP\\ConfigFile does not name $expected_value"


out=$(host install)
echo "$out"
grep -q 'LINEERR_NOMULTIPLEINSTANCE' <<<"$out" || fail "a second install did not fail with LINEERR_NOMULTIPLEINSTANCE"

out=$(host remove --yes)
echo "$out"
grep -q 'TUISPI_providerRemove: ok' <<<"$out" || fail "remove did not succeed"
[ ! -e "$config" ] || fail "remove left $config"
[ ! -e "$(dirname "$config")" ] || fail "remove left the SpanTSP folder it created"
! registry >/dev/null || fail "remove left HKLM\\SOFTWARE\\SpanTSP"

# The default starts on this build, which has no PRI module: its span is `ideal`, and the
# provider, finding the file through the registry, enumerates its 30 lines. Its log
# (%ProgramData%\SpanTSP\spantsp.log) is not install's: remove leaves it, and so the folder.
out=$(host install)
grep -q 'TUISPI_providerInstall: ok' <<<"$out" || fail "install after remove did not succeed"
grep -q '^signalling = "ideal"' "$config" 2>/dev/null || fail "$config does not use ideal signalling"
out=$(host lines)
echo "$out" | tail -n 1
grep -q '^30 lines on 1 span$' <<<"$out" || fail "the installed default configuration does not start"
out=$(host remove --yes)
grep -q 'TUISPI_providerRemove: ok' <<<"$out" || fail "the second remove did not succeed"
[ ! -e "$config" ] || fail "the second remove left $config"
left=$(ls -A "$(dirname "$config")" 2>/dev/null | tr '\n' ' ')
[ "$left" = "spantsp.log " ] || fail "after the provider ran, remove left '$left' (expected the log only)"
rm -rf "$(dirname "$config")"

[ "$failures" -eq 0 ] && echo "install/remove: ok"
exit $((failures != 0))
