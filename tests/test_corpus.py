"""On every corpus file: the offset invariant and valid records; accuracy against gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.evaluation.scoring import evaluate
from extract.ingest import Document, discover, read_document
from extract.models import DocumentRecord
from extract.nlp.pipeline import process
from extract.storage.jsonl import read_records
from tests.nlp_fixture import shared_nlp

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(discover([ROOT / "corpora"]))

# Levels reached (see README "Accuracy"); the test fails on a drop of more than 0.02.
SEED_MICRO_OVERLAP_F1 = 1.0
SEED_LABEL_FLOOR = 0.95
DEV_MICRO_OVERLAP_F1_FLOOR = 0.85


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_offsets_index_the_document_text(path: Path) -> None:
    document = read_document(path)
    (record,) = list(process(shared_nlp(), [document], include_text=True))
    assert isinstance(record, DocumentRecord)
    assert record.mentions, "no mentions at all"
    for m in record.mentions:
        assert document.text[m.start:m.end] == m.text
    DocumentRecord.model_validate(record.model_dump())  # round trip


def _score(pattern: str) -> dict[str, float]:
    gold = read_records(sorted((ROOT / "gold").glob(pattern)))
    docs = [Document(g.doc_id, g.source, g.text or "", "") for g in gold]
    pred = [r for r in process(shared_nlp(), docs) if isinstance(r, DocumentRecord)]
    report = evaluate(gold, pred)
    scores = {label: s.overlap.f1 for label, s in report.mentions.items()}
    scores["date_value"] = report.normalization["DATE value"].accuracy
    scores["cases"] = report.cases.f1
    return scores


def test_seed_gold_accuracy() -> None:
    s = _score("kazakhstan-2013.jsonl")
    assert s["micro"] >= SEED_MICRO_OVERLAP_F1 - 0.02, s
    for label in ("PERSON", "CHARGE", "SENTENCE", "DATE"):
        assert s[label] >= SEED_LABEL_FLOOR, (label, s)
    assert s["date_value"] >= 0.95, s
    assert s["cases"] >= 0.8, s


def test_dev_gold_accuracy() -> None:
    s = _score("dev-*.jsonl")
    assert s["micro"] >= DEV_MICRO_OVERLAP_F1_FLOOR, s
