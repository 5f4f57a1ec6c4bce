"""Prefect runs as a team reads them on its server: flow runs named from their inputs and
tagged, task runs named by batch, INFO run logs on the API while the console stays quiet."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from extract_flows.run_commands import wall_time_line
from extract_flows.runtime import run_name, run_tags, tagged

from extract.settings import resolve_settings

REPO = Path(__file__).resolve().parents[1]
FED = REPO / "corpora" / "dev-fed"
TWO_TEXTS = ("cecc-china-2014-tohti-statement.txt", "hres-774-cuba-ferrer-2019.txt")
SEED_GOLD = REPO / "gold" / "kazakhstan-2013.jsonl"


def _inbox(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in TWO_TEXTS:
        shutil.copy(FED / name, folder / name)
    return folder


def test_run_names_say_the_command_the_inbox_and_the_day(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    day = date(2024, 5, 3)
    assert run_name("extract", ["corpora/dev/"], day) == "extract-dev-2024-05-03"
    assert run_name("extract", ["inbox", "more/x.txt", "y"], day) == "extract-inbox+2-2024-05-03"
    assert run_name("eval", "gold", day) == "eval-gold-2024-05-03"
    assert run_name("eval", [str(SEED_GOLD)], day) == "eval-kazakhstan-2013.jsonl-2024-05-03"
    assert run_name("extract", ["reports of 2024/ü"], day) == "extract-ü-2024-05-03"
    assert run_name("extract", ["a b;c"], day) == "extract-a_b_c-2024-05-03"
    monkeypatch.chdir(tmp_path)  # "." is named after the folder it stands for
    assert run_name("extract", ["."], day) == f"extract-{tmp_path.name}-2024-05-03"


def test_the_printed_run_time_is_the_commands_wall_time() -> None:
    line = "run 5f0c: 2 seen, 0 processed, 2 skipped (unchanged), 0 failed in 0.1s"
    assert wall_time_line(line, 11.84) == (
        "run 5f0c: 2 seen, 0 processed, 2 skipped (unchanged), 0 failed in 11.8s")


@pytest.mark.usefixtures("prefect_harness")
def test_flow_and_task_runs_are_named_and_tagged(tmp_path: Path) -> None:
    from extract_flows.evaluate import evaluate_flow
    from extract_flows.extract import extract_flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    model = resolve_settings().model
    inbox = _inbox(tmp_path / f"inbox-{uuid.uuid4().hex[:6]}")
    with tagged("run", model):
        summary = extract_flow([str(inbox)], str(tmp_path / "out"), {"batch_size": 1})
    with tagged("eval", model):
        evaluated = evaluate_flow(str(SEED_GOLD), pred=str(SEED_GOLD), return_state=True)
    today = date.today().isoformat()
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(uuid.UUID(summary["summary"]["run_id"]))
        tasks = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
        eval_id = evaluated.state_details.flow_run_id
        assert eval_id is not None
        eval_run = client.read_flow_run(eval_id)
    assert run.name == f"extract-{inbox.name}-{today}"
    assert set(run.tags) == {"hr-extract", "run", model} == set(run_tags("run", model))
    batches = sorted(t.name for t in tasks if t.name.startswith("extract-batch"))
    assert batches == ["extract-batch-1", "extract-batch-2"]
    assert all({"hr-extract", "run", model} <= set(t.tags) for t in tasks)
    assert eval_run.name == f"eval-kazakhstan-2013.jsonl-{today}"
    assert set(eval_run.tags) == {"hr-extract", "eval", model}


@pytest.mark.usefixtures("prefect_harness")
def test_cli_run_logs_reach_the_api_and_the_console_stays_quiet(tmp_path: Path) -> None:
    """``extract run`` in its own process against the harness server: the batch, document
    and output lines are INFO logs of the flow run and its task runs on the server; stdout
    and stderr hold only the command's own lines."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL

    inbox, out = _inbox(tmp_path / "inbox"), tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_HOME=str(tmp_path / "home"))
    proc = subprocess.run([sys.executable, "-m", "extract_flows.cli", "--batch-size", "1", "run",
                           str(inbox), "--out", str(out)], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    console = proc.stdout + proc.stderr
    assert not re.search(r"\bINFO\b|Finished in state|Created task run", console), console
    assert proc.stderr == ""
    run_id = re.search(r"^run ([0-9a-f-]{36}): 2 seen, 2 processed", proc.stdout, re.M)
    assert run_id, proc.stdout
    with get_client(sync_client=True) as client:
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[uuid.UUID(run_id[1])])))
    info = [log.message for log in logs if log.level == 20]
    assert any(m.startswith("discover: 2 files under") for m in info), info
    assert any(m.startswith("read: 1/2 documents") for m in info), info
    assert any(m.startswith("wrote 2 records to") for m in info), info
    assert sum("Finished in state Completed()" in m for m in info) >= 3  # the flow and its tasks
    assert any(log.task_run_id is not None for log in logs if log.level == 20)
