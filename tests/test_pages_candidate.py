"""The candidate page: score, levels and why, quotes with their highlighted pages, publications,
gap analysis and decisions; and the side-by-side comparison."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Evidence, Publication
from screening.assessing import role_assess
from screening.models import Assessment, Decision, LabRole
from screening.rubric_templates import get_template
from tests.pages import applicant, assessed_role, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiter():
    return member(LabRole.RECRUITER)


@pytest.fixture
def ranked(recruiter, client):
    role, people = assessed_role(recruiter.lab, count=3)
    client.force_login(recruiter.user)
    return role, people


def candidate_url(role, candidate) -> str:
    return reverse("candidate_detail", args=[role.pk, candidate.pk])


def test_the_candidate_page_explains_every_criterion_with_quotes_and_pages(client, ranked):
    role, people = ranked
    researcher = people[0]
    assessment = Assessment.objects.get(application__candidate=researcher)

    response = client.get(candidate_url(role, researcher))

    html = response.content.decode()
    assert response.status_code == 200
    assert researcher.name in html
    assert researcher.email in html
    assert f">{assessment.score:.0f}<" in html
    for criterion in get_template("research-scientist-ml").criteria:
        assert criterion.name in html
    for result in assessment.criteria:
        assert result["explanation"].split(":")[0] in html
    evidence = Evidence.objects.filter(candidate=researcher, page__isnull=False).first()
    assert evidence.quote in html
    page_image = reverse("document_page_image", args=[evidence.document_id, evidence.page])
    assert f"{page_image}?evidence=" in html
    assert "Evidence by dimension" in html


def test_the_candidate_page_lists_publications_and_degrees(client, ranked):
    role, people = ranked
    researcher = people[0]
    paper = Publication.objects.filter(candidate=researcher).exclude(venue="").first()

    html = client.get(candidate_url(role, researcher)).content.decode()

    assert paper.title in html
    assert paper.venue in html
    assert paper.get_kind_display() in html
    assert paper.get_author_position_display() in html
    assert "CV p. 1" in html  # a paper read from the .bib links to where the CV shows it
    assert "PhD" in html


def test_the_gap_analysis_says_in_plain_words_what_is_covered_and_what_is_missing(client, ranked):
    role, _ = ranked
    engineer = applicant(role, 300, archetype="software_engineer")
    role_assess(role=role)
    assert Assessment.objects.get(application__candidate=engineer).has_barrier

    review = client.get(candidate_url(role, engineer)).context["review"]

    titles = [group["title"] for group in review.gaps]
    assert titles[0] == "Genuine barriers"
    barrier = review.gaps[0]["items"][0]
    assert "where the role needs level" in barrier["sentence"]
    assert "not closeable" in barrier["sentence"]
    assert "Covered" in titles or "Closeable gaps" in titles


def test_recording_a_decision_keeps_the_history(client, ranked, recruiter):
    role, people = ranked
    url = reverse("decision_create", args=[role.pk, people[0].pk])

    first = client.post(url, {"outcome": "hold", "reason": "Check references first."})
    second = client.post(url, {"outcome": "advance", "reason": "Strong first-author record."})
    page = client.get(candidate_url(role, people[0])).content.decode()

    assert first.status_code == second.status_code == 302
    assert list(Decision.objects.values_list("outcome", flat=True)) == ["advance", "hold"]
    assert Decision.objects.first().decided_by == recruiter.user
    assert "Strong first-author record." in page
    assert "Check references first." in page
    assert page.index("Strong first-author record.") < page.index("Check references first.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "advance", "reason": "   "}, "Give a reason for the decision; it is kept"),
        ({"outcome": "advance"}, "Give a reason for the decision; it is kept"),
        ({"reason": "Good"}, "Choose advance, hold or reject."),
        ({"outcome": "maybe", "reason": "Good"}, "Select a valid choice"),
    ],
)
def test_a_decision_without_a_reason_or_outcome_is_refused(client, ranked, data, message):
    role, people = ranked

    response = client.post(reverse("decision_create", args=[role.pk, people[0].pk]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_a_quotes_page_is_rendered_with_the_quote_highlighted(client, ranked):
    _, people = ranked
    evidence = Evidence.objects.filter(
        candidate=people[0], document__kind="cv", page=1, signal="phd_completed"
    ).first()
    url = reverse("document_page_image", args=[evidence.document_id, 1])

    response = client.get(url, {"evidence": evidence.pk})
    again = client.get(url, {"evidence": evidence.pk})
    plain = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert int(response["X-Referee-Highlights"]) >= 1
    assert again.content == response.content  # cached
    assert plain["X-Referee-Highlights"] == "0"


def test_the_page_viewer_works_without_javascript(client, ranked):
    _, people = ranked
    evidence = Evidence.objects.filter(candidate=people[0], document__kind="cv", page=1).first()

    response = client.get(
        reverse("document_page", args=[evidence.document_id, 1]), {"evidence": evidence.pk}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert evidence.quote in html
    assert f"pages/1.png?evidence={evidence.pk}" in html


def test_a_page_that_does_not_exist_is_not_found(client, ranked):
    _, people = ranked
    document = people[0].documents.get(kind="cv")

    assert client.get(reverse("document_page", args=[document.pk, 9])).status_code == 404
    assert client.get(reverse("document_page_image", args=[document.pk, 9])).status_code == 404


def test_the_candidate_page_makes_the_same_number_of_queries_however_much_evidence(client, ranked):
    role, people = ranked
    little = applicant(role, 900, archetype="software_engineer")
    role_assess(role=role)
    client.get(candidate_url(role, people[0]))

    counts = []
    for candidate in (little, people[0]):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(candidate_url(role, candidate)).status_code == 200
        counts.append(len(queries))

    assert (
        Evidence.objects.filter(candidate=people[0]).count()
        > 3 * Evidence.objects.filter(candidate=little).count()
    )
    assert counts[0] == counts[1]
    # 18 reads (one asks whether another role requires blind review; two are the lab's stages
    # and the application's moves) and the audit's write
    assert counts[1] <= 19


def test_a_candidate_still_being_read_has_a_clear_page(client, recruiter):
    from screening.applications import document_upload
    from tests.pages import make_role
    from tests.pdfs import text_pdf

    role = make_role(recruiter.lab)
    document = document_upload(
        lab=recruiter.lab, content=text_pdf("Ada"), filename="ada.pdf", role=role
    ).document
    client.force_login(recruiter.user)

    response = client.get(candidate_url(role, document.candidate))

    assert response.status_code == 200
    assert b"Not assessed yet" in response.content
    assert b"Queued" in response.content


def test_compare_shows_two_to_four_candidates_criterion_by_criterion(client, ranked):
    role, people = ranked
    url = reverse("compare", args=[role.pk])

    response = client.get(url, {"c": [people[2].pk, people[0].pk]})

    comparison = response.context["comparison"]
    assert response.status_code == 200
    assert [e.candidate_id for e in comparison.columns] == [people[2].pk, people[0].pk]
    assert [row["name"] for row in comparison.rows] == [
        c.name for c in get_template("research-scientist-ml").criteria
    ]
    assert all(len(row["cells"]) == 2 and all(row["cells"]) for row in comparison.rows)
    html = response.content.decode()
    assert people[0].name in html
    assert people[2].name in html


@pytest.mark.parametrize("count", [1, 5])
def test_compare_needs_two_to_four_candidates(client, recruiter, count):
    role, people = assessed_role(recruiter.lab, count=5)
    client.force_login(recruiter.user)

    response = client.get(reverse("compare", args=[role.pk]), {"c": [p.pk for p in people[:count]]})

    assert response.status_code == 400
    assert b"Choose between 2 and 4 candidates" in response.content


def test_compare_refuses_candidates_of_another_role(client, recruiter, ranked):
    role, people = ranked
    stranger = applicant(assessed_role(member().lab, count=1)[0], 77)

    response = client.get(reverse("compare", args=[role.pk]), {"c": [people[0].pk, stranger.pk]})

    assert response.status_code == 400
    assert b"has not applied to this role" in response.content


def test_a_cv_read_in_part_says_so_on_the_candidate_page(client, ranked):
    role, people = ranked
    document = people[0].documents.first()
    document.analysis = (document.analysis or {}) | {
        "reading": {
            "complete": False,
            "publications_incomplete": [
                "Under “Publications”, 11 items are numbered; 4 were read."
            ],
        }
    }
    document.save(update_fields=["analysis"])

    html = client.get(candidate_url(role, people[0])).content.decode()

    assert "Needs a human read" in html
    assert "11 items are numbered; 4 were read" in html


def test_a_papers_track_is_named_in_words_on_the_candidate_page(client, ranked):
    role, people = ranked
    paper = Publication.objects.filter(candidate=people[0]).exclude(venue="").first()
    paper.track = "datasets_benchmarks"
    paper.save(update_fields=["track"])

    html = client.get(candidate_url(role, people[0])).content.decode()

    assert "(Datasets and Benchmarks)" in html
    assert "datasets_benchmarks" not in html
