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
score table. Plain library code: no Prefect, no spaCy.
"""

from __future__ import annotations

import functools
import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

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
    "align_document",
    "case_facts",
    "render_html",
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


def evidence_html(ev: Evidence | None, text: str | None) -> str:
    """The sentence a fact was read from, its mentions and trigger highlighted."""
    if ev is None or text is None or not 0 <= ev.start < ev.end <= len(text):
        return ""
    parts, pos = [], ev.start
    for m in sorted(ev.mentions, key=lambda m: m.start):
        if m.start < pos or m.end > ev.end:
            continue
        parts.append(_esc(text[pos:m.start]))
        parts.append(f'<mark class="ev ev-{_esc(m.label or "PERSON")}">{_esc(text[m.start:m.end])}</mark>')
        pos = m.end
    parts.append(_esc(text[pos:ev.end]))
    return f'<span class="evidence">{"".join(parts)}</span>'


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
    badge (besides ``hl`` / ``tag``), its hover text, and extra HTML attributes (e.g.
    ``data-person="p-1a2b3c4d"``, or ``""``)."""

    start: int
    end: int
    label: str
    classes: str
    tip: str
    attrs: str = ""


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


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _classes(item: Item) -> str:
    extra = "" if item.exact else " inexact"
    return f"k-{item.kind} l-{item.label}{extra}"


def render_marks(text: str, marks: Sequence[Mark]) -> str:
    """The text as HTML with the marks highlighted in the manner of displaCy's span style.
    The text is cut at every mark boundary; each covered piece holds one highlight per mark
    over it (overlapping marks stack as separate underlines, by slot) and a label badge
    follows the last piece of each mark. Marks outside the text are left out; the others
    are taken in order of start (stable), in one sweep."""
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: m.start)
    slots = _slots(marks)
    ending: dict[int, list[int]] = {}
    for i, m in enumerate(marks):
        ending.setdefault(m.end, []).append(i)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    live: set[int] = set()
    nxt = 0
    for a, b in itertools.pairwise(bounds):
        live.difference_update(ending.get(a, ()))
        while nxt < len(marks) and marks[nxt].start == a:
            live.add(nxt)
            nxt += 1
        piece = _esc(text[a:b])
        if not live:
            out.append(piece)
            continue
        active = sorted(live)
        depth = max(slots[i] for i in active) + 1
        out.append(f'<span class="seg" style="--d:{depth}">')
        # the lowest slot last, so that it is on top where the highlights overlap
        for i in sorted(active, key=lambda i: -slots[i]):
            m = marks[i]
            first = " first" if m.start == a else ""
            out.append(f'<span class="hl {m.classes}{first}" style="--s:{slots[i]}" '
                       f'data-tip="{_esc(m.tip)}"{m.attrs}></span>')
        out.append(f'<span class="t">{piece}</span></span>')
        out += [f'<span class="tag {marks[i].classes}" data-tip="{_esc(marks[i].tip)}"{marks[i].attrs}>'
                f"{marks[i].label}</span>" for i in active if marks[i].end == b]
    return "".join(out)


def render_text(text: str, items: Sequence[Item]) -> str:
    """The document text as HTML with the evaluation items highlighted (:func:`render_marks`;
    each item's kind and label are its classes, its values and errors its hover text)."""
    return render_marks(text, [Mark(it.start, it.end, it.label, _classes(it), _tip(it)) for it in items])


# --------------------------------------------------------------------------- tables, chart


def _num(v: Any) -> str:
    if v is None:
        return '<td class="na">n/a</td>'
    if isinstance(v, float):
        return f"<td>{v:.3f}</td>"
    return f"<td>{v}</td>"


def _metrics_table(report: EvalReport) -> str:
    head = (
        "<thead><tr><th rowspan=2></th><th colspan=6>overlap (headline)</th>"
        "<th colspan=3>exact</th></tr><tr><th>P</th><th>R</th><th>F1</th><th>tp</th><th>fp</th>"
        "<th>fn</th><th>P</th><th>R</th><th>F1</th></tr></thead>"
    )
    rows = []
    for r in metric_rows(report):
        cls = ' class="micro"' if r["metric"] == "micro" else ""
        cells = "".join(
            _num(r[k])
            for k in ("precision", "recall", "f1", "tp", "fp", "fn", "exact_precision", "exact_recall",
                      "exact_f1")
        )
        rows.append(f"<tr{cls}><th>{_esc(r['metric'])}</th>{cells}</tr>")
    return f'<table class="metrics" id="metrics">{head}<tbody>{"".join(rows)}</tbody></table>'


def _normalization_table(report: EvalReport) -> str:
    rows = "".join(
        f"<tr><th>{_esc(r['field'])}</th>{_num(r['correct'])}{_num(r['total'])}{_num(r['accuracy'])}</tr>"
        for r in normalization_rows(report)
    )
    return (
        '<table class="metrics" id="normalization"><thead><tr><th>normalized field</th>'
        f"<th>correct</th><th>total</th><th>accuracy</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _chart(report: EvalReport) -> str:
    """A grouped bar chart (inline SVG) of overlap precision, recall and F1 per label."""
    groups = [g for g in (*LABELS, "micro") if g in report.mentions]
    metrics = ("precision", "recall", "f1")
    width, height = 600, 290
    left, right, top, bottom = 44, 16, 46, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / max(len(groups), 1)
    bar_w = group_w / (len(metrics) + 1.5)
    parts = [
        f'<svg class="chart" id="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Precision, recall and F1 per label (overlap matching)">',
        '<title>Precision, recall and F1 per label (overlap matching)</title>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{tick:.2f}</text>'
        )
    for gi, label in enumerate(groups):
        s = report.mentions[label].overlap
        x0 = left + gi * group_w + (group_w - bar_w * len(metrics)) / 2
        for mi, metric in enumerate(metrics):
            value = float(getattr(s, metric))
            h = plot_h * value
            x, y = x0 + mi * bar_w, top + plot_h - h
            parts.append(
                f'<rect class="bar bar-{metric}" x="{x:.1f}" y="{y:.1f}" width="{bar_w - 3:.1f}" '
                f'height="{h:.1f}" fill="{CHART_COLORS[metric]}"><title>{label} {metric} '
                f"{value:.3f}</title></rect>"
                f'<text x="{x + (bar_w - 3) / 2:.1f}" y="{y - 4:.1f}" class="val" '
                f'text-anchor="middle">{value:.2f}</text>'
            )
        parts.append(
            f'<text x="{left + gi * group_w + group_w / 2:.1f}" y="{height - 12}" class="glabel" '
            f'text-anchor="middle">{label}</text>'
        )
    lx = left + 4
    for metric in metrics:
        parts.append(
            f'<rect x="{lx}" y="10" width="12" height="12" fill="{CHART_COLORS[metric]}"/>'
            f'<text x="{lx + 17}" y="20" class="axis">{"F1" if metric == "f1" else metric}</text>'
        )
        lx += 90
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- page


@dataclass
class _Counts:
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ITEM_KINDS, 0))
    labels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))

    def add(self, items: Iterable[Item]) -> None:
        for it in items:
            self.kinds[it.kind] += 1
            self.labels[it.label] += 1


def _doc_section(gold: DocumentRecord, pred: DocumentRecord | None, counts: _Counts,
                 flags: Sequence[str]) -> str:
    text = gold.text if gold.text is not None else (pred.text if pred is not None else None)
    items = align_document(gold, pred)
    counts.add(items)
    per_kind = {k: sum(1 for it in items if it.kind == k) for k in ITEM_KINDS}
    errors = per_kind["FP"] + per_kind["FN"] + per_kind["WRONG"]
    summary = " ".join(
        f'<span class="pill k-{k}{" zero" if not per_kind[k] else ""}">{per_kind[k]} {KIND_NAMES[k]}'
        f'{"s" if per_kind[k] != 1 else ""}</span>'
        for k in ITEM_KINDS
    )
    notes = "".join(f'<p class="warn">{_esc(f)}</p>' for f in flags)
    if text is None:
        body = '<p class="warn">No document text in the gold or predicted record: nothing to show.</p>'
    else:
        body = f'<div class="text">{render_text(text, items)}</div>'
    facts = case_facts(gold, pred)
    if facts:
        evidence = evidence_index(pred)
        rows = "".join(
            f'<tr class="case k-{f.kind}"><td><span class="pill k-{f.kind}">{f.kind}</span></td>'
            f"<td>{_esc(f.person)}</td><td>{_esc(f.relation)}</td><td>{_esc(_show(f.value))}</td>"
            f"<td>{evidence_html(evidence.get((_norm_name(f.person), f.relation, str(f.value or ''))), text)}"
            "</td></tr>"
            for f in facts
        )
        cases = (
            '<table class="cases"><thead><tr><th></th><th>person</th><th>relation</th><th>value</th>'
            f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        found = sum(1 for f in facts if f.kind == "TP")
        cases = (
            f"<details class=\"casefacts\"><summary>Case facts: {found} found, "
            f"{sum(1 for f in facts if f.kind == 'FN')} missed, "
            f"{sum(1 for f in facts if f.kind == 'FP')} spurious</summary>{cases}</details>"
        )
    else:
        cases = ""
    return (
        f'<details class="doc" open id="doc-{_esc(gold.doc_id)}"><summary><span class="docid">'
        f"{_esc(gold.doc_id)}</span> <span class=\"src\">{_esc(gold.source)}</span> "
        f'<span class="nerr">{errors} error{"s" if errors != 1 else ""}</span> {summary}'
        f' <span class="visible-wrap">(<span class="visible">{len(items)}</span> shown)</span>'
        f"</summary>{notes}{body}{cases}</details>"
    )


def static_text(name: str) -> str:
    """The text of one of the pages' shared files (``static/`` next to this module: CSS, JS)."""
    return _static(name)


@functools.cache
def _static(name: str) -> str:
    return (resources.files("extract.evaluation") / "static" / name).read_text(encoding="utf-8")


def root_css(colors: dict[str, str]) -> str:
    """A ``:root`` rule setting one CSS variable per colour (``--tp``, ``--person``, ...)."""
    return "\n:root { " + " ".join(f"--{k.lower()}:{v};" for k, v in colors.items()) + " }\n"


def filter_css(keys: Iterable[str]) -> str:
    """One rule per filter checkbox value (``k-TP``, ``l-DATE``): while ``<body>`` has the
    class ``hide-<key>``, the highlights, badges and table rows of that class are hidden."""
    return "\n".join(f".hide-{k} .hl.{k}, .hide-{k} .tag.{k}, .hide-{k} tr.{k} {{ display: none; }}"
                     for k in keys)


def page(title: str, css: str, body: str) -> str:
    """A whole self-contained page: ``css`` inline, ``body`` and the shared filter script."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{css}</style></head><body>{body}"
        f"<script>{static_text('filters.js')}</script></body></html>\n"
    )


def _filters(counts: _Counts) -> str:
    kinds = "".join(
        f'<label><input type="checkbox" value="k-{k}" checked> <span class="swatch k-{k}"></span>'
        f'{KIND_NAMES[k]} <span class="count">({counts.kinds[k]})</span></label>'
        for k in ITEM_KINDS
    )
    labels = "".join(
        f'<label><input type="checkbox" value="l-{label}" checked> {label} '
        f'<span class="count">({counts.labels[label]})</span></label>'
        for label in LABELS
    )
    return (
        f'<form id="filters" onsubmit="return false"><fieldset id="filter-kinds"><legend>Show</legend>'
        f"{kinds}</fieldset><fieldset id=\"filter-labels\"><legend>Labels</legend>{labels}</fieldset></form>"
    )


def _sections(report: EvalReport, gold: Sequence[DocumentRecord], pred: Sequence[DocumentRecord],
              counts: _Counts) -> list[str]:
    pred_by_id = {p.doc_id: p for p in pred}
    sections = []
    for g in gold:
        p = pred_by_id.get(g.doc_id)
        flags = []
        if p is None:
            flags.append("No prediction for this document: every gold mention is a false negative.")
        elif g.doc_id in report.text_mismatch_docs:
            flags.append("The predicted text differs from the gold text: offsets may not be comparable.")
        sections.append(_doc_section(g, p, counts, flags))
    return sections


def _warnings(report: EvalReport) -> str:
    warnings = ""
    if report.missing_pred_docs:
        warnings += f'<p class="warn">Without prediction: {_esc(", ".join(report.missing_pred_docs))}</p>'
    if report.unmatched_pred_docs:
        warnings += (
            f'<p class="warn">Predicted but not in gold (ignored): '
            f'{_esc(", ".join(report.unmatched_pred_docs))}</p>'
        )
    return warnings


_LEGEND = (
    '<p class="legend">Highlights: <span class="swatch k-TP"></span>true positive (overlap match, '
    'values right) <span class="swatch k-FP"></span>false positive <span class="swatch k-FN"></span>'
    'false negative <span class="swatch k-WRONG"></span>matched, wrong normalized value. A dashed '
    "underline: the predicted span overlaps the gold span but is not the same. Hover a highlight or "
    "its badge for the normalized values.</p>"
)


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
    counts = _Counts()
    sections = _sections(report, gold, pred, counts)
    micro = report.mentions["micro"].overlap if "micro" in report.mentions else None
    headline = (
        f"micro overlap F1 <b>{micro.f1:.3f}</b> (P {micro.precision:.3f}, R {micro.recall:.3f}); "
        if micro is not None else ""
    )
    css = (root_css(KIND_COLORS) + static_text("base.css") + static_text("report.css")
           + filter_css([f"k-{k}" for k in ITEM_KINDS] + [f"l-{label}" for label in LABELS]))
    body = (
        f"<h1>{_esc(title)}</h1>"
        f'<p class="meta">Gold: {_esc(gold_source or "(records)")}; predictions: '
        f'{_esc(pred_source or "(records)")}</p>'
        f'<p class="meta">{report.gold_docs} gold documents, {report.pred_docs} predicted; {headline}'
        f"people F1 {report.people.f1:.3f}; case facts F1 {report.cases.f1:.3f}. "
        f"Generated {generated_at(generated)} by hr-extract {_esc(__version__)}.</p>{_warnings(report)}"
        f'<div class="summary"><div><h2>Scores</h2>{_metrics_table(report)}'
        f"<h2>Normalization</h2>{_normalization_table(report)}</div>"
        f"<div><h2>Per label</h2>{_chart(report)}</div></div>"
        f"<h2>Documents</h2>{_filters(counts)}{_LEGEND}"
        f'<main id="documents">{"".join(sections)}</main>'
    )
    return page(title, css, body)


def generated_at(when: datetime | None = None) -> str:
    """The time a page was generated, as shown in its header (now when ``None``)."""
    return (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")


def write_html(path: Path, page: str) -> None:
    """Write the page atomically; :class:`InputError` if it cannot be written."""
    write_file(path, page)
