#!/usr/bin/env python3
"""Load and kill -9 against a real `fazhi serve` (issue 22). Prints its figures; exits non-zero on
any server error, lost acknowledged write or half-written record.

usage: load_kill.py FAZHI_BIN sqlite|postgres [--pgbin DIR --pgport N] [--clients 200] [--seconds 30]
                    [--rounds 10] [--writers 8] [--proxy]

1. Load: a fresh demo district; CLIENTS threads for SECONDS, each mixing page reads (home, tasks,
   overdue board, register, API) as the office or a unit, with writes: public information
   requests (numbered from the year's sequence) and progress notes on the unit's own task.
   Prints requests, throughput, p50/p99 and errors (HTTP 5xx or a broken connection).
2. Kill: ROUNDS times, WRITERS threads submit public requests while the server is killed with
   SIGKILL at a random moment, then the server is started again on the same database. Every
   write the server acknowledged (a page with its tracking number, a redirect after a note) must
   be in the database ("lost"), and every request must have its audit event and no audit event
   its request ("half records"); at the end `fazhi audit verify` must pass.
3. With --proxy (PostgreSQL, issue 18): two servers behind nginx with the shipped settings
   (deploy/nginx/fazhi.conf) under the same load, one killed with SIGKILL halfway. Prints p50/p99
   per page type; a request on the wire to the killed server (nginx answers 502 and never resends a
   POST) is unacknowledged, not an error; nothing acknowledged may be lost or half-written.
"""
import argparse, http.client, os, random, re, signal, sqlite3, subprocess, sys, tempfile, threading, time, urllib.parse, uuid

from fazhi_http import Client as HTTPClient, psql, start_nginx, start_server, stop_server

p = argparse.ArgumentParser()
p.add_argument("fazhi")
p.add_argument("db", choices=["sqlite", "postgres"])
p.add_argument("--pgbin")
p.add_argument("--pgport")
p.add_argument("--clients", type=int, default=200)
p.add_argument("--seconds", type=float, default=30)
p.add_argument("--rounds", type=int, default=10)
p.add_argument("--writers", type=int, default=8)
p.add_argument("--port", type=int, default=18190)
p.add_argument("--proxy", action="store_true",
               help="postgres: then two servers behind nginx (the shipped settings) under the same load, one killed with SIGKILL halfway")
args = p.parse_args()

work = tempfile.mkdtemp(prefix=f"fazhi-load-{args.db}-")
data = os.path.join(work, "data")
dbname = "fazhi_load_" + uuid.uuid4().hex[:8]
env = dict(os.environ, FAZHI_DATA_DIR=data, FAZHI_PORT=str(args.port), FAZHI_SCHEDULER="off",
           FAZHI_PUBLIC_APPLY_PER_HOUR="100000", FAZHI_PUBLIC_QUERY_PER_HOUR="100000", FAZHI_BCRYPT_COST="4")
env.pop("DATABASE_URL", None)
if args.db == "postgres":
    psql(args.pgbin, args.pgport, f"CREATE DATABASE {dbname}")
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{args.pgport}/{dbname}?tlsmode=disable"
server = None


def start():
    global server
    server = start_server(args.fazhi, env, args.port, os.path.join(work, "server.log"), tries=600)


def query(sql):
    if args.db == "sqlite":
        con = sqlite3.connect(os.path.join(data, "fazhi.sqlite"), timeout=30)
        try:
            return [tuple(r) for r in con.execute(sql).fetchall()]
        finally:
            con.close()
    out = psql(args.pgbin, args.pgport, sql, dbname, separator="\t")
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


class Client(HTTPClient):
    """One browser: its own connection, cookies and CSRF token; bodies as text."""

    def __init__(self, port=None):
        super().__init__(port or args.port)

    def send(self, method, path, form=None):
        status, data, headers = super().send(method, path, form)
        return status, data.decode("utf-8", "replace"), headers


APPLICATION = {"applicantType": "natural_person", "name": "压测申请人", "idNumber": "110101199001011234", "contact": "", "phone": "13800000000",
               "email": "load@example.com", "address": "某市某区某路 1 号", "purpose": "", "delivery": "email", "unit": "csglj"}


def apply(client, marker):
    if not client.csrf:
        client.send("GET", "/public/goi/apply")
    status, text, _ = client.send("POST", "/public/goi/apply", dict(APPLICATION, content=f"压测 {marker}", _csrf=client.csrf))
    m = re.search(r"YSQ-\d{4}-\d{5}", text)
    return status, (m.group(0) if status == 200 and m else None)


def percentile(values, q):
    if not values:
        return 0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


# ---------------------------------------------------------------- 1. load
start()
liaison = Client(); liaison.sign_in("csglj-liaison")
status, text, _ = liaison.send("GET", "/api/v1/tasks")
task_ids = re.findall(r'"id"\s*:\s*"([0-9A-Fa-f-]{36})"', text)
own = [t for t in task_ids if liaison.send("GET", f"/tasks/{t}")[1].find('name="progress"') >= 0][:3] or task_ids[:1]
sessions = {"office": Client(), "csglj-liaison": liaison}
sessions["office"].sign_in("office")
reads = ["/", "/tasks", "/overdue", "/goi", "/api/v1/overdue", "/assessment", "/inbox"]
lock = threading.Lock()
latencies, errors, acknowledged_apps, acknowledged_notes, counts = [], [], [], [], {"read": 0, "apply": 0, "note": 0}
deadline = time.time() + args.seconds


def load_client(i):
    rnd = random.Random(i)
    browser = Client()
    shared = sessions["office" if i % 2 == 0 else "csglj-liaison"]
    browser.cookies = dict(shared.cookies); browser.csrf = shared.csrf
    public = Client()
    while time.time() < deadline:
        kind = rnd.random()
        t0 = time.time()
        try:
            if kind < 0.70:
                status, _, _ = browser.send("GET", rnd.choice(reads)); what = "read"
            elif kind < 0.88:
                marker = uuid.uuid4().hex
                status, number = apply(public, marker); what = "apply"
                if number:
                    with lock: acknowledged_apps.append(number)
            else:
                marker = "压测进展 " + uuid.uuid4().hex
                if i % 2 == 1 and own:
                    status, _, _ = browser.send("POST", f"/tasks/{rnd.choice(own)}/progress", {"note": marker, "_csrf": browser.csrf}); what = "note"
                    if status == 303:
                        with lock: acknowledged_notes.append(marker)
                else:
                    status, _, _ = browser.send("GET", "/plans"); what = "read"
        except Exception as e:  # a broken connection is an error like a 5xx
            status, what = f"{type(e).__name__}", "error"
        elapsed = time.time() - t0
        with lock:
            latencies.append(elapsed)
            counts[what] = counts.get(what, 0) + 1
            if not isinstance(status, int) or status >= 500:
                errors.append(f"{what} {status}")


threads = [threading.Thread(target=load_client, args=(i,)) for i in range(args.clients)]
t_start = time.time()
for t in threads: t.start()
for t in threads: t.join()
duration = time.time() - t_start
rss = 0
try:
    with open(f"/proc/{server.pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) // 1024
except Exception:
    pass
n = len(latencies)
print(f"load {args.db}: {args.clients} clients for {duration:.1f} s: {n} requests ({counts['read']} reads, {counts['apply']} public applications, "
      f"{counts['note']} progress notes), {n / duration:.1f} req/s, p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
      f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, errors {len(errors)}, server peak memory {rss} MB")
if errors:
    print("  errors: " + ", ".join(sorted(set(errors))[:10]))
notes_found = {r[0] for r in query("SELECT text FROM progress_notes WHERE text LIKE '压测进展 %'")}
lost_load = [a for a in acknowledged_apps if not query(f"SELECT 1 FROM goi_requests WHERE number = '{a}'")][:5]
lost_load_notes = [m for m in acknowledged_notes if m not in notes_found]
# Stopped under load, as an operator would stop it: requests in flight finish, the process exits 0.
stop_failures = [stop_server(server, os.path.join(work, "server.log"))]

# ---------------------------------------------------------------- 2. kill -9
acknowledged = []
for round_no in range(args.rounds):
    start()
    stop = threading.Event()

    def writer(k):
        c = Client()
        while not stop.is_set():
            try:
                status, number = apply(c, f"kill-{round_no}-{k}-{uuid.uuid4().hex[:6]}")
                if number:
                    with lock: acknowledged.append(number)
            except Exception:
                c = Client()  # the server died mid-request: outcome unknown, not acknowledged
                time.sleep(0.05)

    ws = [threading.Thread(target=writer, args=(k,)) for k in range(args.writers)]
    for w in ws: w.start()
    time.sleep(random.uniform(0.5, 2.0))
    server.send_signal(signal.SIGKILL); server.wait()
    stop.set()
    for w in ws: w.join()

start()
numbers = {r[0] for r in query("SELECT number FROM goi_requests")}
lost = [a for a in acknowledged if a not in numbers]
# The script's own requests (the demo's history is seeded without per-request events).
half_requests = query("SELECT r.number FROM goi_requests r WHERE r.content LIKE '压测 %' AND NOT EXISTS (SELECT 1 FROM audit_events e "
                      "WHERE e.entity_type = 'goi_request' AND e.entity_id = r.number AND e.action = 'create')")
half_events = query("SELECT e.entity_id FROM audit_events e WHERE e.entity_type = 'goi_request' AND e.action = 'create' "
                    "AND NOT EXISTS (SELECT 1 FROM goi_requests r WHERE r.number = e.entity_id)")
dupes = query("SELECT number, COUNT(*) FROM goi_requests GROUP BY number HAVING COUNT(*) > 1")
stop_failures = [f for f in stop_failures + [stop_server(server, os.path.join(work, "server.log"))] if f]
verify = subprocess.run([args.fazhi, "audit", "verify"], env=env, capture_output=True, text=True)
half = len(half_requests) + len(half_events) + len(dupes)

# ---------------------------------------------------------------- 3. two servers behind nginx, one killed
proxy_failed = []
if args.proxy:
    listen, ports = args.port + 20, [args.port + 21, args.port + 22]
    servers = [start_server(args.fazhi, dict(env, FAZHI_PORT=str(port)), port, os.path.join(work, f"server-{port}.log"), tries=600) for port in ports]
    nginx = start_nginx(work, listen, ports)

    def cleanup():
        for process in servers + [nginx]:
            if process.poll() is None:
                process.kill()

    import atexit
    atexit.register(cleanup)  # also when a step below gives up with sys.exit
    signed = {name: Client(listen) for name in ("office", "csglj-liaison")}
    for name, c in signed.items():
        c.sign_in(name)
    by_kind, p_errors, in_flight, p_apps, p_notes = {}, [], [], [], []
    p_deadline = time.time() + args.seconds
    killed_at = [None]

    def kill_one():
        time.sleep(args.seconds / 2)
        killed_at[0] = time.time()
        servers[0].send_signal(signal.SIGKILL)
        servers[0].wait()

    def proxy_client(i):
        rnd = random.Random(1000 + i)
        browser = Client(listen)
        shared = signed["office" if i % 2 == 0 else "csglj-liaison"]
        browser.cookies = dict(shared.cookies); browser.csrf = shared.csrf
        public = Client(listen)
        while time.time() < p_deadline:
            kind = rnd.random()
            t0 = time.time()
            try:
                if kind < 0.70:
                    what = rnd.choice(reads)
                    status, _, _ = browser.send("GET", what)
                elif kind < 0.88 or i % 2 == 0 or not own:
                    what = "POST /public/goi/apply"
                    status, number = apply(public, uuid.uuid4().hex)
                    if number:
                        with lock: p_apps.append(number)
                else:
                    what = "POST /tasks/:id/progress"
                    marker = "压测进展 " + uuid.uuid4().hex
                    status, _, _ = browser.send("POST", f"/tasks/{rnd.choice(own)}/progress", {"note": marker, "_csrf": browser.csrf})
                    if status == 303:
                        with lock: p_notes.append(marker)
            except Exception as e:
                status, what = type(e).__name__, "error"
                public = Client(listen)
            elapsed = time.time() - t0
            with lock:
                by_kind.setdefault(what, []).append(elapsed)
                if not isinstance(status, int) or status >= 500:
                    # A request on the wire when its server died: nginx answers 502 (a POST already sent is
                    # never resent), its outcome unknown and not acknowledged. Anything else is an error.
                    # In flight: sent before the kill, answered after it (with a little slack for nginx noticing).
                    if status == 502 and killed_at[0] and t0 <= killed_at[0] + 0.5 and t0 + elapsed >= killed_at[0]:
                        in_flight.append(what)
                    else:
                        p_errors.append(f"{what} {status}")

    killer = threading.Thread(target=kill_one)
    workers = [threading.Thread(target=proxy_client, args=(i,)) for i in range(args.clients)]
    p_start = time.time()
    killer.start()
    for t in workers: t.start()
    for t in workers: t.join()
    killer.join()
    p_duration = time.time() - p_start
    total = sum(len(v) for v in by_kind.values())
    print(f"proxy postgres: {args.clients} clients for {p_duration:.1f} s through nginx to 2 servers, one killed with SIGKILL at "
          f"{(killed_at[0] or p_start) - p_start:.1f} s: {total} requests, {total / p_duration:.1f} req/s, errors {len(p_errors)}, "
          f"{len(in_flight)} in flight on the killed server (not acknowledged)")
    for what in sorted(by_kind):
        values = by_kind[what]
        print(f"  {what:32} {len(values):6} requests  p50 {percentile(values, 0.5) * 1000:6.0f} ms  p99 {percentile(values, 0.99) * 1000:6.0f} ms")
    numbers = {r[0] for r in query("SELECT number FROM goi_requests")}
    notes_found = {r[0] for r in query("SELECT text FROM progress_notes WHERE text LIKE '压测进展 %'")}
    p_lost = [a for a in p_apps if a not in numbers] + [m for m in p_notes if m not in notes_found]
    p_half = query("SELECT r.number FROM goi_requests r WHERE r.content LIKE '压测 %' AND NOT EXISTS (SELECT 1 FROM audit_events e "
                   "WHERE e.entity_type = 'goi_request' AND e.entity_id = r.number AND e.action = 'create')")
    nginx.send_signal(signal.SIGQUIT); nginx.wait()
    survivor = stop_server(servers[1], os.path.join(work, f"server-{ports[1]}.log"))
    p_verify = subprocess.run([args.fazhi, "audit", "verify"], env=env, capture_output=True, text=True)
    print(f"  {len(p_apps)} applications and {len(p_notes)} notes acknowledged: lost {len(p_lost)}, half records {len(p_half)}, "
          f"audit chain {'intact' if p_verify.returncode == 0 else 'BROKEN'}, survivor {'stopped cleanly' if not survivor else 'NOT CLEAN'}")
    if p_errors:
        print("  errors: " + ", ".join(sorted(set(p_errors))[:10]))
    proxy_failed = [x for x in (p_errors, p_lost, p_half, [survivor] if survivor else [], [] if p_verify.returncode == 0 else ["audit"]) if x]
print(f"kill {args.db}: {args.rounds} rounds of {args.writers} writers killed with SIGKILL: {len(acknowledged)} acknowledged applications, "
      f"lost {len(lost)}, half records {half}, audit chain {'intact' if verify.returncode == 0 else 'BROKEN'}")
print(f"  (load phase: {len(acknowledged_apps)} applications and {len(acknowledged_notes)} notes acknowledged, "
      f"lost {len(lost_load) + len(lost_load_notes)})")
print(f"  SIGTERM after the load phase and at the end: {'stopped cleanly, exit 0' if not stop_failures else 'NOT CLEAN'}")
for f in stop_failures:
    print("  " + f)
if verify.returncode != 0:
    print(verify.stdout + verify.stderr)
failed = errors or lost or half or lost_load or lost_load_notes or stop_failures or verify.returncode != 0 or proxy_failed
if failed:
    print(f"FAILED (logs in {work})")
    sys.exit(1)
