"""A candidate's documents are merged into one profile: degrees, papers, evidence, features."""

from __future__ import annotations

import pytest
from django.db import transaction

from candidates.models import CandidateFeatures, Degree, DocumentStatus, Evidence, Publication
from candidates.processing import document_process
from candidates.services import document_ingest
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.applications import document_upload
from tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def upload(lab, content: bytes, filename: str, candidate=None):
    document = document_ingest(
        lab_id=lab.pk, content=content, filename=filename, candidate=candidate
    ).document
    document_process(document_id=document.pk)
    document.refresh_from_db()
    return document


@pytest.mark.parametrize("bib_first", [False, True], ids=["cv-first", "bib-first"])
def test_a_cv_and_its_bibtex_make_one_profile_whatever_the_order(bib_first):
    person = generate(31, archetype="researcher")
    lab = LabFactory()
    files = [(render_cv_pdf(person), "cv.pdf"), (render_bibtex(person).encode(), "papers.bib")]
    if bib_first:
        files.reverse()

    first = upload(lab, *files[0])
    second = upload(lab, *files[1], candidate=first.candidate)

    candidate = first.candidate
    candidate.refresh_from_db()
    assert (first.status, second.status) == (DocumentStatus.DONE, DocumentStatus.DONE)
    assert candidate.name == person.name
    assert candidate.email == person.email
    # Each paper appears in both files and is stored once, citing both documents.
    publications = Publication.objects.filter(candidate=candidate)
    assert publications.count() == len(person.papers)
    assert all(len(p.sources) == 2 for p in publications)
    first_authored = sum(1 for p in person.papers if p.authors[0] == person.name)
    assert publications.filter(author_position="first").count() == first_authored
    assert list(Degree.objects.filter(candidate=candidate).values_list("level", flat=True)) == [
        "phd",
        "masters",
        "bachelors",
    ]
    features = CandidateFeatures.objects.get(candidate=candidate).values
    assert features["pubs_total"] == len(person.papers)
    assert features["phd_completed"] is True
    assert Evidence.objects.filter(candidate=candidate, dimension="coding").exists()
    assert all(e.quote for e in Evidence.objects.filter(candidate=candidate))


def test_reprocessing_replaces_the_profile_instead_of_adding_to_it():
    person = generate(32, archetype="phd_student")
    document = upload(LabFactory(), render_cv_pdf(person), "cv.pdf")
    counts = (Evidence.objects.count(), Publication.objects.count(), Degree.objects.count())
    type(document).objects.filter(pk=document.pk).update(status=DocumentStatus.PROCESSING)

    document_process(document_id=document.pk)

    assert (Evidence.objects.count(), Publication.objects.count(), Degree.objects.count()) == (
        counts
    )


def test_a_malformed_bibtex_entry_is_skipped_with_a_warning_and_the_rest_are_kept():
    bib = (
        b"@inproceedings{good, title={Sparse Models}, author={Ada Example and B. Other},"
        b" booktitle={ICML}, year={2023}}\n"
        b"@article{broken, title={Missing brace, author={Ada Example}\n"
        b"@article{fine, title={Dense Models}, author={Ada Example}, journal={JMLR}, year=2021}\n"
    )

    document = upload(LabFactory(), bib, "papers.bib")

    assert document.status == DocumentStatus.DONE
    assert document.analysis["warnings"]
    titles = set(Publication.objects.values_list("title", flat=True))
    assert {"Sparse Models", "Dense Models"} <= titles


def test_erasing_a_candidate_removes_their_files_rows_and_assessments(
    settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from candidates.models import Candidate, Document, PageText
    from screening.assessing import role_assess
    from screening.models import Assessment
    from screening.privacy import candidate_erase
    from tests.pages import make_role

    lab = LabFactory()
    role = make_role(lab, "research-scientist-ml")
    person = generate(33, archetype="researcher")
    cv = document_upload(lab=lab, content=render_cv_pdf(person), filename="cv.pdf", role=role)
    document_process(document_id=cv.document.pk)
    role_assess(role=role)

    def erase_then_fail():
        with transaction.atomic():
            candidate_erase(candidate=Candidate.objects.get())
            raise RuntimeError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError, match="boom"),
    ):
        erase_then_fail()  # a failed erase keeps everything
    assert Candidate.objects.exists()
    assert any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        removed = candidate_erase(candidate=Candidate.objects.get())

    assert removed["documents"] == 1
    assert removed["evidence"] > 0
    for model in (Candidate, Document, PageText, Publication, Evidence, Degree, Assessment):
        assert not model.objects.exists(), model
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert person.name not in str(removed)


def test_a_subject_access_export_holds_everything_on_the_candidate_and_no_one_else():
    import json
    from io import StringIO

    from django.core.management import call_command

    from candidates.models import Candidate, SelfIdentification
    from screening.assessing import role_assess
    from screening.decisions import decision_record
    from tests.pages import make_role

    lab = LabFactory()
    role = make_role(lab, "research-scientist-ml")
    mine, theirs = generate(34, archetype="researcher"), generate(35, archetype="phd_student")
    for person in (mine, theirs):
        document = document_upload(
            lab=lab, content=render_cv_pdf(person), filename="cv.pdf", role=role
        )
        document_process(document_id=document.document.pk)
    role_assess(role=role)
    candidate = Candidate.objects.get(name=mine.name)
    SelfIdentification.objects.create(candidate=candidate, sex="female")
    decision_record(
        application=candidate.applications.get(), outcome="advance", reason="strong papers"
    )
    out = StringIO()

    call_command("export_candidate", str(candidate.pk), stdout=out)

    export = json.loads(out.getvalue())
    assert export["candidate"]["name"] == mine.name
    assert mine.email in export["documents"][0]["pages"][0]
    assert export["applications"][0]["decisions"][0]["reason"] == "strong papers"
    assert export["applications"][0]["assessment"]["criteria"]
    assert export["self_identification"]["sex"] == "female"
    assert theirs.name not in out.getvalue()
