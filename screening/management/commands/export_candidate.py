"""`manage.py export_candidate ID`: everything held on a candidate, as JSON (subject access)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from candidates.models import Candidate
from screening.audit import audit_record
from screening.models import AuditAction
from screening.privacy import candidate_export


class Command(BaseCommand):
    help = "Print all data Referee holds on a candidate as one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("candidate", type=int)

    def handle(self, *args, candidate: int, **options) -> None:
        found = Candidate.objects.filter(pk=candidate).select_related("lab").first()
        if found is None:
            raise CommandError(f"No candidate with id {candidate}.")
        self.stdout.write(json.dumps(candidate_export(candidate=found), ensure_ascii=False))
        audit_record(
            lab_id=found.lab_id,
            actor=None,
            action=AuditAction.CANDIDATE_EXPORTED,
            target_type="candidate",
            target_id=found.pk,
            channel="command",
        )
