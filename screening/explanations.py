"""One sentence per criterion saying why a candidate got their level, in a reviewer's words.

Every number in a sentence comes from the criterion's facts
(:func:`screening.scoring.criterion_facts`), the same values that set the level and the state,
so the sentence cannot contradict the level. It names the level's anchor, the counts behind it,
a career-stage weighing as "a level 2 record, level 3 for a PhD student", and the state with its
reason: what transfers for a closeable gap, what was searched for a barrier, why the reading
cannot tell for insufficient evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from candidates.dimensions import Dimension
from screening.criteria import CriterionSpec
from screening.scoring import (
    BARRIER,
    CLOSEABLE,
    COVERED,
    INSUFFICIENT,
    PUBS_IN_ROLE_AREA,
    TOPIC_FIT,
    FeatureTable,
    criterion_facts,
    criterion_result,
    stage_name,
)

DEGREE_NAMES = {0: "no degree found", 1: "a bachelor's degree", 2: "a master's degree",
                3: "a PhD in progress", 4: "a completed PhD"}  # fmt: skip
AREA_NAMES = {
    "ml": "machine learning", "nlp": "NLP", "cv": "computer vision", "robotics": "robotics",
    "speech": "speech", "ai": "AI", "theory": "theoretical computer science",
    "ir": "information retrieval", "data_mining": "data mining", "multimedia": "multimedia",
    "medical_imaging": "medical imaging", "stats": "statistics", "bio": "biology",
    "chemistry": "chemistry", "databases": "databases", "earth_science": "earth science",
    "economics": "economics", "eda": "chip design", "engineering": "engineering",
    "general_cs": "general computer science", "general_science": "general science journals",
    "graphics": "graphics", "hci": "HCI", "math": "mathematics", "medicine": "medicine",
    "networking": "networking", "neuro": "neuroscience", "optimization": "optimisation",
    "physics": "physics", "pl": "programming languages", "se": "software engineering",
    "security": "security", "systems": "computer systems",
}  # fmt: skip


def explain(
    spec: CriterionSpec, features: Mapping[str, object], *, topic_papers: Sequence[str] = ()
) -> str:
    """The sentence for one criterion of one candidate, scored from their features alone."""
    result = criterion_result(spec, FeatureTable([features]))
    return sentence(spec, criterion_facts(spec, result, 0), topic_papers=topic_papers)


def sentence(spec: CriterionSpec, facts: Mapping, *, topic_papers: Sequence[str] = ()) -> str:
    """The sentence made from a criterion's facts (and, for area fit, the closest titles)."""
    level = facts["level"]
    counts = facts["counts"]
    described = _FACTS.get(spec.dimension, _generic)(facts, counts)
    if spec.dimension == Dimension.RESEARCH_AREA and topic_papers:
        described += "; closest work: " + "; ".join(f"“{t}”" for t in topic_papers[:3])
    text = f"Level {level} of 4 ({spec.levels[level].rstrip('.')}): {described}"
    if level > facts["record_level"]:
        factor = facts.get("stage_factor", 1.0)
        text += (
            f"; a level {facts['record_level']} record, level {level} for a "
            f"{stage_name(counts.get('career_stage'))} (counts weighed x{factor:g})"
        )
    return f"{text}. {_state_phrase(spec, facts)}"


def _state_phrase(spec: CriterionSpec, facts: Mapping) -> str:
    target, state, reason = facts["target_level"], facts["state"], facts["reason"]
    if state == COVERED:
        return f"Covered (target level {target})."
    if state == CLOSEABLE:
        gap = facts["gap"]
        why = _CLOSEABLE_REASONS.get(reason, "")
        head = f"Closeable gap: {gap} level{'s' if gap > 1 else ''} below the target of {target}"
        return f"{head}; {_closeable_why(reason, facts, spec)}." if why else f"{head}."
    if state == BARRIER:
        return (
            f"Barrier: a must-have clearly unmet (target level {target}); searched "
            f"{facts.get('searched', 'the documents')} and found nothing that transfers."
        )
    if state == INSUFFICIENT:
        low, high = facts["level_range"]
        return (
            f"Insufficient evidence: {_UNKNOWN_REASONS.get(reason, 'the documents do not tell')}"
            f" (not evidence of absence); the level could be {low} to {high}, a human should "
            "read the CV."
        )
    return ""


_UNKNOWN_REASONS = {
    "nothing_read": "no document could be read",
    "read_in_part": "the CV's publications were read only in part",
    "unreadable_section": "the publications section's entries could not be read",
    "no_section": "the CV has no section where this evidence would be",
    "no_degree_field": "no degree field or quantitative evidence was read",
    "no_skills_or_projects": "the CV has no skills or projects section and names no code",
    "no_research_text": "there is no research text to compare",
}
_CLOSEABLE_REASONS = {
    "other_field_record": "a research record in another field transfers",
    "unrefereed_in_field": "workshop papers or preprints are there; main-track papers close it",
    "other_papers": "papers are there, at venues below the field's main tracks",
    "research_training": "research training is there (positions, a thesis or first-author papers)",
    "experiments": "experimental work is there",
    "quantitative_training": "quantitative training transfers",
    "theory_record": "theoretical work is there",
    "programming": "programming is there; research code closes it",
    "collaboration": "collaboration is there",
    "published_research": "published research is an alternative route to the credential",
    "degree": "a degree is there; a PhD, or published research instead, closes it",
    "research_output": "research output is there (a thesis or first-author papers)",
    "research_elsewhere": "a research record in another area, whose methods transfer",
    "one_level_short": "one level short, more of the same evidence closes it",
    "below_target": "the criterion is not a must-have",
}


def _closeable_why(reason: str, facts: Mapping, spec: CriterionSpec) -> str:
    why = _CLOSEABLE_REASONS[reason]
    if reason == "other_field_record" and facts.get("other_fields"):
        area, count = facts["other_fields"][0]
        return (
            f"{_plural(count, 'top-venue paper')} in {AREA_NAMES.get(area, area)} show a research "
            f"record that transfers; papers in {facts.get('field', 'the field')} are the gap"
        )
    return why


def _plural(value: object, noun: str) -> str:
    number = int(value or 0)  # type: ignore[call-overload]
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _c(counts: Mapping, name: str) -> int:
    return int(counts.get(name) or 0)


def _publications(facts: Mapping, counts: Mapping) -> str:
    field = facts.get("field", "the field")
    text = (
        f"{_plural(counts.get('field_top'), 'top-venue paper')} in {field} "
        f"({_c(counts, 'field_top_first')} as first author), "
        f"{_plural(counts.get('field_strong'), 'strong-venue paper')} in {field}"
    )
    others = facts.get("other_fields") or []
    if others:
        listed = ", ".join(f"{n} in {AREA_NAMES.get(a, a)}" for a, n in others[:3])
        text += f"; top-venue papers in other fields: {listed}"
    text += (
        f"; {_plural(counts.get('pubs_workshop'), 'workshop paper')}, "
        f"{_plural(counts.get('pubs_preprint'), 'preprint')}, "
        f"{_plural(counts.get('pubs_total'), 'paper')} in all"
    )
    return text


def _methodology(facts: Mapping, counts: Mapping) -> str:
    return (
        f"{DEGREE_NAMES.get(_c(counts, 'degree_level'), 'no degree found')}, "
        f"{_plural(counts.get('pubs_first_author'), 'first-author paper')}, "
        f"{_plural(counts.get('research_positions'), 'research position')}"
        + (", a thesis" if _c(counts, "thesis") else "")
        + (", reviews for venues" if _c(counts, "peer_review") else "")
        + (", describes ablations or baselines" if _c(counts, "experiment_design") else "")
    )


def _math(facts: Mapping, counts: Mapping) -> str:
    parts = []
    if _c(counts, "strong_math_degree"):
        parts.append("a degree in mathematics, statistics or physics")
    elif _c(counts, "quantitative_degree"):
        parts.append("a quantitative degree")
    else:
        parts.append("no quantitative degree found")
    parts.append("highest degree: " + DEGREE_NAMES.get(_c(counts, "degree_level"), "none found"))
    if _c(counts, "math_coursework"):
        parts.append(_plural(counts["math_coursework"], "mention") + " of advanced coursework")
    if _c(counts, "pubs_theory"):
        parts.append(_plural(counts["pubs_theory"], "theory paper"))
    if _c(counts, "theory_work"):
        parts.append(_plural(counts["theory_work"], "mention") + " of proofs or theory")
    if _c(counts, "olympiad"):
        parts.append("an olympiad distinction")
    return ", ".join(parts)


_CODING = (
    ("performance_code", "described line", "of performance work (CUDA, kernels, optimised "
     "C/C++, distributed training)"),
    ("research_engineering", "described line", "of research code built (pipelines, training "
     "loops, custom layers, libraries)"),
    ("open_source", "mention", "of open-source code"),
    ("scale_work", "mention", "of work at scale"),
    ("dl_framework", "mention", "of deep-learning frameworks"),
    ("python", "mention", "of Python"),
    ("programming_languages", "language", "listed (weak evidence on its own)"),
)  # fmt: skip


def _coding(facts: Mapping, counts: Mapping) -> str:
    found = [
        f"{_plural(counts[name], noun)} {what}" for name, noun, what in _CODING if _c(counts, name)
    ]
    return "; ".join(found) if found else "no programming evidence found"


def _collaboration(facts: Mapping, counts: Mapping) -> str:
    return (
        f"{_plural(counts.get('coauthors_distinct'), 'distinct co-author')}, "
        f"{_plural(counts.get('research_lab_internships'), 'internship')} at a named research "
        f"lab, {_plural(counts.get('mentoring'), 'mentoring or teaching line')}, "
        f"{_plural(counts.get('organizing'), 'organising role')}"
    )


def _credentials(facts: Mapping, counts: Mapping) -> str:
    highest = DEGREE_NAMES.get(_c(counts, "degree_level"), "no degree found")
    relevant = counts.get("relevant_degree")
    if relevant is None:
        return f"highest degree: {highest} (field not stated)"
    where = "in" if relevant else "not in"
    return f"highest degree: {highest}, {where} a field relevant to AI research"


def _research_area(facts: Mapping, counts: Mapping) -> str:
    fit = counts.get(TOPIC_FIT)
    text = (
        # The fit is relative (screening.topic): closeness to the role against other fields.
        f"research fit {float(fit):.3f} with the role's area against other fields"
        if fit is not None
        else "no research text to compare"
    )
    papers = _plural(counts.get(PUBS_IN_ROLE_AREA), "paper")
    return f"{text}, {papers} at venues of the role's areas"


def _experience(facts: Mapping, counts: Mapping) -> str:
    return _plural(counts.get("research_positions"), "research position") + (
        ", a thesis" if _c(counts, "thesis") else ""
    )


def _generic(facts: Mapping, counts: Mapping) -> str:
    return "see the cited evidence"


_FACTS: dict[str, Callable[[Mapping, Mapping], str]] = {
    Dimension.PUBLICATIONS: _publications,
    Dimension.RESEARCH_METHODOLOGY: _methodology,
    Dimension.MATH_DEPTH: _math,
    Dimension.CODING: _coding,
    Dimension.COLLABORATION: _collaboration,
    Dimension.CREDENTIALS: _credentials,
    Dimension.RESEARCH_AREA: _research_area,
    Dimension.RESEARCH_EXPERIENCE: _experience,
}
