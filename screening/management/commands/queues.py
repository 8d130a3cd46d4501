"""`manage.py queues`: how much work is waiting, per queue, and where documents stand.

The quick look an operator needs before reaching for Flower (``celery -A config flower``, also
installed): messages waiting on the parse and score queues, and documents and assessments by
state, which is what recruiters see.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db.models import Count

from candidates.models import Document
from config.celery_app import WORKER_QUEUES, app
from screening.models import Assessment


def waiting_messages() -> dict[str, int | None]:
    """Messages waiting per queue; None where the broker has never seen the queue."""
    counts: dict[str, int | None] = {}
    with app.connection_for_read() as connection:
        for queue in WORKER_QUEUES.split(","):
            try:
                counts[queue] = connection.default_channel.queue_declare(
                    queue, passive=True
                ).message_count
            except connection.channel_errors:
                counts[queue] = None
    return counts


class Command(BaseCommand):
    help = "Show messages waiting per queue and documents and assessments by state."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, format: str, **options) -> None:
        report = {
            "queues": waiting_messages(),
            "documents": dict(
                Document.objects.values_list("status").annotate(n=Count("id")).order_by()
            ),
            "assessments": {
                "current": Assessment.objects.filter(stale=False).count(),
                "stale": Assessment.objects.filter(stale=True).count(),
            },
        }
        if format == "json":
            self.stdout.write(json.dumps(report))
            return
        for queue, count in report["queues"].items():
            waiting = "no messages yet" if count is None else f"{count} waiting"
            self.stdout.write(f"queue {queue}: {waiting}")
        for status, count in sorted(report["documents"].items()):
            self.stdout.write(f"documents {status}: {count}")
        for state, count in report["assessments"].items():
            self.stdout.write(f"assessments {state}: {count}")
