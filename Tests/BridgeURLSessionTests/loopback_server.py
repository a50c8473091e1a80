#!/usr/bin/env python3
"""A scripted HTTP/1.1 server on loopback for the BridgeURLSession tests (standard library only).

Binds 127.0.0.1 on port 0 (the system picks a free port), prints "PORT <n> CLOSED <m>" on one
line of stdout, and serves until its stdin closes (so it never outlives the test process) or it is
terminated. Port <m> is bound but never listens, so connecting to it is refused for as long as
the server runs (no other process can take it meanwhile). Every request that reaches a route
prints "SEEN <path>" on stdout, so a test can wait until a request is in flight. Routes:

  ANY  /echo                 200, JSON {method, path, query, headers: [[name, value]...], body}
  GET  /status/<code>        that status; body {"status": code}; header fields from ?h=Name:Value
  GET  /headers?h=N:V&h=...  200 with the given header fields (repeatable)
  GET  /slow?ms=<n>          waits n ms before answering 200
  GET  /large?bytes=<n>      200 with n bytes of the repeating pattern 0..255
  GET  /stream?bytes=<n>&pause=<m>
                             200 with n bytes (Content-Length) in 64 KiB pieces; after m bytes
                             it waits up to 30 s for the client to go away, and stops if it does
  GET  /streamed             waits for the last /stream to end, answers {"written": <bytes>}
  ANY  /redirect?to=<url>    302 (or ?code=<n>) to <url>
  GET  /chunked?chunks=<n>   200 in n chunks of "chunk-<i>\\n" (Transfer-Encoding: chunked)
  ANY  /drop                 reads the request, then closes the connection without answering
"""
import json
import os
import select
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status in (204, 304):  # no content by definition (RFC 9110 §6.4.1)
            body = b""
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _header_pairs(self, query):
        pairs = []
        for item in query.get("h", []):
            name, _, value = item.partition(":")
            pairs.append((name, value))
        return pairs

    def _handle(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body = self._body()
        print(f"SEEN {url.path}", flush=True)
        if url.path == "/echo":
            payload = {
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("utf-8", "replace"),
            }
            self._send(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])
        elif url.path.startswith("/status/"):
            code = int(url.path.rsplit("/", 1)[1])
            data = json.dumps({"status": code}).encode()
            self._send(code, data, [("Content-Type", "application/json")] + self._header_pairs(query))
        elif url.path == "/headers":
            self._send(200, b"", self._header_pairs(query))
        elif url.path == "/slow":
            time.sleep(int(query.get("ms", ["1000"])[0]) / 1000)
            try:
                self._send(200, b"slow")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif url.path == "/large":
            size = int(query.get("bytes", ["0"])[0])
            self._send(200, (bytes(range(256)) * (size // 256 + 1))[:size], [("Content-Type", "application/octet-stream")])
        elif url.path == "/stream":
            size = int(query.get("bytes", ["0"])[0])
            pause = int(query.get("pause", [str(size)])[0])
            piece = bytes(range(256)) * 256
            written = 0
            STREAM["done"].clear()
            try:
                self.send_response(200)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                while written < size:
                    if written >= pause:
                        self.wfile.flush()
                        readable, _, _ = select.select([self.connection], [], [], 30)
                        if readable and not self.connection.recv(1, socket.MSG_PEEK):
                            break  # the client closed the connection
                        pause = size
                    chunk = piece[: min(len(piece), size - written, max(pause - written, 1))]
                    self.wfile.write(chunk)
                    written += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                self.close_connection = True
                STREAM["written"] = written
                STREAM["done"].set()
        elif url.path == "/streamed":
            STREAM["done"].wait(60)
            self._send(200, json.dumps({"written": STREAM["written"]}).encode(), [("Content-Type", "application/json")])
        elif url.path == "/redirect":
            code = int(query.get("code", ["302"])[0])
            self._send(code, b"", [("Location", query["to"][0])])
        elif url.path == "/chunked":
            count = int(query.get("chunks", ["3"])[0])
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(count):
                chunk = f"chunk-{i}\n".encode()
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        elif url.path == "/drop":
            self.close_connection = True
            self.connection.shutdown(2)
        else:
            self._send(404, b"not found")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


STREAM = {"written": 0, "done": threading.Event()}


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"PORT {server.server_address[1]} CLOSED {closed.getsockname()[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
