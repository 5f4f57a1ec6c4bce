"""The case table: one row per person and case fact, with its evidence (``extract cases``).

A row is what a researcher checks against the text: person, fact (charge, sentence or the
event type), value, date, document, and an excerpt of the sentence the fact was read from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from extract.errors import display
from extract.models import Case, DocumentRecord, sentence_fact

COLUMNS = ("person", "fact", "value", "date", "doc_id", "evidence_start", "evidence_end",
           "evidence")
EXCERPT = 160


def _excerpt(text: str | None, start: int, end: int) -> str:
    if not text:
        return ""
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= EXCERPT else sentence[:EXCERPT - 1] + "…"


def _facts(case: Case) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(fact, value shown, date, value as the evidence names it) of each fact of a case."""
    for category in case.charges:
        yield "charge", category, None, category
    for s in case.sentences:
        amount = f"{s.amount:g} {s.currency or ''}".strip() if s.amount is not None else ""
        shown = " ".join(x for x in (s.kind, s.duration or "", amount) if x)
        yield "sentence", shown, None, sentence_fact(s.kind, s.duration)
    for e in case.events:
        yield e.type, "", e.date, e.date


def case_rows(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """One row per person and fact, in document and person order."""
    rows: list[dict[str, Any]] = []
    for r in records:
        for case in r.cases:
            evidence = {(e.fact, e.value): e for e in case.evidence}
            for fact, value, date, key in _facts(case):
                ev = evidence.get((fact, key))
                rows.append({
                    "person": case.person, "fact": fact, "value": value, "date": date or "",
                    "doc_id": r.doc_id,
                    "evidence_start": ev.start if ev else "", "evidence_end": ev.end if ev else "",
                    "evidence": _excerpt(r.text, ev.start, ev.end) if ev else ""})
    return rows


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def format_rows(rows: list[dict[str, Any]], limit: int | None = None) -> str:
    """A fixed-width table for the terminal (the evidence cut to fit)."""
    shown = rows if limit is None else rows[:limit]
    widths = {"person": 28, "fact": 15, "value": 24, "date": 22, "doc_id": 28}
    lines = ["  ".join(c.ljust(w) for c, w in widths.items()) + "  evidence"]
    for row in shown:
        cells = [str(row[c])[:w].ljust(w) for c, w in widths.items()]
        lines.append("  ".join(cells) + "  " + str(row["evidence"])[:70])
    if limit is not None and len(rows) > limit:
        lines.append(f"... {len(rows) - limit} more rows")
    return "\n".join(display(line) for line in lines)  # doc ids and texts can hold anything
