"""doccano: JSONL, ``{"text", "label": [[start, end, label]]}`` (sequence labeling), offsets in
UTF-16 code units; normalized fields in the metadata key ``normalized``, the document's
(cases included) in ``record``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extract.errors import GoldFormatError
from extract.evaluation.interchange.common import (
    Builder,
    ImportResult,
    Offsets,
    doc_fields,
    mention_fields,
    record_fields,
    text_of,
)
from extract.models import DocumentRecord


def to_doccano(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """doccano sequence-labeling lines: ``text``, ``label`` (``[start, end, label]``, UTF-16
    offsets), and the metadata keys ``normalized`` and ``record``."""
    rows = []
    for r in records:
        text = text_of(r)
        off = Offsets(text)
        spans = [[off.to_u16(m.start), off.to_u16(m.end), m.label] for m in r.mentions]
        normalized = [
            {"start": s, "end": e, "label": m.label, **mention_fields(m)}
            for (s, e, _), m in zip(spans, r.mentions, strict=True)
        ]
        rows.append({"text": text, "label": spans, "normalized": normalized, "record": record_fields(r)})
    return rows


def _doccano_spans(row: dict[str, Any], where: str) -> list[tuple[Any, Any, Any]]:
    for key in ("label", "labels", "entities"):
        if key not in row:
            continue
        spans = []
        for item in row[key] or []:
            if isinstance(item, list | tuple) and len(item) == 3:
                spans.append((item[0], item[1], item[2]))
            elif isinstance(item, dict) and "start_offset" in item:
                spans.append((item["start_offset"], item["end_offset"], item.get("label")))
            else:
                raise GoldFormatError(
                    f"{where}: '{key}' holds {item!r}, not a span (a sequence-labeling export is "
                    "expected: [start, end, label])"
                )
        return spans
    return []


def from_doccano(rows: Iterable[Any], where: str = "doccano") -> ImportResult:
    """Records from doccano sequence-labeling lines (``label``/``labels`` as
    ``[start, end, label]`` or ``entities`` as objects with ``start_offset``/``end_offset``)."""
    out = ImportResult()
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise GoldFormatError(f"{where}:{n}: not a doccano line (no 'text')")
        text = row["text"]
        doc = doc_fields(row.get("record"), None, None, f"doccano-{row.get('id', n)}")
        at = f"{where}:{n} ({doc['doc_id']})"
        off = Offsets(text)
        pending: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
        for item in row.get("normalized") or []:
            if isinstance(item, dict):
                key = (item.get("start"), item.get("end"), item.get("label"))
                pending.setdefault(key, []).append(item)
        b = Builder(at, text, out.warnings)
        for s, e, label in _doccano_spans(row, at):
            queue = pending.get((s, e, label))
            fields = queue.pop(0) if queue else None
            if not isinstance(s, int) or not isinstance(e, int):
                raise GoldFormatError(f"{at}: span offsets must be integers, got {s!r}, {e!r}")
            b.add(off.from_u16(s, at), off.from_u16(e, at), label, fields)
        out.records.append(b.record(doc))
    return out
