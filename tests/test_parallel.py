"""The library's worker pool: same records as one process, and no Prefect in the workers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from extract.ingest import read_document
from extract.nlp.parallel import WorkerPool
from extract.nlp.pipeline import process
from extract.settings import Settings
from tests.nlp_fixture import shared_nlp

REPO = Path(__file__).resolve().parents[1]


def _heavy_modules_loaded() -> list[str]:
    """Runs in a worker: which of the orchestration packages it has imported."""
    return sorted(m for m in ("prefect", "extract_flows.extract", "distributed") if m in sys.modules)


def _niceness() -> int:
    return os.nice(0)


def test_pool_records_match_one_process_and_workers_stay_light() -> None:
    paths = [*sorted((REPO / "corpora" / "dev").glob("*.md"))[:3], REPO / "corpora" / "kazakhstan-2013.txt"]
    documents = [read_document(p, p.stem) for p in paths]
    here = list(process(shared_nlp(), documents, include_text=True))
    pool = WorkerPool(Settings(n_process=2))
    try:
        pool.start()
        first = pool.submit(documents[:2])
        second = pool.submit(documents[2:])
        there = first.result(timeout=300) + second.result(timeout=300)
        # a spawned worker imports the parent's main module and this library, never Prefect
        assert pool._executor.submit(_heavy_modules_loaded).result(timeout=60) == []
        # workers yield to the orchestrating process (Settings.worker_nice, default 10)
        assert pool._executor.submit(_niceness).result(timeout=60) == min(19, os.nice(0) + 10)
    finally:
        pool.shutdown()
    assert [r.model_dump() for r in there] == [r.model_dump() for r in here]
    assert sum(len(r.mentions) for r in there) > 50  # type: ignore[union-attr]
