"""Reads for pages, the API and commands: what a user may see, in the order they see it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from candidates.models import Document, Evidence
from screening.models import Assessment, Criterion, Lab, RoleProfile, Rubric
from screening.permissions import member_labs

SHORTLIST_ORDER = ("has_barrier", "-score", "application_id")


def labs_for_user(*, user) -> QuerySet[Lab]:
    return member_labs(user=user).order_by("name")


def recent_documents(*, labs: QuerySet[Lab], limit: int = 50) -> QuerySet[Document]:
    return (
        Document.objects.filter(lab__in=labs)
        .select_related("lab", "candidate")
        .order_by("-created_at")[:limit]
    )


def shortlist(*, role: RoleProfile) -> QuerySet[Assessment]:
    """The role's assessments ranked: candidates with a barrier after the others, never hidden.

    ``live_rank`` is the rank now; ``previous_rank`` the rank under the previous rubric version.
    """
    return (
        Assessment.objects.filter(role=role)
        .select_related("application__candidate", "rubric")
        .annotate(
            live_rank=Window(
                RowNumber(),
                order_by=[F("has_barrier").asc(), F("score").desc(), F("application_id").asc()],
            )
        )
        .order_by(*SHORTLIST_ORDER)
    )


def evidence_by_id(*, ids: Iterable[int]) -> dict[int, Evidence]:
    """The evidence items assessments cite, with their document, in one query."""
    return {e.pk: e for e in Evidence.objects.filter(pk__in=set(ids)).select_related("document")}


def explained_criteria(*, assessment: Assessment, criteria: dict[str, Criterion]) -> list[dict]:
    """An assessment's per-criterion results with their criterion's name, weight and target."""
    merged = []
    for result in assessment.criteria:
        criterion = criteria.get(result["criterion"])
        if criterion is None:
            continue
        merged.append(
            result
            | {
                "name": criterion.name,
                "dimension": criterion.dimension,
                "weight": criterion.weight,
                "must_have": criterion.must_have,
                "target_level": criterion.target_level,
                "anchor": criterion.levels[result["level"]],
            }
        )
    return merged


def rubric_criteria(*, rubric: Rubric) -> dict[str, Criterion]:
    return {str(c.pk): c for c in rubric.criteria.all()}
