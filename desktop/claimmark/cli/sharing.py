"""Commands for sharing project files: copy and merge."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimmark.core.merge import merge
from claimmark.core.project import Project


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("copy", help="write a consistent, compact copy of a project to share",
                            description="Copy PROJECT to DEST safely, even while it is open in the app "
                            "(SQLite's VACUUM INTO). DEST must not exist.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("dest", metavar="DEST", type=Path)
    p.set_defaults(run=cmd_copy)

    p = commands.add_parser("merge", help="merge another project file into this one",
                            description="Merge OTHER into PROJECT: new documents and annotations come "
                            "in, edits and deletions are applied, an annotation edited on both sides "
                            "is a conflict (the later edit wins, the other is kept for review). OTHER "
                            "is only read. One transaction: interrupted, PROJECT is as it was.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("other", metavar="OTHER", type=Path)
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=cmd_merge)


def cmd_copy(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        dest = project.save_copy(args.dest)
    print(dest)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        report = merge(project, args.other, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.summary())
    return 0
