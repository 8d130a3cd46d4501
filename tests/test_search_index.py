"""Full-text search finds what the documents say: CV text, degree lines, papers and quotes,
with the quote and its page; safely, in one lab only, blind when it must be, and forgets the
erased."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from candidates.models import Candidate, PageText
from candidates.synthetic import generate
from screening.applications import candidate_update
from screening.blinding import BlindView
from screening.privacy import candidate_erase
from search import schema
from search.index import (
    MAX_QUERY_CHARS,
    QueryRejected,
    index_candidate,
    parse_query,
    remove_candidate,
    search_candidates,
)
from search.models import EntrySource, SearchEntry
from tests.factories import LabFactory
from tests.pages import applicant, make_role
from tests.search_support import read_candidate

pytestmark = pytest.mark.django_db

SEEING = BlindView()  # a viewer who sees every candidate
BLIND = BlindView(everyone=True)


def seeing(ids):
    return SEEING


def blind(ids):
    return BLIND


@pytest.fixture
def lab():
    return LabFactory.create()


@pytest.fixture
def ada(lab):
    return read_candidate(
        lab,
        name="Ada Lovelace",
        email="ada@lovelace.example.org",
        pages=[
            "Ada Lovelace\nada@lovelace.example.org · github.com/adalove\n"
            "Education\nPhD in Computer Science, Stanford University, 2021\n"
            "Skills\nWrote a distributed PyTorch trainer used by 40 researchers.",
            "Publications\nDeep learning for hydrology: flood forecasting at scale. WRR 2022.",
        ],
        papers=[("Deep learning for hydrology: flood forecasting at scale", "WRR")],
        degrees=["PhD in Computer Science, Stanford University, 2021"],
        quotes=["Wrote a distributed PyTorch trainer used by 40 researchers."],
    )


@pytest.fixture
def grace(lab):
    return read_candidate(
        lab,
        name="Grace Hopper",
        pages=["Grace Hopper\nResearch on reinforcement learning for compilers, MIT."],
    )


def only(hits):
    assert len(hits) == 1, hits
    return hits[0]


def test_pytorch_in_cv_text_is_found_with_the_quote_marked_and_its_page(ada, grace, lab):
    hit = only(search_candidates(lab=lab, query="PyTorch", blind=seeing))

    assert hit.candidate_id == ada.pk
    assert "<mark>PyTorch</mark>" in hit.quote
    assert hit.page == 1
    assert hit.document_id == ada.documents.get().pk
    assert hit.on_cv_page
    assert "distributed PyTorch trainer" in hit.text


def test_stanford_in_a_degree_line_is_found_on_its_page(ada, grace, lab):
    hit = only(search_candidates(lab=lab, query="stanford", blind=seeing))

    assert hit.candidate_id == ada.pk
    assert "<mark>Stanford</mark> University" in hit.quote
    assert hit.page == 1


def test_hydrology_in_a_publication_title_is_found_with_the_paper(ada, grace, lab):
    hit = only(search_candidates(lab=lab, query="hydrology", blind=seeing))

    assert hit.candidate_id == ada.pk
    assert "<mark>hydrology</mark>" in hit.quote
    assert hit.page == 2


def test_a_paper_is_quoted_by_its_id_so_the_page_highlights_its_title(lab):
    alan = read_candidate(
        lab,
        name="Alan Turing",
        pages=["Alan Turing", "Morphogenesis"],
        papers=[("The chemical basis of morphogenesis", "Phil. Trans.")],
    )
    paper = alan.publications.get()
    SearchEntry.objects.filter(candidate=alan, source=EntrySource.PAGE).delete()

    hit = only(search_candidates(lab=lab, query="chemical basis", blind=seeing))

    assert (hit.source, hit.source_id) == (EntrySource.PUBLICATION, paper.pk)
    assert hit.highlight == f"publication={paper.pk}"


def test_every_word_must_appear_and_a_quoted_phrase_must_appear_as_typed(ada, grace, lab):
    read_candidate(lab, name="Kurt", pages=["Learning theory; reinforcement of bridges."])

    phrase = search_candidates(lab=lab, query='"reinforcement learning"', blind=seeing)
    words = search_candidates(lab=lab, query="reinforcement learning", blind=seeing)

    assert [h.candidate_id for h in phrase] == [grace.pk]
    assert len(words) == 2
    assert "<mark>reinforcement learning</mark>" in phrase[0].quote


def test_a_minus_word_excludes_the_candidates_that_have_it(ada, grace, lab):
    hits = search_candidates(lab=lab, query="research -compilers", blind=seeing)

    assert [h.candidate_id for h in hits] == [ada.pk]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "pytorch\"'",
        "(pytorch",
        "pytorch)",
        "()",
        "NEAR(pytorch stanford)",
        "pytorch NEAR stanford",
        "pyt*",
        "*",
        "-",
        "-pytorch",
        "- - -",
        "pytorch OR",
        "AND OR NOT",
        "text: pytorch",
        "masked : ada",
        "{text masked}: ada",
        "^pytorch",
        "pytorch + stanford",
        "'; DROP TABLE search_entry; --",
        "\\x00 \x00 pytorch",
        "py\x00torch",
        "Ünïcödé 北京 λόγος 😀",
        "\ue000pytorch\ue001",
        "a" * MAX_QUERY_CHARS,
    ],
)
def test_hostile_queries_never_raise(ada, lab, query):
    hits = search_candidates(lab=lab, query=query, blind=seeing)

    assert all("<script" not in h.quote for h in hits)
    assert SearchEntry.objects.filter(candidate=ada).exists()  # nothing was dropped


def test_operators_typed_are_words_not_syntax(ada, lab):
    assert search_candidates(lab=lab, query="-pytorch", blind=seeing) == []
    assert search_candidates(lab=lab, query="pytorch NEAR", blind=seeing) == []
    assert only(search_candidates(lab=lab, query="(pytorch)", blind=seeing)).candidate_id == ada.pk


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or a phrase"),
        ("   ", "Type a word or a phrase"),
        ("x" * 10_000, f"at most {MAX_QUERY_CHARS} characters long; this one has 10000"),
    ],
)
def test_a_blank_or_too_long_query_is_refused_with_a_reason(ada, lab, query, message):
    with pytest.raises(QueryRejected, match=message):
        search_candidates(lab=lab, query=query, blind=seeing)


def test_a_query_is_read_as_phrases_and_exclusions():
    parsed = parse_query('  PyTorch "graph  neural" -jax * ( ')

    assert parsed.phrases == ("PyTorch", "graph neural")
    assert parsed.excluded == ("jax",)
    assert parsed.fts5("text") == 'text : (("PyTorch" AND "graph neural") NOT ("jax"))'
    assert parsed.websearch() == '"PyTorch" "graph neural" -"jax"'


def test_a_quote_is_escaped_for_html_before_its_match_is_marked(lab):
    read_candidate(lab, name="Eve", pages=['<script>alert("x")</script> & PyTorch <b>'])

    hit = only(search_candidates(lab=lab, query="pytorch", blind=seeing))

    # Escaped (SQLite), or left out of the quote as markup (PostgreSQL's headline).
    assert "<script>" not in hit.quote
    assert "<b>" not in hit.quote
    assert "&amp; <mark>PyTorch</mark>" in hit.quote


def test_marks_written_in_a_document_are_not_taken_for_the_search_s_own(lab):
    read_candidate(lab, name="Mallory", pages=["\ue000<img src=x>\ue001 PyTorch \ue000"])

    hit = only(search_candidates(lab=lab, query="pytorch", blind=seeing))

    assert hit.quote.count("<mark>") == hit.quote.count("</mark>") == 1
    assert "<img" not in hit.quote


def test_no_hit_ever_comes_from_another_lab(ada, lab):
    other = LabFactory.create()
    read_candidate(other, name="Other PyTorch user", pages=["PyTorch at Stanford, hydrology."])

    for query in ("pytorch", "stanford", "hydrology"):
        assert {h.candidate_id for h in search_candidates(lab=lab, query=query, blind=seeing)} == {
            ada.pk
        }
    assert only(search_candidates(lab=other, query="pytorch", blind=seeing)).candidate_id != ada.pk


def test_a_role_search_finds_its_applicants_only(ada, grace, lab):
    role = make_role(lab)
    read_candidate(lab, name="Applicant", pages=["PyTorch and JAX"], role=role)

    hits = search_candidates(lab=lab, query="pytorch", role=role, blind=seeing)

    assert [h.candidate_id for h in hits] == [role.applications.get().candidate_id]


def test_limit_keeps_the_best_matches(lab):
    for n in range(5):
        read_candidate(lab, name=f"C{n}", pages=["PyTorch " * (n + 1) + "filler text " * 20])

    hits = search_candidates(lab=lab, query="pytorch", blind=seeing, limit=2)

    assert len(hits) == 2
    assert hits[0].rank >= hits[1].rank


def test_a_blind_search_neither_matches_nor_shows_names_emails_or_links(ada, lab):
    for query in ("Lovelace", "ada", "ada@lovelace.example.org", "github.com/adalove"):
        assert search_candidates(lab=lab, query=query, blind=blind) == [], query
        assert search_candidates(lab=lab, query=query, blind=seeing), query

    hit = only(search_candidates(lab=lab, query="stanford", blind=blind))

    assert hit.masked
    assert "Lovelace" not in hit.quote
    assert "Ada" not in hit.quote
    assert "Lovelace" not in hit.highlight


def test_the_masked_text_shows_hidden_but_never_matches_it(ada, lab):
    read_candidate(lab, name="Zed Hidden", pages=["Zed Hidden, Stanford; PyTorch"])

    assert search_candidates(lab=lab, query="hidden", blind=blind) == []
    hits = search_candidates(lab=lab, query="pytorch stanford", blind=blind)
    assert all("Zed" not in h.quote for h in hits)
    assert any("[hidden]" in h.quote for h in hits)


def test_blind_review_applies_to_the_candidates_the_viewer_sees_blind_only(ada, grace, lab):
    hidden_ada = BlindView(required=frozenset({ada.pk}))

    found = {
        h.candidate_id: h
        for q in ("Lovelace", "Hopper")
        for h in search_candidates(lab=lab, query=q, blind=lambda ids: hidden_ada)
    }

    assert set(found) == {grace.pk}
    assert "<mark>Hopper</mark>" in found[grace.pk].quote


def test_a_corrected_name_is_masked_in_the_index_too(ada, lab):
    PageText.objects.filter(document__candidate=ada, number=1).update(text="Augusta King, PyTorch")
    index_candidate(ada)
    assert search_candidates(lab=lab, query="Augusta", blind=blind)

    candidate_update(candidate=ada, changes={"name": "Augusta King"})

    assert search_candidates(lab=lab, query="Augusta", blind=blind) == []


def test_erasure_leaves_nothing_of_the_candidate_in_the_index(ada, grace, lab):
    receipt = candidate_erase(candidate=ada)

    assert receipt["search_entries"] > 0
    assert not SearchEntry.objects.filter(candidate_id=ada.pk).exists()
    for query in ("pytorch", "stanford", "hydrology", "Lovelace"):
        assert search_candidates(lab=lab, query=query, blind=seeing) == []
    assert search_candidates(lab=lab, query="hopper", blind=seeing)  # nobody else's went
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE temp.search_terms USING fts5vocab(main, "
                f"{schema.FTS_TABLE}, 'row')"
            )
            cursor.execute("SELECT term FROM temp.search_terms")
            terms = {term for (term,) in cursor.fetchall()}
            cursor.execute("DROP TABLE temp.search_terms")
        assert "hopper" in terms
        assert not terms & {"lovelac", "ada", "pytorch", "stanford", "hydrologi"}


def test_remove_candidate_says_how_many_passages_went(ada):
    count = SearchEntry.objects.filter(candidate=ada).count()

    assert remove_candidate(ada.pk) == count > 0
    assert remove_candidate(ada.pk) == 0


def test_a_document_read_indexes_its_candidate_once_the_reading_commits(
    django_capture_on_commit_callbacks,
):
    lab = LabFactory.create()
    role = make_role(lab)
    person = generate(71, archetype="researcher")
    with django_capture_on_commit_callbacks(execute=True):
        candidate = applicant(role, 71, archetype="researcher")

    assert candidate.name == person.name
    title = person.papers[0].title
    hit = search_candidates(lab=lab, query=f'"{title}"', blind=seeing)
    assert [h.candidate_id for h in hit] == [candidate.pk]
    sources = set(SearchEntry.objects.filter(candidate=candidate).values_list("source", flat=True))
    assert sources >= {EntrySource.PAGE, EntrySource.PUBLICATION, EntrySource.EVIDENCE}


def test_search_reindex_rebuilds_a_lab_s_index(ada, grace, lab):
    other = LabFactory.create()
    read_candidate(other, name="Kept", pages=["kept as it was"])
    SearchEntry.objects.filter(lab=lab).delete()
    out = StringIO()

    call_command("search_reindex", "--lab", lab.slug, stdout=out)

    assert search_candidates(lab=lab, query="pytorch", blind=seeing)
    assert "2 candidates" in out.getvalue()
    assert Candidate.objects.filter(lab=other).count() == 1
    assert SearchEntry.objects.filter(lab=other).exists()


def test_search_reindex_refuses_an_unknown_lab():
    with pytest.raises(Exception, match="No lab with the slug 'nope'"):
        call_command("search_reindex", "--lab", "nope")
