"""Structural promises: the core never imports Qt; opening, annotating, merging and
exporting a project load no extraction library; and the Qt binding installed is not
one that aborts after thousands of calls."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import claimmark
import claimmark.core


def test_the_core_imports_no_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(claimmark.core.__path__, "claimmark.core.")]
    assert "claimmark.core.store.project" in modules and "claimmark.core.extract.pipeline" in modules
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        import claimmark.cli
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
        print(",".join(qt))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


PROJECT_WORK = ("claimmark.core.store.project", "claimmark.core.store.annotations", "claimmark.core.share.merge",
                "claimmark.core.share.conflicts", "claimmark.core.export", "claimmark.core.importing",
                "claimmark.core.annotate.reimport", "claimmark.core.annotate.editing",
                "claimmark.core.annotate.tagging", "claimmark.cli")


def test_project_work_loads_no_extraction_library() -> None:
    """lxml, readability and trafilatura cost about 240 ms to import; they load when the
    first page is read (in an extraction worker), not when a project is opened."""
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {PROJECT_WORK!r}:
            importlib.import_module(name)
        print(",".join(sorted(m for m in ("lxml", "readability", "trafilatura", "justext") if m in sys.modules)))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_many_void_qt_calls_do_not_abort() -> None:
    """PySide6-Essentials 6.12.0 on CPython 3.11 dropped a reference to None on every
    Qt call returning nothing and aborted after ~5,000 (pyproject.toml excludes it)."""
    code = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QObject
        obj = QObject()
        for n in range(100_000):
            obj.setObjectName("x")
        print("done", n + 1)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done 100000"


# -- the house, read from the source --------------------------------------------------------------

PACKAGE = Path(claimmark.__file__).parent
ROOMS = ("model", "store", "extract", "annotate", "share", "export")
SQL_WORDS = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|CREATE|DROP|ALTER|WITH|BEGIN|VACUUM)\b")
CONNECTION_NAMES = {"db", "execute", "executemany", "executescript", "iterdump", "backup"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(package: Path = PACKAGE) -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(package.rglob("*.py"))}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sql_uses(tree: ast.Module) -> list[str]:
    """SQL text and connection use: string constants that start like SQL, and the
    attributes that reach a connection (``.db``, ``.execute(...)``, ``sqlite3.connect``)."""
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if SQL_WORDS.match(node.value):
                found.append(f"line {node.lineno}: {node.value[:60]!r}")
        elif isinstance(node, ast.Attribute) and (
            node.attr in CONNECTION_NAMES
            or (node.attr == "connect" and isinstance(node.value, ast.Name) and node.value.id == "sqlite3")
        ):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The ClaimMark modules a module imports (anywhere in it), a ``from package import
    name`` counted as the submodule when there is one."""
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "claimmark"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "claimmark":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return found - {name}


def _is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()


def import_graph() -> dict[str, set[str]]:
    trees = sources()
    known = set(trees)
    return {name: imports(name, tree, known) & known for name, tree in trees.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def room_of(name: str) -> str:
    parts = name.split(".")
    if parts[:2] != ["claimmark", "core"]:
        return parts[1] if len(parts) > 1 else "claimmark"
    if len(parts) == 2:
        return "facade"
    return parts[2] if parts[2] in ROOMS else "core"


# What each room may import (besides itself); the facade may import every room.
ALLOWED = {
    "model": set(),
    "store": {"model"},
    "extract": {"model"},
    "annotate": {"model", "store", "extract"},
    "share": {"model", "store", "annotate"},
    "export": {"model", "store", "annotate"},
    "core": {"model", "store", "extract", "annotate"},  # core/importing.py
}


def test_no_sql_outside_the_store() -> None:
    found = {
        name: uses
        for name, tree in sources().items()
        if not name.startswith("claimmark.core.store") and (uses := sql_uses(tree))
    }
    assert found == {}, "SQL or a connection outside claimmark.core.store"


def test_the_faces_import_only_the_facade_and_the_model() -> None:
    graph = import_graph()
    facade_names = set(claimmark.core.__all__)
    bad = {}
    for name, tree in sources().items():
        if room_of(name) not in ("ui", "cli") and name not in ("claimmark", "claimmark.__main__"):
            continue
        wrong = sorted(m for m in graph[name] if m.startswith("claimmark.core.")
                       and not m.startswith("claimmark.core.model"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "claimmark.core":
                wrong += [a.name for a in node.names if a.name not in facade_names and a.name != "model"]
        if wrong:
            bad[name] = wrong
    assert bad == {}, "ui/ and cli/ import only claimmark.core (the facade) and claimmark.core.model"


def test_rooms_depend_downwards_only() -> None:
    bad = {}
    for name, targets in import_graph().items():
        room = room_of(name)
        if room not in ALLOWED:
            continue
        wrong = sorted(t for t in targets if t != "claimmark" and room_of(t) not in ALLOWED[room] | {room})
        if wrong:
            bad[name] = wrong
    assert bad == {}, "a room imports upwards (or the facade) — see docs/architecture.md"


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_checks_see_a_cycle_and_sql() -> None:
    """The checks above are not vacuous: a two-module cycle and a statement are found."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    tree = ast.parse('def f(p):\n    return p.db.execute("SELECT id FROM documents")\n')
    assert len(sql_uses(tree)) == 3
    assert len(sql_uses(ast.parse('import sqlite3\nsqlite3.connect("x")\nbutton.clicked.connect(f)\n'))) == 1
    assert sql_uses(ast.parse('"""SELECT is a word in a docstring."""\nlabel = "Select all"\n')) == []


def test_the_facade_loads_no_extraction_library() -> None:
    code = textwrap.dedent(
        """
        import sys
        import claimmark.core
        from claimmark.core import Project, query_annotations, merge, export_annotations, import_paths
        print(",".join(sorted(m for m in ("lxml", "readability", "trafilatura", "justext") if m in sys.modules)))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_every_facade_name_resolves() -> None:
    for name in claimmark.core.__all__:
        assert getattr(claimmark.core, name) is not None, name


MAX_MODULE_LINES = 500


def test_modules_are_short() -> None:
    """A module holds one thing, named for it: about 500 lines at most."""
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
