"""The entries every publication list parser builds, and the helpers that clean them.

The format parsers (:mod:`bibtex`, :mod:`ris`, :mod:`csl`, :mod:`plain`) build their entries with
:func:`build_publication`, so titles, names, years, venues and notes are cleaned the same way
whatever the source. An entry here is *raw*: the venue is written as the source writes it, and
mapping it to a canonical venue, kind and tier is left to the callers. This module imports no
parser; :mod:`candidates.parsing.publications` sits on top and dispatches to them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

RAW_LIMIT = 600
OTHERS = "others"
# Characters CVs and BibTeX files put after an author's name: asterisks (ASCII, operator, star),
# daggers, "#" and "^" for equal contribution; section and pilcrow signs, rarer, for the
# corresponding author.
MARKERS = "*\u2217\u22c6\u2020\u2021\u00a7\u00b6#^"
# Superscript digits after a name point to affiliations.
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# Dashes besides the ASCII hyphen: hyphen, non-breaking hyphen, figure dash, en and em dash.
DASHES = "\u2010\u2011\u2012\u2013\u2014"
SUPPORTED = (
    "Upload a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) export of a reference manager, "
    "or a plain text list with one publication per numbered item, bullet or paragraph."
)


@dataclass(frozen=True)
class RawPublication:
    """One entry of a publication list, cleaned but not interpreted.

    ``authors`` holds each name as "First Last" with its equal-contribution markers kept
    ("Jane Doe*"); a truncated list ends with the item "others". ``note`` gathers what tells
    the kind or status of the work that is not its venue: "under review", "to appear",
    "arXiv:2301.00001", a BibTeX note. ``raw`` is the entry as written, for quoting, and
    ``line`` the 1-based index of its first line in a plain text list or CV section.
    ``owner_unnamed`` marks an entry of a list in the economists' form ("Title (with J. Doe),
    Venue"), which names only the owner's co-authors, or none for a work of their own: the
    owner is an author, in a place the list does not write.
    """

    title: str
    authors: tuple[str, ...]
    year: int | None
    venue_raw: str | None
    entry_type: str | None
    note: str | None
    raw: str
    line: int | None = None
    owner_unnamed: bool = False


@dataclass
class PublicationListResult:
    """The entries read from one list, with one warning per entry that had to be skipped."""

    format: str  # "bibtex" | "ris" | "csl_json" | "plain"
    publications: list[RawPublication]
    warnings: list[str]


class PublicationListError(Exception):
    """The upload cannot be read as a publication list; ``str(exc)`` is a message for the user."""


# --- building entries ----------------------------------------------------------------------------


def build_publication(
    *,
    title: str,
    authors: Iterable[str],
    year: int | None,
    venue: str | None,
    entry_type: str | None,
    notes: Iterable[str | None],
    raw: str,
    line: int | None = None,
    owner_unnamed: bool = False,
) -> RawPublication:
    """An entry with every field cleaned the same way whatever the format it was read from.

    Status phrases and arXiv identifiers found in the title or venue move to the note.
    """
    bare_title, title_notes = extract_notes(clean_text(title), edges_only=True)
    venue_text, venue_notes = extract_notes(clean_text(venue or ""))
    note = join_notes([*notes, *title_notes, *venue_notes])
    if year is None and note:
        # Only when no year is written does an arXiv identifier date the work.
        dated = (arxiv_year(identifier) for identifier in _NOTED_ARXIV.findall(note))
        year = next((year for year in dated if year), None)
    return RawPublication(
        # A title that is nothing but a status stays as written rather than go empty.
        title=clean_title(bare_title) or clean_title(title),
        authors=clean_authors(authors),
        year=year,
        venue_raw=clean_venue(venue_text),
        entry_type=entry_type or None,
        note=note,
        raw=trim_raw(raw),
        line=line,
        owner_unnamed=owner_unnamed,
    )


def works_of_the_owner_alone(publications: list[RawPublication]) -> list[RawPublication]:
    """The entries, an entry naming no one marked :attr:`RawPublication.owner_unnamed` when
    they are in the economists' form: most entries that name anyone name only co-authors
    ("(with J. Doe)"), and then one naming no one is a work of the owner's alone."""
    joint = sum(bool(p.authors) and p.owner_unnamed for p in publications)
    named = sum(bool(p.authors) and not p.owner_unnamed for p in publications)
    # Two "(with ...)" at least as many as the lists naming authors another way; or one, when
    # no other entry names any author.
    in_form = joint >= max(named, 1) and (joint >= 2 or (not named and len(publications) >= 2))
    if not in_form:
        return publications
    return [p if p.authors else replace(p, owner_unnamed=True) for p in publications]


def clean_text(text: str) -> str:
    """One line of text: Unicode spaces and line breaks made plain spaces, runs collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


_SPACES = re.compile(r"\s+")
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None, "\ufffe": None})


def clean_title(title: str) -> str:
    """A title on one line, without wrapping quotes or braces and without trailing punctuation."""
    title = clean_text(title).replace("{", "").replace("}", "")
    previous = None
    while previous != title:
        previous = title
        title = title.strip(" ,;:").rstrip(".")
        if len(title) > 1 and title[0] + title[-1] in _QUOTE_PAIRS:
            title = title[1:-1]
    return title.strip()


# Straight, curly (double and single), guillemet and low-high quotes around a whole title.
_QUOTE_PAIRS = {'""', "\u201c\u201d", "\u2018\u2019", "''", "\u00ab\u00bb", "\u201e\u201c"}


URL = re.compile(r"<?\b(https?://|www\.|doi\.org/)\S+>?", re.IGNORECASE)


def clean_venue(venue: str) -> str | None:
    """A venue without links, leading "In", stray brackets and punctuation; None when nothing
    is left."""
    venue = balanced_brackets(clean_text(URL.sub(" ", venue)))
    venue = _EMPTY_PUNCTUATION.sub("", venue)
    venue = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", venue)
    venue = _LEADING_IN.sub("", venue).strip(" ,;:.-" + DASHES)
    return venue if any(char.isalpha() for char in venue) else None


# What cutting dates, pages and notes out of a venue leaves: ", ." "( , )" "(, x".
_EMPTY_PUNCTUATION = re.compile(r"\s*[,;]\s*(?=[.,;)\]])|[(\[][\s,;.]*[)\]]|(?<=[(\[])\s*[,;]\s*")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:)\]])")


def balanced_brackets(text: str) -> str:
    """Text without the brackets that cutting parts out of it left unmatched."""
    kept: list[str] = []
    opened: list[int] = []
    for char in text:
        if char in "([":
            opened.append(len(kept))
        elif char in ")]":
            if not opened:
                continue
            opened.pop()
        kept.append(char)
    for index in reversed(opened):
        del kept[index]
    return "".join(kept)


_LEADING_IN = re.compile(r"^(in|in:)\s+(?=\S)", re.IGNORECASE)


def clean_authors(authors: Iterable[str]) -> tuple[str, ...]:
    """Names on one line each, without empty items; a trailing "et al." becomes "others"."""
    names: list[str] = []
    for author in authors:
        name = clean_text(author).strip(" ,;")
        if not name:
            continue
        if _OTHERS.fullmatch(name):
            name = OTHERS
        if name == OTHERS and names and names[-1] == OTHERS:
            continue
        names.append(name)
    return tuple(names)


_OTHERS = re.compile(r"(and\s+)?(others|et\.?\s*al\.?|etal\.?|\.\.\.|…)", re.IGNORECASE)


def join_notes(notes: Iterable[str | None]) -> str | None:
    """Notes joined with "; ", each once, in the order they were found."""
    kept: list[str] = []
    for note in notes:
        text = clean_text(note or "").strip(" ,;")
        if text and text.lower() not in (k.lower() for k in kept):
            kept.append(text)
    return "; ".join(kept) or None


def trim_raw(raw: str) -> str:
    """The source text of an entry, trimmed for quoting."""
    raw = raw.strip()
    if len(raw) <= RAW_LIMIT:
        return raw
    return raw[: RAW_LIMIT - 1].rstrip() + "…"


# --- years ---------------------------------------------------------------------------------------

_NOTED_ARXIV = re.compile(r"arXiv:(\S+)")

YEAR_PATTERN = r"(?<![\d./-])(19[5-9]\d|20[0-4]\d)(?![\d])"
_YEAR = re.compile(YEAR_PATTERN)


def parse_year(value: object) -> int | None:
    """The first plausible year in a field ("2023", "{2023}", "2023a", "2023-05"), else None."""
    if isinstance(value, int):
        return value if 1950 <= value <= 2049 else None
    match = _YEAR.search(str(value or ""))
    return int(match.group(1)) if match else None


def year_in_text(text: str) -> int | None:
    """The year a citation was published, from its text; None when it writes none.

    Identifiers are no years: article numbers ("e2020WR029374"), DOIs ("10.1109/5.2019.01"),
    arXiv identifiers ("2012.01234"), ISBNs, links. Of the years left, the last one written
    wins (citations end with their date). Pages are no years either: "pp. 2019-2030", and a
    range wider than a few years ("1968-1981").
    """
    text = _IDENTIFIERS.sub(" ", text)
    years = []
    for match in _YEAR.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if _GLUED_AFTER.match(after) or _PAGES_BEFORE.search(before):
            continue
        year = int(match.group(1))
        follows = _RANGE_AFTER.match(after)
        precedes = _RANGE_BEFORE.search(before)
        other = int(follows["other"]) if follows else int(precedes["other"]) if precedes else None
        low, high = sorted((year, other if other is not None else year))
        if other is not None and not (len(str(other)) == 4 and high - low <= _LONGEST_DATE_RANGE):
            continue  # pages "1968-1981", "1-2019": not a span of years
        years.append(year)
    return years[-1] if years else None


def arxiv_year(identifier: str) -> int | None:
    """The year an arXiv identifier was issued ("2103.01234" -> 2021, "cs/0701001" -> 2007)."""
    match = _ARXIV_DATE.search(identifier)
    if not match or not 1 <= int(match["month"]) <= 12:
        return None
    year = int(match["yy"])
    return 2000 + year if year < 90 else 1900 + year


_IDENTIFIERS = re.compile(
    r"<?\b(https?://|www\.|doi\.org/)\S+|\b10\.\d{4,9}/\S+|\b\d{4}\.\d{4,5}(v\d+)?\b"
    r"|\bisbn(-1[03])?\s*:?\s*[\d\s-]{9,17}[\dx]\b|\b97[89][-\s]?\d[\d\s-]{8,15}\d\b",
    re.IGNORECASE,
)
# "e2020WR029374": a year glued to letters on its right is part of an identifier; "2023a" (a
# second paper of 2023) and "ICLR2024" are years.
_GLUED_AFTER = re.compile(r"(?![a-z](?![A-Za-z\d]))[A-Za-z\d]")
_RANGE_AFTER = re.compile(rf"\s*[-{DASHES}]+\s*(?P<other>\d+)")
_RANGE_BEFORE = re.compile(rf"(?<!\d)(?P<other>\d+)\s*[-{DASHES}]+\s*$")
_LONGEST_DATE_RANGE = 3
_PAGES_BEFORE = re.compile(r"\b(pp\.?|p\.|pages?|nos?\.|vol\.?|art\.)\s*$", re.IGNORECASE)
# "2103.01234" (since 2007) and "cs/0701001" (before): year and month come first.
_ARXIV_DATE = re.compile(r"(?:(?<![\d.])|/)(?P<yy>\d\d)(?P<month>\d\d)(?:\.\d{4,5}|\d{3})(?!\d)")


# --- notes ---------------------------------------------------------------------------------------

ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?)"
_ARXIV = re.compile(r"\barxiv(\s*preprint)?\s*(:|\s|abs/)\s*" + ARXIV_ID, re.IGNORECASE)
_ARXIV_URL = re.compile(
    r"(https?://)?(www\.)?arxiv\.org/(abs|pdf)/" + ARXIV_ID + r"(\.pdf)?", re.IGNORECASE
)
# What a CV or a reference manager writes about the status of a work. "Accepted at X" and
# "to appear in X" leave X behind as the venue; a venue under review is only a target.
_TARGET = r"[^.;,()\[\]]+"
_MONTH_YEAR = r"([a-z]+\.? )?(19|20)\d\d"
STATUS_PHRASE = (
    rf"(under|in) (double[- ]blind )?review( (at|for|in|by|with) {_TARGET})?|"
    rf"submitted( (to|at) {_TARGET}| (in |on )?{_MONTH_YEAR})?|in submission|to appear|"
    r"forthcoming|in press|"
    rf"accepted (in |on )?{_MONTH_YEAR}|accepted (at|to|into|in|by|for)\b|"
    r"accepted(?=\s*[)\].,;]|\s*$)|"
    r"(manuscript )?in preparation|in prep\.|in progress|pre-?print soon"
)
_STATUS = re.compile(rf"[(\[]?\b(?P<lead>{STATUS_PHRASE})[)\]]?", re.IGNORECASE)
_EDGE_STATUS = re.compile(
    rf"^\s*[(\[](?P<lead>{STATUS_PHRASE})[)\]]\s*"
    rf"|(\s[-{DASHES}]\s*|\s*[(\[])(?P<tail>{STATUS_PHRASE})[)\]]?\s*$",
    re.IGNORECASE,
)
_STATUS_WORDS = re.compile(
    r"^((under|in) (double[- ]blind )?review|submitted)(?P<target> (at|to|for|in|by|with) .+)$",
    re.IGNORECASE,
)


def names_a_status(text: str) -> bool:
    """Whether a text says where a work stands ("to appear", "under review at ICLR")."""
    return _STATUS.search(text) is not None


def extract_notes(text: str, *, edges_only: bool = False) -> tuple[str, list[str]]:
    """Split status phrases and arXiv identifiers off a venue (or, ``edges_only``, a title).

    "Under review at ICLR" becomes the note "under review at ICLR" and leaves nothing behind;
    "Accepted at ICML 2023" becomes the note "accepted" and leaves "ICML 2023". In a title only
    a bracketed status at either end counts ("(To appear) Title", "Title - In preparation").
    """
    notes: list[str] = []

    def arxiv(match: re.Match[str]) -> str:
        notes.append(f"arXiv:{match.group('id')}")
        return " "

    def status(match: re.Match[str]) -> str:
        notes.append(_status_note(match.group("lead") or match.group("tail")))
        return " "

    text = _ARXIV_URL.sub(arxiv, _ARXIV.sub(arxiv, text))
    text = (_EDGE_STATUS if edges_only else _STATUS).sub(status, text)
    return _LINE_SPACES.sub(" ", text).strip(), notes


# Runs of spaces within a line; line breaks are kept for readers that use them.
_LINE_SPACES = re.compile(r"[^\S\n]+")


def _status_note(phrase: str) -> str:
    """The status in lowercase words, keeping the target venue as written."""
    phrase = clean_text(phrase)
    if phrase.lower().startswith("accepted"):
        return "accepted"
    target = _STATUS_WORDS.match(phrase)
    if target:
        return phrase[: target.start("target")].lower() + target.group("target")
    return phrase.lower()


def arxiv_notes(values: Iterable[str]) -> list[str]:
    """ "arXiv:<id>" for each value that names an arXiv paper (an id, a URL, an arXiv DOI)."""
    notes = []
    for value in values:
        match = _ARXIV.search(value) or _ARXIV_URL.search(value) or _ARXIV_DOI.search(value)
        if match:
            notes.append(f"arXiv:{match.group('id')}")
    return notes


_ARXIV_DOI = re.compile(r"10\.48550/arxiv\." + ARXIV_ID, re.IGNORECASE)


# --- names ---------------------------------------------------------------------------------------

_MARKER_RUN = re.compile(rf"[{re.escape(MARKERS)}]+|[{SUPERSCRIPT_DIGITS}]+")


def split_markers(name: str) -> tuple[str, str]:
    """A name without its markers, and the markers ("Doe*, Jane" -> ("Doe, Jane", "*")).

    Superscript digits (affiliations) are dropped; the other markers are returned in order.
    """
    markers = "".join(m for m in _MARKER_RUN.findall(name) if m[0] in MARKERS)
    if len(markers) > 1:
        markers = markers.replace("^", "")  # "Doe^*" is a superscript star, not two marks
    # "Doe, J.*." ends a list: the full stops either side of the mark are one.
    bare = _MARKER_RUN.sub("", name).replace("..", ".")
    return clean_text(bare).strip(" ,"), markers


def with_markers(name: str, markers: str) -> str:
    """A name with its markers appended, each marker once."""
    return name + "".join(dict.fromkeys(markers))


def invert_name(name: str) -> str:
    """ "Last, First" as "First Last", keeping markers at the end; other names unchanged."""
    bare, markers = split_markers(name)
    if bare.count(",") == 1:
        last, first = (part.strip() for part in bare.split(","))
        if first and last:
            bare = f"{first} {last}"
    return with_markers(bare, markers)


def fold(text: str) -> str:
    """Lowercase text without accents, for comparisons ("Karlová" -> "karlova")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
