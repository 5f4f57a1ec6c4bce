"""The regression gate (``extract eval --check``), the evaluate flow's artifacts and
``extract eval --html``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_flows.cli import main

from extract.errors import InputError
from extract.evaluation.scoring import evaluate
from extract.evaluation.thresholds import (
    check,
    default_thresholds_path,
    format_check,
    load_thresholds,
    metric_names,
    metric_value,
)
from extract.storage.jsonl import write_jsonl
from tests.evalkit import GOLD_DIR, gold_records, perturbed_predictions


@pytest.fixture(scope="module")
def pred_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    write_jsonl(path, perturbed_predictions(gold_records()))
    return path


@pytest.fixture(scope="module")
def scores(pred_file: Path) -> dict[str, float]:
    from extract.storage.jsonl import read_records

    report = evaluate(gold_records(), read_records([pred_file]))
    return {"mentions.micro.overlap.f1": metric_value(report, "mentions.micro.overlap.f1"),
            "normalization.DATE value.accuracy": metric_value(report, "normalization.DATE value.accuracy"),
            "cases.f1": report.cases.f1}


def _write(path: Path, thresholds: dict[str, float]) -> Path:
    path.write_text(json.dumps({"about": "test", "thresholds": thresholds}), encoding="utf-8")
    return path


def test_metric_names_and_values() -> None:
    report = evaluate([], [])
    names = metric_names(report)
    assert "mentions.micro.overlap.f1" in names and "normalization.DATE value+mod.accuracy" in names
    assert "cases.f1" in names and "people.tp" in names
    assert metric_value(report, "people.f1") == 0.0
    with pytest.raises(InputError, match=r"unknown metric 'mentions\.ORG\.overlap\.f1'"):
        metric_value(report, "mentions.ORG.overlap.f1")
    with pytest.raises(InputError, match="not a number"):
        metric_value(report, "mentions.micro")


def test_checked_in_thresholds_name_real_metrics() -> None:
    thresholds = load_thresholds(GOLD_DIR / "thresholds.json")
    assert len(thresholds) >= 10
    check(evaluate([], []), thresholds)  # raises on an unknown name
    assert all(0 < t <= 1 for t in thresholds.values())
    assert default_thresholds_path(["gold"]) == Path("gold/thresholds.json")
    assert default_thresholds_path([str(GOLD_DIR / "kazakhstan-2013.jsonl")]) == GOLD_DIR / "thresholds.json"


def test_bad_thresholds_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such thresholds file"):
        load_thresholds(tmp_path / "none.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON"):
        load_thresholds(tmp_path / "bad.json")
    _write(tmp_path / "str.json", {"cases.f1": "high"})  # type: ignore[dict-item]
    with pytest.raises(InputError, match="not a number"):
        load_thresholds(tmp_path / "str.json")


def test_check_and_format() -> None:
    report = evaluate(gold_records()[:1], gold_records()[:1])
    results = check(report, {"mentions.micro.overlap.f1": 1.0, "cases.f1": 0.5})
    assert all(r.passed for r in results)
    assert format_check(results, "t.json") == "check passed: 2 metrics at or above their thresholds in t.json"


@pytest.mark.usefixtures("prefect_harness")
def test_check_passes_at_the_current_score_and_fails_above_it(
    pred_file: Path, scores: dict[str, float], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at = _write(tmp_path / "at.json", scores)
    args = ["eval", "--gold", str(GOLD_DIR), "--pred", str(pred_file), "--errors", "0", "--check"]
    assert main([*args, "--thresholds", str(at)]) == 0
    out = capsys.readouterr().out
    assert f"check passed: 3 metrics at or above their thresholds in {at.as_posix()}" in out

    raised = dict(scores)
    raised["mentions.micro.overlap.f1"] += 0.001
    raised["cases.f1"] += 0.001
    above = _write(tmp_path / "above.json", raised)
    assert main([*args, "--thresholds", str(above)]) == 1
    out = capsys.readouterr().out
    assert f"below threshold: mentions.micro.overlap.f1 = {scores['mentions.micro.overlap.f1']:.4f}" in out
    assert "below threshold: cases.f1 = " in out
    assert "normalization.DATE value.accuracy" not in out  # it passed
    assert "check failed: 2 of 3 metrics below their thresholds" in out


def test_check_with_an_unknown_metric_fails_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _write(tmp_path / "bad.json", {"mentions.micro.overlap.f2": 0.5})
    assert main(["eval", "--gold", str(GOLD_DIR), "--check", "--thresholds", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "unknown metric 'mentions.micro.overlap.f2'" in err


@pytest.mark.usefixtures("prefect_harness")
def test_eval_html_and_artifacts(pred_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from prefect.artifacts import Artifact

    html = tmp_path / "site" / "report.html"
    assert main(["eval", "--gold", str(GOLD_DIR), "--pred", str(pred_file), "--errors", "0",
                 "--html", str(html)]) == 0
    assert f"wrote the HTML report to {html}" in capsys.readouterr().out
    page = html.read_text(encoding="utf-8")
    assert '<table class="metrics" id="metrics">' in page and 'class="hl k-FN' in page

    table = Artifact.get("evaluation-metrics")
    assert table is not None and table.type == "table"
    rows = json.loads(table.data) if isinstance(table.data, str) else table.data
    assert [r["metric"] for r in rows] == ["PERSON", "CHARGE", "SENTENCE", "DATE", "micro", "people",
                                           "case facts"]
    assert {"precision", "recall", "f1", "tp", "fp", "fn", "exact_f1"} <= set(rows[0])
    markdown = Artifact.get("evaluation-report")
    assert markdown is not None and markdown.type == "markdown"
    assert "| **micro** |" in str(markdown.data) and "| DATE value+mod |" in str(markdown.data)
