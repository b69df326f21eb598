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
import email.policy
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from claimmark.core.encoding import decode_bytes
from claimmark.core.errors import ImportFailed
from claimmark.core.images import Image, sniff_image
from claimmark.core.limits import LIMITS

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
SUPPORTED_SUFFIXES = HTML_SUFFIXES | MHTML_SUFFIXES | TEXT_SUFFIXES | MARKDOWN_SUFFIXES

Resolver = Callable[[str], Image | None]


@dataclass
class SourcePage:
    """A saved page as read from disk, before extraction."""

    path: Path
    format: str  # html, mhtml, singlefile, txt, md
    raw: bytes
    html: str | None = None
    text: str | None = None
    hints: dict[str, str] = field(default_factory=dict)  # url, saved_at from the container
    resolve: Resolver = field(default=lambda src: None, repr=False)


def read_source(path: Path) -> SourcePage:
    """Read one file into a SourcePage, or raise ImportFailed naming the problem."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFailed(f"unsupported file type {suffix or '(none)'!r}", path)
    raw = read_regular_file(path, LIMITS.max_file_bytes)
    if not raw.strip():
        raise ImportFailed("the file is empty", path)
    if suffix in MHTML_SUFFIXES:
        return _read_mhtml(path, raw)
    if suffix in TEXT_SUFFIXES | MARKDOWN_SUFFIXES:
        _refuse_binary(path, raw)
        fmt = "md" if suffix in MARKDOWN_SUFFIXES else "txt"
        return SourcePage(path, fmt, raw, text=decode_bytes(raw, markup=False))
    _refuse_binary(path, raw)
    html = decode_bytes(raw)
    folder = path.parent
    fmt = "singlefile" if _is_singlefile(html) else "html"
    return SourcePage(path, fmt, raw, html=html, resolve=_folder_resolver(folder))


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
            f"the file is too large ({info.st_size / 1e6:.1f} MB; "
            f"the limit is {limit / 1e6:.0f} MB)",
            path,
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFailed(f"cannot read the file ({exc.strerror or exc})", path) from None
    if len(data) > limit:
        raise ImportFailed("the file is too large", path)
    return data


_NOT_CONTROL = bytes(range(9, 14)) + bytes(range(32, 256))


def _refuse_binary(path: Path, raw: bytes) -> None:
    """Refuse files that are not text at all (images, archives named .html)."""
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: NULs are normal
        return
    if head[:4] in (b"\x89PNG", b"PK\x03\x04", b"%PDF", b"\x1f\x8b\x08\x00") or (
        head[:3] == b"\xff\xd8\xff"
    ):
        raise ImportFailed("is a binary file, not a saved page", path)
    sample = raw[:65536]
    controls = len(sample.translate(None, _NOT_CONTROL))
    if sample.count(0) > len(sample) // 100 or controls > len(sample) // 10:
        raise ImportFailed("is a binary file, not a saved page", path)


def _is_singlefile(html: str) -> bool:
    head = html[:4096]
    return "Page saved with SingleFile" in head or (
        "data:image/" in html and "_files/" not in html[:200_000]
    )


def _folder_resolver(folder: Path) -> Resolver:
    try:
        root = folder.resolve(strict=True)
    except OSError:
        return lambda src: None

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
        if last and (not stat.S_ISREG(info.st_mode) or info.st_size > LIMITS.max_image_bytes):
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
    if len(data) > LIMITS.max_image_bytes:
        return None
    return sniff_image(data, source=rel)


_DATA_RE = re.compile(r"^data:([\w.+/-]*)((?:;[\w.+-]+=[^;,]*)*)(;base64)?,", re.I)


def decode_data_uri(uri: str) -> Image | None:
    """Decode an inlined ``data:`` image, refusing anything over the image size cap."""
    match = _DATA_RE.match(uri[:300])
    if not match:
        return None
    payload = uri[match.end():]
    if len(payload) > LIMITS.max_image_bytes * 4 // 3 + 4:
        return None
    try:
        if match.group(3):
            data = base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        else:
            data = unquote(payload).encode("latin-1", "replace")
    except (binascii.Error, ValueError):
        return None
    return sniff_image(data, source="data:" + (match.group(1) or ""))


def _read_mhtml(path: Path, raw: bytes) -> SourcePage:
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception as exc:  # the email parser is lenient; this is a safety net
        raise ImportFailed(f"broken MHTML archive ({exc})", path) from None
    if not message.is_multipart():
        ctype = message.get_content_type()
        if ctype != "text/html":
            raise ImportFailed("broken MHTML archive: no multipart/related body", path)
        parts = [message]
    else:
        parts = [p for p in message.walk() if not p.is_multipart()]
    html_part = None
    resources: dict[str, Image] = {}
    total = 0
    location = (message.get("Snapshot-Content-Location") or "").strip()
    for part in parts:
        ctype = part.get_content_type()
        try:
            payload = part.get_payload(decode=True) or b""
        except Exception:
            continue
        total += len(payload)
        if total > LIMITS.max_decompressed_bytes:
            raise ImportFailed("the MHTML archive unpacks to more than the size limit", path)
        if ctype == "text/html" and html_part is None:
            html_part = (payload, part.get_content_charset())
        elif ctype.startswith("image/") and len(payload) <= LIMITS.max_image_bytes:
            image = sniff_image(payload, source=part.get("Content-Location", ""))
            if image is None:
                continue
            for key in (part.get("Content-Location"), part.get("Content-ID")):
                if key:
                    key = key.strip()
                    resources[key] = image
                    if key.startswith("<") and key.endswith(">"):
                        resources["cid:" + key[1:-1]] = image
    if html_part is None or not html_part[0].strip():
        raise ImportFailed("broken MHTML archive: it holds no HTML page", path)
    html = decode_bytes(html_part[0], declared=html_part[1])
    hints: dict[str, str] = {}
    if location:
        hints["url"] = location
    if message.get("Date"):
        hints["saved_at"] = str(message.get("Date"))

    def resolve(src: str) -> Image | None:
        src = src.strip()
        if src.lower().startswith("data:"):
            return decode_data_uri(src)
        if src in resources:
            return resources[src]
        if location and not urlsplit(src).scheme:
            from urllib.parse import urljoin

            return resources.get(urljoin(location, src))
        return None

    return SourcePage(path, "mhtml", raw, html=html, hints=hints, resolve=resolve)
