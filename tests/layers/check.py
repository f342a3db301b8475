#!/usr/bin/env python3
"""The layer check: reads the #include lines of src/ and include/lanes/ and
fails when a file reaches a layer it must not (shared/DESIGN.md's table)
or a header private to another folder.

A file's layer is its folder (src/base/, src/store/, ...; files directly in
src/ are the app); a public header's layer is in HEADERS below. A header
missing from HEADERS is an error too, so that a new module says where it
belongs. Usage: check.py [ROOT]; prints one "file:line: message" per
violation and exits 1 when there is any."""

import os
import re
import sys

# include/lanes/NAME.h -> the layer that owns it
HEADERS = {
    "util": "base", "text": "base", "timefmt": "base", "json": "base", "strset": "base",
    "model": "model",
    "store": "store", "outbox": "store",
    "backend": "backend",
    "http": "net", "sse": "net", "mcp": "net",
    "sync": "sync",
    "action": "ui", "keymap": "ui", "theme": "ui", "ui": "ui", "cardline": "ui",
    "ui-detail": "ui", "ui-editor": "ui", "ui-sync": "ui",
    # the options and the config hooks: read by the layers that have settings
    "config": "config",
    "cli": "app",
}

# system headers that belong to one layer's job
SYSTEM = {
    "sqlite3.h": "sqlite",
    "curses.h": "curses", "ncurses.h": "curses", "ncursesw/curses.h": "curses", "term.h": "curses",
    "curl/curl.h": "curl",
    "uv.h": "uv",
}

# what each layer may reach (its own layer always)
ALLOWED = {
    "base": set(),
    "model": {"base"},
    "net": {"base", "curl", "uv"},
    "backend": {"base", "model", "net"},
    "store": {"base", "model", "sqlite"},
    "sync": {"base", "model", "store", "backend", "net", "config", "uv"},
    "ui": {"base", "model", "store", "sync", "config", "pane", "curses", "uv"},
    "pane": {"base", "model", "store", "sync", "config", "ui", "curses", "uv"},
    "config": {"base"},
    "app": {"base", "model", "store", "backend", "net", "sync", "ui", "pane", "config", "uv",
            "curses"},
}

FOLDERS = {"base", "model", "store", "backend", "net", "sync", "ui", "pane"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of_file(rel):
    parts = rel.split("/")
    if parts[0] == "include":
        name = os.path.splitext(parts[-1])[0]
        return HEADERS.get(name)
    if len(parts) == 2:
        return "app"
    return parts[1] if parts[1] in FOLDERS else None


def layer_of_include(kind, target, here):
    if kind == "<":
        return SYSTEM.get(target, "system")
    if target.startswith("lanes/"):
        name = os.path.splitext(target[len("lanes/"):])[0]
        return HEADERS.get(name, "unknown")
    if target == "config.h":       # autoconf's
        return "system"
    return layer_of_file(os.path.normpath(os.path.join(os.path.dirname(here), target)))


def check(root):
    bad = []
    for top in ("src", "include/lanes"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(d, f)
                rel = os.path.relpath(path, root)
                if rel == "src/builtin-config.c":
                    continue
                layer = layer_of_file(rel)
                if layer is None:
                    bad.append(f"{rel}:1: no layer: add it to HEADERS in tests/layers/check.py"
                               if top != "src" else f"{rel}:1: not in a layer's folder")
                    continue
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        to = layer_of_include(m.group(1), m.group(2), rel)
                        if (m.group(1) == '"' and not m.group(2).startswith("lanes/") and
                                m.group(2) != "config.h" and "/" in m.group(2)):
                            bad.append(f"{rel}:{n}: {m.group(2)} is private to its folder")
                            continue
                        if to in ("system", layer):
                            continue
                        if to == "unknown" or to is None:
                            bad.append(f"{rel}:{n}: {m.group(2)} belongs to no layer")
                        elif to not in ALLOWED[layer]:
                            bad.append(f"{rel}:{n}: {layer} must not reach {to} ({m.group(2)})")
    return bad


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    bad = check(root)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
