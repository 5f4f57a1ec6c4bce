"""Predictions made from gold by known edits, so that every kind of error shows up without
running the pipeline: a dropped mention (FN), an invented one (FP), a wrong DATE value
(WRONG), a shortened PERSON span (an inexact true positive) and a dropped case."""

from __future__ import annotations

import re
from pathlib import Path

from extract.models import DocumentRecord
from extract.storage.jsonl import read_records

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "gold"


def gold_records() -> list[DocumentRecord]:
    return read_records([GOLD_DIR])


def perturb(record: DocumentRecord) -> DocumentRecord:
    """A copy of ``record`` with the edits listed in the module docstring."""
    data = record.model_dump()
    text: str = data["text"]
    mentions: list[dict] = data["mentions"]
    first_charge = next((i for i, m in enumerate(mentions) if m["label"] == "CHARGE"), None)
    if first_charge is not None:
        mentions.pop(first_charge)
    date = next((m for m in mentions if m["label"] == "DATE"), None)
    if date is not None:
        date["value"] = "1999"
    person = next((m for m in mentions if m["label"] == "PERSON" and m["end"] - m["start"] > 3), None)
    if person is not None:
        person["end"] -= 1
        person["text"] = text[person["start"] : person["end"]]
    covered = [(m.start, m.end) for m in record.mentions]
    for match in re.finditer(r"\b[A-Z][a-z]{3,}\b", text):
        s, e = match.span()
        if all(e <= a or b <= s for a, b in covered):
            word = match.group()
            mentions.append({"label": "PERSON", "start": s, "end": e, "text": word, "canonical": word})
            break
    mentions.sort(key=lambda m: (m["start"], m["end"]))
    data["cases"] = data["cases"][1:]
    return DocumentRecord.model_validate(data)


def perturbed_predictions(gold: list[DocumentRecord]) -> list[DocumentRecord]:
    return [perturb(r) for r in gold]
