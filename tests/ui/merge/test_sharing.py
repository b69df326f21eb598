"""Sharing in the app: File ▸ Merge Project (preview, merge, report with conflicts side
by side), attribution (author filters, colour by author) and two windows on one file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from claimmark.core.annotate import editing as edits
from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store import project as project_module
from claimmark.core.store.project import Project
from claimmark.ui import authorship, config
from claimmark.ui import theme as themes
from claimmark.ui.merge import ConflictsDialog, MergeReportDialog
from tests.core.share.test_merge import EXAMPLES, pair, snapshot  # noqa: F401  (pair: Alice's and Bob's copies)
from tests.ui.colours import lab
from tests.ui.conftest import open_window


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_merge(qtbot, window, other: Path) -> MergeReportDialog:
    """File ▸ Merge Project on `other`; the preview dialog once the dry run is done."""
    window.merge_project(other)
    with qtbot.waitSignal(window.merge_flow.reportShown, timeout=20000) as shown:
        pass
    return shown.args[0]


def confirm(qtbot, window, preview: MergeReportDialog) -> MergeReportDialog:
    flow = window.merge_flow
    with qtbot.waitSignal(flow.reportShown, timeout=20000) as shown:
        preview.merge_button.click()
    return shown.args[0]


@pytest.fixture
def alice_copy(pair: dict[str, object], tmp_path: Path) -> Path:  # noqa: F811
    """Alice's project, as she has it open (this test's installation is Alice's)."""
    target = tmp_path / "alice-open.claimmark"
    shutil.copyfile(Path(str(pair["alice"])), target)
    return target


def test_merge_preview_then_merge_report_and_refresh(qtbot, window, pair, alice_copy) -> None:  # noqa: F811
    bob = Path(str(pair["bob"]))
    assert window.open_project(alice_copy)
    assert window.acts.merge.isEnabled()
    before, bob_before = snapshot(alice_copy), digest(bob)
    assert [a.uuid for a in window.panel.all_items if a.uuid == pair["b1"]] == []

    preview = run_merge(qtbot, window, bob)
    assert preview.windowTitle() == "Merge preview — bob.claimmark"
    assert "would bring in" in preview.heading.text()
    counts = {key: label.text() for key, label in preview.counts.items()}
    assert counts == {
        "documents": "0 new, 1 already here (1 by UUID)",
        "annotations": "1 new, 1 updated, 0 deleted, 1 unchanged",
        "conflicts": "2 edited on both sides: the later edit wins, the other is kept for review",
        "orphans": "none",
        "skipped": "none",
    }
    assert not preview.skipped.isVisibleTo(preview)
    assert snapshot(alice_copy) == before  # the preview wrote nothing
    view = preview.conflicts
    assert view.isVisibleTo(preview) and view.list.count() == 2
    row = next(i for i, e in enumerate(view.entries) if e.uuid == pair["a1"])
    view.list.setCurrentRow(row)
    rows = view.shown_rows()
    assert rows["Note"] == ("Bob: the ministry said this on Monday", "Alice: check the transcript")
    assert rows["Passage"][0] == rows["Passage"][1] == EXAMPLES[0]["exact"]
    assert rows["Kind"] == ("● Claim", "● Claim")
    assert rows["Author"] == ("Alice", "Alice")  # Bob edited Alice's annotation: it stays hers
    assert rows["Edited"][0] > rows["Edited"][1]  # Bob's edit came later ...
    header = view.table.horizontalHeaderItem(0).text()
    assert header.startswith("Theirs") and "✓ kept" in header  # ... so his version won
    assert "kept for review" in view.table.horizontalHeaderItem(1).text()
    assert view.table.verticalHeaderItem(list(rows).index("Note")).text() == "≠ Note"
    a5 = next(i for i, e in enumerate(view.entries) if e.uuid == pair["a5"])
    view.list.setCurrentRow(a5)
    rows = view.shown_rows()
    assert rows["Deleted"] == ("—", "deleted") and rows["Status"] == ("mostly true", "unverified")

    result = confirm(qtbot, window, preview)
    assert result.windowTitle() == "Merged bob.claimmark" and result.merge_button is None
    assert result.counts["annotations"].text() == "1 new, 1 updated, 0 deleted, 1 unchanged"
    assert digest(bob) == bob_before  # the incoming file is only read
    merged = snapshot(alice_copy)
    assert merged[pair["a1"]]["note"] == "Bob: the ministry said this on Monday"
    assert merged[pair["b1"]]["author"] == "Bob"
    # the window shows the merged project without being asked
    shown = {a.uuid: a for a in window.panel.all_items}
    assert shown[pair["b1"]].author == "Bob" and shown[pair["a5"]].status == "mostly true"
    assert shown[pair["a1"]].note == "Bob: the ministry said this on Monday"
    assert set(window.reader.highlights) == {a.id for a in window.panel.all_items}
    assert [window.panel.author.itemText(i) for i in range(window.panel.author.count())] == [
        "All authors", "Mine", "Bob"
    ]

    assert result.review_button is not None and preview.review_button is None
    result.review_button.click()  # straight from the report to the review
    review = window.last_dialog
    assert isinstance(review, ConflictsDialog) and not result.isVisible()
    review.close()
    window.acts.conflicts.trigger()  # the conflicts stay for review
    review = window.last_dialog
    assert isinstance(review, ConflictsDialog) and review.conflicts.list.count() == 2
    assert "2 annotations edited on both sides" in review.heading.text()

    again = run_merge(qtbot, window, bob)  # twice: nothing to do the second time
    assert again.heading.text().startswith("Nothing to merge") and again.merge_button is None


def test_the_merge_report_names_the_rows_it_left_out(qtbot, window, pair, alice_copy,  # noqa: F811
                                                      tmp_path) -> None:
    """Issue #22: an incoming annotation outside its document, and one carrying the UUID
    of ours on another document, are left out; the preview and the report say which and why."""
    bob = tmp_path / "bob-damaged.claimmark"
    shutil.copyfile(Path(str(pair["bob"])), bob)
    conn = sqlite3.connect(bob)
    length = conn.execute("SELECT length(reading_text) FROM documents").fetchone()[0]
    conn.execute('UPDATE annotations SET start = ?, "end" = ? WHERE uuid = ?', [length + 1, length + 9,
                                                                                pair["b1"]])
    conn.execute("UPDATE documents SET uuid = 'f0000000-0000-4000-8000-000000000000', content_hash = 'x', "
                 "url = ''")  # no longer our article: a new one, whose annotations have our UUIDs
    conn.commit()
    conn.close()
    assert window.open_project(alice_copy)
    preview = run_merge(qtbot, window, bob)
    assert preview.counts["skipped"].text() == "5 left out: bad or conflicting rows of “bob-damaged.claimmark”"
    lines = [preview.skipped.item(i).text() for i in range(preview.skipped.count())]
    assert preview.skipped.isVisibleTo(preview) and len(lines) == 5  # b1, and a1, a2, a3, a5 of the copy
    title = "China: US itself top threat to global cybersecurity"
    assert f"Annotation {pair['b1'][:8]} in “{title}”: its range {length + 1}-{length + 9} lies outside" \
        f" its document" in lines
    assert any(line.startswith(f"Annotation {pair['a3'][:8]} in “{title}”: a conflict: its UUID is that of "
                               f"our annotation 3 on another document (our document 1, {title!r})")
               for line in lines)
    result = confirm(qtbot, window, preview)
    assert result.counts["skipped"].text() == preview.counts["skipped"].text()
    assert [result.skipped.item(i).text() for i in range(result.skipped.count())] == lines
    with Project.open(alice_copy) as project:
        assert project.check() == []
        assert project.count_documents() == 2
        assert ann.get(project, pair["a3"]).document_id == 1


def test_a_file_whose_only_news_is_left_out_has_nothing_to_merge(qtbot, window, corpus_project,
                                                                 tmp_path) -> None:
    theirs = tmp_path / "theirs.claimmark"
    shutil.copyfile(corpus_project, theirs)
    with Project.open(theirs) as project:
        made = edits.add_text(project, 1, "claim", "cybersecurity", occurrence=1, author="Bob")
    conn = sqlite3.connect(theirs)
    conn.execute("UPDATE annotations SET exact = 'a quote that is not there'")
    conn.commit()
    conn.close()
    assert window.open_project(corpus_project)
    preview = run_merge(qtbot, window, theirs)
    assert preview.heading.text() == ("Nothing to merge: what “theirs.claimmark” holds is in "
                                      f"“{window.project.name}” or left out (below).")
    assert preview.merge_button is None
    assert [preview.skipped.item(i).text() for i in range(preview.skipped.count())] == [
        f"Annotation {made.uuid[:8]} in “China: US itself top threat to global cybersecurity”: the text at "
        "its range is not its quote"]


def test_a_cancelled_preview_changes_nothing(qtbot, window, pair, alice_copy) -> None:  # noqa: F811
    assert window.open_project(alice_copy)
    window.close_project()  # compare the file's bytes with no connection open
    before = digest(alice_copy)
    assert window.open_project(alice_copy)
    preview = run_merge(qtbot, window, Path(str(pair["bob"])))
    with qtbot.waitSignal(window.merge_flow.finished) as finished:
        preview.reject()
    assert finished.args == [False]
    window.close_project()
    assert digest(alice_copy) == before


def _not_a_project(path: Path) -> None:
    path.write_text("Dear colleague, here are my notes.\n", encoding="utf-8")


def _from_the_future(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()


def _with_a_trigger(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON annotations BEGIN DELETE FROM documents; END")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (_not_a_project, "not a ClaimMark project"),
        (_from_the_future, "newer ClaimMark"),
        (_with_a_trigger, "trigger"),
    ],
)
def test_a_bad_file_gets_a_clear_message_naming_it(qtbot, window, pair, alice_copy, tmp_path, build,  # noqa: F811
                                                   words) -> None:
    bad = tmp_path / "from-a-stranger.claimmark"
    shutil.copyfile(Path(str(pair["bob"])), bad)
    build(bad)
    bad_before = digest(bad)
    assert window.open_project(alice_copy)
    before = snapshot(alice_copy)
    window.merge_project(bad)
    with qtbot.waitSignal(window.merge_flow.finished, timeout=20000) as finished:
        pass
    assert finished.args == [False]
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Merge Project"
    assert str(bad) in box.text() and words.casefold() in box.text().casefold(), box.text()
    assert "Traceback" not in box.text() and "the project is unchanged" in box.text()
    assert snapshot(alice_copy) == before and digest(bad) == bad_before
    with Project.open(alice_copy) as project:
        assert project.check() == []


def _merged(pair: dict[str, object], target: Path) -> Path:  # noqa: F811
    shutil.copyfile(Path(str(pair["alice"])), target)
    with Project.open(target) as project:
        merge(project, Path(str(pair["bob"])))
    return target


def _background(window, annotation_id: int) -> QColor:
    highlight = window.reader.highlights[annotation_id]
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader.map.to_qt(highlight.start) + 1)
    return cursor.charFormat().background().color()


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) + 0.0722 * channel(colour.blue())


def _contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colour_by_author_with_a_legend_and_tooltips(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    from claimmark.ui.main_window import MainWindow

    path = _merged(pair, tmp_path / "merged.claimmark")
    window.set_theme("light")
    assert window.open_project(path)
    by_uuid = {a.uuid: a for a in window.panel.all_items}
    alice_note, bob_tag = by_uuid[pair["a4"]], by_uuid[pair["b1"]]
    assert alice_note.author_id != bob_tag.author_id  # two installations, two author ids
    by_kind = (_background(window, alice_note.id), _background(window, bob_tag.id))
    assert not window.act_colour_by_author.isChecked() and not window.panel.legend.isVisible()

    window.act_colour_by_author.trigger()
    colours = authorship.author_colours([alice_note.author_id, bob_tag.author_id])
    assert colours[alice_note.author_id] != colours[bob_tag.author_id]
    theme = window.theme
    for item in (alice_note, bob_tag):
        expected = themes.blend(QColor(theme.page), colours[item.author_id], theme.highlight_alpha)
        assert _background(window, item.id) == expected
    assert (_background(window, alice_note.id), _background(window, bob_tag.id)) != by_kind
    legend = window.panel.legend
    assert legend.isVisible()
    assert "Alice (you)" in legend.text() and "Bob" in legend.text()
    assert colours[bob_tag.author_id].name() in legend.text()
    # the panel's author filter carries the same colours
    bob_row = window.panel.author.findText("Bob")
    assert not window.panel.author.itemIcon(bob_row).isNull()
    # a tooltip on a highlight says whose it is
    rect = window.reader.cursorRect(_cursor_at(window, bob_tag))
    assert "by Bob" in window.reader.highlight_tip(rect.center())

    for name in ("light", "dark"):  # readable on every page: text on a highlight keeps its contrast
        window.set_theme(name)
        text = QColor(window.theme.text)
        backgrounds = {item.author_id: _background(window, item.id) for item in (alice_note, bob_tag)}
        assert len({bg.name() for bg in backgrounds.values()}) == 2
        assert min(_contrast(text, bg) for bg in backgrounds.values()) >= 4.5

    window.close_project()  # the choice is remembered
    window.save_view_settings()
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.act_colour_by_author.isChecked()
    other.act_colour_by_author.trigger()
    assert not other.act_colour_by_author.isChecked()


def _cursor_at(window, annotation):
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader.map.to_qt(annotation.start) + 2)
    return cursor


def test_the_table_filters_by_mine_and_by_colleague(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    path = _merged(pair, tmp_path / "merged.claimmark")
    assert window.open_project(path)
    window.show_table()
    table = window.table_window
    combo = table.author
    assert [combo.itemText(i) for i in range(combo.count())] == ["All authors", "Mine", "Bob"]
    total = table.proxy.rowCount()
    combo.setCurrentIndex(combo.findText("Bob"))
    assert table.proxy.rowCount() == 1
    assert table.proxy.index(0, 5).data() == "Bob"  # the Author column
    combo.setCurrentIndex(combo.findText("Mine"))
    assert table.proxy.rowCount() == total - 1
    assert {table.proxy.index(r, 5).data() for r in range(table.proxy.rowCount())} == {"Alice"}


def _tag_first(window, exact: str, key: str = "1") -> None:
    text = window.project.document(window.document_id).text
    start = text.index(exact)
    window.reader.select_core(start, start + len(exact))
    window.tagging.kind_key({"1": "claim", "2": "quote"}[key])


def test_two_windows_see_each_others_tags_after_a_refresh(qtbot, window, corpus_project) -> None:
    assert window.open_project(corpus_project)
    other = open_window(qtbot, 1000, 700)
    try:
        assert other.open_project(corpus_project)
        assert other.panel.all_items == []
        _tag_first(window, EXAMPLES[0]["exact"])
        assert len(window.panel.all_items) == 1
        assert other.panel.all_items == []  # not yet read
        assert "F5" in [k.toString() for k in other.acts.refresh.shortcuts()]
        other.acts.refresh.trigger()  # View ▸ Refresh
        assert [a.exact for a in other.panel.all_items] == [EXAMPLES[0]["exact"]]
        assert len(other.reader.highlights) == 1
        assert "1 claim" in other.status_counts.text()

        _tag_first(window, EXAMPLES[1]["exact"], "2")
        assert len(other.panel.all_items) == 1
        other.activateWindow()  # coming back to the other window reads what changed
        qtbot.waitUntil(lambda: len(other.panel.all_items) == 2, timeout=3000)
        assert not other.refresh_if_changed()  # nothing new since: no needless re-reading
        _tag_first(other, EXAMPLES[3]["exact"])  # and the other way round
        window.acts.refresh.trigger()
        assert len(window.panel.all_items) == 3
    finally:
        other.close()


def test_a_write_while_another_window_holds_the_lock(qtbot, window, corpus_project, monkeypatch) -> None:
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 200)
    assert window.open_project(corpus_project)
    holder = sqlite3.connect(corpus_project, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another window, mid-write
    try:
        _tag_first(window, EXAMPLES[0]["exact"])
        box = window.last_dialog
        assert isinstance(box, QMessageBox)
        assert "being written by another window or program; try again in a moment" in box.text()
        assert "Traceback" not in box.text() and box.windowTitle() == "Tagging"
        assert window.panel.all_items == [] and window.reader.highlights == {}
        assert window.undo_stack.count() == 0
        box.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Project.open(corpus_project) as project:
        assert project.check() == [] and ann.query(project, include_deleted=True) == []
    _tag_first(window, EXAMPLES[0]["exact"])  # the lock gone, the same action works
    assert len(window.panel.all_items) == 1


def test_refresh_on_activation_is_wired(qtbot, window, corpus_project) -> None:
    """The activation path itself (not only F5): an ActivationChange event on an
    active window reads the file afresh when another connection wrote to it."""
    assert window.open_project(corpus_project)
    with Project.open(corpus_project) as project:
        edits.add_text(project, 1, "quote", EXAMPLES[1]["exact"], speaker="someone", author="Bob")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.changeEvent(QEvent(QEvent.Type.ActivationChange))
    assert [a.author for a in window.panel.all_items] == ["Bob"]


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_every_author_colour_keeps_text_readable_and_authors_apart(name: str) -> None:
    """All eight colours, as the reading view mixes them into each page: text on them
    keeps a contrast of 4.5:1, and no two look alike (CIE76 distance)."""
    theme = themes.resolve(name)
    ids = [f"author-{n}" for n in range(200)]
    colours = authorship.author_colours(ids)  # the highlights' tints (markers are lighter on dark)
    distinct = {c.name() for c in colours.values()}
    assert len(distinct) == len(authorship.PALETTE)  # every colour used, none made up
    tints = [themes.blend(QColor(theme.page), QColor(c), theme.highlight_alpha) for c in distinct]
    assert min(_contrast(QColor(theme.text), tint) for tint in tints) >= 4.5
    labs = [lab(t) for t in tints]
    closest = min(
        sum((a - b) ** 2 for a, b in zip(one, two, strict=True)) ** 0.5
        for i, one in enumerate(labs) for two in labs[i + 1:]
    )
    assert closest >= 8, closest


def test_author_colours_are_stable_and_distinct_for_a_team() -> None:
    team = ["0b1d…alice", "77aa…bob", "c3f0…chen", "e9e9…dana"]
    first = authorship.author_colours(team)
    assert len({c.name() for c in first.values()}) == len(team)
    again = authorship.author_colours(list(reversed(team)) + team)
    assert {k: c.name() for k, c in again.items()} == {k: c.name() for k, c in first.items()}
    dark = authorship.author_colours(team, dark=True)  # markers and legend: lighter on a dark page
    assert all(dark[i].lightness() >= first[i].lightness() for i in team)


def test_new_documents_and_orphans_reach_the_library_and_panel(qtbot, window, corpus_project, corpus,
                                                              tmp_path) -> None:
    from claimmark.core.importing import import_paths
    from claimmark.core.model.document import Block, ReadingDocument
    from claimmark.core.model.extracted import Extracted

    theirs = tmp_path / "theirs.claimmark"
    with Project.open(theirs, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        extra = "A closing paragraph that only the other extractor found."
        grown = project.reading_document(1)
        grown.blocks.append(Block("paragraph", extra))  # another extractor's structure and text agree
        project.db.execute("UPDATE documents SET reading_json = ?, reading_text = ?, content_hash = 'x'",
                           [grown.to_json(), grown.text])
        project.db.conn.commit()
        orphan = edits.add_text(project, 1, "claim", "only the other extractor found", author="Bob")
        reading = ReadingDocument([Block("heading", "A second article", level=1), Block("paragraph", "Text.")])
        project.add_document(Extracted(source_name="second.txt", source_format="txt",
                                       metadata={"title": "A second article"}, document=reading, images={},
                                       original=zlib.compress(b"Text."), original_size=5,
                                       content_hash="second"))
    assert window.open_project(corpus_project)
    assert len(window.library.model.ids) == 1
    preview = run_merge(qtbot, window, theirs)
    assert preview.counts["documents"].text() == "1 new, 1 already here (1 by URL)"
    assert preview.counts["orphans"].text() == "1 kept, but their passage is not in our copy of the text"
    assert any(label.text() == "New: A second article" for label in preview.findChildren(type(preview.heading)))
    assert not preview.conflicts.isVisibleTo(preview)
    confirm(qtbot, window, preview)
    assert len(window.library.model.ids) == 2  # the library shows the new document
    (kept,) = window.panel.all_items
    assert kept.uuid == orphan.uuid and kept.anchor_status == "orphaned"
    assert window.reader.highlights == {}  # an orphan is listed, not drawn
    assert "passage not found" in window.panel.model.index(0).data()


def test_the_merge_runs_off_the_gui_thread_behind_a_busy_indicator(qtbot, window, pair, alice_copy,  # noqa: F811
                                                                  monkeypatch) -> None:
    import threading
    import time

    from PySide6.QtCore import QTimer

    from claimmark.core.share import merge as merge_module

    threads = []
    original = merge_module._Merger.run

    def slow_run(self) -> None:  # a big merge: the GUI must keep painting meanwhile
        threads.append(threading.get_ident())
        time.sleep(1.0)
        original(self)

    monkeypatch.setattr(merge_module._Merger, "run", slow_run)
    assert window.open_project(alice_copy)
    ticks = []
    timer = QTimer(window, interval=50)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    window.merge_project(Path(str(pair["bob"])))
    flow = window.merge_flow
    qtbot.waitUntil(lambda: flow.busy is not None and flow.busy.isVisible(), timeout=3000)
    assert flow.busy.labelText() == "Reading bob.claimmark…" and flow.running
    with qtbot.waitSignal(window.merge_flow.reportShown, timeout=20000):
        pass
    timer.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(ticks) >= 10  # the event loop ran all along (1 s at 50 ms)
    assert window.merge_flow.busy is None  # gone with the report


def review_conflicts(window) -> ConflictsDialog:
    window.acts.conflicts.trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, ConflictsDialog)
    return dialog


def choose(dialog: ConflictsDialog, uuid: object) -> None:
    view = dialog.conflicts
    view.list.setCurrentRow(next(i for i, e in enumerate(view.entries) if e.uuid == uuid))


def shown_note(window, uuid: object) -> str:
    return next(a.note for a in window.panel.all_items if a.uuid == uuid)


def test_review_keep_ours_use_theirs_undo_and_redo(qtbot, window, pair, alice_copy) -> None:  # noqa: F811
    assert window.open_project(_merged(pair, alice_copy))  # Bob's later edits won both conflicts
    dialog = review_conflicts(window)
    assert dialog.conflicts.list.count() == 2 and not dialog.show_resolved.isChecked()
    choose(dialog, pair["a1"])
    assert dialog.keep_ours.isEnabled() and dialog.use_theirs.isEnabled()
    assert "holds this version already" in dialog.use_theirs.toolTip()  # theirs won
    assert "content again" in dialog.keep_ours.toolTip()
    assert shown_note(window, pair["a1"]) == "Bob: the ministry said this on Monday"

    qtbot.mouseClick(dialog.keep_ours, Qt.MouseButton.LeftButton)  # Alice's own version again
    assert snapshot(alice_copy)[pair["a1"]]["note"] == "Alice: check the transcript"
    assert shown_note(window, pair["a1"]) == "Alice: check the transcript"  # the panel follows
    assert window.undo_stack.undoText() == "Keep ours (merge conflict)"
    assert [e.uuid for e in dialog.conflicts.entries] == [pair["a5"]]  # it left the list
    assert "1 annotation edited on both sides" in dialog.heading.text()

    before = snapshot(alice_copy)
    qtbot.mouseClick(dialog.use_theirs, Qt.MouseButton.LeftButton)  # a5: theirs won, nothing changes
    assert snapshot(alice_copy) == before
    assert dialog.conflicts.entries == [] and not dialog.conflicts.isVisibleTo(dialog)
    assert dialog.heading.text() == "No merge conflicts to review."
    assert not dialog.keep_ours.isEnabled() and not dialog.use_theirs.isEnabled()

    dialog.show_resolved.setChecked(True)  # resolved ones on request, not to act on again
    assert [e.resolved for e in dialog.conflicts.entries] == [True, True]
    assert dialog.conflicts.list.item(0).text().startswith("✓ Resolved · ")
    assert dialog.heading.text() == "No merge conflicts to review. These are resolved."
    assert not dialog.keep_ours.isEnabled()
    dialog.show_resolved.setChecked(False)

    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.conflicts.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # in the dialog
    assert window.undo_stack.undoText() == "Keep ours (merge conflict)"  # a5 open again
    assert [e.uuid for e in dialog.conflicts.entries] == [pair["a5"]]
    assert snapshot(alice_copy) == before
    window.act_undo.trigger()  # a1: Bob's version back, the conflict open again
    assert snapshot(alice_copy)[pair["a1"]]["note"] == "Bob: the ministry said this on Monday"
    assert shown_note(window, pair["a1"]) == "Bob: the ministry said this on Monday"
    assert len(dialog.conflicts.entries) == 2
    window.act_redo.trigger()
    assert snapshot(alice_copy)[pair["a1"]]["note"] == "Alice: check the transcript"
    assert shown_note(window, pair["a1"]) == "Alice: check the transcript"
    assert [e.uuid for e in dialog.conflicts.entries] == [pair["a5"]]
    dialog.close()

    again = review_conflicts(window)  # a fresh look agrees with the file
    assert [e.uuid for e in again.conflicts.entries] == [pair["a5"]]
    again.close()
    window.act_undo.trigger()  # undo still works with the dialog closed
    assert snapshot(alice_copy)[pair["a1"]]["note"] == "Bob: the ministry said this on Monday"


def test_review_refusals_are_shown_and_read_only_disables(qtbot, window, pair, alice_copy,  # noqa: F811
                                                          monkeypatch) -> None:
    assert window.open_project(_merged(pair, alice_copy))
    dialog = review_conflicts(window)
    choose(dialog, pair["a1"])
    with Project.open(alice_copy) as other:  # another window resolves it meanwhile
        from claimmark.core.share.conflicts import resolve

        resolve(other, dialog.conflicts.current_entry().conflict_id, "theirs")
    qtbot.mouseClick(dialog.keep_ours, Qt.MouseButton.LeftButton)
    assert dialog.error is not None and "already resolved" in dialog.error.text()
    assert [e.uuid for e in dialog.conflicts.entries] == [pair["a5"]]  # the list caught up
    assert window.undo_stack.count() == 0
    dialog.close()
    window.project.db.execute("UPDATE merge_conflicts SET other = 'not json'")  # a hand-damaged file
    window.project.db.conn.commit()
    window.acts.conflicts.trigger()
    assert isinstance(window.last_dialog, QMessageBox) and "damaged version" in window.last_dialog.text()
    window.last_dialog.close()
    window.project.db.execute("UPDATE merge_conflicts SET other = kept")
    window.project.db.conn.commit()
    window.close_project()

    original = Project.open  # as on read-only storage (root could write through a chmod)
    monkeypatch.setattr(Project, "open", lambda path, **kwargs: original(path, read_only=True))
    assert window.open_project(alice_copy) and window.project.read_only
    dialog = review_conflicts(window)
    assert dialog.conflicts.list.count() == 1
    assert not dialog.keep_ours.isEnabled() and "read-only" in dialog.keep_ours.toolTip()


def test_preferences_colour_by_author_follows_the_view_menu(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    window.set_theme("light")
    assert window.open_project(_merged(pair, tmp_path / "merged.claimmark"))
    bob_tag = next(a for a in window.panel.all_items if a.uuid == pair["b1"])
    by_kind = _background(window, bob_tag.id)
    window.act_colour_by_author.trigger()  # on in the menu: on in the dialog
    by_author = _background(window, bob_tag.id)
    assert by_author != by_kind
    window.acts.prefs.trigger()
    dialog = window.last_dialog
    assert dialog.colour_by_author.isChecked()
    window.act_colour_by_author.trigger()  # changed in the menu while the dialog is open
    assert not dialog.colour_by_author.isChecked()
    dialog.colour_by_author.setChecked(True)
    dialog.reject()  # Cancel changes nothing
    assert not window.act_colour_by_author.isChecked() and _background(window, bob_tag.id) == by_kind

    window.acts.prefs.trigger()
    dialog = window.last_dialog
    assert not dialog.colour_by_author.isChecked()
    dialog.colour_by_author.setChecked(True)
    dialog.accept()
    assert window.act_colour_by_author.isChecked() and window.colour_by_author
    assert _background(window, bob_tag.id) == by_author and window.panel.legend.isVisible()
    assert config.get_str("view/colour_by_author") == "true"
    window.act_colour_by_author.trigger()  # the closed dialog no longer listens
    assert dialog.colour_by_author.isChecked() and not window.colour_by_author


def test_use_theirs_brings_their_deletion_and_undo_brings_it_back(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    bob2 = tmp_path / "bob2.claimmark"
    shutil.copyfile(Path(str(pair["bob"])), bob2)
    with Project.open(bob2) as project:
        merge(project, Path(str(pair["alice"])))  # Bob's later edits won here
    assert window.open_project(bob2)
    a5 = next(a for a in window.panel.all_items if a.uuid == pair["a5"])
    assert a5.id in window.reader.highlights
    dialog = review_conflicts(window)
    choose(dialog, pair["a5"])
    assert dialog.conflicts.current_entry().winner == "ours"
    qtbot.mouseClick(dialog.use_theirs, Qt.MouseButton.LeftButton)  # Alice had deleted it
    assert snapshot(bob2)[pair["a5"]]["deleted"] is True
    assert a5.id not in window.reader.highlights
    assert pair["a5"] not in {a.uuid for a in window.panel.all_items}
    assert window.undo_stack.undoText() == "Use theirs (merge conflict)"
    window.act_undo.trigger()
    assert snapshot(bob2)[pair["a5"]]["deleted"] is False
    assert a5.id in window.reader.highlights and pair["a5"] in {a.uuid for a in window.panel.all_items}
    assert pair["a5"] in [e.uuid for e in dialog.conflicts.entries]
    window.close_project()  # the review goes with its project
    assert not dialog.isVisible()
