"""Privacy: subject access exports, erasure and the retention policy.

A candidate may ask what is held on them (GDPR Art. 15): the export gathers the documents'
metadata and text, what was read from them, the assessments with their explanations, the
decisions and their reasons, and any self-identification, without anything about other people.
A candidate may ask to be erased (Art. 17), with a receipt that holds no personal data. A lab
may keep candidates for a limited time: candidates untouched for longer are erased.

They live here rather than in ``candidates`` because they reach every room a candidate is in:
their applications, assessments and decisions, and the copies other parts hold (webhook
payloads, stored API answers, cached pages), which answer ``screening.signals.candidate_erasing``.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import cast

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate, ErasureReceipt, PageText, SelfIdentification
from screening.audit import audit_record
from screening.models import Application, AuditAction, Decision, Lab, RoleProfile
from screening.signals import candidate_erasing


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


def _assessment(application: Application) -> dict | None:
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


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor=None, reason: str = "request") -> dict[str, int]:
    """Erase a candidate: stored files, page texts, facts, evidence, features, applications,
    assessments, decisions, and copies other apps hold (webhook payloads, stored API answers).

    Writes an :class:`~candidates.models.ErasureReceipt` recording what was removed, by whom and
    why, without personal data, and returns the counts it holds.
    """
    documents = list(candidate.documents.all())
    removed: dict[str, int] = {
        "documents": len(documents),
        "pages": PageText.objects.filter(document__candidate=candidate).count(),
        "publications": candidate.publications.count(),
        "evidence": candidate.evidence.count(),
        "degrees": candidate.degrees.count(),
        "applications": candidate.applications.count(),
        "decisions": Decision.objects.filter(application__candidate=candidate).count(),
    }
    for _, answer in candidate_erasing.send(sender=Candidate, candidate=candidate):
        counts = cast("dict[str, int] | None", answer)  # what receivers removed, by kind
        for kind, count in (counts or {}).items():
            removed[kind] = removed.get(kind, 0) + count
    files = [(d.file.storage, d.file.name) for d in documents if d.file.name]
    receipt = ErasureReceipt.objects.create(
        lab_id=candidate.lab_id,
        reference=secrets.token_hex(8),
        candidate_number=candidate.pk,
        removed=removed,
        reason=reason,
        erased_by=actor,
    )
    audit_record(
        lab_id=candidate.lab_id,
        actor=actor,
        action=AuditAction.CANDIDATE_ERASED,
        target_type="candidate",
        target_id=candidate.pk,
        detail={"receipt": receipt.reference, "reason": reason},
    )
    RoleProfile.shortlists_changed(
        role_ids=candidate.applications.values_list("role_id", flat=True)
    )
    candidate.delete()  # everything else cascades from the candidate
    # Files go once the rows are gone for good: a rolled-back erase keeps its files.
    transaction.on_commit(lambda: _delete_files(files))
    return removed


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def candidates_past_retention(*, lab: Lab, months: int, now: datetime | None = None) -> QuerySet:
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
    *,
    lab: Lab | None = None,
    months: int | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> dict[str, int]:
    """Erase candidates past each lab's retention period (or ``months``); counts per lab slug.

    Labs without a retention period keep their candidates unless ``months`` is given.
    """
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


# --- A candidate in stored JSON (webhook payloads, stored API answers) ------------------------

ERASED = object()  # what ``redact`` returns for a part that was all about the candidate
ERASED_TEXT = "[erased]"


def redact(data: object, candidate: Candidate) -> object:
    """``data`` without the candidate: objects naming them as ``candidate`` are dropped (from
    lists and from objects), their name and email replaced in any text; ``ERASED`` when
    nothing is left."""
    if isinstance(data, dict):
        if data.get("candidate") == candidate.pk:
            return ERASED
        kept = {key: redact(value, candidate) for key, value in data.items()}
        return {key: value for key, value in kept.items() if value is not ERASED}
    if isinstance(data, list):
        items = [redact(value, candidate) for value in data]
        return [value for value in items if value is not ERASED]
    if isinstance(data, str):
        for trace in (candidate.name, candidate.email):
            if trace:
                data = data.replace(trace, ERASED_TEXT)
        return data
    return data


def concerns_a_candidate(data: object) -> bool:
    """Whether a (redacted) event's data still refers to some candidate."""
    if isinstance(data, dict):
        return "candidate" in data or any(concerns_a_candidate(v) for v in data.values())
    if isinstance(data, list):
        return any(concerns_a_candidate(v) for v in data)
    return False


def stored_json(text: str) -> object:
    """The JSON value a stored text holds, or the text itself when it holds none."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def mentions(data: object, candidate: Candidate) -> bool:
    """Whether a stored JSON value refers to the candidate (by id, name or email)."""
    if isinstance(data, dict):
        if data.get("candidate") == candidate.pk:
            return True
        return any(mentions(value, candidate) for value in data.values())
    if isinstance(data, list):
        return any(mentions(value, candidate) for value in data)
    if isinstance(data, str):
        return bool(
            (candidate.name and candidate.name in data)
            or (candidate.email and candidate.email in data)
        )
    return False
