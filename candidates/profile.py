"""A candidate's profile: what all their documents say, merged into one set of facts.

A candidate may send a CV and one or more publication lists. Each document is analysed on its
own (the analysis is stored on the document); this module merges those analyses: the person
from the CV, degrees, publications de-duplicated across files (fuzzy title match), evidence,
and the feature vector computed once over the merged facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from candidates.analysis import CV, DocumentAnalysis
from candidates.authorship import author_position
from candidates.dimensions import Dimension
from candidates.extraction.document import (
    DegreeRecord,
    EvidenceItem,
    PersonRecord,
    PublicationRecord,
)
from candidates.extraction.publications import merge_publications
from candidates.features import Sources, compute_features, sources

# Bumped whenever feature definitions change; stored with each feature vector.
FEATURES_VERSION = 3


@dataclass(frozen=True)
class Source:
    document_id: int
    page: int | None


@dataclass
class MergedPublication:
    record: PublicationRecord
    document_id: int
    sources: list[Source]


@dataclass
class CandidateProfile:
    person: PersonRecord
    degrees: list[tuple[int, DegreeRecord]]
    publications: list[MergedPublication]
    evidence: list[tuple[int, EvidenceItem]]
    features: dict[str, float | bool | None]
    research_text: str


def build_profile(
    analyses: list[tuple[int, DocumentAnalysis]], *, today: date | None = None
) -> CandidateProfile:
    """Merge the analyses of one candidate's documents, given as (document id, analysis)."""
    cvs = [(doc_id, a) for doc_id, a in analyses if a.kind == CV]
    person = next((a.person for _, a in cvs if a.person.name), None) or PersonRecord(name=None)
    if person.name is None:
        person = next((a.person for _, a in analyses if a.person.name), person)

    degrees = _unique_degrees((doc_id, d) for doc_id, a in cvs for d in a.degrees)
    tagged = [
        (doc_id, _with_position(p, person.name)) for doc_id, a in analyses for p in a.publications
    ]
    publications, superseded_quotes = _merge(tagged)
    evidence = _unique_evidence(
        (doc_id, item)
        for doc_id, a in analyses
        for item in a.evidence
        if not (item.dimension == Dimension.PUBLICATIONS and item.quote in superseded_quotes)
    )
    merged_records = [m.record for m in publications]
    seen = Sources()
    for _, analysis in analyses:
        seen = seen | sources(
            analysis.kind,
            analysis.sections,
            publications_incomplete=bool(analysis.publications_incomplete),
        )
    features = compute_features(
        [item for _, item in evidence],
        [d for _, d in degrees],
        merged_records,
        today=today,
        sources=seen,
    )
    research_text = "\n".join(a.research_text for _, a in analyses if a.research_text)
    return CandidateProfile(person, degrees, publications, evidence, features, research_text)


def _with_position(record: PublicationRecord, name: str | None) -> PublicationRecord:
    """Recompute authorship with the candidate's name from the CV, when it is known."""
    if not name or not record.authors:
        return record
    position, equal = author_position(record.authors, name)
    if position is None or position == record.author_position:
        # The same reading: the document's own one also knew its legend of author marks.
        return record
    return replace(record, author_position=position, equal_contribution=equal)


def _merge(
    tagged: list[tuple[int, PublicationRecord]],
) -> tuple[list[MergedPublication], set[str]]:
    by_record = {id(record): doc_id for doc_id, record in tagged}
    merged: list[MergedPublication] = []
    superseded: set[str] = set()
    records = (record for _, record in tagged)
    for group in merge_publications(records, document_of=lambda r: by_record[id(r)]):
        best = group[0]
        sources = [Source(by_record[id(r)], r.page) for r in group]
        merged.append(MergedPublication(best, by_record[id(best)], sources))
        superseded.update(r.quote for r in group[1:] if r.quote != best.quote)
    return merged, superseded


def _unique_degrees(degrees: Iterable[tuple[int, DegreeRecord]]) -> list[tuple[int, DegreeRecord]]:
    seen, unique = set(), []
    for doc_id, degree in degrees:
        key = (degree.level, (degree.institution or "").lower(), degree.year)
        if key not in seen:
            seen.add(key)
            unique.append((doc_id, degree))
    return unique


def _unique_evidence(items: Iterable[tuple[int, EvidenceItem]]) -> list[tuple[int, EvidenceItem]]:
    seen, unique = set(), []
    for doc_id, item in items:
        key = (item.dimension, item.signal, " ".join(item.quote.lower().split()))
        if key not in seen:
            seen.add(key)
            unique.append((doc_id, item))
    return unique
