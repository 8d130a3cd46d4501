"""Celery task of the webhooks: one attempt per run, retried with exponential backoff.

Routed by ``CELERY_TASK_ROUTES`` to ``REFEREE_WEBHOOK_QUEUE`` (default "score", which every
worker started by ``manage.py serve`` consumes; give it a queue of its own in production).
Workers know it because ``screening``'s app config imports the events that enqueue it.
"""

from __future__ import annotations

from celery import shared_task

from config.celery_app import RETRIED
from screening.webhooks.delivery import webhook_deliver


# Without a cap on retries: a delivery's own attempts end it (screening.webhooks.delivery).
@shared_task(bind=True, **(RETRIED | {"max_retries": None}))
def deliver_webhook(self, delivery_id: int) -> str | None:
    outcome = webhook_deliver(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.delivery.status if outcome.delivery else None
