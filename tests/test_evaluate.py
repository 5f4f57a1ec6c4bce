"""Tests of extract.evaluation.scoring: mention matching, normalization, people, cases, errors, output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extract.errors import GoldFormatError
from extract.evaluation.scoring import (
    LABELS,
    NORMALIZATION_FIELDS,
    EvalReport,
    evaluate,
    format_errors,
    format_table,
)
from extract.models import (
    Case,
    ChargeMention,
    DateMention,
    DocumentRecord,
    Event,
    Mention,
    PersonMention,
    SentenceMention,
    SentenceValue,
)
from extract.storage.jsonl import read_records

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"

KOZLOV = (
    "On October 8, a court in Aktau sentenced Vladimir Kozlov, leader of the unregistered "
    "opposition party Alga!, to seven-and-a-half years in prison on charges of inciting "
    "social discord.\nKozlov had been arrested in January 2012; the appeal court upheld the "
    "sentence in November."
)
ZHOVTIS = (
    "In February 2012 Yevgeniy Zhovtis was released after serving two years of a four-year "
    "sentence. On May 13, an administrative court fined activist Pyotr Ivanov US$550 for "
    "participating in an unsanctioned rally."
)


# --------------------------------------------------------------------------- builders


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``phrase`` in ``text`` (found with str.find)."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(phrase, start + 1)
        assert start >= 0, f"{phrase!r} not in text"
    return start, start + len(phrase)


def person(text: str, phrase: str, canonical: str, nth: int = 0) -> PersonMention:
    s, e = span(text, phrase, nth)
    return PersonMention(start=s, end=e, text=phrase, canonical=canonical)


def charge(text: str, phrase: str, category: str) -> ChargeMention:
    s, e = span(text, phrase)
    return ChargeMention.model_validate(
        {"start": s, "end": e, "text": phrase, "category": category}
    )


def sentence(text: str, phrase: str, **fields: Any) -> SentenceMention:
    s, e = span(text, phrase)
    return SentenceMention.model_validate({"start": s, "end": e, "text": phrase, **fields})


def date(text: str, phrase: str, value: str, mod: str | None = None, nth: int = 0) -> DateMention:
    s, e = span(text, phrase, nth)
    return DateMention.model_validate(
        {"start": s, "end": e, "text": phrase, "value": value, "mod": mod}
    )


def doc(
    text: str | None,
    mentions: list[Mention],
    cases: list[Case] | None = None,
    doc_id: str = "kazakhstan-2013",
) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        source=f"corpora/{doc_id}.txt",
        text=text,
        mentions=mentions,
        cases=cases or [],
    )


def counts(report: EvalReport, label: str, mode: str = "overlap") -> tuple[int, int, int]:
    s = getattr(report.mentions[label], mode)
    return s.tp, s.fp, s.fn


def kozlov_gold_mentions() -> list[Mention]:
    return [
        date(KOZLOV, "October 8", "2012-10-08"),
        person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov"),
        sentence(KOZLOV, "seven-and-a-half years in prison", kind="prison", duration="P7Y6M"),
        charge(KOZLOV, "inciting social discord", "inciting_discord"),
        person(KOZLOV, "Kozlov", "Vladimir Kozlov", nth=1),
        date(KOZLOV, "January 2012", "2012-01"),
        date(KOZLOV, "November", "2012-11"),
    ]


def kozlov_case(name: str = "Vladimir Kozlov", sentenced: str | None = "2012-10-08") -> Case:
    return Case(
        person=name,
        charges=["inciting_discord"],
        sentences=[SentenceValue(kind="prison", duration="P7Y6M")],
        events=[
            Event(type="arrested", date="2012-01"),
            Event(type="sentenced", date=sentenced),
        ],
    )


# --------------------------------------------------------------------------- mention matching


def test_shifted_span_matches_by_overlap_but_not_exactly() -> None:
    gold = doc(
        KOZLOV,
        [sentence(KOZLOV, "seven-and-a-half years in prison", kind="prison", duration="P7Y6M")],
    )
    pred = doc(
        KOZLOV, [sentence(KOZLOV, "to seven-and-a-half years", kind="prison", duration="P7Y6M")]
    )
    report = evaluate([gold], [pred])
    assert counts(report, "SENTENCE", "overlap") == (1, 0, 0)
    assert counts(report, "SENTENCE", "exact") == (0, 1, 1)
    assert report.mentions["SENTENCE"].overlap.f1 == 1.0
    assert report.mentions["SENTENCE"].exact.f1 == 0.0
    # The overlap match is scored for normalization, and the boundary shift is not an error.
    assert report.normalization["SENTENCE kind+duration+amount"].total == 1
    assert report.errors == []


def test_adjacent_spans_do_not_overlap() -> None:
    s, e = span(KOZLOV, "October 8")
    gold = doc(KOZLOV, [date(KOZLOV, "October 8", "2012-10-08")])
    pred = doc(KOZLOV, [DateMention(start=s - 3, end=s, text=KOZLOV[s - 3 : s], value="2012")])
    report = evaluate([gold], [pred])
    assert e > s
    assert counts(report, "DATE") == (0, 1, 1)


def test_two_predictions_over_one_gold_give_one_tp_and_one_fp() -> None:
    gold = doc(KOZLOV, [date(KOZLOV, "October 8", "2012-10-08")])
    pred = doc(
        KOZLOV,
        [
            date(KOZLOV, "On October", "2012-10"),  # overlaps 7 characters
            date(KOZLOV, "October 8,", "2012-10-08"),  # overlaps 9 characters
        ],
    )
    report = evaluate([gold], [pred])
    assert counts(report, "DATE", "overlap") == (1, 1, 0)
    assert counts(report, "DATE", "exact") == (0, 2, 1)
    # The larger overlap wins; the other prediction is the FP.
    [fp] = [e for e in report.errors if e.kind == "FP"]
    assert fp.text == "On October"
    assert report.normalization["DATE value"].correct == 1


def test_exact_match_is_preferred_over_an_earlier_equal_overlap() -> None:
    gold = doc(KOZLOV, [date(KOZLOV, "January 2012", "2012-01")])
    pred = doc(
        KOZLOV,
        [
            date(KOZLOV, "in January 2012", "2011-01"),  # same overlap length, earlier start
            date(KOZLOV, "January 2012", "2012-01"),
        ],
    )
    report = evaluate([gold], [pred])
    assert counts(report, "DATE", "overlap") == (1, 1, 0)
    assert counts(report, "DATE", "exact") == (1, 1, 0)
    # Paired with the exact prediction, so its value is right.
    assert report.normalization["DATE value"].correct == 1
    [fp] = [e for e in report.errors if e.kind == "FP"]
    assert fp.text == "in January 2012"


def test_one_prediction_over_two_gold_mentions_matches_the_larger_overlap() -> None:
    text = "Protesters were detained in January and February 2012 in Zhanaozen."
    gold = doc(text, [date(text, "January", "2012-01"), date(text, "February 2012", "2012-02")])
    pred = doc(text, [date(text, "January and February 2012", "2012-01/2012-02")])
    report = evaluate([gold], [pred])
    assert counts(report, "DATE") == (1, 0, 1)
    [fn] = [e for e in report.errors if e.kind == "FN"]
    assert fn.text == "January"


def test_labels_must_agree() -> None:
    text = "Activists were convicted of organizing mass riots in Zhanaozen."
    gold = doc(text, [charge(text, "organizing mass riots", "mass_riots")])
    pred = doc(text, [sentence(text, "organizing mass riots", kind="other")])
    report = evaluate([gold], [pred])
    assert counts(report, "CHARGE") == (0, 0, 1)
    assert counts(report, "SENTENCE") == (0, 1, 0)


def test_per_label_and_micro_scores() -> None:
    gold = doc(KOZLOV, kozlov_gold_mentions())
    pred = doc(
        KOZLOV,
        [
            date(KOZLOV, "October 8", "2012-10-08"),
            person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov"),
            sentence(KOZLOV, "seven-and-a-half years in prison", kind="prison", duration="P7Y6M"),
            # CHARGE missed
            person(KOZLOV, "Kozlov", "Vladimir Kozlov", nth=1),
            date(KOZLOV, "January 2012", "2012-01"),
            date(KOZLOV, "seven-and-a-half years", "XXXX"),  # a duration mistaken for a date
            # "November" missed
        ],
    )
    report = evaluate([gold], [pred])
    assert counts(report, "PERSON") == (2, 0, 0)
    assert counts(report, "CHARGE") == (0, 0, 1)
    assert counts(report, "SENTENCE") == (1, 0, 0)
    assert counts(report, "DATE") == (2, 1, 1)
    assert counts(report, "micro") == (5, 1, 2)

    date_scores = report.mentions["DATE"].overlap
    assert date_scores.precision == pytest.approx(2 / 3)
    assert date_scores.recall == pytest.approx(2 / 3)
    assert date_scores.f1 == pytest.approx(2 / 3)
    charge_scores = report.mentions["CHARGE"].overlap
    assert (charge_scores.precision, charge_scores.recall, charge_scores.f1) == (0.0, 0.0, 0.0)

    micro = report.mentions["micro"].overlap
    assert micro.precision == pytest.approx(5 / 6)
    assert micro.recall == pytest.approx(5 / 7)
    assert micro.f1 == pytest.approx(2 * (5 / 6) * (5 / 7) / (5 / 6 + 5 / 7))
    assert set(report.mentions) == {*LABELS, "micro"}


def test_counts_are_summed_over_documents() -> None:
    d1 = doc(KOZLOV, [person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov")], doc_id="a")
    d2 = doc(
        ZHOVTIS,
        [
            person(ZHOVTIS, "Yevgeniy Zhovtis", "Yevgeniy Zhovtis"),
            person(ZHOVTIS, "Pyotr Ivanov", "Pyotr Ivanov"),
        ],
        doc_id="b",
    )
    p2 = doc(ZHOVTIS, [person(ZHOVTIS, "Yevgeniy Zhovtis", "Yevgeniy Zhovtis")], doc_id="b")
    # Same offsets in another document must not match across documents.
    s, e = span(ZHOVTIS, "Yevgeniy Zhovtis")
    p1 = doc(
        None,
        [PersonMention(start=s, end=e, text="Yevgeniy Zhovtis", canonical="Yevgeniy Zhovtis")],
        doc_id="a",
    )
    report = evaluate([d1, d2], [p2, p1])  # prediction order does not matter
    assert counts(report, "PERSON") == (1, 1, 2)
    assert report.people.tp == 1 and report.people.fp == 1 and report.people.fn == 2


# --------------------------------------------------------------------------- normalization


def test_wrong_date_value_lowers_value_accuracy_only() -> None:
    gold = doc(
        KOZLOV,
        [
            date(KOZLOV, "October 8", "2012-10-08"),
            date(KOZLOV, "January 2012", "2012-01"),
            date(KOZLOV, "November", "2012-11"),
        ],
    )
    pred = doc(
        KOZLOV,
        [
            date(KOZLOV, "October 8", "XXXX-10-08"),  # year not resolved
            date(KOZLOV, "January 2012", "2012-01"),
            date(KOZLOV, "November", "2012-11", mod="END"),  # wrong mod
        ],
    )
    report = evaluate([gold], [pred])
    norm = report.normalization
    assert (norm["DATE value"].correct, norm["DATE value"].total) == (2, 3)
    assert norm["DATE value"].accuracy == pytest.approx(2 / 3)
    assert (norm["DATE mod"].correct, norm["DATE mod"].total) == (2, 3)
    assert (norm["DATE value+mod"].correct, norm["DATE value+mod"].total) == (1, 3)
    # Mention scores are unaffected by wrong values.
    assert report.mentions["DATE"].overlap.f1 == 1.0

    wrong = [e for e in report.errors if e.kind == "WRONG_VALUE"]
    assert [(e.text, e.field, e.expected, e.got) for e in wrong] == [
        ("October 8", "value", "2012-10-08", "XXXX-10-08"),
        ("November", "mod", None, "END"),
    ]


def test_sentence_fields_and_numeric_amount() -> None:
    gold = doc(
        ZHOVTIS,
        [sentence(ZHOVTIS, "fined", kind="fine", amount=550, currency="USD")],
    )
    same = doc(
        ZHOVTIS,
        [sentence(ZHOVTIS, "fined", kind="fine", amount=550.0, currency="USD")],
    )
    report = evaluate([gold], [same])
    for key in NORMALIZATION_FIELDS:
        if key.startswith("SENTENCE"):
            assert report.normalization[key].accuracy == 1.0, key
    assert report.errors == []

    wrong = doc(
        ZHOVTIS,
        [sentence(ZHOVTIS, "fined", kind="fine", amount=55.0, currency="KZT", upper_bound=True)],
    )
    report = evaluate([gold], [wrong])
    norm = report.normalization
    assert norm["SENTENCE kind"].correct == 1
    assert norm["SENTENCE duration"].correct == 1
    assert norm["SENTENCE amount"].correct == 0
    assert norm["SENTENCE currency"].correct == 0
    assert norm["SENTENCE upper_bound"].correct == 0
    assert norm["SENTENCE kind+duration+amount"].correct == 0
    assert norm["SENTENCE kind+duration+amount"].total == 1
    assert {e.field for e in report.errors} == {"amount", "currency", "upper_bound"}

    # A missing amount is not equal to any amount.
    bare = doc(ZHOVTIS, [sentence(ZHOVTIS, "fined", kind="fine")])
    assert evaluate([bare], [same]).normalization["SENTENCE amount"].correct == 0
    assert evaluate([same], [bare]).normalization["SENTENCE amount"].correct == 0
    assert evaluate([bare], [bare]).normalization["SENTENCE amount"].correct == 1


def test_sentence_duration_breaks_the_combined_field() -> None:
    gold = doc(
        KOZLOV,
        [sentence(KOZLOV, "seven-and-a-half years in prison", kind="prison", duration="P7Y6M")],
    )
    pred = doc(
        KOZLOV,
        [sentence(KOZLOV, "seven-and-a-half years in prison", kind="prison", duration="P7Y")],
    )
    norm = evaluate([gold], [pred]).normalization
    assert norm["SENTENCE kind"].accuracy == 1.0
    assert norm["SENTENCE duration"].accuracy == 0.0
    assert norm["SENTENCE kind+duration+amount"].accuracy == 0.0


def test_person_canonical_is_case_insensitive() -> None:
    gold = doc(
        KOZLOV,
        [
            person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov"),
            person(KOZLOV, "Kozlov", "Vladimir Kozlov", nth=1),
        ],
    )
    pred = doc(
        KOZLOV,
        [
            person(KOZLOV, "Vladimir Kozlov", "VLADIMIR KOZLOV"),
            person(KOZLOV, "Kozlov", "Kozlov", nth=1),  # not resolved to the full name
        ],
    )
    report = evaluate([gold], [pred])
    acc = report.normalization["PERSON canonical"]
    assert (acc.correct, acc.total) == (1, 2)
    [err] = [e for e in report.errors if e.kind == "WRONG_VALUE"]
    assert (err.field, err.expected, err.got) == ("canonical", "Vladimir Kozlov", "Kozlov")
    assert err.start == span(KOZLOV, "Kozlov", 1)[0]


def test_normalization_accuracy_is_zero_without_pairs() -> None:
    report = evaluate([doc(KOZLOV, [])], [doc(KOZLOV, [])])
    assert set(report.normalization) == set(NORMALIZATION_FIELDS)
    for acc in report.normalization.values():
        assert (acc.correct, acc.total, acc.accuracy) == (0, 0, 0.0)


# --------------------------------------------------------------------------- people


def test_people_f1_over_distinct_canonical_names() -> None:
    gold = doc(
        ZHOVTIS,
        [
            person(ZHOVTIS, "Yevgeniy Zhovtis", "Yevgeniy Zhovtis"),
            person(ZHOVTIS, "Pyotr Ivanov", "Pyotr Ivanov"),
        ],
    )
    pred = doc(
        ZHOVTIS,
        [
            person(ZHOVTIS, "Yevgeniy Zhovtis", "yevgeniy zhovtis"),  # case differs: still a hit
            person(ZHOVTIS, "Zhovtis", "Yevgeniy  Zhovtis"),  # repeated name counts once
            person(ZHOVTIS, "Ivanov", "Ivanov"),  # wrong canonical: FP name + FN name
        ],
    )
    report = evaluate([gold], [pred])
    assert (report.people.tp, report.people.fp, report.people.fn) == (1, 1, 1)
    assert report.people.precision == pytest.approx(0.5)
    assert report.people.recall == pytest.approx(0.5)
    assert report.people.f1 == pytest.approx(0.5)


# --------------------------------------------------------------------------- cases


def test_case_facts_missing_event_date_is_one_fn_and_one_fp() -> None:
    gold = doc(KOZLOV, [], [kozlov_case()])
    pred = doc(KOZLOV, [], [kozlov_case(name="vladimir kozlov", sentenced=None)])
    report = evaluate([gold], [pred])
    # charge + sentence + arrested match; "sentenced" with and without a date do not.
    assert (report.cases.tp, report.cases.fp, report.cases.fn) == (3, 1, 1)
    assert report.cases.f1 == pytest.approx(0.75)

    errs = [(e.kind, e.label, e.text, e.field, e.expected, e.got) for e in report.errors]
    assert errs == [
        ("CASE_FN", "CASE", "Vladimir Kozlov", "sentenced", "2012-10-08", None),
        ("CASE_FP", "CASE", "vladimir kozlov", "sentenced", None, None),
    ]


def test_case_facts_are_a_set_per_person_and_document() -> None:
    gold = doc(KOZLOV, [], [kozlov_case()])
    # The same facts split over two entries of one person, one of them repeated.
    first = kozlov_case()
    first.events = []
    second = Case(
        person="Vladimir Kozlov",
        charges=["inciting_discord"],
        sentences=[SentenceValue(kind="prison", duration="P7Y6M", amount=1.0)],
        events=[Event(type="arrested", date="2012-01"), Event(type="sentenced", date="2012-10-08")],
    )
    report = evaluate([gold], [doc(KOZLOV, [], [first, second])])
    # The sentence fact is kind|duration only: a stray amount does not matter.
    assert (report.cases.tp, report.cases.fp, report.cases.fn) == (4, 0, 0)


def test_case_fact_kinds_are_distinguished() -> None:
    gold = doc(KOZLOV, [], [kozlov_case()])
    pred_case = kozlov_case()
    pred_case.charges = ["extremism"]
    pred_case.sentences = [SentenceValue(kind="suspended", duration="P7Y6M")]
    report = evaluate([gold], [doc(KOZLOV, [], [pred_case])])
    assert (report.cases.tp, report.cases.fp, report.cases.fn) == (2, 2, 2)
    fn = {(e.field, e.expected) for e in report.errors if e.kind == "CASE_FN"}
    fp = {(e.field, e.got) for e in report.errors if e.kind == "CASE_FP"}
    assert fn == {("charge", "inciting_discord"), ("sentence", "prison|P7Y6M")}
    assert fp == {("charge", "extremism"), ("sentence", "suspended|P7Y6M")}


def test_case_person_must_match() -> None:
    gold = doc(KOZLOV, [], [kozlov_case()])
    pred = doc(KOZLOV, [], [kozlov_case(name="Kozlov")])
    report = evaluate([gold], [pred])
    assert (report.cases.tp, report.cases.fp, report.cases.fn) == (0, 4, 4)


# --------------------------------------------------------------------------- errors


def test_error_records_carry_span_text_and_marked_context() -> None:
    gold = doc(KOZLOV, kozlov_gold_mentions())
    pred_mentions: list[Mention] = [m for m in kozlov_gold_mentions() if m.label != "CHARGE"]
    pred_mentions.append(charge(KOZLOV, "unregistered opposition party", "extremism"))
    report = evaluate([gold], [doc(None, pred_mentions)])  # prediction without text

    fn = next(e for e in report.errors if e.kind == "FN")
    s, e = span(KOZLOV, "inciting social discord")
    assert (fn.doc_id, fn.label, fn.start, fn.end, fn.text) == (
        "kazakhstan-2013",
        "CHARGE",
        s,
        e,
        "inciting social discord",
    )
    assert (fn.field, fn.expected, fn.got) == (None, None, None)
    # 60 characters each side, newline replaced by a space, mention marked, cut shown by "...".
    assert fn.context == (
        "..." + KOZLOV[s - 60 : s] + "[[inciting social discord]]" + KOZLOV[e : e + 60] + "..."
    ).replace("\n", " ")
    assert "\n" not in fn.context
    assert "on charges of [[inciting social discord]]. Kozlov had been arrested" in fn.context

    fp = next(e for e in report.errors if e.kind == "FP")
    assert (fp.label, fp.text) == ("CHARGE", "unregistered opposition party")
    assert "[[unregistered opposition party]]" in fp.context  # context from the gold text

    assert [e.kind for e in report.errors] == ["FP", "FN"]  # document order
    assert all(e.doc_id == "kazakhstan-2013" for e in report.errors)


def test_context_near_document_end_has_no_trailing_ellipsis() -> None:
    gold = doc(KOZLOV, [date(KOZLOV, "November", "2012-11")])
    [err] = evaluate([gold], [doc(KOZLOV, [])]).errors
    assert err.context.startswith("...")
    assert err.context.endswith("upheld the sentence in [[November]].")


def test_context_at_document_start_has_no_leading_ellipsis() -> None:
    gold = doc(KOZLOV, [date(KOZLOV, "October 8", "2012-10-08")])
    report = evaluate([gold], [doc(KOZLOV, [])])
    [err] = report.errors
    assert err.context.startswith("On [[October 8]], a court in Aktau")


def test_empty_prediction_counts_everything_as_fn() -> None:
    gold = doc(KOZLOV, kozlov_gold_mentions(), [kozlov_case()])
    for pred in ([], [doc(KOZLOV, [])]):
        report = evaluate([gold], pred)
        for label in (*LABELS, "micro"):
            for mode in ("overlap", "exact"):
                s = getattr(report.mentions[label], mode)
                assert s.tp == 0 and s.fp == 0
                assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
        assert counts(report, "micro") == (0, 0, 7)
        assert (report.people.fn, report.cases.fn) == (1, 4)
        assert sum(e.kind == "FN" for e in report.errors) == 7
        assert sum(e.kind == "CASE_FN" for e in report.errors) == 4
    assert evaluate([gold], []).missing_pred_docs == ["kazakhstan-2013"]
    assert evaluate([gold], [doc(KOZLOV, [])]).missing_pred_docs == []


def test_prediction_not_in_gold_is_ignored_and_listed() -> None:
    gold = doc(KOZLOV, [person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov")])
    pred = doc(KOZLOV, [person(KOZLOV, "Vladimir Kozlov", "Vladimir Kozlov")])
    extra = doc(ZHOVTIS, [person(ZHOVTIS, "Pyotr Ivanov", "Pyotr Ivanov")], doc_id="other-2012")
    report = evaluate([gold], [extra, pred])
    assert report.unmatched_pred_docs == ["other-2012"]
    assert counts(report, "PERSON") == (1, 0, 0)
    assert report.people.fp == 0
    assert report.errors == []


def test_duplicate_doc_id_is_rejected() -> None:
    gold = doc(KOZLOV, [])
    with pytest.raises(GoldFormatError, match="duplicate doc_id"):
        evaluate([gold, gold], [])
    with pytest.raises(GoldFormatError, match="duplicate doc_id"):
        evaluate([gold], [gold, gold])


def test_text_mismatch_is_reported() -> None:
    gold = doc(KOZLOV, [])
    report = evaluate([gold], [doc(KOZLOV + " ", [])])
    assert report.text_mismatch_docs == ["kazakhstan-2013"]
    assert evaluate([gold], [doc(None, [])]).text_mismatch_docs == []


# --------------------------------------------------------------------------- output


def test_report_is_json_serializable_and_round_trips() -> None:
    gold = doc(KOZLOV, kozlov_gold_mentions(), [kozlov_case()])
    pred = doc(KOZLOV, kozlov_gold_mentions()[:3], [kozlov_case(sentenced=None)])
    report = evaluate([gold], [pred])
    data = json.loads(json.dumps(report.model_dump()))
    assert data["mentions"]["micro"]["overlap"]["tp"] == 3
    assert data["normalization"]["DATE value"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert EvalReport.model_validate(data) == report


def test_format_table_shows_every_row_and_block() -> None:
    gold = doc(KOZLOV, kozlov_gold_mentions(), [kozlov_case()])
    pred = doc(KOZLOV, kozlov_gold_mentions()[:3], [kozlov_case()])
    table = format_table(evaluate([gold], [pred]))
    lines = table.splitlines()
    mention_block = lines[: lines.index("Normalization accuracy (overlap-matched pairs)")]
    names = {*LABELS, "micro"}
    rows = {ln.split()[0]: ln for ln in mention_block if ln and ln.split()[0] in names}
    assert set(rows) == {*LABELS, "micro"}
    # micro: overlap P R F1 tp fp fn | exact P R F1 tp fp fn
    assert rows["micro"].split() == [
        "micro",
        "1.000",
        "0.429",
        "0.600",
        "3",
        "0",
        "4",
        "|",
        "1.000",
        "0.429",
        "0.600",
        "3",
        "0",
        "4",
    ]
    assert len({len(rows[k]) for k in rows}) == 1  # fixed width
    for key in NORMALIZATION_FIELDS:
        assert any(line.startswith(key) for line in lines), key
    assert any(line.startswith("People") and "F1 1.000" in line for line in lines)
    assert any(line.startswith("Case facts") and "F1 1.000" in line for line in lines)


def test_format_errors_groups_by_document_and_respects_limit() -> None:
    g1 = doc(KOZLOV, kozlov_gold_mentions(), doc_id="a")
    g2 = doc(ZHOVTIS, [date(ZHOVTIS, "May 13", "2012-05-13")], doc_id="b")
    p2 = doc(ZHOVTIS, [date(ZHOVTIS, "May 13", "2013-05-13")], doc_id="b")
    report = evaluate([g1, g2], [p2])
    text = format_errors(report)
    lines = text.splitlines()
    assert lines[0] == "== a (7 errors) =="
    assert "== b (1 errors) ==" in lines
    error_lines = [line for line in lines if line.startswith("  ")]
    assert len(error_lines) == len(report.errors) == 8
    wrong = next(line for line in error_lines if "WRONG_VALUE" in line)
    assert "expected '2012-05-13', got '2013-05-13'" in wrong
    assert "[[May 13]]" in wrong

    short = format_errors(report, limit=2)
    assert len([line for line in short.splitlines() if line.startswith("  ")]) == 2
    assert short.splitlines()[-1] == "... 6 more errors not shown"
    assert "== b" not in short

    assert format_errors(evaluate([g2], [g2])) == "No errors."


# --------------------------------------------------------------------------- gold self-check


def _gold_files() -> list[Path]:
    from extract.storage.jsonl import NOT_RECORDS

    return sorted(p for p in GOLD_DIR.glob("*.jsonl") if p.name not in NOT_RECORDS)


@pytest.mark.skipif(not _gold_files(), reason="no gold/*.jsonl yet")
def test_gold_against_itself_scores_perfectly() -> None:
    gold = read_records(_gold_files())
    assert gold
    report = evaluate(gold, gold)
    assert report.errors == []
    assert report.missing_pred_docs == [] and report.unmatched_pred_docs == []
    for label in (*LABELS, "micro"):
        gold_count = report.mentions[label].overlap.tp + report.mentions[label].overlap.fn
        if gold_count == 0:
            continue
        assert report.mentions[label].overlap.f1 == 1.0, label
        assert report.mentions[label].exact.f1 == 1.0, label
    assert report.mentions["micro"].overlap.tp > 0
    for key, acc in report.normalization.items():
        if acc.total:
            assert acc.accuracy == 1.0, key
    if report.people.tp:
        assert report.people.f1 == 1.0
    if report.cases.tp:
        assert report.cases.f1 == 1.0
