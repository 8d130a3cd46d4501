"""Blind review: names, emails, links and photos hidden on every page, in the CSV and on the
rendered CV pages; switched on by a member for themselves or by a hiring manager for a role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.models import Evidence
from screening.assessing import role_assess
from screening.models import LabMembership, LabRole
from screening.services import role_set_blind_review
from tests.factories import ApplicationFactory
from tests.pages import applicant, assessed_role, make_role, member

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
    homepage = candidate.email.split("@")[0].replace(".", "-")
    return [candidate.name, surname, candidate.email, f"{homepage}.example.org"]


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
    assert [e.candidate_id for e in by_number.context["entries"]] == [people[0].pk]
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


@pytest.fixture
def required_elsewhere(client):
    """A recruiter, a role requiring blind review and another role that does not, with the
    same applicant in both."""
    manager = member(LabRole.HIRING_MANAGER)
    recruiter = LabMembership.objects.create(
        user=member().user, lab=manager.lab, role=LabRole.RECRUITER
    )
    blind_role, people = assessed_role(manager.lab, count=2)
    open_role = make_role(manager.lab, "research-engineer")
    ApplicationFactory(role=open_role, candidate=people[0])
    newcomer = applicant(open_role, 300, archetype="research_engineer")
    role_assess(role=open_role)
    role_set_blind_review(role=blind_role, enabled=True)
    client.force_login(recruiter.user)
    return open_role, [*people, newcomer]


def test_the_home_page_numbers_the_files_of_candidates_a_role_requires_blind_review_for(
    client, required_elsewhere
):
    _, people = required_elsewhere

    html = client.get(reverse("home")).content.decode()

    assert_hidden(html, people[:2])
    for document in people[0].documents.all():
        assert f"Document #{document.pk}" in html


def test_opening_the_candidate_through_a_role_without_blind_review_does_not_unmask_them(
    client, required_elsewhere
):
    open_role, people = required_elsewhere
    researcher, newcomer = people[0], people[-1]

    page = client.get(reverse("candidate_detail", args=[open_role.pk, researcher.pk]))
    shortlist = client.get(reverse("role_detail", args=[open_role.pk])).content.decode()
    csv_text = client.get(reverse("role_csv", args=[open_role.pk])).content.decode()
    compare = client.get(
        reverse("compare", args=[open_role.pk]) + f"?c={researcher.pk}&c={newcomer.pk}"
    )
    searched = client.get(reverse("role_detail", args=[open_role.pk]), {"q": researcher.name})

    assert page.status_code == 200
    assert_hidden(page.content.decode(), [researcher])
    assert f"Candidate #{researcher.pk}" in page.content.decode()
    assert_hidden(shortlist, [researcher])
    assert_hidden(csv_text, [researcher])
    assert compare.status_code == 200
    assert_hidden(compare.content.decode(), [researcher])
    assert searched.context["entries"] == []
    # Only the candidate a role requires it for: the newcomer is shown by name.
    assert newcomer.name in shortlist
    assert newcomer.name in csv_text


def test_quotes_lose_phones_addresses_handles_and_citation_keys_of_the_candidate(
    client, blind_role
):
    role, people = blind_role
    researcher = people[0]
    evidence = Evidence.objects.filter(candidate=researcher).first()
    evidence.quote = (
        "Contact +44 (0)20 7946 0958, 221B Baker Street, London NW1 6XE; "
        "github.com/adalove @adalove; cited as lovelace2023analytical"
    )
    evidence.save()

    html = client.get(reverse("candidate_detail", args=[role.pk, researcher.pk])).content.decode()

    for cue in ("7946", "Baker Street", "NW1 6XE", "adalove", "lovelace2023analytical"):
        assert cue not in html
