"""CHARGE recognition: cues, spans, coordination and categories."""

from __future__ import annotations

import pytest

from extract.charges import ChargeRecognizer

R = ChargeRecognizer()


def found(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.category) for m in R.find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("arrested in January on various charges, including extortion, was released",
     [("extortion", "economic_crime")]),
    ('five officers were convicted for "abuse of power," but none', [("abuse of power", "abuse_of_power")]),
    ("courts convicted 45 oil workers for participating or organizing mass riots, putting",
     [("participating or organizing mass riots", "mass_riots")]),
    ("a border guard accused of murdering 15 colleagues at a border post",
     [("murdering", "murder")]),
    ("He was sentenced to five years on extremism charges.", [("extremism", "extremism")]),
    ("She was fined for participating in an unsanctioned rally.",
     [("participating in an unsanctioned rally", "unsanctioned_assembly")]),
    ("charged with spreading false information about the army",
     [("spreading false information", "false_information")]),
])
def test_offence_span_and_category(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_coordinated_offences_with_own_objects_are_split() -> None:
    text = "he faces criminal charges of illegally teaching religion and distributing religious literature."
    assert found(text) == [("illegally teaching religion", "illegal_religious_activity"),
                           ("distributing religious literature", "illegal_religious_activity")]


def test_quoted_list_of_offences() -> None:
    text = 'sentenced in absentia for “conspiracy to seize power,” “organizing mass riots,” and more'
    assert found(text) == [("conspiracy to seize power", "calling_for_overthrow"),
                           ("organizing mass riots", "mass_riots")]


@pytest.mark.parametrize("text", [
    "authorities misused criminal charges to arrest over a dozen others.",
    "Libel remains a criminal offense in the country.",
    "Detainees made credible allegations of torture in 2012.",
    "no officers were held accountable for the sixteen killings.",
    "He was detained for questioning on Monday.",
])
def test_not_charges(text: str) -> None:
    assert found(text) == []
