"""Who last edited an annotation, in the window: the panel's row and editor, and each
side of a merge conflict (a colleague's edit no longer shows as the creator's)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from claimmark.core.share.merge import merge
from claimmark.core.store import annotations as ann
from claimmark.core.store.project import Project
from claimmark.ui.merge import ConflictsDialog
from tests.annotation_helpers import named
from tests.core.share.test_merge import pair  # noqa: F401  (pair: Alice's and Bob's copies)


def alice_with_bobs_work(pair: dict[str, object], tmp_path: Path) -> Path:  # noqa: F811
    target = tmp_path / "alice-merged.claimmark"
    shutil.copyfile(Path(str(pair["alice"])), target)
    with Project.open(target) as project:
        merge(project, Path(str(pair["bob"])))
    return target


def test_the_panel_shows_who_edited_a_colleagues_annotation(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    assert window.open_project(alice_with_bobs_work(pair, tmp_path))
    panel = window.panel
    edited = next(a for a in panel.all_items if a.uuid == pair["a3"])  # Alice's, Bob changed its tags
    own = next(a for a in panel.all_items if a.uuid == pair["a4"])  # Alice's, only hers
    row = panel.model.row_of(edited.id)
    tip = panel.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.endswith("By Alice · edited by Bob")
    own_tip = panel.model.index(panel.model.row_of(own.id)).data(Qt.ItemDataRole.ToolTipRole)
    assert own_tip.endswith("By Alice") and "edited by" not in own_tip
    assert panel.select(edited.id)
    assert panel.editor.isVisibleTo(panel)
    label = panel.editor.author.text()
    assert label.startswith("Alice · ") and label.endswith(" · edited by Bob")
    # an edit made here makes this installation the last editor, at once
    with named("Alice"):
        window.tagging.edit(edited.id, {"note": "Alice looked again"})
    assert ann.get(window.project, edited.id).modified_by == own.modified_by
    assert panel.select(edited.id)
    assert "edited by" not in panel.editor.author.text()


def test_each_side_of_a_conflict_shows_its_own_editor(qtbot, window, pair, tmp_path) -> None:  # noqa: F811
    assert window.open_project(alice_with_bobs_work(pair, tmp_path))
    window.show_conflicts()
    review = window.last_dialog
    assert isinstance(review, ConflictsDialog)
    view = review.conflicts
    view.list.setCurrentRow(next(i for i, e in enumerate(view.entries) if e.uuid == pair["a1"]))
    rows = view.shown_rows()
    assert rows["Author"] == ("Alice", "Alice")  # Alice made it ...
    assert rows["Edited by"] == ("Bob", "Alice")  # ... and each of them edited it
    header = view.table.verticalHeaderItem(list(rows).index("Edited by")).text()
    assert header == "≠ Edited by"
    review.close()
