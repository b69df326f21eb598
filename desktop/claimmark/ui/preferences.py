"""Preferences: the author name on new annotations (and, when asked, on your
annotations in the open project), the theme, colouring by author and the reading font."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from claimmark import core
from claimmark.core.model.printable import printable
from claimmark.ui import theme as themes
from claimmark.ui.reading import MAX_FONT_SIZE, MIN_FONT_SIZE, ReadingView, ViewFonts, reading_face

if TYPE_CHECKING:
    from claimmark.core import Project


class PreferencesWindow(Protocol):
    """What Preferences reads and sets on the main window."""

    theme_name: str
    colour_by_author: bool
    act_colour_by_author: QAction
    reader: ReadingView
    last_dialog: Any

    @property
    def project(self) -> Project | None: ...
    def set_theme(self, name: str) -> None: ...
    def set_colour_by_author(self, on: bool) -> None: ...
    def refresh(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...


class PreferencesDialog(QDialog):
    def __init__(self, window: PreferencesWindow):
        super().__init__(cast(QWidget, window))  # the main window
        self.window_ = window
        self.setObjectName("PreferencesDialog")
        self.setWindowTitle("Preferences")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.author = QLineEdit(self)
        self.author.setAccessibleName("Your name")
        self.author.setText(core.author_name() or "")
        self.author.setPlaceholderText("The name your annotations carry")
        form.addRow("Your &name", self.author)
        self.names_here = self._my_names_here()
        self.rename = QCheckBox(self)
        self.rename.setObjectName("RenameMine")
        self.rename.setChecked(True)
        self.rename.setToolTip("Renames your annotations in this project; merges carry the rename over")
        form.addRow("", self.rename)
        self.author.textChanged.connect(self._offer_rename)
        self._offer_rename()
        self.theme = QComboBox(self)
        for name in themes.THEMES:
            self.theme.addItem(themes.THEME_LABELS[name], name)
        self.theme.setCurrentIndex(max(0, self.theme.findData(window.theme_name)))
        self.theme.setAccessibleName("Theme")
        form.addRow("&Theme", self.theme)
        self.colour_by_author = QCheckBox("Colour highlights by &author instead of by kind", self)
        self.colour_by_author.setToolTip("The same as View ▸ Colour by Author")
        self.colour_by_author.setChecked(window.colour_by_author)
        window.act_colour_by_author.toggled.connect(self._colour_toggled)  # the menu, while open
        form.addRow("", self.colour_by_author)
        fonts: ViewFonts = window.reader.fonts
        self.default_font = QCheckBox("Use the default reading font", self)
        self.default_font.setChecked(not fonts.family)
        form.addRow("", self.default_font)
        self.family = QFontComboBox(self)
        self.family.setAccessibleName("Reading font")
        if fonts.family:
            self.family.setCurrentFont(QFont(fonts.family))
        self.family.setEnabled(bool(fonts.family))
        self.default_font.toggled.connect(lambda on: self.family.setEnabled(not on))
        form.addRow("Reading &font", self.family)
        self.sans = QCheckBox("Prefer a sans-serif face for the default font", self)
        self.sans.setChecked(fonts.sans)
        form.addRow("", self.sans)
        self.default_font.toggled.connect(self._show_default_face)
        self.sans.toggled.connect(self._show_default_face)
        self._show_default_face()
        self.text_size = QDoubleSpinBox(self)
        self.text_size.setRange(MIN_FONT_SIZE, MAX_FONT_SIZE)
        self.text_size.setSingleStep(1.0)
        self.text_size.setDecimals(0)
        self.text_size.setSuffix(" pt")
        self.text_size.setValue(fonts.size)
        self.text_size.setAccessibleName("Text size")
        form.addRow("Text &size", self.text_size)
        layout.addLayout(form)
        hint = QLabel("Ctrl+= and Ctrl+- change the text size while reading; Ctrl+0 resets it.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        from claimmark.ui import config

        name = " ".join(self.author.text().split())
        if name and name != (core.author_name() or ""):
            core.set_author_name(name)
        if name and self.rename.isChecked() and self._renamed_away(name):
            self._rename_mine(name)
        family = "" if self.default_font.isChecked() else self.family.currentFont().family()
        fonts = ViewFonts(self.text_size.value(), family, self.sans.isChecked())
        self.window_.reader.set_fonts(fonts)
        config.set_value("view/font_size", fonts.size)
        config.set_value("view/font_family", fonts.family)
        config.set_value("view/font_sans", "true" if fonts.sans else "false")
        self.window_.set_theme(self.theme.currentData())
        self.window_.set_colour_by_author(self.colour_by_author.isChecked())
        super().accept()

    def _show_default_face(self, *_args: object) -> None:
        """With the default font, the box shows the face the article is really set in
        (the first installed of the serif or sans list), not the box's own first entry."""
        if self.default_font.isChecked():
            self.family.setCurrentFont(QFont(reading_face(ViewFonts(family="", sans=self.sans.isChecked()))))

    def _my_names_here(self) -> dict[str, int]:
        """The names your live annotations in the open project carry (none when read-only)."""
        from claimmark.ui.authorship import my_author_id

        project = self.window_.project
        if project is None or project.read_only:
            return {}
        return core.author_names_in_use(project, my_author_id())

    def _renamed_away(self, name: str) -> dict[str, int]:
        return {n: count for n, count in self.names_here.items() if n != name}

    def _offer_rename(self, *_args: object) -> None:
        """The box shows while some of your annotations here carry another name than the one typed."""
        name = " ".join(self.author.text().split())
        others = self._renamed_away(name) if name else {}
        count = sum(others.values())
        listed = ", ".join(f"“{n}”" for n in sorted(others, key=str.casefold))
        plural = "s" if count != 1 else ""
        self.rename.setText(f"Also rename your {count} annotation{plural} here under {listed}")
        self.rename.setVisible(count > 0)

    def _rename_mine(self, name: str) -> None:
        from claimmark.core.model.errors import ClaimMarkError
        from claimmark.ui.authorship import my_author_id
        from claimmark.ui.errors import show_error

        project = self.window_.project
        if project is None:
            return
        try:
            count = core.rename_author(project, my_author_id(), name)
        except ClaimMarkError as exc:
            self.window_.last_dialog = show_error(
                cast(QWidget, self.window_),
                "Renaming",
                f"Your annotations could not be renamed.\n{printable(exc.message)}",
            )
            return
        self.window_.refresh()
        self.window_.statusBar().showMessage(
            f"{count} annotation{'s' if count != 1 else ''} now under “{printable(name)}”", 5000
        )

    def _colour_toggled(self, on: bool) -> None:
        self.colour_by_author.setChecked(on)

    def done(self, result: int) -> None:
        if self.isVisible():  # once: done() may be called again on a closed dialog
            self.window_.act_colour_by_author.toggled.disconnect(self._colour_toggled)
        super().done(result)
