"""Conflicts of interest: a reviewer's publication list and institutions against applicants'
papers and degrees, found before review, recorded and audited, declared or recused from."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.models import Document, DocumentStatus
from reviews.conflicts import (
    Paper,
    Person,
    StateRefusal,
    conflicts_answer,
    conflicts_between,
    reviewer_profile_update,
)
from reviews.models import Conflict, ConflictKind, ConflictStatus
from screening.models import AuditAction, AuditEvent
from tests.panels import degree_of, panel_world, paper_of, score

# A synthetic reviewer's own list: Maria Novak wrote with Tomás Ruiz and Li Wei.
REVIEWER_BIB = b"""
@inproceedings{novak2019,
  title = {Sparse Attention for Long Documents},
  author = {Novak, Maria and Ru{\\'i}z, Tom{\\'a}s},
  booktitle = {NeurIPS},
  year = {2019}
}
@article{novak2021,
  title = {Calibrated Ensembles},
  author = {Novak, Maria and Wei, Li},
  journal = {JMLR},
  year = {2021}
}
"""

pytestmark = pytest.mark.django_db


def reviewer(name="Maria Novak", papers=(), institutions=()) -> Person:
    return Person(name, [Paper(t, tuple(a), y) for t, a, y in papers], list(institutions))


def test_a_shared_co_author_is_found_with_accents_and_initials_folded():
    maria = reviewer(papers=[("Sparse Attention", ["Maria Novak", "Tomás Ruiz"], 2019)])
    applicant = reviewer(
        name="Ada Smith", papers=[("Graph Priors", ["Ada Smith", "T. Ruiz", "Bo Chen"], 2022)]
    )
    found = conflicts_between(maria, applicant)
    assert [(f.kind, f.key) for f in found] == [(ConflictKind.SHARED_COAUTHOR, "person:tomas ruiz")]
    assert found[0].detail == (
        "Both published with Tomás Ruiz: the reviewer in “Sparse Attention” (2019), "
        "the candidate in “Graph Priors” (2022)"
    )


@pytest.mark.parametrize("near_miss", ["Tomasz Ruiz", "R. Ruiz", "Tomás Ruíza", "Ruiz"])
def test_a_near_miss_name_is_no_conflict(near_miss):
    maria = reviewer(papers=[("Sparse Attention", ["Maria Novak", "Tomás Ruiz"], 2019)])
    applicant = reviewer(
        name="Ada Smith", papers=[("Graph Priors", ["Ada Smith", near_miss], 2022)]
    )
    assert conflicts_between(maria, applicant) == []


def test_a_paper_written_together_is_one_conflict_however_it_is_found():
    maria = reviewer(papers=[("Deep Sets Revisited", ["M. Novak", "Ada Smith"], 2020)])
    applicant = reviewer(
        name="Ada Smith", papers=[("Deep sets revisited.", ["Ada Smith", "Maria Novak"], 2020)]
    )
    found = conflicts_between(maria, applicant)
    assert [(f.kind, f.detail) for f in found] == [
        (ConflictKind.COAUTHOR, "Co-authored “Deep sets revisited.” (2020)")
    ]


def test_the_same_institution_is_found_by_its_words():
    maria = reviewer(institutions=["University of Oxford"])
    at_oxford = reviewer(
        name="Ada Smith", institutions=["Dept. of Computer Science, University of Oxford"]
    )
    at_oxford_brookes = reviewer(name="Bo Chen", institutions=["Oxford Brookes University"])
    assert [f.kind for f in conflicts_between(maria, at_oxford)] == [ConflictKind.INSTITUTION]
    assert conflicts_between(maria, at_oxford_brookes) == []
    berkeley = reviewer(institutions=["University of California, Berkeley"])
    los_angeles = reviewer(name="Ada Smith", institutions=["University of California, Los Angeles"])
    assert conflicts_between(berkeley, los_angeles) == []


def test_an_uploaded_list_finds_conflicts_before_review_recorded_once_and_audited(client):
    world = panel_world(applicants=2)
    coauthor, stranger = (a.candidate for a in world.applications)
    paper_of(coauthor, "Robust Retrieval", ["Applicant Number0", "Li Wei"], 2023)
    paper_of(stranger, "Robust Retrieval II", ["Applicant Number1", "Lu Wei"], 2023)
    degree_of(stranger, "ETH Zürich")
    client.force_login(world.user("ann"))
    url = reverse("reviewer_profile", args=[world.role.pk])
    upload = SimpleUploadedFile("novak.bib", REVIEWER_BIB, content_type="text/x-bibtex")
    response = client.post(url, {"institutions": "ETH Zurich\n", "publications": upload})
    assert response.status_code == 302
    conflicts = list(Conflict.objects.filter(reviewer=world.seats["ann"]).order_by("kind"))
    assert [(c.application.candidate, c.kind) for c in conflicts] == [
        (stranger, ConflictKind.INSTITUTION),
        (coauthor, ConflictKind.SHARED_COAUTHOR),
    ]
    events = AuditEvent.objects.filter(action=AuditAction.CONFLICT_FOUND)
    assert sorted(e.target_id for e in events) == sorted(c.pk for c in conflicts)
    assert all("Applicant" not in str(e.detail) for e in events)  # ids only, no names

    reviewer_profile_update(membership=world.members["ann"], institutions="ETH Zurich")
    assert Conflict.objects.count() == 2  # looked for again, recorded once

    review = client.get(reverse("candidate_panel", args=[world.role.pk, coauthor.pk]))
    page = review.content.decode()
    assert "Both published with Li Wei" in page
    assert "Declare the conflicts above or recuse before reviewing." in page
    client.force_login(world.user("manager"))
    panel = client.get(reverse("panel", args=[world.role.pk])).content.decode()
    assert "Both published with Li Wei" in panel
    assert "Both at ETH Zürich" in panel


def test_a_reviewer_declares_or_recuses_and_a_recusal_keeps_them_from_scoring():
    world = panel_world(applicants=2)
    for application in world.applications:
        degree_of(application.candidate, "MIT")
    reviewer_profile_update(membership=world.members["ann"], institutions="MIT")
    first, second = world.applications
    width = len(world.criteria)
    with pytest.raises(StateRefusal, match="declare it or recuse"):
        score(world, "ann", first, [2] * width)
    seat, ann = world.seats["ann"], world.user("ann")
    conflicts_answer(member=seat, application=first, answer="declared", actor=ann)
    assert score(world, "ann", first, [2] * width).status == "submitted"
    conflicts_answer(member=seat, application=second, answer="recused", actor=ann)
    with pytest.raises(StateRefusal, match="recused"):
        score(world, "ann", second, [2] * width)
    with pytest.raises(StateRefusal, match="no conflict of interest"):
        conflicts_answer(member=seat, application=second, answer="recused", actor=ann)
    statuses = dict(Conflict.objects.values_list("application_id", "status"))
    assert statuses == {first.pk: ConflictStatus.DECLARED, second.pk: ConflictStatus.RECUSED}
    assert AuditEvent.objects.filter(action=AuditAction.CONFLICT_RECUSED).count() == 1


def test_conflicts_through_the_api_reviewers_see_their_own_and_managers_all():
    world = panel_world(applicants=1)
    application = world.applications[0]
    degree_of(application.candidate, "MIT")
    for name in ("ann", "bob"):
        reviewer_profile_update(membership=world.members[name], institutions="MIT")
    url = f"/api/v1/roles/{world.role.pk}/panel/conflicts/"

    def as_user(name):
        client = APIClient()
        client.force_authenticate(world.user(name))
        return client

    assert len(as_user("manager").get(url).json()["results"]) == 2
    assert [c["reviewer_username"] for c in as_user("ann").get(url).json()["results"]] == ["ann"]
    assert as_user("recruiter").get(url).json()["results"] == []
    answer = {"application": application.pk, "answer": "recused"}
    assert as_user("recruiter").post(f"{url}answer/", answer, format="json").status_code == 403
    done = as_user("ann").post(f"{url}answer/", answer, format="json")
    assert done.status_code == 200
    assert done.json()["conflicts"] == 1
    assert as_user("ann").post(f"{url}answer/", answer, format="json").status_code == 409


def test_a_stored_document_serves_as_the_list_and_a_bad_list_is_refused(client):
    world = panel_world(applicants=1)
    applicant = world.applications[0].candidate
    paper_of(applicant, "Calibrated Ensembles", ["Applicant Number0"], 2021)
    listed = Document.objects.get(candidate=applicant)
    listed.analysis = {
        "person": {"name": "Maria Novak"},
        "publications": [
            {"title": "Calibrated Ensembles", "authors": ["Maria Novak"], "year": 2021}
        ],
    }
    listed.save()
    client.force_login(world.user("ann"))
    url = reverse("reviewer_profile", args=[world.role.pk])
    assert client.post(url, {"document": listed.pk}).status_code == 302
    assert Conflict.objects.get().kind == ConflictKind.COAUTHOR
    Document.objects.filter(pk=listed.pk).update(status=DocumentStatus.FAILED)
    refused = client.post(url, {"document": listed.pk})
    assert refused.status_code == 400
    assert "has been read" in refused.content.decode()
    missing = client.post(url, {"document": 987654})
    assert missing.status_code == 400
    assert "No document #987654" in missing.content.decode()
    junk = SimpleUploadedFile("list.bib", b"@article{broken, title = {", content_type="text/plain")
    refused = client.post(url, {"publications": junk})
    assert refused.status_code == 400
    assert "publication" in refused.content.decode().lower()
