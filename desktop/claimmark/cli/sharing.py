"""Commands for sharing project files: copy."""

from __future__ import annotations

import argparse
from pathlib import Path

from claimmark.core.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("copy", help="write a consistent, compact copy of a project to share",
                            description="Copy PROJECT to DEST safely, even while it is open in the app "
                            "(SQLite's VACUUM INTO). DEST must not exist.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("dest", metavar="DEST", type=Path)
    p.set_defaults(run=cmd_copy)


def cmd_copy(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        dest = project.save_copy(args.dest)
    print(dest)
    return 0
