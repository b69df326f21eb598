"""Lay out the Linux desktop integration inside a built bundle (or any folder):

    python packaging/linux/stage.py dist/ClaimMark

writes DEST/share/{applications,metainfo,mime/packages,icons/hicolor} and DEST/install.sh,
which installs the bundle and these files for one person (packaging/README.md).
The metainfo's @REPOSITORY@ and @SCREENSHOTS@ become $CLAIMMARK_REPOSITORY (default
below) and its docs/screenshots/ folder; every screenshot named must exist there.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from icons import APP_ID, renderer, theme_icons  # noqa: E402

REPOSITORY = "https://github.com/claimmark/claimmark"


def version() -> str:
    text = (ROOT / "desktop" / "claimmark" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def metainfo(repository: str) -> str:
    """The metainfo with the repository's addresses put in, checked against the checkout."""
    text = (HERE / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    text = text.replace("@SCREENSHOTS@", f"{repository}/raw/main/docs/screenshots")
    text = text.replace("@REPOSITORY@", repository)
    root = ET.fromstring(text.encode("utf-8"))
    for image in root.iter("image"):
        name = image.text.rsplit("/docs/screenshots/", 1)[-1]
        if not (ROOT / "docs" / "screenshots" / name).is_file():
            raise SystemExit(f"metainfo: docs/screenshots/{name} does not exist")
    latest = root.find("releases/release").get("version")
    if latest != version():
        raise SystemExit(f"metainfo: the latest release is {latest}, claimmark is {version()}")
    return text


def stage(dest: Path, repository: str) -> None:
    share = dest / "share"
    for folder, name in (("applications", f"{APP_ID}.desktop"), ("mime/packages", f"{APP_ID}.xml")):
        (share / folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / name, share / folder / name)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(metainfo(repository), encoding="utf-8")
    theme_icons(renderer(), share / "icons" / "hicolor")
    shutil.copy2(HERE / "install.sh", dest / "install.sh")


if __name__ == "__main__":
    stage(Path(sys.argv[1]), os.environ.get("CLAIMMARK_REPOSITORY", REPOSITORY).rstrip("/"))
