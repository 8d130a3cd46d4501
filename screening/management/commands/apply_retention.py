"""`manage.py apply_retention`: erase candidates past their lab's retention period.

Fit for cron; Celery beat runs the same every night. Each erasure leaves a receipt.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from screening.models import Lab
from screening.privacy import apply_retention


class Command(BaseCommand):
    help = "Erase candidates untouched for longer than their lab's retention period."

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="Only this lab (slug).")
        parser.add_argument("--months", type=int, help="Override the labs' retention periods.")
        parser.add_argument("--dry-run", action="store_true", help="Count, erase nothing.")

    def handle(self, *args, lab: str | None, months: int | None, dry_run: bool, **options):
        lab_obj = None
        if lab:
            lab_obj = Lab.objects.filter(slug=lab).first()
            if lab_obj is None:
                raise CommandError(f"No lab {lab!r}.")
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1.")
        counts = apply_retention(lab=lab_obj, months=months, dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for slug, count in counts.items():
            self.stdout.write(f"{slug}: {verb} {count} candidate(s).")
        if not counts:
            self.stdout.write("No lab has a retention period (set one, or pass --months).")
