"""Wall time of importing a folder of pages against bare extraction of the same pages.

    python -m bench.import_folder PATH/TO/extraction-devset/pages [--count 200]

Copies the first COUNT pages (sorted) into a temporary folder, then times, each in a
fresh process: (1) bare extraction, `extract_file` on every page one after the other
in one process, no workers and no project; (2) `claimmark import -q` of the folder
into a new project (extraction in the worker processes, storing in file order).
Issue #17 asks for (2) <= 1.3 x (1) on a 2-core machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys, time
from pathlib import Path
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.extract.pipeline import extract_file
import trafilatura  # loaded before the clock starts, as the workers load it before their first page
started = time.perf_counter()
for path in sorted(Path(sys.argv[1]).iterdir()):
    try:
        extract_file(path)
    except ClaimMarkError:
        pass
print(time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", type=Path)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimmark-bench-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for page in sorted(args.pages.glob("*.html"))[: args.count]:
            shutil.copy(page, folder / page.name)
        bare = float(subprocess.run([sys.executable, "-c", BARE, str(folder)], check=True,
                                    capture_output=True, text=True).stdout)
        started = time.perf_counter()
        project = Path(tmp) / "p.claimmark"
        run = subprocess.run([sys.executable, "-m", "claimmark", "import", "-q", str(project), str(folder)],
                             capture_output=True, text=True)
        imported = time.perf_counter() - started
        documents = len(run.stdout.splitlines())
    count = len(list(args.pages.glob("*.html"))[: args.count])
    print(f"{count} pages: bare extraction {bare:.1f} s, import {imported:.1f} s "
          f"({documents} documents, exit {run.returncode}), ratio {imported / bare:.2f}")


if __name__ == "__main__":
    main()
