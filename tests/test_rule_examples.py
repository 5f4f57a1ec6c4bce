"""Every rule carries its examples (HeidelTime-style); each rule must still match them."""

from __future__ import annotations

import pytest
import regex

from extract.nlp.dates import DateRecognizer
from extract.nlp.penalties import SentenceRecognizer
from extract.rules import compile_rules, load_jsonl

# the rules as the recognizers compile them (DATE puts \b in front of each)
DATE_RULES = DateRecognizer().rules
SENTENCE_RULES = SentenceRecognizer().rules
CUE_RULES = compile_rules(load_jsonl("charges/cues.jsonl"))


def _cases(rules: list) -> list:
    return [pytest.param(rx, ex, id=f"{rule['name']}:{ex}") for rule, rx in rules
            for ex in rule["examples"]]


@pytest.mark.parametrize(("rx", "example"), _cases(DATE_RULES))
def test_date_rule_matches_its_examples(rx: regex.Pattern[str], example: str) -> None:
    # lookbehind rules need their left context: try the bare example and common prefixes
    texts = [example, f"in {example}", f"during {example}", f"between {example}",
             f"sentenced to {example}"]
    assert any(rx.search(t) for t in texts), example


@pytest.mark.parametrize(("rx", "example"), _cases(SENTENCE_RULES))
def test_sentence_rule_matches_its_examples(rx: regex.Pattern[str], example: str) -> None:
    texts = [example, f"sentenced him to {example}", f"were {example}", f"was {example}"]
    assert any(rx.search(t) for t in texts), example


@pytest.mark.parametrize(("rule", "example"), [
    pytest.param(rule, ex, id=f"{rule['name']}:{ex}") for rule, _ in SENTENCE_RULES
    for ex in rule["examples"] if "requires" in rule])
def test_sentence_rule_requires_is_in_every_match(rule: dict, example: str) -> None:
    """A rule runs only where its "requires" occurs, so it must occur in every match."""
    rx = dict((r["name"], x) for r, x in SENTENCE_RULES)[rule["name"]]
    texts = [example, f"sentenced him to {example}", f"were {example}", f"was {example}"]
    match = next(m for t in texts if (m := rx.search(t)))
    assert regex.search(rule["requires"], match.group(0)), (rule["requires"], match.group(0))


@pytest.mark.parametrize(("rx", "example"), _cases(CUE_RULES))
def test_charge_cue_matches_its_examples(rx: regex.Pattern[str], example: str) -> None:
    assert rx.search(example + " x"), example


@pytest.mark.parametrize(
    ("category", "example"),
    [pytest.param(row["category"], ex, id=f"{row['category']}:{ex}")
     for row in load_jsonl("charges/categories.jsonl") for ex in row["examples"]],
)
def test_charge_category_examples(category: str, example: str) -> None:
    from extract.nlp.charges import ChargeRecognizer

    found = ChargeRecognizer().categorize(example)
    assert found is not None and found[0] == category
