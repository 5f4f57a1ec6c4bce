"""The country a report is about, from pycountry plus a short alias file, with its ISO 3166-1
alpha-3 code: every corpus text gets the country the earlier hand list gave it."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import find_country, read_document
from extract.ingest.header import country_name, find_country_code
from extract.models import output_json_schema

REPO = Path(__file__).resolve().parents[1]

# what the hand list (resources/ingest/countries.txt, removed) gave each corpus text, and the code
EXPECTED: dict[tuple[str | None, str | None], list[str]] = {
    ('Algeria', 'DZA'): ['dev-pd/algeria-statedept-2023.txt'],
    ('Azerbaijan', 'AZE'): ['dev-pd2/azerbaijan-report-2018.txt'],
    ('Bahrain', 'BHR'): ['dev-sd/bahrain-report-2022.txt'],
    ('Bangladesh', 'BGD'): ['dev-sd/bangladesh-report-2023.txt'],
    ('Belarus', 'BLR'): ['dev-pd2/belarus-report-2021.txt'],
    ('Burma', 'MMR'): [
        'dev-open/globalvoices-myanmar-2009-suu-kyi-64-words.txt',
        'dev-pd/burma-statedept-2018.txt', 'dev-pd2/burma-statement-2022.txt',
    ],
    ('Cambodia', 'KHM'): ['dev-sd/cambodia-report-2022.txt'],
    ('Cameroon', 'CMR'): ['dev-pd/cameroon-statedept-2022.txt'],
    ('China', 'CHN'): [
        'dev-fed/cecc-china-2014-tohti-arrest.txt', 'dev-fed/cecc-china-2014-tohti-statement.txt',
        'dev-sd/china-report-2023.txt',
    ],
    ('Cuba', 'CUB'): [
        'dev-fed/hres-774-cuba-ferrer-2019.txt', 'dev-open/globalvoices-cuba-2012-dissidents.txt',
        'dev-sd/cuba-report-2022.txt',
    ],
    ('Democratic Republic of the Congo', 'COD'): ['dev-pd/drc-statedept-2017.txt'],
    ('Egypt', 'EGY'): [
        'dev-b/egypt-2024.md', 'dev-c/egypt-2024.md',
        'dev-open/globalvoices-saudi-arabia-2012-egyptian-lawyer.txt', 'dev/egypt-2024.md',
    ],
    ('Eritrea', 'ERI'): ['dev-pd/eritrea-statedept-2002.txt'],
    ('Ethiopia', 'ETH'): [
        'dev-open/globalvoices-ethiopia-2012-pen-award.txt', 'dev-sd/ethiopia-report-2022.txt',
    ],
    ('Georgia', 'GEO'): ['dev-pd/georgia-statedept-2021.txt'],
    ('Guinea', 'GIN'): ['dev-pd/guinea-statedept-2023.txt'],
    ('Honduras', 'HND'): ['dev-pd/honduras-statedept-2017.txt'],
    ('India', 'IND'): ['dev-pd/india-statedept-2021.txt'],
    ('Iran', 'IRN'): ['dev-sd/iran-report-2022.txt'],
    ('Jordan', 'JOR'): ['dev-fed/tlhrc-vietnam-2012-prisoners.txt'],
    ('Kazakhstan', 'KAZ'): [
        'SOURCES.md', 'dev-b/kazakhstan-2024.md', 'dev-c/kazakhstan-2024.md',
        'dev/kazakhstan-2024.md', 'kazakhstan-2013.txt',
    ],
    ('Kyrgyz Republic', 'KGZ'): [
        'dev-b/kyrgyzrepublic-2024.md', 'dev-c/kyrgyzrepublic-2024.md',
        'dev/kyrgyzrepublic-2024.md',
    ],
    ('Malaysia', 'MYS'): ['dev-pd/malaysia-statedept-2021.txt'],
    ('Mexico', 'MEX'): ['dev-pd/mexico-statedept-2020.txt'],
    ('Nicaragua', 'NIC'): ['dev-sd/nicaragua-report-2023.txt'],
    ('Nigeria', 'NGA'): ['dev-sd/nigeria-report-2022.txt'],
    ('North Korea', 'PRK'): ['dev-open/globalvoices-north-korea-2009-journalists-hard-labor.txt'],
    ('Oman', 'OMN'): ['dev-pd/oman-statedept-2021.txt'],
    ('Pakistan', 'PAK'): ['dev-pd/pakistan-statedept-2019.txt'],
    ('Russia', 'RUS'): [
        'dev-b/russia-2024.md', 'dev-c/russia-2024.md',
        'dev-fed/statedept-russia-navalny-2022.txt', 'dev-fed/statedept-sweden-thulin-2022.txt',
        'dev-pd/russia-statedept-2016.txt', 'dev/russia-2024.md',
    ],
    ('Rwanda', 'RWA'): ['dev-sd/rwanda-report-2023.txt'],
    ('Saudi Arabia', 'SAU'): ['dev-sd/saudi-arabia-report-2023.txt'],
    ('Sri Lanka', 'LKA'): ['dev-pd/srilanka-statedept-2021.txt'],
    ('Tajikistan', 'TJK'): ['dev-sd/tajikistan-report-2023.txt'],
    ('Thailand', 'THA'): ['dev-open/globalvoices-thailand-2012-lese-majeste.txt'],
    ('Tunisia', 'TUN'): [
        'dev-open/globalvoices-tunisia-2012-persepolis.txt', 'dev-pd/tunisia-statedept-2023.txt',
    ],
    ('Turkmenistan', 'TKM'): [
        'dev-b/turkmenistan-2024.md', 'dev-c/turkmenistan-2024.md', 'dev/turkmenistan-2024.md',
    ],
    ('Türkiye', 'TUR'): [
        'dev-open/globalvoices-turkey-2012-scarf-case.txt', 'dev-sd/turkey-report-2022.txt',
    ],
    ('Uganda', 'UGA'): ['dev-pd/uganda-statedept-2005.txt'],
    ('United States', 'USA'): [
        'dev-fed/sres-629-russia-gershkovich-2024.txt',
        'dev-fed/statedept-kenya-wildlife-2022.txt', 'dev-fed/statedept-sudan-kushayb-2022.txt',
    ],
    ('Uzbekistan', 'UZB'): [
        'dev-b/uzbekistan-2024.md', 'dev-c/uzbekistan-2024.md',
        'dev-pd/uzbekistan-statedept-2017.txt', 'dev/uzbekistan-2024.md',
    ],
    ('Venezuela', 'VEN'): [
        'dev-pd/venezuela-statedept-2016.txt', 'dev-pd2/russia-statement-2022.txt',
    ],
    ('Vietnam', 'VNM'): ['dev-sd/vietnam-report-2023.txt'],
    ('Zimbabwe', 'ZWE'): ['dev-sd/zimbabwe-report-2023.txt'],
    (None, None): [
        'dev-open/globalvoices-palestine-2012-hunger-strike.txt',
        'dev-open/whitehouse-us-2022-clemency-recipients.txt',
        'dev-pd/ethiopia-statedept-2005.txt',
    ],
}


@pytest.mark.parametrize(("country", "path"),
                         [(c, p) for c, paths in EXPECTED.items() for p in paths])
def test_every_corpus_text_keeps_its_country(country: tuple[str | None, str | None],
                                             path: str) -> None:
    doc = read_document(REPO / "corpora" / path)
    assert (doc.country, doc.country_code) == country


@pytest.mark.parametrize(("form", "name", "code"), [
    ("Burma", "Burma", "MMR"), ("Myanmar", "Burma", "MMR"),
    ("Ivory Coast", "Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "Côte d'Ivoire", "CIV"),
    ("Turkey", "Türkiye", "TUR"), ("TÜRKIYE", "Türkiye", "TUR"), ("Turkiye", "Türkiye", "TUR"),
    ("Kyrgyzstan", "Kyrgyz Republic", "KGZ"), ("Kyrgyz Republic", "Kyrgyz Republic", "KGZ"),
    ("Russian Federation", "Russia", "RUS"), ("Czechia", "Czech Republic", "CZE"),
    ("Swaziland", "Eswatini", "SWZ"), ("Cape Verde", "Cabo Verde", "CPV"),
    ("Democratic Republic of the Congo", "Democratic Republic of the Congo", "COD"),
    ("Kosovo", "Kosovo", "XKX"), ("West Bank and Gaza", "West Bank and Gaza", "PSE"),
    # from pycountry alone: official and common names
    ("Islamic Republic of Iran", "Iran", "IRN"), ("Viet Nam", "Vietnam", "VNM"),
    ("Plurinational State of Bolivia", "Bolivia", "BOL"), ("Greenland", "Greenland", "GRL"),
])
def test_names_aliases_and_codes(form: str, name: str, code: str) -> None:
    title = f"{form} 2022 Human Rights Report"
    assert find_country_code(title, "") == code
    assert find_country(title, "") == name == country_name(code)


def test_new_jersey_is_not_the_country_jersey() -> None:
    text = "WASHINGTON\n\nA court in New Jersey sentenced the man; he lives in Cuba."
    assert find_country_code(None, text) == "CUB"
    assert find_country(None, "Saint Helier, Jersey, was quiet.") is None


def test_the_code_is_an_optional_output_field() -> None:
    schema = output_json_schema()
    assert schema["properties"]["country_code"]["anyOf"][0]["pattern"] == "^[A-Z]{3}$"
    assert "country_code" not in schema["required"]
