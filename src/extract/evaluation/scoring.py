"""Score predicted document records against gold records (ANNOTATION.md section 5).

A plain library module: pure Python over :mod:`extract.models`, no spaCy, no Prefect.

- Mentions: per label and micro-averaged, with **overlap** matching (the headline) and
  **exact** matching (same offsets) beside it. Each gold and each predicted mention is
  matched at most once. Overlap matching takes exact matches first, then pairs the rest
  greedily by largest overlap length (ties broken by document order), so the result is
  deterministic.
- Normalization: accuracy of the normalized fields over overlap-matched pairs.
- People: P/R/F1 over the set of distinct canonical names per document.
- Cases: P/R/F1 over the facts ``(person, "charge", category)``,
  ``(person, "sentence", "kind|duration")`` and ``(person, event type, date)``.

Counts are summed over documents before P/R/F1 are computed. A ratio whose denominator
is 0 is 0.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from extract.errors import GoldFormatError, display
from extract.models import (
    ChargeMention,
    DateMention,
    DocumentRecord,
    Mention,
    PersonMention,
    SentenceMention,
    sentence_fact,
)

__all__ = [
    "CONTEXT_WIDTH",
    "LABELS",
    "NORMALIZATION_FIELDS",
    "Accuracy",
    "EvalError",
    "EvalReport",
    "LabelScores",
    "Score",
    "evaluate",
    "format_errors",
    "format_table",
]

LABELS: tuple[str, ...] = ("PERSON", "CHARGE", "SENTENCE", "DATE")
"""Mention labels, in report order; ``EvalReport.mentions`` also has the key ``"micro"``."""

NORMALIZATION_FIELDS: tuple[str, ...] = (
    "PERSON canonical",
    "CHARGE category",
    "SENTENCE kind+duration+amount",
    "SENTENCE kind",
    "SENTENCE duration",
    "SENTENCE amount",
    "SENTENCE currency",
    "SENTENCE upper_bound",
    "DATE value",
    "DATE mod",
    "DATE value+mod",
)
"""Keys of ``EvalReport.normalization``, in report order."""

CONTEXT_WIDTH = 60
"""Characters of document text shown on each side of a mention in ``EvalError.context``."""

ErrorKind = Literal["FP", "FN", "WRONG_VALUE", "CASE_FP", "CASE_FN"]
Value = str | float | bool | None


# --------------------------------------------------------------------------- report models


class Score(BaseModel):
    """Counts and precision / recall / F1 (0.0 where a denominator is 0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> Score:
        precision = _ratio(tp, tp + fp)
        recall = _ratio(tp, tp + fn)
        f1 = _ratio(2 * precision * recall, precision + recall)
        return cls(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall, f1=f1)


class LabelScores(BaseModel):
    """Mention scores of one label (or micro-averaged) under both matching modes."""

    overlap: Score
    exact: Score


class Accuracy(BaseModel):
    """Accuracy of one normalized field over overlap-matched pairs."""

    correct: int = 0
    total: int = 0
    accuracy: float = 0.0

    @classmethod
    def from_counts(cls, correct: int, total: int) -> Accuracy:
        return cls(correct=correct, total=total, accuracy=_ratio(correct, total))


class EvalError(BaseModel):
    """One disagreement between gold and prediction, for review.

    - ``FN`` / ``FP``: an unmatched gold / predicted mention (overlap matching); ``start``,
      ``end`` and ``text`` are that mention's.
    - ``WRONG_VALUE``: an overlap-matched pair whose normalized ``field`` differs; ``start``,
      ``end``, ``text`` are the gold mention's, ``pred_*`` the predicted one's.
    - ``CASE_FN`` / ``CASE_FP``: a missing / spurious case fact; ``label`` is ``"CASE"``,
      ``text`` the person, ``field`` the relation (``charge``, ``sentence`` or an event
      type) and ``expected`` / ``got`` the value (``"kind|duration"`` for sentences, the
      date or null for events).
    """

    doc_id: str
    kind: ErrorKind
    label: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    field: str | None = None
    expected: Value = None
    got: Value = None
    pred_start: int | None = None
    pred_end: int | None = None
    pred_text: str | None = None
    context: str = ""


class EvalReport(BaseModel):
    """The result of :func:`evaluate`; ``model_dump()`` gives plain JSON-ready data."""

    gold_docs: int = 0
    pred_docs: int = 0
    missing_pred_docs: list[str] = Field(
        default_factory=list, description="Gold documents without a prediction (scored as FN)."
    )
    unmatched_pred_docs: list[str] = Field(
        default_factory=list, description="Predicted documents not in gold (ignored)."
    )
    text_mismatch_docs: list[str] = Field(
        default_factory=list,
        description="Documents whose predicted text is present and differs from the gold text "
        "(offsets may then not be comparable).",
    )
    mentions: dict[str, LabelScores] = Field(
        default_factory=dict, description="Keys: PERSON, CHARGE, SENTENCE, DATE, micro."
    )
    normalization: dict[str, Accuracy] = Field(default_factory=dict)
    people: Score = Field(default_factory=Score)
    cases: Score = Field(default_factory=Score)
    errors: list[EvalError] = Field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _norm_name(name: str) -> str:
    """Person names compare case-insensitively and with whitespace collapsed."""
    return " ".join(name.split()).casefold()


def _same_amount(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


_NEWLINES = re.compile(r"\r\n|[\r\n\t\v\f\x85\u2028\u2029]")


def _context(text: str | None, start: int, end: int, width: int = CONTEXT_WIDTH) -> str:
    """``...before [[mention]] after...`` on one line; empty if the span is not in ``text``."""
    if text is None or end > len(text) or start < 0 or start >= end:
        return ""
    lo, hi = max(0, start - width), min(len(text), end + width)
    pre = "..." if lo > 0 else ""
    post = "..." if hi < len(text) else ""
    snippet = f"{pre}{text[lo:start]}[[{text[start:end]}]]{text[end:hi]}{post}"
    return _NEWLINES.sub(" ", snippet)


def index_by_doc_id(records: Sequence[DocumentRecord], what: str) -> dict[str, DocumentRecord]:
    """Records by doc id; a doc id given twice is a :class:`GoldFormatError`."""
    out: dict[str, DocumentRecord] = {}
    for rec in records:
        if rec.doc_id in out:
            raise GoldFormatError(f"duplicate doc_id {rec.doc_id!r} in the {what} records")
        out[rec.doc_id] = rec
    return out


def _by_label(mentions: Sequence[Mention], label: str) -> list[Mention]:
    """Mentions of one label in document order (stable for identical spans)."""
    return sorted((m for m in mentions if m.label == label), key=lambda m: (m.start, m.end))


def _match(gold: Sequence[Mention], pred: Sequence[Mention]) -> tuple[list[tuple[int, int]], int]:
    """One-to-one overlap matching of two same-label mention lists in document order.

    Exact matches (same offsets) are taken first, each gold mention with the first free
    prediction of the same span; the rest are paired greedily by largest overlap length,
    ties by document order (gold, then prediction). Returns the index pairs, sorted, and
    how many of them are exact.
    """
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    free_by_span: dict[tuple[int, int], list[int]] = {}
    for pi, p in enumerate(pred):
        free_by_span.setdefault((p.start, p.end), []).append(pi)
    for gi, g in enumerate(gold):
        candidates = free_by_span.get((g.start, g.end))
        if candidates:
            pi = candidates.pop(0)
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    n_exact = len(pairs)

    scored: list[tuple[int, int, int, int, int, int, int]] = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for pi, p in enumerate(pred):
            if pi in used_p or not (g.start < p.end and p.start < g.end):
                continue
            length = min(g.end, p.end) - max(g.start, p.start)
            scored.append((-length, g.start, g.end, p.start, p.end, gi, pi))
    for *_, gi, pi in sorted(scored):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs), n_exact


# Field checks of a matched pair: (normalization key, field name, gold value, pred value, equal).
_Check = tuple[str, str | None, Value, Value, bool]


def _checks(g: Mention, p: Mention) -> list[_Check]:
    """Compare the normalized fields of an overlap-matched pair. A ``None`` field name marks
    a combined check (scored, but not reported as a separate error)."""
    if isinstance(g, PersonMention) and isinstance(p, PersonMention):
        ok = _norm_name(g.canonical) == _norm_name(p.canonical)
        return [("PERSON canonical", "canonical", g.canonical, p.canonical, ok)]
    if isinstance(g, ChargeMention) and isinstance(p, ChargeMention):
        return [("CHARGE category", "category", g.category, p.category, g.category == p.category)]
    if isinstance(g, SentenceMention) and isinstance(p, SentenceMention):
        kind = g.kind == p.kind
        duration = g.duration == p.duration
        amount = _same_amount(g.amount, p.amount)
        return [
            ("SENTENCE kind+duration+amount", None, None, None, kind and duration and amount),
            ("SENTENCE kind", "kind", g.kind, p.kind, kind),
            ("SENTENCE duration", "duration", g.duration, p.duration, duration),
            ("SENTENCE amount", "amount", g.amount, p.amount, amount),
            ("SENTENCE currency", "currency", g.currency, p.currency, g.currency == p.currency),
            (
                "SENTENCE upper_bound",
                "upper_bound",
                g.upper_bound,
                p.upper_bound,
                g.upper_bound == p.upper_bound,
            ),
        ]
    if isinstance(g, DateMention) and isinstance(p, DateMention):
        value, mod = g.value == p.value, g.mod == p.mod
        return [
            ("DATE value", "value", g.value, p.value, value),
            ("DATE mod", "mod", g.mod, p.mod, mod),
            ("DATE value+mod", None, None, None, value and mod),
        ]
    raise TypeError(f"cannot compare {g.label} with {p.label}")  # pragma: no cover


Fact = tuple[str, str, str]


def _facts(record: DocumentRecord | None) -> dict[Fact, tuple[str, str, Value]]:
    """Case facts keyed by (normalized person, relation, value string), each with a display
    form (person as written, relation, value)."""
    out: dict[Fact, tuple[str, str, Value]] = {}
    if record is None:
        return out
    for case in record.cases:
        person = _norm_name(case.person)
        for category in case.charges:
            out.setdefault((person, "charge", category), (case.person, "charge", category))
        for s in case.sentences:
            value = sentence_fact(s.kind, s.duration)
            out.setdefault((person, "sentence", value), (case.person, "sentence", value))
        for e in case.events:
            out.setdefault((person, e.type, e.date or ""), (case.person, e.type, e.date))
    return out


def _people(record: DocumentRecord | None) -> set[str]:
    if record is None:
        return set()
    return {_norm_name(m.canonical) for m in record.mentions if isinstance(m, PersonMention)}


_KIND_ORDER = {"FN": 0, "FP": 1, "WRONG_VALUE": 2, "CASE_FN": 3, "CASE_FP": 4}


def _error_key(e: EvalError) -> tuple[Any, ...]:
    start = e.start if e.start is not None else (e.pred_start or 0)
    end = e.end if e.end is not None else (e.pred_end or 0)
    is_case = e.kind.startswith("CASE")
    return (
        is_case,
        e.text.casefold() if is_case else "",
        start,
        end,
        e.field or "",
        _KIND_ORDER[e.kind],
        str(e.expected),
        str(e.got),
    )


# --------------------------------------------------------------------------- evaluation


class _Tally:
    """Counts summed over documents before P/R/F1 are computed."""

    def __init__(self) -> None:
        self.overlap = {label: [0, 0, 0] for label in LABELS}  # tp, fp, fn
        self.exact = {label: [0, 0, 0] for label in LABELS}
        self.norm = {key: [0, 0] for key in NORMALIZATION_FIELDS}  # correct, total
        self.people = [0, 0, 0]
        self.cases = [0, 0, 0]


def _add(counts: list[int], tp: int, fp: int, fn: int) -> None:
    counts[0] += tp
    counts[1] += fp
    counts[2] += fn


def _error_row(
    doc_id: str,
    kind: ErrorKind,
    label: str,
    at: Mention | None = None,
    doc_text: str | None = None,
    *,
    person: str = "",
    field: str | None = None,
    expected: Value = None,
    got: Value = None,
    pred: Mention | None = None,
) -> EvalError:
    """The one builder of :class:`EvalError` rows.

    A mention error (``FN``, ``FP``, ``WRONG_VALUE``) sits ``at`` a mention, with its context
    cut from ``doc_text``; a ``WRONG_VALUE`` also gives the matched prediction ``pred``. A
    case error (``CASE_FN``, ``CASE_FP``) has no span: its text is the ``person``.
    """
    return EvalError(
        doc_id=doc_id,
        kind=kind,
        label=label,
        start=at.start if at is not None else None,
        end=at.end if at is not None else None,
        text=at.text if at is not None else person,
        field=field,
        expected=expected,
        got=got,
        pred_start=pred.start if pred is not None else None,
        pred_end=pred.end if pred is not None else None,
        pred_text=pred.text if pred is not None else None,
        context=_context(doc_text, at.start, at.end) if at is not None else "",
    )


def _value_errors(
    doc_id: str, g: Mention, p: Mention, doc_text: str | None, norm: dict[str, list[int]]
) -> list[EvalError]:
    """Count the normalization checks of one overlap-matched pair into ``norm``; a
    ``WRONG_VALUE`` row for each failed check of a single field."""
    errors: list[EvalError] = []
    for key, field, expected, got, ok in _checks(g, p):
        norm[key][1] += 1
        norm[key][0] += ok
        if not ok and field is not None:
            errors.append(
                _error_row(
                    doc_id,
                    "WRONG_VALUE",
                    g.label,
                    g,
                    doc_text,
                    field=field,
                    expected=expected,
                    got=got,
                    pred=p,
                )
            )
    return errors


def _label_errors(
    doc_id: str,
    label: str,
    gold: Sequence[Mention],
    pred: Sequence[Mention],
    doc_text: str | None,
    tally: _Tally,
) -> list[EvalError]:
    """Match one document's mentions of one label, count them into ``tally`` and return the
    ``FN``, ``FP`` and ``WRONG_VALUE`` rows, in that order."""
    gm, pm = _by_label(gold, label), _by_label(pred, label)
    pairs, n_exact = _match(gm, pm)
    _add(tally.overlap[label], len(pairs), len(pm) - len(pairs), len(gm) - len(pairs))
    _add(tally.exact[label], n_exact, len(pm) - n_exact, len(gm) - n_exact)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    errors = [_error_row(doc_id, "FN", label, g, doc_text) for gi, g in enumerate(gm) if gi not in matched_g]
    errors += [_error_row(doc_id, "FP", label, p, doc_text) for pi, p in enumerate(pm) if pi not in matched_p]
    for gi, pi in pairs:
        errors += _value_errors(doc_id, gm[gi], pm[pi], doc_text, tally.norm)
    return errors


def _case_errors(
    doc_id: str, g_doc: DocumentRecord, p_doc: DocumentRecord | None, tally: _Tally
) -> list[EvalError]:
    """Count one document's case facts into ``tally``; ``CASE_FN`` then ``CASE_FP`` rows."""
    g_facts, p_facts = _facts(g_doc), _facts(p_doc)
    missed, spurious = g_facts.keys() - p_facts.keys(), p_facts.keys() - g_facts.keys()
    _add(tally.cases, len(g_facts.keys() & p_facts.keys()), len(spurious), len(missed))
    errors: list[EvalError] = []
    for fact in missed:
        person, relation, value = g_facts[fact]
        errors.append(_error_row(doc_id, "CASE_FN", "CASE", person=person, field=relation, expected=value))
    for fact in spurious:
        person, relation, value = p_facts[fact]
        errors.append(_error_row(doc_id, "CASE_FP", "CASE", person=person, field=relation, got=value))
    return errors


def _score_document(
    doc_id: str, g_doc: DocumentRecord, p_doc: DocumentRecord | None, tally: _Tally
) -> list[EvalError]:
    """Score one gold document against its prediction (``None``: all false negatives),
    counting into ``tally``; returns its error rows sorted for review."""
    text = g_doc.text if g_doc.text is not None else (p_doc.text if p_doc else None)
    p_mentions = p_doc.mentions if p_doc is not None else []
    errors: list[EvalError] = []
    for label in LABELS:
        errors += _label_errors(doc_id, label, g_doc.mentions, p_mentions, text, tally)
    g_people, p_people = _people(g_doc), _people(p_doc)
    _add(tally.people, len(g_people & p_people), len(p_people - g_people), len(g_people - p_people))
    errors += _case_errors(doc_id, g_doc, p_doc, tally)
    return sorted(errors, key=_error_key)


def _mention_scores(tally: _Tally) -> dict[str, LabelScores]:
    """Per-label scores under both matching modes, then ``"micro"`` over the summed counts."""
    mentions = {
        label: LabelScores(
            overlap=Score.from_counts(*tally.overlap[label]),
            exact=Score.from_counts(*tally.exact[label]),
        )
        for label in LABELS
    }
    mentions["micro"] = LabelScores(
        overlap=Score.from_counts(*(sum(tally.overlap[lb][i] for lb in LABELS) for i in range(3))),
        exact=Score.from_counts(*(sum(tally.exact[lb][i] for lb in LABELS) for i in range(3))),
    )
    return mentions


def evaluate(gold: Sequence[DocumentRecord], pred: Sequence[DocumentRecord]) -> EvalReport:
    """Score ``pred`` against ``gold``; documents are paired by ``doc_id``.

    A gold document without a prediction counts all its mentions, people and case facts as
    false negatives; a predicted document not in gold is ignored and listed in
    ``unmatched_pred_docs``. Raises :class:`~extract.errors.GoldFormatError` on a duplicate
    ``doc_id`` within either side.
    """
    gold_by_id = index_by_doc_id(gold, "gold")
    pred_by_id = index_by_doc_id(pred, "predicted")
    tally = _Tally()
    errors: list[EvalError] = []
    missing: list[str] = []
    text_mismatch: list[str] = []
    for doc_id, g_doc in gold_by_id.items():
        p_doc = pred_by_id.get(doc_id)
        if p_doc is None:
            missing.append(doc_id)
        elif p_doc.text is not None and g_doc.text is not None and p_doc.text != g_doc.text:
            text_mismatch.append(doc_id)
        errors.extend(_score_document(doc_id, g_doc, p_doc, tally))
    return EvalReport(
        gold_docs=len(gold_by_id),
        pred_docs=len(pred_by_id),
        missing_pred_docs=missing,
        unmatched_pred_docs=[d for d in pred_by_id if d not in gold_by_id],
        text_mismatch_docs=text_mismatch,
        mentions=_mention_scores(tally),
        normalization={k: Accuracy.from_counts(c, t) for k, (c, t) in tally.norm.items()},
        people=Score.from_counts(*tally.people),
        cases=Score.from_counts(*tally.cases),
        errors=errors,
    )


# --------------------------------------------------------------------------- formatting


def _f(x: float) -> str:
    return f"{x:.3f}"


def format_table(report: EvalReport) -> str:
    """A fixed-width plain-text summary: mention P/R/F1 (overlap and exact) per label and
    micro, the normalization accuracies, then the people and case-fact lines."""
    cols = f"{'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'fp':>6} {'fn':>6}"
    group = len(cols)

    def cells(s: Score) -> str:
        return f"{_f(s.precision):>6} {_f(s.recall):>6} {_f(s.f1):>6} {s.tp:>6} {s.fp:>6} {s.fn:>6}"

    header = f"{'label':<10} {cols}  | {cols}"
    rule = "-" * len(header)
    lines = [
        f"Documents: {report.gold_docs} gold, {report.pred_docs} predicted, "
        f"{len(report.missing_pred_docs)} without prediction, "
        f"{len(report.unmatched_pred_docs)} predicted not in gold",
        "",
        f"{'Mentions':<10} {' overlap (headline) ':-^{group}}  | {' exact ':-^{group}}",
        header,
        rule,
    ]
    for label in (*LABELS, "micro"):
        sc = report.mentions.get(label)
        if sc is None:
            continue
        if label == "micro":
            lines.append(rule)
        lines.append(f"{label:<10} {cells(sc.overlap)}  | {cells(sc.exact)}")

    width = max([len(k) for k in report.normalization] + [len("field")])
    lines += [
        "",
        "Normalization accuracy (overlap-matched pairs)",
        f"{'field':<{width}}  {'correct':>7}  {'total':>5}  {'accuracy':>8}",
    ]
    lines.append("-" * len(lines[-1]))
    for key, acc in report.normalization.items():
        shown = _f(acc.accuracy) if acc.total else "n/a"
        lines.append(f"{key:<{width}}  {acc.correct:>7}  {acc.total:>5}  {shown:>8}")

    def prf(name: str, s: Score) -> str:
        return (
            f"{name:<34}P {_f(s.precision)}  R {_f(s.recall)}  F1 {_f(s.f1)}  "
            f"(tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )

    lines += [
        "",
        prf("People (distinct canonical names)", report.people),
        prf("Case facts", report.cases),
    ]
    return "\n".join(lines)


def _show(v: Value) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "null" if v is None else repr(v) if isinstance(v, str) else str(v)


def _error_line(e: EvalError) -> str:
    if e.kind in ("CASE_FN", "CASE_FP"):
        value = e.expected if e.kind == "CASE_FN" else e.got
        return f"  {e.kind:<11} {e.text}: {e.field} = {_show(value)}"
    span = f"{e.start}-{e.end}" if e.start is not None else "?"
    head = f"  {e.kind:<11} {e.label:<8} {span:>11}  {e.text!r}"
    if e.kind == "WRONG_VALUE":
        head += f"  {e.field}: expected {_show(e.expected)}, got {_show(e.got)}"
        if (e.pred_start, e.pred_end) != (e.start, e.end):
            head += f"  (pred span {e.pred_start}-{e.pred_end} {e.pred_text!r})"
    if e.context:
        head += f"  | {e.context}"
    return head


def format_errors(report: EvalReport, limit: int | None = None) -> str:
    """One line per error, grouped by document under a ``== doc_id (n errors) ==`` header.

    ``limit`` caps the number of errors shown overall; a final line says how many were left
    out.
    """
    shown = report.errors if limit is None else report.errors[: max(limit, 0)]
    if not report.errors:
        return "No errors."
    groups: dict[str, list[EvalError]] = {}
    for e in shown:
        groups.setdefault(e.doc_id, []).append(e)
    totals: dict[str, int] = {}
    for e in report.errors:
        totals[e.doc_id] = totals.get(e.doc_id, 0) + 1
    lines: list[str] = []
    for doc_id, errs in groups.items():
        if lines:
            lines.append("")
        lines.append(f"== {doc_id} ({totals[doc_id]} errors) ==")
        lines.extend(_error_line(e) for e in errs)
    left = len(report.errors) - len(shown)
    if left:
        lines.append(f"... {left} more error{'s' if left != 1 else ''} not shown")
    return "\n".join(display(line) for line in lines)  # doc ids and texts can hold anything
