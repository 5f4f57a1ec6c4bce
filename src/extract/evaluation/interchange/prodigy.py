"""Prodigy: JSONL tasks (``spans.manual``/``ner.manual`` format) with ``text``, ``tokens`` and
``spans`` in code points; normalized fields in each span's ``normalized``; doc_id and source
in ``meta``, the document's fields (cases included) in ``record``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from extract.errors import GoldFormatError
from extract.evaluation.interchange.common import (
    Builder,
    ImportResult,
    doc_fields,
    mention_fields,
    record_fields,
    text_of,
)
from extract.models import DocumentRecord


@dataclass
class _Tokenizer:
    fn: Callable[[str], Any] | None = None

    def __call__(self, text: str) -> Any:
        if self.fn is None:
            import spacy

            self.fn = spacy.blank("en").tokenizer
        return self.fn(text)


_tokenizer = _Tokenizer()


def to_prodigy(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """Prodigy tasks (``spans.manual``/``ner.manual`` format): ``text``, ``tokens`` (spaCy's
    English tokenizer), ``spans`` with ``token_start``/``token_end`` (inclusive) and their
    ``normalized`` values, ``meta`` (doc_id, source), ``record`` and ``answer: accept``."""
    rows = []
    for r in records:
        text = text_of(r)
        doc = _tokenizer(text)
        tokens = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc
        ]
        spans = []
        for m in r.mentions:
            span: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text, "label": m.label}
            cs = doc.char_span(m.start, m.end, alignment_mode="expand")
            if cs is not None and len(cs):
                span.update(token_start=cs.start, token_end=cs.end - 1)
            span["normalized"] = mention_fields(m)
            spans.append(span)
        rows.append({
            "text": text, "meta": {"doc_id": r.doc_id, "source": r.source}, "record": record_fields(r),
            "tokens": tokens, "spans": spans, "answer": "accept",
        })
    return rows


def from_prodigy(rows: Iterable[Any], where: str = "prodigy") -> ImportResult:
    """Records from Prodigy tasks with character-offset ``spans``. Tasks answered
    ``reject`` or ``ignore`` are left out (with a warning)."""
    out = ImportResult()
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise GoldFormatError(f"{where}:{n}: not a Prodigy task (no 'text')")
        meta: dict[str, Any] = row["meta"] if isinstance(row.get("meta"), dict) else {}
        doc = doc_fields(row.get("record"), meta.get("doc_id"), meta.get("source"),
                          f"prodigy-{row.get('_input_hash', n)}")
        at = f"{where}:{n} ({doc['doc_id']})"
        if row.get("answer", "accept") != "accept":
            out.warnings.append(f"{at}: answer {row.get('answer')!r}, left out")
            continue
        b = Builder(at, row["text"], out.warnings)
        for span in row.get("spans") or []:
            if not isinstance(span, dict):
                raise GoldFormatError(f"{at}: span {span!r} is not an object")
            fields = span.get("normalized") if isinstance(span.get("normalized"), dict) else None
            b.add(span.get("start"), span.get("end"), span.get("label"), fields)
        out.records.append(b.record(doc))
    return out
