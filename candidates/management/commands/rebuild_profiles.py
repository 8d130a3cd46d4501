"""`manage.py rebuild_profiles`: recompute candidates' profiles after feature definitions change.

Each processed document keeps what was read from it, so profiles (publications merged across
files, evidence, the feature vector) are rebuilt without reading any file again, and the
candidates' roles are reassessed. By default only profiles made by an older feature version.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from candidates.models import Candidate, CandidateFeatures, DocumentStatus
from candidates.processing import candidate_rebuild_profile
from candidates.profile import FEATURES_VERSION
from screening.services import enqueue_candidate_assessment


class Command(BaseCommand):
    help = "Rebuild candidate profiles from their stored analyses and reassess their roles."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every profile.")
        parser.add_argument("--lab", help="Only this lab (slug).")

    def handle(self, *args, all: bool, lab: str | None, **options) -> None:
        candidates = Candidate.objects.filter(documents__status=DocumentStatus.DONE).distinct()
        if lab:
            candidates = candidates.filter(lab__slug=lab)
        if not all:
            current = CandidateFeatures.objects.filter(version=FEATURES_VERSION)
            candidates = candidates.exclude(pk__in=current.values("candidate_id"))
        rebuilt = 0
        for candidate in candidates.iterator():
            candidate_rebuild_profile(candidate=candidate)
            enqueue_candidate_assessment(candidate.pk)
            rebuilt += 1
        self.stdout.write(f"Rebuilt {rebuilt} profile(s) (feature version {FEATURES_VERSION}).")
