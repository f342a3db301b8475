"""What the fakes share: a JSON request handler, a threading server, and
running it until SIGTERM or SIGINT."""

import http.server
import json
import signal
import urllib.parse


class JsonHandler(http.server.BaseHTTPRequestHandler):
	"""Sends every method to handle_any(method); reads and writes JSON."""
	protocol_version = 'HTTP/1.1'

	def log_message(self, fmt, *args):
		pass

	def do_GET(self):
		self.handle_any('GET')

	def do_POST(self):
		self.handle_any('POST')

	def do_PUT(self):
		self.handle_any('PUT')

	def do_PATCH(self):
		self.handle_any('PATCH')

	def do_DELETE(self):
		self.handle_any('DELETE')

	def read_request(self):
		"""(url, body, bearer): the split URL, the body as JSON (the text
		when it is not JSON, None when empty) and the bearer token."""
		url = urllib.parse.urlsplit(self.path)
		n = int(self.headers.get('Content-Length') or 0)
		raw = self.rfile.read(n) if n else b''
		try:
			body = json.loads(raw) if raw.strip() else None
		except ValueError:
			body = raw.decode('utf-8', 'replace')
		auth = self.headers.get('Authorization', '')
		bearer = auth[len('Bearer '):] if auth.startswith('Bearer ') else None
		return url, body, bearer

	def send_json(self, status, obj, headers=None, raw=None):
		data = raw if raw is not None else json.dumps(obj).encode()
		self.send_response(status)
		self.send_header('Content-Type', 'application/json')
		self.send_header('Content-Length', str(len(data)))
		for k, v in (headers or {}).items():
			self.send_header(k, v)
		self.end_headers()
		self.wfile.write(data)


class Server(http.server.ThreadingHTTPServer):
	daemon_threads = True
	block_on_close = False


def serve(server, stopping=None):
	"""Prints "PORT <n>" once server listens, serves until SIGTERM or SIGINT,
	then calls stopping() (if given) and closes the server. Returns 0."""
	def stop(signum, frame):
		raise SystemExit(0)
	signal.signal(signal.SIGTERM, stop)
	signal.signal(signal.SIGINT, stop)
	print('PORT %d' % server.server_address[1], flush=True)
	try:
		server.serve_forever(poll_interval=0.1)
	except SystemExit:
		pass
	finally:
		if stopping:
			stopping()
		server.server_close()
	return 0
