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
import pytest

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
    env = {k: v for k, v in os.environ.items()
           if k not in ("PREFECT_API_URL", "PREFECT_RESULTS_LOCAL_STORAGE_PATH")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env["TMPDIR"] = str(tmp_path / "tmp")  # where the run's result storage goes
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "extract_flows.cli", *args], env=env, cwd=REPO,
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


EVIL = "in\n\x1b[31mfake"  # a line break and a colour escape in a file name


@pytest.mark.usefixtures("prefect_harness")
def test_file_names_are_escaped_in_every_message(tmp_path: Path,
                                                 capfd: pytest.CaptureFixture[str]) -> None:
    from extract_flows.cli import main
    from prefect.settings import PREFECT_API_URL

    inbox, out = tmp_path / EVIL, tmp_path / f"out-{EVIL}"
    inbox.mkdir()
    (inbox / f"{EVIL}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inbox / f"empty-{EVIL}.txt").write_text("", encoding="utf-8")
    # the run as on a terminal: progress, the warning of the skipped file, the summary
    env = dict(os.environ, PREFECT_API_URL=str(PREFECT_API_URL.value()))
    run = subprocess.run([sys.executable, "-m", "extract_flows.cli", "run", str(inbox), "--out", str(out)],
                         env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "skipped" in run.stderr and "discover:" in run.stdout and "wrote" in run.stdout
    assert main(["diff", str(out / "errors.jsonl"), str(out)]) == 1
    assert main(["cases", str(out), "--csv", str(tmp_path / "cases.csv")]) == 0
    gold = str(tmp_path / f"gold-{EVIL}.jsonl")
    assert main(["gold", "export", str(out / "documents.jsonl"), "--format", "doccano", "--out", gold]) == 0
    assert main(["gold", "import", gold, "--format", "doccano", "--out", str(tmp_path / "g")]) == 0
    shown = capfd.readouterr()
    text = run.stdout + run.stderr + shown.out + shown.err
    assert "\x1b" not in text and text.count("\\x1b[31m") >= 10
    assert [line for line in text.splitlines() if line.startswith("[31m")] == []


def test_a_busy_output_folder_is_refused_at_once(tmp_path: Path) -> None:
    inbox, out = _copies(tmp_path / "inbox", 1), tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from extract.storage.store "
         "import OutputStore; s = OutputStore(Path(sys.argv[1])); s.lock(); print('locked', flush=True); "
         "time.sleep(60)", str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        proc = _extract(tmp_path, "run", str(inbox), "--out", str(out))
        _, stderr = proc.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 2
    assert stderr.splitlines() == [
        f"error: [E004] {out}: another run is writing here (pid {holder.pid}); wait for it to finish"]
    assert took < 2, f"refused after {took:.1f}s"
    assert not (tmp_path / "prefect-home").exists()  # nothing of Prefect started


def test_prefect_home_is_private_and_keeps_no_pickled_exceptions(tmp_path: Path) -> None:
    inbox, out = _copies(tmp_path / "inbox", 1), tmp_path / "out"
    (out / "records").parent.mkdir()
    (out / "records").write_text("not a folder")  # the flow fails while it writes
    proc = _extract(tmp_path, "run", str(inbox), "--out", str(out))
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "cannot write" in stderr
    home = tmp_path / "prefect-home"
    modes = {p.relative_to(home).as_posix(): p.stat().st_mode & 0o777 for p in home.rglob("*")}
    assert "prefect.db" in modes
    assert {name: mode for name, mode in modes.items()
            if mode != (0o700 if (home / name).is_dir() else 0o600)} == {}
    assert home.stat().st_mode & 0o777 == 0o700
    assert [p for p in home.rglob("*") if "storage" in p.parts] == []
    assert list((tmp_path / "tmp").iterdir()) == []  # the run's result storage is gone
