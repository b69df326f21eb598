"""The authors table: the name each author id goes by, and the rename that set it
(``renamed_to``, ``renamed_at``; see core/annotate/author_names.py)."""

from __future__ import annotations

from claimmark.core.store.project import Project


def authors(project: Project) -> list[dict[str, str]]:
    rows = project.db.execute("SELECT id, name FROM authors ORDER BY name")
    return [{"id": r[0], "name": r[1]} for r in rows]


def author_names(project: Project) -> dict[str, str]:
    """author id -> name, from a project's authors table."""
    return {r["id"]: r["name"] for r in project.db.query("SELECT id, name FROM authors")}


def names_in_use(project: Project, author_id: str) -> dict[str, int]:
    """name -> how many of the author's live annotations carry it."""
    rows = project.db.execute(
        "SELECT author, count(*) FROM annotations WHERE author_id = ? AND deleted = 0 GROUP BY author",
        [author_id],
    ).fetchall()
    return {str(name): int(count) for name, count in rows}


def name_of(project: Project, author_id: str) -> str | None:
    """The name the authors table gives `author_id`; None when it lacks them."""
    row = project.db.execute("SELECT name FROM authors WHERE id = ?", [author_id]).fetchone()
    return None if row is None else str(row[0])


def renames(project: Project) -> list[tuple[str, str, str]]:
    """(author id, renamed_to, renamed_at) of every author in the table."""
    rows = project.db.execute("SELECT id, renamed_to, renamed_at FROM authors").fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def rename_of(project: Project, author_id: str) -> tuple[str, str] | None:
    """(renamed_to, renamed_at) of one author; None when the table lacks them."""
    row = project.db.execute("SELECT renamed_to, renamed_at FROM authors WHERE id = ?",
                             [author_id]).fetchone()
    return None if row is None else (row[0], row[1])


def set_renamed(project: Project, author_id: str, name: str, stamp: str) -> None:
    """Record that `author_id` goes by `name` since `stamp`."""
    project.db.execute(
        "UPDATE authors SET name = ?, renamed_to = ?, renamed_at = ? WHERE id = ?",
        [name, name, stamp, author_id],
    )


def rename_annotations(project: Project, author_id: str, name: str, renamed: str) -> list[int]:
    """Give `name` to the annotations `author_id` made by `renamed` under another name;
    their ids (their search rows need refreshing)."""
    ids = [
        int(r[0])
        for r in project.db.execute(
            "SELECT id FROM annotations WHERE author_id = ? AND author != ? AND created <= ?",
            [author_id, name, renamed],
        ).fetchall()
    ]
    for ann_id in ids:
        project.db.execute("UPDATE annotations SET author = ? WHERE id = ?", [name, ann_id])
    return ids


def ensure_author(project: Project, author_id: str, name: str) -> None:
    """Enter (or rename) an author in the authors table under `name`."""
    project.db.execute(
        "INSERT INTO authors(id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
        [author_id, name],
    )


def keep_author(project: Project, author_id: str, name: str) -> None:
    """Enter an author in the authors table unless it holds them already (its name wins)."""
    project.db.execute("INSERT OR IGNORE INTO authors(id, name) VALUES (?, ?)", [author_id, name])
