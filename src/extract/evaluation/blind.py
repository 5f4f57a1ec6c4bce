"""Blind-first scores: the first score of every new gold document, logged once.

A gold document is scored once, before any rule change made while looking at it, and that
first score is appended to ``blind.jsonl`` in the gold folder. The aggregate of those first
scores (counts summed over documents, then P/R/F1) is the honest estimate of accuracy on
documents nobody tuned to. Each line::

    {"doc_id": ..., "date": "2026-12-01", "commit": "abc123", "dirty": false,
     "chars": 5013, "mentions": {"PERSON": {"tp": .., "fp": .., "fn": .., "f1": ..}, ...,
     "micro": {...}}, "date_value": {"correct": .., "total": .., "accuracy": ..},
     "people": {...}, "cases": {...}}
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.evaluation.scoring import Score, evaluate
from extract.models import DocumentRecord
from extract.storage.jsonl import loads_json, read_text_file

BLIND_FILE = "blind.jsonl"
LABELS = ("PERSON", "CHARGE", "SENTENCE", "DATE", "micro")
DATE_VALUE = "DATE value+mod"


def _counts(score: Score) -> dict[str, Any]:
    return {"tp": score.tp, "fp": score.fp, "fn": score.fn, "f1": round(score.f1, 4)}


def code_version(repo: Path) -> tuple[str, bool]:
    """The commit of the code that scored, and whether the code differs from it."""
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short=12", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--", "src", "flows"],
            capture_output=True, text=True, check=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return "unknown", True
    return commit, dirty


def blind_entry(gold: DocumentRecord, pred: DocumentRecord | None, commit: str,
                dirty: bool) -> dict[str, Any]:
    """The first-score line of one gold document."""
    report = evaluate([gold], [pred] if pred is not None else [])
    value = report.normalization.get(DATE_VALUE)
    return {
        "doc_id": gold.doc_id,
        "date": datetime.now(UTC).date().isoformat(),
        "commit": commit,
        "dirty": dirty,
        "chars": len(gold.text or ""),
        "mentions": {k: _counts(report.mentions[k].overlap) for k in LABELS},
        "date_value": {"correct": value.correct if value else 0,
                       "total": value.total if value else 0},
        "people": _counts(report.people),
        "cases": _counts(report.cases),
    }


def read_blind(path: Path) -> list[dict[str, Any]]:
    """The logged first scores (an absent file: none)."""
    if not path.exists():
        return []
    return [loads_json(line, f"{path}:{n}")
            for n, line in enumerate(read_text_file(path).split("\n"), 1) if line.strip()]


def append_blind(path: Path, entries: Iterable[dict[str, Any]]) -> int:
    """Append first scores; a doc id already logged is never logged again."""
    logged = {e["doc_id"] for e in read_blind(path)}
    new = [e for e in entries if e["doc_id"] not in logged]
    with path.open("a", encoding="utf-8") as handle:
        for e in new:
            handle.write(json.dumps(e, ensure_ascii=False) + "\n")
    return len(new)


def unscored(gold: Sequence[DocumentRecord], path: Path) -> list[DocumentRecord]:
    """Gold documents without a first score yet."""
    logged = {e["doc_id"] for e in read_blind(path)}
    return [g for g in gold if g.doc_id not in logged]


def aggregate(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Counts summed over the documents, then precision, recall and F1."""
    def total(get: Any) -> Score:
        tp = sum(get(e)["tp"] for e in entries)
        fp = sum(get(e)["fp"] for e in entries)
        fn = sum(get(e)["fn"] for e in entries)
        return Score.from_counts(tp, fp, fn)

    out: dict[str, Any] = {"documents": len(entries),
                           "chars": sum(e.get("chars", 0) for e in entries)}
    for label in LABELS:
        out[label] = total(lambda e, k=label: e["mentions"][k])
    correct = sum(e["date_value"]["correct"] for e in entries)
    seen = sum(e["date_value"]["total"] for e in entries)
    out["date_value"] = correct / seen if seen else 0.0
    out["people"] = total(lambda e: e["people"])
    out["cases"] = total(lambda e: e["cases"])
    return out


def format_blind(agg: dict[str, Any]) -> str:
    """The aggregate as a one-row markdown table (the README's headline)."""
    head = "| docs | chars | PERSON | CHARGE | SENTENCE | DATE | micro | DATE value | people | cases |"
    cells = [str(agg["documents"]), str(agg["chars"])]
    cells += [f"{agg[k].f1:.3f}" for k in LABELS]
    cells += [f"{agg['date_value']:.3f}", f"{agg['people'].f1:.3f}", f"{agg['cases'].f1:.3f}"]
    cases = agg["cases"]
    return (f"{head}\n|{' --- |' * 10}\n| {' | '.join(cells)} |\n\n"
            f"case facts: precision {cases.precision:.3f}, recall {cases.recall:.3f} "
            f"({cases.tp} tp, {cases.fp} fp, {cases.fn} fn)")


def by_commit(entries: Sequence[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The aggregate of the first scores logged at each commit, in log order: each round of
    new documents scored against the code of its day."""
    commits = list(dict.fromkeys(e["commit"] for e in entries))
    return [(c, aggregate([e for e in entries if e["commit"] == c])) for c in commits]


def format_rounds(entries: Sequence[dict[str, Any]]) -> str:
    """One row per commit at which documents were first scored."""
    rows = ["| commit | docs | chars | PERSON | CHARGE | SENTENCE | DATE | micro | DATE value "
            "| people | cases |", "|" + " --- |" * 11]
    for commit, agg in by_commit(entries):
        cells = [commit, str(agg["documents"]), str(agg["chars"])]
        cells += [f"{agg[k].f1:.3f}" for k in LABELS]
        cells += [f"{agg['date_value']:.3f}", f"{agg['people'].f1:.3f}", f"{agg['cases'].f1:.3f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
