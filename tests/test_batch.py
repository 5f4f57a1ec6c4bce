"""Scheduled batch runs: incremental, idempotent, crash-safe, locked, served, on Dask."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from extract_flows import build_deployment, extract_flow

from extract.storage.store import LockedError

pytestmark = pytest.mark.usefixtures("prefect_harness")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "kazakhstan-2013.txt"
DEV = sorted((REPO / "corpora" / "dev").glob("*.md"))


def _inbox(tmp_path: Path, n_dev: int = 3) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SEED, inbox / SEED.name)
    for p in DEV[:n_dev]:
        shutil.copy(p, inbox / p.name)
    return inbox


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _counts(summary: dict[str, Any]) -> dict[str, int]:
    return {k: summary["summary"][k] for k in ("seen", "processed", "skipped", "failed")}


def test_rerun_over_unchanged_inbox_parses_nothing(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    first = extract_flow([str(inbox)], str(out))
    assert _counts(first) == {"seen": 4, "processed": 4, "skipped": 0, "failed": 0}
    before = (out / "documents.jsonl").read_text(encoding="utf-8")
    second = extract_flow([str(inbox)], str(out))
    assert _counts(second) == {"seen": 4, "processed": 0, "skipped": 4, "failed": 0}
    assert (out / "documents.jsonl").read_text(encoding="utf-8") == before
    run_files = sorted((out / "runs").glob("*.json"))
    assert len(run_files) == 2
    saved = json.loads((out / "runs" / f"{second['summary']['run_id']}.json").read_text())
    assert saved["processed"] == 0 and saved["skipped"] == 4


def test_modified_and_added_files_only_are_processed(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, n_dev=2), tmp_path / "out"
    extract_flow([str(inbox)], str(out))
    seed = inbox / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOn March 3, police arrested "
                    "journalist Ivan Petrov.\n", encoding="utf-8")
    shutil.copy(DEV[2], inbox / DEV[2].name)
    summary = extract_flow([str(inbox)], str(out))
    assert _counts(summary) == {"seen": 4, "processed": 2, "skipped": 2, "failed": 0}
    rows = {r["doc_id"]: r for r in _lines(out / "documents.jsonl")}
    assert len(rows) == 4
    assert rows["kazakhstan-2013"]["version"] == 2
    assert any(m["text"] == "Ivan Petrov" for m in rows["kazakhstan-2013"]["mentions"])
    assert rows[DEV[2].stem]["version"] == 1
    manifest = _lines(out / "manifest.jsonl")
    assert [e["doc_id"] for e in manifest].count("kazakhstan-2013") == 2


def test_second_run_on_a_locked_folder_is_refused_and_output_kept(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path, n_dev=1), tmp_path / "out"
    extract_flow([str(inbox)], str(out))
    before = (out / "documents.jsonl").read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from extract.storage.store import OutputStore;"
         "s = OutputStore(Path(sys.argv[1])); s.lock(); print('locked', flush=True); time.sleep(60)",
         str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError, match="another run is writing here"):
            extract_flow([str(inbox)], str(out))
        from extract_flows.cli import main

        assert main(["run", str(inbox), "--out", str(out)]) == 2
    finally:
        holder.kill()
        holder.wait()
    assert (out / "documents.jsonl").read_bytes() == before


def test_kill_9_mid_run_then_rerun_gives_every_document_once(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(24):
        (inbox / f"report-{i:02d}.txt").write_text(text + f"\nCopy {i}.\n", encoding="utf-8")
    env = dict(os.environ, PREFECT_API_URL=str(PREFECT_API_URL.value()))
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract_flows.cli", "--batch-size", "1", "run", str(inbox), "--out",
         str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "records").glob("*.json"))) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "records").glob("*.json")))
    assert 3 <= done_before < 24, "the run was not killed in the middle"
    summary = extract_flow([str(inbox)], str(out))
    assert summary["summary"]["processed"] + summary["summary"]["skipped"] == 24
    assert summary["summary"]["skipped"] >= done_before - 1
    for name in ("documents.jsonl", "manifest.jsonl", "errors.jsonl"):
        for line in (out / name).read_text(encoding="utf-8").splitlines():
            json.loads(line)  # every line complete and valid
    ids = [r["doc_id"] for r in _lines(out / "documents.jsonl")]
    assert sorted(ids) == sorted(f"report-{i:02d}" for i in range(24))
    assert list(out.glob("**/*.tmp")) == []  # the killed run's temp files were cleared


def test_served_deployment_carries_the_cron_schedule(tmp_path: Path) -> None:
    deployment = build_deployment(str(tmp_path / "inbox"), str(tmp_path / "out"), "15 3 * * *")
    assert deployment.name == "nightly"
    assert [s.schedule.cron for s in deployment.schedules] == ["15 3 * * *"]
    assert deployment.parameters["paths"] == [str(tmp_path / "inbox")]
    default = build_deployment("in", "out")
    assert default.schedules[0].schedule.cron == "0 2 * * *"


def _comparable(out: Path) -> dict[str, Any]:
    keep = ("doc_id", "source", "mentions", "cases", "sha256")
    return {r["doc_id"]: {k: r[k] for k in keep} for r in _lines(out / "documents.jsonl")}


def test_dask_local_cluster_gives_the_same_records(tmp_path: Path) -> None:
    from dask.distributed import LocalCluster
    from extract_flows import with_dask

    inbox = _inbox(tmp_path, n_dev=3)
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    extract_flow([str(inbox)], str(local_out), {"batch_size": 2})
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        summary = with_dask(cluster.scheduler_address)([str(inbox)], str(dask_out),
                                                       {"batch_size": 2})
    assert summary["summary"]["processed"] == 4
    assert _comparable(dask_out) == _comparable(local_out)


def test_worker_pool_gives_the_same_records(tmp_path: Path) -> None:
    """--n-process 2: batches run on a pool of worker processes (model loaded once each)."""
    from extract_flows import local_flow

    from extract.settings import resolve_settings

    inbox = _inbox(tmp_path, n_dev=3)
    one, two = tmp_path / "one", tmp_path / "two"
    extract_flow([str(inbox)], str(one), {"batch_size": 2})
    settings = resolve_settings({"batch_size": 2, "n_process": 2})
    summary = local_flow(settings)([str(inbox)], str(two), settings.as_dict())
    assert summary["summary"]["processed"] == 4
    assert _comparable(two) == _comparable(one)


def test_reading_is_streamed_into_extraction(tmp_path: Path) -> None:
    """Files are read batch by batch while earlier batches are extracted and saved, so a
    large corpus is never all in memory: with one document per batch, read progress goes
    on after the first batch has been saved."""
    from extract_flows import progress_listener

    inbox = _inbox(tmp_path, n_dev=len(DEV))
    events: list[tuple[str, int]] = []
    with progress_listener(lambda e: events.append((e.phase, e.done))):
        summary = extract_flow([str(inbox)], str(tmp_path / "out"), {"batch_size": 1})
    assert summary["summary"]["processed"] == len(DEV) + 1
    phases = [phase for phase, _ in events]
    first_saved = phases.index("extract")
    assert "read" in phases[first_saved:], phases
    assert events[-1] == ("extract", len(DEV) + 1)


def test_dask_local_cluster_is_on_loopback_without_dashboard() -> None:
    """--runner dask without --address: the cluster and its (unauthenticated) dashboard
    listen on 127.0.0.1 only."""
    from dask.distributed import LocalCluster
    from extract_flows import with_dask

    kwargs = {**with_dask().task_runner.cluster_kwargs, "n_workers": 1}
    with LocalCluster(**kwargs) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        dashboard = cluster.scheduler.http_server
        hosts = {s.getsockname()[0] for s in dashboard._sockets.values()} if dashboard else set()
        assert hosts <= {"127.0.0.1"}, hosts
