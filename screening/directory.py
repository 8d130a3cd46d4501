"""The lab's people: every candidate with their documents and roles, the proposed duplicates
and the merges. One selector per list, read by the pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from candidates.models import (
    Candidate,
    CandidateMerge,
    Document,
    DocumentStatus,
    DuplicateProposal,
    DuplicateStatus,
)
from screening.blinding import Blindness
from screening.models import Application, Lab

if TYPE_CHECKING:
    # Only for the type checker: django-stubs-ext is a development requirement.
    from django_stubs_ext import WithAnnotations

    class _Listed(TypedDict):
        document_count: int
        failed_count: int  # documents that could not be read
        duplicate_count: int  # open proposals the candidate is in
        blinded: bool  # the viewer's Blindness.hidden()

    # A candidate as :func:`lab_candidates` reads them.
    ListedCandidate = WithAnnotations[Candidate, _Listed]


@dataclass(frozen=True)
class CandidateFilters:
    role_id: int | None = None  # applicants of this role only
    search: str = ""  # part of a name or email, or "#12" (a number)


def lab_candidates(
    *, lab: Lab, filters: CandidateFilters, blindness: Blindness
) -> QuerySet[ListedCandidate]:
    """The lab's candidates, newest first, each with ``document_count``, ``failed_count``,
    ``duplicate_count`` (open proposals) and ``blinded``, and their applications with roles.

    Names and emails are searched only among the candidates the viewer does not see blind;
    "#12" finds candidate 12 whoever looks.
    """
    documents = Document.objects.filter(candidate=OuterRef("pk")).order_by().values("candidate")
    proposals = DuplicateProposal.objects.filter(status=DuplicateStatus.OPEN).order_by()
    candidates = (
        Candidate.objects.filter(lab=lab)
        .annotate(
            document_count=_subcount(documents),
            failed_count=_subcount(documents.filter(status=DocumentStatus.FAILED)),
            duplicate_count=_subcount(proposals.filter(a=OuterRef("pk")).values("a"))
            + _subcount(proposals.filter(b=OuterRef("pk")).values("b")),
            blinded=blindness.hidden("pk"),
        )
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.select_related("role").order_by("role__title", "id"),
            )
        )
        .order_by("-created_at", "-id")
    )
    if filters.role_id is not None:
        candidates = candidates.filter(
            pk__in=Application.objects.filter(role_id=filters.role_id).values("candidate_id")
        )
    search = filters.search.strip()
    if search:
        number = search.removeprefix("#")
        found = Q(pk=int(number)) if number.isdigit() and len(number) < 19 else Q(pk__in=[])
        if not search.startswith("#"):
            found |= (Q(name__icontains=search) | Q(email__icontains=search)) & Q(blinded=False)
        candidates = candidates.filter(found)
    return candidates


def _subcount(rows: QuerySet) -> Coalesce:
    """How many of ``rows`` (grouped by the outer candidate already) there are, 0 for none."""
    return Coalesce(
        Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
    )


def duplicate_list(*, labs: QuerySet[Lab]) -> QuerySet[DuplicateProposal]:
    """The labs' duplicate proposals, newest first, with both people and who decided."""
    return (
        DuplicateProposal.objects.filter(lab__in=labs)
        .select_related("a", "b", "decided_by")
        .order_by("-created_at", "-id")
    )


def merge_list(*, labs: QuerySet[Lab]) -> QuerySet[CandidateMerge]:
    """The labs' merges, newest first, with the kept candidate and who merged or undid them."""
    return (
        CandidateMerge.objects.filter(lab__in=labs)
        .select_related("kept", "merged_by", "undone_by")
        .order_by("-merged_at", "-id")
    )
