"""Where the app keeps its settings, default project and log, and the settings themselves.

Settings live in QSettings (organisation "ClaimMark"). Two environment variables move
everything out of the person's home, for tests and portable installs:
``CLAIMMARK_CONFIG_DIR`` (settings, as an INI file in that folder) and
``CLAIMMARK_DATA_DIR`` (the default project and the log folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "ClaimMark"
APPLICATION = "ClaimMark"
DEFAULT_PROJECT_NAME = "My articles.claimmark"
MAX_RECENT = 10


def settings() -> QSettings:
    folder = os.environ.get("CLAIMMARK_CONFIG_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "claimmark-desktop.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def data_dir() -> Path:
    folder = os.environ.get("CLAIMMARK_DATA_DIR")
    if folder:
        path = Path(folder)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APPLICATION, ORGANISATION))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    folder = os.environ.get("CLAIMMARK_DATA_DIR")
    if folder:
        path = Path(folder) / "logs"
    else:
        import platformdirs

        path = Path(platformdirs.user_log_dir(APPLICATION, ORGANISATION))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_project_path() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


# -- typed access ---------------------------------------------------------------
def get_str(key: str, default: str = "") -> str:
    value = settings().value(key, default)
    return str(value) if value is not None else default


def set_value(key: str, value: object) -> None:
    store = settings()
    store.setValue(key, value)
    store.sync()


def last_folder(purpose: str, default: Path) -> Path:
    """Where the file chooser for `purpose` ("import", "projects", "export", "copy",
    "merge") should open: the folder last chosen in it, while that still exists."""
    value = get_str(f"{purpose}/folder")
    return Path(value) if value and Path(value).is_dir() else default


def remember_folder(purpose: str, folder: Path | str) -> None:
    set_value(f"{purpose}/folder", str(Path(folder).absolute()))


def recent_projects() -> list[str]:
    value = settings().value("projects/recent", [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(v) for v in (value if isinstance(value, list | tuple) else []) if v]


def add_recent_project(path: Path | str) -> list[str]:
    path = str(Path(path).absolute())
    recent = [p for p in recent_projects() if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    set_value("projects/recent", recent)
    set_value("projects/last", path)
    return recent


def forget_recent_project(path: Path | str) -> None:
    path = str(Path(path).absolute())
    set_value("projects/recent", [p for p in recent_projects() if p != path])


def reading_place(project_uuid: str) -> tuple[int | None, int]:
    """The document id and reading position last shown for a project."""
    raw = get_str(f"places/{project_uuid}")
    try:
        doc, pos = raw.split(":", 1)
        return int(doc), int(pos)
    except ValueError:
        return None, 0


def set_reading_place(project_uuid: str, document_id: int, position: int) -> None:
    set_value(f"places/{project_uuid}", f"{document_id}:{position}")
