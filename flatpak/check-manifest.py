#!/usr/bin/env python3
# check-manifest.py — the Flatpak manifest matches the project: its app id,
# command and meson options are the ones the build defines, its finish-args
# are only what the app uses, and the files it installs carry the same id.
# With --flatpak-builder, flatpak-builder itself reads the manifest
# (--show-manifest) without a warning and sees the same id, command and
# options.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   check-manifest.py --source-root DIR --app-id ID MANIFEST DESKTOP METAINFO GSCHEMA
#   check-manifest.py --source-root DIR --app-id ID --flatpak-builder PATH MANIFEST
# PATH may be empty: flatpak-builder is not installed, the test is skipped
# (exit 77) saying so.

import argparse
import configparser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP = 77

# Every permission the app may ask for, and why it needs it. Anything else
# in finish-args is a failure: the CSV export goes through the file chooser
# portal (no --filesystem), and libsecret keeps the InfluxDB token in a file
# keyring unlocked through the Secret portal when it runs in a sandbox (no
# --talk-name=org.freedesktop.secrets, which would expose every other
# app's secrets).
ALLOWED_FINISH_ARGS = {
    "--share=network": "HTTP to InfluxDB",
    "--share=ipc": "X11 shared memory (fallback-x11)",
    "--socket=wayland": "the display",
    "--socket=fallback-x11": "the display where there is no Wayland",
    "--device=dri": "GTK's GL renderer",
}

failures = 0


def check(condition, what, expected, actual):
    global failures
    if condition:
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"not ok - {what}: expected {expected!r}, got {actual!r}")


def meson_options(source_root):
    """The option names meson_options.txt declares."""
    path = os.path.join(source_root, "meson_options.txt")
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"^option\(\s*'([^']+)'", f.read(), re.MULTILINE))


def app_executables(source_root):
    """The executables app/meson.build builds."""
    path = os.path.join(source_root, "app", "meson.build")
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"\bexecutable\(\s*'([^']+)'", f.read()))


def app_module(manifest):
    modules = manifest.get("modules") or [{}]
    return modules[-1]


def check_project(manifest, args):
    """What the manifest and the project must agree on."""
    check(manifest.get("id") == args.app_id, "manifest id", args.app_id, manifest.get("id"))

    command = manifest.get("command")
    executables = app_executables(args.source_root)
    check(command in executables, "command is an executable app/meson.build builds",
          sorted(executables), command)

    opts = app_module(manifest).get("config-opts", [])
    check("-Ddaemons=false" in opts, "app module built with -Ddaemons=false",
          "-Ddaemons=false", opts)
    known = meson_options(args.source_root)
    for opt in opts:
        m = re.match(r"-D([A-Za-z0-9_]+)=", opt)
        if m:
            check(m.group(1) in known, f"config option {opt} is declared in meson_options.txt",
                  sorted(known), m.group(1))
    return command


def run_show_manifest(args):
    if not args.flatpak_builder:
        print("SKIP: flatpak-builder is not installed (compose/backend deps installs it); "
              "the manifest was not read by flatpak-builder")
        return SKIP

    proc = subprocess.run([args.flatpak_builder, "--show-manifest", args.manifest],
                          capture_output=True, text=True)
    check(proc.returncode == 0, "flatpak-builder --show-manifest exits 0", 0, proc.returncode)
    # flatpak-builder only warns about keys it does not know or cannot read:
    # a misspelt key would otherwise be dropped without a word.
    complaints = [line for line in proc.stderr.splitlines()
                  if re.search(r"WARNING|CRITICAL|[Ee]rror", line)]
    check(not complaints, "flatpak-builder reads the manifest without a warning", [], complaints)
    try:
        normalized = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        check(False, "flatpak-builder prints the manifest as JSON", "JSON", str(e))
        return 1
    print("ok - flatpak-builder prints the manifest as JSON")
    check_project(normalized, args)
    check(normalized.get("runtime") == "org.gnome.Platform", "flatpak-builder sees the GNOME runtime",
          "org.gnome.Platform", normalized.get("runtime"))
    check(sorted(normalized.get("finish-args", [])) == sorted(ALLOWED_FINISH_ARGS),
          "flatpak-builder sees the finish-args", sorted(ALLOWED_FINISH_ARGS),
          sorted(normalized.get("finish-args", [])))
    return 0


def run_static(args):
    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)  # raises on invalid JSON: the test fails
    print("ok - manifest is valid JSON")

    check(os.path.basename(args.manifest) == args.app_id + ".json",
          "manifest file name", args.app_id + ".json", os.path.basename(args.manifest))
    command = check_project(manifest, args)

    check(manifest.get("runtime") == "org.gnome.Platform", "runtime",
          "org.gnome.Platform", manifest.get("runtime"))
    check(manifest.get("sdk") == "org.gnome.Sdk", "sdk", "org.gnome.Sdk", manifest.get("sdk"))
    # The code is pinned to GTK 4.8 / libadwaita 1.2 (GNOME 43) and uses
    # nothing later GTK 4 or libadwaita 1 removed: any runtime from 43 on
    # builds it. Which one is current is the manifest's choice, not a test's.
    version = str(manifest.get("runtime-version", ""))
    check(version.isdigit() and int(version) >= 43, "runtime version is a GNOME release from 43 on",
          ">= 43", version)

    finish = manifest.get("finish-args", [])
    for arg, why in ALLOWED_FINISH_ARGS.items():
        check(arg in finish, f"finish-args has {arg} ({why})", arg, finish)
    extra = [a for a in finish if a not in ALLOWED_FINISH_ARGS]
    check(not extra, "finish-args has nothing the app does not use", [], extra)

    opts = app_module(manifest).get("config-opts", [])
    check("-Dtests=false" in opts, "app module built with -Dtests=false", "-Dtests=false", opts)

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(args.files[0], encoding="utf-8")
    section = entry["Desktop Entry"]
    check(section.get("Icon") == args.app_id, "desktop entry icon", args.app_id, section.get("Icon"))
    exec_cmd = (section.get("Exec") or "").split(" ")[0]
    check(exec_cmd == command, "desktop entry Exec is the manifest command", command, exec_cmd)
    check(os.path.basename(args.files[0]) == args.app_id + ".desktop", "desktop file name",
          args.app_id + ".desktop", os.path.basename(args.files[0]))

    root = ET.parse(args.files[1]).getroot()
    mid = root.findtext("id")
    check(mid == args.app_id, "metainfo id", args.app_id, mid)
    launchable = root.findtext("launchable")
    check(launchable == args.app_id + ".desktop", "metainfo launchable",
          args.app_id + ".desktop", launchable)

    schema = ET.parse(args.files[2]).getroot().find("schema")
    check(schema.get("id") == args.app_id, "settings schema id", args.app_id, schema.get("id"))
    path = "/" + args.app_id.replace(".", "/") + "/"
    check(schema.get("path") == path, "settings schema path", path, schema.get("path"))
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--flatpak-builder", default=None,
                        help="run PATH --show-manifest; empty: not installed, skip")
    parser.add_argument("manifest")
    parser.add_argument("files", nargs="*", help="DESKTOP METAINFO GSCHEMA")
    args = parser.parse_args()

    if args.flatpak_builder is not None:
        rc = run_show_manifest(args)
    else:
        if len(args.files) != 3:
            parser.error("the static check needs DESKTOP METAINFO GSCHEMA")
        rc = run_static(args)

    if rc == SKIP:
        return SKIP
    print(f"{failures} failure(s)")
    return 1 if failures or rc else 0


if __name__ == "__main__":
    sys.exit(main())
