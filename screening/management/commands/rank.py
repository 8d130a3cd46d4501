"""`manage.py rank --template SLUG FILE… --format json`: screen files against a rubric now.

The files are stored and read in this process (no worker needed), files of the same person
(``name__cv.pdf`` and ``name__papers.bib``) form one candidate, and the role's ranked shortlist
is printed in the shape of ``../shared/contracts/rank.schema.json``. With ``--role ID`` the files
join a stored role (and without files the role's current shortlist is printed).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candidates.filenames import group_by_person
from candidates.models import Candidate
from candidates.processing import document_process
from candidates.uploads import IngestError
from screening.applications import document_upload
from screening.assessing import role_assess
from screening.blinding import PageBlindness
from screening.models import Lab, RoleProfile
from screening.rubric_templates import TEMPLATES
from screening.scoring import INSUFFICIENT, score_range
from screening.selectors import (
    ShortlistFilters,
    evidence_by_id,
    explained_criteria,
    role_shortlist,
    rubric_criteria,
)
from screening.services import role_create
from screening.stages import lab_stages_seed

CLI_LAB = "cli"


class Command(BaseCommand):
    help = (
        "Read CVs and publication lists, score them against a rubric template or a stored role "
        "and print the ranked shortlist with every criterion's level, state, explanation and "
        "evidence."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--template", choices=sorted(TEMPLATES), help="Rubric template slug.")
        source.add_argument("--role", type=int, help="Id of a stored role.")
        parser.add_argument(
            "--lab", default=CLI_LAB, help=f"Lab slug for --template runs (default {CLI_LAB})."
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, files, template, role, lab, format, **options) -> None:
        if template and not files:
            raise CommandError("Give the files to rank with --template.")
        role_obj = self._role(template, role, lab)
        by_candidate: dict[int, list[str]] = {}
        failures: list[str] = []
        for group in group_by_person(files):
            candidate = self._ingest(role_obj, group, failures)
            if candidate is not None:
                by_candidate.setdefault(candidate.pk, []).extend(str(p) for p in group)
        role_assess(role=role_obj)
        report = self._report(role_obj, by_candidate, only_given=bool(files))
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(self._as_text(report))
        for message in failures:
            self.stderr.write(message)

    def _role(self, template: str | None, role_id: int | None, lab_slug: str) -> RoleProfile:
        if role_id is not None:
            role = RoleProfile.objects.filter(pk=role_id).first()
            if role is None:
                raise CommandError(f"No role with id {role_id}.")
            return role
        assert template is not None  # the arguments require --template or --role
        lab, _ = Lab.objects.get_or_create(slug=lab_slug, defaults={"name": lab_slug.title()})
        lab_stages_seed(lab=lab)
        return role_create(lab=lab, title=TEMPLATES[template].title, template=template)

    def _ingest(self, role: RoleProfile, group: list[Path], failures: list[str]):
        candidate: Candidate | None = None
        for path in group:
            try:
                result = document_upload(
                    lab=role.lab,
                    content=path.read_bytes(),
                    filename=path.name,
                    candidate=candidate,
                    role=role,
                    enqueue=False,
                )
            except (OSError, IngestError) as exc:
                failures.append(f"error   {path}: {getattr(exc, 'strerror', None) or exc}")
                continue
            document = result.document
            document_process(document_id=document.pk)
            document.refresh_from_db()
            if document.error:
                failures.append(f"failed  {path}: {document.error}")
            candidate = document.candidate
        return candidate

    def _report(self, role: RoleProfile, files: dict[int, list[str]], *, only_given: bool) -> dict:
        # The operator running the command sees names, as a member with blind review off.
        ranked = role_shortlist(
            role=role,
            filters=ShortlistFilters(ranked=True),
            blindness=PageBlindness(everyone=False),
        )
        assessments = [application.assessment for application in ranked]
        if only_given:
            assessments = [a for a in assessments if a.application.candidate_id in files]
        evidence = evidence_by_id(
            ids=(i for a in assessments for c in a.criteria for i in c["evidence"])
        )
        rubric = role.current_rubric
        assert rubric is not None  # role_create gives every role its first version
        criteria = rubric_criteria(rubric=rubric)
        rows = []
        for rank, assessment in enumerate(assessments, start=1):
            explained = explained_criteria(assessment=assessment, criteria=criteria)
            candidate = assessment.application.candidate
            names = files.get(candidate.pk) or [d.original_name for d in candidate.documents.all()]
            low, high = score_range(
                [c["weight"] for c in explained],
                [c.get("level_range") or [c["level"], c["level"]] for c in explained],
            )
            rows.append(
                {
                    "file": names[0] if len(names) == 1 else names,
                    "candidate": candidate.pk,
                    "name": candidate.name or None,
                    "rank": rank,
                    "previous_rank": assessment.previous_rank,
                    "score": assessment.score,
                    # The score is the middle of this range; the high end counts each
                    # criterion with insufficient evidence at its target level.
                    "score_range": [low, high],
                    "needs_human_read": any(c["state"] == INSUFFICIENT for c in explained),
                    "barriers": [c["name"] for c in explained if c["state"] == "barrier"],
                    "career_stage": assessment.career_stage,
                    "topic_similarity": assessment.topic_similarity,
                    "criteria": [
                        {
                            "criterion": c["name"],
                            "dimension": c["dimension"],
                            "level": c["level"],
                            "state": c["state"],
                            "reason": c.get("reason"),
                            "level_range": c.get("level_range") or [c["level"], c["level"]],
                            "weight": c["weight"],
                            "must_have": c["must_have"],
                            "target_level": c["target_level"],
                            "explanation": c["explanation"],
                            "evidence": [
                                {
                                    "quote": e.quote,
                                    "page": e.page,
                                    "document": e.document.original_name,
                                }
                                for i in c["evidence"]
                                if (e := evidence.get(i)) is not None
                            ],
                        }
                        for c in explained
                    ],
                }
            )
        return {
            "role": {"id": role.pk, "title": role.title, "template": role.template_slug or None},
            "rubric_version": rubric.version,
            "model_version": assessments[0].model_version if assessments else None,
            "candidates": rows,
        }

    def _as_text(self, report: dict) -> str:
        lines = [f"{report['role']['title']} (rubric v{report['rubric_version']})"]
        for row in report["candidates"]:
            barrier = f"  barriers: {', '.join(row['barriers'])}" if row["barriers"] else ""
            lines.append(
                f"{row['rank']:>3}. {row['score']:5.1f}  {row['name'] or row['file']}{barrier}"
            )
            for c in row["criteria"]:
                lines.append(f"       {c['level']}/4 {c['state']:<21} {c['criterion']}")
        return "\n".join(lines)
