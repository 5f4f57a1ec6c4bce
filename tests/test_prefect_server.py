"""``extract_flows.server`` starts Prefect's server by hand (through Prefect internals: the
``create_app`` factory and the ``PREFECT__SERVER_*`` variables) because it was measured
faster than Prefect's own temporary server (docs/prefect.md). It is pinned to the Prefect
range it was checked with: moving the range means measuring again and updating both."""

from __future__ import annotations

import importlib.metadata
import json
import tomllib
import urllib.request
from pathlib import Path

import pytest
from extract_flows.server import EmbeddedServer
from packaging.requirements import Requirement
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
CHECKED_WITH = ">=3.9,<3.10"  # the Prefect versions server.py was measured and tested with


def _prefect_requirement() -> Requirement:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = [Requirement(d) for d in project["dependencies"] if Requirement(d).name == "prefect"]
    assert len(found) == 1
    return found[0]


def test_prefect_is_pinned_to_the_range_server_py_was_checked_with() -> None:
    requirement = _prefect_requirement()
    assert str(requirement.specifier) == str(Requirement(f"prefect{CHECKED_WITH}").specifier)
    assert Version(importlib.metadata.version("prefect")) in requirement.specifier


@pytest.mark.parametrize("services", [False, True])
def test_the_hand_started_server_answers_with_this_prefect(services: bool, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    server = EmbeddedServer(services=services)
    try:
        server.wait(timeout=120)
        with urllib.request.urlopen(f"{server.api_url}/admin/version", timeout=10) as resp:
            api_version = json.loads(resp.read())
        assert api_version == importlib.metadata.version("prefect")
        assert server.api_url.startswith("http://127.0.0.1:")
    finally:
        server.stop()
    assert server.process.poll() is not None
