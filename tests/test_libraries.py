"""The pieces swapped for libraries (issue 16, part 4): the output folder's lock (filelock),
worker processes that die with their parent (multiprocessing's parent sentinel), settings
(pydantic-settings), the progress printer (rich), the HTML pages (Jinja2)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


# --------------------------------------------------------------------------- settings


def test_settings_come_from_the_environment_typed_with_the_same_defaults(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.settings import Settings, resolve_settings

    for name in Settings.model_fields:
        monkeypatch.delenv(f"EXTRACT_{name.upper()}", raising=False)
    assert resolve_settings().as_dict() == {
        "model": "en_core_web_sm", "batch_size": 64, "n_process": 1, "max_doc_chars": 1_000_000,
        "worker_nice": 10, "doc_timeout": 120.0}
    monkeypatch.setenv("EXTRACT_BATCH_SIZE", "8")
    monkeypatch.setenv("EXTRACT_DOC_TIMEOUT", "0.5")
    monkeypatch.setenv("EXTRACT_N_PROCESS", "-1")
    settings = resolve_settings({"model": "other_model", "n_process": None})
    assert (settings.batch_size, settings.doc_timeout, settings.n_process, settings.model) == (
        8, 0.5, -1, "other_model")
    assert resolve_settings({"batch_size": 2}).batch_size == 2  # given beats the environment
    with pytest.raises(ValueError):  # frozen: a run's settings do not change under it
        settings.batch_size = 3


@pytest.mark.parametrize(("env", "given", "line"), [
    ({"EXTRACT_BATCH_SIZE": "abc"}, {},
     "invalid setting EXTRACT_BATCH_SIZE='abc': Input should be a valid integer, unable to parse "
     "string as an integer"),
    ({"EXTRACT_N_PROCESS": "0"}, {}, "invalid setting EXTRACT_N_PROCESS='0': must be at least 1, or -1 "
     "(one per CPU)"),
    ({"EXTRACT_WORKER_NICE": "30"}, {},
     "invalid setting EXTRACT_WORKER_NICE='30': Input should be less than or equal to 19"),
    ({"EXTRACT_DOC_TIMEOUT": "nan"}, {}, "invalid setting EXTRACT_DOC_TIMEOUT='nan': Input should be a "
     "finite number"),
    ({"EXTRACT_BATCH_SIZE": "abc"}, {"batch_size": 0},
     "invalid setting batch_size=0: Input should be greater than or equal to 1"),
    ({}, {"batchsize": 3}, "unknown setting(s): batchsize"),
])
def test_a_bad_setting_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, env: dict[str, str],
                                            given: dict[str, object], line: str) -> None:
    from extract.errors import ExtractError
    from extract.settings import resolve_settings

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ExtractError) as bad:
        resolve_settings(given)
    assert bad.value.message == line


# --------------------------------------------------------------------------- progress


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _batches(printer: Any, clock: _Clock) -> None:
    """A run's events as the flow sends them: discover, then ten batches of 64, 2 s apart
    (32 documents a second), one with a colour escape in its message."""
    from extract_flows.progress import Progress

    printer(Progress("discover", 640, 640, "discover: 640 files under inbox"))
    for i in range(1, 11):
        clock.now += 2
        name = " \x1b[31mred" if i == 3 else ""
        message = f"extract: {64 * i}/640 documents (batch {i}/10, 0 failed){name}"
        printer(Progress("extract", 64 * i, 640, message))
        if i == 3:
            printer._progress.refresh()  # what the terminal shows mid-run


def test_progress_off_a_terminal_is_one_plain_line_per_batch_with_rate_and_time_left() -> None:
    import io

    from extract_flows.progress import ProgressPrinter

    stream, clock = io.StringIO(), _Clock()
    printer = ProgressPrinter(stream)
    printer._progress.get_time = clock
    assert not printer.tty
    _batches(printer, clock)
    printer.close()
    lines = stream.getvalue().splitlines()
    assert lines[:4] == [
        "discover: 640 files under inbox",
        "extract: 64/640 documents (batch 1/10, 0 failed)",
        "extract: 128/640 documents (batch 2/10, 0 failed); 32.0/s, 0:00:16 left",
        "extract: 192/640 documents (batch 3/10, 0 failed) \\x1b[31mred; 32.0/s, 0:00:14 left",
    ]
    assert len(lines) == 11 and lines[-1] == "extract: 640/640 documents (batch 10/10, 0 failed)"
    assert "\x1b" not in stream.getvalue()


def test_progress_on_a_terminal_shows_bar_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setenv("COLUMNS", "150")
    from extract_flows.progress import ProgressPrinter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream, clock = Terminal(), _Clock()
    printer = ProgressPrinter(stream)
    printer._progress.get_time = clock
    _batches(printer, clock)
    printer.close()
    shown = stream.getvalue()
    assert "32.0/s, 0:00:14 left" in shown and "━" in shown  # rate, time left and a bar
    assert "\x1b[31mred" not in shown and "\\x1b[31mred" in shown  # a file name's escape stays text
    assert "extract: 640/640 documents (batch 10/10, 0 failed)" in shown  # the final state stays


# --------------------------------------------------------------------------- Jinja2 pages


def test_both_pages_are_autoescaped_package_templates() -> None:
    import fnmatch
    import tomllib
    from importlib import resources

    from extract.evaluation.html import environment, render_html
    from extract.evaluation.review import render_review
    from extract.evaluation.scoring import evaluate
    from extract.models import DocumentRecord

    evil = "<script>alert(1)</script>"
    record = DocumentRecord.model_validate({
        "doc_id": evil, "source": f"{evil}.txt", "text": f"{evil} Ivan Petrov was fined.", "mentions": [
            {"label": "PERSON", "start": 26, "end": 37, "text": "Ivan Petrov", "canonical": "Ivan Petrov"}]})
    for page in (render_html(evaluate([record], [record]), [record], [record], title=evil),
                 render_review([record], title=evil, source=evil)):
        assert page.count("<script>") == 1  # the page's own filter script only
        assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # title, doc id, source, text
    assert environment().autoescape is True
    templates = resources.files("extract.evaluation") / "templates"
    names = sorted(p.name for p in templates.iterdir() if p.name.endswith(".j2"))
    assert names == ["chart.svg.j2", "marks.html.j2", "page.html.j2", "report.html.j2", "review.html.j2"]
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["package-data"]["extract.evaluation"]
    assert all(any(fnmatch.fnmatch(f"templates/{n}", g) for g in shipped) for n in names)
