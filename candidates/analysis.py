"""The whole reading of one file: bytes in, person, degrees, publications, evidence, features out.

Pure Python with no database: the worker, `manage.py analyze` and the tests call the same code.
:meth:`DocumentAnalysis.to_json` is the shape of ``../shared/contracts/analyze.schema.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from candidates.authorship import infer_owner
from candidates.extraction.citations import cv_publication_entries
from candidates.extraction.document import (
    CvDocument,
    DegreeRecord,
    EvidenceItem,
    PersonRecord,
    PublicationRecord,
)
from candidates.extraction.education import extract_degrees
from candidates.extraction.evidence import extract_evidence
from candidates.extraction.person import extract_person
from candidates.extraction.publications import (
    merge_publications,
    publications_from_list,
    records_from_cv_entries,
)
from candidates.extraction.research_area import research_text
from candidates.extraction.sections import segment
from candidates.features import compute_features, sources
from candidates.parsing.entries import PublicationListError
from candidates.parsing.pdf import PdfUnreadable, read_pdf
from candidates.parsing.publications import parse_publication_list
from candidates.parsing.text import decode_text

CV = "cv"
PUBLICATION_LIST = "publication_list"


class AnalysisError(Exception):
    """The file cannot be analysed; ``str(exc)`` is a message for the user."""


@dataclass
class DocumentAnalysis:
    kind: str
    person: PersonRecord
    degrees: list[DegreeRecord] = field(default_factory=list)
    publications: list[PublicationRecord] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    features: dict[str, float | bool | None] = field(default_factory=dict)
    research_text: str = ""
    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    # Why the CV's publications may not all have been read; empty when the reading is whole.
    publications_incomplete: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The analysis in the documented JSON shape (without the file and status fields)."""
        return {
            "kind": self.kind,
            "person": {
                "name": self.person.name,
                "emails": list(self.person.emails),
                "links": list(self.person.links),
            },
            "degrees": [asdict(d) for d in self.degrees],
            "publications": [_publication_json(p) for p in self.publications],
            "evidence": [asdict(e) for e in self.evidence],
            "features": self.features,
            "research_text": self.research_text,
            "page_count": len(self.pages) or None,
            "warnings": self.warnings,
            "sections": self.sections,
            "reading": {
                "complete": not self.publications_incomplete,
                "publications_incomplete": self.publications_incomplete,
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentAnalysis:
        """Rebuild an analysis stored by :meth:`to_json` (the worker keeps it on the document)."""
        person = data.get("person") or {}
        return cls(
            kind=data["kind"],
            person=PersonRecord(
                name=person.get("name"),
                emails=tuple(person.get("emails", ())),
                links=tuple(person.get("links", ())),
            ),
            degrees=[DegreeRecord(**d) for d in data.get("degrees", [])],
            publications=[
                PublicationRecord(**(p | {"authors": tuple(p["authors"])}))
                for p in data.get("publications", [])
            ],
            evidence=[EvidenceItem(**e) for e in data.get("evidence", [])],
            features=data.get("features", {}),
            research_text=data.get("research_text", ""),
            warnings=data.get("warnings", []),
            sections=data.get("sections", []),
            publications_incomplete=(data.get("reading") or {}).get("publications_incomplete", []),
        )


def analyze(
    content: bytes,
    *,
    kind: str,
    filename: str = "",
    person_name: str | None = None,
    today: date | None = None,
) -> DocumentAnalysis:
    """Read a CV (PDF) or a publication list.

    ``person_name`` names the candidate when it is known from elsewhere (a publication list
    uploaded beside a CV), so their author positions can be found.
    """
    if kind == CV:
        return _analyze_cv(content, person_name=person_name, today=today)
    if kind == PUBLICATION_LIST:
        return _analyze_list(content, filename=filename, person_name=person_name, today=today)
    raise AnalysisError(f"Unknown document kind {kind!r}.")


def _analyze_cv(content: bytes, *, person_name: str | None, today: date | None) -> DocumentAnalysis:
    try:
        pdf = read_pdf(content)
    except PdfUnreadable as exc:
        raise AnalysisError(str(exc)) from exc
    doc = CvDocument(lines=pdf.lines, sections=segment(pdf.lines, pdf.body_size))
    person = extract_person(doc)
    degrees = extract_degrees(doc, today=today)
    found = cv_publication_entries(doc, person_name=person_name or person.name)
    publications = records_from_cv_entries(doc, found)
    return _finish(
        CV,
        doc,
        person,
        degrees,
        publications,
        pages=pdf.pages,
        today=today,
        publications_incomplete=found.incomplete,
    )


def _analyze_list(
    content: bytes, *, filename: str, person_name: str | None, today: date | None
) -> DocumentAnalysis:
    try:
        parsed = parse_publication_list(content, filename=filename)
    except PublicationListError as exc:
        raise AnalysisError(str(exc)) from exc
    owner = person_name or infer_owner(parsed.publications)
    publications = publications_from_list(parsed.publications, person_name=owner)
    analysis = _finish(
        PUBLICATION_LIST,
        CvDocument(lines=[], sections=[]),
        PersonRecord(name=owner),
        [],
        publications,
        pages=[decode_text(content)],
        today=today,
    )
    analysis.warnings = list(parsed.warnings)
    return analysis


def _finish(
    kind: str,
    doc: CvDocument,
    person: PersonRecord,
    degrees: list[DegreeRecord],
    publications: list[PublicationRecord],
    *,
    pages: list[str],
    today: date | None,
    publications_incomplete: list[str] | None = None,
) -> DocumentAnalysis:
    # A CV may list a paper twice (under "Selected" and in full): one record per paper.
    publications = [group[0] for group in merge_publications(publications)]
    evidence = extract_evidence(doc, degrees, publications)
    sections = sorted({section.kind for section in doc.sections})
    return DocumentAnalysis(
        kind=kind,
        person=person,
        degrees=degrees,
        publications=publications,
        evidence=evidence,
        features=compute_features(
            evidence,
            degrees,
            publications,
            today=today,
            sources=sources(kind, sections, publications_incomplete=bool(publications_incomplete)),
        ),
        research_text=research_text(doc, publications),
        sections=sections,
        pages=pages,
        publications_incomplete=list(publications_incomplete or []),
    )


def _publication_json(record: PublicationRecord) -> dict:
    data = asdict(record)
    data["authors"] = list(record.authors)
    return data
