"""One person, one candidate: records sharing an email or a profile link are joined when read,
namesakes are only proposed, and a merge keeps everything and can be undone."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import (
    Candidate,
    CandidateMerge,
    Degree,
    Document,
    DuplicateProposal,
    DuplicateStatus,
    MergeReason,
    Publication,
    SelfIdentification,
)
from candidates.processing import candidate_rebuild_profile, document_process
from candidates.services import self_identification_record
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.applications import application_create, document_upload
from screening.blinding import BlindView
from screening.decisions import decision_record
from screening.models import Application, AuditAction, AuditEvent, Decision, RoleProfile
from screening.people import (
    MergeRefused,
    candidate_join,
    candidate_merge,
    candidate_unmerge,
    duplicate_keep_apart,
    duplicate_merge,
)
from search.index import search_candidates
from tests.api_support import build_world
from tests.factories import LabFactory, UserFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def read(django_capture_on_commit_callbacks):
    """Read a stored document as the worker does, and run what its commit sets off (the join
    with the lab's other records of the person); returns the document as stored after."""

    def read_document(document: Document) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document_process(document_id=document.pk)
        return Document.objects.select_related("candidate").get(pk=document.pk)

    return read_document


def upload_cv(role: RoleProfile, person, *, layout: str = "classic") -> Document:
    return document_upload(
        lab=role.lab,
        content=render_cv_pdf(person, layout=layout),
        filename=f"{person.slug}-{layout}__cv.pdf",
        role=role,
        enqueue=False,
    ).document


def ids(rows) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def cited_documents(candidate: Candidate) -> set[int]:
    """The documents the candidate's papers were read from."""
    return {
        source["document"]
        for sources in candidate.publications.values_list("sources", flat=True)
        for source in sources
    }


def audit_text(action: str) -> str:
    return json.dumps(list(AuditEvent.objects.filter(action=action).values("detail")))


# --- Joining when read -------------------------------------------------------------------------


def test_a_cv_and_a_publication_list_sent_in_two_api_requests_for_one_email_are_one_person(
    read, django_capture_on_commit_callbacks
):
    world = build_world(applicants=1)
    client = world.client("recruiter")
    person = generate(31, archetype="researcher")
    with django_capture_on_commit_callbacks():  # read below, as the worker would
        cv = client.post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("cv.pdf", render_cv_pdf(person)),
                "role": world.role.pk,
            },
            format="multipart",
        )
        created = client.post(
            "/api/v1/candidates/",
            {"lab": world.lab.pk, "email": person.email.upper()},
            format="json",
        )
        listed = client.post(
            "/api/v1/documents/",
            {
                "file": SimpleUploadedFile("papers.bib", render_bibtex(person).encode()),
                "candidate": created.json()["id"],
            },
            format="multipart",
        )
    assert (cv.status_code, created.status_code, listed.status_code) == (201, 201, 201)
    first = read(Document.objects.get(pk=cv.json()["id"]))
    second = read(Document.objects.get(pk=listed.json()["id"]))

    assert second.candidate_id == first.candidate_id
    candidate = Candidate.objects.get(pk=first.candidate_id)
    assert sorted(candidate.documents.values_list("original_name", flat=True)) == [
        "cv.pdf",
        "papers.bib",
    ]
    assert not Candidate.objects.filter(pk=created.json()["id"]).exists()
    assert list(candidate.applications.values_list("role_id", flat=True)) == [world.role.pk]
    # The profile is rebuilt from both: the papers cite the CV and the list.
    assert cited_documents(candidate) == {first.pk, second.pk}
    # The role reassesses the person it now knows better.
    assert RoleProfile.objects.get(pk=world.role.pk).assessment_queued

    merge = CandidateMerge.objects.get(kept=candidate)
    assert merge.reason == MergeReason.SAME_EMAIL
    assert merge.merged_by is None
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_MERGED)
    assert event.actor is None
    assert event.target_id == candidate.pk
    assert event.detail["key"] == "email"
    assert len(event.detail["key_sha256"]) == 64
    assert person.email.split("@")[0] not in audit_text(AuditAction.CANDIDATE_MERGED)
    assert person.name.split()[-1] not in audit_text(AuditAction.CANDIDATE_MERGED)


def test_two_cvs_with_one_email_are_one_person_whatever_the_name_reads(read):
    lab = LabFactory()
    role = make_role(lab)
    person = generate(32, archetype="phd_student")
    first = read(upload_cv(role, person))
    person.name = "Xu Wen"  # the same researcher's CV in another language reads another name
    second = read(upload_cv(role, person, layout="sidebar"))

    assert second.candidate_id == first.candidate_id
    assert Candidate.objects.filter(lab=lab).count() == 1
    assert Document.objects.filter(candidate_id=first.candidate_id).count() == 2


def test_namesakes_with_different_emails_and_fields_are_proposed_and_not_merged(read):
    lab = LabFactory()
    role = make_role(lab)
    ml = generate(33, archetype="researcher")
    physicist = generate(34, archetype="scientist")
    physicist.name = ml.name
    assert ml.email != physicist.email
    one = read(upload_cv(role, ml))
    other = read(upload_cv(role, physicist))

    assert one.candidate_id != other.candidate_id
    assert not CandidateMerge.objects.exists()
    proposal = DuplicateProposal.objects.get()
    assert (proposal.a_id, proposal.b_id) == (one.candidate_id, other.candidate_id)
    assert proposal.status == DuplicateStatus.OPEN
    assert {"kind": "name"} in proposal.reasons
    assert ml.name.split()[-1] not in json.dumps(proposal.reasons)


def test_a_name_read_again_proposes_the_pair_once(read):
    lab = LabFactory()
    role = make_role(lab)
    ml, physicist = generate(35, archetype="researcher"), generate(36, archetype="scientist")
    physicist.name = ml.name
    read(upload_cv(role, ml))
    other = read(upload_cv(role, physicist))
    read(upload_cv(role, physicist, layout="caps"))  # the namesake's second CV joins them

    assert DuplicateProposal.objects.count() == 1
    assert Document.objects.filter(candidate_id=other.candidate_id).count() == 2


def test_a_pair_kept_apart_is_not_proposed_or_joined_again(read):
    lab = LabFactory()
    role = make_role(lab)
    person = generate(37, archetype="researcher")
    first = read(upload_cv(role, person))
    person.email = "another@example.com"  # and so another homepage
    second = read(upload_cv(role, person, layout="caps"))
    proposal = DuplicateProposal.objects.get()
    duplicate_keep_apart(proposal=proposal, by=UserFactory())

    person.email = Candidate.objects.get(pk=first.candidate_id).email  # now sharing an email
    third = document_upload(
        lab=lab,
        content=render_cv_pdf(person, layout="sidebar"),
        filename="third.pdf",
        candidate=second.candidate,
        enqueue=False,
    ).document
    read(third)

    assert Candidate.objects.filter(lab=lab).count() == 2
    assert not CandidateMerge.objects.exists()


def test_candidates_of_other_labs_are_never_joined(read):
    person = generate(38, archetype="researcher")
    one = read(upload_cv(make_role(LabFactory()), person))
    other = read(upload_cv(make_role(LabFactory()), person))

    assert one.candidate_id != other.candidate_id
    assert not CandidateMerge.objects.exists()
    assert not DuplicateProposal.objects.exists()


def test_a_failed_document_joins_nobody(read):
    lab = LabFactory()
    role = make_role(lab)
    person = generate(39, archetype="researcher")
    read(upload_cv(role, person))
    broken = document_upload(
        lab=lab,
        content=b"%PDF-1.4\n" + person.email.encode() + b"\nnot really a pdf",
        filename="broken.pdf",
        role=role,
        enqueue=False,
    ).document
    read(broken)

    assert Candidate.objects.filter(lab=lab).count() == 2


# --- Merging and undoing -----------------------------------------------------------------------


@pytest.fixture
def two_records(read):
    """Two candidates of one lab: both applied to one role, with decisions, and the newer one
    also to a second role and with a self-identification."""
    lab = LabFactory()
    role, second_role = make_role(lab), make_role(lab, "research-engineer")
    older = read(upload_cv(role, generate(40, archetype="researcher"))).candidate
    newer = read(upload_cv(role, generate(41, archetype="phd_student"))).candidate
    application_create(role=second_role, candidate=newer)
    decision_record(
        application=Application.objects.get(role=role, candidate=older),
        outcome="hold",
        reason="Waiting for references.",
    )
    newer_decision = decision_record(
        application=Application.objects.get(role=role, candidate=newer),
        outcome="advance",
        reason="Strong first-author work.",
    )
    self_identification_record(candidate=newer, sex="female", race_ethnicity="declined")
    return lab, role, second_role, older, newer, newer_decision


def test_a_merge_keeps_every_document_decision_and_application_and_is_audited(two_records):
    lab, role, second_role, older, newer, newer_decision = two_records
    documents = set(Document.objects.filter(lab=lab).values_list("pk", flat=True))
    decisions = set(Decision.objects.values_list("pk", flat=True))
    member = UserFactory()

    merge = candidate_merge(keep=older, absorb=newer, by=member, reason=MergeReason.PROPOSAL)

    assert not Candidate.objects.filter(pk=newer.pk).exists()
    assert set(older.documents.values_list("pk", flat=True)) == documents
    applications = Application.objects.filter(candidate=older)
    assert sorted(applications.values_list("role_id", flat=True)) == sorted(
        [role.pk, second_role.pk]
    )
    assert set(Decision.objects.values_list("pk", flat=True)) == decisions
    kept_application = Application.objects.get(role=role, candidate=older)
    assert set(kept_application.decisions.values_list("pk", flat=True)) == decisions
    assert kept_application.decisions.first() == newer_decision  # the latest still stands
    assert SelfIdentification.objects.get().candidate_id == older.pk
    # The kept profile is rebuilt from both CVs.
    assert cited_documents(older) == documents
    assert merge.absorbed_number == newer.pk
    assert merge.merged_by == member
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_MERGED)
    assert event.actor == member
    assert event.target_id == older.pk
    assert event.detail == {
        "absorbed": newer.pk,
        "reason": "proposal",
        "documents": 1,
        "applications": 2,
    }


def test_undoing_a_merge_restores_the_absorbed_candidate_with_all_they_had(two_records):
    _lab, _role, _second_role, older, newer, _newer_decision = two_records
    before = {
        "documents": set(newer.documents.values_list("pk", flat=True)),
        "applications": set(newer.applications.values_list("pk", flat=True)),
        "decisions": set(
            Decision.objects.filter(application__candidate=newer).values_list("pk", flat=True)
        ),
        "older_decisions": set(
            Decision.objects.filter(application__candidate=older).values_list("pk", flat=True)
        ),
    }
    name, email, created_at = newer.name, newer.email, newer.created_at
    merge = candidate_merge(keep=older, absorb=newer, by=None, reason=MergeReason.SAME_EMAIL)
    manager = UserFactory()

    restored = candidate_unmerge(merge=merge, by=manager)

    assert restored.pk == newer.pk
    restored = Candidate.objects.get(pk=newer.pk)
    assert (restored.name, restored.email, restored.created_at) == (name, email, created_at)
    assert set(restored.documents.values_list("pk", flat=True)) == before["documents"]
    assert set(restored.applications.values_list("pk", flat=True)) == before["applications"]
    assert ids(Decision.objects.filter(application__candidate=restored)) == before["decisions"]
    assert ids(Decision.objects.filter(application__candidate=older)) == before["older_decisions"]
    assert SelfIdentification.objects.get().candidate_id == restored.pk
    assert restored.features.values
    assert restored.publications.exists()
    assert not older.documents.filter(pk__in=before["documents"]).exists()
    merge.refresh_from_db()
    assert merge.undone_by == manager
    assert merge.undone_at is not None
    apart = DuplicateProposal.objects.get(a=older, b=restored)
    assert apart.status == DuplicateStatus.KEPT_APART
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_UNMERGED)
    assert event.actor == manager
    assert event.target_id == restored.pk
    assert event.detail == {"merge": merge.pk, "kept": older.pk}


def test_a_merge_is_undone_once(two_records):
    _, _, _, older, newer, _ = two_records
    merge = candidate_merge(keep=older, absorb=newer, by=None, reason=MergeReason.SAME_EMAIL)
    candidate_unmerge(merge=merge, by=None)

    with pytest.raises(MergeRefused, match="undone already"):
        candidate_unmerge(merge=merge, by=None)
    assert Candidate.objects.filter(pk=newer.pk).count() == 1


def test_a_merge_with_oneself_or_across_labs_is_refused_and_changes_nothing(two_records):
    _, _, _, older, _, _ = two_records
    stranger = Candidate.objects.create(lab=LabFactory())

    with pytest.raises(MergeRefused, match="themselves"):
        candidate_merge(keep=older, absorb=older, reason=MergeReason.PROPOSAL)
    with pytest.raises(MergeRefused, match="different labs"):
        candidate_merge(keep=older, absorb=stranger, reason=MergeReason.PROPOSAL)
    assert Candidate.objects.filter(pk__in=[older.pk, stranger.pk]).count() == 2
    assert not CandidateMerge.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CANDIDATE_MERGED).exists()


def test_a_proposal_is_merged_or_kept_apart_once(read):
    lab = LabFactory()
    a, b = (Candidate.objects.create(lab=lab, name="Ada Lovelace") for _ in range(2))
    kept = DuplicateProposal.objects.create(lab=lab, a=a, b=b, reasons=[{"kind": "name"}])
    member = UserFactory()

    duplicate_keep_apart(proposal=kept, by=member)

    assert kept.status == DuplicateStatus.KEPT_APART
    assert kept.decided_by == member
    assert AuditEvent.objects.get(action=AuditAction.DUPLICATE_KEPT_APART).target_id == kept.pk
    with pytest.raises(MergeRefused, match="kept apart already"):
        duplicate_keep_apart(proposal=kept, by=member)
    with pytest.raises(MergeRefused, match="kept apart"):
        duplicate_merge(proposal=kept, by=member)
    assert Candidate.objects.filter(lab=lab).count() == 2


def test_merging_a_proposal_keeps_the_older_record(read):
    lab = LabFactory()
    a = Candidate.objects.create(lab=lab, name="Ada Lovelace")
    b = Candidate.objects.create(lab=lab, name="Ada Lovelace", email="ada@example.org")
    proposal = DuplicateProposal.objects.create(lab=lab, a=a, b=b, reasons=[{"kind": "name"}])

    merge = duplicate_merge(proposal=proposal, by=None)

    assert merge.kept == a
    assert merge.reason == MergeReason.PROPOSAL
    a.refresh_from_db()
    assert a.email == "ada@example.org"  # filled from the absorbed record, emptied on undo
    assert not DuplicateProposal.objects.exists()
    candidate_unmerge(merge=merge, by=None)
    a.refresh_from_db()
    assert a.email == ""
    assert Candidate.objects.get(pk=b.pk).email == "ada@example.org"


# --- On the real corpus ------------------------------------------------------------------------


def test_the_english_and_the_chinese_cv_of_one_real_researcher_are_one_candidate(read, corpus_dir):
    files = [corpus_dir / "cv" / name for name in ("12wang3__cv.pdf", "12wang3__cv_chinese.pdf")]
    if not all(path.is_file() for path in files):
        pytest.skip("the corpus has no longer both CVs of 12wang3")
    role = make_role(LabFactory())
    documents = [
        read(
            document_upload(
                lab=role.lab, content=path.read_bytes(), filename=path.name, role=role,
                enqueue=False,
            ).document
        )
        for path in files
    ]  # fmt: skip

    assert {d.candidate_id for d in documents} == {documents[0].candidate_id}
    assert Candidate.objects.filter(lab=role.lab).count() == 1
    assert Application.objects.filter(role=role).count() == 1


def test_a_merge_into_a_record_later_absorbed_itself_stays_undoable():
    lab = LabFactory()
    first, second, third = (Candidate.objects.create(lab=lab, name="Ada Lovelace") for _ in "abc")
    earlier = candidate_merge(keep=second, absorb=third, reason=MergeReason.PROPOSAL)
    candidate_merge(keep=first, absorb=second, reason=MergeReason.PROPOSAL)

    earlier.refresh_from_db()
    assert earlier.kept_id == first.pk
    candidate_unmerge(merge=earlier, by=None)
    assert Candidate.objects.filter(pk=third.pk).exists()


def test_a_proposal_counts_the_co_authors_and_institutions_the_namesakes_share():
    lab = LabFactory()
    a, b = (Candidate.objects.create(lab=lab, name=n) for n in ("Ada Lovelace", "Lovelace, Ada"))
    for candidate in (a, b):
        candidate_rebuild_profile(candidate=candidate)  # their keys: the name only
        Publication.objects.create(
            candidate=candidate,
            document=document_upload(
                lab=lab,
                content=f"@misc{{k{candidate.pk}, title={{Paper {candidate.pk}}}}}".encode(),
                filename=f"{candidate.pk}.bib",
                candidate=candidate,
                enqueue=False,
            ).document,
            title="A paper",
            kind="conference",
            quote="",
            authors=["Ada Lovelace", "Charles Babbage", "Mary  Somerville", "J. Doe"],
        )
        Degree.objects.create(
            candidate=candidate,
            document=candidate.documents.get(),
            level="phd",
            institution="University of  London",
            status="completed",
            quote="",
        )

    candidate_join(candidate_id=b.pk)

    assert DuplicateProposal.objects.get().reasons == [
        {"kind": "name"},
        {"kind": "coauthors", "count": 2},
        {"kind": "institution", "count": 1},
    ]


def test_a_merge_and_its_undo_take_the_search_index_with_the_documents(two_records):
    _lab, _role, _second_role, older, newer, _ = two_records
    lab = older.lab
    title = newer.publications.order_by("pk").first().title
    phrase = f'"{title}"'

    def found() -> set[int]:
        hits = search_candidates(lab=lab, query=phrase, blind=lambda ids: BlindView())
        return {hit.candidate_id for hit in hits}

    assert found() == {newer.pk}

    merge = candidate_merge(keep=older, absorb=newer, by=None, reason=MergeReason.SAME_EMAIL)
    assert found() == {older.pk}

    candidate_unmerge(merge=merge, by=None)
    assert found() == {newer.pk}


def test_a_merge_and_its_undo_keep_each_application_at_the_stage_its_decisions_say(read):
    lab = LabFactory()
    role = make_role(lab)
    older = read(upload_cv(role, generate(42, archetype="researcher"))).candidate
    newer = read(upload_cv(role, generate(43, archetype="researcher"))).candidate
    rejected = Application.objects.get(role=role, candidate=older)
    decision_record(application=rejected, outcome="reject", reason="No first-author papers.")
    decision_record(
        application=Application.objects.get(role=role, candidate=newer),
        outcome="advance",
        reason="The later CV lists three first-author papers.",
    )

    def stage_kind(candidate) -> str:
        return Application.objects.get(role=role, candidate=candidate).stage.kind

    assert stage_kind(older) == "rejected"

    merge = candidate_merge(keep=older, absorb=newer, by=None, reason=MergeReason.SAME_EMAIL)
    assert stage_kind(older) != "rejected"  # the advance, decided later, stands

    candidate_unmerge(merge=merge, by=None)
    assert stage_kind(older) == "rejected"
    assert stage_kind(newer) != "rejected"
