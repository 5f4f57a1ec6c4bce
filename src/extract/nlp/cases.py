"""Case linking: person-level facts (charges, sentences, dated events) within a sentence.

The dependency parse links a trigger ("sentenced", "arrested", "Ivanov's conviction") to its
people, dates, charges and penalties. The small model's parse breaks on long report
sentences, so each link falls back to the surface order of the sentence: the people right
after an active trigger or right before a passive one, the nearest date, the nearest
preceding trigger.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span, Token

from extract.models import sentence_fact
from extract.nlp.guard import guarded
from extract.rules import load_json, load_wordlist

# A sentence longer than this many tokens is read in pieces cut after a ";" or "," (the
# linking work per piece is bounded, so a whole document costs linear time; real report
# sentences are shorter)
MAX_UNIT = 120
# How far up the parse a link is looked for
MAX_ANCESTORS = 12


def _units(doc: Doc) -> Iterator[Span]:
    """The sentences of ``doc``, a long one cut into pieces of at most :data:`MAX_UNIT`
    tokens, after the last ";" or "," of each piece's second half where there is one."""
    for sent in doc.sents:
        start = sent.start
        while sent.end - start > MAX_UNIT:
            end = start + MAX_UNIT
            end = next((i + 1 for i in range(end - 1, start + MAX_UNIT // 2, -1)
                        if doc[i].text in (";", ",")), end)
            yield doc[start:end]
            start = end
        yield doc[start:sent.end]


def _up(tok: Token) -> Iterator[Token]:
    """``tok`` and its ancestors, at most :data:`MAX_ANCESTORS` of them."""
    yield tok
    for n, a in enumerate(tok.ancestors):
        if n >= MAX_ANCESTORS:
            return
        yield a


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


class CaseLinker:
    """Builds ``doc._.hr_cases`` from the PERSON, DATE, CHARGE and SENTENCE span groups."""

    def __init__(self, keys: dict[str, str], name: str = "hr_cases") -> None:
        self.name = name
        cfg: dict[str, Any] = load_json("cases/events.json")
        self.keys = keys
        self.triggers: dict[str, str] = cfg["triggers"]
        self.noun_triggers: dict[str, str] = cfg["noun_triggers"]
        self.appeal = cfg["appeal_rejected"]
        self.guilty_verbs = set(cfg["guilty_verbs"])
        self.hypothetical = set(cfg["hypothetical_heads"])
        self.pronouns = set(cfg["pronouns"])
        self.plural = set(cfg["plural_pronouns"])
        self.no_implied = set(cfg["no_implied_sentence_after"])
        self.held = cfg["held"]
        self.roles = frozenset(cfg["role_nouns"]) | load_wordlist("persons/titles.txt")
        # every lemma that can trigger an event: most tokens are ruled out by one lookup
        self.object_events: list[dict[str, Any]] = cfg["object_events"]
        self.anaphoric = frozenset(cfg["anaphoric_legal_nouns"])
        self._trigger_lemmas = frozenset([*self.triggers, *self.noun_triggers,
                                          *self.held["verbs"], *self.guilty_verbs,
                                          *self.appeal["verbs"],
                                          *(v for oe in self.object_events for v in oe["verbs"])])

    # -- triggers ------------------------------------------------------------------------
    def event(self, tok: Token) -> str | None:
        """The event type a token triggers, if any."""
        lemma = tok.lemma_.lower()
        if lemma not in self._trigger_lemmas:
            return None
        if tok.pos_ in ("VERB", "ADJ") and lemma in self.triggers:
            return self.triggers[lemma]
        if tok.pos_ == "NOUN" and lemma in self.noun_triggers:
            return self.noun_triggers[lemma]
        if tok.pos_ == "VERB" and lemma in self.held["verbs"] and any(
                c.lower_ in self.held["objects"] for c in tok.subtree if c.i > tok.i):
            return "detained"
        if tok.pos_ == "VERB" and lemma in self.guilty_verbs and any(
                c.lower_ == "guilty" for c in tok.subtree):
            return "convicted"
        if tok.pos_ == "VERB" and lemma in self.appeal["verbs"] and any(
                o.lemma_.lower() in self.appeal["objects"] for o in tok.children
                if o.dep_ in ("dobj", "nsubjpass", "nsubj")):
            return "appeal_rejected"
        if tok.pos_ == "VERB":
            objects = {o.lemma_.lower() for o in tok.children if o.dep_ in ("dobj", "nsubjpass")}
            for oe in self.object_events:
                if lemma in oe["verbs"] and objects & set(oe["objects"]):
                    return str(oe["event"])
        return None

    def _blocked(self, tok: Token) -> bool:
        """Negated or hypothetical ("faces extradition", "was not arrested")."""
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        return any(a.lemma_.lower() in self.hypothetical for a in list(tok.ancestors)[:2])

    # -- linking -------------------------------------------------------------------------
    @guarded
    def __call__(self, doc: Doc) -> Doc:
        persons = list(doc.spans.get(self.keys["PERSON"], []))
        by_token = {t.i: p for p in persons for t in p}
        groups = {label: list(doc.spans.get(self.keys[label], []))
                  for label in ("DATE", "CHARGE", "SENTENCE")}
        cases: dict[str, dict[str, Any]] = {}
        last_person: Span | None = None
        self.last_people: list[Span] = []
        self.role_of: dict[str, Span] = {}
        self.sent_persons: list[Span] = []

        def case(p: Span) -> dict[str, Any]:
            name = p._.hr["canonical"]
            return cases.setdefault(name.lower(), {"person": name, "charges": [],
                                                    "sentences": [], "events": [],
                                                    "evidence": []})

        def add(p: Span, key: str, item: Any, used: list[Span | Token]) -> None:
            """Add a fact to ``p``'s case, with the sentence and the mentions it was read
            from (the first time the fact is found)."""
            entry = case(p)
            if item in entry[key]:
                return
            entry[key].append(item)
            entry["evidence"].append(_evidence(key, item, p, used, sent))

        # spans bucketed by sentence once (not filtered per sentence: linear in the doc)
        units = list(_units(doc))
        sent_of = {}
        for n, sent in enumerate(units):
            for i in range(sent.start, sent.end):
                sent_of[i] = n
        buckets: dict[tuple[str, int], list[Span]] = {}
        for label, spans in [*groups.items(), ("PERSON", persons)]:
            for sp in spans:
                buckets.setdefault((label, sent_of[sp.start]), []).append(sp)
        for n, sent in enumerate(units):
            s_persons = self.sent_persons = buckets.get(("PERSON", n), [])
            within = {k: buckets.get((k, n), []) for k in groups}
            triggers = [t for t in sent if self.event(t) and not self._blocked(t)]
            linked: dict[int, list[Span]] = {}
            dated: dict[int, str | None] = {}
            # "convicted X of the murder of Y": Y, inside the charge, is the victim
            victims = {i for c in within["CHARGE"]
                       for i in range(c.start, min(c.root.right_edge.i + 1, sent.end))}
            for t in triggers:
                agents = self._agents(t, by_token)
                linked[t.i] = [p for p in self._people(t, sent, s_persons, triggers, by_token,
                                                       last_person)
                               if p.start not in agents and p.root.i not in victims]
                if not linked[t.i] and self._plural_subject(t):
                    linked[t.i] = list(self.last_people)
                dated[t.i] = self._date(t, within["DATE"], triggers)
                date_span = [d for d in within["DATE"] if d._.hr["value"] == dated[t.i]][:1]
                for p in linked[t.i]:
                    add(p, "events", {"type": self.event(t), "date": dated[t.i]},
                        [t, *date_span])
            penalty_people: dict[int, list[Span]] = {}
            for s in within["SENTENCE"]:
                st = self._trigger_for(s, triggers)
                people = linked.get(st.i, []) if st is not None else []
                if not people:
                    people = self._subjects(s.root, by_token)
                if not people:  # "his five-year sentence", "Ivanov's sentence"
                    people = self._possessor(s, by_token, last_person)
                for tok in s:
                    penalty_people[tok.i] = people
                for p in people:
                    add(p, "sentences", dict(s._.hr), [s])
                    kind = self.event(st) if st is not None else None
                    has_sentenced = any(e["type"] == "sentenced" for e in case(p)["events"])
                    if kind not in self.no_implied and not has_sentenced:
                        date = dated.get(st.i) if st is not None else None
                        add(p, "events", {"type": "sentenced", "date": date},
                            [s, *([st] if st is not None else [])])
            for c in within["CHARGE"]:
                ct = self._trigger_for(c, triggers)
                people = linked.get(ct.i, []) if ct is not None else []
                if not people:  # "his sentence for spreading false news"
                    people = next((penalty_people[a.i] for a in _up(c.root)
                                   if a.i in penalty_people), [])
                if not people:  # "X faced charges of ...": the subject of the clause
                    people = self._clause_subjects(c.root, by_token, last_person)
                if not people and len(s_persons) == 1:
                    people = s_persons
                for p in people:
                    if p.root.i not in victims:  # "the murder of X": X is the victim
                        add(p, "charges", c._.hr["category"], [c])
            if s_persons:
                last_person = s_persons[-1]
                self.last_people = s_persons
                self._note_roles(s_persons)
        doc._.hr_cases = [c for c in cases.values()
                          if c["events"] or c["charges"] or c["sentences"]]
        return doc

    def _people(self, t: Token, sent: Span, s_persons: list[Span], triggers: list[Token],
                by_token: dict[int, Span], last_person: Span | None) -> list[Span]:
        trig = {x.i for x in triggers}

        def nearest(tok: Token) -> int | None:
            for a in _up(tok):
                if a.i in trig:
                    return a.i
            return None

        found = [p for p in s_persons if nearest(p.root) == t.i]
        if t.pos_ == "NOUN":  # "Ivanov's conviction", "the extradition of X"
            direct = [p for p in found if p.root.head.i == t.i or (
                p.root.head.dep_ == "prep" and p.root.head.head.i == t.i)]
            if direct:  # "the detentions of A, B and C": the whole list
                conj = [by_token[c.i] for p in direct for c in p.root.conjuncts if c.i in by_token]
                return self._continue_list(list(dict.fromkeys(direct + conj)), sent, trig,
                                           by_token)
            for c in t.children:  # "his detention", "the arrest of the journalist"
                if c.dep_ == "poss":
                    return self._refer(c, by_token, last_person)
                if c.dep_ == "prep" and c.lower_ == "of":
                    objs = [o for o in c.children if o.dep_ == "pobj"]
                    if objs:
                        return self._refer(objs[0], by_token, last_person)
            # "X remained in pretrial detention": the subject of the verb it hangs from
            head = t.head.head if t.head.dep_ == "prep" else t.head
            if head.pos_ in ("VERB", "AUX") and head.i not in trig:
                return self._subjects_of(head, by_token)
            return []
        if found:
            return self._continue_list(found, sent, trig, by_token)
        if t.dep_ in ("acl", "relcl", "appos"):  # "Ivanov, an activist arrested in ..."
            for a in t.ancestors:
                if a.i in by_token:
                    return [by_token[a.i]]
                if a.dep_ == "appos" and a.head.i in by_token:
                    return [by_token[a.head.i]]
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        patient = [c for c in t.children if c.dep_ == "nsubjpass" or (
            c.dep_ == "dobj" and t.lemma_.lower() != "die") or (
            c.dep_ == "nsubj" and t.lemma_.lower() == "die")]
        if patient and patient[0].i not in by_token:  # "he was arrested", "the journalist"
            referred = self._refer(patient[0], by_token, last_person)
            if referred:
                return referred
        # surface fallback: the names right after the trigger, up to the next trigger/break
        doc = t.doc
        after: list[Span] = []
        for i in range(t.i + 1, min(sent.end, t.i + 12)):
            if doc[i].text == ";" and after and not self._has_verb(doc, i + 1, sent.end):
                continue  # "against A; B and C; and D": a list split by semicolons
            if doc[i].text in _CLAUSE_BREAK or (i in trig and i != t.i):
                break
            if i in by_token and by_token[i] not in after:
                after.append(by_token[i])
        if after:
            # a comma list of names continues past the window
            j = after[-1].end
            while j + 1 < sent.end and doc[j].text in (",", "and", ";") and (
                    doc[j + 1].i in by_token or (doc[j + 1].text == "and" and j + 2 < sent.end
                                                 and doc[j + 2].i in by_token)):
                k = j + 1 if doc[j + 1].i in by_token else j + 2
                after.append(by_token[k])
                j = by_token[k].end
            return after
        before = [p for p in s_persons if p.end <= t.i
                  and not any(p.end <= x < t.i for x in trig)]
        if before:
            return [before[-1]]
        if subj and subj[0].lower_ in self.pronouns and last_person is not None:
            return [last_person]
        return []

    @staticmethod
    def _has_verb(doc: Doc, start: int, end: int) -> bool:
        """Does the stretch up to the next semicolon hold a verb (a new clause)?"""
        for tok in doc[start:end]:
            if tok.text == ";":
                return False
            if tok.pos_ in ("VERB", "AUX"):
                return True
        return False

    @staticmethod
    def _agents(t: Token, by_token: dict[int, Span]) -> set[int]:
        """Who acts, not who undergoes: the people in the subject of an active transitive
        trigger ("President X pardoned ...", "Judge Y sentenced ...")."""
        if t.pos_ != "VERB" or t.lemma_.lower() == "die":
            return set()
        return {by_token[sub.i].start for c in t.children if c.dep_ == "nsubj"
                for sub in c.subtree if sub.i in by_token}

    def _refer(self, tok: Token, by_token: dict[int, Span],
               last_person: Span | None) -> list[Span]:
        """The people a subject, object or possessor stands for: a named person (with the
        names coordinated with it), a pronoun (the last person), a plural pronoun or plural
        role noun (the people of the last sentence that named any), a definite role noun
        ("the journalist": the last person)."""
        if tok.i in by_token:
            out = [by_token[tok.i]]
            out += [by_token[c.i] for c in tok.conjuncts if c.i in by_token]
            return list(dict.fromkeys(out))
        low = tok.lower_
        if low in self.pronouns:  # the nearest person before it, in this sentence or before
            before = [p for p in self.sent_persons if p.end <= tok.i]
            if before:
                return [before[-1]]
            return [last_person] if last_person is not None else []
        group = self.last_people if len(self.last_people) > 1 else []
        if low in self.plural:
            return list(group)
        if tok.lemma_.lower() in self.anaphoric and {c.lower_ for c in tok.children} & {
                "the", "these", "those", "such"}:
            return list(self.last_people)  # "The charges included ...": those just charged
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
        if tok.pos_ == "NOUN" and tok.tag_ == "NNS" and (
                low in self.roles or tok.lemma_.lower() in self.roles):
            # "the two activists", "both family members"; a bare plural is generic
            return list(group) if dets - {"a", "an", "some", "many", "several"} else []
        if tok.pos_ == "NOUN" and dets & {"the", "this"}:
            # "the journalist": the last person the text called a journalist (an unnamed
            # "the former director" is somebody else)
            named = self.role_of.get(low) or self.role_of.get(tok.lemma_.lower())
            return [named] if named is not None else []
        return []

    def _note_roles(self, persons: list[Span]) -> None:
        """Remember the role words said of each person ("journalist X", "X, a blogger")."""
        for p in persons:
            doc = p.doc
            around = [*doc[max(0, p.start - 3):p.start], *doc[p.end:min(len(doc), p.end + 4)]]
            for t in around:
                if t.lower_ in self.roles and t.pos_ == "NOUN":
                    self.role_of[t.lower_] = p

    def _plural_subject(self, t: Token) -> bool:
        """"Both were charged with ...": the subject is a plural pronoun."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in self.plural
                   for c in t.children)

    @staticmethod
    def _continue_list(found: list[Span], sent: Span, trig: set[int],
                       by_token: dict[int, Span]) -> list[Span]:
        """A list of names goes on past appositions the parse loses: "including Vladimir
        Ivanov, the leader of the party *Vpered!*, activist Anna Petrova, and Oleg
        Aminov". Stops at a verb, a trigger or a clause break."""
        doc = sent.doc
        out = list(found)
        i = max(p.end for p in found)
        while i < sent.end:
            tok = doc[i]
            if tok.text in _CLAUSE_BREAK or i in trig or tok.pos_ in ("VERB", "AUX"):
                break
            if i in by_token:
                p = by_token[i]
                prev = doc[p.start - 1] if p.start > 0 else None
                j = p.start - 1
                while prev is not None and j > sent.start and (
                        prev.pos_ in ("NOUN", "ADJ", "PROPN") and prev.i not in by_token):
                    j -= 1
                    prev = doc[j]
                if prev is not None and prev.text in (",", "and") and p not in out:
                    out.append(p)
                i = p.end
                continue
            i += 1
        return out

    @staticmethod
    def _governing_verb(tok: Token) -> Token | None:
        for a in tok.ancestors:
            if a.tag_ == "VBG" and not any(c.dep_.startswith("nsubj") for c in a.children):
                continue  # "Starting in January, ..." dates the clause above it
            if a.pos_ in ("VERB", "AUX") and a.dep_ != "prep":
                return a
        return None

    def _date(self, t: Token, dates: list[Span], triggers: list[Token]) -> str | None:
        """The DATE the text ties to an event: in the trigger's clause, else on a clause
        governing it ("Starting in January, ... to arrest"), else the nearest date in the
        sentence that no other trigger is closer to."""
        chain = [t.i]
        if t.pos_ != "NOUN":
            chain += [a.i for a in t.ancestors if a.pos_ in ("VERB", "AUX")]
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
            return None
        free = []
        for d in dates:
            dist = abs(d.root.i - t.i)
            if all(abs(d.root.i - o.i) >= dist for o in triggers if o.i != t.i):
                free.append((dist, d._.hr["value"]))
        return min(free)[1] if free else None

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

    def _possessor(self, span: Span, by_token: dict[int, Span],
                   last_person: Span | None) -> list[Span]:
        for c in span.root.children:
            if c.dep_ == "poss":
                return self._refer(c, by_token, last_person)
        return []

    @staticmethod
    def _subjects_of(verb: Token, by_token: dict[int, Span]) -> list[Span]:
        out: list[Span] = []
        for sj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            for sub in sj.subtree:
                if sub.i in by_token and by_token[sub.i] not in out:
                    out.append(by_token[sub.i])
        return out

    def _clause_subjects(self, tok: Token, by_token: dict[int, Span],
                         last_person: Span | None = None) -> list[Span]:
        """The people that are the subject of the nearest verb above ``tok`` (a pronoun or
        role noun resolved as :meth:`_refer` does)."""
        for a in tok.ancestors:
            if a.pos_ in ("VERB", "AUX"):
                named = self._subjects_of(a, by_token)
                if named:
                    return named
                subj = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
                return self._refer(subj[0], by_token, last_person) if subj else []
        return []

    def _subjects(self, tok: Token, by_token: dict[int, Span]) -> list[Span]:
        """The people that are the subject of ``tok``'s head."""
        return self._subjects_of(tok.head, by_token)
