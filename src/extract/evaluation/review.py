"""A self-contained HTML page to review a run without gold (``extract review OUT --html PAGE``).

One file, no network, built from the evaluation report's parts (:mod:`extract.evaluation.html`:
the highlighter, the evidence sentences, the shared CSS and filter script). It shows

- a people index across documents: each person (canonical names compared as the evaluator
  compares them), the documents naming them, mention count, charges, sentences and events;
- per document the text with its mentions highlighted in one colour per label (overlapping
  mentions stack as separate underlines); the normalized values show on hover;
- per document the case table: one row per person and fact, with the sentence the fact was
  read from (its mentions and trigger marked);
- filters by label (checkboxes) and by person (a list; a name in the index picks it), kept in
  the URL: ``#hide=l-DATE&person=p-1a2b3c4d5e``.

The page is a Jinja2 template (``templates/review.html.j2``, autoescaped). Plain library code:
no Prefect, no spaCy.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Template

from extract.evaluation.html import (
    Mark,
    Piece,
    _fields,
    _show,
    environment,
    evidence_parts,
    generated_at,
    pieces,
)
from extract.evaluation.scoring import LABELS, _norm_name
from extract.fs import write_file
from extract.models import Case, DocumentRecord, Mention
from extract.storage.case_table import _facts

__all__ = ["LABEL_COLORS", "Person", "label_marks", "people_index", "render_review",
           "review_summary", "write_review"]

LABEL_COLORS = {"PERSON": "#1971c2", "CHARGE": "#e8590c", "SENTENCE": "#9c36b5", "DATE": "#2f9e44"}
"""Underline, badge and swatch colour of each label; the highlight is the same, lighter."""


# --------------------------------------------------------------------------- people


def person_id(name: str) -> str:
    """The filter token of a person: ``p-`` and 10 hex digits of the sha1 of the name as the
    evaluator compares names (case and spacing ignored), so the same in every page."""
    return "p-" + hashlib.sha1(_norm_name(name).encode("utf-8")).hexdigest()[:10]


@dataclass
class Person:
    """One person of the run: names, documents, mentions and case facts across documents."""

    pid: str
    names: Counter[str] = field(default_factory=Counter)
    docs: dict[str, int] = field(default_factory=dict)
    charges: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The form of the name used most often (the first of those on a tie)."""
        return self.names.most_common(1)[0][0]

    @property
    def mentions(self) -> int:
        return sum(self.docs.values())

    def add_case(self, case: Case) -> None:
        for fact, value, date, _ in _facts(case):
            if fact == "charge":
                self.charges.append(value)
            elif fact == "sentence":
                self.sentences.append(value)
            else:
                self.events.append(f"{fact} {date}" if date else fact)


def people_index(records: Iterable[DocumentRecord]) -> list[Person]:
    """Every person of the records (PERSON canonical names and case persons), by name."""
    people: dict[str, Person] = {}

    def get(name: str) -> Person:
        pid = person_id(name)
        return people.setdefault(pid, Person(pid))

    for r in records:
        for m in r.mentions:
            if m.label == "PERSON":
                p = get(m.canonical)
                p.names[m.canonical] += 1
                p.docs[r.doc_id] = p.docs.get(r.doc_id, 0) + 1
        for case in r.cases:
            p = get(case.person)
            if not p.names:  # a person named only by a case
                p.names[case.person] = 1
            p.docs.setdefault(r.doc_id, 0)
            p.add_case(case)
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.pid))


# --------------------------------------------------------------------------- documents


def _tip(m: Mention) -> str:
    lines = [m.label] + [f"{k}: {_show(v)}" for k, v in _fields(m).items() if v not in (None, False)]
    return "\n".join([*lines, f"offsets {m.start}-{m.end}"])


def label_marks(record: DocumentRecord) -> list[Mark]:
    """The highlights of a record's mentions: one class per label, the normalized values
    as hover text, and the person's filter token on each PERSON mention."""
    marks = []
    for m in record.mentions:
        pid = person_id(m.canonical) if m.label == "PERSON" else ""
        marks.append(Mark(m.start, m.end, m.label, f"l-{m.label}", _tip(m), pid))
    marks.sort(key=lambda k: (k.start, -k.end, LABELS.index(k.label)))
    return marks


@dataclass
class _Doc:
    """What the page shows of one record: its element id, the people it names, mentions per
    label, header metadata, case facts (with their evidence pieces) and its text's pieces."""

    record: DocumentRecord
    anchor: str
    people: list[str]
    per_label: Counter[str]
    meta: list[str]
    facts: list[dict[str, Any]]
    pieces: list[Piece]


def _doc(record: DocumentRecord, anchor: str) -> _Doc:
    extra = record.model_extra or {}
    facts = []
    for case in record.cases:
        evidence = {(e.fact, e.value): e for e in case.evidence}
        facts += [{"pid": person_id(case.person), "person": case.person, "fact": fact, "value": value,
                   "date": date, "evidence": evidence_parts(evidence.get((fact, key)), record.text)}
                  for fact, value, date, key in _facts(case)]
    pids = sorted({person_id(m.canonical) for m in record.mentions if m.label == "PERSON"}
                  | {person_id(c.person) for c in record.cases})
    return _Doc(record, anchor, pids, Counter(m.label for m in record.mentions),
                [str(extra[k]) for k in ("title", "country", "report_date") if extra.get(k)], facts,
                pieces(record.text, label_marks(record)) if record.text is not None else [])


# --------------------------------------------------------------------------- page


def _anchors(records: Sequence[DocumentRecord]) -> list[str]:
    """The element id of each document: ``doc-<doc_id>``, numbered from the second time a
    doc id occurs (records joined from several runs)."""
    seen: Counter[str] = Counter()
    out = []
    for r in records:
        seen[r.doc_id] += 1
        out.append(f"doc-{r.doc_id}" + (f"~{seen[r.doc_id]}" if seen[r.doc_id] > 1 else ""))
    return out


@functools.cache
def _template() -> Template:
    """``review.html.j2`` in the pages' environment with this page's filters."""
    env = environment().overlay()
    env.filters.update(rgb=_rgb, counted=_counted, urlquote=lambda s: quote(s, safe=""))
    return env.get_template("review.html.j2")


def _rgb(color: str) -> tuple[int, ...]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def _counted(values: list[str]) -> str:
    """``a ×2, b``: each value once, with its count when more than one."""
    return ", ".join(f"{v} ×{n}" if n > 1 else v for v, n in Counter(values).items())


def review_summary(records: Sequence[DocumentRecord]) -> str:
    """One line: documents, mentions per label, people and case facts of the records."""
    per_label: Counter[str] = Counter(m.label for r in records for m in r.mentions)
    facts = sum(1 for r in records for c in r.cases for _ in _facts(c))
    n = len(records)
    return (
        f"{n} document{'s' if n != 1 else ''}, {sum(per_label.values())} mentions ("
        + ", ".join(f"{per_label[label]} {label}" for label in LABELS)
        + f"), {len(people_index(records))} people, {facts} case facts"
    )


def render_review(
    records: Sequence[DocumentRecord],
    *,
    title: str = "Review of a run",
    source: str = "",
    generated: datetime | None = None,
) -> str:
    """The review page of ``records`` (a run's current records, with their text) as one
    self-contained HTML string. ``source`` says where they came from (shown in the header)."""
    return _template().render(
        title=title, source=source, summary=review_summary(records), generated=generated_at(generated),
        without_text=sum(1 for r in records if r.text is None), people=people_index(records),
        per_label=Counter(m.label for r in records for m in r.mentions), colors=LABEL_COLORS,
        docs=list(map(_doc, records, _anchors(records))), filter_keys=[f"l-{x}" for x in LABELS])


def write_review(path: Path, page_html: str) -> None:
    """Write the page atomically; :class:`~extract.errors.InputError` if it cannot be written."""
    write_file(path, page_html)
