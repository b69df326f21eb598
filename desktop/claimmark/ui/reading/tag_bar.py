"""The small floating bar by a selection in the reading view: one button per kind."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from claimmark.ui import theme as themes
from claimmark.ui.icons import icon


class TagBar(QFrame):
    """The small floating bar by a selection: one button per kind."""

    tag = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("TagBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for kind in themes.KINDS:
            button = QToolButton(self)
            keys = themes.KIND_KEYS[kind]
            button.setText(themes.KIND_LABELS[kind])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"Tag the selection as a {kind} ({keys[0]} or {keys[1]})")
            button.setAccessibleName(f"Tag as {kind}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, k=kind: self.tag.emit(k))
            layout.addWidget(button)
            self.buttons[kind] = button
        self.hide()

    def set_theme(self, theme: themes.Theme) -> None:
        for kind, button in self.buttons.items():
            button.setIcon(icon(kind, theme.kinds[kind]))
        surface = "#2C2D31" if theme.dark else "#FFFFFF"
        border = "#4A4B50" if theme.dark else "#C9C7C0"
        hover = "#3A3B40" if theme.dark else "#EFEEE9"
        self.setStyleSheet(
            f"#TagBar {{ background: {surface}; border: 1px solid {border}; border-radius: 7px; }}"
            f"#TagBar QToolButton {{ color: {theme.text}; padding: 3px 8px; border-radius: 5px; }}"
            f"#TagBar QToolButton:hover {{ background: {hover}; }}"
        )

    def show_by(self, start: QRect, end: QRect, viewport: QRect) -> None:
        """Show the bar above the selection whose first and last cursor rectangles are
        `start` and `end` (below it near the top), unless its end is out of view."""
        if not viewport.intersects(end):
            self.hide()  # the selection's end is scrolled out of view
            return
        rect = start.united(end)
        bar: QSize = self.sizeHint()
        x = min(max(4, end.right() - bar.width() // 2), viewport.width() - bar.width() - 4)
        y = rect.top() - bar.height() - 6
        if y < 4:
            y = rect.bottom() + 6
        self.resize(bar)
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
