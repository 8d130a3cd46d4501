"""Privacy: subject access exports and the retention policy.

A candidate may ask what is held on them (GDPR Art. 15): the export gathers the documents'
metadata and text, what was read from them, the assessments with their explanations, the
decisions and their reasons, and any self-identification, without anything about other people.
A lab may keep candidates for a limited time: candidates untouched for longer are erased.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate, SelfIdentification
from candidates.services import candidate_erase


def candidate_export(*, candidate: Candidate) -> dict:
    """All data held on ``candidate``, JSON-serialisable."""
    identity = SelfIdentification.objects.filter(candidate=candidate).first()
    return {
        "candidate": {
            "id": candidate.pk,
            "lab": candidate.lab.name,
            "name": candidate.name,
            "email": candidate.email,
            "created_at": candidate.created_at.isoformat(),
        },
        "documents": [
            {
                "id": d.pk,
                "file": d.original_name,
                "kind": d.kind,
                "status": d.status,
                "error": d.error,
                "uploaded_at": d.created_at.isoformat(),
                "pages": [p.text for p in d.pages.all()],
            }
            for d in candidate.documents.prefetch_related("pages")
        ],
        "degrees": list(
            candidate.degrees.values("level", "field", "institution", "year", "status", "quote")
        ),
        "publications": list(
            candidate.publications.values(
                "title", "authors", "year", "venue", "kind", "tier", "author_position", "quote"
            )
        ),
        "evidence": list(candidate.evidence.values("dimension", "signal", "quote", "page")),
        "features": getattr(getattr(candidate, "features", None), "values", None),
        "applications": [
            {
                "role": application.role.title,
                "assessment": _assessment(application),
                "decisions": [
                    {
                        "outcome": decision.outcome,
                        "reason": decision.reason,
                        "at": decision.created_at.isoformat(),
                    }
                    for decision in application.decisions.all()
                ],
            }
            for application in candidate.applications.select_related("role").prefetch_related(
                "decisions"
            )
        ],
        "self_identification": (
            {"sex": identity.sex, "race_ethnicity": identity.race_ethnicity} if identity else None
        ),
    }


def _assessment(application) -> dict | None:
    assessment = getattr(application, "assessment", None)
    if assessment is None:
        return None
    return {
        "score": assessment.score,
        "rubric_version": assessment.rubric.version,
        "criteria": [
            {k: c[k] for k in ("criterion", "level", "state", "explanation")}
            for c in assessment.criteria
        ],
    }


def candidates_past_retention(*, lab, months: int, now: datetime | None = None) -> QuerySet:
    """The lab's candidates untouched for ``months``: no upload, edit or decision since."""
    cutoff = (now or timezone.now()) - timedelta(days=round(30.44 * months))
    return (
        Candidate.objects.filter(lab=lab)
        .annotate(
            last_document=Max("documents__created_at"),
            last_decision=Max("applications__decisions__created_at"),
        )
        .filter(updated_at__lt=cutoff)
        .filter(Q(last_document__isnull=True) | Q(last_document__lt=cutoff))
        .filter(Q(last_decision__isnull=True) | Q(last_decision__lt=cutoff))
    )


def apply_retention(
    *, lab=None, months: int | None = None, dry_run: bool = False, now: datetime | None = None
) -> dict[str, int]:
    """Erase candidates past each lab's retention period (or ``months``); counts per lab slug.

    Labs without a retention period keep their candidates unless ``months`` is given.
    """
    from screening.models import Lab

    labs = Lab.objects.filter(pk=lab.pk) if lab is not None else Lab.objects.all()
    erased: dict[str, int] = {}
    for each in labs:
        period = months or each.retention_months
        if not period:
            continue
        due = list(candidates_past_retention(lab=each, months=period, now=now))
        if not dry_run:
            for candidate in due:
                candidate_erase(candidate=candidate, reason="retention")
        erased[each.slug] = len(due)
    return erased


def self_identification_record(*, candidate: Candidate, sex: str, race_ethnicity: str):
    """Store (or replace) a candidate's voluntary self-identification, kept apart from review."""
    identity, _ = SelfIdentification.objects.update_or_create(
        candidate=candidate, defaults={"sex": sex, "race_ethnicity": race_ethnicity}
    )
    return identity
