"""`manage.py ingest FILE… --lab L`: upload files from the command line and queue them."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candidates.models import Candidate, DocumentKind
from candidates.uploads import IngestError, UploadSource
from screening.applications import documents_upload
from screening.models import Lab, RoleProfile


def lab_by_key(key: str) -> Lab:
    """Find a lab by slug or numeric id, with an error that lists what exists."""
    lab = Lab.objects.filter(slug=key).first()
    if lab is None and key.isdigit():
        lab = Lab.objects.filter(pk=int(key)).first()
    if lab is None:
        known = ", ".join(Lab.objects.values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"No lab {key!r}. Known labs: {known}.")
    return lab


class Command(BaseCommand):
    help = (
        "Store CVs (PDF) and publication lists (BibTeX, RIS, CSL-JSON, text), or zips of them, "
        "for a lab and queue them for processing by a worker, with the upload page's limits. "
        "Files named person__cv.pdf and person__papers.bib become one candidate. A file "
        "already uploaded is reported, not duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--lab", required=True, help="Lab slug or id.")
        parser.add_argument("--role", type=int, help="Id of the role the candidates apply to.")
        parser.add_argument(
            "--kind", choices=DocumentKind.values, help="Document kind (default: detect)."
        )
        parser.add_argument(
            "--candidate",
            type=int,
            help="Attach the files to this existing candidate (e.g. a publication list).",
        )

    def handle(
        self,
        *args,
        files: list[Path],
        lab: str,
        role: int | None,
        kind: str | None,
        candidate: int | None,
        **options,
    ) -> None:
        lab_obj = lab_by_key(lab)
        role_obj = self._role(lab_obj, role)
        candidate_obj = self._candidate(lab_obj, candidate)
        failures = 0
        sources = []
        for path in files:
            try:
                sources.append(UploadSource.from_path(path))
            except OSError as exc:
                failures += 1
                self.stderr.write(f"error   {path}: {exc.strerror or exc}")
        # The same gate as the upload page, the API and the admin: limits, types and zips.
        try:
            items = documents_upload(
                lab=lab_obj, sources=sources, role=role_obj, candidate=candidate_obj, kind=kind
            )
        except IngestError as refusal:  # a role that takes no new documents
            raise CommandError(str(refusal)) from None
        for item in items:
            document = item.document
            if document is None:  # refused, and the item says why
                failures += 1
                self.stderr.write(f"error   {item.path or item.name}: {item.error}")
                continue
            state = "queued " if item.created else f"exists ({document.status})"
            self.stdout.write(f"{state:8} document {document.pk}  {item.path or item.name}")
        if failures:
            total = len(files) - len(sources) + len(items)  # a zip counts as its files
            raise CommandError(f"{failures} of {total} file(s) could not be ingested.")

    def _role(self, lab: Lab, role_id: int | None) -> RoleProfile | None:
        if role_id is None:
            return None
        role = RoleProfile.objects.filter(pk=role_id, lab=lab).first()
        if role is None:
            raise CommandError(f"Lab {lab.slug!r} has no role with id {role_id}.")
        return role

    def _candidate(self, lab: Lab, candidate_id: int | None) -> Candidate | None:
        if candidate_id is None:
            return None
        candidate = Candidate.objects.filter(pk=candidate_id, lab=lab).first()
        if candidate is None:
            raise CommandError(f"Lab {lab.slug!r} has no candidate with id {candidate_id}.")
        return candidate
