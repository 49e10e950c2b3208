#!/usr/bin/env python3
# check-manifest.py — the Flatpak manifest is valid JSON, names the app id
# the build uses, and the files it installs carry that same id.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manifest.py MANIFEST APP_ID DESKTOP METAINFO GSCHEMA

import configparser
import json
import os
import sys
import xml.etree.ElementTree as ET

failures = 0


def check(condition, what, expected, actual):
    global failures
    if condition:
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"not ok - {what}: expected {expected!r}, got {actual!r}")


def main():
    manifest_path, app_id, desktop, metainfo, gschema = sys.argv[1:6]

    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)  # raises on invalid JSON: the test fails
    print("ok - manifest is valid JSON")

    check(os.path.basename(manifest_path) == app_id + ".json",
          "manifest file name", app_id + ".json", os.path.basename(manifest_path))
    check(manifest.get("id") == app_id, "manifest id", app_id, manifest.get("id"))
    check(manifest.get("runtime") == "org.gnome.Platform", "runtime",
          "org.gnome.Platform", manifest.get("runtime"))
    check(manifest.get("runtime-version") in ("43", "44"), "runtime version (GTK 4.8 era)",
          "43 or 44", manifest.get("runtime-version"))
    check(manifest.get("command") == "industrialmind", "command",
          "industrialmind", manifest.get("command"))

    finish = manifest.get("finish-args", [])
    for arg in ("--share=network", "--share=ipc", "--socket=fallback-x11",
                "--socket=wayland", "--device=dri",
                "--talk-name=org.freedesktop.secrets"):
        check(arg in finish, f"finish-args has {arg}", arg, finish)
    check(not any(a.startswith("--filesystem") for a in finish),
          "no --filesystem (exports go through the file chooser portal)", [], finish)

    app_module = manifest["modules"][-1]
    opts = app_module.get("config-opts", [])
    for opt in ("-Ddaemons=false", "-Dtests=false"):
        check(opt in opts, f"app module built with {opt}", opt, opts)

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    icon = entry["Desktop Entry"].get("Icon")
    check(icon == app_id, "desktop entry icon", app_id, icon)
    check(os.path.basename(desktop) == app_id + ".desktop", "desktop file name",
          app_id + ".desktop", os.path.basename(desktop))

    root = ET.parse(metainfo).getroot()
    mid = root.findtext("id")
    check(mid == app_id, "metainfo id", app_id, mid)
    launchable = root.findtext("launchable")
    check(launchable == app_id + ".desktop", "metainfo launchable",
          app_id + ".desktop", launchable)

    schema = ET.parse(gschema).getroot().find("schema")
    check(schema.get("id") == app_id, "settings schema id", app_id, schema.get("id"))
    path = "/" + app_id.replace(".", "/") + "/"
    check(schema.get("path") == path, "settings schema path", path, schema.get("path"))

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
