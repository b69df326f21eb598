"""Linux desktop integration: packaging/linux/stage.py lays out the .desktop entry,
metainfo, MIME type and theme icons in a bundle; its install.sh installs them (and the
bundle) under a prefix, where the menu entry runs the app and a project file, even
renamed, is recognised as one; --uninstall takes it all away again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

from claimmark import __version__
from claimmark.core.importing import import_paths
from claimmark.core.store.project import Project

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
APP = "io.github.claimmark.ClaimMark"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stderr[-3000:]}"
    return result.stdout


def fake_bundle(folder: Path) -> Path:
    """A folder shaped like dist/ClaimMark whose executable runs this checkout's claimmark."""
    (folder / "_internal").mkdir(parents=True)
    exe = folder / "ClaimMark"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m claimmark "$@"\n')
    exe.chmod(0o755)
    run(sys.executable, ROOT / "packaging" / "linux" / "stage.py", folder)
    return folder


def test_install_sh_installs_menu_entry_mime_type_and_icons(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path / "ClaimMark")
    prefix = tmp_path / "prefix with space"
    run("sh", bundle / "install.sh", "--prefix", prefix)
    share = prefix / "share"

    entry = (share / "applications" / f"{APP}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{prefix}/bin/claimmark" %f' in entry.splitlines()
    assert "MimeType=application/x-claimmark;" in entry.splitlines()
    assert run(prefix / "bin" / "claimmark", "--version").strip() == f"claimmark {__version__}"

    for size in SIZES:
        image = QImage(str(share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP}.png"))
        assert (image.width(), image.height()) == (size, size)
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP}.svg"
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "claimmark.svg").read_bytes()
    assert not (share / "icons" / "hicolor" / "icon-theme.cache").exists()

    info = ET.parse(share / "metainfo" / f"{APP}.metainfo.xml").getroot()
    assert info.findtext("id") == APP and info.find("releases/release").get("version") == __version__
    images = [i.text for i in info.iter("image")]
    assert len(images) >= 3 and all(i.startswith("https://") for i in images)
    for image in images:
        assert (ROOT / "docs" / "screenshots" / image.rsplit("/docs/screenshots/", 1)[1]).is_file()

    project = tmp_path / "shared.claimmark"
    with Project.open(project, create=True) as opened:
        import_paths(opened, [CORPUS / "page.html"])
    shutil.copy(project, tmp_path / "renamed.bin")
    plain = tmp_path / "plain.sqlite"
    plain.write_bytes(  # the same SQLite file without ClaimMark's application id
        project.read_bytes()[:68] + b"\0\0\0\0" + project.read_bytes()[72:]
    )
    code = textwrap.dedent(
        f"""
        from PySide6.QtCore import QMimeDatabase
        db = QMimeDatabase()
        for path in {[str(project), str(tmp_path / "renamed.bin"), str(plain)]!r}:
            print(db.mimeTypeForFile(path).name())
        """
    )
    env = {**os.environ, "XDG_DATA_DIRS": f"{share}:/usr/share", "XDG_DATA_HOME": str(tmp_path / "none")}
    kinds = run(sys.executable, "-c", code, env=env).split()
    assert kinds[:2] == ["application/x-claimmark", "application/x-claimmark"]
    assert kinds[2] != "application/x-claimmark"

    run("sh", bundle / "install.sh", "--prefix", prefix, "--uninstall")
    assert not (prefix / "bin" / "claimmark").exists() and not (prefix / "lib" / "claimmark").exists()
    assert [p for p in prefix.rglob("*") if "claimmark" in p.name.lower()] == []
