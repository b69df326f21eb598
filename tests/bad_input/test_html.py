"""HTML broken in every way a saved page can be: the text that is there comes out,
hidden text does not, nothing is expanded or fetched, and a page without an article
is refused with "no article text found"."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.bad_input.conftest import SENTENCE, STORY, cli, imported_text, page, refused_import

RUSSIAN = ("Министерство иностранных дел заявило в понедельник, что Соединённые Штаты остаются главной "
           "угрозой для глобальной кибербезопасности, и призвало к совместным действиям.")
JAPANESE = ("外務省の報道官は月曜日の記者会見で、米国こそが世界のサイバーセキュリティに対する最大の脅威であると述べ、"
            "国際社会に対して共同で対応するよう呼びかけた。")


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def every_sentence_in(text: str, count: int = 6) -> bool:
    return all(SENTENCE.format(n=n) in text for n in range(count))


# -- malformed structure -------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "html"),
    [
        ("unclosed.html", "<html><head><title>A story</title><body><article><div><p>Opening <b>bold <i>italic "
         + STORY.replace("</p>", "")),
        ("no-body.html", "<title>A story</title>" + STORY),
        ("no-html.html", STORY),
        ("stray-closers.html", "</div></p></body></html>" + page() + "</td></tr></table></article>"),
        ("two-bodies.html", "<html><body><p>x</p></body><body>" + STORY + "</body></html>"),
        ("cdata-and-pi.html", '<?xml-stylesheet href="/etc/passwd"?><html><body><![CDATA[ignored]]>' + STORY + "</body></html>"),
        ("bad-attributes.html", page(STORY.replace("<p>", '<p class="a" "b"=c id=\'x <p data-x="\'>'))),
        ("huge-attribute.html", page(f'<p title="{"x" * 2_000_000}">{SENTENCE.format(n=0)}</p>' + STORY)),
    ],
)
def test_malformed_html_keeps_its_text(tmp_path: Path, project: Path, name: str, html: str) -> None:
    text = imported_text(project, write(tmp_path, name, html))
    assert every_sentence_in(text)


@pytest.mark.parametrize("depth", [300, 10_000, 20_000])
def test_deeply_nested_divs_keep_their_text_and_paragraphs(tmp_path: Path, project: Path, depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + STORY + "</div>" * depth + "</body></html>"
    text = imported_text(project, write(tmp_path, f"deep{depth}.html", html))
    body = text.split("\n")[1:]
    assert body == [SENTENCE.format(n=n) for n in range(6)]  # each paragraph its own block


def test_deeply_nested_unclosed_mixed_tags_keep_their_text(tmp_path: Path, project: Path) -> None:
    html = "<html><body>" + "<div><span><ul><li><blockquote>" * 3000 + STORY
    text = imported_text(project, write(tmp_path, "deepmix.html", html))
    assert every_sentence_in(text)


def test_a_frameset_page_has_no_article(tmp_path: Path, project: Path) -> None:
    bad = write(tmp_path, "frames.html",
                '<html><head><title>Frames</title></head><frameset><frame src="a.html"></frameset></html>')
    refused_import(project, bad, "no article text found")


# -- no article --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "html"),
    [
        ("title-only.html", "<html><head><title>Only a title</title></head><body></body></html>"),
        ("navigation.html", "<html><body><nav><ul>" + "".join(
            f'<li><a href="https://example.com/{n}">Section {n}</a></li>' for n in range(40))
         + "</ul></nav><ul>" + "".join(f'<li><a href="/{n}">Topic {n}</a></li>' for n in range(40))
         + "</ul></body></html>"),
        ("comments-only.html", "<html><body><!-- " + STORY + " --></body></html>"),
        ("script-only.html", "<html><body><script>document.write('" + SENTENCE + "')</script>"
         "<style>p { color: red }</style></body></html>"),
        ("empty-tags.html", "<html><body>" + "<p></p><div> </div>" * 2000 + "</body></html>"),
        ("form-only.html", "<html><body><form><input value='" + SENTENCE + "'><textarea>" + SENTENCE
         + "</textarea><button>Send</button></form></body></html>"),
    ],
)
def test_a_page_without_an_article_is_refused(tmp_path: Path, project: Path, name: str, html: str) -> None:
    refused_import(project, write(tmp_path, name, html), "no article text found")


# -- entities ------------------------------------------------------------------------
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/hostname">
 <!ENTITY param SYSTEM "file:///etc/passwd">
]>
"""


def test_a_billion_laughs_page_is_never_expanded(tmp_path: Path, project: Path) -> None:
    """Refused for want of text, or kept as the literal, unexpanded references."""
    bad = write(tmp_path, "bomb.html", BOMB + "<html><body><p>&lol9; &xxe; &param;</p></body></html>")
    run = cli("import", project, bad)
    assert "Traceback" not in run.err
    if run.code == 1:
        assert "no article text found" in run.err
    else:
        shown = cli("show", project, run.out.split("\t")[0])
        assert "lollol" not in shown.out and len(shown.out) < 2000


def test_entities_are_never_expanded_and_local_files_never_included(tmp_path: Path, project: Path) -> None:
    html = BOMB + "<html><head><title>&lol9;</title></head><body><article><p>&lol9; &xxe; &param;</p>" + STORY + "</article></body></html>"
    text = imported_text(project, write(tmp_path, "xxe.html", html))
    assert every_sentence_in(text)
    assert "lollol" not in text and "root:" not in text
    hostname = Path("/etc/hostname").read_text().strip()
    assert hostname not in text.replace(SENTENCE.format(n=0), "")
    assert len(text) < 1000


def test_ordinary_entities_still_decode(tmp_path: Path, project: Path) -> None:
    html = page("<p>Caf&eacute; &amp; cr&#232;me &#x2014; &quot;quoted&quot; &lt;tag&gt;, a sentence long enough.</p>" + STORY)
    text = imported_text(project, write(tmp_path, "entities.html", html))
    assert 'Café & crème — "quoted" <tag>, a sentence long enough.' in text


# -- characters that must never reach the reading text --------------------------------
def test_nul_c0_controls_and_lone_surrogates_are_stored_as_replacement_characters(
    tmp_path: Path, project: Path
) -> None:
    body = ("<p>Nul\x00byte, bell\x07, escape\x1b[31m, refs &#0; &#1; &#x1B; &#xD800; &#55296; &#xFFFE; "
            "&#x110000; and a form\x0cfeed in one sentence here.</p>" + STORY)
    raw = page(body, title="Ti\x01tle &#x7; with &#xDFFF; refs").encode("utf-8")
    raw = raw.replace(b"one sentence", b"one \xed\xa0\x80 sentence")  # a surrogate encoded as UTF-8
    path = write(tmp_path, "controls.html", raw)
    run = cli("import", project, path)
    assert run.code == 0, run.err
    with sqlite3.connect(project) as conn:
        title, text, structure = conn.execute(
            "SELECT title, reading_text, reading_json FROM documents ORDER BY id DESC LIMIT 1").fetchone()
    for value in (title, text, structure):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", value)
    assert title == "Ti\ufffdtle \ufffd with \ufffd refs"
    assert "Nul\ufffdbyte, bell\ufffd, escape\ufffd[31m, refs \ufffd \ufffd \ufffd \ufffd \ufffd \ufffd \ufffd" in text
    assert "form feed in one \ufffd sentence here." in text
    assert text.startswith(title + "\n")


@pytest.mark.parametrize(
    ("marker", "html"),
    [
        ("display-none", '<p style="color: red; DISPLAY : none">SECRET display-none words</p>'),
        ("visibility-hidden", '<div style="visibility:hidden"><p>SECRET visibility-hidden words</p></div>'),
        ("hidden-attribute", "<section hidden><p>SECRET hidden-attribute words</p></section>"),
        ("aria-hidden", '<p aria-hidden="true">SECRET aria-hidden words</p>'),
        ("noscript", "<noscript><p>SECRET noscript words</p></noscript>"),
        ("template", "<template><p>SECRET template words</p></template>"),
        ("svg-text", '<svg viewBox="0 0 10 10"><text x="0" y="5">SECRET svg-text words</text></svg>'),
        ("math", "<math><mi>SECRET</mi><mtext>math words</mtext></math>"),
        ("script", "<script>var x = 'SECRET script words';</script>"),
        ("style", "<style>p::after { content: 'SECRET style words' }</style>"),
        ("input-value", '<input type="hidden" value="SECRET input-value words">'),
    ],
)
def test_hidden_text_is_not_part_of_the_reading_text(tmp_path: Path, project: Path, marker: str, html: str) -> None:
    cut = STORY.index("</p>", 200) + 4
    body = STORY[:cut] + html + STORY[cut:]
    text = imported_text(project, write(tmp_path, f"{marker}.html", page(body)))
    assert "SECRET" not in text
    assert every_sentence_in(text)


# -- charsets -----------------------------------------------------------------------------
def ru_page(head: str = "") -> str:
    return page("".join(f"<p>{RUSSIAN} ({n})</p>" for n in range(4)), title="Заголовок", head=head)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("cp1251-undeclared.html", ru_page().replace("<meta charset='utf-8'>", "").encode("cp1251"), RUSSIAN),
        ("sjis-undeclared.html", page("".join(f"<p>{JAPANESE} ({n})</p>" for n in range(4)))
         .replace("<meta charset='utf-8'>", "").encode("shift_jis"), JAPANESE),
        ("utf16le-bom.html", b"\xff\xfe" + ru_page().encode("utf-16-le"), RUSSIAN),
        ("utf16le-no-bom.html", ru_page().encode("utf-16-le"), RUSSIAN),
        ("utf16be-no-bom.html", ru_page().encode("utf-16-be"), RUSSIAN),
        ("utf32-bom.html", ru_page().encode("utf-32"), RUSSIAN),
        # wrong declarations: the bytes are UTF-8, the page says otherwise
        ("says-latin1.html", ru_page().replace("utf-8", "iso-8859-1").encode(), RUSSIAN),
        ("says-sjis.html", ru_page().replace("utf-8", "shift_jis").encode(), RUSSIAN),
        # the page says UTF-8, the bytes are windows-1251
        ("says-utf8.html", ru_page().encode("cp1251"), RUSSIAN),
        # mixed declarations: an XML declaration, a <meta charset> and an http-equiv all differ
        ("mixed-declarations.html", ('<?xml version="1.0" encoding="koi8-r"?>' + ru_page(
            '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">')).encode(), RUSSIAN),
        ("mixed-declarations-cp1251.html", ru_page(
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
         .replace("utf-8", "koi8-r").encode("cp1251"), RUSSIAN),
    ],
)
def test_charsets_without_or_with_wrong_declarations(
    tmp_path: Path, project: Path, name: str, data: bytes, expected: str
) -> None:
    text = imported_text(project, write(tmp_path, name, data))
    assert expected in text


@pytest.mark.parametrize("label", ["foo", "base64", "unicode_escape", "raw_unicode_escape", "utf-7", "rot13",
                                   "zlib", "hex", "x" * 300, "utf-16", ""])
def test_unknown_and_unsafe_charset_labels_are_ignored(tmp_path: Path, project: Path, label: str) -> None:
    for data in (ru_page().replace("charset='utf-8'", f'charset="{label}"').encode(),
                 ru_page().replace("charset='utf-8'", f'charset="{label}"').encode("cp1251")):
        path = write(tmp_path, "label.html", data)
        run = cli("extract", path, "--json")
        assert run.code == 0, run.err
        assert RUSSIAN in json.loads(run.out)["text"]


def test_a_240_kilobyte_line_of_meta_tags_is_read(tmp_path: Path, project: Path) -> None:
    html = "<html><head>" + "<meta " * 40_000 + "</head><body><article>" + STORY + "</article></body></html>"
    path = write(tmp_path, "metas.html", html)
    assert path.stat().st_size > 240_000
    text = imported_text(project, path)
    assert every_sentence_in(text)


def test_a_240_kilobyte_line_of_unterminated_charset_metas_is_read(tmp_path: Path, project: Path) -> None:
    html = "<html><head>" + "<meta charset=" * 17_000 + STORY
    text = imported_text(project, write(tmp_path, "charsets.html", html))
    assert SENTENCE.format(n=5) in text


def test_a_page_of_one_huge_word_is_kept(tmp_path: Path, project: Path) -> None:
    word = "x" * 2_000_000
    text = imported_text(project, write(tmp_path, "word.html", page(f"<p>A long word: {word}.</p>" + STORY)))
    assert f"A long word: {word}." in text


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        # a run of empty comments before the page: a regular expression once backtracked
        # exponentially on it while guessing what the file is
        ("comments.txt", b"<!---->" * 1200 + b"x " + page().encode(), None),
        ("comments.html", b"<!---->" * 1200 + page().encode(), None),
        ("unclosed-comments.html", b"<!--" * 3000 + page().encode(), "no article text found"),
        ("headers.mhtml", b"a:" * 4000 + b"\n" + page().encode(), "no multipart/related body"),
    ],
)
def test_pathological_prefixes_are_read_in_linear_time(tmp_path: Path, name: str, data: bytes,
                                                      words: str | None) -> None:
    import subprocess
    import sys

    path = write(tmp_path, name, data)
    result = subprocess.run([sys.executable, "-m", "claimmark", "extract", str(path)],
                            capture_output=True, text=True, timeout=60)
    if words is None:
        assert result.returncode == 0, result.stderr
        assert SENTENCE.format(n=5) in result.stdout
    else:
        assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr


def test_the_early_text_estimate_is_linear_on_unclosed_scripts(tmp_path: Path, project: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from claimmark.core.model import limits as limits_module

    monkeypatch.setattr(limits_module.LIMITS, "max_text_chars", 2000)
    path = write(tmp_path, "scripts.html", page(STORY) + "<script " * 40_000 + "<" * 200_000 + "<!--" * 20_000)
    text = imported_text(project, path)  # all after an unclosed <script is script, not text: under the limit
    assert every_sentence_in(text)
