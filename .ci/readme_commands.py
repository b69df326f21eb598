"""Print one of the README's two commands, as written: ``readme_commands.py app|tests``.

`.ci/run` runs what this prints, so the README and CI cannot drift apart. The commands
are the indented code lines of the README's "Two commands" section: the first installs
and starts the app, the second installs and runs the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = "## Two commands"
NAMES = ("app", "tests")


def readme_commands(text: str) -> list[str]:
    """The indented code lines between the section heading and the next heading."""
    _, found, rest = text.partition(f"\n{SECTION}\n")
    if not found:
        raise ValueError(f"README.md has no '{SECTION}' section")
    section = rest.split("\n#", 1)[0]
    commands = [line[4:] for line in section.splitlines() if line.startswith("    ") and line.strip()]
    if len(commands) != len(NAMES):
        raise ValueError(f"README.md's '{SECTION}' holds {len(commands)} commands, not {len(NAMES)}")
    return commands


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in NAMES:
        print(f"usage: readme_commands.py {'|'.join(NAMES)}", file=sys.stderr)
        return 2
    try:
        commands = readme_commands(README.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"readme_commands.py: {exc}", file=sys.stderr)
        return 1
    print(commands[NAMES.index(argv[0])])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
