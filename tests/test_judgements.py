"""Judgements a hiring manager can sign: field-aware levels, states with reasons, true sentences."""

from __future__ import annotations

import re

from candidates.features import STAGE_PHD_STUDENT, STAGE_SENIOR
from screening.explanations import explain, sentence
from screening.rubric_templates import get_template
from screening.scoring import (
    BARRIER,
    CLOSEABLE,
    COVERED,
    INSUFFICIENT,
    FeatureTable,
    criterion_facts,
    criterion_result,
    score,
    score_range,
)


def researcher(**features) -> dict:
    base = {
        "cv_read": True,
        "section_publications": True,
        "section_education": True,
        "section_experience": True,
        "section_skills": True,
        "career_stage": STAGE_SENIOR,
        "degree_level": 4,
        "phd_completed": True,
    }
    return base | features


def criterion(slug: str, dimension: str):
    return next(s for s in get_template(slug).criteria if s.dimension == dimension)


def judged(slug: str, dimension: str, features: dict) -> tuple[dict, str]:
    spec = criterion(slug, dimension)
    facts = criterion_facts(spec, criterion_result(spec, FeatureTable([features])), 0)
    return facts, sentence(spec, facts)


# --- Field-aware publication levels -----------------------------------------------------------

PHYSICIST = researcher(pubs_total=6, pubs_top=4, pubs_top_physics=4, pubs_strong=2)


def test_a_physicists_top_papers_are_reported_as_physics_and_make_the_gap_closeable():
    facts, text = judged("research-scientist-ml", "publications", PHYSICIST)

    assert facts["level"] == 1
    assert facts["state"] == CLOSEABLE  # a must-have, but the research record transfers
    assert facts["reason"] == "other_field_record"
    assert "0 top-venue papers in machine learning" in text
    assert "4 in physics" in text
    assert "4 top-venue papers in physics show a research record that transfers" in text


def test_vision_papers_do_not_make_a_top_nlp_record():
    vision = researcher(pubs_total=6, pubs_top=6, pubs_top_cv=6, pubs_top_first_cv=4)

    nlp, _ = judged("research-scientist-nlp", "publications", vision)
    cv, _ = judged("research-scientist-cv", "publications", vision)

    assert nlp["level"] == 1
    assert cv["level"] == 4


def test_level_four_needs_a_sustained_first_author_record_in_the_field():
    handful = researcher(pubs_total=5, pubs_top=5, pubs_top_ml=5, pubs_top_first_ml=1)
    sustained = handful | {"pubs_top_first_ml": 3}
    # Many papers in the field as a middle author do not make a first-author record.
    middle = handful | {"pubs_top": 25, "pubs_top_ml": 25, "pubs_top_first_ml": 0}

    assert judged("research-scientist-ml", "publications", handful)[0]["level"] == 3
    assert judged("research-scientist-ml", "publications", sustained)[0]["level"] == 4
    assert judged("research-scientist-ml", "publications", middle)[0]["level"] == 2


def test_a_stage_lift_says_what_the_record_is_and_what_it_is_for_the_stage():
    student = researcher(
        pubs_total=1, pubs_top=1, pubs_top_ml=1, pubs_top_first_ml=1, career_stage=1
    )
    phd = researcher(pubs_total=3, pubs_top=3, pubs_top_ml=3, pubs_top_first_ml=2,
                     career_stage=STAGE_PHD_STUDENT, degree_level=3)  # fmt: skip

    _, text = judged("research-scientist-ml", "publications", phd)

    assert "a level 3 record, level 4 for a PhD student (counts weighed x1.5)" in text
    _, text = judged("research-scientist-ml", "publications", student)
    assert "a level 2 record, level 3 for a master's level" in text


def test_an_unknown_career_stage_is_unknown_and_not_weighed():
    unknown = researcher(pubs_total=2, pubs_top=2, pubs_top_ml=2, pubs_top_first_ml=1)
    unknown["career_stage"] = None

    facts, text = judged("research-scientist-ml", "publications", unknown)

    assert facts["level"] == facts["record_level"] == 3
    assert "undergraduate" not in text
    result = score(get_template("research-scientist-ml").criteria, FeatureTable([unknown]))
    assert result.criteria[0].levels.tolist() == [3]


# --- Coding from described work -------------------------------------------------------------


def test_a_language_in_a_skills_list_is_weak_and_described_optimised_c_reaches_the_top():
    listed = researcher(programming_languages=3, python=1)
    optimised_c = researcher(performance_code=2, research_engineering=1, open_source=1)

    assert judged("research-scientist-ml", "coding", listed)[0]["level"] == 1
    facts, text = judged("research-scientist-ml", "coding", optimised_c)
    assert facts["level"] == 4  # no deep-learning framework needed
    assert "2 described lines of performance work" in text


def test_a_research_engineer_with_performance_work_has_no_coding_barrier():
    hpc = researcher(performance_code=1, scale_work=1, programming_languages=2)

    facts, _ = judged("research-engineer", "coding", hpc)

    assert facts["level"] == 3
    assert facts["state"] == COVERED


# --- States with reasons ----------------------------------------------------------------------


def test_a_barrier_says_what_was_searched():
    nothing = researcher(pubs_total=0, section_publications=False)

    facts, text = judged("research-scientist-ml", "publications", nothing)

    assert facts["state"] == BARRIER
    assert "searched the CV's publications and any publication list sent" in text


def test_a_low_confidence_reading_is_insufficient_evidence_with_its_range_never_a_barrier():
    partial = researcher(pubs_total=0, pubs_reading_incomplete=True)
    unread = researcher(cv_read=False, pubs_total=0, section_publications=False)
    specs = get_template("research-scientist-ml").criteria

    result = score(specs, FeatureTable([partial, unread]))

    assert not result.barriers.any()
    for index in (0, 1):
        facts = criterion_facts(specs[0], result.criteria[0], index)
        assert facts["state"] == INSUFFICIENT
        assert facts["level_range"] == [0, 2]
    text = sentence(specs[0], criterion_facts(specs[0], result.criteria[0], 0))
    assert "read only in part" in text
    assert "could be 0 to 2" in text
    assert result.scores_max[0] > result.scores[0]


def test_the_score_range_spans_the_unknown_criteria_from_zero_to_their_target():
    specs = get_template("research-scientist-ml").criteria
    ranges = [[2, 2]] + [[0, s.target_level] for s in specs[1:]]

    low, high = score_range([s.weight for s in specs], ranges)

    total = sum(s.weight for s in specs)
    assert low == round(100 * specs[0].weight * 2 / 4 / total, 1)
    assert high == round(100 * sum(s.weight * s.target_level / 4 for s in specs) / total, 1)


def test_a_closeable_gap_says_why_it_is_closeable():
    one_short = researcher(pubs_total=1, pubs_workshop=1)
    quantitative = researcher(quantitative_degree=True, degree_level=1, phd_completed=False)

    _, text = judged("research-scientist-ml", "publications", one_short)
    assert "Closeable gap: 1 level below the target of 2; workshop papers or preprints" in text
    facts, text = judged("ml-theory", "math_depth", quantitative)
    assert facts["state"] == CLOSEABLE
    assert "quantitative training transfers" in text


# --- One source of truth for every sentence ----------------------------------------------------


def test_the_counts_a_sentence_shows_are_the_feature_values_used():
    features = researcher(coauthors_distinct=5, research_lab_internships=2, mentoring=7)

    facts, text = judged("research-scientist-ml", "collaboration", features)

    assert facts["counts"]["research_lab_internships"] == 2
    assert "2 internships at a named research lab" in text
    assert "7 mentoring or teaching lines" in text


def test_a_level_one_sentence_never_cites_a_top_paper_of_the_field():
    off_field = researcher(pubs_total=1, pubs_top=1, pubs_top_systems=1)

    _, text = judged("research-scientist-ml", "publications", off_field)

    assert text.startswith("Level 1 of 4 (Workshop papers, preprints, or papers outside")
    assert "0 top-venue papers in machine learning" in text
    assert "1 in computer systems" in text


def test_explain_and_the_vectorised_facts_agree():
    spec = criterion("research-scientist-ml", "publications")
    rows = [PHYSICIST, researcher(pubs_total=3, pubs_top=3, pubs_top_nlp=3, pubs_top_first_nlp=1)]
    result = criterion_result(spec, FeatureTable(rows))

    for index, row in enumerate(rows):
        assert explain(spec, row) == sentence(spec, criterion_facts(spec, result, index))
        assert re.match(rf"Level {int(result.levels[index])} of 4", explain(spec, row))
    assert [str(s) for s in result.states] == [CLOSEABLE, COVERED]


def test_a_rubrics_field_is_validated_with_a_message_a_hiring_manager_can_act_on():
    import pytest
    from django.core.exceptions import ValidationError

    from screening.services import criterion_thresholds_validate

    good = {"field": {"name": "physics", "areas": ["physics"]}, "levels": [{"field_top": 1}] * 4}
    assert criterion_thresholds_validate(thresholds=good) == good
    with pytest.raises(ValidationError, match=r"Unknown venue area .+astrology"):
        criterion_thresholds_validate(thresholds={"field": {"name": "x", "areas": ["astrology"]}})
    with pytest.raises(ValidationError, match='"field" needs a name'):
        criterion_thresholds_validate(thresholds={"field": {"areas": ["ml"]}})
