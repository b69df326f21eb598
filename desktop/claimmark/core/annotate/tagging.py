"""Renaming and merging tags across a project, each one transaction. Every annotation
that carries the tag counts as edited (modified now, by the person renaming) and its
search row is refreshed."""

from __future__ import annotations

from claimmark.core.annotate.editing import editor_id
from claimmark.core.annotate.fields import clean_tag
from claimmark.core.model.errors import TagError
from claimmark.core.model.records import now
from claimmark.core.store import annotations as stored
from claimmark.core.store import tags
from claimmark.core.store.project import Project


def _find(project: Project, name: str) -> tuple[int, str] | None:
    return tags.find_tag(project, clean_tag(name).casefold())


def _touched(project: Project, tag_id: int) -> list[int]:
    return tags.touch_tagged(project, tag_id, now(), editor_id(project))


def rename_tag(project: Project, old: str, new: str) -> None:
    """Rename a tag everywhere (a change of case included). Renaming onto another
    existing tag is refused: that is `merge_tags`."""
    new_name = clean_tag(new)
    with project.transaction():
        found = _find(project, old)
        if found is None:
            raise TagError(f"no tag {clean_tag(old)!r}")
        target = _find(project, new_name)
        if target is not None and target[0] != found[0]:
            raise TagError(f"the tag {target[1]!r} already exists; merge the two tags instead")
        if found[1] == new_name:
            return
        tags.rename(project, found[0], new_name)
        for ann_id in _touched(project, found[0]):
            stored.index(project, ann_id)


def merge_tags(project: Project, source: str, target: str) -> None:
    """Give every annotation tagged `source` the tag `target` instead, and drop `source`."""
    target_name = clean_tag(target)
    with project.transaction():
        found = _find(project, source)
        if found is None:
            raise TagError(f"no tag {clean_tag(source)!r}")
        existing = _find(project, target_name)
        if existing is None:
            tags.rename(project, found[0], target_name)
            ids = _touched(project, found[0])
        elif existing[0] == found[0]:
            return
        else:
            ids = _touched(project, found[0])
            tags.move_tagged(project, found[0], existing[0])
        for ann_id in ids:
            stored.index(project, ann_id)
