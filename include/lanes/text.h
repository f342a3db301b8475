/* Untrusted text on its way to the terminal or a log, and its width in
 * terminal columns.
 *
 * Every string that came from a server or a user goes through
 * text_sanitize() (one-line fields: names, titles) or
 * text_sanitize_multiline() (descriptions, comments) before it is drawn or
 * logged.  The result is valid UTF-8 that cannot move the cursor, change
 * colours, set the clipboard or reorder what is shown:
 *
 * - complete escape sequences are removed entirely: CSI (ESC [ or U+009B,
 *   up to its final byte), the string controls OSC, DCS, SOS, PM and APC
 *   (ESC ] P X ^ _, or U+009D U+0090 U+0098 U+009E U+009F, up to BEL or ST),
 *   and the short ESC forms (ESC, intermediates 0x20-0x2F, final 0x30-0x7E);
 * - a control that does not open a complete sequence (a lone ESC, an
 *   unterminated OSC, any other C0 or C1 control, DEL, NUL) is replaced by
 *   U+FFFD, and the bytes after it are kept as ordinary text;
 * - invalid UTF-8 (stray bytes, overlong forms, surrogates, code points past
 *   U+10FFFF, sequences cut short) becomes one U+FFFD per maximal bad
 *   subpart.  That includes the raw 8-bit C1 bytes 0x80-0x9F: each is one
 *   U+FFFD and never opens a sequence, as in a UTF-8 terminal, so
 *   mis-encoded Latin-1 or CP1252 text loses nothing after them;
 * - bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are
 *   removed;
 * - white space: one-line text turns tab, LF, CR, CR LF, VT, FF, U+2028 and
 *   U+2029 into one space each.  Multi-line text keeps LF, turns CR LF, a
 *   lone CR, U+2028 and U+2029 into LF, a tab into four spaces and VT or FF
 *   into a space;
 * - the output is at most TEXT_MAX_OUT bytes (plus the NUL), cut on a
 *   character boundary.
 *
 * The width functions measure with wcwidth(), so the program must have set a
 * UTF-8 locale (setlocale(LC_ALL, "")).  They expect sanitized text; bytes
 * that are not valid UTF-8 count one column each, as their U+FFFD would.
 * A "cluster" below is one code point plus the zero-width code points that
 * follow it (combining marks, joiners, variation selectors); clusters are
 * never split. */
#ifndef LANES_TEXT_H
#define LANES_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#define TEXT_MAX_OUT ((size_t)1 << 20)

/* Both return a malloc'd, NUL-terminated string; s may hold NUL bytes and
 * may be NULL when len is 0. */
char *text_sanitize(const char *s, size_t len);
char *text_sanitize_multiline(const char *s, size_t len);

/* s read as HTML where it holds tags of simple rich text (p, br, li, b,
 * a, ...): those tags dropped, blocks and breaks as lines, list items
 * marked "- ", character references decoded; s as it is otherwise. Not
 * sanitized: the caller sanitizes. malloc'd. (html.c) */
char *text_from_html(const char *s, size_t len);

/* Display columns of s (0 for NULL). */
int text_width(const char *s);

/* Copies into out the longest prefix of s that fits in cols columns and in
 * outsz bytes.  When all of s does not fit, the copy ends with "…" (U+2026,
 * one column) and still fits, provided outsz >= 4 and cols >= 1.  Stores
 * the width of out in *used_cols (when not NULL) and returns strlen(out).
 * Callers that want a fixed-width cell pad with used_cols. */
size_t text_fit(const char *s, int cols, char *out, size_t outsz, int *used_cols);

/* Word-wraps s into lines of at most cols columns.  LF ends a paragraph; a
 * final LF adds no empty line; spaces where a line breaks are dropped and
 * words wider than cols are broken between clusters.  The only line wider
 * than cols is one that holds a single cluster wider than cols (a wide
 * character when cols is 1).  Stores a malloc'd array of malloc'd lines in
 * *lines_out and returns their count (0 for an empty s, *lines_out NULL). */
int text_wrap(const char *s, int cols, char ***lines_out);
void text_lines_free(char **lines, int n);

/* Whether needle occurs in hay ignoring case: ASCII folding, and towlower()
 * for other characters.  An empty needle matches everything. */
bool text_contains_ci(const char *hay, const char *needle);

#endif
