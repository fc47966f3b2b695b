"""Shared by the load and page scripts: a browser-like HTTP client against a local `fazhi serve`
(its own connection, cookies and CSRF token), starting the server until it answers /healthz, nginx
in front of it, and psql against the CI's PostgreSQL."""
import http.client, re, subprocess, sys, time, urllib.parse



def psql(pgbin, port, sql, dbname="postgres", separator=None):
    """One statement through psql as the local cluster's superuser; its unaligned output without the
    final newline (a first column left empty keeps its place)."""
    command = [f"{pgbin}/psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", dbname, "-AtqX"]
    if separator:
        command += ["-F", separator]
    return subprocess.run(command + ["-c", sql], check=True, capture_output=True, text=True).stdout.rstrip("\n")


class Client:
    def __init__(self, port):
        self.port, self.cookies, self.csrf, self.conn = port, {}, "", None

    def send(self, method, path, form=None):
        """Sends a request (a form when given); returns (status, body bytes, headers with lower-case names)."""
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Origin": f"http://127.0.0.1:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn = None
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";")[0]
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        m = re.search(rb'name="_csrf" value="([^"]+)"', data)
        if m:
            self.csrf = m.group(1).decode()
        return r.status, data, dict((k.lower(), v) for k, v in r.getheaders())

    def sign_in(self, user, password="fazhi-demo-2026"):
        self.send("GET", "/login")
        status, _, _ = self.send("POST", "/login", {"username": user, "password": password, "_csrf": self.csrf})
        if status != 303:
            sys.exit(f"sign-in of {user} failed: {status}")
        self.send("GET", "/")


def start_server(fazhi, env, port, log_path, tries=1500):
    """Starts `fazhi serve` and waits until /healthz answers 200; exits the script if it dies first."""
    server = subprocess.Popen([fazhi, "serve"], env=env, stdout=open(log_path, "a"), stderr=subprocess.STDOUT)
    for _ in range(tries):
        if server.poll() is not None:
            sys.exit(f"fazhi serve exited early, see {log_path}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("fazhi serve did not become healthy")


def stop_server(server, log_path, limit=30):
    """Stops `fazhi serve` with SIGTERM as an operator would; returns None when it exited 0 within
    `limit` seconds, else a message with the end of its log (the server is then killed)."""
    started = time.time()
    server.terminate()
    try:
        code = server.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        code = None
    if code == 0:
        return None
    try:
        tail = "".join(l for l in open(log_path, errors="replace").readlines() if "sql=" not in l)[-2000:]
    except OSError:
        tail = ""
    what = f"did not stop within {limit} s of SIGTERM" if code is None else f"exited {code} on SIGTERM after {time.time() - started:.1f} s"
    return f"fazhi serve {what}; end of {log_path}:\n{tail}"


def nginx_config(work, listen, ports):
    """nginx settings for `ports` behind `listen` (plain HTTP): the shipped deploy/nginx/fazhi.conf
    `location /` block and upstream options, logging each request's upstream to WORK/access.log."""
    import os
    shipped = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy", "nginx", "fazhi.conf"), encoding="utf-8").read()
    location = re.search(r"(    location / \{.*?\n    \})", shipped, re.S).group(1)
    upstream = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in ports)
    return f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$status $upstream_addr $request_method $uri $request_time';
    access_log {work}/access.log upstream;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    upstream fazhi {{
{upstream}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{listen};
        client_max_body_size 60m;
        proxy_request_buffering off;
{location}
    }}
}}
"""


def start_nginx(work, listen, ports):
    """Starts nginx in the foreground with `nginx_config`; returns the process once it answers."""
    import os
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_config(work, listen, ports))
    proxy = subprocess.Popen(["nginx", "-c", conf, "-p", work], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(100):
        if proxy.poll() is not None:
            sys.exit(f"nginx exited, see {work}/nginx-error.log")
        try:
            c = http.client.HTTPConnection("127.0.0.1", listen, timeout=2)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return proxy
        except OSError:
            time.sleep(0.1)
    sys.exit("nginx did not start")
