"""The admin's candidate page stays small however many facts a candidate has."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.admin import FACTS_SHOWN
from candidates.models import Degree, DegreeLevel, Evidence, Publication
from candidates.services import document_ingest
from tests.factories import CandidateFactory
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

MANY = 6_000


def candidate_with(publications: int):
    """A candidate whose list holds ``publications`` papers, each with a piece of evidence."""
    candidate = CandidateFactory.create(name="Ada Quill")
    document = document_ingest(
        lab_id=candidate.lab_id,
        content=text_pdf(f"Ada Quill {publications}"),
        filename="ada__papers.pdf",
        candidate=candidate,
        enqueue=False,
    ).document
    cited = {"candidate": candidate, "document": document, "quote": "A paper", "page": 1}
    Publication.objects.bulk_create(
        Publication(title=f"Paper number {n}", year=2000 + n % 25, kind="journal", **cited)
        for n in range(publications)
    )
    Evidence.objects.bulk_create(
        Evidence(dimension="publications", signal="journal_paper", **cited)
        for _ in range(publications)
    )
    Degree.objects.create(level=DegreeLevel.PHD, field="Computer Science", **cited)
    return candidate


def change_page(client, candidate):
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_candidate_admin_page_is_bounded_however_many_publications(admin_client):
    warm = candidate_with(5)
    change_page(admin_client, warm)  # the first request also loads the content types
    few, few_queries = change_page(admin_client, warm)
    many, many_queries = change_page(admin_client, candidate_with(MANY))

    assert many_queries == few_queries
    # 20 rows of each kind at most: about 90 kB, where all 12,000 rows made megabytes.
    assert len(many) < 2 * len(few) < 200_000
    assert "6,000 publications" in many
    assert "6,000 evidence" in many
    assert len(re.findall(r'<tr [^>]*id="publications-\d+"', many)) == FACTS_SHOWN
    assert len(re.findall(r'<tr [^>]*id="evidence-\d+"', many)) == FACTS_SHOWN


def test_the_candidate_admin_page_links_to_all_their_publications_a_page_at_a_time(admin_client):
    candidate = candidate_with(MANY)
    candidate_with(3)  # someone else's papers stay out of the list
    html, _ = change_page(admin_client, candidate)
    link = re.search(r'href="([^"]*/publication/\?candidate__id__exact=(\d+))"', html)

    listed = admin_client.get(link.group(1))

    assert link.group(2) == str(candidate.pk)
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == MANY
    assert listed.content.decode().count("Paper number") == 100  # one page of the list


def test_saving_a_candidate_with_many_publications_keeps_them_all(admin_client):
    """The page posts back the rows it showed; the rest are neither touched nor required."""
    candidate = candidate_with(MANY)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    shown = admin_client.get(url).context
    data = {k: v for k, v in shown["adminform"].form.initial.items() if v is not None}
    data["name"] = "Ada B. Quill"
    for inline in shown["inline_admin_formsets"]:
        formset, management = inline.formset, inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
        for row in formset.initial_forms:
            data[row.add_prefix("id")] = row.instance.pk
            data[row.add_prefix(formset.fk.name)] = candidate.pk

    response = admin_client.post(url, data)

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.name == "Ada B. Quill"
    assert Publication.objects.filter(candidate=candidate).count() == MANY
