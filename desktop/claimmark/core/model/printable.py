"""Text made safe to show a person: the one escaping of the terminal and the window.

Stored and file-derived text (titles, bylines, names, notes, tags, file names, addresses)
comes from pages and other people's project files, so it may hold characters that are
not text to read: C0 and C1 controls and DEL (ESC and CSI U+009B drive a terminal, BEL
rings it, CR and LF forge a second line after a one-line message), bidirectional
controls (an override, an isolate or a mark reorders what is shown, so that
``photo\\u202egnp.exe`` reads as "photoexe.png" and an address as another), and lone
surrogates (undecodable file-name bytes). `printable` shows each as a visible escape
(``\\x1b``, ``\\n``, ``\\u202e``, an undecodable byte as ``\\xe9``); everything else,
accents and right-to-left scripts included, is kept as it is. The command line
(cli/output.py) prints through it and every dialog that shows such text uses it.
"""

from __future__ import annotations

import re

# The characters above, without the C0 controls (which JSON escapes itself)
_NOT_C0 = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f{_NOT_C0}]")
UNSAFE_IN_JSON = re.compile(f"[{_NOT_C0}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: object) -> str:
    """`text` as one printable line: every unsafe character escaped. Idempotent (a
    backslash is kept), so an already printable part may pass through it again."""
    return UNSAFE.sub(_escape, str(text))


def json_printable(text: str) -> str:
    """JSON text (C0 controls already escaped by the encoder) with the other unsafe
    characters written as ``\\uXXXX``: the same value to a JSON reader."""
    return UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
