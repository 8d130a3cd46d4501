"""Celery tasks: thin wrappers that call the services with ids."""

from __future__ import annotations

from celery import shared_task

from candidates.models import DocumentStatus
from candidates.services import document_process, documents_requeue_stuck
from config.celery_app import RETRIED
from screening.services import enqueue_candidate_assessment


@shared_task(**RETRIED)
def process_document(document_id: int) -> None:
    document = document_process(document_id=document_id)
    if document is not None and document.status == DocumentStatus.DONE:
        enqueue_candidate_assessment(document.candidate_id)


@shared_task(acks_late=True)
def apply_retention_policies() -> dict[str, int]:
    """Nightly (Celery beat): erase candidates past their lab's retention period."""
    from candidates.privacy import apply_retention

    return apply_retention()


@shared_task(acks_late=True)
def requeue_stuck_documents(minutes: int = 30) -> int:
    """Every few minutes (Celery beat): send again documents a lost worker or broker left."""
    return len(documents_requeue_stuck(minutes=minutes))
