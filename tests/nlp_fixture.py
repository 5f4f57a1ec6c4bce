"""The full pipeline, loaded once per test session (imported by conftest.py)."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from extract.nlp.pipeline import build_nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    return build_nlp()
