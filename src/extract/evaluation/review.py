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

Plain library code: no Prefect, no spaCy.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from extract import __version__
from extract.evaluation.html import (
    Mark,
    _esc,
    _fields,
    _show,
    evidence_html,
    filter_css,
    generated_at,
    page,
    render_marks,
    root_css,
    static_text,
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
        attrs = f' data-person="{person_id(m.canonical)}"' if m.label == "PERSON" else ""
        marks.append(Mark(m.start, m.end, m.label, f"l-{m.label}", _tip(m), attrs))
    marks.sort(key=lambda k: (k.start, -k.end, LABELS.index(k.label)))
    return marks


def _cases_table(record: DocumentRecord) -> str:
    rows = []
    for case in record.cases:
        pid = person_id(case.person)
        evidence = {(e.fact, e.value): e for e in case.evidence}
        for fact, value, date, key in _facts(case):
            ev = evidence_html(evidence.get((fact, key)), record.text)
            rows.append(
                f'<tr class="case" data-person="{pid}"><td>{_esc(case.person)}</td><td>{_esc(fact)}</td>'
                f"<td>{_esc(value)}</td><td>{_esc(date or '')}</td><td>{ev}</td></tr>"
            )
    if not rows:
        return '<p class="nocases">No case facts in this document.</p>'
    return (
        f'<details class="casefacts" open><summary>Cases: {len(record.cases)} '
        f'{"person" if len(record.cases) == 1 else "people"}, {len(rows)} '
        f'fact{"s" if len(rows) != 1 else ""}</summary><table class="cases"><thead><tr><th>person</th>'
        "<th>fact</th><th>value</th><th>date</th><th>evidence (the sentence it was read from)</th>"
        f'</tr></thead><tbody>{"".join(rows)}</tbody></table></details>'
    )


def _doc_head(record: DocumentRecord) -> str:
    extra = record.model_extra or {}
    meta = " · ".join(_esc(str(extra[k])) for k in ("title", "country", "report_date") if extra.get(k))
    per_label: Counter[str] = Counter(m.label for m in record.mentions)
    pills = " ".join(
        f'<span class="pill l-{label}{"" if per_label[label] else " zero"}">{per_label[label]} {label}</span>'
        for label in LABELS
    )
    return (
        f'<summary><span class="docid">{_esc(record.doc_id)}</span> '
        f'<span class="src">{_esc(record.source)}</span> {pills}'
        f' <span class="visible-wrap">(<span class="visible">{len(record.mentions)}</span> shown)</span>'
        f'{f"<br><span class=docmeta>{meta}</span>" if meta else ""}</summary>'
    )


def _doc_section(record: DocumentRecord, anchor: str) -> str:
    notes = "".join(
        f'<p class="warn">{_esc(f.component)} failed ({_esc(f.error)}: {_esc(f.reason)}): what it '
        "would have found is missing.</p>"
        for f in record.faults
    )
    if record.text is None:
        body = (f'<p class="warn">The record holds no text (a run with --no-text): its '
                f"{len(record.mentions)} mentions cannot be shown in place.</p>")
    else:
        body = f'<div class="text">{render_marks(record.text, label_marks(record))}</div>'
    pids = sorted({person_id(m.canonical) for m in record.mentions if m.label == "PERSON"}
                  | {person_id(c.person) for c in record.cases})
    return (
        f'<details class="doc" open id="{_esc(anchor)}" data-person="{" ".join(pids)}">'
        f"{_doc_head(record)}{notes}{_cases_table(record)}{body}</details>"
    )


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


def _doc_link(doc_id: str) -> str:
    return f'<a href="#doc-{_esc(quote(doc_id, safe=""))}">{_esc(doc_id)}</a>'


def _people_table(people: Sequence[Person]) -> str:
    def cell(values: list[str]) -> str:
        counted = Counter(values)
        return _esc(", ".join(f"{v} ×{n}" if n > 1 else v for v, n in counted.items()))

    rows = "".join(
        f'<tr data-person="{p.pid}"><td><a href="#documents" data-pick="person={p.pid}" '
        f'title="show only {_esc(p.name)}">{_esc(p.name)}</a></td>'
        f'<td>{", ".join(_doc_link(d) for d in p.docs)}</td><td>{p.mentions}</td>'
        f"<td>{cell(p.charges)}</td><td>{cell(p.sentences)}</td><td>{cell(p.events)}</td></tr>"
        for p in people
    )
    return (
        '<div class="people-wrap"><table class="people" id="people"><thead><tr><th>person</th>'
        "<th>documents</th><th>mentions</th><th>charges</th><th>sentences</th><th>events</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _filters(records: Sequence[DocumentRecord], people: Sequence[Person]) -> str:
    per_label: Counter[str] = Counter(m.label for r in records for m in r.mentions)
    labels = "".join(
        f'<label><input type="checkbox" value="l-{label}" checked> <span class="swatch l-{label}"></span>'
        f'{label} <span class="count">({per_label[label]})</span></label>'
        for label in LABELS
    )
    options = "".join(
        f'<option value="{p.pid}">{_esc(p.name)} ({len(p.docs)} doc{"s" if len(p.docs) != 1 else ""})'
        "</option>" for p in people
    )
    return (
        '<form id="filters" onsubmit="return false"><fieldset id="filter-labels"><legend>Labels</legend>'
        f'{labels}</fieldset><fieldset id="filter-person"><legend>Person</legend>'
        f'<select name="person" id="person"><option value="">everyone</option>{options}</select>'
        f'</fieldset><span class="shown"><span id="shown-docs">{len(records)}</span> of {len(records)} '
        "documents shown</span></form>"
    )


def _label_css() -> str:
    """The colours of each label: underline and light highlight, badge, pill and swatch, and
    its mentions in evidence sentences (the trigger word keeps the shared yellow)."""
    rules = []
    for label, color in LABEL_COLORS.items():
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        rules.append(f".hl.l-{label} {{ background: rgba({r},{g},{b},.15); border-color: {color}; }}\n"
                     f".tag.l-{label}, .pill.l-{label}, .swatch.l-{label} {{ background: {color}; }}\n"
                     f"mark.ev.ev-{label} {{ background: rgba({r},{g},{b},.16); "
                     f"box-shadow: inset 0 -2px {color}; }}")
    return "\n".join(rules) + "\n"


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
    people = people_index(records)
    css = (root_css(LABEL_COLORS) + static_text("base.css") + _label_css() + static_text("review.css")
           + filter_css(f"l-{label}" for label in LABELS))
    without_text = sum(1 for r in records if r.text is None)
    warn = (f'<p class="warn">{without_text} record{"s" if without_text != 1 else ""} without text: '
            "rerun without --no-text to see mentions in place.</p>") if without_text else ""
    body = (
        f"<h1>{_esc(title)}</h1>"
        f'<p class="meta">Records: {_esc(source or "(records)")}; {_esc(review_summary(records))}.</p>'
        '<p class="meta">No gold: this is what the extractor found, to be checked by reading. '
        f"Generated {generated_at(generated)} by hr-extract {_esc(__version__)}.</p>{warn}"
        f"<h2>People</h2>{_people_table(people)}"
        f"<h2>Documents</h2>{_filters(records, people)}"
        '<p class="legend">Hover a highlight or its badge for the normalized values; pick a person '
        "in the list or the index to see only their documents, mentions and case facts.</p>"
        f'<main id="documents">{"".join(map(_doc_section, records, _anchors(records)))}</main>'
    )
    return page(title, css, body)


def write_review(path: Path, page_html: str) -> None:
    """Write the page atomically; :class:`~extract.errors.InputError` if it cannot be written."""
    write_file(path, page_html)
