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


@dataclass(frozen=True)
class _Countries:
    pattern: re.Pattern[str]  # any name, longest first, case-insensitive
    codes: dict[str, str]  # lower-case name -> ISO 3166-1 alpha-3
    names: dict[str, str]  # alpha-3 -> the name reported


@cache
def _countries() -> _Countries:
    """Country names from pycountry (name, official and common name), the aliases it lacks
    and the names it has that are not read as countries
    (``resources/ingest/country_aliases.txt``)."""
    import pycountry

    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        names[code] = getattr(country, "common_name", None) or country.name
        for attr in ("name", "official_name", "common_name"):
            if (form := getattr(country, attr, None)) is not None:
                codes[form.lower()] = code
    for line in sorted(load_wordlist("ingest/country_aliases.txt")):
        form, _, code = (part.strip() for part in line.partition("="))
        if form.startswith("-"):
            codes.pop(form[1:].lower(), None)
            continue
        codes[form.lstrip("*").lower()] = code
        if form.startswith("*"):
            names[code] = form[1:]
    alternatives = "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True))
    return _Countries(re.compile(rf"(?i)(?<![\w-])(?:{alternatives})(?![\w-])"), codes, names)


def find_country_code(title: str | None, text: str, head_chars: int = 1500) -> str | None:
    """The ISO 3166-1 alpha-3 code of the country a report is about: the first country name
    in its title, else in the head of its text (see :func:`_countries`)."""
    countries = _countries()
    for where in (title or "", text[:head_chars]):
        m = countries.pattern.search(where)
        if m:
            return countries.codes[m.group().lower()]
    return None


@cache
def country_forms() -> frozenset[str]:
    """Every country name and alias :func:`is_country_name` knows, lower-cased."""
    return frozenset(_countries().codes)


def is_country_name(text: str) -> bool:
    """Whether ``text`` is a country's name or alias (pycountry and the alias file)."""
    return text.lower() in _countries().codes


def country_name(code: str) -> str | None:
    """The name reported for the country with alpha-3 ``code``."""
    return _countries().names.get(code)


def find_country(title: str | None, text: str, head_chars: int = 1500) -> str | None:
    """The name of the country a report is about (see :func:`find_country_code`)."""
    code = find_country_code(title, text, head_chars)
    return None if code is None else country_name(code)
