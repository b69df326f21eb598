"""Reading saved pages from disk: HTML with its ``*_files/`` folder, MHTML, single-file
HTML with ``data:`` images, plain text and Markdown.

Nothing here touches the network. A page's local images are read only when they are
regular files inside the page's own folder: never through an absolute path, a
``file:`` URL, a ``..`` escape, a symbolic link or a device.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.message
import email.policy
import functools
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urljoin, urlsplit

from claimmark.core.extract.encoding import clean_text, decode_bytes, neutralise_charrefs, sniff_utf16
from claimmark.core.model.errors import ImportFailed
from claimmark.core.model.extracted import SourceFormat
from claimmark.core.model.images import Image, left_out, sniff_image
from claimmark.core.model.limits import LIMITS, format_size

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
SUPPORTED_SUFFIXES = HTML_SUFFIXES | MHTML_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES

Resolver = Callable[[str], Image | None]
_SOMETHING = re.compile(r"[^\s\ufeff]")


@dataclass
class SourcePage:
    """A saved page as read from disk, before extraction."""

    path: Path
    format: str  # a SourceFormat (core/annotate/reimport.py sets one by its string)
    raw: bytes
    html: str | None = None
    text: str | None = None
    hints: dict[str, str] = field(default_factory=dict)  # url, saved_at from the container
    resolve: Resolver = field(default=lambda _src: None, repr=False)


def file_label(name: str) -> str:
    """A file name as text that can be stored and shown: undecodable bytes and control
    characters become U+FFFD, runs of white space (a newline in a name) one space."""
    text = os.fsencode(name).decode("utf-8", "replace")
    return " ".join(clean_text(text).split())


def read_source(path: Path) -> SourcePage:
    """Read one file into a SourcePage, or raise ImportFailed naming the problem."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFailed(f"unsupported file type {suffix or '(none)'!r}", path)
    raw = read_regular_file(path, LIMITS.max_file_bytes)
    if not raw.strip():
        raise ImportFailed("the file is empty", path)
    kind = sniff_kind(raw)
    if (suffix in MHTML_SUFFIXES and kind != "html") or kind == "mhtml":
        return _read_mhtml(path, raw)
    if suffix in TEXT_SUFFIXES | MARKDOWN_SUFFIXES and kind != "html":
        _refuse_binary(path, raw)
        fmt = SourceFormat.MD if suffix in MARKDOWN_SUFFIXES else SourceFormat.TXT
        text = decode_bytes(raw, markup=False)
        if not _SOMETHING.search(text):
            raise ImportFailed("the file is empty", path)
        return SourcePage(path, fmt, raw, text=text)
    _refuse_binary(path, raw)
    html = neutralise_charrefs(decode_bytes(raw))
    if not _SOMETHING.search(html):
        raise ImportFailed("the file is empty", path)
    _refuse_oversized_text(path, html)
    refuse_crowded_tags(path, html)
    folder = path.parent
    fmt = SourceFormat.SINGLEFILE if _is_singlefile(html) else SourceFormat.HTML
    return SourcePage(path, fmt, raw, html=html, resolve=_folder_resolver(folder))


_HTML_START = re.compile(rb"<(!doctype\s+html|html[\s>])", re.I)
_MIME_START = re.compile(rb"(?:[A-Za-z-]{1,40}:[^\r\n]{0,998}\r?\n(?:[ \t][^\r\n]{0,998}\r?\n)*){1,40}", re.S)


def sniff_kind(raw: bytes) -> Literal["html", "mhtml"] | None:
    """'html' or 'mhtml' when the bytes plainly are one (whatever the file is named),
    else None. A page saved with the wrong suffix is read as what it is."""
    head = raw[:8192]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_START.match(_skip_comments(head)):
        return "html"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or sniff_utf16(head):
        text = decode_bytes(head[:1024]).lstrip("\ufeff")
        return "html" if _HTML_START.match(_skip_comments(text.encode("utf-8", "replace"))) else None
    match = _MIME_START.match(head)
    folded = rb"^content-type:[ \t]*(?:\r?\n[ \t]+)*multipart/related"
    if match and re.search(folded, match.group(0), re.I | re.M):
        return "mhtml"
    return None


def _skip_comments(head: bytes) -> bytes:
    """`head` without leading white space and comments (a plain loop: a regular
    expression for this backtracks exponentially on a run of empty comments)."""
    head = head.lstrip()
    while head.startswith(b"<!--"):
        end = head.find(b"-->", 4)
        if end < 0:
            return b""
        head = head[end + 3:].lstrip()
    return head


def read_regular_file(path: Path, limit: int) -> bytes:
    """Read a regular file of at most `limit` bytes; refuse devices, FIFOs and folders."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror or exc})", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportFailed("is a folder, not a file", path)
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailed("is not a regular file", path)
    if info.st_size > limit:
        raise ImportFailed(
            f"the file is too large ({format_size(info.st_size)}; the limit is {format_size(limit)})",
            path,
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror or exc})", path) from None
    if len(data) > limit:  # it grew while we read it
        raise ImportFailed(f"the file is too large (the limit is {format_size(limit)})", path)
    return data


def _refuse_binary(path: Path, raw: bytes) -> None:
    """Refuse files that are not text at all (images, archives, random bytes named
    .html). Three samples (start, middle, end) are checked, so a page cannot hide a
    binary blob behind a text preamble; UTF-16 text (NULs in every other byte) is text."""
    if looks_binary(raw):
        raise ImportFailed("is a binary file, not a saved page", path)


SAMPLE = 65536
_MAGIC = (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\x1f\x8b\x08", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
          b"\xfd7zXZ\x00", b"7z\xbc\xaf", b"Rar!\x1a\x07", b"\x7fELF", b"SQLite format 3\x00",
          b"\x1aE\xdf\xa3")
# C0 controls that text never holds (tab, LF, FF, CR and ESC are allowed), and NUL
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def looks_binary(raw: bytes) -> bool:
    head = raw[:SAMPLE]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or sniff_utf16(head):
        return False  # UTF-16: NULs are normal
    if head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI ")):
        return True
    middle = (len(raw) - SAMPLE) // 2
    for sample in (head, raw[max(middle, 0):max(middle, 0) + SAMPLE], raw[-SAMPLE:]):
        if not sample:
            continue
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        # Real pages hold next to no NULs or control bytes; random bytes are 10% controls.
        if controls > max(32, len(sample) // 40):
            return True
    return False


# Tokens that start or end a stretch whose content is not text; tags themselves
# (bounded, so an unclosed "<" costs nothing) and white space. All linear.
_RAW_STRETCH = re.compile(r"<(/?)(script|style|template)\b|<!--|-->", re.I)
_MARKUP = re.compile(r"<[^<>]{0,4096}>|\s+")


def _visible_chars(html: str) -> int:
    """About how many characters of text a page holds: markup, scripts, styles,
    templates, comments and white space left out (an underestimate: no spaces)."""
    total, pos, inside = 0, 0, ""
    for match in _RAW_STRETCH.finditer(html):
        token = match.group(0)
        if not inside:
            total += len(_MARKUP.sub("", html[pos:match.start()]))
            if token == "<!--":
                inside = "--"
            elif token != "-->" and not match.group(1):
                inside = match.group(2).lower()
        elif inside == "--":
            inside = "" if token == "-->" else inside
        elif match.group(1) and (match.group(2) or "").lower() == inside:
            inside = ""
        pos = match.end()
    if not inside:
        total += len(_MARKUP.sub("", html[pos:]))
    return total


def _refuse_oversized_text(path: Path, html: str) -> None:
    """Refuse, before the costly parse, a page whose text alone is well over the
    reading-text limit: extracting a 64 MB page takes about a minute and 2 GB only to
    be refused at the end."""
    limit = LIMITS.max_text_chars
    if len(html) <= limit * 3 // 2:
        return
    text = _visible_chars(html)
    if text > limit * 3 // 2:
        raise ImportFailed(
            f"the article text is larger than the size limit (about {_count(text)} characters; "
            f"the limit is {_count(limit)})",
            path,
        )


# One attribute of a tag as libxml2 reads one (a '<' starts none), atomic so that a tag
# with fewer than the limit fails at once instead of backtracking through the ways its
# attributes could be split.
_ATTRIBUTE = r"""(?>\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)"""


@functools.cache
def _crowded_tag(limit: int) -> re.Pattern[str]:
    return re.compile(rf"<[A-Za-z][^\s/>]*{_ATTRIBUTE}{{{limit + 1}}}")


def refuse_crowded_tags(path: Path, html: str) -> None:
    """Refuse, in one linear scan before the parse, a page with a tag of more attributes
    than the limit: libxml2 compares each attribute's name with all those before it, so
    one tag of 40,000 attributes costs 13 s in a single call no time limit can end."""
    limit = LIMITS.max_tag_attributes
    match = _crowded_tag(limit).search(html)
    if match:
        name = match.group(0)[1:].split(None, 1)[0][:40]
        raise ImportFailed(
            f"the page has a <{name}> tag with more than {limit:,} attributes, which no real page has",
            path,
        )


def _count(n: int) -> str:
    return f"{n / 1e6:.0f} million" if n >= 10_000_000 else f"{n:,}"


def _is_singlefile(html: str) -> bool:
    head = html[:4096]
    return "Page saved with SingleFile" in head or (
        "data:image/" in html and "_files/" not in html[:200_000]
    )


def _folder_resolver(folder: Path) -> Resolver:
    try:
        root = folder.resolve(strict=True)
    except OSError:
        return lambda _src: None

    def resolve(src: str) -> Image | None:
        src = src.strip()
        if src.lower().startswith("data:"):
            return decode_data_uri(src)
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith(("/", "\\")):
            return None  # remote, absolute, file: or network path: never read
        rel = unquote(parts.path)
        if not rel or "\x00" in rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
            return None
        return read_local_image(root, rel)

    return resolve


def read_local_image(root: Path, rel: str) -> Image | None:
    """Read `rel` below `root` only if every step is a plain folder and the end a
    regular file of acceptable size; symbolic links, devices and escapes are refused."""
    pieces = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if not pieces or ".." in pieces:
        return None
    current = root
    for index, piece in enumerate(pieces):
        current = current / piece
        try:
            info = os.lstat(current)
        except OSError:
            return None
        last = index == len(pieces) - 1
        if stat.S_ISLNK(info.st_mode):
            return None
        if not last and not stat.S_ISDIR(info.st_mode):
            return None
        if last and not stat.S_ISREG(info.st_mode):
            return None
        if last and info.st_size > LIMITS.max_image_bytes:
            left_out(rel)
            return None
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(current, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        data = handle.read(LIMITS.max_image_bytes + 1)
    return sniff_image(data, source=rel)


_DATA_RE = re.compile(r"^data:([\w.+/-]*)((?:;[\w.+-]+=[^;,]*)*)(;base64)?,", re.I)


def decode_data_uri(uri: str) -> Image | None:
    """Decode an inlined ``data:`` image, refusing anything over the image size cap."""
    match = _DATA_RE.match(uri[:300])
    if not match:
        return None
    payload = uri[match.end():]
    if len(payload) > LIMITS.max_image_bytes * 4 // 3 + 4:
        left_out("data:" + (match.group(1) or ""))
        return None
    try:
        if match.group(3):
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        else:
            data = unquote(payload).encode("latin-1", "replace")
    except (binascii.Error, ValueError):
        return None
    return sniff_image(data, source="data:" + (match.group(1) or ""))


# Content-Type headers opening a multipart section. Saved pages hold one or two; a
# deeply nested archive would only exhaust the (recursive) email parser.
_MULTIPART_HEADER = re.compile(rb"^content-type:[ \t]*(?:\r?\n[ \t]+)*multipart/", re.I | re.M)
MAX_MULTIPART_SECTIONS = 64
_BOUNDARY_DEFECTS = ("NoBoundaryInMultipartDefect", "StartBoundaryNotFoundDefect",
                     "MultipartInvariantViolationDefect")


def _header(message: email.message.Message, name: str) -> str:
    """A header's value as clean text. With non-ASCII bytes in it, the compat32 parser
    returns an email.header.Header object rather than a str."""
    value = message.get(name)
    if value is None:
        return ""
    try:
        text = str(value)
    except (UnicodeError, LookupError, ValueError):
        return ""
    return " ".join(clean_text(text).split())[:2000]


def _damaged_base64(part: email.message.Message, payload: bytes) -> bool:
    """Whether a part declared base64 did not decode. The email parser, lenient, hands
    back the encoded text itself when its length cannot be base64
    (InvalidBase64LengthDefect), and drops the characters outside the alphabet
    (InvalidBase64CharactersDefect): the first is never the page; the second is when
    what remains decodes to no markup."""
    defects = {type(d).__name__ for d in part.defects}
    if "InvalidBase64LengthDefect" in defects:
        return True
    undecoded = b"<" not in payload[:4096] or looks_binary(payload)
    return "InvalidBase64CharactersDefect" in defects and undecoded


_NO_BOUNDARY = (
    "broken MHTML archive: its parts cannot be found (the boundary is missing or does not match)"
)


@dataclass
class _ArchiveParts:
    """What the parts of an MHTML archive hold: the page (bytes, declared charset) and
    the images by every name they go by."""

    html: tuple[bytes, str | None] | None = None
    damaged_html: bool = False  # an HTML part whose base64 did not decode
    resources: dict[str, Image] = field(default_factory=dict)


def _read_mhtml(path: Path, raw: bytes) -> SourcePage:
    message = _parse_archive(path, raw)
    defects = {type(d).__name__ for d in message.defects} & set(_BOUNDARY_DEFECTS)
    parts = _leaf_parts(path, raw, message, bool(defects))
    found = _collect_parts(path, parts)
    if found.html is None and found.damaged_html:
        raise ImportFailed("broken MHTML archive: the page's base64 encoding is damaged", path)
    if found.html is None or not found.html[0].strip():
        if not parts or defects:
            raise ImportFailed(_NO_BOUNDARY, path)
        raise ImportFailed("broken MHTML archive: it holds no HTML page", path)
    if looks_binary(found.html[0]):
        raise ImportFailed("broken MHTML archive: its HTML part is binary data", path)
    html = neutralise_charrefs(decode_bytes(found.html[0], declared=found.html[1]))
    refuse_crowded_tags(path, html)
    location = _header(message, "Snapshot-Content-Location")
    hints: dict[str, str] = {}
    if location:
        hints["url"] = location
    if _header(message, "Date"):
        hints["saved_at"] = _header(message, "Date")[:200]
    return SourcePage(path, SourceFormat.MHTML, raw, html=html, hints=hints,
                      resolve=_archive_resolver(found.resources, location))


def _parse_archive(path: Path, raw: bytes) -> email.message.Message:
    if len(_MULTIPART_HEADER.findall(raw, 0, LIMITS.max_file_bytes)) > MAX_MULTIPART_SECTIONS:
        raise ImportFailed(
            f"broken MHTML archive: more than {MAX_MULTIPART_SECTIONS} nested multipart sections", path
        )
    try:
        return email.message_from_bytes(raw, policy=email.policy.compat32)
    except RecursionError:
        raise ImportFailed("broken MHTML archive: its parts are nested too deeply", path) from None
    except Exception as exc:  # noqa: BLE001 - the stdlib email parser documents no errors; a safety net
        raise ImportFailed(f"broken MHTML archive ({type(exc).__name__})", path) from None


def _leaf_parts(
    path: Path, raw: bytes, message: email.message.Message, boundary_defects: bool
) -> list[email.message.Message]:
    """The archive's non-multipart parts; a message that is no multipart archive is its
    own one part if it is an HTML page, else refused with the reason."""
    if message.is_multipart():
        try:
            return [p for p in message.walk() if not p.is_multipart()]
        except RecursionError:
            raise ImportFailed("broken MHTML archive: its parts are nested too deeply", path) from None
    if message.get_content_maintype() == "multipart" or boundary_defects:
        raise ImportFailed(_NO_BOUNDARY, path)
    if message.get_content_type() != "text/html":
        if looks_binary(raw):
            raise ImportFailed("is a binary file, not a saved page", path)
        raise ImportFailed("broken MHTML archive: no multipart/related body", path)
    return [message]


def _collect_parts(path: Path, parts: list[email.message.Message]) -> _ArchiveParts:
    """The first sound HTML part and every image, within the unpacked-size limit."""
    found = _ArchiveParts()
    total = 0
    for part in parts:
        ctype = part.get_content_type()
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - the lenient email decoder documents no errors; skip the part
            continue
        if not isinstance(payload, bytes):
            continue
        total += len(payload)
        if total > LIMITS.max_decompressed_bytes:
            raise ImportFailed("the MHTML archive unpacks to more than the size limit", path)
        if ctype == "text/html" and found.html is None:
            if _damaged_base64(part, payload):
                found.damaged_html = True  # the next HTML part, if there is one, is the page
                continue
            found.html = (payload, part.get_content_charset())
        elif ctype.startswith("image/") and len(payload) <= LIMITS.max_image_bytes:
            _add_resource(found.resources, part, payload)
    return found


def _add_resource(resources: dict[str, Image], part: email.message.Message, payload: bytes) -> None:
    """File an image part under its Content-Location and its Content-ID (also as cid:)."""
    image = sniff_image(payload, source=_header(part, "Content-Location"))
    if image is None:
        return
    for key in (_header(part, "Content-Location"), _header(part, "Content-ID")):
        if key:
            resources[key] = image
            if key.startswith("<") and key.endswith(">"):
                resources["cid:" + key[1:-1]] = image


def _archive_resolver(resources: dict[str, Image], location: str) -> Resolver:
    def resolve(src: str) -> Image | None:
        src = src.strip()
        if src.lower().startswith("data:"):
            return decode_data_uri(src)
        if src in resources:
            return resources[src]
        if location and not urlsplit(src).scheme:
            return resources.get(urljoin(location, src))
        return None

    return resolve
