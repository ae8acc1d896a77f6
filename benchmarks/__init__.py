"""Grading benchmarks (``make bench``): our pipeline against plain nbgrader, same run."""
