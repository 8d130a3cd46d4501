"""The audit trail records sensitive actions append-only; retention erases old candidates."""

from __future__ import annotations

import csv as csv_module
import io
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, ErasureReceipt
from screening.decisions import decision_record
from screening.models import AuditAction, AuditEvent, LabRole
from screening.privacy import apply_retention
from screening.spreadsheets import FORMULA_STARTS
from tests.factories import CandidateFactory, LabFactory, UserFactory
from tests.pages import assessed_role, member

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_views_exports_rubric_edits_decisions_and_erasures_are_recorded(client):
    admin = member(LabRole.ADMIN)
    role, (first, *_) = assessed_role(admin.lab, count=2)
    client.force_login(admin.user)

    client.get(reverse("candidate_detail", args=[role.pk, first.pk]))
    client.get(reverse("role_csv", args=[role.pk]))
    decision_record(
        application=first.applications.get(), outcome="hold", reason="later", actor=admin.user
    )
    client.post(reverse("candidate_erase", args=[role.pk, first.pk]))

    assert actions() == [
        AuditAction.RUBRIC_CHANGED,  # the role's first version, from its template
        AuditAction.CANDIDATE_VIEWED,
        AuditAction.SHORTLIST_EXPORTED,
        AuditAction.DECISION_RECORDED,
        AuditAction.CANDIDATE_ERASED,
    ]
    viewed = AuditEvent.objects.get(action=AuditAction.CANDIDATE_VIEWED)
    assert (viewed.actor, viewed.target_id, viewed.channel) == (admin.user, first.pk, "web")
    erased = AuditEvent.objects.get(action=AuditAction.CANDIDATE_ERASED)
    assert erased.detail["receipt"] == ErasureReceipt.objects.get().reference


def test_audit_events_cannot_be_changed_or_deleted():
    lab = LabFactory()
    call_command("export_candidate", str(CandidateFactory(lab=lab).pk), stdout=StringIO())
    event = AuditEvent.objects.get()

    event.detail = {"tampered": True}
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_only_lab_admins_read_and_export_the_trail(client):
    admin = member(LabRole.ADMIN)
    _role, (first, *_) = assessed_role(admin.lab, count=1)
    decision_record(application=first.applications.get(), outcome="advance", reason="strong")
    manager = member(LabRole.HIRING_MANAGER, lab=admin.lab)

    client.force_login(manager.user)
    assert client.get(reverse("audit_trail")).status_code == 403
    assert client.get(reverse("audit_csv")).status_code == 403

    client.force_login(admin.user)
    page = client.get(reverse("audit_trail")).content.decode()
    assert "Recorded a decision" in page
    assert first.name not in page
    csv = b"".join(client.get(reverse("audit_csv")).streaming_content).decode()
    assert csv.splitlines()[0] == "time,actor,action,object,object_id,channel,detail"
    assert "decision.recorded" in csv


def test_the_audit_csv_defuses_spreadsheet_formulas(client):
    admin = member(LabRole.ADMIN)
    _role, (first, *_) = assessed_role(admin.lab, count=1)
    attacker = UserFactory(username='=HYPERLINK("http://x.example/?")')
    decision_record(
        application=first.applications.get(), outcome="hold", reason="later", actor=attacker
    )
    AuditEvent.objects.create(
        lab=admin.lab, actor_name="@SUM(1+1)", action="decision.recorded", target_type="+cmd"
    )
    client.force_login(admin.user)

    body = b"".join(client.get(reverse("audit_csv")).streaming_content).decode()
    cells = [cell for row in csv_module.reader(io.StringIO(body)) for cell in row]

    assert """'=HYPERLINK("http://x.example/?")""" in cells
    assert "'@SUM(1+1)" in cells
    assert "'+cmd" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)


def test_retention_erases_only_candidates_untouched_for_the_period():
    lab = LabFactory(retention_months=6)
    kept_lab = LabFactory()  # no retention period: keeps everything
    old, recent = CandidateFactory(lab=lab), CandidateFactory(lab=lab)
    untouched_elsewhere = CandidateFactory(lab=kept_lab)
    long_ago = timezone.now() - timedelta(days=400)
    Candidate.objects.filter(pk__in=[old.pk, untouched_elsewhere.pk]).update(updated_at=long_ago)

    assert apply_retention(dry_run=True) == {lab.slug: 1}
    assert Candidate.objects.count() == 3

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert set(Candidate.objects.values_list("pk", flat=True)) == {
        recent.pk,
        untouched_elsewhere.pk,
    }
    assert ErasureReceipt.objects.get().reason == "retention"
    assert f"{lab.slug}: erased 1" in out.getvalue()


def test_a_recent_decision_keeps_an_old_candidate():
    lab = LabFactory(retention_months=6)
    _role, (candidate, *_) = assessed_role(lab, count=1)
    Candidate.objects.filter(pk=candidate.pk).update(
        updated_at=timezone.now() - timedelta(days=400)
    )
    Candidate.objects.get(pk=candidate.pk).documents.update(
        created_at=timezone.now() - timedelta(days=400)
    )
    decision_record(application=candidate.applications.get(), outcome="hold", reason="keep")

    assert apply_retention() == {lab.slug: 0}


def test_celery_beat_runs_the_nightly_retention_and_every_other_schedule_as_known_tasks(settings):
    from config.celery_app import app

    app.loader.import_default_modules()  # what a worker imports: every app's tasks module

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "screening.tasks.apply_retention_policies" in scheduled
    assert scheduled <= set(app.tasks)
