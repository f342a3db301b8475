#!/usr/bin/env python3
"""Check logged API requests against Asana's OpenAPI spec.

Usage: oas_check.py [--no-query] SPEC LOG [LOG...]

Each LOG is either JSON lines or one JSON array of request records
{"method", "path", "query", "body"} as written by tests/fakes/asana.py
(--log FILE or GET /_log).  "path" is relative to /api/1.0 (a leading
/api/1.0 is tolerated and may carry a ?query); "query" is an object or a
query string; "body" is the parsed JSON body, a string when the body was
not JSON, or null.

For every request we check that the method and path match an operation of
the spec, that query parameters are declared for it, and that every field
sent under "data" is declared in the operation's request body schema with
the right JSON type (and enum value).  One line per violation; exit 1 if
any, 0 if none, 77 (automake SKIP) when the spec file does not exist.
--no-query skips the query parameter check.

Where the spec contradicts how Asana is documented to behave, we follow the
documentation:
  - readOnly fields described as "*Create-only*" are accepted in POST bodies
    (task memberships, projects, tags);
  - a gid string is accepted where the spec shows a compact object (Asana
    takes gids for references, e.g. memberships[].section);
  - null is accepted when the schema is nullable or its description
    mentions null (setParent's parent and insert_after);
  - required fields are checked only in POST bodies (PUT bodies are partial);
  - an "options" object next to "data" is accepted.

Only the Python standard library is used, so the spec is read by a small
YAML reader that knows the block-style subset the spec is written in.
"""

import json
import os
import re
import sys
import urllib.parse

# --------------------------------------------------------------------------
# YAML subset reader: block mappings and sequences, plain / quoted / block
# scalars, simple flow collections.  No anchors, tags or complex keys; the
# spec uses none.  Mapping keys stay strings (so "200" is not an int).

_INT = re.compile(r'^[-+]?[0-9]+$')
_FLOAT = re.compile(r'^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?$')


def _plain(s):
	if s in ('', '~', 'null', 'Null', 'NULL'):
		return None
	if s in ('true', 'True', 'TRUE'):
		return True
	if s in ('false', 'False', 'FALSE'):
		return False
	if _INT.match(s):
		return int(s)
	if _FLOAT.match(s):
		return float(s)
	return s


def _strip_comment(s):
	# A comment needs whitespace before '#'; quoted text never reaches here.
	k = s.find(' #')
	return s[:k].rstrip() if k >= 0 else s


def _fold_lines(parts):
	"""Fold the lines of a multi-line flow scalar: breaks become spaces,
	each empty line becomes one newline."""
	out = ''
	for k, p in enumerate(parts):
		if k == 0:
			out = p
		elif p == '':
			out += '\n'
		elif parts[k - 1] == '':
			out += p
		else:
			out += ' ' + p
	return out


_ESC = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', '/': '/', '0': '\0',
	'r': '\r', 'b': '\b', 'f': '\f', ' ': ' ', 'e': '\x1b'}


def _unescape(s):
	out, i = [], 0
	while i < len(s):
		c = s[i]
		if c != '\\' or i + 1 >= len(s):
			out.append(c)
			i += 1
			continue
		e = s[i + 1]
		if e in 'xuU':
			n = {'x': 2, 'u': 4, 'U': 8}[e]
			out.append(chr(int(s[i + 2:i + 2 + n], 16)))
			i += 2 + n
		else:
			out.append(_ESC.get(e, e))
			i += 2
	return ''.join(out)


def _quoted_end(s, start):
	"""Index of the closing quote of the quoted scalar opening at s[start],
	or -1 when it is not closed in s."""
	q = s[start]
	i = start + 1
	while i < len(s):
		c = s[i]
		if q == '"' and c == '\\':
			i += 2
			continue
		if c == q:
			if q == "'" and i + 1 < len(s) and s[i + 1] == "'":
				i += 2
				continue
			return i
		i += 1
	return -1


def _quoted_value(body, q):
	"""body is the text between the quotes, possibly spanning lines."""
	lines = [ln.strip() for ln in body.split('\n')]
	if len(lines) > 1:
		lines[0] = body.split('\n')[0].rstrip()
	if q == "'":
		return _fold_lines(lines).replace("''", "'")
	# A backslash at the end of a line joins it to the next without a space.
	joined = []
	for ln in lines:
		if joined and joined[-1].endswith('\\') and not joined[-1].endswith('\\\\'):
			joined[-1] = joined[-1][:-1] + ln
		else:
			joined.append(ln)
	return _unescape(_fold_lines(joined))


class _Flow:
	"""Recursive-descent reader for flow collections like [a, 'b'] or {k: v}."""

	def __init__(self, s):
		self.s, self.i = s, 0

	def ws(self):
		while self.i < len(self.s) and self.s[self.i] in ' \t\n':
			self.i += 1

	def value(self):
		self.ws()
		c = self.s[self.i]
		if c == '[':
			self.i += 1
			out = []
			while True:
				self.ws()
				if self.s[self.i] == ']':
					self.i += 1
					return out
				out.append(self.value())
				self.ws()
				if self.s[self.i] == ',':
					self.i += 1
		if c == '{':
			self.i += 1
			out = {}
			while True:
				self.ws()
				if self.s[self.i] == '}':
					self.i += 1
					return out
				k = self.value()
				self.ws()
				v = None
				if self.s[self.i] == ':':
					self.i += 1
					v = self.value()
				out[str(k)] = v
				self.ws()
				if self.s[self.i] == ',':
					self.i += 1
		if c in '"\'':
			end = _quoted_end(self.s, self.i)
			v = _quoted_value(self.s[self.i + 1:end], c)
			self.i = end + 1
			return v
		m = re.compile(r'[^,\]\}]*?(?=\s*(,|\]|\}|: |:$))').match(self.s, self.i)
		self.i = m.end()
		return _plain(m.group(0).strip())


class _Yaml:
	def __init__(self, text):
		self.raw = text.split('\n')
		self.ind, self.txt = [], []
		for ln in self.raw:
			s = ln.lstrip(' ')
			self.ind.append(len(ln) - len(s))
			self.txt.append(s.rstrip())
		self.n = len(self.raw)

	def skip(self, i):
		txt = self.txt
		while i < self.n and (txt[i] == '' or txt[i][0] == '#'):
			i += 1
		return i

	@staticmethod
	def split_key(t):
		"""(key, rest) when line t starts a mapping entry, else None."""
		if t[0] in '"\'':
			end = _quoted_end(t, 0)
			if end < 0 or not t.startswith(':', end + 1):
				return None
			if len(t) > end + 2 and t[end + 2] != ' ':
				return None
			return _quoted_value(t[1:end], t[0]), t[end + 2:].strip()
		if t[0] in '[{':
			return None
		k = t.find(': ')
		if k >= 0:
			return t[:k].rstrip(), t[k + 2:].strip()
		if t.endswith(':'):
			return t[:-1].rstrip(), ''
		return None

	def node(self, i, parent):
		"""Read the node starting at or after line i, indented more than
		parent (a sequence may sit at the parent's indent)."""
		i = self.skip(i)
		if i >= self.n or self.ind[i] < parent:
			return None, i
		t = self.txt[i]
		if t == '-' or t.startswith('- '):
			return self.seq(i, self.ind[i])
		if self.ind[i] == parent:
			return None, i
		if self.split_key(t) is not None:
			return self.mapping(i, self.ind[i])
		return self.inline(i, parent, t)

	def mapping(self, i, ind):
		out = {}
		while True:
			i = self.skip(i)
			if i >= self.n or self.ind[i] != ind:
				return out, i
			t = self.txt[i]
			kv = self.split_key(t) if not t.startswith('- ') else None
			if kv is None:
				raise ValueError('line %d: expected a mapping key' % (i + 1))
			key, rest = kv
			if rest == '' or rest[0] == '#':
				out[key], i = self.node(i + 1, ind)
			elif rest[0] in '|>':
				out[key], i = self.block(i, ind, rest)
			else:
				out[key], i = self.inline(i, ind, rest)

	def seq(self, i, ind):
		out = []
		while True:
			i = self.skip(i)
			if i >= self.n or self.ind[i] != ind:
				return out, i
			t = self.txt[i]
			if t == '-':
				v, i = self.node(i + 1, ind + 1)
				out.append(v)
				continue
			if not t.startswith('- '):
				return out, i
			rest = t[2:]
			item = rest.lstrip(' ')
			# Re-read the rest of the line as if it started a block of its own.
			self.ind[i] = ind + 2 + len(rest) - len(item)
			self.txt[i] = item
			if item.startswith('- ') or self.split_key(item) is not None:
				v, i = self.node(i, ind + 1)
			elif item[0] in '|>':
				v, i = self.block(i, ind, item)
			else:
				v, i = self.inline(i, ind, item)
			out.append(v)

	def more(self, i, parent):
		"""Index past the lines after line i that belong to a scalar that
		started on line i (blank or indented more than parent)."""
		j = i + 1
		last = i
		while j < self.n and (self.txt[j] == '' or self.ind[j] > parent):
			if self.txt[j] != '':
				last = j
			j += 1
		return last + 1

	def inline(self, i, parent, rest):
		"""A value that starts on the current line: quoted, flow or plain,
		possibly continued on following, more-indented lines."""
		c = rest[0]
		if c in '"\'':
			text, j = rest, i
			while _quoted_end(text, 0) < 0:
				j += 1
				text += '\n' + self.txt[j]
			end = _quoted_end(text, 0)
			return _quoted_value(text[1:end], c), j + 1
		if c in '[{':
			text, j = rest, i
			while True:
				try:
					return _Flow(text).value(), j + 1
				except (IndexError, AttributeError):
					j += 1
					if j >= self.n:
						raise ValueError('line %d: unclosed flow' % (i + 1))
					text += '\n' + self.txt[j]
		end = self.more(i, parent)
		parts = [_strip_comment(rest)] + self.txt[i + 1:end]
		if len(parts) == 1:
			return _plain(parts[0]), end
		return _fold_lines(parts), end

	def block(self, i, parent, header):
		"""Literal (|) or folded (>) block scalar."""
		style = header[0]
		chomp = '+' if '+' in header else '-' if '-' in header else ''
		digits = re.sub(r'[^0-9]', '', header)
		end = self.more(i, parent)
		lines = self.raw[i + 1:end]
		if digits:
			cut = parent + int(digits)
		else:
			cut = min((self.ind[j] for j in range(i + 1, end) if self.txt[j]),
				default=parent + 1)
		lines = [ln[cut:].rstrip('\r') if ln.strip() else '' for ln in lines]
		trail = 0
		while lines and lines[-1] == '':
			lines.pop()
			trail += 1
		if style == '|':
			text = '\n'.join(lines)
		else:
			text = ''
			for k, ln in enumerate(lines):
				prev = lines[k - 1] if k else None
				if k == 0:
					text = ln
				elif ln == '':
					text += '' if prev and not prev.startswith(' ') else '\n'
				elif prev == '' or prev.startswith(' ') or ln.startswith(' '):
					text += '\n' + ln
				else:
					text += ' ' + ln
		if chomp == '-' or not lines:
			return text, end
		return text + '\n' * (1 + (trail if chomp == '+' else 0)), end


def load_yaml(text):
	y = _Yaml(text)
	v, i = y.node(0, -1)
	i = y.skip(i)
	if i < y.n:
		raise ValueError('line %d: unexpected content' % (i + 1))
	return v


# --------------------------------------------------------------------------
# Spec model

_METHODS = ('get', 'put', 'post', 'delete', 'patch', 'head', 'options')
_JSON_TYPES = {
	'string': lambda v: isinstance(v, str),
	'boolean': lambda v: isinstance(v, bool),
	'integer': lambda v: isinstance(v, int) and not isinstance(v, bool),
	'number': lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
	'array': lambda v: isinstance(v, list),
	'object': lambda v: isinstance(v, dict),
}


def _json_type(v):
	if v is None:
		return 'null'
	for name in ('boolean', 'integer', 'number', 'string', 'array', 'object'):
		if _JSON_TYPES[name](v):
			return name
	return type(v).__name__


class Spec:
	def __init__(self, doc):
		self.doc = doc
		self.templates = []
		for tpl, item in (doc.get('paths') or {}).items():
			segs = tpl.strip('/').split('/')
			rx = '^/' + '/'.join('[^/]+' if s.startswith('{') else re.escape(s)
				for s in segs) + '$'
			literal = sum(1 for s in segs if not s.startswith('{'))
			self.templates.append((-literal, tpl, re.compile(rx), item))
		# Prefer the most literal template: /users/me style paths before
		# /users/{user_gid}, .../sections/insert before .../{gid}.
		self.templates.sort(key=lambda t: (t[0], t[1]))

	def ref(self, obj):
		"""Follow $ref chains inside this document."""
		seen = 0
		while isinstance(obj, dict) and '$ref' in obj:
			target = self.doc
			for part in obj['$ref'].lstrip('#/').split('/'):
				target = target[part.replace('~1', '/').replace('~0', '~')]
			obj = target
			seen += 1
			if seen > 50:
				raise ValueError('$ref loop')
		return obj

	def flatten(self, schema):
		"""Resolve $ref and merge allOf into one schema dict.  Later allOf
		members override earlier property definitions (the spec relies on
		that to turn readOnly off in request schemas)."""
		schema = self.ref(schema)
		if not isinstance(schema, dict):
			return {}
		if 'allOf' not in schema:
			return schema
		out = {'properties': {}}
		for part in schema['allOf'] + [dict((k, v) for k, v in schema.items() if k != 'allOf')]:
			part = self.flatten(part)
			for k, v in part.items():
				if k == 'properties':
					out['properties'].update(v or {})
				elif k == 'required':
					out['required'] = list(out.get('required', [])) + list(v or [])
				else:
					out[k] = v
		return out

	def match(self, method, path):
		"""(template, operation) for a request, or (template|None, None)."""
		first = None
		for _, tpl, rx, item in self.templates:
			if rx.match(path):
				op = item.get(method.lower())
				if op is not None:
					return tpl, op
				first = first or tpl
		return first, None

	def params(self, tpl, op):
		out = {}
		item = dict(self.doc['paths'][tpl])
		for p in list(item.get('parameters') or []) + list(op.get('parameters') or []):
			p = self.ref(p)
			if isinstance(p, dict) and 'name' in p:
				out[(p.get('in'), p['name'])] = p
		return out

	def check(self, method, path, query=None, body=None, check_query=True):
		"""Violations (list of strings) for one request."""
		path, query = _split(path, query)
		tpl, op = self.match(method, path)
		if op is None:
			if tpl is None:
				return ['no path in the spec matches %s' % path]
			return ['%s is not an operation on %s' % (method.upper(), tpl)]
		out = []
		params = self.params(tpl, op)
		for name, value in (query.items() if check_query else ()):
			p = params.get(('query', name))
			if p is None:
				out.append('query parameter %s is not declared for %s %s'
					% (name, method.upper(), tpl))
				continue
			err = _query_type(self.flatten(p.get('schema') or {}), value)
			if err:
				out.append('query parameter %s: %s' % (name, err))
		out += self.check_body(method, tpl, op, body)
		return out

	def check_body(self, method, tpl, op, body):
		rb = self.ref(op.get('requestBody'))
		if not rb:
			if body not in (None, '', {}):
				return ['%s %s takes no request body' % (method.upper(), tpl)]
			return []
		if body is None or body == '':
			return ['%s %s: request body missing' % (method.upper(), tpl)] \
				if rb.get('required') else []
		if isinstance(body, str):
			return ['request body is not valid JSON']
		content = rb.get('content') or {}
		media = content.get('application/json')
		if media is None:
			return ['%s %s does not take a JSON body (%s)'
				% (method.upper(), tpl, ', '.join(content))]
		schema = self.flatten(media.get('schema') or {})
		if not isinstance(body, dict):
			return ['request body is a %s, not an object' % _json_type(body)]
		out = []
		props = schema.get('properties') or {}
		for k in body:
			if k not in props and k != 'options':
				out.append('%s: unknown top-level field' % k)
		if 'data' in props and 'data' in body:
			out += self.check_value(props['data'], body['data'], 'data',
				method.lower() == 'post', True)
		elif 'data' in props:
			out.append('data: missing')
		return out

	def check_value(self, schema, value, where, post, top=False):
		"""post: the request creates something, so *Create-only* fields are
		writable and required fields must be present (checked at the top
		level only; PUT bodies are partial)."""
		s = self.flatten(schema)
		if value is None:
			if s.get('nullable') or 'null' in str(s.get('description', '')):
				return []
			return ['%s: null is not allowed' % where]
		for key in ('oneOf', 'anyOf'):
			if key in s:
				for alt in s[key]:
					if not self.check_value(alt, value, where, post):
						return []
				return ['%s: matches none of the %s alternatives' % (where, key)]
		t = s.get('type') or ('object' if 'properties' in s else None)
		if t == 'object' and isinstance(value, str) and 'gid' in (s.get('properties') or {}):
			return []	# Asana takes a gid wherever it describes a compact object
		if t and t in _JSON_TYPES and not _JSON_TYPES[t](value):
			return ['%s: is %s, spec says %s' % (where, _json_type(value), t)]
		if 'enum' in s and isinstance(value, str) and value not in s['enum']:
			return ['%s: "%s" is not one of %s' % (where, value, ', '.join(map(str, s['enum'])))]
		out = []
		if isinstance(value, list) and 'items' in s:
			for k, v in enumerate(value):
				out += self.check_value(s['items'], v, '%s[%d]' % (where, k), post)
		elif isinstance(value, dict):
			out += self.check_object(s, value, where, post, top)
		return out

	def check_object(self, s, value, where, post, top):
		out = []
		props = s.get('properties') or {}
		extra = s.get('additionalProperties')
		for k, v in value.items():
			sub = '%s.%s' % (where, k)
			if k in props:
				p = self.flatten(props[k])
				create_only = 'create-only' in str(p.get('description', '')).lower()
				if p.get('readOnly') and not (post and create_only):
					out.append('%s: read-only field' % sub)
				else:
					out += self.check_value(props[k], v, sub, post)
			elif isinstance(extra, dict):
				out += self.check_value(extra, v, sub, post)
			elif props and not extra:
				out.append('%s: unknown field' % sub)
		if post and top:
			for k in s.get('required') or []:
				if k not in value:
					out.append('%s.%s: required field missing' % (where, k))
		return out


def _split(path, query):
	"""Normalise a logged path and query into (path, {name: value})."""
	if path.startswith('/api/1.0'):
		path = path[len('/api/1.0'):]
	if '?' in path:
		path, qs = path.split('?', 1)
		query = qs if not query else query
	if isinstance(query, str):
		query = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
	return path or '/', dict(query or {})


def _query_type(schema, value):
	t = schema.get('type')
	v = str(value)
	if t == 'integer' and not re.match(r'^-?[0-9]+$', v):
		return '"%s" is not an integer' % v
	if t == 'number' and not re.match(r'^-?[0-9.eE+-]+$', v):
		return '"%s" is not a number' % v
	if t == 'boolean' and v not in ('true', 'false', ''):
		return '"%s" is not a boolean' % v
	return None


def load_spec(path):
	with open(path, encoding='utf-8') as f:
		return Spec(load_yaml(f.read()))


def read_log(path):
	"""Request records from a JSON-lines file or a JSON array file."""
	with (sys.stdin if path == '-' else open(path, encoding='utf-8')) as f:
		text = f.read()
	if text.lstrip().startswith('['):
		return json.loads(text)
	return [json.loads(ln) for ln in text.splitlines() if ln.strip()]


def check_log(spec, records, check_query=True):
	"""One formatted line per violation over a list of request records."""
	lines = []
	for n, r in enumerate(records, 1):
		method = r.get('method', 'GET')
		for v in spec.check(method, r.get('path', '/'), r.get('query'), r.get('body'),
				check_query):
			lines.append('request %d: %s %s: %s' % (n, method, r.get('path'), v))
	return lines


def main(argv):
	check_query = '--no-query' not in argv
	argv = [a for a in argv if a != '--no-query']
	if len(argv) < 3:
		sys.stderr.write('usage: oas_check.py [--no-query] SPEC LOG [LOG...]\n')
		return 2
	if not os.path.exists(argv[1]):
		print('SKIP: spec not found')
		return 77
	spec = load_spec(argv[1])
	bad = []
	for log in argv[2:]:
		bad += check_log(spec, read_log(log), check_query)
	for line in bad:
		print(line)
	return 1 if bad else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
