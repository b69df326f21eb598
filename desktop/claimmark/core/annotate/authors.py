"""Who is annotating: a display name and a stable per-installation author id.

The name comes from, in order: an explicit name (``--author``), the environment
variable ``CLAIMMARK_AUTHOR``, the preferences, the login name. The author id is a
UUID made once per installation and kept in the preferences (``author_id``), so a
person's annotations stay theirs when they change their display name and when
projects are merged.
"""

from __future__ import annotations

import getpass
import logging
import os
import platform
import uuid

from claimmark.core.model.errors import InvalidAnnotation
from claimmark.core.store import preferences

log = logging.getLogger(__name__)

ENV_AUTHOR = "CLAIMMARK_AUTHOR"
MAX_NAME = 200
_FALLBACK_NAMESPACE = uuid.UUID("6f1c0b5e-7d0a-4a52-9b1e-3c9c2d3e8a41")


def clean_name(name: str) -> str:
    """A name on one line, without control characters, at most 200 characters."""
    text = "".join(" " if ch in "\t\r\n" else ch for ch in name if ch.isprintable() or ch in "\t\r\n")
    text = " ".join(text.split())
    if len(text) > MAX_NAME:
        raise InvalidAnnotation(f"the author name is longer than {MAX_NAME} characters")
    return text


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def author_id() -> str:
    """This installation's author id, made and stored on first use."""
    data = preferences.load()
    value = data.get("author_id")
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value))
        except ValueError:
            log.warning("the author id in the preferences is not a UUID; making a new one")
    new = str(uuid.uuid4())
    data["author_id"] = new
    try:
        preferences.save(data)
    except OSError as exc:
        # Unwritable configuration folder: fall back to an id derived from the user and
        # machine, stable across runs though not stored.
        log.warning("cannot store the author id (%s); using one derived from the login", exc)
        return str(uuid.uuid5(_FALLBACK_NAMESPACE, f"{login_name()}@{platform.node()}"))
    return new


def current_author(explicit: str | None = None) -> tuple[str, str]:
    """(name, author_id) of the person annotating now."""
    for candidate in (explicit, os.environ.get(ENV_AUTHOR), preferences.author_name(), login_name()):
        if candidate:
            name = clean_name(candidate)
            if name:
                return name, author_id()
    return "unknown", author_id()
