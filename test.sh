#!/usr/bin/env bash
# Runs every SmartBin test: unit, property, subset gate and integration tests against real servers.
# On a fresh Debian machine with only the .NET SDK, it first installs the Debian packages the tests start
# (mosquitto, mosquitto-clients, socat, influxdb, victoria-metrics; chromium and a CJK font for the dashboard's browser
# tests). Under CI=true a test whose server or browser is missing fails instead of skipping.
set -euo pipefail
cd "$(dirname "$0")"

packages=(mosquitto mosquitto-clients socat influxdb victoria-metrics chromium fonts-wqy-zenhei)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Debian's mosquitto lives in /usr/sbin, which a non-root PATH may lack; the fixtures look there too.
export PATH="$PATH:/usr/sbin"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test SmartBin.sln -c Release --blame-hang-timeout 6m --blame-hang-dump-type none "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects.
awk '
  /(Passed|Failed)!/ && /Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { f += $(i+1) + 0 }
      if ($i == "Passed:") { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "all tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
