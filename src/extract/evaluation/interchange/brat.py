"""brat: a folder of ``.txt`` + ``.ann`` (with ``annotation.conf`` and ``visual.conf``), offsets
in code points.

Enumerated fields are attributes (``Category``, ``Kind``, ``Mod``, ``UpperBound``), the
free-text ones (canonical, value, duration, amount, currency) JSON in an ``AnnotatorNotes``
note; case facts are relations ``R1<TAB>charge Arg1:T1 Arg2:T3`` from the PERSON to the
CHARGE, SENTENCE or DATE (labels as in :data:`.links.RELATION_LABELS`); the document's other
fields, and the facts exported as relations, are in ``<doc>.record.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args

from extract.errors import GoldFormatError, InputError
from extract.evaluation.interchange.common import (
    LABEL_COLORS,
    Builder,
    ImportResult,
    doc_fields,
    loads_object,
    mention_fields,
    record_fields,
    refuse_existing,
    text_of,
)
from extract.evaluation.interchange.links import (
    LINKS_KEY,
    RELATION_LABELS,
    apply_links,
    find_links,
    parse_keys,
    relation_facts,
    target_label,
)
from extract.evaluation.scoring import LABELS
from extract.fs import atomic_write
from extract.models import ChargeCategory, DocumentRecord, Mention, Mod, SentenceKind
from extract.storage.jsonl import loads_json, read_text_file

# Attributes for the fields with enumerated values; the rest goes in a note.
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
    + "\n[relations]\n# case links: a person's charge, sentence, or dated event\n"
    + "".join(f"{rel}\tArg1:PERSON, Arg2:{target_label(rel)}\n" for rel in RELATION_LABELS)
    + "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n"
    + "".join(
        f"{name}\tArg:{label}" + (f", Value:{'|'.join(values)}" if values else "") + "\n"
        for name, (label, _, values) in _BRAT_ATTRS.items()
    )
)
BRAT_VISUAL_CONF = (
    "[labels]\n"
    + "".join(f"{label} | {label.title()}\n" for label in LABELS)
    + "".join(f"{rel} | {rel.replace('_', ' ')}\n" for rel in RELATION_LABELS)
    + "\n[drawing]\n"
    + "".join(f"{label}\tbgColor:{color}\n" for label, color in LABEL_COLORS.items())
)

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def brat_stem(doc_id: str) -> str:
    """The file name (without suffix) of a document in a brat folder."""
    stem = _SAFE.sub("_", doc_id)
    return stem if stem.strip("._") else "doc"


def _fragments(m: Mention) -> list[tuple[int, int]]:
    """The pieces of a span between its line breaks (brat draws one line at a time)."""
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
    return fragments


def _attributes_and_note(m: Mention, tid: str, n_attr: int) -> tuple[list[str], dict[str, Any]]:
    """The attribute lines (numbered after ``n_attr``) and the note of one mention."""
    lines: list[str] = []
    note: dict[str, Any] = {}
    for key, value in mention_fields(m).items():
        attr = _BRAT_FIELD_ATTR.get((m.label, key))
        if attr is None:
            declared = type(m).model_fields.get(key)
            if value is not None or declared is None or declared.default is not None:
                note[key] = value  # nulls that are the default are left out
        elif _BRAT_ATTRS[attr][2] is None:
            if value:
                lines.append(f"A{n_attr + len(lines) + 1}\t{attr} {tid}")
        elif value is not None:
            lines.append(f"A{n_attr + len(lines) + 1}\t{attr} {tid} {value}")
    return lines, note


def to_brat(record: DocumentRecord) -> tuple[str, str, dict[str, Any]]:
    """The brat ``.txt`` text, ``.ann`` content and the sidecar (``.record.json``) fields of
    one record (the sidecar lists the case facts exported as relations)."""
    text = text_of(record)
    lines: list[str] = []
    n_attr = n_note = 0
    for i, m in enumerate(record.mentions, 1):
        tid = f"T{i}"
        fragments = _fragments(m)
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        shown = " ".join(text[s:e] for s, e in fragments).replace("\n", " ").replace("\r", " ")
        lines.append(f"{tid}\t{m.label} {offsets}\t{shown}")
        attrs, note = _attributes_and_note(m, tid, n_attr)
        n_attr += len(attrs)
        lines += attrs
        if note:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotatorNotes {tid}\t{json.dumps(note, ensure_ascii=False)}")
    links, keys = find_links(record)
    lines += [f"R{n}\t{link.label} Arg1:T{link.person + 1} Arg2:T{link.target + 1}"
              for n, link in enumerate(links, 1)]
    sidecar = {**record_fields(record), LINKS_KEY: [list(k) for k in keys]}
    return text, "".join(f"{line}\n" for line in lines), sidecar


class _Ann:
    """The parsed lines of one ``.ann`` file."""

    def __init__(self, where: str, warnings: list[str]) -> None:
        self.where = where
        self.warnings = warnings
        self.spans: dict[str, tuple[int, int, str]] = {}
        self.attrs: dict[str, dict[str, Any]] = {}
        self.notes: dict[str, dict[str, Any]] = {}
        self.relations: list[tuple[str, str, str, str]] = []  # (id, type, arg1, arg2)
        self.ignored = 0

    def text_bound(self, parts: list[str], at: str, line: str) -> None:
        if len(parts) < 2:
            raise GoldFormatError(f"{at}: malformed text-bound annotation {line!r}")
        label, _, offsets = parts[1].partition(" ")
        try:
            frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
            starts = [f[0] for f in frags]
            ends = [f[1] for f in frags]
        except (ValueError, IndexError):
            raise GoldFormatError(f"{at}: bad offsets {offsets!r}") from None
        self.spans[parts[0]] = (min(starts), max(ends), label)

    def attribute(self, parts: list[str], at: str, line: str) -> None:
        words = parts[1].split() if len(parts) > 1 else []
        if len(words) < 2 or words[0] not in _BRAT_ATTRS:
            self.warnings.append(f"{at}: attribute {line!r} ignored")
            return
        name, target = words[0], words[1]
        _, fname, values = _BRAT_ATTRS[name]
        if values is None:
            self.attrs.setdefault(target, {})[fname] = True
        elif len(words) > 2:
            self.attrs.setdefault(target, {})[fname] = words[2]

    def note(self, parts: list[str], at: str) -> None:
        words = parts[1].split() if len(parts) > 1 else []
        if len(words) == 2 and words[0] == "AnnotatorNotes" and len(parts) > 2:
            value = loads_object(parts[2], at, self.warnings)
            if value is not None:
                self.notes[words[1]] = value

    def relation(self, parts: list[str], at: str, line: str) -> None:
        words = parts[1].split() if len(parts) > 1 else []
        args = dict(w.split(":", 1) for w in words[1:] if ":" in w)
        if len(words) != 3 or set(args) != {"Arg1", "Arg2"}:
            self.warnings.append(f"{at}: relation {line!r} ignored")
            return
        self.relations.append((parts[0], words[0], args["Arg1"], args["Arg2"]))

    def parse(self, ann: str) -> None:
        for n, line in enumerate(ann.splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split("\t")
            at = f"{self.where}:{n}"
            kind = parts[0][:1]
            if kind == "T":
                self.text_bound(parts, at, line)
            elif kind in ("A", "M"):
                self.attribute(parts, at, line)
            elif kind == "#":
                self.note(parts, at)
            elif kind == "R":
                self.relation(parts, at, line)
            else:
                self.ignored += 1
        if self.ignored:
            self.warnings.append(f"{self.where}: {self.ignored} event/equivalence/normalization "
                                 "line(s) ignored")


def from_brat(text: str, ann: str, sidecar: dict[str, Any] | None, doc_id: str, source: str,
              where: str = "brat") -> tuple[DocumentRecord, list[str]]:
    """One record from a brat document: its text, ``.ann`` content and sidecar fields
    (``None`` when there is no sidecar: ``doc_id`` and ``source`` are then the ones
    given). Relations update the cases (:func:`.links.apply_links`); events, equivalences
    and normalizations are ignored with a warning."""
    warnings: list[str] = []
    parsed = _Ann(where, warnings)
    parsed.parse(ann)
    side = dict(sidecar) if isinstance(sidecar, dict) else {}
    exported = parse_keys(side.pop(LINKS_KEY, None), where, warnings)
    b = Builder(where, text, warnings)
    index: dict[str, int] = {}
    for tid, (start, end, label) in parsed.spans.items():
        fields: dict[str, Any] | None = {**parsed.notes.get(tid, {}), **parsed.attrs.get(tid, {})} or None
        if fields is not None and label == "SENTENCE" and "upper_bound" not in fields:
            fields["upper_bound"] = False
        index[tid] = b.add(start, end, label, fields)
    record = b.record(doc_fields(side if isinstance(sidecar, dict) else None, doc_id, source, doc_id))
    pairs = []
    for rid, label, a, z in parsed.relations:
        if a in index and z in index:
            pairs.append((index[a], index[z], label))
        else:
            warnings.append(f"{where}: relation {rid} joins {a} and {z}, not two text spans; ignored")
    facts = relation_facts(record, pairs, where, warnings)
    return apply_links(record, facts, exported), warnings


def write_brat(records: Sequence[DocumentRecord], out: Path, force: bool) -> list[Path]:
    """Write records as a brat folder ``out`` (with its configuration files). Existing
    documents are kept unless ``force``. Returns the files written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file, expected a folder for brat")
    stems: dict[str, str] = {}
    for r in records:
        stem = brat_stem(r.doc_id)
        if stem in stems:
            raise InputError(f"doc_ids {stems[stem]!r} and {r.doc_id!r} map to one brat file {stem!r}")
        stems[stem] = r.doc_id
    refuse_existing([out / f"{s}{suffix}" for s in stems for suffix in (".txt", ".ann", ".record.json")],
                    force)
    written = []
    for r in records:
        stem = brat_stem(r.doc_id)
        text, ann, sidecar = to_brat(r)
        side = json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n"
        for suffix, content in ((".txt", text), (".ann", ann), (".record.json", side)):
            atomic_write(out / f"{stem}{suffix}", content)
            written.append(out / f"{stem}{suffix}")
    for name, content in (("annotation.conf", BRAT_ANNOTATION_CONF), ("visual.conf", BRAT_VISUAL_CONF)):
        atomic_write(out / name, content)
        written.append(out / name)
    return written


def read_brat(path: Path) -> ImportResult:
    """Records of a brat folder of ``.txt`` + ``.ann`` (or of one ``.ann`` or ``.txt`` file)."""
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
        sidecar = loads_json(read_text_file(side), str(side)) if side.is_file() else None
        record, warnings = from_brat(read_text_file(txt), read_text_file(ann), sidecar, ann.stem,
                                     txt.as_posix(), str(ann))
        out.records.append(record)
        out.warnings += warnings
    return out
