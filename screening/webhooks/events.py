"""Webhook events: the deliveries of an event to the lab's endpoints that listen, each sent by
a task enqueued once the transaction that recorded it commits.

The receivers here answer the named signals of the actions that know what changed, once the
change is committed; a webhook problem is logged and never breaks the work that triggered it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from candidates.models import Document, DocumentStatus
from screening.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from screening.models import Assessment, RoleProfile
from screening.webhooks.tasks import deliver_webhook

logger = logging.getLogger(__name__)

# Assessments per assessment.updated event: a rescore of a large role is sent in parts.
ASSESSMENTS_PER_EVENT = 200
DOCUMENT_EVENTS: dict[str, str] = {
    DocumentStatus.DONE: WebhookEvent.DOCUMENT_PROCESSED,
    DocumentStatus.FAILED: WebhookEvent.DOCUMENT_FAILED,
}


def webhook_emit(*, lab_id: int, event: str, data: dict) -> list[WebhookDelivery]:
    """Record a delivery of the event to each active endpoint of the lab subscribed to it, and
    send them once the transaction commits. Nothing is recorded if nobody listens."""
    return _deliver_to(_listening(lab_id, event), event, data)


def _listening(lab_id: int, event: str) -> list[WebhookEndpoint]:
    """The lab's active endpoints subscribed to the event."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(lab_id=lab_id, active=True).select_related(
            "lab"
        )
        if event in endpoint.events
    ]


def endpoint_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` event to one endpoint, to test that it receives and verifies deliveries."""
    data = {"endpoint": endpoint.pk, "message": "Referee can reach this endpoint."}
    return _deliver_to([endpoint], WebhookEvent.PING, data)[0]


def _deliver_to(endpoints: list[WebhookEndpoint], event: str, data: dict) -> list[WebhookDelivery]:
    if not endpoints:
        return []
    envelope_id = WebhookDelivery._meta.get_field("event_id").default()
    created_at = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        body = json.dumps(
            {
                "id": str(envelope_id),
                "type": event,
                "created_at": created_at,
                "lab": {"id": endpoint.lab_id, "slug": endpoint.lab.slug},
                "data": data,
            },
            cls=DjangoJSONEncoder,
            separators=(",", ":"),
        )
        deliveries.append(
            WebhookDelivery.objects.create(
                endpoint=endpoint, event=event, event_id=envelope_id, body=body
            )
        )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return deliveries


def _enqueue(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)


# --- What the pipeline reports ---------------------------------------------------------------


def document_read_emit(sender, document: Document, **kwargs) -> None:
    """``candidates.signals.document_read``: ``document.processed`` or ``document.failed``."""
    event = DOCUMENT_EVENTS.get(document.status)
    if event is None:
        return
    lab_id, data = document.lab_id, document_event_data(document)
    _after_commit(
        f"the {event} webhook of document {document.pk}",
        lambda: webhook_emit(lab_id=lab_id, event=event, data=data),
    )


def assessments_computed_emit(
    sender, role: RoleProfile, application_ids: list[int], **kwargs
) -> None:
    """``screening.signals.assessments_computed``: ``assessment.updated`` listing the role's
    assessments of those applications, as stored."""
    lab_id, role_id, ids = role.lab_id, role.pk, list(application_ids)
    _after_commit(
        f"the assessment.updated webhooks of role {role_id}",
        lambda: assessment_events(lab_id=lab_id, role_id=role_id, application_ids=ids),
    )


def _after_commit(what: str, record: Callable[[], object]) -> None:
    def run() -> None:
        try:
            record()
        except Exception:
            logger.exception("could not record %s", what)

    transaction.on_commit(run, robust=True)


def document_event_data(document: Document) -> dict:
    return {
        "document": {
            "id": document.pk,
            "candidate": document.candidate_id,
            "kind": document.kind,
            "original_name": document.original_name,
            "status": document.status,
            "error": document.error,
            "page_count": document.page_count,
            "finished_at": document.finished_at,
        }
    }


def assessment_events(*, lab_id: int, role_id: int, application_ids: list[int]) -> int:
    """Emit ``assessment.updated`` for the role's assessments of these applications, in parts;
    how many deliveries were recorded."""
    endpoints = _listening(lab_id, WebhookEvent.ASSESSMENT_UPDATED)
    if not endpoints:
        return 0  # most labs: no query for the assessments of a rescore nobody hears of
    rows = Assessment.objects.filter(
        role_id=role_id, application_id__in=application_ids, stale=False
    ).order_by("id")
    assessments = [
        {
            "id": row["id"],
            "application": row["application_id"],
            "candidate": row["application__candidate_id"],
            "score": row["score"],
            "has_barrier": row["has_barrier"],
            "computed_at": row["computed_at"],
        }
        for row in rows.values(
            "id",
            "application_id",
            "application__candidate_id",
            "score",
            "has_barrier",
            "computed_at",
        )
    ]
    sent = 0
    for start in range(0, len(assessments), ASSESSMENTS_PER_EVENT):
        part = assessments[start : start + ASSESSMENTS_PER_EVENT]
        data = {"role": role_id, "assessments": part}
        sent += len(_deliver_to(endpoints, WebhookEvent.ASSESSMENT_UPDATED, data))
    return sent
