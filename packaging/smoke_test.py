"""Smoke test of a built ClaimMark: run the bundled executable as a user would.

    python packaging/smoke_test.py dist/ClaimMark/ClaimMark

It asks the version, imports the bundled sample article into a new project, lists
and checks it, and fails loudly (exit 1) on any surprise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def run(exe: Path, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300, env=env)
    if result.returncode != 0:
        raise SystemExit(f"smoke test: {' '.join(args)} exited {result.returncode}\n{result.stderr}")
    return result.stdout


def main(exe: Path) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env["CLAIMMARK_DATA_DIR"] = str(tmp / "data")
        env["CLAIMMARK_CONFIG_DIR"] = str(tmp / "config")
        version = run(exe, "--version", env=env)
        assert version.startswith("claimmark "), version
        sample = next((exe.parent / "_internal").rglob("presstv-us-cybersecurity.mhtml"))
        project = tmp / "smoke.claimmark"
        out = run(exe, "import", str(project), str(sample), env=env)
        assert out.startswith("1\tChina: US itself top threat"), out
        listing = run(exe, "list", str(project), "--json", env=env)
        assert '"site_name": "Press TV"' in listing, listing
        assert "ok (1 documents)" in run(exe, "check", str(project), env=env)
    print(f"smoke test passed: {version.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
