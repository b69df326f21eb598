"""The core's rooms depend downwards: the store never imports the rooms above it
(annotate, share, export, extract) and the model imports nothing of ClaimMark but itself."""

from __future__ import annotations

import ast
from pathlib import Path

import claimmark.core

CORE = Path(claimmark.core.__file__).parent


def _imports(room: str) -> dict[str, set[str]]:
    """module file -> the claimmark modules it imports (at any level, in functions too)."""
    out: dict[str, set[str]] = {}
    for path in sorted((CORE / room).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        out[path.name] = {n for n in names if n.startswith("claimmark")}
    return out


def test_the_store_imports_no_room_above_it() -> None:
    above = ("annotate", "share", "export", "extract")
    found = {name: sorted(m for m in mods if m.split(".")[2:3] and m.split(".")[2] in above)
             for name, mods in _imports("store").items()}
    assert {name: mods for name, mods in found.items() if mods} == {}


def test_the_model_imports_only_the_model() -> None:
    found = {name: sorted(m for m in mods if not m.startswith("claimmark.core.model"))
             for name, mods in _imports("model").items()}
    assert {name: mods for name, mods in found.items() if mods} == {}
