"""Recruiters' decisions on applications: recording one, and which one stands.

Every channel records a decision with :func:`decision_record` (or :func:`decisions_record`
for several applications), which holds the rules (a known outcome, a reason of at most
``DECISION_REASON_CHARS`` characters, a role not archived) and words their refusal, so the
page and the API refuse the same decision with the same message. A decision moves the
application's stage where it implies one (a rejection: the rejected stage). Earlier
decisions are kept as history; the latest one stands, and :func:`latest_outcome` is the one
reading of "the latest" (the shortlist, the API's lists, the decision summary, the learned
weights and the adverse-impact report all read it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery

from screening.audit import audit_record_each
from screening.models import (
    DECISION_REASON_CHARS,
    DECISION_REASON_TOO_LONG,
    Application,
    AuditAction,
    Decision,
    DecisionOutcome,
    RoleArchived,
    RoleProfile,
    RoleStatus,
    Stage,
    StageKind,
)
from screening.stages import stage_initial, stage_move_record, stage_of_kind

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OUTCOME_REQUIRED = (
    f"Choose {', '.join(DecisionOutcome.labels[:-1]).lower()} or "
    f"{DecisionOutcome.labels[-1].lower()}."
)
REASON_REQUIRED = "Give a reason for the decision; it is kept for review and audit."


def decision_check(*, outcome: str, reason: str, role: RoleProfile | None = None) -> str:
    """The rules every decision follows; returns the reason as kept (stripped).

    Raises ``ValidationError`` naming each field at fault (``outcome``, ``reason``); a
    decision on an archived role is refused whatever it says.
    """
    reason = reason.strip()
    problems = {}
    if role is not None and role.status == RoleStatus.ARCHIVED:
        raise RoleArchived
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
    return reason


@transaction.atomic
def decision_record(
    *,
    application: Application,
    outcome: str,
    reason: str,
    actor: User | None = None,
    channel: str = "",
) -> Decision:
    """Record a decision on an application (the reason is kept with it, stripped).

    The application's stage follows (:func:`decisions_record`). Raises ``ValidationError``
    naming each field at fault (``outcome``, ``reason``).
    """
    return decisions_record(
        applications=[application], outcome=outcome, reason=reason, actor=actor, channel=channel
    )[0]


@transaction.atomic
def decisions_record(
    *,
    applications: list[Application],
    outcome: str,
    reason: str,
    actor: User | None = None,
    channel: str = "",
) -> list[Decision]:
    """The same decision on applications to one role, in a fixed number of queries.

    Decisions and stages are one story: a rejection moves an application to the lab's
    rejected stage, and any other decision on a rejected application brings it back to the
    lab's first stage (:mod:`screening.pipeline` records the decisions a move implies), so the
    decision that stands, which the learned weights read, never contradicts the stage.
    """
    role = applications[0].role
    reason = decision_check(outcome=outcome, reason=reason, role=role)
    decisions = Decision.objects.bulk_create(
        Decision(application=a, outcome=outcome, reason=reason, decided_by=actor)
        for a in applications
    )
    RoleProfile.shortlists_changed(role_ids=[role.pk])
    audit_record_each(
        lab_id=role.lab_id,
        actor=actor,
        action=AuditAction.DECISION_RECORDED,
        target_type="application",
        details={a.pk: {"outcome": outcome, "role": role.pk} for a in applications},
        channel=channel,
    )
    _stages_follow(
        applications,
        {a.pk: outcome for a in applications},
        lab_id=role.lab_id,
        by=actor,
        reason=reason,
    )
    return decisions


def stages_follow_decisions(*, applications: list[Application], by, reason: str) -> None:
    """Put each application where the decision standing on it says: at the rejected stage
    after a rejection, out of it after any other decision. For decisions that came together
    from elsewhere (a merge of two records of one person), not for new ones."""
    if not applications:
        return
    outcomes = dict(
        Application.objects.filter(pk__in=[a.pk for a in applications])
        .annotate(outcome=latest_outcome("pk"))
        .values_list("pk", "outcome")
    )
    _stages_follow(applications, outcomes, lab_id=applications[0].role.lab_id, by=by, reason=reason)


def _stages_follow(
    applications: list[Application],
    outcomes: dict[int, str | None],
    *,
    lab_id: int,
    by,
    reason: str,
) -> None:
    """The one rule tying stages to decisions: an application whose standing outcome is a
    rejection goes to the lab's rejected stage; one at that stage with any other outcome goes
    back to the first stage."""
    rejected = stage_of_kind(lab=lab_id, kind=StageKind.REJECTED)
    if rejected is None:
        return
    kinds = dict(Stage.objects.filter(lab_id=lab_id).values_list("pk", "kind"))
    rejecting = {a.pk for a in applications if outcomes.get(a.pk) == DecisionOutcome.REJECT}
    at_rejected = {a.pk for a in applications if kinds.get(a.stage_id) == StageKind.REJECTED}
    to_reject = [a for a in applications if a.pk in rejecting - at_rejected]
    back = [a for a in applications if a.pk in at_rejected - rejecting]
    stage_move_record(applications=to_reject, stage=rejected, by=by, reason=reason)
    if back:
        first = stage_initial(lab=lab_id)
        stage_move_record(applications=back, stage=first, by=by, reason=reason)


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
