"""Files, the ground floor of every wing: bounded reading of a user's file and the one atomic
writer every output goes through (temp file in the same folder, fsync, rename, fsync of the
folder), so a crash or ``kill -9`` at any moment leaves the old file or the new one, never half
of one."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from extract.errors import InputError


def read_bounded(path: Path, limit: int | None, max_chars: int | None = None) -> bytes:
    """The bytes of a regular file (a symlink is followed only to a regular file), reading
    at most ``limit`` bytes whatever ``stat`` says (``/dev/zero``, ``/proc`` files), never
    blocking (a FIFO is refused, not waited on). Raises :class:`InputError` otherwise
    (``max_chars``: the character limit ``limit`` stands for, named in the message)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file (a device, FIFO or socket)")
            data = handle.read(-1 if limit is None else limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if limit is not None and len(data) > limit:
        if max_chars is None:
            raise InputError(f"{path}: over the limit of {limit} bytes")
        raise InputError(f"{path}: over {limit} bytes, over the limit of {max_chars} "
                         "characters (EXTRACT_MAX_DOC_CHARS)")
    return data


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` to write; fsynced and renamed over ``path`` only
    when the block succeeds (then the folder is fsynced), removed when it fails. Every
    writer goes through it: text (:func:`atomic_write`) and the files a library writes
    itself (DuckDB, SQLite, Parquet)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        with suppress(OSError):  # a database's write-ahead log
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    _fsync_dir(path.parent)


def atomic_write(path: Path, content: str | Iterable[str]) -> None:
    """Write ``content`` (a string, or chunks streamed one by one) to ``path`` atomically
    (:func:`atomic_path`). An :class:`OSError` (disk full, no permission) propagates after
    the temp file is removed; ``path`` is then as it was."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        for chunk in [content] if isinstance(content, str) else content:
            handle.write(chunk)


def write_file(path: Path, content: str | Iterable[str]) -> None:
    """:func:`atomic_write` for a file the user named: a failure is one :class:`InputError`
    line naming the file."""
    try:
        atomic_write(path, content)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
