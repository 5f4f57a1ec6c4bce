"""Loading rule resources (JSON / JSONL files next to the components) and the one overlap filter."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import regex

from extract.errors import InputError


def _resource(name: str) -> Traversable:
    entry = resources.files("extract") / "resources"
    for part in name.split("/"):
        entry = entry / part
    return entry


def resource_text(name: str) -> str:
    """The text of ``extract/resources/<name>`` (``name`` like ``"dates/rules.jsonl"``)."""
    return _resource(name).read_text(encoding="utf-8")


def resource_files() -> Iterator[tuple[str, bytes]]:
    """Every rule file (``.json``, ``.jsonl``, ``.txt``) as ``(name, bytes)``, sorted by name:
    what a pipeline fingerprint covers."""
    def walk(entry: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
        for child in sorted(entry.iterdir(), key=lambda e: e.name):
            if child.is_dir():
                yield from walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith((".json", ".jsonl", ".txt")):
                yield f"{prefix}{child.name}", child.read_bytes()
    yield from walk(resources.files("extract") / "resources", "")


@cache
def load_json(name: str) -> Any:
    """A JSON resource."""
    return json.loads(resource_text(name))


def _jsonl_rows(text: str, where: str) -> tuple[dict[str, Any], ...]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}:{n}: {exc.msg}") from None
    return tuple(rows)


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """A JSONL resource; lines starting with ``//`` are comments."""
    return _jsonl_rows(resource_text(name), f"resources/{name}")


def load_table(source: str) -> tuple[dict[str, Any], ...]:
    """A JSONL rule table: a resource name (``"dates/rules.jsonl"``) or the path of a user's
    own file in the same format (a component's ``rules`` setting)."""
    if _resource(source).is_file():
        return load_jsonl(source)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"rule table {source!r}: no such resource or file ({exc.strerror})") from None
    return _jsonl_rows(text, source)


@cache
def load_wordlist(name: str) -> frozenset[str]:
    """A word list: one entry per line, ``#`` comments."""
    return frozenset(
        line.split("#", 1)[0].strip()
        for line in resource_text(name).splitlines()
        if line.split("#", 1)[0].strip()
    )


def expand(pattern: str, subpatterns: dict[str, str]) -> str:
    """Replace ``%NAME`` references with their sub-patterns (longest names first), repeatedly,
    so sub-patterns may use other sub-patterns."""
    for _ in range(5):
        before = pattern
        for key in sorted(subpatterns, key=len, reverse=True):
            pattern = pattern.replace(f"%{key}", subpatterns[key])
        if pattern == before:
            break
    return pattern


def compile_rules(
    rules: Iterable[dict[str, Any]], subpatterns: dict[str, str] | None = None, flags: int = 0,
    prefix: str = "",
) -> list[tuple[dict[str, Any], regex.Pattern[str]]]:
    """Compile each rule's ``pattern`` (after sub-pattern expansion, behind ``prefix``) with
    the ``regex`` module, which allows a group name in several alternatives and variable
    lookbehind."""
    out = []
    for rule in rules:
        pattern = prefix + "(?:" + expand(rule["pattern"], subpatterns or {}) + ")"
        try:
            out.append((rule, regex.compile(pattern, flags | regex.VERSION0)))
        except regex.error as exc:
            raise ValueError(f"rule {rule.get('name')!r}: {exc}") from None
    return out


class HasOffsets(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=HasOffsets)


def filter_matches(matches: Sequence[T]) -> list[T]:
    """Keep the longest of overlapping matches (earliest first on ties); sorted by start.

    The character-offset analogue of ``spacy.util.filter_spans``; O(n log n): the kept
    spans never overlap, so a candidate need only be checked against its two neighbours.
    """
    ranked = sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
    starts: list[int] = []  # kept spans, sorted by start (and so by end)
    ends: list[int] = []
    kept: list[T] = []
    for m in ranked:
        i = bisect.bisect_right(starts, m.start)
        if i and not (m.end <= starts[i - 1] or m.start >= ends[i - 1]):  # the one before
            continue
        if i < len(starts) and not (m.end <= starts[i] or m.start >= ends[i]):  # the next
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)
