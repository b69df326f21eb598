"""Turning a saved page's bytes into text: BOM, then valid UTF-8, then the declared
charset, then detection.

ClaimMark decodes every page itself before readability sees it: readability's own
charset sniffing runs a regular expression over the whole page (quadratic on one
long line) and fails on an unknown ``<meta charset>``.

Bytes that are valid UTF-8 are read as UTF-8 even when the page declares a legacy
charset: browsers re-encode pages to UTF-8 when saving them and often leave the old
declaration behind, while legacy text that happens to be valid UTF-8 is vanishingly
rare. A page declared UTF-8 whose bytes are not (apart from a damaged character or
two) is detected instead of being turned into replacement characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

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
# Invisible characters that only hint at line breaking (soft hyphen, zero-width space,
# word joiner, BOM): they would split words for search and annotation.
_INVISIBLE = str.maketrans(dict.fromkeys("\u00ad\u200b\u2060\ufeff"))
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # a search is far quicker than translate()
# NUL, C0 controls other than tab/newline/carriage return/form feed, lone surrogates
# and the two non-characters XML (and so lxml) refuses.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A surrogate encoded as if it were a character (WTF-8/CESU-8): not UTF-8.
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
# Numeric character references to what _BAD_CHARS replaces; the parser would decode
# them into the text (and a page's title or metadata) after decoding.
_BAD_CHARREF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*([0-9]{1,10}));?")


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
    """The charset a page declares in its first bytes (XML declaration or ``<meta>``).
    When its declarations disagree, the one whose decoding reads best wins."""
    head = data[:_HEAD]
    found: list[str] = []
    for regex in (_XML_RE, _META_RE):
        for match in regex.finditer(head):
            codec = codec_for(match.group(1))
            if codec and not _is_wide(codec) and codec not in found:
                found.append(codec)
            if len(found) >= 4:
                break
    if len(found) > 1:
        return _arbitrate(data, found)
    return found[0] if found else None


def _arbitrate(data: bytes, candidates: list[str]) -> str:
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data[:200_000], cp_isolation=candidates).best()
    except (LookupError, ValueError):
        best = None
    codec = codec_for(best.encoding) if best is not None else None
    return codec if codec in candidates else candidates[0]


def decode_bytes(data: bytes, declared: str | None = None, markup: bool = True) -> str:
    """Decode a page or text file. `declared` is a charset from outside the bytes
    (an MHTML part header); `markup` says whether to look for ``<meta charset>``.

    Order: a BOM; a UTF-16/32 charset declared outside the bytes; UTF-16 without a
    BOM (recognised by its NUL bytes); UTF-8 when the bytes are UTF-8 (a damaged
    character or two allowed); the declared charset; detection."""
    bom, skip = sniff_bom(data)
    if bom:
        return clean_text(data[skip:].decode(bom, "replace"))
    outside = codec_for(declared)
    if outside and _is_wide(outside):
        return clean_text(data.decode(outside, "replace"))
    wide = sniff_utf16(data)
    if wide:
        return clean_text(data.decode(wide, "replace"))
    codec = outside or (declared_charset(data) if markup else None)
    says_utf8 = codec is not None and codec.replace("-", "_") in ("utf_8", "utf8")
    utf8 = _as_utf8(data, declared_utf8=says_utf8)
    if utf8 is not None:
        return clean_text(utf8)
    if codec and not says_utf8:
        return clean_text(data.decode(codec, "replace"))
    return clean_text(data.decode(detect(data), "replace"))


def _is_wide(codec: str) -> bool:
    return codec.replace("-", "_").startswith(("utf_16", "utf_32"))


def sniff_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a BOM, else None: mostly
    markup in UTF-16 has NULs in one byte of many pairs and in no other byte."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 16:
        return None
    pairs = len(sample) // 2
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul >= pairs * 0.2 and even_nul <= pairs * 0.01:
        return "utf-16-le"
    if even_nul >= pairs * 0.2 and odd_nul <= pairs * 0.01:
        return "utf-16-be"
    return None


def _as_utf8(data: bytes, declared_utf8: bool = False) -> str | None:
    """The bytes as UTF-8 if they are UTF-8 (encoded surrogates and a few damaged
    characters become U+FFFD), else None. A character cut off at the very end (a
    truncated file) is always allowed; when the page declares UTF-8, a few stray
    bytes are too, as long as real UTF-8 characters outnumber them."""
    data = _ENCODED_SURROGATE.sub(b"\xef\xbf\xbd", data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", "replace")  # cut off in the middle of the last character
    text = data.decode("utf-8", "replace")
    errors = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = len(text) - len(text.encode("ascii", "ignore")) - errors - data.count(b"\xef\xbf\xbd")
    if errors <= 4 and wide >= 20 * errors:  # a stray byte in a page of real UTF-8
        return text
    if declared_utf8 and (errors <= 4 or wide >= errors):
        return text
    return None


def detect(data: bytes) -> str:
    """Guess the charset of bytes with no BOM and no usable declaration."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    best = from_bytes(sample).best()
    codec = codec_for(best.encoding) if best is not None else None
    return codec or "cp1252"


def visible_text(text: str) -> str:
    """Text as the reading document keeps it: without invisible line-breaking hints,
    composed (NFC), so a title or summary reads and searches like the article's text."""
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Replace NUL, C0 control characters (but tab, newline and carriage return) and
    lone surrogates with U+FFFD; a form feed is white space, as in HTML."""
    return _BAD_CHARS.sub("\ufffd", text.replace("\x0c", " "))


def neutralise_charrefs(html: str) -> str:
    """Numeric character references to NUL, C0 controls, surrogates, non-characters
    or beyond Unicode become U+FFFD references, so no part of a page (its title,
    its metadata) can smuggle them in through the parser."""
    if "&#" not in html:
        return html

    def fix(match: re.Match[str]) -> str:
        value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if value == 0x0C:
            return " "
        if value > 0x10FFFF or _BAD_CHARS.match(chr(value)) or value == 0:
            return "&#xFFFD;"
        return match.group(0)

    return _BAD_CHARREF.sub(fix, html)


def collapse_spaces(text: str) -> str:
    """Every run of white space as one plain space, ends stripped."""
    return WHITESPACE.sub(" ", text).strip()
