"""The command line: ``claimmark COMMAND PROJECT ARGS``, in the shape of sqlite-utils.

With no argument, or with only an existing file or a path ending in ``.claimmark``,
``claimmark`` starts the desktop app; any other first word must be a command.
Exit codes: 0 success, 1 a file or project could not be used (the message names it),
2 a usage error (an unknown command among them), 141 the output pipe was closed
early (as a program killed by SIGPIPE). No command ever prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from claimmark import __version__

# The command modules (and through them the store and sqlite-utils) load only when a
# command runs: `claimmark` alone starts the window, which must paint before they load.
COMMAND_MODULE_NAMES = ("documents", "annotate", "sharing", "self_test")
# Every command's name, known without importing its module (tests/cli checks the list
# against the parser's): a first word outside it is a project for the window.
COMMANDS = frozenset({
    "annotations", "check", "conflicts", "copy", "edit", "export", "extract", "import", "list",
    "merge", "recover", "reimport", "resolve", "restore", "search", "self-test", "show", "tag", "tags",
    "untag",
})
# The commands that extract pages in worker processes: one worker starts before the
# command's modules load (they take as long as a worker takes to load the parsers).
EXTRACTING = frozenset({"extract", "import", "reimport"})
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 128 + 13  # the shell's status of a program killed by SIGPIPE, as `git log | head` gives


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="claimmark",
        description="Read saved articles offline and tag their claims, quotes and citations.",
        epilog="Run 'claimmark' alone, or 'claimmark PROJECT', to open the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"claimmark {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules():
        module.register(commands)
    parser.set_defaults(command_names=frozenset(commands.choices))
    return parser


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"claimmark.cli.{name}") for name in COMMAND_MODULE_NAMES]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    word = argv[0] if argv else None
    if word is None or (word not in COMMANDS and not word.startswith("-")):
        if word is not None and not opens_window(word):
            from claimmark.cli import output

            output.write(unknown_command(word, COMMANDS), err=True)
            return EXIT_USAGE
        return _start_gui(argv)
    if word in EXTRACTING:
        from claimmark import core

        core.worker_pool().warm()
    try:
        return _run(build_parser(), argv)
    except BrokenPipeError:
        return _output_closed()


def opens_window(word: str) -> bool:
    """A first argument that is a project for the window: an existing file, or a path
    ending in .claimmark (a new project). Anything else is taken for a command."""
    return word.endswith(".claimmark") or Path(word).expanduser().is_file()


def unknown_command(word: str, commands: frozenset[str]) -> str:
    import difflib

    from claimmark.cli import output

    close = difflib.get_close_matches(word, sorted(commands), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"claimmark: unknown command '{output.display(word)}'{hint} (see 'claimmark --help')"


def _run(parser: argparse.ArgumentParser, argv: list[str]) -> int:
    import sqlite3

    from claimmark.cli import output
    from claimmark.core import ClaimMarkError, database_problem

    args = parser.parse_args(argv)
    try:
        code = int(args.run(args) or EXIT_OK)
        sys.stdout.flush()  # a closed pipe is noticed here, not at exit
        return code
    except ClaimMarkError as exc:
        output.write_error(exc)
        return EXIT_FAILED
    except sqlite3.DatabaseError as exc:  # a damaged or hostile project noticed late: still one line
        project = getattr(args, "project", None)
        error = ClaimMarkError(database_problem(exc), project)
        output.write_error(error)
        return EXIT_FAILED
    except KeyboardInterrupt:
        output.problem("interrupted")
        return 130


def _output_closed() -> int:
    """The reader of standard output (or of standard error) went away, as `| head -1`
    does: stop quietly. What is still buffered goes to the null device, so that
    Python's own flush at exit does not fail (the recipe of the `signal` module's docs)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a stream with no file descriptor
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    return EXIT_PIPE


def _start_gui(argv: list[str]) -> int:
    if importlib.util.find_spec("claimmark.ui.app") is None:
        from claimmark.cli import output

        output.write(f"claimmark {__version__}: the desktop window comes in a later release.")
        output.write("Meanwhile the command line does everything: see 'claimmark --help'.")
        return EXIT_OK
    from claimmark.ui.app import run

    return run(argv)
