"""Label Studio: tasks in its JSON import/export format, and the matching labeling config.

One task per document: ``data`` holds the ``text``, ``doc_id``, the document's other fields
(``record``) and the case facts exported as relations (``case_links``, see
:mod:`.links`). Gold goes in as a ground-truth annotation; a run's records go in as
``predictions`` with a ``model_version`` (the record's ``pipeline`` fingerprint, else the
package version) for pre-annotation and review; a task may carry both for one doc_id.

Each mention is a ``labels`` region with a per-region ``normalized`` TextArea holding its
normalized fields as JSON; each case fact a ``relation`` result from the person's region
to the charge's, sentence's or date's (labels ``charge``, ``sentence``, the event type).
Offsets count UTF-16 code units (Label Studio is a JavaScript front end).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from extract import __version__
from extract.errors import GoldFormatError, InputError
from extract.evaluation.interchange.common import (
    SPAN_FIELDS,
    Builder,
    ImportResult,
    Offsets,
    doc_fields,
    loads_object,
    mention_fields,
    record_fields,
    text_of,
)
from extract.evaluation.interchange.links import (
    LINKS_KEY,
    Key,
    apply_links,
    find_links,
    parse_keys,
    relation_facts,
)
from extract.models import DocumentRecord, Mention


@cache
def labelstudio_config() -> str:
    """The Label Studio labeling config (XML) that matches the exported tasks: the four
    labels, the per-region ``normalized`` TextArea and the case-link relations."""
    return files(__package__).joinpath("labelstudio.xml").read_text(encoding="utf-8")


LABELSTUDIO_CONFIG = labelstudio_config()
"""The labeling config, as :func:`labelstudio_config` returns it."""


def model_version(record: DocumentRecord) -> str:
    """What made a run's record: its ``pipeline`` fingerprint, else the package version."""
    pipeline = getattr(record, "pipeline", None)
    return pipeline if isinstance(pipeline, str) and pipeline else f"hr-extract {__version__}"


def _gold_fields(m: Mention) -> dict[str, Any]:
    """The normalized fields of the record format only (no run extras such as ``page``)."""
    return {k: getattr(m, k) for k in type(m).model_fields if k not in SPAN_FIELDS}


def _result(record: DocumentRecord, text: str, origin: str | None, gold: bool) -> list[dict[str, Any]]:
    """The result list of one annotation or prediction: regions, then relations."""
    off = Offsets(text)
    result: list[dict[str, Any]] = []
    extra = {"origin": origin} if origin else {}
    for i, m in enumerate(record.mentions, 1):
        start, end = off.to_u16(m.start), off.to_u16(m.end)
        fields = mention_fields(m) if gold else _gold_fields(m)
        result.append({"id": f"m{i}", "from_name": "label", "to_name": "text", "type": "labels", **extra,
                       "value": {"start": start, "end": end, "text": m.text, "labels": [m.label]}})
        result.append({"id": f"m{i}", "from_name": "normalized", "to_name": "text", "type": "textarea",
                       **extra, "value": {"start": start, "end": end,
                                          "text": [json.dumps(fields, ensure_ascii=False)]}})
    links, _ = find_links(record)
    result += [{"from_id": f"m{link.person + 1}", "to_id": f"m{link.target + 1}", "type": "relation",
                "direction": "right", "labels": [link.label]} for link in links]
    return result


def _gold_view(record: DocumentRecord) -> dict[str, Any]:
    """The document fields a run's record contributes to gold: doc_id, source and cases
    without their evidence (output only)."""
    return {"doc_id": record.doc_id, "source": record.source,
            "cases": [c.model_dump(exclude={"evidence"}) for c in record.cases]}


def _on_text(pred: DocumentRecord, text: str | None) -> tuple[DocumentRecord, str]:
    """A run's record checked against the task's text (the gold's, else its own)."""
    if text is None:
        if pred.text is None:
            raise InputError(f"run record {pred.doc_id!r} has no text and no gold record gives it "
                             "(run without --no-text)")
        return pred, pred.text
    if pred.text is not None and pred.text != text:
        raise InputError(f"run record {pred.doc_id!r}: its text differs from the gold text")
    bad = next((m for m in pred.mentions if text[m.start:m.end] != m.text), None)
    if bad is not None:
        raise InputError(f"run record {pred.doc_id!r}: mention {bad.text!r} at {bad.start}:{bad.end} "
                         "does not match the gold text")
    return pred, text


def _data(text: str, doc_id: str, record: dict[str, Any], keys: Sequence[Key]) -> dict[str, Any]:
    """A task's ``data``: the text, doc_id, document fields and the facts linked."""
    return {"text": text, "doc_id": doc_id, "record": record, LINKS_KEY: [list(k) for k in keys]}


def _prediction(pred: DocumentRecord, text: str) -> dict[str, Any]:
    return {"model_version": model_version(pred), "result": _result(pred, text, None, gold=False)}


def to_labelstudio(records: Iterable[DocumentRecord],
                   predictions: Sequence[DocumentRecord] = ()) -> list[dict[str, Any]]:
    """Label Studio tasks, one per doc_id: gold ``records`` as ground-truth annotations,
    a run's records (``predictions``) as predictions with a ``model_version``. A document in
    both gets one task with both; a run's document without gold gets a task of its own
    (after the gold ones). Use with :func:`labelstudio_config`."""
    by_id: dict[str, DocumentRecord] = {}
    for p in predictions:
        if p.doc_id in by_id:
            raise InputError(f"run records: doc_id {p.doc_id!r} appears twice")
        by_id[p.doc_id] = p
    tasks = []
    for r in records:
        text = text_of(r)
        _, keys = find_links(r)
        task: dict[str, Any] = {
            "data": _data(text, r.doc_id, record_fields(r), keys),
            "annotations": [{"result": _result(r, text, "manual", gold=True), "ground_truth": True,
                             "was_cancelled": False}],
        }
        if r.doc_id in by_id:
            task["predictions"] = [_prediction(*_on_text(by_id.pop(r.doc_id), text))]
        tasks.append(task)
    for p in by_id.values():
        p, text = _on_text(p, None)
        _, keys = find_links(p)
        tasks.append({"data": _data(text, p.doc_id, _gold_view(p), keys),
                      "predictions": [_prediction(p, text)]})
    return [{"id": n, **task} for n, task in enumerate(tasks, 1)]


def _pick_annotation(task: dict[str, Any], where: str, warnings: list[str]) -> list[Any]:
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict)
                   and not a.get("was_cancelled")]
    if annotations:
        chosen = next((a for a in annotations if a.get("ground_truth")), annotations[0])
        if len(annotations) > 1:
            warnings.append(f"{where}: {len(annotations)} annotations, using annotation "
                            f"{chosen.get('id', annotations.index(chosen) + 1)}")
        return list(chosen.get("result") or [])
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if predictions:
        warnings.append(f"{where}: no annotation, using the first prediction")
        return list(predictions[0].get("result") or [])
    warnings.append(f"{where}: no annotation")
    return []


def _regions(result: list[Any], at: str, warnings: list[str]
             ) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str]]]:
    """The regions of a result by id (span and normalized text), in order, and its
    relations as (from id, to id, label)."""
    regions: dict[str, dict[str, Any]] = {}
    relations: list[tuple[str, str, str]] = []
    for k, item in enumerate(result):
        if isinstance(item, dict) and item.get("type") == "relation":
            labels = item.get("labels") or []
            if len(labels) != 1:
                warnings.append(f"{at}: relation {item.get('from_id')} -> {item.get('to_id')} has "
                                f"{len(labels)} labels, expected one; ignored")
            else:
                relations.append((str(item.get("from_id")), str(item.get("to_id")), str(labels[0])))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            continue
        region = regions.setdefault(str(item.get("id", f"_{k}")), {})
        value = item["value"]
        if item.get("type") == "labels":
            region["span"] = value
        elif item.get("type") == "textarea" and item.get("from_name") == "normalized":
            region["normalized"] = value.get("text")
        else:
            warnings.append(f"{at}: result of type {item.get('type')!r} ignored")
    return regions, relations


def _task_record(task: Any, n: int, where: str, warnings: list[str]) -> DocumentRecord:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise GoldFormatError(f"{where}: task {n} is not a Label Studio task (no 'data' object)")
    d = task["data"]
    text = d.get("text")
    if not isinstance(text, str):
        raise GoldFormatError(f"{where}: task {n} has no 'text' in its data")
    doc = doc_fields(d.get("record"), d.get("doc_id"), d.get("source"), f"task-{task.get('id', n)}")
    at = f"{where}: task {task.get('id', n)} ({doc['doc_id']})"
    off = Offsets(text)
    regions, relations = _regions(_pick_annotation(task, at, warnings), at, warnings)
    b = Builder(at, text, warnings)
    index: dict[str, int] = {}
    for rid, region in regions.items():
        span = region.get("span")
        if span is None:
            continue
        labels = span.get("labels") or []
        if len(labels) != 1:
            raise GoldFormatError(f"{at}: region {rid} has {len(labels)} labels, expected one")
        if not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
            raise GoldFormatError(f"{at}: region {rid} has no integer start/end")
        fields = loads_object(region.get("normalized"), f"{at}: region {rid}", warnings)
        index[rid] = b.add(off.from_u16(span["start"], at), off.from_u16(span["end"], at), labels[0], fields)
    record = b.record(doc)
    pairs = []
    for a, z, label in relations:
        if a in index and z in index:
            pairs.append((index[a], index[z], label))
        else:
            warnings.append(f"{at}: relation {a} -> {z} joins no two labelled regions; ignored")
    facts = relation_facts(record, pairs, at, warnings)
    return apply_links(record, facts, parse_keys(d.get(LINKS_KEY), at, warnings))


def from_labelstudio(data: Any, where: str = "labelstudio") -> ImportResult:
    """Records from Label Studio tasks (a list of tasks, or one task). Of several
    annotations of a task the ground-truth one is used, else the first not cancelled, else
    the first prediction. Relations update the cases (:func:`.links.apply_links`)."""
    tasks = data if isinstance(data, list) else [data]
    out = ImportResult()
    for n, task in enumerate(tasks, 1):
        out.records.append(_task_record(task, n, where, out.warnings))
    return out
