"""Dates in CV text, and the date a CV was written.

A degree is "in progress" or "completed" as of the day its CV was written, not as of today: a
2019 CV that says "PhD, 2016 - 2021" describes a PhD student. The CV's date is, in order, the
date of its "last updated" / "as of" line, a full date in a page's running header or footer
("Curriculum Vitae  August 25, 2022") unless the CV mentions a later one, else the latest date
the CV mentions outside the entries being judged (a degree's own "2020 - 2025" cannot date the
CV it is judged by), leaving out dates marked as expected and page numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from candidates.extraction.document import TextLine

_MONTH_NAMES = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may", "may"),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
)  # fmt: skip
_MONTH_NUMBER = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 1}
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_Y = r"(19[5-9]\d|20[0-4]\d)"
_END = r"(?![\d])(?!\.\d)"
_START = r"(?<![\d.])"
_MM = r"(0?[1-9]|1[0-2])"
_DAY = r"([0-3]?\d)"
_DATE = re.compile(
    "|".join(
        (
            rf"(?P<a>\b{_MONTH})\.?\s+(?:{_DAY}(?:st|nd|rd|th)?,?\s+)?{_START}{_Y}{_END}",
            rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?P<b>{_MONTH})\.?,?\s+{_START}{_Y}{_END}",
            rf"(?P<c>\b{_SEASON})\s+{_START}{_Y}{_END}",
            rf"{_START}{_Y}\s*年\s*{_MM}\s*月",  # 2020 年 9 月
            rf"{_START}{_Y}-(0[1-9]|1[0-2])-([0-3]\d)(?!\d)",  # ISO 2025-12-26
            rf"{_START}{_Y}[./](0[1-9]|1[0-2]){_END}",  # 2019.08, 2019/08
            rf"{_START}{_MM}/{_DAY}/{_Y}{_END}",  # 8/25/2022
            rf"{_START}{_MM}[./]{_Y}{_END}",  # 08/2019
            rf"{_START}{_Y}{_END}",
        )
    ),
    re.IGNORECASE,
)
# What joins the two ends of a range, and the words that leave a range open.
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—−~]|to\b|until\b|till\b|thru\b|through\b)\s*", re.I)
OPEN_END = re.compile(
    r"^\s*(?:present|now|current(?:ly)?|today|ongoing|date|to date|至今|现在|今)\b", re.IGNORECASE
)
# Words before a date that put it in the CV's future.
_FUTURE_MARK = re.compile(
    r"(?:expected|exp\.|anticipated|tentative|forthcoming|to appear|upcoming|planned|projected"
    r"|預定|预计)\W{0,3}(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# "Last updated: May 2024", "Curriculum Vitae (as of 2025-01-10)": the date follows at once.
_UPDATED = re.compile(
    r"(?:(?:last\s+)?(?:updated|revised|modified|compiled)|^\W*as\s+of|(?:curriculum vitae|\bcv"
    r"|r[ée]sum[ée])\W{0,3}as\s+of|最終更新日?|更新日)(?:\s+(?:on|in|at))?\W{0,3}$",
    re.IGNORECASE,
)
# Numbers that look like years but are pages, volumes or sums ("pp. 2035-2039", "$2010").
_NOT_A_YEAR = re.compile(r"(?:\bpp?\.|\bpages?|\bvol\.?|\bvolume|\bno\.|\bissue|#|\$)\s*$", re.I)
EDGE_LINES = 3  # lines at the top and at the bottom of a page that may be its running header


@dataclass(frozen=True)
class Found:
    """One date in a text: its year, month (None when not written) and day, where it is."""

    year: int
    month: int | None
    day: int | None
    start: int
    end: int

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month or 0)


def dates_in(text: str) -> list[Found]:
    """Every date written in a text, in order ("Aug 2019", "2019", "08/2019", "2020 年 9 月")."""
    found = []
    for match in _DATE.finditer(text):
        groups = [g for g in match.groups() if g is not None]
        named = match.group("a") or match.group("b") or match.group("c")
        year = next(int(g) for g in groups if g.isdigit() and len(g) == 4)
        month = day = None
        if named:
            word = named.lower()
            month = _SEASONS.get(word) or _MONTH_NUMBER.get(word)
            small = [int(g) for g in groups if g.isdigit() and len(g) <= 2]
            day = small[0] if small else None
        else:
            small = [int(g) for g in groups if len(g) <= 2]
            if small:
                month = small[0]
                day = small[1] if len(small) > 1 else None
        if day is not None and not 1 <= day <= 31:
            day = None
        found.append(Found(year, month, day, match.start(), match.end()))
    return found


@dataclass(frozen=True)
class Span:
    """The dates of an entry: its first and last date, and whether it runs to the present."""

    first: Found | None
    last: Found | None
    open_ended: bool
    closed_range: bool


def span_of(text: str) -> Span:
    """The range an entry's text gives ("Aug 2019 - May 2025", "2021 - present", "2019")."""
    found = dates_in(text)
    open_ended = any(
        (after := _joined(text, d.end)) != d.end and OPEN_END.match(text[after:]) for d in found
    )
    closed = len(found) >= 2 and not open_ended
    return Span(found[0] if found else None, found[-1] if found else None, open_ended, closed)


def _joined(text: str, at: int) -> int:
    """Where the text after a date continues past a range joiner ("-", "to"); ``at`` if none."""
    match = _RANGE_JOIN.match(text[at:])
    return at + match.end() if match else at


def written_on(
    lines: list[TextLine], *, today: date | None = None, judged: Sequence[TextLine] = ()
) -> date:
    """The date the CV was written (never after ``today``); ``today`` when nothing tells.

    ``judged`` are the lines whose dates are being judged against the CV's date (its education
    section): their dates do not count towards the latest date the CV mentions. A date known
    to the month is the first of that month; a year alone is the end of that year (as late as
    the CV allows).
    """
    today = today or date.today()
    found = _updated_line(lines)
    if found is None:
        skip = {id(line) for line in judged}
        others = [line for line in lines if id(line) not in skip]
        # A date in a running header may be older than the CV's latest entry: the later wins.
        known = [k for k in (_page_edge_date(lines), _latest_mentioned(others, today)) if k]
        found = max(known, key=lambda k: (k[0], k[1] or 0)) if known else None
    if found is None:
        return today
    year, month = found
    written = date(year, month, 1) if month else date(year, 12, 31)
    return min(written, today)


def _updated_line(lines: list[TextLine]) -> tuple[int, int | None] | None:
    """The date of a "last updated" / "as of" line."""
    for line in lines:
        if len(line.text) > 100:
            continue
        for found in dates_in(line.text):
            if _UPDATED.search(line.text[: found.start]):
                return found.year, found.month
    return None


def _page_edge_date(lines: list[TextLine]) -> tuple[int, int | None] | None:
    """A full date (day, month, year) alone in a page's first or last lines."""
    for line in _page_edges(lines):
        if len(line.text) > 80:
            continue
        for found in dates_in(line.text):
            ranged = _joined(line.text, found.end) != found.end
            if found.day is not None and found.month is not None and not ranged:
                return found.year, found.month
    return None


def _page_edges(lines: list[TextLine]) -> list[TextLine]:
    by_page: dict[int | None, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges = []
    for page_lines in by_page.values():
        ordered = sorted(page_lines, key=lambda line: line.top)
        edges += ordered[:EDGE_LINES] + ordered[-EDGE_LINES:]
    return edges


def _latest_mentioned(lines: list[TextLine], today: date) -> tuple[int, int | None] | None:
    """The latest past date the lines mention that is not expected (nor a page number)."""
    keys: list[tuple[int, int]] = []
    for line in lines:
        text = line.text
        found = dates_in(text)
        for date_ in found:
            before = text[: date_.start]
            if date_.year > today.year or _FUTURE_MARK.search(before) or _NOT_A_YEAR.search(before):
                continue
            keys.append(date_.key)
    if not keys:
        return None
    latest_year = max(year for year, _ in keys)
    months = [month for year, month in keys if year == latest_year and month]
    return latest_year, (max(months) if months else None)
