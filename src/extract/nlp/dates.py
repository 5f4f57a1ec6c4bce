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
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from extract.ingest import ReportDating
from extract.rules import compile_rules, filter_matches, load_json, load_jsonl

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

    def __init__(self) -> None:
        sub = load_json("dates/subpatterns.json")
        # every date expression starts at a word start: a leading \b lets the regex engine
        # skip the other positions at once (2x faster than letting each rule find out)
        self.rules = compile_rules(load_jsonl("dates/rules.jsonl"), sub, prefix=r"\b")

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
    r"(?:^|[.,;:\n]\s*|\s)(?:[Oo]n|[Ii]n|[Bb]etween|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil|[Dd]uring|[Aa]s of)"
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
        self.headings = [m.start() for m in _HEADING.finditer(text)]
        self.anchor: _Point | None = None  # last date with explicit year, month granularity
        self.anchor_pos = -1
        self.last: _Point | None = None  # last resolved date of any granularity
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
            return self.period
        return year

    def saw(self, p: _Point, pos: int, explicit_year: bool) -> None:
        self.last, self.last_pos = p, pos
        if explicit_year and p.month is not None:
            self.anchor, self.anchor_pos = p, pos


def _year_text(y: str, century_from: str | None = None) -> int:
    if len(y) == 2 and century_from:
        return int(century_from[:2] + y)
    return int(y)


def resolve(matches: list[DateMatch], text: str, dating: ReportDating) -> list[DateMatch]:
    """Fill ``value`` and ``mod`` of each match in document order; drop what cannot be placed
    on the calendar (a relative expression with no dated anchor, an impossible date)."""
    words: dict[str, Any] = load_json("dates/words.json")
    relative: dict[str, Any] = load_json("dates/relative.json")
    state = _Narrative(text, dating)
    out: list[DateMatch] = []
    for m in matches:
        g, pos = m.groups, m.start
        part = g.get("part")
        if part:
            key = part.strip(" -").lower()
            m.mod = words["part_mod"].get(key)
        point: _Point | None = None
        explicit = "y" in g
        if m.type == "date":
            if "m" not in g:
                point = _Point(int(g["y"]))
            else:
                month = month_number(g["m"])
                day = int(re.sub(r"\D", "", g["d"])) if "d" in g else None
                shared = None if explicit else _COORDINATED_YEAR.match(text, m.end)
                year = int(g["y"]) if explicit else int(shared.group("y")) if shared else (
                    state.year_for(month, day, pos))
                if year is None:
                    m.value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
                    out.append(m)
                    continue
                parsed = parse_calendar(f"{calendar.month_name[month]} {day or ''} {year}".replace(
                    "  ", " "))
                if parsed is None or (day is not None and parsed[2] != day):
                    continue
                point = _Point(year, month, day)
            m.value = point.value()
        elif m.type == "range_days":
            m1 = month_number(g["m"])
            m2 = month_number(g["m2"]) if "m2" in g else m1
            d1, d2 = int(re.sub(r"\D", "", g["d"])), int(re.sub(r"\D", "", g["d2"]))
            y2 = int(g["y"]) if explicit else state.year_for(m2, d2, pos)
            y1 = int(g["y0"]) if "y0" in g else (y2 - 1 if y2 and m1 > m2 else y2)
            if y1 is None or y2 is None:
                continue
            a, point = _Point(y1, m1, d1), _Point(y2, m2, d2)
            if parse_calendar(f"{calendar.month_name[m2]} {d2} {y2}") is None:
                continue
            m.value = f"{a.value()}/{point.value()}"
        elif m.type == "range_months":
            m1, m2 = month_number(g["m"]), month_number(g["m2"])
            y2_or_none = int(g["y"]) if explicit else state.year_for(m2, None, pos)
            if y2_or_none is None:
                continue
            y2 = y2_or_none
            y1 = int(g["y0"]) if "y0" in g else (y2 - 1 if m1 > m2 else y2)
            point = _Point(y2, m2)
            m.value = f"{_Point(y1, m1).value()}/{point.value()}"
        elif m.type == "range_years":
            y1, y2 = int(g["y"]), _year_text(g["y2"], g["y"])
            if y2 <= y1:
                continue
            point = _Point(y2)
            m.value = f"{y1}/{y2}"
        elif m.type == "half":
            year = int(g["y"]) if explicit else state.period
            if year is None:
                continue
            m.value = f"{year}-{words['half'][g['half'].lower()]}"
            point = _Point(year)
        elif m.type == "quarter":
            m.value = f"{g['y']}-{words['quarter'][g['quarter'].lower()]}"
            point = _Point(int(g["y"]))
        elif m.type == "season":
            year = int(g["y"]) if explicit else state.period
            if year is None:
                continue
            m.value = f"{year}-{words['season'][g['season'].lower()]}"
            point = _Point(year)
        elif m.type == "deictic":
            point = _deictic(g, dating.report_date)
            if point is None:
                continue
            m.value = point.value()
        elif m.type == "decade":
            m.value = g["decade"][:3] + "X"
        elif m.type == "the_year":
            if state.period is None:
                continue
            point = _Point(state.period)
            m.value = point.value()
        elif m.type in ("relative", "relative_count"):
            if m.type == "relative":
                unit, n = relative[g["rel"].lower()]
            else:
                unit = g["unit"].rstrip("s").lower()
                num = g["num"].lower()
                n = int(num) if num.isdigit() else words["numbers"][num]
                if g["dir"].lower() in ("earlier", "before"):
                    n = -n
            if unit == "report_year":
                if state.period is None:
                    continue
                point = _Point(state.period + n)
            else:
                base = state.current_last(pos)
                if base is None:
                    continue
                point = _Point(base.year + n) if unit == "year" else _shift(base, unit, n)
                if point is None:
                    continue
                if unit == "week":
                    continue  # a week is not a TIMEX3 value this guideline uses
            m.value = point.value()
            out.append(m)
            state.last, state.last_pos = point, pos
            continue
        if m.value is None:
            continue
        if point is not None:
            adverbial = _ADVERBIAL.search(text, max(0, pos - 40), pos) is not None
            state.saw(point, pos,
                      explicit and adverbial and m.type not in ("half", "quarter", "season"))
        out.append(m)
    return out
