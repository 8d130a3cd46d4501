"""Rubric templates for common AI research roles, built from RUBRIC.md.

Level anchors are written as observable evidence (a behaviourally anchored rating scale), so a
reviewer can check any level against the quotes Referee cites.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from candidates.dimensions import Dimension


@dataclass(frozen=True)
class CriterionTemplate:
    name: str
    dimension: str
    weight: float
    levels: tuple[str, str, str, str, str]
    must_have: bool = False
    target_level: int = 2
    thresholds: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RubricTemplate:
    slug: str
    title: str
    research_area: str
    criteria: tuple[CriterionTemplate, ...]


RESEARCH_SCIENTIST_ML = RubricTemplate(
    slug="research-scientist-ml",
    title="Research Scientist (Machine Learning)",
    research_area=(
        "Machine learning and deep learning research: new methods, architectures, optimization "
        "and generalization, representation learning, generative models, published at NeurIPS, "
        "ICML and ICLR."
    ),
    criteria=(
        CriterionTemplate(
            name="Top-tier publications in machine learning",
            dimension=Dimension.PUBLICATIONS,
            weight=3,
            must_have=True,
            target_level=2,
            levels=(
                "No peer-reviewed papers.",
                "Workshop papers or preprints only.",
                "One main-track paper at a top ML venue (NeurIPS, ICML, ICLR) or a strong journal.",
                "Two or more top-venue papers, at least one as first author.",
                "A sustained record: four or more top-venue papers in five years with "
                "first-author work.",
            ),
        ),
        CriterionTemplate(
            name="Research methodology",
            dimension=Dimension.RESEARCH_METHODOLOGY,
            weight=2,
            must_have=True,
            target_level=2,
            levels=(
                "No research experience described.",
                "Course or capstone projects with experiments.",
                "A research position (RA, research intern) or a research master's thesis.",
                "A PhD (or in progress) with first-author papers; designs ablations and baselines.",
                "Leads research agendas: many first- or last-author papers; reviews for top "
                "venues.",
            ),
        ),
        CriterionTemplate(
            name="Mathematical depth",
            dimension=Dimension.MATH_DEPTH,
            weight=2,
            target_level=2,
            levels=(
                "No quantitative training shown.",
                "Undergraduate mathematics in a technical degree.",
                "A quantitative degree (math, statistics, physics, EE, CS theory) or graduate "
                "coursework in probability, optimization or linear algebra.",
                "Graduate degree in a quantitative field and theory in papers or thesis.",
                "Theory publications (COLT, ALT, STOC/FOCS) or proofs central to the work; "
                "olympiad or Putnam distinction.",
            ),
        ),
        CriterionTemplate(
            name="Coding depth for research",
            dimension=Dimension.CODING,
            weight=1.5,
            target_level=2,
            levels=(
                "No programming evidence.",
                "General programming languages listed.",
                "Python with a deep learning framework (PyTorch, JAX or TensorFlow).",
                "Custom training pipelines or open-source research code.",
                "Performance work (C++/CUDA, kernels, distributed training) or widely used "
                "open-source libraries.",
            ),
        ),
        CriterionTemplate(
            name="Collaboration",
            dimension=Dimension.COLLABORATION,
            weight=1,
            target_level=2,
            levels=(
                "No collaboration evidence.",
                "Team projects.",
                "Co-authored papers with several co-authors.",
                "Collaborations across institutions or research internships at labs.",
                "Mentoring, organizing workshops, or leading multi-institution projects.",
            ),
        ),
        CriterionTemplate(
            name="Credentials",
            dimension=Dimension.CREDENTIALS,
            weight=1,
            target_level=3,
            levels=(
                "No degree listed.",
                "Bachelor's degree.",
                "Master's degree in a relevant field.",
                "PhD in progress in a relevant field.",
                "PhD completed in CS, ML, statistics, mathematics, physics or EE.",
            ),
        ),
        CriterionTemplate(
            name="Research area fit",
            dimension=Dimension.RESEARCH_AREA,
            weight=1.5,
            target_level=2,
            levels=(
                "Research unrelated to the role's area.",
                "Adjacent area with transferable methods.",
                "Some work in the role's area.",
                "Most recent work in the role's area.",
                "A recognised record in the role's area.",
            ),
        ),
    ),
)

TEMPLATES: dict[str, RubricTemplate] = {t.slug: t for t in (RESEARCH_SCIENTIST_ML,)}


def get_template(slug: str) -> RubricTemplate:
    try:
        return TEMPLATES[slug]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise KeyError(f"No rubric template {slug!r}; known templates: {known}.") from None
