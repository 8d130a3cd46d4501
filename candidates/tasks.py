"""Celery tasks of the parsing queue: thin wrappers that load ids and call the services.

The services that store uploads enqueue :func:`process_document`; the tasks call down into
``candidates.processing``, never back into the services, so the two never import each other.
"""

from __future__ import annotations

from celery import shared_task

from candidates.models import DocumentStatus
from candidates.processing import document_mark_queued, document_process, documents_stuck
from config.celery_app import RETRIED
from screening.services import enqueue_candidate_assessment


@shared_task(**RETRIED)
def process_document(document_id: int) -> None:
    document = document_process(document_id=document_id)
    if document is not None and document.status == DocumentStatus.DONE:
        enqueue_candidate_assessment(document.candidate_id)


@shared_task(acks_late=True)
def requeue_stuck_documents(minutes: int = 30) -> int:
    """Every few minutes (Celery beat): send again documents a lost worker or broker left."""
    stuck = list(documents_stuck(minutes=minutes).values_list("pk", flat=True))
    for document_id in stuck:
        document_mark_queued(document_id=document_id)
        process_document.delay(document_id)
    return len(stuck)
