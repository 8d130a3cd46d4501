"""The management commands users run: ingest, and the migration check."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from candidates.models import Document
from tests.factories import CandidateFactory, LabFactory
from tests.pages import make_role
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_queues_each_file_and_reports_repeats(tmp_path):
    lab = LabFactory()
    first, second = tmp_path / "a.pdf", tmp_path / "b.bib"
    first.write_bytes(text_pdf("Ada"))
    second.write_text("@misc{k, title={T}}")

    out, _ = ingest(str(first), str(second), "--lab", lab.slug)
    again, _ = ingest(str(first), "--lab", str(lab.pk))

    assert out.count("queued") == 2
    assert "exists (queued)" in again
    assert sorted(Document.objects.values_list("kind", flat=True)) == ["cv", "publication_list"]


def test_ingest_goes_on_past_a_missing_file_and_then_fails(tmp_path):
    lab = LabFactory()
    present = tmp_path / "a.pdf"
    present.write_bytes(text_pdf("Ada"))
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command(
            "ingest",
            str(tmp_path / "missing.pdf"),
            str(present),
            "--lab",
            lab.slug,
            stdout=out,
            stderr=err,
        )

    assert "missing.pdf: No such file or directory" in err.getvalue()
    assert Document.objects.count() == 1


def test_ingest_names_the_known_labs_when_the_lab_is_unknown(tmp_path):
    LabFactory(slug="vision-lab")

    with pytest.raises(CommandError, match=r"No lab 'nope'\. Known labs: vision-lab"):
        ingest(str(tmp_path / "a.pdf"), "--lab", "nope")


def test_ingest_refuses_a_role_or_candidate_of_another_lab(tmp_path):
    lab = LabFactory()
    other_role = make_role(LabFactory(), "research-scientist-ml")

    with pytest.raises(CommandError, match="has no role"):
        ingest(str(tmp_path / "a.pdf"), "--lab", lab.slug, "--role", str(other_role.pk))
    with pytest.raises(CommandError, match="has no candidate"):
        ingest(
            str(tmp_path / "a.pdf"), "--lab", lab.slug, "--candidate", str(CandidateFactory().pk)
        )


def test_ingest_attaches_to_a_role(tmp_path):
    lab = LabFactory()
    role = make_role(lab, "research-scientist-ml")
    path = tmp_path / "a.pdf"
    path.write_bytes(text_pdf("Ada"))

    ingest(str(path), "--lab", lab.slug, "--role", str(role.pk))

    assert role.applications.count() == 1


def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_stuck_documents_are_listed_and_requeued(django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from candidates.models import DocumentStatus
    from candidates.services import document_ingest

    lab = LabFactory()
    old = document_ingest(lab_id=lab.pk, content=text_pdf("Old"), filename="old.pdf").document
    fresh = document_ingest(lab_id=lab.pk, content=text_pdf("Fresh"), filename="fresh.pdf").document
    Document.objects.filter(pk=old.pk).update(
        status=DocumentStatus.PROCESSING, started_at=timezone.now() - timedelta(hours=2)
    )
    out = StringIO()

    call_command("stuck_documents", "--minutes", "60", stdout=out)
    assert f"document {old.pk} (old.pdf" in out.getvalue()
    assert "fresh.pdf" not in out.getvalue()

    with django_capture_on_commit_callbacks() as callbacks:
        call_command("stuck_documents", "--minutes", "60", "--requeue", stdout=out)
    old.refresh_from_db()
    assert old.status == DocumentStatus.QUEUED
    assert len(callbacks) == 1
    fresh.refresh_from_db()
    assert fresh.status == DocumentStatus.QUEUED


def test_profiles_of_an_older_feature_version_are_rebuilt_without_reading_files():
    from candidates.models import CandidateFeatures
    from candidates.processing import document_process
    from candidates.profile import FEATURES_VERSION
    from candidates.services import document_ingest
    from candidates.synthetic import generate, render_cv_pdf

    document = document_ingest(
        lab_id=LabFactory().pk, content=render_cv_pdf(generate(8)), filename="cv.pdf"
    ).document
    document_process(document_id=document.pk)
    CandidateFeatures.objects.update(version=FEATURES_VERSION - 1, values={})
    document.file.delete(save=False)  # rebuilding must not need the file
    out = StringIO()

    call_command("rebuild_profiles", stdout=out)

    features = CandidateFeatures.objects.get()
    assert features.version == FEATURES_VERSION
    assert "pubs_total" in features.values
    assert "Rebuilt 1 profile" in out.getvalue()


def test_the_queue_report_counts_waiting_messages_and_document_states(
    settings, django_capture_on_commit_callbacks
):
    import json

    from candidates.services import document_ingest

    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        pytest.skip("counts the filesystem broker's queue")
    lab = LabFactory()
    before = json.loads(_queues())["queues"]["parse"] or 0
    with django_capture_on_commit_callbacks(execute=True):
        document_ingest(lab_id=lab.pk, content=text_pdf("Queued"), filename="q.pdf")

    report = json.loads(_queues())

    assert report["queues"]["parse"] == before + 1
    assert report["documents"] == {"queued": 1}


def _queues() -> str:
    out = StringIO()
    call_command("queues", "--format", "json", stdout=out)
    return out.getvalue()
