"""The extraction job an import hands to a worker: `extract_file` under the per-file
limits. It lives apart from `claimmark.core.importing` because a worker imports the
module of each job's function to run it, and the import's module brings the store
(sqlite-utils and all) that a worker never needs."""

from __future__ import annotations

from pathlib import Path

from claimmark.core.extract import workers
from claimmark.core.model.extracted import Extracted
from claimmark.core.model.images import collect_left_out
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
