#!/bin/bash
# test-uninstalled.sh — the README's quick start runs the app straight from
# the build tree (`_build/app/industrialmind`), before anything is
# installed and outside `meson devenv`: it must find the build's compiled
# schema and come up.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-uninstalled.sh APP_EXECUTABLE (under tests/run-ui-test.sh,
# which provides the X server and the session bus). Prints TAP.
#
# The app is started as a user would start it: no GSETTINGS_SCHEMA_DIR, no
# memory settings backend, a fresh home. It has come up once it answers
# org.gtk.Actions on the session bus (served from its main loop, so only
# after startup and activation ran); its own "quit" action then ends it,
# and it must exit 0.

set -u

app=$1
app_id=org.industrialmind.Monitor
object_path=/org/industrialmind/Monitor

echo "1..1"

home=$(mktemp -d "${TMPDIR:-/tmp}/im-uninstalled.XXXXXX")
app_pid=
cleanup ()
{
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null
    wait "$app_pid" 2>/dev/null
  fi
  rm -rf "$home"
}
trap cleanup EXIT

env -u GSETTINGS_SCHEMA_DIR -u GSETTINGS_BACKEND -u G_DEBUG \
  HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state" \
  "$app" --demo >"$home/app.log" 2>&1 &
app_pid=$!

up=0
for _ in $(seq 600); do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    break
  fi
  if gdbus call --session --dest "$app_id" --object-path "$object_path" \
       --method org.gtk.Actions.DescribeAll >/dev/null 2>&1; then
    up=1
    break
  fi
  sleep 0.1
done

if [ "$up" != 1 ]; then
  echo "not ok 1 - the uninstalled app comes up and quits cleanly"
  echo "# the app did not answer on the session bus within 60 s; its output:"
  sed 's/^/# /' "$home/app.log"
  exit 1
fi

gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null
status=0
for _ in $(seq 300); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then
  echo "not ok 1 - the uninstalled app comes up and quits cleanly"
  echo "# the app did not quit within 30 s of its quit action"
  exit 1
fi
wait "$app_pid"
status=$?
app_pid=

if [ "$status" -ne 0 ]; then
  echo "not ok 1 - the uninstalled app comes up and quits cleanly"
  echo "# exit status $status; its output:"
  sed 's/^/# /' "$home/app.log"
  exit 1
fi
echo "ok 1 - the uninstalled app comes up and quits cleanly"
