"""Property tests: arbitrary text never breaks the extractors or normalizers, offsets are
always valid, normalized values always have the guideline's formats; cost is linear."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.ingest import ReportDating
from extract.models import DATE_VALUE_PATTERN, DURATION_PATTERN, DocumentRecord
from extract.nlp.charges import ChargeRecognizer
from extract.nlp.components import doc_cases, doc_mentions
from extract.nlp.dates import DateRecognizer, resolve
from extract.nlp.penalties import SentenceRecognizer, iso_duration, number
from extract.rules import filter_matches
from tests.nlp_fixture import shared_nlp

WORDS = ["sentenced", "to", "seven", "years", "in", "prison", "on", "charges", "of",
         "extremism", "fined", "US\\$550", "tenge", "($150)", "January", "May", "15,", "2012",
         "the", "previous", "month", "two", "months", "later", "early", "late", "December",
         "16", "and", "19,", "between", "President", "Vladimir", "Kozlov", "'s", "accused",
         "up", "a", "one-year", "suspended", "sentence", "\n\n", "JANUARY", "2013", ",", ".",
         "“", "”", "half", "first", "-", "days", "administrative", "arrest", "released",
         "Article", "2011–2012", "the year", "seven-and-a-half", "life", "imprisonment"]
report_like = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=300), report_like)
DATE_RE = re.compile(DATE_VALUE_PATTERN)
DURATION_RE = re.compile(DURATION_PATTERN)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_text, st.sampled_from([ReportDating(None, None), ReportDating("2013-01", 2012)]))
def test_dates_never_raise_and_values_are_timex(text: str, dating: ReportDating) -> None:
    for m in resolve(DateRecognizer().find(text), text, dating):
        assert 0 <= m.start < m.end <= len(text)
        assert m.value is not None and DATE_RE.match(m.value), m.value
        assert m.mod in (None, "START", "MID", "END")


@FAST
@given(any_text, st.sampled_from([None, "Uzbekistan", "Kyrgyz Republic"]))
def test_sentences_never_raise_and_values_are_valid(text: str, country: str | None) -> None:
    for m in SentenceRecognizer().find(text, country):
        assert 0 <= m.start < m.end <= len(text)
        v = m.value
        assert v["duration"] is None or DURATION_RE.match(v["duration"])
        assert v["currency"] is None or re.fullmatch(r"[A-Z]{3}", v["currency"])
        assert v["amount"] is None or v["amount"] >= 0
        assert isinstance(v["upper_bound"], bool)


@FAST
@given(any_text)
def test_charges_never_raise_and_spans_are_valid(text: str) -> None:
    for m in ChargeRecognizer().find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end].strip()


@given(st.lists(st.tuples(st.floats(0, 40), st.sampled_from(["years", "months", "days",
                                                              "weeks"]), st.booleans()),
                max_size=3))
def test_iso_duration_format(parts: list[tuple[float, str, bool]]) -> None:
    d = iso_duration([(round(n), u, h) for n, u, h in parts])
    assert d is None or DURATION_RE.match(d)


@given(st.text(max_size=20))
def test_number_never_raises(word: str) -> None:
    n = number(word)
    assert n is None or n >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_full_pipeline_on_arbitrary_text_gives_a_valid_record(text: str) -> None:
    doc = shared_nlp()(text)
    record = DocumentRecord(doc_id="x", source="x", text=text, mentions=doc_mentions(doc),
                            cases=doc_cases(doc))
    for m in record.mentions:
        assert text[m.start:m.end] == m.text


def _cost(fn: object, text: str) -> float:
    best = float("inf")
    for _ in range(5):  # the best of five: a loaded two-core machine is noisy
        t = time.perf_counter()
        fn(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    return best


def test_rules_cost_grows_linearly() -> None:
    """Ten times the input costs at most fifteen times the time (no catastrophic
    backtracking), on real report text and on one legal phrase repeated."""
    seed = (Path(__file__).resolve().parents[1] / "corpora" / "kazakhstan-2013.txt").read_text(
        encoding="utf-8")
    phrase = "sentenced to seven years in prison on charges of extremism "
    sr, cr, dr = SentenceRecognizer(), ChargeRecognizer(), DateRecognizer()
    for base in (seed * 2, phrase * 300):
        for fn in (sr.find, cr.find, lambda t: resolve(dr.find(t), t, ReportDating(None, 2012))):
            small, big = _cost(fn, base), _cost(fn, base * 10)
            assert big <= 15 * small + 0.05, (fn, small, big)


@dataclass
class _Span:
    start: int
    end: int


def _filter_by_pairs(matches: list[_Span]) -> list[_Span]:
    """filter_matches as first written: every candidate against every kept span."""
    ranked = sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
    kept: list[_Span] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


@FAST
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=40))
def test_filter_matches_keeps_what_the_pairwise_filter_keeps(pairs: list[tuple[int, int]]) -> None:
    spans = [_Span(s, s + n) for s, n in pairs]
    assert [(m.start, m.end) for m in filter_matches(spans)] == [
        (m.start, m.end) for m in _filter_by_pairs(spans)]


def _rule_examples() -> list[str]:
    """Every example phrase of the DATE, SENTENCE and CHARGE rule files."""
    from extract.rules import load_jsonl

    out: list[str] = []
    for name in ("dates/rules.jsonl", "penalties/rules.jsonl", "charges/cues.jsonl",
                 "charges/categories.jsonl"):
        for rule in load_jsonl(name):
            out.extend(str(e).replace("\\\\", "") for e in rule.get("examples", []))
    return out


_EXAMPLES = _rule_examples()
_GLUE = ["Ana Ruiz", "Omar Haddad", "he", "the court", "police", "On May 3,", "and", ",", ".",
         "was", "were", "sentenced", "charged", "detained", "fined", "the", "both", "him"]
mixed_text = st.lists(st.sampled_from(_EXAMPLES + _GLUE), min_size=3, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["", "JANUARY 2013\n\n", "2023 Country Reports on Human Rights "
                        "Practices: Algeria\n\n", "(Geneva, March 3, 2021) - "]), mixed_text)
def test_rule_examples_mixed_never_fault(header: str, body: str) -> None:
    """Text that mixes the rule files' own examples: no component faults, and a valid
    record whose case evidence lies inside the text."""
    text = header + body
    doc = shared_nlp()(text)
    assert not doc.user_data.get("hr_faults"), doc.user_data.get("hr_faults")
    record = DocumentRecord(doc_id="x", source="x", text=text, mentions=doc_mentions(doc),
                            cases=doc_cases(doc))
    for case in record.cases:
        for ev in case.evidence:
            assert 0 <= ev.start < ev.end <= len(text)


def test_case_linking_cost_grows_linearly_on_one_long_sentence() -> None:
    """One sentence of repeated penalty phrases (people, triggers, sentences, charges and
    dates all in one sentence): ten times the length costs at most fifteen times the time
    of the case linker."""
    nlp = shared_nlp()
    linker = nlp.get_pipe("hr_cases")
    phrase = ("Ana Ruiz was sentenced on May 3 to seven years in prison on charges of "
              "extremism, and ")

    def prepared(n: int) -> object:
        doc = nlp.make_doc("JANUARY 2013\n\n" + phrase * n + "released.")
        for name, proc in nlp.pipeline:
            if name != "hr_cases":
                doc = proc(doc)
        return doc

    small_doc, big_doc = prepared(20), prepared(200)
    assert max(len(s) for s in big_doc.sents) > 1000  # one very long sentence indeed
    small, big = _cost(linker, small_doc), _cost(linker, big_doc)
    assert big <= 15 * small + 0.05, (small, big)
