"""What every interchange format shares: the fields of a mention and of a document, UTF-16
offsets, the builder that validates imported spans into a record, and file helpers.

Kept apart from the package's ``__init__`` so the format modules import it without an
import cycle (``__init__`` imports the format modules)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from extract.errors import GoldFormatError, InputError
from extract.evaluation.scoring import LABELS
from extract.models import DocumentRecord, Mention
from extract.storage.jsonl import loads_json, read_text_file

FORMATS: tuple[str, ...] = ("labelstudio", "doccano", "prodigy", "brat")

SPAN_FIELDS = ("label", "start", "end", "text")
_REQUIRED = {"PERSON": "canonical", "CHARGE": "category", "SENTENCE": "kind", "DATE": "value"}
LABEL_COLORS = {"PERSON": "#1c7ed6", "CHARGE": "#e8590c", "SENTENCE": "#ae3ec9", "DATE": "#2f9e44"}


@dataclass
class ImportResult:
    """Records read from a tool's files, and what had to be assumed on the way."""

    records: list[DocumentRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def mention_fields(m: Mention) -> dict[str, Any]:
    """The normalized fields of a mention (everything but label, offsets and text)."""
    return {k: v for k, v in m.model_dump().items() if k not in SPAN_FIELDS}


def record_fields(r: DocumentRecord) -> dict[str, Any]:
    """The document's fields other than its text and mentions."""
    return r.model_dump(exclude={"text", "mentions"})


def text_of(r: DocumentRecord) -> str:
    """The record's text; an :class:`InputError` when it has none."""
    if r.text is None:
        raise InputError(f"record {r.doc_id!r} has no text: gold records must carry their text")
    return r.text


class Offsets:
    """Code point <-> UTF-16 code unit offsets of one text (identity when all of it is in
    the Basic Multilingual Plane)."""

    def __init__(self, text: str) -> None:
        self.identity = all(ord(c) < 0x10000 for c in text)
        self.n = len(text)
        if not self.identity:
            self.u16 = [0]
            for c in text:
                self.u16.append(self.u16[-1] + (2 if ord(c) >= 0x10000 else 1))
            self.cp = {u: i for i, u in enumerate(self.u16)}

    def to_u16(self, i: int) -> int:
        """The UTF-16 offset of code point offset ``i``."""
        return i if self.identity else self.u16[i]

    def from_u16(self, u: int, where: str) -> int:
        """The code point offset of UTF-16 offset ``u`` (an error when it splits a pair)."""
        if self.identity:
            return u
        if u not in self.cp:
            raise GoldFormatError(f"{where}: offset {u} splits a character (UTF-16 surrogate pair)")
        return self.cp[u]


class Builder:
    """Collects the spans of one document and validates them into a record."""

    def __init__(self, where: str, text: str, warnings: list[str]) -> None:
        self.where = where
        self.text = text
        self.warnings = warnings
        self.mentions: list[dict[str, Any]] = []
        self.filled = 0

    def add(self, start: Any, end: Any, label: Any, fields: dict[str, Any] | None) -> int:
        """Add one span (placeholders for missing normalized values); returns its index."""
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            raise GoldFormatError(f"{self.where}: span offsets must be integers, got {start!r}, {end!r}")
        if label not in LABELS:
            raise GoldFormatError(
                f"{self.where}: unknown label {label!r} at {start}-{end} "
                f"(expected one of {', '.join(LABELS)})"
            )
        if not 0 <= start < end <= len(self.text):
            raise GoldFormatError(
                f"{self.where}: span {start}-{end} is outside the text ({len(self.text)} characters)"
            )
        span_text = self.text[start:end]
        values = {k: v for k, v in (fields or {}).items() if k not in SPAN_FIELDS}
        required = _REQUIRED[label]
        if values.get(required) is None:
            values[required] = span_text if label == "PERSON" else ("XXXX" if label == "DATE" else "other")
            self.filled += 1
        self.mentions.append({"label": label, "start": start, "end": end, "text": span_text, **values})
        return len(self.mentions) - 1

    def record(self, doc: dict[str, Any]) -> DocumentRecord:
        """The validated record of the spans added and the document's fields ``doc``."""
        if self.filled:
            self.warnings.append(
                f"{self.where}: {self.filled} mention(s) without normalized values; placeholders filled in"
            )
        data = {**doc, "text": self.text, "mentions": self.mentions}
        data.setdefault("source", data.get("doc_id", ""))
        try:
            return DocumentRecord.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise GoldFormatError(f"{self.where}: {loc}: {first['msg']}") from None


def doc_fields(record: Any, doc_id: Any, source: Any, fallback_id: str) -> dict[str, Any]:
    """A document's fields from a tool's copy of them, with a doc_id and a source."""
    out = dict(record) if isinstance(record, dict) else {}
    if not isinstance(out.get("doc_id"), str) or not out.get("doc_id"):
        out["doc_id"] = doc_id if isinstance(doc_id, str) and doc_id else fallback_id
    if not isinstance(out.get("source"), str):
        out["source"] = source if isinstance(source, str) else out["doc_id"]
    return out


def loads_object(text: Any, where: str, warnings: list[str]) -> dict[str, Any] | None:
    """A JSON object from a free-text field; a warning (and ``None``) when it is not one."""
    if isinstance(text, list):
        text = "\n".join(str(t) for t in text)
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = loads_json(text, where)
    except GoldFormatError:
        warnings.append(f"{where}: note is not JSON, ignored: {text[:60]!r}")
        return None
    if not isinstance(value, dict):
        warnings.append(f"{where}: note is not a JSON object, ignored: {text[:60]!r}")
        return None
    return value


def refuse_existing(paths: Sequence[Path], force: bool) -> None:
    """An :class:`InputError` for the first path that exists, unless ``force``."""
    if force:
        return
    for p in paths:
        if p.exists():
            raise InputError(f"{p}: already exists (use --force to overwrite)")


def jsonl(rows: Iterable[dict[str, Any]]) -> str:
    """Rows as JSON Lines."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def read_json_rows(path: Path) -> list[Any]:
    """A JSON list, or JSON Lines."""
    content = read_text_file(path)
    if content.lstrip().startswith("["):
        return list(loads_json(content, str(path)))
    return [loads_json(line, f"{path}:{n}")
            for n, line in enumerate(content.split("\n"), 1) if line.strip()]
