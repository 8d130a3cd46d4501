"""`manage.py erase_candidate ID`: erase everything held on a candidate, with a receipt."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from candidates.models import Candidate, ErasureReceipt
from screening.privacy import candidate_erase


class Command(BaseCommand):
    help = "Erase a candidate's files and data; prints the receipt (which holds no personal data)."

    def add_arguments(self, parser):
        parser.add_argument("candidate", type=int)
        parser.add_argument("--reason", default="request", help="Why (kept on the receipt).")

    def handle(self, *args, candidate: int, reason: str, **options) -> None:
        found = Candidate.objects.filter(pk=candidate).first()
        if found is None:
            raise CommandError(f"No candidate with id {candidate}.")
        removed = candidate_erase(candidate=found, reason=reason[:40])
        receipt = ErasureReceipt.objects.get(candidate_number=candidate)
        counts = ", ".join(f"{kind} {count}" for kind, count in removed.items())
        self.stdout.write(f"Erased candidate {candidate}; receipt {receipt.reference}: {counts}.")
