"""SENTENCE recognition and normalization on tricky phrasings."""

from __future__ import annotations

from typing import Any

import pytest

from extract.nlp.penalties import SentenceRecognizer, iso_duration, number

R = SentenceRecognizer()


def found(text: str, country: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    return [(text[m.start:m.end], m.value) for m in R.find(text, country)]


def one(text: str, country: str | None = None) -> dict[str, Any]:
    got = found(text, country)
    assert len(got) == 1, got
    return got[0][1]


@pytest.mark.parametrize(("text", "span", "duration"), [
    ("a court sentenced Kozlov to seven-and-a-half years in prison.",
     "seven-and-a-half years in prison", "P7Y6M"),
    ("He received a five-year prison sentence.", "five-year prison sentence", "P5Y"),
    ("sentenced him to 18 months in a penal colony.", "18 months in a penal colony", "P18M"),
    ("sentenced to three and a half years in prison.", "three and a half years in prison", "P3Y6M"),
    ("sentenced to six years in a strict-regime penal colony.",
     "six years in a strict-regime penal colony", "P6Y"),
    ("a court sentenced Ana Ruiz to three year’s imprisonment for insult.",
     "three year’s imprisonment", "P3Y"),
    ("Gao Renyi was sentenced to two years, eight months, and 15 days in prison.",
     "two years, eight months, and 15 days in prison", "P2Y8M15D"),
    ("He was released after serving his full four-year-and-six-month sentence.",
     "four-year-and-six-month sentence", "P4Y6M"),
    ("A court sentenced Karel Novak to five years, two months after his arrest.",
     "five years", "P5Y"),
])
def test_prison_terms(text: str, span: str, duration: str) -> None:
    got = found(text)
    assert got[0][0] == span
    assert got[0][1]["kind"] == "prison" and got[0][1]["duration"] == duration


def test_suspended_sentence_one_year() -> None:
    v = one("was released in August on a one-year suspended sentence.")
    assert (v["kind"], v["duration"]) == ("suspended", "P1Y")


def test_days_in_prison_are_administrative_arrest_with_upper_bound() -> None:
    v = one("sentencing some to up to 15 days in prison for protesting.")
    assert v == {"kind": "administrative_arrest", "duration": "P15D", "amount": None,
                 "currency": None, "upper_bound": True}


def test_fine_with_local_currency_and_dollar_equivalent() -> None:
    text = "The court imposed a fine of 73,840 tenge ($150) on the journalist."
    assert found(text)[0][0] == "a fine of 73,840 tenge ($150)"
    v = one(text)
    assert (v["kind"], v["amount"], v["currency"]) == ("fine", 73840, "KZT")


def test_escaped_dollar_from_markdown() -> None:
    v = one("fining others up to US\\$550.")
    assert (v["amount"], v["currency"], v["upper_bound"]) == (550, "USD", True)


def test_som_depends_on_country() -> None:
    assert one("She was fined 10,000 som.", "Kyrgyz Republic")["currency"] == "KGS"
    assert one("She was fined 10,000 som.", "Uzbekistan")["currency"] == "UZS"


def test_two_penalties_two_spans() -> None:
    got = found("sentenced to seven years in prison with a three-year ban on journalism.")
    assert [(s, v["kind"], v["duration"]) for s, v in got] == [
        ("seven years in prison", "prison", "P7Y"),
        ("three-year ban on journalism", "restriction", "P3Y")]


def test_bare_forms_only_without_a_fuller_span_of_the_same_kind() -> None:
    assert [s for s, _ in found("Dozens were fined or sentenced to administrative arrest.")] == [
        "fined", "administrative arrest"]
    assert [s for s, _ in found("Police detained and fined them, fining others up to $500.")] == [
        "fining others up to $500"]


@pytest.mark.parametrize("text", [
    "Insulting the president is punishable by up to five years in prison.",
    "The law provides for fines of up to 500,000 tenge.",
    "The prosecutor requested seven years in prison for the activist.",
    "Journalists could face up to three years in prison.",
    "If convicted, the employees face up to five years’ imprisonment.",
    "Those convicted of treason faced 10 to 25 years’ imprisonment.",
    "The judge may sentence a person convicted of theft to no more than 10 years’ imprisonment.",
    "The penalty for refusing conscription is 18 months’ imprisonment.",
    "The minimum sentence for conviction of rape was 10 years’ imprisonment.",
    "Sentences for those convicted of torture range from 20 years to life in prison.",
    "The president appointed the ombudsperson for a nonrenewable five-year term.",
    "Its members are elected by the assembly for a three-year term.",
])
def test_penalties_in_general_are_not_sentences(text: str) -> None:
    assert found(text) == []


def test_life_and_death() -> None:
    assert one("He was sentenced to life imprisonment.")["kind"] == "life"
    assert one("A court sentenced him to death in absentia.")["kind"] == "death"


def test_number_words_and_durations() -> None:
    assert number("twenty-five") == 25
    assert number("seven") == 7
    assert iso_duration([(7, "years", True)]) == "P7Y6M"
    assert iso_duration([(2, "years", False), (6, "months", False)]) == "P2Y6M"
    # decimal years to the nearest month (gold/README): 5.8 years is 69.6 months
    assert iso_duration([(5.8, "years", False)]) == "P5Y10M"
    assert iso_duration([(22.5, "years", False)]) == "P22Y6M"


@pytest.mark.parametrize(("text", "country", "amount", "currency"), [
    ("A court fined the editor 100,000 dinars ($739).", "Algeria", 100000, "DZD"),
    # the currency before the amount
    ("They were collectively fined CFA francs 9.22 million ($15,000).", "Chad", 9220000, "XAF"),
    ("He received a 500,000 kyat ($320) fine.", None, 500000, "MMK"),
    ("The court fined him 50,000 ringgit.", None, 50000, "MYR"),
    ("She was fined 2,000 Ghanaian cedis.", None, 2000, "GHS"),
    ("The court imposed a fine of 3,000 Moroccan dirhams.", None, 3000, "MAD"),
    ("They were fined 10,000 naira each.", "Nigeria", 10000, "NGN"),
    # CLDR writes "Trinidad & Tobago", misspells "Guyanaese", lacks the Spanish plural
    ("He was fined 150,000 Trinidad and Tobago dollars ($22,300).", None, 150000, "TTD"),
    ("He was fined 2.25 million Guyanese dollars.", None, 2250000, "GYD"),
    ("He was fined 4.1 million quetzales.", None, 4100000, "GTQ"),
    # currencies since replaced by the euro, a hyphenated amount, a payee between verb and sum
    ("She received a 12,000 lev ($6,551) fine.", None, 12000, "BGN"),
    ("Authorities ordered him to pay a 4,800-rubles ($1,900) fine.", None, 4800, "RUB"),
    ("The court ordered Ana Ruiz to pay Karel Novak 7,500 kuna ($1086) for damages.", None,
     7500, "HRK"),
])
def test_any_currency_from_cldr(text: str, country: str | None, amount: int,
                                currency: str) -> None:
    [m] = SentenceRecognizer().find(text, country)
    assert (m.value["amount"], m.value["currency"]) == (amount, currency)


@pytest.mark.parametrize(("text", "kind"), [
    ("In May authorities deported the blogger to his home country.", "other"),
    ("The court ordered that he be stripped of his citizenship.", "other"),
    ("The judge ordered compensation of 2,000 rubles ($800) to each of the officers.", "other"),
    ("He was sentenced to five years and deprivation of the right to hold public office for "
     "two years.", "restriction"),
])
def test_penalties_of_contract_1_2(text: str, kind: str) -> None:
    kinds = [m.kind for m in SentenceRecognizer().find(text)]
    assert kind in kinds


def test_time_already_served_is_not_a_sentence() -> None:
    text = ("The journalist was released after 18 years in prison. Another activist, who spent "
            "10 months in prison, was freed. A third died while serving a 28-year sentence.")
    assert [text[m.start:m.end] for m in SentenceRecognizer().find(text)] == ["28-year sentence"]


@pytest.mark.parametrize(("text", "kind", "duration", "amount"), [
    ("A court sentenced retired teacher Omar al-Faris to death for his posts.", "death", None, None),
    ("The court sentenced her to six years in prison, followed by a six-year travel ban.",
     "restriction", "P6Y", None),
    ("He was sentenced to 1,000 lashes for insulting the king.", "other", None, None),
    ("The court imposed internal exile on two of the defendants.", "other", None, None),
    ("Officials fined Ana Ruiz, the director of an independent outlet, 4,000 pesos ($33).",
     "fine", None, 4000),
])
def test_penalties_after_long_objects_bans_and_flogging(text: str, kind: str, duration: str | None,
                                                       amount: float | None) -> None:
    found = [m.value for m in SentenceRecognizer().find(text, None)]
    assert any(v["kind"] == kind and v["duration"] == duration and v["amount"] == amount
               for v in found), found


@pytest.mark.parametrize(("text", "expected"), [
    # the term someone is serving is the sentence; time served before a release is not
    ("The editor was serving nine years for fraud.", [("nine years", "prison", "P9Y")]),
    ("He was released after serving five years in prison.", []),
    # "sentencing him to death", "sentenced her to a fine", "sentenced them to prison"
    ("The court convicted Ali Omar, sentencing him to death.", [("to death", "death", None)]),
    ("The court sentenced her to a fine and two years in prison.",
     [("fine", "fine", None), ("two years in prison", "prison", "P2Y")]),
    ("The court sentenced five lawyers to prison for filing a lawsuit.", [("prison", "prison", None)]),
])
def test_terms_served_and_bare_penalties(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(span, v["kind"], v["duration"]) for span, v in found(text)] == expected


def test_a_fine_after_a_long_object() -> None:
    (span, value), = found("The court fined civil activist and independent journalist Ana Ruiz "
                           "108 million soum ($10,000) for insulting a woman.")
    assert span.endswith("108 million soum ($10,000)")
    assert (value["amount"], value["currency"]) == (108000000, "UZS")


@pytest.mark.parametrize(("text", "country", "expected"), [
    # amounts in number words, and a currency written by the tail of its CLDR name
    ("A court sentenced her to a year's imprisonment and a fine of one million CFA francs.",
     "Mali", [("a year's imprisonment", "prison", None, None), ("a fine of one million CFA francs", "fine",
                                                1000000, "XOF")]),
    ("The court fined the editor five million naira.", "Nigeria",
     [("fined the editor five million naira", "fine", 5000000, "NGN")]),
    # a court-ordered payment, a fine after another penalty, a fine imposed
    ("He was ordered to pay the public treasury 100,000 dinars ($720).", "Algeria",
     [("100,000 dinars ($720)", "other", 100000, "DZD")]),
    ("The court sentenced him to a one-year suspended prison term and a fine.", None,
     [("one-year suspended prison term", "suspended", None, None), ("fine", "fine", None, None)]),
    # a life sentence being served is the sentence, not time served
    ("They remained in prison, serving life sentences for their role in protests.", None,
     [("life sentences", "life", None, None)]),
])
def test_amounts_payments_and_fines(text: str, country: str | None,
                                    expected: list[tuple[str, str, Any, Any]]) -> None:
    got = [(span, v["kind"], v["amount"], v["currency"]) for span, v in found(text, country)]
    assert got == expected


def test_a_sentence_list_of_other_penalties() -> None:
    got = found("In July a court sentenced Ram Thapa to a fine of 6.5 million rupees ($50,000), "
                "confiscation of assets, and deportation.", "Nepal")
    assert [(t, v["kind"]) for t, v in got] == [
        ("a fine of 6.5 million rupees ($50,000)", "fine"),
        ("confiscation of assets", "other"), ("deportation", "other")]
    assert got[0][1]["currency"] == "NPR"
    got = found("They received sentences of between 10 to 12 years’ imprisonment and fines and "
                "seizure of assets.")
    assert [(t, v["kind"], v["duration"]) for t, v in got] == [
        ("10", "prison", "P10Y"), ("12 years’ imprisonment", "prison", "P12Y"),
        ("fines", "fine", None), ("seizure of assets", "other", None)]


def test_community_service_in_hours_and_bans_with_a_term() -> None:
    assert one("On May 5, she was sentenced to 460 hours of community service.") == {
        "kind": "forced_labor", "duration": "PT460H", "amount": None, "currency": None,
        "upper_bound": False}
    got = found("The court sentenced him to four years. He was also banned from public and "
                "political activities for eight years.")
    assert got[-1] == ("banned from public and political activities for eight years",
                       {"kind": "restriction", "duration": "P8Y", "amount": None,
                        "currency": None, "upper_bound": False})
    assert one("Four soldiers were convicted and stripped of their rank.")["kind"] == "other"


@pytest.mark.parametrize(("text", "expected"), [
    # a quoted sentence ends before the next one: its "law" does not make the next general
    ("The law punishes “insulting the state.” In May the court reduced his sentence to six "
     "months with a three-year ban from entry to Freedonia.",
     [("six months", "prison", "P6M"), ("three-year ban from entry to Freedonia", "other", "P3Y")]),
    ("The appeals court reduced by two years the 20-year sentence of Ivan Petrov.",
     [("20-year sentence", "prison", "P20Y")]),
    ("Both were serving sentences of 15 years at hard labor.",
     [("15 years at hard labor", "prison", "P15Y")]),
    ("The court upheld their convictions but reduced the two-week jail sentences to a fine.",
     [("two-week jail sentence", "prison", "P2W"), ("fine", "fine", None)]),
    # a penalty the law allows, a detention's length: no SENTENCE
    ("Those who insult officials may be sentenced to between one and six months in prison.", []),
    ("Six union leaders were detained for three days after a strike.", []),
    ("Ana Ruiz was jailed for 20 days, while Omar Diaz was arrested for 10 days.",
     [("jailed for 20 days", "administrative_arrest", "P20D"),
      ("arrested for 10 days", "administrative_arrest", "P10D")]),
])
def test_reduced_terms_entry_bans_and_lengths_of_detention(
        text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(s, v["kind"], v["duration"]) for s, v in found(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The regulator suspended Radio Sol, a private station, for one week in March.",
     [("suspended Radio Sol, a private station, for one week", "restriction")]),
    ("After the suspension of its broadcasting license, the outlet went online.",
     [("suspension of its broadcasting license", "restriction")]),
    ("The officer was suspended from duty for 30 days.", []),
    ("The tribunal fined Ana Ruiz $1,500, removed her political rights, and dismissed her "
     "from office.", [("fined Ana Ruiz $1,500", "fine"), ("removed her political rights",
                                                       "restriction"),
                      ("dismissed her from office", "other")]),
    ("The ministry dismissed three officers for allegedly beating detainees.",
     [("dismissed", "other")]),
    ("The court dismissed the case for lacking evidence.", []),
    ("The court ordered the newspaper to pay compensation and retract the article.",
     [("compensation", "other")]),
])
def test_measures_of_regulators_tribunals_and_employers(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(s, v["kind"]) for s, v in found(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("A court sentenced them to nine months’ suspended sentences.",
     [("nine months’ suspended sentences", "suspended", "P9M")]),
    ("The officers were convicted but placed on two years’ probation.",
     [("two years’ probation", "probation", "P2Y")]),
    ("A court sentenced her to six years in prison, a fine, and a ban on travel.",
     [("six years in prison", "prison", "P6Y"), ("fine", "fine", None)]),
    ("The attackers pled guilty and paid a fine.", [("fine", "fine", None)]),
])
def test_possessive_terms_listed_fines_and_paid_fines(
        text: str, expected: list[tuple[str, str, str | None]]) -> None:
    got = [(span, hr["kind"], hr["duration"]) for span, hr in found(text)]
    assert [g for g in got if g[1] != "restriction"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The regulator suspended for three months the writing privileges of an editor.",
     ("suspended for three months the writing privileges", "P3M")),
    ("The council ordered a one-month suspension of three journalists.",
     ("one-month suspension", "P1M")),
])
def test_a_regulators_suspension_of_journalists_is_a_restriction(
        text: str, expected: tuple[str, str]) -> None:
    got = one(text)
    assert (got["kind"], got["duration"]) == ("restriction", expected[1])
    assert [span for span, _ in found(text)] == [expected[0]]


def test_a_suspension_of_a_sentence_is_no_regulators_suspension() -> None:
    assert found("The court ordered a two-year suspension of the sentence.") == []


@pytest.mark.parametrize("text", [
    "The charges were dismissed for lack of evidence.",
    "Shots were fired and two people died.",
    "The editor was fired for publishing information on detainees.",
    "The court dismissed the case on September 26.",
])
def test_not_a_dismissal_penalty(text: str) -> None:
    assert found(text) == []


def test_passive_dismissal_for_an_offence_is_a_penalty() -> None:
    assert [(s, v["kind"]) for s, v in found(
        "Two police officers were fired due to misconduct.")] == [("fired", "other")]


def test_reparations_with_a_dollar_equivalent() -> None:
    got = found("The court awarded 2,000 euros ($2,150) in reparations to the family.")
    assert [(s, v["kind"], v["amount"]) for s, v in got] == [
        ("2,000 euros ($2,150) in reparations", "other", 2000)]


def test_terms_listed_before_one_plural_prison_sentences_are_each_a_sentence() -> None:
    got = found("They continued to serve their respective 12-year, nine-year, and nine-year "
                "prison sentences; two others their 14- and 15-year prison terms.")
    assert [(s, v["kind"], v["duration"]) for s, v in got] == [
        ("12-year", "prison", "P12Y"), ("nine-year", "prison", "P9Y"),
        ("nine-year prison sentence", "prison", "P9Y"), ("14-", "prison", "P14Y"),
        ("15-year prison term", "prison", "P15Y")]


def test_bare_numbers_listed_before_one_term_share_its_unit() -> None:
    got = found("They were sentenced to 20, 16, and 12 years’ imprisonment, respectively; two "
                "others to five and seven years in prison.")
    assert [(s, v["duration"]) for s, v in got] == [
        ("20", "P20Y"), ("16", "P16Y"), ("12 years’ imprisonment", "P12Y"), ("five", "P5Y"),
        ("seven years in prison", "P7Y")]
    assert found("Police detained 20, 30 and 40 people.") == []


def test_a_law_cited_under_an_article_does_not_make_an_imposed_term_general() -> None:
    got = found("In September 2020, Halykov was sentenced under article 228(2) of the criminal "
                "code to four years of deprivation of liberty for fraud.")
    assert [(s, v["duration"]) for s, v in got] == [("four years of deprivation of liberty",
                                                     "P4Y")]
    assert found("Under the criminal code, offenders face up to five years in prison.") == []


def test_a_term_on_probation_and_a_bare_amount_in_a_sentencing_list() -> None:
    got = found("The court sentenced Ana Ruiz to eight years in prison and three years on "
                "probation. It sentenced Tomas Varga to two years in prison and 5,000 Moroccan "
                "dirhams ($478).")
    assert [(s, v["kind"], v["duration"] or v["amount"]) for s, v in got] == [
        ("eight years in prison", "prison", "P8Y"),
        ("three years on probation", "probation", "P3Y"),
        ("two years in prison", "prison", "P2Y"),
        ("5,000 Moroccan dirhams ($478)", "fine", 5000.0)]
    assert [s for s, _ in found("The court sentenced him to 10 years in prison, and 300 people "
                                "protested.")] == ["10 years in prison"]


def test_a_hyphenated_amount_in_words_before_fine() -> None:
    got = found("The court sentenced them to pay a six-million ariary ($1,420) fine.")
    assert [(s, v["kind"], v["amount"], v["currency"]) for s, v in got] == [
        ("six-million ariary ($1,420) fine", "fine", 6000000.0, "MGA")]


def test_the_terms_after_sentenced_to_prison_for_are_the_sentences() -> None:
    got = found("Two police officers were sentenced to prison for 21 and four years, "
                "respectively. A third was sentenced to prison for his role.")
    assert [(s, v["duration"]) for s, v in got] == [
        ("21", "P21Y"), ("four years", "P4Y"), ("prison", None)]


def test_held_in_administrative_detention_is_a_state_not_a_penalty() -> None:
    assert found("Authorities held 40 persons in administrative detention without charge.") == []
    assert [s for s, _ in found("Two activists were placed under administrative arrest.")] == [
        "administrative arrest"]


def test_the_time_held_before_something_else_is_no_penalty() -> None:
    assert found("In March, she was released on bail after being imprisoned for 160 days.") == []
    assert [s for s, _ in found("In 2019 he was imprisoned for three years.")] == [
        "imprisoned for three years"]


@pytest.mark.parametrize(("text", "expected"), [
    # a long object with a parenthesis between "sentenced" and "to death"
    ("On August 5, a court convicted and sentenced six Internal Guard Forces (IGF) soldiers to "
     "death for killing five protesters.", [("to death", "death")]),
    # a later "to death" is no sentence once "sentenced ... to" has had its "to"
    ("A court sentenced him to 14 years in prison for homicide for beating a man to death.",
     [("14 years in prison", "prison")]),
])
def test_sentenced_to_spans_a_long_object_but_not_a_second_to(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t, v["kind"]) for t, v in found(text)] == expected


def test_a_range_of_terms_ending_in_more_than_gives_both_ends() -> None:
    got = found("It sentenced them to jail terms ranging from 25 months to more than six years.")
    assert [(t, v["duration"]) for t, v in got] == [("25 months", "P25M"),
                                                   ("more than six years", "P6Y")]


@pytest.mark.parametrize(("text", "span", "duration"), [
    # invented names: an office ban with a pronoun object, and a noun ban with its term after
    ("The court sentenced Karel Novak to 10 years of prison, confiscated his assets, and "
     "banned him from holding public office for three years.", "banned", "P3Y"),
    ("Tomas Varga received five years in prison, a fine, and a ban on holding high-level "
     "public office for six years.", "ban on holding high-level public office for six years",
     "P6Y"),
])
def test_office_bans_with_a_term(text: str, span: str, duration: str) -> None:
    bans = [(s, v) for s, v in found(text) if v["kind"] == "restriction"]
    assert [(s, v["duration"]) for s, v in bans] == [(span, duration)]


def test_imprisonment_with_a_suspended_sentence_is_suspended() -> None:
    got = found("The court sentenced blogger Karel Novak to three years of imprisonment with a "
                "suspended sentence.")
    assert [(s, v["kind"], v["duration"]) for s, v in got] == [
        ("three years of imprisonment with a suspended sentence", "suspended", "P3Y")]
