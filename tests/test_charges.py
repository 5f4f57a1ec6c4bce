"""CHARGE recognition: cues, spans, coordination and categories."""

from __future__ import annotations

import pytest

from extract.nlp.charges import ChargeRecognizer
from tests.nlp_fixture import shared_nlp

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


@pytest.mark.parametrize(("text", "expected"), [
    ("Prosecutors charged former deputy minister Ana Ruiz Soto with money laundering.",
     [("money laundering", "economic_crime")]),
    ("He was charged with fabrication of evidence, illegal storage of firearms, abuse of power, "
     "and illegal detention.",
     [("fabrication of evidence", "other"), ("illegal storage of firearms", "other"),
      ("abuse of power", "abuse_of_power"), ("illegal detention", "other")]),
    ("Police arrested Tomas Vila, a local teacher, for alleged hate speech against the mayor.",
     [("hate speech", "inciting_discord")]),
    ("The court tried him on charges of sedition and rebellion.",
     [("sedition", "calling_for_overthrow"), ("rebellion", "calling_for_overthrow")]),
    ("Charges included affiliation with a terrorist group.",
     [("affiliation with a terrorist group", "terrorism")]),
    ("Police arrested an officer for the March 3 killing of a farmer.", [("killing", "murder")]),
])
def test_charges_after_long_objects_lists_and_dates(text: str,
                                                   expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "The law provided up to one year imprisonment for insulting the president.",
    "Activists were held without charge for extended periods.",
    "The charges included sedition and other charges through their coverage of a protest.",
])
def test_law_in_general_and_generic_phrases_are_not_charges(text: str) -> None:
    assert all(t not in ("insulting the president", "extended periods") and not t.startswith("other")
               for t, _ in found(text))


@pytest.mark.parametrize(("text", "expected"), [
    # "A and B" where each names its own offence, with or without a category keyword
    ("The court acquitted the guard of unlawful confinement and abuse of office.",
     [("unlawful confinement", "other"), ("abuse of office", "abuse_of_power")]),
    # a legal noun modified by two offences
    ("In 2019 she was jailed on fraud and embezzlement charges filed in 2015.",
     [("fraud", "economic_crime"), ("embezzlement", "economic_crime")]),
    # "charges against ... included"
    ("Charges against the detained students included incitement to riot and illegal gatherings.",
     [("incitement to riot", "mass_riots"), ("illegal gatherings", "unsanctioned_assembly")]),
    # a quoted comma list is split; a quoted "A and B" without a keyword is one offence
    ("A court sentenced him for “undermining national sovereignty, spreading false news, and treason.”",
     [("undermining national sovereignty", "calling_for_overthrow"),
      ("spreading false news", "false_information"), ("treason", "treason_espionage")]),
    ("They were later charged with “picking quarrels and provoking trouble.”",
     [("picking quarrels and provoking trouble", "hooliganism")]),
    # the list stops at a new verb phrase
    ("He was found guilty of extremism and calling for separatism, and was sentenced to two years.",
     [("extremism", "extremism"), ("calling for separatism", "calling_for_overthrow")]),
    ("A court convicted the poet of lese majeste and contempt of authority.",
     [("lese majeste", "defamation"), ("contempt of authority", "defamation")]),
    ("The teacher was convicted in 2011 of possession with intent to distribute cocaine.",
     [("possession with intent to distribute cocaine", "drugs")]),
    # the cue's preposition said again ("and for violating"); a law's capitalized name is
    # no generic head ("Crimes Act" is not "other crimes")
    ("He was convicted of lese majeste and of violating the Computer Crimes Act.",
     [("lese majeste", "defamation"), ("violating the Computer Crimes Act", "other")]),
])
def test_lists_noun_charges_and_categories(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def _parsed_charges(text: str) -> list[tuple[str, str]]:
    from extract.nlp.spans import KEYS
    from tests.nlp_fixture import shared_nlp

    doc = shared_nlp()(text)
    return [(s.text, s._.hr["category"]) for s in doc.spans[KEYS["CHARGE"]]]


def _parse_examples() -> list[tuple[str, str]]:
    from extract.rules import load_json

    return [(text, offence) for text, offence in load_json("charges/parse_cues.json")["examples"]]


@pytest.mark.parametrize(("text", "offence"), _parse_examples())
def test_parse_cue_examples(text: str, offence: str) -> None:
    """Each example of resources/charges/parse_cues.json gives its offence through the
    pipeline (the regular-expression cues alone miss it)."""
    assert offence in [span for span, _ in _parsed_charges(text)]
    assert offence not in [span for span, _ in found(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # a preposition inside the offence is not a new cue
    ("He was serving nine years for conviction of fraud and contempt of court.",
     [("fraud", "economic_crime"), ("contempt of court", "other")]),
    # a pronoun after the preposition is no offence; counts of complaints are no charge
    ("Eight detainees were tried, four of whom were posthumously acquitted.", []),
    ("The group recorded 66 allegations of torture and 111 cases of killings.", []),
    # the law in general, not a case
    ("A rape survivor may not be prosecuted for adultery.", []),
])
def test_parse_cues_read_the_structure(text: str, expected: list[tuple[str, str]]) -> None:
    assert _parsed_charges(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a weak cue ("sentenced ... for"): an item in an offence's shape beside a keyword item
    ("A court sentenced him to a year in prison for inciting a revolt and disturbing "
     "public order.",
     [("inciting a revolt", "calling_for_overthrow"),
      ("disturbing public order", "hooliganism")]),
    ("The court sentenced the former mayor to six years in prison for extortion and "
     "illegal deprivation of liberty.",
     [("extortion", "economic_crime"), ("illegal deprivation of liberty", "other")]),
])
def test_list_items_after_a_weak_cue(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_weak_cue_alone_takes_no_shapeless_offence() -> None:
    assert found("A court sentenced him to a year in prison for attending a meeting.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a comma list with a keyword item: one-word items in a noun's shape are offences too
    ("a court sentenced him to four years in prison for “threats, insults, and disturbance "
     "of public order.”", [("threats", "other"), ("insults", "defamation"),
                           ("disturbance of public order", "hooliganism")]),
    # a conjunct that opens a new clause ends the list
    ("Twelve of the accused were charged with treason and intentional homicide and received "
     "30-year sentences.", [("treason", "treason_espionage"), ("intentional homicide", "murder")]),
    # after a weak cue, an item in an offence's shape counts in a list closed by "and"
    ("She was arrested for inciting hatred, spreading leaflets against officials, and "
     "terrorism.", [("inciting hatred", "inciting_discord"),
                    ("spreading leaflets against officials", "other"),
                    ("terrorism", "terrorism")]),
])
def test_offence_lists(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_comma_clause_after_an_offence_is_no_list_item() -> None:
    text = "She was arrested for terrorism, arguing he should have been released."
    assert found(text) == [("terrorism", "terrorism")]


@pytest.mark.parametrize(("text", "expected"), [
    # "charges were" + a list; a gerund's capitalized object does not end the list
    ("His specific charges were insulting Islam, disturbing religious rites, and public "
     "incitement.", [("insulting Islam", "other"), ("disturbing religious rites", "other"),
                     ("public incitement", "inciting_discord")]),
    ("The charges were dropped in May.", []),
    # the acts a crime named first is made of
    ("The court found Ivo Markov guilty of war crimes, including arbitrary detention, torture, "
     "and murder, committed in 1998.",
     [("war crimes", "other"), ("arbitrary detention", "other"), ("torture", "torture"),
      ("murder", "murder")]),
    ("A businessman sued him for defamation, extortion, and death threats.",
     [("defamation", "defamation"), ("extortion", "economic_crime"), ("death threats", "other")]),
    ("She was arrested for alleged robbery and influence peddling.",
     [("robbery", "other"), ("influence peddling", "economic_crime")]),
    ("They were charged with posing a threat to national security.",
     [("posing a threat to national security", "calling_for_overthrow")]),
    ("He was released, meaning the threat of charges remains.", []),
])
def test_lists_after_charges_were_and_crimes_including(text: str,
                                                        expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a quoted word inside the offence does not split it; a quote closing on a comma ends it
    ("He was charged with dissemination of “fake news” and forming an “extremist” group.",
     [("dissemination of “fake news", "false_information"),
      ("forming an “extremist” group", "extremism")]),
    ("She was sentenced on charges of creating an “illegal formation,” and engaging in a "
     "“conspiracy to seize power.”",
     [("creating an “illegal formation", "other"),
      ("engaging in a “conspiracy to seize power", "calling_for_overthrow")]),
    # offence families of their own
    ("The lawyers were convicted of picking quarrels and provoking trouble.",
     [("picking quarrels and provoking trouble", "hooliganism")]),
    ("He was arrested for spreading false rumors and incitement.",
     [("spreading false rumors", "false_information"), ("incitement", "inciting_discord")]),
    ("She was charged with inciting subversion of state power.",
     [("inciting subversion", "calling_for_overthrow")]),
    ("Two officers were charged with sexual assault.", [("sexual assault", "other")]),
    ("He was accused of disclosing military secrets.",
     [("disclosing military secrets", "treason_espionage")]),
])
def test_quoted_words_inside_an_offence_and_offence_families(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a quoted list splits at its commas, not inside an item joined by "and"
    ("police charged him with “sedition, incitement to violence, and false publication and "
     "broadcasting.”",
     [("sedition", "calling_for_overthrow"), ("incitement to violence", "inciting_discord"),
      ("false publication and broadcasting", "false_information")]),
    # adjectives sharing one noun stay one offence
    ("charged under the article on “cruel, inhuman, or degrading treatment”",
     [("cruel, inhuman, or degrading treatment", "other")]),
])
def test_a_quoted_list_splits_at_its_commas(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_cues_of_inside_a_name_opens_no_offence() -> None:
    # "charged ... the Ministry of| Health with ...": the parse's "with" is the cue
    doc = shared_nlp()("Authorities charged two officials from the Ministry of Health with "
                       "official corruption, economic crimes, and forgery.")
    assert [(s.text, s._.hr["category"]) for s in doc.spans["hr_charge"]] == [
        ("official corruption", "economic_crime"), ("economic crimes", "economic_crime"),
        ("forgery", "other")]


@pytest.mark.parametrize(("text", "expected"), [
    # an accusation outside any legal process is no CHARGE
    ("Human rights organizations accused police of using excessive force.", []),
    ("Opposition politicians accused the minister of embezzlement.", []),
    # the police, prosecutors and the authorities accuse in law
    ("Police accused the blogger of extortion.", ["extortion"]),
    ("Authorities accused Ivan Petrov of embezzlement.", ["embezzlement"]),
    ("The activist was accused of embezzlement.", ["embezzlement"]),
    # a habit of the authorities names no case
    ("Security forces commonly used the charges of contempt and defamation against critics.",
     []),
])
def test_only_a_legal_actor_accuses_of_a_charge(text: str, expected: list[str]) -> None:
    doc = shared_nlp()(text)
    assert [s.text for s in doc.spans["hr_charge"]] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a person's name before the cue's "of" is no institution's name
    ("The court convicted Jatuporn Sae-Ung of lèse majesté and sentenced her to a fine.",
     [("lèse majesté", "defamation")]),
    ("A court convicted Ivan Petrov of fraud.", [("fraud", "economic_crime")]),
    ("A court convicted Dalibor Kovac of crimes against the civilian population in 1992.",
     [("crimes against the civilian population", "other")]),
    # a title's "of" opens no offence
    ("In July police charged Chief Minister of Kedah State Ahmad Nor with sedition.", []),
])
def test_a_cues_of_after_a_name_or_a_title(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_a_phrase_that_tells_of_an_offence_is_no_charge() -> None:
    # "exposing corruption" tells of somebody else's offence; "exercising" a right is none;
    # exposing secrets is an offence
    assert _parsed_charges("Authorities continued to punish individuals for exposing "
                           "government corruption.") == []
    assert _parsed_charges("Prosecutors brought terrorism-related charges against critics "
                           "for exercising their freedom of expression.") == [
        ("terrorism", "terrorism")]
    assert _parsed_charges("Authorities arrested the clerk for exposing state secrets.") == [
        ("exposing state secrets", "treason_espionage")]


def test_accusations_outside_the_legal_process_reach_every_listed_offence() -> None:
    # invented names: a politician's accusations (a conjoined verb without its own subject)
    # and a rights group's later list items charge nobody; the gendarmerie's accusation does
    assert _parsed_charges("He called the president “a danger” and accused government "
                           "officials of lying, manipulation, and embezzlement of public "
                           "funds.") == []
    assert _parsed_charges("Rights organizations accused police of using excessive force, "
                           "violating human rights, and committing extrajudicial "
                           "killings.") == []
    assert _parsed_charges("On May 2, the gendarmerie arrested Hanta Rabe and accused her of "
                           "inciting rebellion.") == [("inciting rebellion", "calling_for_overthrow")]


def test_penalties_the_law_provides_charge_nobody() -> None:
    assert _parsed_charges("By law, anyone convicted of libel, harassment, or both faced "
                           "prison.") == []
    assert _parsed_charges("If a person was convicted of hate speech via broadcasting, the "
                           "penalty increased.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a participle before the keyword it modifies continues the list; a verb does not
    ("He was charged with robbery, kidnapping, and aggravated assault in the capital.",
     [("robbery", "other"), ("kidnapping", "violence"),
      ("aggravated assault", "violence")]),
    ("She was charged with theft and escaped from custody.", [("theft", "other")]),
])
def test_participle_list_item(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Two officers were convicted of attempting a coup against the president.",
     [("attempting a coup", "calling_for_overthrow")]),
    ("The lender was accused of usury.", [("usury", "economic_crime")]),
])
def test_coup_and_usury_categories(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_parse_cue_reaches_its_verb_through_a_long_list_of_names() -> None:
    """The arcs within a list of names (conjuncts, appositions) do not count towards the
    four-arc limit: the parse of "convicted A, B, C, and D for ..." may hang "for" on the
    third name, five arcs below the verb (a hand-built parse of that shape)."""
    import spacy
    from spacy.tokens import Doc

    from extract.nlp.charges import parse_cues

    words = ["court", "convicted", "Karl", "Umber", ",", "Mira", "Tolan", ",", "Lev", "Danko",
             ",", "Ana", "Belko", "for", "plotting", "a", "coup"]
    heads = [1, 1, 3, 1, 3, 6, 3, 6, 9, 6, 9, 12, 9, 12, 13, 16, 14]
    deps = ["nsubj", "ROOT", "compound", "dobj", "punct", "compound", "appos", "punct",
            "compound", "conj", "punct", "compound", "conj", "prep", "pcomp", "det", "dobj"]
    pos = ["NOUN", "VERB", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN",
           "PROPN", "PUNCT", "PROPN", "PROPN", "ADP", "VERB", "DET", "NOUN"]
    lemmas = [w.lower() for w in words]
    lemmas[1] = "convict"
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    cues = parse_cues(doc, {"convict/VERB": {"for": "strong"}})
    assert [doc.text[c.start:].strip() for c in cues] == ["plotting a coup"]


def test_offence_after_a_prison_term() -> None:
    # "... to life in prison for the murder of ...": the cue far from its verb
    text = ("A court convicted three men on August 4, including a former commander of the "
            "militia in the northern province and his two deputies, to life in prison for the "
            "murder of a local farmer.")
    assert found(text) == [("murder", "murder")]


@pytest.mark.parametrize("text", [
    # a lone plural after a strong cue names people or things, not an offence
    "A court in the capital acquitted one of the activists and released the other two.",
    "The mayor and two associates charged with him remained under arrest.",
])
def test_no_offence_in_people_or_a_co_accused(text: str) -> None:
    assert _parsed_charges(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # plural action nouns and an adjective before "use of" name their own offences
    ("The prosecutor charged the mayor with embezzlement, extortion, illicit negotiations, "
     "illicit enrichment, and bribery.",
     [("embezzlement", "economic_crime"), ("extortion", "economic_crime"),
      ("illicit negotiations", "other"), ("illicit enrichment", "economic_crime"),
      ("bribery", "economic_crime")]),
    ("The court convicted four officers charged with excessive use of force and murder.",
     [("excessive use of force", "abuse_of_power"), ("murder", "murder")]),
    # an irregular past verb after a comma opens a clause, not the next offence
    ("Two guards, charged with taking part in actions violating public order, got "
     "two-year sentences each.", [("taking part in actions violating public order", "hooliganism")]),
])
def test_list_items_in_an_offence_shape(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a list split by semicolons goes on to the next offence named by its keyword
    ("Charges against the former minister included refusing to declare assets; money "
     "laundering; and tax evasion.",
     [("refusing to declare assets", "other"), ("money laundering", "economic_crime"),
      ("tax evasion", "economic_crime")]),
    # the offence ends before what it is linked to
    ("The court accused the judge of leading a criminal organization with links to drug "
     "trafficking.", [("leading a criminal organization", "other")]),
])
def test_semicolon_lists_and_links(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an institution's name and the person after a cue's "of" are not the offence
    ("On April 20, the court convicted former Deputy Director General of the State Research "
     "Institute Karl Umber of abuse of office.", [("abuse of office", "abuse_of_power")]),
    # "X of the Y for| Z": the offence starts after "for"
    ("The court convicted the former deputy minister of the occupied territories for extorting "
     "bribes.", [("extorting bribes", "economic_crime")]),
])
def test_the_offence_starts_after_who_was_convicted(text: str,
                                                    expected: list[tuple[str, str]]) -> None:
    assert _parsed_charges(text) == expected


def test_a_cross_reference_inside_a_list_of_offences() -> None:
    text = ("Police searched her home following her arrest in August for conspiracy with "
            "agents of a foreign power likely to harm the country (see section 2.a., Freedom "
            "of Expression), dissemination of false news, and undermining public order.")
    assert _parsed_charges(text) == [
        ("conspiracy with agents of a foreign power", "treason_espionage"),
        ("dissemination of false news", "false_information"),
        ("undermining public order", "hooliganism")]


def test_no_offence_starts_with_a_conjunction() -> None:
    # "arrested her on| August 22 and charged ...": past the date, a new clause, not an offence
    text = ("Authorities arrested her on August 22 and charged her with conspiracy with agents "
            "of a foreign power, dissemination of false news, and undermining public order.")
    assert [s for s, _ in _parsed_charges(text)] == [
        "conspiracy with agents of a foreign power", "dissemination of false news",
        "undermining public order"]


def test_amounts_and_currency_glosses_stay_inside_an_offence() -> None:
    # the comma of "€100,000" and the gloss "($99,733)" do not end the offence or the list;
    # "trading in influence" is economic_crime
    text = ("The mayor was found guilty of receiving €100,000 ($99,733) in bribes from a "
            "builder, commissioning unnecessary advisory services, incurring excessive "
            "entertainment expenses, and trading in influence.")
    assert _parsed_charges(text) == [
        ("receiving €100,000 ($99,733) in bribes", "economic_crime"),
        ("commissioning unnecessary advisory services", "other"),
        ("incurring excessive entertainment expenses", "other"),
        ("trading in influence", "economic_crime")]


def test_an_indictment_that_accuses_is_a_legal_accusation() -> None:
    text = ("The indictment also accused her son and 10 other individuals of smuggling, giving "
            "and receiving bribes, and the unauthorized production of narcotics.")
    assert _parsed_charges(text) == [
        ("smuggling", "economic_crime"), ("giving and receiving bribes", "economic_crime"),
        ("unauthorized production of narcotics", "drugs")]


@pytest.mark.parametrize(("text", "expected"), [
    ("The court convicted the former minister of favoritism and misconduct.",
     [("favoritism", "abuse_of_power"), ("misconduct", "abuse_of_power")]),
    ("Police arrested the blogger for spreading inaccurate information and publishing false "
     "content.",
     [("spreading inaccurate information", "false_information"),
      ("publishing false content", "false_information")]),
    ("A court sentenced the poet to 10 years for plotting against the government.",
     [("plotting against the government", "calling_for_overthrow")]),
    ("Police arrested the activist for spreading information against the state.",
     [("spreading information against the state", "calling_for_overthrow")]),
    ("The court sentenced him for inciting public opinion and disturbing social unity.",
     [("inciting public opinion", "inciting_discord"),
      ("disturbing social unity", "inciting_discord")]),
    ("He was convicted for the arson attack on a journalist's house.",
     [("arson attack", "violence")]),
    ("Two teachers were charged with incitement of public revolt.",
     [("incitement of public revolt", "calling_for_overthrow")]),
    ("Police arrested two opposition members for public order offenses.",
     [("public order offenses", "hooliganism")]),
    ("Police arrested four activists for public nuisance.",
     [("public nuisance", "hooliganism")]),
    ("The court convicted the officer of exceeding his official authority.",
     [("exceeding his official authority", "abuse_of_power")]),
    ("Both women were sentenced for state security crimes.",
     [("state security crimes", "calling_for_overthrow")]),
])
def test_category_keywords_of_office_speech_and_state_offences(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert _parsed_charges(text) == expected


def test_a_lone_gerund_shares_the_next_verbs_object_after_a_keyword_item() -> None:
    # "organizing and participating in ..." is one offence beside "fraud"; a lone gerund that
    # is an offence itself ("kidnapping") stays its own item
    assert _parsed_charges(
        "A court sentenced the blogger to eight years in prison on charges of fraud and "
        "organizing and participating in unauthorized protests.") == [
        ("fraud", "economic_crime"),
        ("organizing and participating in unauthorized protests", "unsanctioned_assembly")]


def test_what_follows_allegedly_after_a_weak_cue_is_an_offence() -> None:
    # "arrested ... for" may give a reason; "for allegedly <verb>ing" gives an offence, which
    # ends before the year it was done in ("in 2017")
    assert _parsed_charges("Police arrested the teacher in May for allegedly stealing a phone "
                           "in 2019.") == [("stealing a phone", "other")]
    assert _parsed_charges("He was sentenced in 2019 to five years in prison for allegedly "
                           "participating in a fight in 2017.") == [
        ("participating in a fight", "hooliganism")]


def test_a_long_gerund_offence_after_a_strong_cue_but_no_clause() -> None:
    # invented: up to 14 words when the offence opens with a gerund after "accused of";
    # a finite verb inside ("were subject to") makes it a clause, no offence
    assert found("Police accused teacher Anna Lind of secretly photographing the new "
                 "military airfield near the border.") == [
        ("secretly photographing the new military airfield near the border", "other")]
    assert found("Persons convicted of violating this rule were subject to three years in "
                 "prison.") == []


def test_for_example_and_neither_of_are_no_offences() -> None:
    assert found("The court fined critics and jailed journalists. For example, on May 3 it "
                 "acted again.") == []
    assert found("She was convicted of carrying drugs for two friends, neither of whom was "
                 "arrested.") == [("carrying drugs", "drugs")]


def test_assault_and_battery_is_one_offence_and_a_date_after_the_cue_no_part_of_it() -> None:
    assert found("Police detained him on March 18 for violence, assault and battery, and misuse "
                 "of office.") == [("violence", "violence"), ("assault and battery", "violence"),
                                   ("misuse of office", "abuse_of_power")]


def test_a_count_of_an_offence_is_no_part_of_it() -> None:
    assert found("Police charged the two men with one count each of malicious damage.") == [
        ("malicious damage", "other")]
    assert found("a court convicted her of two counts of “obtaining by false pretense” and one "
                 "count of “unnatural offense” for alleged conduct") == [
        ("obtaining by false pretense", "other"), ("unnatural offense", "other")]
    # an offence that ends in a generic noun is still no offence unless counted
    assert found("Officers were rarely charged with “lesser crimes” in such cases.") == []


def test_named_charges_before_the_offence_and_a_subjects_preposition_are_no_cue() -> None:
    assert found("Investigators instead charged him with the more serious charges of forgery "
                 "and fraud on a large scale.") == [("forgery", "other"), ("fraud", "economic_crime")]
    nlp = shared_nlp()
    doc = nlp("For example, chairman of the opposition Unity Party Omar Haddad was convicted of "
              "defamation in three cases in January.")
    assert [c.text for c in doc.spans["hr_charge"]] == ["defamation"]


@pytest.mark.parametrize(("text", "expected"), [
    # a comma after "charges of" before a quoted offence
    ("sentenced him in May to five years in prison on charges of, “membership in a terrorist "
     "organization.”", [("membership in a terrorist organization", "terrorism")]),
    # "charges that included": the offences the charges are made of
    ("They lost their appeal against a conviction for charges that included the murder of a "
     "policeman and “forming and joining a terrorist group.”",
     [("murder", "murder"), ("forming and joining a terrorist group", "terrorism")]),
    # "the crime of" and the opening quote lead the offence, they are no part of it
    ("Police detained him at the detention center for the crime of “picking quarrels and "
     "provoking trouble” for wearing a T-shirt.",
     [("picking quarrels and provoking trouble", "hooliganism")]),
    # "membership in", "sponsorship": a noun in -ship is in an offence's shape, as -tion is
    ("He had been arrested in 2015 on charges including membership in the AB and illegally "
     "receiving foreign funds for his foundation.",
     [("membership in the AB", "other"), ("illegally receiving foreign funds", "other")]),
    # a comma-joined tail with no keyword, closing no list, is no offence
    ("sentenced to five years in prison on charges of “membership in a terrorist "
     "organization,” referring to the movement.",
     [("membership in a terrorist organization", "terrorism")]),
    ("fined on misdemeanor charges of discrediting the military, paving the way for a "
     "criminal case.", [("discrediting", "false_information")]),
    # an adverb before the past verb of a new clause ends the list ("and later charged")
    ("Police arrested Tomas Varga on charges of subversion and incitement and later charged "
     "him with causing grievous harm.", [("subversion", "calling_for_overthrow"),
                                         ("incitement", "inciting_discord"),
                                         ("causing grievous harm", "other")]),
    # a short item ending in a name, then an offence named by its keyword: the list goes on
    ("Prosecutors charged Karel Novak with membership in the Workers Party, possession of "
     "explosives, and murder.", [("membership in the Workers Party", "other"),
                                 ("possession of explosives", "other"), ("murder", "murder")]),
])
def test_offence_spans_after_cues_leads_and_list_tails(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected
