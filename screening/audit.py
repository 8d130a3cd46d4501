"""The audit trail: record who saw, changed, decided, exported or erased what.

Services and views call :func:`audit_record` for the actions the trail covers; lab admins read
it on the audit page and export it as CSV (``manage.py audit_export`` too).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from screening.models import AuditAction, AuditEvent, Lab

# Actions of apps above this one (the review panels), registered when they start: the trail
# records them without this app knowing those apps, or migrating for each new action.
_REGISTERED: dict[str, str] = {}


def audit_actions_register(choices: Iterable[tuple[str, str]]) -> None:
    _REGISTERED.update(choices)


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
    if action not in AuditAction.values and action not in _REGISTERED:
        raise ValueError(f"Unknown audit action {action!r}.")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        lab_id=lab_id,
        actor=user,
        actor_name=user.get_username() if user else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=detail or {},
        channel=channel,
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
