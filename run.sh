#!/usr/bin/env bash
# Runs the whole SmartBin system on this machine, with nothing but the .NET SDK:
#   the gateway (embedded MQTT broker, SQLite ledger and time series, status page on http://127.0.0.1:5080)
#   and a fleet of simulated bins whose residents tap cards and drop plastic; the gateway credits their households.
#
#   ./run.sh                        # 8 bins, simulated time x20
#   ./run.sh --bins 20 --speed 50   # more bins, faster
#   ./run.sh --fresh                # forget the previous run's ledger and bin flash first
#
# State lives in .run/ (gateway database, each bin's flash, the demo admin API key in .run/admin.key, the dashboard's
# demo-admin password in .run/staff.password), so balances and bin sequence numbers carry over runs.
# Needs the .NET SDK and Node.js with npm (the build installs the dashboard's chart library from the npm registry).
set -euo pipefail
cd "$(dirname "$0")"

bins=8
speed=20
seed=1
fresh=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bins) bins="$2"; shift 2 ;;
    --speed) speed="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --fresh) fresh=1; shift ;;
    *) echo "usage: ./run.sh [--bins N] [--speed X] [--seed N] [--fresh]" >&2; exit 2 ;;
  esac
done

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 1883 5080; do
  if port_open "$port"; then
    echo "run.sh: port $port is already in use (another gateway or an MQTT broker?). Stop it first." >&2
    exit 1
  fi
done

state=".run"
[ "$fresh" -eq 1 ] && rm -rf "$state"
mkdir -p "$state"
# The gateway seeds bins and cards for exactly this fleet; a different --bins/--seed needs a fresh state.
fleet="bins=$bins seed=$seed"
if [ -f "$state/fleet" ] && [ "$(cat "$state/fleet")" != "$fleet" ]; then
  echo "run.sh: .run/ holds a run with $(cat "$state/fleet"); starting fresh for $fleet"
  rm -rf "$state" && mkdir -p "$state"
fi
echo "$fleet" > "$state/fleet"

echo "run.sh: building (first run takes a minute)"
dotnet build gateway/SmartBin.Gateway -c Release -o "$state/build/gateway" -v quiet -nologo | grep -E "error|Warn" || true
dotnet build firmware/SmartBin.Simulator -c Release -o "$state/build/simulator" -v quiet -nologo | grep -E "error|Warn" || true

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

dotnet "$state/build/gateway/SmartBin.Gateway.dll" \
  --SmartBin:Storage:DataDirectory="$PWD/$state/gateway" \
  --SmartBin:Seed:DemoFleet=true --SmartBin:Seed:DemoBins="$((bins + 2))" --SmartBin:Seed:DemoSeed="$seed" \
  > "$state/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  port_open 5080 && break  # the web server starts after the broker; probing 1883 would log a bogus client
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run.sh: the gateway stopped; its log:" >&2; cat "$state/gateway.log" >&2; exit 1; }
  sleep 0.1
done
echo "run.sh: gateway up: MQTT on 127.0.0.1:1883, status page http://127.0.0.1:5080/ (log: $state/gateway.log)"
# An admin API key for the smartbin CLI (docs/admin-api.md), made once per .run/ state; only its hash is stored.
if [ ! -s "$state/admin.key" ]; then
  dotnet "$state/build/gateway/SmartBin.Gateway.dll" operator add --name demo-admin --role admin \
    --SmartBin:Storage:DataDirectory="$PWD/$state/gateway" > "$state/admin.key" 2>> "$state/gateway.log" \
    || { rm -f "$state/admin.key"; echo "run.sh: could not create the admin key (see $state/gateway.log)" >&2; }
fi
[ -s "$state/admin.key" ] && echo "run.sh: admin API key (saved in $state/admin.key): $(cat "$state/admin.key")"
# A dashboard account (docs/staff.md), made once per .run/ state; the password goes in on stdin, never in argv.
if [ ! -s "$state/staff.password" ]; then
  head -c 15 /dev/urandom | base64 | tr -d '/+=' > "$state/staff.password"
  dotnet "$state/build/gateway/SmartBin.Gateway.dll" staff add --username demo-admin --role admin \
    --SmartBin:Storage:DataDirectory="$PWD/$state/gateway" < "$state/staff.password" 2>> "$state/gateway.log" >&2 \
    || { rm -f "$state/staff.password"; echo "run.sh: could not create the staff account (see $state/gateway.log)" >&2; }
fi
[ -s "$state/staff.password" ] && echo "run.sh: staff dashboard http://127.0.0.1:5080/staff/ as demo-admin, password (saved in $state/staff.password): $(cat "$state/staff.password")"
# Two more bins are registered than the fleet runs, for a bin driven by hand (README, "One bin you drive by hand").
spare_a="$( [ $((bins % 2)) -eq 0 ] && echo baiyun || echo xiahang )-$(printf %04d $((bins / 2 + 1)))"
spare_b="$( [ $((bins % 2)) -eq 0 ] && echo xiahang || echo baiyun )-$(printf %04d $(((bins + 1) / 2 + 1)))"
echo "run.sh: $bins simulated bins, time x$speed. Acks from the gateway show as '<- ack'. Ctrl-C stops."
echo "run.sh: registered but not simulated, for a bin you drive by hand: $spare_a, $spare_b"

dotnet "$state/build/simulator/smartbin-sim.dll" fleet --broker 127.0.0.1:1883 \
  --bins "$bins" --speed "$speed" --seed "$seed" --data "$state/bins"
