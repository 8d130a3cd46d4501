"""Features -> levels -> states -> scores: the rubric applied to many candidates at once.

Pure functions over numpy arrays, so rescoring a role of ten thousand candidates after a rubric
edit takes milliseconds and never parses a document. Each criterion maps features to a level
0-4 with editable thresholds: for each level, one or more alternative conditions, each a set of
minimums over features (``{"pubs_top": 2, "pubs_first_author": 1}``); a feature name may be a
sum (``"pubs_top_nlp+pubs_top_ml"``). The level is the highest one whose condition holds.

A publications criterion counts the papers of its field: its thresholds name the field's venue
areas (``"field": {"name": "machine learning", "areas": ["ml", "ai"]}``) and its conditions may
use the names of :data:`FIELD_COUNTS` (``"field_top"``: top-venue papers at venues of those
areas), so a physicist's four Physical Review Letters papers are reported as physics, never
counted as machine learning.

Publication counts are weighed by career stage when a criterion asks for it: a PhD student's
counts are compared as if multiplied by :data:`STAGE_FACTORS`, but never lifted by more than one
level, and the explanation says so. An unknown stage is not weighed.

States have reasons. ``insufficient_evidence`` when the reading cannot tell (papers read in
part, a section none of whose entries could be read, nothing read at all): never a barrier. A
``barrier`` only for a must-have clearly unmet on a confident reading, with nothing that
transfers, and the facts say what was searched. A ``closeable`` gap says which evidence
transfers (RUBRIC.md's realistic transitions) or that one level is missing.

Every result carries its facts (:func:`criterion_facts`): the values of the features its
conditions and its explanation read, the level of the record before and after the weighing, the
state and its reason, and the range the level could take where the evidence is insufficient.
The level and the sentence (:mod:`screening.explanations`) are both made from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from candidates.dimensions import Dimension
from candidates.features import (
    AREAS,
    FEATURE_NAMES,
    OTHER_FIELDS,
    STAGE_EARLY,
    STAGE_MASTERS,
    STAGE_PHD_STUDENT,
    STAGE_SENIOR,
    STAGE_STUDENT,
)
from screening.criteria import CriterionSpec

MODEL_VERSION = "rubric-levels-3"  # 3: the score is the middle of its range
MAX_LEVEL = 4

COVERED = "covered"
CLOSEABLE = "closeable"
BARRIER = "barrier"
INSUFFICIENT = "insufficient_evidence"
STATES = (COVERED, CLOSEABLE, BARRIER, INSUFFICIENT)

# Publication counts are compared as if this many times larger at each career stage; an unknown
# stage (no degree read) is not weighed.
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
UNKNOWN_STAGE = "unknown"

# Features the scoring computes per role, beside the stored ones.
TOPIC_FIT = "topic_fit"
PUBS_IN_ROLE_AREA = "pubs_in_role_area"

# Counts of a criterion's field, summed over the field's venue areas: name -> feature prefix.
FIELD_COUNTS = {
    "field_top": "pubs_top_",
    "field_top_first": "pubs_top_first_",
    "field_strong": "pubs_strong_",
    "field_papers": "pubs_area_",
}
VENUE_AREAS = (*AREAS, *OTHER_FIELDS)
# The field a publications criterion counts when its thresholds name none.
DEFAULT_FIELD = {"name": "AI research", "areas": list(AREAS)}
_KNOWN = frozenset(FEATURE_NAMES)

Condition = Mapping[str, float]
# Programming of any kind, listed or described.
_ANY_CODE = (
    "python+programming_languages+dl_framework+performance_code+research_engineering+open_source"
)


def stage_name(stage: object) -> str:
    """A career stage in words: "unknown" when no degree told it, never "undergraduate"."""
    value = _number(stage)
    if np.isnan(value):
        return UNKNOWN_STAGE
    return STAGE_NAMES.get(int(value), UNKNOWN_STAGE)


def conditions(spec: CriterionSpec) -> list[list[Condition]]:
    """The criterion's four lists of alternative conditions, for levels 1 to 4."""
    raw = spec.thresholds.get("levels") or DEFAULT_THRESHOLDS[spec.dimension]["levels"]
    return [[c] if isinstance(c, Mapping) else list(c) for c in raw]


def stage_adjusted(spec: CriterionSpec) -> bool:
    """Whether the criterion weighs publication counts by career stage."""
    if "stage_adjusted" in spec.thresholds:
        return bool(spec.thresholds["stage_adjusted"])
    return bool(DEFAULT_THRESHOLDS[spec.dimension].get("stage_adjusted", False))


def field_of(spec: CriterionSpec) -> dict:
    """The field whose papers the criterion counts: its name and venue areas."""
    given = spec.thresholds.get("field") or DEFAULT_THRESHOLDS[spec.dimension].get("field")
    return dict(given or DEFAULT_FIELD)


def expand(spec: CriterionSpec, expression: str) -> str:
    """``field_top`` -> ``pubs_top_ml+pubs_top_ai`` for the criterion's field; others kept."""
    parts: list[str] = []
    for name in (part.strip() for part in expression.split("+")):
        prefix = FIELD_COUNTS.get(name)
        if prefix is None:
            parts.append(name)
            continue
        areas = field_of(spec)["areas"]
        parts += [f"{prefix}{area}" for area in areas if f"{prefix}{area}" in _KNOWN]
    return "+".join(parts)


# Thresholds used when a criterion does not set its own: the anchors of RUBRIC.md.
DEFAULT_THRESHOLDS: dict[str, dict] = {
    Dimension.PUBLICATIONS: {
        "stage_adjusted": True,
        "field": DEFAULT_FIELD,
        "levels": [
            {"pubs_total": 1},
            {"field_top+field_strong": 1},
            {"field_top": 2, "field_top_first": 1},
            {"field_top": 4, "field_top_first": 3},
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
    # What was built counts more than what is listed; no framework is required at any level,
    # so hand-written optimised C with a maintained library reaches the top.
    Dimension.CODING: {
        "levels": [
            {_ANY_CODE: 1},
            [
                {"dl_framework": 1},
                {"research_engineering+performance_code+open_source": 1},
            ],
            {"research_engineering+performance_code+open_source+scale_work": 2},
            {"performance_code": 1, "research_engineering+open_source+scale_work": 2},
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

# What each dimension's facts report beside the features its conditions read: the numbers an
# explanation may state.
REPORTED: dict[str, tuple[str, ...]] = {
    Dimension.PUBLICATIONS: ("field_top", "field_top_first", "field_strong", "pubs_top",
                             "pubs_strong", "pubs_workshop", "pubs_preprint", "pubs_total"),
    Dimension.RESEARCH_METHODOLOGY: ("degree_level", "pubs_first_author", "pubs_last_author",
                                     "research_positions", "thesis", "peer_review",
                                     "experiment_design"),
    Dimension.MATH_DEPTH: ("strong_math_degree", "quantitative_degree", "degree_level",
                           "math_coursework", "pubs_theory", "theory_work", "olympiad"),
    Dimension.CODING: ("performance_code", "research_engineering", "open_source", "scale_work",
                       "dl_framework", "python", "programming_languages"),
    Dimension.COLLABORATION: ("coauthors_distinct", "research_lab_internships", "mentoring",
                              "organizing", "cross_team"),
    Dimension.CREDENTIALS: ("degree_level", "phd_completed", "relevant_degree",
                            "pubs_top", "pubs_strong"),
    Dimension.RESEARCH_EXPERIENCE: ("research_positions", "thesis", "pubs_first_author",
                                    "years_publishing"),
    Dimension.RESEARCH_AREA: (TOPIC_FIT, PUBS_IN_ROLE_AREA, "pubs_top", "pubs_strong",
                              "strong_math_degree", "quantitative_degree"),
}  # fmt: skip

# Why a gap is closeable: per dimension, evidence that transfers (RUBRIC.md: an ML engineer with
# research contributions, a data scientist with an advanced degree and published methodology,
# physicists, mathematicians and computational neuroscientists whose mathematics transfers).
# Each is (reason code, expression that must be at least 1), the first that holds wins.
TRANSFERS: dict[str, tuple[tuple[str, str], ...]] = {
    Dimension.PUBLICATIONS: (
        ("other_field_record", "pubs_top+pubs_strong"),
        ("unrefereed_in_field", "pubs_workshop+pubs_preprint"),
        ("other_papers", "pubs_total"),
    ),
    Dimension.RESEARCH_METHODOLOGY: (
        ("research_training", "research_positions+thesis+pubs_first_author"),
        ("experiments", "experiment_design+pubs_total"),
    ),
    Dimension.MATH_DEPTH: (
        ("quantitative_training", "quantitative_degree+strong_math_degree+math_coursework"),
        ("theory_record", "pubs_theory+theory_work"),
    ),
    Dimension.CODING: (("programming", _ANY_CODE),),
    Dimension.COLLABORATION: (("collaboration", "coauthors_distinct+cross_team+mentoring"),),
    Dimension.CREDENTIALS: (
        ("published_research", "pubs_top+pubs_strong"),
        ("degree", "degree_level"),
    ),
    Dimension.RESEARCH_EXPERIENCE: (("research_output", "thesis+pubs_first_author"),),
    Dimension.RESEARCH_AREA: (
        ("research_elsewhere", "pubs_top+pubs_strong"),
        ("quantitative_training", "strong_math_degree+quantitative_degree"),
    ),
}

# What a barrier's facts say was searched, per dimension.
SEARCHED: dict[str, str] = {
    Dimension.PUBLICATIONS: "the CV's publications and any publication list sent",
    Dimension.RESEARCH_METHODOLOGY: "degrees, positions, theses and papers",
    Dimension.MATH_DEPTH: "degree fields, coursework, awards and papers",
    Dimension.CODING: "skills, projects and experience for programming of any kind",
    Dimension.COLLABORATION: "author lists, experience, teaching and service",
    Dimension.CREDENTIALS: "the education section for degrees",
    Dimension.RESEARCH_EXPERIENCE: "experience and education for research positions or a thesis",
    Dimension.RESEARCH_AREA: "research statements, paper titles and venues",
}


class FeatureTable:
    """Feature columns of many candidates, as floats; a missing value is NaN."""

    def __init__(self, rows: Sequence[Mapping[str, object]]):
        self.size = len(rows)
        self.rows = rows
        # Columns are built when first asked for: a rubric reads a few dozen of the features.
        self.columns: dict[str, np.ndarray] = {}
        self.sums: dict[str, np.ndarray] = {}

    def raw(self, name: str) -> np.ndarray:
        column = self.columns.get(name)
        if column is None:
            try:  # numpy reads None as NaN and booleans as 0/1
                column = np.array([row.get(name) for row in self.rows], dtype=float)
            except (TypeError, ValueError):
                column = np.fromiter(
                    (_number(row.get(name)) for row in self.rows), dtype=float, count=self.size
                )
            if column.shape != (self.size,):
                column = np.fromiter(
                    (_number(row.get(name)) for row in self.rows), dtype=float, count=self.size
                )
            self.columns[name] = column
        return column

    def value(self, expression: str) -> np.ndarray:
        """A column, or the sum of columns ("a+b"); missing counts as zero."""
        total = self.sums.get(expression)
        if total is None:
            total = np.zeros(self.size)
            for name in expression.split("+"):
                if name.strip():
                    total += np.nan_to_num(self.raw(name.strip()), nan=0.0)
            self.sums[expression] = total
        return total

    def stage_factors(self) -> np.ndarray:
        stages = self.raw("career_stage")
        lookup = np.array([STAGE_FACTORS[s] for s in sorted(STAGE_FACTORS)])
        known = ~np.isnan(stages)
        factors = np.ones(self.size)
        index = np.clip(np.nan_to_num(stages, nan=0).astype(int), 0, len(lookup) - 1)
        factors[known] = lookup[index[known]]
        return factors


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
    record_levels: np.ndarray  # the level before the career-stage weighing
    reasons: np.ndarray  # object: why the state (a code, see criterion_facts)
    level_max: np.ndarray  # the highest level the unread evidence could give
    factors: np.ndarray  # the career-stage factor applied (1 if not weighed)
    values: dict[str, np.ndarray] = field(default_factory=dict)  # name -> unweighed values
    # Top-venue papers of other fields than the criterion's: per candidate, [[area, count]].
    other_fields: list | None = None
    _lists: dict | None = None

    def lists(self) -> dict:
        """The arrays as Python lists, made once: facts are read one candidate at a time."""
        if self._lists is None:
            self._lists = {
                "levels": self.levels.tolist(),
                "record_levels": self.record_levels.tolist(),
                "level_max": self.level_max.tolist(),
                "states": self.states.tolist(),
                "reasons": self.reasons.tolist(),
                "factors": self.factors.tolist(),
                "values": {name: _plain(column) for name, column in self.values.items()},
            }
        return self._lists


def _plain(column: np.ndarray) -> list:
    """Floats as JSON-friendly numbers: whole counts as ints, NaN as None."""
    return [
        None if v != v else (int(v) if v.is_integer() else round(v, 3)) for v in column.tolist()
    ]


@dataclass
class ScoreResult:
    criteria: list[CriterionResult]
    scores: np.ndarray  # 0..100, insufficient evidence counted half-way to its highest level
    barriers: np.ndarray  # bool
    ranks: np.ndarray  # 1..n; candidates with a barrier after those without
    scores_max: np.ndarray | None = None  # 0..100, insufficient evidence at its highest level

    def order(self) -> np.ndarray:
        return np.argsort(self.ranks)


def criterion_levels(spec: CriterionSpec, table: FeatureTable) -> tuple[np.ndarray, np.ndarray]:
    """Levels of every candidate, and whether the career-stage weighing lifted them."""
    raw = _levels(spec, table, factors=None)
    if not stage_adjusted(spec):
        return raw, np.zeros(table.size, dtype=bool)
    weighed = _levels(spec, table, factors=table.stage_factors())
    levels = np.minimum(np.maximum(weighed, raw), raw + 1)
    return levels, levels > raw


def _levels(spec: CriterionSpec, table: FeatureTable, factors: np.ndarray | None) -> np.ndarray:
    levels = np.zeros(table.size, dtype=np.int8)
    for level, alternatives in enumerate(conditions(spec), start=1):
        met = np.zeros(table.size, dtype=bool)
        for condition in alternatives:
            holds = np.ones(table.size, dtype=bool)
            for expression, minimum in condition.items():
                values = table.value(expand(spec, expression))
                if factors is not None and _weighed(expression):
                    values = values * factors
                holds &= values >= float(minimum)
            met |= holds
        levels[met] = level
    return levels


def _weighed(expression: str) -> bool:
    return expression.startswith(("pubs_", "field_"))


def insufficient(dimension: str, table: FeatureTable) -> np.ndarray:
    """Candidates whose documents do not let us tell their level (not evidence of absence)."""
    return unknown_reasons(dimension, table) != ""


def unknown_reasons(dimension: str, table: FeatureTable) -> np.ndarray:
    """Why the reading cannot tell a candidate's level ("" where it can), as a code."""
    value, raw = table.value, table.raw
    nothing_read = (value("cv_read") == 0) & (value("publication_list_read") == 0)
    reasons = np.full(table.size, "", dtype=object)
    if dimension == Dimension.CREDENTIALS:
        reasons[(value("degree_level") == 0) & (value("section_education") == 0)] = "no_section"
    elif dimension == Dimension.PUBLICATIONS:
        unreadable = (value("section_publications") == 1) & (value("pubs_total") == 0)
        reasons[unreadable & (value("publication_list_read") == 0)] = "unreadable_section"
        # Papers the reading may have missed are not evidence of their absence.
        reasons[value("pubs_reading_incomplete") == 1] = "read_in_part"
    elif dimension == Dimension.MATH_DEPTH:
        signals = value("math_coursework+olympiad+theory_work+pubs_theory+quantitative_degree")
        reasons[np.isnan(raw("relevant_degree")) & (signals == 0)] = "no_degree_field"
    elif dimension == Dimension.CODING:
        signals = value(
            "python+programming_languages+dl_framework+performance_code+open_source"
            "+research_engineering"
        )
        reasons[(value("section_skills") == 0) & (signals == 0)] = "no_skills_or_projects"
    elif dimension == Dimension.RESEARCH_AREA:
        reasons[np.isnan(raw(TOPIC_FIT)) & (value(PUBS_IN_ROLE_AREA) == 0)] = "no_research_text"
    elif dimension in (Dimension.RESEARCH_METHODOLOGY, Dimension.RESEARCH_EXPERIENCE):
        sections = value("section_experience+section_education")
        reasons[(sections == 0) & (value("pubs_total") == 0)] = "no_section"
        reasons[(value("pubs_reading_incomplete") == 1) & (value("pubs_total") == 0)] = (
            "read_in_part"
        )
    else:
        reasons[(value("cv_read") == 0) & (value("pubs_total") == 0)] = "nothing_read"
    reasons[nothing_read] = "nothing_read"
    return reasons


@dataclass(frozen=True)
class RankKey:
    """One key of the ranking: an assessment's field and its direction."""

    name: str
    descending: bool = False


# The ranking, defined once: the scorer, the shortlist page, its CSV, the API and a rubric's
# preview all order by it. Candidates without a genuine barrier first (a barrier moves a
# candidate down, never out), then the higher score, and between equal scores the earlier
# application: an application keeps its id through every rescore, where an assessment is
# replaced (and renumbered) by each one, so tied candidates never swap places on a rescore.
RANKING = (RankKey("has_barrier"), RankKey("score", descending=True), RankKey("application_id"))


def rank_key(values: Mapping[str, float]) -> tuple[float, ...]:
    """What a Python sort orders by to rank rows under :data:`RANKING` (values by field)."""
    return tuple(-values[k.name] if k.descending else values[k.name] for k in RANKING)


def rank_positions(columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Each row's rank, 1 to n, under :data:`RANKING` (one array per field, row by row)."""
    keys = [
        -np.asarray(columns[key.name], dtype=float) if key.descending else columns[key.name]
        for key in reversed(RANKING)  # lexsort sorts by its last key first
    ]
    order = np.lexsort(keys)
    ranks = np.empty(len(order), dtype=int)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def score(
    specs: Sequence[CriterionSpec], table: FeatureTable, *, ids: Sequence[int] | None = None
) -> ScoreResult:
    """Levels and states per criterion, the weighted 0-100 score, barriers and ranks.

    Ranks follow :data:`RANKING`; ``ids`` are the rows' application ids, which break ties
    (without them, the row order does).
    """
    results = [criterion_result(spec, table) for spec in specs]
    barriers = np.zeros(table.size, dtype=bool)
    for result in results:
        barriers |= result.states == BARRIER
    weights = [spec.weight for spec in specs]
    low = weighted_score(weights, [result.levels for result in results])
    high = weighted_score(weights, [result.level_max for result in results])
    # The score is the middle of its range: a criterion the reading could not judge counts
    # half-way to its target, neither as absent nor as met (a confident reading's range is one
    # point, so its score is its levels).
    # (Broadcast: a rubric without criteria still scores every candidate.)
    scores = np.broadcast_to(np.round((low + high) / 2, 1), table.size).copy()
    scores_max = np.broadcast_to(np.round(high, 1), table.size).copy()
    ranks = rank_positions(
        {
            "has_barrier": barriers,
            "score": scores,
            "application_id": np.arange(table.size) if ids is None else np.asarray(ids),
        }
    )
    return ScoreResult(results, scores, barriers, ranks, scores_max)


def criterion_result(spec: CriterionSpec, table: FeatureTable) -> CriterionResult:
    """One criterion for every candidate: levels, states with reasons, and the facts' values."""
    raw = _levels(spec, table, factors=None)
    factors = np.ones(table.size)
    levels = raw
    if stage_adjusted(spec):
        factors = table.stage_factors()
        weighed = _levels(spec, table, factors=factors)
        levels = np.minimum(np.maximum(weighed, raw), raw + 1)
    unknown = unknown_reasons(spec.dimension, table)
    states, reasons = _states(spec, table, levels, unknown)
    level_max = np.where(
        states == INSUFFICIENT, np.maximum(levels, spec.target_level), levels
    ).astype(np.int8)
    return CriterionResult(
        levels=levels,
        states=states,
        stage_lifted=levels > raw,
        record_levels=raw,
        reasons=reasons,
        level_max=level_max,
        values=_fact_values(spec, table),
        factors=factors,
        other_fields=_other_fields(spec, table),
    )


def _fact_values(spec: CriterionSpec, table: FeatureTable) -> dict[str, np.ndarray]:
    names = dict.fromkeys(REPORTED.get(spec.dimension, ()))
    for alternatives in conditions(spec):
        for condition in alternatives:
            names.update(dict.fromkeys(condition))
    for _, expression in TRANSFERS.get(spec.dimension, ()):
        names.update(dict.fromkeys(expression.split("+")))
    values = {}
    for name in names:
        expanded = expand(spec, name)
        if "+" in expanded or name in FIELD_COUNTS:
            values[name] = table.value(expanded)
        else:
            values[name] = table.raw(expanded)  # NaN kept: "not stated" is not zero
    if stage_adjusted(spec):
        values["career_stage"] = table.raw("career_stage")
    return values


def _other_fields(spec: CriterionSpec, table: FeatureTable) -> list | None:
    """Per candidate, the other fields' top-venue paper counts, most first (publications)."""
    if spec.dimension != Dimension.PUBLICATIONS:
        return None
    inside = set(field_of(spec)["areas"])
    areas = [a for a in VENUE_AREAS if a not in inside]
    outside = table.value("pubs_top") - table.value(expand(spec, "field_top"))
    found: list[list] = [[] for _ in range(table.size)]
    # Only candidates with top papers outside the field are looked at, one area at a time.
    for index in np.nonzero(outside > 0)[0].tolist():
        row = table.rows[index]
        counts = [
            (a, int(n))
            for a in areas
            if isinstance(n := row.get(f"pubs_top_{a}"), int | float) and n
        ]
        found[index] = [[a, n] for a, n in sorted(counts, key=lambda count: -count[1])]
    return found


def _states(
    spec: CriterionSpec, table: FeatureTable, levels: np.ndarray, unknown: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    states = np.full(levels.shape, CLOSEABLE, dtype=object)
    reasons = np.full(levels.shape, "", dtype=object)
    covered = levels >= spec.target_level
    states[covered] = COVERED
    reasons[covered] = "target_met"
    gap = ~covered
    # Why a gap is closeable: the first transferable evidence the candidate has.
    transfer = np.zeros(levels.shape, dtype=bool)
    for code, expression in reversed(TRANSFERS.get(spec.dimension, ())):
        holds = gap & (table.value(expression) >= 1)
        if spec.dimension == Dimension.PUBLICATIONS and code == "other_field_record":
            # Strong papers outside the field: more than the field's own papers show.
            field_record = table.value(expand(spec, "field_top+field_strong"))
            holds &= table.value(expression) > field_record
        reasons[holds] = code
        transfer |= holds
    one_short = gap & (levels == spec.target_level - 1) & ~transfer
    reasons[one_short] = "one_level_short"
    reasons[gap & ~transfer & ~one_short] = "below_target"
    is_unknown = gap & (unknown != "")
    states[is_unknown] = INSUFFICIENT
    reasons[is_unknown] = unknown[is_unknown]
    if spec.must_have:
        clearly_unmet = (levels == 0) | (levels <= spec.target_level - 2)
        barrier = gap & ~is_unknown & clearly_unmet & ~transfer
        states[barrier] = BARRIER
        reasons[barrier] = "searched_absent"
    return states, reasons


def criterion_facts(spec: CriterionSpec, result: CriterionResult, index: int) -> dict:
    """The facts of one candidate's result: what set the level, the state and the sentence."""
    lists = result.lists()
    level = lists["levels"][index]
    facts = {
        "level": level,
        "record_level": lists["record_levels"][index],
        "level_range": [level, lists["level_max"][index]],
        "target_level": spec.target_level,
        "gap": max(spec.target_level - level, 0),
        "state": lists["states"][index],
        "reason": lists["reasons"][index],
        "counts": {name: column[index] for name, column in lists["values"].items()},
    }
    if stage_adjusted(spec):
        facts["stage_factor"] = lists["factors"][index]
    if result.other_fields is not None:
        facts["field"] = field_of(spec)["name"]
        facts["other_fields"] = result.other_fields[index]
    if facts["state"] == BARRIER:
        facts["searched"] = SEARCHED.get(spec.dimension, "the documents")
    return facts


def score_range(weights: Sequence[float], ranges: Sequence[Sequence[int]]) -> tuple[float, float]:
    """The 0-100 score's range from each criterion's weight and level range.

    A criterion with insufficient evidence ranges from the level found (0 when nothing was) to
    its target level; the others are their level. The score the shortlist ranks by is the
    middle of the range: a reading that may have missed papers is ranked neither as if they
    were absent nor as if they were there, and the range says how far the score may move once
    a person has read the CV.
    """
    low = weighted_score(weights, [r[0] for r in ranges])
    high = weighted_score(weights, [r[1] for r in ranges])
    return round(float(low), 1), round(float(high), 1)


def weighted_score(weights: Sequence[float], levels: Sequence) -> np.ndarray:
    """The 0-100 weighted score of levels, one per criterion: each a level or an array of
    levels (one per candidate). A negative weight counts as none."""
    kept = [max(weight, 0.0) for weight in weights]
    total = sum(kept) or 1.0
    points = sum(
        (
            weight * np.asarray(level, dtype=float)
            for weight, level in zip(kept, levels, strict=True)
        ),
        start=np.zeros(()),
    )
    return 100 * points / MAX_LEVEL / total
