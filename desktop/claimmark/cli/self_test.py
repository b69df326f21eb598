"""``claimmark self-test``: start the desktop app, use it once and quit (see
claimmark.ui.self_test); how a built bundle or an installed wheel is checked."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "self-test",
        help="start the desktop app, import, tag, export CSV and quit; exit 0 if all worked",
        description="Drive the real main window once: open PROJECT (created if missing), import "
        "FILE through the window, tag a passage as a quote, export CSV to OUT through the Export "
        "dialog, quit. Prints a JSON report (versions, the resource folder in use). Run with "
        "QT_QPA_PLATFORM=offscreen to show nothing. Settings go to a temporary folder.",
    )
    p.add_argument("--project", type=Path, help="project to use (default: a new one in a temporary folder)")
    p.add_argument("--import", dest="page", type=Path, metavar="FILE",
                   help="page to import (default: the sample article shipped with the app)")
    p.add_argument("--export-csv", type=Path, metavar="OUT",
                   help="CSV file to write (default: in a temporary folder)")
    p.add_argument("--quote", metavar="TEXT", help="passage to tag (default: the article's first sentence)")
    p.set_defaults(run=cmd_self_test)


def cmd_self_test(args: argparse.Namespace) -> int:
    from claimmark.ui.self_test import run_self_test

    with tempfile.TemporaryDirectory(prefix="claimmark-self-test-") as folder:
        project = args.project or Path(folder) / "self-test.claimmark"
        csv_out = args.export_csv or Path(folder) / "self-test.csv"
        return run_self_test(project.absolute(), args.page, csv_out.absolute(), args.quote)
