#!/usr/bin/env python3
"""Loopback receivers for delivery tests: an HTTP endpoint that answers like a WeCom/DingTalk group
robot and an SMTP server (aiosmtpd). Every message received is appended as one JSON line to
OUT/http.jsonl or OUT/smtp.jsonl. Prints "ready http=<port> smtp=<port>" once both listen.

usage: receivers.py OUT [--fail-first-every N] [--delay-ms MS]
  --fail-first-every N  answer errcode -1 to the first attempt of every N-th delivery key (retry test)
  --delay-ms MS         wait before answering (so a process can be killed mid-send)
"""
import argparse, json, os, sys, threading, time
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--fail-first-every", type=int, default=0)
ap.add_argument("--delay-ms", type=int, default=0)
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
lock = threading.Lock()
seen_keys = {}


def record(name, entry):
    with lock, open(os.path.join(args.out, name), "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


class Robot(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("X-Fazhi-Delivery", "")
        with lock:
            seen_keys[key] = seen_keys.get(key, 0) + 1
            attempt = seen_keys[key]
            index = len(seen_keys)
        fail = args.fail_first_every > 0 and attempt == 1 and index % args.fail_first_every == 0
        if args.delay_ms:
            time.sleep(args.delay_ms / 1000)
        answer = {"errcode": -1, "errmsg": "system busy"} if fail else {"errcode": 0, "errmsg": "ok"}
        record("http.jsonl", {"key": key, "sender": self.headers.get("X-Fazhi-Sender", ""), "path": self.path,
                              "accepted": not fail, "body": json.loads(body or b"{}")})
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


class Mailbox:
    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content)
        body = msg.get_payload(decode=True) or b""
        record("smtp.jsonl", {"key": msg.get("Message-ID", ""), "from": envelope.mail_from, "to": envelope.rcpt_tos,
                              "subject": str(make_header(decode_header(msg.get("Subject", "")))),
                              "text": body.decode("utf-8", "replace")})
        return "250 OK"


http = ThreadingHTTPServer(("127.0.0.1", 0), Robot)
threading.Thread(target=http.serve_forever, daemon=True).start()
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); smtp_port = s.getsockname()[1]; s.close()
controller = Controller(Mailbox(), hostname="127.0.0.1", port=smtp_port)
controller.start()
print(f"ready http={http.server_address[1]} smtp={smtp_port}", flush=True)
# Exit with the parent: a test that crashes closes our stdin and must not leave us running.
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
