"""Importing from the window: a worker process extracts, the GUI stores, a progress
dialog (with cancel) for many files, a summary with reasons, drag and drop."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from claimmark.core.extract import workers

FORMS = ["page.html", "page.mhtml", "page-singlefile.html", "article.txt"]


def test_many_files_import_in_a_worker_with_progress_and_a_summary(
    qtbot, window, project_path, corpus, tmp_path, monkeypatch
) -> None:
    assert window.open_project(project_path, create=True)
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><nav>menu</nav></body></html>", encoding="utf-8")
    calls: list[Path] = []
    real_batch = workers.Pool.batch

    def watched_batch(pool, jobs):
        calls.extend(job.path for job in jobs)
        return real_batch(pool, jobs)

    monkeypatch.setattr(workers.Pool, "batch", watched_batch)
    seen_progress = []
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        window.import_paths([*(corpus / f for f in FORMS), broken])
        job = window.import_job
        assert job.progress is not None  # more than a couple of files: a progress dialog
        job.progressed.connect(lambda done, total: seen_progress.append((done, total)))
    outcomes = finished.args[0]
    assert [o.status for o in outcomes] == ["imported", "duplicate", "duplicate", "duplicate", "failed"]
    assert "no article text" in outcomes[-1].message
    assert calls == [*(corpus / f for f in FORMS), broken]  # every file went to the worker processes
    assert workers.pool().workers  # the worker processes stay for the next import
    assert seen_progress[-1] == (5, 5)
    summary = window.last_dialog
    assert summary.objectName() == "ImportSummary" and summary.isVisible()
    assert summary.counts == {"imported": 1, "duplicate": 3, "failed": 1}
    assert summary.headline.text() == "1 imported, 3 already in the project, 1 failed."
    first = summary.tree.topLevelItem(0)
    assert (first.text(0), first.text(1)) == ("broken.html", "failed") and "no article text" in first.text(2)
    assert window.library.model.rowCount() == 1 and window.document_id == 1
    assert window.project.count_documents() == 1
    title = window.project.document(1).title
    for row in (1, 2, 3):  # the duplicates name the stored copy by its title, not by its id
        detail = summary.tree.topLevelItem(row).text(2)
        assert detail.startswith(f"already in the project as “{title}”") and "document 1" not in detail
    qtbot.keyClick(summary.tree, Qt.Key.Key_Escape)
    assert not summary.isVisible()


def test_cancel_stops_the_import_and_says_so(qtbot, window, project_path, corpus, tmp_path) -> None:
    assert window.open_project(project_path, create=True)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        text = (corpus / "article.txt").read_text(encoding="utf-8")
        (folder / f"article{n:02d}.txt").write_text(
            f"Copy {n}\n\nVariant {n} of the text.\n\n{text}", encoding="utf-8"
        )
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        window.import_paths([folder])
        progress = window.import_job.progress
        progress.findChild(QPushButton).click()  # the progress dialog's Cancel button
    outcomes = finished.args[0]
    assert len(outcomes) < 12
    summary = window.last_dialog
    assert summary.windowTitle() == "Import cancelled" and summary.headline.text().startswith("Cancelled.")
    assert window.project.count_documents() == summary.counts["imported"]
    summary.close()


def test_dropping_files_and_folders_imports_them(qtbot, window, project_path, corpus) -> None:
    assert window.open_project(project_path, create=True)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus / "page.mhtml"))])
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        QApplication.sendEvent(window, drop)
    assert [o.status for o in finished.args[0]] == ["imported"]
    assert window.document_id == 1
    assert window.reader.document().findBlock(0).text().startswith("China: US itself")
    # a remote address is not something to import
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.org/page.html")])
    refused = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        remote,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.setAccepted(False)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()


def test_a_page_over_the_time_limit_fails_in_the_summary_and_the_window_stays_usable(
    qtbot, window, project_path, corpus, monkeypatch, worker_init
) -> None:
    """The window's import runs in the same bounded workers as the command line: a page
    whose parsers stall (both swallow exceptions) is stopped at the limit."""
    from claimmark.core.model import limits

    assert window.open_project(project_path, create=True)
    worker_init("tests.worker_hooks:slow_extractors")
    monkeypatch.setattr(limits.LIMITS, "max_import_seconds", 1)
    started = time.monotonic()
    with qtbot.waitSignal(window.importFinished, timeout=20_000) as finished:
        window.import_paths([corpus / "page.html"])
    assert time.monotonic() - started < 4  # not the 7 s the stalled parsers take
    [outcome] = finished.args[0]
    assert outcome.status == "failed"
    detail = window.last_dialog.tree.topLevelItem(0).text(2)
    assert "took longer than the limit of 1 s per file" in detail and "--time-limit" in detail
    qtbot.keyClick(window.last_dialog.tree, Qt.Key.Key_Escape)
    assert window.project.count_documents() == 0
    worker_init(None)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        window.import_paths([corpus / "page.html"])
    assert [o.status for o in finished.args[0]] == ["imported"]


def test_import_summary_for_a_missing_path(qtbot, window, project_path, tmp_path: Path) -> None:
    assert window.open_project(project_path, create=True)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        window.import_paths([tmp_path / "nowhere.html"])
    assert [o.status for o in finished.args[0]] == ["failed"]
    assert window.last_dialog.objectName() == "ImportSummary"
    assert "cannot read" in window.last_dialog.tree.topLevelItem(0).text(2)
    window.last_dialog.close()


def test_opening_another_project_mid_import_stops_it_cleanly(
    qtbot, window, project_path, corpus, tmp_path
) -> None:
    assert window.open_project(project_path, create=True)
    folder = tmp_path / "many"
    folder.mkdir()
    text = (corpus / "article.txt").read_text(encoding="utf-8")
    for n in range(8):
        (folder / f"article{n}.txt").write_text(
            f"Copy {n}\n\nVariant {n} of the text.\n\n{text}", encoding="utf-8"
        )
    window.import_paths([folder])
    job = window.import_job
    other = tmp_path / "other.claimmark"
    assert window.open_project(other, create=True)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.cancelled and window.import_job is None
    assert window.project.count_documents() == 0  # nothing went into the newly opened project
    qtbot.wait(200)
    assert window.project.path == other and window.library.model.rowCount() == 0


def test_an_import_with_warnings_shows_them_in_the_summary(qtbot, window, project_path, tmp_path: Path) -> None:
    """One file imported, but an image left out for its size: the summary says so."""
    from tests.bad_input.conftest import png

    folder = tmp_path / "story_files"
    folder.mkdir()
    (folder / "huge.png").write_bytes(png(20000, 20000))  # 400 million pixels, a few hundred bytes
    page = tmp_path / "story.html"
    text = " ".join(["A sentence of a real article that goes on for a while and says something."] * 8)
    page.write_text(f'<html><head><title>Story</title></head><body><article><h1>Story</h1><p>{text}</p>'
                    '<figure><img src="story_files/huge.png"><figcaption>A huge picture.</figcaption></figure>'
                    f"<p>{text}</p></article></body></html>", encoding="utf-8")
    assert window.open_project(project_path, create=True)
    with qtbot.waitSignal(window.importFinished, timeout=60_000) as finished:
        window.import_paths([page])
    [outcome] = finished.args[0]
    assert outcome.status == "imported" and outcome.warnings
    summary = window.last_dialog
    assert summary.objectName() == "ImportSummary" and summary.isVisible()
    assert summary.headline.text() == "1 imported, 0 already in the project, 0 failed, 1 with warnings."
    item = summary.tree.topLevelItem(0)
    assert item.text(1) == "imported, with warnings"
    assert item.text(2) == "Story" and item.childCount() == 1
    assert item.child(0).text(0).startswith("⚠ 1 image left out for its size")
    assert window.project.count_documents() == 1
    summary.close()
