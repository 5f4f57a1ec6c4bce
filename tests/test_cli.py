"""The ``extract`` command, called through ``extract_flows.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_flows.cli import main


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "mentions" in schema["properties"] and "run_id" in schema["properties"]
    assert schema["title"] == "OutputRecord"
    assert main(["schema", "--gold"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "DocumentRecord"


def test_run_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    assert main(["run", str(missing), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and str(missing) in lines[0]
    assert "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()


def test_bad_option_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "corpora", "--batch-size", "0"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("error: extract run: ")


def test_eval_missing_gold_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--gold", str(tmp_path / "none.jsonl")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("error: ")


@pytest.mark.usefixtures("prefect_harness")
def test_run_writes_records(corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    # the corpus has one empty file, so one document fails: exit code 1
    assert main(["--batch-size", "4", "run", str(corpus_dir), "--out", str(out)]) == 1
    stdout = capsys.readouterr().out.splitlines()
    assert stdout[-1] == (
        f"wrote 1 records to {(out / 'documents.jsonl').as_posix()} "
        f"(1 errors in {(out / 'errors.jsonl').as_posix()})"
    )
    assert any(line.startswith("read: 2/2 documents") for line in stdout)
    assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert len((out / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.usefixtures("prefect_harness")
def test_run_lists_files_of_unknown_kinds(corpus_dir: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_text((corpus_dir / "kazakhstan-2013.txt").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (inbox / "notes.json").write_text("{}", encoding="utf-8")
    assert main(["run", str(inbox), "--out", str(tmp_path / "out"), "--no-text"]) == 0
    discover = next(line for line in capsys.readouterr().out.splitlines()
                    if line.startswith("discover:"))
    assert "1 file of unknown kinds skipped" in discover and "notes.json" in discover


@pytest.mark.usefixtures("prefect_harness")
def test_run_all_succeeded_exits_0(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = corpus_dir / "kazakhstan-2013.txt"
    assert main(["run", str(seed), "--out", str(tmp_path), "--no-text"]) == 0
    assert "wrote 1 records to" in capsys.readouterr().out


@pytest.mark.usefixtures("prefect_harness")
def test_eval_prints_table_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = Path(__file__).resolve().parents[1] / "gold" / "kazakhstan-2013.jsonl"
    report = tmp_path / "report.json"
    argv = ["eval", "--gold", str(gold), "--pred", str(gold), "--json", str(report)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Mentions" in out and "Case facts" in out and out.rstrip().endswith("No errors.")
    assert json.loads(report.read_text(encoding="utf-8"))["gold_docs"] == 1


def test_export_review_and_schema_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    run = tmp_path / "out"
    run.mkdir()
    seed = (Path(__file__).resolve().parents[1] / "gold" / "kazakhstan-2013.jsonl").read_text("utf-8")
    (run / "documents.jsonl").write_text(seed, encoding="utf-8")
    assert main(["export", str(run), "--format", "sqlite"]) == 0
    assert "(1 file)" in capsys.readouterr().out
    with sqlite3.connect(run / "cases.sqlite") as con:
        people = {row[0] for row in con.execute("SELECT canonical FROM people")}
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert "Vladimir Kozlov" in people and n_events > 10
    assert main(["export", str(run), "--format", "xlsx"]) == 2  # argparse choices: one line
    assert main(["review", str(run), "--html", str(tmp_path / "review.html")]) == 0
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "Vladimir Kozlov" in page and "<script" in page
    capsys.readouterr()
    assert main(["schema"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert main(["schema", "--gold"]) == 0
    gold = json.loads(capsys.readouterr().out)
    assert "run_id" in json.dumps(output) and "run_id" not in json.dumps(gold)
