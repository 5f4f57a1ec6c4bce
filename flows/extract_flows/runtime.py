"""What the flows share inside a Prefect run: the log filters (one line for expected errors),
the run logger, the per-process model cache and how values are handed to tasks."""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from prefect import get_run_logger, tags
from prefect.exceptions import MissingContextError
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extract.errors import ExtractError, display
from extract.nlp.pipeline import build_nlp, warm_up
from extract.settings import Settings
from extract_flows.progress import report_progress

if TYPE_CHECKING:
    from spacy.language import Language

_fallback_logger = logging.getLogger("extract_flows")
T = TypeVar("T")

class _NoTracebackForExpectedErrors(logging.Filter):
    """Drop the traceback from Prefect's run-failure log records when the exception is an
    :class:`ExtractError` (a user-facing failure with a one-line message). The record
    itself is kept, so nothing is hidden; unexpected exceptions keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ExtractError):
            record.exc_info = None
            record.exc_text = None
            record.expected_error = True
        return True


class _OneLineOnTheConsole(logging.Filter):
    """Keep a run's failure through an :class:`ExtractError` off the console: the CLI prints
    it as its one ``error:`` line (the run log on the server still has it). Control
    characters in a message (a file name with a line break or an escape sequence) are shown
    escaped, so a line cannot fake others or move the cursor."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")) and (
                getattr(record, "expected_error", False)
                or (record.levelno >= logging.ERROR and _ERROR_CODE.search(message))):
            return False
        if not message.isprintable():
            record.msg, record.args = display(message), None
        return True


_ERROR_CODE = re.compile(r"Error: \[E\d{3}\] ")


def _install_log_filter() -> None:
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoTracebackForExpectedErrors) for f in logger.filters):
            logger.addFilter(_NoTracebackForExpectedErrors())
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler" and not any(
                isinstance(f, _OneLineOnTheConsole) for f in handler.filters):
            handler.addFilter(_OneLineOnTheConsole())


_install_log_filter()


def logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The Prefect run logger inside a flow or task run, else a plain module logger."""
    try:
        return get_run_logger()
    except MissingContextError:
        return _fallback_logger


TAG = "hr-extract"


def run_name(command: str, paths: str | list[str] | None, day: date | None = None) -> str:
    """A flow run's name from its inputs: ``extract-<inbox name>-<YYYY-MM-DD>`` (the first
    path's folder or file name, ``+N`` for N more paths)."""
    items = [paths] if isinstance(paths, str) else list(paths or [])
    if items:
        first = Path(items[0])
        name = first.name or first.resolve().name or "root"
        if len(items) > 1:
            name += f"+{len(items) - 1}"
    else:
        name = "none"
    name = _UNSAFE_IN_NAME.sub("_", name).strip("_") or "_"
    return f"{command}-{name}-{(day or date.today()).isoformat()}"


_UNSAFE_IN_NAME = re.compile(r"[^\w.+-]+")


def flow_run_name_from(command: str, parameter: str) -> Callable[[], str]:
    """A ``flow_run_name`` callable: :func:`run_name` of the run's ``parameter``."""

    def name() -> str:
        from prefect.runtime import flow_run

        return run_name(command, flow_run.parameters.get(parameter))

    name.__name__ = f"{command}_run_name"
    return name


def run_tags(command: str, model: str | None = None) -> list[str]:
    """The tags of a run: ``hr-extract``, the command and the model name."""
    return [TAG, command, *([model] if model else [])]


@contextmanager
def tagged(command: str, model: str | None = None) -> Iterator[None]:
    """Flow runs started inside the block carry :func:`run_tags` (their task runs too)."""
    with tags(*run_tags(command, model)):
        yield


_models: dict[str, Language] = {}


_models_lock = threading.Lock()


def get_nlp(settings: Settings) -> Language:
    """The extraction pipeline for ``settings.model``, built once per process."""
    with _models_lock:
        nlp = _models.get(settings.model)
        if nlp is None:
            # warm the lazy parts now, while the Prefect server is still starting
            nlp = warm_up(build_nlp(settings))
            _models[settings.model] = nlp
            meta = nlp.meta
            report_progress(
                "model",
                1,
                1,
                f"model: loaded {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
                f"for {settings.model!r}",
            )
        return nlp


def register_nlp(model: str, nlp: Language) -> None:
    """Put an already built pipeline in the per-process cache under ``model`` (tests use
    this to share one loaded pipeline)."""
    with _models_lock:
        _models.setdefault(model, nlp)


def in_dask_worker() -> bool:
    if "distributed" not in sys.modules:  # a Dask worker has it; importing it costs ~1 s
        return False
    try:
        from distributed import get_worker

        get_worker()
        return True
    except (ImportError, ValueError):
        return False


def as_is(value: T) -> T:
    """``value`` in Prefect's ``quote``: the task receives it unchanged, and Prefect does not
    walk it looking for futures to resolve (on batches of documents that walk cost ~10% of
    the run's CPU)."""
    return cast(T, quote(value))


def same(value: T) -> T:
    return value


def local_runner() -> bool:
    """True when the current flow run submits tasks to threads of this process."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(ctx.task_runner, ThreadPoolTaskRunner)
