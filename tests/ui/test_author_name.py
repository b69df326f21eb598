"""The author's name: the prompt before the first annotation, left blank, takes the
login name once; Preferences renames you, on your annotations in the open project too."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from claimmark.core.annotate.authors import login_name
from claimmark.core.store import annotations as ann
from claimmark.core.store import preferences


def answer_prompts(qtbot, answers: list[str], seen: list[str]) -> None:
    """Type each answer into the next modal prompt and press Return (Escape for None)."""

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, respond)
            return
        seen.append(dialog.labelText())
        field = dialog.findChild(QLineEdit)
        answer = answers.pop(0) if answers else ""
        if answer is None:
            qtbot.keyClick(field, Qt.Key.Key_Escape)
        else:
            qtbot.keyClicks(field, answer)
            qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, respond)


def tag_phrase(qtbot, window, phrase: str, key: str) -> None:
    found = window.reader.document().find(phrase, 0, QTextDocument.FindFlag.FindCaseSensitively)
    window.reader.setTextCursor(found)
    qtbot.keyClick(window.reader, key)


def test_the_first_tag_asks_for_the_name_once(qtbot, window, corpus_project, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMARK_AUTHOR")
    assert window.open_project(corpus_project)
    window.reader.setFocus()
    seen: list[str] = []
    answer_prompts(qtbot, ["  Grace   Hopper "], seen)
    tag_phrase(qtbot, window, "Patriot Act", "1")
    tag_phrase(qtbot, window, "Tom Burt", "3")
    assert len(seen) == 1 and preferences.author_name() == "Grace Hopper"
    made = ann.query(window.project)
    assert [a.author for a in made] == ["Grace Hopper", "Grace Hopper"]
    assert sorted(a.exact for a in made) == ["Patriot Act", "Tom Burt"]


def test_a_blank_answer_takes_the_login_name_once(qtbot, window, corpus_project, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMARK_AUTHOR")
    assert window.open_project(corpus_project)
    window.reader.setFocus()
    seen: list[str] = []
    answer_prompts(qtbot, [None], seen)  # Escape: no annotation, asked again next time
    tag_phrase(qtbot, window, "Patriot Act", "1")
    assert len(seen) == 1 and ann.query(window.project) == []
    answer_prompts(qtbot, [""], seen)  # left blank
    tag_phrase(qtbot, window, "Patriot Act", "1")
    assert len(seen) == 2 and f"“{login_name()}”" in seen[1]
    answer_prompts(qtbot, ["Somebody Else"], seen)  # would be typed if asked again
    tag_phrase(qtbot, window, "Tom Burt", "3")
    qtbot.wait(50)
    assert len(seen) == 2  # not asked again
    assert preferences.author_name() == login_name()
    assert [a.author for a in ann.query(window.project)] == [login_name()] * 2


def test_preferences_rename_reaches_my_annotations_here(qtbot, window, corpus_project, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMARK_AUTHOR")
    preferences.set_author_name("root")
    assert window.open_project(corpus_project)
    window.reader.setFocus()
    tag_phrase(qtbot, window, "Patriot Act", "1")
    tag_phrase(qtbot, window, "Tom Burt", "3")
    window.show_table()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert dialog.objectName() == "PreferencesDialog"
    assert dialog.rename.isHidden()  # the name typed is the one on them
    dialog.author.setFocus()
    qtbot.keyClick(dialog.author, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.author, "Ada Lovelace")
    assert dialog.rename.isVisibleTo(dialog) and dialog.rename.isChecked()
    assert dialog.rename.text() == "Also rename your 2 annotations here under “root”"
    qtbot.keyClick(dialog.author, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert preferences.author_name() == "Ada Lovelace"
    assert {a.author for a in ann.query(window.project)} == {"Ada Lovelace"}
    assert {a.author for a in window.panel.model.items} == {"Ada Lovelace"}
    assert {window.table_window.model.row(r)[0].author for r in range(2)} == {"Ada Lovelace"}
    assert "Ada Lovelace" in window.panel.author.itemData(1, Qt.ItemDataRole.ToolTipRole)
    tag_phrase(qtbot, window, "Microsoft", "2")
    assert [a.author for a in ann.query(window.project)] == ["Ada Lovelace"] * 3


def test_the_rename_can_be_declined(qtbot, window, corpus_project, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMARK_AUTHOR")
    preferences.set_author_name("root")
    assert window.open_project(corpus_project)
    window.reader.setFocus()
    tag_phrase(qtbot, window, "Patriot Act", "1")
    window.acts.prefs.trigger()
    dialog = window.last_dialog
    dialog.author.selectAll()
    qtbot.keyClicks(dialog.author, "Ada")
    dialog.rename.setFocus()
    qtbot.keyClick(dialog.rename, Qt.Key.Key_Space)
    assert not dialog.rename.isChecked()
    qtbot.keyClick(dialog.author, Qt.Key.Key_Return)
    assert preferences.author_name() == "Ada"
    assert [a.author for a in ann.query(window.project)] == ["root"]
