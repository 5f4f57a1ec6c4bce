"""The process around a run, before and without Prefect: Prefect's environment defaults (set
before ``prefect`` is imported), its private result storage, the early-started local server,
and a run that SIGTERM / Ctrl-C stop at once without losing finished batches."""

from __future__ import annotations

import atexit
import contextvars
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from extract.errors import ExtractError, display
from extract.nlp.parallel import kill_workers

T = TypeVar("T")

PREFECT_ENV_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Run logs at INFO (batches, documents, errors) go to the Prefect API, where
    # `prefect flow-run logs` and the UI read them; the console handler alone shows only
    # warnings and errors, so the command's own lines stay the whole output.
    "PREFECT_LOGGING_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
    # Run flows against a temporary local server (SQLite in PREFECT_HOME) when no
    # PREFECT_API_URL is configured.
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
}


def set_prefect_env_defaults() -> None:
    """Environment defaults for Prefect; must run before ``prefect`` is imported.

    Values the user has set are kept, except ``DO_NOT_TRACK`` which is always ``1``.
    Prefect's result storage (it pickles the exception of a failed run, with whatever input
    that holds) goes to a private temporary folder removed when this process ends, unless
    the user has chosen one.
    """
    for name, value in PREFECT_ENV_DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ["DO_NOT_TRACK"] = "1"
    if not (os.environ.get("PREFECT_RESULTS_LOCAL_STORAGE_PATH")
            or os.environ.get("PREFECT_LOCAL_STORAGE_PATH")):
        storage = tempfile.mkdtemp(prefix="extract-prefect-results-")  # mode 0700
        atexit.register(remove_result_storage)
        os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = storage
        _result_storage.append(storage)


_result_storage: list[str] = []


def remove_result_storage() -> None:
    """Remove the temporary result storage of :func:`set_prefect_env_defaults`."""
    while _result_storage:
        shutil.rmtree(_result_storage.pop(), ignore_errors=True)


def start_server_early(services: bool = False) -> Any:
    """Start Prefect's temporary server now (see flows/server.py), unless an API URL is set
    (the environment, or a settings context such as a test harness)."""
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        if PREFECT_API_URL.value():
            return None
    from extract_flows.server import start_early

    return start_early(services)


def wait_for(server: Any) -> None:
    if server is not None:
        try:
            server.wait()
        except RuntimeError as exc:
            raise ExtractError(str(exc)) from None


def _stop_now(out: str) -> Callable[[int, FrameType | None], None]:
    """A handler for SIGTERM and SIGINT during a run: one line, then exit at once (143 or
    130). Every record of a finished batch is already on disk (written atomically, as
    ``kill -9`` requires); the batches in flight are dropped, the workers and the local
    Prefect server die with this process and the next run picks up the rest."""

    def handler(signum: int, frame: FrameType | None) -> None:
        what = "terminated" if signum == signal.SIGTERM else "interrupted"
        sys.stdout.flush()
        sys.stderr.write(f"\n{what}: the records of finished batches are kept in "
                         f"{display(out)}; run again to finish\n")
        sys.stderr.flush()
        kill_workers()
        remove_result_storage()
        os._exit(128 + signum)

    return handler


def run_stoppable(fn: Callable[[], T], out: str) -> T:
    """``fn()`` in a thread while the main thread keeps the signals (Prefect's own SIGTERM
    handler, which waits for the batches in flight, is only installed on the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return fn()
    result: list[tuple[bool, Any]] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            result.append((True, context.run(fn)))
        except BaseException as exc:  # handed to the main thread as is
            result.append((False, exc))

    thread = threading.Thread(target=target, name="extract-run", daemon=True)
    handler = _stop_now(out)
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        thread.start()
        thread.join()
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
    ok, value = result[0]
    if not ok:
        raise value
    return value
