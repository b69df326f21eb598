"""What extraction hands to storage: one page's reading document, metadata, images and
original. Kept apart from the extraction pipeline (core/extract/pipeline.py), so that storage,
and everything that only opens a project, need not load lxml, readability and
trafilatura: they load when the first page is read."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from claimmark.core.model.document import ReadingDocument, StoredString
from claimmark.core.model.images import Image

EXTRACTOR_VERSION = "1"


class SourceFormat(StoredString):
    """The kind of file a page was read from (a document's ``source_format``)."""

    HTML = "html"
    MHTML = "mhtml"
    SINGLEFILE = "singlefile"  # one HTML file with its images inlined as data: URLs
    TXT = "txt"
    MD = "md"


@dataclass(frozen=True)
class StoredForms:
    """The forms of a reading document a project stores (its JSON structure and text
    columns), made from it once."""

    json: str
    text: str

    @classmethod
    def of(cls, document: ReadingDocument) -> StoredForms:
        return cls(document.to_json(), document.text)


@dataclass(frozen=True)
class Extracted:
    """Everything an import stores about one page (picklable, so it can cross processes)."""

    source_name: str
    source_format: SourceFormat
    metadata: dict[str, str]
    document: ReadingDocument
    images: dict[str, Image]
    original: bytes  # zlib-compressed source bytes
    original_size: int
    content_hash: str
    warnings: list[str] = field(default_factory=list)
    # `document`'s stored forms, when made ahead (`with_forms`: an import's worker makes
    # them, so that the process storing the pages, one after the other, only writes them)
    forms: StoredForms | None = None

    @property
    def text(self) -> str:
        return self.document.text

    def with_forms(self) -> Extracted:
        return replace(self, forms=StoredForms.of(self.document))

    def stored_forms(self) -> StoredForms:
        return self.forms if self.forms is not None else StoredForms.of(self.document)
