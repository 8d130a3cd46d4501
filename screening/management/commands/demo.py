"""`manage.py demo`: a demo lab, login and role with synthetic CVs, reused when run again."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from candidates.filenames import group_by_person
from candidates.models import Document
from candidates.synthetic import write_demo_set
from screening.applications import document_upload
from screening.models import Lab, LabMembership, LabRole, RoleProfile
from screening.rubric_templates import get_template
from screening.services import role_create
from screening.stages import lab_stages_seed

DEMO_TEMPLATE = "research-scientist-ml"


class Command(BaseCommand):
    help = (
        "Create the demo lab, a demo login and a role, generate synthetic CVs of fictional "
        "researchers and queue them. Running it again reuses what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=6, help="Synthetic CVs to generate.")
        parser.add_argument(
            "--folder",
            type=Path,
            default=Path(settings.VAR_DIR) / "demo",
            help="Where the generated files are written.",
        )

    def handle(self, *args, count: int, folder: Path, **options) -> None:
        with transaction.atomic():
            lab, _ = Lab.objects.get_or_create(slug="demo", defaults={"name": "Demo Lab"})
            lab_stages_seed(lab=lab)
            user = self._demo_user()
            LabMembership.objects.get_or_create(
                user=user, lab=lab, defaults={"role": LabRole.ADMIN}
            )
            role = RoleProfile.objects.filter(lab=lab, template_slug=DEMO_TEMPLATE).first()
            if role is None:
                role = role_create(
                    lab=lab,
                    title=get_template(DEMO_TEMPLATE).title,
                    template=DEMO_TEMPLATE,
                    actor=user,
                )
        paths = write_demo_set(folder, count=count)
        created = 0
        for group in group_by_person(paths):
            candidate = None
            for path in group:
                result = document_upload(
                    lab=lab,
                    content=path.read_bytes(),
                    filename=path.name,
                    role=role,
                    candidate=candidate,
                )
                candidate = result.document.candidate
                created += result.created
        total = Document.objects.filter(lab=lab).count()
        self.stdout.write(
            f"Demo lab {lab.name!r}: role {role.title!r}, {total} documents "
            f"({created} new). Login: {settings.REFEREE_DEMO_USERNAME} / "
            f"{settings.REFEREE_DEMO_PASSWORD}"
        )

    def _demo_user(self):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=settings.REFEREE_DEMO_USERNAME, defaults={"is_staff": True}
        )
        if created:
            user.set_password(settings.REFEREE_DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
