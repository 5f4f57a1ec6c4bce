"""Evaluation: scoring against gold, its tables and HTML report, thresholds, diffs, the blind-first log
and gold interchange."""
