"""The annotation panel's list above its editor, with a handle between them; the
list's share of the height is kept in the settings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget

from claimmark.ui import config

LIST_SHARE_KEY = "view/annotation_list_share"
DEFAULT_LIST_SHARE = 0.7  # of the height the list and the editor share: most of it to the list


class ListEditorSplit(QSplitter):
    """The list above, the editor below, with a handle between them. The editor sits in
    a scroll area, so it can be made smaller than its fields; it shows and hides with
    the editor. The list's share of the height is kept in the settings."""

    def __init__(self, top: QWidget, editor: QWidget, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("AnnotationSplitter")
        self.setChildrenCollapsible(False)
        self.area = QScrollArea(self)
        self.area.setObjectName("EditorArea")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setMinimumHeight(90)
        self.area.setWidget(editor)
        self.addWidget(top)
        self.addWidget(self.area)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.area.hide()
        try:
            share = float(config.get_str(LIST_SHARE_KEY, str(DEFAULT_LIST_SHARE)))
        except ValueError:
            share = DEFAULT_LIST_SHARE
        self.share = min(0.9, max(0.1, share))
        self._save_timer = QTimer(self, singleShot=True, interval=400)  # once a drag settles
        self._save_timer.timeout.connect(self._save)
        self.splitterMoved.connect(self._moved)
        editor.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        # ShowToParent / HideToParent: the editor's own show() and hide(), even while
        # the area (its parent) is hidden
        if event.type() == QEvent.Type.ShowToParent and self.area.isHidden():
            self.area.show()
            self.apply_share()
        elif event.type() == QEvent.Type.HideToParent:
            self.area.hide()
        return False

    def apply_share(self) -> None:
        total = self.height() - self.handleWidth()
        if total > 0:
            self.setSizes([round(total * self.share), total - round(total * self.share)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.area.isHidden():
            self.apply_share()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._save_timer.isActive():  # the window is closing: do not lose the last drag
            self._save_timer.stop()
            self._save()
        super().hideEvent(event)

    def _save(self) -> None:
        config.set_value(LIST_SHARE_KEY, f"{self.share:.3f}")

    def _moved(self, _pos: int, _index: int) -> None:
        sizes = self.sizes()
        if len(sizes) == 2 and sum(sizes) > 0 and sizes[1] > 0:
            self.share = sizes[0] / sum(sizes)
            self._save_timer.start()
