"""The lab's candidates page and the duplicates page: who sees what (other labs 404, blind
review hides names), adding a candidate to another role, merging, keeping apart, undoing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import (
    Candidate,
    CandidateMerge,
    Document,
    DocumentStatus,
    DuplicateProposal,
    DuplicateStatus,
    MergeReason,
)
from screening.applications import application_create, document_upload
from screening.models import Application, AuditAction, AuditEvent, LabRole
from screening.people import candidate_merge
from tests.factories import CandidateFactory, LabFactory, UserFactory
from tests.pages import make_role, member

pytestmark = pytest.mark.django_db

BIB = b"@article{a, title={Deep Nets}, author={Lovelace, Ada}, journal={JMLR}, year={2024}}\n"


def signed_in(client, role: str = LabRole.RECRUITER, lab=None, *, blind: bool = False):
    membership = member(role, lab)
    if blind:
        membership.blind_review = True
        membership.save()
    client.force_login(membership.user)
    return membership


def namesakes(lab) -> DuplicateProposal:
    a = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada@example.org")
    b = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada.l@example.net")
    return DuplicateProposal.objects.create(
        lab=lab, a=a, b=b, reasons=[{"kind": "name"}, {"kind": "coauthors", "count": 2}]
    )


def with_documents(candidate: Candidate, count: int, *, failed: int = 0) -> None:
    for n in range(count):
        document = document_upload(
            lab=candidate.lab,
            content=BIB.replace(b"Deep", f"Deep {candidate.pk}-{n}".encode()),
            filename=f"papers-{n}.bib",
            candidate=candidate,
            enqueue=False,
        ).document
        if n < failed:
            Document.objects.filter(pk=document.pk).update(
                status=DocumentStatus.FAILED, error="Unreadable."
            )


# --- The candidates page -----------------------------------------------------------------------


def test_every_member_sees_the_labs_candidates_with_documents_roles_and_duplicates(client):
    membership = signed_in(client)
    lab = membership.lab
    role = make_role(lab)
    proposal = namesakes(lab)
    application_create(role=role, candidate=proposal.a)
    with_documents(proposal.a, 2, failed=1)
    CandidateFactory.create(lab=LabFactory(), name="Someone Elsewhere")

    response = client.get(reverse("lab_candidates"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="row">Ada Lovelace</th>') == 2
    assert "ada@example.org" in html
    assert "1 failed" in html
    assert reverse("candidate_detail", args=[role.pk, proposal.a.pk]) in html
    assert "1 proposed" in html
    assert "Someone Elsewhere" not in html
    assert reverse("lab_candidates") in html  # the nav link


def test_the_list_filters_by_role_and_by_name_email_or_number(client):
    lab = signed_in(client).lab
    role = make_role(lab)
    ada = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada@example.org")
    grace = CandidateFactory.create(lab=lab, name="Grace Hopper", email="grace@example.org")
    application_create(role=role, candidate=grace)

    def names(query: dict) -> set[str]:
        html = client.get(reverse("lab_candidates"), query).content.decode()
        return {c.name for c in (ada, grace) if c.name in html}

    assert names({"role": role.pk}) == {"Grace Hopper"}
    assert names({"q": "lovelace"}) == {"Ada Lovelace"}
    assert names({"q": "GRACE@"}) == {"Grace Hopper"}
    assert names({"q": f"#{ada.pk}"}) == {"Ada Lovelace"}
    assert names({"role": "not-a-role"}) == {"Ada Lovelace", "Grace Hopper"}


def test_in_blind_review_the_list_names_nobody_and_finds_no_one_by_name(client):
    lab = signed_in(client, blind=True).lab
    ada = CandidateFactory.create(lab=lab, name="Ada Lovelace", email="ada@example.org")

    html = client.get(reverse("lab_candidates")).content.decode()
    assert "Ada Lovelace" not in html
    assert "ada@example.org" not in html
    assert f"Candidate #{ada.pk}" in html
    searched = client.get(reverse("lab_candidates"), {"q": "Lovelace"}).content.decode()
    assert f"Candidate #{ada.pk}" not in searched


def test_a_role_requiring_blind_review_hides_its_applicants_from_every_recruiter(client):
    lab = signed_in(client).lab
    role = make_role(lab)
    role.blind_review = True
    role.save()
    ada = CandidateFactory.create(lab=lab, name="Ada Lovelace")
    application_create(role=role, candidate=ada)

    html = client.get(reverse("lab_candidates")).content.decode()
    assert "Ada Lovelace" not in html
    assert f"Candidate #{ada.pk}" in html


def test_the_candidates_page_is_paginated_and_its_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries
):
    lab = signed_in(client).lab
    roles = [make_role(lab), make_role(lab, "research-engineer")]

    def add_candidates(count: int) -> None:
        for _ in range(count):
            candidate = CandidateFactory.create(lab=lab, name="Some Body")
            for role in roles:
                application_create(role=role, candidate=candidate)
            with_documents(candidate, 1)

    add_candidates(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("lab_candidates")).status_code == 200
    add_candidates(55)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("lab_candidates"))
    assert response.content.decode().count('<th scope="row">') == 50
    assert "Page 1 of 2" in response.content.decode()
    assert (
        client.get(reverse("lab_candidates"), {"page": 2})
        .content.decode()
        .count('<th scope="row">')
        == 8
    )


def test_a_candidate_is_added_to_another_role_of_the_lab(client):
    lab = signed_in(client).lab
    role, other = make_role(lab), make_role(lab, "research-engineer")
    ada = CandidateFactory.create(lab=lab, name="Ada Lovelace")
    application_create(role=role, candidate=ada)

    response = client.post(
        reverse("candidate_add_to_role", args=[ada.pk]), {"role": other.pk}, follow=True
    )

    assert Application.objects.filter(candidate=ada, role=other).exists()
    assert f"is now an applicant of {other.title}" in response.content.decode()
    again = client.post(
        reverse("candidate_add_to_role", args=[ada.pk]), {"role": other.pk}, follow=True
    )
    assert "had already applied" in again.content.decode()
    assert Application.objects.filter(candidate=ada).count() == 2


def test_adding_to_a_role_of_another_lab_or_no_role_is_refused_with_a_reason(client):
    lab = signed_in(client).lab
    ada = CandidateFactory.create(lab=lab, name="Ada Lovelace")
    foreign = make_role(LabFactory())

    for data in ({"role": foreign.pk}, {"role": ""}, {}):
        response = client.post(reverse("candidate_add_to_role", args=[ada.pk]), data, follow=True)
        assert response.status_code == 200
        assert "Choose" in response.content.decode()
    assert not Application.objects.filter(candidate=ada).exists()


def test_other_labs_candidates_proposals_and_merges_are_not_found(client):
    signed_in(client, LabRole.ADMIN)
    other_lab = LabFactory()
    proposal = namesakes(other_lab)
    merge_source = namesakes(other_lab)
    merge = candidate_merge(keep=merge_source.a, absorb=merge_source.b, reason=MergeReason.PROPOSAL)
    role = make_role(other_lab)

    for url, data in (
        (reverse("candidate_add_to_role", args=[proposal.a.pk]), {"role": role.pk}),
        (reverse("duplicate_merge", args=[proposal.pk]), {}),
        (reverse("duplicate_keep_apart", args=[proposal.pk]), {}),
        (reverse("merge_undo", args=[merge.pk]), {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert DuplicateProposal.objects.filter(pk=proposal.pk, status=DuplicateStatus.OPEN).exists()
    assert not Application.objects.exists()
    assert CandidateMerge.objects.get().undone_at is None


def test_the_pages_ask_anonymous_visitors_to_sign_in_and_outsiders_are_not_found(client):
    for name in ("lab_candidates", "lab_duplicates"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())  # a member of no lab
    for name in ("lab_candidates", "lab_duplicates"):
        assert client.get(reverse(name)).status_code == 404


# --- Duplicates and merges ---------------------------------------------------------------------


def test_a_recruiter_merges_a_proposed_pair_from_the_duplicates_page(client):
    membership = signed_in(client)
    proposal = namesakes(membership.lab)

    page = client.get(reverse("lab_duplicates")).content.decode()
    assert "Same name" in page
    assert "2 shared co-authors" in page
    response = client.post(reverse("duplicate_merge", args=[proposal.pk]), follow=True)

    assert f"Candidate #{proposal.b_id} was merged into candidate #{proposal.a_id}" in (
        response.content.decode()
    )
    assert not Candidate.objects.filter(pk=proposal.b_id).exists()
    merge = CandidateMerge.objects.get()
    assert merge.merged_by == membership.user
    event = AuditEvent.objects.get(action=AuditAction.CANDIDATE_MERGED)
    assert (event.actor, event.channel) == (membership.user, "web")
    undo = reverse("merge_undo", args=[merge.pk])
    assert undo not in response.content.decode()  # recruiters do not undo


def test_a_recruiter_keeps_a_pair_apart(client):
    membership = signed_in(client)
    proposal = namesakes(membership.lab)

    client.post(reverse("duplicate_keep_apart", args=[proposal.pk]))

    proposal.refresh_from_db()
    assert proposal.status == DuplicateStatus.KEPT_APART
    assert proposal.decided_by == membership.user
    again = client.post(reverse("duplicate_merge", args=[proposal.pk]), follow=True)
    assert "kept apart" in again.content.decode()
    assert Candidate.objects.filter(lab=membership.lab).count() == 2


def test_only_hiring_managers_and_admins_undo_a_merge(client):
    membership = signed_in(client)
    proposal = namesakes(membership.lab)
    merge = candidate_merge(keep=proposal.a, absorb=proposal.b, reason=MergeReason.PROPOSAL)

    assert client.post(reverse("merge_undo", args=[merge.pk])).status_code == 403
    assert CandidateMerge.objects.get().undone_at is None

    manager = signed_in(client, LabRole.HIRING_MANAGER, membership.lab)
    page = client.get(reverse("lab_duplicates")).content.decode()
    assert reverse("merge_undo", args=[merge.pk]) in page
    response = client.post(reverse("merge_undo", args=[merge.pk]), follow=True)
    assert f"Candidate #{proposal.b_id} is a candidate of their own again" in (
        response.content.decode()
    )
    assert Candidate.objects.filter(pk=proposal.b_id).exists()
    assert CandidateMerge.objects.get().undone_by == manager.user
    twice = client.post(reverse("merge_undo", args=[merge.pk]), follow=True)
    assert "undone already" in twice.content.decode()


def test_the_duplicates_page_names_nobody_in_blind_review(client):
    membership = signed_in(client, blind=True)
    proposal = namesakes(membership.lab)

    page = client.get(reverse("lab_duplicates")).content.decode()

    assert "Ada Lovelace" not in page
    assert f"Candidate #{proposal.a_id}" in page
