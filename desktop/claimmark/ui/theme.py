"""Reading themes (light, sepia, dark), the application palette and the kinds' styles.

The three kinds use colours from the Okabe–Ito palette, chosen to stay apart under
the common colour-vision deficiencies, and each kind also has its own underline
(solid, dashed, wavy) and marker shape, so colour is never the only difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "sepia", "dark")
THEME_LABELS = {"system": "Follow the system", "light": "Light", "sepia": "Sepia", "dark": "Dark"}
KINDS = ("claim", "quote", "citation")
KIND_LABELS = {"claim": "Claim", "quote": "Quote", "citation": "Citation"}
KIND_KEYS = {"claim": ("1", "C"), "quote": ("2", "Q"), "citation": ("3", "R")}
KIND_MARKERS = {"claim": "●", "quote": "■", "citation": "▲"}


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    page: str  # reading background
    text: str
    muted: str  # byline, captions
    link: str
    chrome: str  # window background around the page
    highlight_alpha: float  # how strongly a kind's colour tints the page
    kinds: dict[str, str]  # kind -> strong colour (markers, underlines)
    tints: dict[str, str]  # kind -> the colour its highlight mixes into the page

    def kind_colour(self, kind: str) -> QColor:
        return QColor(self.kinds.get(kind, self.muted))

    def tint_source(self, kind: str) -> QColor:
        return QColor(self.tints.get(kind, self.muted))

    def tint(self, kind: str) -> QColor:
        """The kind's highlight colour on this page."""
        return blend(QColor(self.page), self.tint_source(kind), self.highlight_alpha)


def blend(base: QColor, over: QColor, alpha: float) -> QColor:
    return QColor(
        round(base.red() + (over.red() - base.red()) * alpha),
        round(base.green() + (over.green() - base.green()) * alpha),
        round(base.blue() + (over.blue() - base.blue()) * alpha),
    )


# Orange and sky blue from Okabe & Ito's palette, and a violet chosen so that the three
# highlights stay apart (CIE76 distance of 20 or more) under simulated protanopia,
# deuteranopia and tritanopia on every page colour (tests/ui/test_theme.py measures it).
_LIGHT_KINDS = {"claim": "#E69F00", "quote": "#56B4E9", "citation": "#5530DD"}
_DARK_KINDS = {"claim": "#F0B030", "quote": "#6CC4F4", "citation": "#A58BFF"}  # legible on dark

_THEMES = {
    "light": Theme(
        "light",
        False,
        "#FCFCFA",
        "#1F1F1D",
        "#66625A",
        "#1F5FA8",
        "#EFEFEC",
        0.38,
        _LIGHT_KINDS,
        _LIGHT_KINDS,
    ),
    "sepia": Theme(
        "sepia",
        False,
        "#F5EDDC",
        "#3A2E1F",
        "#7A6A52",
        "#7A3E12",
        "#E9DFC9",
        0.40,
        _LIGHT_KINDS,
        _LIGHT_KINDS,
    ),
    "dark": Theme(
        "dark", True, "#1E1F22", "#DADAD4", "#9C9A92", "#8AB8F0", "#2A2B2F", 0.34, _DARK_KINDS, _LIGHT_KINDS
    ),
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt before 6.5
        return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(name: str) -> Theme:
    """The theme for a setting value; "system" follows the system's light or dark mode."""
    if name not in _THEMES:
        name = "dark" if system_is_dark() else "light"
    return _THEMES[name]


UNDERLINES = {
    "claim": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "quote": QTextCharFormat.UnderlineStyle.DashUnderline,
    "citation": QTextCharFormat.UnderlineStyle.WaveUnderline,
}


def underline_style(kind: str) -> QTextCharFormat.UnderlineStyle:
    return UNDERLINES.get(kind, QTextCharFormat.UnderlineStyle.DotLine)


def apply_palette(app: QApplication, theme: Theme) -> None:
    """Fusion with a palette matching the theme: dark chrome for the dark theme."""
    if theme.dark:
        palette = QPalette()
        window, base, text = QColor("#26272B"), QColor("#1E1F22"), QColor("#DADAD4")
        palette.setColor(QPalette.ColorRole.Window, window)
        palette.setColor(QPalette.ColorRole.WindowText, text)
        palette.setColor(QPalette.ColorRole.Base, base)
        palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#2C2D31"))
        palette.setColor(QPalette.ColorRole.Text, text)
        palette.setColor(QPalette.ColorRole.Button, QColor("#303136"))
        palette.setColor(QPalette.ColorRole.ButtonText, text)
        palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#303136"))
        palette.setColor(QPalette.ColorRole.ToolTipText, text)
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#85847E"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#3D6FB0"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
        palette.setColor(QPalette.ColorRole.Link, QColor(theme.link))
        palette.setColor(QPalette.ColorRole.Mid, QColor("#44454A"))
        palette.setColor(QPalette.ColorRole.Midlight, QColor("#3A3B40"))
        palette.setColor(QPalette.ColorRole.Dark, QColor("#18191B"))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#77766F"))
    else:
        palette = app.style().standardPalette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#F3F3F1"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#3D6FB0"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    if app.palette() == palette:
        return  # setting it again would polish every widget afresh for nothing
    app.setPalette(palette)
    sheet = app.styleSheet()
    if sheet:  # widgets under a style sheet keep the palette they were polished with
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
