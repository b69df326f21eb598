"""Colour maths for the tests that judge highlight colours: sRGB to CIE L*a*b*."""

from __future__ import annotations

from PySide6.QtGui import QColor


def linear(c: float) -> float:
    """An sRGB channel (0..1) as linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab_of_linear(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a colour given as linear-light RGB."""
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def lab(colour: QColor) -> tuple[float, float, float]:
    return lab_of_linear((linear(colour.redF()), linear(colour.greenF()), linear(colour.blueF())))
