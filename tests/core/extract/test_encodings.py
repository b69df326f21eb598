"""Pages in other scripts and encodings come out right: BOM, then the declared
charset, then detection, all before readability sees the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmark.core.extract.encoding import clean_text, codec_for, decode_bytes
from claimmark.core.extract.pipeline import extract_file

RUSSIAN = (
    "Министерство иностранных дел заявило в понедельник, что Соединённые Штаты остаются главной "
    "угрозой для глобальной кибербезопасности, и призвало мировое сообщество к совместным действиям."
)
JAPANESE = (
    "外務省の報道官は月曜日の記者会見で、米国こそが世界のサイバーセキュリティに対する最大の脅威であると述べ、"
    "国際社会に対して共同で対応するよう呼びかけた。報道官はまた、各国の企業に対する不当な圧力を批判した。"
)
ARABIC = (
    "قال متحدث باسم وزارة الخارجية يوم الاثنين إن الولايات المتحدة هي أكبر تهديد للأمن السيبراني "
    "العالمي، ودعا المجتمع الدولي إلى العمل معا لكشف هذه المحاولات ومقاومتها."
)


def page(body: str, head: str = "", lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{body} ({n})</p>" for n in range(4))
    return (
        f'<html lang="{lang}"><head>{head}<title>Headline</title></head>'
        f"<body><article><h1>Headline</h1>{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "encoding", "head", "lang"),
    [
        (RUSSIAN, "cp1251", '<meta charset="windows-1251">', "ru"),
        (RUSSIAN, "koi8-r", '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "ru"),
        (RUSSIAN, "cp1251", "", "ru"),  # no declaration: detected
        (JAPANESE, "shift_jis", '<meta charset="Shift_JIS">', "ja"),
        (JAPANESE, "euc-jp", '<meta charset="EUC-JP">', "ja"),
        (JAPANESE, "shift_jis", "", "ja"),
        (ARABIC, "utf-8", "", "ar"),
        (ARABIC, "cp1256", '<meta charset="windows-1256">', "ar"),
    ],
)
def test_declared_and_detected_charsets(tmp_path: Path, text: str, encoding: str, head: str, lang: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page(text, head, lang).encode(encoding))
    extracted = extract_file(path)
    assert text in extracted.document.body_text
    assert extracted.metadata["language"] == lang


@pytest.mark.parametrize("bom_encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marks(tmp_path: Path, bom_encoding: str) -> None:
    path = tmp_path / "page.html"
    # a BOM wins over a wrong declaration
    path.write_bytes(page(RUSSIAN, '<meta charset="iso-8859-1">').encode(bom_encoding))
    if bom_encoding == "utf-16-be":
        path.write_bytes(b"\xfe\xff" + page(RUSSIAN, '<meta charset="iso-8859-1">').encode("utf-16-be"))
    assert RUSSIAN in extract_file(path).document.body_text


@pytest.mark.parametrize("label", ["foo", "base64", "unicode_escape", "rot13", "utf-7", "x-user-defined!"])
def test_unknown_or_unsafe_declared_charsets_are_ignored(tmp_path: Path, label: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page(RUSSIAN, f'<meta charset="{label}">').encode("utf-8"))
    assert RUSSIAN in extract_file(path).document.body_text


def test_codec_labels() -> None:
    assert codec_for("windows-1251") == "cp1251"
    assert codec_for("ISO-8859-1") == "cp1252"  # WHATWG: latin1 means windows-1252
    assert codec_for("unicode_escape") is None
    assert codec_for("base64") is None
    assert codec_for("no-such-charset") is None


def test_control_characters_and_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    assert decode_bytes(b"a\x00b\x01c\td") == "a\ufffdb\ufffdc\td"
    assert clean_text("x\ud800y") == "x\ufffdy"
    path = tmp_path / "controls.html"
    body = f"Nul\x00here and a surrogate &#xD800; there, control \x07 bell. {RUSSIAN}"
    path.write_bytes(page(body).encode("utf-8"))
    text = extract_file(path).document.body_text
    assert "Nul\ufffdhere" in text and "\x00" not in text and "\x07" not in text
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)


def test_right_to_left_text_keeps_its_order(tmp_path: Path) -> None:
    path = tmp_path / "rtl.txt"
    path.write_text(f"عنوان المقال\n\n{ARABIC}\n\n{ARABIC} ثانيا.\n", encoding="utf-8")
    extracted = extract_file(path)
    assert extracted.metadata["title"] == "عنوان المقال"
    assert extracted.document.body_text.split("\n")[0] == ARABIC
