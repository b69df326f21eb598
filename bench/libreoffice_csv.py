"""Check the CSV export in a real LibreOffice: python -m bench.libreoffice_csv

Makes a project whose annotation notes start with formula characters, exports it as
CSV with and without --raw, has LibreOffice (``soffice --headless``, UTF-8 import)
convert each to .xlsx, and counts the cells LibreOffice turned into formulas. Needs
LibreOffice Calc (Debian: ``libreoffice-calc-nogui``); not part of the test suite.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

NOTES = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "＝1+1", " =1+1"]


def formulas_in(xlsx: Path) -> list[str]:
    with zipfile.ZipFile(xlsx) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return re.findall(r"<f[^>]*>(.*?)</f>", sheet)


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed; nothing measured", file=sys.stderr)
        return 1
    from claimmark.core.annotate import editing as edits
    from claimmark.core.export import collect, export
    from claimmark.core.importing import import_paths
    from claimmark.core.store.project import Project

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ.setdefault("CLAIMMARK_CONFIG_DIR", str(work / "config"))
        article = work / "article.txt"
        body = "A sentence that makes a claim about things. " * 12
        article.write_text("Title\n\n" + body, encoding="utf-8")
        with Project.open(work / "p.claimmark", create=True) as project:
            import_paths(project, [article])
            for index, note in enumerate(NOTES):
                edits.add(project, 1, "claim", 10 + index, 20 + index, note=note)
            for raw in (False, True):
                name = "raw" if raw else "safe"
                csv_path = work / f"{name}.csv"
                csv_path.write_bytes(export(project, "csv", collect(project), raw=raw).encode("utf-8"))
                subprocess.run(
                    [
                        soffice,
                        "--headless",
                        "--norestore",
                        f"-env:UserInstallation=file://{work}/profile",
                        "--infilter=CSV:44,34,76,1",
                        "--convert-to",
                        "xlsx",
                        "--outdir",
                        str(work),
                        str(csv_path),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
                found = formulas_in(work / f"{name}.xlsx")
                print(
                    f"{'--raw' if raw else 'default'}: {len(found)} of {len(NOTES)} formula-like notes "
                    f"became formulas in LibreOffice {found}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
