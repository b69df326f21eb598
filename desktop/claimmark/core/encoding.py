"""Turning a saved page's bytes into text: BOM, then the declared charset, then detection.

ClaimMark decodes every page itself before readability sees it: readability's own
charset sniffing runs a regular expression over the whole page (quadratic on one
long line) and fails on an unknown ``<meta charset>``.
"""

from __future__ import annotations

import codecs
import re

# Codecs Python knows that must never decode a web page: they are not charsets,
# or they turn harmless bytes into markup (UTF-7) or interpret escapes.
_REFUSED = {
    "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined",
    "utf_7", "mbcs", "oem", "charmap", "palmos",
}
# WHATWG: these labels mean windows-1252 on the web.
_ALIASES = {"iso8859_1": "cp1252", "latin_1": "cp1252", "ascii": "cp1252"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEAD = 16384
_META_RE = re.compile(rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{1,40})", re.I)
_XML_RE = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]{1,40})")
# White space as a reader sees it (no-break and typographic spaces included).
WHITESPACE = re.compile(r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff]")


def codec_for(label: str | bytes | None) -> str | None:
    """The Python codec for a charset label, or None when it is unknown or unsafe."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    name = info.name.replace("-", "_")
    if name in _REFUSED or not getattr(info, "_is_text_encoding", True):
        return None
    return _ALIASES.get(name, info.name)


def sniff_bom(data: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None, 0


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (XML declaration or ``<meta>``)."""
    head = data[:_HEAD]
    for regex in (_XML_RE, _META_RE):
        match = regex.search(head)
        if match:
            codec = codec_for(match.group(1))
            if codec and not codec.startswith(("utf_16", "utf-16", "utf_32", "utf-32")):
                return codec
    return None


def decode_bytes(data: bytes, declared: str | None = None, markup: bool = True) -> str:
    """Decode a page or text file. `declared` is a charset from outside the bytes
    (an MHTML part header); `markup` says whether to look for ``<meta charset>``."""
    bom, skip = sniff_bom(data)
    if bom:
        return clean_text(data[skip:].decode(bom, "replace"))
    codec = codec_for(declared) or (declared_charset(data) if markup else None)
    if codec:
        return clean_text(data.decode(codec, "replace"))
    try:
        return clean_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return clean_text(data.decode(detect(data), "replace"))


def detect(data: bytes) -> str:
    """Guess the charset of bytes with no BOM and no usable declaration."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    best = from_bytes(sample).best()
    codec = codec_for(best.encoding) if best is not None else None
    return codec or "cp1252"


def clean_text(text: str) -> str:
    """Replace NUL, C0 control characters and lone surrogates with U+FFFD."""
    return _BAD_CHARS.sub("\ufffd", text)


def collapse_spaces(text: str) -> str:
    """Every run of white space as one plain space, ends stripped."""
    return WHITESPACE.sub(" ", text).strip()
