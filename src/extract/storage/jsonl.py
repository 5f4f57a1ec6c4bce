"""JSONL input and output of document records."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from extract.errors import GoldFormatError, InputError
from extract.fs import atomic_write, read_bounded
from extract.models import DocumentRecord

# The most bytes read from one user file (gold, predictions, interchange, thresholds).
MAX_FILE_BYTES = 1 << 30


def read_text_file(path: Path, limit: int | None = None) -> str:
    """The text of a user's file: a regular file of at most ``limit`` bytes (default
    :data:`MAX_FILE_BYTES`) in UTF-8 (a BOM is dropped); anything else raises a one-line
    :class:`InputError`."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    data = read_bounded(path, MAX_FILE_BYTES if limit is None else limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def loads_json(text: str, where: str) -> Any:
    """``json.loads`` whose every failure is one :class:`GoldFormatError` naming ``where``:
    bad syntax, nesting deeper than the interpreter's recursion limit, no memory."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line = "" if exc.lineno == 1 else f", line {exc.lineno}"
        raise GoldFormatError(f"{where}: invalid JSON ({exc.msg}{line})") from None
    except RecursionError:
        raise GoldFormatError(f"{where}: invalid JSON (nested too deeply)") from None
    except MemoryError:
        raise GoldFormatError(f"{where}: JSON too large to read ({len(text)} characters)") from None


def iter_records(path: Path) -> Iterator[DocumentRecord]:
    """Yield the records of a JSONL file; a malformed line raises :class:`GoldFormatError`
    naming the file and line number."""
    for n, line in enumerate(read_text_file(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield DocumentRecord.model_validate(loads_json(line, f"{path}:{n}"))
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise GoldFormatError(f"{path}:{n}: {loc}: {first['msg']}") from None
        except RecursionError:
            raise GoldFormatError(f"{path}:{n}: nested too deeply") from None


# JSONL files a gold folder holds that are not records: the blind-first log (extract.evaluation.blind)
NOT_RECORDS = frozenset({"blind.jsonl"})


def read_records(paths: Iterable[Path]) -> list[DocumentRecord]:
    """Read every record from files or folders of ``*.jsonl`` files (sorted, recursive; in a
    folder, the files of :data:`NOT_RECORDS` are left out)."""
    records: list[DocumentRecord] = []
    for path in paths:
        files = sorted(p for p in path.rglob("*.jsonl") if p.name not in NOT_RECORDS) \
            if path.is_dir() else [path]
        for f in files:
            records.extend(iter_records(f))
    return records


def read_run(path: Path | str) -> list[DocumentRecord]:
    """The records of a run: an output folder (its ``documents.jsonl``), a records JSONL file
    or a folder of them; :class:`InputError` if ``path`` does not exist."""
    path = Path(path)
    if path.is_dir() and (path / "documents.jsonl").is_file():
        path = path / "documents.jsonl"
    elif not path.exists():
        raise InputError(f"{path}: no such file or folder")
    return read_records([path])


def write_jsonl(path: Path, rows: Iterable[BaseModel | dict[str, Any]]) -> int:
    """Write rows as JSON Lines to ``path`` atomically, streamed (:func:`extract.fs.atomic_write`;
    an :class:`OSError` propagates). Returns the row count."""
    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        for row in rows:
            yield (row.model_dump_json() if isinstance(row, BaseModel)
                   else json.dumps(row, ensure_ascii=False)) + "\n"
            count += 1

    atomic_write(path, lines())
    return count
