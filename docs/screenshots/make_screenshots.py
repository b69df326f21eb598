"""Make the screenshots in docs/screenshots/ from a fresh project with the sample article.

    python docs/screenshots/make_screenshots.py [OUTPUT_FOLDER]

Runs offscreen (no display needed), in a temporary folder: your settings and
projects are not touched. The annotations are made the way a person makes them:
select the passage in the reading view, press the kind's key, fill in the editor.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

EXAMPLES = [  # the sample article's example annotations (as in tests/fixtures/corpus/*/expected.json)
    (
        "claim",
        "the US had used its technological prowess to spy on its own people and the world public",
        {"claimant": "Wang Wenbin", "tags": ["surveillance"], "note": "Compare with the 2013 disclosures."},
    ),
    ("quote", "The US is in fact the biggest threat to global cybersecurity.", {"speaker": "Wang Wenbin"}),
    (
        "claim",
        "it is the US that has been forcing companies to install backdoors and obtaining user data in "
        "violation of relevant rules",
        {"claimant": "Wang Wenbin", "status": "unverifiable", "tags": ["backdoors", "surveillance"]},
    ),
    (
        "citation",
        "Microsoft Vice President Tom Burt recently said in the past five years US law enforcement "
        "agencies had issued up to 3,500 confidentiality orders annually",
        {"source_title": "Tom Burt, Microsoft", "tags": ["secrecy orders"]},
    ),
    (
        "citation",
        "France's National Commission on Informatics and Liberty said that the French sites of Google "
        "and Amazon stored users' information without their prior permission",
        {"source_title": "CNIL (France)", "source_url": "https://www.cnil.fr/"},
    ),
    (
        "claim",
        "the Patriot Act required US internet companies to provide user information on a regular basis",
        {"claimant": "Wang Wenbin", "status": "mostly true"},
    ),
]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="claimmark-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["CLAIMMARK_CONFIG_DIR"] = str(work / "config")
    os.environ["CLAIMMARK_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("CLAIMMARK_AUTHOR", "Sam Reviewer")

    from PySide6.QtCore import QEventLoop, QTimer

    from claimmark.ui.app import create_application
    from claimmark.ui.main_window import MainWindow

    app = create_application([])
    window = MainWindow()
    window.set_theme("light")
    window.resize(1440, 900)
    window.splitter.setSizes([300, 760, 380])
    window.show()

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    loop = QEventLoop()
    window.importFinished.connect(lambda _outcomes: loop.quit())
    window.open_initial(None)  # first run: the default project with the sample article
    if window.import_job is not None and not window.import_job.done:
        loop.exec()
    settle()

    # more library entries, so the library shot shows a list
    from claimmark.core.extract.pipeline import Extracted
    from claimmark.core.model.document import Block, ReadingDocument

    extra = [
        ("Ransomware gangs shift to data theft, report says", "Tech Desk", "2024-03-11"),
        ("EU agrees on rules for cross-border data requests", "Brussels Wire", "2024-02-27"),
        ("Fact-checkers question viral claim about 5G masts", "Verify Daily", "2024-01-19"),
        ("Interview: a former NSA analyst on encryption", "The Long Read", "2023-12-02"),
    ]
    for title, site, date in reversed(extra):
        reading = ReadingDocument([Block("heading", title, level=1), Block("paragraph", "Body text. " * 40)])
        window.project.add_document(
            Extracted(
                source_name=f"{title}.txt",
                source_format="txt",
                metadata={"title": title, "site_name": site, "published": date},
                document=reading,
                images={},
                original=b"",
                original_size=0,
                content_hash=title,
            )
        )
    window.library.model.refresh()
    window.library.select_document(window.document_id, emit=False)

    text = window.project.document(window.document_id)["text"]
    for kind, exact, fields in EXAMPLES:
        start = text.find(exact)
        window.reader.select_core(start, start + len(exact))
        window.kind_key(kind)
        current = window.panel.current_annotation()
        window.edit_annotation(current.id, fields)
    settle()
    window.library.list.viewport().update()
    window.reader.verticalScrollBar().setValue(0)  # the article's top: title, byline, figure
    settle()
    window.grab().save(str(out / "library.png"))

    # the reading view with all three kinds, scrolled to the annotated passages
    first_claim = text.find(EXAMPLES[0][1])
    window.reader.scroll_to_position(first_claim - 80, top=True)
    window.panel.list.clearSelection()
    settle()
    window.reader.grab().save(str(out / "reading-highlights.png"))

    # the editor, for the first claim (claimant, tags, note)
    claim = min((a for a in window.annotations.values() if a.kind == "claim"), key=lambda a: a.start)
    window.panel.list.setFocus()
    window.panel.select(claim.id)
    window.show_annotation(claim.id)
    settle(900)
    window.grab().save(str(out / "annotation-editor.png"))

    # the floating tag bar by a selection
    start = text.find("Following the 9/11 attacks")
    window.reader.scroll_to_position(start)
    window.reader.select_core(start, start + len("Following the 9/11 attacks"))
    settle(300)
    window.reader.grab().save(str(out / "tag-bar.png"))
    window.reader.select_core(start, start)

    window.set_theme("dark")
    window.reader.scroll_to_position(first_claim - 80, top=True)
    settle()
    window.grab().save(str(out / "dark-theme.png"))
    window.set_theme("sepia")
    settle()
    window.reader.grab().save(str(out / "sepia-theme.png"))
    window.set_theme("light")

    window.show_table()
    window.table_window.resize(1300, 420)
    settle()
    window.table_window.grab().save(str(out / "all-annotations.png"))
    window.table_window.close()
    sharing_shots(window, work, out, settle)
    window.close()
    app.processEvents()
    print(f"screenshots written to {out}")
    return 0


def sharing_shots(window, work: Path, out: Path, settle) -> None:
    """A colleague's copy edited in her own installation, merged back: the merge
    preview with a conflict side by side, the review of that conflict, then the
    highlights coloured by author."""
    from PySide6.QtCore import QEventLoop

    from claimmark.core.store import annotations as ann
    from claimmark.core.store.project import Project

    theirs = work / "Priya's copy.claimmark"
    window.copy_project_to(theirs)
    claim = min((a for a in window.annotations.values() if a.kind == "claim"), key=lambda a: a.start)
    saved = {key: os.environ.get(key) for key in ("CLAIMMARK_CONFIG_DIR", "CLAIMMARK_AUTHOR")}
    os.environ.update({"CLAIMMARK_CONFIG_DIR": str(work / "priya-config"), "CLAIMMARK_AUTHOR": "Priya Nair"})
    with Project.open(theirs) as project:
        ann.update(project, claim.uuid, note="The 2013 disclosures say so; the ministry gives no source.",
                   status="mostly true")
        ann.add_text(project, window.document_id, "quote", "backdoors", speaker="Wang Wenbin")
        ann.add_text(project, window.document_id, "claim",
                     "US law enforcement agencies had issued up to 3,500 confidentiality orders annually",
                     claimant="Tom Burt", tags=["secrecy orders"])
    os.environ.update({k: v for k, v in saved.items() if v is not None})
    window.edit_annotation(claim.id, {"note": "Compare with the 2013 disclosures; ask the ministry."})

    def shown() -> object:
        loop = QEventLoop()
        found = []
        window.merge_flow.reportShown.connect(lambda dialog: (found.append(dialog), loop.quit()))
        loop.exec()
        return found[0]

    window.merge_project(theirs)
    preview = shown()
    preview.resize(900, 600)
    settle(300)
    preview.grab().save(str(out / "merge-report.png"))
    window.merge_flow.reportShown.disconnect()
    preview.merge_button.click()
    shown().close()
    window.show_conflicts()  # File ▸ Review Merge Conflicts, with Keep Ours / Use Theirs
    review = window.last_dialog
    review.resize(900, 560)
    settle(300)
    review.grab().save(str(out / "merge-conflicts.png"))
    review.close()
    window.set_colour_by_author(True)
    window.reader.scroll_to_position(window.annotations[claim.id].start - 80, top=True)
    window.panel.list.clearSelection()
    settle()
    window.grab().save(str(out / "colour-by-author.png"))
    window.set_colour_by_author(False)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
