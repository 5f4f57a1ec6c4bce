"""spaCy pipeline components: ``hr_person``, ``hr_date``, ``hr_charge``, ``hr_sentence`` and
``hr_cases``. Each is created by a registered factory, so a user adds it to any English
pipeline with ``nlp.add_pipe("hr_date")``. Mentions go to ``doc.spans[<key>]`` (span label
= mention label) with the normalized fields in ``span._.hr``; cases go to ``doc._.hr_cases``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.ingest import find_country, header_title, report_dating
from extract.nlp.cases import CaseLinker
from extract.nlp.charges import ChargeRecognizer
from extract.nlp.dates import DateRecognizer, resolve
from extract.nlp.guard import guarded
from extract.nlp.penalties import SentenceRecognizer
from extract.nlp.persons import PersonComponent
from extract.nlp.spans import KEYS, add_mentions, doc_cases, doc_mentions, doc_text


# --------------------------------------------------------------------------- DATE
class DateComponent:
    """DATE mentions resolved against the report's dating and the narrative."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.recognizer = DateRecognizer()

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = resolve(self.recognizer.find(text), text, report_dating(text))
        add_mentions(doc, "DATE", ((m.start, m.end, {"value": m.value, "mod": m.mod})
                                    for m in found), whole_tokens=True)
        return doc


@Language.factory("hr_date")
def make_date(nlp: Language, name: str) -> DateComponent:
    """DATE recognition (resources/date_rules.jsonl) and TIMEX3-style normalization."""
    return DateComponent(nlp, name)


# --------------------------------------------------------------------------- SENTENCE
def _country(doc: Doc) -> str | None:
    """The country the report is about (set by the caller on ``doc._.hr_country``, else
    read from the report's title and head, as ingest does)."""
    if doc._.hr_country:
        return str(doc._.hr_country)
    text = doc_text(doc)
    return find_country(header_title(text), text)


class SentenceComponent:
    """SENTENCE mentions with kind, duration, amount, currency and upper bound."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.recognizer = SentenceRecognizer()

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        found = self.recognizer.find(doc_text(doc), _country(doc))
        add_mentions(doc, "SENTENCE", ((m.start, m.end, dict(m.value)) for m in found))
        return doc


@Language.factory("hr_sentence")
def make_sentence(nlp: Language, name: str) -> SentenceComponent:
    """SENTENCE recognition (resources/sentence_rules.jsonl) and normalization."""
    return SentenceComponent(nlp, name)


# --------------------------------------------------------------------------- CHARGE
class ChargeComponent:
    """CHARGE mentions: offence phrases after legal cues, with their category."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.recognizer = ChargeRecognizer()

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        found = self.recognizer.find(doc_text(doc))
        add_mentions(doc, "CHARGE", ((m.start, m.end, {"category": m.category}) for m in found))
        return doc


@Language.factory("hr_charge")
def make_charge(nlp: Language, name: str) -> ChargeComponent:
    """CHARGE recognition (resources/charge_cues.jsonl, charges/categories.jsonl)."""
    return ChargeComponent(nlp, name)


@Language.factory("hr_person")
def make_person(nlp: Language, name: str) -> PersonComponent:
    """PERSON mentions from NER with report-specific repairs (needs ``ner`` before it)."""
    return PersonComponent(nlp, name)


# --------------------------------------------------------------------------- CASES
@Language.factory("hr_cases")
def make_cases(nlp: Language, name: str) -> CaseLinker:
    """Person-level cases from the mentions (needs the parser and the hr_* components)."""
    return CaseLinker(KEYS, name)


__all__ = ["KEYS", "doc_cases", "doc_mentions", "doc_text", "make_cases", "make_charge",
           "make_date", "make_person", "make_sentence"]
