#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "lanes/text.h"
#include "lanes/util.h"

/* What utf8_next() reports for bytes that are not valid UTF-8. */
#define CP_BAD UINT32_MAX

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char ellipsis[] = "\xE2\x80\xA6";    /* U+2026 */

/* Decodes the code point at p (n bytes available) and returns how many bytes
 * it used, at least 1.  Malformed input yields CP_BAD for its maximal bad
 * subpart, so "E2 82 41" is one bad unit followed by 'A'.  A NUL never
 * continues a sequence, so C strings may pass n = SIZE_MAX. */
static size_t
utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	*cp = c;
	if (c < 0x80)
		return 1;
	*cp = CP_BAD;
	if (c < 0xC2 || c > 0xF4)
		return 1;
	if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
		hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
		hi = c == 0xF4 ? 0x8F : 0xBF; /* past U+10FFFF */
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi)
			return i;
		v = (v << 6) | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

/* ---- sanitizing ---- */

enum seq_kind { SEQ_NONE, SEQ_CSI, SEQ_STRING };

/* Where a sequence scan ends when the sequence is not complete. */
#define SEQ_MALFORMED SIZE_MAX

struct sanitizer {
	const unsigned char *in;
	size_t n;
	char *out;
	size_t len, cap;
	bool multiline, full;
};

static void
san_emit(struct sanitizer *st, const char *s, size_t k)
{
	if (st->len + k > st->cap) {
		st->full = true;
		return;
	}
	memcpy(st->out + st->len, s, k);
	st->len += k;
}

static enum seq_kind
c1_kind(uint32_t cp)
{
	switch (cp) {
	case 0x9B:
		return SEQ_CSI;
	case 0x90: /* DCS */
	case 0x98: /* SOS */
	case 0x9D: /* OSC */
	case 0x9E: /* PM */
	case 0x9F: /* APC */
		return SEQ_STRING;
	default:
		return SEQ_NONE;
	}
}

/* CSI body: parameter and intermediate bytes, then one final byte. */
static size_t
scan_csi(const unsigned char *p, size_t n, size_t j)
{
	while (j < n && p[j] >= 0x20 && p[j] <= 0x3F)
		j++;
	if (j < n && p[j] >= 0x40 && p[j] <= 0x7E)
		return j + 1;
	return SEQ_MALFORMED;
}

/* String body, up to BEL or ST.  Like a terminal, a new ESC or C1 control
 * ends the string without being eaten, and CAN or SUB cancel it.  That also
 * keeps the scan linear: a string that reaches the end of input unterminated
 * holds no introducer that would start another scan.  Raw bytes 0x80-0x9F
 * are only invalid UTF-8 here as everywhere, so they neither end nor abort. */
static size_t
scan_string(const unsigned char *p, size_t n, size_t j)
{
	uint32_t cp;
	size_t k;

	while (j < n) {
		if (p[j] == 0x07 || p[j] == 0x18 || p[j] == 0x1A)
			return j + 1;
		if (p[j] == 0x1B)
			return j + 1 < n && p[j + 1] == '\\' ? j + 2 : j;
		k = utf8_next(p + j, n - j, &cp);
		if (cp == 0x9C)
			return j + k;
		if (cp >= 0x80 && cp <= 0x9F)
			return j;
		j += k;
	}
	return SEQ_MALFORMED;
}

static size_t
scan_body(const unsigned char *p, size_t n, size_t j, enum seq_kind kind)
{
	return kind == SEQ_CSI ? scan_csi(p, n, j) : scan_string(p, n, j);
}

/* ESC at p[i]: the end of the sequence it opens, or SEQ_MALFORMED. */
static size_t
scan_esc(const unsigned char *p, size_t n, size_t i)
{
	size_t j = i + 1;
	enum seq_kind kind;

	if (j < n && p[j] >= 0x40 && p[j] <= 0x5F) {
		/* ESC Fe is the 7-bit spelling of C1 control Fe + 0x40. */
		kind = c1_kind((uint32_t)p[j] + 0x40);
		if (kind != SEQ_NONE)
			return scan_body(p, n, j + 1, kind);
	}
	while (j < n && p[j] >= 0x20 && p[j] <= 0x2F)
		j++;
	if (j < n && p[j] >= 0x30 && p[j] <= 0x7E)
		return j + 1;
	return SEQ_MALFORMED;
}

static void
san_newline(struct sanitizer *st)
{
	san_emit(st, st->multiline ? "\n" : " ", 1);
}

/* C0 controls and DEL: white space is kept as the header describes, the
 * rest becomes U+FFFD.  Returns the input position after the control. */
static size_t
san_c0(struct sanitizer *st, size_t i)
{
	switch (st->in[i]) {
	case '\r':
		if (i + 1 < st->n && st->in[i + 1] == '\n')
			i++;
		/* fall through */
	case '\n':
		san_newline(st);
		break;
	case '\t':
		if (st->multiline)
			san_emit(st, "    ", 4);
		else
			san_emit(st, " ", 1);
		break;
	case '\v':
	case '\f':
		san_emit(st, " ", 1);
		break;
	default:
		san_emit(st, replacement, 3);
		break;
	}
	return i + 1;
}

static bool
is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* One code point at i that is neither ESC nor a C0 control. */
static size_t
san_char(struct sanitizer *st, size_t i)
{
	size_t k, end;
	uint32_t cp;
	enum seq_kind kind;

	k = utf8_next(st->in + i, st->n - i, &cp);
	if (cp >= 0x80 && cp <= 0x9F) {
		kind = c1_kind(cp);
		end = kind == SEQ_NONE ? SEQ_MALFORMED :
		    scan_body(st->in, st->n, i + k, kind);
		if (end != SEQ_MALFORMED)
			return end;
		san_emit(st, replacement, 3);
	} else if (cp == CP_BAD || cp == 0x7F) {
		san_emit(st, replacement, 3);
	} else if (cp == 0x2028 || cp == 0x2029) {
		san_newline(st);
	} else if (!is_bidi_control(cp)) {
		san_emit(st, (const char *)st->in + i, k);
	}
	return i + k;
}

static char *
sanitize(const char *s, size_t len, bool multiline)
{
	struct sanitizer st = { 0 };
	size_t i = 0, end;

	st.in = (const unsigned char *)s;
	st.n = s ? len : 0;
	st.multiline = multiline;
	/* Each input byte yields at most four output bytes (a tab). */
	st.cap = st.n > TEXT_MAX_OUT / 4 ? TEXT_MAX_OUT : st.n * 4;
	st.out = xmalloc(st.cap + 1);
	while (i < st.n && !st.full) {
		if (st.in[i] == 0x1B) {
			end = scan_esc(st.in, st.n, i);
			if (end != SEQ_MALFORMED) {
				i = end;
				continue;
			}
			san_emit(&st, replacement, 3);
			i++;
		} else if (st.in[i] < 0x20) {
			i = san_c0(&st, i);
		} else {
			i = san_char(&st, i);
		}
	}
	st.out[st.len] = '\0';
	return xrealloc(st.out, st.len + 1);
}

char *
text_sanitize(const char *s, size_t len)
{
	return sanitize(s, len, false);
}

char *
text_sanitize_multiline(const char *s, size_t len)
{
	return sanitize(s, len, true);
}

/* ---- width ---- */

static int
cp_width(uint32_t cp)
{
	int w;

	if (cp == CP_BAD || (cp >= 0x20 && cp < 0x7f))
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* The cluster at s (which must not be at the NUL): its length in bytes, and
 * its width in *cols. */
static size_t
cluster_next(const char *s, int *cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;
	uint32_t cp;

	i = utf8_next(p, SIZE_MAX, &cp);
	*cols = cp_width(cp);
	while (p[i]) {
		k = utf8_next(p + i, SIZE_MAX, &cp);
		if (cp_width(cp) != 0)
			break;
		i += k;
	}
	return i;
}

int
text_width(const char *s)
{
	long long w = 0;
	uint32_t cp;

	if (!s)
		return 0;
	while (*s) {
		s += utf8_next((const unsigned char *)s, SIZE_MAX, &cp);
		w += cp_width(cp);
	}
	return w > INT_MAX ? INT_MAX : (int)w;
}

size_t
text_fit(const char *s, int cols, char *out, size_t outsz, int *used_cols)
{
	size_t pos = 0, k, cut_pos = 0;
	int w = 0, cw, cut_w = 0;
	bool room_for_ellipsis = outsz >= sizeof(ellipsis) && cols >= 1;

	if (cols < 0)
		cols = 0;
	if (used_cols)
		*used_cols = 0;
	if (outsz == 0)
		return 0;
	if (!s)
		s = "";
	while (s[pos]) {
		k = cluster_next(s + pos, &cw);
		if (cw > cols - w || pos + k > outsz - 1)
			break;
		pos += k;
		w += cw;
		/* The last place where "…" still fits after the prefix. */
		if (room_for_ellipsis && w <= cols - 1 &&
		    pos + sizeof(ellipsis) - 1 <= outsz - 1) {
			cut_pos = pos;
			cut_w = w;
		}
	}
	if (s[pos] && room_for_ellipsis) {
		memcpy(out, s, cut_pos);
		memcpy(out + cut_pos, ellipsis, sizeof(ellipsis));
		pos = cut_pos + sizeof(ellipsis) - 1;
		w = cut_w + 1;
	} else {
		memcpy(out, s, pos);
		out[pos] = '\0';
	}
	if (used_cols)
		*used_cols = w;
	return pos;
}

/* ---- wrapping ---- */

struct wrapper {
	int cols;
	struct strbuf line;
	int line_w;
	char **lines;
	int n, cap;
};

static void
wrap_flush(struct wrapper *wr)
{
	if (wr->n == wr->cap) {
		wr->cap = wr->cap ? wr->cap * 2 : 8;
		wr->lines = xrealloc(wr->lines, (size_t)wr->cap * sizeof(*wr->lines));
	}
	wr->lines[wr->n++] = sb_steal(&wr->line);
	wr->line_w = 0;
}

static bool
wrap_line_empty(const struct wrapper *wr)
{
	return wr->line.len == 0;
}

static void
wrap_spaces(struct wrapper *wr, int n)
{
	for (; n > 0; n--) {
		sb_add(&wr->line, " ", 1);
		wr->line_w++;
	}
}

/* A word wider than a whole line, broken between clusters. */
static void
wrap_hard(struct wrapper *wr, const char *word, size_t len)
{
	size_t i = 0, k;
	int cw;

	if (!wrap_line_empty(wr))
		wrap_flush(wr);
	while (i < len) {
		k = cluster_next(word + i, &cw);
		if (k > len - i)
			k = len - i;
		if (wr->line_w + cw > wr->cols && !wrap_line_empty(wr))
			wrap_flush(wr);
		sb_add(&wr->line, word + i, k);
		wr->line_w += cw;
		i += k;
	}
}

static int
span_width(const char *s, size_t len)
{
	char *copy = xstrndup(s, len);
	int w = text_width(copy);

	free(copy);
	return w;
}

/* Places one word that follows `spaces` spaces.  Spaces at the start of a
 * paragraph are an indent worth keeping; elsewhere, spaces where the line
 * breaks vanish. */
static void
wrap_word(struct wrapper *wr, const char *word, size_t len, int spaces,
    bool par_start)
{
	int ww = span_width(word, len);
	int sp = wrap_line_empty(wr) && !par_start ? 0 : spaces;

	if ((long long)wr->line_w + sp + ww <= wr->cols) {
		wrap_spaces(wr, sp);
	} else if (ww <= wr->cols) {
		if (!wrap_line_empty(wr))
			wrap_flush(wr);
	} else {
		wrap_hard(wr, word, len);
		return;
	}
	sb_add(&wr->line, word, len);
	wr->line_w += ww;
}

static void
wrap_paragraph(struct wrapper *wr, const char *p, size_t len)
{
	size_t i = 0, j;
	int spaces = 0;
	bool par_start = true;

	while (i < len) {
		for (j = i; j < len && p[j] == ' '; j++)
			;
		spaces = (int)(j - i > INT_MAX ? INT_MAX : j - i);
		if (j == len)
			break;
		for (i = j; j < len && p[j] != ' '; j++)
			;
		wrap_word(wr, p + i, j - i, spaces, par_start);
		par_start = false;
		i = j;
	}
	wrap_flush(wr);
}

int
text_wrap(const char *s, int cols, char ***lines_out)
{
	struct wrapper wr = { 0 };
	const char *nl;

	wr.cols = cols < 1 ? 1 : cols;
	while (s && *s) {
		nl = strchr(s, '\n');
		if (!nl) {
			wrap_paragraph(&wr, s, strlen(s));
			break;
		}
		wrap_paragraph(&wr, s, (size_t)(nl - s));
		s = nl + 1;
	}
	sb_free(&wr.line);
	*lines_out = wr.lines;
	return wr.n;
}

void
text_lines_free(char **lines, int n)
{
	int i;

	if (!lines)
		return;
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* ---- matching ---- */

static uint32_t
fold(uint32_t cp)
{
	if (cp == CP_BAD)
		return 0xFFFD;
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	return (uint32_t)towlower((wint_t)cp);
}

/* s as an array of case-folded code points; the count goes to *n. */
static uint32_t *
fold_all(const char *s, size_t *n)
{
	uint32_t *v = xmalloc((strlen(s) + 1) * sizeof(*v)), cp;
	size_t k = 0;

	while (*s) {
		s += utf8_next((const unsigned char *)s, SIZE_MAX, &cp);
		v[k++] = fold(cp);
	}
	*n = k;
	return v;
}

bool
text_contains_ci(const char *hay, const char *needle)
{
	uint32_t *h, *nd;
	size_t hn, nn, i;
	bool found = false;

	if (!needle || !*needle)
		return true;
	if (!hay)
		return false;
	h = fold_all(hay, &hn);
	nd = fold_all(needle, &nn);
	for (i = 0; !found && nn <= hn && i <= hn - nn; i++)
		found = memcmp(h + i, nd, nn * sizeof(*nd)) == 0;
	free(h);
	free(nd);
	return found;
}
