"""Shared by the annotation tests: the corpus article's six example annotations."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from claimmark.core.annotate import editing as edits
from claimmark.core.importing import import_paths
from claimmark.core.model import records
from claimmark.core.store.project import Project

from .conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
EXAMPLES: list[dict[str, Any]] = EXPECTED["example_annotations"]


def example_fields(example: dict[str, Any]) -> dict[str, Any]:
    """The core's keyword arguments for one example annotation."""
    fields: dict[str, Any] = {}
    if "claimant" in example:
        fields["claimant"] = example["claimant"]
    if "speaker" in example:
        fields["speaker"] = example["speaker"]
    if "source" in example:
        fields["source_title"] = example["source"]
    return fields


def example_options(example: dict[str, Any]) -> list[str]:
    """The same as `claimmark tag` options."""
    options = ["--kind", example["kind"], "--exact", example["exact"]]
    for key, flag in (("claimant", "--claimant"), ("speaker", "--speaker"), ("source", "--source")):
        if key in example:
            options += [flag, example[key]]
    return options


def import_corpus(project_path: Path, corpus: Path) -> Project:
    project = Project.open(project_path, create=True)
    outcomes = import_paths(project, [corpus / "page.html"])
    assert outcomes[0].status == "imported", outcomes[0].message
    return project


def tag_examples(project: Project, document_id: int = 1) -> list[records.Annotation]:
    return [
        edits.add_text(project, document_id, e["kind"], e["exact"], **example_fields(e)) for e in EXAMPLES
    ]


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def installation(config_dir: Path) -> AbstractContextManager[None]:
    """Act as another person's installation: their own preferences, so their own author id."""
    return _environment("CLAIMMARK_CONFIG_DIR", str(config_dir))


def named(name: str) -> AbstractContextManager[None]:
    """Act under the name `name` (what edits, which take no --author, are made under)."""
    return _environment("CLAIMMARK_AUTHOR", name)


def merged(tmp_path: Path, name: str, ours: Path, theirs: Path) -> Path:
    """A copy of `ours` with `theirs` merged in."""
    from claimmark.core.share.merge import merge

    out = tmp_path / f"{name}.claimmark"
    shutil.copyfile(ours, out)
    with Project.open(out) as project:
        merge(project, theirs)
    return out


def grow(path: Path, copies: int) -> None:
    """`copies` more copies of every annotation of the project file `path` (new ids and
    UUIDs, their tags too), written straight into the file: many annotations, quickly."""
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(annotations)") if r[1] not in ("id", "uuid")]
        names = ", ".join(f'"{c}"' for c in columns)
        base = conn.execute("SELECT max(id) FROM annotations").fetchone()[0]
        for n in range(1, copies + 1):
            conn.execute(f"INSERT INTO annotations (id, uuid, {names}) SELECT id + ?1, uuid || '-' || (id + ?1),"
                         f" {names} FROM annotations WHERE id <= ?2", [n * base, base])
            conn.execute("INSERT INTO annotation_tags SELECT annotation_id + ?, tag_id, position"
                         " FROM annotation_tags WHERE annotation_id <= ?", [n * base, base])
    conn.close()
