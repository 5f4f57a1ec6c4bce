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


# --------------------------------------------------------------------------- worker processes


def sleep_watching_parent() -> None:
    """A worker's start (runs in a spawned process): watch the parent, then idle."""
    import time

    from extract.nlp.parallel import watch_parent

    watch_parent()
    time.sleep(120)


_ORPHAN_MAKER = """
import multiprocessing as mp, sys, threading, time
from tests.test_libraries import sleep_watching_parent
def start():  # from a thread that then ends: prctl's parent-death signal would fire here
    child = mp.get_context("spawn").Process(target=sleep_watching_parent)
    child.start()
    print(child.pid, flush=True)
if __name__ == "__main__":
    t = threading.Thread(target=start); t.start(); t.join()
    time.sleep(120)
"""


def test_a_worker_dies_with_its_parent_killed_9_whatever_thread_started_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    import psutil

    script = tmp_path / "orphan_maker.py"
    script.write_text(_ORPHAN_MAKER, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], cwd=REPO, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert parent.stdout is not None
        child = psutil.Process(int(parent.stdout.readline()))
        assert child.is_running() and child.ppid() == parent.pid
        parent.kill()
        parent.wait()
        _, alive = psutil.wait_procs([child], timeout=10)
    finally:
        parent.kill()
    for p in alive:
        p.kill()
    assert alive == []
