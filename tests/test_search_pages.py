"""Search on the pages: the shortlist's search box finds what the CVs say and quotes it under
the row; the lab-wide search page at /lab/search/; both in the member's lab only, blind when
they must be, and at a cost that does not grow with the candidates."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from candidates.models import Candidate
from screening.assessing import role_assess
from screening.models import LabMembership, LabRole
from search.index import MAX_QUERY_CHARS, index_candidate
from tests.pages import applicant, assessed_role, make_role, member
from tests.search_support import read_candidate, say_on_page_one
from tests.test_pages_shortlist import PAGE_QUERIES

pytestmark = pytest.mark.django_db

MARKED = "Built <mark>hydrology</mark> models in PyTorch"


@pytest.fixture
def recruiter():
    return member(LabRole.RECRUITER)


@pytest.fixture
def ranked(recruiter):
    """A role of three read and assessed applicants; the second built hydrology models."""
    role, people = assessed_role(recruiter.lab, count=3)
    for person in people:
        index_candidate(person)
    say_on_page_one(people[1], "Built hydrology models in PyTorch for the river board.")
    return role, people


def rows(response) -> list[int]:
    return [entry.candidate_id for entry in response.context["entries"]]


# --- The shortlist ---------------------------------------------------------------------------


def test_the_shortlist_search_finds_what_a_cv_says_and_quotes_it_under_the_row(
    client, recruiter, ranked
):
    role, people = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("role_detail", args=[role.pk]), {"q": "hydrology"})

    assert rows(response) == [people[1].pk]
    html = response.content.decode()
    assert MARKED in html
    document = people[1].documents.get(kind="cv")
    link = reverse("document_page", args=[document.pk, 1]) + "?quote="
    assert link in html


def test_names_are_still_found_and_content_matches_keep_the_role_s_ranking(
    client, recruiter, ranked
):
    role, people = ranked
    for person in people:
        say_on_page_one(person, "Skilled in PyTorch.")
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])

    everyone = rows(client.get(url))
    matching = rows(client.get(url, {"q": "pytorch"}))
    by_name = rows(client.get(url, {"q": people[2].name}))

    assert matching == everyone
    assert people[2].pk in by_name


def test_a_number_is_a_candidate_number_not_words_of_a_cv(client, recruiter, ranked):
    role, people = ranked
    number = people[0].pk
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])
    queries = (str(number), f"#{number}")
    before = {query: rows(client.get(url, {"q": query})) for query in queries}

    for person in people:
        say_on_page_one(person, f"Room {number}, building {number}.")

    for query in queries:
        response = client.get(url, {"q": query})
        assert rows(response) == before[query]
        assert number in rows(response)
        assert response.context["quotes"] == {}


def test_the_quote_s_link_opens_the_page_with_the_quote_highlighted(client, recruiter, ranked):
    role, people = ranked
    client.force_login(recruiter.user)
    listing = client.get(reverse("role_detail", args=[role.pk]), {"q": "hydrology"})
    hit = listing.context["quotes"][people[1].pk]
    document = people[1].documents.get(kind="cv")

    page = client.get(reverse("document_page", args=[document.pk, 1]) + "?" + hit.highlight)

    assert page.status_code == 200
    assert page.context["quote"] == hit.text
    assert "hydrology models in PyTorch" in page.context["quote"]


def test_the_document_page_highlights_a_quote_only_when_its_page_says_it(client, recruiter, ranked):
    _, people = ranked
    client.force_login(recruiter.user)
    document = people[1].documents.get(kind="cv")

    page = client.get(reverse("document_page", args=[document.pk, 1]), {"quote": "not on it"})

    assert page.status_code == 200
    assert page.context["quote"] == ""


def test_a_shortlist_blind_reviewer_neither_finds_by_name_nor_sees_names_in_quotes(
    client, recruiter, ranked
):
    role, people = ranked
    name = people[1].name
    surname = name.split()[-1]
    say_on_page_one(people[1], f"{name} wrote zymurgical PyTorch code.")
    recruiter.blind_review = True
    recruiter.save()
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])

    assert rows(client.get(url, {"q": surname})) == []
    response = client.get(url, {"q": "zymurgical"})

    assert rows(response) == [people[1].pk]
    html = response.content.decode()
    assert surname not in html
    assert "[hidden] wrote <mark>zymurgical</mark>" in html


def test_a_too_long_shortlist_search_says_why_it_was_not_applied(client, recruiter, ranked):
    role, people = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("role_detail", args=[role.pk]), {"q": "x" * 10_000})

    assert response.status_code == 200
    assert f"at most {MAX_QUERY_CHARS} characters" in response.content.decode()
    assert len(rows(response)) == len(people)  # nothing was filtered


def test_the_csv_holds_the_same_matches_as_the_page(client, recruiter, ranked):
    role, people = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("role_csv", args=[role.pk]), {"q": "hydrology"})

    _, *lines = csv.reader(io.StringIO(response.content.decode()))
    assert [line[1] for line in lines] == [str(people[1].pk)]


# The unsearched page's queries (tests/test_pages_shortlist.py), and the page's matches with
# their quotes (two queries).
SEARCHED_PAGE_QUERIES = PAGE_QUERIES + 2


def test_a_searched_shortlist_costs_the_same_queries_for_3_or_6_matching_candidates(
    client, recruiter, ranked, django_assert_num_queries
):
    role, people = ranked
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])
    client.get(url)  # the first visit remembers the lab in the session

    for more in (0, 3):
        for seed in range(more):
            person = applicant(role, 600 + seed, archetype="phd_student")
            people.append(person)
        role_assess(role=role)
        for person in people:
            say_on_page_one(person, "PyTorch and hydrology.")
        with django_assert_num_queries(SEARCHED_PAGE_QUERIES):
            response = client.get(url, {"q": "hydrology"})
        assert len(response.context["quotes"]) == 3 + more


# --- The lab's search page -------------------------------------------------------------------


def test_the_lab_search_page_lists_the_lab_s_matches_with_quotes_and_their_roles(
    client, recruiter, ranked
):
    role, people = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("lab_search"), {"q": "hydrology"})

    assert response.status_code == 200
    hits = response.context["hits"]
    assert [h.candidate_id for h in hits] == [people[1].pk]
    html = response.content.decode()
    assert MARKED in html
    assert reverse("candidate_detail", args=[role.pk, people[1].pk]) in html
    assert people[1].name in html


def test_the_lab_search_finds_candidates_who_applied_nowhere_and_narrows_to_a_role(
    client, recruiter
):
    lab = recruiter.lab
    role = make_role(lab)
    applied = read_candidate(lab, name="In Role", pages=["Stanford PhD"], role=role)
    unplaced = read_candidate(lab, name="No Role", pages=["Stanford MSc"])
    client.force_login(recruiter.user)
    url = reverse("lab_search")

    everyone = client.get(url, {"q": "stanford"}).context["hits"]
    in_role = client.get(url, {"q": "stanford", "role": role.pk}).context["hits"]

    assert {h.candidate_id for h in everyone} == {applied.pk, unplaced.pk}
    assert [h.candidate_id for h in in_role] == [applied.pk]


def test_the_lab_search_never_shows_another_lab_s_candidates_or_roles(client, recruiter):
    other = member(LabRole.ADMIN)
    other_role = make_role(other.lab)
    read_candidate(other.lab, name="Elsewhere", pages=["PyTorch"], role=other_role)
    mine = read_candidate(recruiter.lab, name="Here", pages=["PyTorch"])
    client.force_login(recruiter.user)
    url = reverse("lab_search")

    hits = client.get(url, {"q": "pytorch"}).context["hits"]
    foreign = client.get(url, {"q": "pytorch", "role": other_role.pk})

    assert [h.candidate_id for h in hits] == [mine.pk]
    assert foreign.status_code == 400
    assert foreign.context["hits"] == []
    assert "Select a valid choice" in foreign.content.decode()


def test_a_blind_reviewer_s_lab_search_hides_names_in_labels_and_quotes(client, recruiter):
    read_candidate(
        recruiter.lab,
        name="Ada Lovelace",
        email="ada@example.org",
        pages=["Ada Lovelace (ada@example.org) trained PyTorch models at Stanford."],
    )
    recruiter.blind_review = True
    recruiter.save()
    client.force_login(recruiter.user)
    url = reverse("lab_search")

    assert client.get(url, {"q": "lovelace"}).context["hits"] == []
    response = client.get(url, {"q": "pytorch"})

    html = response.content.decode()
    assert "Lovelace" not in html
    assert "ada@example.org" not in html
    assert "[hidden]" in html
    [hit] = response.context["hits"]
    assert hit.label == f"Candidate #{hit.candidate_id}"


@pytest.mark.parametrize(
    ("query", "message"),
    [("x" * 10_000, f"at most {MAX_QUERY_CHARS} characters"), ("   ", "")],
)
def test_an_unusable_lab_search_says_why(client, recruiter, query, message):
    client.force_login(recruiter.user)

    response = client.get(reverse("lab_search"), {"q": query})

    assert message in response.content.decode()
    assert response.context["hits"] == []


@pytest.mark.parametrize("query", ['"', "()", "NEAR(a b)", "*", "-", "😀 北京", "'; --"])
def test_hostile_lab_searches_answer_normally(client, recruiter, query):
    read_candidate(recruiter.lab, name="Someone", pages=["PyTorch"])
    client.force_login(recruiter.user)

    assert client.get(reverse("lab_search"), {"q": query}).status_code == 200


def test_the_lab_search_page_is_for_members_only(client):
    url = reverse("lab_search")

    assert client.get(url).status_code == 302  # to sign in
    outsider = member().user
    LabMembership.objects.filter(user=outsider).delete()
    client.force_login(outsider)
    assert client.get(url, {"q": "pytorch"}).status_code == 404


# Session, user, the lab and the membership; the matches, the roles requiring blind review, the
# quotes, the candidates and their roles; the header's labs, the form's roles, the lab again.
LAB_SEARCH_QUERIES = 12


def test_the_lab_search_costs_the_same_queries_for_2_or_8_hits(
    client, recruiter, django_assert_num_queries
):
    role = make_role(recruiter.lab)
    client.force_login(recruiter.user)
    url = reverse("lab_search")
    client.get(url)  # the first visit remembers the lab in the session

    for count in (2, 8):
        while Candidate.objects.filter(lab=recruiter.lab).count() < count:
            read_candidate(recruiter.lab, name="PyTorch user", pages=["PyTorch"], role=role)
        with django_assert_num_queries(LAB_SEARCH_QUERIES):
            response = client.get(url, {"q": "pytorch"})
        assert len(response.context["hits"]) == count
