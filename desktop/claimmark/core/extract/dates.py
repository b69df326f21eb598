"""Dates written out in an article's text ("April 3, 2019", "3. April 2019", "Miércoles,
04 de Mayo de 2022", "03.04.2019", "2019-04-03"), found and read as ISO dates.

The clean-up drops a line that is only a date (a dateline); the extractor reads the
date from it when the page's metadata states none, so the reading view's header still
shows it."""

from __future__ import annotations

import re
from datetime import date

# Month names and their usual abbreviations, lower case: English, German, French,
# Spanish, Italian, Portuguese, Dutch and Polish (genitive, as dates write them).
_NAMES = (
    "january jan januar janvier enero gennaio janeiro januari stycznia",
    "february feb februar février fevrier febrero febbraio fevereiro februari lutego",
    "march mar märz maerz mars marzo março maart marca",
    "april apr avril abril aprile kwietnia",
    "may mai mayo maggio maio mei maja",
    "june jun juni juin junio giugno junho czerwca",
    "july jul juli juillet julio luglio julho lipca",
    "august aug août aout agosto augustus sierpnia",
    "september sep sept septembre septiembre settembre setembro września wrzesnia",
    "october oct oktober octobre octubre ottobre outubro października pazdziernika okt",
    "november nov novembre noviembre novembro listopada",
    "december dec dezember décembre decembre diciembre dicembre dezembro grudnia dez dic",
)
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_NAMES, 1) for name in names.split()}
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = (
    r"((mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo)"
)
_DAY_MONTH_YEAR = rf"(\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?{MONTH}(?:\s+de)?,?\s+(\d{{4}})"
_MONTH_DAY_YEAR = rf"{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
# a line that is only a date with its month named, perhaps after the day of the week
LONE_DATE = re.compile(
    rf"^\W*({WEEKDAY},?\s+)?(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})\W*$", re.I
)
_NAMED = re.compile(rf"\b(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})\b", re.I)
# day first with dots, or ISO; not run into a time ("19.10.1912:48" is 19.10.19 12:48)
_NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?![:\d])|\b(\d{4})-(\d{2})-(\d{2})\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(:\d{2})?\s*(uhr|h|am|pm)?\b", re.I)
_WEEKDAY_WORD = re.compile(rf"\b{WEEKDAY}\b", re.I)


def date_in_text(text: str) -> str:
    """The first whole date (day, month and year) written in ``text``, as YYYY-MM-DD,
    or ''. Numbers with dots are read day first ("03.04.2019" is 3 April), as the
    languages that write them so do; slashed dates are left alone (3/4 or 4/3?)."""
    candidates = []
    for match in _NAMED.finditer(text):  # day month year, or month day year
        day, month, year, month2, day2, year2 = match.groups()
        candidates.append(
            (match.start(), int(year or year2), MONTHS[(month or month2).lower()], int(day or day2))
        )
    for match in _NUMERIC.finditer(text):  # day.month.year, or year-month-day
        day, month, year, iso_year, iso_month, iso_day = match.groups()
        candidates.append(
            (match.start(), int(year or iso_year), int(month or iso_month), int(day or iso_day))
        )
    for _start, year, month, day in sorted(candidates):
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def without_dates(text: str) -> str:
    """``text`` without its dates, times of day and days of the week: what else a
    dateline says (a name, a label)."""
    for pattern in (_NAMED, _NUMERIC, _TIME, _WEEKDAY_WORD):
        text = pattern.sub(" ", text)
    return " ".join(text.split())
