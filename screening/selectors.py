"""Reads for pages and the API: what a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from candidates.models import Document
from screening.models import Lab


def labs_for_user(*, user) -> QuerySet[Lab]:
    return Lab.objects.filter(memberships__user=user).order_by("name")


def recent_documents(*, labs: QuerySet[Lab], limit: int = 50) -> QuerySet[Document]:
    return (
        Document.objects.filter(lab__in=labs)
        .select_related("lab", "candidate")
        .order_by("-created_at")[:limit]
    )
