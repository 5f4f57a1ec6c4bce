"""CHARGE recognition: an offence phrase after a legal cue (``resources/charge_cues.jsonl``),
split at coordination, trimmed to the shortest form naming the offence, and mapped to a
category by the keywords of ``resources/charge_categories.jsonl``."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import regex

from extract.nlp.penalties import number
from extract.rules import compile_rules, filter_matches, load_json, load_table, load_wordlist

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "‘": "’"}
_QUOTE_CHARS = frozenset("“”\"«»")
# (not the comma or point inside a number: "€100,000", "$1.3 million")
_BOUNDARY = re.compile(r"(?<!\d)[,.]|[,.](?!\d)|[;:()\[\]\n“”\"«»!?]| — | – ")
_NOT_ITEM = re.compile(r"(?:but|which|who|whom|whose|that|while|although|though|when|where|after|"
                       r"before|as|because|so|yet|then|the|a|an|his|her|their|its|he|she|they|"
                       r"it|in|on|at|with|by|according|including|such as|among|involving|"
                       r"totaling|totalling|under|for|against|to|from|over|was|were|is|are|has|have|had|been|"
                       r"will|would|could|remained|remains|got|gave|went|fled|left|took|said|told|spent|"
                       r"became|began|sought|kept|held|none|each|both|most|[a-z]+ed)\b|\S*\d")
_NEXT_ITEM = re.compile(r"[,;]?\s*(?:and |or |as well as )?(?=[\"“«a-z])")
# an offence as the modifier of a legal noun: "treason charges", "the attempted murder case",
# "11 homicide convictions", "Treason suspects" (needs a category keyword)
_NOUN_CHARGES = re.compile(
    r"\b((?:[\w-]+ ){0,3}[\w-]+)[”\"]?[- ](?:charges?|case|convictions?|convicts?|suspects?|trials?|"
    r"fugitives?)\b")


# A list item with no category keyword is an offence only in an offence's shape: a verbal
# noun or an action noun, alone or with its object ("fabrication of evidence", "illegal
# storage of firearms")
_OFFENCE_SHAPE = re.compile(
    r"(?:[a-z-]+ ){0,2}"
    r"(?:[a-z]+(?:ing|(?:tion|sion|ment|ance|ence)s?|ism|ery|age|ty)\b|[a-z]+ (?:of|with|to|in)\b)")
# "allegedly" before a gerund right after a cue: an offence, even after a weak cue
_ALLEGED = re.compile(r"allegedly\s+[a-z]+ing\b")
# the cue's preposition said again before the next offence ("for A and for violating B")
_AGAIN = re.compile(r"(?:for|of|with)\s+(?=[a-z]+ing\b)")
# A conjunct that names its own offence without a category keyword starts with its head:
# a gerund ("distributing pornography"), or an action noun that ends the conjunct or takes
# its object by a preposition ("illegal detention", "fabrication of evidence")
_OWN_OFFENCE = re.compile(
    r"(?:[a-z]+ly )?(?:[a-z]+ing\b"
    r"|(?:[a-z-]+ )?[a-z]+(?:(?:tion|sion|ment|ance|ence)s?|ism|ery|age|ship)"
    r"(?: (?:of|with|to|in|against|for|on)\b|$)"
    r"|(?:[a-z-]+(?<!ed) )?[a-z]+(?<!s) (?:of|with|against)\b)")
# A conjunct that opens a new clause, not an offence: an auxiliary, or a past verb with its
# object or complement ("and received 30-year sentences", "and was released on bail")
_NEW_CLAUSE = re.compile(
    r"(?:(?:later|then|also|subsequently|[a-z]+ly) )?"
    r"(?:(?:was|were|is|are|has|have|had|remained|remains|received|faced|spent|served)\b"
    r"|[a-z]+ed (?:\d|a|an|the|to|in|on|at|by|from|his|her|their|him|them)\b)")
# A one-word list item in a noun's shape ("threats", "insults", "extortion")
_QUOTED_ITEM = re.compile(r"(?:^|,)\s*(?:and |or )?([^,]+)")
# a cue's "of" inside the name of an institution or a title: "the Ministry of| Health",
# "Chief Minister of| Kedah State" (not a person's "convicted Ivanov of")
# a currency gloss: "($99,733)", "(about $1.2 million)"
_GLOSS = re.compile(r"\((?:about |approximately |nearly |over |more than )?(?:US)?\$[\d.,]+"
                    r"(?: (?:million|billion|thousand))?\)")
# a cross-reference inside a list: "(see section 2.a., Freedom of Expression)"
_SEE_ALSO = re.compile(r"\s*\((?:see|cf\.) [^()]{1,80}\)")
_NAME_OF = re.compile(r"\b(the )?(?:[A-Z][\w’'-]+ )*([A-Z][\w’'-]+) of $")
# a name between the cue and the offence's own cue: "a sentence of five years for| Ana Ruiz
# for contempt of religion", "convicted ... Director General of| the State Institute Ana Ruiz
# of abuse of office"
_NAME_FOR = re.compile(r"(?:the )?[A-Z][\w’'-]+ (?:(?:[A-Z][\w’'-]+|and|of|the) ){0,9}?"
                       r"(?:for|of) (?=[a-z“\"])")
_NOUN_ITEM = re.compile(r"[a-z]+(?:s|tion|sion|ment|ism|ery|ance|ence|age)")
# A date or year before the offence ("the February 20 killing of", "the 2014 killings")
_LEAD_DATE = re.compile(
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(?: \d{1,2})?,? )?(?:\d{4} )?")
# a count of an offence before it ("one count each of", "counts of"): the offence follows
_COUNTS = re.compile(r"(?:(\S+)\s+)?counts?\s+(?:each\s+)?of\s+", re.IGNORECASE)
_COUNTED = re.compile(r"\bcounts?\s+(?:each\s+)?of\W*$", re.IGNORECASE)  # the same, before an offence

# the charges an offence phrase names before the offence ("the more serious charges of")
_CHARGES_OF = re.compile(r"(?:[a-z-]+ ){0,3}(?:charges?|crimes?|offen[cs]es?) of [“\"]?(?=\S)")

# a finite verb inside a long phrase: a clause of its own ("those convicted of violating
# this law were subject to ...", "charged with investigating cases was poorly trained")
_CLAUSE_VERB = re.compile(r"\b(?:was|were|is|are|could|may|might|would|will|shall|faced?)\b")
_GERUND = re.compile(r"(?:[a-z]+ly )?[a-z]{2,}ing\b")  # "illegally revealing names of ..."


@dataclass(frozen=True)
class ParseCue:
    """A cue read from the parse: the legal word at ``trigger``, the offence phrase starting
    at ``start`` (right after the preposition)."""

    trigger: int
    start: int
    strong: bool
    name: str


# between a preposition and its legal word: the object ("convicted 17 officials of"), a
# name ("accused Ivan Petrov of"), "against X" ("a case against him for"), an apposition
# or a later object of a list ("convicted A (six years), B and three managers for")
_THROUGH = frozenset({"NOUN", "PROPN", "NUM", "PRON"})
_THROUGH_DEPS = frozenset({"dobj", "pobj", "nsubjpass", "dative", "compound", "conj", "appos"})


def _cue_of(prep: Token, cues: dict[str, dict[str, str]]) -> tuple[Token, str] | None:
    """The legal word a preposition depends on (up to four arcs up, through the words of
    :data:`_THROUGH`, the arcs within a list of names and titles not counted: "convicted
    lawyer A, party chair B, analyst C, and activist D for") and the cue's strength; through
    a common noun ("17 officials of") a cue is weak, since the preposition may be the noun's
    own ("members of the party")."""
    head, common, budget = prep.head, False, 4
    for _ in range(16):
        strength = cues.get(f"{head.lemma_.lower()}/{head.pos_}", {}).get(prep.lower_)
        if strength is not None:
            # the legal word comes first: not "chairman of the party X was convicted"
            return (head, "weak" if common else strength) if head.i < prep.i else None
        if head.i == prep.head.i and head.pos_ == "VERB":
            noun = _object_cue(head, prep, cues)
            if noun is not None:
                return noun
        through = (head.pos_ in _THROUGH and head.dep_ in _THROUGH_DEPS) or (
            head.pos_ == "ADP" and head.lower_ == "against")
        budget -= 0 if head.dep_ in ("conj", "appos") and head.pos_ == "PROPN" else 1
        if not through or head.head is head or budget == 0:
            return None
        common = common or head.pos_ == "NOUN"
        head = head.head
    return None


def _object_cue(verb: Token, prep: Token,
                cues: dict[str, dict[str, str]]) -> tuple[Token, str] | None:
    """The legal noun a preposition the parser hung on the verb belongs to, when the verb
    takes that noun as its object, directly or after "to" ("submitted criminal cases against
    A, B and C for", "sent the case to court for"): the attachment the parser cannot decide."""
    if prep.lower_ != "for":  # "arrests on the pretext of": "on" gives a reason as often
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                for g in c.children if g.dep_ == "pobj"]  # not "resulting in convictions"
    for noun in objects:
        if noun.i < prep.i and noun.pos_ == "NOUN":
            strength = cues.get(f"{noun.lemma_.lower()}/NOUN", {}).get(prep.lower_)
            if strength is not None:
                return noun, strength
    return None


def parse_cues(doc: Doc, cues: dict[str, dict[str, str]]) -> list[ParseCue]:
    """The offence cues of ``doc`` read from its parse with the table ``cues``
    (``"lemma/POS" -> {preposition: "strong" | "weak"}``, resources/charges/parse_cues.json).
    A preposition inside the object of a cue of the same word is part of that offence
    ("convicted of fraud and contempt of court"); one followed by a legal noun of the table
    ("on grounds of", "for conviction of") gives way to that noun's cue."""
    found: dict[int, tuple[Token, Token, str]] = {}
    preps = {p for rule in cues.values() for p in rule}
    for tok in doc[:-1]:
        if tok.dep_ != "prep" or tok.lower_ not in preps:
            continue
        nxt = doc[tok.i + 1]
        if nxt.pos_ == "DET" and tok.i + 2 < len(doc):
            nxt = doc[tok.i + 2]
        if nxt.pos_ == "PRON" or f"{nxt.lemma_.lower()}/{nxt.pos_}" in cues:
            continue  # "four of whom", "for his role"; "on grounds of"
        hit = _cue_of(tok, cues)
        if hit is not None:
            found[tok.i] = (tok, *hit)
    out = []
    for prep, head, strength in found.values():
        if any(a.i in found and found[a.i][1].i == head.i for a in prep.ancestors):
            continue
        out.append(ParseCue(head.idx, doc[prep.i + 1].idx, strength == "strong",
                            f"parse:{head.lemma_.lower()}/{prep.lower_}"))
    return out


def outside_accusation(doc: Doc, start: int, end: int, accusers: frozenset[str]) -> bool:
    """Whether the offence at ``doc``'s characters ``[start, end)`` is what somebody outside
    the legal process accuses another of ("rights groups accused police of using excessive
    force"): the first verb above it is an active "accuse" whose subject holds none of the
    legal ``accusers`` (words.json: the police, prosecutors, courts, the authorities)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    while node.dep_ == "conj" and node.head is not node:
        node = node.head  # "accused police of using force, violating rights, and ...": a
        # later offence hangs from the first
    verb = next((a for a in node.ancestors if a.pos_ in ("VERB", "AUX")
                 and not start <= a.idx < end), None)
    if verb is None or verb.lemma_.lower() != "accuse":
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if not subjects and verb.dep_ == "conj" and not passive:
        # "he called X ... and accused officials of"
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if subjects and subjects[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        subjects = [verb.head]  # "a complaint filed by the police union, which accused X of"
    return bool(subjects) and not any(t.lemma_.lower() in accusers for t in subjects[0].subtree)


@dataclass
class ChargeMatch:
    start: int
    end: int
    category: str
    cue: str


@dataclass(frozen=True)
class _Phrase:
    """An offence phrase ``text[start:end]`` read after a cue, and how it was read."""

    text: str
    start: int
    end: int
    cue: str
    strong: bool  # the cue is a strong one: an uncategorized phrase may be an offence
    quoted: bool
    in_list: bool  # a later item of a list of offences

    @property
    def words(self) -> str:
        return self.text[self.start:self.end]


def _past_counts(text: str, pos: int) -> int:
    """``pos`` past a count of the offence that follows ("one count each of", "counts of")."""
    counts = _COUNTS.match(text, pos)
    if counts and (counts.group(1) is None or number(counts.group(1)) is not None):
        return counts.end()
    return pos


def _quoted_span(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end, after) of the quoted phrase opening at ``pos`` (at most 200 characters,
    trailing punctuation dropped); None when it does not close in time."""
    close = text.find(_QUOTES[text[pos]], pos + 1, pos + 202)
    if close < 0 or close - pos > 200:
        return None
    start, end = pos + 1, close
    while end > start and text[end - 1] in ",.;: ":
        end -= 1
    return start, end, close + 1


def _next_item(text: str, start: int, after: int,
               keyword_at: Callable[[str], int | None]) -> int | None:
    """Where the next offence of a list starts after the phrase begun at ``start``
    (``after``: the comma or quote that ends it, -1 for none); None when the list stops.
    ``keyword_at`` gives where a phrase's first category keyword starts (None: none)."""
    # a comma after a name is an apposition ("the murder of Ana Ruiz, widow of ..."),
    # not the next offence of a list, unless the name is a gerund's object ("insulting
    # Islam, disturbing religious functions, and ...") or ends a short item that an offence
    # named by its keyword follows ("membership in the Workers Party, possession of arms")
    if after < 0:
        return None
    nxt = _NEXT_ITEM.match(text, after)
    if nxt is None:
        return None
    item = _SEE_ALSO.sub("", text[start:after])
    # where the next item's first category keyword starts (None: it has none)
    keyword = keyword_at(re.split(r"[,;.:()]", text[nxt.end():nxt.end() + 80])[0])
    if re.search(r"(?<!ing)\s(?:[A-Z][\w’'-]+\s?)+\W*$", item) and (
            len(item.split()) > 6 or keyword != 0):
        return None
    if text[after] == ";" and keyword is None:
        return None  # after a semicolon only an offence named by its keyword goes on the list
    stop = _NOT_ITEM.match(text, nxt.end())
    if stop is None:
        return nxt.end()
    # a participle before the keyword it modifies is no new clause ("and aggravated
    # assault", "or attempted murder"), unlike "and escaped" or "and arrested for theft"
    participle = re.match(r"[a-z]+ed ", text[nxt.end():])
    if stop.group(0) in ("the", "a", "an") and keyword is not None:
        return nxt.end()  # "..., and the unauthorized production of narcotics"
    if participle and keyword == participle.end():
        return nxt.end()
    return None


def _share_objects(phrase: str, parts: list[tuple[int, int]],
                   offence: Callable[[str], Any]) -> list[tuple[int, int]]:
    """Conjuncts with a lone gerund that names no offence (``offence``: its category or
    None) joined to the next conjunct by "and"/"or": the two verbs share one object ("fraud
    and organizing and participating in unauthorized protests": "organizing and
    participating in ..." is one offence; not "kidnapping and participating in ...")."""
    out: list[tuple[int, int]] = []
    for s, e in parts:
        last = phrase[out[-1][0]:out[-1][1]] if out else ""
        if re.fullmatch(r"[a-z]+ing", last) and offence(last) is None and re.fullmatch(
                r"\s*(?:and|or)\s+", phrase[out[-1][1]:s]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _word_end(text: str, pos: int, limit: int) -> int:
    """``pos`` moved to the end of the word it falls inside (a keyword "terror" in
    "terrorism"), not past ``limit``."""
    while pos < limit and text[pos].isalnum():
        pos += 1
    return pos


class ChargeRecognizer:
    """Finds CHARGE mentions."""

    def __init__(self, cues: str = "charges/cues.jsonl",
                 categories: str = "charges/categories.jsonl") -> None:
        self.cues = compile_rules(load_table(cues))
        self.parse_cues: dict[str, dict[str, str]] = load_json("charges/parse_cues.json")["cues"]
        self.words: dict[str, Any] = load_json("charges/words.json")
        self._titles = load_wordlist("persons/titles.txt")  # "Chief Minister of| Kedah"
        self.categories = [
            (row["category"], [regex.compile(p, regex.I) for p in row["patterns"]])
            for row in load_table(categories)
        ]
        # a stop word ends at a word boundary; "in 19", "in 20" open a year ("in 2017")
        self.stop = regex.compile(
            r"(?<=\s)(?:" + "|".join(regex.escape(w) for w in self.words["stop_before"])
            + r")(?:(?<=\d)|\b)")

    @cached_property
    def _generic(self) -> frozenset[str]:
        return frozenset(self.words["generic"])

    def categorize(self, phrase: str) -> tuple[str, int, int] | None:
        """(category, start, end) of the first category keyword in ``phrase``; the end is the
        furthest end of that category's keywords."""
        # quotes inside the phrase do not split its words ('an “extremist” group'); offsets
        # are mapped back to the phrase
        keep = [i for i, ch in enumerate(phrase) if ch not in _QUOTE_CHARS]
        if len(keep) < len(phrase):
            found = self.categorize("".join(phrase[i] for i in keep))
            if found is None:
                return None
            category, start, end = found
            return category, keep[start], keep[end - 1] + 1
        for category, patterns in self.categories:
            # a keyword inside a proper name ("Anti-Corruption Foundation") is not the offence
            spans = [m.span() for p in patterns for m in p.finditer(phrase)
                     if not (m.start() > 0 and phrase[m.start()].isupper())
                     and not re.search(r"[A-Z][\w’']*-$", phrase[:m.start()])]
            if spans:
                return category, min(s for s, _ in spans), max(e for _, e in spans)
        return None

    def _keyword_at(self, phrase: str) -> int | None:
        """Where the first category keyword of ``phrase`` starts (None: no keyword)."""
        found = self.categorize(phrase)
        return None if found is None else found[1]

    def _offence(self, text: str, pos: int, strong: bool, cue: str) -> list[ChargeMatch]:
        """The offence phrase(s) starting at ``pos``, right after a cue; a comma list of
        offences ("charges of joining a group, misusing social media, and "spreading false
        news"") is followed item by item, up to the first item that names no offence. In a
        list with a keyword item, an item in an offence's own shape counts after a weak cue
        too ("arrested for inciting hatred, spreading rumours against officials, and
        terrorism")."""
        named = _NAME_FOR.match(text, pos)
        # "arrested X for allegedly stealing a phone": what follows "allegedly" is an offence
        strong = strong or _ALLEGED.match(text, pos) is not None
        phrases, closed = self._chain(text, named.end() if named else pos, strong, cue)
        while len(phrases) > 1 and not closed and not phrases[-1].quoted \
                and self.categorize(phrases[-1].words) is None:
            phrases.pop()  # '“A,” referring to the movement': an unclosed list's tail, no item
        # a list closed by "and"/"or" ("A, B, and C"), not "A, arguing that ..."
        listed = closed and any(self.categorize(p.words) for p in phrases)
        out: list[ChargeMatch] = []
        for phrase in phrases:
            found = self._items(phrase, listed)
            if not found:
                break
            out += found
        return out

    def _chain(self, text: str, pos: int, strong: bool,
               cue: str) -> tuple[list[_Phrase], bool]:
        """The items of the offence list starting at ``pos`` (at most nine), and whether its
        last item is joined by "and"/"or" (a closed list of two or more)."""
        phrases: list[_Phrase] = []
        closed = False
        while pos < len(text) and len(phrases) < 9:
            pos = _past_counts(text, pos)  # "and one count of| “unnatural offense”"
            quoted = text[pos] in _QUOTES
            span = _quoted_span(text, pos) if quoted else self._open_span(text, pos)
            if span is None:
                break
            start, end, after = span
            start = self._skip_lead(text, start, end)
            phrase = _Phrase(text, start, end, cue, strong, quoted, bool(phrases))
            if not self._may_be_offence(phrase.words):
                break
            phrases.append(phrase)
            closed = len(phrases) > 1 and bool(re.search(r"\b(?:and|or)\b", text[:start][-12:]))
            nxt = _next_item(text, start, after, self._keyword_at)
            if nxt is None:
                break
            pos = nxt
        return phrases, closed

    def _open_span(self, text: str, pos: int) -> tuple[int, int, int]:
        """(start, end, after) of an unquoted phrase at ``pos``: up to the first boundary
        (punctuation, a dash, an opening quote after "and"/","), cut by :meth:`_cut`;
        ``after`` is where a list's next item may start (-1: none)."""
        b = _BOUNDARY.search(text, pos, pos + 400)
        while b is not None and b.group(0) == "(" and _GLOSS.match(text, b.start()):
            # "receiving €100,000 ($99,733) in bribes": a currency gloss inside the phrase
            b = _BOUNDARY.search(text, text.find(")", b.start()) + 1, pos + 400)
        while b is not None and b.group(0) in "“«" and b.start() > pos and not re.search(
                r"(?:,|\band|\bor)\s*$", text[pos:b.start()]):
            # 'dissemination of “fake news”', 'forming an “extremist” group': a quoted
            # word inside the phrase, not the next item
            close = text.find(_QUOTES[b.group(0)], b.end(), b.end() + 150)
            if close < 0:
                break
            if text[close - 1] in ",;.":  # 'an “extremist formation,” and ...': it ends
                next_item = close + 1 if text[close - 1] == "," else -1
                return pos, self._cut(text, pos, close - 1), next_item
            b = _BOUNDARY.search(text, close + 1, pos + 400)
        end = b.start() if b else min(len(text), pos + 400)
        after = -1
        if b is not None and b.group(0) in ",;":  # "A; B; and C" lists as "A, B, and C"
            after = b.start()
        elif b is not None and _SEE_ALSO.match(text, b.start()):
            # "A (see section 2.a.), B, and C": a cross-reference inside the list
            after = text.find(")", b.start()) + 1
        elif b is not None and b.group(0) in "“\"«" and re.search(
                r"(?:,|\band|\bor)\s*$", text[pos:b.start()]):
            # 'joining a banned group and “spreading false news”': a quoted next item
            after = b.start()
            tail = re.search(r"\s*(?:,|\band|\bor)\s*$", text[pos:b.start()])
            end = pos + (tail.start() if tail else b.start() - pos)
        return pos, self._cut(text, pos, end), after

    def _cut(self, text: str, start: int, end: int) -> int:
        """The end of the phrase ``text[start:end]`` once cut to ``max_words``, at a stop
        word, and stripped of a trailing "and"/"or" and dashes."""
        words = list(re.finditer(r"\S+", text[start:end]))
        if len(words) > self.words["max_words"]:
            end = start + words[self.words["max_words"] - 1].end()
        end = self._stop_at(text, start, end)
        end = start + len(re.sub(r"(?:\s+(?:and|or))+\s*$", "", text[start:end]))
        while end > start and text[end - 1] in " -—":
            end -= 1
        return end

    def _stop_at(self, text: str, start: int, end: int) -> int:
        """Where the first stop word after ``start`` ends the phrase (else ``end``)."""
        for s in self.stop.finditer(text, start + 1, end):
            if _AGAIN.match(text, s.start()) and text[:s.start()].endswith(("and ", "or ")):
                continue  # "for A and for violating B": the list goes on
            # a stop word ends the phrase unless it is "with"/"for" and would cut off the
            # offence's keyword ("affiliation with a terrorist group")
            if not (s.group(0).startswith(("with", "for")) and len(s.group(0).split()) < 3 and (
                    self.categorize(text[start:s.start()]) is None
                    or text[start:s.start()].rstrip().endswith("ing"))  # "calling for"
                    and self.categorize(text[s.start():end]) is not None):
                return s.start()
        return end

    def _skip_lead(self, text: str, start: int, end: int) -> int:
        """The phrase's start past lead words ("the", "alleged", ...) and a date before the
        offence ("the February 20 killing of")."""
        while True:
            m = re.match(r"(\S+)\s+", text[start:end])
            if m and m.group(1).lower() in self.words["lead_skip"]:
                start += m.end()
            elif (past := _past_counts(text, start)) > start:
                start = past  # "multiple counts of| fraud"
            elif (named := _CHARGES_OF.match(text, start, end)) is not None:
                start = named.end()  # "the more serious charges of| forgery", "the crime of “|X”"
            elif (d := _LEAD_DATE.match(text, start, end)) and d.end() > start:
                start = d.end()  # "detained on March 18 for| violence": the cue said again
                start += 4 if text.startswith("for ", start) else 0
            else:
                return start

    def _may_be_offence(self, phrase: str) -> bool:
        """Not empty, not a generic phrase ("charges"), not a non-offence start ("other")."""
        if not phrase.strip() or phrase.lower() in self._generic:
            return False
        first = phrase.split()[0].lower()
        if first in self.words["telling_verbs"]:
            told = self.categorize(phrase)
            if told is not None and told[0] in self.words["told_categories"]:
                return False  # "for exposing government corruption": it tells of an offence
        return first not in self.words["not_offence_start"]

    def _items(self, phrase: _Phrase, in_keyword_list: bool = False) -> list[ChargeMatch]:
        """One CHARGE per conjunct of the phrase that names an offence: by a category
        keyword, else (category "other") by its shape and a legal context."""
        out: list[ChargeMatch] = []
        # a quoted "A and B" with no comma names one offence unless each part has a keyword
        # ("picking quarrels and provoking trouble")
        loose = not (phrase.quoted and "," not in phrase.words)
        parts = [(cs, ce, self.categorize(phrase.words[cs:ce]))
                 for cs, ce in self._conjuncts(phrase.words, loose, phrase.quoted)]
        # in a list with a keyword item, an item in an offence's shape is an offence too,
        # after a weak cue as well ("for inciting a revolt and disturbing public order")
        listed = in_keyword_list or (len(parts) > 1 and any(cat is not None for _, _, cat in parts))
        for cs, ce, cat in parts:
            found = (self._uncategorized(phrase, cs, ce, listed) if cat is None
                     else self._categorized(phrase, cs, ce, cat))
            if found is not None:
                out.append(found)
        return out

    def _uncategorized(self, phrase: _Phrase, cs: int, ce: int,
                       listed: bool = False) -> ChargeMatch | None:
        """The conjunct ``[cs, ce)`` as an "other" offence: only after a strong cue, in
        quotes or ``listed`` beside a keyword offence in its own offence's shape; short,
        lower-case, in an offence's shape when it is a later list item, not ending in a
        generic head, and in a sentence about a legal process."""
        sub = phrase.words[cs:ce]
        weak_ok = listed and bool(_OWN_OFFENCE.match(sub))
        longest = 15 if phrase.quoted else 14 if phrase.strong and _GERUND.match(sub) \
            and not _CLAUSE_VERB.search(sub) else 6
        if not (phrase.strong or phrase.quoted or weak_ok) or len(sub.split()) > longest \
                or sub.lower() in self._generic:
            return None
        if phrase.in_list and not phrase.quoted and (not _OFFENCE_SHAPE.match(sub)
                                                     or re.search(r"\d", sub)):
            return None
        if not re.match(r"[a-z]", sub) or re.fullmatch(r"[a-z]+[^s\W]s", sub):
            return None  # a lone plural names people or things ("acquitted one of the activists")
        # not "Crimes Act"; a counted offence may end in one ("one count of “unnatural offense”")
        counted = _COUNTED.search(phrase.text, 0, phrase.start + cs)
        generic_head = not counted and any(
            w.strip(",.") in self.words["other_needs_head_not"] for w in sub.split())
        if generic_head or not self._legal_context(phrase.text, phrase.start + cs):
            return None
        return ChargeMatch(phrase.start + cs, phrase.start + ce, "other", phrase.cue)

    def _categorized(self, phrase: _Phrase, cs: int, ce: int,
                     cat: tuple[str, int, int]) -> ChargeMatch:
        """The conjunct ``[cs, ce)`` cut after its category keyword (a quoted item is kept
        whole), extended by a head noun and to the end of the keyword's word."""
        words = phrase.words
        category, kw_start, kw_end = cat
        span_end = ce if phrase.quoted else cs + kw_end
        lead = words.rfind(" for ", cs, cs + kw_start)
        if not phrase.quoted and lead >= 0 and not _OWN_OFFENCE.match(words[cs:lead]):
            cs = lead + 5  # "the occupied territories for| extorting": who, then the offence
        if not phrase.quoted:  # "publishing extremist" -> "publishing extremist materials"
            nxt = re.match(r"\s+([\w-]+)", words[span_end:ce])
            if nxt and nxt.group(1).lower() in self.words["head_nouns"]:
                span_end += nxt.end()
        span_end = _word_end(words, span_end, ce)
        return ChargeMatch(phrase.start + cs, phrase.start + span_end, category, phrase.cue)

    def _in_a_case(self, text: str, cue: int) -> bool:
        """Not "without charge", not the law in general ("the law provided up to one year
        imprisonment for ...")."""
        before = text[max(0, cue - 80):cue].lower()
        if before.endswith("without "):
            return False
        clause = re.split(r"[.;:\n]", before)[-1]
        return not any(w in clause for w in self.words["general_law_before"])

    def _legal_context(self, text: str, pos: int) -> bool:
        """Whether the sentence around ``pos`` speaks of a legal process."""
        lo, hi = max(0, pos - 400), min(len(text), pos + 400)
        s0 = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos), lo)
        s1 = text.find(". ", pos, hi)
        sentence = text[s0:s1 if s1 >= 0 else hi].lower()
        return any(w in sentence for w in self.words["legal_context"])

    def _conjuncts(self, phrase: str, loose: bool = True,
                   quoted: bool = False) -> list[tuple[int, int]]:
        """Split "A and B" / "A, B, and C" when each part names its own offence (``loose``:
        by a keyword or an offence's shape, else by a keyword); keep one span when conjoined
        verbs share one object ("organizing or participating in mass riots"). A conjunct
        that starts a new clause ("... and received 30-year sentences") ends the list. A
        ``quoted`` list of three or more splits at its commas only, when an item names a
        category and no item is a lone adjective."""
        parts = []
        for m in re.finditer(r"(?:(?!,? (?:and|or) |, ).)+", phrase):
            # "for A and for violating B": the cue's preposition said again before a gerund
            lead = re.match(rf"(?:,|\s|and\s|or\s)*(?:{_AGAIN.pattern})?", m.group(0))
            start = m.start() + (lead.end() if lead else 0)
            if start < m.end():
                parts.append((start, m.end()))
        clause = next((n for n, (s, e) in enumerate(parts)
                       if n and _NEW_CLAUSE.match(phrase, s)), len(parts))
        parts = parts[:clause]
        if not parts:
            return [(0, len(phrase))]
        parts = _share_objects(phrase, parts, self.categorize)
        if len(parts) < 2 or self._one_keyword(phrase[:parts[-1][1]], parts):
            return [(0, parts[-1][1])]
        if quoted:  # a quoted list, by its commas ("“sedition, incitement, and libel”")
            items = [m.span(1) for m in _QUOTED_ITEM.finditer(phrase, 0, parts[-1][1])]
            cats = [self.categorize(phrase[s:e]) for s, e in items]
            # not adjectives sharing one noun ("“cruel, inhuman, or degrading treatment”")
            if len(items) > 2 and any(cats) and all(
                    c or " " in phrase[s:e].strip() for c, (s, e) in zip(cats, items, strict=True)):
                return items
        own = self._own_offence if loose else self.categorize
        # in a list of three or more with a keyword item, a one-word item in a noun's shape
        # is an offence too ("threats, insults, and disturbance of public order")
        nouns = len(parts) > 2 and any(self.categorize(phrase[s:e]) for s, e in parts)
        if all(own(phrase[s:e]) or (nouns and _NOUN_ITEM.fullmatch(phrase[s:e]) and (
                phrase.startswith(",", e) or phrase[:s].rstrip().endswith(",")))
               for s, e in parts):
            return parts
        return [(0, parts[-1][1])]

    def _one_keyword(self, phrase: str, parts: list[tuple[int, int]]) -> bool:
        """Whether one category keyword spans a coordination between two of the phrase's
        ``parts`` ("picking quarrels and provoking trouble" is one offence)."""
        gaps = [(e, s) for (_, e), (s, _) in itertools.pairwise(parts)]
        return any(re.search(r" (?:and|or) ", m.group(0))
                   and any(m.start() < e and m.end() > s for e, s in gaps)
                   for _, patterns in self.categories for p in patterns
                   for m in p.finditer(phrase))

    def _own_offence(self, part: str) -> bool:
        """Whether a conjunct names an offence by itself: a category keyword, or an
        offence's shape with more than one word ("illegal detention", "abuse of power"); a
        lone verb shares the next one's object ("organizing or participating in riots")."""
        if self.categorize(part):
            return True
        return len(part.split()) > 1 and bool(_OWN_OFFENCE.match(part)) \
            and not re.search(r"\d", part)

    def find(self, text: str, cues: Iterable[ParseCue] = ()) -> list[ChargeMatch]:
        """The CHARGE mentions of ``text``: offences after the cues of cues.jsonl and the
        parse's ``cues`` (:func:`parse_cues`), and offences modifying a legal noun."""
        found: list[ChargeMatch] = []
        for cue in cues:
            if self._in_a_case(text, cue.trigger):
                found.extend(self._offence(text, cue.start, cue.strong, cue.name))
        for rule, rx in self.cues:
            strong = rule.get("strength") == "strong"
            for m in rx.finditer(text):
                named = _NAME_OF.search(text, max(0, m.end() - 60), m.end())
                if (named and (named.group(1) or named.group(2).lower() in self._titles)) \
                        or not self._in_a_case(text, m.start()):
                    continue  # "charged officials of the Ministry of Health with ...": a name
                found.extend(self._offence(text, m.end(), strong, rule["name"]))
        for nm in _NOUN_CHARGES.finditer(text):
            if not self._in_a_case(text, nm.start()):
                continue  # "the government frequently used extortion charges to ..."
            found.extend(self._noun_charges(text, nm.start(1), nm.end(1)))
        return filter_matches(found)

    def _noun_charges(self, text: str, start: int, end: int) -> list[ChargeMatch]:
        """The offences modifying a legal noun, one per conjunct ("on corruption and
        embezzlement charges"), each cut to its category keyword."""
        out = []
        for m in re.finditer(r"(?:(?! and | or |, )[^“”\"])+", text[start:end]):
            cat = self.categorize(m.group(0))
            if cat:
                category, ks, ke = cat
                s = start + m.start() + ks
                out.append(ChargeMatch(s, _word_end(text, start + m.start() + ke, end), category,
                                       "noun_charges"))
        return out
