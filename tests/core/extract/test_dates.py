"""Dates written out in an article's text, and the date a dateline gives a page that
states none in its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimmark.core.extract.dates import LONE_DATE, date_in_text
from claimmark.core.extract.pipeline import extract_file


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("April 3, 2019", "2019-04-03"),
        ("Mar. 5, 2020", "2020-03-05"),
        ("1st March 2021 at 10:00", "2021-03-01"),
        ("12. Januar 2022,", "2022-01-12"),
        ("Miércoles, 04 de Mayo de 2022", "2022-05-04"),
        ("Publicado: Jueves, 21 Abril 2022 04:45", "2022-04-21"),
        ("Warszawa, 5 września 2021", "2021-09-05"),
        ("le 14 février 2020", "2020-02-14"),
        ("03.04.2019", "2019-04-03"),  # day first
        ("2019-04-03 09:20:26", "2019-04-03"),
        ("31.02.2020 oder 1. März 2020", "2020-03-01"),  # no 31 February
        ("marco m.19.10.19 12:48", ""),  # a two-digit year run into a time, not 1912
        ("3/4/2019", ""),  # March or April?
        ("May 2019", ""),  # no day
    ],
)
def test_the_first_whole_date_in_a_text(text: str, iso: str) -> None:
    assert date_in_text(text) == iso


def test_a_lone_date_is_a_line_with_nothing_but_the_date() -> None:
    assert LONE_DATE.match("Friday, 5th March 2021")
    assert not LONE_DATE.match("Paris, 3 April 2019: talks")


STORY = "<p>The council met on the western shore of the lake and agreed on a new plan for the harbour.</p>" * 4


def published_of(tmp_path: Path, head: str, body: str) -> str:
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>Harbour plan</title>{head}</head><body><article>{body}"
                    "</article></body></html>", encoding="utf-8")
    extracted = extract_file(page)
    return extracted.metadata.get("published", "")


def test_a_dateline_gives_the_date_when_the_metadata_states_none(tmp_path: Path) -> None:
    assert published_of(tmp_path, "", f"<p>April 3, 2019</p>{STORY}") == "2019-04-03"
    assert published_of(tmp_path, "", f"{STORY}<p>Veröffentlicht am 2. Februar 2022</p>") == "2022-02-02"
    extracted = extract_file(tmp_path / "page.html")
    assert "2. Februar 2022" not in extracted.document.text  # the dateline itself still goes


def test_the_metadata_date_wins_and_other_dates_are_not_the_publications(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2020-01-10T08:00:00Z">'
    assert published_of(tmp_path, meta, f"<p>April 3, 2019</p>{STORY}") == "2020-01-10"
    assert published_of(tmp_path, "", f"<p>Termin: Montag, 15. November 2021 um 10.30 Uhr</p>{STORY}") == ""
    assert published_of(tmp_path, "", f"<p>Updated June 13, 2019</p>{STORY}") == ""


def test_a_plain_text_article_gets_its_date_from_its_dateline_too(tmp_path: Path) -> None:
    page = tmp_path / "note.txt"
    story = "The council met on the western shore of the lake and agreed on a new plan for the harbour."
    page.write_text(f"Harbour plan\n\n3 April 2019\n\n{story}\n", encoding="utf-8")
    extracted = extract_file(page)
    assert extracted.metadata.get("published") == "2019-04-03"
    assert story in extracted.document.text
