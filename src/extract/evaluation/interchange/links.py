"""Case links: the facts of a record's cases as relations between its mentions.

A case fact ties a person to a charge, a sentence or a dated event (ANNOTATION.md section 2).
Where the record has a PERSON mention whose ``canonical`` is the case's person (compared
case-insensitively) and a mention that holds the fact's value (a CHARGE of that category, a
SENTENCE with that normalized value, a DATE with the event's date), the fact is exported as a
relation from the person mention to that mention, labelled ``charge``, ``sentence`` or the
event type (``arrested``, ``sentenced``, ...). Of several candidate pairs the one the case's
evidence names is taken (output records), else the pair closest in the text.

The facts exported as relations are listed beside the task (:data:`LINKS_KEY`). On import
the cases are the exported ones with the facts of deleted relations removed and those of
new relations added, so an untouched round trip keeps the cases exactly (order included),
and the facts no relation can carry (an event without a date, a value no mention holds)
stay as they were.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from extract.models import (
    Case,
    DocumentRecord,
    Event,
    EventType,
    Evidence,
    Mention,
    SentenceValue,
    sentence_fact,
)

RELATION_LABELS: tuple[str, ...] = ("charge", "sentence", *get_args(EventType))
"""Relation labels: ``charge``, ``sentence`` and the event types."""
LINKS_KEY = "case_links"
"""Where a task (Label Studio ``data``, brat sidecar) lists the facts exported as relations."""

Key = tuple[str, str, str]
"""A linked fact: (person, casefolded; relation label; value)."""


def target_label(relation: str) -> str:
    """The mention label a relation points to: CHARGE, SENTENCE, or DATE for an event."""
    return {"charge": "CHARGE", "sentence": "SENTENCE"}.get(relation, "DATE")


def _sentence_key(v: Any) -> str:
    return json.dumps([v.kind, v.duration, v.amount, v.currency, v.upper_bound])


def mention_value(relation: str, m: Mention) -> str | None:
    """The value mention ``m`` gives a fact of ``relation`` (``None``: it cannot carry one)."""
    if m.label != target_label(relation):
        return None
    if m.label == "CHARGE":
        return m.category
    if m.label == "SENTENCE":
        return _sentence_key(m)
    return m.value if m.label == "DATE" else None


@dataclass(frozen=True)
class Link:
    """A relation between two mentions of a record (indices into ``record.mentions``)."""

    person: int
    target: int
    label: str


def _case_facts(case: Case) -> list[tuple[str, str, str]]:
    """(relation, value, evidence value) of each fact of a case that a relation can carry."""
    facts: list[tuple[str, str, str]] = [("charge", c, c) for c in case.charges]
    facts += [("sentence", _sentence_key(s), sentence_fact(s.kind, s.duration)) for s in case.sentences]
    facts += [(e.type, e.date, e.date) for e in case.events if e.date is not None]
    return facts


def _evidence(case: Case, relation: str, value: str) -> Evidence | None:
    return next((e for e in case.evidence if e.fact == relation and e.value == value), None)


def _closest(record: DocumentRecord, people: list[int], targets: list[int],
             evidence: Evidence | None) -> tuple[int, int] | None:
    """The (person, target) pair the evidence names, else the closest in the text."""
    ms = record.mentions
    if evidence is not None:
        spans = {(s.start, s.end) for s in evidence.mentions}
        targets = [t for t in targets if (ms[t].start, ms[t].end) in spans] or targets
        named = [p for p in people if (ms[p].start, ms[p].end) == (evidence.person.start,
                                                                    evidence.person.end)]
        people = named or people
    pairs = [(abs(ms[p].start - ms[t].start), p, t) for p in people for t in targets]
    if not pairs:
        return None
    _, p, t = min(pairs)
    return p, t


def find_links(record: DocumentRecord) -> tuple[list[Link], list[Key]]:
    """The relations that carry the facts of ``record.cases``, and those facts' keys."""
    persons: dict[str, list[int]] = {}
    for i, m in enumerate(record.mentions):
        if m.label == "PERSON":
            persons.setdefault(m.canonical.casefold(), []).append(i)
    links: list[Link] = []
    keys: list[Key] = []
    for case in record.cases:
        people = persons.get(case.person.casefold(), [])
        for relation, value, ev_value in _case_facts(case) if people else []:
            targets = [i for i, m in enumerate(record.mentions) if mention_value(relation, m) == value]
            pair = _closest(record, people, targets, _evidence(case, relation, ev_value))
            link = Link(pair[0], pair[1], relation) if pair else None
            if link is None or link in links:
                continue
            links.append(link)
            keys.append((case.person.casefold(), relation, value))
    return links, keys


@dataclass
class Fact:
    """A case fact read from a relation."""

    key: Key
    person: str
    relation: str
    value: str
    sentence: SentenceValue | None = None


def relation_facts(record: DocumentRecord, relations: Iterable[tuple[int, int, str]], where: str,
                   warnings: list[str]) -> list[Fact]:
    """The case facts of relations (``(from, to, label)``, mention indices) between the
    record's mentions; a relation that is not PERSON -> the label's target is a warning."""
    facts = []
    for a, b, relation in relations:
        pm, tm = record.mentions[a], record.mentions[b]
        if pm.label != "PERSON" and tm.label == "PERSON":
            pm, tm = tm, pm  # drawn the other way round
        if relation not in RELATION_LABELS or pm.label != "PERSON" \
                or tm.label != target_label(relation):
            warnings.append(f"{where}: relation {relation!r} from {pm.label} {pm.text!r} to "
                            f"{tm.label} {tm.text!r} ignored (expected one of "
                            f"{', '.join(RELATION_LABELS)} from a PERSON)")
            continue
        value = mention_value(relation, tm)
        assert value is not None  # the label was checked above
        sentence = SentenceValue.model_validate(
            {k: getattr(tm, k) for k in SentenceValue.model_fields}) if tm.label == "SENTENCE" else None
        facts.append(Fact((pm.canonical.casefold(), relation, value), pm.canonical, relation, value,
                          sentence))
    return facts


def parse_keys(data: Any, where: str, warnings: list[str]) -> list[Key]:
    """The exported facts listed under :data:`LINKS_KEY` (none when absent or malformed)."""
    if data is None:
        return []
    if not isinstance(data, list) or not all(
            isinstance(k, list | tuple) and len(k) == 3 and all(isinstance(x, str) for x in k) for k in data):
        warnings.append(f"{where}: {LINKS_KEY} is not a list of [person, relation, value], ignored")
        return []
    return [(k[0], k[1], k[2]) for k in data]


def _remove(cases: list[Case], key: Key) -> None:
    person, relation, value = key
    for case in cases:
        if case.person.casefold() != person:
            continue
        if relation == "charge" and value in case.charges:
            case.charges.remove(value)
            return
        if relation == "sentence":
            hit = next((s for s in case.sentences if _sentence_key(s) == value), None)
            if hit is not None:
                case.sentences.remove(hit)
                return
        hit_event = next((e for e in case.events if e.type == relation and e.date == value), None)
        if hit_event is not None:
            case.events.remove(hit_event)
            return


def _add(cases: list[Case], fact: Fact) -> None:
    case = next((c for c in cases if c.person.casefold() == fact.key[0]), None)
    if case is None:
        case = Case(person=fact.person)
        cases.append(case)
    if fact.relation == "charge":
        case.charges.append(fact.value)  # type: ignore[arg-type]
    elif fact.sentence is not None:
        case.sentences.append(fact.sentence)
    else:
        case.events.append(Event.model_validate({"type": fact.relation, "date": fact.value}))


def apply_links(record: DocumentRecord, facts: Sequence[Fact], exported: Sequence[Key]) -> DocumentRecord:
    """``record`` with its cases updated from the relations read: the facts of
    ``exported`` that no relation carries any more are removed, new ones are added (to the
    person's case, or a new case)."""
    found = Counter(f.key for f in facts)
    before = Counter(exported)
    if found == before:
        return record
    cases = [c.model_copy(deep=True) for c in record.cases]
    for key, n in (before - found).items():
        for _ in range(n):
            _remove(cases, key)
    added = found - before
    for fact in facts:
        if added[fact.key] > 0:
            added[fact.key] -= 1
            _add(cases, fact)
    return DocumentRecord.model_validate({**record.model_dump(), "cases": [c.model_dump() for c in cases]})
