"""DATE values (TIMEX3-style, ANNOTATION.md section 1) as calendar intervals: the first and the
last day a value can mean, so a case database can sort and filter by date.

Table-driven: each form of a point (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-SP``,
``YYYY-H1``, ``YYYY-Q3``, ``YYYY-W07``, ``199X``, ``19XX``, parts written ``XX``) is a row of
:data:`YEAR_FORMS` or :data:`PARTS`; a range ``A/B`` runs from the start of ``A`` to the
end of ``B`` (an open side, ``..`` or empty, has no bound); a ``mod`` narrows the interval
to its first, middle or last third (:data:`MOD_THIRDS`). What the value does not fix (no
year: ``XXXX-10-08``) has no bound: ``(None, None)``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from extract.errors import ExtractError

Bounds = tuple[date | None, date | None]


class TimexError(ExtractError):
    """A DATE value that is not a TIMEX value of the record format."""

    code = "E016"


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# Year forms: pattern of the year part -> (first year, last year) it can mean, or None.
YEAR_FORMS: tuple[tuple[re.Pattern[str], Callable[[str], tuple[int, int] | None]], ...] = (
    (re.compile(r"\d{4}"), lambda y: (int(y), int(y))),
    (re.compile(r"\d{3}X"), lambda y: (int(y[:3]) * 10, int(y[:3]) * 10 + 9)),  # decade
    (re.compile(r"\d{2}XX"), lambda y: (int(y[:2]) * 100, int(y[:2]) * 100 + 99)),  # century
    (re.compile(r"XXXX"), lambda y: None),  # the text does not fix the year
)

# Parts of a year: code -> (first month, last month, year offset of the first month).
# Seasons are the meteorological ones of the northern hemisphere; winter YYYY-WI is the
# winter that ends in YYYY (December of the year before to February).
PARTS: dict[str, tuple[int, int, int]] = {
    "SP": (3, 5, 0), "SU": (6, 8, 0), "FA": (9, 11, 0), "WI": (12, 2, -1),
    "H1": (1, 6, 0), "H2": (7, 12, 0),
    "Q1": (1, 3, 0), "Q2": (4, 6, 0), "Q3": (7, 9, 0), "Q4": (10, 12, 0),
}

# mod -> which third of the interval it keeps (early / mid / late).
MOD_THIRDS: dict[str, int] = {"START": 0, "MID": 1, "END": 2}

OPEN = frozenset({"", ".."})  # an open side of a range ("2019/..", "/2020")

_POINT = re.compile(r"(?P<year>[0-9X]{4})(?:-(?:W(?P<week>\d{2})|(?P<part>\d{2}|XX|[A-Z]{2}|[HQ]\d))"
                    r"(?:-(?P<day>\d{2}|XX))?)?")


def _years(value: str, text: str) -> tuple[int, int] | None:
    for pattern, years in YEAR_FORMS:
        if pattern.fullmatch(text):
            return years(text)
    raise TimexError(f"{value!r}: not a TIMEX year ({text!r})")


def _month(value: str, year: int, month: int, day: str | None) -> Bounds:
    if not 1 <= month <= 12:
        raise TimexError(f"{value!r}: no month {month}")
    if day is None or day == "XX":
        return date(year, month, 1), _last_day(year, month)
    try:
        one = date(year, month, int(day))
    except ValueError:
        raise TimexError(f"{value!r}: no such day") from None
    return one, one


def _part(value: str, year: int, part: str) -> Bounds:
    if part not in PARTS:
        raise TimexError(f"{value!r}: unknown part of a year {part!r}")
    first, last, offset = PARTS[part]
    start_year = year + offset
    end_year = start_year + (1 if last < first else 0)
    return date(start_year, first, 1), _last_day(end_year, last)


def _week(value: str, year: int, week: int) -> Bounds:
    try:
        return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
    except ValueError:
        raise TimexError(f"{value!r}: no ISO week {week} in {year}") from None


def point_bounds(value: str, point: str) -> Bounds:
    """The first and last day of one point of a value (no ``/``)."""
    m = _POINT.fullmatch(point)
    if m is None:
        raise TimexError(f"{value!r}: not a TIMEX value")
    years = _years(value, m["year"])
    if years is None:
        return None, None
    first, last = years
    if first != last or (m["part"] in (None, "XX") and m["week"] is None):
        return date(first, 1, 1), date(last, 12, 31)
    if m["week"] is not None:
        return _week(value, first, int(m["week"]))
    if m["part"].isdigit():
        return _month(value, first, int(m["part"]), m["day"])
    if m["day"] is not None:
        raise TimexError(f"{value!r}: a day after {m['part']}")
    return _part(value, first, m["part"])


def _narrow(start: date, end: date, mod: str) -> Bounds:
    if mod not in MOD_THIRDS:
        raise TimexError(f"{mod!r}: not a DATE mod (START, MID, END)")
    third = MOD_THIRDS[mod]
    days = (end - start).days + 1
    first = start + timedelta(days=days * third // 3)
    last = start + timedelta(days=days * (third + 1) // 3 - 1)
    return first, max(first, last)


def timex_bounds(value: str, mod: str | None = None) -> Bounds:
    """The first and the last day a DATE ``value`` (with its ``mod``) can mean, each None
    when the value does not fix it. ``"2012-H1"`` -> (2012-01-01, 2012-06-30);
    ``"2011-12-16/2011-12-19"`` -> (2011-12-16, 2011-12-19); ``"2012"``, ``"START"`` ->
    (2012-01-01, 2012-05-01). Raises :class:`TimexError` for a value that is not TIMEX."""
    sides = value.split("/")
    if len(sides) > 2 or all(s in OPEN for s in sides):
        raise TimexError(f"{value!r}: not a TIMEX value")
    if len(sides) == 1:
        start, end = point_bounds(value, value)
    else:
        start = None if sides[0] in OPEN else point_bounds(value, sides[0])[0]
        end = None if sides[1] in OPEN else point_bounds(value, sides[1])[1]
        if start is not None and end is not None and end < start:
            raise TimexError(f"{value!r}: the range ends before it starts")
    if mod is not None and start is not None and end is not None:
        return _narrow(start, end, mod)
    return start, end


def iso_bounds(value: str | None, mod: str | None = None) -> tuple[str | None, str | None]:
    """:func:`timex_bounds` as ISO 8601 dates (``"2012-01-01"``); ``(None, None)`` for no value."""
    if value is None:
        return None, None
    start, end = timex_bounds(value, mod)
    return (start.isoformat() if start else None, end.isoformat() if end else None)
