"""The shapes extraction works on: lines with their page and place, sections, and records.

Parsers produce these; extractors read them; :mod:`candidates.analysis` turns them into the JSON
of ``manage.py analyze``. Plain frozen dataclasses, so every step can be called in a REPL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from candidates.parsing.entries import RawPublication


@dataclass(frozen=True)
class TextLine:
    """One line of a document in reading order.

    ``page`` counts from 1 (None for files without pages, such as a BibTeX file). Geometry is in
    PDF points from the top-left of the page; it is zero where the source has none. ``gap`` is
    the vertical space between this line and the previous one of the same column, which tells
    where one publication or position ends and the next begins.
    """

    text: str
    page: int | None
    bold: bool = False
    size: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    gap: float = 0.0


@dataclass
class Section:
    """A run of lines under one heading; ``kind`` is the canonical name of the heading."""

    kind: str
    heading: str
    lines: list[TextLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def page(self) -> int | None:
        return self.lines[0].page if self.lines else None


@dataclass
class CvDocument:
    """A CV split into sections; the input of every evidence extractor."""

    lines: list[TextLine]
    sections: list[Section]
    body_size: float = 0.0

    def sections_of(self, *kinds: str) -> list[Section]:
        return [s for s in self.sections if s.kind in kinds]

    def lines_of(self, *kinds: str) -> list[TextLine]:
        return [line for s in self.sections_of(*kinds) for line in s.lines]


@dataclass(frozen=True)
class EvidenceItem:
    """A quoted piece of a document that supports a signal of one rubric dimension.

    ``value`` carries a number where the signal has one (a count, a year); it is 1 for signals
    that are present or not.
    """

    dimension: str
    signal: str
    quote: str
    page: int | None
    value: float = 1.0


@dataclass(frozen=True)
class PersonRecord:
    """Who the document is about: only what is needed to contact and cite them.

    Date of birth, age, gender, nationality, marital status and photos are never extracted.
    """

    name: str | None
    emails: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class DegreeRecord:
    level: str  # "phd" | "masters" | "bachelors"
    field: str | None
    institution: str | None
    year: int | None  # completion year, or expected completion year while in progress
    status: str  # "completed" | "in_progress" | "unknown"
    quote: str
    page: int | None
    start_year: int | None = None


@dataclass(frozen=True)
class PublicationRecord:
    """A normalised publication of the candidate, with the quote and page it was read from."""

    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None  # canonical acronym, e.g. "NeurIPS"; a workshop keeps its parent's
    venue_raw: str | None
    kind: str  # conference | journal | workshop | preprint | thesis | other
    track: str | None  # main | findings | datasets_benchmarks | demo | short | ...
    tier: str | None  # top | strong | other; None when the venue is unknown
    area: str | None  # ml | nlp | cv | ... of the venue
    status: str | None  # published | accepted | under_review | preprint
    author_position: str | None  # first | last | middle | sole
    equal_contribution: bool | None
    quote: str
    page: int | None
    source: str  # "cv" | "publication_list"


@dataclass
class CvEntries:
    """The CV's publication entries with their pages, and why the reading may be incomplete."""

    entries: list[tuple[RawPublication, int | None]] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    # The name the owner is written with in the entries' author lists (see ``owner_of``).
    owner: str | None = None
