"""Help ▸ About ClaimMark: the version, the licence, and the versions a bug report needs."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from claimmark import __version__
from claimmark.ui.icons import icon

LICENCE = "GPL-3.0-or-later"  # as pyproject.toml declares it (tests/ui/test_about.py checks)


def version_rows() -> list[tuple[str, str]]:
    """What the dialog lists under the name, in order."""
    from claimmark.core import format_version

    return [
        ("Version", __version__),
        ("Licence", f"{LICENCE} (GNU General Public License)"),
        ("Project file format", str(format_version())),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", platform.python_version()),
    ]


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle("About ClaimMark")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        logo = QLabel(self)
        logo.setPixmap(icon("claimmark").pixmap(48, 48))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(logo)
        title = QLabel("<h2>ClaimMark</h2>", self)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title)
        blurb = QLabel("Read saved articles offline and tag their claims, quotes and citations.", self)
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(blurb)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.values: dict[str, QLabel] = {}
        for row, (name, value) in enumerate(version_rows()):
            grid.addWidget(QLabel(name, self), row, 0, Qt.AlignmentFlag.AlignRight)
            label = QLabel(value, self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, row, 1)
            self.values[name] = label
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(grid)
        centred.addStretch(1)
        layout.addLayout(centred)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
