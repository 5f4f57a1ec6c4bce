"""Gold records to and from annotation tools: Label Studio, doccano, Prodigy and brat.

``extract gold export|import --format labelstudio|doccano|prodigy|brat``. Spans and labels
round-trip exactly through every format; the normalized fields go where the format has a
place for them, and the document's other fields (``doc_id``, ``source``, ``cases``, ...)
go with the document:

- ``labelstudio``: one JSON file, a list of tasks (the gold as a ground-truth annotation);
  normalized fields in a per-region TextArea ``normalized`` holding JSON; the document's
  fields in ``data.record``. :data:`LABELSTUDIO_CONFIG` is the matching labeling config.
- ``doccano``: JSONL, ``{"text", "label": [[start, end, label]]}`` (sequence labeling);
  normalized fields in the metadata key ``normalized``, the document's in ``record``.
- ``prodigy``: JSONL tasks with ``text``, ``tokens`` and ``spans`` (``spans.manual``
  format); normalized fields in each span's ``normalized``; doc_id and source in ``meta``,
  the document's fields in ``record``.
- ``brat``: a folder of ``.txt`` + ``.ann`` (with ``annotation.conf`` and ``visual.conf``);
  enumerated fields as attributes (``Category``, ``Kind``, ``Mod``, ``UpperBound``), the
  free-text ones (canonical, value, duration, amount, currency) as JSON in an
  ``AnnotatorNotes`` note; the document's fields in ``<doc>.record.json``.

Offsets: Label Studio and doccano count UTF-16 code units (they are JavaScript front
ends), Prodigy and brat count code points like the records; the conversion is done here.

Annotations made in a tool that kept no normalized values import with placeholders
(PERSON ``canonical`` = the span text, CHARGE ``category`` and SENTENCE ``kind`` =
``other``, DATE ``value`` = ``XXXX``) and a warning per document. Plain library code: no
Prefect.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from extract.errors import GoldFormatError, InputError
from extract.evaluation.scoring import LABELS
from extract.fs import atomic_write
from extract.models import ChargeCategory, DocumentRecord, Mention, Mod, SentenceKind
from extract.storage.jsonl import loads_json, read_text_file

__all__ = [
    "BRAT_ANNOTATION_CONF",
    "FORMATS",
    "LABELSTUDIO_CONFIG",
    "ImportResult",
    "export_gold",
    "from_brat",
    "from_doccano",
    "from_labelstudio",
    "from_prodigy",
    "import_gold",
    "to_brat",
    "to_doccano",
    "to_labelstudio",
    "to_prodigy",
    "write_records",
]

FORMATS: tuple[str, ...] = ("labelstudio", "doccano", "prodigy", "brat")

_SPAN_FIELDS = ("label", "start", "end", "text")
_REQUIRED = {"PERSON": "canonical", "CHARGE": "category", "SENTENCE": "kind", "DATE": "value"}
LABEL_COLORS = {"PERSON": "#1c7ed6", "CHARGE": "#e8590c", "SENTENCE": "#ae3ec9", "DATE": "#2f9e44"}

LABELSTUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
""" + "".join(
    f'    <Label value="{label}" background="{color}"/>\n' for label, color in LABEL_COLORS.items()
) + """  </Labels>
  <Text name="text" value="$text"/>
  <View visibleWhen="region-selected">
    <Header value="Normalized fields (JSON, see gold/ANNOTATION.md)"/>
    <TextArea name="normalized" toName="text" perRegion="true" editable="true" maxSubmissions="1" rows="2"/>
  </View>
</View>
"""
"""The Label Studio labeling config that matches the exported tasks."""

# brat: attributes for the fields with enumerated values; the rest goes in a note.
_BRAT_ATTRS: dict[str, tuple[str, str, tuple[str, ...] | None]] = {
    # attribute: (label, field, values; None for a binary attribute)
    "Category": ("CHARGE", "category", get_args(ChargeCategory)),
    "Kind": ("SENTENCE", "kind", get_args(SentenceKind)),
    "Mod": ("DATE", "mod", get_args(Mod)),
    "UpperBound": ("SENTENCE", "upper_bound", None),
}
_BRAT_FIELD_ATTR = {(lab, f): name for name, (lab, f, _) in _BRAT_ATTRS.items()}

BRAT_ANNOTATION_CONF = (
    "# brat configuration for hr-extract gold (see gold/ANNOTATION.md)\n[entities]\n"
    + "".join(f"{label}\n" for label in LABELS)
    + "\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n"
    + "".join(
        f"{name}\tArg:{label}" + (f", Value:{'|'.join(values)}" if values else "") + "\n"
        for name, (label, _, values) in _BRAT_ATTRS.items()
    )
)
BRAT_VISUAL_CONF = (
    "[labels]\n"
    + "".join(f"{label} | {label.title()}\n" for label in LABELS)
    + "\n[drawing]\n"
    + "".join(f"{label}\tbgColor:{color}\n" for label, color in LABEL_COLORS.items())
)


@dataclass
class ImportResult:
    """Records read from a tool's files, and what had to be assumed on the way."""

    records: list[DocumentRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- shared


def _fields(m: Mention) -> dict[str, Any]:
    """The normalized fields of a mention (everything but label, offsets and text)."""
    return {k: v for k, v in m.model_dump().items() if k not in _SPAN_FIELDS}


def _record_fields(r: DocumentRecord) -> dict[str, Any]:
    """The document's fields other than its text and mentions."""
    return r.model_dump(exclude={"text", "mentions"})


def _text_of(r: DocumentRecord) -> str:
    if r.text is None:
        raise InputError(f"record {r.doc_id!r} has no text: gold records must carry their text")
    return r.text


class _Offsets:
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
        return i if self.identity else self.u16[i]

    def from_u16(self, u: int, where: str) -> int:
        if self.identity:
            return u
        if u not in self.cp:
            raise GoldFormatError(f"{where}: offset {u} splits a character (UTF-16 surrogate pair)")
        return self.cp[u]


class _Builder:
    """Collects the spans of one document and validates them into a record."""

    def __init__(self, where: str, text: str, warnings: list[str]) -> None:
        self.where = where
        self.text = text
        self.warnings = warnings
        self.mentions: list[dict[str, Any]] = []
        self.filled = 0

    def add(self, start: Any, end: Any, label: Any, fields: dict[str, Any] | None) -> None:
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
        values = {k: v for k, v in (fields or {}).items() if k not in _SPAN_FIELDS}
        required = _REQUIRED[label]
        if values.get(required) is None:
            values[required] = span_text if label == "PERSON" else ("XXXX" if label == "DATE" else "other")
            self.filled += 1
        self.mentions.append({"label": label, "start": start, "end": end, "text": span_text, **values})

    def record(self, doc: dict[str, Any]) -> DocumentRecord:
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


def _doc_fields(record: Any, doc_id: Any, source: Any, fallback_id: str) -> dict[str, Any]:
    out = dict(record) if isinstance(record, dict) else {}
    if not isinstance(out.get("doc_id"), str) or not out.get("doc_id"):
        out["doc_id"] = doc_id if isinstance(doc_id, str) and doc_id else fallback_id
    if not isinstance(out.get("source"), str):
        out["source"] = source if isinstance(source, str) else out["doc_id"]
    return out


def _loads_object(text: Any, where: str, warnings: list[str]) -> dict[str, Any] | None:
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


# --------------------------------------------------------------------------- Label Studio


def to_labelstudio(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """Label Studio tasks (JSON import/export format), one per record, with the gold as a
    ground-truth annotation. Use with :data:`LABELSTUDIO_CONFIG`."""
    tasks = []
    for n, r in enumerate(records, 1):
        text = _text_of(r)
        off = _Offsets(text)
        result: list[dict[str, Any]] = []
        for i, m in enumerate(r.mentions, 1):
            start, end = off.to_u16(m.start), off.to_u16(m.end)
            region = f"m{i}"
            result.append({
                "id": region, "from_name": "label", "to_name": "text", "type": "labels",
                "origin": "manual",
                "value": {"start": start, "end": end, "text": m.text, "labels": [m.label]},
            })
            result.append({
                "id": region, "from_name": "normalized", "to_name": "text", "type": "textarea",
                "origin": "manual",
                "value": {"start": start, "end": end,
                          "text": [json.dumps(_fields(m), ensure_ascii=False)]},
            })
        tasks.append({
            "id": n,
            "data": {"text": text, "doc_id": r.doc_id, "record": _record_fields(r)},
            "annotations": [{"result": result, "ground_truth": True, "was_cancelled": False}],
        })
    return tasks


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


def from_labelstudio(data: Any, where: str = "labelstudio") -> ImportResult:
    """Records from Label Studio tasks (a list of tasks, or one task). Of several
    annotations of a task the ground-truth one is used, else the first not cancelled."""
    tasks = data if isinstance(data, list) else [data]
    out = ImportResult()
    for n, task in enumerate(tasks, 1):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise GoldFormatError(f"{where}: task {n} is not a Label Studio task (no 'data' object)")
        d = task["data"]
        text = d.get("text")
        if not isinstance(text, str):
            raise GoldFormatError(f"{where}: task {n} has no 'text' in its data")
        doc = _doc_fields(d.get("record"), d.get("doc_id"), d.get("source"), f"task-{task.get('id', n)}")
        at = f"{where}: task {task.get('id', n)} ({doc['doc_id']})"
        off = _Offsets(text)
        regions: dict[str, dict[str, Any]] = {}
        order: list[str] = []
        for k, item in enumerate(_pick_annotation(task, at, out.warnings)):
            if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
                continue
            rid = str(item.get("id", f"_{k}"))
            if rid not in regions:
                regions[rid] = {}
                order.append(rid)
            value = item["value"]
            if item.get("type") == "labels":
                regions[rid]["span"] = value
            elif item.get("type") == "textarea" and item.get("from_name") == "normalized":
                regions[rid]["normalized"] = value.get("text")
            else:
                out.warnings.append(f"{at}: result of type {item.get('type')!r} ignored")
        b = _Builder(at, text, out.warnings)
        for rid in order:
            span = regions[rid].get("span")
            if span is None:
                continue
            labels = span.get("labels") or []
            if len(labels) != 1:
                raise GoldFormatError(f"{at}: region {rid} has {len(labels)} labels, expected one")
            if not isinstance(span.get("start"), int) or not isinstance(span.get("end"), int):
                raise GoldFormatError(f"{at}: region {rid} has no integer start/end")
            fields = _loads_object(regions[rid].get("normalized"), f"{at}: region {rid}", out.warnings)
            b.add(off.from_u16(span["start"], at), off.from_u16(span["end"], at), labels[0], fields)
        out.records.append(b.record(doc))
    return out


# --------------------------------------------------------------------------- doccano


def to_doccano(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """doccano sequence-labeling lines: ``text``, ``label`` (``[start, end, label]``, UTF-16
    offsets), and the metadata keys ``normalized`` and ``record``."""
    rows = []
    for r in records:
        text = _text_of(r)
        off = _Offsets(text)
        spans = [[off.to_u16(m.start), off.to_u16(m.end), m.label] for m in r.mentions]
        normalized = [
            {"start": s, "end": e, "label": m.label, **_fields(m)}
            for (s, e, _), m in zip(spans, r.mentions, strict=True)
        ]
        rows.append({"text": text, "label": spans, "normalized": normalized, "record": _record_fields(r)})
    return rows


def _doccano_spans(row: dict[str, Any], where: str) -> list[tuple[Any, Any, Any]]:
    for key in ("label", "labels", "entities"):
        if key not in row:
            continue
        spans = []
        for item in row[key] or []:
            if isinstance(item, list | tuple) and len(item) == 3:
                spans.append((item[0], item[1], item[2]))
            elif isinstance(item, dict) and "start_offset" in item:
                spans.append((item["start_offset"], item["end_offset"], item.get("label")))
            else:
                raise GoldFormatError(
                    f"{where}: '{key}' holds {item!r}, not a span (a sequence-labeling export is "
                    "expected: [start, end, label])"
                )
        return spans
    return []


def from_doccano(rows: Iterable[Any], where: str = "doccano") -> ImportResult:
    """Records from doccano sequence-labeling lines (``label``/``labels`` as
    ``[start, end, label]`` or ``entities`` as objects with ``start_offset``/``end_offset``)."""
    out = ImportResult()
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise GoldFormatError(f"{where}:{n}: not a doccano line (no 'text')")
        text = row["text"]
        doc = _doc_fields(row.get("record"), None, None, f"doccano-{row.get('id', n)}")
        at = f"{where}:{n} ({doc['doc_id']})"
        off = _Offsets(text)
        pending: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
        for item in row.get("normalized") or []:
            if isinstance(item, dict):
                key = (item.get("start"), item.get("end"), item.get("label"))
                pending.setdefault(key, []).append(item)
        b = _Builder(at, text, out.warnings)
        for s, e, label in _doccano_spans(row, at):
            queue = pending.get((s, e, label))
            fields = queue.pop(0) if queue else None
            if not isinstance(s, int) or not isinstance(e, int):
                raise GoldFormatError(f"{at}: span offsets must be integers, got {s!r}, {e!r}")
            b.add(off.from_u16(s, at), off.from_u16(e, at), label, fields)
        out.records.append(b.record(doc))
    return out


# --------------------------------------------------------------------------- Prodigy


@dataclass
class _Tokenizer:
    fn: Callable[[str], Any] | None = None

    def __call__(self, text: str) -> Any:
        if self.fn is None:
            import spacy

            self.fn = spacy.blank("en").tokenizer
        return self.fn(text)


_tokenizer = _Tokenizer()


def to_prodigy(records: Iterable[DocumentRecord]) -> list[dict[str, Any]]:
    """Prodigy tasks (``spans.manual``/``ner.manual`` format): ``text``, ``tokens`` (spaCy's
    English tokenizer), ``spans`` with ``token_start``/``token_end`` (inclusive) and their
    ``normalized`` values, ``meta`` (doc_id, source), ``record`` and ``answer: accept``."""
    rows = []
    for r in records:
        text = _text_of(r)
        doc = _tokenizer(text)
        tokens = [
            {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc
        ]
        spans = []
        for m in r.mentions:
            span: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text, "label": m.label}
            cs = doc.char_span(m.start, m.end, alignment_mode="expand")
            if cs is not None and len(cs):
                span.update(token_start=cs.start, token_end=cs.end - 1)
            span["normalized"] = _fields(m)
            spans.append(span)
        rows.append({
            "text": text, "meta": {"doc_id": r.doc_id, "source": r.source}, "record": _record_fields(r),
            "tokens": tokens, "spans": spans, "answer": "accept",
        })
    return rows


def from_prodigy(rows: Iterable[Any], where: str = "prodigy") -> ImportResult:
    """Records from Prodigy tasks with character-offset ``spans``. Tasks answered
    ``reject`` or ``ignore`` are left out (with a warning)."""
    out = ImportResult()
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise GoldFormatError(f"{where}:{n}: not a Prodigy task (no 'text')")
        meta: dict[str, Any] = row["meta"] if isinstance(row.get("meta"), dict) else {}
        doc = _doc_fields(row.get("record"), meta.get("doc_id"), meta.get("source"),
                          f"prodigy-{row.get('_input_hash', n)}")
        at = f"{where}:{n} ({doc['doc_id']})"
        if row.get("answer", "accept") != "accept":
            out.warnings.append(f"{at}: answer {row.get('answer')!r}, left out")
            continue
        b = _Builder(at, row["text"], out.warnings)
        for span in row.get("spans") or []:
            if not isinstance(span, dict):
                raise GoldFormatError(f"{at}: span {span!r} is not an object")
            fields = span.get("normalized") if isinstance(span.get("normalized"), dict) else None
            b.add(span.get("start"), span.get("end"), span.get("label"), fields)
        out.records.append(b.record(doc))
    return out


# --------------------------------------------------------------------------- brat

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def brat_stem(doc_id: str) -> str:
    """The file name (without suffix) of a document in a brat folder."""
    stem = _SAFE.sub("_", doc_id)
    return stem if stem.strip("._") else "doc"


def to_brat(record: DocumentRecord) -> tuple[str, str, dict[str, Any]]:
    """The brat ``.txt`` text, ``.ann`` content and the sidecar (``.record.json``) fields of
    one record."""
    text = _text_of(record)
    lines: list[str] = []
    n_attr = n_note = 0
    for i, m in enumerate(record.mentions, 1):
        tid = f"T{i}"
        fragments: list[tuple[int, int]] = []
        pos = m.start
        for piece in m.text.split("\n"):
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                fragments.append((pos + lead, pos + len(piece.rstrip())))
            pos += len(piece) + 1
        if not fragments:  # a span of whitespace only: keep it as it is
            fragments = [(m.start, m.end)]
        fragments[0] = (m.start, fragments[0][1])
        fragments[-1] = (fragments[-1][0], m.end)
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(text[s:e] for s, e in fragments).replace("\n", " ").replace("\r", " ")
        lines.append(f"{tid}\t{m.label} {offsets}\t{shown}")
        note: dict[str, Any] = {}
        for key, value in _fields(m).items():
            attr = _BRAT_FIELD_ATTR.get((m.label, key))
            if attr is None:
                declared = type(m).model_fields.get(key)
                if value is not None or declared is None or declared.default is not None:
                    note[key] = value  # nulls that are the default are left out
            elif _BRAT_ATTRS[attr][2] is None:
                if value:
                    n_attr += 1
                    lines.append(f"A{n_attr}\t{attr} {tid}")
            elif value is not None:
                n_attr += 1
                lines.append(f"A{n_attr}\t{attr} {tid} {value}")
        if note:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotatorNotes {tid}\t{json.dumps(note, ensure_ascii=False)}")
    return text, "".join(f"{line}\n" for line in lines), _record_fields(record)


def from_brat(text: str, ann: str, sidecar: dict[str, Any] | None, doc_id: str, source: str,
              where: str = "brat") -> tuple[DocumentRecord, list[str]]:
    """One record from a brat document: its text, ``.ann`` content and sidecar fields
    (``None`` when there is no sidecar: ``doc_id`` and ``source`` are then the ones
    given). Relations, events, equivalences and normalizations are ignored with a warning."""
    warnings: list[str] = []
    spans: dict[str, tuple[int, int, str]] = {}
    order: list[str] = []
    attrs: dict[str, dict[str, Any]] = {}
    notes: dict[str, dict[str, Any]] = {}
    ignored = 0
    for n, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        at = f"{where}:{n}"
        if ident.startswith("T"):
            if len(parts) < 2:
                raise GoldFormatError(f"{at}: malformed text-bound annotation {line!r}")
            label, _, offsets = parts[1].partition(" ")
            try:
                frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
                starts = [f[0] for f in frags]
                ends = [f[1] for f in frags]
            except (ValueError, IndexError):
                raise GoldFormatError(f"{at}: bad offsets {offsets!r}") from None
            spans[ident] = (min(starts), max(ends), label)
            order.append(ident)
        elif ident.startswith("A") or ident.startswith("M"):
            words = parts[1].split() if len(parts) > 1 else []
            if len(words) < 2 or words[0] not in _BRAT_ATTRS:
                warnings.append(f"{at}: attribute {line!r} ignored")
                continue
            name, target = words[0], words[1]
            _, fname, values = _BRAT_ATTRS[name]
            if values is None:
                attrs.setdefault(target, {})[fname] = True
            elif len(words) > 2:
                attrs.setdefault(target, {})[fname] = words[2]
        elif ident.startswith("#"):
            words = parts[1].split() if len(parts) > 1 else []
            if len(words) == 2 and words[0] == "AnnotatorNotes" and len(parts) > 2:
                value = _loads_object(parts[2], at, warnings)
                if value is not None:
                    notes[words[1]] = value
        else:
            ignored += 1
    if ignored:
        warnings.append(f"{where}: {ignored} relation/event/normalization line(s) ignored")
    doc = _doc_fields(sidecar, doc_id, source, doc_id)
    b = _Builder(where, text, warnings)
    for tid in order:
        start, end, label = spans[tid]
        fields: dict[str, Any] | None = {**notes.get(tid, {}), **attrs.get(tid, {})} or None
        if fields is not None and label == "SENTENCE" and "upper_bound" not in fields:
            fields["upper_bound"] = False
        b.add(start, end, label, fields)
    return b.record(doc), warnings


# --------------------------------------------------------------------------- files


def _refuse_existing(paths: Sequence[Path], force: bool) -> None:
    if force:
        return
    for p in paths:
        if p.exists():
            raise InputError(f"{p}: already exists (use --force to overwrite)")


def _jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def export_gold(records: Sequence[DocumentRecord], fmt: str, out: Path, force: bool = False) -> list[Path]:
    """Write ``records`` for a tool: ``out`` is a file (labelstudio: JSON; doccano,
    prodigy: JSONL) or, for brat, a folder. Existing files are kept unless ``force``.
    Returns the files written."""
    try:
        if fmt == "labelstudio":
            _refuse_existing([out], force)
            atomic_write(out, json.dumps(to_labelstudio(records), ensure_ascii=False, indent=1) + "\n")
            return [out]
        if fmt in ("doccano", "prodigy"):
            _refuse_existing([out], force)
            rows = to_doccano(records) if fmt == "doccano" else to_prodigy(records)
            atomic_write(out, _jsonl(rows))
            return [out]
        if fmt == "brat":
            if out.exists() and not out.is_dir():
                raise InputError(f"{out}: is a file, expected a folder for brat")
            stems: dict[str, str] = {}
            for r in records:
                stem = brat_stem(r.doc_id)
                if stem in stems:
                    raise InputError(
                        f"doc_ids {stems[stem]!r} and {r.doc_id!r} map to one brat file {stem!r}"
                    )
                stems[stem] = r.doc_id
            targets = [out / f"{s}{suffix}" for s in stems for suffix in (".txt", ".ann", ".record.json")]
            _refuse_existing(targets, force)
            written = []
            for r in records:
                stem = brat_stem(r.doc_id)
                text, ann, sidecar = to_brat(r)
                side = json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n"
                for suffix, content in ((".txt", text), (".ann", ann), (".record.json", side)):
                    atomic_write(out / f"{stem}{suffix}", content)
                    written.append(out / f"{stem}{suffix}")
            confs = (("annotation.conf", BRAT_ANNOTATION_CONF), ("visual.conf", BRAT_VISUAL_CONF))
            for name, content in confs:
                atomic_write(out / name, content)
                written.append(out / name)
            return written
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None
    raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def _read_json_rows(path: Path) -> list[Any]:
    """A JSON list, or JSON Lines."""
    content = read_text_file(path)
    if content.lstrip().startswith("["):
        return list(loads_json(content, str(path)))
    return [loads_json(line, f"{path}:{n}")
            for n, line in enumerate(content.split("\n"), 1) if line.strip()]


def import_gold(fmt: str, path: Path) -> ImportResult:
    """Read a tool's files as records: a file (labelstudio: JSON list of tasks; doccano,
    prodigy: JSONL or a JSON list) or, for brat, a folder of ``.txt`` + ``.ann`` (or one
    ``.ann`` or ``.txt`` file)."""
    if fmt == "labelstudio":
        return from_labelstudio(loads_json(read_text_file(path), str(path)), str(path))
    if fmt == "doccano":
        return from_doccano(_read_json_rows(path), str(path))
    if fmt == "prodigy":
        return from_prodigy(_read_json_rows(path), str(path))
    if fmt == "brat":
        if path.is_dir():
            anns = sorted(path.glob("*.ann"))
            if not anns:
                raise InputError(f"{path}: no .ann files")
        elif path.suffix in (".ann", ".txt"):
            anns = [path.with_suffix(".ann")]
        else:
            raise InputError(f"{path}: expected a brat folder or an .ann file")
        out = ImportResult()
        for ann in anns:
            txt = ann.with_suffix(".txt")
            side = ann.with_name(f"{ann.stem}.record.json")
            sidecar = None
            if side.is_file():
                sidecar = loads_json(read_text_file(side), str(side))
            record, warnings = from_brat(read_text_file(txt), read_text_file(ann), sidecar, ann.stem,
                                         txt.as_posix(), str(ann))
            out.records.append(record)
            out.warnings += warnings
        return out
    raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


def write_records(records: Sequence[DocumentRecord], out: Path, force: bool = False) -> list[Path]:
    """Write imported records as gold JSONL: into one file when ``out`` ends in ``.jsonl``,
    else one ``<doc_id>.jsonl`` per document in the folder ``out`` (the layout of gold/).
    Existing files are kept unless ``force``."""
    from extract.storage.jsonl import write_jsonl

    seen: set[str] = set()
    for r in records:
        if r.doc_id in seen:
            raise InputError(f"duplicate doc_id {r.doc_id!r} in the imported records")
        seen.add(r.doc_id)
    try:
        if out.suffix == ".jsonl":
            _refuse_existing([out], force)
            write_jsonl(out, records)
            return [out]
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: is a file; give a folder or a .jsonl file")
        targets = [out / f"{brat_stem(r.doc_id)}.jsonl" for r in records]
        if len(set(targets)) != len(targets):
            raise InputError("two doc_ids map to one file name; write to a single .jsonl file instead")
        _refuse_existing(targets, force)
        for r, target in zip(records, targets, strict=True):
            write_jsonl(target, [r])
        return targets
    except OSError as exc:
        raise InputError(f"{out}: cannot write ({exc.strerror or exc})") from None
