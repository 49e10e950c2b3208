#!/bin/bash
# test-stack.sh — `compose/stack up` twice keeps one simulated fleet.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-stack.sh SOURCE_ROOT BUILD_ROOT. Prints TAP.
#
# Runs the stack as a user does — `compose/stack up`, `down`, `up` again —
# on a private backend (its own state directory and ports, so a backend the
# developer runs is not touched), with two machines and an hour of history.
# The hour before the first "up" must then hold after the second "up"
# exactly the readings it held after the first — at most one a second per
# machine (machines in maintenance send none), with the same values: a
# second "up" that drew another fleet would add a second, interleaved
# series. The detector started with them writes the anomaly events of
# that hour once, however often the fleet is replayed.

set -u

src=$1
build=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/im-stack-test.XXXXXX")
export IM_BACKEND_DIR=$tmp/backend
export IM_BUILD_DIR=$build
# Ports nobody listens on now: other tests start private backends too.
read -r KAFKA_PORT KAFKA_CONTROLLER_PORT INFLUXDB_PORT INFLUXDB_RPC_PORT sim_port ingest_port detect_port < <(
  python3 -c 'import socket
socks = [socket.socket() for _ in range(7)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))')
export KAFKA_PORT KAFKA_CONTROLLER_PORT INFLUXDB_PORT INFLUXDB_RPC_PORT
export INFLUXDB_DB=stack_test
export SIM_BACKFILL=1h
export SIM_ARGS="--machines 2 --metrics-addr 127.0.0.1:$sim_port"
export INGEST_ARGS="--metrics-addr 127.0.0.1:$ingest_port"
export DETECT_ARGS="--metrics-addr 127.0.0.1:$detect_port"
influx=http://127.0.0.1:$INFLUXDB_PORT

cleanup ()
{
  "$src/compose/stack" down >/dev/null 2>&1
  "$src/compose/backend" down --purge >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "1..4"

bail ()
{
  echo "Bail out! $*"
  for f in "$IM_BACKEND_DIR"/daemons/*.log; do
    [ -f "$f" ] && { echo "# --- $f"; tail -n 20 "$f" | sed 's/^/# /'; }
  done
  exit 1
}

# query Q: the first value of the first series of the answer, or "".
query ()
{
  curl -sS -G "$influx/query" --data-urlencode "db=$INFLUXDB_DB" \
       --data-urlencode "epoch=ns" --data-urlencode "q=$1" |
    python3 -c 'import json, sys
r = json.load(sys.stdin)["results"][0]
s = r.get("series")
print(s[0]["values"][0][1] if s else "")'
}

# written: the ingestion's points_written_total, or 0.
written ()
{
  curl -sS "http://127.0.0.1:$ingest_port/metrics" 2>/dev/null |
    awk '$1 ~ /points_written_total$/ { print $2; found = 1 } END { if (!found) print 0 }'
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds.
wait_for ()
{
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < end)) || return 1
    sleep 0.5
  done
}

written_at_least () { [ "$(written | cut -d. -f1)" -ge "$1" ]; }

# detected: the detector's readings_consumed_total, or 0.
detected ()
{
  curl -sS "http://127.0.0.1:$detect_port/metrics" 2>/dev/null |
    awk '$1 ~ /readings_consumed_total$/ { print $2; found = 1 } END { if (!found) print 0 }'
}
detected_at_least () { [ "$(detected | cut -d. -f1)" -ge "$1" ]; }

# backfilled: how many readings the running simulator generated before it
# caught up with the clock (its log says so once), or "".
backfilled ()
{
  grep -h 'Caught up with the clock' "$IM_BACKEND_DIR/daemons/simulator.log" 2>/dev/null |
    tail -n 1 | sed -n 's/.*"produced":\([0-9]*\).*/\1/p'
}
caught_up_since () { [ "$(grep -c 'Caught up with the clock' "$IM_BACKEND_DIR/daemons/simulator.log" 2>/dev/null)" -ge "$1" ]; }

"$src/compose/stack" up >"$tmp/up1.log" 2>&1 || { cat "$tmp/up1.log" | sed 's/^/# /'; bail "first stack up failed"; }
source "$IM_BACKEND_DIR/daemons/fleet"
start_ns=$(date -u -d "$FLEET_START" +%s)000000000
end_ns=$((start_ns + 3600 * 1000000000))
window="time >= $start_ns AND time < $end_ns AND machine_id = 'MACHINE_001'"

wait_for 120 caught_up_since 1 || bail "the first up's simulator did not catch up with the clock"
wait_for 180 written_at_least "$(backfilled)" || bail "the first up did not write its hour of history"
wait_for 180 detected_at_least "$(backfilled)" || bail "the first up's detector did not read its hour of history"
count1=$(query "SELECT count(temperature) FROM sensor_readings WHERE $window")
sum1=$(query "SELECT sum(temperature) FROM sensor_readings WHERE $window")
if [ -n "$count1" ] && [ "$count1" -gt 0 ] && [ "$count1" -le 3600 ]; then
  echo "ok 1 - the first up writes at most one reading a second for the backfilled hour"
else
  echo "not ok 1 - the first up writes at most one reading a second for the backfilled hour"
  echo "# expected 1..3600 readings of MACHINE_001, found '$count1'"
fi

"$src/compose/stack" down >/dev/null 2>&1 || bail "stack down failed"
# The hour's events, once the detector has drained its writes on the way
# down: those that began and were detected within the hour, which its
# readings alone decide. An event that began in the hour but was detected
# later, from live readings, is written whenever that happens, by either up.
hour_events="SELECT count(score) FROM anomalies WHERE time >= $start_ns AND time < $end_ns AND detected_at < $end_ns"
events1=$(query "$hour_events")
"$src/compose/stack" up >"$tmp/up2.log" 2>&1 || { sed 's/^/# /' "$tmp/up2.log"; bail "second stack up failed"; }
# The second simulator logs its own catch-up; the restarted ingestion then
# has to write all it generated until then (its counter starts at zero).
wait_for 120 caught_up_since 2 || bail "the second up's simulator did not catch up with the clock"
wait_for 180 written_at_least "$(backfilled)" || bail "the second up did not write its history"
wait_for 180 detected_at_least "$(backfilled)" || bail "the second up's detector did not read its history"
count2=$(query "SELECT count(temperature) FROM sensor_readings WHERE $window")
sum2=$(query "SELECT sum(temperature) FROM sensor_readings WHERE $window")
"$src/compose/stack" down >/dev/null 2>&1 || bail "second stack down failed"
events2=$(query "$hour_events")
if [ "$count2" = "$count1" ]; then
  echo "ok 2 - a second up adds no second fleet to the database"
else
  echo "not ok 2 - a second up adds no second fleet to the database"
  echo "# expected the first up's $count1 readings of MACHINE_001 in its first hour, found '$count2'"
fi
if [ -n "$sum1" ] && [ "$sum1" = "$sum2" ]; then
  echo "ok 3 - the replayed readings are the first up's"
else
  echo "not ok 3 - the replayed readings are the first up's"
  echo "# sum of temperature before: '$sum1', after: '$sum2'"
fi
if [ -n "$events1" ] && [ "$events1" -gt 0 ] && [ "$events2" = "$events1" ]; then
  echo "ok 4 - the detector writes the hour's anomaly events once"
  echo "# $events1 events began and were detected within the backfilled hour"
else
  echo "not ok 4 - the detector writes the hour's anomaly events once"
  echo "# anomaly events of the backfilled hour after the first up: '$events1', after the second: '$events2'"
fi
[ -n "$count1" ] && [ "$count2" = "$count1" ] && [ -n "$sum1" ] && [ "$sum1" = "$sum2" ] &&
  [ -n "$events1" ] && [ "$events1" -gt 0 ] && [ "$events2" = "$events1" ]
