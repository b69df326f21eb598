"""The jobs an import and a re-import hand to a worker: the worker imports the module of
each job's function, so that module must not bring the store (sqlite-utils and all)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from claimmark.core.annotate import reimport
from tests.annotation_helpers import import_corpus


def test_a_worker_running_either_job_loads_no_store() -> None:
    probe = (
        "import json, sys\n"
        "from claimmark.core.extract.jobs import extract_limited, extract_original\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if m.startswith(('sqlite_utils', 'claimmark.core.store', 'claimmark.core.annotate')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_a_reimport_extracts_the_stored_original_in_a_worker_as_imported(
    project_path: Path, corpus: Path
) -> None:
    with import_corpus(project_path, corpus) as project:
        before = project.document(1).text
        extracted = reimport.extract_stored(project, 1)
    assert extracted.document.text == before
