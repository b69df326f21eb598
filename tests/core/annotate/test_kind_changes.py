"""A change of kind never loses a field (issue #15, point 2): the fields the new kind
does not show are kept, hidden, and come back with their kind, in the database, in
merges and in undo; exports, listings and the search show only the kind's own."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

from claimmark.core.annotate import editing as edits
from claimmark.core.export import collect, export
from claimmark.core.model import records
from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store import tags as store_tags
from claimmark.core.store import versions
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus

EXACT = "Patriot Act"


def claim(project: Project) -> records.Annotation:
    return edits.add_text(project, 1, "claim", EXACT, claimant="Wang Wenbin", status="false", note="n")


def version(project: Project, ann_id: int) -> str:
    row = next(project.db.query("SELECT * FROM annotations WHERE id = ?", [ann_id]))
    return versions.version_hash(row, store_tags.tags_of(project, ann_id))


def test_a_kind_round_trip_keeps_every_field_and_the_version(project_path: Path, corpus: Path) -> None:
    with import_corpus(project_path, corpus) as project:
        made = claim(project)
        before = version(project, made.id)
        citation = edits.update(project, made.id, kind="citation")
        assert (citation.claimant, citation.status) == ("Wang Wenbin", "false")  # stored, hidden
        edits.update(project, made.id, source_title="Reuters")
        edits.update(project, made.id, kind="quote", speaker="a spokesman")
        back = edits.update(project, made.id, kind="claim")
        assert (back.claimant, back.status, back.note) == ("Wang Wenbin", "false", "n")
        assert (back.source_title, back.speaker) == ("Reuters", "a spokesman")  # hidden now
        edits.update(project, made.id, source_title="", speaker="")
        assert version(project, made.id) == before  # the same content as before the changes
        assert project.check() == []


def test_exports_listings_and_search_show_only_the_kinds_own_fields(
    project_path: Path, corpus: Path
) -> None:
    with import_corpus(project_path, corpus) as project:
        made = claim(project)
        edits.update(project, made.id, kind="citation", source_title="Reuters")
        groups = collect(project)
        rows = list(csv.DictReader(io.StringIO(export(project, "csv", groups))))
        assert (rows[0]["kind"], rows[0]["source_title"]) == ("citation", "Reuters")
        assert (rows[0]["claimant"], rows[0]["status"]) == ("", "")
        for fmt, status in (("md", "status:"), ("json", "cm:status")):
            text = export(project, fmt, groups)
            assert "Reuters" in text and "Wang Wenbin" not in text and status not in text, fmt
        listed = ann.get(project, made.id).to_json()
        assert (listed["claimant"], listed["status"], listed["source_title"]) == ("", "unverified", "Reuters")
        assert ann.search(project, "Wenbin") == [] and ann.search(project, "Reuters") == [made.id]
        edits.update(project, made.id, kind="claim")
        rows = list(csv.DictReader(io.StringIO(export(project, "csv", collect(project)))))
        assert (rows[0]["claimant"], rows[0]["status"], rows[0]["source_title"]) == ("Wang Wenbin", "false", "")
        assert ann.search(project, "Wenbin") == [made.id] and ann.search(project, "Reuters") == []
        assert json.loads(json.dumps(ann.get(project, made.id).to_json()))["claimant"] == "Wang Wenbin"


def test_merges_carry_the_hidden_fields_and_a_round_trip_is_no_change(tmp_path: Path, corpus: Path) -> None:
    base = tmp_path / "base.claimmark"
    with import_corpus(base, corpus) as project:
        made = claim(project)
    alice, bob = tmp_path / "alice.claimmark", tmp_path / "bob.claimmark"
    shutil.copyfile(base, alice)
    shutil.copyfile(base, bob)
    with Project.open(alice) as project:  # a stray r then c: there and back
        edits.update(project, made.uuid, kind="citation")
        time.sleep(0.005)
        edits.update(project, made.uuid, kind="claim")
    with Project.open(bob) as project:
        report = merge(project, alice)
        assert report.conflicts == [] and not report.changed
    with Project.open(alice) as project:
        report = merge(project, bob)
        assert report.conflicts == [] and not report.changed
        time.sleep(0.005)
        edits.update(project, made.uuid, kind="quote", speaker="a spokesman")
    with Project.open(bob) as project:  # the change of kind comes in with the hidden fields
        report = merge(project, alice)
        assert report.conflicts == [] and report.annotations_updated == 1
        quote = ann.get(project, made.uuid)
        assert (quote.kind, quote.speaker, quote.claimant, quote.status) == (
            "quote", "a spokesman", "Wang Wenbin", "false"
        )
        time.sleep(0.005)
        back = edits.update(project, made.uuid, kind="claim")
        assert (back.claimant, back.status) == ("Wang Wenbin", "false")
    with Project.open(alice) as project:
        report = merge(project, bob)
        assert report.conflicts == [] and report.annotations_updated == 1
        assert ann.get(project, made.uuid).kind == "claim"
