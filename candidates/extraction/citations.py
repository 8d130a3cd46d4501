"""Finding a CV's publications wherever they stand, and saying when the reading may be incomplete.

Publications sections are found by their headings, but real CVs also list papers under headings
no lexicon holds ("Research output", a label the reader lost, an appendix) or under another
section's heading. Entries are therefore also recognised by what they look like: a run of at
least :data:`MIN_RUN` consecutive entries, each with several authors and a year, is a list of
papers whatever section it sits in. When nothing was read that way, runs of entries that each
name a known venue and a year are papers, with or without an author list. Talks, patents and
references are left alone: their entries look like citations and are not papers.

The self-check compares what was read with what the CV shows: a publications heading under
which nothing was read, numbered items or mentions of the owner's name in author lists that
outnumber the entries read, citation-like lines in sections that yielded nothing, or, when no
list was found, more lines naming a venue and a year than entries read. Each finding is a
reason the reading may be incomplete; the scorer treats such a reading as insufficient
evidence rather than as an empty record.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from candidates.authorship import name_mentions
from candidates.extraction.document import CvDocument, CvEntries, Section, TextLine
from candidates.extraction.publications import owner_of
from candidates.parsing.entries import RawPublication, works_of_the_owner_alone
from candidates.parsing.plain import parse_plain_entries
from candidates.venues import normalize_venue

MIN_RUN = 3
# Sections whose entries look like citations and are not papers.
_NOT_PAPERS = frozenset({"talks", "patents", "references", "teaching", "coursework", "skills"})
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
# "A. Turing", "Turing, A.", "A Turing," and "Alan M. Turing" in an author list.
_AUTHORISH = re.compile(
    r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)?[A-Z][\w'’-]+|\b[A-Z][\w'’-]+,\s[A-Z]\.|"
    r"\b[A-Z][a-z]+\s[A-Z]\.\s[A-Z][a-z]+"
)
_NUMBERED = re.compile(r"^\s*(?:\[\s*[A-Z]?\d{1,3}\s*\]|\(\s*\d{1,3}\s*\)|\d{1,3}[.)])\s+\S")
# Below this share of the numbered items, or of the owner's mentions, a section was not read in
# full: a count more than 15% short is not a count to show.
MIN_SHARE_READ = 0.85


def cv_publication_entries(doc: CvDocument, *, person_name: str | None = None) -> CvEntries:
    """The CV's entries and the self-check's findings; ``person_name`` is the owner's name."""
    found = CvEntries()
    read: list[tuple[Section, list[RawPublication]]] = []
    for section in doc.sections:
        if section.kind in _NOT_PAPERS:
            continue
        if section.kind == "publications":
            entries = parse_plain_entries(section.lines, heading=section.heading).publications
            _check_section(section, entries, found)
        elif _may_hold_citations(section.lines):
            entries = citation_runs(parse_plain_entries(section.lines).publications)
        else:
            continue
        read.append((section, entries))
        _add_entries(found, section, entries)
    _check_citation_lines(read, found)
    # The economists' form is a CV's, whatever sections its works are grouped in.
    raws = works_of_the_owner_alone([raw for raw, _ in found.entries])
    found.entries = [(raw, page) for raw, (_, page) in zip(raws, found.entries, strict=True)]
    if found.entries:
        found.owner = owner_of([raw for raw, _ in found.entries], person_name)
        _check_mentions(read, found.owner, found)
    elif not found.incomplete:
        _read_venue_runs(doc, found)
        found.owner = owner_of([raw for raw, _ in found.entries], person_name)
    return found


def _read_venue_runs(doc: CvDocument, found: CvEntries) -> None:
    """When nothing was read, runs of entries that each name a venue and a year are papers,
    author list or not ("Title. NeurIPS 2023." under a heading the reader did not know); a CV
    that names venues on more lines than those runs give is a doubtful reading."""
    named = 0
    for section in doc.sections:
        lines = _venue_lines(section.lines) if section.kind not in _NOT_PAPERS else 0
        if lines:
            named += lines
            runs = citation_runs(parse_plain_entries(section.lines).publications, _names_venue)
            _add_entries(found, section, runs)
    if named >= MIN_VENUE_LINES and len(found.entries) < MIN_SHARE_READ * named:
        found.incomplete.append(
            f"{named} lines name a venue and a year, but "
            + (f"only {len(found.entries)} publications" if found.entries else "no publication")
            + " could be read."
        )


def _add_entries(found: CvEntries, section: Section, entries: list[RawPublication]) -> None:
    """Add a section's entries with the page each starts on."""
    for raw in entries:
        index = raw.line - 1 if raw.line else None
        line = section.lines[index] if index is not None and index < len(section.lines) else None
        found.entries.append((raw, line.page if line is not None else section.page))


def citation_runs(
    entries: list[RawPublication], is_citation: Callable[[RawPublication], bool] | None = None
) -> list[RawPublication]:
    """The entries standing in runs of citations (by default several authors and a year each).

    One entry that breaks a run (a sub-heading read as an entry, a paper with one author) is
    forgiven; a citation-like entry alone or in pairs is more likely an award or a project.
    """
    kept: list[RawPublication] = []
    run: list[RawPublication] = []
    misses = 0
    for entry in entries:
        if (is_citation or _is_citation)(entry):
            run.append(entry)
            misses = 0
            continue
        misses += 1
        if misses > 1:
            kept += run if len(run) >= MIN_RUN else []
            run, misses = [], 0
    kept += run if len(run) >= MIN_RUN else []
    return kept


def _names_venue(entry: RawPublication) -> bool:
    return entry.year is not None and bool(
        (entry.venue_raw and normalize_venue(entry.venue_raw).venue)
        or _PUBLICATION_WORDS.search(entry.raw)
    )


def _is_citation(entry: RawPublication) -> bool:
    return len(entry.authors) >= 2 and entry.year is not None and len(entry.title) >= 12


def _may_hold_citations(lines: list[TextLine]) -> bool:
    """A cheap look before the entry parser runs: enough lines with a year and an author."""
    return _citation_lines(lines) >= MIN_RUN


def _citation_lines(lines: list[TextLine]) -> int:
    return sum(1 for line in lines if _YEAR.search(line.text) and _AUTHORISH.search(line.text))


def _check_section(section: Section, entries: list[RawPublication], found: CvEntries) -> None:
    numbered = sum(1 for line in section.lines if _NUMBERED.match(line.text))
    label = _label(section)
    if not entries and (numbered or _citation_lines(section.lines)):
        found.incomplete.append(f"No publication could be read under {label}.")
    elif numbered >= MIN_RUN and len(entries) < MIN_SHARE_READ * numbered:
        found.incomplete.append(
            f"Under {label}, {numbered} items are numbered; {len(entries)} were read."
        )


def _check_citation_lines(
    read: list[tuple[Section, list[RawPublication]]], found: CvEntries
) -> None:
    """Citation-like lines outside the publications sections that gave no entry: a list the
    reader missed, unless the CV's papers were read and those lines cite them (an award for a
    paper, a project's paper)."""
    for section, entries in read:
        lines = _citation_lines(section.lines)
        if section.kind == "publications" or entries or lines < 2 * MIN_RUN:
            continue
        if len(found.entries) < lines:
            found.incomplete.append(
                f"Lines under {_label(section)} look like citations, but no publication "
                "could be read from them."
            )


def _check_mentions(
    read: list[tuple[Section, list[RawPublication]]], owner: str | None, found: CvEntries
) -> None:
    """Each paper names its author once: more mentions of the owner than entries read means
    entries were run together or lost (a list with two works in a bullet, a lost line break)."""
    if not owner:
        return
    for section, entries in read:
        if section.kind != "publications" and not entries:
            continue  # lines elsewhere that gave nothing are judged as citation lines
        mentions = name_mentions(" ".join(line.text for line in section.lines), owner)
        if mentions >= MIN_RUN and len(entries) < MIN_SHARE_READ * mentions:
            found.incomplete.append(
                f"Under {_label(section)}, the author lists name the candidate {mentions} times; "
                f"{len(entries)} publications were read."
            )


# Words of a paper's venue or status, beside a year ("Proceedings of", "arXiv", "accepted at").
_PUBLICATION_WORDS = re.compile(
    r"\b(?:proceedings|proc\.|arxiv|preprint|journal|transactions|conference on|workshop on"
    r"|symposium|under review|submitted to|accepted (?:at|to|by)|in press|et al\.?|doi)\b",
    re.IGNORECASE,
)
# Lines naming venues with years that make an unread CV doubtful rather than paperless.
MIN_VENUE_LINES = 2


def _venue_lines(lines: list[TextLine]) -> int:
    """Lines naming a venue and a year ("accepted at ECCV 2022", "Proceedings of ..., 2021")."""
    return sum(
        1
        for line in lines
        if _YEAR.search(line.text)
        and (_PUBLICATION_WORDS.search(line.text) or normalize_venue(line.text).venue)
    )


def _label(section: Section) -> str:
    return f"“{section.heading}”" if section.heading else "the top of the CV"
