"""spaCy pipeline components: ``hr_person``, ``hr_date``, ``hr_charge``, ``hr_sentence``,
``hr_cases`` and ``hr_ents``. Each is created by a registered factory (and found through the
package's ``spacy_factories`` entry points), so a user adds it to any English pipeline with
``nlp.add_pipe("hr_date")``.

Each mention component writes its label's span group (``spans_key``, by default
``doc.spans["hr_date"]``, ...; span label = mention label) and the all-label group
``mentions_key`` (``doc.spans["hr_mentions"]``, for displaCy's span style), with the
normalized fields in ``span._.hr``; ``hr_cases`` writes the cases to ``doc._.hr_cases``;
``hr_ents`` (not in the extractor's own pipeline) copies the mentions to ``doc.ents``.
Everything lives in span groups and ``doc.user_data``, so ``DocBin(store_user_data=True)``
and ``nlp.pipe(n_process=...)`` carry it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.ingest import find_country, header_title, report_dating
from extract.nlp.cases import CaseLinker
from extract.nlp.charges import ChargeRecognizer, outside_accusation, parse_cues
from extract.nlp.dates import DateRecognizer, resolve
from extract.nlp.guard import guarded
from extract.nlp.penalties import SentenceRecognizer
from extract.nlp.persons import PersonComponent
from extract.nlp.spans import (
    KEYS,
    MENTIONS_KEY,
    doc_cases,
    doc_mentions,
    doc_text,
    mention_spans,
    mentions_to_ents,
    merge_mentions,
    set_group,
)

_ASSIGNS = ["doc.spans", "span._.hr"]


def _config(label: str, **tables: str) -> dict[str, str]:
    """A factory's default config: its span keys and its rule tables (a resource name, or
    the path of the user's own JSONL file in the same format)."""
    return {"spans_key": KEYS[label], "mentions_key": MENTIONS_KEY, **tables}


def _publish(doc: Doc, label: str, spans: list[Span], spans_key: str, mentions_key: str) -> None:
    """A component's mentions as its own group and in the all-label group."""
    set_group(doc, spans_key, spans)
    merge_mentions(doc, label, spans, mentions_key)


class _MentionComponent:
    """One label's mentions: :meth:`found` gives ``(start, end, fields)`` per mention, which
    go to the label's span group and the all-label group."""

    label = ""
    whole_tokens = False
    recognizer_class: Any = None  # the rule-based recognizer, made once per component

    def __init__(self, nlp: Language, name: str, spans_key: str | None = None,
                 mentions_key: str = MENTIONS_KEY, **tables: str) -> None:
        self.name = name
        self.recognizer = self.recognizer_class(**tables)  # rule tables: resource names or paths
        self.spans_key, self.mentions_key = spans_key or KEYS[self.label], mentions_key

    def found(self, doc: Doc) -> Iterable[tuple[int, int, dict[str, Any]]]:
        raise NotImplementedError

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        spans = mention_spans(doc, self.label, self.found(doc), whole_tokens=self.whole_tokens)
        _publish(doc, self.label, spans, self.spans_key, self.mentions_key)
        return doc


# --------------------------------------------------------------------------- DATE
class DateComponent(_MentionComponent):
    """DATE mentions resolved against the report's dating and the narrative."""

    label, whole_tokens = "DATE", True
    recognizer_class = DateRecognizer

    def found(self, doc: Doc) -> Iterable[tuple[int, int, dict[str, Any]]]:
        text = doc_text(doc)
        return ((m.start, m.end, {"value": m.value, "mod": m.mod})
                for m in resolve(self.recognizer.find(text), text, report_dating(text)))


@Language.factory("hr_date", default_config=_config("DATE", rules="dates/rules.jsonl"), assigns=_ASSIGNS)
def make_date(nlp: Language, name: str, spans_key: str, mentions_key: str, rules: str) -> DateComponent:
    """DATE recognition (the ``rules`` table, resources/dates/rules.jsonl by default) and
    TIMEX3-style normalization."""
    return DateComponent(nlp, name, spans_key, mentions_key, rules=rules)


# --------------------------------------------------------------------------- SENTENCE
def _country(doc: Doc) -> str | None:
    """The country the report is about (set by the caller on ``doc._.hr_country``, else
    read from the report's title and head, as ingest does)."""
    if doc._.hr_country:
        return str(doc._.hr_country)
    text = doc_text(doc)
    return find_country(header_title(text), text)


class SentenceComponent(_MentionComponent):
    """SENTENCE mentions with kind, duration, amount, currency and upper bound."""

    label = "SENTENCE"
    recognizer_class = SentenceRecognizer

    def found(self, doc: Doc) -> Iterable[tuple[int, int, dict[str, Any]]]:
        text = doc_text(doc)
        names = [(p.start_char, p.end_char) for p in doc.spans.get(KEYS["PERSON"], [])]
        for m in self.recognizer.find(text, _country(doc)):
            yield _past_names(text, m.start, m.end, names), m.end, dict(m.value)


def _past_names(text: str, start: int, end: int, names: list[tuple[int, int]]) -> int:
    """A penalty's start moved past the names inside it: "fined journalist Ana Ruiz| 4,000
    pesos" is the amount (gold/README), and the name stays the fine's patient."""
    inside = [pe for ps, pe in names if start < ps and pe < end]
    if not inside:
        return start
    cut = max(inside)
    while cut < end and not text[cut].isalnum() and text[cut] not in "$€£¥₹":
        cut += 1
    # only an amount stands alone: "dismissed X from the force" keeps its verb
    return cut if cut < end and (text[cut].isdigit() or text[cut] in "$€£¥₹") else start


@Language.factory("hr_sentence", default_config=_config("SENTENCE", rules="penalties/rules.jsonl"),
                  assigns=_ASSIGNS)
def make_sentence(nlp: Language, name: str, spans_key: str, mentions_key: str,
                  rules: str) -> SentenceComponent:
    """SENTENCE recognition (the ``rules`` table, resources/penalties/rules.jsonl by default)
    and normalization."""
    return SentenceComponent(nlp, name, spans_key, mentions_key, rules=rules)


# --------------------------------------------------------------------------- CHARGE
class ChargeComponent(_MentionComponent):
    """CHARGE mentions: offence phrases after legal cues, with their category."""

    label = "CHARGE"
    recognizer_class = ChargeRecognizer

    def found(self, doc: Doc) -> Iterable[tuple[int, int, dict[str, Any]]]:
        parsed = doc.has_annotation("DEP")
        cues = parse_cues(doc, self.recognizer.parse_cues) if parsed else []
        accusers = frozenset(self.recognizer.words["legal_accusers"])
        return ((m.start, m.end, {"category": m.category})
                for m in self.recognizer.find(doc_text(doc), cues)
                if not (parsed and outside_accusation(doc, m.start, m.end, accusers)))


@Language.factory("hr_charge", default_config=_config(
    "CHARGE", cues="charges/cues.jsonl", categories="charges/categories.jsonl"), assigns=_ASSIGNS)
def make_charge(nlp: Language, name: str, spans_key: str, mentions_key: str, cues: str,
                categories: str) -> ChargeComponent:
    """CHARGE recognition (the ``cues`` and ``categories`` tables, resources/charges/ by
    default)."""
    return ChargeComponent(nlp, name, spans_key, mentions_key, cues=cues, categories=categories)


# --------------------------------------------------------------------------- PERSON
class PersonMentions(PersonComponent):
    """:class:`PersonComponent` writing to the configured groups."""

    def __init__(self, nlp: Language, name: str, spans_key: str = KEYS["PERSON"],
                 mentions_key: str = MENTIONS_KEY) -> None:
        super().__init__(nlp, name)
        self.spans_key, self.mentions_key = spans_key, mentions_key

    def __call__(self, doc: Doc) -> Doc:
        doc = super().__call__(doc)  # guarded: writes doc.spans[KEYS["PERSON"]]
        spans = list(doc.spans.get(KEYS["PERSON"], []))
        if self.spans_key != KEYS["PERSON"]:
            doc.spans.pop(KEYS["PERSON"], None)
        _publish(doc, "PERSON", spans, self.spans_key, self.mentions_key)
        return doc


@Language.factory("hr_person", default_config=_config("PERSON"), assigns=_ASSIGNS,
                  requires=["doc.ents"])
def make_person(nlp: Language, name: str, spans_key: str, mentions_key: str) -> PersonMentions:
    """PERSON mentions from NER with report-specific repairs (needs ``ner`` before it)."""
    return PersonMentions(nlp, name, spans_key, mentions_key)


# --------------------------------------------------------------------------- CASES
@Language.factory("hr_cases", default_config={"spans_keys": dict(KEYS)},
                  assigns=["doc._.hr_cases"], requires=["doc.spans", "token.dep", "token.lemma"])
def make_cases(nlp: Language, name: str, spans_keys: dict[str, str]) -> CaseLinker:
    """Person-level cases from the mentions (needs the parser and the hr_* components);
    ``spans_keys`` names each label's span group."""
    return CaseLinker({**KEYS, **spans_keys}, name)


# --------------------------------------------------------------------------- doc.ents
class EntsComponent:
    """The mentions as ``doc.ents`` (see :func:`extract.nlp.spans.mentions_to_ents`)."""

    def __init__(self, name: str, mentions_key: str = MENTIONS_KEY,
                 keep_model_ents: bool = False) -> None:
        self.name = name
        self.mentions_key, self.keep_model_ents = mentions_key, keep_model_ents

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        mentions_to_ents(doc, self.mentions_key, self.keep_model_ents)
        return doc


@Language.factory("hr_ents", default_config={"mentions_key": MENTIONS_KEY, "keep_model_ents": False},
                  assigns=["doc.ents", "token.ent_iob", "token.ent_type"], requires=["doc.spans"])
def make_ents(nlp: Language, name: str, mentions_key: str, keep_model_ents: bool) -> EntsComponent:
    """Write the mentions to ``doc.ents``, overlaps resolved longest first; the model's own
    entities are replaced, or kept where no mention overlaps them (``keep_model_ents``).
    Add it last: ``nlp.add_pipe("hr_ents")``."""
    return EntsComponent(name, mentions_key, keep_model_ents)


__all__ = ["KEYS", "MENTIONS_KEY", "doc_cases", "doc_mentions", "doc_text", "make_cases",
           "make_charge", "make_date", "make_ents", "make_person", "make_sentence"]
