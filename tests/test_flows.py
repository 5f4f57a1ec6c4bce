"""extract_flow and evaluate_flow against a temporary Prefect server (real pipeline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from extract_flows import Progress, evaluate_flow, extract_flow, progress_listener

from extract.evaluation.scoring import EvalReport
from extract.models import DocumentRecord, ErrorRecord

pytestmark = pytest.mark.usefixtures("prefect_harness")

GOLD = Path(__file__).resolve().parents[1] / "gold" / "kazakhstan-2013.jsonl"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def extracted(
    prefect_harness: None, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], Path, list[Progress]]:
    out = tmp_path_factory.mktemp("out")
    events: list[Progress] = []
    with progress_listener(events.append):
        summary = extract_flow([str(corpus_dir)], str(out))
    return summary, out, events


def test_summary(extracted: tuple[dict[str, Any], Path, list[Progress]]) -> None:
    summary, out, _ = extracted
    assert {k: summary[k] for k in ("documents", "succeeded", "failed", "documents_path",
                                    "errors_path")} == {
        "documents": 2,
        "succeeded": 1,
        "failed": 1,
        "documents_path": (out / "documents.jsonl").as_posix(),
        "errors_path": (out / "errors.jsonl").as_posix(),
    }
    counts = {k: summary["summary"][k] for k in ("seen", "processed", "skipped", "failed")}
    assert counts == {"seen": 2, "processed": 1, "skipped": 0, "failed": 1}


def test_documents_jsonl_has_one_valid_record(
    extracted: tuple[dict[str, Any], Path, list[Progress]], corpus_dir: Path
) -> None:
    _, out, _ = extracted
    rows = _lines(out / "documents.jsonl")
    assert len(rows) == 1
    record = DocumentRecord.model_validate(rows[0])  # also checks offsets against the text
    assert record.doc_id == "kazakhstan-2013"
    assert record.source == (corpus_dir / "kazakhstan-2013.txt").as_posix()
    assert record.text == (corpus_dir / "kazakhstan-2013.txt").read_text(encoding="utf-8")
    assert {m.label for m in record.mentions} == {"PERSON", "CHARGE", "SENTENCE", "DATE"}
    assert record.cases


def test_errors_jsonl_has_the_empty_file(
    extracted: tuple[dict[str, Any], Path, list[Progress]], corpus_dir: Path
) -> None:
    _, out, _ = extracted
    rows = _lines(out / "errors.jsonl")
    assert len(rows) == 1
    error = ErrorRecord.model_validate(rows[0])
    assert error.doc_id == "empty"
    assert error.source == (corpus_dir / "empty.txt").as_posix()
    assert error.error == "InputError"
    assert "empty document" in error.reason


def test_progress_reports_each_phase(
    extracted: tuple[dict[str, Any], Path, list[Progress]],
) -> None:
    _, _, events = extracted
    finished = {e.phase: e for e in events if e.done == e.total}
    assert {"discover", "read", "extract"} <= finished.keys()
    assert (finished["read"].done, finished["read"].total) == (2, 2)
    # reading is streamed into extraction, so extract counts every file handled (the empty
    # one failed to read) and ends at the number of files found
    assert (finished["extract"].done, finished["extract"].total) == (2, 2)
    assert "1 failed" in finished["extract"].message


def test_errors_jsonl_written_when_empty(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    summary = extract_flow(
        [str(corpus_dir / "kazakhstan-2013.txt")], str(out), settings={"batch_size": 1}, include_text=False
    )
    assert (summary["succeeded"], summary["failed"]) == (1, 0)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    [row] = _lines(out / "documents.jsonl")
    assert row["text"] is None


def test_evaluate_flow_runs_pipeline_on_gold_text(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    report = evaluate_flow(str(GOLD), None, str(report_path))
    assert isinstance(report, EvalReport)
    assert (report.gold_docs, report.pred_docs) == (1, 1)
    assert not report.missing_pred_docs and not report.text_mismatch_docs
    assert report.mentions["micro"].overlap.tp > 0
    assert EvalReport.model_validate_json(report_path.read_text(encoding="utf-8")) == report


def test_evaluate_flow_with_predictions(tmp_path: Path) -> None:
    report = evaluate_flow(str(GOLD), str(GOLD), None)
    micro = report.mentions["micro"]
    assert micro.exact.f1 == 1.0 and micro.overlap.f1 == 1.0
    assert report.cases.f1 == 1.0 and not report.errors
