"""`manage.py stuck_documents`: documents queued or processing for too long, and requeueing them.

A worker killed without giving its task back, or a broker that lost a message, leaves a
document waiting. This lists them (fit for cron or Celery beat) and, with ``--requeue``, sends
them through processing again; processing is idempotent, so a requeued document that was in
fact still running is not duplicated.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from candidates.processing import documents_stuck
from candidates.services import document_requeue


class Command(BaseCommand):
    help = "List documents stuck in queued or processing past a threshold; optionally requeue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=30, help="Waiting longer than this is stuck (30)."
        )
        parser.add_argument("--requeue", action="store_true", help="Send them through again.")

    def handle(self, *args, minutes: int, requeue: bool, **options) -> None:
        stuck = documents_stuck(minutes=minutes)
        count = 0
        for document in stuck:
            count += 1
            since = document.started_at or document.created_at
            self.stdout.write(
                f"{document.status:<10} document {document.pk} ({document.original_name}, "
                f"lab {document.lab_id}) since {since:%Y-%m-%d %H:%M}"
            )
            if requeue:
                document_requeue(document=document)
        action = "requeued" if requeue else "found"
        self.stdout.write(f"{count} stuck document(s) {action} (older than {minutes} min).")
