"""Gold interchange with Label Studio, doccano, Prodigy and brat: exact round trips, offsets,
normalized fields, files written by the tools themselves, and the ``extract gold`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.errors import GoldFormatError
from extract.evaluation.interchange import (
    FORMATS,
    export_gold,
    from_brat,
    from_doccano,
    from_labelstudio,
    from_prodigy,
    import_gold,
    to_brat,
    to_doccano,
    to_labelstudio,
    to_prodigy,
)
from extract.models import DocumentRecord
from flows.cli import main
from tests.evalkit import GOLD_DIR, gold_records


def _target(tmp: Path, fmt: str) -> Path:
    return tmp / {"labelstudio": "tasks.json", "doccano": "doccano.jsonl", "prodigy": "prodigy.jsonl",
                  "brat": "brat"}[fmt]


def _spans(records: list[DocumentRecord]) -> list[list[tuple[int, int, str, str]]]:
    return [[(m.start, m.end, m.label, m.text) for m in r.mentions] for r in records]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_reproduces_the_gold(fmt: str, tmp_path: Path) -> None:
    gold = gold_records()
    out = _target(tmp_path, fmt)
    export_gold(gold, fmt, out)
    result = import_gold(fmt, out)
    assert result.warnings == []
    assert _spans(result.records) == _spans(gold)  # spans and labels, exactly
    for imported, original in zip(result.records, gold, strict=True):
        assert imported.model_dump() == original.model_dump()  # normalized fields and cases too


EMOJI_TEXT = "👨🏻‍🚒 Ivan 😀 Petrov was fined on May 2,\n2012."


def _span(label: str, text: str, **fields: object) -> dict[str, object]:
    start = EMOJI_TEXT.index(text)
    return {"label": label, "start": start, "end": start + len(text), "text": text, **fields}


def _u16(i: int) -> int:
    return len(EMOJI_TEXT[:i].encode("utf-16-le")) // 2


EMOJI = DocumentRecord.model_validate({
    "doc_id": "emoji", "source": "x.txt", "text": EMOJI_TEXT,
    "mentions": [
        _span("PERSON", "Ivan 😀 Petrov", canonical="Ivan Petrov"),
        _span("SENTENCE", "fined", kind="fine", upper_bound=True),
        _span("DATE", "May 2,\n2012", value="2012-05-02", mod="START"),
    ],
    "cases": [{"person": "Ivan Petrov", "sentences": [{"kind": "fine"}],
               "events": [{"type": "sentenced", "date": "2012-05-02"}]}],
})


def test_javascript_tools_get_utf16_offsets() -> None:
    person = EMOJI.mentions[0]
    u16 = (_u16(person.start), _u16(person.end))
    assert u16 != (person.start, person.end)  # the text has characters outside the BMP
    (task,) = to_labelstudio([EMOJI])
    first = task["annotations"][0]["result"][0]["value"]
    assert (first["start"], first["end"]) == u16
    (row,) = to_doccano([EMOJI])
    assert row["label"][0] == [*u16, "PERSON"]
    (ptask,) = to_prodigy([EMOJI])
    assert (ptask["spans"][0]["start"], ptask["spans"][0]["end"]) == (person.start, person.end)
    assert from_labelstudio(task).records[0] == EMOJI
    assert from_doccano([row]).records[0] == EMOJI
    assert from_prodigy([ptask]).records[0] == EMOJI


def test_brat_splits_spans_at_line_breaks_and_uses_attributes() -> None:
    text, ann, sidecar = to_brat(EMOJI)
    assert text == EMOJI.text
    lines = ann.splitlines()
    date = EMOJI.mentions[2]
    assert f"T3\tDATE {date.start} {date.start + 6};{date.start + 7} {date.end}\tMay 2, 2012" in lines
    assert "A1\tKind T2 fine" in lines and "A2\tUpperBound T2" in lines and "A3\tMod T3 START" in lines
    assert '#1\tAnnotatorNotes T1\t{"canonical": "Ivan Petrov"}' in lines
    record, warnings = from_brat(text, ann, sidecar, "emoji", "x.txt")
    assert record == EMOJI and warnings == []
    # an annotator changes the kind and removes the upper bound in brat
    edited = ann.replace("A1\tKind T2 fine", "A1\tKind T2 administrative_arrest")
    edited = edited.replace("A2\tUpperBound T2\n", "")
    record, _ = from_brat(text, edited, sidecar, "emoji", "x.txt")
    sentence = record.mentions[1]
    assert sentence.kind == "administrative_arrest" and sentence.upper_bound is False  # type: ignore[union-attr]


TEXT = "Judge Ivan Petrov fined Anna Orlova on May 2."


def test_imports_files_made_in_the_tools_without_normalized_values() -> None:
    ls = [{"id": 7, "data": {"text": TEXT}, "annotations": [
        {"id": 1, "was_cancelled": True, "result": []},
        {"id": 2, "result": [
            {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 24, "end": 35, "text": "Anna Orlova", "labels": ["PERSON"]}},
            {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 39, "end": 44, "text": "May 2", "labels": ["DATE"]}},
        ]}]}]
    result = from_labelstudio(ls, "ls.json")
    (record,) = result.records
    assert record.doc_id == "task-7"
    assert [(m.label, m.text) for m in record.mentions] == [("PERSON", "Anna Orlova"), ("DATE", "May 2")]
    assert record.mentions[0].canonical == "Anna Orlova"  # type: ignore[union-attr]
    assert record.mentions[1].value == "XXXX"  # type: ignore[union-attr]
    assert any("placeholders" in w for w in result.warnings)

    doccano = from_doccano([{"id": 3, "text": TEXT, "label": [[6, 17, "PERSON"], [18, 23, "SENTENCE"]]}])
    kinds = [m.kind for m in doccano.records[0].mentions if m.label == "SENTENCE"]  # type: ignore[union-attr]
    assert kinds == ["other"]
    entities = from_doccano([{"text": TEXT, "entities": [
        {"id": 1, "label": "PERSON", "start_offset": 6, "end_offset": 17}]}])
    assert entities.records[0].mentions[0].text == "Ivan Petrov"

    prodigy = from_prodigy([
        {"text": TEXT, "spans": [{"start": 6, "end": 17, "label": "PERSON"}], "answer": "accept"},
        {"text": TEXT, "spans": [], "answer": "reject"},
    ])
    assert len(prodigy.records) == 1 and any("reject" in w for w in prodigy.warnings)

    record, warnings = from_brat(TEXT, "T1\tPERSON 6 17\tIvan Petrov\nR1\tRel Arg1:T1 Arg2:T1\n"
                                 "#1\tAnnotatorNotes T1\tcheck this\n", None, "doc", "doc.txt")
    assert record.doc_id == "doc" and record.mentions[0].canonical == "Ivan Petrov"  # type: ignore[union-attr]
    assert any("not JSON" in w for w in warnings) and any("ignored" in w for w in warnings)


def test_bad_input_is_a_gold_format_error() -> None:
    with pytest.raises(GoldFormatError, match="unknown label 'ORG'"):
        from_doccano([{"text": TEXT, "label": [[6, 17, "ORG"]]}])
    with pytest.raises(GoldFormatError, match="outside the text"):
        from_prodigy([{"text": TEXT, "spans": [{"start": 40, "end": 99, "label": "DATE"}]}])
    with pytest.raises(GoldFormatError, match="not a span"):
        from_doccano([{"text": TEXT, "label": ["positive"]}])  # a text-classification export


def test_cli_export_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_file = GOLD_DIR / "kazakhstan-2013.jsonl"
    out = tmp_path / "brat"
    assert main(["gold", "export", "--format", "brat", str(gold_file), "--out", str(out)]) == 0
    assert "exported 1 document" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "annotation.conf", "kazakhstan-2013.ann", "kazakhstan-2013.record.json", "kazakhstan-2013.txt",
        "visual.conf"]
    # a second export refuses to overwrite the annotator's files
    assert main(["gold", "export", "--format", "brat", str(gold_file), "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err

    imported = tmp_path / "imported"
    assert main(["gold", "import", "--format", "brat", str(out), "--out", str(imported)]) == 0
    assert "imported 1 document" in capsys.readouterr().out
    assert (imported / "kazakhstan-2013.jsonl").is_file()
    (back,) = [json.loads(line) for line in (imported / "kazakhstan-2013.jsonl").read_text().splitlines()]
    (orig,) = [json.loads(line) for line in gold_file.read_text().splitlines()]
    assert DocumentRecord.model_validate(back) == DocumentRecord.model_validate(orig)

    single = tmp_path / "all.jsonl"
    ls = tmp_path / "tasks.json"
    assert main(["gold", "export", "--format", "labelstudio", str(GOLD_DIR), "--out", str(ls)]) == 0
    assert main(["gold", "import", "--format", "labelstudio", str(ls), "--out", str(single)]) == 0
    assert len(single.read_text().splitlines()) == len(gold_records())


def test_cli_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gold", "export", "--format", "conll", "gold", "--out", "x"]) == 2
    assert "invalid choice" in capsys.readouterr().err
