"""Subject access: everything Referee holds on a candidate, as one JSON document.

A candidate may ask what is held on them (GDPR Art. 15). The export gathers the documents'
metadata and text, what was read from them, the assessments with their explanations, the
decisions and their reasons, and any self-identification, without anything about other people.
"""

from __future__ import annotations

from candidates.models import Candidate, SelfIdentification


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
