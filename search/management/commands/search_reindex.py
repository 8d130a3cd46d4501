"""`manage.py search_reindex [--lab SLUG]`: rebuild the search index from what was read."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from candidates.models import Candidate
from screening.models import Lab
from search.index import index_candidate


class Command(BaseCommand):
    help = (
        "Index every candidate (of one lab) again from their read documents: after an upgrade "
        "that changes what is indexed, or profiles rebuilt with rebuild_profiles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lab", help="The lab's slug (default: every lab).")

    def handle(self, *args, lab: str | None = None, **options) -> None:
        candidates = Candidate.objects.order_by("pk")
        if lab is not None:
            found = Lab.objects.filter(slug=lab).first()
            if found is None:
                raise CommandError(f"No lab with the slug {lab!r}.")
            candidates = candidates.filter(lab=found)
        count = entries = 0
        for candidate in candidates.iterator(chunk_size=200):
            entries += index_candidate(candidate)
            count += 1
        self.stdout.write(f"Indexed {count} candidates: {entries} passages.")
