"""Commands for sharing project files: copy, merge, and acting on merge conflicts."""

from __future__ import annotations

import argparse
from pathlib import Path

from claimmark import core
from claimmark.cli import output
from claimmark.core import Project, merge

# (label, key) of the fields `conflicts` compares between the two versions
COMPARED = (("kind", "kind"), ("passage", "exact"), ("note", "note"), ("tags", "tags"),
            ("claimant", "claimant"), ("status", "status"), ("speaker", "speaker"),
            ("source", "source_title"), ("source URL", "source_url"), ("deleted", "deleted"))


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("copy", help="write a consistent, compact copy of a project to share",
                            description="Copy PROJECT to DEST safely, even while it is open in the app "
                            "(SQLite's VACUUM INTO). DEST must not exist, unless --force is given "
                            "and it is a regular file that is not an SQLite database.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("dest", metavar="DEST", type=Path)
    p.add_argument("--force", action="store_true",
                   help="replace an existing DEST (never a project or other SQLite file)")
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

    p = commands.add_parser("conflicts", help="list the conflicts merges kept for review",
                            description="List the annotations that merges found edited on both sides: "
                            "which version won, and the fields where the two differ. Resolved ones "
                            "are left out unless --all is given.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("--all", action="store_true", help="list resolved conflicts too")
    p.add_argument("--json", action="store_true", help="print the conflicts as a JSON array")
    p.set_defaults(run=cmd_conflicts)

    p = commands.add_parser("resolve", help="keep our version or theirs of a merge conflict",
                            description="Resolve CONFLICT (its number in 'claimmark conflicts', or a "
                            "UUID prefix). Choosing the version that won only marks it resolved; "
                            "choosing the other makes it the annotation's content again, as an edit "
                            "that later merges carry to others.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("conflict", metavar="CONFLICT")
    p.add_argument("--keep", required=True, choices=core.CONFLICT_SIDES,
                   help="ours: the version this project had; theirs: the one merged in")
    p.set_defaults(run=cmd_resolve)


def cmd_copy(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        dest = project.save_copy(args.dest, replace=args.force)
    output.write(dest)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        report = merge(project, args.other, dry_run=args.dry_run)
    if args.json:
        output.write_json(report.to_json())
    else:
        for line in report.summary_lines():
            output.write(line)
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:  # (an older project is upgraded, as by `list`)
        found = core.review_conflicts(project, include_resolved=args.all)
    if args.json:
        output.write_json([c.to_json() for c in found])
        return 0
    for c in found:
        where = f"annotation {c.annotation_id}" if c.annotation_id is not None else "a removed annotation"
        state = "resolved" if c.resolved else "open"
        output.write(c.id, state, f"{c.winner} won", f"{where} in {c.document_title!r}",
                     f"merged {c.merged_at[:19].replace('T', ' ')} UTC")
        for label, key in COMPARED:
            theirs, ours = _value(c.theirs.to_json(), key), _value(c.ours.to_json(), key)
            if theirs != ours:
                output.write("", f"{label}: theirs {theirs} | ours {ours}")
    return 0


def _value(version: dict, key: str) -> str:
    value = version.get(key)
    if key == "deleted":
        return "yes" if value else "no"
    if key == "tags":
        return repr(", ".join(value or []))
    text = " ".join(str(value or "").split())
    return repr(text if len(text) <= 60 else text[:59] + "…")


def cmd_resolve(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        resolution = core.resolve_conflict(project, args.conflict, args.keep)
    change = "the annotation now holds it" if resolution.changed else "the annotation already held it"
    output.write(f"conflict {resolution.conflict_id} resolved: kept {args.keep} ({change})")
    return 0
