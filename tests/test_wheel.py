"""The built wheel, installed (not editable) into a fresh virtual environment, starts
the desktop app offscreen from another folder with its icons, style sheet and sample
article loaded from site-packages: nothing depends on a checkout.

Slow-ish (a wheel build and a pip install, ~25 s): the packaging promise of issue #8.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from claimmark import __version__

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
QUOTE = "The US is in fact the biggest threat to global cybersecurity."
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "desktop", "resources"]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env,
                            timeout=600)
    assert result.returncode == 0, f"{args} exited {result.returncode}\n{result.stderr[-3000:]}"
    return result.stdout


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of the files a clone has, so no build output lands in the checkout."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp_path / "dist", source,
        cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("claimmark-*.whl")
    return wheel


def test_the_installed_wheel_starts_the_app_with_its_own_resources(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    assert wheel.name == f"claimmark-{__version__}-py3-none-any.whl"
    packed = set(zipfile.ZipFile(wheel).namelist())
    checkout = {
        str(p.relative_to(ROOT / "desktop")) for p in (ROOT / "desktop" / "claimmark").rglob("*.py")
    } | {f"claimmark/resources/{p.relative_to(ROOT / 'resources')}" for p in (ROOT / "resources").rglob("*")
         if p.is_file() and "__pycache__" not in p.parts}
    assert checkout - packed == set(), "files of the package missing from the wheel"

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)  # this pip installs into it
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel, cwd=tmp_path)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    assert run(venv / "bin" / "claimmark", "--version", cwd=elsewhere, env=env).strip() == f"claimmark {__version__}"
    out = elsewhere / "out.csv"
    report = json.loads(run(
        venv / "bin" / "claimmark", "self-test", "--project", elsewhere / "w.claimmark",
        "--import", CORPUS / "page.html", "--export-csv", out, "--quote", QUOTE, cwd=elsewhere, env=env,
    ))
    resources = Path(report["resources"])
    assert resources == site / "claimmark" / "resources" and not resources.is_relative_to(ROOT)
    assert report["platform"] == "offscreen" and report["version"] == __version__
    with open(out, encoding="utf-8", newline="") as handle:
        assert [(r["kind"], r["exact"]) for r in csv.DictReader(handle)] == [("quote", QUOTE)]
    # with no page named, the self-test imports the sample article shipped in the wheel
    report = json.loads(run(venv / "bin" / "claimmark", "self-test", cwd=elsewhere, env=env))
    assert report["document"] == "China: US itself top threat to global cybersecurity"
