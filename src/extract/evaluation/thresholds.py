"""The regression gate: minimum scores per metric, kept in a checked-in JSON file.

A metric is named by its dotted path in ``EvalReport.model_dump()``, for example
``mentions.micro.overlap.f1``, ``mentions.CHARGE.exact.recall``,
``normalization.DATE value.accuracy``, ``people.f1`` or ``cases.f1``. The file::

    {"about": "free text",
     "thresholds": {"mentions.micro.overlap.f1": 0.97, "cases.f1": 0.64}}

:func:`check` returns the metrics whose score is below their threshold. Plain library
code: no Prefect, no spaCy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.evaluation.scoring import EvalReport
from extract.storage.jsonl import loads_json, read_text_file

__all__ = [
    "THRESHOLDS_FILE",
    "CheckResult",
    "check",
    "default_thresholds_path",
    "format_check",
    "load_thresholds",
    "metric_names",
    "metric_value",
]

THRESHOLDS_FILE = "thresholds.json"
"""File name looked for next to the gold records when no thresholds file is given."""


@dataclass(frozen=True)
class CheckResult:
    """One metric compared with its threshold."""

    metric: str
    value: float
    threshold: float

    @property
    def passed(self) -> bool:
        return self.value >= self.threshold


def _leaves(data: Any, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(data, Mapping):
        for key, value in data.items():
            out.update(_leaves(value, f"{prefix}{key}."))
    elif isinstance(data, bool):
        pass
    elif isinstance(data, int | float):
        out[prefix[:-1]] = float(data)
    return out


def metric_names(report: EvalReport) -> list[str]:
    """Every metric name a thresholds file may use (the numeric leaves of the report,
    errors and document lists left out)."""
    data = report.model_dump(exclude={"errors"})
    return sorted(_leaves(data))


def metric_value(report: EvalReport, metric: str) -> float:
    """The score named by a dotted path; :class:`InputError` if there is no such metric."""
    value: Any = report.model_dump(exclude={"errors"})
    for part in metric.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise InputError(
                f"unknown metric {metric!r} (names are dotted paths such as "
                "'mentions.micro.overlap.f1', 'normalization.DATE value.accuracy', 'cases.f1')"
            )
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"metric {metric!r} is not a number")
    return float(value)


def load_thresholds(path: Path) -> dict[str, float]:
    """Read a thresholds file; a missing file, bad JSON or a value outside [0, 1] (for
    ratios) raises :class:`InputError` naming the file."""
    if not path.exists():
        raise InputError(f"{path}: no such thresholds file")
    data = loads_json(read_text_file(path, 1 << 20), str(path))
    table = data.get("thresholds") if isinstance(data, dict) else None
    if not isinstance(table, dict) or not table:
        raise InputError(f"{path}: expected an object with a non-empty \"thresholds\" object")
    out: dict[str, float] = {}
    for metric, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError(f"{path}: threshold of {metric!r} is not a number: {value!r}")
        out[str(metric)] = float(value)
    return out


def default_thresholds_path(gold: Sequence[str | Path]) -> Path:
    """``thresholds.json`` in the first gold folder given (or beside the first gold file)."""
    first = Path(gold[0]) if gold else Path("gold")
    folder = first if first.is_dir() else first.parent
    return folder / THRESHOLDS_FILE


def check(report: EvalReport, thresholds: Mapping[str, float]) -> list[CheckResult]:
    """Compare each metric with its threshold, in the file's order. An unknown metric
    name raises :class:`InputError`."""
    return [CheckResult(m, metric_value(report, m), t) for m, t in thresholds.items()]


def format_check(results: Sequence[CheckResult], source: str | Path) -> str:
    """One line per failed metric, then a summary line."""
    failed = [r for r in results if not r.passed]
    lines = [
        f"below threshold: {r.metric} = {r.value:.4f} < {r.threshold:.4f}" for r in failed
    ]
    if failed:
        lines.append(
            f"check failed: {len(failed)} of {len(results)} metrics below their thresholds in {source}"
        )
    else:
        lines.append(f"check passed: {len(results)} metrics at or above their thresholds in {source}")
    return "\n".join(lines)
