"""Adverse-impact report: selection rates by sex and race/ethnicity, as in LL144 bias audits.

NYC Local Law 144 bias audits report, per category (sex, race/ethnicity and their
intersections), how many applicants were selected (here: advanced), the selection rate, and the
impact ratio: the rate divided by the rate of the most selected category. The "four-fifths
rule" of US employment practice flags ratios below 0.8. Categories come only from voluntary,
separately stored self-identification; candidates who declined are counted apart and left out
of the ratios. This reports; it never changes a score or a decision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from candidates.models import SelfIdentification
from screening.models import Decision, DecisionOutcome, RoleProfile

FOUR_FIFTHS = 0.8
# LL144 audits may leave out categories under 2% of the data from the ratios.
SMALL_SHARE = 0.02
DECLINED = "declined"


@dataclass(frozen=True)
class CategoryRate:
    dimension: str  # "sex" | "race_ethnicity" | "intersection"
    category: str
    applicants: int
    selected: int
    selection_rate: float
    impact_ratio: float | None  # None for declined or too-small categories
    below_four_fifths: bool
    small: bool


@dataclass(frozen=True)
class AdverseImpact:
    decided: int
    identified: int
    declined: int
    rates: list[CategoryRate]

    def to_json(self) -> dict:
        return asdict(self)


def adverse_impact(outcomes: Iterable[tuple[str, str, bool]]) -> AdverseImpact:
    """From (sex, race_ethnicity, advanced) per decided applicant."""
    outcomes = list(outcomes)
    rates: list[CategoryRate] = []
    for dimension, key in (
        ("sex", lambda o: o[0]),
        ("race_ethnicity", lambda o: o[1]),
        ("intersection", lambda o: f"{o[0]} / {o[1]}"),
    ):
        rates += _rates(dimension, [(key(o), o[2]) for o in outcomes])
    declined = sum(1 for sex, race, _ in outcomes if sex == DECLINED and race == DECLINED)
    return AdverseImpact(
        decided=len(outcomes),
        identified=len(outcomes) - declined,
        declined=declined,
        rates=rates,
    )


def _rates(dimension: str, rows: list[tuple[str, bool]]) -> list[CategoryRate]:
    applicants = Counter(category for category, _ in rows)
    selected = Counter(category for category, advanced in rows if advanced)
    total = sum(applicants.values()) or 1
    rate = {c: selected[c] / n for c, n in applicants.items()}
    counted = [c for c, n in applicants.items() if DECLINED not in c and n / total >= SMALL_SHARE]
    best = max((rate[c] for c in counted), default=0.0)
    out = []
    for category in sorted(applicants):
        included = category in counted
        ratio = rate[category] / best if included and best > 0 else None
        out.append(
            CategoryRate(
                dimension=dimension,
                category=category,
                applicants=applicants[category],
                selected=selected[category],
                selection_rate=round(rate[category], 4),
                impact_ratio=round(ratio, 4) if ratio is not None else None,
                below_four_fifths=ratio is not None and ratio < FOUR_FIFTHS,
                small=DECLINED not in category and not included,
            )
        )
    return out


def role_outcomes(*, role: RoleProfile) -> list[tuple[str, str, bool]]:
    """Each decided applicant's self-identified categories and whether they were advanced.

    Holds are not decisions either way and are left out; the latest decision counts.
    """
    latest: dict[int, tuple[int, str]] = {}
    for application_id, candidate_id, outcome in (
        Decision.objects.filter(application__role=role)
        .order_by("created_at", "id")
        .values_list("application_id", "application__candidate_id", "outcome")
    ):
        latest[application_id] = (candidate_id, outcome)
    decided = {cid: o for cid, o in latest.values() if o != DecisionOutcome.HOLD}
    identities = {
        cid: (sex, race)
        for cid, sex, race in SelfIdentification.objects.filter(
            candidate_id__in=decided
        ).values_list("candidate_id", "sex", "race_ethnicity")
    }
    return [
        (*identities.get(cid, (DECLINED, DECLINED)), outcome == DecisionOutcome.ADVANCE)
        for cid, outcome in decided.items()
    ]
