"""Prodigy: JSONL tasks (``spans.manual``/``ner.manual`` and ``rel.manual`` format) with
``text``, ``tokens`` and ``spans`` in code points; normalized fields in each span's
``normalized``; doc_id and source in ``meta``, the document's fields (cases included) in
``record``. Case facts are ``relations`` from the person's span to the charge's, sentence's or
date's (``head``/``child`` are the spans' last token, ``head_span``/``child_span`` the spans,
as ``rel.manual`` writes them); the facts exported are listed in ``meta`` (see
:mod:`.links`), so editing the relations edits the cases on import."""

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
from extract.evaluation.interchange.links import (
    LINKS_KEY,
    apply_links,
    find_links,
    parse_keys,
    relation_facts,
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


def _span(m: Any, doc: Any) -> dict[str, Any]:
    span: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text, "label": m.label}
    cs = doc.char_span(m.start, m.end, alignment_mode="expand")
    if cs is not None and len(cs):
        span.update(token_start=cs.start, token_end=cs.end - 1)
    return span


def _relations(record: DocumentRecord, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case links as ``rel.manual`` relations between the exported spans."""
    links, _ = find_links(record)
    rels = []
    for link in links:
        head, child = spans[link.person], spans[link.target]
        rels.append({"head": head.get("token_end"), "child": child.get("token_end"),
                     "head_span": {k: v for k, v in head.items() if k != "normalized"},
                     "child_span": {k: v for k, v in child.items() if k != "normalized"},
                     "label": link.label})
    return rels


def to_prodigy(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """Prodigy tasks (``spans.manual``/``rel.manual`` format): ``text``, ``tokens`` (spaCy's
    English tokenizer), ``spans`` with ``token_start``/``token_end`` (inclusive) and their
    ``normalized`` values, the case links as ``relations``, ``meta`` (doc_id, source, the
    facts linked), ``record`` and ``answer: accept``."""
    rows = []
    for r in records:
        text = text_of(r)
        doc = _tokenizer(text)
        tokens = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc
        ]
        spans = [{**_span(m, doc), "normalized": mention_fields(m)} for m in r.mentions]
        _, keys = find_links(r)
        rows.append({
            "text": text,
            "meta": {"doc_id": r.doc_id, "source": r.source, LINKS_KEY: [list(k) for k in keys]},
            "record": record_fields(r), "tokens": tokens, "spans": spans,
            "relations": _relations(r, spans), "answer": "accept",
        })
    return rows


def _relation_pairs(row: dict[str, Any], index: dict[tuple[Any, Any], int], at: str,
                    warnings: list[str]) -> list[tuple[int, int, str]]:
    """(from, to, label) mention indices of a task's ``relations``, found by the character
    offsets of ``head_span`` and ``child_span``."""
    pairs = []
    for rel in row.get("relations") or []:
        ends = [rel.get(k) if isinstance(rel, dict) else None for k in ("head_span", "child_span")]
        found = [index.get((e.get("start"), e.get("end"))) if isinstance(e, dict) else None for e in ends]
        if found[0] is None or found[1] is None or not isinstance(rel.get("label"), str):
            warnings.append(f"{at}: relation {rel!r} joins no two spans; ignored")
            continue
        pairs.append((found[0], found[1], rel["label"]))
    return pairs


def from_prodigy(rows: Iterable[Any], where: str = "prodigy") -> ImportResult:
    """Records from Prodigy tasks with character-offset ``spans``; ``relations`` update the
    cases (:func:`.links.apply_links`). Tasks answered ``reject`` or ``ignore`` are left out
    (with a warning)."""
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
        index: dict[tuple[Any, Any], int] = {}
        for span in row.get("spans") or []:
            if not isinstance(span, dict):
                raise GoldFormatError(f"{at}: span {span!r} is not an object")
            fields = span.get("normalized") if isinstance(span.get("normalized"), dict) else None
            index[(span.get("start"), span.get("end"))] = b.add(span.get("start"), span.get("end"),
                                                               span.get("label"), fields)
        record = b.record(doc)
        facts = relation_facts(record, _relation_pairs(row, index, at, out.warnings), at, out.warnings)
        out.records.append(apply_links(record, facts, parse_keys(meta.get(LINKS_KEY), at, out.warnings)))
    return out
