"""Deployments: ``prefect deploy`` with the shipped ``prefect.yaml`` on a process work pool,
``extract serve``'s deployment with absolute paths; a worker runs the deployment, and refuses
a run whose paths are relative."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from extract.settings import resolve_settings

REPO = Path(__file__).resolve().parents[1]
PREFECT = Path(sys.executable).parent / "prefect"
TWO_TEXTS = ("cecc-china-2014-tohti-statement.txt", "hres-774-cuba-ferrer-2019.txt")


def _prefect(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(PREFECT), *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.mark.usefixtures("prefect_harness")
def test_prefect_deploy_registers_the_shipped_deployment(tmp_path: Path) -> None:
    """The docs/prefect.md story as subprocesses against the harness server:
    ``prefect work-pool create --type process``, ``prefect --no-prompt deploy --all``, then
    a worker that runs the deployment."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_HOME=str(tmp_path / "home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               HR_EXTRACT_HOME=str(REPO), HR_EXTRACT_INBOX=str(inbox), HR_EXTRACT_OUT=str(out))
    _prefect(["--no-prompt", "work-pool", "create", "hr-extract", "--type", "process",
              "--overwrite"], env)
    deployed = _prefect(["--no-prompt", "deploy", "--all"], env)
    assert "extract/nightly" in deployed.stdout
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name("extract/nightly")
        pool = client.read_work_pool("hr-extract")
    assert deployment.parameters == {"paths": [str(inbox)], "out": str(out), "settings": {}}
    assert deployment.entrypoint == "flows/extract_flows/extract.py:extract_flow"
    assert deployment.work_pool_name == "hr-extract" and pool.type == "process"
    assert set(deployment.tags) == {"hr-extract", "run"}
    assert deployment.pull_steps == [{"prefect.deployments.steps.set_working_directory": {
        "directory": str(REPO)}}]
    assert [getattr(s.schedule, "cron", None) for s in deployment.schedules] == ["0 2 * * *"]
    assert set((deployment.parameter_openapi_schema or {})["properties"]) >= {"paths", "out", "settings"}
    _a_worker_runs_it(deployment.id, inbox, out, env)


def _a_worker_runs_it(deployment_id: UUID, inbox: Path, out: Path, env: dict[str, str]) -> None:
    """A run of the deployment, picked up by ``prefect worker start --run-once`` started in
    another folder: the pull step moves it to the checkout, the entrypoint loads by path and
    the two texts are extracted into the absolute output folder."""
    from prefect.client.orchestration import get_client

    inbox.mkdir()
    for name in TWO_TEXTS:
        shutil.copy(REPO / "corpora" / "dev-fed" / name, inbox / name)
    with get_client(sync_client=True) as client:
        run = client.create_flow_run_from_deployment(deployment_id)
        relative = client.create_flow_run_from_deployment(
            deployment_id, parameters={"paths": ["corpora/dev-fed"]})
    subprocess.run([str(PREFECT), "worker", "start", "--pool", "hr-extract", "--run-once"], env=env,
                   cwd=inbox.parent, capture_output=True, text=True, timeout=600, check=True)
    with get_client(sync_client=True) as client:
        finished = client.read_flow_run(run.id)
        refused = client.read_flow_run(relative.id)
    assert finished.state is not None and finished.state.is_completed(), finished.state
    assert refused.state is not None and refused.state.is_failed(), refused.state
    assert "must be absolute paths: corpora/dev-fed" in str(refused.state.message)
    assert finished.name == f"extract-inbox-{date.today().isoformat()}"
    records = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(r)["doc_id"] for r in records) == sorted(Path(n).stem for n in TWO_TEXTS)


def test_serve_deployment_has_absolute_paths_and_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    from extract_flows.extract import build_deployment

    monkeypatch.chdir(REPO)
    deployment = build_deployment("corpora/dev-fed", "out", name="nightly")
    assert deployment.parameters["paths"] == [str(REPO / "corpora" / "dev-fed")]
    assert deployment.parameters["out"] == str(REPO / "out")
    assert set(deployment.tags) == {"hr-extract", "run", resolve_settings().model}
    assert deployment.entrypoint.endswith("extract.py:extract_flow")
