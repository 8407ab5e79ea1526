"""Datelines and date expressions -> :class:`~geo.records.DateValue` (value, precision, how).

Two jobs, both pure Python:

* :func:`find_dateline` finds the publication date or wire dateline near the head
  of an article ("Published: November 11, 2019", "BAGHDAD, March 3, 2021 -",
  "London, 25 Jun -" with the year given elsewhere in the head).
* :func:`find_dates` lists every date expression in a text, explicit ("on 3
  November 2019", "in July 2022", "late 2014") and relative ("last month", "on
  Monday", "October 30 last"), resolving the relative ones against an anchor
  (normally the article's dateline).

Rules that keep the map honest (GUIDELINES.md: a wrong year is worse than none):

* Nothing is ever resolved against today's date.  Without an anchor a relative
  expression gets ``value=None``.
* Every relative expression is resolved to a *range* of days; the precision is
  the finest unit (day, month, year) that contains the whole range.  An anchor
  known only to the month or year is itself a range, so "last month" against
  "2019-11" is "2019-10" (month), "on Monday" against "2019-11" is "2019"
  (year), and "yesterday" against "2020-01" is ``None`` (it could be 2019).
* A weekday ("on Monday") is the most recent such weekday on or before the
  anchor day; "last Monday" is strictly before it; "next Monday" strictly after.
* A month and day without a year ("December 18", "October 30 last") is the
  most recent such day on or before the anchor (a week of slack after it);
  a bare month ("in January", "since August") is the most recent such month at
  or before the anchor's; "this November" is the anchor's year, "next June" the
  next one.  Events are things that happened, so ambiguous dates read as past.
  A day-month followed by a noun such as "alliance" is a name, not a date.
* "N days/weeks/months/years ago" counts from the anchor; "N days earlier" and
  "a week before X" count from another event and are not resolved.
* Numeric dates: ``11/7/19`` is read month/day/year when the text marks it as
  US style (a US time zone such as EST/ET/PT nearby), day/month/year when the
  first number is above 12, month/day/year when the second is; otherwise the
  order is ambiguous and only the year is kept.  Two-digit years ``yy`` mean
  ``20yy`` below 70 and ``19yy`` from 70.

The vocabulary (month and weekday names, number words, dateline keywords and
relative phrases) is data at the top of this module; the rules are general.
"""
from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from geo.records import DateValue

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- data

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
"""Month names and the abbreviations news sites use ("Nov.", "Sept")."""

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
}
"""Counts in "two years ago"; "a few" is read as three and so only ever feeds a range."""

DATELINE_KEYWORDS: dict[str, int] = {
    "published": 0, "first published": 0, "posted": 0, "created": 0, "date": 0, "dated": 0,
    "on": 1, "last updated": 2, "updated": 2, "modified": 2, "last modified": 2,
}
"""Words that introduce a publication date; the number ranks them (lower wins), so a
"Published:" date beats an "Updated:" date in the same head."""

US_TIME_ZONES = ("EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "ET", "CT", "PT")
"""A numeric date next to one of these is read month/day/year."""

TWO_DIGIT_PIVOT = 70
"""``yy`` below the pivot is 20yy, otherwise 19yy."""

LOOK_AHEAD_DAYS = 7
"""A date without a year is read as the most recent such date, allowing this many days
after the anchor (a dateline can lag the events it reports by a few days).  Events are
things that happened -- plans and announcements are not extracted -- so past wins."""

FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's eve": (12, 31), "new year’s eve": (12, 31), "new year's day": (1, 1), "new year’s day": (1, 1),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "valentine's day": (2, 14), "valentine’s day": (2, 14),
}
"""Holidays on a fixed day of the Gregorian calendar, read like a day and month without a
year ("on New Year's Eve" in an article of 3 January is the 31 December before).  Holidays
of the lunar calendars (Eid, Ashura, Nowruz's eve) move and are left out."""

NAME_NOUNS = ("alliance", "coalition", "movement", "bloc", "camp", "forces", "group", "brigade", "brigades",
              "party", "list", "current", "agreement", "accord", "declaration", "street", "square", "bridge")
"""Nouns after a day-month that make it a name ("the March 14 alliance", "July 14 Street"), not a date."""

HEAD_CHARS = 1500
"""How far into an article :func:`find_dateline` looks."""

YEAR_CUES = (
    "in", "since", "from", "during", "by", "until", "till", "through", "before", "after", "of", "for",
    "between", "and", "to", "early", "late", "mid", "the", "around", "circa", "year", "summer", "winter",
    "spring", "autumn", "fall", "end", "start", "beginning", "middle", "as of",
)
"""Words after which a bare four-digit number is read as a year ("in 2014", "the 2018
elections"); elsewhere "2000" may be a count."""

TEMPORAL_YEAR_CUES = (
    "in", "since", "during", "until", "till", "through", "before", "after", "early", "late", "mid",
    "summer", "winter", "spring", "autumn", "fall", "as of",
)
"""The cues of YEAR_CUES that only a time follows: "in 2014 troops entered" is a year even before
a count noun, while "for 2000 troops" and "the 2000 troops" are counts."""

YEAR_DETERMINERS = ("a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "whose", "'s", "’s")
"""Words after which a bare year directly before a noun modifies it ("a 2014 massacre",
"Iraq's 2018 election"); without such a word "rocket 2019" or "flight 2019" is a label."""

COUNT_NOUNS = (
    "people", "persons", "civilians", "residents", "families", "children", "women", "men", "refugees",
    "migrants", "troops", "soldiers", "fighters", "militants", "militiamen", "police", "policemen",
    "officers", "members", "protesters", "demonstrators", "prisoners", "detainees", "workers", "students",
    "voters", "votes", "casualties", "dead", "deaths", "victims", "wounded", "rockets", "missiles", "drones",
    "shells", "mortars", "bombs", "rounds", "weapons", "guns", "rifles", "vehicles", "trucks", "tanks",
    "homes", "houses", "buildings", "villages", "tents", "km", "kilometres", "kilometers", "miles", "metres",
    "meters", "feet", "tonnes", "tons", "barrels", "litres", "liters", "dollars", "euros", "dinars", "riyals",
    "pounds", "rials", "more", "others", "of", "or", "to", "and", "were", "are", "have", "had", "out",
)
"""Words after a four-digit number that make it a count ("2014 people", "2019 rockets", "2000 of
them") unless a temporal cue precedes it."""

MONTH_CUES = (
    "in", "since", "from", "during", "until", "till", "by", "before", "after", "through", "of",
    "between", "and", "to", "early", "late", "mid", "last", "this", "next", "end of", "beginning of",
    "start of", "middle of", "the",
)
"""Words that make a capitalised month name a date ("in January", "last June", "in the October
election") rather than a name or a verb ("May", "March")."""


def _ago(unit: str) -> Callable[[date, int], tuple[date, date]]:
    def resolve(d: date, n: int) -> tuple[date, date]:
        if unit == "day":
            return d - timedelta(days=n), d - timedelta(days=n)
        if unit == "week":
            return d - timedelta(days=7 * n + 3), d - timedelta(days=7 * n - 3)
        if unit == "month":
            y, m = _shift_month(d.year, d.month, -n)
            return date(y, m, 1), _month_end(y, m)
        return date(d.year - n, 1, 1), date(d.year - n, 12, 31)

    return resolve


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_of(d: date, delta: int) -> tuple[date, date]:
    y, m = _shift_month(d.year, d.month, delta)
    return date(y, m, 1), _month_end(y, m)


def _year_of(d: date, delta: int, first: int = 1, last: int = 12) -> tuple[date, date]:
    return date(d.year + delta, first, 1), _month_end(d.year + delta, last)


def _day(delta: int) -> Callable[[date], tuple[date, date]]:
    return lambda d: (d + timedelta(days=delta), d + timedelta(days=delta))


RELATIVE_PHRASES: dict[str, Callable[[date], tuple[date, date]]] = {
    # days
    "the day before yesterday": _day(-2),
    "yesterday": _day(-1),
    "the day before": _day(-1),
    "the previous day": _day(-1),
    "a day earlier": _day(-1),
    "earlier today": _day(0),
    "today": _day(0),
    "tonight": _day(0),
    "this morning": _day(0),
    "this afternoon": _day(0),
    "this evening": _day(0),
    "overnight": lambda d: (d - timedelta(days=1), d),
    "tomorrow": _day(1),
    # weeks
    "last week": lambda d: (_week_start(d) - timedelta(days=7), _week_start(d) - timedelta(days=1)),
    "the previous week": lambda d: (_week_start(d) - timedelta(days=7), _week_start(d) - timedelta(days=1)),
    "earlier this week": lambda d: (_week_start(d), d),
    "this week": lambda d: (_week_start(d), _week_start(d) + timedelta(days=6)),
    "next week": lambda d: (_week_start(d) + timedelta(days=7), _week_start(d) + timedelta(days=13)),
    "last weekend": lambda d: (_week_start(d) - timedelta(days=2), _week_start(d) - timedelta(days=1)),
    "this weekend": lambda d: (_week_start(d) + timedelta(days=5), _week_start(d) + timedelta(days=6)),
    # months
    "last month": lambda d: _month_of(d, -1),
    "the previous month": lambda d: _month_of(d, -1),
    "earlier this month": lambda d: _month_of(d, 0),
    "this month": lambda d: _month_of(d, 0),
    "the beginning of the month": lambda d: _month_of(d, 0),
    "the start of the month": lambda d: _month_of(d, 0),
    "the end of last month": lambda d: _month_of(d, -1),
    "next month": lambda d: _month_of(d, 1),
    # years
    "the end of last year": lambda d: _year_of(d, -1, 12, 12),
    "the beginning of last year": lambda d: _year_of(d, -1, 1, 1),
    "the start of last year": lambda d: _year_of(d, -1, 1, 1),
    "late last year": lambda d: _year_of(d, -1, 7, 12),
    "early last year": lambda d: _year_of(d, -1, 1, 6),
    "last year": lambda d: _year_of(d, -1),
    "the previous year": lambda d: _year_of(d, -1),
    "earlier this year": lambda d: (date(d.year, 1, 1), d),
    "early this year": lambda d: _year_of(d, 0, 1, 6),
    "the beginning of the year": lambda d: _year_of(d, 0, 1, 1),
    "the start of the year": lambda d: _year_of(d, 0, 1, 1),
    "this year": lambda d: _year_of(d, 0),
    "next year": lambda d: _year_of(d, 1),
    "last summer": lambda d: _year_of(d, 0 if d.month >= 9 else -1, 6, 8),
    "this summer": lambda d: _year_of(d, 0, 6, 8),
    "last spring": lambda d: _year_of(d, 0 if d.month >= 6 else -1, 3, 5),
    "this spring": lambda d: _year_of(d, 0, 3, 5),
    "last autumn": lambda d: _year_of(d, 0 if d.month == 12 else -1, 9, 11),
    "last fall": lambda d: _year_of(d, 0 if d.month == 12 else -1, 9, 11),
    "this autumn": lambda d: _year_of(d, 0, 9, 11),
    "this fall": lambda d: _year_of(d, 0, 9, 11),
}
"""Relative phrases, each a function from the anchor day to the (first, last) day it can mean."""

AGO_UNITS = {"day": _ago("day"), "week": _ago("week"), "month": _ago("month"), "year": _ago("year")}

# ----------------------------------------------------------------------- patterns


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _cap_alternation(words) -> str:
    """Alternation that requires a capital first letter (the rest in any case): month and
    weekday names count only when capitalised, which keeps the verbs "may" and "march" out.
    A literal first letter also keeps the scan fast."""
    by_initial: dict[str, list[str]] = {}
    for w in words:
        by_initial.setdefault(w[0].upper(), []).append(w[1:])
    parts = []
    for initial, rests in sorted(by_initial.items()):
        alts = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
        parts.append(f"{initial}(?i:{alts})")
    return "(?:" + "|".join(parts) + ")"


_FULL_MONTHS = [m for m in MONTHS if m == calendar.month_name[MONTHS[m]].lower()]
_MON = (rf"(?P<mon>{_cap_alternation(_FULL_MONTHS)}(?![a-zA-Z])"
        rf"|{_cap_alternation(set(MONTHS) - set(_FULL_MONTHS))}(?![a-zA-Z])\.?)")
"""A month name; only abbreviations ("Nov.") take a period, so "in March." ends before it."""
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?:(?!\d)|(?=\d{1,2}:\d{2}))"
"""A year; scraped pages sometimes glue the time to it ("November 4, 20194:13 PM")."""
_F = re.IGNORECASE

P_DMY = re.compile(rf"(?<!\d){_DAY}\s*(?:of\s+)?{_MON},?\s*{_YEAR}")
P_MDY = re.compile(rf"{_MON}\s*{_DAY},?\s*{_YEAR}")
P_WD_BEFORE = re.compile(rf"\b{_cap_alternation(WEEKDAYS)}(?![a-zA-Z])\.?,?\s+$")
"""A weekday just before a date ("Thursday, 01 March 2018") joins the mention."""
P_Q_BEFORE = re.compile(r"\b(?i:early|mid|late)[\s-]+$")
P_YQ_BEFORE = re.compile(
    r"\b(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|"
    r"the\s+summer\s+of|the\s+winter\s+of|the\s+spring\s+of|the\s+autumn\s+of|summer|winter|spring|autumn)"
    r"[\s-]+$"
)
P_CUE_BEFORE = re.compile(rf"\b(?i:{_alternation(YEAR_CUES)})[\s-]+$")
P_NAME_AFTER = re.compile(rf"\s+(?i:{_alternation(NAME_NOUNS)})\b")
P_TEMPORAL_BEFORE = re.compile(rf"\b(?i:{_alternation(TEMPORAL_YEAR_CUES)})[\s-]+$")
P_DET_BEFORE = re.compile(rf"(?:(?<![\w'’]){_alternation(w for w in YEAR_DETERMINERS if w[0].isalpha())}"
                          rf"|[^\W\d_][’']s)\s+$", _F)
P_COUNT_AFTER = re.compile(rf"\s+(?i:{_alternation(COUNT_NOUNS)})\b")
P_NOUN_AFTER = re.compile(r"\s+(?P<noun>[a-z][a-z-]{2,})\b")
"""A lowercase word after a year: the noun it modifies, or an adjective before that noun."""
P_ANY_YEAR = re.compile(r"(?<![\d.,$£€])(?P<year>(?:1[89]|20)\d{2})(?!\d|s\b|\s*%|,\d|\.\d)")
P_ISO = re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})([-/])(?P<m>[01]?\d)\2(?P<d>[0-3]?\d)(?![\d/.-])")
P_NUM = re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)([/.-])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/.])")
P_DM = re.compile(rf"(?<!\d){_DAY}\s*(?:of\s+)?{_MON}(?!\s*,?\s*\d)")
P_MD = re.compile(rf"{_MON}\s*{_DAY}(?!\s*,?\s*\d)(?P<last>\s+last\b)?")
P_HOLIDAY = re.compile(rf"\b(?i:{_alternation(FIXED_HOLIDAYS)})\b")
P_MY = re.compile(rf"{_MON},?\s+{_YEAR}")
P_MONTH = re.compile(
    rf"\b(?P<cue>(?i:{_alternation(MONTH_CUES)}))[\s-]+(?:(?P<q>(?i:early|mid|late))[\s-]+)?{_MON}(?!\.?\s*,?\s*\d)"
)
P_WEEKDAY = re.compile(
    rf"(?:\b(?P<mod>(?i:last|this|next|on|on\s+last|since|by|until))\s+)?(?P<wd>{_cap_alternation(FULL_WEEKDAYS)})\b"
)
P_RELATIVE = re.compile(rf"\b(?P<phrase>{_alternation(RELATIVE_PHRASES)})\b", _F)
P_AGO = re.compile(
    rf"\b(?P<n>\d+|{_alternation(NUMBER_WORDS)})\s+(?P<unit>day|week|month|year)s?\s+ago\b", _F
)
P_KEYWORD = re.compile(rf"(?P<kw>{_alternation(DATELINE_KEYWORDS)})\s*:?\s*(?:on\s+)?$", _F)
P_TIME_TAIL = re.compile(
    r"^[\s,|/·•-]*(?:at\s+)?(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?\s*(?:\(?[A-Z]{2,4}\)?)?\s*[|/·•-]?\s*$",
    _F,
)
P_LINE_KEYWORD = re.compile(
    r"\s*(?P<kw>(?i:published|first published|posted|updated|last updated|last modified|modified|created|dated|date))\b"
)
P_WIRE_BEFORE = re.compile(r"^[A-Z][\w.'’ -]{1,40}?(?:\s*\([^)\n]{1,40}\))?\s*[,:]\s*$")
P_WIRE_AFTER = re.compile(r"^\s*(?:\([^)\n]{1,40}\))?\s*[-–—:]")
P_US_TZ = re.compile(rf"\b(?:{'|'.join(US_TIME_ZONES)})\b")


# ---------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class DateMention:
    """One date expression in a text: where it is, what it means and how that was decided.

    ``value`` is ``None`` when the expression cannot be placed in time without
    a guess (a relative date with no anchor, an ambiguous numeric date...).
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    how: str


@dataclass(frozen=True)
class _Raw:
    """A pattern hit before overlap resolution: span, the days it may mean, and how."""

    start: int
    end: int
    lo: date | None
    hi: date | None
    how: str
    priority: int  # lower wins when two hits overlap and have the same length


def _glued_ok(text: str, m: re.Match) -> bool:
    """A date glued to a preceding word ("Iraq25 June 2018", "ValoriNovember 16") is fine;
    a match inside a lowercase word is not."""
    s = m.start()
    if s == 0 or not text[s - 1].isalpha():
        return True
    return text[s].isupper() or text[s].isdigit()


def _mk_date(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _two_digit(y: str) -> int:
    n = int(y)
    if len(y) == 4:
        return n
    return 2000 + n if n < TWO_DIGIT_PIVOT else 1900 + n


def _value(lo: date | None, hi: date | None) -> DateValue | None:
    """The finest of day/month/year that contains the whole range, or None."""
    if lo is None or hi is None or lo > hi:
        return None
    if lo == hi:
        return DateValue(lo.isoformat(), "day")
    if (lo.year, lo.month) == (hi.year, hi.month):
        return DateValue(f"{lo.year:04d}-{lo.month:02d}", "month")
    if lo.year == hi.year:
        return DateValue(f"{lo.year:04d}", "year")
    return None


def _anchor_range(anchor: DateValue | None) -> tuple[date, date] | None:
    """The days an anchor may stand for: one day, a month, or a year."""
    if anchor is None:
        return None
    try:
        y = int(anchor.iso[:4])
        if anchor.precision == "day":
            d = date.fromisoformat(anchor.iso[:10])
            return d, d
        if anchor.precision == "month":
            m = int(anchor.iso[5:7])
            return date(y, m, 1), _month_end(y, m)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        log.debug("unusable anchor %r", anchor)
        return None


def _resolve(anchor: tuple[date, date] | None, f: Callable[[date], tuple[date, date]]):
    """Apply a day->range rule to both ends of the anchor range and join the results."""
    if anchor is None:
        return None, None
    lo1, hi1 = f(anchor[0])
    lo2, hi2 = f(anchor[1])
    return min(lo1, lo2), max(hi1, hi2)


def _month(m: re.Match) -> int:
    return MONTHS[m["mon"].lower().rstrip(".")]


def _with_prefix(text: str, start: int, pattern: re.Pattern) -> int:
    """Extend a match leftwards over a prefix such as a weekday or "late" right before it."""
    window = text[max(0, start - 30):start]
    m = pattern.search(window)
    return start - (len(window) - m.start()) if m else start


def _explicit_hits(text: str) -> Iterator[_Raw]:
    """Full dates with a year: day/month/year in words, ISO and numeric forms, month + year, years."""
    for pat in (P_DMY, P_MDY):
        for m in pat.finditer(text):
            if not _glued_ok(text, m):
                continue
            d = _mk_date(int(m["year"]), _month(m), int(m["day"]))
            if d:
                yield _Raw(_with_prefix(text, m.start(), P_WD_BEFORE), m.end(), d, d, "explicit date", 0)
    for m in P_ISO.finditer(text):
        d = _mk_date(int(m["year"]), int(m["m"]), int(m["d"]))
        if d:
            yield _Raw(m.start(), m.end(), d, d, "explicit ISO date", 0)
    for m in P_NUM.finditer(text):
        yield from _numeric(text, m)
    for m in P_MY.finditer(text):
        if not _glued_ok(text, m):
            continue
        y, mo = int(m["year"]), _month(m)
        start = _with_prefix(text, m.start(), P_Q_BEFORE)
        yield _Raw(start, m.end(), date(y, mo, 1), _month_end(y, mo), "explicit month and year", 1)
    for m in P_ANY_YEAR.finditer(text):
        yield from _bare_year(text, m)


def _bare_year(text: str, m: re.Match) -> Iterator[_Raw]:
    """A four-digit year on its own, when the words around it say it is a time.

    "late 2014" and "in 2014" are years; so is a year between a determiner and the noun
    it modifies ("a 2014 massacre", "Iraq's 2018 election").  Before a count noun
    ("2014 people", "the 2000 troops", "for 2019 rockets") the number is a count unless
    a temporal cue ("in", "since", "after") precedes it.
    """
    y = int(m["year"])
    start = _with_prefix(text, m.start(), P_YQ_BEFORE)
    if start < m.start():
        yield _Raw(start, m.end(), date(y, 1, 1), date(y, 12, 31), "explicit year", 2)
        return
    count = bool(P_COUNT_AFTER.match(text, m.end()))
    if _with_prefix(text, m.start(), P_TEMPORAL_BEFORE) < m.start():
        yield _Raw(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31), "explicit year", 3)
    elif count:
        return
    elif _with_prefix(text, m.start(), P_CUE_BEFORE) < m.start():
        yield _Raw(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31), "explicit year", 3)
    elif (noun := P_NOUN_AFTER.match(text, m.end())) and _with_prefix(text, m.start(), P_DET_BEFORE) < m.start():
        how = f"explicit year before the noun '{noun['noun']}':"
        yield _Raw(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31), how, 3)


def _numeric(text: str, m: re.Match) -> Iterator[_Raw]:
    """``11/7/19`` and friends, with the order rule documented at the top of the module."""
    a, b, y = int(m["a"]), int(m["b"]), _two_digit(m["y"])
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    if P_US_TZ.search(line) and a <= 12:
        mo, d, how = a, b, "numeric date read month/day/year (US time zone on the line)"
    elif a > 12 >= b:
        mo, d, how = b, a, "numeric date read day/month/year (first number above 12)"
    elif b > 12 >= a:
        mo, d, how = a, b, "numeric date read month/day/year (second number above 12)"
    elif a == b:
        mo, d, how = a, b, "numeric date (day equals month)"
    else:
        yield _Raw(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31),
                   "numeric date with ambiguous day/month order: year only", 0)
        return
    dd = _mk_date(y, mo, d)
    if dd:
        yield _Raw(m.start(), m.end(), dd, dd, how, 0)


def _closest_year(anchor: tuple[date, date] | None, mo: int, d: int, last: bool) -> tuple[date | None, date | None]:
    """A month-day without a year, placed by the anchor: the most recent such day on or
    before it (up to :data:`LOOK_AHEAD_DAYS` after it, except with ``last``)."""
    if anchor is None:
        return None, None
    ahead = 0 if last else LOOK_AHEAD_DAYS
    picks = []
    for a in anchor:
        options = [x for x in (_mk_date(a.year + k, mo, d) for k in (-1, 0, 1)) if x]
        options = [x for x in options if (x - a).days <= ahead]
        if not options:
            return None, None
        picks.append(max(options))
    return min(picks), max(picks)


def _yearless_hits(text: str, anchor: tuple[date, date] | None) -> Iterator[_Raw]:
    """Day and month without a year ("December 18", "25 Jun", "October 30 last")."""
    for pat in (P_MD, P_DM):
        for m in pat.finditer(text):
            if not _glued_ok(text, m):
                continue
            mo, d = _month(m), int(m["day"])
            if not 1 <= d <= 31 or P_NAME_AFTER.match(text, m.end()):
                continue
            last = bool(m.groupdict().get("last"))
            lo, hi = _closest_year(anchor, mo, d, last)
            rule = ("the most recent on or before" if last
                    else f"the most recent on or before (up to {LOOK_AHEAD_DAYS} days after)")
            how = f"'{m.group(0)}' without a year: {rule} anchor {{anchor}}"
            yield _Raw(_with_prefix(text, m.start(), P_WD_BEFORE), m.end(), lo, hi, how, 1)


def _holiday_hits(text: str, anchor: tuple[date, date] | None) -> Iterator[_Raw]:
    """Fixed-day holidays ("on New Year's Eve"), placed like a day and month without a year."""
    for m in P_HOLIDAY.finditer(text):
        mo, d = FIXED_HOLIDAYS[re.sub(r"\s+", " ", m.group(0).lower())]
        lo, hi = _closest_year(anchor, mo, d, False)
        how = (f"holiday '{m.group(0)}' ({d:02d}/{mo:02d}) without a year: the most recent on or before "
               f"(up to {LOOK_AHEAD_DAYS} days after) anchor {{anchor}}")
        yield _Raw(m.start(), m.end(), lo, hi, how, 1)


def _month_hits(text: str, anchor: tuple[date, date] | None, explicit: Sequence[_Raw] = ()) -> Iterator[_Raw]:
    """A month name without day or year ("in January", "last June", "this November").

    "The October election" after an explicit date in the same text ("In December 2021 it
    ratified the results of the October election") is the October before that date,
    not before the dateline: the sentence has set its own time."""
    for m in P_MONTH.finditer(text):
        mo = _month(m)
        cue = m["cue"].lower()
        told = [h for h in explicit if h.end <= m.start() and h.lo is not None and h.hi is not None]
        if cue == "the" and told:
            ref = told[-1]
            y = ref.hi.year if mo <= ref.hi.month else ref.hi.year - 1
            yield _Raw(m.start(), m.end(), date(y, mo, 1), _month_end(y, mo),
                       f"month '{m.group(0)}': the most recent before the sentence's own date "
                       f"'{text[ref.start:ref.end]}'", 2)
            continue

        def rule(a: date, mo=mo, cue=cue) -> tuple[date, date]:
            if cue == "this":
                y = a.year
            elif cue == "next":
                y = a.year if mo > a.month else a.year + 1
            elif cue == "last":
                y = a.year if mo < a.month else a.year - 1
            else:  # "in March", "since August": the most recent such month
                y = a.year if mo <= a.month else a.year - 1
            return date(y, mo, 1), _month_end(y, mo)

        lo, hi = _resolve(anchor, rule)
        yield _Raw(m.start(), m.end(), lo, hi, f"month '{m.group(0)}' placed by anchor {{anchor}}", 2)


def _weekday_hits(text: str, anchor: tuple[date, date] | None) -> Iterator[_Raw]:
    """Weekday names: the most recent such day on or before the anchor ("last": strictly before)."""
    for m in P_WEEKDAY.finditer(text):
        wd = FULL_WEEKDAYS.index(m["wd"].lower())
        mod = (m["mod"] or "").lower().split()[-1] if m["mod"] else ""

        def rule(a: date, wd=wd, mod=mod) -> tuple[date, date]:
            back = (a.weekday() - wd) % 7
            if mod == "next":
                fwd = (wd - a.weekday()) % 7 or 7
                return a + timedelta(days=fwd), a + timedelta(days=fwd)
            if mod == "last" and back == 0:
                back = 7
            return a - timedelta(days=back), a - timedelta(days=back)

        lo, hi = _resolve(anchor, rule)
        how = f"weekday '{m['wd']}': the {'next' if mod == 'next' else 'most recent'} such day"
        how += " {rel} anchor {anchor}".replace("{rel}", "after the" if mod == "next" else
                                               "before the" if mod == "last" else "on or before the")
        yield _Raw(m.start(), m.end(), lo, hi, how, 4)


def _relative_hits(text: str, anchor: tuple[date, date] | None) -> Iterator[_Raw]:
    """Phrases from :data:`RELATIVE_PHRASES` and "N days/weeks/months/years ago"."""
    for m in P_RELATIVE.finditer(text):
        key = re.sub(r"\s+", " ", m["phrase"].lower())
        lo, hi = _resolve(anchor, RELATIVE_PHRASES[key])
        yield _Raw(m.start(), m.end(), lo, hi, f"relative '{key}' to anchor {{anchor}}", 3)
    for m in P_AGO.finditer(text):
        n_text = re.sub(r"\s+", " ", m["n"].lower())
        n = int(n_text) if n_text.isdigit() else NUMBER_WORDS[n_text]
        if n_text in ("a few",):
            continue
        unit = m["unit"].lower()
        lo, hi = _resolve(anchor, lambda a, n=n, unit=unit: AGO_UNITS[unit](a, n))
        yield _Raw(m.start(), m.end(), lo, hi, f"relative '{m.group(0)}' to anchor {{anchor}}", 3)


def _select(hits: list[_Raw]) -> list[_Raw]:
    """Non-overlapping hits, preferring the longest, then the most explicit."""
    chosen: list[_Raw] = []
    taken: list[tuple[int, int]] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.priority, h.start)):
        if any(h.start < e and s < h.end for s, e in taken):
            continue
        chosen.append(h)
        taken.append((h.start, h.end))
    return sorted(chosen, key=lambda h: h.start)


def find_dates(text: str, anchor: DateValue | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, each with its value and how it was decided.

    Parameters
    ----------
    text
        Any text (a sentence, a paragraph, an article).
    anchor
        The date relative expressions count from, normally the article's dateline.
        Without it, relative expressions and yearless dates get ``value=None``:
        the year is unknown and today's date is never used instead.

    Returns
    -------
    list of DateMention
        Non-overlapping mentions sorted by position.
    """
    rng = _anchor_range(anchor)
    hits = list(_explicit_hits(text))
    hits += _yearless_hits(text, rng)
    hits += _holiday_hits(text, rng)
    hits += _month_hits(text, rng, [h for h in hits if h.how.startswith(("explicit", "numeric"))])
    hits += _weekday_hits(text, rng)
    hits += _relative_hits(text, rng)
    out = []
    for h in _select(hits):
        phrase = text[h.start:h.end]
        relative = not h.how.startswith(("explicit", "numeric"))
        if relative and rng is None:
            how = h.how.replace("{anchor}", "(none)") + ": no anchor, so the year is unknown"
            out.append(DateMention(h.start, h.end, phrase, None, how))
            continue
        how = f"{h.how} '{phrase}'" if not relative else h.how.replace("{anchor}", anchor.iso)
        val = _value(h.lo, h.hi)
        if val is None and relative:
            how += ": the anchor is too coarse to decide"
        if val is not None:
            val = DateValue(val.iso, val.precision, how)
        out.append(DateMention(h.start, h.end, phrase, val, how))
    return out


# ---------------------------------------------------------------------- datelines


@dataclass(frozen=True)
class _Candidate:
    rank: int
    start: int
    lo: date
    hi: date
    yearless: tuple[int, int] | None  # (month, day) when the year must come from elsewhere
    how: str


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (le if le >= 0 else len(text))


def _dateline_rank(text: str, start: int, end: int) -> tuple[int, str] | None:
    """Is the date at [start, end) in a dateline position?  Returns (rank, reason) or None.

    Positions: after a keyword ("Published:", "Updated:", "On" in a short line);
    wire style ("BAGHDAD, March 3, 2021 -", "London, 25 Jun -"); alone on a line
    (with a weekday or a time); at the start or end of a short line that is not a
    sentence (a byline or a headline with the date glued on).
    """
    ls, le = _line_bounds(text, start, end)
    before, after = text[ls:start], text[end:le]
    short = (le - ls) <= 140
    kw = P_KEYWORD.search(before)
    if kw and kw.group("kw") and _keyword_position_ok(before, kw):
        word = re.sub(r"\s+", " ", kw.group("kw").lower())
        rank = DATELINE_KEYWORDS[word]
        if word != "on" or (short and _byline_on(kw.group("kw"), before, after)):
            return rank, f"after '{kw.group('kw')}'"
    lead = P_LINE_KEYWORD.match(text, ls, start)
    if lead and short:
        word = re.sub(r"\s+", " ", lead.group("kw").lower())
        return DATELINE_KEYWORDS.get(word, 1), f"on a line starting '{lead.group('kw')}'"
    if P_WIRE_BEFORE.match(before) and P_WIRE_AFTER.match(after):
        return 1, "wire dateline"
    if not short:
        return None
    tail_ok = bool(P_TIME_TAIL.match(after))
    if not before.strip() and tail_ok:
        return 1, "alone on its line"
    if tail_ok and not before.rstrip().endswith((",", ";")) and _not_sentence(before):
        return 1, "at the end of a short heading or byline line"
    if tail_ok and before.rstrip().endswith(",") and len(before.split()) <= 4 and not any(
            c in before for c in ".;:"):
        return 1, "after a label or byline and a comma"  # "Analysis, January 20, 2024", "By Jane Doe, 3 May 2021"
    if not before.strip() and re.match(r"\s*(?:[-–—|/·•]|\d{1,2}[:.]\d{2}|$)", after):
        return 1, "at the start of a short line"
    return None


def _keyword_position_ok(before: str, kw: re.Match) -> bool:
    """A dateline keyword counts when capitalised ("Published", "Last modified on"), at the
    start of the line, or after a separator ("By X | posted"), not inside a sentence
    ("the report, published on 3 March 2019, said...")."""
    word = kw.group("kw")
    prefix = before[:kw.start()].rstrip()
    return word[0].isupper() or not prefix or prefix[-1] in "|•·–—-"


def _byline_on(word: str, before: str, after: str) -> bool:
    """ "On" introduces a publication date only in a byline ("By X On 11/7/19 at 7:52 AM EST"),
    not in prose ("On 3 November 2019, protesters attacked...")."""
    return word[0].isupper() and bool(P_TIME_TAIL.match(after)) and len(before.split()) <= 10


def _not_sentence(before: str) -> bool:
    """Text before a trailing date that reads as a heading/byline/caption rather than prose."""
    words = before.split()
    return len(words) <= 20


def _year_from_head(head: str, mo: int, exclude: tuple[int, int]) -> tuple[int, str] | None:
    """A year stated elsewhere in the head, for a dateline that has none ("London, 25 Jun -")."""
    for h in sorted(_explicit_hits(head), key=lambda h: h.start):
        if h.start < exclude[1] and exclude[0] < h.end:
            continue
        if h.lo is None or h.lo.year != h.hi.year or h.how.startswith("explicit year"):
            continue
        y = h.lo.year
        src_month = h.lo.month if (h.lo.year, h.lo.month) == (h.hi.year, h.hi.month) else mo
        if src_month - mo > 6:
            y += 1
        elif mo - src_month > 6:
            y -= 1
        return y, head[h.start:h.end]
    return None


def find_dateline(text: str) -> DateValue | None:
    """The publication date or wire dateline near the head of an article, or ``None``.

    Only dates in a dateline position count (see :func:`_dateline_rank`), so a
    date in the first sentence of prose ("in March 2018, the minister...") is not
    taken for the publication date.  A "Published" date beats an "Updated" one;
    otherwise the earliest wins.  A dateline without a year ("London, 25 Jun -")
    takes the year of another explicit date in the head, and yields ``None``
    when there is none: the year is never guessed.

    Parameters
    ----------
    text
        The head of an article (only the first :data:`HEAD_CHARS` characters are read).

    Returns
    -------
    DateValue or None
        Day precision for full dates; ``how`` quotes the dateline and why it was taken.
    """
    head = text[:HEAD_CHARS]
    cands: list[_Candidate] = []
    for h in _explicit_hits(head):
        if h.lo is None or h.how.startswith("explicit year") or h.how.startswith("explicit month"):
            continue
        pos = _dateline_rank(head, h.start, h.end)
        if pos is None:
            continue
        rank, why = pos
        cands.append(_Candidate(rank, h.start, h.lo, h.hi, None, f"dateline '{head[h.start:h.end]}' ({why}; {h.how})"))
    for h in _yearless_hits(head, None):
        pos = _dateline_rank(head, h.start, h.end)
        if pos is None:
            continue
        m = P_MD.match(head, h.start) or P_DM.match(head, h.start)
        if not m or m.end() != h.end:
            continue
        mo, d = _month(m), int(m["day"])
        rank, why = pos
        how = f"{why}; day and month '{head[h.start:h.end]}'"
        cands.append(_Candidate(rank + 1, h.start, date.min, date.min, (mo, d), how))
    for c in sorted(cands, key=lambda c: (c.rank, c.start)):
        if c.yearless is None:
            val = _value(c.lo, c.hi)
            if val:
                return DateValue(val.iso, val.precision, c.how)
            continue
        mo, d = c.yearless
        found = _year_from_head(head, mo, (c.start, c.start + 1))
        if found is None:
            log.debug("dateline without a year and none in the head: %s", c.how)
            continue
        y, src = found
        dd = _mk_date(y, mo, d)
        if dd:
            return DateValue(dd.isoformat(), "day", f"dateline ({c.how}), year from '{src}' in the head")
    return None


def parse_date(value: str) -> DateValue | None:
    """A date given as metadata (a JSONL ``date`` field, an HTML ``<meta>``), as precise as it says.

    Accepts ISO forms (``2019-11-03``, ``2019-11``, ``2019``, ``2019-11-03T10:00:00Z``)
    and anything :func:`find_dates` reads as one explicit date ("3 November 2019").
    """
    s = (value or "").strip()
    m = re.fullmatch(r"((?:1[89]|20)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?", s)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
        try:
            if d:
                return DateValue(date(y, int(mo), int(d)).isoformat(), "day", f"metadata date '{s}'")
            if mo and 1 <= int(mo) <= 12:
                return DateValue(f"{y:04d}-{int(mo):02d}", "month", f"metadata date '{s}'")
            if not mo:
                return DateValue(f"{y:04d}", "year", f"metadata date '{s}'")
        except ValueError:
            return None
        return None
    for mention in find_dates(s):
        if mention.value is not None:
            v = mention.value
            return DateValue(v.iso, v.precision, f"metadata date '{s}'")
    return None
