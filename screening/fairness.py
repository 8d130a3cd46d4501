"""Adverse-impact report: selection and scoring rates by sex and race/ethnicity (LL144 audits).

NYC Local Law 144 bias audits report, per category (sex, race/ethnicity and their
intersections): the selection rate (here: the share of decided applicants who were advanced),
the scoring rate (the share of assessed applicants who scored above the role's median score),
and for each the impact ratio, the rate divided by the highest rate of any category. The
"four-fifths rule" of US employment practice flags ratios below 0.8. Categories come only from
voluntary, separately stored self-identification; applicants who declined are reported apart
and left out of the ratios, as are categories under 2% of the applicants, which are too small to
conclude from. This reports; it never changes a score or a decision.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from candidates.models import SelfIdentification
from screening.decisions import role_latest_outcomes
from screening.models import Assessment, DecisionOutcome, RoleProfile

FOUR_FIFTHS = 0.8
# LL144 audits may leave categories under 2% of the data out of the ratios.
SMALL_SHARE = 0.02
DECLINED = "declined"
DIMENSIONS = ("sex", "race_ethnicity", "intersection")


@dataclass(frozen=True)
class Applicant:
    sex: str
    race_ethnicity: str
    advanced: bool | None  # None: not decided (or on hold)
    score: float | None  # None: not assessed

    def category(self, dimension: str) -> str:
        if dimension == "sex":
            return self.sex
        if dimension == "race_ethnicity":
            return self.race_ethnicity
        return f"{self.sex} / {self.race_ethnicity}"


@dataclass(frozen=True)
class CategoryRate:
    metric: str  # "selection" | "scoring"
    dimension: str  # "sex" | "race_ethnicity" | "intersection"
    category: str
    applicants: int
    positive: int  # advanced, or scored above the median
    rate: float
    impact_ratio: float | None  # None for declined or too-small categories
    below_four_fifths: bool
    small: bool


@dataclass(frozen=True)
class AdverseImpact:
    applicants: int
    decided: int
    assessed: int
    declined: int
    median_score: float | None
    rates: list[CategoryRate]

    @property
    def flagged(self) -> list[CategoryRate]:
        return [rate for rate in self.rates if rate.below_four_fifths]

    def to_json(self) -> dict:
        return asdict(self)


CSV_HEADER = (
    "metric",
    "dimension",
    "category",
    "applicants",
    "positive",
    "rate",
    "impact_ratio",
    "below_four_fifths",
    "too_small",
)


def csv_rows(report: AdverseImpact) -> list[tuple]:
    return [
        (
            r.metric,
            r.dimension,
            r.category,
            r.applicants,
            r.positive,
            r.rate,
            "" if r.impact_ratio is None else r.impact_ratio,
            r.below_four_fifths,
            r.small,
        )
        for r in report.rates
    ]


def adverse_impact(applicants: Iterable[Applicant]) -> AdverseImpact:
    applicants = list(applicants)
    decided = [(a, a.advanced) for a in applicants if a.advanced is not None]
    assessed = [(a, a.score) for a in applicants if a.score is not None]
    median = statistics.median(score for _, score in assessed) if assessed else None
    rates: list[CategoryRate] = []
    for dimension in DIMENSIONS:
        rates += _rates(
            "selection", dimension, [(a.category(dimension), advanced) for a, advanced in decided]
        )
        if median is not None:
            above = [(a.category(dimension), score > median) for a, score in assessed]
            rates += _rates("scoring", dimension, above)
    return AdverseImpact(
        applicants=len(applicants),
        decided=len(decided),
        assessed=len(assessed),
        declined=sum(1 for a in applicants if a.sex == DECLINED and a.race_ethnicity == DECLINED),
        median_score=median,
        rates=rates,
    )


def _rates(metric: str, dimension: str, rows: list[tuple[str, bool]]) -> list[CategoryRate]:
    applicants = Counter(category for category, _ in rows)
    positive = Counter(category for category, hit in rows if hit)
    total = sum(applicants.values()) or 1
    rate = {c: positive[c] / n for c, n in applicants.items()}
    counted = [c for c, n in applicants.items() if DECLINED not in c and n / total >= SMALL_SHARE]
    best = max((rate[c] for c in counted), default=0.0)
    out = []
    for category in sorted(applicants):
        included = category in counted
        ratio = rate[category] / best if included and best > 0 else None
        out.append(
            CategoryRate(
                metric=metric,
                dimension=dimension,
                category=category,
                applicants=applicants[category],
                positive=positive[category],
                rate=round(rate[category], 4),
                impact_ratio=round(ratio, 4) if ratio is not None else None,
                below_four_fifths=ratio is not None and ratio < FOUR_FIFTHS,
                small=DECLINED not in category and not included,
            )
        )
    return out


def role_applicants(*, role: RoleProfile) -> list[Applicant]:
    """The role's applicants: self-identified categories, latest decision, current score.

    Holds are not decisions either way; applicants who gave no self-identification count as
    declined.
    """
    latest = role_latest_outcomes(role=role)
    scores = dict(Assessment.objects.filter(role=role).values_list("application_id", "score"))
    applications = list(role.applications.values_list("pk", "candidate_id"))
    identities = {
        cid: (sex, race)
        for cid, sex, race in SelfIdentification.objects.filter(
            candidate_id__in=[cid for _, cid in applications]
        ).values_list("candidate_id", "sex", "race_ethnicity")
    }
    return [
        Applicant(
            *identities.get(cid, (DECLINED, DECLINED)),
            advanced=None
            if latest.get(app_id) in (None, DecisionOutcome.HOLD)
            else latest[app_id] == DecisionOutcome.ADVANCE,
            score=scores.get(app_id),
        )
        for app_id, cid in applications
    ]
