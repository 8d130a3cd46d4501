"""One sentence per criterion saying why a candidate got their level, in a reviewer's words.

The sentence names the facts behind the level (counts that can be checked against the cited
evidence), the level's anchor, and what the state means for the role.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from candidates.dimensions import Dimension
from screening.scoring import (
    BARRIER,
    CLOSEABLE,
    COVERED,
    INSUFFICIENT,
    PUBS_IN_ROLE_AREA,
    STAGE_FACTORS,
    STAGE_NAMES,
    TOPIC_FIT,
    CriterionSpec,
)

DEGREE_NAMES = {0: "no degree found", 1: "a bachelor's degree", 2: "a master's degree",
                3: "a PhD in progress", 4: "a completed PhD"}  # fmt: skip


def explain(
    spec: CriterionSpec,
    features: Mapping[str, object],
    *,
    level: int,
    state: str,
    stage_lifted: bool = False,
    topic_papers: Sequence[str] = (),
) -> str:
    """The sentence for one criterion of one candidate."""
    facts = _FACTS.get(spec.dimension, _generic)(features, topic_papers)
    sentence = f"Level {level} of 4 ({spec.levels[level].rstrip('.')}): {facts}"
    if stage_lifted:
        stage = int(_n(features, "career_stage"))
        sentence += (
            f"; counts weighed for career stage ({STAGE_NAMES[stage]}, "
            f"x{STAGE_FACTORS[stage]:g}), which raised the level by one"
        )
    return f"{sentence}. {_state_phrase(spec, level, state)}"


def _state_phrase(spec: CriterionSpec, level: int, state: str) -> str:
    target = spec.target_level
    if state == COVERED:
        return f"Covered (target level {target})."
    if state == CLOSEABLE:
        gap = target - level
        return f"Closeable gap: {gap} level{'s' if gap > 1 else ''} below the target of {target}."
    if state == BARRIER:
        return f"Barrier: a must-have clearly unmet (target level {target})."
    if state == INSUFFICIENT:
        return (
            "Insufficient evidence: the documents do not let us tell "
            "(which is not evidence of absence)."
        )
    return ""


def _n(features: Mapping[str, object], name: str) -> float:
    return float(features.get(name) or 0)  # type: ignore[arg-type]


def _count(features: Mapping[str, object], name: str, noun: str) -> str:
    value = int(features.get(name) or 0)  # type: ignore[call-overload]
    return f"{value} {noun}" if value == 1 else f"{value} {noun}s"


def _publications(features: Mapping[str, object], _: Sequence[str]) -> str:
    return (
        f"{_count(features, 'pubs_top', 'top-venue paper')}, "
        f"{_count(features, 'pubs_strong', 'strong-venue paper')}, "
        f"{_count(features, 'pubs_workshop', 'workshop paper')} and "
        f"{_count(features, 'pubs_preprint', 'preprint')}; "
        f"{int(_n(features, 'pubs_first_author'))} as first author, "
        f"{int(_n(features, 'pubs_recent'))} in the last five years"
    )


def _methodology(features: Mapping[str, object], _: Sequence[str]) -> str:
    return (
        f"{DEGREE_NAMES[int(_n(features, 'degree_level'))]}, "
        f"{_count(features, 'pubs_first_author', 'first-author paper')}, "
        f"{_count(features, 'research_positions', 'research position')}"
        + (", reviews for venues" if _n(features, "peer_review") else "")
        + (", describes ablations or baselines" if _n(features, "experiment_design") else "")
    )


def _math(features: Mapping[str, object], _: Sequence[str]) -> str:
    parts = []
    if _n(features, "strong_math_degree"):
        parts.append("a degree in mathematics, statistics or physics")
    elif _n(features, "quantitative_degree"):
        parts.append("a quantitative degree")
    else:
        parts.append("no quantitative degree found")
    if _n(features, "math_coursework"):
        parts.append(_count(features, "math_coursework", "mention") + " of advanced coursework")
    if _n(features, "pubs_theory"):
        parts.append(_count(features, "pubs_theory", "theory paper"))
    if _n(features, "olympiad"):
        parts.append("an olympiad distinction")
    return ", ".join(parts)


def _coding(features: Mapping[str, object], _: Sequence[str]) -> str:
    found = [
        label
        for name, label in (
            ("dl_framework", "deep-learning frameworks"),
            ("performance_code", "performance code (C++/CUDA, distributed)"),
            ("research_engineering", "research pipelines"),
            ("open_source", "open-source work"),
            ("python", "Python"),
        )
        if _n(features, name)
    ]
    return "mentions " + ", ".join(found) if found else "no programming evidence found"


def _collaboration(features: Mapping[str, object], _: Sequence[str]) -> str:
    return (
        f"{_count(features, 'coauthors_distinct', 'distinct co-author')}, "
        f"{_count(features, 'research_lab_internships', 'research-lab internship')}, "
        f"{_count(features, 'mentoring', 'mentoring mention')}, "
        f"{_count(features, 'organizing', 'organising role')}"
    )


def _credentials(features: Mapping[str, object], _: Sequence[str]) -> str:
    highest = DEGREE_NAMES[int(_n(features, "degree_level"))]
    relevant = features.get("relevant_degree")
    if relevant is None:
        return f"highest degree: {highest} (field not stated)"
    where = "in" if relevant else "not in"
    return f"highest degree: {highest}, {where} a field relevant to AI research"


def _research_area(features: Mapping[str, object], papers: Sequence[str]) -> str:
    fit = features.get(TOPIC_FIT)
    text = (
        f"topic similarity {float(fit):.2f} with the role's area"  # type: ignore[arg-type]
        if fit is not None
        else "no research text to compare"
    )
    text += f", {_count(features, PUBS_IN_ROLE_AREA, 'paper')} at venues of the role's areas"
    if papers:
        text += "; closest work: " + "; ".join(f"“{title}”" for title in papers[:3])
    return text


def _experience(features: Mapping[str, object], _: Sequence[str]) -> str:
    return _count(features, "research_positions", "research position") + (
        ", a thesis" if _n(features, "thesis") else ""
    )


def _generic(features: Mapping[str, object], _: Sequence[str]) -> str:
    return "see the cited evidence"


_FACTS = {
    Dimension.PUBLICATIONS: _publications,
    Dimension.RESEARCH_METHODOLOGY: _methodology,
    Dimension.MATH_DEPTH: _math,
    Dimension.CODING: _coding,
    Dimension.COLLABORATION: _collaboration,
    Dimension.CREDENTIALS: _credentials,
    Dimension.RESEARCH_AREA: _research_area,
    Dimension.RESEARCH_EXPERIENCE: _experience,
}
