"""The JSON Schemas of records: every record of a run over ``corpora/`` validates against the
output schema (which allows no field it does not describe), every gold record against the
gold form, and mention ids are stable and referred to by the evidence."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from extract.models import (
    DocumentRecord,
    OutputRecord,
    mention_id,
    output_json_schema,
    record_json_schema,
    with_mention_ids,
)
from extract.storage.jsonl import read_records
from tests.pdfgen import blocks_from_text, write_pdf
from tests.test_export import corpus_run

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run_records() -> list[dict[str, Any]]:
    text = (corpus_run() / "documents.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_every_record_of_a_run_validates_against_the_output_schema(
        run_records: list[dict[str, Any]]) -> None:
    validator = _validator(output_json_schema())
    assert len(run_records) > 40
    for record in run_records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["doc_id"], errors[:3])
        OutputRecord.model_validate(record)


def test_the_output_schema_names_every_field_records_carry(
        run_records: list[dict[str, Any]]) -> None:
    props = output_json_schema()["properties"]
    for field in ("sha256", "title", "country", "report_date", "version", "run_id", "pipeline",
                  "processed_at", "mentions", "cases", "faults", "text"):
        assert field in props
    assert any("title" in r and "country" in r and "report_date" in r for r in run_records)
    mention = output_json_schema()["$defs"]["OutputDateMention"]
    assert {"id", "page"} <= set(mention["properties"]) and "page" not in mention["required"]


@pytest.mark.parametrize("change", ["extra_top", "extra_mention", "no_id", "no_sha", "bad_value"])
def test_the_output_schema_rejects_what_runs_never_write(
        run_records: list[dict[str, Any]], change: str) -> None:
    record = copy.deepcopy(next(r for r in run_records if r["doc_id"] == "kazakhstan-2013"))
    date = next(m for m in record["mentions"] if m["label"] == "DATE")
    if change == "extra_top":
        record["confidence"] = 0.5
    elif change == "extra_mention":
        date["score"] = 1
    elif change == "no_id":
        del date["id"]
    elif change == "no_sha":
        del record["sha256"]
    else:
        date["value"] = "May 2012"
    assert list(_validator(output_json_schema()).iter_errors(record))


def test_every_gold_record_validates_against_the_gold_schema() -> None:
    validator = _validator(record_json_schema())
    gold = read_records([REPO / "gold"])
    assert len(gold) > 40
    for record in gold:
        data = record.model_dump(mode="json")
        assert not list(validator.iter_errors(data)), record.doc_id
        assert "id" not in data["mentions"][0]  # gold needs no ids ...
    with_ids = with_mention_ids(gold[0]).model_dump(mode="json")
    assert DocumentRecord.model_validate(with_ids).mentions[0].model_extra  # ... and may have them


def test_gold_cases_hold_only_the_documents_own_mentions() -> None:
    """ANNOTATION.md 2: a case's charges, sentences and event dates are the category codes,
    normalized SENTENCE mentions and DATE values of its own document; its person is a
    canonical name; mentions of one label do not overlap."""
    for record in read_records([REPO / "gold"]):
        by_label: dict[str, list[Any]] = {}
        for m in record.mentions:
            by_label.setdefault(m.label, []).append(m)
        for mentions in by_label.values():
            spans = sorted((m.start, m.end) for m in mentions)
            assert all(b[0] >= a[1] for a, b in itertools.pairwise(spans)), record.doc_id
        canon = {m.canonical.lower() for m in by_label.get("PERSON", [])}
        cats = {m.category for m in by_label.get("CHARGE", [])}
        dates = {m.value for m in by_label.get("DATE", [])}
        penalties = [m.model_dump(include={"kind", "duration", "amount", "currency", "upper_bound"})
                     for m in by_label.get("SENTENCE", [])]
        for case in record.cases:
            where = (record.doc_id, case.person)
            assert case.person.lower() in canon, where
            assert set(case.charges) <= cats, where
            assert all(s.model_dump() in penalties for s in case.sentences), where
            assert all(e.date is None or e.date in dates for e in case.events), where


def test_mention_ids_are_stable_and_evidence_refers_to_them(
        run_records: list[dict[str, Any]]) -> None:
    refs = 0
    for record in run_records:
        ids = {m["id"] for m in record["mentions"]}
        assert len(ids) == len(record["mentions"])
        for m in record["mentions"]:
            assert m["id"] == mention_id(record["doc_id"], m["label"], m["start"], m["end"])
        for case in record["cases"]:
            for ev in case["evidence"]:
                for ref in ev["mentions"]:
                    assert (ref["id"] is None) == (ref["label"] == "TRIGGER"), ref
                    refs += ref["id"] is not None
                    assert ref["id"] is None or ref["id"] in ids
                assert ev["person"]["id"] is None or ev["person"]["id"] in ids
    assert refs > 500
    seed = next(r for r in run_records if r["doc_id"] == "kazakhstan-2013")
    kozlov = next(c for c in seed["cases"] if c["person"] == "Vladimir Kozlov")
    assert kozlov["evidence"][0]["person"]["id"].startswith("kazakhstan-2013:PERSON:")


def test_a_pdf_record_with_pages_validates(tmp_path: Path) -> None:
    from extract.ingest import read_document
    from extract.nlp.pipeline import process
    from extract.storage.store import OutputStore
    from tests.nlp_fixture import shared_nlp

    seed = (REPO / "corpora" / "kazakhstan-2013.txt").read_text(encoding="utf-8")[:3000]
    write_pdf(tmp_path / "seed.pdf", blocks_from_text(seed))
    record = next(r for r in process(shared_nlp(), [read_document(tmp_path / "seed.pdf")])
                  if isinstance(r, DocumentRecord))
    with OutputStore(tmp_path / "out") as store:
        store.save(record, "seed.pdf", "p", "r", {})
    data = json.loads(next((tmp_path / "out" / "records").glob("*.json")).read_text("utf-8"))
    assert all(m["page"] >= 1 for m in data["mentions"]) and data["mentions"]
    assert not list(_validator(output_json_schema()).iter_errors(data))
