"""``extract diff``: a known change made to a copy of a record file is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from extract_flows.cli import main

from extract.evaluation.diff import diff_records, format_diff
from extract.storage.jsonl import read_records
from tests.evalkit import GOLD_DIR

SEED = GOLD_DIR / "kazakhstan-2013.jsonl"


@pytest.fixture()
def changed_copy(tmp_path: Path) -> tuple[Path, Path, dict]:
    """A copy of the seed record with: one DATE value changed, one CHARGE removed, one
    PERSON span shortened, one SENTENCE added, one charge added to a case."""
    old = tmp_path / "old.jsonl"
    shutil.copy(SEED, old)
    record = json.loads(SEED.read_text(encoding="utf-8"))
    text = record["text"]
    mentions = record["mentions"]
    date = next(m for m in mentions if m["label"] == "DATE" and m["value"] == "2012-10-08")
    date["value"] = "2012-10-09"
    charge = next(m for m in mentions if m["label"] == "CHARGE")
    mentions.remove(charge)
    person = next(m for m in mentions if m["label"] == "PERSON" and m["text"] == "Vladimir Kozlov")
    person["start"] += len("Vladimir ")
    person["text"] = text[person["start"] : person["end"]]
    covered = [(m["start"], m["end"]) for m in mentions if m["label"] == "SENTENCE"]
    start = text.index("Kozlov")  # a new SENTENCE where there was none, for the test's sake
    assert all(e <= start or start + 6 <= s for s, e in covered)
    mentions.append({"label": "SENTENCE", "start": start, "end": start + 6, "text": "Kozlov",
                     "kind": "other", "duration": None, "amount": None, "currency": None,
                     "upper_bound": False})
    case = next(c for c in record["cases"] if c["person"] == "Vladimir Kozlov")
    case["charges"].append("treason_espionage")
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return old, new, {"date": date, "charge": charge, "person": person, "added_at": start}


def test_known_changes_are_reported(changed_copy: tuple[Path, Path, dict]) -> None:
    old, new, what = changed_copy
    diff = diff_records(read_records([old]), read_records([new]))
    (doc,) = diff.docs
    assert doc.doc_id == "kazakhstan-2013" and doc.change == "changed" and not doc.text_changed
    by_change = {(c.change, c.label, (c.old or c.new or {})["start"]): c for c in doc.mentions}
    date = by_change[("changed", "DATE", what["date"]["start"])]
    assert date.fields == {"value": ("2012-10-08", "2012-10-09")}
    assert ("removed", "CHARGE", what["charge"]["start"]) in by_change
    person = by_change[("changed", "PERSON", what["person"]["start"] - len("Vladimir "))]
    assert person.new is not None and person.new["text"] == "Kozlov"
    assert ("added", "SENTENCE", what["added_at"]) in by_change
    assert len(doc.mentions) == 4
    (case,) = doc.cases
    assert case.person == "Vladimir Kozlov" and case.change == "changed"
    assert case.added == [("charge", "treason_espionage")] and case.removed == []
    assert diff.counts()["mentions_changed"] == 2

    text = format_diff(diff, "old.jsonl", "new.jsonl")
    assert "== kazakhstan-2013 ==" in text
    assert "value: '2012-10-08' -> '2012-10-09'" in text
    assert "  - CHARGE" in text and "  + SENTENCE" in text
    assert "  + Vladimir Kozlov: charge = 'treason_espionage'" in text
    assert text.splitlines()[-1] == (
        "1 document differs (0 added, 0 removed, 1 changed), 0 unchanged; mentions +1 -1 ~2; case facts +1 -0"
    )


def test_cli_diff(changed_copy: tuple[Path, Path, dict], tmp_path: Path,
                  capsys: pytest.CaptureFixture[str]) -> None:
    old, new, _ = changed_copy
    out = tmp_path / "diff.json"
    assert main(["diff", str(old), str(new), "--json", str(out)]) == 1
    stdout = capsys.readouterr().out
    assert "value: '2012-10-08' -> '2012-10-09'" in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["mentions_removed"] == 1 and data["docs"][0]["doc_id"] == "kazakhstan-2013"
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out.strip() == "no differences (1 document compared)"


def test_documents_added_and_removed(tmp_path: Path) -> None:
    records = read_records([GOLD_DIR])
    diff = diff_records(records[:3], records[1:])
    assert [(d.doc_id, d.change) for d in diff.docs] == [
        (records[0].doc_id, "removed"), *((r.doc_id, "added") for r in records[3:])]
    assert diff.unchanged_docs == 2
    assert all(c.change == "removed" for c in diff.docs[0].mentions)


def test_output_folder_is_read_through_documents_jsonl(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(SEED, folder / "documents.jsonl")
    (folder / "errors.jsonl").write_text('{"source": "x", "error": "E", "reason": "r"}\n', encoding="utf-8")
    assert main(["diff", str(folder), str(SEED)]) == 0
    assert main(["diff", str(folder), str(tmp_path / "missing.jsonl")]) == 2
