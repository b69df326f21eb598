"""The anchor check of a project's annotations (core/store/checks.py), which reads each
document's text once for all its annotations, finds exactly what reading every
annotation with its document's text would, odd rows of a file from elsewhere too."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from claimmark.core.importing import import_paths
from claimmark.core.store.checks import anchor_problems
from claimmark.core.store.project import Project

OUTSIDE = "lies outside its document"
NOT_QUOTE = "the text at its range is not its quote"
NOT_WHOLE = "is not two whole numbers"


def _row_by_row(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """Every live, placed annotation read with its document's text, judged in Python."""
    texts = dict(conn.execute("SELECT id, reading_text FROM documents"))
    out = []
    for ann_id, doc_id, start, end, exact, anchor in conn.execute(
            'SELECT id, document_id, start, "end", exact, anchor_status FROM annotations WHERE deleted = 0'):
        if doc_id not in texts or anchor == "orphaned":
            continue
        text = texts[doc_id]
        length = text.index("\x00") if "\x00" in text else len(text)
        if not (isinstance(start, int) and isinstance(end, int)):
            out.append((ann_id, f"its range {start!r}-{end!r} {NOT_WHOLE}"))
        elif end > length:
            out.append((ann_id, f"its range {start}-{end} lies outside its document"))
        elif anchor in ("exact", "moved") and text[start:end] != exact:
            out.append((ann_id, NOT_QUOTE))
    return sorted(out)


def test_sound_and_unsound_anchors_are_told_apart_as_row_by_row(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "p.claimmark"
    with Project.open(path, create=True) as project:
        import_paths(project, [corpus / "page.html"])
        text = project.document(1).text
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # a file from elsewhere may hold anything
    conn.execute("CREATE TEMP TABLE copied AS SELECT * FROM documents WHERE id = 1")
    conn.execute("UPDATE copied SET id = 2, uuid = 'nul', content_hash = 'nul', reading_text = ?",
                 ["é\x00" + text[2:]])
    conn.execute("INSERT INTO documents SELECT * FROM copied")
    word = text.index("cyber")
    cases: list[tuple[Any, ...]] = [  # document, start, end, exact, anchor status, deleted
        (1, word, word + 5, "cyber", "exact", 0),  # sound
        (1, word, word + 5, "cyber", "moved", 0),  # sound
        (1, word, word + 5, "other", "fuzzy", 0),  # sound: a fuzzy anchor's text may differ
        (1, word, word + 5, "other", "exact", 0),  # not its quote
        (1, len(text) - 3, len(text) + 4, "x", "exact", 0),  # outside
        (1, len(text) - 3, len(text) + 4, "x", "orphaned", 0),  # orphaned: not placed
        (1, len(text) - 3, len(text) + 4, "x", "exact", 1),  # deleted
        (999, 0, 5, "x", "exact", 0),  # no such document
        (1, -3, 2, text[-3:], "exact", 0),  # a negative start, read as Python slices
        (1, 5, 2, "", "exact", 0),  # a range backwards: empty, as its quote is
        (1, 2.5, len(text) + 0.5, "x", "exact", 0),  # reals where integers belong, outside
        (1, 2.5, 7.5, "x", "exact", 0),  # reals inside: no range to slice the text by
        (1, "two", "nine", "x", "exact", 0),  # words where integers belong
        (2, 0, 1, "é", "exact", 0),  # sound, before the NUL
        (2, 0, 5, "é", "exact", 0),  # past the NUL, where SQLite's text ends
    ]
    for number, (doc, start, end, exact, anchor, deleted) in enumerate(cases):
        conn.execute(
            "INSERT INTO annotations (uuid, document_id, kind, start, \"end\", exact, anchor_status, deleted,"
            " created, modified, author, author_id) VALUES (?, ?, 'claim', ?, ?, ?, ?, ?, '2026-01-01',"
            " '2026-01-01', 'x', 'x')",
            [f"case-{number}", doc, start, end, exact, anchor, deleted],
        )
    expected = _row_by_row(conn)
    found = anchor_problems(Database(conn))
    conn.close()
    assert found == expected
    reasons = [reason for _, reason in found]
    assert sum(reason.endswith(OUTSIDE) for reason in reasons) == 2 and reasons.count(NOT_QUOTE) == 2
    assert sum(reason.endswith(NOT_WHOLE) for reason in reasons) == 3
