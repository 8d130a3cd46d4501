"""Recruiters' decisions on applications: recording one, and which one stands.

Every channel records a decision with :func:`decision_record`, which holds the rules (a known
outcome, a reason of at most ``DECISION_REASON_CHARS`` characters) and words their
refusal, so the page and the API refuse the same decision with the same message. Earlier
decisions are kept as history; the latest one stands, and :func:`latest_outcome` is the one
reading of "the latest" (the shortlist, the API's lists, the decision summary, the learned
weights and the adverse-impact report all read it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery

from screening.audit import audit_record
from screening.models import (
    DECISION_REASON_CHARS,
    DECISION_REASON_TOO_LONG,
    Application,
    AuditAction,
    Decision,
    DecisionOutcome,
    RoleProfile,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OUTCOME_REQUIRED = (
    f"Choose {', '.join(DecisionOutcome.labels[:-1]).lower()} or "
    f"{DecisionOutcome.labels[-1].lower()}."
)
REASON_REQUIRED = "Give a reason for the decision; it is kept for review and audit."


def decision_record(
    *,
    application: Application,
    outcome: str,
    reason: str,
    actor: User | None = None,
) -> Decision:
    """Record a decision on an application (the reason is kept with it, stripped).

    Raises ``ValidationError`` naming each field at fault (``outcome``, ``reason``).
    """
    reason = reason.strip()
    problems = {}
    if not outcome:
        problems["outcome"] = OUTCOME_REQUIRED
    elif outcome not in DecisionOutcome.values:
        problems["outcome"] = f"Unknown decision {outcome!r}. {OUTCOME_REQUIRED}"
    if not reason:
        problems["reason"] = REASON_REQUIRED
    elif len(reason) > DECISION_REASON_CHARS:
        problems["reason"] = DECISION_REASON_TOO_LONG
    if problems:
        raise ValidationError(problems)
    decision = Decision.objects.create(
        application=application, outcome=outcome, reason=reason, decided_by=actor
    )
    RoleProfile.shortlists_changed(role_ids=[application.role_id])
    audit_record(
        lab_id=application.role.lab_id,
        actor=actor,
        action=AuditAction.DECISION_RECORDED,
        target_type="application",
        target_id=application.pk,
        detail={"outcome": outcome, "role": application.role_id},
    )
    return decision


def latest_outcome(application: str = "application") -> Subquery:
    """The outcome of the latest decision on the outer row's application (at the path
    ``application``: "pk" on applications), or None: the first in the decisions' order."""
    return Subquery(
        Decision.objects.filter(application=OuterRef(application))
        .order_by(*(Decision._meta.ordering or ()))
        .values("outcome")[:1]
    )


def role_latest_outcomes(*, role: RoleProfile) -> dict[int, str]:
    """The outcome that stands on each decided application of the role, by application id."""
    decided = (
        Application.objects.filter(role=role)
        .annotate(outcome=latest_outcome("pk"))
        .exclude(outcome=None)
        .values_list("pk", "outcome")
    )
    return dict(decided)
