"""Checks the CLI makes before anything starts (a missing path, an unwritable output, a model
that is not installed): one clear error line at once, not after the server and model load."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.settings import Settings, model_package


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {
        key: getattr(args, key)
        for key in ("model", "batch_size", "n_process")
        if getattr(args, key, None) is not None
    }


def check_paths(paths: Sequence[str]) -> None:
    """Fail fast (before Prefect starts) on a missing path or a folder with no reports."""
    from extract.ingest import SUFFIXES, discover

    for path in paths:
        if not any(True for _ in discover([Path(path)])):
            kinds = "/".join(SUFFIXES)
            raise InputError(f"{path}: no report files ({kinds}) found")


def _writable_folder(path: Path, what: str) -> None:
    """Create ``path`` if needed; one line if it cannot be created or written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot create the {what} ({exc.strerror})") from None
    if not os.access(path, os.W_OK):
        raise InputError(f"{path}: {what} is not writable")


def check_out_dir(out: str) -> None:
    _writable_folder(Path(out), "output folder")


def check_out_file(out: str) -> None:
    path = Path(out)
    if path.is_dir():
        raise InputError(f"{out}: is a folder, expected a file name")
    _writable_folder(path.parent, "folder")


def check_model(args: argparse.Namespace) -> None:
    """Fail fast, before anything starts, when the model is not installed."""
    model = getattr(args, "model", None) or Settings().model
    model_package(model)
