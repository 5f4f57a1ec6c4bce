"""Every case fact of every record carries evidence: the sentence it was read from (inside
the document text) and the mentions it used, which lie inside that sentence and are
mentions of the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import discover, read_document
from extract.models import DocumentRecord
from extract.nlp.pipeline import process
from tests.nlp_fixture import shared_nlp

CORPORA = sorted(discover([Path(__file__).resolve().parents[1] / "corpora"]))


@pytest.fixture(scope="module")
def records() -> list[DocumentRecord]:
    docs = [read_document(p, p.stem) for p in CORPORA if p.suffix in (".txt", ".md")
            and p.name != "SOURCES.md"]
    out = [r for r in process(shared_nlp(), docs, include_text=True)
           if isinstance(r, DocumentRecord)]
    assert len(out) == len(docs)
    return out


def test_every_fact_has_evidence_inside_the_text(records: list[DocumentRecord]) -> None:
    facts = 0
    for r in records:
        assert r.text is not None
        mentions = {(m.label, m.start, m.end) for m in r.mentions}
        for case in r.cases:
            n = len(case.charges) + len(case.sentences) + len(case.events)
            assert len(case.evidence) == n, (r.doc_id, case.person)
            for ev in case.evidence:
                facts += 1
                assert 0 <= ev.start < ev.end <= len(r.text)
                assert 0 <= ev.person.start < ev.person.end <= len(r.text)
                for m in ev.mentions:
                    assert ev.start <= m.start < m.end <= ev.end, (r.doc_id, ev)
                    if m.label != "TRIGGER":
                        assert (m.label, m.start, m.end) in mentions, (r.doc_id, m)
    assert facts > 100


def test_evidence_of_a_sentence_names_its_penalty(records: list[DocumentRecord]) -> None:
    seed = next(r for r in records if r.doc_id == "kazakhstan-2013")
    assert seed.text is not None
    kozlov = next(c for c in seed.cases if c.person == "Vladimir Kozlov")
    ev = next(e for e in kozlov.evidence if e.fact == "sentence")
    sentence = seed.text[ev.start:ev.end]
    assert "seven-and-a-half years" in sentence
    assert any(m.label == "SENTENCE" for m in ev.mentions)


@pytest.mark.usefixtures("prefect_harness")
def test_extract_cases_prints_and_writes_the_table(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    from extract_flows.cli import main

    seed = Path(__file__).resolve().parents[1] / "corpora" / "kazakhstan-2013.txt"
    assert main(["run", str(seed), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert main(["cases", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "Vladimir Kozlov" in printed and "wrote" in printed
    rows = list(csv.DictReader((tmp_path / "out" / "cases.csv").open(encoding="utf-8")))
    kozlov = [r for r in rows if r["person"] == "Vladimir Kozlov"]
    assert {"sentence", "sentenced"} <= {r["fact"] for r in kozlov}
    assert all((r["evidence"] and "Kozlov" in r["evidence"]) or r["fact"] != "sentence"
               for r in kozlov)
