"""Printing text from files to a terminal: control and bidirectional characters shown,
never obeyed."""

from __future__ import annotations

import re

# Bidirectional formatting characters (they reorder what the terminal shows) and the
# Unicode line and paragraph separators.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"


_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _show(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code <= 0x1F or 0x7F <= code <= 0x9F:  # C0, DEL, C1
        return _NAMED.get(char, f"\\x{code:02x}")
    return f"<U+{code:04X}>"


def visible(text: object) -> str:
    """Text from a file or the user, safe to print: control characters (C0, DEL, C1; tab and
    newline too, ours are added around it) shown as escapes (ESC as \\x1b), bidirectional
    formatting characters as <U+202E>."""
    return _UNSAFE.sub(_show, str(text))


def quoted(text: object) -> str:
    """A label in quotes, as repr quotes it, made visible."""
    shown = visible(text)
    if "'" in shown and '"' not in shown:
        return f'"{shown}"'
    return "'" + shown.replace("'", "\\'") + "'"
