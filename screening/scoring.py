"""Features -> levels -> states -> scores: the rubric applied to many candidates at once.

Pure functions over numpy arrays, so rescoring a role of ten thousand candidates after a rubric
edit takes milliseconds and never parses a document. Each criterion maps features to a level
0-4 with editable thresholds: for each level, one or more alternative conditions, each a set of
minimums over features (``{"pubs_top": 2, "pubs_first_author": 1}``); a feature name may be a
sum (``"pubs_top_nlp+pubs_top_ml"``). The level is the highest one whose condition holds.

Publication counts are weighed by career stage when a criterion asks for it: a PhD student's
counts are compared as if multiplied by :data:`STAGE_FACTORS`, but never lifted by more than one
level, and the explanation says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from candidates.dimensions import Dimension
from candidates.features import (
    STAGE_EARLY,
    STAGE_MASTERS,
    STAGE_PHD_STUDENT,
    STAGE_SENIOR,
    STAGE_STUDENT,
)

MODEL_VERSION = "rubric-levels-1"
MAX_LEVEL = 4

COVERED = "covered"
CLOSEABLE = "closeable"
BARRIER = "barrier"
INSUFFICIENT = "insufficient_evidence"
STATES = (COVERED, CLOSEABLE, BARRIER, INSUFFICIENT)

# Publication counts are compared as if this many times larger at each career stage.
STAGE_FACTORS = {
    STAGE_STUDENT: 2.0,
    STAGE_MASTERS: 2.0,
    STAGE_PHD_STUDENT: 1.5,
    STAGE_EARLY: 1.2,
    STAGE_SENIOR: 1.0,
}
STAGE_NAMES = {
    STAGE_STUDENT: "undergraduate",
    STAGE_MASTERS: "master's level",
    STAGE_PHD_STUDENT: "PhD student",
    STAGE_EARLY: "early-career PhD",
    STAGE_SENIOR: "senior researcher",
}

# Features the scoring computes per role, beside the stored ones.
TOPIC_FIT = "topic_fit"
PUBS_IN_ROLE_AREA = "pubs_in_role_area"

Condition = Mapping[str, float]


@dataclass(frozen=True)
class CriterionSpec:
    """One criterion of a rubric version, as the scoring needs it."""

    key: str
    name: str
    dimension: str
    weight: float
    must_have: bool
    target_level: int
    levels: Sequence[str]
    thresholds: Mapping = field(default_factory=dict)

    @property
    def conditions(self) -> list[list[Condition]]:
        """Four lists of alternative conditions, for levels 1 to 4."""
        raw = self.thresholds.get("levels") or DEFAULT_THRESHOLDS[self.dimension]["levels"]
        return [[c] if isinstance(c, Mapping) else list(c) for c in raw]

    @property
    def stage_adjusted(self) -> bool:
        if "stage_adjusted" in self.thresholds:
            return bool(self.thresholds["stage_adjusted"])
        return bool(DEFAULT_THRESHOLDS[self.dimension].get("stage_adjusted", False))


# Thresholds used when a criterion does not set its own: the anchors of RUBRIC.md.
DEFAULT_THRESHOLDS: dict[str, dict] = {
    Dimension.PUBLICATIONS: {
        "stage_adjusted": True,
        "levels": [
            {"pubs_total": 1},
            {"pubs_top+pubs_strong": 1},
            {"pubs_top": 2, "pubs_first_author": 1},
            {"pubs_top_recent": 4, "pubs_top_first_author": 1},
        ],
    },
    Dimension.RESEARCH_METHODOLOGY: {
        "stage_adjusted": True,
        "levels": [
            {"experiment_design+research_positions+thesis+pubs_total": 1},
            {"research_positions+thesis+pubs_first_author": 1},
            {"degree_level": 3, "pubs_first_author": 1},
            {"pubs_first_author+pubs_last_author": 5, "peer_review": 1},
        ],
    },
    Dimension.MATH_DEPTH: {
        "levels": [
            {"quantitative_degree+math_coursework": 1},
            [
                {"quantitative_degree": 1, "degree_level": 2},
                {"strong_math_degree": 1},
                {"math_coursework": 1},
            ],
            [
                {"quantitative_degree": 1, "degree_level": 3},
                {"strong_math_degree": 1, "degree_level": 2},
            ],
            [
                {"pubs_theory": 1, "degree_level": 3},
                {"olympiad": 1, "strong_math_degree": 1},
                {"strong_math_degree": 1, "degree_level": 4, "theory_work": 1},
            ],
        ],
    },
    Dimension.CODING: {
        "levels": [
            {"python+performance_code+dl_framework": 1},
            {"dl_framework": 1},
            {"dl_framework": 1, "research_engineering+open_source": 1},
            {"dl_framework": 1, "performance_code": 1, "research_engineering+open_source": 2},
        ],
    },
    Dimension.COLLABORATION: {
        "levels": [
            {"coauthors_distinct+cross_team+mentoring": 1},
            {"coauthors_distinct": 3},
            [{"coauthors_distinct": 8}, {"research_lab_internships": 1, "coauthors_distinct": 3}],
            {"coauthors_distinct": 8, "mentoring+organizing": 2},
        ],
    },
    Dimension.CREDENTIALS: {
        "levels": [
            {"degree_level": 1},
            {"degree_level": 2},
            {"degree_level": 3},
            {"phd_completed": 1},
        ],
    },
    Dimension.RESEARCH_EXPERIENCE: {
        "levels": [
            {"research_positions+thesis": 1},
            {"research_positions": 1},
            {"research_positions": 2},
            {"research_positions": 3, "years_publishing": 5},
        ],
    },
    Dimension.RESEARCH_AREA: {
        "levels": [
            # topic_fit is relative (screening.topic): about 0.5 when the research is as close to
            # another field as to the role's; bench/area_fit.py measures where in- and
            # out-of-area candidates fall.
            [{TOPIC_FIT: 0.3}, {PUBS_IN_ROLE_AREA: 1}],
            [{TOPIC_FIT: 0.45}, {TOPIC_FIT: 0.3, PUBS_IN_ROLE_AREA: 1}],
            [{TOPIC_FIT: 0.55, PUBS_IN_ROLE_AREA: 1}, {TOPIC_FIT: 0.65}],
            [{TOPIC_FIT: 0.55, PUBS_IN_ROLE_AREA: 4}, {TOPIC_FIT: 0.45, PUBS_IN_ROLE_AREA: 8}],
        ],
    },
}


class FeatureTable:
    """Feature columns of many candidates, as floats; a missing value is NaN."""

    def __init__(self, rows: Sequence[Mapping[str, object]]):
        self.size = len(rows)
        self.rows = rows
        # Columns are built when first asked for: a rubric reads a few dozen of the features.
        self.columns: dict[str, np.ndarray] = {}

    def raw(self, name: str) -> np.ndarray:
        column = self.columns.get(name)
        if column is None:
            column = np.fromiter(
                (_number(row.get(name)) for row in self.rows), dtype=float, count=self.size
            )
            self.columns[name] = column
        return column

    def value(self, expression: str) -> np.ndarray:
        """A column, or the sum of columns ("a+b"); missing counts as zero."""
        total = np.zeros(self.size)
        for name in expression.split("+"):
            total += np.nan_to_num(self.raw(name.strip()), nan=0.0)
        return total

    def stage_factors(self) -> np.ndarray:
        stages = np.nan_to_num(self.raw("career_stage"), nan=STAGE_STUDENT).astype(int)
        lookup = np.array([STAGE_FACTORS[s] for s in sorted(STAGE_FACTORS)])
        return lookup[np.clip(stages, 0, len(lookup) - 1)]


def _number(value: object) -> float:
    if value is None:
        return np.nan
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan


@dataclass
class CriterionResult:
    levels: np.ndarray  # int, 0..4
    states: np.ndarray  # object, one of STATES
    stage_lifted: np.ndarray  # bool: the career-stage weighing raised the level


@dataclass
class ScoreResult:
    criteria: list[CriterionResult]
    scores: np.ndarray  # 0..100
    barriers: np.ndarray  # bool
    ranks: np.ndarray  # 1..n; candidates with a barrier after those without

    def order(self) -> np.ndarray:
        return np.argsort(self.ranks)


def criterion_levels(spec: CriterionSpec, table: FeatureTable) -> tuple[np.ndarray, np.ndarray]:
    """Levels of every candidate, and whether the career-stage weighing lifted them."""
    raw = _levels(spec, table, factors=None)
    if not spec.stage_adjusted:
        return raw, np.zeros(table.size, dtype=bool)
    weighed = _levels(spec, table, factors=table.stage_factors())
    levels = np.minimum(weighed, raw + 1)
    return levels, levels > raw


def _levels(spec: CriterionSpec, table: FeatureTable, factors: np.ndarray | None) -> np.ndarray:
    levels = np.zeros(table.size, dtype=np.int8)
    for level, alternatives in enumerate(spec.conditions, start=1):
        met = np.zeros(table.size, dtype=bool)
        for condition in alternatives:
            holds = np.ones(table.size, dtype=bool)
            for expression, minimum in condition.items():
                values = table.value(expression)
                if factors is not None and expression.startswith("pubs_"):
                    values = values * factors
                holds &= values >= float(minimum)
            met |= holds
        levels[met] = level
    return levels


def insufficient(dimension: str, table: FeatureTable) -> np.ndarray:
    """Candidates whose documents do not let us tell their level (not evidence of absence)."""
    value, raw = table.value, table.raw
    nothing_read = (value("cv_read") == 0) & (value("publication_list_read") == 0)
    if dimension == Dimension.CREDENTIALS:
        return (value("degree_level") == 0) & ((value("section_education") == 0) | nothing_read)
    if dimension == Dimension.PUBLICATIONS:
        unreadable = (value("section_publications") == 1) & (value("pubs_total") == 0)
        # Papers the reading may have missed are not evidence of their absence.
        partly_read = value("pubs_reading_incomplete") == 1
        return nothing_read | partly_read | (unreadable & (value("publication_list_read") == 0))
    if dimension == Dimension.MATH_DEPTH:
        signals = value("math_coursework+olympiad+theory_work+pubs_theory+quantitative_degree")
        return np.isnan(raw("relevant_degree")) & (signals == 0)
    if dimension == Dimension.CODING:
        signals = value("python+dl_framework+performance_code+open_source+research_engineering")
        return (value("section_skills") == 0) & (signals == 0)
    if dimension == Dimension.RESEARCH_AREA:
        return np.isnan(raw(TOPIC_FIT)) & (value(PUBS_IN_ROLE_AREA) == 0)
    return (value("cv_read") == 0) & (value("pubs_total") == 0)


def score(specs: Sequence[CriterionSpec], table: FeatureTable) -> ScoreResult:
    """Levels and states per criterion, the weighted 0-100 score, barriers and ranks."""
    results = []
    total_weight = sum(max(spec.weight, 0.0) for spec in specs) or 1.0
    scores = np.zeros(table.size)
    barriers = np.zeros(table.size, dtype=bool)
    for spec in specs:
        levels, lifted = criterion_levels(spec, table)
        states = _states(spec, levels, insufficient(spec.dimension, table))
        results.append(CriterionResult(levels, states, lifted))
        scores += max(spec.weight, 0.0) * levels / MAX_LEVEL
        barriers |= states == BARRIER
    scores = np.round(100 * scores / total_weight, 1)
    # Barrier last, then score descending; ties keep their input order (stable sort).
    order = np.lexsort((-scores, barriers))
    ranks = np.empty(table.size, dtype=int)
    ranks[order] = np.arange(1, table.size + 1)
    return ScoreResult(results, scores, barriers, ranks)


def _states(spec: CriterionSpec, levels: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    states = np.full(levels.shape, CLOSEABLE, dtype=object)
    covered = levels >= spec.target_level
    states[covered] = COVERED
    states[~covered & unknown] = INSUFFICIENT
    if spec.must_have:
        clearly_unmet = (levels == 0) | (levels <= spec.target_level - 2)
        states[~covered & ~unknown & clearly_unmet] = BARRIER
    return states
