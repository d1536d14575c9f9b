#!/usr/bin/env bash
# Runs SmartBin on this machine. For now (until the gateway lands): a local mosquitto broker and a fleet of
# simulated bins publishing drop-offs, telemetry and events to it, with a live view of the messages.
#   ./run.sh                      # 4 bins, real time, broker on 127.0.0.1:1883 (started if nothing listens there)
#   ./run.sh --broker host:port   # publish to another MQTT broker instead
#   ./run.sh --bins 20 --speed 10 # more bins, simulated time 10x faster
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/usr/sbin"

broker=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --broker) broker="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -z "$broker" ]; then
  broker="127.0.0.1:1883"
  if ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
    if ! dpkg-query -W -f='${Status}' mosquitto 2>/dev/null | grep -q "install ok installed"; then
      echo "run.sh: installing mosquitto (Debian package)"
      sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
      "${sudo_cmd[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends mosquitto mosquitto-clients
    fi
    conf="$(mktemp -d)/mosquitto.conf"
    printf 'listener 1883 127.0.0.1\nallow_anonymous true\npersistence false\n' > "$conf"
    mosquitto -c "$conf" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.1; done
    echo "run.sh: started mosquitto on 127.0.0.1:1883"
  fi
fi

dotnet run --project firmware/SmartBin.Simulator -c Release -- fleet --broker "$broker" "${args[@]}"
