"""Every lab gets the default pipeline, and every application a stage."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# The pipeline every lab starts with (screening.stages.DEFAULT_STAGES when this was written).
DEFAULT_STAGES = (
    ("Screen", "active"),
    ("Interview", "active"),
    ("Offer", "active"),
    ("Hired", "hired"),
    ("Rejected", "rejected"),
)


def seed_stages(apps, schema_editor):
    """Every lab gets the default pipeline; every application stands at its first stage, or
    at the rejected stage when the decision that stands on it is a rejection."""
    Lab = apps.get_model("screening", "Lab")
    Stage = apps.get_model("screening", "Stage")
    Application = apps.get_model("screening", "Application")
    Decision = apps.get_model("screening", "Decision")
    latest = Subquery(
        Decision.objects.filter(application=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("outcome")[:1]
    )
    for lab in Lab.objects.all():
        stages = [
            Stage.objects.create(lab=lab, name=name, order=order, kind=kind)
            for order, (name, kind) in enumerate(DEFAULT_STAGES)
        ]
        rejected = next(stage for stage in stages if stage.kind == "rejected")
        applications = Application.objects.filter(role__lab=lab).annotate(outcome=latest)
        rejections = list(applications.filter(outcome="reject").values_list("pk", flat=True))
        Application.objects.filter(role__lab=lab).update(stage=stages[0])
        Application.objects.filter(pk__in=rejections).update(stage=rejected)
    Application.objects.update(stage_since=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0008_stages"),
    ]

    operations = [
        migrations.RunPython(seed_stages, migrations.RunPython.noop),
    ]
