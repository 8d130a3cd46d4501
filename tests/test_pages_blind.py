"""Blind review: names, emails, links and photos hidden on every page, in the CSV and on the
rendered CV pages; switched on by a member for themselves or by a hiring manager for a role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.models import Evidence
from screening.models import LabMembership, LabRole
from tests.pages import assessed_role, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def blind_recruiter(client):
    recruiter = member(LabRole.RECRUITER)
    client.force_login(recruiter.user)
    response = client.post(
        reverse("blind_toggle"), {"enabled": "1", "next": reverse("home")}, follow=True
    )
    assert b"Blind review is on" in response.content
    recruiter.refresh_from_db()
    assert recruiter.blind_review
    return recruiter


@pytest.fixture
def blind_role(blind_recruiter):
    return assessed_role(blind_recruiter.lab, count=4)


def identity(candidate) -> list[str]:
    """What must never show: full name, surname, email, profile link."""
    surname = candidate.name.split()[-1]
    slug = candidate.email.split("@")[0].rstrip("0123456789").replace(".", "-")
    return [candidate.name, surname, candidate.email, f"{slug}.example.org"]


def assert_hidden(html: str, candidates) -> None:
    for candidate in candidates:
        files = [d.original_name for d in candidate.documents.all()]
        for cue in [*identity(candidate), *files]:
            assert cue not in html, f"{cue!r} is visible in blind review"


def test_the_shortlist_shows_numbers_not_names(client, blind_role):
    role, people = blind_role

    html = client.get(reverse("role_detail", args=[role.pk])).content.decode()

    assert_hidden(html, people)
    assert f"Candidate #{people[0].pk}" in html
    assert "Blind review: <strong>on</strong>" in html


def test_the_candidate_page_hides_identity_even_inside_quotes(client, blind_role):
    role, people = blind_role
    researcher = people[0]

    html = client.get(reverse("candidate_detail", args=[role.pk, researcher.pk])).content.decode()

    assert_hidden(html, [researcher])
    assert "[hidden]" in html  # the candidate's own name in the publication quotes
    assert f"Candidate #{researcher.pk}" in html


def test_compare_home_upload_progress_and_csv_hide_identity(client, blind_role):
    role, people = blind_role
    pages = [
        reverse("compare", args=[role.pk]) + f"?c={people[0].pk}&c={people[1].pk}",
        reverse("home"),
        reverse("role_upload", args=[role.pk]),
        reverse("role_progress", args=[role.pk])
        + "?documents="
        + ",".join(str(d.pk) for p in people for d in p.documents.all()),
        reverse("role_csv", args=[role.pk]),
        reverse("decisions", args=[role.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_hidden(response.content.decode(), people)
    header = client.get(reverse("role_csv", args=[role.pk])).content.decode().splitlines()[0]
    assert "name" not in header.split(",")
    assert "email" not in header.split(",")


def test_names_are_neither_searched_nor_sorted_in_blind_review(client, blind_role):
    role, people = blind_role
    url = reverse("role_detail", args=[role.pk])

    searched = client.get(url, {"q": people[0].name})
    by_number = client.get(url, {"q": str(people[0].pk)})
    sort_choices = dict(client.get(url).context["form"].fields["sort"].choices)

    assert searched.context["entries"] == []
    assert [e.candidate for e in by_number.context["entries"]] == [people[0]]
    assert "name" not in sort_choices


def test_the_rendered_cv_page_covers_names_emails_and_links(client, blind_role):
    _, people = blind_role
    evidence = Evidence.objects.filter(candidate=people[0], document__kind="cv", page=1).first()
    url = reverse("document_page_image", args=[evidence.document_id, 1])

    blind = client.get(url, {"evidence": evidence.pk})
    client.post(reverse("blind_toggle"), {"enabled": "0"})
    seen = client.get(url, {"evidence": evidence.pk})

    # Name (twice: header and papers), email and link are covered; nothing is covered otherwise.
    assert int(blind["X-Referee-Covered"]) >= 4
    assert seen["X-Referee-Covered"] == "0"
    assert blind.content != seen.content


def test_a_hiring_manager_can_require_blind_review_for_everyone_on_a_role(client):
    manager = member(LabRole.HIRING_MANAGER)
    recruiter = LabMembership.objects.create(
        user=member().user, lab=manager.lab, role=LabRole.RECRUITER
    )
    role, people = assessed_role(manager.lab, count=2)
    client.force_login(manager.user)

    client.post(reverse("role_blind", args=[role.pk]), {"enabled": "1"})
    client.force_login(recruiter.user)
    html = client.get(reverse("role_detail", args=[role.pk])).content.decode()

    role.refresh_from_db()
    assert role.blind_review
    assert not LabMembership.objects.get(pk=recruiter.pk).blind_review
    assert_hidden(html, people)
    # The member's own switch cannot turn it off while the role requires it.
    assert re.search(r'aria-pressed="true"[^>]*disabled', html)


def test_a_roles_blind_review_also_covers_its_candidates_cv_pages(client):
    manager = member(LabRole.HIRING_MANAGER)
    role, people = assessed_role(manager.lab, count=1)
    document = people[0].documents.get(kind="cv")
    client.force_login(manager.user)
    client.post(reverse("role_blind", args=[role.pk]), {"enabled": "1"})

    image = client.get(reverse("document_page_image", args=[document.pk, 1]))
    html = client.get(reverse("document_page", args=[document.pk, 1])).content.decode()

    assert int(image["X-Referee-Covered"]) >= 4
    assert_hidden(html, people)
    assert f"Document #{document.pk}" in html


def test_switching_blind_review_off_shows_names_again(client, blind_role):
    role, people = blind_role

    client.post(reverse("blind_toggle"), {"enabled": "0"})
    html = client.get(reverse("role_detail", args=[role.pk])).content.decode()

    assert people[0].name in html


def test_the_blind_switch_only_redirects_to_this_site(client, blind_recruiter):
    response = client.post(
        reverse("blind_toggle"), {"enabled": "1", "next": "https://evil.example.com/"}
    )

    assert response["Location"] == reverse("home")
