"""How much a panel agrees: Krippendorff's alpha (ordinal) over reviewers' levels.

A unit is one (applicant, criterion); each reviewer who submitted a scorecard for the
applicant gives it a level 0-4. Alpha is 1 for perfect agreement and 0 for agreement no better
than chance. It needs at least two reviewers and one unit two of them rated, and levels that
vary somewhere (with one level everywhere, chance agreement is perfect too and alpha has no
value): short of that the answer says why instead of giving a NaN.

Referee's own levels (the applicant's assessment) are compared with the panel's median level
the same way, as two raters over the units both rated.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import krippendorff
import numpy as np

from screening.criteria import LEVELS

# The median of an even number of levels can fall half-way; ordinal alpha reads only the
# order and the frequencies of values, so the half steps that never occur change nothing.
DOMAIN = [step / 2 for step in range(2 * (LEVELS - 1) + 1)]
NOT_ENOUGH = "Not enough scorecards"

Unit = TypeVar("Unit", bound=Hashable)
Ratings = Mapping[Any, Mapping[Unit, float]]  # rater (any key) -> unit -> level


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha, or None with the reason it cannot be computed."""

    value: float | None
    raters: int
    units: int  # units rated by at least two raters (the ones alpha reads)
    reason: str = ""


def ordinal_alpha(ratings: Ratings[Unit]) -> Alpha:
    """Ordinal alpha over ``ratings`` (rater -> unit -> level)."""
    raters = [rater for rater, levels in ratings.items() if levels]
    counts: dict[Unit, int] = {}
    for rater in raters:
        for unit in ratings[rater]:
            counts[unit] = counts.get(unit, 0) + 1
    units = [unit for unit, count in counts.items() if count >= 2]
    if len(raters) < 2:
        return Alpha(None, len(raters), len(units), f"{NOT_ENOUGH}: alpha needs two reviewers.")
    if not units:
        return Alpha(
            None,
            len(raters),
            0,
            f"{NOT_ENOUGH}: no applicant has been scored by two reviewers yet.",
        )
    data = np.array(
        [[ratings[rater].get(unit, np.nan) for unit in units] for rater in raters], dtype=float
    )
    if len(set(data[~np.isnan(data)].tolist())) < 2:
        return Alpha(
            None,
            len(raters),
            len(units),
            "Every level given is the same, so agreement cannot be told from chance.",
        )
    value = krippendorff.alpha(
        reliability_data=data, level_of_measurement="ordinal", value_domain=DOMAIN
    )
    return Alpha(round(float(value), 3), len(raters), len(units))


@dataclass(frozen=True)
class Spread(Generic[Unit]):
    unit: Unit
    lowest: float
    highest: float
    raters: int

    @property
    def width(self) -> float:
        return self.highest - self.lowest


def widest_spreads(ratings: Ratings[Unit], *, limit: int = 10) -> list[Spread[Unit]]:
    """The units the raters disagree most on (highest minus lowest level), widest first;
    units everyone rated alike are left out."""
    by_unit: dict[Unit, list[float]] = {}
    for levels in ratings.values():
        for unit, level in levels.items():
            by_unit.setdefault(unit, []).append(level)
    spreads = [
        Spread(unit, min(levels), max(levels), len(levels))
        for unit, levels in by_unit.items()
        if len(levels) >= 2 and max(levels) > min(levels)
    ]
    spreads.sort(key=lambda s: (-s.width, -s.raters, str(s.unit)))
    return spreads[:limit]


def panel_medians(ratings: Ratings[Unit]) -> dict[Unit, float]:
    """Each unit's median level among the raters who rated it."""
    by_unit: dict[Unit, list[float]] = {}
    for levels in ratings.values():
        for unit, level in levels.items():
            by_unit.setdefault(unit, []).append(level)
    return {unit: float(statistics.median(levels)) for unit, levels in by_unit.items()}


# --- A role's panel -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    application_id: int
    candidate_id: int
    criterion_id: int
    criterion: str
    lowest: float
    highest: float
    reviewers: int


@dataclass(frozen=True)
class Agreement:
    panel: Alpha  # among the reviewers
    referee: Alpha  # Referee's levels against the panel's median
    disagreements: list[Disagreement]
    scorecards: int


def role_agreement(*, role, shown_applications: Iterable[int] | None = None) -> Agreement:
    """The agreement of the role's submitted scorecards, in four queries.

    ``shown_applications`` limits the list of disagreements to the applicants whose
    scorecards the viewer may read (blind until submit); the figures read every scorecard.
    """
    from reviews.models import ScorecardLevel, ScorecardStatus
    from screening.models import Assessment, Criterion

    rows = ScorecardLevel.objects.filter(
        scorecard__application__role=role, scorecard__status=ScorecardStatus.SUBMITTED
    ).values_list("scorecard__reviewer_id", "scorecard__application_id", "criterion_id", "level")
    ratings: dict[int, dict[tuple[int, int], float]] = {}
    scorecards: set[tuple[int, int]] = set()
    for reviewer, application, criterion, level in rows:
        ratings.setdefault(reviewer, {})[(application, criterion)] = float(level)
        scorecards.add((reviewer, application))
    applications = {application for application, _ in _units(ratings)}
    referee: dict[tuple[int, int], float] = {}
    candidates: dict[int, int] = {}
    for application, candidate, criteria in Assessment.objects.filter(
        application_id__in=applications
    ).values_list("application_id", "application__candidate_id", "criteria"):
        candidates[application] = candidate
        for item in criteria:
            referee[(application, int(item["criterion"]))] = float(item["level"])
    medians = panel_medians(ratings)
    compared: dict[str, dict[tuple[int, int], float]] = {
        "referee": referee,
        "panel": {u: m for u, m in medians.items() if u in referee},
    }
    shown = None if shown_applications is None else set(shown_applications)
    spreads = [
        s
        for s in widest_spreads(ratings, limit=len(medians))
        if shown is None or s.unit[0] in shown
    ][:10]
    names = dict(
        Criterion.objects.filter(pk__in={s.unit[1] for s in spreads}).values_list("pk", "name")
    )
    missing = {s.unit[0] for s in spreads} - set(candidates)
    if missing:  # applicants without an assessment: their candidate still names them
        from screening.models import Application

        candidates |= dict(
            Application.objects.filter(pk__in=missing).values_list("pk", "candidate_id")
        )
    return Agreement(
        panel=ordinal_alpha(ratings),
        referee=_referee_alpha(compared),
        disagreements=[
            Disagreement(
                application_id=s.unit[0],
                candidate_id=candidates[s.unit[0]],
                criterion_id=s.unit[1],
                criterion=names.get(s.unit[1], ""),
                lowest=s.lowest,
                highest=s.highest,
                reviewers=s.raters,
            )
            for s in spreads
        ],
        scorecards=len(scorecards),
    )


def _units(ratings: Ratings[Unit]) -> set[Unit]:
    return {unit for levels in ratings.values() for unit in levels}


def _referee_alpha(compared: Ratings[tuple[int, int]]) -> Alpha:
    alpha = ordinal_alpha(compared)
    if alpha.value is None and alpha.reason.startswith(NOT_ENOUGH):
        return Alpha(
            None, alpha.raters, alpha.units, f"{NOT_ENOUGH}: no scored applicant has an assessment."
        )
    return alpha
