"""Moving applications through a lab's stages: the one service every channel calls.

The candidate page, the shortlist's bulk action and the API move applications with
:func:`applications_move`. A stage and the decision that stands are one story (see
:func:`screening.decisions.decisions_record`): a move into a rejected stage records a
rejection with the move's reason, and a move out of one withdraws it by recording a hold, in
the same transaction, so the learned weights see every rejection and no other.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from screening.audit import audit_record_each
from screening.decisions import decisions_record
from screening.models import (
    DECISION_REASON_CHARS,
    DECISION_REASON_TOO_LONG,
    Application,
    AuditAction,
    DecisionOutcome,
    RoleArchived,
    RoleProfile,
    RoleStatus,
    Stage,
    StageKind,
)
from screening.stages import stage_move_record

NOTHING_CHOSEN = "Choose at least one applicant to move."
STAGE_REQUIRED = "Choose the stage to move to."
STAGE_OF_ANOTHER_LAB = "That stage belongs to another lab's pipeline."
ONE_ROLE = "Move applicants of one role at a time."
MOVE_REASON_REQUIRED = "Give a reason for the move; it is kept with the applicant's history."


@transaction.atomic
def applications_move(
    *,
    applications: Iterable[Application],
    stage: Stage | None,
    by,
    reason: str = "",
    channel: str = "",
) -> int:
    """Move applications to one role to ``stage``; returns how many moved.

    Those already there stay (no history row). Every move has a reason, kept with it (and
    with the decision a move into or out of a rejected stage records). Raises
    ``ValidationError`` naming the field at fault (``applications``, ``stage``, ``reason``);
    nothing moves when anything is refused.
    """
    reason = reason.strip()
    ids = sorted({a.pk for a in applications})
    if not ids:
        raise ValidationError({"applications": NOTHING_CHOSEN})
    if stage is None:
        raise ValidationError({"stage": STAGE_REQUIRED})
    chosen = list(
        Application.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("role", "stage")
        .order_by("pk")
    )
    roles = {a.role_id for a in chosen}
    if len(roles) != 1:
        raise ValidationError({"applications": ONE_ROLE})
    role: RoleProfile = chosen[0].role
    if role.status == RoleStatus.ARCHIVED:
        raise RoleArchived
    if stage.lab_id != role.lab_id:
        raise ValidationError({"stage": STAGE_OF_ANOTHER_LAB})
    if not reason:
        raise ValidationError({"reason": MOVE_REASON_REQUIRED})
    if len(reason) > DECISION_REASON_CHARS:
        raise ValidationError({"reason": DECISION_REASON_TOO_LONG})
    moving = [a for a in chosen if a.stage_id != stage.pk]
    into_rejected = stage.kind == StageKind.REJECTED
    crossing = [a for a in moving if (a.stage.kind == StageKind.REJECTED) != into_rejected]
    origins = {a.pk: a.stage_id for a in moving}
    stage_move_record(applications=moving, stage=stage, by=by, reason=reason)
    if crossing:
        decisions_record(
            applications=crossing,
            outcome=DecisionOutcome.REJECT if into_rejected else DecisionOutcome.HOLD,
            reason=reason,
            actor=by,
            channel=channel,
        )
    if moving:
        RoleProfile.shortlists_changed(role_ids=[role.pk])
        audit_record_each(
            lab_id=role.lab_id,
            actor=by,
            action=AuditAction.STAGE_MOVED,
            target_type="application",
            details={
                pk: {"role": role.pk, "from": origin, "to": stage.pk}
                for pk, origin in origins.items()
            },
            channel=channel,
        )
    return len(moving)
