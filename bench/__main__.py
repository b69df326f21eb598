"""`python -m bench`: the benchmark suite of issue #17 (see docs/performance.md)."""

import sys

from bench.suite.run import main

sys.exit(main(sys.argv[1:]))
