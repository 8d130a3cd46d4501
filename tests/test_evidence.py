"""Evidence for every rubric dimension, each item quoting the line and page it rests on."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from candidates.analysis import analyze
from candidates.dimensions import Dimension
from candidates.extraction.document import DegreeRecord, PublicationRecord
from candidates.extraction.evidence import extract_evidence, publication_category
from candidates.features import FEATURE_NAMES, compute_features
from tests.pdfs import text_pdf
from tests.test_cv_structure import H, document

TODAY = date(2026, 6, 1)


def paper(**fields) -> PublicationRecord:
    base: dict[str, Any] = {
        "title": "A Paper",
        "authors": ("Ada Example", "B. Other", "C. Third"),
        "year": 2024,
        "venue": "NeurIPS",
        "venue_raw": "NeurIPS 2024",
        "kind": "conference",
        "track": "main",
        "tier": "top",
        "area": "ml",
        "status": "published",
        "author_position": "first",
        "equal_contribution": None,
        "quote": "Ada Example, B. Other, C. Third. A Paper. NeurIPS 2024.",
        "page": 2,
        "source": "cv",
    }
    return PublicationRecord(**(base | fields))


def phd(**fields) -> DegreeRecord:
    base: dict[str, Any] = {
        "level": "phd",
        "field": "Statistics",
        "institution": "Northvale University",
        "year": 2021,
        "status": "completed",
        "quote": "Ph.D. in Statistics, Northvale University 2016 - 2021",
        "page": 1,
        "start_year": 2016,
    }
    return DegreeRecord(**(base | fields))


def signals(items) -> set[tuple[str, str]]:
    return {(item.dimension, item.signal) for item in items}


def test_phrases_count_only_in_the_sections_where_they_mean_something():
    doc = document(
        ("Experience", H),
        "Research Intern, Google DeepMind  2022",
        "Implemented custom training loops in PyTorch and wrote CUDA kernels",
        "Designed ablations against strong baselines",
        ("Service", H),
        "Reviewer for NeurIPS and ICML; co-organizer of a workshop",
        ("Publications", H),
        "Mentoring Matters: A Study of Reviewer Behaviour. ICML 2023.",
    )

    found = extract_evidence(doc, [], [])

    assert {
        (Dimension.RESEARCH_EXPERIENCE, "research_position"),
        (Dimension.COLLABORATION, "research_lab_internship"),
        (Dimension.CODING, "dl_framework"),
        (Dimension.CODING, "performance_code"),
        (Dimension.CODING, "research_engineering"),
        (Dimension.RESEARCH_METHODOLOGY, "experiment_design"),
        (Dimension.RESEARCH_METHODOLOGY, "peer_review"),
        (Dimension.COLLABORATION, "organizing"),
    } <= signals(found)
    # A paper's title is not evidence of mentoring.
    assert (Dimension.COLLABORATION, "mentoring") not in signals(found)


def test_every_item_quotes_its_line_and_page():
    doc = document(("Skills", H), "Python, PyTorch, JAX")

    (item, *_) = [i for i in extract_evidence(doc, [], []) if i.signal == "dl_framework"]

    assert (item.quote, item.page) == ("Python, PyTorch, JAX", 1)


def test_degrees_and_papers_become_evidence_of_several_dimensions():
    found = extract_evidence(document(), [phd()], [paper(), paper(title="B", area="theory")])

    assert {
        (Dimension.CREDENTIALS, "phd_completed"),
        (Dimension.MATH_DEPTH, "strong_math_degree"),
        (Dimension.RESEARCH_METHODOLOGY, "phd_completed"),
        (Dimension.PUBLICATIONS, "top_venue_paper"),
        (Dimension.RESEARCH_METHODOLOGY, "first_author_paper"),
        (Dimension.MATH_DEPTH, "theory_paper"),
        (Dimension.COLLABORATION, "coauthored_paper"),
    } <= signals(found)


def test_papers_fall_into_one_category_each():
    assert publication_category(paper()) == "top_venue_paper"
    assert publication_category(paper(kind="workshop", tier="other")) == "workshop_paper"
    assert publication_category(paper(kind="preprint", tier=None)) == "preprint"
    assert publication_category(paper(tier="strong")) == "strong_venue_paper"
    assert publication_category(paper(tier=None)) == "peer_reviewed_paper"


def test_features_count_papers_by_tier_authorship_and_recency():
    papers = [
        paper(),
        paper(title="Old", year=2015),
        paper(title="W", kind="workshop", tier="other", author_position="middle"),
        paper(title="P", kind="preprint", tier=None, status="preprint"),
    ]

    features = compute_features([], [phd()], papers, today=TODAY)

    assert features["pubs_total"] == 4
    assert features["pubs_top"] == 2
    assert features["pubs_top_first_author"] == 2
    assert features["pubs_workshop"] == 1
    assert features["pubs_preprint"] == 1
    assert features["pubs_recent"] == 3
    assert features["pubs_top_recent"] == 1
    assert features["years_publishing"] == 12
    assert features["phd_completed"] is True
    assert features["years_since_phd"] == 5
    assert features["degree_level"] == 4


def test_unknown_is_not_zero():
    features = compute_features([], [], [], today=TODAY)

    assert features["relevant_degree"] is None
    assert features["years_since_phd"] is None
    assert features["years_publishing"] is None
    assert features["pubs_total"] == 0


def test_protected_attributes_are_never_features():
    protected = ("age", "birth", "gender", "sex", "nationality", "citizen", "marital", "photo",
                 "religion", "race", "ethnic", "name", "email")  # fmt: skip

    assert not [f for f in FEATURE_NAMES if set(f.split("_")) & set(protected)]
    assert set(compute_features([], [], [], today=TODAY)) == set(FEATURE_NAMES)


def test_birth_date_nationality_and_gender_on_a_cv_are_read_nowhere():
    content = text_pdf(
        "Ada Example\nDate of Birth: 1 January 1990 | Nationality: Freedonian | Gender: female\n"
        "Marital status: married\nEducation\nPh.D. in Statistics, Northvale University 2016-2021"
    )

    analysis = analyze(content, kind="cv", today=TODAY)

    stored = json.dumps(analysis.to_json())
    assert analysis.person.name == "Ada Example"
    for cue in ("1990", "Freedonian", "female", "married", "Birth"):
        assert cue not in stored


def test_co_first_authors_count_as_first_authors_and_co_senior_ones_do_not():
    papers = [
        paper(quote="Shared lead", author_position="middle", equal_contribution=True),
        paper(quote="Joint supervision", author_position="last", equal_contribution=False),
        paper(quote="Middle", author_position="middle", equal_contribution=False),
        paper(quote="Lead"),
    ]

    features = compute_features([], [phd()], papers, today=TODAY)

    assert features["pubs_first_author"] == 2
    assert features["pubs_top_first_author"] == 2
    evidence = extract_evidence(document(("Publications", H)), [], papers)
    assert sum(item.signal == "first_author_paper" for item in evidence) == 2


def test_languages_are_matched_as_words_and_a_skills_list_is_weaker_than_described_work():
    doc = document(
        ("Awards", H),
        "Wellcome Trust Fellowship, 2021",
        ("Skills", H),
        "C, C++, Rust, Java",
        ("Experience", H),
        "Wrote SIMD kernels in C for a sparse solver; maintained the open-source package",
    )

    found = extract_evidence(doc, [], [])
    by_signal = {(i.signal, i.quote) for i in found if i.dimension == Dimension.CODING}

    # "Trust" is not Rust; the languages of a skills list are listed, not performance work.
    assert not any("Trust" in quote for _, quote in by_signal)
    assert ("programming_languages", "C, C++, Rust, Java") in by_signal
    assert ("performance_code", "C, C++, Rust, Java") not in by_signal
    described = "Wrote SIMD kernels in C for a sparse solver; maintained the open-source package"
    assert {("performance_code", described), ("open_source", described)} <= by_signal


def test_kernel_methods_are_not_performance_code_and_scale_is_read():
    doc = document(
        ("Experience", H),
        "Studied kernel methods and Gaussian processes",
        "Trained billion-parameter models on 2,048 GPUs",
    )

    coding = {i.signal for i in extract_evidence(doc, [], []) if i.dimension == Dimension.CODING}

    assert "performance_code" not in coding
    assert "scale_work" in coding


def test_features_count_top_papers_per_field_with_first_authors_and_strong_venues():
    papers = [
        paper(),
        paper(title="Shared", author_position="middle", equal_contribution=True),
        paper(title="Middle", author_position="middle"),
        paper(title="Strong", tier="strong", venue="AISTATS"),
        paper(title="PRL", area="physics", venue="PRL"),
    ]

    features = compute_features([], [phd()], papers, today=TODAY)

    assert (features["pubs_top_ml"], features["pubs_top_first_ml"]) == (3, 2)
    assert features["pubs_strong_ml"] == 1
    assert features["pubs_top_physics"] == 1
    assert features["pubs_top"] == 4


def test_no_degree_read_leaves_the_career_stage_unknown():
    assert compute_features([], [], [], today=TODAY)["career_stage"] is None
    assert compute_features([], [phd()], [], today=TODAY)["career_stage"] is not None
