"""ClaimMark's core, and its facade: the names the window and the command line use.

Nothing under this package imports Qt; the CLI and the GUI are thin faces on it, and they
import from here (and the model's types from ``claimmark.core.model``), never from the
rooms below: ``store`` (the project file and all SQL), ``extract`` (a page in, a reading
document out), ``annotate``, ``share`` and ``export``. docs/architecture.md is the map.

Every name loads on first use (PEP 562), so ``import claimmark.core`` costs nothing and
the extraction libraries (lxml, readability, trafilatura) load when the first page is read,
not when a project is opened. Type checkers see the imports below as written.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimmark.core.annotate.author_names import rename as rename_author
    from claimmark.core.annotate.authors import ENV_AUTHOR as ENV_AUTHOR
    from claimmark.core.annotate.authors import author_id as author_id
    from claimmark.core.annotate.authors import login_name as login_name
    from claimmark.core.annotate.editing import add as add_annotation
    from claimmark.core.annotate.editing import add_many as add_annotations
    from claimmark.core.annotate.editing import add_text as add_annotation_text
    from claimmark.core.annotate.editing import delete as delete_annotation
    from claimmark.core.annotate.editing import restore as restore_annotation
    from claimmark.core.annotate.editing import update as update_annotation
    from claimmark.core.annotate.passages import find_exact as find_exact
    from claimmark.core.annotate.passages import shorten as shorten
    from claimmark.core.annotate.reimport import reimport as reimport
    from claimmark.core.annotate.tagging import merge_tags as merge_tags
    from claimmark.core.annotate.tagging import rename_tag as rename_tag
    from claimmark.core.export import FORMATS as EXPORT_FORMATS
    from claimmark.core.export import collect as collect_for_export
    from claimmark.core.export import export as export_annotations
    from claimmark.core.export import write_file as export_to_file
    from claimmark.core.export.filenames import numbered_names as numbered_names
    from claimmark.core.export.groups import DocumentAnnotations as DocumentAnnotations
    from claimmark.core.export.markdown import to_markdown_files as to_markdown_files
    from claimmark.core.extract.pipeline import extract_file as extract_file
    from claimmark.core.extract.workers import Batch as Batch
    from claimmark.core.extract.workers import Done as Done
    from claimmark.core.extract.workers import Job as Job
    from claimmark.core.extract.workers import close as close_workers
    from claimmark.core.extract.workers import pool as worker_pool
    from claimmark.core.importing import ImportOutcome as ImportOutcome
    from claimmark.core.importing import ImportRun as ImportRun
    from claimmark.core.importing import import_paths as import_paths
    from claimmark.core.importing import store_extracted as store_extracted
    from claimmark.core.model.document import ReadingDocument as ReadingDocument
    from claimmark.core.model.errors import AlreadyDeleted as AlreadyDeleted
    from claimmark.core.model.errors import AmbiguousText as AmbiguousText
    from claimmark.core.model.errors import ClaimMarkError as ClaimMarkError
    from claimmark.core.model.errors import ConflictError as ConflictError
    from claimmark.core.model.errors import CopyFailed as CopyFailed
    from claimmark.core.model.errors import ImportFailed as ImportFailed
    from claimmark.core.model.errors import InvalidAnnotation as InvalidAnnotation
    from claimmark.core.model.errors import MergeIntoItself as MergeIntoItself
    from claimmark.core.model.errors import NoSuchProject as NoSuchProject
    from claimmark.core.model.errors import NotAProject as NotAProject
    from claimmark.core.model.errors import NotDeleted as NotDeleted
    from claimmark.core.model.errors import NotFound as NotFound
    from claimmark.core.model.errors import ProjectCopiedWhileOpen as ProjectCopiedWhileOpen
    from claimmark.core.model.errors import ProjectDamaged as ProjectDamaged
    from claimmark.core.model.errors import ProjectDiskError as ProjectDiskError
    from claimmark.core.model.errors import ProjectDiskFull as ProjectDiskFull
    from claimmark.core.model.errors import ProjectError as ProjectError
    from claimmark.core.model.errors import ProjectInWalMode as ProjectInWalMode
    from claimmark.core.model.errors import ProjectLocked as ProjectLocked
    from claimmark.core.model.errors import ProjectNotCreated as ProjectNotCreated
    from claimmark.core.model.errors import ProjectReadOnly as ProjectReadOnly
    from claimmark.core.model.errors import ProjectTooNew as ProjectTooNew
    from claimmark.core.model.errors import ProjectUnreadable as ProjectUnreadable
    from claimmark.core.model.errors import StateError as StateError
    from claimmark.core.model.errors import TagError as TagError
    from claimmark.core.model.errors import TemporaryFolderUnusable as TemporaryFolderUnusable
    from claimmark.core.model.errors import TextNotFound as TextNotFound
    from claimmark.core.model.extracted import Extracted as Extracted
    from claimmark.core.model.filters import DocumentFilter as DocumentFilter
    from claimmark.core.model.limits import LIMITS as LIMITS
    from claimmark.core.model.limits import Limits as Limits
    from claimmark.core.model.printable import json_printable as json_printable
    from claimmark.core.model.printable import printable as printable
    from claimmark.core.model.records import ANCHOR_STATUSES as ANCHOR_STATUSES
    from claimmark.core.model.records import EMPTY_FIELDS as EMPTY_FIELDS
    from claimmark.core.model.records import FIELD_NAMES as FIELD_NAMES
    from claimmark.core.model.records import KIND_FIELDS as KIND_FIELDS
    from claimmark.core.model.records import KINDS as KINDS
    from claimmark.core.model.records import STATUSES as STATUSES
    from claimmark.core.model.records import AnchorStatus as AnchorStatus
    from claimmark.core.model.records import Annotation as Annotation
    from claimmark.core.model.records import ClaimStatus as ClaimStatus
    from claimmark.core.model.records import Document as Document
    from claimmark.core.model.records import DocumentInfo as DocumentInfo
    from claimmark.core.model.records import Kind as Kind
    from claimmark.core.model.records import NewAnnotation as NewAnnotation
    from claimmark.core.share.conflicts import SIDES as CONFLICT_SIDES
    from claimmark.core.share.conflicts import ConflictRecord as ConflictRecord
    from claimmark.core.share.conflicts import Resolution as Resolution
    from claimmark.core.share.conflicts import resolve as resolve_conflict
    from claimmark.core.share.conflicts import review as review_conflicts
    from claimmark.core.share.conflicts import undo as undo_resolution
    from claimmark.core.share.merge import merge as merge
    from claimmark.core.store.annotation_rows import RowFilter as RowFilter
    from claimmark.core.store.annotation_rows import RowOrder as RowOrder
    from claimmark.core.store.annotation_rows import row_authors as annotation_row_authors
    from claimmark.core.store.annotation_rows import row_count as annotation_row_count
    from claimmark.core.store.annotation_rows import row_order as annotation_row_order
    from claimmark.core.store.annotation_rows import row_page as annotation_row_page
    from claimmark.core.store.annotation_rows import tags_in_use as tags_in_use
    from claimmark.core.store.annotations import get as get_annotation
    from claimmark.core.store.annotations import query as query_annotations
    from claimmark.core.store.authors import names_in_use as author_names_in_use
    from claimmark.core.store.bulk import AddResult as AddResult
    from claimmark.core.store.library import annotation_author_ids as annotation_author_ids
    from claimmark.core.store.library import data_version as data_version
    from claimmark.core.store.library import document_header as document_header
    from claimmark.core.store.library import document_rows as document_rows
    from claimmark.core.store.library import document_titles as document_titles
    from claimmark.core.store.library import kind_totals as kind_totals
    from claimmark.core.store.library import latest_author_names as latest_author_names
    from claimmark.core.store.library import matching_documents as matching_documents
    from claimmark.core.store.preferences import author_name as author_name
    from claimmark.core.store.preferences import set_author_name as set_author_name
    from claimmark.core.store.project import Project as Project
    from claimmark.core.store.project import recover as recover
    from claimmark.core.store.schema import format_version as format_version
    from claimmark.core.store.search import DEFAULT_LIMIT as SEARCH_LIMIT
    from claimmark.core.store.search import search_documents as search_documents
    from claimmark.core.store.sqlite_errors import database_problem as database_problem
    from claimmark.core.store.tags import all_tags as all_tags
    from claimmark.core.store.tags import tag_counts as tag_counts
    from claimmark.core.store.writer import AlreadyExists as AlreadyExists
    from claimmark.core.store.writer import WriteRefused as WriteRefused
    from claimmark.core.store.writer import check_stream as check_stream
    from claimmark.core.store.writer import make_folder as make_folder
    from claimmark.core.store.writer import write_bytes as write_bytes

_NAMES: dict[str, tuple[str, str]] = {
    "DocumentFilter": ("model.filters", "DocumentFilter"),
    "matching_documents": ("store.library", "matching_documents"),
    "document_rows": ("store.library", "document_rows"),
    "document_header": ("store.library", "document_header"),
    "document_titles": ("store.library", "document_titles"),
    "annotation_author_ids": ("store.library", "annotation_author_ids"),
    "kind_totals": ("store.library", "kind_totals"),
    "latest_author_names": ("store.library", "latest_author_names"),
    "data_version": ("store.library", "data_version"),
    "search_documents": ("store.search", "search_documents"),
    "SEARCH_LIMIT": ("store.search", "DEFAULT_LIMIT"),
    "Project": ("store.project", "Project"),
    "AddResult": ("store.bulk", "AddResult"),
    "recover": ("store.project", "recover"),
    "format_version": ("store.schema", "format_version"),
    "AlreadyExists": ("store.writer", "AlreadyExists"),
    "WriteRefused": ("store.writer", "WriteRefused"),
    "write_bytes": ("store.writer", "write_bytes"),
    "check_stream": ("store.writer", "check_stream"),
    "make_folder": ("store.writer", "make_folder"),
    "author_name": ("store.preferences", "author_name"),
    "set_author_name": ("store.preferences", "set_author_name"),
    "author_id": ("annotate.authors", "author_id"),
    "login_name": ("annotate.authors", "login_name"),
    "ENV_AUTHOR": ("annotate.authors", "ENV_AUTHOR"),
    "author_names_in_use": ("store.authors", "names_in_use"),
    "rename_author": ("annotate.author_names", "rename"),
    "Annotation": ("model.records", "Annotation"),
    "NewAnnotation": ("model.records", "NewAnnotation"),
    "KINDS": ("model.records", "KINDS"),
    "STATUSES": ("model.records", "STATUSES"),
    "ANCHOR_STATUSES": ("model.records", "ANCHOR_STATUSES"),
    "KIND_FIELDS": ("model.records", "KIND_FIELDS"),
    "EMPTY_FIELDS": ("model.records", "EMPTY_FIELDS"),
    "FIELD_NAMES": ("model.records", "FIELD_NAMES"),
    "Kind": ("model.records", "Kind"),
    "ClaimStatus": ("model.records", "ClaimStatus"),
    "AnchorStatus": ("model.records", "AnchorStatus"),
    "Document": ("model.records", "Document"),
    "DocumentInfo": ("model.records", "DocumentInfo"),
    "get_annotation": ("store.annotations", "get"),
    "RowFilter": ("store.annotation_rows", "RowFilter"),
    "RowOrder": ("store.annotation_rows", "RowOrder"),
    "annotation_row_count": ("store.annotation_rows", "row_count"),
    "annotation_row_order": ("store.annotation_rows", "row_order"),
    "annotation_row_page": ("store.annotation_rows", "row_page"),
    "annotation_row_authors": ("store.annotation_rows", "row_authors"),
    "tags_in_use": ("store.annotation_rows", "tags_in_use"),
    "query_annotations": ("store.annotations", "query"),
    "add_annotation": ("annotate.editing", "add"),
    "add_annotation_text": ("annotate.editing", "add_text"),
    "add_annotations": ("annotate.editing", "add_many"),
    "update_annotation": ("annotate.editing", "update"),
    "delete_annotation": ("annotate.editing", "delete"),
    "restore_annotation": ("annotate.editing", "restore"),
    "all_tags": ("store.tags", "all_tags"),
    "tag_counts": ("store.tags", "tag_counts"),
    "rename_tag": ("annotate.tagging", "rename_tag"),
    "merge_tags": ("annotate.tagging", "merge_tags"),
    "find_exact": ("annotate.passages", "find_exact"),
    "shorten": ("annotate.passages", "shorten"),
    "reimport": ("annotate.reimport", "reimport"),
    "ImportOutcome": ("importing", "ImportOutcome"),
    "ImportRun": ("importing", "ImportRun"),
    "import_paths": ("importing", "import_paths"),
    "store_extracted": ("importing", "store_extracted"),
    "extract_file": ("extract.pipeline", "extract_file"),
    "Job": ("extract.workers", "Job"),
    "Batch": ("extract.workers", "Batch"),
    "Done": ("extract.workers", "Done"),
    "worker_pool": ("extract.workers", "pool"),
    "close_workers": ("extract.workers", "close"),
    "merge": ("share.merge", "merge"),
    "ConflictRecord": ("share.conflicts", "ConflictRecord"),
    "Resolution": ("share.conflicts", "Resolution"),
    "CONFLICT_SIDES": ("share.conflicts", "SIDES"),
    "review_conflicts": ("share.conflicts", "review"),
    "resolve_conflict": ("share.conflicts", "resolve"),
    "undo_resolution": ("share.conflicts", "undo"),
    "EXPORT_FORMATS": ("export", "FORMATS"),
    "DocumentAnnotations": ("export.groups", "DocumentAnnotations"),
    "collect_for_export": ("export", "collect"),
    "export_annotations": ("export", "export"),
    "export_to_file": ("export", "write_file"),
    "to_markdown_files": ("export.markdown", "to_markdown_files"),
    "numbered_names": ("export.filenames", "numbered_names"),
    "ClaimMarkError": ("model.errors", "ClaimMarkError"),
    "ImportFailed": ("model.errors", "ImportFailed"),
    "ProjectError": ("model.errors", "ProjectError"),
    "NotFound": ("model.errors", "NotFound"),
    "InvalidAnnotation": ("model.errors", "InvalidAnnotation"),
    "TextNotFound": ("model.errors", "TextNotFound"),
    "AmbiguousText": ("model.errors", "AmbiguousText"),
    "TagError": ("model.errors", "TagError"),
    "ConflictError": ("model.errors", "ConflictError"),
    "AlreadyDeleted": ("model.errors", "AlreadyDeleted"),
    "CopyFailed": ("model.errors", "CopyFailed"),
    "MergeIntoItself": ("model.errors", "MergeIntoItself"),
    "NoSuchProject": ("model.errors", "NoSuchProject"),
    "NotAProject": ("model.errors", "NotAProject"),
    "NotDeleted": ("model.errors", "NotDeleted"),
    "ProjectCopiedWhileOpen": ("model.errors", "ProjectCopiedWhileOpen"),
    "ProjectDamaged": ("model.errors", "ProjectDamaged"),
    "ProjectDiskError": ("model.errors", "ProjectDiskError"),
    "ProjectDiskFull": ("model.errors", "ProjectDiskFull"),
    "ProjectInWalMode": ("model.errors", "ProjectInWalMode"),
    "ProjectLocked": ("model.errors", "ProjectLocked"),
    "ProjectNotCreated": ("model.errors", "ProjectNotCreated"),
    "ProjectReadOnly": ("model.errors", "ProjectReadOnly"),
    "ProjectTooNew": ("model.errors", "ProjectTooNew"),
    "ProjectUnreadable": ("model.errors", "ProjectUnreadable"),
    "StateError": ("model.errors", "StateError"),
    "TemporaryFolderUnusable": ("model.errors", "TemporaryFolderUnusable"),
    "database_problem": ("store.sqlite_errors", "database_problem"),
    "printable": ("model.printable", "printable"),
    "json_printable": ("model.printable", "json_printable"),
    "LIMITS": ("model.limits", "LIMITS"),
    "Limits": ("model.limits", "Limits"),
    "ReadingDocument": ("model.document", "ReadingDocument"),
    "Extracted": ("model.extracted", "Extracted"),
}

__all__ = [
    "ANCHOR_STATUSES",
    "CONFLICT_SIDES",
    "EMPTY_FIELDS",
    "ENV_AUTHOR",
    "EXPORT_FORMATS",
    "FIELD_NAMES",
    "KINDS",
    "KIND_FIELDS",
    "LIMITS",
    "SEARCH_LIMIT",
    "STATUSES",
    "AddResult",
    "AlreadyDeleted",
    "AlreadyExists",
    "AmbiguousText",
    "AnchorStatus",
    "Annotation",
    "Batch",
    "ClaimMarkError",
    "ClaimStatus",
    "ConflictError",
    "ConflictRecord",
    "CopyFailed",
    "Document",
    "DocumentAnnotations",
    "DocumentFilter",
    "DocumentInfo",
    "Done",
    "Extracted",
    "ImportFailed",
    "ImportOutcome",
    "ImportRun",
    "InvalidAnnotation",
    "Job",
    "Kind",
    "Limits",
    "MergeIntoItself",
    "NewAnnotation",
    "NoSuchProject",
    "NotAProject",
    "NotDeleted",
    "NotFound",
    "Project",
    "ProjectCopiedWhileOpen",
    "ProjectDamaged",
    "ProjectDiskError",
    "ProjectDiskFull",
    "ProjectError",
    "ProjectInWalMode",
    "ProjectLocked",
    "ProjectNotCreated",
    "ProjectReadOnly",
    "ProjectTooNew",
    "ProjectUnreadable",
    "ReadingDocument",
    "Resolution",
    "RowFilter",
    "RowOrder",
    "StateError",
    "TagError",
    "TemporaryFolderUnusable",
    "TextNotFound",
    "WriteRefused",
    "add_annotation",
    "add_annotation_text",
    "add_annotations",
    "all_tags",
    "annotation_author_ids",
    "annotation_row_authors",
    "annotation_row_count",
    "annotation_row_order",
    "annotation_row_page",
    "author_id",
    "author_name",
    "author_names_in_use",
    "check_stream",
    "close_workers",
    "collect_for_export",
    "data_version",
    "database_problem",
    "delete_annotation",
    "document_header",
    "document_rows",
    "document_titles",
    "export_annotations",
    "export_to_file",
    "extract_file",
    "find_exact",
    "format_version",
    "get_annotation",
    "import_paths",
    "json_printable",
    "kind_totals",
    "latest_author_names",
    "login_name",
    "make_folder",
    "matching_documents",
    "merge",
    "merge_tags",
    "numbered_names",
    "printable",
    "query_annotations",
    "recover",
    "reimport",
    "rename_author",
    "rename_tag",
    "resolve_conflict",
    "restore_annotation",
    "review_conflicts",
    "search_documents",
    "set_author_name",
    "shorten",
    "store_extracted",
    "tag_counts",
    "tags_in_use",
    "to_markdown_files",
    "undo_resolution",
    "update_annotation",
    "worker_pool",
    "write_bytes",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _NAMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES))
