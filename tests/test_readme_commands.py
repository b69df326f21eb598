"""The README's two commands are what CI runs: `.ci/run` takes them from the README
through `.ci/readme_commands.py` and installs nothing before them (issue #14)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CI_RUN = ROOT / ".ci" / "run"


def _extractor():
    spec = importlib.util.spec_from_file_location("readme_commands", ROOT / ".ci" / "readme_commands.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _printed(name: str) -> str:
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "readme_commands.py"), name],
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_readme_holds_two_commands_that_make_a_current_pip_first() -> None:
    app, tests = _extractor().readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert app == "python3 -m venv --upgrade-deps .venv && .venv/bin/pip install -e . && .venv/bin/claimmark"
    assert tests == ('python3 -m venv --upgrade-deps .venv && .venv/bin/pip install -e ".[test]" '
                     "&& .venv/bin/python -m pytest")
    assert (_printed("app"), _printed("tests")) == (app, tests)


def test_the_commands_are_read_from_the_section_and_counted() -> None:
    readme_commands = _extractor().readme_commands
    text = "# T\n\n## Two commands\n\nStart:\n\n    one\n\nTest:\n\n    two\n\n## Next\n\n    three\n"
    assert readme_commands(text) == ["one", "two"]
    with pytest.raises(ValueError, match="holds 1 commands"):
        readme_commands("# T\n\n## Two commands\n\n    one\n")
    with pytest.raises(ValueError, match="no '## Two commands' section"):
        readme_commands("# T\n\n    one\n    two\n")


def _ci_lines() -> list[str]:
    return [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_ci_runs_the_readme_commands_as_written_and_installs_nothing_before_them() -> None:
    lines = _ci_lines()
    assert 'app_command="$(python3 .ci/readme_commands.py app)"' in lines
    assert 'test_command="$(python3 .ci/readme_commands.py tests)"' in lines
    assert 'setsid bash -c "$app_command" >"$app_log" 2>&1 &' in lines
    assert 'bash -c "$test_command"' in lines
    assert lines.index('setsid bash -c "$app_command" >"$app_log" 2>&1 &') < lines.index('bash -c "$test_command"')
    # no install of its own: no pip at all, no venv of its own, no copy of either command
    assert not [line for line in lines if re.search(r"\bpip\b|-m venv|pytest", line)]


def test_ci_works_in_a_fresh_clone_and_keeps_the_bundle_build_mypy_and_ruff() -> None:
    lines = _ci_lines()
    clone = lines.index('git clone --quiet "$PWD" "$clone"')
    assert lines.index('cd "$clone"') == clone + 1
    assert lines.index('BUILD_DIR="$scratch/package" packaging/build') > clone
    assert lines[-2:] == [".venv/bin/python -m mypy", ".venv/bin/python -m ruff check desktop tests bench packaging"]
