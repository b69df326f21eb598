"""Huge, broken and hostile images: left out (only their header is ever read, and
files over the byte cap are not read at all), their captions kept."""

from __future__ import annotations

import base64
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from claimmark.core.model import limits as limits_module
from tests import worker_hooks
from tests.bad_input.conftest import SENTENCE, STORY, cli, imported_text, page, png, shown


def jpeg(width: int, height: int) -> bytes:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00" + bytes(16) + b";"


def webp(width: int, height: int) -> bytes:
    body = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def figure_page(src: str, caption: str = "The caption stays.") -> str:
    return page(f'<figure><img src="{src}" alt="alt text"><figcaption>{caption}</figcaption></figure>' + STORY,
                title="Pictures")


def stored_images(project: Path) -> list[tuple[int, int, int]]:
    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT width, height, size FROM images WHERE document_id = "
                            "(SELECT max(id) FROM documents) ORDER BY id").fetchall()


def import_with_image(tmp_path: Path, project: Path, name: str, data: bytes | None, src: str | None = None) -> str:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True, exist_ok=True)
    if data is not None:
        (folder / "page_files" / name).write_bytes(data)
    path = folder / "page.html"
    path.write_text(figure_page(src or f"page_files/{name}"))
    return imported_text(project, path)


def test_a_normal_image_is_stored(tmp_path: Path, project: Path) -> None:
    text = import_with_image(tmp_path, project, "ok.png", png(640, 480))
    assert "The caption stays." in text
    assert [(w, h) for w, h, _size in stored_images(project)] == [(640, 480)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("huge.png", png(20000, 20000)),  # 400 million pixels in a few hundred bytes
        ("huge.jpg", jpeg(65000, 65000)),
        ("huge.gif", gif(65535, 65535)),
        ("huge.webp", webp(16383, 16383)),
        ("zero.png", png(0, 100)),
        ("tracker.gif", gif(1, 1)),
        ("cut.png", png(400, 300)[:20]),
        ("page.png", b"<html><script>alert(1)</script></html>" * 10),
        ("vector.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'),
        ("missing.png", None),
    ],
)
def test_huge_broken_and_foreign_images_are_left_out_and_the_caption_kept(
    tmp_path: Path, project: Path, name: str, data: bytes | None
) -> None:
    text = import_with_image(tmp_path, project, name, data)
    assert "The caption stays." in text and SENTENCE.format(n=5) in text
    assert stored_images(project) == []


def test_an_image_over_the_byte_cap_is_never_read(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch,
                                                  worker_init: Callable[[str], None]) -> None:
    folder = tmp_path / "saved" / "page_files"
    folder.mkdir(parents=True)
    with open(folder / "big.png", "wb") as handle:
        handle.write(png(4000, 3000))
        handle.truncate(limits_module.LIMITS.max_image_bytes + 1)  # sparse
    log = tmp_path / "worker-opens.jsonl"
    monkeypatch.setenv(worker_hooks.LOG, str(log))
    worker_init("tests.worker_hooks:record")  # the worker reads the page: its opens are recorded
    text = import_with_image(tmp_path, project, "big.png", None)
    assert "The caption stays." in text
    assert stored_images(project) == []
    opened = worker_hooks.recorded(log)
    assert str(tmp_path / "saved" / "page.html") in opened  # the recorder sees the worker's opens
    assert not any(p.endswith("big.png") for p in opened)


@pytest.mark.parametrize(
    "src",
    [
        "data:image/png;base64," + base64.b64encode(png(20000, 20000)).decode(),
        "data:image/jpeg;base64," + base64.b64encode(jpeg(60000, 60000)).decode(),
        "data:image/png;base64,!!!!not-base64!!!!",
        "data:image/png;base64,",
        "data:image/svg+xml;utf8,<svg onload='alert(1)'></svg>",
        "data:text/html;base64," + base64.b64encode(b"<script>alert(1)</script>").decode(),
        "data:,",
        "data:image/png;charset=utf-8;foo=bar;base64;base64," + base64.b64encode(png(10, 10)).decode(),
    ],
)
def test_hostile_data_uris_are_left_out_and_the_caption_kept(tmp_path: Path, project: Path, src: str) -> None:
    text = import_with_image(tmp_path, project, "unused.png", None, src=src)
    assert "The caption stays." in text
    assert stored_images(project) == []


def test_a_data_uri_over_the_byte_cap_is_left_out(tmp_path: Path, project: Path) -> None:
    payload = png(3000, 2000) + bytes(limits_module.LIMITS.max_image_bytes)
    src = "data:image/png;base64," + base64.b64encode(payload).decode()
    text = import_with_image(tmp_path, project, "unused.png", None, src=src)
    assert "The caption stays." in text
    assert stored_images(project) == []


def test_a_data_uri_within_the_cap_is_kept(tmp_path: Path, project: Path) -> None:
    src = "data:image/png;base64," + base64.b64encode(png(300, 200)).decode()
    import_with_image(tmp_path, project, "unused.png", None, src=src)
    assert [(w, h) for w, h, _size in stored_images(project)] == [(300, 200)]


def test_images_beyond_the_per_document_limit_are_left_out(tmp_path: Path, project: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_images_per_document", 3)
    figures = "".join(
        f'<figure><img src="data:image/png;base64,{base64.b64encode(png(100 + n, 100)).decode()}">'
        f"<figcaption>Caption {n}.</figcaption></figure>" for n in range(6))
    path = tmp_path / "many.html"
    path.write_text(page(figures + STORY))
    text = imported_text(project, path)
    assert all(f"Caption {n}." in text for n in range(6))
    assert len(stored_images(project)) == 3


def test_an_image_limit_hit_still_imports(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits_module.LIMITS, "max_image_pixels", 1000)
    text = import_with_image(tmp_path, project, "ok.png", png(640, 480))
    assert "The caption stays." in text
    assert stored_images(project) == []
    assert cli("check", project).code == 0


@pytest.mark.parametrize(
    ("name", "data", "src"),
    [
        ("huge.png", png(20000, 20000), None),  # over the pixel cap
        ("big.png", png(300, 200) + bytes(limits_module.LIMITS.max_image_bytes), None),  # over the byte cap
        ("unused.png", None,
         "data:image/png;base64," + base64.b64encode(png(300, 200) + bytes(limits_module.LIMITS.max_image_bytes))
         .decode()),
    ],
    ids=["pixels", "local-bytes", "data-uri-bytes"],
)
def test_the_cli_warns_when_an_image_is_left_out_for_its_size(tmp_path: Path, project: Path, name: str,
                                                               data: bytes | None, src: str | None) -> None:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    if data is not None:
        (folder / "page_files" / name).write_bytes(data)
    path = folder / "page.html"
    path.write_text(figure_page(src or f"page_files/{name}"))
    run = cli("import", project, path)
    assert run.code == 0 and run.out.startswith("2\t")
    assert run.err == (f"claimmark: {shown(path)}: warning: 1 image left out for its size "
                       "(the limits are 10 MB and 40 million pixels an image)\n")
    assert stored_images(project) == []


def test_images_left_out_for_other_reasons_give_no_warning(tmp_path: Path, project: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    (folder / "page_files" / "tracker.gif").write_bytes(gif(1, 1))
    path = folder / "page.html"
    path.write_text(figure_page("page_files/tracker.gif"))
    run = cli("import", project, path)
    assert run.code == 0 and run.err == ""
