"""The scores of an :class:`~extract.evaluation.scoring.EvalReport` as table rows and as markdown.

Used for the Prefect table and markdown artifacts of the evaluate flow and by the HTML
report. Plain library code: no Prefect, no spaCy.
"""

from __future__ import annotations

from typing import Any

from extract.evaluation.scoring import LABELS, EvalReport, Score

__all__ = ["format_markdown", "metric_rows", "normalization_rows"]


def _r(x: float) -> float:
    return round(x, 4)


def _score_row(name: str, s: Score, exact: Score | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "metric": name,
        "precision": _r(s.precision),
        "recall": _r(s.recall),
        "f1": _r(s.f1),
        "tp": s.tp,
        "fp": s.fp,
        "fn": s.fn,
    }
    if exact is not None:
        row.update(
            exact_precision=_r(exact.precision), exact_recall=_r(exact.recall), exact_f1=_r(exact.f1)
        )
    else:
        row.update(exact_precision=None, exact_recall=None, exact_f1=None)
    return row


def metric_rows(report: EvalReport) -> list[dict[str, Any]]:
    """One row per mention label, micro, people and case facts: overlap P/R/F1 and counts,
    exact P/R/F1 (``None`` for people and cases). Every row has the same keys."""
    rows = []
    for label in (*LABELS, "micro"):
        scores = report.mentions.get(label)
        if scores is not None:
            rows.append(_score_row(label, scores.overlap, scores.exact))
    rows.append(_score_row("people", report.people))
    rows.append(_score_row("case facts", report.cases))
    return rows


def normalization_rows(report: EvalReport) -> list[dict[str, Any]]:
    """One row per normalized field: correct, total, accuracy (``None`` when no pair)."""
    return [
        {
            "field": key,
            "correct": acc.correct,
            "total": acc.total,
            "accuracy": _r(acc.accuracy) if acc.total else None,
        }
        for key, acc in report.normalization.items()
    ]


def _cell(v: Any) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v).replace("|", "\\|")


def format_markdown(report: EvalReport) -> str:
    """Markdown tables: mentions (overlap, exact beside), normalization accuracy, and the
    documents line."""
    lines = [
        f"Documents: {report.gold_docs} gold, {report.pred_docs} predicted, "
        f"{len(report.missing_pred_docs)} without prediction, "
        f"{len(report.unmatched_pred_docs)} predicted not in gold.",
        "",
        "| | P | R | F1 | tp | fp | fn | exact P | exact R | exact F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in metric_rows(report):
        cells = [
            row["metric"], row["precision"], row["recall"], row["f1"], row["tp"], row["fp"],
            row["fn"], row["exact_precision"], row["exact_recall"], row["exact_f1"],
        ]
        name = f"**{cells[0]}**" if cells[0] == "micro" else cells[0]
        lines.append("| " + " | ".join([name, *(_cell(c) for c in cells[1:])]) + " |")
    lines += [
        "",
        "Normalization accuracy over overlap-matched pairs:",
        "",
        "| field | correct | total | accuracy |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in normalization_rows(report):
        lines.append(
            f"| {_cell(row['field'])} | {row['correct']} | {row['total']} | {_cell(row['accuracy'])} |"
        )
    return "\n".join(lines)
