"""Commands on annotations: tag, annotations, edit, untag, restore, tags, reimport, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from claimmark import core
from claimmark.cli import output
from claimmark.cli.documents import add_limit_options, limits_from
from claimmark.core import (
    EXPORT_FORMATS,
    Project,
    check_stream,
    collect_for_export,
    export_annotations,
    export_to_file,
    make_folder,
    reimport,
    to_markdown_files,
    write_bytes,
)
from claimmark.core.model.errors import AmbiguousText, ClaimMarkError


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("occurrences count from 1")
    return number


def _status(value: str) -> str:
    """A claim status, also written with hyphens or underscores (mostly-true)."""
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


def _field_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    p.add_argument("--kind", choices=core.KINDS, required=not editing, help="claim, quote or citation")
    p.add_argument("--exact", metavar="TEXT", required=not editing,
                   help="the text to tag, exactly as in the document"
                   + (" (moves the annotation)" if editing else ""))
    p.add_argument("--occurrence", metavar="N", type=_positive,
                   help="which occurrence of TEXT, counting from 1, when it occurs more than once")
    p.add_argument("--note", metavar="TEXT", help="a note (plain text or Markdown)")
    p.add_argument("--tag", metavar="T", action="append", dest="tags",
                   help="a free tag (repeat for several)" + ("; replaces the tags" if editing else ""))
    p.add_argument("--claimant", metavar="NAME", help="claims: who makes the claim")
    p.add_argument("--status", choices=core.STATUSES, metavar="S", type=_status,
                   help="claims: " + ", ".join(core.STATUSES) + " (default unverified)")
    p.add_argument("--speaker", metavar="NAME", help="quotes: who speaks")
    p.add_argument("--source", metavar="TITLE", dest="source_title", help="citations: the source's title")
    p.add_argument("--source-url", metavar="URL", help="citations: the source's http(s) address or DOI")
    p.add_argument("--author", metavar="NAME",
                   help="who tags (default: $CLAIMMARK_AUTHOR, the preferences, the login name)"
                   if not editing else "correct the author's name")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", metavar="DOC", help="only this document (id or UUID prefix)")
    p.add_argument("--kind", choices=core.KINDS, help="only this kind")
    p.add_argument("--tag", metavar="T", help="only annotations with this tag")
    p.add_argument("--author", metavar="A", help="only this author (name or author id)")


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("tag", help="tag a passage of a document as a claim, quote or citation",
                            description="Annotate TEXT in document DOC of PROJECT and print the new "
                            "annotation's id. TEXT must occur in the document's reading text; when it "
                            "occurs more than once, --occurrence says which.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("doc", metavar="DOC")
    _field_options(p, editing=False)
    p.set_defaults(run=cmd_tag, parser=p)

    p = commands.add_parser("annotations", help="list annotations",
                            description="List the annotations of PROJECT in reading order: id, "
                            "document, kind, anchor status, who, and the start of the text.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    _filters(p)
    p.add_argument("--deleted", action="store_true", help="include deleted annotations (tombstones)")
    p.add_argument("--orphaned", action="store_true", help="only annotations whose text is gone")
    p.add_argument("--json", action="store_true", help="print a JSON array of annotation objects")
    p.set_defaults(run=cmd_annotations, parser=p)

    p = commands.add_parser("edit", help="change an annotation",
                            description="Change annotation ANN (id or UUID prefix) of PROJECT. Only "
                            "the options given change; changing the kind keeps the old kind's fields, "
                            "hidden.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("annotation", metavar="ANN")
    _field_options(p, editing=True)
    p.add_argument("--add-tag", metavar="T", action="append", default=[], help="add a tag")
    p.add_argument("--remove-tag", metavar="T", action="append", default=[], help="remove a tag")
    p.set_defaults(run=cmd_edit, parser=p)

    p = commands.add_parser("untag", help="delete an annotation (it can be restored)",
                            description="Delete annotation ANN of PROJECT, leaving a tombstone.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("annotation", metavar="ANN")
    p.set_defaults(run=cmd_untag, parser=p)

    p = commands.add_parser("restore", help="restore a deleted annotation",
                            description="Bring deleted annotation ANN of PROJECT back.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("annotation", metavar="ANN")
    p.set_defaults(run=cmd_restore, parser=p)

    p = commands.add_parser("tags", help="list, rename or merge tags",
                            description="List the tags of PROJECT with their counts, or rename or "
                            "merge tags across all annotations.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a tag")
    group.add_argument("--merge", nargs=2, metavar=("SOURCE", "TARGET"),
                       help="retag SOURCE's annotations with TARGET and drop SOURCE")
    p.set_defaults(run=cmd_tags, parser=p)

    p = commands.add_parser("reimport", help="re-extract a document and re-anchor its annotations",
                            description="Run the current extractor on the stored original of DOC "
                            "and re-attach every annotation to the new text (exact, moved, fuzzy or "
                            "orphaned), in one transaction.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("doc", metavar="DOC")
    add_limit_options(p)
    p.set_defaults(run=cmd_reimport, parser=p)

    p = commands.add_parser("export", help="export annotations as CSV, Markdown or JSON-LD",
                            description="Export the annotations of PROJECT to standard output or "
                            "FILE. CSV cells that a spreadsheet would run as formulas are neutralised "
                            "unless --raw. See docs/exports.md.")
    p.add_argument("project", metavar="PROJECT", type=Path)
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="csv, md (Markdown) or json (JSON-LD)")
    _filters(p)
    p.add_argument("-o", "--output", metavar="FILE", type=Path,
                   help="write to FILE instead of standard output")
    p.add_argument("--excel", action="store_true", help="csv: start with a UTF-8 byte-order mark for Excel")
    p.add_argument("--raw", action="store_true", help="csv: do not neutralise formula-like cells")
    p.add_argument("--group-by", choices=("kind", "reading"), default=None,
                   help="md: group each document's annotations by kind (default: reading order)")
    p.add_argument("--split", metavar="DIR", type=Path, help="md: write one file per document into DIR")
    p.add_argument("--force", action="store_true",
                   help="replace existing files (never a project or other SQLite file)")
    p.set_defaults(run=cmd_export, parser=p)


# -- tag, edit, untag, restore -------------------------------------------------------
def _kind_fields(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in core.FIELD_NAMES if getattr(args, name) is not None}


def cmd_tag(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        doc_id = project.resolve_document(args.doc)
        try:
            created = core.add_annotation_text(
                project, doc_id, args.kind, args.exact, args.occurrence, note=args.note or "",
                tags=args.tags or (), author=args.author, **_kind_fields(args),
            )
        except AmbiguousText as exc:
            raise AmbiguousText(f"{exc.message} with --occurrence N") from None
    output.write(created.id)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    if args.occurrence is not None and args.exact is None:
        args.parser.error("--occurrence needs --exact")
    if args.tags is not None and (args.add_tag or args.remove_tag):
        args.parser.error("--tag replaces the tags; use it without --add-tag and --remove-tag")
    with Project.open(args.project) as project:
        current = core.get_annotation(project, args.annotation)
        fields: dict[str, Any] = _kind_fields(args)
        for name in ("kind", "note", "author"):
            if getattr(args, name) is not None:
                fields[name] = getattr(args, name)
        if args.tags is not None:
            fields["tags"] = args.tags
        elif args.add_tag or args.remove_tag:
            removed = {t.strip().casefold() for t in args.remove_tag}
            fields["tags"] = [t for t in current.tags if t.casefold() not in removed] + args.add_tag
        if args.exact is not None:
            text = project.document(current.document_id).text
            fields["start"], fields["end"] = core.find_exact(text, args.exact, args.occurrence)
        if not fields:
            args.parser.error("nothing to change: give at least one option")
        changed = core.update_annotation(project, current.id, **fields)
    output.write(changed.id)
    return 0


def cmd_untag(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        deleted = core.delete_annotation(project, args.annotation)
    output.write(deleted.id)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        restored = core.restore_annotation(project, args.annotation)
    output.write(restored.id)
    return 0


# -- listing -----------------------------------------------------------------------
def _query(project: Project, args: argparse.Namespace, **extra: Any) -> list[core.Annotation]:
    doc_id = project.resolve_document(args.doc) if args.doc else None
    return core.query_annotations(project, document_id=doc_id, kind=args.kind, tag=args.tag,
                                  author=args.author, **extra)


def cmd_annotations(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        found = _query(project, args, include_deleted=args.deleted,
                       anchor_status="orphaned" if args.orphaned else None)
    if args.json:
        output.write_json([a.to_json() for a in found])
        return 0
    for item in found:
        shown = item.shown()
        who = shown.claimant or shown.speaker or shown.source_title or "-"
        exact = " ".join(item.exact.split())
        exact = exact if len(exact) <= 70 else exact[:69] + "…"
        state = item.anchor_status + (" deleted" if item.deleted else "")
        output.write(item.id, item.document_id, item.kind, state, who, exact)
    return 0


def cmd_tags(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project:
        if args.rename:
            core.rename_tag(project, *args.rename)
        elif args.merge:
            core.merge_tags(project, *args.merge)
        counts = core.tag_counts(project)
    if not (args.rename or args.merge):
        for name, count in counts:
            output.write(count, name)
    return 0


def cmd_reimport(args: argparse.Namespace) -> int:
    with limits_from(args), Project.open(args.project) as project:
        result = reimport(project, args.doc)
        orphans = [core.get_annotation(project, i) for i in result.orphaned]
    total = sum(result.statuses.values())
    counts = ", ".join(f"{result.statuses.get(s, 0)} {s}" for s in core.ANCHOR_STATUSES)
    change = "the text changed" if result.text_changed else "the text is unchanged"
    output.write(f"document {result.document_id}: {change}; {total} annotation{'s' if total != 1 else ''}: "
                 f"{counts}")
    for item in orphans:
        output.problem(f"annotation {item.id} is orphaned: {core.shorten(item.exact)!r} is no longer "
                       "in the document (kept; see 'claimmark annotations --orphaned')")
    for other in result.same_text_as:
        output.problem(f"document {result.document_id} now has the same text as document {other}; "
                       "both are kept (merge them by hand if they are one article)")
    return 0


# -- export ------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    if args.format != "csv" and (args.excel or args.raw):
        args.parser.error("--excel and --raw apply to --format csv only")
    if args.format != "md" and (args.group_by or args.split):
        args.parser.error("--group-by and --split apply to --format md only")
    if args.split and args.output:
        args.parser.error("give either --split DIR or -o FILE, not both")
    if args.force and not (args.split or args.output):
        args.parser.error("--force applies to -o FILE and --split DIR only")
    options: dict[str, Any] = {}
    if args.format == "csv":
        options = {"excel": args.excel, "raw": args.raw}
    elif args.format == "md":
        options = {"group_by": args.group_by}
    with Project.open(args.project) as project:
        doc_id = project.resolve_document(args.doc) if args.doc else None
        chosen = {"document_id": doc_id, "kind": args.kind, "tag": args.tag, "author": args.author}
        if args.output is not None and not args.split:  # streamed to the file, however many
            export_to_file(project, args.format, args.output, replace=args.force,
                           protected={args.project: "the project being exported"}, **chosen, **options)
            return 0
        groups = collect_for_export(project, **chosen)
        if args.split:
            _write_split(args.split, to_markdown_files(groups, group_by=args.group_by), force=args.force,
                         project=args.project)
            return 0
        text = export_annotations(project, args.format, groups, **options)
    _write(text, project=args.project)
    return 0


def _write(text: str, *, project: Path) -> None:
    """An export to standard output."""
    protected = {project: "the project being exported"}
    data = text.encode("utf-8")
    if sys.stdout.isatty():  # shown, not stored: nothing in it may drive the terminal
        output.write_data(text)
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    check_stream(buffer, protected)
    view = memoryview(data)
    while view:  # a write into a pipe can take part of the data and say so (not raise)
        view = view[buffer.write(view):]
    buffer.flush()


def _write_split(folder: Path, files: list[tuple[str, str]], *, force: bool, project: Path) -> None:
    make_folder(folder)
    for name, text in files:
        target = folder / name
        if target.parent != folder or name in ("", ".", ".."):  # safe_filename makes one component
            raise ClaimMarkError("refusing an unsafe file name", target)
        write_bytes(target, text.encode("utf-8"), replace=force,
                    protected={project: "the project being exported"})
        output.write(target)
