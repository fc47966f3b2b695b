#!/usr/bin/env python3
"""Two `fazhi serve` processes behind nginx on one PostgreSQL (issue 18, item 4), with the shipped
proxy settings of deploy/nginx/fazhi.conf (plain HTTP here: no certificate in CI). Run by .ci/run.

usage: proxy_check.py FAZHI_BIN PGBIN PGPORT [--port 18380]

1. both servers start at the same moment on an empty database: the start-up lock lets one migrate
   and seed the demo, the other finds it done (the demo is seeded exactly once);
2. the office signs in through the proxy and opens pages: both servers answer (nginx's log names the
   upstream of every request), and the session made on one is honoured by the other;
3. the public status query's hourly allowance (set to 5) is shared: the sixth query through the
   proxy is refused, although each server saw only three;
4. one server is killed with SIGKILL: every following page is still answered, by the other one, in
   the same session.
"""
import argparse, collections, os, shutil, signal, subprocess, sys, tempfile, time, urllib.request

from fazhi_http import Client, nginx_config, psql as run_psql

parser = argparse.ArgumentParser()
parser.add_argument("fazhi")
parser.add_argument("pgbin")
parser.add_argument("pgport")
parser.add_argument("--port", type=int, default=18380)
args = parser.parse_args()

db = "fazhi_proxy"
url = f"postgres://postgres@127.0.0.1:{args.pgport}/{db}?tlsmode=disable"
work = tempfile.mkdtemp(prefix="fazhi-proxy-")
ports = [args.port + 1, args.port + 2]
here = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def psql(sql, dbname=db):
    return run_psql(args.pgbin, args.pgport, sql, dbname)


def serve(port):
    env = dict(os.environ, DATABASE_URL=url, FAZHI_PORT=str(port), FAZHI_DATA_DIR=os.path.join(work, "data"),
               FAZHI_SCHEDULER="on", FAZHI_TRUST_FORWARDED_FOR="1", FAZHI_PUBLIC_QUERY_PER_HOUR="5", FAZHI_BCRYPT_COST="4")
    log = open(os.path.join(work, f"server-{port}.log"), "w")
    return subprocess.Popen([args.fazhi, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(base, seconds=180):
    for _ in range(seconds * 4):
        if nginx.poll() is not None:
            return False
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return True
        except Exception:
            time.sleep(0.25)
    return False


psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)", "postgres")
psql(f"CREATE DATABASE {db}", "postgres")
conf = os.path.join(work, "nginx.conf")
with open(conf, "w") as f:
    f.write(nginx_config(work, args.port, ports))
servers = {port: serve(port) for port in ports}  # at the same moment, on an empty database
nginx = subprocess.Popen(["nginx", "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
base = f"http://127.0.0.1:{args.port}"
try:
    healthy = all(wait_healthy(f"http://127.0.0.1:{p}") for p in ports) and wait_healthy(base)
    check(healthy, "both servers and the proxy answer")
    if not healthy:
        sys.exit(f"see {work}")
    seeders = [p for p in ports if "已生成演示数据" in open(os.path.join(work, f"server-{p}.log"), encoding="utf-8").read()]
    check(len(seeders) == 1, f"two servers started at once on an empty database: one seeded the demo ({seeders}), the other found it")
    # The demo city: one city, its three districts, and one plan per district and year (no double seeding).
    check(psql("SELECT COUNT(*) FROM org_nodes WHERE kind = 'city'") == "1"
          and psql("SELECT COUNT(*) FROM org_nodes WHERE kind = 'district'") == "3"
          and psql("SELECT COUNT(*) FROM (SELECT district_id, year FROM plans GROUP BY district_id, year HAVING COUNT(*) > 1) d") == "0",
          "one city, three districts, one plan per district and year")

    office = Client(args.port)
    office.sign_in("office")  # exits unless the sign-in through the proxy answers 303
    check(True, "the office signs in through the proxy")
    pages = ["/", "/tasks", "/overdue", "/problems", "/goi", "/supervision", "/reports", "/plans/2026", "/units", "/inbox"]
    statuses = [office.send("GET", p)[0] for p in pages * 2]
    check(all(s == 200 for s in statuses), f"20 pages in one session through the proxy: {collections.Counter(statuses)}")
    time.sleep(0.5)
    with open(os.path.join(work, "access.log")) as f:
        upstreams = collections.Counter(line.split()[1] for line in f if line.split()[1] != "-")
    check(len(upstreams) == 2, f"both servers answered, the session of one honoured by the other: {dict(upstreams)}")

    visitor = Client(args.port)
    visitor.send("GET", "/public/goi/query")
    answers = [visitor.send("POST", "/public/goi/query", {"_csrf": visitor.csrf, "number": "YSQ-2026-00001", "code": "AAAAAAAA"})[0]
               for _ in range(6)]
    check(all(a != 429 for a in answers[:5]) and answers[5] == 429,
          f"the status query's allowance of 5 an hour is shared by both servers: {answers}")

    victim = ports[0]
    servers[victim].send_signal(signal.SIGKILL)
    servers[victim].wait()
    after = [office.send("GET", p)[0] for p in pages * 2]
    check(all(s == 200 for s in after), f"one server killed with SIGKILL: the next 20 pages still answered {collections.Counter(after)}")
finally:
    nginx.send_signal(signal.SIGQUIT)
    for process in servers.values():
        if process.poll() is None:
            process.terminate()
    for process in list(servers.values()) + [nginx]:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()

if failures:
    sys.exit(f"proxy check failed ({len(failures)}); logs in {work}")
shutil.rmtree(work, ignore_errors=True)
print("proxy check: ok")
