"""Widening the chosen text: the lead after the article's title."""

from __future__ import annotations

from claimmark.core.extract.widen import _lead
from claimmark.core.model.document import Block


def test_a_summary_list_after_the_title_is_part_of_the_lead() -> None:
    summary = [
        "Die Stadt schließt das Hallenbad zum Jahresende.",
        "Das sagt der Bürgermeister nach der Sitzung des Rates.",
    ]
    before = [
        (1, Block("list_item", "Startseite")),
        (2, Block("list_item", "Politik")),
        (3, Block("heading", "Hallenbad schließt", level=1)),
        *[(4 + n, Block("list_item", text)) for n, text in enumerate(summary)],
        (6, Block("list_item", "Teilen")),
    ]
    assert [b.text for _o, b in _lead(before, "Hallenbad schließt")] == summary


def test_a_standfirst_set_as_a_heading_is_part_of_the_lead_and_a_short_subheading_is_not() -> None:
    standfirst = ("Das Facelift des Geländewagens ist weit über die üblichen Maßnahmen hinausgegangen, "
                  "wir haben die neue Version getestet.")
    before = [
        (1, Block("heading", "Der neue Santa Fe im Test", level=1)),
        (2, Block("heading", standfirst, level=2)),
        (3, Block("heading", "Fahrbericht und Preise", level=2)),
    ]
    assert [b.text for _o, b in _lead(before, "Der neue Santa Fe im Test")] == [standfirst]
