"""The components' shared ground: mentions live in span groups (``doc.spans["hr_date"]``, ...,
span label = mention label) with their normalized fields in ``span._.hr``; cases in
``doc._.hr_cases``; and the way back to record models."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.models import (
    Case,
    ChargeMention,
    DateMention,
    Event,
    Evidence,
    PersonMention,
    SentenceMention,
    SentenceValue,
)

KEYS = {"PERSON": "hr_person", "DATE": "hr_date", "CHARGE": "hr_charge",
        "SENTENCE": "hr_sentence"}
MENTIONS_KEY = "hr_mentions"  # every label's mentions in one group (for displaCy)


def _hr_key(span: Span) -> tuple[str, str, str, int, int]:
    # spaCy keys a span's extension values by its offsets only, so a CHARGE and a SENTENCE
    # span over the same characters would share one value; the label keeps them apart
    return ("._.", "hr", span.label_, span.start_char, span.end_char)


def _get_hr(span: Span) -> dict[str, Any] | None:
    data: dict[Any, Any] = span.doc.user_data
    value: dict[str, Any] | None = data.get(_hr_key(span))
    return value


def _set_hr(span: Span, value: dict[str, Any] | None) -> None:
    data: dict[Any, Any] = span.doc.user_data
    data[_hr_key(span)] = value


if not Span.has_extension("hr"):
    Span.set_extension("hr", getter=_get_hr, setter=_set_hr)
if not Doc.has_extension("hr_cases"):
    Doc.set_extension("hr_cases", default=None)
if not Doc.has_extension("hr_country"):
    Doc.set_extension("hr_country", default=None)


_texts: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc. spaCy rebuilds it from the tokens at every access
    (a quarter of these components' time when each did); a doc's text never changes, so it
    is kept for as long as the doc lives."""
    text = _texts.get(doc)
    if text is None:
        text = _texts[doc] = doc.text
    return text


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    span = doc.char_span(start, end, label=label)
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
    return span


def set_group(doc: Doc, key: str, spans: Iterable[Span]) -> None:
    doc.spans[key] = sorted(spans, key=lambda s: (s.start, s.end))


def mention_spans(doc: Doc, label: str, found: Iterable[tuple[int, int, dict[str, Any]]],
                  whole_tokens: bool = False) -> list[Span]:
    """Character-offset matches as spans of ``label``, normalized fields in ``span._.hr``.
    ``whole_tokens`` drops a match that does not cover whole tokens instead of shrinking it."""
    spans = []
    for start, end, value in found:
        span = char_span(doc, start, end, label)
        if span is None or (whole_tokens and len(span.text) != end - start):
            continue
        span._.hr = value
        spans.append(span)
    return spans


def add_mentions(doc: Doc, label: str, found: Iterable[tuple[int, int, dict[str, Any]]],
                  whole_tokens: bool = False) -> None:
    """Character-offset matches as the label's span group (see :func:`mention_spans`)."""
    set_group(doc, KEYS[label], mention_spans(doc, label, found, whole_tokens))


def merge_mentions(doc: Doc, label: str, spans: Iterable[Span],
                   key: str = MENTIONS_KEY) -> None:
    """Put ``spans`` in the all-label group ``key`` in place of the spans of ``label`` it
    held, so that the group holds every component's mentions once (a component run twice
    replaces its own)."""
    others = [s for s in doc.spans.get(key, []) if s.label_ != label]
    set_group(doc, key, [*others, *spans])


def mentions_to_ents(doc: Doc, key: str = MENTIONS_KEY, keep_model_ents: bool = False) -> None:
    """Write the mentions of group ``key`` to ``doc.ents``: overlaps resolved longest first
    (the earlier one when as long); the model's entities are dropped, or with
    ``keep_model_ents`` kept where no mention overlaps them."""
    spans = list(doc.spans.get(key, []))
    if keep_model_ents:
        spans.extend(doc.ents)  # after the mentions: a mention wins a tie
    doc.ents = filter_spans(spans)


def doc_mentions(doc: Doc) -> list[Any]:
    """All mentions of a processed doc as record models, in document order."""
    out: list[Any] = []
    for span in doc.spans.get(KEYS["PERSON"], []):
        out.append(PersonMention(start=span.start_char, end=span.end_char, text=span.text,
                                 canonical=span._.hr["canonical"]))
    for span in doc.spans.get(KEYS["CHARGE"], []):
        out.append(ChargeMention(start=span.start_char, end=span.end_char, text=span.text,
                                 category=span._.hr["category"]))
    for span in doc.spans.get(KEYS["SENTENCE"], []):
        out.append(SentenceMention(start=span.start_char, end=span.end_char, text=span.text,
                                   **span._.hr))
    for span in doc.spans.get(KEYS["DATE"], []):
        out.append(DateMention(start=span.start_char, end=span.end_char, text=span.text,
                               **span._.hr))
    return sorted(out, key=lambda m: (m.start, m.end))


def doc_cases(doc: Doc) -> list[Case]:
    """The cases of a processed doc as record models."""
    return [Case(person=c["person"], charges=c["charges"],
                 sentences=[SentenceValue(**s) for s in c["sentences"]],
                 events=[Event(**e) for e in c["events"]],
                 evidence=[Evidence(**e) for e in c.get("evidence", [])])
            for c in doc._.hr_cases or []]
