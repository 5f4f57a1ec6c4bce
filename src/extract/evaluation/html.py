"""A self-contained HTML evaluation report (``extract eval --html report.html``).

One file, no network: inline CSS, an inline SVG chart and a few lines of inline script.
It shows

- the metrics table (mentions per label and micro, overlap and exact; normalization
  accuracy; people and case facts) and a per-label precision / recall / F1 bar chart;
- every gold document with its mentions highlighted in the manner of displaCy's span
  style (overlapping spans stack as separate underlines): true positives, false positives,
  false negatives and matched pairs with a wrong normalized value each in their own colour;
  the normalized values, and what was expected and got, show on hover;
- each document's case facts: found, missed and spurious;
- a filter by label and by error type (the state is kept in the URL: ``#hide=k-TP,l-DATE``).

Matching is the evaluator's own (:mod:`extract.evaluation.scoring`), so the page agrees with the
score table. The page is a Jinja2 template (``templates/report.html.j2``, autoescaped) over the
data this module prepares. Plain library code: no Prefect, no spaCy.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from extract import __version__
from extract.evaluation.scoring import LABELS, EvalReport, _by_label, _checks, _facts, _match, _norm_name
from extract.evaluation.tables import metric_rows, normalization_rows
from extract.fs import write_file
from extract.models import DocumentRecord, Evidence, Mention

__all__ = [
    "ITEM_KINDS",
    "KIND_COLORS",
    "CaseFact",
    "Item",
    "Mark",
    "align_document",
    "case_facts",
    "render_html",
    "render_marks",
    "write_html",
]

ItemKind = Literal["TP", "FP", "FN", "WRONG"]
ITEM_KINDS: tuple[ItemKind, ...] = ("TP", "FP", "FN", "WRONG")
KIND_NAMES = {
    "TP": "true positive",
    "FP": "false positive",
    "FN": "false negative",
    "WRONG": "wrong value",
}
KIND_COLORS = {"TP": "#2f9e44", "FP": "#e03131", "FN": "#f08c00", "WRONG": "#7048e8"}
"""Underline (and badge) colour of each item kind; the background is the same, lighter."""
CHART_COLORS = {"precision": "#4263eb", "recall": "#0ca678", "f1": "#343a40"}

Value = str | float | bool | None
_SPAN_FIELDS = {"label", "start", "end", "text"}


# --------------------------------------------------------------------------- alignment


@dataclass(frozen=True)
class Item:
    """One highlighted mention: a matched pair (``TP``, or ``WRONG`` when a normalized
    field differs), an unmatched prediction (``FP``) or an unmatched gold mention (``FN``).
    ``start``/``end`` are the gold span for pairs and ``FN``, the predicted span for ``FP``."""

    kind: ItemKind
    label: str
    start: int
    end: int
    gold: Mention | None = None
    pred: Mention | None = None
    wrong: tuple[tuple[str, Value, Value], ...] = ()

    @property
    def exact(self) -> bool:
        """Whether a pair has the same offsets (always true for FP and FN)."""
        if self.gold is None or self.pred is None:
            return True
        return (self.gold.start, self.gold.end) == (self.pred.start, self.pred.end)


def align_document(gold: DocumentRecord, pred: DocumentRecord | None) -> list[Item]:
    """The items of one document, by the evaluator's matching, sorted by span."""
    items: list[Item] = []
    p_mentions = pred.mentions if pred is not None else []
    for label in LABELS:
        gm, pm = _by_label(gold.mentions, label), _by_label(p_mentions, label)
        pairs, _ = _match(gm, pm)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = gm[gi], pm[pi]
            wrong = tuple(
                (f, exp, got) for _, f, exp, got, ok in _checks(g, p) if not ok and f is not None
            )
            items.append(Item("WRONG" if wrong else "TP", label, g.start, g.end, g, p, wrong))
        items += [Item("FN", label, g.start, g.end, gold=g) for i, g in enumerate(gm) if i not in matched_g]
        items += [Item("FP", label, p.start, p.end, pred=p) for i, p in enumerate(pm) if i not in matched_p]
    items.sort(key=lambda it: (it.start, -it.end, LABELS.index(it.label), ITEM_KINDS.index(it.kind)))
    return items


@dataclass(frozen=True)
class CaseFact:
    """A case fact and whether it was found (``TP``), missed (``FN``) or spurious (``FP``)."""

    kind: Literal["TP", "FN", "FP"]
    person: str
    relation: str
    value: Value


def case_facts(gold: DocumentRecord, pred: DocumentRecord | None) -> list[CaseFact]:
    """The case facts of one document (the evaluator's facts), sorted by person."""
    g, p = _facts(gold), _facts(pred)
    out = [CaseFact("TP", *g[k]) for k in g.keys() & p.keys()]
    out += [CaseFact("FN", *g[k]) for k in g.keys() - p.keys()]
    out += [CaseFact("FP", *p[k]) for k in p.keys() - g.keys()]
    out.sort(key=lambda f: (f.person.casefold(), f.relation, str(f.value), f.kind))
    return out


def evidence_index(pred: DocumentRecord | None) -> dict[tuple[str, str, str], Evidence]:
    """The evidence of each predicted case fact, keyed as the evaluator keys facts."""
    out: dict[tuple[str, str, str], Evidence] = {}
    for case in pred.cases if pred is not None else []:
        for ev in case.evidence:
            out.setdefault((_norm_name(case.person), ev.fact, ev.value or ""), ev)
    return out


def evidence_parts(ev: Evidence | None, text: str | None) -> list[tuple[str, str | None]]:
    """The sentence a fact was read from as pieces of text, each with the label of the mention
    (or trigger) it is, or ``None``; ``[]`` when there is no sentence to show."""
    if ev is None or text is None or not 0 <= ev.start < ev.end <= len(text):
        return []
    parts: list[tuple[str, str | None]] = []
    pos = ev.start
    for m in sorted(ev.mentions, key=lambda m: m.start):
        if m.start < pos or m.end > ev.end:
            continue
        parts += [(text[pos:m.start], None), (text[m.start:m.end], m.label or "PERSON")]
        pos = m.end
    return [*parts, (text[pos:ev.end], None)]


# --------------------------------------------------------------------------- text


def _show(v: Value) -> str:
    if v is None:
        return "null"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _fields(m: Mention) -> dict[str, Any]:
    return {k: v for k, v in m.model_dump().items() if k not in _SPAN_FIELDS}


def _tip(item: Item) -> str:
    """The hover text of an item: kind, label, span, normalized values."""
    lines = [f"{item.label} · {KIND_NAMES[item.kind]}"]
    shown = item.gold if item.gold is not None else item.pred
    assert shown is not None
    if item.kind == "WRONG":
        wrong = {f for f, _, _ in item.wrong}
        for f, exp, got in item.wrong:
            lines.append(f"{f}: expected {_show(exp)}, got {_show(got)}")
        lines += [f"{k}: {_show(v)}" for k, v in _fields(shown).items() if k not in wrong]
    else:
        lines += [f"{k}: {_show(v)}" for k, v in _fields(shown).items()]
    if item.gold is not None and item.pred is not None and not item.exact:
        lines.append(f"predicted span: {item.pred.text!r} ({item.pred.start}-{item.pred.end})")
    elif item.kind == "FP":
        lines.append("(predicted only)")
    elif item.kind == "FN":
        lines.append("(gold only: missed)")
    lines.append(f"offsets {item.start}-{item.end}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Mark:
    """One highlight of a text: its span and label, the CSS classes of its underline and
    badge (besides ``hl`` / ``tag``), its hover text, and the person's filter token (its
    ``data-person``), if any."""

    start: int
    end: int
    label: str
    classes: str
    tip: str
    person: str = ""


def _slots(marks: Sequence[Mark]) -> list[int]:
    """Greedy interval colouring: the lowest underline slot not taken by an overlapping
    mark already placed (marks sorted by start, so those still open at its start)."""
    slots: list[int] = []
    open_: list[int] = []
    for i, m in enumerate(marks):
        open_ = [j for j in open_ if marks[j].end > m.start]
        taken = {slots[j] for j in open_}
        slot = 0
        while slot in taken:
            slot += 1
        slots.append(slot)
        open_.append(i)
    return slots


def _classes(item: Item) -> str:
    extra = "" if item.exact else " inexact"
    return f"k-{item.kind} l-{item.label}{extra}"


@dataclass(frozen=True)
class Piece:
    """A piece of a text between two mark boundaries: the marks over it with their slot and
    whether it is their first piece, the underline depth, and the marks whose badge follows."""

    text: str
    marks: list[tuple[Mark, int, bool]] = field(default_factory=list)
    depth: int = 0
    tags: list[Mark] = field(default_factory=list)


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """The text cut at every mark boundary (:func:`render_marks`), in one sweep. The marks of
    a piece come lowest slot last, so that it is on top where the highlights overlap."""
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: m.start)
    slots = _slots(marks)
    ending: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        ending.setdefault(m.end, []).append(i)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Piece] = []
    live: set[int] = set()
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        live.difference_update(ending.get(a, ()))
        while nxt < len(marks) and marks[nxt].start == a:
            live.add(nxt)
            nxt += 1
        active = sorted(live)
        out.append(Piece(text[a:b], [(marks[i], slots[i], marks[i].start == a)
                                     for i in sorted(active, key=lambda i: -slots[i])],
                         max((slots[i] for i in active), default=-1) + 1,
                         [marks[i] for i in active if marks[i].end == b]))
    return out


def render_marks(text: str, marks: Sequence[Mark]) -> str:
    """The text as HTML with the marks highlighted in the manner of displaCy's span style.
    The text is cut at every mark boundary; each covered piece holds one highlight per mark
    over it (overlapping marks stack as separate underlines, by slot) and a label badge
    follows the last piece of each mark. Marks outside the text are left out; the others
    are taken in order of start (stable)."""
    return str(_macros().marks(pieces(text, marks)))


def render_text(text: str, items: Sequence[Item]) -> str:
    """The document text as HTML with the evaluation items highlighted (:func:`render_marks`;
    each item's kind and label are its classes, its values and errors its hover text)."""
    return render_marks(text, [Mark(it.start, it.end, it.label, _classes(it), _tip(it)) for it in items])


# --------------------------------------------------------------------------- page


@functools.cache
def environment() -> Environment:
    """The pages' Jinja2 environment: the package's templates, autoescape on, the shared
    static files (CSS, script) as ``static(name)``, and the ``show`` filter for values."""
    env = Environment(loader=PackageLoader("extract.evaluation", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    env.globals.update(static=lambda name: Markup(static_text(name)), version=__version__,
                       labels=LABELS, kinds=ITEM_KINDS, kind_names=KIND_NAMES)
    env.filters.update(show=_show)
    return env


def _macros() -> Any:
    return environment().get_template("marks.html.j2").module


def static_text(name: str) -> str:
    """The text of one of the pages' shared files (``static/`` next to this module: CSS, JS)."""
    return _static(name)


@functools.cache
def _static(name: str) -> str:
    return (resources.files("extract.evaluation") / "static" / name).read_text(encoding="utf-8")


@dataclass
class _Doc:
    """What the report shows of one gold document."""

    gold: DocumentRecord
    text: str | None
    items: list[Item]
    flags: list[str]
    facts: list[CaseFact]
    facts_evidence: list[tuple[CaseFact, list[tuple[str, str | None]]]]
    pieces: list[Piece] = field(default_factory=list)

    @property
    def kinds(self) -> Counter[str]:
        return Counter({k: 0 for k in ITEM_KINDS} | Counter(it.kind for it in self.items))


def _doc(report: EvalReport, gold: DocumentRecord, pred: DocumentRecord | None) -> _Doc:
    text = gold.text if gold.text is not None else (pred.text if pred is not None else None)
    flags = []
    if pred is None:
        flags.append("No prediction for this document: every gold mention is a false negative.")
    elif gold.doc_id in report.text_mismatch_docs:
        flags.append("The predicted text differs from the gold text: offsets may not be comparable.")
    items = align_document(gold, pred)
    facts, evidence = case_facts(gold, pred), evidence_index(pred)
    with_evidence = [(f, evidence_parts(evidence.get((_norm_name(f.person), f.relation, str(f.value or ""))),
                                        text)) for f in facts]
    marks = [Mark(it.start, it.end, it.label, _classes(it), _tip(it)) for it in items]
    return _Doc(gold, text, items, flags, facts, with_evidence,
                pieces(text, marks) if text is not None else [])


def render_html(
    report: EvalReport,
    gold: Sequence[DocumentRecord],
    pred: Sequence[DocumentRecord],
    *,
    title: str = "Evaluation report",
    gold_source: str = "",
    pred_source: str = "",
    generated: datetime | None = None,
) -> str:
    """The report page as one HTML string (no external resources).

    ``report`` must be ``evaluate(gold, pred)``; documents are paired by ``doc_id``.
    ``gold_source`` / ``pred_source`` describe where the records came from (shown in the
    header).
    """
    pred_by_id = {p.doc_id: p for p in pred}
    docs = [_doc(report, g, pred_by_id.get(g.doc_id)) for g in gold]
    counts = Counter({k: 0 for k in (*ITEM_KINDS, *LABELS)})
    counts.update(x for d in docs for it in d.items for x in (it.kind, it.label))
    return environment().get_template("report.html.j2").render(
        title=title, gold_source=gold_source, pred_source=pred_source, report=report,
        micro=report.mentions["micro"].overlap if "micro" in report.mentions else None,
        generated=generated_at(generated), metrics=metric_rows(report),
        normalization=normalization_rows(report), docs=docs, counts=counts, colors=KIND_COLORS,
        chart=[(g, report.mentions[g].overlap) for g in (*LABELS, "micro") if g in report.mentions],
        chart_metrics=CHART_COLORS, filter_keys=[f"k-{k}" for k in ITEM_KINDS] + [f"l-{x}" for x in LABELS])


def generated_at(when: datetime | None = None) -> str:
    """The time a page was generated, as shown in its header (now when ``None``)."""
    return (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")


def write_html(path: Path, page: str) -> None:
    """Write the page atomically; :class:`InputError` if it cannot be written."""
    write_file(path, page)
