"""Case linking: person-level facts (charges, sentences, dated events) within a sentence.

The dependency parse links a trigger ("sentenced", "arrested", "Ivanov's conviction") to its
people, dates, charges and penalties. The small model's parse breaks on long report
sentences, so each link falls back to the surface order of the sentence: the people right
after an active trigger or right before a passive one, the nearest date, the nearest
preceding trigger.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from spacy.tokens import Doc, Span, Token

from extract.models import sentence_fact
from extract.nlp.guard import guarded
from extract.nlp.names import BYLINE
from extract.nlp.penalties import number
from extract.rules import load_json, load_wordlist

# A sentence longer than this many tokens is read in pieces cut after a ";" or "," (the
# linking work per piece is bounded, so a whole document costs linear time; real report
# sentences are shorter)
MAX_UNIT = 120
# How far up the parse a link is looked for
MAX_ANCESTORS = 12
# How many of the last units naming people a counted reference ("the three activists") reaches
RECENT_UNITS = 3


def _units(doc: Doc) -> Iterator[Span]:
    """The sentences of ``doc``, a long one cut into pieces of at most :data:`MAX_UNIT`
    tokens, after the last ";" or "," of each piece's second half where there is one."""
    for sent in _lines(doc):
        start = sent.start
        while sent.end - start > MAX_UNIT:
            end = start + MAX_UNIT
            end = next((i + 1 for i in range(end - 1, start + MAX_UNIT // 2, -1)
                        if doc[i].text in (";", ",")), end)
            yield doc[start:end]
            start = end
        yield doc[start:sent.end]


def _lines(doc: Doc) -> Iterator[Span]:
    """The sentences of ``doc`` cut at line breaks: a title or heading line the parser ran
    into the next paragraph is its own unit (its year dates no event of the paragraph)."""
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                yield doc[start:tok.i]
                start = tok.i + 1
        if start < sent.end:
            yield doc[start:sent.end]


def _up(tok: Token) -> Iterator[Token]:
    """``tok`` and its ancestors, at most :data:`MAX_ANCESTORS` of them."""
    yield tok
    for n, a in enumerate(tok.ancestors):
        if n >= MAX_ANCESTORS:
            return
        yield a


# a temporal phrase that frames the events a report tells ("Following protests in May, HRW
# reported that police arrested ...")
_NARRATIVE_FRAMES = frozenset({"following", "after", "during", "amid"})

def _in_byline(p: Span, text: str) -> bool:
    """Whether the name stands on a byline, a line of its own (``text``: the doc's)."""
    start = text.rfind("\n", 0, p.start_char) + 1
    end = text.find("\n", p.end_char)
    return BYLINE.fullmatch(text[start:end if end >= 0 else len(text)].strip()) is not None


_CLAUSE_BREAK = {";", ".", ":", "—", "while", "whereas", "but"}  # a new clause starts


def _evidence(key: str, item: Any, person: Span, used: list[Span | Token],
              sent: Span) -> dict[str, Any]:
    """Where a case fact was read: the sentence (character span), the mentions and trigger
    words it used inside that sentence, and the person mention it was linked to (which may
    stand in an earlier sentence, for "he", "the journalist", "both")."""
    fact = item["type"] if key == "events" else key.rstrip("s")
    if key == "charges":
        value = item
    elif key == "sentences":
        value = sentence_fact(item["kind"], item.get("duration"))
    else:
        value = item.get("date")
    parts = []
    for u in used:
        span = u if isinstance(u, Span) else u.doc[u.i:u.i + 1]
        if sent.start <= span.start and span.end <= sent.end:
            parts.append({"label": span.label_ or "TRIGGER", "start": span.start_char,
                          "end": span.end_char})
    if sent.start <= person.start and person.end <= sent.end:
        parts.append({"label": "PERSON", "start": person.start_char, "end": person.end_char})
    return {"fact": fact, "value": value, "start": sent.start_char, "end": sent.end_char,
            "mentions": parts, "person": {"start": person.start_char, "end": person.end_char}}


_FACT_LABELS = ("DATE", "CHARGE", "SENTENCE")
_OUTSIDE = frozenset({"outside", "near", "before", "from"})


@dataclass
class _Group:
    """An unnamed group a unit's events were said of ("sentenced five human rights defenders
    to prison", "arrested independent journalists"), with those facts, for its members named
    in the next unit ("The five – A, B, ... – received ...", "Those detained were A; B; ...",
    "The detained journalists included A, B and C", "seven of the 18, including A and B")."""

    count: int | None  # None: an uncounted group of role nouns ("independent journalists")
    noun: str  # the lemma of its head ("defender"): "The detained journalists included A"
    sent: Span
    facts: list[tuple[str, Any, list[Span | Token]]] = field(default_factory=list)
    ttl: int = 2  # units it waits for its members


@dataclass
class _Reading:
    """What the linker keeps while it reads one document, unit by unit."""

    by_token: dict[int, Span]  # token index -> the PERSON mention holding it
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower canonical -> case
    sent_persons: list[Span] = field(default_factory=list)  # the PERSONs of the current unit
    recent: list[list[Span]] = field(default_factory=list)  # the people of the last units
    role_of: dict[str, Span] = field(default_factory=dict)  # role word -> person it was said of
    group: _Group | None = None  # an unnamed group whose members may be named next
    unit_group: list[Span] = field(default_factory=list)  # the last trigger's people, if many
    dates: dict[str, str] = field(default_factory=dict)  # event type -> its date, this unit
    last_dates: dict[str, str] = field(default_factory=dict)  # the same, the unit before
    victims: set[int] = field(default_factory=set)  # this unit's, as in _Unit

    @property
    def last_people(self) -> list[Span]:
        """The people of the last unit that named any."""
        return self.recent[-1] if self.recent else []

    @property
    def last_person(self) -> Span | None:
        """The last person of that unit."""
        return self.recent[-1][-1] if self.recent else None

    def case(self, p: Span) -> dict[str, Any]:
        """``p``'s case record (created empty the first time)."""
        name = p._.hr["canonical"]
        return self.cases.setdefault(name.lower(), {"person": name, "charges": [],
                                                    "sentences": [], "events": [],
                                                    "evidence": []})

    def add(self, p: Span, key: str, item: Any, used: list[Span | Token], sent: Span) -> None:
        """Add a fact to ``p``'s case, with the sentence and the mentions it was read from
        (the first time the fact is found)."""
        entry = self.case(p)
        if item in entry[key]:
            return
        entry[key].append(item)
        entry["evidence"].append(_evidence(key, item, p, used, sent))
        if key == "events" and item["date"] is not None:
            self.dates[item["type"]] = item["date"]

    def also_date(self, verb: Token | None, kind: str) -> str | None:
        """The date of the same event just told of others, for a verb with "also" ("The
        co-defendants also received 35-year sentences"): of this unit, else the unit
        before (gold/README round 10); for a definite event noun as a subject ("The release
        included A and B"), of the unit before."""
        if verb is None:
            return None
        if verb.pos_ == "NOUN" and verb.dep_ == "nsubj" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in verb.children):
            # "On January 7, the government released several prisoners. The release
            # included A and B": the event just told, on its date
            return self.last_dates.get(kind) if kind not in self.dates else None
        if not any(c.lower_ == "also" for c in verb.children):
            return None
        return self.dates.get(kind) or self.last_dates.get(kind)

    def found_cases(self) -> list[dict[str, Any]]:
        """The cases with at least one fact; an undated event is dropped where the case holds
        the same event dated ("imprisoned since June 2022 ... remained in prison")."""
        out = []
        for c in self.cases.values():
            dated = {e["type"] for e in c["events"] if e["date"] is not None}
            c["events"] = [e for e in c["events"] if e["date"] is not None
                           or e["type"] not in dated]
            c["evidence"] = [ev for ev in c["evidence"] if ev["value"] is not None
                             or ev["fact"] not in dated]
            if c["events"] or c["charges"] or c["sentences"]:
                out.append(c)
        return out


@dataclass
class _Unit:
    """One unit being read: its mentions by label, its triggers, and its links so far."""

    sent: Span
    triggers: list[Token]
    kinds: dict[int, str]  # trigger index -> its event type (read once per unit)
    within: dict[str, list[Span]]  # DATE, CHARGE, SENTENCE mentions of the unit
    victims: set[int]  # token indices inside a charge's object ("the murder of X")
    linked: dict[int, list[Span]] = field(default_factory=dict)  # trigger index -> people
    dated: dict[int, str | None] = field(default_factory=dict)  # trigger index -> DATE value
    penalty_people: dict[int, list[Span]] = field(default_factory=dict)  # SENTENCE token -> people


def _bucket(units: list[Span],
            labelled: list[tuple[str, list[Span]]]) -> dict[tuple[str, int], list[Span]]:
    """Spans bucketed by (label, unit number) once, not filtered per unit: linear in the
    document."""
    unit_of = {}
    for n, sent in enumerate(units):
        for i in range(sent.start, sent.end):
            unit_of[i] = n
    buckets: dict[tuple[str, int], list[Span]] = {}
    for label, spans in labelled:
        for sp in spans:
            buckets.setdefault((label, unit_of[sp.start]), []).append(sp)
    return buckets


def _nearest_trigger(tok: Token, trig: set[int]) -> int | None:
    """The first trigger among ``tok`` and its ancestors."""
    for a in _up(tok):
        if a.i in trig:
            return a.i
    return None


def _under_other_verb(tok: Token, trigger: Token, list_verbs: frozenset[str]) -> bool:
    """Whether a verb stands between ``tok`` and the trigger above it: a name inside a
    clause of its own ("detained A for signing a letter calling on President B to leave")
    is not what the trigger is done to; a list verb ("including A and B") is no clause."""
    for a in _up(tok):
        if a.i == trigger.i or a.lemma_.lower() in list_verbs:
            return False  # a list ("including A") goes with the group the parse may misplace
        if a.i != tok.i and a.pos_ == "VERB":
            return True
    return False


def _controlling_verb(t: Token) -> Token | None:
    """The verb whose clause a subjectless passive participle ``t`` is an adjunct of ("was
    serving five years after being convicted": serving), else None."""
    if not any(c.dep_ == "auxpass" for c in t.children) or any(
            c.dep_.startswith("nsubj") for c in t.children):
        return None
    head = t.head.head if t.dep_ == "pcomp" and t.head.dep_ == "prep" else (
        t.head if t.dep_ == "advcl" else None)
    return head if head is not None and head.pos_ in ("VERB", "AUX") else None


def _named_count(recent: list[list[Span]], count: int) -> list[Span]:
    """The people of the latest unit that named exactly ``count`` people ("arrested A and
    B and C. A's family said ... The three activists were charged"), else none."""
    for people in reversed(recent):
        distinct = list({p._.hr["canonical"].lower(): p for p in people}.values())
        if len(distinct) == count:
            return distinct
    return []


def _shares_subject(t: Token) -> bool:
    """Whether verb ``t`` is conjoined to a verb before it and has no subject of its own
    ("were arrested and charged"), or a bare participle after it in a list of verbs the parse
    took for an adjunct ("were arrested, charged with sedition, and released")."""
    listed = t.dep_ == "advcl" and t.tag_ == "VBN" and t.doc[t.i - 1].text == "," and not any(
        c.dep_ in ("mark", "aux", "auxpass") for c in t.children)
    return (t.dep_ == "conj" or listed) and t.head.pos_ == "VERB" and t.head.i < t.i and not any(
        c.dep_.startswith("nsubj") for c in t.children)


def _conj_anchor(t: Token) -> Token:
    """The verb a conjoined trigger shares its subject with: its head, or, where the parse
    hung it on the offence ("convicted of spreading false news in 2021 and sentenced to
    ..."), the verb above that offence's gerund."""
    head = t.head
    while head.tag_ == "VBG" and head.dep_ == "pcomp":  # a pcomp is never the root
        head = head.head.head
    return head


def _modified_person(t: Token, by_token: dict[int, Span]) -> list[Span] | None:
    """The person a modifier trigger hangs from ("Ivanov, an activist arrested in ..."),
    None when ``t`` is no modifier or hangs from no person."""
    if t.dep_ not in ("acl", "relcl", "appos"):
        return None
    if named := _named_between(t.head, t, by_token):
        return named  # "Three prisoners (A, B, and C) convicted in 2017": the names between
    for a in t.ancestors:
        if a.i in by_token:
            return [by_token[a.i]]
        if a.dep_ == "appos" and a.head.i in by_token:
            return [by_token[a.head.i]]
    return None


def _named_between(noun: Token, t: Token, by_token: dict[int, Span]) -> list[Span]:
    """The names listed between a noun and the modifier ``t`` of it, with nothing else
    between them than brackets, dashes, commas and "and" ("three prisoners (A, B, and C)
    convicted", "two activists, A and B, arrested"), wherever the parse hangs them."""
    if noun.pos_ != "NOUN" or not noun.i < t.i:
        return []
    named: list[Span] = []
    i = noun.i + 1
    while i < t.i:
        if i in by_token:
            named.append(by_token[i])
            i = by_token[i].end
        elif t.doc[i].text in ("(", ")", ",", "and", "–", "—", "-"):
            i += 1
        else:
            return []
    return named


def _group_members(t: Token, unit: _Unit, patients: dict[int, int]) -> list[Span]:
    """The named members of the group a modifier trigger describes: "several detainees
    convicted for organizing protests were released ..., including A, B and C" (A, B and C,
    the people of "released", are the detainees "convicted" describes). ``patients``: the
    patient (subject of a passive, object) of each trigger with people -> that trigger."""
    if t.dep_ not in ("acl", "relcl") or t.head.pos_ != "NOUN" or t.head.i not in patients:
        return []
    return list(unit.linked[patients[t.head.i]])


_DEFINITE = ("the", "all", "these", "those")


def _after_subject(tok: Token) -> bool:
    """Whether the word before ``tok`` (past punctuation and a prefix: "re-arrested") is a
    noun or pronoun: then a participle the parse took for a modifier is the verb of that
    subject ("a court in the region, sentenced journalist X")."""
    i = tok.i - 1
    while i >= 0 and (tok.doc[i].is_punct or not tok.doc[i].whitespace_):
        i -= 1
    return i >= 0 and tok.doc[i].pos_ in ("NOUN", "PROPN", "PRON")


def _governed_by(tok: Token, noun: Token) -> bool:
    """Whether a name hangs from ``noun`` directly or by a preposition, also as a later
    member of a list whose parse went astray ("detainees, including party chairman A and
    members B and C", where the parse joins A to a party's name)."""
    for _ in range(8):
        if tok.head.i == noun.i or (tok.head.dep_ == "prep" and tok.head.head.i == noun.i):
            return True
        if tok.dep_ not in ("conj", "appos") or tok.head is tok:
            return False
        tok = tok.head
    return False


def _count(tok: Token) -> int | None:
    """The number a token is ("the five") or carries ("six leaders"), when two or more."""
    nums = [tok] if tok.pos_ == "NUM" else [c for c in tok.children if c.dep_ == "nummod"]
    n = number(nums[0].text) if nums else None
    return int(n) if n is not None and n >= 2 else None


def _definite(tok: Token) -> bool:
    return any(c.lower_ in _DEFINITE for c in tok.children)


def _definite_count(tok: Token) -> int | None:
    """The number of a definite counted group: "the five", "all six individuals", "these
    three activists" (None for "six leaders", a new group, or no number)."""
    if not _definite(tok) or not (tok.pos_ == "NUM" or tok.tag_ == "NNS"):
        return None
    return _count(tok)


def _other_subject(p: Span, ref: Token) -> bool:
    """Whether ``p`` is in the subject of a verb above ``ref`` that ``ref`` is not in: the
    agent of a clause about a group ("X defended the jailing of the two journalists")."""
    for a in ref.ancestors:
        for c in a.children:
            if c.dep_ == "nsubj" and c.left_edge.i <= p.root.i <= c.right_edge.i and not (
                    c.left_edge.i <= ref.i <= c.right_edge.i):
                return True
    return False


_ADJUNCT_PREPS = frozenset({"during", "amid", "despite", "following"})


def _in_adjunct(tok: Token, t: Token) -> bool:
    """Whether ``tok`` hangs from the trigger ``t`` through a circumstantial phrase ("during
    the visit of President X, the court released ..."): X is no patient."""
    node = tok
    while node.i != t.i and node.head is not node:
        if node.dep_ == "prep" and node.lower_ in _ADJUNCT_PREPS and node.head.i == t.i:
            return True
        node = node.head
    return False


def _has_common_patient(t: Token, legal_objects: frozenset[str]) -> bool:
    """Whether the verb ``t`` has its own patient, a plural common noun ("released 30
    political opponents"): the name before it is then someone else (not a legal object the
    verb acts on: "rejected the appeals", "started investigations")."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN" and c.tag_ == "NNS"
               and c.lemma_.lower() not in legal_objects for c in t.children)


def _dates_offence(d: Span, offence: set[int]) -> bool:
    """Whether the date ``d`` is a phrase on an offence noun ("charged ... for corruption| in
    2020": when the offence happened, gold/README round 10)."""
    prep = d.root.head
    return prep.dep_ == "prep" and prep.lower_ in ("in", "on", "during") \
        and prep.head.i in offence and prep.head.pos_ == "NOUN"


def _unnamed_first_object(tok: Token, by_token: dict[int, Span]) -> bool:
    """Whether the verb of the object pronoun ``tok`` is conjoined to a verb whose object is
    a plural noun that names nobody ("arrested 30 marines and charged them")."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.dep_ != "conj" or verb.head.pos_ != "VERB":
        return False
    return any(o.dep_ == "dobj" and o.tag_ == "NNS" and not any(t.i in by_token for t in o.subtree)
               and not any(c.dep_ in ("det", "predet") for c in o.children)  # "all five suspects"
               for o in verb.head.children)


def _range_ends(penalties: list[Span]) -> set[int]:
    """The starts of the penalties that are the two ends of a range ("from two to four
    years", "ranging from 12 months to life", "between 10 to 12 years")."""
    out: set[int] = set()
    spans = sorted(penalties, key=lambda x: x.start)
    for a, b in pairwise(spans):
        doc = a.doc
        joined = b.start - a.end == 1 and doc[a.end].lower_ in ("to", "and")
        if joined and a.start > 0 and doc[a.start - 1].lower_ in ("from", "between"):
            out |= {a.start, b.start}
    return out


def _own_penalty_people(s: Span, trigger: Token, people: list[Span],
                        penalties: list[Span], named: list[Span]) -> list[Span]:
    """Of the people of a trigger, those a penalty is said of when the sentence pairs them
    ("sentenced A and B to ten years, and C to five years": ten years for A and B, five for
    C; "A was sentenced to ten years and B to five"): the people between the trigger or the
    last penalty before and this one, for the first penalty else the subject. Between two
    penalties any person the unit ``named`` counts, however the parse attached the name
    ("convicted A to 14 years on charges of X and B and C to 15 years")."""
    after = sorted((o for o in penalties if o.start > trigger.i), key=lambda o: o.start)
    pool = list(dict.fromkeys([*people, *(p for p in named if p.start > trigger.i)]))
    if s.start < trigger.i or len(after) < 2 or not any(
            after[0].end <= p.start < after[-1].start for p in pool):
        return people  # no name stands between two penalties: each is said of them all
    prev = max((o.end for o in after if o.end <= s.start), default=trigger.i)
    own = [p for p in (people if s.start == after[0].start else pool)
           if prev <= p.start < s.start]
    if not own and s.start == after[0].start:
        # "A was sentenced to 22 years and B to 20 years": the first term is the subject's
        own = [p for p in people if p.start < trigger.i]
    return own or people


def _gapped_charge_people(c: Span, trigger: Token, unit: _Unit) -> list[Span]:
    """The people of the penalty right before a charge when the trigger's penalties go to
    different people ("sentenced A to five years for X and B to three years for Y": Y is
    B's); none when they all go to the same or no charge stands between two penalties."""
    after = sorted((s for s in unit.within["SENTENCE"] if s.start > trigger.i),
                   key=lambda s: s.start)
    owners = [unit.penalty_people.get(s.start, []) for s in after]
    if len({tuple(p.start for p in o) for o in owners}) < 2 or not any(
            after[0].end <= o.start < after[-1].start for o in unit.within["CHARGE"]):
        return []  # "sentenced A to ten years, and B to five years for X": X is all theirs
    before = [o for s, o in zip(after, owners, strict=True) if s.end <= c.start]
    return before[-1] if before else []


def _respective(s: Span, penalties: list[Span], people: list[Span]) -> list[Span]:
    """"A, B, and C ... to 20, 16, and 12 years' imprisonment, respectively": the n-th
    penalty of a list followed by "respectively" (or after "their respective") is the n-th
    person's (``people`` as they are when the counts differ)."""
    doc = s.doc
    run = [s]
    for step in (-1, 1):
        for o in sorted(penalties, key=lambda o: step * o.start):
            edge = run[0] if step < 0 else run[-1]
            gap = doc[o.end:edge.start] if step < 0 else doc[edge.end:o.start]
            if (o.start - edge.start) * step > 0 and all(t.text in (",", "and") for t in gap):
                run = [o, *run] if step < 0 else [*run, o]
    end = run[-1].end
    if end < len(doc) and doc[end].text == "(":  # "€500 ($545), respectively": past a gloss
        end = next((t.i + 1 for t in doc[end:end + 8] if t.text == ")"), end)
    after = [t for t in doc[end:end + 2] if t.text != ","]
    # "... respectively" after the list, or "their respective 18-year and 16-year terms"
    marked = (after and after[0].lower_ == "respectively") or (
        run[0].start > 0 and doc[run[0].start - 1].lower_ == "respective")
    if len(run) < 2 or len(run) != len(people) or not marked:
        return people
    return [sorted(people, key=lambda p: p.start)[run.index(s)]]


def _until(d: Span, t: Token) -> bool:
    """Whether a date ends a period ("until March 21", "until his December 8 hearing"), not
    the trigger's own ("until his December 2022 conviction")."""
    for a in _up(d.root):
        if a.i == t.i:
            return False
        if a.lower_ in ("until", "till") and not d.start <= a.i < d.end:  # "April until June"
            return True
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


def _conjoined_people(p: Span, by_token: dict[int, Span]) -> list[Span]:
    """The people of the list ``p`` is a member of ("A, B, and C"), in order; ``[p]`` when
    it is in none."""
    first = p.root
    while first.dep_ == "conj" and first.head.i in by_token:
        first = first.head
    members, stack = [], [first]
    while stack:
        tok = stack.pop()
        if tok.i in by_token and by_token[tok.i] not in members:
            members.append(by_token[tok.i])
        # (a name the parse hangs as an apposition inside the list is a member too)
        stack += [c for c in tok.children if c.dep_ == "conj" or (
            c.dep_ == "appos" and c.i in by_token)]
    return sorted(members, key=lambda s: s.start) if p in members else [p]


_TIME_UNITS = frozenset({"hour", "day", "week", "month", "year"})


def _up_to_clause(tok: Token) -> Iterator[Token]:
    """The ancestors of ``tok`` up to the head of its relative clause, if it is in one:
    "released A, whom they had detained for eight years" (the release's date is not the
    detention's); not a "when" clause, said of its date ("until March 21, when it released")."""
    def bound(t: Token) -> bool:
        return t.dep_ == "relcl" and not any(c.lower_ == "when" for c in t.children)
    if bound(tok):
        return
    for a in tok.ancestors:
        yield a
        if bound(a):
            return


def _dates_own_clause(gov: Token, chain: list[int]) -> bool:
    """Whether a date governed by ``gov`` belongs to that clause alone, not to an event
    outside it: "found guilty of making posts in 2010" (the offence's date), "sentenced after
    a trial that took place in June" (a relative clause's own date)."""
    if gov.tag_ == "VBG" and gov.dep_ == "pcomp":
        return True
    return gov.dep_ == "relcl" and gov.i not in chain and any(
        c.tag_ in ("WDT", "WP") for c in gov.children)


def _relative_antecedent(verb: Token | None, by_token: dict[int, Span]) -> list[Span]:
    """The person a relative clause headed by ``verb`` is said of ("B, who received a
    12-year term": B), if its subject is a relative pronoun and its antecedent a PERSON."""
    if verb is None or verb.head.i not in by_token or not _relative_subject(verb):
        return []
    return [by_token[verb.head.i]]


def _relative_subject(verb: Token, tags: tuple[str, ...] = ("WP", "WDT")) -> bool:
    """Whether ``verb`` heads a relative clause whose subject is a relative pronoun of
    ``tags`` ("who", "that"): the clause is said of its antecedent."""
    return verb.dep_ == "relcl" and any(
        c.dep_.startswith("nsubj") and c.tag_ in tags for c in verb.children)


def _extend_list(after: list[Span], sent: Span, by_token: dict[int, Span]) -> list[Span]:
    """A comma list of names goes on past the window: add its names to ``after``."""
    doc = sent.doc
    j = after[-1].end
    while j + 1 < sent.end and doc[j].text in (",", "and", ";") and (
            doc[j + 1].i in by_token or (doc[j + 1].text == "and" and j + 2 < sent.end
                                         and doc[j + 2].i in by_token)):
        k = j + 1 if doc[j + 1].i in by_token else j + 2
        after.append(by_token[k])
        j = by_token[k].end
    return after


class CaseLinker:
    """Builds ``doc._.hr_cases`` from the PERSON, DATE, CHARGE and SENTENCE span groups."""

    def __init__(self, keys: dict[str, str], name: str = "hr_cases") -> None:
        self.name = name
        cfg: dict[str, Any] = load_json("cases/events.json")
        self.keys = keys
        self.triggers: dict[str, str] = cfg["triggers"]
        self.noun_triggers: dict[str, str] = cfg["noun_triggers"]
        self.compound_nouns: dict[str, str] = cfg["compound_noun_triggers"]
        self.document_nouns = frozenset(cfg["document_nouns"])
        self.appeal = cfg["appeal_rejected"]
        self.guilty_verbs = set(cfg["guilty_verbs"])
        self.people_only = frozenset(cfg["people_only"])
        self.hypothetical = set(cfg["hypothetical_heads"])
        self.real_object_of = frozenset(cfg["real_object_of"])
        self.pronouns = set(cfg["pronouns"])
        self.plural = set(cfg["plural_pronouns"])
        self.reporting = set(cfg["reporting_verbs"])
        self.no_implied = set(cfg["no_implied_sentence_after"])
        self.penalty_verbs = set(cfg["penalty_verbs"])
        self.penalty_nouns = frozenset(cfg["penalty_nouns"])
        self.document_adverbs = frozenset(cfg["document_adverbs"])
        self.imposing_verbs = frozenset(cfg["imposing_verbs"])
        self.law_subjects = frozenset(cfg["law_subjects"])
        self.publication_verbs = frozenset(cfg["publication_objects"]["verbs"])
        self.publication_objects = frozenset(cfg["publication_objects"]["objects"])
        self.subject_undergoes = frozenset(cfg["subject_undergoes"])
        self.list_verbs = frozenset(cfg["list_verbs"])
        self.held = cfg["held"]
        self.into_custody: dict[str, Any] = cfg["into_custody"]
        self.ordering = frozenset(cfg["ordering_verbs"])
        self.confinement: dict[str, Any] = cfg["confinement"]
        self.roles = frozenset(cfg["role_nouns"]) | load_wordlist("persons/titles.txt")
        self.kin = frozenset(cfg["kin_nouns"])
        # every lemma that can trigger an event: most tokens are ruled out by one lookup
        self.object_events: list[dict[str, Any]] = cfg["object_events"]
        self.anaphoric = frozenset(cfg["anaphoric_legal_nouns"])
        self.accused_after: dict[str, list[str]] = cfg["accused_after"]
        self._legal_objects = frozenset([*self.appeal["objects"], *self.anaphoric,
                                          *(o for oe in self.object_events for o in oe["objects"])])
        self._trigger_lemmas = frozenset([*self.triggers, *self.noun_triggers,
                                          *self.held["verbs"], *self.held["nouns"], *self.held["objects"],
                                          *self.guilty_verbs,
                                          *self.confinement["verbs"],
                                          *self.appeal["verbs"],
                                          *(v for oe in self.object_events for v in oe["verbs"])])

    # -- triggers ------------------------------------------------------------------------
    def event(self, tok: Token) -> str | None:
        """The event type a token triggers, if any."""
        lemma = tok.lemma_.lower()
        if lemma not in self._trigger_lemmas:
            return None
        if tok.pos_ in ("VERB", "ADJ") and lemma in self.triggers:
            if self.triggers[lemma] == "released" and (self._state(tok) or (
                    tok.pos_ == "ADJ" and tok.dep_ in ("amod", "compound"))):
                return None  # "X remained free on bail", "free speech": no release
            if any(c.lower_ in self.document_adverbs for c in tok.children):
                return None  # "interviews publicly released in April": a publication
            if lemma in self.publication_verbs and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.publication_objects
                    for c in tok.children):
                return None  # "released a statement", "a video was released"
            if lemma in self.people_only and not self._done_to_people(tok):
                return None  # "executed search warrants", "calls to execute reporters"
            return self.triggers[lemma]
        if tok.pos_ in ("VERB", "ADJ") and lemma in self.confinement["verbs"]:
            return self._confinement(tok)
        if tok.pos_ == "NOUN" and lemma in self.held["nouns"]:
            # "political prisoners A and B": held, unless the noun is another trigger's
            # patient ("released seven of the detainees, including A")
            return None if any(self.event(a) for a in islice(tok.ancestors, 3)) else "detained"
        if tok.pos_ == "NOUN" and lemma in self.noun_triggers:
            if lemma in self.document_nouns and any(c.lower_ in ("a", "an") for c in tok.children) \
                    and not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of")
                                for c in tok.children):
                return None  # "in a January 22 release": a document, nobody's release
            head = tok.head
            if head.lower_ == "into" and head.head.lemma_.lower() in self.into_custody["verbs"]:
                return str(self.into_custody["event"])  # "taken into police custody"
            compound = " ".join([*(c.lower_ for c in tok.lefts if c.dep_ == "compound"), lemma])
            return self.compound_nouns.get(compound, self.noun_triggers[lemma])
        if tok.pos_ == "NOUN" and lemma in self.held["objects"] and tok.head.lower_ == "in" \
                and tok.doc[tok.head.i - 1].lower_ == "while":
            return "detained"  # "died while in prison": held at the time
        if tok.pos_ == "VERB" and lemma in self.held["verbs"] and any(
                c.lower_ in self.held["objects"] and c.head.lower_ not in _OUTSIDE
                for c in tok.subtree if c.i > tok.i):
            return "detained"  # "held incommunicado", "remained in prison" (not "held a
            # vigil outside the prison")
        if tok.pos_ == "VERB" and lemma in self.held["people_verbs"]:
            named = self._named(tok.doc)
            if any(c.dep_ == "dobj" and (c.i in named or c.lower_ in self.pronouns
                                         or c.lower_ in self.plural) for c in tok.children):
                return "detained"  # "authorities continued to hold Ivan Petrov", "held him"
        if tok.pos_ == "VERB" and lemma in self.guilty_verbs and any(
                c.lower_ == "guilty" for c in tok.subtree):
            guilty = next(c for c in tok.subtree if c.lower_ == "guilty")
            # "were found not guilty of all charges": acquitted
            return "acquitted" if tok.doc[guilty.i - 1].lower_ == "not" else "convicted"
        if tok.pos_ == "VERB" and lemma in self.appeal["verbs"] and any(
                o.lemma_.lower() in self.appeal["objects"] for o in tok.children
                if o.dep_ in ("dobj", "nsubjpass", "nsubj")):
            return "appeal_rejected"
        if tok.pos_ == "VERB":
            return self._object_event(tok, lemma)
        return None

    def _penalty_term(self, tok: Token, penalty: set[int]) -> bool:
        """A confinement noun that names a penalty, not a detention: inside a SENTENCE span
        ("two years' imprisonment") or under a penalty noun ("the suspended sentence of
        imprisonment of X")."""
        return tok.i in penalty or (tok.head.lower_ == "of"
                                    and tok.head.head.lemma_.lower() in self.penalty_nouns)

    def _object_event(self, tok: Token, lemma: str) -> str | None:
        """The event a verb makes with its object ("filed charges against X"); a rule with
        ``via`` needs the object to take one of those prepositions ("opened an investigation
        against X", not "into X's death")."""
        objects = [o for o in tok.children if o.dep_ in ("dobj", "nsubjpass")]
        for oe in self.object_events:
            if lemma not in oe["verbs"]:
                continue
            for o in (o for o in objects if o.lemma_.lower() in oe["objects"]):
                if "via" not in oe or any(c.dep_ == "prep" and c.lower_ in oe["via"]
                                          for c in o.children):
                    return str(oe["event"])
        return None

    def _named(self, doc: Doc) -> set[int]:
        """The token indices of the document's PERSON spans."""
        return {t.i for p in doc.spans.get(self.keys["PERSON"], []) for t in p}

    def _done_to_people(self, tok: Token) -> bool:
        """A passive verb with a subject, or an active one whose object is a named person
        or a pronoun ("were executed", "executed Ivan Petrov")."""
        named = self._named(tok.doc)
        return any(c.dep_ == "nsubjpass" or (c.dep_ == "dobj" and (
            c.i in named or c.pos_ == "PRON")) for c in tok.children)

    def _confinement(self, tok: Token) -> str:
        """A jail verb is the sentence when a penalty stands in its clause ("jailed for 20
        days"), else the state of being held ("jailed activist X", "remained imprisoned")."""
        lo, hi = tok.left_edge.i, tok.right_edge.i  # a subtree is a contiguous stretch
        with_penalty = any(s.start <= hi and s.end > lo
                           for s in tok.doc.spans.get(self.keys["SENTENCE"], []))
        return str(self.confinement["with_penalty" if with_penalty else "otherwise"])

    def _blocked(self, tok: Token) -> bool:
        """Negated or hypothetical ("faces extradition", "was not arrested"), itself or as a
        later conjunct of such a verb ("should cease ... and release all prisoners"); a noun
        under a verb a modal or the law governs ("must inform those arrested of the reasons
        for their arrest", "The constitution prohibited arbitrary arrest")."""
        if tok.pos_ == "NOUN" and (verb := self._governing_verb(tok)) is not None and any(
                (c.dep_ == "aux" and c.tag_ == "MD")
                or (c.dep_.startswith("nsubj") and c.lemma_.lower() in self.law_subjects)
                for c in verb.children):
            return True
        if tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lemma_.lower() in self.hypothetical
                                      for c in tok.children):
            return True  # "on the day of her scheduled release"
        if tok.pos_ == "NOUN" and tok.head.lower_ == "for" and self._called_for(tok.head):
            return True  # "calls in April from a UN rapporteur for their immediate release"
        for _ in range(3):  # the verb and at most two conjuncts before it
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in tok.children):
                return True  # "was not arrested", "should release all political prisoners"
            if tok.head.lower_ in _NARRATIVE_FRAMES or (
                    tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.real_object_of
                    and tok.head.tag_ != "VB"):
                return False  # "called for X's release following his 2023 conviction";
                # "the government appealed the acquittal of X": it happened (not "planned
                # to appeal their convictions")
            if any(a.lemma_.lower() in self.hypothetical for a in islice(tok.ancestors, 2)):
                return True
            if tok.dep_ != "conj" or tok.head.pos_ not in ("VERB", "AUX"):
                return False
            tok = tok.head
        return False

    def _called_for(self, prep: Token) -> bool:
        """Whether a "for" hangs, through nouns and prepositions only, from a call or demand
        ("calls in April from a UN special rapporteur for ...")."""
        for a in _up(prep.head):
            if a.lemma_.lower() in self.hypothetical:
                return True
            if a.pos_ not in ("NOUN", "PROPN", "ADP") or a.dep_ not in ("pobj", "prep"):
                return False
        return False

    # -- linking -------------------------------------------------------------------------
    @guarded
    def __call__(self, doc: Doc) -> Doc:
        # a byline's author ("Written by Ana Ruiz") is no party to the cases
        text = doc.text  # built anew on each access: read once
        persons = [p for p in doc.spans.get(self.keys["PERSON"], []) if not _in_byline(p, text)]
        reading = _Reading({t.i: p for p in persons for t in p})
        groups = {label: list(doc.spans.get(self.keys[label], [])) for label in _FACT_LABELS}
        units = list(_units(doc))
        buckets = _bucket(units, [*groups.items(), ("PERSON", persons)])
        for n, sent in enumerate(units):
            reading.sent_persons = buckets.get(("PERSON", n), [])
            self._read_unit(reading, sent, {k: buckets.get((k, n), []) for k in groups})
        doc._.hr_cases = reading.found_cases()
        return doc

    def _read_unit(self, reading: _Reading, sent: Span, within: dict[str, list[Span]]) -> None:
        """Link the triggers, penalties and charges of one unit, then remember its people
        for the pronouns and role nouns of the units after it."""
        # the words of an offence tell no event ("for holding two assemblies outside the
        # prison", "accused of detaining")
        offence = {i for c in within["CHARGE"] for i in range(c.start, c.end)}
        penalty = {i for s in within["SENTENCE"] for i in range(s.start, s.end)}
        kinds = {t.i: kind for t in sent if t.i not in offence
                 and (kind := self.event(t)) is not None and not self._blocked(t)
                 and not (kind == "detained" and self._penalty_term(t, penalty))}
        triggers = [t for t in sent if t.i in kinds]
        # "arrested and charged for a May 6 sexual assault": a date inside an offence dates
        # the offence, not an event
        within = {**within, "DATE": [d for d in within["DATE"] if d.root.head.i not in offence
                                     and not _dates_offence(d, offence)]}
        reading.unit_group = []
        reading.last_dates, reading.dates = reading.dates, {}
        # "convicted X of the murder of Y": Y, inside the charge, is the victim
        victims = {i for c in within["CHARGE"]
                   for i in range(c.start, min(c.root.right_edge.i + 1, sent.end))}
        # not a name the parse conjoins to the offence's object ("on charges of organizing
        # mass riots and journalist B ... to 15 years")
        victims -= {p.root.i for p in reading.sent_persons if p.root.dep_ == "conj"
                    and p.root.head.pos_ == "NOUN" and p.root.head.i not in reading.by_token}
        unit = _Unit(sent, triggers, kinds, within, victims)
        reading.victims = victims
        self._link_triggers(reading, unit)
        self._link_penalties(reading, unit)
        self._link_charges(reading, unit)
        self._name_group_members(reading, unit)
        group = self._unnamed_group(unit)
        if group is not None:
            reading.group = group
        if reading.sent_persons:
            # a victim inside a charge is nobody a later pronoun stands for ("convicted X of
            # torturing Y. He ..."), unless the unit names nobody else
            told = [p for p in reading.sent_persons if p.root.i not in victims]
            reading.recent = [*reading.recent[-(RECENT_UNITS - 1):],
                              told or reading.sent_persons]
            self._note_roles(reading, reading.sent_persons)

    def _unnamed_group(self, unit: _Unit) -> _Group | None:
        """The unnamed group ("five human rights defenders", "independent journalists") that
        is the patient of a unit's trigger with no people, with the events, penalties and
        charges said of it (also by a trigger modifying it: "18 politicians whom the
        government charged with ...")."""
        found = [(t, c) for t in unit.triggers if not unit.linked[t.i]
                 for c in t.children if c.dep_ in ("dobj", "nsubjpass") and c.tag_ == "NNS"
                 and not _definite(c) and (_count(c) is not None or self._role(c))]
        if not found:
            return None
        head = found[0][1]
        trig = {t.i for t, c in found if c.i == head.i}
        trig |= {t.i for t in unit.triggers if t.dep_ in ("acl", "relcl") and t.head.i == head.i
                 and not unit.linked[t.i]}
        group = _Group(_count(head), head.lemma_.lower(), unit.sent)
        for t in unit.triggers:
            if t.i in trig:
                group.facts.append(("events", {"type": unit.kinds[t.i],
                                               "date": unit.dated[t.i]}, [t]))
        for label, key in (("CHARGE", "charges"), ("SENTENCE", "sentences")):
            for m in unit.within[label]:
                mt = self._trigger_for(m, unit.triggers)
                if mt is not None and mt.i in trig:
                    value = m._.hr["category"] if label == "CHARGE" else dict(m._.hr)
                    group.facts.append((key, value, [m]))
        return group

    def _role(self, tok: Token) -> bool:
        return tok.lower_ in self.roles or tok.lemma_.lower() in self.roles

    def _name_group_members(self, reading: _Reading, unit: _Unit) -> None:
        """The people of a unit that names the members of the last unnamed group ("The five
        – A, B and C – received ...", "Those detained were A; B; ...") take its facts."""
        group = reading.group
        if group is None:
            return
        group.ttl -= 1
        people = reading.sent_persons
        if group.ttl < 0 or not people:
            reading.group = None if group.ttl < 0 else group
            return
        reading.group = None
        starts = {p.start for p in people}
        ref = next((t for t in unit.sent if self._names_group(t, group) or (
            # "Activists A, B and C were convicted": the group's noun as their title
            t.tag_ == "NNS" and t.lemma_.lower() == group.noun and t.i + 1 in starts)), None)
        if ref is None:
            return  # neither "the five" nor "those detained were" ...: not the members
        # the members are named after the reference, never as the agent of its clause
        people = [p for p in people if p.start > ref.i and not _other_subject(p, ref)]
        if not people or (group.count is not None and len(people) > group.count):
            return
        for p in people:
            for key, item, used in group.facts:
                reading.add(p, key, item, used, group.sent)

    @staticmethod
    def _names_group(t: Token, group: _Group) -> bool:
        """Whether ``t`` refers back to ``group`` as a unit naming its members does: "the
        five", "seven of the 18", "Those detained were", "The detained journalists included"."""
        doc = t.doc
        if t.lower_ in _DEFINITE and t.i + 1 < len(doc) and group.count is not None and (
                number(doc[t.i + 1].text) == group.count):
            return True
        if t.lower_ in ("those", "they", "these") and t.dep_ == "nsubj":
            return t.head.lemma_ == "be"
        return (t.tag_ == "NNS" and t.lemma_.lower() == group.noun and _definite(t)
                and t.dep_ == "nsubj" and t.head.lemma_ in ("include", "be"))

    def _link_triggers(self, reading: _Reading, unit: _Unit) -> None:
        """Each trigger's people (not its agents, not a victim inside a charge) and date,
        added as events."""
        for t in unit.triggers:
            agents = self._agents(t, reading.by_token)
            people = [p for p in self._people(t, unit.sent, unit.triggers, reading)
                      if p.start not in agents and p.root.i not in unit.victims
                      and not self._kin(p)]
            if not people and self._plural_subject(t):
                people = list(reading.last_people)
            if len(people) == 1 and (_relative_subject(t, ("WP",)) or any(
                    c.lower_ == "whom" for c in t.children)) and not any(
                    c.lower_ in ("was", "is", "has") for c in t.children if c.dep_.startswith("aux")):
                # "officials A, B, and C who had been arrested", "released A, B, and C, whom
                # they had detained": the clause is on the list (not "A and her lawyer B, who
                # was released": a singular verb)
                people = _conjoined_people(people[0], reading.by_token)
            people = people or self._held_before(t, unit, reading)
            if not people and _shares_subject(t):
                # "Three of them (A, B and C) were convicted and sentenced": the people of
                # the first verb, however the parse reached them
                people = list(unit.linked.get(_conj_anchor(t).i, []))
            unit.linked[t.i] = people
            if len(people) > 1:
                reading.unit_group = people
        for t in unit.triggers:  # "acquitted and released journalists A, B and C": the
            # first verb shares the object the parse gave its conjunct
            if not unit.linked[t.i] and not any(c.dep_ in ("dobj", "nsubjpass") for c in t.children):
                shared = [c for c in t.children if c.dep_ == "conj" and unit.linked.get(c.i)
                          and not any(g.dep_.startswith("nsubj") for g in c.children)]
                if shared:
                    unit.linked[t.i] = list(unit.linked[shared[0].i])
        patients = {c.i: t.i for t in unit.triggers if unit.linked[t.i] for c in t.children
                    if c.dep_ in ("nsubjpass", "dobj")}
        for t in unit.triggers:
            modifier = not unit.linked[t.i] and t.dep_ in ("acl", "relcl")
            if modifier:
                unit.linked[t.i] = _group_members(t, unit, patients)
            people = unit.linked[t.i]
            unit.dated[t.i] = (self._date(t, unit.kinds[t.i], unit.within["DATE"], unit.triggers)
                               or reading.also_date(t, unit.kinds[t.i]))
            if unit.dated[t.i] is None and t.dep_ == "conj" and self._state(t) \
                    and unit.kinds.get(t.head.i) == "arrested":
                # "arrested in 2019 and held him for five days": the hold starts with the arrest
                unit.dated[t.i] = unit.dated.get(t.head.i)
            held = t.dep_ == "amod" and (  # "jailed activist X", "of detained defenders A"
                t.lemma_.lower() in self.confinement["verbs"] or not _after_subject(t))
            # "released in July after being detained for 60 days": July is not the detention's
            adjunct = _controlling_verb(t) is not None
            if (modifier or held or adjunct) and unit.dated[t.i] is not None and not any(
                    d._.hr["value"] == unit.dated[t.i]
                    and t.left_edge.i <= d.root.i <= t.right_edge.i for d in unit.within["DATE"]):
                # a group's modifier, a jail verb before a name ("jailed activist X"), an
                # adjunct participle: only the dates it holds
                unit.dated[t.i] = None
            date_span = [d for d in unit.within["DATE"]
                         if d._.hr["value"] == unit.dated[t.i]][:1]
            for p in people:
                reading.add(p, "events", {"type": unit.kinds[t.i], "date": unit.dated[t.i]},
                            [t, *date_span], unit.sent)

    def _link_penalties(self, reading: _Reading, unit: _Unit) -> None:
        """Each SENTENCE mention to its people (those of its trigger, else the subject of
        its head, else its possessor), with an implied "sentenced" event."""
        ranges = _range_ends(unit.within["SENTENCE"])
        for s in unit.within["SENTENCE"]:
            st = self._trigger_for(s, unit.triggers)
            people = unit.linked.get(st.i, []) if st is not None else []
            verb = self._governing_verb(s.root)
            if st is not None and verb is not None and _controlling_verb(st) not in (None, verb) \
                    and st not in s.root.ancestors:
                # the trigger before it is an adjunct of another clause: "A was serving five
                # years after being convicted, and B was serving six years" (six years is B's)
                people = self._subjects_of(verb, reading.by_token) or people
            if st is not None and people:
                people = _own_penalty_people(s, st, people, unit.within["SENTENCE"],
                                             reading.sent_persons)
            # "sentenced along with B, who received a 12-year term": the term is B's, dated
            # in its own clause
            if rel := _relative_antecedent(verb, reading.by_token):
                people = rel
                st = st if st is not None and verb is not None and st in verb.subtree else None
            if not people:
                people = self._subjects(s.root, reading.by_token)
            if not people:  # "his five-year sentence", "Ivanov's sentence"
                people = self._possessor(s, reading)
            if not people:  # "a one-month suspension of three journalists, A, B and C"
                people = self._of_object(s.root, reading)
            if not people:  # "The five – A, B and C – received sentences of ..."
                people = self._receivers(s.root, reading)
            if not people:  # "her sentence was shortened to five years"
                people = self._subject_owner(s.root, reading)
            people = _respective(s, unit.within["SENTENCE"], people)
            for tok in s:
                unit.penalty_people[tok.i] = people
            # the ends of a range said of a group are no member's own term (gold/README)
            own = len(people) < 2 or s.start not in ranges
            for p in people:
                if own:
                    reading.add(p, "sentences", dict(s._.hr), [s], unit.sent)
                self._imply_sentenced(reading, unit, p, s, st)

    def _imply_sentenced(self, reading: _Reading, unit: _Unit, p: Span, s: Span,
                         st: Token | None) -> None:
        """A penalty implies a "sentenced" event (dated as its trigger) unless its trigger
        says otherwise ("faces", see ``no_implied_sentence_after``) or ``p`` has one."""
        kind = unit.kinds[st.i] if st is not None else None
        has_sentenced = any(e["type"] == "sentenced" for e in reading.case(p)["events"])
        if kind not in self.no_implied and not has_sentenced:
            imposed = next((c for c in s.root.children if c.dep_ == "acl"
                            and c.lemma_.lower() in self.imposing_verbs), None)
            date = (self._date(imposed, "sentenced", unit.within["DATE"], unit.triggers)
                    if imposed is not None else None)  # "a sentence imposed in December 2020"
            if date is None:
                date = unit.dated.get(st.i) if st is not None else None
            if date is None and st is None:  # "B also received 35-year sentences"
                verb = self._governing_verb(s.root)
                date = reading.also_date(verb, "sentenced")
                if date is None and verb is not None:  # "on May 3 the council ordered a ..."
                    dates = [d for d in unit.within["DATE"] if verb.dep_ != "relcl" or (
                        verb.left_edge.i <= d.start and d.end <= verb.right_edge.i + 1)]
                    date = self._date(verb, "sentenced", dates, unit.triggers)
            reading.add(p, "events", {"type": "sentenced", "date": date},
                        [s, *([st] if st is not None else [])], unit.sent)

    def _link_charges(self, reading: _Reading, unit: _Unit) -> None:
        """Each CHARGE mention to the people it was brought against (never its victim)."""
        for c in unit.within["CHARGE"]:
            for p in self._charged(reading, unit, c):
                if p.root.i not in unit.victims:  # "the murder of X": X is the victim
                    reading.add(p, "charges", c._.hr["category"], [c], unit.sent)

    def _charged(self, reading: _Reading, unit: _Unit, c: Span) -> list[Span]:
        """The people of a charge's trigger, else of the penalty it hangs from, else the
        subject of its clause, else the only person of the unit."""
        ct = self._trigger_for(c, unit.triggers)
        people = unit.linked.get(ct.i, []) if ct is not None else []
        if people and ct is not None:  # "sentenced A to five years for X and B to three for Y"
            people = _gapped_charge_people(c, ct, unit) or people
        if not people:  # "his sentence for spreading false news"
            people = next((unit.penalty_people[a.i] for a in _up(c.root)
                           if a.i in unit.penalty_people), [])
        if not people:  # "his trial for money laundering", "the trial of X on charges of"
            people = self._noun_owner(c, reading)
        if not people:  # "issued arrest warrants for A and B on charges of ..."
            verb = next((a for a in _up(c.root) if a.pos_ in ("VERB", "AUX")), None)
            objs = [o for o in (verb.children if verb is not None else []) if o.dep_ == "dobj"]
            people = next((found for o in objs
                           if (found := self._accused_after(o, reading))), [])
        if not people:  # "X faced charges of ...": the subject of the clause
            first = c.root  # "for inciting X and insulting Y": from the list's first offence
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head
            people = self._clause_subjects(first, reading)
        if not people:  # the only person the unit names (maybe twice: "Harvey Ji (Ji Xiaolong)")
            named = {p._.hr["canonical"].lower(): p for p in reading.sent_persons}
            people = list(named.values()) if len(named) == 1 else []
        return people

    def _kin(self, p: Span) -> bool:
        """Whether ``p`` is named as somebody's relative in an apposition ("X, the son of
        party leader Y, was deported": Y): a kin noun and "of" before it since the last
        comma."""
        doc = p.doc
        for i in range(p.start - 1, max(p.sent.start, p.start - 10) - 1, -1):
            if doc[i].text in (",", ";", "(", "—", "–"):
                return False
            if doc[i].lower_ == "of" and i > 0 and doc[i - 1].lemma_.lower() in self.kin:
                return True
        return False

    def _noun_owner(self, c: Span, reading: _Reading) -> list[Span]:
        """The possessor or of-object of the noun a charge hangs from, below any verb ("his
        September arrest for membership in ...", "the trial of X on charges of ...")."""
        for a in _up(c.root):
            if a.pos_ in ("VERB", "AUX"):
                return []
            if c.start <= a.i < c.end or a.pos_ != "NOUN":
                continue
            owner = self._owner(a, reading, named_only=True)
            if owner is None:
                owner = self._accused_after(a, reading)
            if owner is not None:
                return owner
        return []

    def _accused_after(self, noun: Token, reading: _Reading) -> list[Span] | None:
        """The named people after a legal noun's "for"/"against" ("the case against C for
        ...", "issued arrest warrants for A and B on charges of ...": the "for" may hang from
        the verb whose object the noun is), None when it names none."""
        preps = self.accused_after.get(noun.lemma_.lower(), [])
        heads = [noun.head] if noun.dep_ == "dobj" else []
        for ch in [*noun.children, *(c for h in heads for c in h.children)]:
            if ch.dep_ in ("prep", "dative") and ch.lower_ in preps:
                objs = [o for o in ch.children if o.dep_ == "pobj" and o.i in reading.by_token]
                if objs:
                    return self._refer(objs[0], reading)
        return None

    def _owner(self, noun: Token, reading: _Reading, named_only: bool = False) -> list[Span] | None:
        """The people of a noun's possessor ("his arrest") or of-object ("the arrest of the
        journalist"; with ``named_only``, only a named one), None when it has neither."""
        for ch in noun.children:
            if ch.dep_ == "poss":
                return self._refer(ch, reading)
            if ch.dep_ == "prep" and ch.lower_ == "of":
                objs = [o for o in ch.children if o.dep_ == "pobj"
                        and (not named_only or o.i in reading.by_token)]
                if objs:
                    return self._refer(objs[0], reading)
        return None

    def _people(self, t: Token, sent: Span, triggers: list[Token],
                reading: _Reading) -> list[Span]:
        """The people a trigger is about: by the parse (the names it governs first, a
        modified name, a pronoun or role noun as its patient), else by surface order (the
        names right after it, the name right before it, the last person for a pronoun)."""
        trig = {x.i for x in triggers}
        found = [p for p in reading.sent_persons if _nearest_trigger(p.root, trig) == t.i
                 and not _under_other_verb(p.root, t, self.list_verbs)
                 and not _in_adjunct(p.root, t)]
        if t.pos_ == "NOUN":  # "Ivanov's conviction", "the extradition of X"
            return self._noun_trigger_people(t, found, sent, trig, reading)
        if found:  # a list split by semicolons goes on ("including A; scholars B and C; D")
            return self._continue_list(found, sent, trig, reading.by_token, semis=True)
        modified = _modified_person(t, reading.by_token)
        if modified is not None:
            return modified
        referred = self._patient(t, reading) or self._controller(t, reading)
        if referred:
            return referred
        after = self._names_after(t, sent, trig, reading.by_token)
        if after:
            return after
        before = [p for p in reading.sent_persons if p.end <= t.i
                  and not any(p.end <= x < t.i for x in trig)]
        if before and not _has_common_patient(t, self._legal_objects):
            return [before[-1]]  # not "during X's visit, the court released 30 opponents"
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].lower_ in self.pronouns and reading.last_person is not None:
            return [reading.last_person]
        return []

    def _controller(self, t: Token, reading: _Reading) -> list[Span]:
        """The subject of the clause a subjectless passive participle is an adjunct of: "X
        was serving five years after being convicted", "Y was released after being held"."""
        head = _controlling_verb(t)
        return self._subjects_of(head, reading.by_token) if head is not None else []

    def _noun_trigger_people(self, t: Token, found: list[Span], sent: Span, trig: set[int],
                             reading: _Reading) -> list[Span]:
        """The people of a noun trigger: the names it governs (with their list), else its
        possessor or of-object, else the subject of the verb it hangs from."""
        by_token = reading.by_token
        direct = [p for p in found if _governed_by(p.root, t)]
        if direct:  # "the detentions of A, B and C": the whole list
            conj = [by_token[c.i] for p in direct for c in p.root.conjuncts if c.i in by_token]
            return self._continue_list(list(dict.fromkeys(direct + conj)), sent, trig,
                                       by_token)
        owner = self._owner(t, reading)  # "his detention", "the arrest of the journalist"
        if owner is not None:
            return owner
        if t.dep_ == "compound" and t.head.i in by_token:
            return [by_token[t.head.i]]  # "the torture of detainee X": the noun as X's title
        if t.head.lower_ == "in" and t.head.head.i in by_token:
            # "A, B, and C, in detention since 2017, ...": the state of the names it follows
            return _conjoined_people(by_token[t.head.head.i], by_token)
        if t.dep_ == "nsubj" and t.head.lemma_.lower() in self.list_verbs:
            # "The arrests in May included A, B and C": the names it lists
            listed = [p for p in reading.sent_persons if p.start > t.head.i]
            return self._continue_list(listed[:1], sent, trig, by_token) if listed else []
        # "X remained in pretrial detention": the subject of the verb it hangs from
        head = t.head.head if t.head.dep_ == "prep" or t.head.pos_ == "ADP" else t.head
        if t.head.lower_ == "in" and t.doc[t.head.i - 1].lower_ == "while":
            verb = t.head
            while verb.pos_ in ("ADP", "SCONJ") and verb.head.i != verb.i:
                verb = verb.head  # "denied care while in custody": "in" under "while"
            return self._held_while(verb, reading)
        undergoes = head.lemma_.lower() in self.subject_undergoes or any(
            c.dep_ == "nsubjpass" for c in head.children)  # "remained in prison after a conviction"
        if head.pos_ in ("VERB", "AUX") and (head.i not in trig or undergoes):
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "after he was in pretrial detention": a pronoun or role noun subject too
            return self._subjects_of(head, by_token) or (
                self._refer(subj[0], reading) if subj else [])
        return []

    def _held_before(self, t: Token, unit: _Unit, reading: _Reading) -> list[Span]:
        """Who was held for a time before the event of the clause: "After seven months in
        detention, a judge acquitted X", "X, who was released after 30 hours of detention",
        "X received asylum after spending a year in detention" (the event's patient, else its
        subject)."""
        if t.pos_ == "NOUN" and t.head.lower_ in ("in", "of") and t.head.head.lemma_.lower() in (
                _TIME_UNITS):
            prep = t.head.head.head
        elif t.tag_ == "VBG" and t.dep_ == "pcomp" and self._state(t) and not any(
                t.left_edge.i <= s.start <= t.right_edge.i for s in unit.within["SENTENCE"]):
            prep = t.head  # (not "after spending eight and 11 years in prison": a term told)
        else:
            return []
        verb = prep.head
        if prep.lower_ not in ("after", "following") or verb.pos_ not in ("VERB", "AUX"):
            return []
        if unit.linked.get(verb.i):
            return list(unit.linked[verb.i])
        named = [reading.by_token[c.i] for c in verb.children
                 if c.dep_ == "dobj" and c.i in reading.by_token]
        return named or self._subjects_of(verb, reading.by_token)

    def _held_while(self, verb: Token, reading: _Reading) -> list[Span]:
        """Who was held in "<verb> ... while in custody": the named object ("police killed
        X while in custody"), else the subject ("X died while in prison", "he was poisoned
        while in custody"), a pronoun resolved; never a common noun ("prisoners were
        denied care while in custody" names nobody)."""
        by_token = reading.by_token
        objects = [by_token[c.i] for c in verb.children if c.dep_ == "dobj" and c.i in by_token]
        if objects:
            return objects
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return self._subjects_of(verb, by_token) or (
            self._refer(subj[0], reading) if subj and subj[0].pos_ == "PRON" else [])

    def _patient(self, t: Token, reading: _Reading) -> list[Span]:
        """The people an unnamed patient of ``t`` stands for ("he was arrested", "the
        journalist"); the patient of "die" is its subject."""
        patient = [c for c in t.children if c.dep_ == "nsubjpass" or (
            c.dep_ == "dobj" and t.lemma_.lower() != "die") or (
            c.dep_ == "nsubj" and t.lemma_.lower() == "die")]
        if not patient and t.lemma_.lower() in self.guilty_verbs:
            # "found both guilty": the word before "guilty", however the parse attaches it
            patient = [g.doc[g.i - 1] for g in t.children if g.lower_ == "guilty"
                       and g.i - 1 > t.i and (g.doc[g.i - 1].pos_ in ("PRON", "NOUN")
                                                   or g.doc[g.i - 1].lower_ in self.plural)]
        if patient and patient[0].tag_ == "WP" and t.dep_ == "relcl":
            patient = [t.head]  # "The three, who were arrested in 2004": who the clause is on
        if patient and patient[0].i not in reading.by_token:
            return self._refer(patient[0], reading)
        if not patient and t.dep_ == "conj" and t.head.pos_ == "VERB" and not any(
                c.dep_.startswith("nsubj") for c in t.children):
            # "They were arrested and convicted": the first verb's patient
            patient = [c for c in t.head.children if c.dep_ == "nsubjpass"]
            if patient and patient[0].i not in reading.by_token:
                return self._refer(patient[0], reading)
        return []

    def _names_after(self, t: Token, sent: Span, trig: set[int],
                     by_token: dict[int, Span]) -> list[Span]:
        """Surface fallback: the names right after the trigger, up to the next trigger or
        clause break (a list split by semicolons goes on), then the rest of their list."""
        doc = t.doc
        after: list[Span] = []
        for i in range(t.i + 1, min(sent.end, t.i + 12)):
            if doc[i].text == ";" and after and not self._has_verb(doc, i + 1, sent.end):
                continue  # "against A; B and C; and D": a list split by semicolons
            if doc[i].text in _CLAUSE_BREAK or (i in trig and i != t.i):
                break
            if i in by_token and by_token[i] not in after:
                after.append(by_token[i])
        if not after:
            return []
        after = _extend_list(after, sent, by_token)
        if any(doc[i].text == ";" for i in range(after[0].end, after[-1].start)):
            # "were A, head of the unions; B, a lawyer; and C, a spokesperson": past the
            # appositions of a list split by semicolons
            after = self._continue_list(after, sent, trig, by_token, semis=True)
        return after

    @staticmethod
    def _has_verb(doc: Doc, start: int, end: int) -> bool:
        """Does the stretch up to the next semicolon hold a verb (a new clause)? Not a
        participle before its noun ("retired doctor") or a capitalized word (a name the
        parse reads as a verb)."""
        for tok in doc[start:end]:
            if tok.text == ";":
                return False
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod" and not tok.text.istitle():
                return True
        return False

    def _agents(self, t: Token, by_token: dict[int, Span]) -> set[int]:
        """Who acts, not who undergoes: the people in the subject of an active transitive
        trigger ("President X pardoned ...", "Judge Y sentenced ...")."""
        if t.pos_ == "NOUN" and t.dep_ == "dobj" and t.head.pos_ == "VERB" and \
                t.head.lemma_.lower() not in (*self.subject_undergoes, *self.penalty_verbs):
            # "Judge X granted house arrest to Y", "ordered the arrest of Y": who orders it
            return {by_token[sub.i].start for c in t.head.children if c.dep_ == "nsubj"
                    for sub in c.subtree if sub.i in by_token}
        if t.pos_ != "VERB" or t.lemma_.lower() in self.subject_undergoes:
            return set()  # "X died", "X remained in prison": the subject undergoes it
        # the verb, its own conjuncts and the verb it is conjoined to ("arrested and charged X")
        verbs = [t, *(c for c in t.children if c.dep_ == "conj")]
        verbs += [t.head] if t.dep_ == "conj" else []
        if not any(c.dep_ == "dobj" for v in verbs for c in v.children):
            return set()  # "activists imprisoned for their work, including A": a participle
        return {by_token[sub.i].start for c in t.children if c.dep_ == "nsubj"
                for sub in c.subtree if sub.i in by_token}

    def _refer(self, tok: Token, reading: _Reading) -> list[Span]:
        """The people a subject, object or possessor stands for: a named person (with the
        names coordinated with it), a pronoun (the last person), a plural pronoun or plural
        role noun (the people of the last sentence that named any), a definite role noun
        ("the journalist": the last person)."""
        by_token = reading.by_token
        if tok.i in by_token:
            out = [by_token[tok.i]]
            out += [by_token[c.i] for c in tok.conjuncts if c.i in by_token]
            return list(dict.fromkeys(out))
        low = tok.lower_
        if low in self.pronouns:  # the nearest person before it, in this sentence or before
            # (not a victim inside a charge: "found X guilty of torturing Y and sentenced him")
            before = [p for p in reading.sent_persons if p.end <= tok.i
                      and p.root.i not in reading.victims]
            if before:
                return [before[-1]]
            last_person = reading.last_person
            return [last_person] if last_person is not None else []
        group = reading.last_people if len(reading.last_people) > 1 else []
        if low in self.plural:
            return self._plural_refer(tok, reading, group)
        count = _definite_count(tok)  # "All six individuals", "The five"
        if count is not None and group and len(group) <= count:
            return list(group)
        if count is not None and len(group) < count and not any(
                _count(x) == count and x.i not in by_token and x.head.i != tok.i
                for x in tok.doc[tok.sent.start:tok.i]):
            # "The three activists": the last unit that named three (not "Two suspects
            # were charged ...; the two were jailed")
            return _named_count(reading.recent, count)
        if tok.lemma_.lower() in self.anaphoric and {c.lower_ for c in tok.children} & {
                "the", "these", "those", "such"}:
            return list(reading.last_people)  # "The charges included ...": those just charged
        if count is None and _count(tok) is not None:
            return []  # "sentenced 12 prisoners": a new counted group, nobody named before
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
        if tok.pos_ == "NOUN" and tok.tag_ == "NNS" and (
                low in self.roles or tok.lemma_.lower() in self.roles):
            # "the two activists", "both family members"; a bare plural is generic
            generic = {"a", "an", "some", "many", "several", "all"}  # "all political prisoners"
            return list(group) if dets - generic else []
        if tok.pos_ == "NOUN" and dets & {"the", "this"}:
            # "the journalist": the last person the text called a journalist (an unnamed
            # "the former director" is somebody else)
            named = reading.role_of.get(low) or reading.role_of.get(tok.lemma_.lower())
            return [named] if named is not None else []
        return []

    def _plural_refer(self, tok: Token, reading: _Reading, group: list[Span]) -> list[Span]:
        """The people a plural pronoun stands for: those just linked in its unit ("convicted
        A, B and C and sentenced them"), else the people of the last unit that named more
        than one ("both": exactly two)."""
        if reading.unit_group and reading.unit_group[-1].end <= tok.i:
            return list(reading.unit_group)
        shared = self._objects_of_first_verb(tok, reading)
        if shared:
            return shared
        if _unnamed_first_object(tok, reading.by_token):
            return []  # "arrested 30 marines and charged them": the marines, nobody named
        if tok.lower_ == "both" and len(group) != 2:  # the last unit that named two
            return _named_count(reading.recent, 2)
        if not group and len(reading.recent) > 1 and len(reading.recent[-1]) == 1 \
                and len(reading.recent[-2]) > 1 and self._group_kept(tok) \
                and reading.recent[-1][0].root.dep_ == "nsubj" \
                and reading.recent[-1][0].root.head.pos_ == "VERB":
            # "... prosecuted journalists A, B and C. X had filed a complaint against the
            # journalists. A court sentenced them": past the one agent named between
            return list(reading.recent[-2])
        return list(group)

    @staticmethod
    def _objects_of_first_verb(tok: Token, reading: _Reading) -> list[Span]:
        """The named objects of the verb the pronoun's verb is conjoined to: "expelled MPs A
        and B of party P and C from parliament and arrested them" (A, B and C)."""
        verb = tok.head
        if tok.dep_ != "dobj" or verb.dep_ != "conj" or verb.head.pos_ != "VERB":
            return []
        first = verb.head
        found: list[Span] = []
        for o in (c for c in first.children if c.dep_ == "dobj"):
            for t in o.subtree:  # the names the object phrase holds, with their lists
                p = reading.by_token.get(t.i)
                if p is not None and p.root.i == t.i and p not in found:
                    found.append(p)
        return found

    def _group_kept(self, tok: Token) -> bool:
        """Whether the sentence before ``tok``'s names a group by a definite plural role noun
        ("the journalists"): the group stays the topic past the one person named there."""
        if tok.sent.start == 0:
            return False
        return any(t.tag_ == "NNS" and t.lower_ in self.roles
                   and any(c.lower_ == "the" for c in t.children)
                   for t in tok.doc[tok.sent.start - 1].sent)

    def _note_roles(self, reading: _Reading, persons: list[Span]) -> None:
        """Remember the role words said of each person ("journalist X", "X, a blogger")."""
        for p in persons:
            doc = p.doc
            around = [*doc[max(0, p.start - 3):p.start], *doc[p.end:min(len(doc), p.end + 4)]]
            for t in around:
                if t.lower_ in self.roles and t.pos_ == "NOUN":
                    reading.role_of[t.lower_] = p

    def _plural_subject(self, t: Token) -> bool:
        """"Both were charged with ...": the subject is a plural pronoun."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in self.plural
                   for c in t.children)

    @classmethod
    def _continue_list(cls, found: list[Span], sent: Span, trig: set[int],
                       by_token: dict[int, Span], semis: bool = False) -> list[Span]:
        """A list of names goes on past appositions the parse loses: "including Vladimir
        Ivanov, the leader of the party *Vpered!*, activist Anna Petrova, and Oleg
        Aminov". Stops at a verb, a trigger or a clause break (``semis``: a semicolon
        followed by no verb is none)."""
        doc = sent.doc
        out = list(found)
        i = max(p.end for p in found)
        while i < sent.end:
            tok = doc[i]
            if semis and tok.text == ";" and not cls._has_verb(doc, i + 1, sent.end):
                i += 1
                continue
            if tok.text in _CLAUSE_BREAK or i in trig or (
                    tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod" and i not in by_token):
                break
            if i in by_token:
                p = by_token[i]
                prev = doc[p.start - 1] if p.start > 0 else None
                j = p.start - 1
                while prev is not None and j > sent.start and prev.i not in by_token and (
                        prev.pos_ in ("NOUN", "ADJ", "PROPN") or prev.dep_ == "amod"):
                    j -= 1
                    prev = doc[j]
                if prev is not None and prev.text in (",", "and", ";") and p not in out:
                    out.append(p)
                i = p.end
                continue
            i += 1
        return out

    @staticmethod
    def _governing_verb(tok: Token) -> Token | None:
        for a in tok.ancestors:
            if a.tag_ == "VBG" and a.i < a.head.i and not any(
                    c.dep_.startswith("nsubj") for c in a.children):
                continue  # "Starting in January, ..." dates the clause above it (not a
                # participle after its head: "a charge stemming from a May 2022 post")
            if a.pos_ in ("VERB", "AUX") and a.dep_ != "prep":
                return a
        return None

    def _date(self, t: Token, kind: str, dates: list[Span], triggers: list[Token]) -> str | None:
        """The DATE the text ties to an event: the date of the verb that orders it ("On May 3
        the judge ordered X's release", "ordered X held"), else in the trigger's clause, else
        on a clause governing it ("Starting in January, ... to arrest"), else the nearest date
        in the sentence that no other trigger is closer to."""
        order = self._ordered_by(t)
        if order is not None:
            return self._date(order, kind, dates, triggers)
        chain = [t.i]
        if t.pos_ != "NOUN":
            chain += [a.i for a in _up_to_clause(t) if a.pos_ in ("VERB", "AUX")]
            # "arrested and convicted in 2018": a date after the last of conjoined events
            # dates each of them, when the first has none of its own
            # (not a conjoined clause with its own subject: "X was convicted and in
            # December a court sentenced her")
            chain += [c.i for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB"
                      and not any(g.dep_.startswith("nsubj") for g in c.children)
                      and not any(g.lower_ == "but" for g in (*c.children, *t.children))]
        # "remanded ... until March 21": the end of a detention does not date its start
        dates = [d for d in dates if not self._reported_on(d, t) and not (
            _until(d, t) and kind != "released")]
        if self._state(t):
            # "at year's end still held X", "remained in prison", "As of year's end, X
            # remained imprisoned": a state, dated only by its start ("held since ...")
            dates = [d for d in dates if d.root.head.lower_ == "since"]
        best: tuple[int, int, str] | None = None
        for d in dates:
            gov = self._governing_verb(d.root) if d.root.i != t.i else t
            if gov is None or gov.i not in chain:
                continue
            rank = (chain.index(gov.i), abs(d.root.i - t.i))
            if best is None or rank < best[:2]:
                best = (rank[0], rank[1], d._.hr["value"])
        if best is not None:
            return best[2]
        if t.pos_ == "NOUN":
            # "The arrests in May included ...", "taken into custody on July 28": a date the
            # noun holds, else (into custody) the date of the verb that takes
            own = [d for d in dates if d.root.i != t.i and any(a.i == t.i for a in _up(d.root))
                   and self._governing_verb(d.root) in (None, self._governing_verb(t))]
            if own:
                return str(own[0]._.hr["value"])
            taker = t.head.head if t.head.lower_ == "into" else None
            if taker is not None and taker.lemma_.lower() in self.into_custody["verbs"]:
                return self._date(taker, kind, dates, triggers)
            return None
        free = []
        others = {o.i for o in triggers if o.i != t.i}
        for d in dates:
            dist = abs(d.root.i - t.i)
            gov = self._governing_verb(d.root)
            if gov is not None and gov.i in others:
                continue  # "convicted and in December a court sentenced her": that date is
                # the other trigger's clause's
            if gov is not None and _dates_own_clause(gov, chain):
                continue
            if all(abs(d.root.i - o) >= dist for o in others):
                free.append((dist, d._.hr["value"]))
        return min(free)[1] if free else None

    def _ordered_by(self, t: Token) -> Token | None:
        """The verb that orders the event ``t`` ("ordered X's detention", "ordered the release
        of X", "ordered X held", "ordered that X be held"), if there is one."""
        deps = ("dobj", "nsubjpass") if t.pos_ == "NOUN" else ("xcomp", "ccomp", "oprd")
        head = t.head
        if t.dep_ in deps and head.lemma_.lower() in self.ordering:
            return head
        return None

    def _state(self, t: Token) -> bool:
        """Whether a trigger tells a state ("held", "remained imprisoned", however the parse
        hangs "remained"), not an event."""
        states = self.held["states"]
        return t.lemma_.lower() in states or (
            t.dep_ in ("acomp", "xcomp", "oprd") and t.head.lemma_.lower() in states) or any(
            # an auxiliary "remained" keeps its inflection as lemma
            c.dep_ in ("aux", "auxpass") and c.lower_.startswith(tuple(states)) for c in t.children)

    def _reported_on(self, d: Span, t: Token) -> bool:
        """Whether date ``d`` dates a report of the event rather than the event: "On August
        29, HRW reported (that) the court sentenced him" (the event is in the reporting
        verb's clause, the date on the reporting verb)."""
        gov = self._governing_verb(d.root)
        if gov is None or gov.i == t.i or gov.lemma_.lower() not in self.reporting:
            return False
        if any(a.lower_ in _NARRATIVE_FRAMES for a in d.root.ancestors if a.i != gov.i
               and gov.i in {x.i for x in a.ancestors}):
            return False  # "Following protests in May, HRW reported that police arrested
            # ...": the phrase frames the events told, not the report (gold/README round 8)
        return any(a.i == gov.i for a in _up(t))

    @staticmethod
    def _trigger_for(span: Span, triggers: list[Token]) -> Token | None:
        """The trigger a charge or penalty belongs to: an ancestor in the parse, else the
        nearest trigger before it in the sentence."""
        ids = {t.i: t for t in triggers}
        for a in _up(span.root):
            if a.i in ids:
                return ids[a.i]
        before = [t for t in triggers if t.i < span.start]
        return before[-1] if before else None

    def _possessor(self, span: Span, reading: _Reading) -> list[Span]:
        """The people of the possessor of ``span``'s root ("his sentence")."""
        for c in span.root.children:
            if c.dep_ == "poss":
                return self._refer(c, reading)
        return []

    @staticmethod
    def _subjects_of(verb: Token, by_token: dict[int, Span]) -> list[Span]:
        """The people in the subject of ``verb``, or of the verb it is the open complement
        of ("A and B continued to serve ...": serve's subject is continue's)."""
        while verb.dep_ == "xcomp" and not any(c.dep_.startswith("nsubj") for c in verb.children):
            verb = verb.head
        out: list[Span] = []
        for sj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            for sub in sj.subtree:
                # not a possessor: "Babaryka's campaign manager X" is X
                if sub.i in by_token and by_token[sub.i] not in out \
                        and by_token[sub.i].root.dep_ != "poss":
                    out.append(by_token[sub.i])
        return out

    def _clause_subjects(self, tok: Token, reading: _Reading) -> list[Span]:
        """The people that are the subject of the nearest verb above ``tok`` (a pronoun or
        role noun resolved as :meth:`_refer` does), or its object "against" whom a
        complaint was filed."""
        below = tok
        for a in tok.ancestors:
            against = [o for c in a.children if c.dep_ == "prep" and c.lower_ == "against"
                       for o in c.children if o.dep_ == "pobj"]
            if against and below.dep_ != "conj":
                # "X filed a complaint for defamation against the journalists" (not across a
                # coordination: "charges against A, and the sentence for B of C")
                return self._refer(against[0], reading)
            below = a
            if a.pos_ in ("VERB", "AUX"):
                named = self._subjects_of(a, reading.by_token)
                if named:
                    return named
                subj = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
                return self._refer(subj[0], reading) if subj else []
        return []

    def _of_object(self, tok: Token, reading: _Reading) -> list[Span]:
        """The people named in the of-object of a penalty noun ("suspension of three
        journalists, A and B"), else its possessor ("suspension of her accounts")."""
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                named = [reading.by_token[t.i] for t in obj.subtree if t.i in reading.by_token]
                # "of three journalists, A, B and C": the list right after the object, where
                # the parse may hang it elsewhere
                nxt = obj.right_edge.i + 1
                nxt += 1 if nxt < len(tok.doc) and tok.doc[nxt].text == "," else 0
                if not named and nxt in reading.by_token:
                    named = _extend_list([reading.by_token[nxt]], obj.sent, reading.by_token)
                if named:
                    return list(dict.fromkeys(named))
                poss = [c for c in obj.children if c.dep_ == "poss"]
                return self._refer(poss[0], reading) if poss else []
        return []

    def _subject_owner(self, tok: Token, reading: _Reading) -> list[Span]:
        """The possessor of the subject or object of the verb above a penalty when that is a
        penalty noun ("her sentence was shortened to five years", "his term was extended",
        "the court reduced Ivanov's sentence to one month"), or the sentence a term is added to."""
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        # the object only when the penalty is what it turns into ("reduced X's sentence to")
        deps = ("nsubj", "nsubjpass", "dobj") if tok.head.lower_ == "to" else ("nsubj", "nsubjpass")
        if verb is None:
            return []
        nouns = [c for c in verb.children if c.dep_ in deps]
        if tok.dep_ == "dobj":  # "added seven years to the prison sentence of X"
            nouns += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                      for g in c.children if g.dep_ == "pobj"]
        subj = next((c for c in nouns if c.lemma_.lower() in self.penalty_nouns), None)
        return (self._owner(subj, reading) or []) if subj is not None else []

    def _receivers(self, tok: Token, reading: _Reading) -> list[Span]:
        """The subject of the verb above a penalty when that verb's subject undergoes it
        ("A and B received sentences of ...", "X got five years"; ``penalty_verbs``)."""
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.lemma_.lower() not in self.penalty_verbs:
            return []
        return self._clause_subjects(tok, reading)

    def _subjects(self, tok: Token, by_token: dict[int, Span]) -> list[Span]:
        """The people that are the subject of ``tok``'s head."""
        return self._subjects_of(tok.head, by_token)
