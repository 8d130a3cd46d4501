"""Where webhook events come from, without touching the pipeline's code.

- ``document.processed`` / ``document.failed``: a document's status is saved as done or
  failed (``candidates.processing.document_process`` in the worker).
- ``assessment.updated``: a scoring task of a role (``screening.tasks.rescore_role`` after a
  rubric edit, ``assess_role_updates`` after applicants' documents were read) finished; the
  event lists the assessments it (re)computed.

Handlers never let a webhook problem break the work that triggered them: they log and go on.
"""

from __future__ import annotations

import json
import logging

from celery.signals import task_postrun, task_prerun
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

SCORING_TASKS = ("screening.tasks.rescore_role", "screening.tasks.assess_role_updates")
_started: dict[str, object] = {}


def connect() -> None:
    from candidates.models import Document
    from screening.signals import candidate_erasing

    post_save.connect(document_saved, sender=Document, dispatch_uid="api.webhooks.document")
    candidate_erasing.connect(candidate_erasing_copies, dispatch_uid="api.erasure")
    task_prerun.connect(scoring_started, dispatch_uid="api.webhooks.prerun")
    task_postrun.connect(scoring_finished, dispatch_uid="api.webhooks.postrun")


def document_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    from candidates.models import DocumentStatus
    from screening.api.models import WebhookEvent
    from screening.api.webhooks import document_event_data, webhook_emit

    if created or (update_fields is not None and "status" not in update_fields):
        return
    events = {
        DocumentStatus.DONE: WebhookEvent.DOCUMENT_PROCESSED,
        DocumentStatus.FAILED: WebhookEvent.DOCUMENT_FAILED,
    }
    event = events.get(instance.status)
    if event is None:
        return
    lab_id, data = instance.lab_id, document_event_data(instance)

    def emit() -> None:
        try:
            webhook_emit(lab_id=lab_id, event=event, data=data)
        except Exception:
            logger.exception("could not record the %s webhook of document %s", event, instance.pk)

    transaction.on_commit(emit, robust=True)


def scoring_started(sender=None, task_id=None, task=None, **kwargs) -> None:
    if task is not None and task.name in SCORING_TASKS:
        _started[task_id] = timezone.now()


def scoring_finished(
    sender=None, task_id=None, task=None, args=(), retval=None, state=None, **kwargs
) -> None:
    started = _started.pop(task_id, None)
    if task is None or task.name not in SCORING_TASKS or state != "SUCCESS" or not retval:
        return
    role_id = args[0] if args else (kwargs.get("kwargs") or {}).get("role_id")
    try:
        emit_assessment_events(role_id, started)
    except Exception:
        logger.exception("could not record assessment.updated webhooks after %s", task.name)


def emit_assessment_events(role_id: int, started) -> int:
    """Emit ``assessment.updated`` for the role's assessments computed since ``started``."""
    from screening.api.webhooks import assessment_events
    from screening.models import Assessment

    assessments = Assessment.objects.filter(stale=False, role_id=role_id)
    if started is not None:
        assessments = assessments.filter(computed_at__gte=started)
    rows = list(
        assessments.order_by("id").values(
            "id",
            "role__lab_id",
            "application_id",
            "application__candidate_id",
            "score",
            "has_barrier",
            "computed_at",
        )
    )
    if not rows:
        return 0
    items = [
        {
            "id": row["id"],
            "application": row["application_id"],
            "candidate": row["application__candidate_id"],
            "score": row["score"],
            "has_barrier": row["has_barrier"],
            "computed_at": row["computed_at"],
        }
        for row in rows
    ]
    return assessment_events(lab_id=rows[0]["role__lab_id"], role_id=role_id, assessments=items)


def candidate_erasing_copies(sender, candidate, **kwargs) -> dict[str, int]:
    """Remove the copies of an erased candidate's data the API keeps: webhook payloads and
    stored answers to idempotent requests.

    A delivery about the candidate alone (their document's event) is deleted; one that also
    concerns others (an ``assessment.updated`` listing many applicants) keeps the others'
    parts with the candidate's taken out, so the receiver still gets what it needs about them.
    """
    from screening.api.models import IdempotencyKey, WebhookDelivery

    deleted, redacted = [], 0
    for delivery in WebhookDelivery.objects.filter(endpoint__lab_id=candidate.lab_id).only("body"):
        body = _json(delivery.body)
        if not mentions(body, candidate):
            continue
        kept = redact(body, candidate)
        if not isinstance(kept, dict) or not concerns_a_candidate(kept.get("data")):
            deleted.append(delivery.pk)
            continue
        delivery.body = json.dumps(kept, separators=(",", ":"))
        delivery.save(update_fields=["body"])
        redacted += 1
    answers = [
        k.pk
        for k in IdempotencyKey.objects.filter(user__lab_memberships__lab_id=candidate.lab_id).only(
            "response"
        )
        if mentions(k.response, candidate)
    ]
    WebhookDelivery.objects.filter(pk__in=deleted).delete()
    IdempotencyKey.objects.filter(pk__in=answers).delete()
    return {
        "webhook_deliveries": len(deleted),
        "webhook_deliveries_redacted": redacted,
        "stored_api_answers": len(answers),
    }


ERASED = object()  # what ``redact`` returns for a part that was all about the candidate
ERASED_TEXT = "[erased]"


def redact(data, candidate):
    """``data`` without the candidate: objects naming them as ``candidate`` are dropped (from
    lists and from objects), their name and email replaced in any text; ``ERASED`` when
    nothing is left."""
    if isinstance(data, dict):
        if data.get("candidate") == candidate.pk:
            return ERASED
        kept = {key: redact(value, candidate) for key, value in data.items()}
        return {key: value for key, value in kept.items() if value is not ERASED}
    if isinstance(data, list):
        kept = [redact(value, candidate) for value in data]
        return [value for value in kept if value is not ERASED]
    if isinstance(data, str):
        for trace in (candidate.name, candidate.email):
            if trace:
                data = data.replace(trace, ERASED_TEXT)
        return data
    return data


def concerns_a_candidate(data) -> bool:
    """Whether a (redacted) event's data still refers to some candidate."""
    if isinstance(data, dict):
        return "candidate" in data or any(concerns_a_candidate(v) for v in data.values())
    if isinstance(data, list):
        return any(concerns_a_candidate(v) for v in data)
    return False


def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def mentions(data, candidate) -> bool:
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
