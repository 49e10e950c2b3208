#!/bin/bash
# run-ui-test.sh — runs one UI test program headless.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-ui-test.sh PROGRAM [ARGS…]
#
# Starts a private Xvfb (it picks a free display itself through -displayfd,
# so parallel tests never race for one), runs PROGRAM on it inside a
# private session bus (dbus-run-session), stops Xvfb and exits with the
# program's status. GTK uses the X11 backend with OpenGL disabled and,
# unless GSK_RENDERER is already set, the Cairo renderer: no GL driver is
# loaded. Under AddressSanitizer, lsan-ui.supp (next to this script)
# suppresses the global caches of fontconfig.
#
# Under `meson test --setup=valgrind` this script itself is started by
# valgrind, which would check the shell and not the test: then it runs
# PROGRAM under valgrind instead (same options as the valgrind setup in
# tests/meson.build, plus valgrind-ui.supp).

set -u

if [ $# -lt 1 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
wrapper=()
case "${LD_PRELOAD:-}" in
  *vgpreload_memcheck*)
    unset LD_PRELOAD
    wrapper=(valgrind --error-exitcode=1 --leak-check=full
             --errors-for-leak-kinds=definite --track-origins=yes
             "--suppressions=$here/valgrind.supp"
             "--suppressions=$here/valgrind-ui.supp")
    ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/im-ui-test.XXXXXX")
xvfb_pid=

cleanup ()
{
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
  3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!

for _ in $(seq 200); do
  if [ -s "$tmp/display" ]; then
    break
  fi
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    break
  fi
  sleep 0.05
done

display=$(head -n 1 "$tmp/display" 2>/dev/null)
if [ -z "$display" ]; then
  echo "run-ui-test.sh: Xvfb did not start:" >&2
  cat "$tmp/xvfb.log" >&2
  exit 1
fi

export DISPLAY=":$display"
unset WAYLAND_DISPLAY
export GDK_BACKEND=x11
export GDK_DEBUG="${GDK_DEBUG:+$GDK_DEBUG,}gl-disable"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export NO_AT_BRIDGE=1
# Last, so that it wins over the suppressions of the general test
# environment (lsan-ui.supp has those too).
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan-ui.supp"

dbus-run-session -- "${wrapper[@]}" "$@"
