"""The library's search (titles, text, notes, tags), sorting, filters and counts, and
the annotation panel's filters and order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from claimmark.core.annotate import editing as edits
from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.model.extracted import Extracted
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from claimmark.ui.library import CountsRole, DocIdRole, SubtitleRole
from tests.annotation_helpers import installation, tag_examples

from .conftest import open_window

ARTICLES = [
    ("Zebra crossings save lives", "Road News", "2023-05-01", "Councils painted new crossings near schools."),
    (
        "Apple harvest breaks records",
        "Farm Weekly",
        "2024-09-12",
        "Orchards reported the largest yield in decades.",
    ),
    ("Mayor denies budget shortfall", "City Desk", "2022-01-30", "The mayor said the budget is balanced."),
]


def _project(path: Path) -> None:
    with Project.open(path, create=True) as project:
        for title, site, date, body in ARTICLES:
            reading = ReadingDocument([Block("heading", title, level=1), Block("paragraph", body)])
            project.add_document(
                Extracted(
                    source_name=f"{title}.txt",
                    source_format="txt",
                    metadata={"title": title, "site_name": site, "published": date},
                    document=reading,
                    images={},
                    original=b"",
                    original_size=0,
                    content_hash=title,
                )
            )
        edits.add(
            project,
            3,
            "claim",
            *_span(project, 3, "the budget is balanced"),
            claimant="The mayor",
            tags=["budget"],
            note="Auditors disagree",
            author="Ana",
        )
        with installation(path.parent / "ben-config"):  # a colleague: another author id
            edits.add(project, 3, "quote", *_span(project, 3, "The mayor said"), speaker="Mayor", author="Ben")
        edits.add(
            project,
            2,
            "citation",
            *_span(project, 2, "Orchards reported"),
            source_title="Farm survey",
            tags=["agriculture"],
            author="Ana",
        )


def _span(project: Project, doc: int, exact: str) -> tuple[int, int]:
    start = project.document(doc).text.index(exact)
    return start, start + len(exact)


def titles(window) -> list[str]:
    model = window.library.model
    return [model.index(row).data() for row in range(model.rowCount())]


def test_library_rows_search_sort_and_filter(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    library = window.library
    assert titles(window) == [a[0] for a in reversed(ARTICLES)]  # recently imported first
    mayor = library.model.index(0)
    assert mayor.data(DocIdRole) == 3
    assert mayor.data(SubtitleRole) == "City Desk  ·  2022-01-30"
    assert mayor.data(CountsRole) == {"claim": 1, "quote": 1}
    library.sort.setCurrentIndex(library.sort.findData("title"))
    assert titles(window) == sorted(a[0] for a in ARTICLES)
    library.sort.setCurrentIndex(library.sort.findData("published"))
    assert titles(window)[0] == "Apple harvest breaks records"
    library.search.setText("orchard")  # reading text
    assert titles(window) == ["Apple harvest breaks records"]
    library.search.setText("auditors")  # a note
    assert titles(window) == ["Mayor denies budget shortfall"]
    library.search.setText("agricultur")  # a tag, prefix-matched
    assert titles(window) == ["Apple harvest breaks records"]
    library.search.setText("zebra")  # a title
    assert titles(window) == ["Zebra crossings save lives"]
    assert "1 of 3 documents shown" in window.status_counts.text()
    library.search.clear()
    library.kind.setCurrentIndex(library.kind.findData("citation"))
    assert titles(window) == ["Apple harvest breaks records"]
    library.kind.setCurrentIndex(0)
    library.tag.setCurrentIndex(library.tag.findData("budget"))
    assert titles(window) == ["Mayor denies budget shortfall"]
    library.tag.setCurrentIndex(0)
    assert [library.author.itemText(i) for i in range(library.author.count())] == ["Any author", "Mine", "Ben"]
    library.author.setCurrentIndex(library.author.findText("Ben"))
    assert titles(window) == ["Mayor denies budget shortfall"]


def test_down_and_return_in_the_search_box_reach_the_results(qtbot, window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    library = window.library
    assert window.document_id == 3
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert library.search.hasFocus()
    qtbot.keyClicks(library.search, "crossings")
    assert titles(window) == ["Zebra crossings save lives"]
    qtbot.keyClick(library.search, Qt.Key.Key_Down)  # into the results: the first one
    assert library.list.hasFocus() and library.list.currentIndex().row() == 0
    assert window.document_id == 1
    qtbot.keyClick(library.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(library.search, "orchards")
    qtbot.keyClick(library.search, Qt.Key.Key_Return)  # nothing selected among them: the first
    assert window.document_id == 2 and window.reader.hasFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(library.search, Qt.Key.Key_Backspace)
    assert titles(window)[0] != "Apple harvest breaks records" and library.current_document() == 2
    qtbot.keyClick(library.search, Qt.Key.Key_Return)  # the selected result, not the first
    assert window.document_id == 2 and window.reader.hasFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(library.search, "nothing like this")
    qtbot.keyClick(library.search, Qt.Key.Key_Down)
    qtbot.keyClick(library.search, Qt.Key.Key_Return)
    assert library.search.hasFocus() and window.document_id == 2  # no results: nowhere to go


def test_panel_filters_and_orders_the_documents_annotations(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    window.library.select_document(3)
    panel = window.panel
    assert [a.kind for a in panel.model.items] == ["quote", "claim"]  # reading order
    assert panel.heading.text() == "Annotations (2)"
    panel.order.setCurrentIndex(panel.order.findData("kind"))
    assert [a.kind for a in panel.model.items] == ["claim", "quote"]
    panel.kind.setCurrentIndex(panel.kind.findData("quote"))
    assert [a.kind for a in panel.model.items] == ["quote"]
    assert panel.heading.text() == "Annotations (1 of 2)"
    panel.kind.setCurrentIndex(0)
    panel.tag.setCurrentIndex(panel.tag.findData("budget"))
    assert [a.kind for a in panel.model.items] == ["claim"]
    panel.tag.setCurrentIndex(0)
    assert [panel.author.itemText(i) for i in range(panel.author.count())] == ["All authors", "Mine", "Ben"]
    panel.author.setCurrentIndex(panel.author.findText("Mine"))
    assert [a.author for a in panel.model.items] == ["Ana"]
    panel.author.setCurrentIndex(panel.author.findText("Ben"))
    assert [a.author for a in panel.model.items] == ["Ben"]
    tip = panel.model.index(0).data(0x03)  # ToolTipRole
    assert "Mayor" in tip and "By Ben" in tip


def test_f6_moves_between_the_panes_and_everything_has_a_name(qtbot, window, tmp_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    window.activateWindow()
    window.library.list.setFocus()
    order = []
    for _ in range(3):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F6)
        order.append(window.focusWidget())
    assert order == [window.reader, window.panel.list, window.library.list]
    controls = [w for kind in (QComboBox, QLineEdit, QPlainTextEdit) for w in window.findChildren(kind)]
    named = [w for w in controls if w.isVisibleTo(window) and not isinstance(w.parent(), QComboBox)]
    assert len(named) >= 10
    assert [w for w in named if not w.accessibleName()] == []
    for button in window.reader.tag_bar.findChildren(QAbstractButton):
        assert button.accessibleName() and "(" in button.toolTip()


def test_export_of_the_current_filter_in_each_format(window, tmp_path) -> None:
    import csv
    import json
    import re

    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    window.library.author.setCurrentIndex(window.library.author.findText("Mine"))  # Ana's
    assert titles(window) == ["Mayor denies budget shortfall", "Apple harvest breaks records"]
    written = {}
    for fmt in ("csv", "md", "json"):
        window.show_export()
        dialog = window.last_dialog
        assert dialog.scope_buttons["filter"].isEnabled()
        dialog.format_buttons[fmt].setChecked(True)
        dialog.scope_buttons["filter"].setChecked(True)
        dialog.choose_path = lambda suggested, file_filter, f=fmt: str(tmp_path / f"export.{f}")
        dialog.export_button.click()
        assert dialog.written == tmp_path / f"export.{fmt}"
        written[fmt] = dialog.written.read_text(encoding="utf-8")
    rows = list(csv.DictReader(written["csv"].splitlines()))
    assert sorted((r["kind"], r["author"]) for r in rows) == [("citation", "Ana"), ("claim", "Ana")]
    assert "Mayor denies budget shortfall" in written["md"] and "Apple harvest" in written["md"]
    assert "The mayor said" not in written["md"]  # Ben's quote is outside the filter
    data = json.loads(written["json"])
    kinds = re.findall(r'"cm:kind": "(\w+)"', json.dumps(data))
    assert sorted(kinds) == ["citation", "claim"]


def test_a_tag_filter_whose_tag_disappears_falls_back_to_any_tag(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    library = window.library
    library.tag.setCurrentIndex(library.tag.findData("agriculture"))
    assert titles(window) == ["Apple harvest breaks records"]
    citation = next(a for a in ann.query(window.project) if a.kind == "citation")
    window.library.select_document(citation.document_id)
    window.tagging.delete(citation.id)  # the only annotation tagged "agriculture"
    assert library.tag.currentData() == ""
    assert len(titles(window)) == 3
    window.act_undo.trigger()
    assert library.tag.findData("agriculture") >= 0


def test_an_export_that_cannot_be_written_is_a_clear_dialog(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    window.show_export()
    dialog = window.last_dialog
    dialog.choose_path = lambda suggested, file_filter: str(tmp_path / "no" / "such" / "folder" / "out.csv")
    dialog.export_button.click()
    error = window.last_dialog
    assert error.objectName() == "ErrorDialog" and error.isVisible()
    assert error.text().startswith("“out.csv” was not written: the folder does not exist.")
    assert "Traceback" not in error.text()
    assert dialog.isVisible() and dialog.written is None  # the export dialog stays open to try again


def test_an_orphaned_annotation_is_listed_but_not_drawn(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    with Project.open(path) as project, project.transaction() as db:
        db.execute("UPDATE annotations SET anchor_status = 'orphaned' WHERE kind = 'quote'")
    assert window.open_project(path)
    window.library.select_document(3)
    quote = next(a for a in window.panel.model.items if a.kind == "quote")
    assert (
        window.panel.model.index(window.panel.model.row_of(quote.id)).data().count("passage not found") == 1
    )
    assert quote.id not in window.reader.highlights
    window.show_annotation(quote.id)
    assert "no longer in the text" in window.statusBar().currentMessage()
    assert window.reader.extraSelections() == []


def test_undo_in_another_document_shows_that_document(window, tmp_path) -> None:
    path = tmp_path / "lib.claimmark"
    _project(path)
    assert window.open_project(path)
    window.library.select_document(3)
    quote = next(a for a in window.panel.model.items if a.kind == "quote")
    window.tagging.delete(quote.id)
    window.library.select_document(1)
    assert window.document_id == 1
    window.act_undo.trigger()
    assert window.document_id == 3 and window.library.current_document() == 3
    assert window.panel.current_id() == quote.id
    assert window.reader.is_visible_core(quote.start)


def test_the_annotation_list_gets_most_of_the_height_and_keeps_a_dragged_split(qtbot, corpus_project) -> None:
    with Project.open(corpus_project) as project:
        tag_examples(project)  # six annotations
    first = open_window(qtbot, 1280, 820)
    assert first.open_project(corpus_project)
    panel = first.panel
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)  # the first annotation: the editor opens
    assert panel.current_id() is not None and panel.editor.isVisible()
    handle = panel.split.handle(1)
    qtbot.waitUntil(lambda: handle.y() == panel.split.sizes()[0])  # laid out as the sizes say
    list_height, editor_height = panel.split.sizes()
    assert list_height > 2 * editor_height
    assert panel.list.viewport().height() // panel.list.sizeHintForRow(0) >= 4  # rows in view
    qtbot.keyClick(panel.list, Qt.Key.Key_End)  # the last annotation: the drag keeps it in view
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    drag_to = start + QPoint(0, -200)  # QTest's mouseMove carries no button: a held-button move
    QApplication.sendEvent(handle, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(drag_to), QPointF(handle.mapToGlobal(drag_to)),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    ))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=drag_to)
    dragged = panel.split.sizes()
    assert abs(dragged[0] - (list_height - 200)) < 10
    share = dragged[0] / sum(dragged)
    assert panel.list.viewport().rect().contains(panel.list.visualRect(panel.list.currentIndex()))
    qtbot.keyClick(panel.list, Qt.Key.Key_Up)  # another annotation: the split stays
    assert panel.split.sizes() == dragged
    first.close()

    again = open_window(qtbot, 1280, 820)  # a restart
    assert again.open_project(corpus_project)
    again.panel.list.setFocus()
    qtbot.keyClick(again.panel.list, Qt.Key.Key_Down)
    sizes = again.panel.split.sizes()
    assert again.panel.editor.isVisible() and abs(sizes[0] / sum(sizes) - share) < 0.01
    again.close_project()
