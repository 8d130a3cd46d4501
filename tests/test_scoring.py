"""Scoring: features to levels, states, weighted scores and ranks, all explained."""

from __future__ import annotations

import numpy as np
import pytest

from candidates.dimensions import Dimension
from candidates.features import AREAS, STAGE_PHD_STUDENT, STAGE_SENIOR
from screening.criteria import CriterionSpec
from screening.explanations import explain
from screening.rubric_templates import TEMPLATES
from screening.scoring import (
    BARRIER,
    CLOSEABLE,
    COVERED,
    INSUFFICIENT,
    FeatureTable,
    criterion_levels,
    score,
)

ANCHORS = ("none", "some", "solid", "strong", "outstanding")


def spec(dimension=Dimension.PUBLICATIONS, **fields) -> CriterionSpec:
    base = {
        "key": "1",
        "name": "Publications",
        "dimension": dimension,
        "weight": 1.0,
        "must_have": False,
        "target_level": 2,
        "levels": ANCHORS,
    }
    return CriterionSpec(**(base | fields))


def researcher(**features) -> dict:
    base = {
        "cv_read": True,
        "section_publications": True,
        "section_education": True,
        "career_stage": STAGE_SENIOR,
    }
    return base | features


def levels(criterion: CriterionSpec, *rows: dict) -> list[int]:
    return criterion_levels(criterion, FeatureTable(rows))[0].tolist()


def test_publication_levels_follow_the_rubric_anchors():
    assert levels(
        spec(),
        researcher(pubs_total=0),
        researcher(pubs_total=2, pubs_workshop=2),
        researcher(pubs_total=1, pubs_top=1, pubs_top_ml=1),
        researcher(pubs_total=3, pubs_top=2, pubs_top_ml=2, pubs_top_first_ml=1),
        researcher(pubs_total=6, pubs_top=5, pubs_top_ml=5, pubs_top_first_ml=3),
    ) == [0, 1, 2, 3, 4]


def test_thresholds_are_editable_and_may_sum_features_or_offer_alternatives():
    nlp = spec(
        thresholds={
            "levels": [
                {"pubs_total": 1},
                [{"pubs_top_nlp+pubs_top_ml": 1}, {"pubs_strong": 2}],
                {"pubs_top_nlp+pubs_top_ml": 3},
                {"pubs_top_nlp+pubs_top_ml": 9},
            ]
        }
    )

    assert levels(
        nlp,
        researcher(pubs_total=1, pubs_top_ml=1),
        researcher(pubs_total=2, pubs_strong=2),
        researcher(pubs_total=3, pubs_top_nlp=2, pubs_top_ml=1),
    ) == [2, 2, 3]


def test_a_phd_student_is_weighed_for_career_stage_by_one_level_at_most():
    student = researcher(
        pubs_total=3,
        pubs_top=3,
        pubs_top_ml=3,
        pubs_top_first_ml=2,
        career_stage=STAGE_PHD_STUDENT,
    )
    postdoc = student | {"career_stage": STAGE_SENIOR}

    table = FeatureTable([student, postdoc])
    (student_level, postdoc_level), lifted = criterion_levels(spec(), table)

    assert (student_level, postdoc_level) == (4, 3)
    assert lifted.tolist() == [True, False]
    sentence = explain(spec(), student)
    assert sentence.startswith("Level 4 of 4")
    assert "a level 3 record, level 4 for a PhD student (counts weighed x1.5)" in sentence
    assert "sustained record" not in sentence


def test_states_tell_covered_closeable_barrier_and_insufficient_evidence_apart():
    must = spec(must_have=True, target_level=2)
    rows = [
        researcher(pubs_total=1, pubs_top=1, pubs_top_nlp=1),  # level 2: covered
        researcher(pubs_total=1, pubs_workshop=1),  # level 1: one below a must-have
        researcher(pubs_total=0, section_publications=False),  # level 0, evidence of absence
        researcher(pubs_total=0, section_publications=True),  # a section we could not read
    ]

    result = score([must], FeatureTable(rows))

    assert result.criteria[0].states.tolist() == [COVERED, CLOSEABLE, BARRIER, INSUFFICIENT]
    assert result.barriers.tolist() == [False, False, True, False]


def test_papers_a_reading_may_have_missed_are_never_a_barrier():
    must = spec(must_have=True, target_level=2)
    rows = [
        # The CV's publications were read in part: what was found does not reach the level.
        researcher(pubs_total=0, section_publications=False, pubs_reading_incomplete=True),
        researcher(pubs_total=1, pubs_workshop=1, pubs_reading_incomplete=True),
        # What was found is enough: a partial reading does not take it away.
        researcher(pubs_total=1, pubs_top=1, pubs_top_cv=1, pubs_reading_incomplete=True),
    ]

    result = score([must], FeatureTable(rows))

    assert result.criteria[0].states.tolist() == [INSUFFICIENT, INSUFFICIENT, COVERED]
    assert not result.barriers.any()


def test_a_reading_that_may_have_missed_papers_scores_half_way_to_the_target():
    papers = spec(weight=1, target_level=2)
    coding = spec(key="2", dimension=Dimension.CODING, name="Coding", weight=1)
    rows = [
        # Papers not read: between the level found (0) and the target (2), so 1 of 4.
        researcher(pubs_total=0, pubs_reading_incomplete=True, dl_framework=1),
        # A confident reading with no papers (and no publications section): 0 of 4.
        researcher(pubs_total=0, section_publications=False, dl_framework=1),
    ]

    result = score([papers, coding], FeatureTable(rows))

    assert result.scores.tolist() == [37.5, 25.0]  # (1 + 2) / 8 and (0 + 2) / 8
    assert result.scores_max.tolist() == [50.0, 25.0]
    assert result.ranks.tolist() == [1, 2]


def test_the_score_is_the_weighted_level_share_and_barriers_rank_last():
    heavy = spec(weight=3)
    light = spec(key="2", dimension=Dimension.CODING, name="Coding", weight=1, must_have=True)
    rows = [
        researcher(pubs_total=1, pubs_top=1, pubs_top_ml=1, dl_framework=1),  # 3*2/4 + 1*2/4
        researcher(
            pubs_total=9, pubs_top=9, pubs_top_ml=9, pubs_top_first_ml=9, section_skills=True
        ),
    ]

    result = score([heavy, light], FeatureTable(rows))

    assert result.scores.tolist() == [50.0, 75.0]
    assert result.barriers.tolist() == [False, True]  # no coding evidence at all: a barrier
    assert result.ranks.tolist() == [1, 2]


def test_equal_scores_rank_by_application_the_earlier_first():
    same = researcher(pubs_total=1, pubs_top=1, pubs_top_ml=1, dl_framework=1)
    rows = [same, researcher(), same, same]

    result = score([spec()], FeatureTable(rows), ids=[30, 40, 10, 20])

    assert result.scores[0] == result.scores[2] == result.scores[3] > result.scores[1]
    assert result.ranks.tolist() == [3, 4, 1, 2]
    assert score([spec()], FeatureTable(rows)).ranks.tolist() == [1, 4, 2, 3]  # no ids: row order


def test_missing_values_count_as_zero_but_stay_unknown():
    table = FeatureTable([{"pubs_total": None}, {}])

    assert table.value("pubs_total").tolist() == [0.0, 0.0]
    assert np.isnan(table.raw("relevant_degree")).all()


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.slug)
def test_every_template_scores_and_explains_an_empty_and_a_strong_profile(template):
    specs = template.criteria
    strong = researcher(
        pubs_total=12,
        pubs_top=8,
        pubs_top_recent=6,
        pubs_first_author=6,
        pubs_top_first_author=4,
        pubs_last_author=2,
        **{f"pubs_top_{a}": 8 for a in AREAS},
        **{f"pubs_top_first_{a}": 4 for a in AREAS},
        pubs_strong=2,
        degree_level=4,
        phd_completed=True,
        quantitative_degree=True,
        strong_math_degree=True,
        research_positions=3,
        peer_review=1,
        dl_framework=2,
        performance_code=2,
        research_engineering=2,
        open_source=2,
        coauthors_distinct=20,
        mentoring=2,
        organizing=1,
        topic_fit=0.3,
        pubs_in_role_area=10,
        pubs_theory=2,
        theory_work=1,
        years_publishing=8,
        section_skills=True,
    )

    result = score(specs, FeatureTable([{}, strong]))

    assert result.scores[1] > 80 > result.scores[0]
    assert result.ranks.tolist() == [2, 1]
    for criterion, spec_ in zip(result.criteria, specs, strict=True):
        sentence = explain(spec_, strong)
        assert sentence.startswith(f"Level {criterion.levels[1]} of 4")
