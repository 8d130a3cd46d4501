"""The audit trail: record who saw, changed, decided, exported or erased what.

Services and views call :func:`audit_record` for the actions the trail covers; lab admins read
it on the audit page and export it as CSV (``manage.py audit_export`` too).
"""

from __future__ import annotations

from django.db.models import QuerySet

from screening.models import AuditAction, AuditEvent, Lab


def audit_record(
    *,
    lab_id: int,
    actor,
    action: str,
    target_type: str,
    target_id: int | None = None,
    detail: dict | None = None,
    channel: str = "",
) -> AuditEvent:
    return audit_record_each(
        lab_id=lab_id,
        actor=actor,
        action=action,
        target_type=target_type,
        details={target_id: detail or {}},
        channel=channel,
    )[0]


def audit_record_each(
    *,
    lab_id: int,
    actor,
    action: str,
    target_type: str,
    details: dict[int | None, dict],
    channel: str = "",
) -> list[AuditEvent]:
    """One event per target (by id, with its detail), written in one query: a bulk action
    leaves the same trail as doing it to each object in turn."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            lab_id=lab_id,
            actor=user,
            actor_name=user.get_username() if user else "",
            action=action,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
            channel=channel,
        )
        for target_id, detail in details.items()
    )


def audit_events(*, lab: Lab) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(lab=lab).order_by("-at", "-id")


AUDIT_CSV_HEADER = ("time", "actor", "action", "object", "object_id", "channel", "detail")


def audit_rows(*, lab: Lab):
    """The lab's trail as CSV rows, newest first."""
    for event in audit_events(lab=lab).iterator():
        yield (
            event.at.isoformat(),
            event.actor_name,
            event.action,
            event.target_type,
            event.target_id,
            event.channel,
            event.detail,
        )
