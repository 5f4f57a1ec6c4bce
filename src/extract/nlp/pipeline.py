"""Build the spaCy pipeline and turn processed docs into records (no Prefect here).

spaCy is imported when a pipeline is built, not with this module, so that a process that
only orchestrates (the CLI with worker processes) never pays for it.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from extract import __version__
from extract.ingest import Document
from extract.ingest.repair import OffsetMap
from extract.models import Case, DocumentRecord, ErrorRecord, Fault, SpanRef
from extract.settings import Settings, model_package

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["COMPONENTS", "build_nlp", "load_model", "pipeline_versions", "process", "to_record",
           "warm_up"]

COMPONENTS = ("hr_person", "hr_date", "hr_charge", "hr_sentence", "hr_cases")


def load_model(name: str) -> Language:
    """Load spaCy pipeline ``name`` (see :func:`model_package`). Nothing is downloaded."""
    import spacy

    return spacy.load(model_package(name))


def build_nlp(settings: Settings | None = None) -> Language:
    """The model plus the extraction components, in order."""
    import extract.nlp.components  # noqa: F401  (registers the factories)

    settings = settings or Settings()
    nlp = load_model(settings.model)
    nlp.max_length = max(nlp.max_length, settings.max_doc_chars + 1)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


WARM_UP_TEXT = ("JANUARY 2013\n\nOn October 8, 2012, a court sentenced Ivan Petrov to seven years "
                "in prison on charges of fraud and fined him $500.")


def warm_up(nlp: Language) -> Language:
    """Run ``nlp`` once on a short text, so that the lazy parts (dateparser's language data,
    compiled rules) load now rather than inside the first batch; returns ``nlp``."""
    nlp(WARM_UP_TEXT)
    return nlp


def pipeline_versions(model: str) -> dict[str, str]:
    """Package, model and spaCy versions, without loading the model."""
    from importlib.metadata import PackageNotFoundError, version

    package = model_package(model)
    try:
        model_version = version(package.replace("_", "-"))
    except PackageNotFoundError:
        model_version = "unknown"
    return {"extract": __version__, "model": f"{package}-{model_version}",
            "spacy": version("spacy")}


def _offset_map(doc: Doc, document: Document) -> OffsetMap:
    """The map from ``doc.text`` (what nlp read) to ``document.text``."""
    from extract.nlp.spans import doc_text

    text = doc_text(doc)
    if document.repaired is not None and text == document.repaired.text:
        return document.repaired.map
    if text == document.text:
        return OffsetMap.identity(len(text))
    raise ValueError(f"{document.doc_id}: the processed text is neither the document text nor "
                     "its repaired text")


def to_record(doc: Doc, document: Document, include_text: bool = False) -> DocumentRecord:
    """The record of ANNOTATION.md section 3 for a processed doc. ``doc`` is the pipeline's
    result on ``document.repaired.text`` (or on ``document.text``); mention offsets are
    mapped back to ``document.text`` and each mention's ``text`` is that slice of it.
    Records also carry ``sha256`` and, when known, ``title``, ``country``, ``report_date``,
    and for PDFs a ``page`` (1-based) on each mention."""
    from extract.nlp.guard import doc_faults
    from extract.nlp.spans import doc_cases, doc_mentions

    offsets = _offset_map(doc, document)
    mentions = []
    for m in doc_mentions(doc):
        start, end = offsets.span_to_source(m.start, m.end)
        update: dict[str, object] = {"start": start, "end": end, "text": document.text[start:end]}
        page = document.page_at(start)
        if page is not None:
            update["page"] = page
        mentions.append(m.model_copy(update=update))
    meta = {key: value for key in ("title", "country", "country_code", "report_date")
            if (value := getattr(document, key)) is not None}
    return DocumentRecord(
        doc_id=document.doc_id,
        source=document.source,
        text=document.text if include_text else None,
        mentions=mentions,
        cases=[_map_evidence(c, offsets) for c in doc_cases(doc)],
        faults=[Fault(**f) for f in doc_faults(doc)],
        sha256=document.sha256,  # type: ignore[call-arg]
        **meta,
    )


class DocumentTimeout(BaseException):
    """A document took longer than ``EXTRACT_DOC_TIMEOUT`` seconds in the pipeline."""


def _quiet_timeouts_in_destructors() -> None:
    """A :class:`DocumentTimeout` that lands in a destructor is ignored by Python and goes
    to ``sys.unraisablehook``: drop it there (the watchdog raises it again), pass anything
    else on to the hook in place (once per hook: a test runner may set its own)."""
    hook = sys.unraisablehook
    if getattr(hook, "_hr_quiet", False):
        return

    def quiet(unraisable: Any) -> None:
        if unraisable.exc_type is not DocumentTimeout:
            hook(unraisable)

    quiet._hr_quiet = True  # type: ignore[attr-defined]
    sys.unraisablehook = quiet


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread when the block runs over ``seconds``
    (0: no limit). A watchdog thread raises it asynchronously, so it works in any thread
    (the flow's task threads, the worker processes' main thread)."""
    if not seconds:
        yield
        return
    _quiet_timeouts_in_destructors()
    target, lock, inside = ctypes.c_ulong(threading.get_ident()), threading.Lock(), [True]
    done = threading.Event()

    def watch() -> None:
        if done.wait(seconds):
            return
        for _ in range(50):  # again until it leaves the block: a destructor ignores it
            with lock:
                if not inside[0]:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target,
                                                           ctypes.py_object(DocumentTimeout))
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    try:
        yield
    finally:
        inside[0] = False  # first: one store, the watcher raises nothing more
        with lock:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        done.set()


def _over(seconds: float) -> DocumentTimeout:
    return DocumentTimeout(f"over the time limit of {seconds:g} s per document "
                           "(EXTRACT_DOC_TIMEOUT)")


def process(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16, n_process: int = 1,
    include_text: bool = False, timeout: float = 0,
) -> Iterator[DocumentRecord | ErrorRecord]:
    """Run the pipeline over documents with ``nlp.pipe`` (on their repaired text, see
    :mod:`extract.ingest.repair`); a document that fails, or takes over ``timeout`` seconds (0: no
    limit), becomes an :class:`ErrorRecord` and the batch goes on. A component that failed
    on a document (:mod:`extract.nlp.guard`) leaves the record with the other components'
    results and its ``faults``, followed by one :class:`ErrorRecord` per fault."""
    docs: list[Document] = []
    for document in documents:
        try:
            docs.append(document.with_repair())
        except Exception as exc:
            yield _error(document, exc)
    done: set[int] = set()
    pairs = ((d.repaired.text if d.repaired else d.text, i) for i, d in enumerate(docs))
    results = iter(nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process))
    try:
        while len(done) < len(docs):
            n = len(done)  # a minibatch starts: the limit of each of its documents
            with time_limit(timeout * min(batch_size, len(docs) - n) if n % batch_size == 0
                            else timeout):
                doc, i = next(results)
            record = to_record(doc, docs[i], include_text)
            done.add(i)
            yield record
            yield from _fault_errors(record)
        return
    except (Exception, DocumentTimeout):
        pass  # the documents left are processed one by one, each with its own limit
    for i, document in enumerate(docs):
        if i not in done:
            yield from _one(nlp, document, include_text, timeout)


def _one(nlp: Language, document: Document, include_text: bool, timeout: float
         ) -> Iterator[DocumentRecord | ErrorRecord]:
    try:
        text = document.repaired.text if document.repaired else document.text
        with time_limit(timeout):
            doc = nlp(text)
        record = to_record(doc, document, include_text)
    except DocumentTimeout:
        yield _error(document, _over(timeout))
        return
    except Exception as exc:
        yield _error(document, exc)
        return
    yield record
    yield from _fault_errors(record)


def _map_evidence(case: Case, offsets: OffsetMap) -> Case:
    """The case with its evidence spans mapped from the processed text to the document's."""
    def move(ref: SpanRef) -> SpanRef:
        start, end = offsets.span_to_source(ref.start, ref.end)
        return ref.model_copy(update={"start": start, "end": end})

    evidence = []
    for ev in case.evidence:
        start, end = offsets.span_to_source(ev.start, ev.end)
        evidence.append(ev.model_copy(update={
            "start": start, "end": end, "person": move(ev.person),
            "mentions": [move(m) for m in ev.mentions]}))
    return case.model_copy(update={"evidence": evidence})


def _fault_errors(record: DocumentRecord) -> Iterator[ErrorRecord]:
    for fault in record.faults:
        yield ErrorRecord(source=record.source, doc_id=record.doc_id, error="ComponentError",
                          reason=f"{fault.component} failed ({fault.error}: {fault.reason}); "
                                 "the record keeps the other components' results")


def _error(document: Document, exc: BaseException) -> ErrorRecord:
    return ErrorRecord(source=document.source, doc_id=document.doc_id,
                       error=type(exc).__name__, reason=str(exc) or type(exc).__name__)
