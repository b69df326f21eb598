"""Start-up: the default project with the sample, the last project, a named project,
window settings, and a large project that opens without reading its texts."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from PySide6.QtCore import QByteArray

from claimmark.core.model.document import Block, ReadingDocument
from claimmark.core.store.project import Project
from claimmark.ui import config
from claimmark.ui.main_window import MainWindow


def test_first_run_creates_the_default_project_with_the_sample(
    window, qtbot, isolated_settings: Path
) -> None:
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        assert window.open_initial(None)
    assert [o.status for o in finished.args[0]] == ["imported"]
    path = config.default_project_path()
    assert path.exists() and path.is_relative_to(isolated_settings / "data")
    assert window.project.path == path
    assert window.library.model.rowCount() == 1
    assert window.document_id == window.library.current_document() == 1
    title = window.reader.document().findBlock(0).text()
    assert title == "China: US itself top threat to global cybersecurity"
    assert str(path.absolute()) in window.windowTitle()
    assert config.recent_projects() == [str(path.absolute())]
    assert window.project.documents()[0].source_name == "presstv-us-cybersecurity.mhtml"
    # beside it only the record of the projects open for writing (core/store/open_record.py)
    assert sorted(p.name for p in path.parent.iterdir()) == ["My articles.claimmark", "open-projects"]


def test_a_named_project_opens_and_a_missing_one_is_created(window, corpus_project: Path, tmp_path) -> None:
    assert window.open_initial(str(corpus_project))
    assert window.project.path == corpus_project and window.document_id == 1
    fresh = tmp_path / "fresh.claimmark"
    assert window.open_initial(str(fresh))
    assert fresh.exists() and window.project.count_documents() == 0
    assert window.reader.reading is None and window.reader.document().toPlainText().startswith(
        "No article open"
    )


def test_a_damaged_project_is_a_clear_dialog_not_a_traceback(window, tmp_path) -> None:
    bad = tmp_path / "bad.claimmark"
    bad.write_bytes(b"this is not a database at all" * 10)
    assert not window.open_project(bad)
    assert window.last_dialog.text().startswith("not a ClaimMark project")
    assert window.project is None


def _add_documents(path: Path, count: int) -> None:
    """Fill a project quickly: small documents straight into the tables."""
    with Project.open(path, create=True) as project, project.transaction() as db:
        rows = []
        for n in range(count):
            title = f"Article number {n}"
            reading = ReadingDocument([Block("heading", title, level=1), Block("paragraph", f"Body of {n}.")])
            rows.append(
                (
                    str(uuid.uuid4()),
                    title,
                    f"site{n % 17}.example",
                    f"2024-01-{1 + n % 28:02d}",
                    "2024-02-01T00:00:00Z",
                    f"a{n}.html",
                    "html",
                    f"hash{n}",
                    "1",
                    reading.to_json(),
                    reading.text,
                    b"",
                    0,
                )
            )
        db.conn.executemany(
            "INSERT INTO documents (uuid, title, site_name, published, imported_at, source_name,"
            " source_format, content_hash, extractor_version, reading_json, reading_text,"
            " original,"
            " original_size) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.conn.execute(
            "INSERT INTO documents_fts(rowid, title, reading_text)"
            " SELECT id, title, reading_text FROM documents"
        )


def test_twenty_thousand_documents_open_without_reading_their_texts(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    path = tmp_path / "big.claimmark"
    _add_documents(path, 20_000)
    statements: list[str] = []
    original = Project.open

    def traced_open(*args, **kwargs):
        project = original(*args, **kwargs)
        project.db.conn.set_trace_callback(statements.append)
        return project

    monkeypatch.setattr(Project, "open", traced_open)
    began = time.perf_counter()
    assert window.open_project(path)
    qtbot.wait(1)
    window.library.list.viewport().repaint()
    elapsed = time.perf_counter() - began
    assert window.library.model.rowCount() == 20_000
    assert window.status_counts.text().startswith("20000 documents")
    text_reads = [s for s in statements if "reading_text" in s or "reading_json" in s or "original" in s]
    # only the one document on screen is read, by its id
    assert window.document_id == window.library.model.ids[0]
    assert len(text_reads) == 1 and text_reads[0].endswith(f"WHERE id = {window.document_id}")
    metadata_reads = [s for s in statements if s.startswith("SELECT id, title")]
    assert 1 <= len(metadata_reads) <= 3  # a page of rows, not 20,000
    assert elapsed < 5.0, elapsed
    # scrolling to the end reads one more page, still no texts
    statements.clear()
    window.library.list.scrollToBottom()
    window.library.list.viewport().repaint()
    assert not [s for s in statements if "reading_text" in s or "reading_json" in s]
    assert window.library.model.index(19_999).data().startswith("Article number")


def test_window_remembers_size_splitter_theme_and_font(qtbot, corpus_project: Path) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(761, 543)
    first.splitter.setSizes([250, 300, 200])
    first.set_theme("sepia")
    first.zoom(2)
    assert first.open_project(corpus_project)
    sizes = first.splitter.sizes()
    first.close()
    store = config.settings()
    assert isinstance(store.value("window/geometry"), QByteArray)
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (761, 543)
    assert second.splitter.sizes()[0] == sizes[0]
    assert second.theme_name == "sepia" and second.theme.name == "sepia"
    assert second.reader.fonts.size == first.reader.fonts.size == 15.0
    assert second.reader.palette().color(second.reader.palette().ColorRole.Base).name() == "#f5eddc"
    second.close()


def test_a_damaged_last_project_falls_back_to_the_default_one(window, qtbot, tmp_path) -> None:
    broken = tmp_path / "broken.claimmark"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    config.add_recent_project(broken)
    with qtbot.waitSignal(window.importFinished, timeout=60_000):
        assert window.open_initial(None)
    assert window.project.path == config.default_project_path()
    assert window.last_dialog is not None and "damaged" in window.last_dialog.text()
