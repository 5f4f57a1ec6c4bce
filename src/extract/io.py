"""JSONL input and output of document records."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ValidationError

from extract.errors import GoldFormatError
from extract.models import DocumentRecord


def iter_records(path: Path) -> Iterator[DocumentRecord]:
    """Yield the records of a JSONL file; a malformed line raises :class:`GoldFormatError`
    naming the file and line number."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield DocumentRecord.model_validate(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise GoldFormatError(f"{path}:{n}: {loc}: {first['msg']}") from None


# JSONL files a gold folder holds that are not records: the blind-first log (extract.blind)
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


def write_jsonl(path: Path, rows: Iterable[BaseModel]) -> int:
    """Write rows to ``path`` atomically (temp file, fsync, rename). Returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(row.model_dump_json() + "\n")
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    return count
