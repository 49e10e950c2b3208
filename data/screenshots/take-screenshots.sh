#!/usr/bin/env bash
# take-screenshots.sh — screenshots of every page of the app, headless.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: data/screenshots/take-screenshots.sh [BUILD_DIR]
#        IM_SCREENSHOTS="history-zoom.png compare.png" …  (only those)
#
# Runs `industrialmind --demo --page=PAGE` from BUILD_DIR (default: _build)
# on a private Xvfb and session bus (xvfb-run, dbus-run-session), waits
# for the demo fleet to fill the page and captures the window with
# ImageMagick's `import`. Writes live.png, history.png, fleet.png (1100×760),
# live-narrow.png (360 px wide) and fleet-dark.png next to this script, and
# with xdotool's pointer and keys: history-zoom.png (a range dragged on the
# temperature chart, then the pointer on the vibration chart: the shared
# crosshair) and compare.png (Compare… with four machines).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/_build}" && pwd)
app="$build/app/industrialmind"
wait_s=${IM_SCREENSHOT_WAIT:-8}

for tool in xvfb-run dbus-run-session import xwininfo gsettings xdotool; do
  command -v "$tool" >/dev/null || { echo "take-screenshots.sh: $tool is missing" >&2; exit 1; }
done
[ -x "$app" ] || { echo "take-screenshots.sh: build $app first" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/im-screenshots.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One shot: PAGE OUTPUT WIDTH HEIGHT [COLOR_SCHEME [ACTIONS [TITLE]]]
# ACTIONS: xdotool commands run on the window ($id) before the capture;
# TITLE: the window captured (default the main one).
shoot() {
  local page=$1 out=$2 width=$3 height=$4 scheme=${5:-default}
  local actions=${6:-} title=${7:-IndustrialMind}

  # IM_SCREENSHOTS="a.png b.png" takes only those
  case " ${IM_SCREENSHOTS:-$out} " in *" $out "*) ;; *) return 0 ;; esac
  local config="$tmp/config-$out"

  mkdir -p "$config"
  # Settings in a key file of their own, so the window opens at the size asked.
  env XDG_CONFIG_HOME="$config" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    sh -c "gsettings set org.industrialmind.Monitor window-width $width &&
           gsettings set org.industrialmind.Monitor window-height $height"

  # A screen twice the window: the pointer, which Xvfb starts mid-screen,
  # stays off the window and shows no tooltip in the shot.
  xvfb-run -a -s "-screen 0 2400x1600x24 -nolisten tcp" \
    env XDG_CONFIG_HOME="$config" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
        GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        ADW_DEBUG_COLOR_SCHEME="$scheme" \
    dbus-run-session -- bash -c '
      "$0" --demo --page="$1" &
      pid=$!
      sleep "$2"
      id=$(xwininfo -root -tree | awk "/\"IndustrialMind\"/ { print \$1; exit }")
      if [ -z "$id" ]; then
        echo "take-screenshots.sh: no window" >&2
        kill "$pid"
        exit 1
      fi
      eval "$4"
      shot=$(xwininfo -root -tree | awk -v t="\"$5\"" "index(\$0, t) { print \$1; exit }")
      import -window "${shot:-$id}" "$3"
      kill "$pid"
      wait "$pid" || true
    ' "$app" "$page" "$wait_s" "$here/$out" "$actions" "$title"
  echo "wrote $here/$out"
}

shoot live live.png 1100 760
shoot history history.png 1100 760
shoot fleet fleet.png 1100 760
shoot live live-narrow.png 360 720
shoot fleet fleet-dark.png 1100 760 prefer-dark

# The temperature chart's plot spans about x 50–520, y 240–415 of the
# 1100×760 window: drag from a third to two thirds of it, let the query
# come back, then rest the pointer on the vibration chart.
zoom_actions='
  xdotool mousemove --window "$id" 200 330 mousedown 1
  for x in 240 280 320 360; do xdotool mousemove --window "$id" $x 332; sleep 0.1; done
  xdotool mouseup 1
  sleep 3
  xdotool mousemove --window "$id" 830 330
  sleep 1'
shoot history history-zoom.png 1100 760 default "$zoom_actions"

# A click on Compare… (at about 380, 126); the window opens with the
# page's machine and the three after it.
compare_actions='
  xdotool mousemove --window "$id" 380 126 click 1
  sleep 4'
shoot history compare.png 1100 760 default "$compare_actions" "Compare Machines"
