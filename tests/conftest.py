"""Shared fixtures: a Prefect test harness (one temporary server and SQLite database for
the whole session) and a small corpus folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from extract_flows.environment import set_prefect_env_defaults

# Quiet, telemetry-free Prefect; must happen before anything imports prefect.
set_prefect_env_defaults()

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"


@pytest.fixture(scope="session")
def prefect_harness(shared_pipeline: None) -> Iterator[None]:
    """Run flows against a temporary local Prefect server and database (started once),
    with the shared pipeline."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield


@pytest.fixture(scope="session")
def shared_pipeline() -> None:
    """Load the spaCy pipeline once per session and share it with the flows' model cache."""
    from extract_flows import register_nlp

    from extract.settings import resolve_settings
    from tests.nlp_fixture import shared_nlp

    register_nlp(resolve_settings().model, shared_nlp())


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the seed report and one empty ``.txt`` file."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder
