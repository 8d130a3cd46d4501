"""Celery tasks: thin wrappers that call the services with ids."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from candidates.models import DocumentStatus
from candidates.services import document_process
from screening.services import enqueue_candidate_assessment


# A database outage is transient: retry with backoff instead of failing the document.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def process_document(document_id: int) -> None:
    document = document_process(document_id=document_id)
    if document is not None and document.status == DocumentStatus.DONE:
        enqueue_candidate_assessment(document.candidate_id)
