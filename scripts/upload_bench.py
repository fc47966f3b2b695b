#!/usr/bin/env python3
"""Upload benchmark: evidence files of 5, 30 and 50 MB sent end to end over loopback HTTP to a
`fazhi serve` (the given binary, a fresh demo), as the drafting unit's liaison would from the
leaf page. Prints each upload's time and throughput, the server's peak memory (an upload is
streamed to disk, never held whole in memory), and checks the stored file's SHA-256.

    python3 scripts/upload_bench.py .build/release/fazhi [--sizes 5,30,50] [--port 18391]
"""
import argparse, hashlib, http.client, os, re, shutil, sys, tempfile, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fazhi_http import Client, start_server, stop_server


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("fazhi")
    ap.add_argument("--sizes", default="5,30,50")
    ap.add_argument("--port", type=int, default=18391)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    data_dir = tempfile.mkdtemp(prefix="fazhi-upload-bench-")
    env = dict(os.environ, FAZHI_DATA_DIR=data_dir, FAZHI_PORT=str(args.port), FAZHI_SCHEDULER="off",
               FAZHI_MAX_UPLOAD_MB=str(max(sizes) + 1))
    env.pop("DATABASE_URL", None)
    server = start_server(args.fazhi, env, args.port, os.path.join(data_dir, "server.log"))
    try:
        client = Client(args.port)
        client.sign_in("bsc-a-liaison")
        _, _, headers = client.send("GET", "/assessment/2026/work")
        _, page, _ = client.send("GET", headers.get("location", "/assessment/2026/work"))
        leaf = re.search(rb'href="(/assessment/2026/work/[^"/]+/leaves/[^"?#]+)"', page)
        if not leaf:
            sys.exit("no leaf page found for the drafting unit")
        leaf = leaf.group(1).decode()
        _, page, _ = client.send("GET", leaf)
        item = re.search(rb'<option value="([^"]+)"', page)
        item = item.group(1).decode() if item else "其他材料"
        print(f"upload benchmark: {args.fazhi}, loopback HTTP, leaf {leaf.rsplit('/', 1)[-1]}")
        failed = False
        for mb in sizes:
            body_bytes = b"%PDF-1.4\n" + os.urandom(mb * 1024 * 1024 - 16) + b"\n%%EOF\n"
            boundary = uuid.uuid4().hex
            head = b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in (("_csrf", client.csrf), ("item", item)))
            head += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="材料{mb}MB.pdf"\r\n'
                     f"Content-Type: application/pdf\r\n\r\n").encode()
            payload = head + body_bytes + f"\r\n--{boundary}--\r\n".encode()
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
            started = time.perf_counter()
            conn.request("POST", leaf + "/evidence", body=payload, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
                "Origin": f"http://127.0.0.1:{args.port}"})
            response = conn.getresponse()
            response.read()
            seconds = time.perf_counter() - started
            digest = hashlib.sha256(body_bytes).hexdigest()
            stored = os.path.join(data_dir, "evidence", digest[:2], digest[2:4], digest)
            ok = response.status == 303 and os.path.exists(stored) and os.path.getsize(stored) == len(body_bytes)
            failed |= not ok
            print(f"  {mb:>3} MB: {seconds:6.2f} s  {mb / seconds:8.1f} MB/s  status {response.status}  "
                  f"{'stored, SHA-256 matches' if ok else 'NOT STORED'}")
        incoming = os.path.join(data_dir, "evidence", "incoming")
        left = os.listdir(incoming) if os.path.isdir(incoming) else []
        print(f"  server peak memory {peak_rss_mb(server.pid):.0f} MB; temporary files left: {len(left)}")
        if failed or left:
            sys.exit(1)
    finally:
        stopped = stop_server(server, os.path.join(data_dir, "server.log"))
        shutil.rmtree(data_dir, ignore_errors=True)
    if stopped:
        sys.exit(stopped)


if __name__ == "__main__":
    main()
