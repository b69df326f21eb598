"""The app's preferences: a small JSON file in the user's configuration folder.

The folder is ``platformdirs.user_config_dir("ClaimMark")``, or the folder named by
the environment variable ``CLAIMMARK_CONFIG_DIR`` (tests and portable installs set
it). The file is ``preferences.json``; writes replace it atomically. A damaged file
is set aside as ``preferences.json.damaged`` and treated as empty.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "ClaimMark"
FILE_NAME = "preferences.json"
ENV_DIR = "CLAIMMARK_CONFIG_DIR"


def config_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def preferences_path() -> Path:
    return config_dir() / FILE_NAME


def load() -> dict[str, Any]:
    """All preferences; an absent file is empty, a damaged one is set aside."""
    path = preferences_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        log.warning("cannot read preferences %s: %s", path, exc)
        return {}
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        log.warning("preferences %s are damaged; setting them aside", path)
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(FILE_NAME + ".damaged"))
        return {}
    return data


def save(data: dict[str, Any]) -> None:
    """Write all preferences atomically (raises OSError when the folder is not writable)."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".preferences-", suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, folder / FILE_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def set(key: str, value: Any) -> None:
    data = load()
    data[key] = value
    save(data)


def author_name() -> str:
    """The author name set in the preferences ("" when none)."""
    value = get("author_name", "")
    return value.strip() if isinstance(value, str) else ""


def set_author_name(name: str) -> None:
    set("author_name", name.strip())
