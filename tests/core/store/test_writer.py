"""Every writer of the command line (export, extract --out-dir, copy) goes through
core/store/writer.py: never onto a project, an SQLite file, an input or through a link, never
over a file without --force, never a truncated file, and one line for every failure."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimmark.cli import main
from claimmark.core.export.filenames import numbered_names
from claimmark.core.model.errors import ClaimMarkError
from claimmark.core.store import writer
from claimmark.core.store.project import Project
from tests.annotation_helpers import import_corpus, tag_examples
from tests.full_disk import fill_disk


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("claimmark: ") and "Traceback" not in err, err
    return err


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Path:
    """A project with the six example annotations, in a folder of its own."""
    path = tmp_path / "x" / "p.claimmark"
    path.parent.mkdir()
    with import_corpus(path, corpus) as opened:
        tag_examples(opened)
    return path


def still_a_project(path: Path, before: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert sha(path) == before
    code, out, err = run(capsys, "list", path)
    assert code == 0 and err == "" and len(out.splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
@pytest.mark.parametrize("spelling", ["plain", "dotdot", "hard link"])
def test_an_export_onto_its_own_project_is_refused(project: Path, fmt: str, spelling: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = {"plain": project, "dotdot": project.parent / ".." / "x" / project.name}.get(spelling)
    if target is None:
        target = tmp_path / "linked.txt"
        os.link(project, target)
    before = sha(project)
    for force in ([], ["--force"]):
        code, out, err = run(capsys, "export", project, "--format", fmt, "-o", target, *force)
        assert code == 1 and out == ""
        assert "is the project being exported; it is never written over" in one_line(err)
        still_a_project(project, before, capsys)


def test_an_export_over_another_project_or_sqlite_file_is_refused_even_with_force(
    project: Path, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.claimmark"
    import_corpus(other, corpus).close()
    plain_db = tmp_path / "notes.csv"  # an SQLite file whatever its name says
    sqlite3.connect(plain_db).execute("CREATE TABLE t (x)").connection.close()
    for target in (other, plain_db):
        before = sha(target)
        code, _, err = run(capsys, "export", project, "--format", "csv", "-o", target, "--force")
        assert code == 1 and "is an SQLite database (perhaps a project)" in one_line(err)
        assert sha(target) == before
    journal = tmp_path / "other.claimmark-journal"
    code, _, err = run(capsys, "export", project, "--format", "csv", "-o", journal)
    assert code == 1 and "is the journal of an SQLite database" in one_line(err)
    assert not journal.exists()


def test_an_existing_file_is_replaced_only_with_force(project: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    target.write_text("last week's export\n", encoding="utf-8")
    code, out, err = run(capsys, "export", project, "--format", "csv", "-o", target)
    assert code == 1 and out == ""
    assert one_line(err) == f"claimmark: {target}: already exists; give --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "last week's export\n"
    code, out, err = run(capsys, "export", project, "--format", "csv", "-o", target, "--force")
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().startswith(b"document_id,") and target.read_bytes().count(b"\r\n") == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config", "corpus", "data", "out.csv", "x"]


def test_an_export_never_writes_through_a_symbolic_link(project: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    for pointing_at in (victim, project):
        link = tmp_path / "out.csv"
        link.unlink(missing_ok=True)
        link.symlink_to(pointing_at)
        before = sha(pointing_at)
        code, _, err = run(capsys, "export", project, "--format", "csv", "-o", link, "--force")
        assert code == 1 and "is a symbolic link" in one_line(err)
        assert link.is_symlink() and sha(pointing_at) == before


def test_standard_output_appended_to_the_project_is_refused(project: Path) -> None:
    before = sha(project)
    with open(project, "ab") as out:
        done = subprocess.run([sys.executable, "-m", "claimmark", "export", str(project), "--format", "csv"],
                              stdout=out, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert "standard output is the project being exported" in one_line(done.stderr)
    assert sha(project) == before


def test_split_refuses_existing_files_and_links_in_its_folder(project: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notes"
    code, out, _ = run(capsys, "export", project, "--format", "md", "--split", folder)
    written = folder / "China US itself top threat to global cybersecurity.md"
    assert code == 0 and out == f"{written}\n"
    code, out, err = run(capsys, "export", project, "--format", "md", "--split", folder)
    assert code == 1 and out == "" and "already exists; give --force" in one_line(err)
    written.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    written.symlink_to(victim)
    code, out, err = run(capsys, "export", project, "--format", "md", "--split", folder, "--force")
    assert code == 1 and "is a symbolic link" in one_line(err)
    assert victim.read_text(encoding="utf-8") == "precious\n" and written.is_symlink()
    code, _, err = run(capsys, "export", project, "--format", "md", "--split", victim)
    assert code == 1 and one_line(err) == f"claimmark: {victim}: is not a folder\n"


def test_a_full_disk_leaves_the_old_file_and_no_partial_one(project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "annotations.csv"
    old.write_text("the old export\n", encoding="utf-8")
    fill_disk(monkeypatch, folder)
    code, _, err = run(capsys, "export", project, "--format", "csv", "-o", old, "--force")
    assert code == 1
    assert one_line(err) == f"claimmark: {old}: cannot write (No space left on device)\n"
    new = folder / "new.json"
    code, _, err = run(capsys, "export", project, "--format", "json", "-o", new)
    assert code == 1 and "No space left on device" in one_line(err)
    page = project.parent.parent / "corpus" / "page.html"
    code, out, err = run(capsys, "extract", "--out-dir", folder, page)
    assert code == 1 and out == "" and "No space left on device" in one_line(err)
    assert sorted(p.name for p in folder.iterdir()) == ["annotations.csv"]
    assert old.read_text(encoding="utf-8") == "the old export\n"


def test_a_folder_that_cannot_be_written_is_one_line(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Tests run as root, which writes through chmod: a read-only folder is EROFS from os.open."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    code, _, err = run(capsys, "export", project, "--format", "csv", "-o", folder / "a.csv")
    assert code == 1 and one_line(err) == f"claimmark: {folder / 'a.csv'}: cannot write (Read-only file system)\n"
    assert list(folder.iterdir()) == []


def test_extract_out_dir_gives_inputs_with_one_stem_distinct_names(tmp_path: Path, corpus: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b").mkdir()
    other = tmp_path / "b" / "page.txt"
    other.write_text("Another article\n\nIts only paragraph says something else entirely.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "extract", "--out-dir", out, corpus / "page.html", other)
    assert code == 0
    assert stdout.splitlines() == [str(out / "page.txt"), str(out / "page-2.txt")]
    assert one_line(err) == (f"claimmark: {other}: another input also makes page.txt; "
                             "writing page-2.txt instead\n")
    assert sorted(p.name for p in out.iterdir()) == ["page-2.txt", "page.txt"]
    assert "Patriot Act" in (out / "page.txt").read_text(encoding="utf-8")
    assert (out / "page-2.txt").read_text(encoding="utf-8") == "Its only paragraph says something else entirely.\n"


def test_extract_out_dir_refuses_links_existing_files_and_its_inputs(tmp_path: Path, corpus: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (out / "page.txt").symlink_to(victim)
    code, stdout, err = run(capsys, "extract", "--out-dir", out, corpus / "page.html", "--force")
    assert code == 1 and stdout == "" and "page.txt: is a symbolic link" in one_line(err)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    (out / "page.txt").unlink()
    (out / "page.txt").write_text("an earlier run\n", encoding="utf-8")
    code, _, err = run(capsys, "extract", "--out-dir", out, corpus / "page.html")
    assert code == 1 and "already exists; give --force to replace it" in one_line(err)
    assert (out / "page.txt").read_text(encoding="utf-8") == "an earlier run\n"
    code, _, err = run(capsys, "extract", "--out-dir", out, corpus / "page.html", "--force")
    assert code == 0 and err == "" and "Patriot Act" in (out / "page.txt").read_text(encoding="utf-8")
    article = corpus / "article.txt"  # extracted into its own folder: the input itself is the target
    before = sha(article)
    code, _, err = run(capsys, "extract", "--out-dir", corpus, article, "--force")
    assert code == 1 and "is an input of this command; it is never written over" in one_line(err)
    assert sha(article) == before
    code, _, err = run(capsys, "extract", "--out-dir", victim, article)
    assert code == 1 and one_line(err) == f"claimmark: {victim}: is not a folder\n"
    code, _, err = run(capsys, "extract", "--out-dir", victim / "sub", article)
    assert code == 1 and "cannot make the folder" in one_line(err)


def test_copy_follows_the_same_rules(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha(project)
    code, _, err = run(capsys, "copy", project, project.parent / ".." / "x" / "p.claimmark", "--force")
    assert code == 1 and "is the open project; it is never written over" in one_line(err)
    assert sha(project) == before
    dest = tmp_path / "share.claimmark"
    dest.write_text("not a project\n", encoding="utf-8")
    code, _, err = run(capsys, "copy", project, dest)
    assert code == 1 and "already exists; give --force to replace it" in one_line(err)
    code, out, err = run(capsys, "copy", project, dest, "--force")
    assert (code, out, err) == (0, f"{dest}\n", "")
    with Project.open(dest) as copy:
        assert copy.check() == [] and copy.count_documents() == 1
    code, _, err = run(capsys, "copy", project, dest, "--force")  # now an SQLite file: kept
    assert code == 1 and "is an SQLite database" in one_line(err)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_force_is_a_usage_error_where_nothing_is_written(project: Path, corpus: Path) -> None:
    for argv in (["export", str(project), "--format", "csv", "--force"],
                 ["extract", str(corpus / "page.html"), "--force"]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2


def test_the_core_writer_checks_again_before_naming_the_file(tmp_path: Path) -> None:
    """A file that appears while the data is written is not replaced (without `replace`)."""
    tmp_path = tmp_path / "here"
    tmp_path.mkdir()
    target = tmp_path / "out.txt"

    def produce(temp: Path) -> None:
        temp.write_bytes(b"new")
        target.write_bytes(b"appeared meanwhile")

    with pytest.raises(writer.AlreadyExists):
        writer.write_with(target, produce)
    assert target.read_bytes() == b"appeared meanwhile" and sorted(tmp_path.iterdir()) == [target]
    with pytest.raises(ClaimMarkError, match="the folder does not exist"):
        writer.write_bytes(tmp_path / "missing" / "x.txt", b"x")
    (tmp_path / "fifo").mkdir()
    with pytest.raises(writer.WriteRefused, match="is a folder"):
        writer.write_bytes(tmp_path / "fifo", b"x", replace=True)


def test_numbered_names() -> None:
    assert numbered_names(["page.txt", "Page.txt", "page.txt", "a", "a", ".x.json", ".x.json"]) == [
        "page.txt", "Page-2.txt", "page-3.txt", "a", "a-2", ".x.json", ".x-2.json"]
