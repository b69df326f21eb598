"""The benchmark suite behind `python -m bench` (issue #17): data generation, timing
helpers, the rows grouped by what they exercise, and the table they print."""
