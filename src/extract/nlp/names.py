"""Name grammar for PERSON: particles inside names and the canonical name of each mention.

Resources: ``persons/particles.txt`` (al-, bin, ibn, de, van, ... with examples). The rules
read spaCy's tokens: a hyphen between two word parts is its own token, so "al-Ela" is
``al`` ``-`` ``Ela``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from extract.rules import load_wordlist


def particles() -> frozenset[str]:
    return load_wordlist("persons/particles.txt")


# "father of", "mother of": after a capitalized given name, a kunya goes on that name
_KUNYA = frozenset({"abu", "umm"})


def _capitalized(text: str) -> bool:
    return (text[:1].isupper() and text.isalpha()) or bool(re.fullmatch(r"[A-Z][\w’']+", text))


def _joined(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen with no space on either side ("al-Ela", "Abd-al")."""
    return doc[i].text == "-" and not doc[i - 1].whitespace_ and i + 1 < len(doc)


def extend_over_particles(span: Span, parts: frozenset[str], titles: frozenset[str]) -> Span:
    """Grow a name over the particles and hyphen-joined parts on its right ("Yasser Sayed
    Abu" + "al-Ela") and left ("al-" + "Salmani", "Thaer" + "Abu Assab" unless a title);
    never past eight tokens."""
    doc = span.doc
    start, end = span.start, span.end
    while end < len(doc) and end - start < 8:
        nxt = doc[end]
        if _joined(doc, end) and end + 1 < len(doc) and (
                _capitalized(doc[end + 1].text) or doc[end + 1].lower_ in parts):
            end += 2
        elif nxt.lower_ in parts and nxt.text.islower() and end + 1 < len(doc) and (
                _capitalized(doc[end + 1].text) or _joined(doc, end + 1)):
            end += 2 if _capitalized(doc[end + 1].text) else 1  # "ould" + "Slahi"
        else:
            break
    while end - start > 1 and (doc[end - 1].lower_ in parts or doc[end - 1].text == "-"):
        end -= 1  # a name does not end on a particle or a hyphen
    while start > 1:
        if _joined(doc, start - 1) and doc[start - 2].lower_ in parts \
                and doc[start - 2].text.islower():
            start -= 2  # "al-" + "Salmani"
        elif doc[start - 1].lower_ in parts and doc[start - 1].text.islower() \
                and _capitalized(doc[start - 2].text):
            start -= 2  # "Talal bin" + "Ahmed"
        else:
            break
    if start > 0 and doc[start].lower_ in _KUNYA and doc[start].text.istitle() \
            and _capitalized(doc[start - 1].text) and doc[start - 1].pos_ == "PROPN" \
            and not doc[start - 1].is_stop and doc[start - 1].whitespace_ \
            and doc[start - 1].lower_ not in titles:
        start -= 1  # "Thaer" + "Abu Assab": the given name before a kunya
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label)


# a quoted nickname inside a name, with the space before it ("Boyan “Rasate” Stankov")
NICKNAME = re.compile(r"\s*[“\"]([^”\"]{1,40})[”\"]")


def surname_forms(span: Span, parts: frozenset[str]) -> set[str]:
    """How a multi-word name is referred to later: its last word, its last token, a quoted
    nickname, and for a particle name its last two words ("Abu al-Ela", "al-Ela")."""
    words = span.text.split()
    if len(words) < 2:
        return set()
    out = {words[-1], span[-1].text}
    out.update(w for w in NICKNAME.findall(span.text) if " " not in w)  # "Rasate"
    if words[-2].lower() in parts or words[-2] in ("Abu", "Abd", "Ibn", "Bin", "Al", "El"):
        out.add(" ".join(words[-2:]))
    return {w for w in out if len(w) >= 3}


def _contains(full: str, part: str) -> bool:
    return full.lower() != part.lower() and re.search(
        rf"(?<![\w-]){re.escape(part)}(?![\w-])", full, re.IGNORECASE) is not None


def canonical_names(spans: Iterable[Span], aliases: dict[tuple[int, int], str]) -> dict[int, str]:
    """The canonical name of each span (keyed by its start token): the fullest name of the
    document that contains it ("Matias" -> "Josue Matias Deras"; "Aguilar" -> "Lelis
    Wilfredo Aguilar Fernandez" rather than another person's "Elmer Mejia Aguilar" when that
    one is the nearest mention before it); an alias takes its person's name."""
    ordered = sorted(spans, key=lambda s: s.start)
    texts = list(dict.fromkeys(s.text for s in ordered))  # in document order: of two
    # fullest names of one length the earlier wins, the same on every run
    longest = {t: max((f for f in texts if _contains(f, t) or f == t), key=len) for t in texts}
    out: dict[int, str] = {}
    for s in ordered:
        if (s.start, s.end) in aliases:
            out[s.start] = aliases[(s.start, s.end)]
            continue
        owners = {longest[f] for f in texts if _contains(f, s.text)}
        if len(owners) <= 1:
            out[s.start] = next(iter(owners), s.text)
            continue
        before = [o for o in ordered if o.start < s.start and longest[o.text] in owners]
        after = [o for o in ordered if o.start > s.start and longest[o.text] in owners]
        nearest = before[-1] if before else after[0]
        out[s.start] = longest[nearest.text]
    return out


# A byline on a line of its own ("Written by Ana Ruiz"): its author names a PERSON
# (persons.py), who is no party to the cases (cases.py). Group 1: the name.
_NAME_LINE = r"[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3}"
BYLINE = re.compile(rf"(?m)^(?:Written by|By|Posted by) ({_NAME_LINE})[ \t]*$")

