"""PERSON: the model's NER repaired for human-rights reports (titles and roles stripped,
names after titles recovered, organizations dropped, every mention of a name found, surnames
resolved to the fullest name)."""

from __future__ import annotations

import re
import unicodedata
import weakref
from functools import cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from extract.ingest import country_forms, is_country_name
from extract.nlp.guard import guarded
from extract.nlp.names import (
    BYLINE,
    NICKNAME,
    canonical_names,
    extend_over_particles,
    particles,
    surname_forms,
)
from extract.nlp.spans import KEYS, doc_text, set_group
from extract.rules import load_json, load_wordlist

_OTHER_ENTS = {"GPE", "LOC", "FAC", "NORP", "ORG"}
_PLACE_ENTS = {"GPE", "LOC", "FAC", "NORP"}
_INITIAL = re.compile(r"[A-Z]\.")
# a speaker line on a line of its own: "Ana Ruiz, Department Spokesperson"
_NAME_LINE = r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3}"
_SPEAKER_LINE = re.compile(rf"(?m)^({_NAME_LINE}), ((?:[A-Z][\w-]* ?){{1,4}})[ \t]*$")
_CONNECTORS = {"of", "on", "for", "the", "and", "in"}
# a country's adjective: a stem of four letters or more and a suffix ("Bosn-ian", "Nepal-ese")
_COUNTRY_ADJECTIVE = re.compile(r"([A-Z][a-z]{3,}?)(?:ian|an|ese|ish|i)")
# before a quoted name, the words that make it an alias ("known as “El Mochomo,”",
# "the nom de guerre “Ben Laden”"); any other quoted title-case words name a work, a
# place or a group ("the song “Bella Ciao”", "the “Chimaltenango Bypass”")
_ALIAS_BEFORE = re.compile(r"(?:known as|alias|a\.k\.a\.|nicknamed|called|nom de guerre|"
                           r"pseudonym|name)\s*[“\"]$", re.IGNORECASE)
_STOP_LEFT = {"The", "In", "On", "At", "A", "An", "And", "But", "By", "From", "For", "With",
              "After", "Before", "During", "Following", "Since", "While", "When", "Although",
              "Authorities", "Police", "Both", "His", "Her", "Their", "Former", "Then"}


@cache
def _language_names() -> frozenset[str]:
    """The one-word English names of the languages CLDR knows (Babel): "Wolof", "Soninke",
    "Hausa" — in a report, an ethnic group or language, not a person, unless the document also
    uses the word as a surname."""
    from babel import Locale

    return frozenset(n for n in Locale("en").languages.values() if n.isalpha())


@cache
def _subdivision_names() -> frozenset[str]:
    """The names of the world's first-level subdivisions (ISO 3166-2, pycountry), accents
    folded: "Norte de Santander", "Tamaulipas", "Republika Srpska" are places, not people."""
    import pycountry

    return frozenset(_fold(s.name) for s in pycountry.subdivisions)


def _modifies_noun(doc: Doc, i: int) -> bool:
    """Whether two or more capitalized words from token ``i`` end before a plural common noun
    they and the conjunct before them modify ("Kosovan Serb and Kosovan Gorani communities";
    not "A and Russian citizens B", "A and Dutch journalist B"); the caller checks that the
    conjunct before starts with a country's adjective (not "A and National Front Party
    members B")."""
    start = i
    while i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha:
        i += 1
    return i - start >= 2 and i < len(doc) and doc[i].tag_ == "NNS" and doc[i].text.islower()


def _quoted_non_alias(s: Span) -> bool:
    """Whether ``s`` opens a quote no alias phrase comes before: "the song “Bella Ciao”", the
    "“Chimaltenango Bypass”" (a work, a place), not "known as “El Mochomo”"."""
    if s.start == 0 or s.doc[s.start - 1].whitespace_:
        return False
    before = s.doc[max(0, s.start - 8):s.start].text  # not doc.text: built anew on each call
    return before.endswith(("“", "\"")) and not _ALIAS_BEFORE.search(before)


def _of_a_country(word: str) -> bool:
    """Whether ``word`` reads as a country's adjective: a suffix (-an, -ian, -ese, -ish, -i)
    on a stem of four letters or more that begins a country's name (the names ingest reads
    report titles with: "Kosovan", "Bosnian", "Azerbaijani"; not "Rui")."""
    m = _COUNTRY_ADJECTIVE.fullmatch(word)
    return m is not None and any(n.startswith(m.group(1).lower()) for n in country_forms())


def _plural_title(word: str, titles: frozenset[str]) -> bool:
    """A title in the plural before a list of names: "MPs A and B", "Journalists A and B"."""
    return len(word) > 2 and word.endswith("s") and word[:-1].lower() in titles


@cache
def _demonym(word: str) -> bool:
    """A country's adjective or its people, not the country's own name: "Ukrainian",
    "Ukrainians", "Nepalese" (not "Jordan", "Francis" or "Christian")."""
    if word.endswith(("ans", "eses")):
        word = word[:-1]
    m = _COUNTRY_ADJECTIVE.fullmatch(word)
    # the stem is most of one name ("Ukrain-ian": Ukraine; not "Christ-ian": Christmas Island)
    return m is not None and not is_country_name(word) and any(
        n.startswith(m.group(1).lower()) and 5 * len(m.group(1)) >= 3 * len(n)
        for n in country_forms())


def _split_given_name(tok: Token) -> bool:
    """Whether the model cut a given name off the name it starts: a one-token ORG, NORP or FAC
    entity right before a PERSON entity ("Eduardo" in "YouTuber Eduardo Miguel X", "Yousuf"
    in "Yousuf Raza X"), not a country's adjective, a language or a word the document also
    writes in lower case, nor the end of a title run ("Russian Ivan X", "Minister of
    Defense Ivan X")."""
    doc = tok.doc
    return (tok.ent_iob_ == "B" and tok.ent_type_ in ("ORG", "NORP", "FAC")
            and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "B"
            and doc[tok.i + 1].ent_type_ == "PERSON" and tok.pos_ == "PROPN"
            and not _of_a_country(tok.text) and tok.text not in _language_names()
            and not is_country_name(tok.text) and tok.lower_ not in _lower_words(doc)
            and (tok.i == 0 or doc[tok.i - 1].lower_ not in _CONNECTORS))


def _fold(text: str) -> str:
    """``text`` lower-cased with its accents removed."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).lower()


def _join_adjacent(spans: list[Span]) -> list[Span]:
    """Two names with nothing between them are one name the model cut ("Muhammad Sanusi Md"
    + "Nor", where it read "Nor" as a conjunction), unless both are full names of three
    words or more (a table row "Frank R. Wolf James P. McGovern"). ``spans`` is sorted and
    disjoint."""
    out: list[Span] = []
    for s in spans:
        if out and out[-1].end == s.start and min(len(out[-1]), len(s)) < 3:
            out[-1] = Span(s.doc, out[-1].start, s.end, label=s.label_)
        else:
            out.append(s)
    return out


# the lower-case second syllable of a hyphenated given name ("Jee Man-won", "Roh Moo-hyun"),
# not an adjective's ending ("Petrov-backed", "Petrov-era reforms")
_SYLLABLE = re.compile(r"[a-z]{2,5}")


def _hyphen_tail(s: Span) -> Span:
    """``s`` extended over "-syllable" written onto its last word ("Chung Jin" -> "Chung
    Jin-suk"), when the name has two words or more."""
    doc = s.doc
    end = s.end
    if len(s) < 2 or end + 1 >= len(doc) or doc[end].text != "-":
        return s
    tail = doc[end + 1]
    if doc[end - 1].whitespace_ or doc[end].whitespace_ or not _SYLLABLE.fullmatch(tail.text) \
            or tail.text.endswith("ed"):
        return s
    nxt = doc[end + 2] if end + 2 < len(doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN", "ADJ") and nxt.text.islower():
        return s  # "Petrov-era reforms": the hyphenated word modifies the noun after it
    return Span(doc, s.start, end + 2, label=s.label_)


_OPEN_QUOTES = frozenset({"“", '"'})
_CLOSE_QUOTES = frozenset({"”", '"'})


def _nickname(s: Span) -> Span:
    """``s`` extended over a quoted nickname and the surname after it ("Boyan “Rasate”
    Stankov", where the model stops at the nickname or before it)."""
    doc = s.doc
    for q in range(s.start + 1, min(s.end + 1, len(doc))):
        if doc[q].text not in _OPEN_QUOTES:
            continue
        close = next((c for c in range(q + 2, min(q + 5, len(doc)))
                      if doc[c].text in _CLOSE_QUOTES), None)
        if close is None or not all(t.text[:1].isupper() for t in doc[q + 1:close]):
            return s
        end = close + 1
        while end < min(close + 4, len(doc)) and doc[end].pos_ == "PROPN" \
                and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
        return Span(doc, s.start, max(s.end, end), label=s.label_) if end > close + 1 else s
    return s


# a government named after a person is no PERSON ("the Marcos administration", gold/README)
_GOVERNMENT = frozenset({"administration", "presidency", "government", "regime"})


def _names_a_government(s: Span) -> bool:
    """"the Marcos administration": the name stands for a government."""
    doc = s.doc
    return s.start > 0 and s.end < len(doc) and doc[s.start - 1].lower_ == "the" \
        and doc[s.end].lower_ in _GOVERNMENT


def _is_name_text(text: str) -> bool:
    """Could this token text be part of a name (capitalized word, not all caps, not a
    sentence-initial function word)?"""
    if text.endswith("-"):
        return False
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial: "Frank R. Wolf", "Ahmed K."
    return (text.isalpha() or any(c in text for c in "-'’")) and text[:1].isupper() and (
        not text.isupper() or len(text) <= 1) and text not in _STOP_LEFT


def _is_name_token(tok: Token) -> bool:
    return _is_name_text(tok.text)


_token_info: weakref.WeakKeyDictionary[Doc, tuple[list[str], list[str], list[bool]]] = \
    weakref.WeakKeyDictionary()


def _tokens(doc: Doc) -> tuple[list[str], list[str], list[bool]]:
    """Each token's text, lower form and :func:`_is_name_token`, read once per doc (every
    ``doc[i]`` builds a new Token object, and the name rules look at each token many times)."""
    info = _token_info.get(doc)
    if info is None:
        texts = [t.text for t in doc]
        info = _token_info[doc] = (texts, [t.lower() for t in texts],
                                   [_is_name_text(t) for t in texts])
    return info


def _lower_words(doc: Doc) -> frozenset[str]:
    """The words the document writes in lower case (read once per doc)."""
    words = _lower_cache.get(doc)
    if words is None:
        words = _lower_cache[doc] = frozenset(t for t in _tokens(doc)[0] if t.islower())
    return words


_lower_cache: weakref.WeakKeyDictionary[Doc, frozenset[str]] = weakref.WeakKeyDictionary()


def _words(doc: Doc) -> frozenset[str]:
    """The token texts of the document (read once per doc)."""
    words = _words_cache.get(doc)
    if words is None:
        words = _words_cache[doc] = frozenset(_tokens(doc)[0])
    return words


_words_cache: weakref.WeakKeyDictionary[Doc, frozenset[str]] = weakref.WeakKeyDictionary()


class PersonComponent:
    """PERSON mentions: the model's NER repaired for these reports.

    Repairs: titles/roles and possessives stripped; names after titles and roles recovered
    even when labelled as places or organizations; organization-like names dropped; a name
    found once is found at every mention; surnames resolved to the fullest name.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.titles = load_wordlist("persons/titles.txt")
        self.org_words = load_wordlist("persons/org_words.txt")
        self.not_names = load_wordlist("persons/not_names.txt")
        self.thing_nouns = load_wordlist("persons/thing_nouns.txt")
        self.given = load_wordlist("persons/given_names.txt")
        self.particles = particles()
        events = load_json("cases/events.json")
        self.legal_verbs = frozenset(events["triggers"])
        self.person_nouns = self.titles | frozenset(events["kin_nouns"])
        self._text = ""
        self.suffixes = tuple(sorted(load_wordlist("persons/surname_suffixes.txt"), key=len,
                                     reverse=True))

    def _clean(self, span: Span) -> Span | None:
        doc = span.doc
        start, end = span.start, span.end
        for t in doc[start:end]:  # "Ilham Tohti’s Sentencing": the name ends at the 's
            if t.text in ("'s", "’s") and t.i > start:
                end = t.i
                break
        while start < end and (doc[start].lower_ in self.titles or not _is_name_token(doc[start])
                               or _plural_title(doc[start].text, self.titles)
                               or (doc[start].lower_ in self.particles and start + 1 < end
                                   and doc[start + 1].lower_ in self.titles)):
            start += 1  # "President X"; "El Hadj X": a particle before a title is the title's
        while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’")
                               or not _is_name_token(doc[end - 1])
                               or doc[end - 1].pos_ in ("ADV", "VERB", "ADJ", "ADP", "DET")):
            end -= 1
        # a leading word the document uses as a place, nationality or organization, writes
        # in lower case elsewhere, or a country's people ("Free Aung San Suu Kyi", "Coercion
        # Ivan Petrov", "Ukrainians Ivan Petrov")
        while end - start > 2 and (doc[start].text in self._non_person_words(doc)
                                   or (doc[start].lower_ in _lower_words(doc)
                                       and doc[start].lower_ not in self.particles)
                                   or _demonym(doc[start].text)):
            start += 1
        if end <= start or end - start > 8:
            return None
        if end - start == 1 and end < span.end and len(span) > 1:
            return None  # "Ivanov Live" (an outlet): a one-word remainder of a longer non-name
        s = doc[start:end]
        if any(t.lower_ in self.org_words for t in s) or s.text in self.not_names:
            return None
        if any(t.is_stop and t.pos_ == "ADP" and t.lower_ not in self.particles
               for t in s[:-1]):
            return None  # "Reporters Without Borders", "Justice For Victims Now": a body's name
        if any(t.like_num for t in s):
            return None
        return Span(doc, start, end, label="PERSON")

    def _in_heading(self, span: Span) -> bool:
        """Names do not stand in headings ("## Kazakhstan — 2024 Human Rights Report")."""
        text = self._text
        lo, hi = max(0, span.start_char - 200), min(len(text), span.end_char + 200)
        line_start = text.rfind("\n", lo, span.start_char) + 1 or lo
        line_end = text.find("\n", span.end_char, hi)
        line = text[line_start:line_end if line_end >= 0 else hi].strip()
        return line.startswith("#") or (len(line) < 160 and "," not in line and ":" not in line
                                        and not line.endswith((".", ":", "\"", "”")))

    @staticmethod
    def _non_person_words(doc: Doc) -> set[str]:
        """One-word places, nationalities and organizations of the doc (computed once)."""
        cached = doc.user_data.get("hr_non_person_words")
        if cached is None:
            cached = sorted({e.text for e in doc.ents if e.label_ in _OTHER_ENTS and len(e) == 1
                             and not _split_given_name(e[0])})
            doc.user_data["hr_non_person_words"] = cached  # a list: user_data must serialize
        return set(cached)

    def _suffix_names(self, doc: Doc) -> list[Span]:
        """"Ruslan Ivanov": two capitalized proper nouns, the second with a surname ending."""
        out = []
        _, lowers, names = _tokens(doc)
        for i in range(len(doc) - 1):
            if not (names[i] and names[i + 1] and lowers[i + 1].endswith(self.suffixes)
                    and (i == 0 or not names[i - 1])
                    and (i + 2 >= len(doc) or not names[i + 2])):
                continue
            tok, nxt = doc[i], doc[i + 1]
            if (tok.pos_ == "PROPN" and nxt.pos_ == "PROPN"
                    and tok.ent_type_ in ("", "GPE", "ORG", "PERSON")
                    and tok.lower_ not in self.titles and tok.lower_ not in self.org_words):
                span = self._clean(Span(doc, tok.i, tok.i + 2))
                if span is not None and len(span) == 2:
                    out.append(span)
        return out

    def _given_name_starts(self, doc: Doc) -> list[Span]:
        """A known given name followed by one or two capitalized tokens."""
        out = []
        texts, _, names = _tokens(doc)
        for i, text in enumerate(texts):
            if text in self.given and i + 1 < len(doc) and names[i + 1]:
                end = i + 2
                if end < len(doc) and names[end] and doc[end].ent_type_ == "PERSON":
                    end += 1
                span = self._clean(Span(doc, i, end))
                if span is not None and span.start == i:
                    out.append(span)
        return out

    def _list_neighbours(self, doc: Doc, found: list[Span]) -> list[Span]:
        """In a comma list of names ("A B, C D, and E F"), the other two- or three-token
        capitalized items are names too."""
        starts = {s.start for s in found}
        ends = {s.end for s in found}
        out = []
        names = _tokens(doc)[2]
        for sent in doc.sents:
            items: list[tuple[int, int]] = []
            i = sent.start
            while i < sent.end:
                j = i
                while j < sent.end and names[j]:
                    j += 1
                if j > i:
                    items.append((i, j))
                    i = j
                else:
                    i += 1
            for k, (a, b) in enumerate(items):
                if not 2 <= b - a <= 3 or a in starts or any(
                        t.lower_ in self.titles for t in doc[a:b]):
                    continue  # "A, Mobilization Coordinator of ...": a title, no name
                neighbours = [items[k - 1]] if k else []
                neighbours += [items[k + 1]] if k + 1 < len(items) else []
                for na, nb in neighbours:
                    between = doc[min(b, nb):max(a, na)].text.strip()
                    if na in starts and nb in ends and between in (",", ", and", "and", ", or"):
                        span = self._clean(Span(doc, a, b))
                        if span is not None:
                            out.append(span)
                        break
        return out

    def _semicolon_items(self, doc: Doc, found: list[Span]) -> list[Span]:
        """In a list of "Name, role; Name, role; and Name, role" where two items' names are
        found, the name before the first comma of every other item is a name too ("Those
        detained were A, head of ...; B, a lawyer; ...")."""
        names = _tokens(doc)[2]
        ends = {s.end for s in found}
        out = []
        for sent in doc.sents:
            semis = [t.i for t in sent if t.text == ";"]
            if len(semis) < 2:
                continue
            bounds = [sent.start, *(i + 1 for i in semis), sent.end]
            runs = []
            for a, b in pairwise(bounds):
                comma = next((t.i for t in doc[a:b] if t.text == ","), None)
                if comma is None:
                    continue
                k = comma
                while k > a and names[k - 1]:
                    k -= 1
                if 2 <= comma - k <= 4:
                    runs.append((k, comma))
            if sum(e in ends for _, e in runs) < 2:
                continue
            for k, e in runs:
                if e not in ends:
                    span = self._clean(Span(doc, k, e))
                    if span is not None and len(span) >= 2:
                        out.append(span)
        return out

    def _parenthetical_aliases(self, doc: Doc, spans: list[Span]) -> dict[tuple[int, int], str]:
        """"Olga Petrova (Petrovna)": the bracketed name is the same person."""
        out: dict[tuple[int, int], str] = {}
        by_start = {s.start: s for s in spans}
        for s in spans:
            # "Omar Said, known as Omar al-Masri": the second name is an alias
            j = s.end
            if j < len(doc) and doc[j].text in (",", "("):  # also "X (also known as Y)"
                j += 1
            if j + 2 < len(doc) and (doc[j].lower_ == "also" or doc[j].tag_ == "RB"):
                j += 1  # "also known as", "popularly known as", "better known as"
            if j + 2 < len(doc) and doc[j].lower_ == "known" and doc[j + 1].lower_ == "as" \
                    and j + 2 in by_start:
                alias = by_start[j + 2]
                out[(alias.start, alias.end)] = s.text
                surname = alias[-1].text
                for o in spans:
                    if o.start > alias.start and o[-1].text == surname:
                        out[(o.start, o.end)] = s.text
            if s.end + 2 < len(doc) and doc[s.end].text == "(" and doc[s.end + 2].text == ")" \
                    and _is_name_token(doc[s.end + 1]):
                out[(s.end + 1, s.end + 2)] = s.text
        return out

    def _not_a_person(self, s: Span, surnames: set[str]) -> bool:
        """What the parse and the document say against a candidate name: a plural proper
        noun ("young Uyghurs"), a name used as the modifier of a common noun ("the
        Ayotzinapa case", "Sindhi nationalists"), a place after "in"/"at", an organization
        after a role ("editor-in-chief of Keste Debena", "television station Mtavari
        Arkhi"), part of a longer organization name ("Baloch Liberation Front"), or a
        common word the document also writes in lower case ("Release")."""
        doc = s.doc
        after = doc[s.end] if s.end < len(doc) else None
        left = doc[s.start - 1] if s.start else None
        if is_country_name(s.text) or _names_a_government(s) or any(
                t.lower_ == "of" for t in s) or _quoted_non_alias(s):
            return True  # "Sri Lanka"; "the Marcos administration"; "Chronicles of Turkmenistan"
        if len(s) == 1 and s.text.endswith("s") and s.text[:-1] in _words(doc):
            return True  # "the Houthis" where the text also says "Houthi forces": a group
        if s[-1].tag_ == "NNPS" and len(s) == 2 and s.text not in surnames \
                and s[0].text not in self.given and _of_a_country(s[0].text):
            return True  # "Kosovan Serbs", "Bosnian Croats": a people (not "Marco Gerges")
        if s[0].tag_ == "NNPS" or s.text in surnames:
            return s[0].tag_ == "NNPS" and len(s) == 1
        if _fold(s.text) in _subdivision_names() and not self._after_title(doc, s.start):
            return True  # "in Iguala, Guerrero"; but "Governor Guerrero", "Jeffrey Moyo" ... "Moyo"
        if left is not None and left.text == "The" and not left.is_sent_start:
            return True  # "editor of The Online Citizen": a title, not a person
        if left is not None and left.lower_ in ("on", "for", "of", "against") and s.start > 1 \
                and doc[s.start - 2].text.istitle() and doc[s.start - 2].lower_ in self.org_words:
            return True  # "the UN Working Group on Arbitrary Detentions": the body's name
        if len(s) == 1 and s.text in _language_names():
            return True  # "ethnic groups (Peul, Soninke, and Wolof)"
        if after is not None and after.pos_ == "NOUN" and after.text.islower():
            return True
        if after is not None and after.lower_ in ("and", "or") and _of_a_country(s[0].text) \
                and _modifies_noun(doc, s.end + 1):
            return True  # "Kosovan Serb and Kosovan Gorani communities"
        nxt = doc[s.end + 1] if s.end + 1 < len(doc) else None
        if len(s) == 1 and after is not None and after.pos_ == "ADJ" and after.text.islower() \
                and nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower():
            return True  # "Azerbaijani military authorities", "by Belarusian human rights groups"
        if left is not None and left.text.islower() and left.pos_ == "NOUN" and (
                left.lower_ in self.org_words or left.lemma_.lower() in self.org_words):
            return True  # "the newspaper Daily Jang" (but "the police, Ana Ruiz")
        counted = left is not None and left.dep_ == "nummod" and s.start <= left.head.i < s.end
        if left is not None and (len(s) == 1 or counted) and left.pos_ in (
                "ADJ", "NUM") and left.lower_ not in self.titles:
            return True  # "several young Uyghurs", "two Ivanovs", "one Kosovan Serb"
        prev = [t for t in doc[max(0, s.start - 3):s.start] if t.text not in (",", "the")]
        if prev and prev[-1].lower_ in ("in", "at", "near", "into") and len(s) > 1:
            return True
        if len(prev) >= 2 and prev[-1].lower_ in ("of", "for") and (
                prev[-2].lower_ in self.titles or prev[-2].lemma_ in ("work", "reporter", "editor")
                or (prev[-2].lower_ in self.org_words and prev[-1].lower_ == "of")):
            # "editor of X", "reporter for X", "the newspaper of X"; not "in prison for X"
            return True
        run = s.end
        while run < len(doc) and doc[run].text[:1].isupper() and doc[run].is_alpha:
            run += 1
        if any(t.lower_ in self.org_words for t in doc[s.end:run]):
            return True
        return len(s) == 1 and s.text.lower() in _lower_words(doc)

    def _name_shaped(self, e: Span, most: int) -> bool:
        """Two to ``most`` capitalized words (hyphens aside), none an organization word."""
        words = [t for t in e if t.text != "-"]
        return (2 <= len(words) <= most
                and all(t.text[:1].isupper() and t.is_alpha for t in words)
                and not any(t.lower_ in self.org_words for t in words))

    def _undergoes(self, e: Span) -> bool:
        """A name the model took for an organization or place, but which is what a legal
        verb is done to ("authorities arrested Lelis Wilfredo Aguilar Fernandez"): two to six
        capitalized words, none of them an organization word."""
        return (e.root.dep_ in ("dobj", "nsubjpass")
                and e.root.head.lemma_.lower() in self.legal_verbs and self._name_shaped(e, 6))

    def _role_apposition(self, e: Span) -> bool:
        """A name the model took for an organization, in apposition with a role or kin noun
        ("Sambo's wife, Putri Candrawathi,", "including Musafiri Niyonkuru, former head of
        ..."): two to four capitalized words, none of them an organization word."""
        if not self._name_shaped(e, 4):
            return False
        root = e.root
        nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= e.end]
        if root.dep_ == "appos" and root.head.i < e.start:
            nouns.append(root.head)
        return any(n.pos_ == "NOUN" and n.lemma_.lower() in self.person_nouns for n in nouns)

    def _unlabelled_objects(self, doc: Doc) -> list[Span]:
        """Runs of capitalized proper nouns the model labelled as nothing, when a legal verb
        is done to them ("the court sentenced Dalibor Krstovic", "charged ... Osama
        al-Tamimi with"), as :meth:`_undergoes` reads the model's other entities."""
        out = []
        names = _tokens(doc)[2]
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and names[j] and doc[j].pos_ == "PROPN" and not doc[j].ent_type_:
                j += 1
            # the whole run, not the tail of a longer capitalized name ("Minister of Water
            # and Energy Basile ...") nor a title ("Senior Superintendent")
            tail = i >= 2 and doc[i - 1].lower_ in _CONNECTORS and doc[i - 2].text[:1].isupper()
            if j > i and not tail and not any(t.lower_ in self.titles for t in doc[i:j]):
                run = Span(doc, i, j)
                head = run.root.head
                lo, hi = min(run.start, head.i), max(run.end, head.i + 1)
                if self._undergoes(run) and "\n" not in doc[lo:hi].text:  # not a title line
                    span = self._clean(run)
                    if span is not None:
                        out.append(span)
            i = max(j, i + 1)
        return out

    def _after_title(self, doc: Doc, start: int) -> bool:
        return start > 0 and doc[start - 1].lower_ in self.titles

    def _title_runs(self, doc: Doc) -> list[Span]:
        """Names that follow a title or role: "activist Pyotr Ivanov", "Commissioner for
        Human Rights Anna Smith" (the last two name tokens of a capitalized title run)."""
        out = []
        texts, lowers, names = _tokens(doc)
        i = 0
        while i < len(doc):
            if lowers[i] not in self.titles:
                i += 1
                continue
            j = i + 1
            run: list[int] = []
            connectors = False
            while j < len(doc):
                if names[j] and lowers[j] not in self.titles:
                    run.append(j)
                elif (lowers[j] in _CONNECTORS and j + 1 < len(doc)
                      and texts[j + 1][:1].isupper()) or (
                        lowers[j] in self.titles and texts[j][:1].isupper()):
                    connectors = True
                else:
                    break
                j += 1
            if run and run[-1] == j - 1:
                picked = run[-2:] if connectors else run
                if connectors and len(picked) == 2 and picked[0] + 1 != picked[1]:
                    picked = picked[-1:]
                start, end = picked[0], picked[-1] + 1
                if connectors and end - start < 2:
                    i = j
                    continue
                span = self._clean(Span(doc, start, end))
                if span is not None:
                    out.append(span)
            i = max(j, i + 1)
        return out

    @guarded
    def __call__(self, doc: Doc) -> Doc:
        text = self._text = doc_text(doc)
        place_texts = {e.text for e in doc.ents if e.label_ in _PLACE_ENTS
                       and not (len(e) == 1 and _split_given_name(e[0]))}
        candidates = self._extend_left(doc, self._candidates(doc), place_texts)
        candidates = [s for s in candidates if not self._in_heading(s)]
        candidates.extend(self._line_names(doc))  # a byline is a line of its own
        candidates.extend(self._list_neighbours(doc, candidates))
        candidates.extend(self._semicolon_items(doc, candidates))
        vetted = self._vet(doc, candidates, place_texts, text)
        # a repeat found by its surname may show the given name the model missed the first
        # time ("the appeal of Fuad Ahmadli" ... "sentenced Ahmadli")
        repeats = self._extend_left(doc, self._every_mention(doc, vetted, text), place_texts)
        spans = _join_adjacent(filter_spans([_nickname(_hyphen_tail(s))
                                             for s in vetted + repeats]))
        spans = [s for s in spans if not self._in_title(s)]
        aliases = self._parenthetical_aliases(doc, spans)
        spans = filter_spans(spans + [Span(doc, a, b, label="PERSON") for a, b in aliases])
        canonical = canonical_names(spans, aliases)
        for s in spans:  # a quoted nickname is no part of the canonical name
            s._.hr = {"canonical": NICKNAME.sub("", canonical[s.start])}
        set_group(doc, KEYS["PERSON"], spans)
        return doc

    def _candidates(self, doc: Doc) -> list[Span]:
        """The model's PERSON entities (and other entities after a title or undergoing a
        legal action), cleaned, with the names found by title runs, given names and
        surname suffixes."""
        candidates: list[Span] = []
        for e in doc.ents:
            if e.label_ == "PERSON" or (e.label_ in _OTHER_ENTS and (
                    self._after_title(doc, e.start) or self._undergoes(e)
                    or self._role_apposition(e))):
                span = self._clean(e)
                if span is not None:
                    candidates.append(span)
        candidates.extend(self._title_runs(doc))
        candidates.extend(self._unlabelled_objects(doc))
        candidates.extend(self._given_name_starts(doc))
        candidates.extend(self._suffix_names(doc))
        return candidates

    def _line_names(self, doc: Doc) -> list[Span]:
        """The name of a byline ("Written by Ana Ruiz") or of a speaker line whose role has a
        title word ("Ana Ruiz, Department Spokesperson"), each on a line of its own."""
        text = self._text  # the doc's text, read once per call
        found = [m.span(1) for m in BYLINE.finditer(text)]
        found += [m.span(1) for m in _SPEAKER_LINE.finditer(text)
                  if any(w.lower() in self.titles for w in m.group(2).split())]
        spans = (doc.char_span(a, b) for a, b in found)
        return [c for s in spans if s is not None and (c := self._clean(s)) is not None]

    def _name_word_ok(self, left: Token, non_person: set[str] | frozenset[str],
                      place_texts: set[str]) -> bool:
        """May a name be extended over this token (a given name or the rest of a name the
        model missed)?"""
        return (_is_name_token(left) and left.pos_ == "PROPN"
                and left.text not in non_person and not _demonym(left.text)
                and not re.search(r"[a-z][A-Z]", left.text)
                and left.lower_ not in self.titles and left.text not in place_texts
                and left.lower_ not in self.org_words and (left.ent_type_ not in (
                    "NORP", "GPE", "LOC", "FAC", "DATE") or _split_given_name(left)))

    def _extend_left(self, doc: Doc, candidates: list[Span], place_texts: set[str]) -> list[Span]:
        """Extend each name to the left over given names the model missed ("Ilkhom Ivanov",
        "Omar Said Abu al-Masri"), but not into a title run ("Freedom of the Media Anna
        Smith"); over name particles to the right; drop a thing's name ("the drug Xanax")."""
        extended = []
        non_person = self._non_person_words(doc)
        for s in candidates:
            start = s.start
            while start > 0 and s.end - start < 5:
                if not self._name_word_ok(doc[start - 1], non_person, place_texts):
                    break
                start -= 1
            before = doc[start - 1] if start > 0 else None
            if start < s.start and not _split_given_name(doc[start]) and before is not None \
                    and (before.text[:1].isupper() or (
                    before.lower_ in _CONNECTORS and before.i > 0
                    and doc[before.i - 1].text[:1].isupper())):
                start = s.start  # inside a title run ("Minister of Justice Anna Smith")
            # "the drug Xanax", "the outlet Ivanov": a lone capitalized word after a
            # common noun is a thing's name
            if (s.end - start == 1 and before is not None and before.pos_ == "NOUN"
                    and before.text.islower() and before.lower_ not in self.titles):
                continue
            end = s.end
            # "Karim Ragab" + "Abdel Tawab": the rest of a long name the model cut short (not
            # after a name with a middle initial, "Frank R. Wolf", which is complete)
            while end < len(doc) and end - start < 5 and doc[end].ent_iob_ != "B" \
                    and doc[end].ent_type_ in ("", "PERSON") \
                    and not any(_INITIAL.fullmatch(t.text) for t in doc[start:end]) \
                    and self._name_word_ok(doc[end], non_person, place_texts):
                end += 1
            extended.append(extend_over_particles(Span(doc, start, end, label="PERSON"),
                                                  self.particles, self.titles))
        return extended

    def _in_title(self, s: Span) -> bool:
        """A lone word before a capitalized title word is part of the title ("Deputy Culture
        Minister", "Deputy National Chairman")."""
        doc = s.doc
        return len(s) == 1 and s.end < len(doc) and doc[s.end].text[:1].isupper() \
            and doc[s.end].lower_ in self.titles

    def _vet(self, doc: Doc, candidates: list[Span], place_texts: set[str], text: str) -> list[Span]:
        """Drop lone words that are places ("in Almaty") and what is not a person."""
        # every word after the first of a longer name ("Ferrer" of "Jose Daniel Ferrer Garcia")
        surnames = {t.text for s in candidates if len(s) > 1 for t in s[1:]}
        # "the newspaper Prothom Alo", "the human rights NGO Bir Duino": a thing's name,
        # wherever else the document writes it
        things = {s.text for s in candidates if s.start > 0 and doc[s.start - 1].pos_ == "NOUN"
                  and doc[s.start - 1].lower_ in self.thing_nouns}
        vetted = []
        for s in candidates:
            if s.text in things:
                continue
            lone = len(s) == 1 and s.text not in surnames and not self._after_title(doc, s.start)
            if lone and (s.text in place_texts or re.search(
                    rf"\b(?:in|at|from|near|to|of) {re.escape(s.text)}\b", text)):
                continue
            if lone and s.start > 0 and doc[s.start - 1].lower_ == "the":
                continue  # "insulting the Amir": a title or institution, not a name
            vetted.append(s)
        return [s for s in vetted if not self._not_a_person(s, surnames)]

    def _every_mention(self, doc: Doc, vetted: list[Span], text: str) -> list[Span]:
        """Document consistency: every occurrence of a known name, surname or distinctive
        first name, in one pass over the text (longest names first)."""
        names = {s.text for s in vetted} | {s[-1].text for s in vetted if len(s) > 1}
        for s in vetted:
            names |= surname_forms(_nickname(s), self.particles)
            first = s.text.split()[0]
            if len(s.text.split()) > 1 and len(first) >= 3 and first not in self.given \
                    and first.lower() not in self.titles:
                names.add(first)  # "Rishad Bathiudeen" ... "Rishad was granted bail"
        usable = sorted((n for n in names if len(n) >= 3), key=len, reverse=True)
        if not usable:
            return []
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, usable)) + r")(?![\w-])")
        found = []
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), label="PERSON")
            if span is not None and not _names_a_government(span) \
                    and not is_country_name(span.text):
                found.append(span)
        return found
