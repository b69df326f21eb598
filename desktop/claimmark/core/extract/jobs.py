"""The extraction jobs an import and a re-import hand to a worker: `extract_file` under
the per-file limits, and a stored original extracted again. They live apart from
`claimmark.core.importing` and `claimmark.core.annotate.reimport` because a worker
imports the module of each job's function to run it, and those modules bring the store
(sqlite-utils and all) that a worker never needs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from claimmark.core.extract import workers
from claimmark.core.extract.sources import read_source
from claimmark.core.model.errors import ImportFailed
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.images import Image, collect_left_out
from claimmark.core.model.limits import LIMITS, format_size


def extraction_job(path: Path) -> workers.Job:
    return workers.Job(extract_limited, (path,), path)


def extract_limited(path: Path) -> Extracted:
    """`extract_file` (run in a worker, under the per-file limits), with the images left
    out for their size reported among its warnings, and the document's stored forms made
    (in the workers, side by side, not in the process that stores the pages in turn).
    The pipeline is imported here, in the worker: the command's own process never loads
    lxml, readability or trafilatura."""
    from claimmark.core.extract.pipeline import extract_file

    with collect_left_out() as left:
        extracted = extract_file(path)
    if left:
        count = len(set(left))
        extracted.warnings.append(
            f"{count} image{'s' if count != 1 else ''} left out for {'their' if count != 1 else 'its'} "
            f"size (the limits are {format_size(LIMITS.max_image_bytes)} and "
            f"{LIMITS.max_image_pixels / 1e6:g} million pixels an image)")
    return extracted.with_forms()


def extract_original(path: Path, source_name: str, source_format: str, stored: dict[str, Image]) -> Extracted:
    """Extract an original, written to `path` by the caller, as it was imported (runs in
    a worker). Its images are read from the page or archive when they are in it, else
    found among `stored` (the images kept with the document) by their relative path."""
    from claimmark.core.extract.pipeline import (
        extract_page,  # in the worker only (see extract.jobs.extract_limited)
    )

    page = read_source(path)
    page.path = Path(source_name)  # messages name the file the user imported
    first = page.resolve

    def resolve(src: str) -> Image | None:
        found = first(src)
        if found is not None:
            return found
        rel = unquote(urlsplit(src.strip()).path)
        return stored.get(rel) or stored.get(src.strip())

    page.resolve = resolve
    if source_format == "singlefile" and page.format != "singlefile":
        page.format = "singlefile"
    try:
        return extract_page(page)
    except ImportFailed:
        raise
    except (ValueError, RecursionError) as exc:
        raise ImportFailed(f"the stored page could not be extracted again ({exc})", source_name) from None
