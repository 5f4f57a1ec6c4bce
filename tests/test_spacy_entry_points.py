"""The components are registered through spaCy's ``spacy_factories`` entry points: a user's
pipeline adds them by name without importing this package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from extract.nlp.pipeline import COMPONENTS

CODE = """
import sys, spacy
nlp = spacy.blank("en")
nlp.add_pipe("hr_date")
doc = nlp("JANUARY 2013\\n\\nOn October 8, a court ruled.")
print([(s.text, s._.hr["value"]) for s in doc.spans["hr_date"]])
"""


def test_add_pipe_by_name_in_a_fresh_interpreter() -> None:
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('JANUARY 2013', '2013-01'), ('October 8', '2012-10-08')]"


@pytest.mark.parametrize("name", COMPONENTS)
def test_every_component_has_an_entry_point(name: str) -> None:
    from importlib.metadata import entry_points

    assert name in {ep.name for ep in entry_points(group="spacy_factories")}
