#!/usr/bin/env python3
"""The chat gateway of the rehearsal (the plan's NOTIFY_URL) on 127.0.0.1: every POST is kept as
DIR/NNNN.json — path, content type, the body, and the sha256 of the bearer token (never the
token), so the rehearsal can check that each message arrived with the right token."""
import hashlib
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

port, folder = int(sys.argv[1]), Path(sys.argv[2])
folder.mkdir(parents=True, exist_ok=True)


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        auth = self.headers.get("Authorization") or ""
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
        record = {
            "path": self.path,
            "contentType": self.headers.get("Content-Type"),
            "tokenSha256": hashlib.sha256(token.encode()).hexdigest() if token else None,
            "body": body.decode("utf-8", "replace"),
        }
        number = len(list(folder.glob("*.json"))) + 1
        temp = folder / f".{number:04d}.tmp"
        temp.write_text(json.dumps(record, ensure_ascii=False))
        temp.rename(folder / f"{number:04d}.json")
        self.send_response(401 if not token else 204)
        self.end_headers()

    def log_message(self, fmt, *args):
        sys.stderr.write("webhook-sink: " + (fmt % args) + "\n")


HTTPServer(("127.0.0.1", port), Sink).serve_forever()
