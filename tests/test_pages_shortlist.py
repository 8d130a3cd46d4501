"""The roles list and a role's shortlist: counts, ranking, markers, filters, CSV and queries."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from django.urls import reverse

from candidates.models import Candidate, Document, DocumentStatus
from screening.applications import document_upload
from screening.assessing import role_assess
from screening.decisions import decision_record
from screening.models import Application, Assessment, Criterion, LabRole
from screening.rubric_templates import get_template
from screening.services import rubric_revise
from screening.spreadsheets import FORMULA_STARTS
from tests.pages import applicant, assessed_role, make_role, member
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def recruiter():
    return member(LabRole.RECRUITER)


@pytest.fixture
def ranked(recruiter):
    role, people = assessed_role(recruiter.lab, count=4)
    return role, people


def shortlist_names(response) -> list[str]:
    return [entry.label for entry in response.context["entries"]]


def test_the_roles_list_counts_candidates_being_read_and_decided(client, recruiter, ranked):
    role, people = ranked
    decision_record(
        application=Application.objects.get(candidate=people[0]), outcome="advance", reason="ok"
    )
    document_upload(lab=recruiter.lab, content=text_pdf("Queued"), filename="q.pdf", role=role)
    client.force_login(recruiter.user)

    response = client.get(reverse("home"))

    listed = response.context["roles"].get(pk=role.pk)
    assert (listed.candidate_count, listed.assessed_count) == (5, 4)
    assert (listed.processing_count, listed.decided_count, listed.rubric_version) == (1, 1, 1)
    assert role.title.encode() in response.content


def test_a_lab_without_roles_explains_how_to_start(client, recruiter):
    client.force_login(recruiter.user)

    response = client.get(reverse("home"))

    assert b"No roles yet" in response.content
    assert b"hiring manager" in response.content


def test_the_shortlist_ranks_by_score_with_barriers_after_the_others(client, recruiter, ranked):
    role, _ = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("role_detail", args=[role.pk]))

    entries = response.context["entries"]
    assert [e.rank for e in entries] == [1, 2, 3, 4]
    barriers = [e.has_barrier for e in entries]
    assert barriers == sorted(barriers)
    scores = [e.score for e in entries if not e.has_barrier]
    assert scores == sorted(scores, reverse=True)
    html = response.content.decode()
    # One small bar per criterion, each labelled for screen readers.
    criteria = len(get_template("research-scientist-ml").criteria)
    assert html.count('class="bar state-') == 4 * criteria
    assert "level 3 of 4" in html or "level 4 of 4" in html
    assert ">Barrier<" in html


def test_a_decision_and_insufficient_evidence_show_in_the_shortlist(client, recruiter, ranked):
    role, people = ranked
    decision_record(
        application=Application.objects.get(candidate=people[1]), outcome="hold", reason="later"
    )
    Assessment.objects.filter(application__candidate=people[2]).update(insufficient_count=2)
    client.force_login(recruiter.user)

    html = client.get(reverse("role_detail", args=[role.pk])).content.decode()

    assert 'class="decision decision-hold">Hold<' in html
    assert "Needs a human read" in html
    assert "2 criteria the documents as read do not let us judge" in html


def test_after_a_rubric_edit_the_shortlist_marks_stale_scores_then_shows_rank_moves(
    client, recruiter, ranked
):
    role, _ = ranked
    before = {a.application_id: a.score for a in Assessment.objects.filter(role=role)}
    template = get_template("research-scientist-ml")
    # Coding now dominates: the engineer climbs, the researcher may drop.
    criteria = [replace(c, weight=20 if c.dimension == "coding" else c.weight, must_have=False)
                for c in template.criteria]  # fmt: skip
    rubric_revise(role=role, criteria=criteria, based_on=None, note="coding first")
    client.force_login(recruiter.user)

    stale = client.get(reverse("role_detail", args=[role.pk])).content.decode()
    role_assess(role=role)
    fresh = client.get(reverse("role_detail", args=[role.pk]))

    assert "Rescoring:" in stale
    assert stale.count(">Rescoring<") == 4
    assert 'name="referee-refresh"' in stale
    assert "Rescoring" not in fresh.content.decode()
    assert "rubric v2 (coding first)" in fresh.content.decode()
    moved = [e for e in fresh.context["entries"] if e.movement]
    assert moved, "some ranks moved under the new weights"
    assert all(e.previous_rank == e.rank + e.movement for e in moved)
    assert "from rank" in fresh.content.decode()
    assert {a.application_id: a.score for a in Assessment.objects.filter(role=role)} != before


def test_search_filter_and_sort(client, recruiter, ranked):
    role, people = ranked
    decision_record(
        application=Application.objects.get(candidate=people[0]), outcome="advance", reason="ok"
    )
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])
    name = people[1].name

    searched = client.get(url, {"q": name.split()[-1].lower()})
    by_number = client.get(url, {"q": f"#{people[2].pk}"})
    advanced = client.get(url, {"decision": "advance"})
    undecided = client.get(url, {"decision": "undecided"})
    barriers = client.get(url, {"show": "barrier"})
    by_name = client.get(url, {"sort": "name"})
    nothing = client.get(url, {"q": "nobody-like-this"})

    assert name in shortlist_names(searched)
    assert shortlist_names(by_number) == [people[2].name]
    assert shortlist_names(advanced) == [people[0].name]
    assert len(undecided.context["entries"]) == 3
    assert all(e.has_barrier for e in barriers.context["entries"])
    assert shortlist_names(by_name) == sorted(shortlist_names(by_name))
    # Filters never renumber the ranking.
    full = {e.candidate_id: e.rank for e in client.get(url).context["entries"]}
    assert all(full[e.candidate_id] == e.rank for e in advanced.context["entries"])
    assert b"No candidate matches these filters" in nothing.content


def test_the_shortlist_empty_states(client, recruiter):
    role = make_role(recruiter.lab)
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])

    empty = client.get(url)
    document_upload(lab=recruiter.lab, content=text_pdf("A"), filename="a.pdf", role=role)
    reading = client.get(url)

    assert b"No candidates yet" in empty.content
    assert b"still being read" in reading.content


def test_failed_documents_are_pointed_out(client, recruiter):
    role = make_role(recruiter.lab)
    document = document_upload(
        lab=recruiter.lab, content=text_pdf("B"), filename="x.pdf", role=role
    ).document
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED, error="Damaged")
    client.force_login(recruiter.user)

    response = client.get(reverse("role_detail", args=[role.pk]))

    assert b"1 document could not be read" in response.content


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_export_has_every_criterions_level(client, recruiter, ranked):
    role, people = ranked
    client.force_login(recruiter.user)

    response = client.get(reverse("role_csv", args=[role.pk]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4"]
    assert {row["name"] for row in rows} == {p.name for p in people}
    for criterion in get_template("research-scientist-ml").criteria:
        assert all(row[f"{criterion.name} (level)"] in "01234" for row in rows)
        assert all(row[f"{criterion.name} (state)"] for row in rows)


def test_the_csv_export_follows_the_filters(client, recruiter, ranked):
    role, _ = ranked
    client.force_login(recruiter.user)

    rows = read_csv(client.get(reverse("role_csv", args=[role.pk]), {"show": "no_barrier"}))

    assert rows
    assert {row["barrier"] for row in rows} == {"no"}


def test_the_csv_export_defuses_spreadsheet_formulas(client, recruiter, ranked):
    role, people = ranked
    Candidate.objects.filter(pk=people[0].pk).update(name="=HYPERLINK(1)")
    client.force_login(recruiter.user)

    rows = read_csv(client.get(reverse("role_csv", args=[role.pk])))

    assert "'=HYPERLINK(1)" in {row["name"] for row in rows}


def test_the_csv_export_defuses_formulas_in_criterion_names(client, recruiter, ranked):
    role, _ = ranked
    criterion = role.current_rubric.criteria.first()
    Criterion.objects.filter(pk=criterion.pk).update(name='=HYPERLINK("http://x.example/?")')
    client.force_login(recruiter.user)

    response = client.get(reverse("role_csv", args=[role.pk]))
    header = next(csv.reader(io.StringIO(response.content.decode())))

    assert """'=HYPERLINK("http://x.example/?") (level)""" in header
    assert not any(cell.startswith(FORMULA_STARTS) for cell in header)


# Session, user, role, membership; the lab's stages; the list's count, the page's ids in order
# and its rows, ranks, the criteria of its rows and of the rubric, the rubric; the progress
# counts, stale and applicant counts; the labs.
PAGE_QUERIES = 16
# Session, user, role, membership; the lab's stages; the rows, ranks, criteria; the rubric and
# its criteria; the audit event.
CSV_QUERIES = 11


def test_the_shortlist_and_its_csv_make_the_same_number_of_queries_for_3_or_9_candidates(
    client, recruiter, django_assert_num_queries
):
    role, _ = assessed_role(recruiter.lab, count=3)
    client.force_login(recruiter.user)
    url = reverse("role_detail", args=[role.pk])
    csv_url = reverse("role_csv", args=[role.pk])
    client.get(url)  # the first visit remembers the lab in the session

    for more in (0, 6):
        for seed in range(more):
            applicant(role, 500 + seed, archetype="phd_student", bib=True)
        role_assess(role=role)
        assert Assessment.objects.filter(role=role).count() == 3 + more
        with django_assert_num_queries(PAGE_QUERIES):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(CSV_QUERIES):
            assert client.get(csv_url).status_code == 200
        filtered = {"q": "a", "show": "no_barrier", "sort": "name"}
        # Filtered and sorted alike, and the search of what the documents say (nothing here is
        # indexed, so no quotes are read: tests/test_search_pages.py counts those).
        with django_assert_num_queries(PAGE_QUERIES + 1):
            assert client.get(url, filtered).status_code == 200


def test_the_progress_endpoint_reports_counts_and_the_documents_asked_for(client, recruiter):
    role = make_role(recruiter.lab)
    mine = document_upload(lab=recruiter.lab, content=text_pdf("A"), filename="a.pdf", role=role)
    client.force_login(recruiter.user)

    data = client.get(
        reverse("role_progress", args=[role.pk]), {"documents": f"{mine.document.pk},999999"}
    ).json()

    assert data["counts"]["queued"] == 1
    assert data["stale"] == 0
    assert [(d["id"], d["name"], d["status"]) for d in data["documents"]] == [
        (mine.document.pk, "a.pdf", "queued")
    ]
