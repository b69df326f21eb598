"""Safe file names from untrusted titles, for exports that write one file per document.

The result is one path component on every system: no separators or ``..``, no
characters Windows refuses (``<>:"/\\|?*``, controls), no names Windows reserves
(``CON``, ``NUL``, ``COM1``, ...), no bidirectional or invisible formatting
characters (a right-to-left override can disguise ``exe.md`` as ``dm.exe``), no
leading dot (hidden files) or trailing dot or space, and at most `max_bytes` bytes of
UTF-8, cut between characters.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 120
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{base}{n}" for base in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


def safe_filename(
    title: str, *, suffix: str = "", fallback: str = "document", max_bytes: int = MAX_BYTES
) -> str:
    """A file name made from `title`, plus `suffix` (such as ``.md``)."""
    text = unicodedata.normalize("NFC", title or "")
    # drop formatting characters (bidi overrides and isolates, zero-width joiners, BOM)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co", "Cn"))
    text = _FORBIDDEN.sub(" ", text)
    text = " ".join(text.split())
    text = text.strip(" .")
    budget = max(1, max_bytes - len(suffix.encode("utf-8")))
    text = _cut(text, budget).rstrip(" .")
    if not text:
        text = fallback
    stem = text.split(".")[0].strip().upper()
    if stem in _WINDOWS_RESERVED:
        text = "_" + text
        text = _cut(text, budget).rstrip(" .")
    return text + suffix


def _cut(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    cut = encoded[:max_bytes].decode("utf-8", errors="ignore")
    # do not leave a base letter without the combining marks that followed it
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return cut


def unique_filenames(titles: list[str], *, suffix: str = "", max_bytes: int = MAX_BYTES) -> list[str]:
    """Safe names for several titles, distinct even on case-insensitive file systems."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        name = safe_filename(title, suffix=suffix, max_bytes=max_bytes)
        counter = 2
        while name.casefold() in taken:
            tail = f" ({counter}){suffix}"
            base = safe_filename(title, max_bytes=max_bytes - len(tail.encode("utf-8")))
            name = base + tail
            counter += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def numbered_names(names: list[str]) -> list[str]:
    """`names` made distinct (even on case-insensitive file systems) by numbering the
    later ones before their suffix: ``page.txt``, ``page-2.txt``, ``page-3.txt``."""
    taken: set[str] = set()
    out = []
    for name in names:
        stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
        candidate, counter = name, 2
        while candidate.casefold() in taken:
            candidate = f"{stem}-{counter}{dot}{suffix}"
            counter += 1
        taken.add(candidate.casefold())
        out.append(candidate)
    return out
