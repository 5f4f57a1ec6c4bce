"""Fault isolation for the pipeline components.

A component that raises on one document must not take the document's other results with
it: :func:`guarded` catches the exception, notes it in ``doc.user_data["hr_faults"]`` (the
component, the exception type and the reason) and hands the doc on unchanged, so the later
components still run. The record of that document lists the faults (``faults``), and the
batch run reports each one in ``errors.jsonl``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from spacy.tokens import Doc

FAULTS = "hr_faults"
log = logging.getLogger(__name__)
C = TypeVar("C")


def guarded(call: Callable[[C, Doc], Doc]) -> Callable[[C, Doc], Doc]:
    """Wrap a component's ``__call__`` (the component has a ``name``) so that an exception
    becomes a fault noted on the doc instead of the loss of the whole document."""

    @functools.wraps(call)
    def wrapper(self: C, doc: Doc) -> Doc:
        try:
            return call(self, doc)
        except Exception as exc:  # any fault of a rule or the parse, by design
            name = str(getattr(self, "name", type(self).__name__))
            reason = (str(exc) or type(exc).__name__)[:300]
            doc.user_data.setdefault(FAULTS, []).append(
                {"component": name, "error": type(exc).__name__, "reason": reason})
            log.debug("%s failed on a document: %s", name, reason, exc_info=True)
            return doc

    return wrapper


def doc_faults(doc: Doc) -> list[dict[str, Any]]:
    """The faults noted on ``doc`` (empty when every component ran)."""
    return list(doc.user_data.get(FAULTS, []))
