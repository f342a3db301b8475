"""What the fakes share: run a server until SIGTERM or SIGINT."""

import signal


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
