"""DATE recognition and TIMEX3-style normalization, kept apart as in HeidelTime.

1. :class:`DateRecognizer` finds calendar expressions with the rules of
   ``resources/date_rules.jsonl`` and records what each expression itself fixes.
2. :func:`resolve` walks the matches in document order and fills what the text leaves
   open (a missing year, a relative expression) from the report's own dating and the
   narrative: the last date with an explicit year, reset at section headings.
The calendar part of an explicit expression is parsed by ``dateparser`` (cached per
expression); whole-text ``search_dates`` is not used (see ``bench/search_dates.py``).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from extract.ingest import ReportDating
from extract.rules import compile_rules, filter_matches, load_json, load_table

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}


def month_number(word: str) -> int:
    w = word.rstrip(".").lower()
    for name, num in MONTHS.items():
        if name.lower() == w:
            return num
    return MONTH_ABBR[w]


@dataclass
class DateMatch:
    """One recognized expression and what it fixes by itself."""

    start: int
    end: int
    rule: str
    type: str
    groups: dict[str, str] = field(default_factory=dict)
    value: str | None = None
    mod: str | None = None


class DateRecognizer:
    """Finds DATE expressions with the rules of ``resources/date_rules.jsonl``."""

    def __init__(self, rules: str = "dates/rules.jsonl") -> None:
        sub = load_json("dates/subpatterns.json")
        # every date expression starts at a word start: a leading \b lets the regex engine
        # skip the other positions at once (2x faster than letting each rule find out)
        self.rules = compile_rules(load_table(rules), sub, prefix=r"\b")

    def find(self, text: str) -> list[DateMatch]:
        found = []
        for rule, regex in self.rules:
            for m in regex.finditer(text):
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                found.append(DateMatch(m.start(), m.end(), rule["name"], rule["type"], groups,
                                       mod=rule.get("mod")))
        return filter_matches(found)


_PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=4096)
def parse_calendar(expr: str) -> tuple[int, int, int | None] | None:
    """Parse an explicit calendar expression ("October 8 2012", "May 2012") with dateparser.

    Returns (year, month, day or None) or None when it is not a valid date.
    """
    data = _PARSER.get_date_data(expr)
    if data.date_obj is None:
        return None
    d = data.date_obj
    return (d.year, d.month, d.day if data.period == "day" else None)


@dataclass
class _Point:
    year: int
    month: int | None = None
    day: int | None = None

    def value(self) -> str:
        v = f"{self.year:04d}"
        if self.month:
            v += f"-{self.month:02d}"
            if self.day:
                v += f"-{self.day:02d}"
        return v

    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def _shift(p: _Point, unit: str, n: int) -> _Point | None:
    if unit == "year":
        return _Point(p.year + n)
    if unit == "month":
        if p.month is None:
            return None
        total = p.year * 12 + (p.month - 1) + n
        return _Point(total // 12, total % 12 + 1)
    if unit in ("day", "week"):
        if p.month is None or p.day is None:
            return None
        d = date(p.year, p.month, p.day) + timedelta(days=n * (7 if unit == "week" else 1))
        return _Point(d.year, d.month, d.day)
    return None


# A date sets the narrative time only as a clause adverbial ("On December 16, 2011, ..."),
# not inside a noun phrase ("the July 2022 protests").
_ADVERBIAL = re.compile(
    r"(?:^|[.,;:\n]\s*|\s)(?:[Oo]n|[Ii]n|[Bb]etween|[Ff]rom|[Bb]y|[Uu]ntil|[Dd]uring|[Aa]s of)"
    r"\s+$")
_HEADING = re.compile(r"(?m)^[ \t]*(?:#+ .*|[A-Z][^\n.!?:;\"”]{0,78})[ \t]*$")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _deictic(groups: dict[str, str], published: str | None) -> _Point | None:
    """"today", "yesterday", "(last) Wednesday" against the text's own dateline (a full
    day); a weekday is the latest such day on or before it ("last": strictly before)."""
    if published is None or len(published) != 10:
        return None
    day = date.fromisoformat(published)
    word = groups["deictic"].lower()
    if word == "yesterday":
        day -= timedelta(days=1)
    elif "weekday" in groups:
        back = (day.weekday() - _WEEKDAYS.index(groups["weekday"].lower())) % 7
        day -= timedelta(days=back or (7 if "last" in groups else 0))
    return _Point(day.year, day.month, day.day)


# A month coordinated with a later one that carries the year shares it: "in September
# and December 2016" -> September 2016.
_COORDINATED_YEAR = re.compile(
    r"(?:,? and|,? or|,)\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?:\s+\d{1,2})?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)")

# How long after the last explicitly dated point a bare month(/day) still continues that
# story; past it, a bare date means the report's year.
CONTINUATION_DAYS = 45


def _within(start: date, year: int, month: int, day: int | None, days: int) -> bool:
    """Does the bare date (``day`` None: the month's first day) fall ``days`` or fewer
    days after ``start``?"""
    try:
        when = date(year, month, day or 1)
    except ValueError:
        return False
    return timedelta(0) <= when - start <= timedelta(days=days)


class _Narrative:
    """The state a reader keeps: report dating, last explicitly dated point, last date."""

    def __init__(self, text: str, dating: ReportDating) -> None:
        self.period = dating.period_year
        self.text = text
        self.headings = [m.start() for m in _HEADING.finditer(text)]
        self.anchor: _Point | None = None  # last date with explicit year, month granularity
        self.anchor_pos = -1
        self.last: _Point | None = None  # last resolved date of any granularity
        self.last_value: str | None = None  # and its value ("2023-01/2023-08")
        self.last_pos = -1

    def _after_heading(self, since: int, pos: int) -> bool:
        i = bisect.bisect_right(self.headings, since)
        return i < len(self.headings) and self.headings[i] < pos

    def current_anchor(self, pos: int) -> _Point | None:
        """The narrative's explicitly dated point, until a heading ends it."""
        if self.anchor is not None and self._after_heading(self.anchor_pos, pos):
            self.anchor = None
        return self.anchor

    def current_last(self, pos: int) -> _Point | None:
        if self.last is not None and self._after_heading(self.last_pos, pos):
            self.last = None
        return self.last

    def year_for(self, month: int, day: int | None, pos: int) -> int | None:
        """The year of a month(/day) the text gives without one: the narrative's year while
        the date continues the story dated last (at most :data:`CONTINUATION_DAYS` after the
        last explicitly dated point: "On December 16, 2011, ... On December 22"), else the
        report's year."""
        anchor = self.current_anchor(pos)
        if anchor is None or anchor.month is None or anchor.year == self.period:
            return self.period
        year = anchor.year if (month, day or 0) >= (anchor.month, anchor.day or 0) else (
            anchor.year + 1)
        if self.period is not None and year > self.period:
            return self.period
        start = date(anchor.year, anchor.month, anchor.day or 1)
        # a day continues the story for CONTINUATION_DAYS; a month only within itself
        reach = CONTINUATION_DAYS if anchor.day else calendar.monthrange(anchor.year,
                                                                          anchor.month)[1] - 1
        if self.period is not None and not _within(start, year, month, day, reach):
            if "\n" in self.text[self.anchor_pos:pos]:
                self.anchor = None  # a later paragraph left the dated episode: "In May 2021,
                # ... As of October, ... On May 6" (of the report's year, not 2021)
            return self.period
        return year

    def saw(self, p: _Point, pos: int, explicit_year: bool) -> None:
        self.last, self.last_pos = p, pos
        if p.year == self.period and self.anchor is not None and self.anchor.day is None:
            self.anchor = None  # the story is back in the report's year: "In May 2021,
            # ... As of October, ... On May 6" (of the report's year, not 2021)
        elif explicit_year and p.month is not None:
            self.anchor, self.anchor_pos = p, pos


def _year_text(y: str, century_from: str | None = None) -> int:
    if len(y) == 2 and century_from:
        return int(century_from[:2] + y)
    return int(y)


@dataclass(frozen=True)
class _Resolved:
    """What a resolver makes of one match: its TIMEX3 ``value`` and the calendar ``point``
    the narrative moves to (None: the narrative stays where it is). ``may_anchor`` False: the
    point never becomes the narrative's explicitly dated anchor (a half, quarter or season
    is too coarse; a relative expression is not explicit)."""

    value: str
    point: _Point | None = None
    may_anchor: bool = True


@dataclass
class _Context:
    """What every resolver reads: the text, the report's dating, the narrative state and the
    word tables of ``resources/dates``."""

    text: str
    dating: ReportDating
    state: _Narrative
    words: dict[str, Any]
    relative: dict[str, Any]


_Resolver = Callable[[DateMatch, _Context], _Resolved | None]


def _digits(s: str) -> int:
    return int(re.sub(r"\D", "", s))


def _at(point: _Point, may_anchor: bool = True) -> _Resolved:
    return _Resolved(point.value(), point, may_anchor)


def _date(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """A year ("2012"), or a month with an optional day ("October 8, 2012", "May 3"): a
    missing year comes from a coordinated later month, else the narrative; with no year at
    all the value is ``XXXX-MM(-DD)``; an impossible day drops the match."""
    g = m.groups
    if "m" not in g:
        return _at(_Point(int(g["y"])))
    month = month_number(g["m"])
    day = _digits(g["d"]) if "d" in g else None
    if "y" in g:
        year: int | None = int(g["y"])
    else:
        shared = _COORDINATED_YEAR.match(ctx.text, m.end)
        year = int(shared.group("y")) if shared else ctx.state.year_for(month, day, m.start)
    if year is None:
        return _Resolved(f"XXXX-{month:02d}" + (f"-{day:02d}" if day else ""))
    parsed = parse_calendar(f"{calendar.month_name[month]} {day or ''} {year}".replace(
        "  ", " "))
    if parsed is None or (day is not None and parsed[2] != day):
        return None
    return _at(_Point(year, month, day))


def _range_days(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"March 3-5", "March 30 to April 2, 2024", "January to August 17" (a month to a day):
    a missing year comes from the narrative; the first day takes the year before when its
    month comes after the last day's."""
    g = m.groups
    m1 = month_number(g["m"])
    m2 = month_number(g["m2"]) if "m2" in g else m1
    d1, d2 = (_digits(g["d"]) if "d" in g else None), _digits(g["d2"])
    y2 = int(g["y"]) if "y" in g else ctx.state.year_for(m2, d2, m.start)
    y1 = int(g["y0"]) if "y0" in g else (y2 - 1 if y2 and m1 > m2 else y2)
    if y1 is None or y2 is None:
        return None
    if parse_calendar(f"{calendar.month_name[m2]} {d2} {y2}") is None:
        return None
    return _forward(_Point(y1, m1, d1), _Point(y2, m2, d2))


def _forward(first: _Point, last: _Point) -> _Resolved | None:
    """``first/last`` with the narrative moving to ``last``; None for a range that would end
    before it starts ("From December 2015 until July" with the narrative's year for July)."""
    if first.key() > last.key():
        return None
    return _Resolved(f"{first.value()}/{last.value()}", last)


def _range_year_end(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"February until the end of the year", "October 7 to year's end":
    ``YYYY-MM(-DD)/YYYY-12``, the year written or the narrative's."""
    g = m.groups
    month = month_number(g["m"])
    day = _digits(g["d"]) if "d" in g else None
    year = int(g["y"]) if "y" in g else ctx.state.year_for(month, day, m.start)
    if year is None:
        return None
    return _Resolved(f"{_Point(year, month, day).value()}/{year}-12", _Point(year, 12))


def _same_period(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the same period of 2022" after "the first eight months of the year", "As of
    August" or "the first semester": the matching part of that year (gold/README); else the
    year."""
    year, last = int(m.groups["y"]), ctx.state.last_value or ""
    if (rng := re.fullmatch(r"\d{4}-(\d\d)/\d{4}-(\d\d)", last)) is not None:
        value = f"{year}-{rng.group(1)}/{year}-{rng.group(2)}"
    elif (part := re.fullmatch(r"\d{4}-(H[12]|Q[1-4]|SP|SU|FA|WI)", last)) is not None:
        value = f"{year}-{part.group(1)}"
    elif (month := re.fullmatch(r"\d{4}-(\d\d)", last)) is not None:
        value = f"{year}-01/{year}-{month.group(1)}"  # "As of August ... the same period"
    else:
        value = str(year)
    return _Resolved(value)


def _range_months(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"January-March 2012", "between February and April": ``YYYY-MM/YYYY-MM``."""
    g = m.groups
    m1, m2 = month_number(g["m"]), month_number(g["m2"])
    y2 = int(g["y"]) if "y" in g else ctx.state.year_for(m2, None, m.start)
    if y2 is None:
        return None
    y1 = int(g["y0"]) if "y0" in g else (y2 - 1 if m1 > m2 else y2)
    return _forward(_Point(y1, m1), _Point(y2, m2))


def _range_years(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"2011-2012", "2019–21", "between 2015 and 2020": ``YYYY/YYYY``; a range that does
    not go forward is dropped."""
    g = m.groups
    y1, y2 = int(g["y"]), _year_text(g["y2"], g["y"])
    if y2 <= y1:
        return None
    return _Resolved(f"{y1}/{y2}", _Point(y2))


def _part_of_year(kind: str) -> _Resolver:
    """A resolver for "the first half (of 2012)" (``kind`` "half") or "summer 2012"
    (``kind`` "season"): ``YYYY-H1`` / ``YYYY-SU`` from ``words.json``; without a year, the
    report's."""

    def resolve_part(m: DateMatch, ctx: _Context) -> _Resolved | None:
        g = m.groups
        year = int(g["y"]) if "y" in g else ctx.state.period
        if year is None:
            return None
        return _Resolved(f"{year}-{ctx.words[kind][g[kind].lower()]}", _Point(year), False)

    resolve_part.__doc__ = f"The {kind} of a year (see :func:`_part_of_year`)."
    return resolve_part


def _count(num: str, ctx: _Context) -> int:
    """A count the %NUM subpattern matched, in digits or as a word ("12", "eight")."""
    word = num.lower()
    return int(word) if word.isdigit() else int(ctx.words["numbers"][word])


def _months_of_year(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the first eight months of the year (of 2021)", "the year to August":
    ``YYYY-01/YYYY-08``; without a year, the report's."""
    g = m.groups
    year = int(g["y"]) if g.get("y") else ctx.state.period
    n = month_number(g["m"]) if "m" in g else _count(g["num"], ctx)
    if year is None or not 1 <= n <= 12:
        return None
    if n == 12:  # "the year to December": the whole year
        return _Resolved(str(year), _Point(year), False)
    return _Resolved(f"{year}-01/{year}-{n:02d}", _Point(year), False)


def _months_ending(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the 12 months ending in August": the N months up to that month of the report's
    year (or the year written), ``YYYY-MM/YYYY-MM``."""
    g = m.groups
    n = _count(g["num"], ctx)
    end_month = month_number(g["m"])
    year = int(g["y"]) if g.get("y") else ctx.state.period
    if year is None or not 1 <= n <= 24:
        return None
    first = _shift(_Point(year, end_month), "month", 1 - n)
    if first is None:
        return None
    return _Resolved(f"{first.value()}/{_Point(year, end_month).value()}", _Point(year), False)


def _quarter(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the third quarter of 2012": ``YYYY-Q3`` (the year is always written)."""
    g = m.groups
    return _Resolved(f"{g['y']}-{ctx.words['quarter'][g['quarter'].lower()]}",
                     _Point(int(g["y"])), False)


def _deictic_date(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"today", "yesterday", "(last) Wednesday" against the report's dateline."""
    point = _deictic(m.groups, ctx.dating.report_date)
    return None if point is None else _at(point)


def _decade(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the 1990s": ``199X``; a decade does not move the narrative."""
    return _Resolved(m.groups["decade"][:3] + "X")


def _the_year(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"during the year", "the end of the year": the report's year."""
    if ctx.state.period is None:
        return None
    return _at(_Point(ctx.state.period))


def _relative_to(unit: str, n: int, m: DateMatch, ctx: _Context) -> _Resolved | None:
    """``n`` ``unit``s after the report's year (``report_year``) or after the narrative's
    last date; weeks are dropped (not a TIMEX3 value this guideline uses). The result moves
    the narrative's last date, never its anchor."""
    if unit == "report_year":
        if ctx.state.period is None:
            return None
        return _at(_Point(ctx.state.period + n), may_anchor=False)
    base = ctx.state.current_last(m.start)
    if base is None:
        return None
    point = _Point(base.year + n) if unit == "year" else _shift(base, unit, n)
    if point is None or unit == "week":
        return None
    return _at(point, may_anchor=False)


def _relative(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"the previous month", "the following day", "that year": unit and count from
    ``relative.json``."""
    unit, n = ctx.relative[m.groups["rel"].lower()]
    return _relative_to(unit, n, m, ctx)


def _relative_count(m: DateMatch, ctx: _Context) -> _Resolved | None:
    """"two months later", "three years earlier": the count in digits or words."""
    g = m.groups
    unit = g["unit"].rstrip("s").lower()
    n = _count(g["num"], ctx)
    if g["dir"].lower() in ("earlier", "before", "prior", "previously"):
        n = -n
    return _relative_to(unit, n, m, ctx)


# Normalization as a table: the ``type`` of a rule in ``dates/rules.jsonl`` -> its resolver
RESOLVERS: dict[str, _Resolver] = {
    "date": _date,
    "range_days": _range_days,
    "range_months": _range_months,
    "range_year_end": _range_year_end,
    "same_period": _same_period,
    "range_years": _range_years,
    "half": _part_of_year("half"),
    "quarter": _quarter,
    "months_of_year": _months_of_year,
    "months_ending": _months_ending,
    "season": _part_of_year("season"),
    "deictic": _deictic_date,
    "decade": _decade,
    "the_year": _the_year,
    "relative": _relative,
    "relative_count": _relative_count,
}


def resolve(matches: list[DateMatch], text: str, dating: ReportDating) -> list[DateMatch]:
    """Fill ``value`` and ``mod`` of each match in document order with the resolver of its
    type (:data:`RESOLVERS`); drop what cannot be placed on the calendar (a relative
    expression with no dated anchor, an impossible date)."""
    words: dict[str, Any] = load_json("dates/words.json")
    ctx = _Context(text, dating, _Narrative(text, dating), words,
                   load_json("dates/relative.json"))
    out: list[DateMatch] = []
    for m in matches:
        part = m.groups.get("part")
        if part:
            m.mod = words["part_mod"].get(part.strip(" -").lower())
        resolver = RESOLVERS.get(m.type)
        found = resolver(m, ctx) if resolver is not None else None
        if found is None:
            continue
        m.value = ctx.state.last_value = found.value
        if found.point is not None:
            # only an explicit year said as a clause adverbial ("On May 3, 2012, ...")
            # dates the story that follows
            anchors = found.may_anchor and "y" in m.groups and _ADVERBIAL.search(
                text, max(0, m.start - 40), m.start) is not None
            ctx.state.saw(found.point, m.start, anchors)
        out.append(m)
    return out
