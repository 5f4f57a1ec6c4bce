"""A pool of worker processes that each build the extraction pipeline once (no Prefect).

``nlp.pipe(n_process=N)`` starts a new pool, and ships the pipeline to it, on every call;
a batch flow calls it once per batch. :class:`WorkerPool` keeps ``N`` spawned processes for
as long as it lives, each with its own pipeline built at start-up, and runs
:func:`extract.nlp.pipeline.process` on whole batches of documents there. Only documents go in
and records come out, so the parent does no parsing work at all.

This module imports nothing heavy: a spawned worker imports it (and the parent's main
module) before it builds the pipeline, so keeping Prefect out of here keeps it out of the
workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from typing import TYPE_CHECKING

from extract.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.ingest import Document
    from extract.models import DocumentRecord, ErrorRecord

# Documents per nlp.pipe minibatch: the parser's memory grows with the words of a
# minibatch, so it stays small whatever the batch handed to a worker is.
PIPE_BATCH_DOCS = 8

_nlp: Language | None = None
_timeout = 0.0


def n_workers(settings: Settings) -> int:
    """Worker processes for ``settings.n_process`` (-1: one per CPU)."""
    return (os.cpu_count() or 1) if settings.n_process == -1 else settings.n_process


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """For a child that will ``exec`` another program (the Prefect server), which cannot run
    :func:`watch_parent`'s thread: on Linux the child gets ``sig`` when the thread that
    started it ends (prctl ``PR_SET_PDEATHSIG``, through the C library the interpreter is
    linked with); elsewhere nothing. Worker processes use :func:`watch_parent`."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, sig)  # PR_SET_PDEATHSIG


def watch_parent() -> None:
    """In a process started by :mod:`multiprocessing`: exit at once when the parent process
    is gone (also after ``kill -9``). A daemon thread waits on the parent's sentinel
    (a pipe that reads end-of-file when the parent dies; the parent's handle on Windows),
    so it works on every OS and whichever thread started the process."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _init_worker(settings: Settings) -> None:
    global _nlp, _timeout
    watch_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _timeout = settings.doc_timeout
    if settings.worker_nice:
        os.nice(settings.worker_nice)
    from extract.nlp.pipeline import build_nlp, warm_up

    _nlp = warm_up(build_nlp(settings))


def _ready() -> bool:
    return _nlp is not None


def _process(documents: list[Document], include_text: bool) -> list[DocumentRecord | ErrorRecord]:
    from extract.nlp.pipeline import process

    assert _nlp is not None, "worker not initialized"
    return list(process(_nlp, documents, batch_size=PIPE_BATCH_DOCS, include_text=include_text,
                        timeout=_timeout))


class WorkerPool:
    """``n_workers(settings)`` spawned processes (spawned, so no lock is inherited from a
    multi-threaded parent), each building ``settings.model``'s pipeline once. All are started
    at once; they die with the process that created the pool (:func:`watch_parent`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = n_workers(settings)
        self._executor = ProcessPoolExecutor(max_workers=self.size,
                                             mp_context=mp.get_context("spawn"),
                                             initializer=_init_worker, initargs=(settings,))
        self.start()

    def start(self) -> None:
        """Start every worker now; each builds its pipeline in the background."""
        for _ in range(self.size):
            self._executor.submit(_ready)

    def submit(self, documents: list[Document], include_text: bool = True
               ) -> Future[list[DocumentRecord | ErrorRecord]]:
        """Process one batch on a worker; the future's result has one record (or error
        record) per document."""
        return self._executor.submit(_process, documents, include_text)

    def run(self, documents: list[Document], include_text: bool = True, chunk: int = PIPE_BATCH_DOCS
            ) -> list[DocumentRecord | ErrorRecord]:
        """Process a batch spread over the workers ``chunk`` documents at a time (so no
        worker idles while another finishes a long tail) and return its records in the
        order of ``documents``' chunks."""
        futures = [self.submit(documents[i : i + chunk], include_text)
                   for i in range(0, len(documents), chunk)]
        return [r for f in futures for r in f.result()]

    def shutdown(self) -> None:
        self._executor.shutdown(cancel_futures=True)


def kill_workers() -> None:
    """Kill this process's worker processes at once (their batches are dropped) and release
    the pools' semaphores, so that nothing is left running or reported as leaked when the
    process then ends with ``os._exit``."""
    from multiprocessing import util

    for process in mp.active_children():
        process.kill()
    util._run_finalizers(0)  # type: ignore[attr-defined]  # what exit would run: unlink semaphores


_shared: WorkerPool | None = None
_shared_lock = threading.Lock()


def shared_pool(settings: Settings) -> WorkerPool:
    """This process's pool for ``settings`` (model and process count), created on first
    use and reused across batches and runs; a pool for other settings is shut down."""
    global _shared
    with _shared_lock:
        if _shared is None or (_shared.settings.model, _shared.size, _shared.settings.doc_timeout
                               ) != (settings.model, n_workers(settings), settings.doc_timeout):
            if _shared is not None:
                _shared.shutdown()
            _shared = WorkerPool(settings)
        return _shared
