"""Entry point of the bundled app: the same `claimmark` command, frozen."""

import multiprocessing

from claimmark.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the GUI extracts pages in worker processes
    raise SystemExit(main())
