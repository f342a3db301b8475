#!/usr/bin/env python3
"""Loopback HTTP server for tests/unit/test-http.

Prints its port on the first line of stdout and serves until stdin reaches
end of file, so it dies with the test that started it.

  /echo            200, text lines: method, path, auth, ctype, ua, body
  /status/N        status N with body "status N"
  /retry/secs      429 with Retry-After: 7
  /retry/date      429 with Retry-After: an HTTP-date two minutes ahead
  /hang?ms=N       sleeps N ms, then answers like /echo
  /drop            closes the connection without a response
  /drop-mid        promises 1000 bytes, sends 10, closes
  /big?n=N         N bytes of 'x'
  /gzip            a gzip-encoded body when the client accepts it
"""
import email.utils
import gzip
import http.server
import os
import socket
import sys
import threading
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def echo(self, body):
        lines = [
            "method=" + self.command,
            "path=" + self.path,
            "auth=" + (self.headers.get("Authorization") or ""),
            "ctype=" + (self.headers.get("Content-Type") or ""),
            "ua=" + (self.headers.get("User-Agent") or ""),
            "x-extra=" + (self.headers.get("X-Extra") or ""),
            "clen=" + (self.headers.get("Content-Length") or ""),
            "body=" + body.decode("utf-8", "replace"),
        ]
        self.send(200, "\n".join(lines) + "\n", [("Content-Type", "text/plain")])

    def drop(self, partial):
        if partial:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")
            self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def handle_any(self):
        body = self.read_body()
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        p = url.path
        if p == "/echo":
            self.echo(body)
        elif p.startswith("/status/"):
            n = int(p.split("/")[2])
            self.send(n, "status %d" % n)
        elif p == "/retry/secs":
            self.send(429, "slow down", [("Retry-After", "7")])
        elif p == "/retry/date":
            when = email.utils.formatdate(time.time() + 120, usegmt=True)
            self.send(429, "slow down", [("Retry-After", when)])
        elif p == "/hang":
            time.sleep(int(q.get("ms", "60000")) / 1000.0)
            try:
                self.echo(body)
            except OSError:
                pass
        elif p == "/drop":
            self.drop(False)
        elif p == "/drop-mid":
            self.drop(True)
        elif p == "/big":
            self.send(200, b"x" * int(q.get("n", "0")))
        elif p == "/gzip":
            data = b"squeezed " * 100
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                self.send(200, gzip.compress(data), [("Content-Encoding", "gzip")])
            else:
                self.send(200, data)
        else:
            self.send(404, "no such path")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # clients hanging up early is what several tests do


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
