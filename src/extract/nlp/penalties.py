"""SENTENCE recognition (rules in ``resources/sentence_rules.jsonl``) and normalization to
kind, ISO 8601 duration, amount, ISO 4217 currency and upper bound."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from extract.nlp.currencies import currency_code, lexicon, word_pattern
from extract.rules import compile_rules, filter_matches, load_json, load_table

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SENT_END = re.compile(r"[.!?][”\"’)]?\s+(?=[A-Z\"“(])|\n\s*\n")  # '.”' ends one too


@dataclass
class SentenceMatch:
    start: int
    end: int
    rule: str
    kind: str
    bare: bool = False
    value: dict[str, Any] = field(default_factory=dict)


def number(word: str) -> float | None:
    """'seven' -> 7, '15' -> 15, 'twenty-five' -> 25; None when not a number."""
    w = word.lower()
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", w):
        return float(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if "-" in w:
        parts = w.split("-")
        if all(p in NUMBER_WORDS for p in parts):
            return float(sum(NUMBER_WORDS[p] for p in parts))
    return None


def iso_duration(parts: list[tuple[float, str, bool]]) -> str | None:
    """[(7, 'year', True)] ('seven-and-a-half years') -> 'P7Y6M'; hours go after the
    time designator ("460 hours" -> 'PT460H')."""
    amounts = dict.fromkeys(("year", "month", "week", "day", "hour"), 0.0)
    for n, unit, half in parts:
        u = unit.rstrip("s")
        if u in amounts:
            amounts[u] += n + (0.5 if half else 0)
    years, months, weeks, days = (amounts[u] for u in ("year", "month", "week", "day"))
    if years % 1:  # decimal years to the nearest month ("5.8 years" -> P5Y10M, gold/README)
        months += round((years % 1) * 12)
        years = int(years)
    if months % 1:
        days += round((months % 1) * 30)
        months = int(months)
    out = "P"
    for n, code in ((years, "Y"), (months, "M"), (weeks, "W"), (days, "D")):
        if n:
            out += f"{int(n)}{code}"
    if amounts["hour"]:
        out += f"T{int(amounts['hour'])}H"
    return out if out != "P" else None


def parse_amount(num: str) -> float | None:
    """"11.7 million" -> 11700000; "one million" -> 1000000; None when not an amount."""
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?|[a-z]+(?: hundred)?)"
                     r"(?:[ -](million|thousand|billion))?", num.strip())  # "five-billion"
    if not m:
        return None
    words = m.group(1).split()
    if words[0].isalpha():  # "one million", "one hundred thousand", "a million"
        n = 1.0 if words[0] == "a" else number(words[0])
        if n is None or not m.group(2):
            return None
        value = float(n) * (100 if len(words) > 1 else 1)
    else:
        value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value = round(value * _SCALE[m.group(2)], 2)  # 4.1 million: 4100000, not 4099999.99..
    return value


def normalize(groups: dict[str, str], kind: str, country: str | None = None) -> dict[str, Any]:
    """The normalized fields of a matched SENTENCE from its rule's named groups."""
    parts: list[tuple[float, str, bool]] = []
    for n_key, u_key, h_key in (("num", "unit", "half"), ("num2", "unit2", "half2"),
                                ("num3", "unit3", "half3")):
        if groups.get(n_key) and groups.get(u_key):
            n = number(groups[n_key])
            if n is not None:
                parts.append((n, groups[u_key].lower(), bool(groups.get(h_key))))
    duration = iso_duration(parts) if parts else None
    if kind == "prison" and parts and all(u.startswith("day") for _, u, _ in parts):
        kind = "administrative_arrest"
    amount = currency = None
    amt = groups.get("amt1") or groups.get("amt2") or groups.get("amt3")
    if amt:  # "$500", "500 dollars", "CFA francs 9.22 million"
        amount = parse_amount(amt)
        cur = groups.get("cur1") or groups.get("cur2") or groups.get("cur3") or ""
        currency = currency_code(cur, country)
    if amount is not None and amount.is_integer():
        amount = int(amount)
    return {"kind": kind, "duration": duration, "amount": amount, "currency": currency,
            "upper_bound": bool(groups.get("upto"))}


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos`` (a light splitter for context checks)."""
    lo, hi = max(0, pos - 600), min(len(text), pos + 600)  # bounded: linear on any input
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        start = m.end()
    m2 = _SENT_END.search(text, pos, hi)
    return start, (m2.start() + 1 if m2 else hi)


# a legal basis cited after "under": "under article 228(2) of the criminal|"
_CITED = re.compile(r"\bunder (?:articles?|sections?|paragraphs?|parts?) [^,;.!?]{1,50}$")


def _cue_pattern(cues: list[str]) -> str:
    """Cue phrases as one word-bounded, case-insensitive alternation."""
    alts = sorted((re.escape(c.strip()) for c in cues), key=len, reverse=True)
    return r"(?i)\b(?:" + "|".join(alts) + r")\b"


def subpatterns() -> dict[str, str]:
    """``penalties/subpatterns.json`` with the currency words and symbols of every
    currency in use since 2000 (:mod:`extract.nlp.currencies`) added to ``CURWORD`` and
    ``CURSYM``."""
    subs: dict[str, str] = load_json("penalties/subpatterns.json")
    codes = sorted({c for cs in lexicon().words.values() for c in cs})
    return {**subs,
            "CURWORD": f"(?:{subs['CURWORD']}|(?i:{word_pattern()}))",
            "CURSYM": f"(?:{subs['CURSYM']}|(?:{'|'.join(codes)}) ?)"}


class SentenceRecognizer:
    """Finds SENTENCE mentions with ``resources/sentence_rules.jsonl``."""

    def __init__(self, rules: str = "penalties/rules.jsonl") -> None:
        self.rules = compile_rules(load_table(rules), subpatterns())
        # a rule with "requires" runs only on windows that contain it; one with "context"
        # keeps a match only when its sentence (up to the match) has that cue
        self.requires = [re.compile(rule["requires"]) if "requires" in rule else None
                         for rule, _ in self.rules]
        self.context = [re.compile(rule["context"], re.I) if "context" in rule else None
                        for rule, _ in self.rules]
        self.anchor = re.compile(load_json("penalties/subpatterns.json")["ANCHOR"])
        ctx = load_json("penalties/context.json")
        self.negative = re.compile(_cue_pattern(ctx["negative"]))
        self.positive = re.compile(_cue_pattern(ctx["positive"]))
        self.served = re.compile(ctx["served_before"])

    def _general(self, text: str, start: int) -> bool:
        """True when the match is a penalty the law provides for, not one imposed."""
        s0, _ = sentence_bounds(text, start)
        # "sentenced under article 228(2) of the criminal code to four years": the law
        # cited as the ground of the penalty says nothing general
        negs = [m.span() for m in self.negative.finditer(text, s0, start)
                if not _CITED.search(text, max(s0, m.start() - 60), m.start())]
        if not negs:
            return False
        # a positive cue inside a negative one ("if convicted") does not count
        poss = [m.start() for m in self.positive.finditer(text, s0, start)
                if not any(a <= m.start() < b for a, b in negs)]
        return max(poss, default=-1) < negs[-1][0]

    def _served(self, text: str, start: int) -> bool:
        """Time already served ("released after 18 years in prison", "who spent 10 months in
        prison") is not a SENTENCE (ANNOTATION.md 1.2)."""
        if re.match(r"[^.;]*?\b(?:sentences?|terms?)\b", text[start:start + 60]):
            return False  # "after completing a five-year sentence" names the penalty
        if re.search(r"\b(?:sentences?|terms?) of\s+$", text[max(0, start - 20):start]):
            return False  # "serving sentences of 20 years" names the penalty
        return self.served.search(text[max(0, start - 40):start]) is not None

    def windows(self, text: str, margin: int = 90) -> list[tuple[int, int]]:
        """Stretches of text around penalty words ("years", "fined", "$", ...): every
        SENTENCE contains one, so the rules only run there (linear, and fast on text with
        no penalty at all)."""
        out: list[tuple[int, int]] = []
        for m in self.anchor.finditer(text):
            a, b = max(0, m.start() - margin), min(len(text), m.end() + margin)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out

    def find(self, text: str, country: str | None = None) -> list[SentenceMatch]:
        found: list[SentenceMatch] = []
        windows = self.windows(text)
        for (rule, regex), requires, need in zip(self.rules, self.requires, self.context,
                                                 strict=True):
            spans = windows if requires is None else [
                (a, b) for a, b in windows if requires.search(text, a, b)]
            for m in (m for a, b in spans for m in regex.finditer(text, a, b)):
                if need is not None:
                    s0, _ = sentence_bounds(text, m.start())
                    if not need.search(text, s0, m.start() + 1) and not need.search(m.group(0)):
                        continue
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(SentenceMatch(m.start(), m.end(), rule["name"], rule["kind"],
                                           bool(rule.get("bare")),
                                           normalize(groups, rule["kind"], country)))
        kept = [sm for sm in filter_matches(found)
                if not self._general(text, sm.start) and not self._served(text, sm.start)]
        # A bare form counts only when its sentence has no other span of the same kind.
        full: dict[str, list[int]] = {}  # starts of the non-bare spans of each kind, sorted
        for sm in kept:
            if not sm.bare:
                full.setdefault(sm.value["kind"], []).append(sm.start)
        out: list[SentenceMatch] = []
        for sm in kept:
            if sm.bare:
                s0, s1 = sentence_bounds(text, sm.start)
                starts = full.get(sm.value["kind"], [])
                if bisect.bisect_left(starts, s0) < bisect.bisect_left(starts, s1):
                    continue
            out.append(sm)
        return out
