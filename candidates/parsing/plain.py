"""Reading publications out of plain text: a numbered or bulleted list, or a CV's section.

Two steps. **Splitting** cuts the lines into entries. List markers ("[3]", "2.", "J1", bullets)
decide when the list opens with one at its left margin; otherwise the layout does: a blank
line, a wider vertical gap, a return to the left margin after indented lines, a bold title
after plain lines, a line ending in a year, and, in layouts that put title, authors and venue
on lines of their own, the next author line. Sub-headings ("Journal Articles", "Preprints",
"2023"), equal-contribution legends and the bullets that describe a work are left out; a
status sub-heading ("Under review") becomes the note of the entries below it, and the entries
under "Patents" or "Talks" are skipped.

**Reading** finds the authors, title, venue and year of one entry across the usual styles:
"Authors. Title. Venue, 2023." (ACM, IEEE), "Author, A., Author, B. (2023). Title. Venue."
(APA), "Last, First, First Last. 2024. Title." (Chicago), quoted titles, title first, venue
tags ("[NeurIPS 2023] Title"), and stacked lines. The author list is read by a small grammar
of names ("J. Smith", "Smith, J.", "Smith J", "Jane Smith*", "JANE SMITH") rather than by
splitting at full stops, because initials are full of them.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice, pairwise

from candidates.authorship import noted_equal_contribution
from candidates.extraction.document import TextLine
from candidates.parsing.entries import (
    DASHES,
    MARKERS,
    OTHERS,
    SUPERSCRIPT_DIGITS,
    URL,
    YEAR_PATTERN,
    PublicationListResult,
    RawPublication,
    build_publication,
    clean_text,
    clean_title,
    clean_venue,
    extract_notes,
    names_a_status,
    split_markers,
    with_markers,
    year_in_text,
)
from candidates.venues import normalize_venue

# No author list is longer than this many characters (the longest in the corpus has ~700),
# and no entry has more rows than this.
AUTHOR_LIST_REACH = 3000
MAX_ENTRY_ROWS = 12
MAX_LINE_CHARACTERS = 2_000


def parse_plain_entries(
    lines: Sequence[TextLine] | str, *, heading: str = ""
) -> PublicationListResult:
    """The publications of a plain list, or of a CV's publications section given as the lines
    of a PDF (in reading order, with their geometry). A section ``heading`` that tells the kind
    of its works ("Workshop Papers", "Preprints") is the first sub-heading. Never raises."""
    # A heading joining kinds ("Publications and Preprints") tells nothing of each entry.
    joined = re.search(r"\band\b|&|,|/", heading)
    named = _heading(heading) if heading and not joined else None
    try:
        blocks = list(_blocks(_rows(lines), context=named[0] if named else None))
        column = _venue_column(blocks)
        # (Whether the list is in the economists' form is its document's to say: a CV's works
        # are grouped in sections, see citations.cv_publication_entries.)
        publications = [work for block in blocks for work in _works(block, venue_column=column)]
    finally:
        _row_names.cache_clear()  # rows of a CV are personal data: keep none once read
    return PublicationListResult("plain", publications, [])


# --- rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One non-empty line, with what the layout says about it (zero when there is no layout)."""

    text: str
    number: int  # 1-based index of the line in the input
    page: int | None = None
    x0: float = 0.0
    gap: float = 0.0
    size: float = 0.0
    bold: bool = False
    blank_before: bool = False


def _rows(lines: Sequence[TextLine] | str) -> list[_Row]:
    if isinstance(lines, str):
        lines = [
            TextLine(text=text, page=None, x0=_indent(text))
            for text in lines.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
    rows: list[_Row] = []
    blank = False
    for number, line in enumerate(lines, start=1):
        # No entry line is this long; past it a line is pasted prose, and reading it costs time.
        text = _clean_line(line.text[:MAX_LINE_CHARACTERS])
        if not text:
            blank = True
            continue
        rows.append(
            _Row(
                text=text,
                number=number,
                page=line.page,
                x0=line.x0,
                gap=line.gap,
                size=line.size,
                bold=line.bold,
                blank_before=blank,
            )
        )
        blank = False
    return rows


def _indent(text: str) -> float:
    """The indentation of a line of a text file, in characters."""
    expanded = text.expandtabs(4)
    return float(len(expanded) - len(expanded.lstrip(" ")))


def _clean_line(text: str) -> str:
    """A line without unmapped glyphs and icons. One wide gap (a table cell border, as between
    a title and its authors) is kept as two spaces; the many gaps of justified text collapse."""
    text = _CID.sub(" ", text)
    text = "".join(c for c in text if not "\ue000" <= c <= "\uf8ff").replace("\t", "  ").strip()
    text = _SPACED_MARK.sub(r"\1", text)
    # The gap after a bullet or number is no cell border: "-  Title ...  NeurIPS 2022".
    marker = _MARKER_GAP.match(text)
    head = f"{marker.group('marker')} " if marker else ""
    text = text[marker.end() :] if marker else text
    # A year or a number in a column of its own keeps its cell's gap ("2023  Title  NeurIPS").
    cell = None if marker else _LEADING_CELL.match(text)
    head = f"{cell.group('cell')}  " if cell else head
    text = text[cell.end() :] if cell else text
    if len(_WIDE_GAP.findall(text)) == 1:
        left, right = _WIDE_GAP.split(text)
        return f"{head}{_restore_spaces(clean_text(left))}  {_restore_spaces(clean_text(right))}"
    return head + _restore_spaces(clean_text(text))


# A superscript mark the PDF or the writer set a space or a comma apart from its name
# ("J. Doe *, R. Roe *", "Liu, C.J. †,", "Hu, F.F.,†,").
_SPACED_MARK = re.compile(
    rf"(?<=[^\W\d_]|\.)(?:\s+|\s*,\s*)([{re.escape(MARKERS)}]+)(?=\s*(?:[,;]|and\b|$))"
)


_MARKER_GAP = re.compile(
    r"(?P<marker>[-*\u2022\u00b7\u2219\u25e6\u25aa\u2013]|\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)])\s{2,}"
)
# A year set as a cell of its own ("2023  Title", "(2023):  Title").
_YEAR_LABEL = r"\(?(?P<year>(?:19|20)\d\d)\)?[.:]?"
_LEADING_CELL = re.compile(rf"(?P<cell>{_YEAR_LABEL}|\d{{1,3}})\s{{2,}}(?=\S)")
_CID = re.compile(r"\(cid:\d+\)")
_WIDE_GAP = re.compile(r"\s{2,}")


def _restore_spaces(text: str) -> str:
    """Put back the spaces a PDF extraction lost ("JunGu,ChunZhao" -> "Jun Gu, Chun Zhao").

    Only inside run-together tokens (long, with several lower-to-upper joints): elsewhere
    "McDonald", "DeepMind", "NeurIPS" and "arXiv:2301.00001" are written so on purpose.
    """
    tokens = text.split(" ")
    if not any(_run_together(token) for token in tokens):
        return text
    return " ".join(
        _AFTER_PUNCTUATION.sub(" ", _CAMEL.sub(" ", token)) if _run_together(token) else token
        for token in tokens
    )


def _run_together(token: str) -> bool:
    return len(token) >= 12 and len(_CAMEL.findall(token)) >= 2


_CAMEL = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])")
_AFTER_PUNCTUATION = re.compile(r"(?<=[,;])(?=\S)|(?<=[a-z]\.)(?=[A-Z])")


# --- splitting into entries ----------------------------------------------------------------------


@dataclass
class _Block:
    """The rows of one entry, the status its sub-heading gives it, and whether it is a
    numbered item of a list."""

    rows: list[_Row]
    context: str | None = None
    numbered: bool = False
    year: int | None = None  # from a year sub-heading ("2024", then the works of that year)
    titles_first: bool = False  # the list's entries open with their titles


def _blocks(rows: list[_Row], *, context: str | None = None) -> list[_Block]:
    """Rows grouped into entries, sub-headings and legends left out."""
    rows = _year_column(
        _without_page_edges(
            [row for row in rows if not (_is_legend(row.text) or _is_noise(row.text))]
        )
    )
    if not rows:
        return []
    section = _Layout.measured(rows)  # for sub-headings: size, weight and spacing
    blocks: list[_Block] = []
    run: list[_Row] = []
    skipping = False
    year: int | None = None

    titles_first = bool(_titles_first(rows))

    def close(run: list[_Row]) -> None:
        for block in _split_run(run, context, titles_first=titles_first):
            block.year = year
            block.titles_first = titles_first
            blocks.append(block)

    for index, row in enumerate(rows):
        heading = _heading(row.text)
        if heading is None or not section.sets_apart(rows, index):
            run.append(row)
            continue
        if not skipping:
            close(run)
        run = []
        single_year = _SINGLE_YEAR.match(row.text)
        if single_year:  # numbering that restarts every year, under the year
            year = int(single_year.group("year"))
            continue
        context, skipping = heading
    if not skipping:
        close(run)
    return blocks


def _without_page_edges(rows: list[_Row]) -> list[_Row]:
    """The rows without those a page break sets in a smaller type: a running head or foot
    the PDF reader kept ("Department of Physics" atop page 2). Left in, one such row set
    apart from the margin reads as the layout of the whole list."""
    sizes = [row.size for row in rows if row.size]
    if not sizes:
        return rows
    body = statistics.median(sizes)
    return [
        row
        for index, row in enumerate(rows)
        if not (
            row.size
            and row.size < body - 1
            and (
                (index and rows[index - 1].page != row.page)
                or (index + 1 < len(rows) and rows[index + 1].page != row.page)
            )
        )
    ]


def _year_column(rows: list[_Row]) -> list[_Row]:
    """A column of years beside the list, each set once beside the first of its works ("2024
    Doe, J. Title ...", the other works of 2024 below it at the list's indent), read as a year
    over its works: the year on a row of its own and its first work at the indent. Left as a
    marker, a year opened one entry and ran the year's other works into it."""
    if len(rows) < 3:
        return rows
    layout = _Layout.measured(rows)
    cells = [_YEAR_CELL.match(row.text) if layout.at_margin(row) else None for row in rows]
    # (Years alone on their rows head the works of that year, beside the column or not.)
    others = [
        row
        for row, cell in zip(rows, cells, strict=True)
        if cell is None and not _YEARS_ONLY.match(row.text)
    ]
    set_in = [row.x0 for row in others if not layout.at_margin(row)]
    if sum(cell is not None for cell in cells) < 2 or len(set_in) < 0.8 * len(others) or not set_in:
        return rows
    column = min(set_in)  # the column's left edge; rows under a hanging indent sit further in
    split: list[_Row] = []
    for row, cell in zip(rows, cells, strict=True):
        if cell is None:
            split.append(row)
            continue
        split.append(replace(row, text=cell.group("year"), blank_before=True))
        split.append(replace(row, text=row.text[cell.end() :], x0=column))
    return split


_YEAR_CELL = re.compile(rf"^{_YEAR_LABEL}\s{{2,}}(?=\S)")


def _split_run(rows: list[_Row], context: str | None, *, titles_first: bool) -> list[_Block]:
    """Split the rows between two sub-headings into entries (``titles_first``: whether the
    whole list's entries open with their titles)."""
    if not rows:
        return []
    layout = _Layout.of(rows, titles_first=titles_first)
    markers = _markers(rows, layout)
    # A list opening with a marker is split at its markers. Elsewhere bullets may mark the
    # lines that describe a work, and only numbers open entries besides the layout.
    numbers = [i for i, m in enumerate(markers) if m is not None and m.lastgroup in _NUMBERS]
    # A numbered list may open with a note or two ("† marks a co-leading author"): it is
    # still split at its numbers, and the note stands alone.
    listed = markers[0] is not None or (len(numbers) >= 3 and numbers[0] <= 3)
    blocks: list[_Block] = []
    for index, row in enumerate(rows):
        marker = markers[index]
        numbered = marker is not None and marker.lastgroup in _NUMBERS
        if index == 0:
            starts = True
        elif listed:
            starts = marker is not None or (row.blank_before and layout.at_margin(row))
        else:
            starts = numbered or layout.starts_entry(row, rows[index - 1], blocks[-1].rows)
        if starts:
            blocks.append(_Block([row], context, numbered))
        else:
            blocks[-1].rows.append(row)
    if not listed:
        # Bullets in a list that does not open with them describe the entry above.
        blocks = [block for block in blocks if not _BULLET.match(block.rows[0].text)]
    return [
        part for block in blocks for part in _split_stacked(_without_descriptions(block, layout))
    ]


@dataclass(frozen=True)
class _Layout:
    """What the geometry of a run of rows tells: its left margin, font size and line gap."""

    margin: float
    size: float
    gap: float | None
    mostly_bold: bool
    # Every row at the margin and none set apart by space: the layout cannot tell entries
    # apart, so the text has to ("..., 2023." then "A. Doe, B. Roe. Next title").
    flush: bool = False
    # Entries that open with their title rather than their authors: after a row ending with
    # a year ("... NeurIPS 2023.") most rows name no authors.
    titles_first: bool = False
    # Rows set in from the margin continue the entry above them (a hanging indent).
    hanging: bool = False

    @classmethod
    def of(cls, rows: list[_Row], *, titles_first: bool = False) -> _Layout:
        """The layout of the rows. ``titles_first`` is the whole list's reading, for rows too
        few (the works under one year) to tell whether titles open their entries."""
        told = _titles_first(rows)
        layout = replace(cls.measured(rows), titles_first=titles_first if told is None else told)
        # A label set in under its entry ("Oral presentation") leaves the layout flush.
        flush = layout.gap is not None and not any(
            row.blank_before
            or layout.wider_gap(row, previous)
            or (row.x0 > layout.margin + layout.tolerance / 2 and not _annotates(row))
            for previous, row in pairwise(rows)
        )
        if not flush:
            # Rows set in under the margin rows they carry on: a hanging indent (one such row
            # tells it when it carries on an unfinished row).
            set_in = [
                previous
                for previous, row in pairwise(rows)
                if row.x0 > layout.margin + layout.tolerance / 2 and layout.at_margin(previous)
            ]
            hanging = len(set_in) >= 2 or (len(set_in) == 1 and not _ended(set_in))
            return replace(layout, hanging=hanging)
        return replace(layout, flush=True)

    @classmethod
    def measured(cls, rows: list[_Row]) -> _Layout:
        """The rows' margin, font size, line gap and weight, with no reading of their text."""
        sizes = [row.size for row in rows if row.size]
        gaps = [
            row.gap
            for previous, row in pairwise(rows)
            if row.page == previous.page and not row.blank_before
        ]
        size = statistics.median(sizes) if sizes else 0.0
        return cls(
            margin=min(row.x0 for row in rows),
            size=size,
            gap=_line_gap(gaps, size) if sizes and len(gaps) >= 3 else None,
            mostly_bold=sum(row.bold for row in rows) > 0.6 * len(rows),
        )

    @property
    def tolerance(self) -> float:
        """How far right of the margin a row may start and still be at the margin."""
        return self.size or 1.0

    def at_margin(self, row: _Row) -> bool:
        return row.x0 <= self.margin + self.tolerance

    def wider_gap(self, row: _Row, previous: _Row) -> bool:
        """Whether more space than usual separates a row from the one above it."""
        if self.gap is None or row.page != previous.page:
            return False
        return row.gap > self.gap + max(1.5, 0.2 * self.size)

    def sets_apart(self, rows: list[_Row], index: int) -> bool:
        """Whether a row worded like a sub-heading stands apart like one: first, larger, bold,
        after more space, or naming works in the plural ("Journal Articles"). Without a layout,
        also in capitals or before a list item. A lone "Under review" or "Technical report"
        row is the last line of an entry instead."""
        row = rows[index]
        if index == 0 or row.blank_before or row.text.endswith(":"):
            return True
        previous = rows[index - 1]
        if previous.text.endswith((",", "-", " and")):
            return False  # the row ends an unfinished line: "..., ICML," then "2023"
        if _YEARS_ONLY.match(row.text) and previous.text.rstrip().endswith("."):
            return True  # a year over the entries below it, not the end of the one above
        if _PLURAL_KIND.search(row.text):
            return True
        if not self.size:
            following = rows[index + 1] if index + 1 < len(rows) else None
            return row.text.isupper() or (
                following is not None and _list_marker(following.text) is not None
            )
        return (
            row.size >= self.size + 0.5
            # (A bold row under a bold row goes on with it: a bold title wrapped at "Long.")
            or (row.bold and not self.mostly_bold and not previous.bold)
            or self.wider_gap(row, previous)
            # A page break leaves no space to measure; a label carried over to the next page
            # ("Oral presentation" under the entry it closes) is no sub-heading of talks.
            or (row.page != previous.page and not _is_label(row))
        )

    def starts_entry(self, row: _Row, previous: _Row, entry: list[_Row]) -> bool:
        """Whether an unnumbered row begins a new entry, from the layout around it and the
        rows of the entry it would otherwise continue."""
        first = entry[0]
        if _BULLET.match(row.text) and not row.blank_before:
            return False  # in a list that does not open with bullets, they describe a work
        if _BRACKETED_YEAR_ROW.match(row.text) or (
            _VENUE_ROW.match(row.text) and _only_a_venue(row.text)
        ):
            # "(2021)." or "ICCV 2024." wrapped to a row of its own closes the entry above: an
            # entry opens with its title or authors, not with its venue alone.
            return False
        if row.blank_before or self.wider_gap(row, previous):
            return True
        if self.at_margin(row) and _opens_with_tag(row.text):
            # "[ICLR 2026] Title...", "[Preprint] Title..." open entries whatever the gaps.
            return True
        if self.at_margin(row) and _VENUE_PREFIX.match(row.text) and _whole(entry):
            return True  # "ICCV 2024: Title" after a whole entry, ending with its authors
        if (
            _dated_cell(row.text)
            and _dated_cell(first.text)
            and not _BROKEN_OFF.search(previous.text)
        ):
            # A venue cell ("NeurIPS 2023") sits on the first row of each entry: a second one
            # opens the next entry, however the first ended ("...and W. Kovacic)").
            return True
        if _awaits_title(entry):
            return False  # an entry of nothing but its authors has its title still to come
        if previous.bold and not row.bold and not self.mostly_bold and first.bold:
            # A bold title then the plain rows under it ("NeurIPS 2023" flush right of the
            # title, the authors below): bold opens an entry, plain carries it on.
            return False
        if _is_author_row(previous) and not _is_author_row(first) and not _dated_cell(first.text):
            # Title, then authors: the venue comes next, not another entry (unless the
            # title's row gave it, in a cell at the right: "Title.  NeurIPS 2023").
            return False
        if self.at_margin(row) and previous.x0 > row.x0 + self.tolerance / 2:
            return True  # back at the margin after indented continuation lines
        if (
            self.hanging
            and self.at_margin(row)
            and self.at_margin(previous)
            and _whole([*entry[:-1], _without_venue_cell(previous)])
        ):
            # Under hanging indents, an entry that fits its row ends there (its text does, not
            # a venue cell beside a title that wraps: "...Causal  ICML 2024" + "Priors.").
            return True
        if previous.x0 > first.x0 + self.tolerance and row.x0 < previous.x0 - self.tolerance:
            # Out from under a hanging indent, if not all the way to the margin: a venue tag
            # set flush right in a column of its own ("JAHA", "RECOMB") opens each entry.
            return True
        if (
            row.bold
            and not previous.bold
            and not self.mostly_bold
            and row.x0 <= max(previous.x0, first.x0) + self.tolerance / 2
            and not _is_name_row(row)
        ):
            # A bold title after the plain lines of the previous entry, which may end in
            # bullets hanging further left ("· Oral presentation").
            return True
        if self.at_margin(row) and _apa_opening(row.text) and not _carries_a_list(previous.text):
            # "Doe, J., Roe, R. (2023). Title..." opens an entry whatever the gaps, unless it
            # ends a list wrapped from the row above ("..., Kovacic, A. and" + "Roe, Q. (2024).").
            return True
        if self.hanging and not self.at_margin(row) and row.page != previous.page:
            return False  # set in under the hanging indent on the next page: carried on
        if self.flush or (self.gap is not None and row.page != previous.page):
            # No space tells entries apart (a page break leaves none to measure): the text
            # has to, as a whole entry above and the next one's title or authors opening the
            # row.
            if _dated_cell(row.text) and _ended(entry):
                return True  # "Title. A. Doe.  NeurIPS 2023": each title row has its venue
            if self.titles_first:
                # The entry ends at its year: on its last row of text (links and labels may
                # follow), or in the venue cell of its title row once its text has ended and
                # the row is no author list, which follows the title in such lists.
                last = next((r for r in reversed(entry) if not _annotates(r)), previous)
                return _ended_at_year(last) or (
                    _dated_cell(first.text)
                    and _whole(entry)
                    and not _annotates(row)
                    and not _opens_with_authors(row.text)
                )
            return _whole(entry) and (
                _opens_with_authors(row.text)
                or _VENUE_PREFIX.match(row.text) is not None
                or _QUOTED_OPENING.match(row.text) is not None  # the economists' “Title,”
            )
        if self.gap is not None:
            return False
        # Without a measured gap, text conventions are all there is.
        if _ENDS_SENTENCE.search(previous.text) and _starts_with_authors(row.text):
            return True
        ends = _ENDS_WITH_YEAR.search(previous.text) or _ENDS_WITH_PAGES.search(previous.text)
        return ends is not None and row.x0 <= previous.x0 + 1 and not _opens_bracket(previous)


# A row broken off mid-phrase: the next row carries it on.
_BROKEN_OFF = re.compile(r"(?:[,-]|\band)\s*$")


def _venue_follows(text: str, position: int) -> bool:
    """Whether the rest of the row from ``position`` is a venue ("AISTATS 2019.")."""
    rest = text[position:].split("\n", 1)[0].strip(" .,;")
    return bool(rest) and (_starts_like_venue(rest) or _only_a_venue(rest))


def _only_a_venue(text: str) -> bool:
    """Whether a short text names a known venue and little else ("NeurIPS 2023.")."""
    return len(text.split()) <= 4 and normalize_venue(text).venue is not None


def _without_venue_cell(row: _Row) -> _Row:
    cell = _venue_cell(row.text)
    return replace(row, text=cell[0]) if cell else row


def _dated_cell(text: str) -> bool:
    """Whether the row ends in a venue cell with a year ("...  NeurIPS 2023")."""
    cell = _venue_cell(text)
    return cell is not None and _YEAR.search(cell[1]) is not None


def _line_gap(gaps: list[float], size: float) -> float:
    """The space between the rows of one entry: the median gap, unless a quarter or more of
    the gaps are narrower by a clear step (entries of two rows, spaced apart: half the gaps
    are the space between entries, and the median falls between the two), or the median is
    as wide as a blank line and some gap is narrower."""
    ordered = sorted(gaps)
    low, high = ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]
    step = max(1.5, 0.2 * size)
    at_low = sum(abs(gap - low) <= step / 3 for gap in ordered)
    if high - low > step and 4 * at_low >= len(ordered):
        return low
    median = statistics.median(ordered)
    if median > BLANK_LINE_SHARE * size and ordered[0] < median - step:
        # Rows of one entry lie closer than a blank line: where most entries fit on one row,
        # the spaces between entries are most of the gaps, and the few narrow ones tell.
        return ordered[0]
    return median


# A gap between two rows, as a share of the font size, past which it is no line spacing but
# a blank line (single-spaced rows leave about a quarter of the size between them).
BLANK_LINE_SHARE = 0.6


def _quoted_title(text: str) -> re.Match[str] | None:
    """The first quoted run of two words or more that is not the name of a meeting."""
    for quoted in _QUOTED.finditer(text):
        if len(quoted.group("title").split()) >= 2 and not _NAMES_A_MEETING.match(
            text, quoted.end()
        ):
            return quoted
    return None


def _awaits_title(entry: list[_Row]) -> bool:
    """Whether the rows of an entry are its author list alone, perhaps with the year of an
    APA citation ("Doe, J., Roe, R. (2023)."): the title is on the rows to come, however
    much it reads like names ("Neural Ordinary Equations."). A venue cell at the right of a
    row ("A. Doe, R. Roe.  NeurIPS 2023") is no part of its author list."""
    if all(_is_author_row(_without_venue_cell(row)) for row in entry):
        return True
    text = " ".join(row.text for row in entry)
    if _ENDS_IN_BRACKETED_YEAR.search(text):  # (an author list is read only then)
        names = _AuthorList.read(text)
        if names.accepted and _YEAR_IN_BRACKETS.fullmatch(text.rstrip(" ."), names.end):
            return True  # "Doe J, Roe R (2023)": Springer's authors and year, the title below
    opening = _apa_opening(text)
    return opening is not None and not text[opening.end() :].strip(" .")


def _titles_first(rows: list[_Row]) -> bool | None:
    """Whether the entries of flush rows open with their title rather than their authors:
    after a row ending with a year ("... NeurIPS 2023.") most rows name no authors, nor do
    most rows with a venue cell ("Title.  NeurIPS 2023"). None when fewer than two rows end
    at a year."""
    # (A year in a venue cell at the right ends no entry: it sits on an entry's first row.)
    ended = [
        index
        for index, row in enumerate(rows[:-1])
        if _ended_at_year(row) and not _dated_cell(row.text)
    ]
    if len(ended) < 2:
        return None
    # Bullets open the entries of a list that opens with one; elsewhere they describe a work.
    opening = next((row for row in rows if _heading(row.text) is None), None)
    bulleted = opening is not None and _BULLET.match(opening.text) is not None

    def opens_next(row: _Row) -> bool:
        described = _annotates(row) and not (bulleted and _BULLET.match(row.text))
        return not described and _heading(row.text) is None  # nor "2023" over the works

    def opens_with_authors(index: int) -> bool:
        """Whether the entry after the row ending at ``index`` opens with its authors: on its
        first row, or on the next one when that row is a whole citation of its own (the row
        between is a note under the entry above: "We show that...", "Selected for oral")."""
        after = list(islice((row for row in rows[index + 1 :] if opens_next(row)), 2))
        return any(
            _opens_with_authors(_without_marker(row.text)) and (place == 0 or _cites_whole(row))
            for place, row in enumerate(after)
        )

    # A row with a venue cell is an entry's first row: it tells what opens the entries too.
    cells = [row for row in rows if _dated_cell(row.text) and opens_next(row)]
    authored = sum(opens_with_authors(index) for index in ended) + sum(
        _opens_with_authors(_without_marker(row.text)) for row in cells
    )
    return 2 * authored < len(ended) + len(cells)


def _cites_whole(row: _Row) -> bool:
    """Whether a row is a citation from its authors on: names, then a title (not the venue
    that follows the authors of a list whose titles come first)."""
    text = _without_marker(row.text)
    names = _AuthorList.read(text)
    rest = _LEADING_PUNCTUATION.sub("", text[names.end :])
    # (A title in capitals reads like one more name, "Calibrated Probing Ranking.": a list of
    # names after the names would be the rest of the author list.)
    more = _AuthorList.read(rest)
    return (
        len(rest.split()) >= 3
        and not _starts_like_venue(rest)
        and not _only_a_venue(rest)
        and not (more.accepted and (len(more.real_names) >= 2 or more.initials or more.inverted))
    )


def _without_marker(text: str) -> str:
    """The text after the number or bullet opening it ("15. Ada Quill." -> "Ada Quill.")."""
    marker = _list_marker(text)
    return text[marker.end() :] if marker is not None and marker.lastgroup != "year" else text


def _ended(rows: list[_Row]) -> bool:
    """Whether the rows read so far make a whole entry: the last of them that says more than
    a link or a label ("[pdf] [code]", a DOI, "Best Paper Award") and is not a bullet
    describing the work ("- Oral presentation") ends with a year or a full stop. A note in
    brackets after the end, wrapped or not ("2023. (equal" + "contribution)"), is left out."""
    if len(rows) >= 2 and rows[-1].text.count(")") > rows[-1].text.count("("):
        # A bracket closed on the next row: one row of text to judge.
        rows = [*rows[:-2], replace(rows[-2], text=f"{rows[-2].text} {rows[-1].text}")]
    for index in reversed(range(len(rows))):
        row = rows[index]
        if _BULLET.match(row.text):
            continue
        if _opens_bracket(row):
            return False  # a bracket still open ("(with D.  NeurIPS 2023"): it goes on below
        text = _TRAILING_LINKS.sub("", row.text)
        if index and _PAGE_RANGE_ROW.match(text):
            text = f"{rows[index - 1].text} {text}"  # "..., pp" + "173-183": pages wrapped
        noted = _TRAILING_NOTE.sub("", text)
        if not noted and (_LABEL_WORDS.search(text) or noted_equal_contribution(text)):
            continue  # a row of nothing but a note, "(equal contribution)"; "(NeurIPS)." ends
        if any(
            _ENDS_WITH_YEAR.search(end)
            or _ENDS_SENTENCE.search(end)
            or _ENDS_WITH_PAGES.search(end)
            or _ENDS_WITH_ARXIV.search(end)
            for end in (text, noted)
        ):
            return True
        if not _is_label(row):
            return False
    return False


def _whole(entry: list[_Row]) -> bool:
    """Whether an entry's rows make it whole: they end as entries do (:func:`_ended`), or a
    venue cell on its first row gave its venue and year and the economist's list of
    co-authors closes it ("“Title,” (with J. Doe  NeurIPS 2023" + "and R. Roe)")."""
    return _ended(entry) or (
        _dated_cell(entry[0].text)
        and _ENDS_WITH_COAUTHORS.search(_join_rows([row.text for row in entry])) is not None
    )


def _opens_bracket(row: _Row) -> bool:
    """Whether a row leaves a bracket open for the rows below to close."""
    return row.text.count("(") > row.text.count(")")


def _annotates(row: _Row) -> bool:
    """A row about the entry above rather than part of it: a label or a describing bullet."""
    return _is_label(row) or _BULLET.match(row.text) is not None


def _is_label(row: _Row) -> bool:
    """A row of links, or of a few words that label the entry above ("Best Paper Award",
    "Oral, top 2%"). Other short rows are the short title of the next entry or the end of
    a wrapped one ("Representations")."""
    text = _TRAILING_LINKS.sub("", row.text)
    if not text.strip():
        return True
    return (
        len(text.split()) <= MAX_LABEL_WORDS
        and not text.endswith((",", "-", "and"))
        and _LABEL_WORDS.search(text) is not None
    )


def _ended_at_year(row: _Row) -> bool:
    return _ENDS_AT_YEAR.search(_TRAILING_LINKS.sub("", row.text)) is not None


MAX_LABEL_WORDS = 4
_LABEL_WORDS = re.compile(
    r"\b(?:awards?|prize|best|oral|spotlight|poster|highlights?|honou?rable|mention|nominee"
    r"|nominated|finalist|selected|invited|featured|winner|runner|accepted|acceptance|code"
    r"|slides|video|pdf|project|website|bibtex|talk|presentation|contributed)\b|%",
    re.IGNORECASE,
)
# A note in brackets after the entry's end: "(Oral)", "(equal contribution)", "(to appear)".
_TRAILING_NOTE = re.compile(r"(?:(?<=[.\d])|^)\s*[(\[][^()\[\]]{2,40}[)\]]\.?\s*$")
_TRAILING_LINKS = re.compile(
    r"(?:\s*(?:\[[^\[\]]{1,30}\]|\((?:pdf|code|slides|video|link|bibtex)\)|https?://\S+"
    r"|\bdoi\s*:?\s*10\.\S+))+\s*$",
    re.IGNORECASE,
)


# An APA citation's opening: surnames with initials, then the year in brackets.
_APA_OPENING = re.compile(
    r"^[^\W\d_][\w'’-]+,\s(?:[^\W\d_]\.\s?){1,3}(?:,|&|and|\s)[^()]{0,240}?\((?:19|20)\d\d[a-z]?\)"
)
_YEAR_IN_BRACKETS = re.compile(r"[\s.,;:]*\((?:19|20)\d\d[a-z]?\)")
_ENDS_IN_BRACKETED_YEAR = re.compile(r"\((?:19|20)\d\d[a-z]?\)[\s.]*$")


def _apa_opening(text: str) -> re.Match[str] | None:
    """An APA citation's opening: its year in brackets right after the author list, not the
    year a Nature-style citation closes with ("Doe, J. & Roe, R. Title. Venue 5 (2023).")."""
    opening = _APA_OPENING.match(text)
    if opening is None:
        return None
    names = _AuthorList.read(text)
    return opening if _YEAR_IN_BRACKETS.fullmatch(text, names.end, opening.end()) else None


_VENUE_TAG_OPENING = re.compile(
    r"^\[(?=[a-z]*[A-Z])[A-Za-z][A-Za-z&/+-]*(?:\s[A-Z][\w&/+-]*){0,3}\s*(?:['’]\d{2}|(?:19|20)\d{2})\]"
)
# A tag naming the kind of work, in lists whose other entries open with a venue tag, before
# the words of a title ("[Preprint] Title"; "[arXiv] [code]" under an entry are its links).
_KIND_TAG_OPENING = re.compile(
    r"^\[(?:journal|conference|workshop|preprint|under review|in submission|submitted"
    r"|in preparation|book chapter|chapter|book|thesis|demo|poster|(?:tech(?:nical)? )?report)"
    r"s?\]\s*(?=[^\W\d_][^\W\d_]*\s+[^\W\d_])",
    re.IGNORECASE,
)


def _opens_with_tag(text: str) -> bool:
    """Whether a row opens with a venue tag ("[ICLR 2026]") or one naming the kind of work."""
    return bool(_VENUE_TAG_OPENING.match(text) or _KIND_TAG_OPENING.match(text))


_ENDS_WITH_YEAR = re.compile(YEAR_PATTERN + r"[a-z]?\)?\.?\s*$")
_ENDS_SENTENCE = re.compile(r"[^A-Z\s]\.\s*$")
# "2021, pp. 1-20", "pp 1-20", and a journal's volume and pages: "5(3):120-131", "17:e1008765".
_ENDS_WITH_PAGES = re.compile(
    rf"(?:\bpp?\.?\s*\d+\s*[-{DASHES}]\s*\d+|\b\d+(?:\s*\(\d+\))?\s*:\s*e?\d+"
    rf"(?:\s*[-{DASHES}]\s*\d+)?)\.?\s*$"
)
_PAGE_RANGE_ROW = re.compile(rf"^\d+\s*[-{DASHES}]\s*\d+\.?$")
_VENUE_ROW = re.compile(r"^[A-Z][\w&/+-]*(?:\s[A-Z][\w&/+-]*){0,2}\s*['’]?(?:\d{2}|\d{4})\.?$")
_BRACKETED_YEAR_ROW = re.compile(r"^\((?:19|20)\d\d[a-z]?\)\.?$")
_ENDS_WITH_ARXIV = re.compile(r"\barxiv\s*:\s*\d{4}\.\d{4,5}(?:v\d+)?\.?\s*$", re.IGNORECASE)
_ENDS_AT_YEAR = re.compile(YEAR_PATTERN + r"[a-z]?\)?\.\s*$")  # "..., 2023." ends an entry


def _markers(rows: list[_Row], layout: _Layout) -> list[re.Match[str] | None]:
    """The list marker opening each row at the left margin. Weak markers (a year, "C3"
    without punctuation) count only when several rows have them."""
    found = [_list_marker(row.text) for row in rows]
    # Numbers count wherever three or more line up (a list set in from a bullet that
    # introduces it); other markers only at the margin.
    numbered_at = [
        row.x0 for row, m in zip(rows, found, strict=True) if m and m.lastgroup in _NUMBERS
    ]
    found = [
        m
        if m is not None
        and (
            layout.at_margin(row)
            or (
                m.lastgroup in _NUMBERS
                and sum(abs(x - row.x0) <= layout.tolerance for x in numbered_at) >= 3
            )
        )
        else None
        for row, m in zip(rows, found, strict=True)
    ]
    weak = Counter(m.lastgroup for m in found if m is not None and m.lastgroup in _WEAK_MARKERS)
    return [
        None if m is not None and m.lastgroup in _WEAK_MARKERS and weak[m.lastgroup] < 2 else m
        for m in found
    ]


def _without_descriptions(block: _Block, layout: _Layout) -> _Block:
    """The block without the bullets that describe the work ("Designed a ...") under it, the
    labels over them ("Memory level:"), and the indented lines that follow them."""
    first = block.rows[0]
    kept: list[_Row] = [first]
    described = False
    for row in block.rows[1:]:
        indented = row.x0 > first.x0 + layout.tolerance / 2
        label = row.text.endswith(":") and len(row.text.split()) <= 4
        # A bullet under an entry describes it, wherever it hangs ("· Oral, top 2%").
        if _BULLET.match(row.text) or (indented and (described or label)):
            described = True
            continue
        kept.append(row)
    return _Block(kept, block.context, block.numbered)


def _split_stacked(block: _Block) -> list[_Block]:
    """Split a block holding several entries laid out as title, authors and venue lines.

    Without markers or gaps between them such entries run together; each author line (or run
    of author lines) then marks one entry, whose title is the line or lines just above it
    that do not read as a venue.
    """
    author_rows = [index for index, row in enumerate(block.rows) if _is_author_row(row)]
    if len(author_rows) >= 2:
        # Among stacked entries, a row of one name is the author line of a sole author.
        author_rows = [index for index, row in enumerate(block.rows) if _is_name_row(row)]
    # An author row opens a group unless the row above carries the list on to it: an author
    # row, or one ending in a comma, "and" or a given name ("..., Gary" + "Pavlis, ...").
    groups = [
        index
        for index in author_rows
        if index - 1 not in author_rows and not _carries_a_list(block.rows[index - 1].text)
    ]
    if len(groups) < 2 or groups[0] == 0:
        return [block]
    cuts = [0]
    for previous, current in pairwise(groups):
        start = current - 1
        while start - 1 > previous and not _looks_like_venue(block.rows[start - 1].text):
            start -= 1
        cuts.append(start)
    cuts.append(len(block.rows))
    return [
        _Block(block.rows[start:end], block.context, block.numbered)
        for start, end in pairwise(cuts)
        if end > start
    ]


# --- kinds of rows -------------------------------------------------------------------------------

# Bullets: filled and hollow dots, squares and triangles, arrows, check marks, dashes.
_BULLETS = (
    "\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u25ba\u25b8\u25b9\u2023\u2043\u2219"
    "\u00b7\u27a2\u27a4\u2713\u2714\u2756\u25c6\u25c7*-" + DASHES
)
_BULLET = re.compile(rf"^[{re.escape(_BULLETS)}](\s+|$)")
_LIST_MARKER = re.compile(
    r"^(?:"
    r"(?P<number>[\[(]\s*[A-Za-z]{0,2}\s?\d{1,3}\s*[\])]|[A-Za-z]{0,2}\d{1,3}[.)](?=\s))"
    rf"|(?P<bullet>[{re.escape(_BULLETS)}](?=\s))"
    r"|(?P<code>[A-Z]{1,2}\d{1,3}:?(?=\s))"
    # A number alone in a column of its own (a table's first cell): a cell's gap follows it.
    r"|(?P<bare>\d{1,3}(?=\s{2}\S|\n))"
    r"|(?P<year>\(?" + YEAR_PATTERN + r"\)?[.:]?(?=\s+\S))"
    r")\s*"
)
_NUMBERS = ("number", "code", "bare")
_WEAK_MARKERS = ("code", "year", "bare")


def _list_marker(text: str) -> re.Match[str] | None:
    """The list marker opening a row; a leading year counts only before an author list or a
    venue tag ("2023  NeurIPS 2023: Title")."""
    match = _LIST_MARKER.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    if match.lastgroup == "year" and not (
        _opens_with_authors(rest) or _VENUE_PREFIX.match(rest) or _VENUE_TAG_OPENING.match(rest)
    ):
        return None
    return match


def _heading(text: str) -> tuple[str | None, bool] | None:
    """For a row worded like a sub-heading: the status it gives the entries below it, and
    whether those entries are no publications (patents, talks). None for any other row."""
    if _YEARS_ONLY.match(text):
        return None, False
    if _PRESENTED_AS.match(text):
        return None  # "Oral presentation" under an entry labels it; "Talks" heads a list
    words = _HEADING_WORD.findall(text.lower())
    if not words or len(words) > 9 or len(text) > 70:
        return None
    if not all(word in HEADING_VOCABULARY for word in words):
        return None
    lowered = " ".join(words)
    status = next((note for pattern, note in _HEADING_STATUS if pattern.search(lowered)), None)
    skipping = bool(_GENERAL_AUDIENCE.search(lowered)) or (
        bool(_NOT_PUBLICATIONS.search(lowered)) and not _PUBLICATIONS.search(lowered)
    )
    return status, skipping


_PRESENTED_AS = re.compile(
    r"^\W*(oral|spotlight|poster|contributed|invited)\s+(presentation|talk)\W*$", re.IGNORECASE
)
_SINGLE_YEAR = re.compile(r"^\s*(?P<year>(?:19|20)\d\d)\s*:?\s*$")
_HEADING_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_YEARS_ONLY = re.compile(
    rf"^\s*(19|20)\d\d(\s*[-{DASHES}]\s*((19|20)\d\d|present|now))?\s*:?\s*$", re.IGNORECASE
)
HEADING_VOCABULARY = frozenset(
    """
    selected recent refereed non-refereed peer peer-reviewed reviewed conference conferences
    journal journals article articles paper papers proceedings publication publications
    preprint preprints pre-prints workshop workshops thesis theses dissertation dissertations
    book books chapter chapters patent patents manuscript manuscripts submitted submission
    under in review pending preparation progress accepted published unpublished forthcoming other
    peer non-peer non-peer-reviewed
    others and full short long international national domestic first co-first author authored
    co-authored authorship corresponding key major invited talk talks presentation
    presentations poster posters abstract abstracts extended technical report reports working
    archival non-archival main track demo demos demonstration demonstrations tutorial tutorials
    expositions surveys reviews etc volumes edited
    magazine letters symposium
    symposia a the of as for to with lead student students research academic scientific open
    source software datasets dataset contributions contribution highlighted representative
    also see list complete full-length oral spotlight misc miscellaneous
    op-ed op-eds opinion pieces popular press media writing writings general audience blog
    blogs posts newspaper newspapers outreach essays commentary public
    awards award honors honours grants grant service services reviewing reviewer teaching
    skills education experience projects references interests activities languages
    """.split()
)
# What a sub-heading says about the status or kind of the works below it; kinds that the
# venue tells anyway ("Journal Articles") say nothing more.
_HEADING_STATUS = (
    (re.compile(r"\b(under|in) review\b|\bsubmitted\b|\bsubmission\b|\bpending\b"), "under review"),
    (re.compile(r"\bpre-?prints?\b|\bworking papers?\b"), "preprint"),
    (re.compile(r"\bmanuscripts?\b|\bin (preparation|progress)\b"), "in preparation"),
    (re.compile(r"\baccepted\b|\bforthcoming\b"), "accepted"),
    (re.compile(r"\bunpublished\b"), "unpublished"),
    (re.compile(r"\bthes[ie]s\b|\bdissertations?\b"), "thesis"),
    (re.compile(r"\btutorials?\b"), "tutorial"),
    (re.compile(r"\bdemo(nstration)?s?\b"), "demo"),
    (re.compile(r"^(?!.*\b(conferences?|journals?)\b).*\bworkshops?\b"), "workshop"),
    (re.compile(r"\bchapters?\b"), "book chapter"),
    (re.compile(r"\btechnical reports?\b"), "technical report"),
    (re.compile(r"\b(extended )?abstracts?\b|\bposters?\b"), "extended abstract"),
)
# Sub-headings name kinds of works in the plural; a lone "Technical report" or "Preprint" row
# is the venue line of an entry.
_PLURAL_KIND = re.compile(
    r"\b(papers|articles|publications|preprints|proceedings|theses|dissertations|patents|talks|"
    r"presentations|reports|chapters|books|manuscripts|abstracts|posters|journals|conferences|"
    r"workshops)\b",
    re.IGNORECASE,
)
# Sub-headings over works that are no publications, or over the next section of the CV.
_NOT_PUBLICATIONS = re.compile(
    r"\b(patents?|talks?|presentations?|awards?|honou?rs|grants?|services?|reviewing|reviewer|"
    r"teaching|skills|education|experience|projects|references|interests|activities|"
    r"languages)\b"
)
_PUBLICATIONS = re.compile(r"\bpublications?\b|\bpapers?\b|\barticles?\b|\bproceedings\b")
# Writing for the public is no scholarly work, however it is called ("Popular press articles").
_GENERAL_AUDIENCE = re.compile(
    r"\b(op-eds?|opinion|popular|press|media|blogs?|newspapers?|general audience|outreach|"
    r"essays|commentary)\b"
)


def _is_legend(text: str) -> bool:
    """An explanation of author marks ("* equal contribution", "† corresponding author")."""
    return len(text.split()) <= 12 and _LEGEND.search(text) is not None


_LEGEND = re.compile(
    r"equal(ly)?\s+contribut|contributed\s+equally|co-?first|co-?last|joint(ly)?\s+first|"
    r"corresponding\s+author|equal\s+advising|alphabetical\s+order|author\s+notation|"
    r"(names?|authors?)\s+in\s+bold|^\W*(bold(ed)?|underlined?)\s*(:|=|names?\b|denotes|indicates)|"
    rf"^\W*[{re.escape(MARKERS)}]\W*\s*(denotes|indicates|=)",
    re.IGNORECASE,
)


def _is_noise(text: str) -> bool:
    """Rows that belong to no entry: stray marks, author-position labels, profile pointers."""
    return not any(c.isalnum() for c in text) or bool(_NOISE_ROW.search(text))


_NOISE_ROW = re.compile(
    r"^\W*((\d+(st|nd|rd|th)|first|second|third|last|sole|co-first)\s+author(ship)?)\W*$|"
    r"google scholar|semantic scholar|\bdblp\b|\borcid\b|researchgate|"
    r"\b(full|complete|up-to-date)\s+(publication\s+)?list\b.*\b(available|accessible|see|on)\b",
    re.IGNORECASE,
)


# --- reading one entry ---------------------------------------------------------------------------


def _read_block(block: _Block, *, venue_column: bool = False) -> RawPublication | None:
    """The publication written in a block, or None when the block is not one."""
    entry = _Entry.of(block, venue_column=venue_column)
    if not entry.is_publication(lenient=block.numbered):
        return None
    return build_publication(
        title=entry.title,
        authors=entry.authors,
        year=entry.year or block.year,
        venue=entry.venue,
        entry_type=None,
        notes=[*entry.notes, block.context],
        raw="\n".join(row.text for row in block.rows),
        line=block.rows[0].number,
        owner_unnamed=entry.joint,
    )


def _works(block: _Block, *, venue_column: bool) -> list[RawPublication]:
    """The works a block writes: most often one, several under a status label, or none."""
    if labelled := _titles_under_a_label(block):
        return labelled
    work = _read_block(block, venue_column=venue_column)
    return [work] if work is not None else []


def _titles_under_a_label(block: _Block) -> list[RawPublication]:
    """The works of a row that names their status and then their titles ("Under Review:
    Forest-fire detection with ...; Landslide segmentation from ..."), each one; empty for
    any other block."""
    rows = [row.text for row in block.rows]
    labelled = _LABELLED_TITLES.match(_without_marker(" ".join(_join_rows(rows).split())))
    if labelled is None:
        return []
    titles = [title.strip(" .") for title in labelled.group("titles").split(";")]
    if len(titles) < 2 or any(len(title.split()) < 3 for title in titles):
        return []
    return [
        build_publication(
            title=title,
            authors=(),
            year=block.year,
            venue=None,
            entry_type=None,
            notes=[labelled.group("label").lower(), block.context],
            raw="\n".join(rows),
            line=block.rows[0].number,
        )
        for title in titles
    ]


_LABELLED_TITLES = re.compile(
    r"(?P<label>(?:papers?\s+)?(?:under\s+review|submitted|in\s+submission|in\s+preparation)"
    r"|working\s+papers?|preprints?)\s*:\s*(?P<titles>.+)",
    re.IGNORECASE,
)


@dataclass
class _Entry:
    """The fields of one entry, read from its text (its rows joined by newlines)."""

    text: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    notes: list[str] = field(default_factory=list)
    # A bare venue acronym opening the entry ("RECOMB S. Doe; R. Roe, Title").
    tag: str = ""
    joint: bool = False  # the authors are the owner's co-authors alone ("(with J. Doe)")
    tag_venue: bool = False  # the venue is a tag's that opens the entry ("[ICLR 2024] Title")
    # The entry opens with its title: after a venue or kind tag ("[ICLR 2024] Title"), or as
    # the list's entries do.
    titles_first: bool = False

    @classmethod
    def of(cls, block: _Block, *, venue_column: bool = False) -> _Entry:
        texts, venue = _right_aligned_venue([row.text for row in block.rows], tight=venue_column)
        entry = cls(_join_rows(texts), venue=venue, titles_first=block.titles_first)
        text = entry._take_list_marker(entry.text, numbered=block.numbered)
        text = entry._take_notes(text)
        text = entry._take_leading_tags(text)
        entry._read_fields(text)
        # Set apart by the layout, a venue is surer than one read from the text.
        entry.venue = venue or entry.tag or entry.venue
        entry.year = entry.year or _last_year(venue)  # "NeurIPS 2023" flush right dates it
        return entry

    def is_publication(self, *, lenient: bool) -> bool:
        """Whether the entry reads as a publication rather than a talk, patent or stray line.

        A numbered item of a publication list needs no more than a title of some length.
        """
        title = clean_title(extract_notes(self.title, edges_only=True)[0])
        words = [word for word in title.split() if any(char.isalnum() for char in word)]
        if not (len(words) >= 2 or len(_CJK_CHARS.findall(title)) >= 4):
            return False
        if _PATENT.search(self.text) or _TALK.search(self.title) or _SERVICE.match(self.text):
            return False
        if _POSITION_DATES.search(self.text) and not _looks_like_venue(self.text):
            return False  # "Research Intern  Jan 2020 - Mar 2021": a position, not a work
        if self.authors:
            return True
        if _TALK.search(self.text) or _looks_like_venue(self.title):
            return False
        return self.year is not None or bool(self.venue) or (lenient and len(words) >= 4)

    # -- what surrounds the fields

    def _take_list_marker(self, text: str, *, numbered: bool) -> str:
        """The text without the number or bullet opening it; a leading year is left to be read
        as a tag, and "C3" is only a number in a numbered list."""
        marker = _list_marker(text)
        if marker is None or marker.lastgroup == "year":
            return text
        if marker.lastgroup == "code" and not numbered:
            return text
        return text[marker.end() :]

    def _take_notes(self, text: str) -> str:
        """Remove links, citation counts and award or presentation labels, keeping the labels,
        arXiv identifiers and a status at either end as notes."""
        for pattern in _DROPPED:
            text = pattern.sub(" ", text)
        for pattern in _LABELS:
            text = pattern.sub(self._label, text)
        text, notes = extract_notes(text, edges_only=True)
        self.notes.extend(notes)
        return text

    def _label(self, match: re.Match[str]) -> str:
        self.notes.append(clean_text(match.group("label")).lower())
        return " "

    def _take_leading_tags(self, text: str) -> str:
        """Handle what some lists put before an entry: "(2023)", "[NeurIPS 2023]", "ICML'22:",
        or a bare venue acronym before the authors ("RECOMB S. Doe; R. Roe, Title")."""
        thesis = _THESIS_LABEL.match(text.lstrip())
        if thesis:
            self.notes.append("thesis")
            text = text.lstrip()[thesis.end() :]
        acronym = _LEADING_ACRONYM.match(text.lstrip())
        if acronym:
            rest = text.lstrip()[acronym.end() :]
            with_tag, without = _AuthorList.read(text.lstrip()), _AuthorList.read(rest)
            # The tag is no name: the list reads better without it ("BioRxiv S. Doe" is not
            # one person) when the names after it hold initials the tag lacks, and as many
            # names ("GAN Zhe, B. Roe" is a family name in capitals, not "Zhe, B.").
            name_first = with_tag.accepted and with_tag.inverted  # "LeCun Y., Bengio Y."
            reads_better = not with_tag.accepted or (
                without.initials and len(without.real_names) >= len(with_tag.real_names)
            )
            if without.accepted and not name_first and reads_better:
                self.tag = acronym.group("tag")
                text = rest
        while True:
            text = text.lstrip()
            # After a year in a column of its own: "2024  - Doe", "2024  3. Doe".
            marker = _LIST_MARKER.match(text) if self.year is not None else None
            if marker and marker.lastgroup in ("number", "bullet"):
                text = text[marker.end() :]
                continue
            year = _LEADING_YEAR.match(text)
            if year and self.year is None:
                self.year = int(year.group("year"))
                text = text[year.end() :]
                continue
            tag = _LEADING_TAG.match(text) or _VENUE_PREFIX.match(text)
            if tag is None:
                return text
            label = clean_text(tag.group("tag"))
            if _YEAR.search(label) or _ACRONYM.search(label):
                self.venue = self.venue or label
                # (A tag of a known venue only: "[2025A]" numbers the entry, "DS-1000:" names
                # the work.)
                self.tag_venue = _only_a_venue(label)
                self.year = self.year or _last_year(label)
            text = text[tag.end() :]
            self.titles_first = True

    # -- the fields

    def _read_fields(self, text: str) -> None:
        if self._read_joint(text):
            return
        quoted = _quoted_title(text)
        if quoted is not None:
            self._read_quoted(text, quoted)
            return
        names = _AuthorList.read(text)
        if names.accepted and not names.is_probably_title(text, titles_first=self.titles_first):
            self.authors = names.names
            self._read_after_authors(text[names.end :])
        else:
            self._read_title_first(text)

    def _read_joint(self, text: str) -> bool:
        """ "Title (with J. Doe and R. Roe), Venue, 2023": the economists' form, which names
        only the co-authors, in brackets after the title. False for any other text, such as a
        title with a bracket of its own ("Learning (with Noisy Labels)")."""
        joint = _JOINT_WITH.search(text)
        if joint is None or joint.start() == 0:
            return False
        listed = joint.group("names").replace("\n", " ")
        names = _AuthorList.read(listed)
        whole = not listed[names.end :].strip(" .,;")
        before = text[: joint.start()]
        quoted = _QUOTED.search(before)
        # After a quoted title, one full name is a co-author too ("“Title,” (with Jane Doe)").
        after_quote = quoted is not None and not before[quoted.end() :].strip(" ,")
        if not (
            whole
            and names.accepted
            and (names.initials or len(names.real_names) >= 2 or after_quote)
        ):
            return False
        self.title = quoted.group("title") if quoted else before
        self.authors = names.names
        self.joint = True
        self._read_venue(text[joint.end() :])
        return True

    def _read_quoted(self, text: str, quoted: re.Match[str]) -> None:
        """ "Authors. “Title.” Venue" or "“Title,” Authors, Venue"."""
        self.title = quoted.group("title")
        before, after = text[: quoted.start()], text[quoted.end() :]
        names = _AuthorList.read(before)
        if names.names:
            self.authors = names.names
            self.year = self.year or _last_year(before[names.end :])
        else:
            # "“Title”. Jane Doe et al. in: Venue": the authors follow the title's full stop.
            after = _LEADING_PUNCTUATION.sub("", after)
            names = _AuthorList.read(after)
            if names.accepted:
                self.authors = names.names
                after = after[names.end :]
        self._read_venue(after)

    def _read_after_authors(self, rest: str) -> None:
        """What follows the authors: a year (APA, Chicago), the title, the venue."""
        rest = _LEADING_PUNCTUATION.sub("", rest)
        year = _AUTHOR_YEAR.match(rest)
        if year:
            self.year = self.year or int(year.group("year"))
            rest = _LEADING_PUNCTUATION.sub("", rest[year.end() :])
        end = _title_end(rest)
        self.title = rest[:end]
        self._read_venue(rest[end:])

    def _read_title_first(self, text: str) -> None:
        """ "Title. Authors. Venue", or title, authors and venue on rows of their own (the
        author row is the first with several names, else the first with one)."""
        candidates = [
            (start, names)
            for start in _row_starts(text)[:MAX_ENTRY_ROWS]
            if not _continues_list(text, start)
            and (names := _AuthorList.read(text, start)).accepted
            and (
                names.reaches_row_end(text)
                # "Title" over "J. Doe, R. Roe. NeurIPS 2023.": names then a full stop; one
                # name with initials ("A. Doe. International Conference ...") when a venue
                # follows it.
                or (
                    start
                    and names.stopped_by == "period"
                    and (
                        len(names.real_names) >= 2
                        # (A full name alone is one only in a list whose titles come first:
                        # elsewhere it is the end of a wrapped title, "Deep Learning.")
                        or (names.initials and _starts_like_venue(text, names.end + 1))
                        or (self.titles_first and _venue_follows(text, names.end))
                    )
                )
            )
        ]
        # Several names before one; a list filling its row; initials ("A. Quill." under a
        # title wrapped at "Documents Labels.").
        candidates.sort(
            key=lambda candidate: (
                len(candidate[1].real_names) < 2,
                not candidate[1].reaches_row_end(text),
                not candidate[1].initials,
            )
        )
        if candidates:
            start, names = candidates[0]
            self.title = text[:start]
            self.authors = names.names
            self._read_venue(text[names.end :])
            tag = _TRAILING_VENUE_TAG.search(self.title)
            if tag and not self.venue:
                # "Title, Oral, ICCV'23," over the authors: the venue closes the title row.
                self.venue = tag.group("tag")
                self.year = self.year or _last_year(tag.group("tag"))
                self.title = self.title[: tag.start()]
            return
        end = _title_end(text)
        self.title = text[:end]
        # "Title. Ada" + "Quill, Ben Marsh": the first name wrapped after its given name.
        rest = _GIVEN_NAME_WRAPPED.sub(r"\1 ", _LEADING_PUNCTUATION.sub("", text[end:]))
        names = _AuthorList.read(rest)
        if names.accepted:
            self.authors = names.names
            rest = rest[names.end :]
        self._read_venue(rest)

    def _read_venue(self, text: str) -> None:
        """The venue: the rows after the title and authors up to a row of date and place
        ("July, 2017. Honolulu"), without pages and dates; the year is the last one written.
        Notes and the final cleaning are left to :func:`build_publication`."""
        text = _SPLIT_DATE.sub(r"\g<month> \g<year>", _LEADING_PUNCTUATION.sub("", text))
        rows = text.split("\n")
        # An entry ends at its year ("..., NeurIPS 2023.") or pages: the rows after it may note
        # the work ("Also presented at ..., 2022", "We show that..."), and name no year of its
        # own. Dated already (APA's "(2023)" after the authors), it may end at a full stop, and
        # a row that names no venue after it is a note ("Proc." + "AAAI Conference ..." is not).
        ended = _first_row(rows[:-1], _ENDS_AT_YEAR, _ENDS_WITH_PAGES)
        stopped = _first_row(rows[:-1], _ENDS_SENTENCE)
        dated = self.year is not None
        self.year = (
            self.year
            or _last_year("\n".join(rows if ended is None else rows[: ended + 1]))
            or _last_year(text)
        )
        venue_rows: list[str] = []
        for index, row in enumerate(rows):
            if _is_a_note(row) and (
                (ended is not None and index > ended)
                or (
                    dated and stopped is not None and index > stopped and not _looks_like_venue(row)
                )
            ):
                break
            undated = _LEADING_DATES.sub("", row)
            if undated != row and not _looks_like_venue(undated):
                if venue_rows:
                    break
                continue
            venue_rows.append(undated)
        venue = " ".join(venue_rows)
        for pattern in (_LINK_LABEL, _PAGES, _DATE_ITEM, _ARTICLE_NUMBERS, _AFFILIATION_LEGEND):
            venue = pattern.sub(" ", venue)
        if clean_venue(venue) and not self.tag_venue:
            self.venue = venue  # (a venue tag opening the entry, "[ICLR 2024]", is surer)


def _first_row(rows: list[str], *ends: re.Pattern[str]) -> int | None:
    """The index of the first row that ends as one of the patterns says, if any."""
    return next((i for i, row in enumerate(rows) if any(end.search(row) for end in ends)), None)


def _is_a_note(row: str) -> bool:
    """Whether a row after an entry's year is a sentence about the work ("We show that...",
    "Also presented at ...") rather than its place, publisher or status ("(to appear)")."""
    words = row.split()
    abbreviated = sum(bool(_ABBREVIATED_WORD.fullmatch(word)) for word in words)
    # (A venue's name abbreviated, "Annu. Meet. Assoc. Comput. Linguist.", is no sentence.)
    return len(words) >= 5 and 2 * abbreviated < len(words) and not names_a_status(row)


_ABBREVIATED_WORD = re.compile(r"[A-Z][a-z]{0,7}\.,?")


def _right_aligned_venue(texts: list[str], *, tight: bool = False) -> tuple[list[str], str]:
    """Rows without a venue set apart at the right of one ("Title of the paper  ICLR"), and it.

    Layouts that push the venue to the right edge leave one wide gap before it; a short cell
    there naming a venue (an acronym, or a venue word) is the venue, not part of the title.
    In a list whose entries mostly have that column (``tight``), a title long enough to fill
    its row leaves only a word space before the venue: a known venue's acronym ending the
    first row is then the cell.
    """
    for index, text in enumerate(texts[:MAX_ENTRY_ROWS]):
        if split := _venue_cell(text):
            return [*texts[:index], split[0], *texts[index + 1 :]], split[1]
    if tight and texts:
        left, _, last = texts[0].rstrip().rpartition(" ")
        if left.strip() and _ACRONYM.fullmatch(last) and normalize_venue(last).venue:
            return [left.rstrip(), *texts[1:]], last
    return texts, ""


def _venue_cell(text: str) -> tuple[str, str] | None:
    """A row's text before its last wide gap and the short venue cell after it, if any."""
    left, gap, cell = text.rpartition("  ")
    if not (gap and left.strip()) or len(cell) > 48 or len(cell.split()) > 6:
        return None
    if _ACRONYM.search(cell) or _looks_like_venue(cell) or _JOURNAL_WORDS.search(cell):
        return left.rstrip(), cell.strip()
    return None


# Share of a list's entries with a venue cell at the right of their first row past which the
# list has a venue column.
VENUE_COLUMN_SHARE = 0.5


def _venue_column(blocks: list[_Block]) -> bool:
    """Whether the entries of a list set their venues in a column at the right edge."""
    if len(blocks) < 3:
        return False
    with_cell = sum(_venue_cell(block.rows[0].text) is not None for block in blocks)
    return with_cell >= VENUE_COLUMN_SHARE * len(blocks)


def _last_year(text: str) -> int | None:
    """The last year written in a text, never one of an identifier or pages (see
    :func:`year_in_text`); "AAAI'21" gives 2021 when there is no other."""
    year = year_in_text(text)
    if year:
        return year
    short = _SHORT_YEAR.findall(text)
    return 2000 + int(short[-1]) if short else None


def _join_rows(texts: list[str]) -> str:
    """The rows of an entry as one text, a newline where a row ended; words broken at the end
    of a row are joined ("represen-" + "tation"), compounds keep their hyphen ("Pre-training")."""
    pieces: list[str] = []
    for text in texts:
        text = text.replace("  ", "\n")  # a cell border separates fields as a row end does
        broken = _BROKEN_WORD.search(pieces[-1]) if pieces else None
        if broken and text[:1].isalnum():
            fragment = broken.group("fragment")
            compound = fragment.lower() in COMPOUND_PREFIXES and _COMPOUND_TAIL.match(text)
            # A capital or digit after the hyphen ("2D-" "Inferred") continues a compound.
            keep = compound or not text[0].islower() or _NOT_A_WORD_PART.search(fragment)
            pieces[-1] = pieces[-1][: broken.start("hyphen")] + ("-" if keep else "") + text
        else:
            pieces.append(text)
    return "\n".join(pieces)


_BROKEN_WORD = re.compile(r"(?P<fragment>\w+)(?P<hyphen>-)$")
# A hyphen at a row end splits a word ("pre-" "diction") unless a prefix meets a word it
# forms compounds with ("Pre-" "training", "Self-" "supervised").
_COMPOUND_TAIL = re.compile(
    r"\w{3,}ing\b|\w*(based|aware|level|scale|shot|free|driven|guided|specific|oriented|"
    r"trained|tuned|supervised|supervision|grained|modal|agent|task|domain|class|order|time|"
    r"step|view|head|world|layer|lingual|resolution|attention)\b"
)
# "V2X-", "3D-", "GPT-": a hyphen after digits or capitals links words, it does not split one.
_NOT_A_WORD_PART = re.compile(r"\d|.[A-Z]")
COMPOUND_PREFIXES = frozenset(
    """
    pre post multi self non semi cross meta sub intra anti over under out high low
    large small fine well real long short end state open zero few one two three single double
    data task model graph text image video sample energy time cost domain context human
    machine vision language knowledge reward goal object point deep hyper ultra mid top user
    hand game rule test class label noise privacy memory resource fault error risk quality
    learning physics physically ill
    """.split()
)


def _title_end(text: str) -> int:
    """Where the title at the start of ``text`` ends: at the first full stop that ends no
    initial or abbreviation, a question mark, a dash or bar between fields, a semicolon, a
    comma before a date, or a row end before a venue."""
    for match in _TITLE_STOP.finditer(text):
        stop = match.group()
        if stop == "\n":
            if match.start() > 0 and _starts_like_venue(text, match.end()):
                return match.start()
            continue
        if stop == ".":
            last = _LAST_WORD.search(text, max(0, match.start() - 30), match.start())
            word = last.group().lower() if last else ""
            if len(word) == 1 or word in _ABBREVIATIONS:
                continue
        return match.start() + (1 if stop in "?!" else 0)
    return len(text)


def _carries_a_list(text: str) -> bool:
    """Whether a row ends inside an author list that goes on below it."""
    return (
        text.endswith(",")
        or _LIST_RUNS_ON.search(text) is not None
        or _ENDS_IN_GIVEN_NAME.search(text) is not None
    )


def _continues_list(text: str, start: int) -> bool:
    """Whether the row at ``start`` carries on an author list wrapped from the row above
    ("A. Doe, B. Roe," + "C. Poe. NeurIPS"; "A. Doe, B. Roe" + "and C. Poe."), so the list
    does not open there."""
    if _LIST_RUNS_ON.search(text, 0, start) or _LIST_CLOSES.match(text, start):
        return True
    # "Title. Ada Quill, Ben Marsh, Cara" + "Ferro. NeurIPS": the title ended on the row
    # above (or that row holds names alone), and names run from there to the break (its
    # last name wrapped, perhaps).
    row_start = text.rfind("\n", 0, start - 1) + 1
    stops = list(_SENTENCE_STOP.finditer(text, row_start, start))
    names = _AuthorList.read(text[:start], stops[-1].end() if stops else row_start)
    rest = text[names.end : start].strip(" ,;\n").split()
    if not rest:
        return len(names.real_names) >= 2
    # The row ends in a given name or initials after a comma or the title's full stop: the
    # family name is on the next row ("Title. Ada" + "Quill, Ben Marsh").
    return len(rest) <= 2 and _ENDS_IN_GIVEN_NAME.search(text, 0, start) is not None


_LIST_RUNS_ON = re.compile(rf"(?:\b[A-Z]\.|[a-z]{{2}})[{re.escape(MARKERS)}]*(?:,|\s+and|\s*&)\s*$")
_LIST_CLOSES = re.compile(r"(?:and|&)\s+[A-Z]")
# "Ada" + "Quill, Ben Marsh" or "Ada" + "Quill. Venue": a name wrapped after its given name.
_GIVEN_NAME_WRAPPED = re.compile(
    rf"^([A-Z][a-z][\w'-]*)\n(?=[A-Z][\w'-]+[{re.escape(MARKERS)}]*[,.])"
)
_ENDS_IN_GIVEN_NAME = re.compile(
    r"(?:,|(?<=[a-z0-9?!)])[.?!:])\s*(?:[A-Z][a-z][\w'-]*|[A-Z]\.(?:\s?-?[A-Z]\.)?)\s*$"
)
_SENTENCE_STOP = re.compile(r"(?<=[a-z0-9?!)])[.?!:]\s+(?=[A-Z])")


def _row_starts(text: str) -> list[int]:
    return [match.end() for match in re.finditer(r"\n", text)]


def _looks_like_venue(text: str) -> bool:
    return _VENUE_WORDS.search(text) is not None


def _starts_like_venue(text: str, position: int = 0) -> bool:
    return bool(_VENUE_START.match(text, position) or _DATE_START.match(text, position))


_YEAR = re.compile(YEAR_PATTERN)
_SHORT_YEAR = re.compile(r"[A-Za-z]['\u2019](\d\d)\b")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = rf"({_MONTH},?\s*(\d{{1,2}}(\s*[-{DASHES}]\s*\d{{1,2}})?,?\s*)?)?{YEAR_PATTERN}"
_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LAST_WORD = re.compile(r"\S+$")
_TITLE_STOP = re.compile(
    r"[.?!](?=\s+([^a-z\s]|arXiv|bioRxiv|medRxiv|npj|eLife|iScience|in\s+[A-Z])|\s*$)"
    # "Title.7 In the Proceedings": a footnote's number glued to the full stop.
    r"|(?<=[a-z])\.(?=\d{1,2}\s+[A-Z])"
    rf"|\s[{DASHES}|]\s|\n|;\s|,(?=\s*((?i:{_MONTH}),?\s+)?(19|20)\d\d\b)"
    # "Authors, Title, NeurIPS 2023." and "..., Title, Journal of ...": a comma before a venue.
    r"|,(?=\s*[A-Z][A-Za-z]*[A-Z][\w&-]*['\u2019]?\s?(19|20)?\d\d\b)"
    r"|,(?=\s*(Journal|Transactions|Proceedings|Advances in|International (Conference|Journal))\b)"
    # "Title 2017 IEEE International Conference on ...": a year opening the venue.
    r"|\s(?=(?:19|20)\d\d\s+(?:IEEE|ACM|International|Proceedings|Conference|Annual)\b)"
    # "Title, “Geometry Meets Learning” Workshop": a comma before a quoted meeting's name.
    r"|,(?=\s*[\u201c\"][^\u201c\u201d\"]{3,80}[\u201d\"]\s*(?i:workshops?|symposium|track)\b)"
)
# Words that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    {"al", "vs", "e.g", "i.e", "proc", "int", "conf", "no", "vol", "pp", "dr", "st", "jr"}
    | {"fig", "eq", "univ", "dept", "inc", "ltd", "corp", "ed", "eds", "trans", "lett", "sci"}
    | {"res", "rev", "natl", "assoc", "symp", "adv", "comput"}
)
_VENUE_WORDS = re.compile(
    r"\b(proceedings|proc\.|conference|conf\.|journal|transactions|workshops?|symposium|"
    r"letters|magazine|arxiv|preprint|thesis|dissertation|press|society|association|"
    r"springer|elsevier|ieee|acm|advances in|in submission|under review|submitted|accepted|"
    r"to appear)\b",
    re.IGNORECASE,
)
# Words of journal names that are no venue word elsewhere ("A Review of ..." is a title).
_JOURNAL_WORDS = re.compile(
    r"\b(review|reviews|annals|bulletin|reports|communications|nature|science)\b", re.IGNORECASE
)
_VENUE_START = re.compile(
    r"\s*(In:?\s|in\s(?i:proceedings|proc\b|submission)|Proc|Adv\.\s|Journal|Transactions|IEEE|ACM|arXiv|"
    r"Advances in|International|Conference|Workshop|Symposium|Annual|Findings|The \d|"
    r"\d+(st|nd|rd|th)\s|Under review|Submitted|Accepted|To appear|Master|PhD|Ph\.D|Bachelor)",
)
_DATE_START = re.compile(rf"\s*({_MONTH},?\s+)?(\d{{1,2}},?\s+)?(19|20)\d\d\b", re.IGNORECASE)

# Links, identifiers and counts that say nothing about the work itself.
_DROPPED = (
    re.compile(r"\bdoi\s*:?\s*10\.\d{4,9}/\s?\S+", re.IGNORECASE),
    URL,
    re.compile(r"\bcited by\s*\d+|\bcitations?\s*:?\s*\d+", re.IGNORECASE),
    re.compile(
        # ... but "[arXiv 2024]", with a year, is a venue tag.
        r"\[(?![^\[\]]*\b(?:19|20)\d\d\b)[^\[\]]{0,40}\b(paper|pdf|code|slides|video|poster|project|website|arxiv|bibtex|"
        r"talk|html|blog|github|link|openreview|supplementary|supp)\b[^\[\]]{0,40}\]",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\(\s*[{re.escape(MARKERS)}]\s*(equal contribution|co-first authors?)\s*\)",
        re.IGNORECASE,
    ),
    # "(pdf)", "(code, slides)": link labels in parentheses.
    re.compile(
        r"\(\s*(pdf|code|slides|video|bibtex|html|link|project page|website)"
        r"(\s*[,|/]\s*(pdf|code|slides|video|bibtex|html|link|project page|website))*\s*\)",
        re.IGNORECASE,
    ),
)
# Labels that say how a work was received or presented: kept as notes.
_LABELS = (
    re.compile(
        r"(?P<label>\b(best|outstanding|distinguished)(\s+[\w-]+){0,3}?\s+"
        r"(award|nominee|nomination|prize|honou?rable mention)|\bhonou?rable mention)",
        re.IGNORECASE,
    ),
    re.compile(
        r"[(\[]\s*(?P<label>oral|spotlight|poster|highlight)(\s+(presentation|paper|talk))?"
        r"\s*[)\]]",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<label>\b(oral|spotlight)\s+presentation)", re.IGNORECASE),
)
_LEADING_YEAR = re.compile(r"^\(?(?P<year>" + YEAR_PATTERN + r")\)?[.:,]?\s+(?=\S)")
_LEADING_TAG = re.compile(r"^[\[(](?P<tag>[^\])]{1,40})[\])]\s*[:.-]?\s*")
_VENUE_PREFIX = re.compile(
    rf"^(?P<tag>(?=[a-z]*[A-Z])[A-Za-z][\w&/+-]*(\s[A-Z][\w&/+-]*){{0,3}}\s*'?(\d{{2}}|\d{{4}}))"
    rf"\s*[:|{DASHES}]\s+"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_TRAILING_VENUE_TAG = re.compile(
    r"[,;]\s*(?P<tag>[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s?(?:['’]\d{2}|(?:19|20)\d{2}))\s*[,.]?\s*$"
)
_LEADING_ACRONYM = re.compile(r"(?P<tag>[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:['’]?\d{2,4})?)\s+")
# (A consortium's thirty co-authors wrap over several rows: up to 1,500 characters.)
_JOINT_WITH = re.compile(
    r"\s*[(\[]\s*(?:joint(?:ly)?\s+)?with\s+(?P<names>[^()\[\]]{2,1500}?)\s*[)\]]",
    re.IGNORECASE,
)
_ENDS_WITH_COAUTHORS = re.compile(_JOINT_WITH.pattern + r"[.,]?\s*$", re.IGNORECASE)
# A closing quote opens a title too where the PDF turned LaTeX's ``'' into two of them.
_QUOTED = re.compile(r"(?:[\u201c\"]|\u201d(?=\w))(?P<title>[^\u201c\u201d\"]{6,}?)[\u201d\"]")
_QUOTED_OPENING = re.compile(r"[\u201c\"][^\W\d_]")
# A quoted name of a workshop or track ("“Geometry Meets Deep Learning” Workshop") is no title.
_NAMES_A_MEETING = re.compile(r"\s*(workshops?|symposium|track|session|challenge)\b", re.IGNORECASE)
_LEADING_PUNCTUATION = re.compile(rf"^[-\s.,;:|{DASHES}]+")
_AUTHOR_YEAR = re.compile(
    rf"^\(?(?P<year>{YEAR_PATTERN})[a-z]?\)?(,?\s*{_MONTH})?[.,:]?\s*", re.IGNORECASE
)
# "July" at the end of a row and "2024" at the start of the next are one date.
_SPLIT_DATE = re.compile(rf"(?P<month>(?i:{_MONTH}),?)\n(?P<year>{YEAR_PATTERN})")
_LEADING_DATES = re.compile(
    rf"^\s*{_DATE}(\s*[-{DASHES}]\s*({_DATE}|present|now))?[\s,.;:]*", re.IGNORECASE
)
_PAGES = re.compile(
    rf"\b(pp\.?|p\.|pages?)\s*[A-Za-z]?\d+\s*([-{DASHES}]+\s*[A-Za-z]?\d+)?|"
    r"\b(vol(ume)?\.?|no\.|issue|number)\s*:?\s*\d+|"
    # (A year in brackets after the pages is no issue: "5, 120-131 (2023)".)
    rf"\b\d+\s*\((?!(?:19|20)\d\d\))\d+\)(\s*:\s*[\de]+([-{DASHES}]\d+)?)?",
    re.IGNORECASE,
)
# A date that is an item of its own: ", July 2024," or "(2020)"; "ICLR 2019" keeps its year.
_DATE_ITEM = re.compile(
    rf"\(\s*{_DATE}\s*\)|(?<=[,.])\s*{_DATE}\s*(?=[,.;:\]]|$)|^\s*{_DATE}\s*[,.]",
    re.IGNORECASE,
)
# Article numbers ("e1519", "nh2021026"), volumes and pages ("34: 2585-2601", "12(7): 1867",
# "Medicine 12,", "Intell. 5, 120-131", "Biology 17:e1008765"), page ranges: what follows a
# venue's name but is not part of it.
_ARTICLE_NUMBERS = re.compile(
    r"(?<=,)\s*\d+(\s*\(\d+\))?\s*(:\s*[\w-]+)?\s*(?=[,.]|$)|\b[A-Za-z]{1,2}\d{3,}\w*|"
    rf":\s*\d+([-{DASHES}]\d+)?(?=[,.\s]|$)|\b\d{{8,}}\b|"
    rf"\b(?!(19|20)\d\d\b)\d{{1,5}}\s*[-{DASHES}]\s*\d{{1,5}}\b|"
    r"(?<=[a-z.])\s+(?!(19|20)\d\d\b)\d{1,4}(\.\d+)?(?=\s*([,.;:]|$))"
)
_LINK_LABEL = re.compile(r"\b(url|doi|available at|link)\s*:(?=\s|$)", re.IGNORECASE)
_AFFILIATION_LEGEND = re.compile(rf"(^|\s)[{re.escape(MARKERS)}]+[A-Z][\w-]*")
_PATENT = re.compile(
    r"\b(us|u\.s\.|european|wo|cn|jp|kr)\s+patent|\bpatent\s*(no\b|number|app|application|"
    r"pending|filed)|\bpatent\s*,",
    re.IGNORECASE,
)
# The dates of a position held: "2019 - Present", "Jan 2020 - Mar 2021".
_POSITION_DATES = re.compile(
    rf"(19|20)\d\d\s*[-{DASHES}]\s*(present|now|current|today)\b|"
    rf"\b{_MONTH}\s+(19|20)\d\d\s*[-{DASHES}]\s*{_MONTH}\s+(19|20)\d\d",
    re.IGNORECASE,
)
_TALK = re.compile(
    r"\b(invited talk|keynote|talk at|seminar|webinar|guest lecture|tutorial at)\b", re.IGNORECASE
)
# "Master's Thesis (in Spanish): Title": the kind of a thesis labels it before its title.
_THESIS_LABEL = re.compile(
    r"(?P<tag>(?:(?:master|bachelor|ph\.?\s?d|doctoral|diploma|honou?rs)['’]?s?\s+)?"
    r"(?:thesis|dissertation))\s*(?:\([^)]{0,60}\))?\s*[:–—-]\s+",
    re.IGNORECASE,
)
# A role in the service of a venue ("Program committee member: AISTATS 2025") names venues and
# years like a paper and is none. Editing a volume is a work and is kept.
_SERVICE = re.compile(
    # "PC member: ...", "Main/senior PC member: ALT 2025, COLT 2024": up to three words of
    # the role's rank before it.
    r"^\W*(?:\d{1,3}[.)]\s*)?(?:[\w/-]+\s+){0,3}?"
    r"(?:(?:extended\s+|senior\s+)?program\s+committee|pc\s+member"
    r"|(?:senior\s+)?area\s+chair|(?:session|workshop|publicity|general)\s+chair"
    r"|(?:invited\s+)?reviewer|co-?organi[sz]er|organi[sz]er|organi[sz]ing\s+committee)\b",
    re.IGNORECASE,
)


# --- author lists --------------------------------------------------------------------------------


def _is_author_row(row: _Row) -> bool:
    """A row that is nothing but an author list of at least two names."""
    names = _row_names(row.text)
    return names is not None and len(names.real_names) >= 2


def _is_name_row(row: _Row) -> bool:
    """A row that is nothing but one or more names (the author line of a single author)."""
    return _row_names(row.text) is not None


@functools.lru_cache(maxsize=4096)
def _row_names(text: str) -> _AuthorList | None:
    """The names a row consists of, if it holds nothing else (rows are asked about often)."""
    text = text.replace("  ", " ")
    names = _AuthorList.read(text)
    return names if names.accepted and names.reaches_row_end(text) else None


def _starts_with_authors(text: str) -> bool:
    names = _AuthorList.read(text)
    return names.accepted and (len(names.real_names) >= 2 or names.inverted)


def _opens_with_authors(text: str) -> bool:
    """Whether a row opens with an author list, a sole author's "J. Doe." included."""
    names = _AuthorList.read(text)
    return (
        _starts_with_authors(text)
        or (
            names.accepted
            and ((names.initials and names.stopped_by != "end") or names.stopped_by == "period")
        )
        or (
            # 'Jane Doe, "Title,"': a sole author before a quoted title (IEEE).
            bool(names.real_names) and _QUOTE_AFTER_NAMES.match(text, names.end) is not None
        )
    )


_QUOTE_AFTER_NAMES = re.compile(r"\s*,\s*[\u201c\"]")


@dataclass
class _AuthorList:
    """The names read from a text from a given position, and where they end.

    Names are read one chunk at a time (the words between two separators), each chunk a name
    in one of the usual forms: "Jane Doe", "J. Doe", "J Doe", "JANE DOE", "Doe, J.", "Doe,
    Jane" (the first author of a Chicago list), "Doe J.", or two names that lost their comma
    ("S. Sethi S. Khan"). The list ends at a full stop after a word, a colon, bracket, quote
    or dash, a row end after a complete name, or the first chunk that is not a name.
    """

    names: list[str] = field(default_factory=list)
    end: int = 0
    inverted: bool = False  # a "Doe, J." or "Doe J." name: titles never look like that
    initials: bool = False
    stopped_by: str = "end"  # "period", "break", "terminator", "word" or "end"

    @property
    def real_names(self) -> list[str]:
        return [name for name in self.names if name != OTHERS]

    @property
    def accepted(self) -> bool:
        """Whether the names make an author list and not the first words of a title."""
        if not self.real_names:
            return False
        if len(self.names) >= 2 or self.initials or self.inverted:
            return True
        # One plain name: "Jane Doe. Title" has an author, "Socially Aware Interactions: From"
        # is a title.
        return self.stopped_by in ("period", "break", "end")

    def is_probably_title(self, text: str, *, titles_first: bool = False) -> bool:
        """A single full "name" that is really a short title followed by the author list
        (``titles_first``: the entry opens with its title, after a venue tag or in a list of
        titles first)."""
        if len(self.names) != 1 or self.inverted or self.initials:
            return False
        rest = _LEADING_PUNCTUATION.sub("", text[self.end :])
        if (
            not rest.strip()
            or _VENUE_START.match(rest)
            or _only_a_venue(rest)
            or _YEAR_IN_BRACKETS.fullmatch(rest.rstrip(" ."))
        ):
            # "Sparse Kernels for Ranking." with nothing after it, or only its venue
            # ("NeurIPS 2023.") or year ("(2023)." once its arXiv identifier is a note): a
            # title, the list naming no authors.
            return True
        following = _AuthorList.read(rest)
        # "Signals Ranking Evidence. A. Quill. Venue": a name of three words or more before
        # one written with initials is the title.
        return following.accepted and (
            len(following.real_names) >= 2
            or (following.initials and len(self.names[0].split()) >= 3)
            or titles_first
        )

    def reaches_row_end(self, text: str) -> bool:
        """Whether nothing but punctuation follows the names on their row."""
        return not text[self.end :].split("\n", 1)[0].strip(" .,;")

    @classmethod
    def read(cls, text: str, start: int = 0) -> _AuthorList:
        tokens = _tokens(text, start)
        result = cls(end=start)
        index = 0
        while index < len(tokens):
            chunk, index, stop = _chunk(tokens, index, first=not result.names)
            if len(chunk) > 1 and result.names and chunk[0].text in _ELLIPSES:
                chunk = chunk[1:]  # "Doe, J., … Roe, M.": APA leaves out the authors between
            words = [token.text for token in chunk]
            if not words:
                if stop == "separator":
                    continue
                result.stopped_by = stop
                return result
            if _is_others(words):
                result.add([OTHERS], chunk[-1].end)
                result.stopped_by = "terminator"
                return result
            full_given = not result.names or result.inverted
            before = (len(result.names), result.end)
            pair = _inverted_pair(words, tokens, index, full_given=full_given)
            if pair is not None:
                name, end, index, stop = pair
                result.add([name], end)
                result.inverted = True
                result.initials = result.initials or _has_initials(name.split())
            elif not result.read_chunk(chunk, tokens, index, stop):
                return result
            colon = stop == "terminator" and tokens[index].text == ":"
            if (
                colon
                and before[0]
                and result.inverted
                and pair is None
                and not _has_initials(words)
            ):
                # "Doe, J., Roe, M., Asynchronous RLHF: Faster ...": in a list of "Doe, J."
                # names, words of another form before a colon open the title. ("J. Doe, M.
                # Roe: Title" is a DBLP list, whose names are all of one form.)
                del result.names[before[0] :]
                result.end = before[1]
            if stop != "separator":
                result.stopped_by = stop
                return result
            following, _, _ = _chunk(tokens, index, first=False)
            following_words = [token.text for token in following]
            semicolon_list = any(
                token.text == ";" for token in (*tokens[index : index + 8], *tokens[: index - 1])
            ) or (len(following_words) <= 4 and _has_initials(following_words))
            if tokens[index - 1].text == ";" and pair is None and not semicolon_list:
                # "Doe, Jane; Roe, Max" and "J. Doe; R. Roe; M. Poe" lists go on after a
                # semicolon; in "Doe J.; Title" or "J. Doe; Title" it ends the list.
                result.stopped_by = "terminator"
                return result
        return result

    def read_chunk(self, chunk: list[_Token], tokens: list[_Token], index: int, stop: str) -> bool:
        """Add the names of a chunk; False when the chunk ends the list."""
        words = [token.text for token in chunk]
        names = _names_in_chunk(words) or _tolerated(words, tokens, index, stop)
        if names:
            self.add(names, chunk[-1].end)
            self.initials = self.initials or _has_initials(words)
            self.inverted = self.inverted or _is_last_first(words)
            return True
        # "Doe J. Title words": a name written last-first ends at its initials; "J. Doe Title
        # words" (no stop before the title) at the family name after them.
        ending = _last_first_prefix(words) or _initials_first_prefix(words)
        if ending:
            self.add(_names_in_chunk(words[:ending]), chunk[ending - 1].end)
            self.inverted = self.initials = True
        self.stopped_by = "period" if ending else "word"
        return False

    def add(self, names: list[str], end: int) -> None:
        self.names.extend(names)
        self.end = end


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    row_start: bool  # the token opens a new row of the entry


def _tokens(text: str, start: int) -> list[_Token]:
    """The tokens of the text from ``start``, as far as an author list can reach."""
    tokens: list[_Token] = []
    previous_end = start
    for match in _TOKEN.finditer(text, start, start + AUTHOR_LIST_REACH):
        row_start = "\n" in text[previous_end : match.start()]
        previous_end = match.end()
        if match.group() in _ELLIPSES and tokens and tokens[-1].text not in _SEPARATORS:
            # "Gao, Y. … Guo, A.Y.": the names left out part two names, as a comma would.
            tokens.append(_Token(",", match.start(), match.start(), row_start))
        tokens.append(_Token(match.group(), match.start(), match.end(), row_start))
    return tokens


_QUOTES = '\u201c\u201d"'
_TOKEN = re.compile(rf"[^\s,;:()\[\]{_QUOTES}&]+|&|[,;:()\[\]{_QUOTES}]")
_ELLIPSES = frozenset({"\u2026", "..."})
_SEPARATORS = frozenset({",", ";", "and", "&"})
_TERMINATORS = frozenset({":", "(", ")", "[", "]", "|", "-", *_QUOTES, *DASHES})


def _chunk(
    tokens: list[_Token], index: int, *, first: bool = False
) -> tuple[list[_Token], int, str]:
    """The words from ``index`` to the next separator, the index after it, and what ended the
    words: "separator", "period" (a full stop after a word), "break" (a row end after a
    complete name, or any row end in the first name of a list; not before "and" nor after
    initials alone), "terminator" or "end"."""
    chunk: list[_Token] = []
    while index < len(tokens):
        token = tokens[index]
        lowered = token.text.lower()
        if (
            chunk
            and token.row_start
            and lowered not in ("and", "&")  # "A. Doe, B. Roe" + "and C. Poe": one list
            and (first or _names_in_chunk([t.text for t in chunk]))
            # Initials alone are no name: "Title. A." + "Doe, B. Roe" is broken inside one.
            and set(_kinds([t.text for t in chunk])) != {"initial"}
            and not (not first and _family_name_wrapped(tokens, index))
        ):
            return chunk, index, "break"
        if lowered in _SEPARATORS:
            return chunk, index + 1, "separator"
        if token.text in _TERMINATORS:
            return chunk, index, "terminator"
        if lowered == "et" and index + 1 < len(tokens) and tokens[index + 1].text.startswith("al"):
            if chunk:
                return chunk, index, "separator"
            return tokens[index : index + 2], index + 2, "separator"
        chunk.append(token)
        index += 1
        full_stop = _strip_marks(token.text).endswith(".")
        if full_stop and _kinds([t.text for t in chunk])[-1] != "initial":
            return chunk, index, "period"
    return chunk, index, "end"


def _family_name_wrapped(tokens: list[_Token], index: int) -> bool:
    """Whether the row starting at ``index`` opens with the last part of a name wrapped from
    the row above, the list going on after it ("..., Carlos Muñoz" + "Ferrandis, Aaron ...")."""
    if index + 2 >= len(tokens):
        return False
    family, comma, following = tokens[index : index + 3]
    return (
        _CAPITALISED.fullmatch(family.text) is not None
        and comma.text == ","
        and _CAPITALISED.fullmatch(following.text) is not None
    )


_CAPITALISED = re.compile(r"[^\W\d_][^\W\d_A-Z]{2,}")


def _strip_marks(word: str) -> str:
    if any(c in MARKERS or c in SUPERSCRIPT_DIGITS for c in word):
        return split_markers(word)[0]
    return word


def _marks(words: list[str]) -> str:
    return "".join(split_markers(word)[1] for word in words)


_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "di", "da", "dos", "das", "du", "le"}
    | {"la", "bin", "ibn", "al", "el", "ten", "ter", "zu", "vom", "y"}
)
_CJK_NAME = re.compile(rf"^{_CJK_CHARS.pattern}+$")
_INITIALS = re.compile(r"^([A-Z\u00c0-\u00de\u0141]\.?-?){1,3}$")
# Capitalised words that open titles and venues far more often than they are names.
TITLE_WORDS = frozenset(
    """
    a the of on in for to with from via and or towards toward using by at as is are
    learning neural network networks model models data dataset datasets graph graphs language
    languages vision efficient analysis detection robust generation transformer transformers
    reinforcement optimization optimisation quantization system systems image images video
    videos diffusion survey large multi self semi adversarial training representation
    representations inference estimation classification segmentation recognition prediction
    framework approach method methods benchmark benchmarks evaluation study conference
    proceedings journal transactions workshop symposium international annual ieee acm
    advances arxiv preprint letters review university press springer elsevier society
    association computer computing intelligence artificial machine information processing
    engineering research technology applications application theory control modeling
    modelling simulation design automatic automated scalable interpretable unsupervised
    supervised generative attention knowledge distillation federated privacy security
    sparse dynamic dynamics online fast improving understanding exploring rethinking
    revisiting beyond what when how why does new novel hierarchical physics quantum
    bayesian probabilistic causal multimodal semantic structured temporal spatial global
    local under submitted accepted preprint preprints paper papers article articles thesis
    theses dissertation undergraduate graduate master masters bachelor doctoral report
    technical chapter book volume issue poster abstract extended
    """.split()
)


def _word_kind(word: str) -> str:
    """What a word can be in a name: "initial", "word", "particle", "cjk", "title" (a word
    that usually opens titles) or "other"."""
    bare = _strip_marks(word)
    core = bare.rstrip(".")
    letters = core.replace("-", "").replace(".", "").replace("'", "").replace("\u2019", "")
    if not letters:
        return "other"
    if _CJK_NAME.match(letters):
        return "cjk"
    if core in _PARTICLES:
        return "particle"
    if not letters.isalpha() or not core[0].isupper():
        return "other"
    if _INITIALS.match(core + ".") and (bare.endswith(".") or len(letters) <= 2):
        return "initial"
    if len(letters) < 2:
        return "other"
    return "title" if core.lower() in TITLE_WORDS else "word"


def _kinds(words: list[str]) -> list[str]:
    """The kinds of the words of one name. In an all-capitals name ("TONG LU") short words
    are names, not initials; beside an initial, a word that usually opens titles is a name
    ("M. Poster"), elsewhere it is not ("Poster Session")."""
    kinds = [_word_kind(word) for word in words]
    if all(word.isupper() and "." not in word.rstrip(".") for word in words) and any(
        len(word.rstrip(".")) >= 3 for word in words
    ):
        kinds = ["word" if kind == "initial" else kind for kind in kinds]
    named = "initial" in kinds
    return [("word" if named else "other") if kind == "title" else kind for kind in kinds]


def _has_initials(words: list[str]) -> bool:
    return "initial" in _kinds(words)


def _is_last_first(words: list[str]) -> bool:
    """ "Doe J." / "Doe JM" / "de Souza D." (Vancouver style): words, then initials only."""
    kinds = _kinds(words)
    if "initial" not in kinds or kinds[0] not in ("word", "particle"):
        return False
    first_initial = kinds.index("initial")
    return (
        "word" in kinds[:first_initial]
        and all(kind in ("word", "particle") for kind in kinds[:first_initial])
        and all(kind == "initial" for kind in kinds[first_initial:])
    )


def _last_first_prefix(words: list[str]) -> int:
    """The length of a "Doe J." name opening the words, or 0."""
    for end in range(2, min(len(words), 5) + 1):
        if _strip_marks(words[end - 1]).endswith(".") and _is_last_first(words[:end]):
            return end
    return 0


def _initials_first_prefix(words: list[str]) -> int:
    """The length of a "J. Doe" name (initials with full stops, one family name) opening
    words that go on as no name ("J. Doe A Study of ..."), or 0."""
    kinds = _kinds(words)
    initials = 0
    while initials < len(words) and kinds[initials] == "initial":
        if not _strip_marks(words[initials]).endswith("."):
            return 0
        initials += 1
    end = initials + 1
    if not initials or end >= len(words) or kinds[initials] != "word":
        return 0
    rest = words[end:]
    if len(rest) < 3 or not rest[0][:1].isupper() or _names_in_chunk(rest):
        return 0
    return end


def _names_in_chunk(words: list[str]) -> list[str]:
    """The names one chunk holds ("J. Doe", "Doe J.", "J. Doe K. Roe"); empty if none."""
    if not words or len(words) > 6:
        return []
    kinds = _kinds(words)
    if "other" in kinds:
        return []
    if kinds == ["cjk"]:
        return [_display(words)]
    if _is_last_first(words):
        first_initial = kinds.index("initial")
        return [_display(words[first_initial:] + words[:first_initial])]
    names: list[list[str]] = [[]]
    for word, kind in zip(words, kinds, strict=True):
        # "S. Sethi S. Khan": an initial after a complete name opens the next name.
        complete = len(names[-1]) >= 2 and _kinds(names[-1])[-1] in ("word", "cjk")
        if kind == "initial" and complete:
            names.append([])
        names[-1].append(word)
    if any(len(name) < 2 or _kinds(name)[-1] not in ("word", "cjk") for name in names):
        return []
    return [_display(name) for name in names]


def _display(words: list[str]) -> str:
    """Words as one name, without full stops after whole words, its markers at the end."""
    bare = [
        word[:-1] if word.endswith(".") and kind != "initial" else word
        for word, kind in zip(map(_strip_marks, words), _kinds(words), strict=True)
    ]
    return with_markers(" ".join(bare), _marks(words))


def _inverted_pair(
    words: list[str], tokens: list[_Token], index: int, *, full_given: bool
) -> tuple[str, int, int, str] | None:
    """ "Doe, J." or "Doe, Jane" read as one name: the name, where it ends, the index of the
    token after it and what ended it. Full given names are only read where a list may have
    them: its first author (Chicago style), or a list already written "Last, First"."""
    kinds = _kinds(words)
    if index == 0 or tokens[index - 1].text != "," or len(words) > 3:
        return None
    if kinds[-1] != "word" or any(kind not in ("word", "particle") for kind in kinds):
        return None
    initials = _initials_from(tokens, index)
    if initials:
        if _names_in_chunk(words) and _names_in_chunk([t.text for t in _chunk(tokens, index)[0]]):
            return None  # "Samson Hagos, L. Ruby Leung": two names, the second with an initial
        after = index + len(initials)
        stop = _stop_after(tokens, after)
        given = initials
        if stop == "separator" and tokens[after].text.lower() in _SEPARATORS:
            after += 1
    elif full_given and kinds.count("word") == 1:
        given, after, stop = _chunk(tokens, index)
        given_kinds = _kinds([token.text for token in given])
        if not given or len(given) > 3 or given_kinds[0] != "word" or "other" in given_kinds:
            return None
    else:
        return None
    name = _display([token.text for token in given] + words)
    return name, given[-1].end, after, stop


def _initials_from(tokens: list[_Token], index: int) -> list[_Token]:
    """The run of initials from ``index`` ("A. B.", "C.-Y.", "RT")."""
    initials: list[_Token] = []
    for token in tokens[index:]:
        if _word_kind(token.text) != "initial":
            break
        dotted = _strip_marks(token.text).endswith(".")
        if initials and _strip_marks(initials[0].text).endswith(".") and not dotted:
            break  # "Yan, L. A river ...": an undotted capital after dotted initials is a word
        initials.append(token)
    return initials


def _stop_after(tokens: list[_Token], index: int) -> str:
    """What follows a run of initials: another name ("separator"), or the end of the list."""
    if index >= len(tokens):
        return "end"
    text = tokens[index].text.lower()
    if text in _SEPARATORS or text == "et":
        return "separator"
    if tokens[index].text in _TERMINATORS:
        return "terminator"
    return "period"


def _is_others(words: list[str]) -> bool:
    joined = " ".join(words).lower().rstrip(".").strip()
    return joined in ("et al", "et. al", "others", "etc", "...", "\u2026")


def _tolerated(words: list[str], tokens: list[_Token], index: int, stop: str) -> list[str]:
    """A name the grammar rejects ("Seoyun son") but that sits between two good names."""
    if stop != "separator" or not 2 <= len(words) <= 3 or not words[0][:1].isupper():
        return []
    if any(not word.isalpha() or word.lower() in TITLE_WORDS for word in words):
        return []
    following, _, _ = _chunk(tokens, index)
    return [_display(words)] if _names_in_chunk([t.text for t in following]) else []
