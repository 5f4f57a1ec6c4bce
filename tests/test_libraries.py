"""The pieces swapped for libraries (issue 16, part 4): the output folder's lock (filelock),
worker processes that die with their parent (multiprocessing's parent sentinel), settings
(pydantic-settings), the progress printer (rich), the HTML pages (Jinja2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.storage.store import LockedError, OutputStore

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"


# --------------------------------------------------------------------------- filelock


def test_a_second_store_on_a_held_folder_is_refused_with_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, second = OutputStore(out), OutputStore(out)
    with first:
        assert (out / ".lock.pid").read_text(encoding="utf-8") == f"pid {os.getpid()}"
        with pytest.raises(LockedError) as refused:
            second.lock()
        assert refused.value.message == (
            f"{out}: another run is writing here (pid {os.getpid()}); wait for it to finish")
    assert not (out / ".lock.pid").exists()
    with second:  # released: the folder can be taken again, and the stale temp files go
        pass
    (out / ".documents.jsonl.x.tmp").write_text("torn", encoding="utf-8")
    with first:
        assert not (out / ".documents.jsonl.x.tmp").exists()
