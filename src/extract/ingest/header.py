"""What a report's header says: its publication date and covered period, its title and country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from extract.rules import load_jsonl, load_wordlist


@dataclass(frozen=True)
class ReportDating:
    """What the header says about time: the publication date and the period covered."""

    report_date: str | None  # ISO value of the header date ("2013-01"), if any
    period_year: int | None  # the year the report covers (2012 for "JANUARY 2013")


@lru_cache(maxsize=1)
def _header_rules() -> list[dict[str, object]]:
    return [{**rule, "regex": re.compile(rule["pattern"], re.IGNORECASE | re.MULTILINE)}
            for rule in load_jsonl("ingest/report_header.jsonl")]


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}


def _published(groups: dict[str, str | None], year: int) -> str:
    """The ISO publication date of a header match: its ``ryear``/``rmonth``/``rday`` groups
    (a release-date line) or else its ``year``/``month``/``day`` groups, as far as given."""
    if groups.get("ryear"):
        year, month, day = int(groups["ryear"] or 0), groups.get("rmonth"), groups.get("rday")
    else:
        month, day = groups.get("month"), groups.get("day")
    if not month:
        return str(year)
    value = f"{year}-{_MONTHS[month.lower()]:02d}"
    return f"{value}-{int(day):02d}" if day else value


def report_dating(text: str, head_chars: int = 1500) -> ReportDating:
    """Read the report's date and covered period from its header (rules in
    ``resources/report_header.jsonl``); fall back to the most frequent year in the text."""
    head = text[:head_chars]
    for rule in _header_rules():
        m = rule["regex"].search(head)  # type: ignore[attr-defined]
        if not m:
            continue
        year = int(m.group("year"))
        return ReportDating(_published(m.groupdict(), year),
                            year + int(rule.get("period_offset", 0)))  # type: ignore[call-overload]
    years = re.findall(r"(?<![\d/_.-])(?:19|20)\d\d(?![\d/_])", text)
    if not years:
        return ReportDating(None, None)
    counts: dict[str, int] = {}
    for y in years:
        counts[y] = counts.get(y, 0) + 1
    return ReportDating(None, int(max(counts, key=lambda y: (counts[y], y))))



_DATE_LINE = re.compile(
    r"(?i)^(?:(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d$")


@cache
def _title_skip() -> frozenset[str]:
    return frozenset(line.lower() for line in load_wordlist("ingest/title_skip.txt"))


def header_title(text: str, max_lines: int = 6) -> str | None:
    """A report's title from its text: the first markdown heading, else the first short
    line of the header that is not a date or a generic label (``resources/title_skip.txt``)."""
    m = re.search(r"(?m)^#{1,3}\s+(.+?)\s*#*\s*$", text[:3000])
    if m:
        return m.group(1)
    lines = [line.strip() for line in text[:3000].splitlines() if line.strip()][:max_lines]
    for line in lines:
        if (len(line) <= 120 and line[-1] not in ".!?,;" and not _DATE_LINE.match(line)
                and line.lower() not in _title_skip()):
            return line
    return None


@cache
def _countries() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for line in load_wordlist("ingest/countries.txt"):
        alias, _, name = line.partition("=")
        names[alias.strip().lower()] = (name or alias).strip()
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\w-])(?:{alternatives})(?![\w-])"), names


def find_country(title: str | None, text: str, head_chars: int = 1500) -> str | None:
    """The country a report is about: the first country name (``resources/countries.txt``)
    in its title, else in the head of its text."""
    pattern, names = _countries()
    for where in (title or "", text[:head_chars]):
        m = pattern.search(where)
        if m:
            return names[m.group().lower()]
    return None
