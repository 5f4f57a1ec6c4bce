"""Find report files, decode them and read the report's own dating from its header."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from extract.errors import InputError

SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class Document:
    """A decoded report: ``text`` is exactly what mention offsets index."""

    doc_id: str
    source: str
    text: str
    sha256: str


@dataclass(frozen=True)
class ReportDating:
    """What the header says about time: the publication date and the period covered."""

    report_date: str | None  # ISO value of the header date ("2013-01"), if any
    period_year: int | None  # the year the report covers (2012 for "JANUARY 2013")


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield report files under ``paths`` (files as given, folders recursively, sorted).

    A path that does not exist raises :class:`InputError`.
    """
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() in SUFFIXES and p.is_file():
                    yield p
        elif path.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """A stable id: the file stem, prefixed by its sub-folder under ``root`` when nested."""
    if root is not None and root.is_dir():
        try:
            rel = path.relative_to(root).with_suffix("")
            return "-".join(rel.parts)
        except ValueError:
            pass
    return path.stem


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM removed), keeping line breaks exactly as they are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not valid UTF-8 (byte {exc.start})") from None


def read_document(path: Path, doc_id: str | None = None, max_chars: int | None = None) -> Document:
    """Read and decode one report file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty document")
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes (binary file?)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"{path}: {len(text)} characters exceeds the limit of {max_chars}")
    return Document(
        doc_id=doc_id or path.stem,
        source=path.as_posix(),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
    )


@lru_cache(maxsize=1)
def _header_rules() -> list[dict[str, object]]:
    path = resources.files("extract") / "resources" / "report_header.jsonl"
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            rule = json.loads(line)
            rule["regex"] = re.compile(rule["pattern"], re.IGNORECASE | re.MULTILINE)
            rules.append(rule)
    return rules


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}


def report_dating(text: str, head_chars: int = 1500) -> ReportDating:
    """Read the report's date and covered period from its header (rules in
    ``resources/report_header.jsonl``); fall back to the most frequent year in the text."""
    head = text[:head_chars]
    for rule in _header_rules():
        m = rule["regex"].search(head)  # type: ignore[attr-defined]
        if not m:
            continue
        year = int(m.group("year"))
        month = m.groupdict().get("month")
        report_date = f"{year}-{_MONTHS[month.lower()]:02d}" if month else str(year)
        return ReportDating(report_date, year + int(rule.get("period_offset", 0)))  # type: ignore[call-overload]
    years = re.findall(r"(?<![\d/_.-])(?:19|20)\d\d(?![\d/_])", text)
    if not years:
        return ReportDating(None, None)
    counts: dict[str, int] = {}
    for y in years:
        counts[y] = counts.get(y, 0) + 1
    return ReportDating(None, int(max(counts, key=lambda y: (counts[y], y))))
