/* Text a service may send as HTML (a Vortask comment "supports plain text
 * or HTML") read as the plain text a terminal shows: the tags of simple
 * rich text dropped, blocks and line breaks kept as lines, list items
 * marked, and character references decoded. Only tags lanes knows are
 * taken for markup, so plain text such as "a <bold> d" or "x < y"
 * comes through as written; references are decoded only in text that had
 * such a tag. The result still goes through text_sanitize_multiline(). */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lanes/text.h"
#include "lanes/util.h"

/* Tags of rich text: inline ones vanish, block ones end a line. */
static const struct {
	const char *name;
	bool block;
} tags[] = {
	{ "a", false }, { "b", false }, { "i", false }, { "u", false }, { "s", false },
	{ "em", false }, { "strong", false }, { "code", false }, { "span", false },
	{ "small", false }, { "sub", false }, { "sup", false }, { "mark", false },
	{ "del", false }, { "ins", false },
	{ "p", true }, { "div", true }, { "br", true }, { "li", true }, { "ul", true },
	{ "ol", true }, { "pre", true }, { "blockquote", true }, { "h1", true },
	{ "h2", true }, { "h3", true }, { "h4", true }, { "h5", true }, { "h6", true },
	{ "hr", true }, { "tr", true }, { "table", true },
};

/* The length of the known tag at s (s[0] == '<'), its index in *which and
 * whether it closes; 0 when s does not start one. */
static size_t
tag_at(const char *s, size_t n, int *which, bool *closing)
{
	size_t i = 1, name, end;

	*closing = i < n && s[i] == '/';
	i += *closing;
	name = i;
	while (i < n && isalnum((unsigned char)s[i]))
		i++;
	if (i == name)
		return 0;
	for (*which = 0; *which < (int)ARRAY_SIZE(tags); (*which)++)
		if (strlen(tags[*which].name) == i - name &&
		    strncasecmp(tags[*which].name, s + name, i - name) == 0)
			break;
	if (*which == (int)ARRAY_SIZE(tags))
		return 0;
	/* attributes, up to the '>' outside quotes */
	for (end = i; end < n && s[end] != '>'; end++) {
		if (s[end] == '"' || s[end] == '\'') {
			char q = s[end];
			for (end++; end < n && s[end] != q; end++)
				;
			if (end == n)
				return 0;
		} else if (s[end] == '<') {
			return 0;
		}
	}
	if (end == n || (i < end && !isspace((unsigned char)s[i]) && s[i] != '/'))
		return 0;
	return end + 1;
}

static void
put_cp(struct strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		sb_add(sb, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sb_add(sb, b, 4);
	}
}

/* A character reference at s (s[0] == '&') added to sb: its length, or 0
 * when s does not start one lanes knows. */
static size_t
reference(struct strbuf *sb, const char *s, size_t n)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
		{ "nbsp", " " },
	};
	size_t i = 1, start;
	uint32_t cp = 0;
	bool hex;

	if (i < n && s[i] == '#') {
		hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
		i += hex;
		for (start = i; i < n && i - start < 7 &&
		    (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])); i++)
			cp = cp * (hex ? 16 : 10) + (uint32_t)(isdigit((unsigned char)s[i]) ?
			    s[i] - '0' : (tolower((unsigned char)s[i]) - 'a' + 10));
		if (i == start || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		put_cp(sb, cp);
		return i + 1;
	}
	for (size_t k = 0; k < ARRAY_SIZE(named); k++) {
		size_t len = strlen(named[k].name);
		if (n > len + 1 && strncmp(s + 1, named[k].name, len) == 0 && s[len + 1] == ';') {
			sb_puts(sb, named[k].text);
			return len + 2;
		}
	}
	return 0;
}

/* Ends the line being written (an empty one stays unwritten). */
static void
line_break(struct strbuf *sb)
{
	if (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		sb_add(sb, "\n", 1);
}

static bool
has_markup(const char *s, size_t n)
{
	int which;
	bool closing;

	for (const char *p = memchr(s, '<', n); p; p = memchr(p + 1, '<', n - (size_t)(p + 1 - s)))
		if (tag_at(p, n - (size_t)(p - s), &which, &closing))
			return true;
	return false;
}

char *
text_from_html(const char *s, size_t n)
{
	struct strbuf sb = { 0 };
	size_t i = 0, k;
	int which;
	bool closing;

	if (!n || !has_markup(s, n))
		return xstrndup(s ? s : "", n);
	while (i < n) {
		if (s[i] == '<' && (k = tag_at(s + i, n - i, &which, &closing))) {
			if (tags[which].block) {
				line_break(&sb);
				if (str_eq(tags[which].name, "li") && !closing)
					sb_puts(&sb, "- ");
			}
			i += k;
		} else if (s[i] == '&' && (k = reference(&sb, s + i, n - i))) {
			i += k;
		} else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == ' ') {
			/* in HTML, a run of white space in text is one space */
			if (sb.len && sb.buf[sb.len - 1] != ' ' && sb.buf[sb.len - 1] != '\n')
				sb_add(&sb, " ", 1);
			i++;
		} else {
			sb_add(&sb, s + i, 1);
			i++;
		}
	}
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == ' '))
		sb.len--;
	sb_add(&sb, "", 0);
	return sb_steal(&sb);
}
