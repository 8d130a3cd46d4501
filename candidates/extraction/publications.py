"""Publications as records: venue, kind, tier and the candidate's authorship, merged across files.

Raw entries come from a publication list (BibTeX, RIS, CSL-JSON, plain text) or from the
publications sections of a CV; both end up as :class:`PublicationRecord` values here, cited
with the page of the CV (or the list) they were read from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from operator import attrgetter

from rapidfuzz import fuzz

from candidates.authorship import (
    author_position,
    infer_owner,
    noted_equal_contribution,
    opens_with_name,
    read_legend,
)
from candidates.extraction.document import CvDocument, CvEntries, PublicationRecord
from candidates.parsing.entries import RawPublication
from candidates.venues import Venue, normalize_venue

# Two titles at least this similar (0-100, after normalisation) are the same paper.
SAME_TITLE_SCORE = 90
MAX_QUOTE = 400
_TITLE_NOISE = re.compile(r"[^a-z0-9]+")
# "57(3)", "vol. 12", "pp. 1-10", "12:345-367", "e2020WR029374", "doi:" in a citation.
_JOURNAL_CITATION = re.compile(
    r"\b\d{1,4}\s*\(\d{1,4}\)|\bvol(?:ume)?\.?\s*\d|\bpp?\.\s*\d|\b\d{1,4}\s*:\s*\d{1,6}"
    r"(?:\s*[-–]\s*\d+)?|\bdoi\b|\be\d{4,}\b",
    re.IGNORECASE,
)
_JOURNAL_NAME = re.compile(
    r"\b(?:journal|letters|transactions|review|reports|communications|bulletin|annals"
    r"|quarterly|magazine)\b",
    re.IGNORECASE,
)


def to_record(
    raw: RawPublication,
    *,
    person_name: str | None,
    source: str,
    page: int | None = None,
    legend: Mapping[str, str] | None = None,
) -> PublicationRecord:
    """Interpret one raw entry: canonical venue, kind, tier, and the candidate's position
    (``legend`` says what the document's author marks mean, see :func:`read_legend`)."""
    venue = normalize_venue(
        raw.venue_raw, entry_type=raw.entry_type, title=raw.title, note=raw.note
    )
    venue = _fill_unknown_kind(venue, raw)
    position, equal = (
        author_position(raw.authors, person_name, legend=legend) if person_name else (None, None)
    )
    if source == "cv" and person_name and not raw.authors:
        position = _implied_position(raw, venue, person_name)
    if equal is None and position and noted_equal_contribution(raw.raw or ""):
        equal = True
    return PublicationRecord(
        title=raw.title,
        authors=tuple(raw.authors),
        year=raw.year,
        venue=venue.venue,
        venue_raw=raw.venue_raw,
        kind=venue.kind,
        track=venue.track,
        tier=venue.tier,
        area=venue.area,
        status=venue.status,
        author_position=position,
        equal_contribution=equal if position else None,
        quote=" ".join((raw.raw or raw.title).split())[:MAX_QUOTE],
        page=page,
        source=source,
    )


def _implied_position(raw: RawPublication, venue: Venue, person_name: str) -> str | None:
    """The owner's place in a CV entry whose author list could not be read.

    A thesis in a CV is its owner's alone, and so is a work naming no co-author in a list of
    the economists' form (:attr:`RawPublication.owner_unnamed`); an entry opening with the
    owner's name, run into the title without punctuation ("J. Doe Learning to ..."), is
    first-authored.
    """
    if venue.kind == "thesis" or raw.owner_unnamed:
        return "sole"
    return "first" if opens_with_name(raw.raw or "", person_name) else None


def _fill_unknown_kind(venue: Venue, raw: RawPublication) -> Venue:
    """Read the kind of a paper in an unknown venue from the rest of its citation.

    Journals outside the reference data ("Water Resources Research, 57(3), e2020WR02") show
    volume, issue or pages; a paper listed with authors but no venue at all is unpublished.
    """
    if venue.kind != "other":
        return venue
    if raw.venue_raw and (_JOURNAL_CITATION.search(raw.raw) or _JOURNAL_NAME.search(raw.venue_raw)):
        return replace(
            venue, kind="journal", venue=venue.venue or raw.venue_raw, status="published"
        )
    if _BOOK_WORK.search(raw.raw or ""):
        return replace(venue, status="published")  # a chapter or an edited volume: no paper
    if not raw.venue_raw and raw.authors and raw.entry_type in (None, "misc", "unpublished"):
        return replace(venue, kind="preprint", status="preprint")
    return venue


# A book chapter or an edited volume or issue ("Chapter 10 in ...", "(eds.)", "Special Issue").
_BOOK_WORK = re.compile(
    r"\bchapter\s+\d+|\bbook\s+chapter\b|\(\s*eds?\.?\s*\)|\bedited\s+by\b|\bspecial\s+issue\b",
    re.IGNORECASE,
)


def records_from_cv_entries(doc: CvDocument, found: CvEntries) -> list[PublicationRecord]:
    """A CV's publication entries, as :func:`candidates.extraction.citations
    .cv_publication_entries` read them and their owner, as records.

    A legend of author marks anywhere in the CV ("* equal contribution") says what the marks
    mean.
    """
    legend = read_legend(
        [section.heading for section in doc.sections] + [line.text for line in doc.lines]
    )
    return [
        to_record(raw, person_name=found.owner, source="cv", page=page, legend=legend)
        for raw, page in found.entries
    ]


def publications_from_list(
    raws: Iterable[RawPublication], *, person_name: str | None
) -> list[PublicationRecord]:
    """A publication list's entries; its owner is the named person or its most frequent author."""
    raws = list(raws)
    owner = owner_of(raws, person_name)
    return [to_record(raw, person_name=owner, source="publication_list") for raw in raws]


def owner_of(raws: list[RawPublication], person_name: str | None) -> str | None:
    """The name the owner of these entries is written with in their author lists.

    The named person, unless that name is on fewer than half of the lists: a Chinese CV
    writes "王焯" in its header and "Zhuo Wang" in its papers, and then the author on most
    entries stands for the owner.
    """
    # Lists that leave the owner unnamed ("Title (with J. Doe)") tell nothing of their name.
    with_authors = [raw for raw in raws if raw.authors and not raw.owner_unnamed]
    found = (
        sum(author_position(r.authors, person_name)[0] is not None for r in with_authors)
        if person_name
        else 0
    )
    if with_authors and found < len(with_authors) / 2:
        return infer_owner(with_authors) or person_name
    return person_name


def title_key(title: str) -> str:
    return _TITLE_NOISE.sub(" ", title.lower()).strip()


def merge_publications(
    records: Iterable[PublicationRecord],
    *,
    document_of: Callable[[PublicationRecord], object] = attrgetter("source"),
) -> list[list[PublicationRecord]]:
    """Group records of the same paper (fuzzy title match); each group's best record first.

    Within one document (``document_of``; by default records of one source are one document),
    two entries of one title that name different venues or years are two versions of a work (a
    conference paper and its journal version) and stay two publications: that is how the CV
    lists them. Across documents the same title is one paper whatever each says of it.

    The best record is a publication list's entry when it says where the paper appeared: its
    structured fields (a ``booktitle`` naming a workshop, an ``abbr`` badge) decide the kind and
    track over the CV's line for the same paper. Otherwise the most informative one: a known
    venue over an unknown one, a published version over a preprint.
    """
    groups: list[list[PublicationRecord]] = []
    keys: list[str] = []
    for record in records:
        key = title_key(record.title)
        if len(key) < 8:
            groups.append([record])
            keys.append(f"\0{len(keys)}")  # too short to match anything safely
            continue
        for index, other in enumerate(keys):
            if (
                abs(len(other) - len(key)) <= 0.3 * len(key)
                and fuzz.ratio(key, other) >= SAME_TITLE_SCORE
                and not any(
                    document_of(member) == document_of(record) and _other_version(member, record)
                    for member in groups[index]
                )
            ):
                groups[index].append(record)
                break
        else:
            groups.append([record])
            keys.append(key)
    return [sorted(group, key=_informativeness, reverse=True) for group in groups]


def _other_version(one: PublicationRecord, other: PublicationRecord) -> bool:
    """Whether two entries of one title name different venues or years."""
    return bool(
        (one.venue and other.venue and one.venue != other.venue)
        or (one.year and other.year and one.year != other.year)
    )


def _informativeness(record: PublicationRecord) -> tuple:
    peer_reviewed = record.kind not in ("preprint", "other")
    return (
        peer_reviewed,
        record.source == "publication_list" and record.venue is not None,
        record.tier is not None,
        record.venue is not None,
        record.author_position is not None,
        record.year is not None,
        record.source == "publication_list",
    )
