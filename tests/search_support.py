"""Candidates whose documents say given things, indexed for search, without reading a PDF."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db.models import F, Value
from django.db.models.functions import Concat

from candidates.models import (
    Candidate,
    Degree,
    Document,
    DocumentKind,
    DocumentStatus,
    Evidence,
    PageText,
    Publication,
)
from screening.models import Lab, RoleProfile
from search.index import index_candidate
from tests.factories import ApplicationFactory, CandidateFactory


def read_candidate(
    lab: Lab,
    *,
    name: str,
    pages: Sequence[str],
    papers: Sequence[tuple[str, str]] = (),
    degrees: Sequence[str] = (),
    quotes: Sequence[str] = (),
    role: RoleProfile | None = None,
    email: str = "",
) -> Candidate:
    """A candidate of ``lab`` with a read CV of ``pages``, papers (title, venue) on its last
    page, degree lines and coding evidence on page 1, applying to ``role``; indexed."""
    candidate = CandidateFactory.create(lab=lab, name=name, email=email)
    document = Document.objects.create(
        lab=lab,
        candidate=candidate,
        kind=DocumentKind.CV,
        file=f"documents/{candidate.pk}.pdf",
        original_name=f"{name.lower().replace(' ', '-')}__cv.pdf",
        size=1,
        sha256=hashlib.sha256(f"{candidate.pk}".encode()).hexdigest(),
        status=DocumentStatus.DONE,
        page_count=len(pages),
    )
    PageText.objects.bulk_create(
        PageText(document=document, number=n, text=text) for n, text in enumerate(pages, 1)
    )
    for title, venue in papers:
        Publication.objects.create(
            candidate=candidate,
            document=document,
            page=len(pages),
            quote=title,
            title=title,
            venue=venue,
            venue_raw=venue,
            kind="journal",
        )
    for line in degrees:
        Degree.objects.create(
            candidate=candidate, document=document, page=1, quote=line, level="phd",
            status="completed",
        )  # fmt: skip
    for line in quotes:
        Evidence.objects.create(
            candidate=candidate,
            document=document,
            page=1,
            quote=line,
            dimension="coding",
            signal="framework",
        )
    if role is not None:
        ApplicationFactory.create(role=role, candidate=candidate)
    index_candidate(candidate)
    return candidate


def say_on_page_one(candidate: Candidate, text: str) -> None:
    """Add a line to the candidate's CV's first page, and index them again."""
    PageText.objects.filter(document__candidate=candidate, number=1).update(
        text=Concat(F("text"), Value(f"\n{text}"))
    )
    index_candidate(candidate)
