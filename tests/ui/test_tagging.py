"""Tagging in the real main window: select the passage in the reading view, press
the kind's key, and find the annotation saved and drawn over exactly that text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from claimmark.core.model import records
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from claimmark.ui.library import CountsRole
from claimmark.ui.reading import ANNOTATIONS_PROPERTY, ReadingView
from tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
EXAMPLES = EXPECTED["example_annotations"]
KEYS = {"claim": "1", "quote": "2", "citation": "3"}
LETTERS = {"claim": "c", "quote": "q", "citation": "r"}


def select_in_view(view: ReadingView, exact: str) -> QTextCursor:
    """Select the text the way a person does: found by Qt in the view's own document."""
    found = view.document().find(exact, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), exact
    view.setTextCursor(found)
    return found


def ids_at(view: ReadingView, position: int) -> list[int]:
    """The annotation ids drawn on the character after Qt position `position`."""
    block = view.document().findBlock(position)
    if position == block.position() + block.length() - 1:
        return []  # a paragraph separator: nothing is drawn on it
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    value = cursor.charFormat().property(ANNOTATIONS_PROPERTY)
    return [int(v) for v in str(value).split(",") if v] if value else []


def drawn_range(view: ReadingView, annotation_id: int) -> tuple[int, int] | None:
    """The Qt range over which the highlight of `annotation_id` is drawn (read back
    through the view's cursor), or None when it is drawn nowhere."""
    positions = [p for p in range(view.document().characterCount() - 1) if annotation_id in ids_at(view, p)]
    if not positions:
        return None
    assert positions == list(range(positions[0], positions[-1] + 1)), "the highlight has gaps"
    return positions[0], positions[-1] + 1


def assert_drawn_exactly(
    view: ReadingView, annotation_id: int, selection: tuple[int, int], kind: str
) -> None:
    assert drawn_range(view, annotation_id) == selection
    cursor = QTextCursor(view.document())
    cursor.setPosition(selection[0] + 1)
    fmt = cursor.charFormat()
    assert fmt.background().color() != view.palette().base().color()
    assert (
        fmt.underlineStyle()
        == {
            "claim": fmt.UnderlineStyle.SingleUnderline,
            "quote": fmt.UnderlineStyle.DashUnderline,
            "citation": fmt.UnderlineStyle.WaveUnderline,
        }[kind]
        or len(ids_at(view, selection[0])) > 1
    )


def tag_with_key(qtbot, window, exact: str, kind: str, key: str) -> records.Annotation:
    view = window.reader
    found = select_in_view(view, exact)
    selection = (found.selectionStart(), found.selectionEnd())
    before = {a.id for a in ann.query(window.project)}
    view.setFocus()
    qtbot.keyClick(view, key)
    created = [a for a in ann.query(window.project) if a.id not in before]
    assert len(created) == 1, f"pressing {key!r} saved {len(created)} annotations"
    made = created[0]
    assert made.kind == kind and made.exact == exact
    assert_drawn_exactly(view, made.id, selection, kind)
    return made


def test_examples_are_tagged_saved_drawn_undone_and_redone(qtbot, window, project_path: Path, corpus) -> None:
    # a new project in tmp_path, the corpus article imported through the window (worker process)
    assert window.open_project(project_path, create=True)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as imported:
        window.import_paths([corpus / "page.html"])
    assert [o.status for o in imported.args[0]] == ["imported"]
    assert window.document_id == 1
    text = window.project.document(1).text
    view = window.reader
    made = []
    for number, example in enumerate(EXAMPLES):
        key = KEYS[example["kind"]] if number % 2 == 0 else LETTERS[example["kind"]]
        annotation = tag_with_key(qtbot, window, example["exact"], example["kind"], key)
        start = text.index(example["exact"])
        assert (annotation.start, annotation.end) == (start, start + len(example["exact"]))
        assert text[annotation.start : annotation.end] == example["exact"]
        assert window.panel.current_id() == annotation.id
        assert not view.textCursor().hasSelection()
        made.append(annotation)
    assert window.panel.model.rowCount() == len(EXAMPLES)
    assert window.library.model.index(0).data(CountsRole) == {"claim": 3, "quote": 1, "citation": 2}
    assert [a.id for a in window.panel.model.items] == [a.id for a in sorted(made, key=lambda a: a.start)]
    # every highlight is still exactly where it was drawn once all are there
    for annotation in made:
        s, e = view.map.to_qt(annotation.start), view.map.to_qt(annotation.end)
        assert drawn_range(view, annotation.id) == (s, e)

    last = made[-1]
    selection = drawn_range(view, last.id)
    qtbot.keyClick(view, "z", Qt.KeyboardModifier.ControlModifier)
    assert ann.get(window.project, last.id, include_deleted=True).deleted
    assert drawn_range(view, last.id) is None
    assert window.panel.model.row_of(last.id) < 0
    qtbot.keyClick(view, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    restored = ann.get(window.project, last.id)
    assert not restored.deleted and (restored.start, restored.end) == (last.start, last.end)
    assert drawn_range(view, last.id) == selection
    assert window.panel.model.row_of(last.id) >= 0
    assert "3 citations" not in window.status_counts.text()
    assert "3 claims" in window.status_counts.text() and "2 citations" in window.status_counts.text()


def test_clicking_an_annotation_in_the_panel_scrolls_to_it(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    window.resize(1000, 420)
    window.reader.zoom(8)
    qtbot.wait(10)
    example = EXAMPLES[4]
    annotation = tag_with_key(qtbot, window, example["exact"], example["kind"], "3")
    view = window.reader
    view.verticalScrollBar().setValue(0)
    assert not view.is_visible_core(annotation.start)
    rect = window.panel.visual_rect(annotation.id)
    qtbot.mouseClick(window.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.is_visible_core(annotation.start)
    assert view.verticalScrollBar().value() > 0
    flashed = view.extraSelections()
    assert len(flashed) == 1
    assert (flashed[0].cursor.selectionStart(), flashed[0].cursor.selectionEnd()) == (
        view.map.to_qt(annotation.start),
        view.map.to_qt(annotation.end),
    )
    qtbot.waitUntil(lambda: not view.extraSelections(), timeout=3000)


def test_the_floating_bar_tags_and_the_editor_saves_fields(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    example = EXAMPLES[0]
    select_in_view(view, example["exact"])
    qtbot.waitUntil(view.tag_bar.isVisible, timeout=2000)
    assert view.tag_bar.geometry().intersects(view.viewport().rect())
    qtbot.mouseClick(view.tag_bar.buttons["claim"], Qt.MouseButton.LeftButton)
    made = ann.query(window.project)
    assert [a.exact for a in made] == [example["exact"]] and made[0].kind == "claim"
    assert not view.tag_bar.isVisible()
    editor = window.panel.editor
    assert editor.isVisible() and editor.annotation.id == made[0].id
    assert editor.claimant.isVisible() and not editor.speaker.isVisible()
    editor.claimant.setText(example["claimant"])
    editor.claimant.editingFinished.emit()
    editor.tags.setText("surveillance, China ")
    editor.tags.editingFinished.emit()
    editor.note.setPlainText("Compare with the 2013 disclosures.")
    editor.note.focusLost.emit()
    saved = ann.get(window.project, made[0].id)
    assert saved.claimant == example["claimant"]
    assert saved.tags == ["surveillance", "China"]
    assert saved.note == "Compare with the 2013 disclosures."
    # tags complete from the project's tags
    assert set(editor.tag_model.stringList()) >= {"surveillance", "China"}
    # change the kind with its key, then undo it
    view.setFocus()
    qtbot.keyClick(view, "2")
    assert ann.get(window.project, made[0].id).kind == "quote"
    assert editor.speaker.isVisible() and not editor.claimant.isVisible()
    window.act_undo.trigger()
    back = ann.get(window.project, made[0].id)
    assert back.kind == "claim" and back.claimant == example["claimant"]
    # undo the note, the tags and the claimant, one step each
    window.act_undo.trigger()
    assert ann.get(window.project, made[0].id).note == ""
    window.act_undo.trigger()
    assert ann.get(window.project, made[0].id).tags == []
    # a bad URL is refused with a dialog, not saved, and not put in the undo history
    depth = window.undo_stack.count()
    window.tagging.edit(made[0].id, {"kind": "citation", "source_url": "javascript:alert(1)"})
    assert window.last_dialog.isVisible() and "source URL" in window.last_dialog.text()
    assert ann.get(window.project, made[0].id).kind == "claim"
    assert window.undo_stack.count() == depth
    window.last_dialog.close()
    # Delete removes it; undo brings it back
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert ann.query(window.project) == []
    window.act_undo.trigger()
    assert [a.id for a in ann.query(window.project)] == [made[0].id]


def test_overlapping_highlights_stay_distinguishable(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    outer = EXPECTED["must_keep_in_order"][3]  # a paragraph holding the quote of example 2
    inner = EXAMPLES[1]["exact"]
    claim = tag_with_key(qtbot, window, outer, "claim", "1")
    quote = tag_with_key(qtbot, window, inner, "quote", "2")
    view = window.reader
    inner_start = view.map.to_qt(quote.start)
    outer_start = view.map.to_qt(claim.start)
    assert ids_at(view, inner_start) == [claim.id, quote.id]
    assert ids_at(view, outer_start) == [claim.id]
    cursor = QTextCursor(view.document())
    cursor.setPosition(outer_start + 1)
    only_claim = cursor.charFormat()
    cursor.setPosition(inner_start + 1)
    both = cursor.charFormat()
    assert only_claim.background().color() != both.background().color()
    assert only_claim.underlineStyle() != both.underlineStyle()
    # the claim still covers its whole text around the quote
    assert drawn_range(view, claim.id) == (outer_start, view.map.to_qt(claim.end))


def _text_project(path: Path, paragraphs: list[str]) -> None:
    from claimmark.core.model.extracted import Extracted

    reading = ReadingDocument(
        [Block("heading", paragraphs[0], level=1), *[Block("paragraph", p) for p in paragraphs[1:]]]
    )
    extracted = Extracted(
        source_name="test.txt",
        source_format="txt",
        metadata={"title": paragraphs[0]},
        document=reading,
        images={},
        original=b"",
        original_size=0,
        content_hash=str(hash(tuple(paragraphs))),
    )
    with Project.open(path, create=True) as project:
        project.add_document(extracted)


EMOJI = [
    "Emoji 🎉 in the title 👩‍👩‍👧",
    "The minister 🧑‍💼 said the 🌍 climate fund doubled 💶💶 last year.",
    "Family 👨‍👩‍👧‍👦 emoji and flags 🇫🇷🇩🇪 take many code units; the claim 🔥 here is hot.",
    "After them all, plain text: the committee approved the budget.",
]
RTL = [
    "عنوان المقال",
    "قال الوزير إن الميزانية ستتضاعف في العام المقبل.",
    "He said «שלום עולם» and then added: the figures are מאומתים by the agency.",
    "הממשלה הודיעה כי התקציב יגדל ב-5% בשנה הבאה.",
]


@pytest.mark.parametrize(
    ("paragraphs", "passages"),
    [
        (
            EMOJI,
            [
                ("claim", "the 🌍 climate fund doubled 💶💶"),
                ("quote", "flags 🇫🇷🇩🇪 take"),
                ("citation", "🔥 here"),
                ("claim", "the committee approved the budget"),
            ],
        ),
        (
            RTL,
            [
                ("claim", "الميزانية ستتضاعف"),
                ("quote", "«שלום עולם»"),
                ("citation", "מאומתים by the agency"),
                ("claim", "התקציב יגדל ב-5%"),
            ],
        ),
    ],
    ids=["emoji", "right-to-left"],
)
def test_highlights_sit_on_exactly_the_selected_text(qtbot, window, tmp_path, paragraphs, passages) -> None:
    path = tmp_path / "script.claimmark"
    _text_project(path, paragraphs)
    assert window.open_project(path)
    text = window.project.document(1).text
    for kind, exact in passages:
        made = tag_with_key(qtbot, window, exact, kind, KEYS[kind])
        start = text.index(exact)
        assert (made.start, made.end) == (start, start + len(exact))
        # the selected text read back through Qt is the annotated text
        s, e = drawn_range(window.reader, made.id)
        cursor = QTextCursor(window.reader.document())
        cursor.setPosition(s)
        cursor.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == exact


def test_the_export_dialog_writes_a_csv_with_the_rows(qtbot, window, corpus_project: Path, tmp_path) -> None:
    assert window.open_project(corpus_project)
    for example in EXAMPLES:
        tag_with_key(qtbot, window, example["exact"], example["kind"], KEYS[example["kind"]])
    window.acts.export.trigger()
    dialog = window.last_dialog
    assert dialog.isVisible() and dialog.objectName() == "ExportDialog"
    target = tmp_path / "out" / "claims.csv"
    target.parent.mkdir()
    asked = []
    dialog.choose_path = lambda suggested, file_filter: asked.append(file_filter) or str(target)
    dialog.format_buttons["csv"].setChecked(True)
    dialog.scope_buttons["document"].setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["CSV files (*.csv)"] and not dialog.isVisible()
    with open(target, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kind"], r["exact"]) for r in rows] == sorted(
        ((e["kind"], e["exact"]) for e in EXAMPLES),
        key=lambda pair: window.project.document(1).text.index(pair[1]),
    )
    assert {r["document_title"] for r in rows} == {EXPECTED["metadata"]["title"]}
    assert {r["author"] for r in rows} == {"Test Author"}


def test_the_annotations_table_opens_the_passage_in_context(
    qtbot, window, corpus_project: Path, corpus
) -> None:
    assert window.open_project(corpus_project)
    for example in EXAMPLES[:3]:
        tag_with_key(qtbot, window, example["exact"], example["kind"], KEYS[example["kind"]])
    window.acts.table.trigger()
    table = window.table_window
    assert table.isVisible() and table.proxy.rowCount() == 3
    table.kind.setCurrentIndex(table.kind.findData("claim"))
    assert table.proxy.rowCount() == 2
    table.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    first = table.proxy.index(0, 1).data()
    assert first == sorted(e["exact"] for e in EXAMPLES[:3] if e["kind"] == "claim")[-1]
    window.reader.verticalScrollBar().setValue(0)
    index = table.proxy.index(0, 1)
    chosen = index.data(Qt.ItemDataRole.UserRole + 20)
    assert chosen.id != window.panel.current_id()
    qtbot.waitExposed(table)
    # a real double-click: a click, then the double-click event
    where = table.view.visualRect(index).center()
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.panel.current_id() == chosen.id
    assert window.reader.is_visible_core(chosen.start)


def test_selecting_and_tagging_with_the_keyboard_alone(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    view = window.reader
    text = window.project.document(1).text
    exact = "Patriot Act"
    start = text.index(exact)
    view.setFocus()
    # put the caret before the passage (as arrow keys would), then extend with Shift+Right
    cursor = view.textCursor()
    cursor.setPosition(view.map.to_qt(start))
    view.setTextCursor(cursor)
    for _ in range(len(exact)):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == exact
    qtbot.keyClick(view, "c")
    made = ann.query(window.project)
    assert [(a.kind, a.start, a.end) for a in made] == [("claim", start, start + len(exact))]
    # Return opens the editor on it; Escape-free: Tab moves on through its fields
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.panel.editor.claimant.hasFocus()
    qtbot.keyClicks(window.panel.editor.claimant, "The official")
    qtbot.keyClick(window.panel.editor.claimant, Qt.Key.Key_Tab)
    assert ann.get(window.project, made[0].id).claimant == "The official"
    # Escape saves and goes back to the article
    qtbot.keyClicks(window.panel.editor.tags, "law")
    qtbot.keyClick(window.panel.editor.tags, Qt.Key.Key_Escape)
    assert ann.get(window.project, made[0].id).tags == ["law"]
    assert window.reader.hasFocus()
    # the panel list: Return shows the passage, Delete deletes it
    window.panel.list.setFocus()
    window.panel.list.setCurrentIndex(window.panel.model.index(0))
    qtbot.keyClick(window.panel.list, Qt.Key.Key_Delete)
    assert ann.query(window.project) == []


def test_clicking_a_highlight_selects_its_annotation(qtbot, window, corpus_project: Path) -> None:
    assert window.open_project(corpus_project)
    first = tag_with_key(qtbot, window, EXAMPLES[0]["exact"], "claim", "1")
    second = tag_with_key(qtbot, window, EXAMPLES[1]["exact"], "quote", "2")
    assert window.panel.current_id() == second.id
    view = window.reader
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.map.to_qt(first.start) + 3)
    view.ensureCursorVisible()
    where = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.panel.current_id() == first.id
    assert window.panel.editor.annotation.id == first.id
    # a double-click on it in the panel puts the cursor in its first field
    rect = window.panel.visual_rect(first.id)
    qtbot.mouseClick(window.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.panel.editor.claimant.hasFocus()


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                  (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)])
def test_the_annotations_table_closes_with_esc_and_ctrl_w(qtbot, window, corpus_project: Path, keys) -> None:
    assert window.open_project(corpus_project)
    tag_with_key(qtbot, window, EXAMPLES[0]["exact"], EXAMPLES[0]["kind"], KEYS[EXAMPLES[0]["kind"]])
    qtbot.keyClick(window.reader, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    table = window.table_window
    qtbot.waitExposed(table)
    bound = [s.key().toString() for s in table.findChildren(QShortcut)]
    assert len(bound) == len(set(bound))  # a key bound twice in one window is ambiguous: it does nothing
    for widget in (table.view, table.search):  # from the table and from its filter box
        assert table.isVisible()
        table.activateWindow()  # keys go to the window in front: the table
        qtbot.waitUntil(lambda: QApplication.activeWindow() is table)
        widget.setFocus()
        qtbot.keyClick(widget, *keys)
        assert not table.isVisible(), widget
        assert window.isVisible() and window.project is not None  # only the table closed
        window.show_table()
