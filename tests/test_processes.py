"""The ``extract run`` process: SIGTERM, ``kill -9`` with worker processes, the output
folder's lock, and the files Prefect keeps under ``PREFECT_HOME``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"


def _copies(folder: Path, n: int) -> Path:
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"report-{i:02d}.txt").write_text(text + f"\nCopy {i}.\n", encoding="utf-8")
    return folder


def _extract(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    """``extract ARGS`` in a subprocess with its own temporary Prefect server and home."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_records(out: Path, proc: subprocess.Popen[str], n: int = 1) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / "records").glob("*.json"))) < n:
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)


def test_sigterm_stops_the_run_at_once_and_keeps_finished_records(tmp_path: Path) -> None:
    inbox, out = _copies(tmp_path / "inbox", 30), tmp_path / "out"
    proc = _extract(tmp_path, "--batch-size", "1", "run", str(inbox), "--out", str(out))
    _wait_for_records(out, proc)
    proc.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 10
    assert proc.returncode == 143
    assert stderr.strip().splitlines() == [
        f"terminated: the records of finished batches are kept in {out}; run again to finish"]
    kept = {json.loads(p.read_text(encoding="utf-8"))["doc_id"]
            for p in (out / "records").glob("*.json")}
    manifest = [json.loads(x)["doc_id"] for x in (out / "manifest.jsonl").read_text().splitlines()
                if x.endswith("}")]
    assert kept and kept <= set(manifest) and len(kept) < 30


def test_kill_9_leaves_no_worker_processes(tmp_path: Path) -> None:
    inbox, out = _copies(tmp_path / "inbox", 30), tmp_path / "out"
    proc = _extract(tmp_path, "--batch-size", "2", "--n-process", "2", "run", str(inbox),
                    "--out", str(out))
    _wait_for_records(out, proc)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 3  # two workers, the resource tracker, the Prefect server
    proc.kill()
    proc.wait()  # not communicate(): orphans would hold its pipes open
    _, alive = psutil.wait_procs(children, timeout=10)
    for p in alive:
        p.kill()
    proc.communicate(timeout=10)
    assert alive == []
