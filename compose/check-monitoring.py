#!/usr/bin/env python3
# check-monitoring.py — the compose files agree with each other and with the
# daemons:
#   - .env.example names every variable compose.yaml reads, with the same
#     default, and nothing else;
#   - prometheus and grafana are in the `monitoring` profile, the rest in
#     none;
#   - Prometheus scrapes each daemon at the service and port its
#     --metrics-addr listens on, on an address other containers reach;
#   - Grafana's data source and dashboard provider point where compose.yaml
#     mounts them, every panel uses the provisioned data source, and every
#     PromQL expression names only metrics a daemon exports (read from the
#     daemons' sources, or from scraped /metrics with --metrics-file) and
#     only scrape jobs prometheus.yml defines.
# With --docker-compose, also: `config` with .env.example as the env file
# gives the same configuration as the defaults, for both profiles.
# With --run-daemons SIMULATOR INGESTION DETECTOR, the metric names come
# from the three daemons themselves, started against the backend in the environment
# (KAFKA_BOOTSTRAP_SERVERS, INFLUXDB_URL) and scraped, and they must be the
# ones read from the sources.
#
# Copyright 2026 The IndustrialMind Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-monitoring.py --source-root DIR [--docker-compose PATH]
#                            [--metrics-file FILE]... [--run-daemons SIM INGEST DETECT]

import argparse
import glob
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (docker-compose depends on it)")
    sys.exit(77)

PROFILE = "monitoring"
MONITORING_SERVICES = {"prometheus", "grafana"}
# Series Prometheus itself adds to every scrape.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
SKIP = 77
STARTUP_TIMEOUT = 30.0

failures = 0


def check(condition, what, expected=None, actual=None):
    global failures
    if condition:
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"not ok - {what}: expected {expected!r}, got {actual!r}")


# --- what the daemons export ----------------------------------------------

def c_string_macros(paths):
    """#define NAME "literal" (or another such macro) across the daemons'
    sources, resolved to the literal; a definition ends with its line."""
    raw = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for m in re.finditer(r'^#define[ \t]+(\w+)[ \t]+((?:"[^"]*"|\w+)(?:[ \t]+(?:"[^"]*"|\w+))*)[ \t]*$',
                                 f.read(), re.MULTILINE):
                raw[m.group(1)] = m.group(2)
    return raw


def c_string(tokens, macros, depth=0):
    """The literal a sequence of string literals and macros concatenates
    to, or None when a macro does not resolve to one."""
    value = ""
    for literal, name in re.findall(r'"([^"]*)"|(\w+)', tokens):
        if not name:
            value += literal
            continue
        if name not in macros or depth > 8:
            return None
        inner = c_string(macros[name], macros, depth + 1)
        if inner is None:
            return None
        value += inner
    return value


def exported_from_source(source_root):
    """{metric name: type} of every family a daemon registers with
    im_metrics_add_counter/gauge/histogram; a name may be a macro followed
    by a literal (P "consumer_lag")."""
    paths = sorted(glob.glob(os.path.join(source_root, "daemons", "**", "*.[ch]"), recursive=True))
    macros = c_string_macros(paths)
    call = re.compile(r"im_metrics_add_(counter|gauge|histogram)\s*\(\s*[^,]+,\s*"
                      r'((?:\s*(?:"[^"]*"|\w+))+)\s*,')
    families = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in call.finditer(text):
            name = c_string(m.group(2), macros)
            check(name is not None, f"metric name {m.group(2).strip()} in {path} resolves to a string",
                  "a string literal or #define", m.group(2).strip())
            if name is not None:
                families[name] = m.group(1)
    return families


def exported_from_scrape(paths):
    families = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            families.update(families_of(f.read()))
    return families


def families_of(text):
    return {m.group(1): m.group(2) for m in re.finditer(r"^# TYPE (\S+) (\S+)$", text, re.MULTILINE)}


class Daemon:
    """A daemon started with --metrics-addr 127.0.0.1:0; its log (JSON lines
    on stderr) is drained by a thread, the port read from its "metrics"
    event."""

    def __init__(self, argv):
        self.argv = argv
        self.lines = queue.Queue()
        self.log = []
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.log.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def metrics_port(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:
                return None                                 # exited
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("event") == "metrics":
                m = re.search(r"port (\d+)", entry.get("message", ""))
                if m:
                    return int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def ensure_backend(source_root):
    """KAFKA_BOOTSTRAP_SERVERS and INFLUXDB_URL from the environment, or
    from compose/backend, started on demand as the other integration tests
    do; None when there is one, else why not."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("INFLUXDB_URL"):
        return None
    script = os.path.join(source_root, "compose", "backend")
    up = subprocess.run([script, "up"], capture_output=True, text=True)
    env = subprocess.run([script, "env"], capture_output=True, text=True) if up.returncode == 0 else None
    if env is None or env.returncode != 0:
        return "the native backend (compose/backend up) could not be started"
    for line in env.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in ("KAFKA_BOOTSTRAP_SERVERS", "INFLUXDB_URL"):
            os.environ[key] = value
    if not (os.environ.get("KAFKA_BOOTSTRAP_SERVERS") and os.environ.get("INFLUXDB_URL")):
        return f"compose/backend env gave no addresses:\n{env.stdout}"
    return None


def exported_from_daemons(simulator, ingestion, detector):
    """Start the daemons against the backend, scrape their /metrics."""
    brokers = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    influxdb = os.environ["INFLUXDB_URL"]
    # A topic, group and database of this run's own: the ingestion and
    # the detector subscribe to a topic nobody writes and create nothing;
    # the simulator writes to stdout.
    own = f"im-compose-monitoring-{os.getpid()}"
    daemons = {
        "simulator": Daemon([simulator, "--output", "stdout", "--machines", "1",
                             "--metrics-addr", "127.0.0.1:0"]),
        "ingestion": Daemon([ingestion, "--brokers", brokers, "--topic", own, "--group", own,
                             "--influxdb-url", influxdb, "--influxdb-db", own.replace("-", "_"),
                             "--metrics-addr", "127.0.0.1:0"]),
        "detector": Daemon([detector, "--brokers", brokers, "--topic", own, "--group", own,
                            "--anomalies-topic", own + ".anomalies", "--alarms-topic", own + ".alarms",
                            "--influxdb-url", influxdb, "--influxdb-db", own.replace("-", "_"),
                            "--metrics-addr", "127.0.0.1:0"]),
    }
    families = {}
    try:
        for name, daemon in daemons.items():
            port = daemon.metrics_port(STARTUP_TIMEOUT)
            check(port is not None, f"{name} serves /metrics within {STARTUP_TIMEOUT:.0f} s",
                  "a metrics event", "".join(daemon.log[-5:]))
            if port is None:
                continue
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
                text = response.read().decode("utf-8")
            scraped = families_of(text)
            prefix = f"industrialmind_{name}_"
            check(scraped and all(f.startswith(prefix) for f in scraped),
                  f"{name} exports {prefix}* families", prefix, sorted(scraped))
            families.update(scraped)
    finally:
        for name, daemon in daemons.items():
            rc = daemon.stop()
            check(rc == 0, f"{name} stops cleanly on SIGTERM", 0, rc)
    return families


def series_names(families):
    """The series names a scrape of these families has."""
    names = set()
    for name, kind in families.items():
        if kind == "histogram":
            names.update(name + s for s in HISTOGRAM_SUFFIXES)
        else:
            names.add(name)
    return names


# --- PromQL ----------------------------------------------------------------

PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
    "offset", "and", "or", "unless", "inf", "nan",
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
    "quantile", "count_values", "group",
}


def promql_metrics(expr):
    """The metric names an expression selects, and the label matchers of
    each selector as (metric, label, value) triples."""
    matchers = []
    for m in re.finditer(r"([A-Za-z_:][A-Za-z0-9_:]*)?\{([^}]*)\}", expr):
        for lm in re.finditer(r'(\w+)\s*=~?\s*"([^"]*)"', m.group(2)):
            matchers.append((m.group(1), lm.group(1), lm.group(2)))
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)      # string literals
    bare = re.sub(r"\{[^}]*\}", "", bare)                   # label matchers
    bare = re.sub(r"\[[^\]]*\]", "", bare)                  # range selectors
    bare = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", r"\1", bare)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", bare):
        word = m.group(0)
        after = bare[m.end():].lstrip()
        if word in PROMQL_KEYWORDS or after.startswith("("):
            continue                                        # keyword or function
        if re.fullmatch(r"[0-9.eE]+", word):
            continue
        names.add(word)
    return names, matchers


def dashboard_exprs(panels):
    for panel in panels:
        yield from dashboard_exprs(panel.get("panels", []))
        for target in panel.get("targets", []):
            yield panel, target


# --- compose ---------------------------------------------------------------

def compose_variables(text):
    """{variable: default or None} of every ${VAR}, ${VAR:-default} and
    ${VAR-default} compose.yaml interpolates."""
    found = {}
    for m in re.finditer(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}", text):
        found.setdefault(m.group(1), set()).add(m.group(2))
    return found


def env_file(path):
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            check(sep == "=", f".env.example line {line!r} is KEY=value", "KEY=value", line)
            values[key] = value
    return values


def metrics_port(service):
    command = service.get("command", [])
    if isinstance(command, str):
        command = command.split()
    for i, arg in enumerate(command):
        if arg == "--metrics-addr" and i + 1 < len(command):
            return command[i + 1]
        if arg.startswith("--metrics-addr="):
            return arg.split("=", 1)[1]
    return None


def container_path(service, host_relative):
    """Where a service mounts a path given relative to the compose file."""
    for volume in service.get("volumes", []):
        parts = volume.split(":")
        if len(parts) >= 2 and os.path.normpath(parts[0]) == os.path.normpath(host_relative):
            return parts[1]
    return None


def run_compose(docker_compose, compose_file, env_file_path, profile):
    env = {k: v for k, v in os.environ.items()
           if k not in compose_variables(open(compose_file, encoding="utf-8").read())
           and k != "COMPOSE_PROFILES"}
    cmd = [docker_compose, "-f", compose_file]
    if env_file_path:
        cmd += ["--env-file", env_file_path]
    if profile:
        cmd += ["--profile", profile]
    cmd += ["config"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return proc.returncode, proc.stdout, proc.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source-root", required=True)
    parser.add_argument("--docker-compose", default=None)
    parser.add_argument("--metrics-file", action="append", default=[],
                        help="a scraped /metrics; given, the metric names come from these")
    parser.add_argument("--run-daemons", nargs=3, metavar=("SIMULATOR", "INGESTION", "DETECTOR"),
                        help="start the daemons against the backend and scrape their /metrics")
    args = parser.parse_args()

    if args.run_daemons:
        reason = ensure_backend(args.source_root)
        if reason:
            if os.environ.get("IM_REQUIRE_BACKEND") == "1":
                print(f"not ok - IM_REQUIRE_BACKEND=1 but {reason}")
                return 1
            print(f"SKIP: {reason}")
            return SKIP

    compose_dir = os.path.join(args.source_root, "compose")
    compose_file = os.path.join(compose_dir, "compose.yaml")
    env_example = os.path.join(compose_dir, ".env.example")
    monitoring = os.path.join(compose_dir, "monitoring")

    with open(compose_file, encoding="utf-8") as f:
        compose_text = f.read()
    compose = yaml.safe_load(compose_text)
    services = compose["services"]

    # .env.example documents exactly what compose.yaml reads.
    variables = compose_variables(compose_text)
    documented = env_file(env_example)
    for name, defaults in sorted(variables.items()):
        check(len(defaults) == 1, f"{name} has one default throughout compose.yaml", 1, sorted(map(str, defaults)))
        default = next(iter(defaults))
        check(name in documented, f".env.example documents {name}", name, sorted(documented))
        if name in documented:
            check(documented[name] == (default or ""), f".env.example gives {name} compose.yaml's default",
                  default, documented[name])
    extra = sorted(set(documented) - set(variables))
    check(not extra, ".env.example names nothing compose.yaml does not read", [], extra)

    # Profiles: the default `up` is unchanged, monitoring is opt-in.
    for name, service in services.items():
        profiles = service.get("profiles", [])
        if name in MONITORING_SERVICES:
            check(profiles == [PROFILE], f"{name} is in the {PROFILE} profile only", [PROFILE], profiles)
        else:
            check(not profiles, f"{name} runs without a profile", [], profiles)

    # Prometheus scrapes each daemon where it listens.
    with open(os.path.join(monitoring, "prometheus.yml"), encoding="utf-8") as f:
        prometheus = yaml.safe_load(f)
    jobs = {}
    for job in prometheus.get("scrape_configs", []):
        targets = [t for sc in job.get("static_configs", []) for t in sc.get("targets", [])]
        jobs[job["job_name"]] = targets
    for daemon in ("simulator", "ingestion", "detector"):
        addr = metrics_port(services.get(daemon, {}))
        check(addr is not None, f"{daemon} serves metrics (--metrics-addr)", "HOST:PORT", addr)
        if addr is None:
            continue
        host, _, port = addr.rpartition(":")
        check(host in ("0.0.0.0", "[::]", "::"),
              f"{daemon} metrics listen on an address other containers reach", "0.0.0.0", host)
        check(jobs.get(daemon) == [f"{daemon}:{port}"], f"Prometheus job {daemon} scrapes {daemon}:{port}",
              [f"{daemon}:{port}"], jobs.get(daemon))
    prom_path = container_path(services["prometheus"], "./monitoring/prometheus.yml")
    check(prom_path is not None and f"--config.file={prom_path}" in services["prometheus"].get("command", []),
          "Prometheus reads the mounted prometheus.yml", prom_path, services["prometheus"].get("command"))

    # Grafana: data source, dashboard provider, the dashboard itself.
    grafana = services["grafana"]
    with open(os.path.join(monitoring, "grafana", "provisioning", "datasources", "prometheus.yaml"),
              encoding="utf-8") as f:
        datasources = yaml.safe_load(f)["datasources"]
    check(len(datasources) == 1, "one provisioned data source", 1, len(datasources))
    ds = datasources[0]
    check(ds.get("url") == "http://prometheus:9090", "data source is the compose Prometheus",
          "http://prometheus:9090", ds.get("url"))
    check(container_path(grafana, "./monitoring/grafana/provisioning") == "/etc/grafana/provisioning",
          "Grafana mounts the provisioning directory", "/etc/grafana/provisioning",
          container_path(grafana, "./monitoring/grafana/provisioning"))
    with open(os.path.join(monitoring, "grafana", "provisioning", "dashboards", "industrialmind.yaml"),
              encoding="utf-8") as f:
        providers = yaml.safe_load(f)["providers"]
    dash_mount = container_path(grafana, "./monitoring/grafana/dashboards")
    check([p["options"]["path"] for p in providers] == [dash_mount],
          "the dashboard provider reads where compose.yaml mounts the dashboards",
          [dash_mount], [p["options"]["path"] for p in providers])
    home = grafana.get("environment", {}).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", "")
    check(dash_mount is not None and home.startswith(dash_mount + "/")
          and os.path.exists(os.path.join(monitoring, "grafana", "dashboards", home[len(dash_mount) + 1:])),
          "the home dashboard is a provisioned file", dash_mount, home)

    if args.run_daemons:
        families = exported_from_daemons(*args.run_daemons) or {}
        origin = "the running daemons' /metrics"
        from_source = exported_from_source(args.source_root)
        check(families == from_source, "the daemons export the families their sources register",
              sorted(from_source.items()), sorted(families.items()))
    elif args.metrics_file:
        families = exported_from_scrape(args.metrics_file)
        origin = "the scraped /metrics"
    else:
        families = exported_from_source(args.source_root)
        origin = "the daemons' sources"
    check(len(families) >= 2, f"metric families found in {origin}", ">= 2", len(families))
    exported = series_names(families)

    dashboards = sorted(glob.glob(os.path.join(monitoring, "grafana", "dashboards", "*.json")))
    check(dashboards, "there is a dashboard", "*.json", dashboards)
    for path in dashboards:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            try:
                dashboard = json.load(f)
            except json.JSONDecodeError as e:
                check(False, f"{name} is valid JSON", "JSON", str(e))
                continue
        print(f"ok - {name} is valid JSON")
        ids = [p.get("id") for p in dashboard.get("panels", [])]
        check(len(ids) == len(set(ids)), f"{name}: panel ids are unique", "unique", ids)
        n = 0
        for panel, target in dashboard_exprs(dashboard.get("panels", [])):
            n += 1
            where = f"{name}: panel “{panel.get('title')}” {target.get('refId')}"
            uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid")
            check(uid == ds.get("uid"), f"{where} uses the provisioned data source", ds.get("uid"), uid)
            expr = target.get("expr", "")
            names, matchers = promql_metrics(expr)
            check(names, f"{where} selects a metric", "a metric name", expr)
            for metric in sorted(names):
                known = metric in exported or metric in PROMETHEUS_SERIES
                check(known, f"{where}: {metric} is exported ({origin})", "an exported metric", metric)
            for metric, label, value in matchers:
                if label == "job":
                    check(value in jobs, f"{where}: job {value!r} is a Prometheus job", sorted(jobs), value)
        check(n > 0, f"{name} has queries", "> 0", n)

    if args.docker_compose:
        for profile in (None, PROFILE):
            what = f"profile {profile}" if profile else "default profile"
            rc, plain, err = run_compose(args.docker_compose, compose_file, None, profile)
            check(rc == 0, f"docker-compose config ({what})", 0, err.strip())
            rc, with_env, err = run_compose(args.docker_compose, compose_file, env_example, profile)
            check(rc == 0, f"docker-compose --env-file .env.example config ({what})", 0, err.strip())
            check(plain == with_env, f".env.example gives the defaults' configuration ({what})",
                  "identical output", "different output")

    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
