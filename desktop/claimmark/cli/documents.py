"""Commands on documents: import, list, show, search, extract, check."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimmark import core
from claimmark.cli import output
from claimmark.cli.output import display, to_json
from claimmark.core import (
    ImportOutcome,
    Project,
    import_paths,
    make_folder,
    numbered_names,
    recover,
    write_bytes,
)
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.limits import LIMITS
from claimmark.core.model.records import Document, DocumentInfo

log = logging.getLogger(__name__)

def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """--time-limit and --memory-limit: the per-file bounds of extraction (docs/limits.md)."""
    parser.add_argument("--time-limit", metavar="SECONDS", type=_positive,
                        help=f"stop reading a file after this long (default {LIMITS.max_import_seconds:g})")
    parser.add_argument("--memory-limit", metavar="MB", type=_positive,
                        help="memory a file's reading may use, in MB "
                        f"(default {LIMITS.max_worker_memory_bytes // 2**20})")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number: {text!r}")
    return value


@contextlib.contextmanager
def limits_from(args: argparse.Namespace) -> Iterator[None]:
    """The command's --time-limit and --memory-limit in force while it runs."""
    before = dataclasses.replace(LIMITS)
    if args.time_limit is not None:
        LIMITS.max_import_seconds = args.time_limit
    if args.memory_limit is not None:
        LIMITS.max_worker_memory_bytes = int(args.memory_limit * 2**20)
    try:
        yield
    finally:
        LIMITS.max_import_seconds = before.max_import_seconds
        LIMITS.max_worker_memory_bytes = before.max_worker_memory_bytes


# The stable keys of --json document objects (docs/cli.md).
JSON_FIELDS = ("title", "byline", "site_name", "url", "published", "section", "language", "saved_at")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("import", help="import saved pages into a project (created if missing)",
                            description="Import files and folders (recursively) into PROJECT. "
                            "Exit 0 when every file was imported or was a duplicate, 1 when any failed.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("paths", metavar="PATH", nargs="+", type=Path,
                   help=".html/.htm (with NAME_files/), .mhtml/.mht, .txt, .md files or folders")
    p.add_argument("--quiet", "-q", action="store_true", help="print no progress bar")
    add_limit_options(p)
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("list", help="list a project's documents",
                            description="List the documents of PROJECT: id, date, site and title.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("--json", action="store_true", help="print a JSON array of document objects")
    p.set_defaults(run=cmd_list)

    p = commands.add_parser("show", help="show one document's metadata and reading text",
                            description="Show document DOC (a numeric id or a UUID prefix) of PROJECT.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("doc", metavar="DOC")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(run=cmd_show)

    p = commands.add_parser("search", help="search a project's documents, best matches first",
                            description="Find the documents of PROJECT whose title or text hold "
                            "every word of QUERY (each word also as the start of a longer one), "
                            "best first: rank, id, title and a snippet with the words in [brackets].")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("query", metavar="QUERY", nargs="+", help="one or more words")
    p.add_argument("--limit", metavar="N", type=_count, default=core.SEARCH_LIMIT,
                   help=f"print at most N hits (default {core.SEARCH_LIMIT})")
    p.add_argument("--json", action="store_true", help="print a JSON array of hit objects")
    p.set_defaults(run=cmd_search)

    p = commands.add_parser("extract", help="print the reading text of files, without a project",
                            description="Run the import pipeline on files and print the article "
                            "body (without its title line). With --out-dir, write DIR/<stem>.txt "
                            "(or .json) for each file, numbered <stem>-2.txt, ... when inputs share "
                            "a stem, and print each file written.")
    p.add_argument("files", metavar="FILE", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="JSON objects with metadata and text")
    p.add_argument("--out-dir", metavar="DIR", type=Path, help="write one file per input here")
    p.add_argument("--force", action="store_true",
                   help="--out-dir: replace existing files (never an input or an SQLite file)")
    add_limit_options(p)
    p.set_defaults(run=cmd_extract, parser=p)

    p = commands.add_parser("check", help="check a project file's integrity and schema",
                            description="Check PROJECT; exit 1 with the problems when it is "
                            "damaged or not a ClaimMark project.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.set_defaults(run=cmd_check)

    p = commands.add_parser("recover", help="roll back a write that was interrupted elsewhere",
                            description="A '-journal' file beside PROJECT holds a write that was "
                            "interrupted. ClaimMark rolls back its own crashes by itself, but refuses "
                            "a file that arrived with one. If PROJECT is yours (a crash on another "
                            "computer), this rolls the write back after checking the result on a "
                            "private copy, then checks the project.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.set_defaults(run=cmd_recover)


def cmd_import(args: argparse.Namespace) -> int:
    show_bar = not args.quiet and sys.stderr.isatty()
    created = not args.project.exists()

    def report(outcome: ImportOutcome) -> None:
        """Each file's line as soon as it is known: an id printed is a document stored."""
        if show_bar:
            output.clear_progress()  # the next file redraws it
        for warning in outcome.warnings:
            output.problem(f"{outcome.path}: warning: {warning}")
        if outcome.status == "imported":
            output.write(outcome.document_id, outcome.title, flush=True)
        elif outcome.status == "duplicate":
            output.problem(f"{outcome.path}: {outcome.message}, not imported again")
        else:
            output.problem(f"{outcome.path}: {outcome.message}")

    with limits_from(args), Project.open(args.project, create=True) as project:
        outcomes = import_paths(project, args.paths, progress=_progress_bar if show_bar else None,
                                reported=report)
    if created and not any(o.status == "imported" for o in outcomes):
        args.project.unlink()  # nothing came in: leave no empty project behind
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _progress_bar(done: int, total: int, path: Path) -> None:
    if total < 2:
        return
    width = 30
    filled = width * done // total
    name = display(path.name)[:40]
    output.progress(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}", last=done == total)


def cmd_list(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        docs = project.documents()
    if args.json:
        output.write_json([_document_json(d) for d in docs])
        return 0
    for doc in docs:
        published = f"{display(doc.published or '-'):<10}"
        output.write(doc.id, published, doc.site_name or "-", doc.title)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        doc = project.document(args.doc)
    if args.json:
        output.write_json(_document_json(doc))
        return 0
    for key in ("id", "uuid", *JSON_FIELDS, "imported_at", "source_name", "source_format"):
        if getattr(doc, key) not in ("", None):
            output.write(f"{key}: {getattr(doc, key)}")
    output.write()
    _write_text(doc.text)
    return 0


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {text!r}")
    return int(text)


def cmd_search(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        hits = core.search_documents(project, " ".join(args.query), limit=args.limit)
    if args.json:
        output.write_json([{"rank": h.rank, "id": h.document_id, "title": h.title, "snippet": h.snippet,
                            "marks": [list(m) for m in h.marks], "score": h.score} for h in hits])
        return 0
    for hit in hits:
        output.write(hit.rank, hit.document_id, hit.title, hit.marked())
    return 0


def _document_json(doc: DocumentInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"id": doc.id, "uuid": doc.uuid}
    out.update({key: getattr(doc, key) or "" for key in JSON_FIELDS})
    out.update(imported_at=doc.imported_at, source_name=doc.source_name,
               source_format=doc.source_format, content_hash=doc.content_hash)
    if isinstance(doc, Document):
        out["text"] = doc.text
    return out


def extracted_json(extracted: Extracted) -> dict[str, Any]:
    out: dict[str, Any] = {key: extracted.metadata.get(key, "") for key in JSON_FIELDS}
    out.update(source_name=extracted.source_name, source_format=extracted.source_format,
               content_hash=extracted.content_hash, text=extracted.document.body_text)
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    if args.force and not args.out_dir:
        args.parser.error("--force applies to --out-dir only")
    targets = _out_names(args) if args.out_dir else []
    inputs = {path: "an input of this command" for path in args.files}
    failed = 0
    results = []
    with limits_from(args):
        from claimmark.core import extract_file  # the one command that names the pipeline

        jobs = [core.Job(extract_file, (path,), path) for path in args.files]
        for index, done in enumerate(core.worker_pool().run(jobs)):
            if done.failed:
                failed += 1
                if done.details:
                    log.debug("extraction of %s failed:\n%s", done.job.path, done.details)
                output.problem(f"{done.path or done.job.path}: {done.message}")
                continue
            extracted = done.extracted
            if args.out_dir:
                body = to_json(extracted_json(extracted)) if args.json else extracted.document.body_text
                data = (body + "\n").encode("utf-8")
                try:
                    write_bytes(targets[index], data, replace=args.force, protected=inputs)
                except ClaimMarkError as exc:
                    failed += 1
                    output.write_error(exc)
                    continue
                output.write(targets[index])
            elif args.json:
                results.append(extracted_json(extracted))
            else:
                _write_text(extracted.document.body_text)
    if results:
        payload: Any = results[0] if len(args.files) == 1 else results
        output.write_json(payload)
    return 1 if failed else 0


def _write_text(text: str) -> None:
    """Reading text: its lines and tab-separated cells (a table's row) kept, each escaped."""
    for line in text.split("\n"):
        output.write(*line.split("\t"))


def _out_names(args: argparse.Namespace) -> list[Path]:
    """DIR/<stem>.txt (or .json) per input, made first (an error if it cannot be); inputs
    that share a stem get numbered names, and stderr says so."""
    folder = make_folder(args.out_dir)
    suffix = ".json" if args.json else ".txt"
    wanted = [path.stem + suffix for path in args.files]
    names = numbered_names(wanted)
    for path, want, name in zip(args.files, wanted, names, strict=True):
        if name != want:
            output.problem(f"{path}: another input also makes {want}; writing {name} instead")
    return [folder / name for name in names]


def cmd_recover(args: argparse.Namespace) -> int:
    if not args.project.exists():
        raise ClaimMarkError("no such project file", args.project)
    if recover(args.project):
        output.write(f"{args.project}: the interrupted write was rolled back")
    else:
        output.write(f"{args.project}: nothing to recover (no '-journal' file beside it)")
    return cmd_check(args)


def cmd_check(args: argparse.Namespace) -> int:
    with Project.open(args.project, read_only=True) as project:
        problems = project.check()
        count = project.count_documents()
    if problems:
        for problem in problems:
            output.problem(f"{args.project}: {problem}")
        return 1
    output.write(f"{args.project}: ok ({count} documents)")
    return 0
