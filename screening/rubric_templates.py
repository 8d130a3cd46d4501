"""Rubric templates for common AI research roles, built from RUBRIC.md.

Level anchors are written as observable evidence (a behaviourally anchored rating scale), so a
reviewer can check any level against the quotes Referee cites. Thresholds say which features
reach each level (see :mod:`screening.scoring`); a criterion without thresholds uses its
dimension's defaults there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from candidates.dimensions import Dimension
from screening.criteria import CriterionSpec


@dataclass(frozen=True)
class RubricTemplate:
    slug: str
    title: str
    research_area: str
    areas: tuple[str, ...]
    criteria: tuple[CriterionSpec, ...]


def publications(
    field_name: str, venues: str, field_areas: tuple[str, ...], *, weight: float = 4, **extra
) -> CriterionSpec:
    """Top-tier publications in the role's field: the RUBRIC.md anchor, per field.

    Every level counts papers at venues of ``field_areas`` (the venue data's areas); papers of
    other fields are reported as such and reach level 1 only, which makes the gap closeable.
    Level 4 asks for a sustained first-author record, so a handful of papers does not reach it.
    """
    return CriterionSpec(
        name=f"Top-tier publications in {field_name}",
        dimension=Dimension.PUBLICATIONS,
        weight=weight,
        must_have=True,
        target_level=2,
        levels=(
            "No papers.",
            "Workshop papers, preprints, or papers outside the field only.",
            f"One main-track paper at a top or strong venue of the field ({venues}).",
            "Two or more top-venue papers in the field, at least one as first author.",
            "A sustained first-author record: four or more top-venue papers in the field, three "
            "or more as first author.",
        ),
        thresholds={
            "stage_adjusted": True,
            "field": {"name": field_name, "areas": list(field_areas)},
            "levels": [
                {"pubs_total": 1},
                {"field_top+field_strong": 1},
                {"field_top": 2, "field_top_first": 1},
                {"field_top": 4, "field_top_first": 3},
            ],
        },
        **extra,
    )


METHODOLOGY = CriterionSpec(
    name="Research methodology",
    dimension=Dimension.RESEARCH_METHODOLOGY,
    weight=2.5,
    must_have=True,
    target_level=2,
    levels=(
        "No research experience described.",
        "Course or capstone projects with experiments.",
        "A research position (RA, research intern) or a research thesis.",
        "A PhD (completed or in progress) with first-author papers.",
        "Leads research: five or more first- or last-author papers and reviews for venues.",
    ),
)
MATH = CriterionSpec(
    name="Mathematical depth",
    dimension=Dimension.MATH_DEPTH,
    weight=1.5,
    target_level=2,
    levels=(
        "No quantitative training shown.",
        "Undergraduate mathematics in a technical degree.",
        "A graduate quantitative degree, a degree in mathematics, statistics or physics, or "
        "graduate coursework in probability, optimisation or linear algebra.",
        "A PhD (or in progress) in a quantitative field, or a graduate mathematics degree.",
        "Theory publications (COLT, ALT, STOC/FOCS) or proofs central to the work; olympiad "
        "or Putnam distinction.",
    ),
)
CODING = CriterionSpec(
    name="Coding depth for research",
    dimension=Dimension.CODING,
    weight=1.5,
    target_level=2,
    levels=(
        "No programming evidence.",
        "Programming languages listed.",
        "A deep-learning framework (PyTorch, JAX or TensorFlow), or research code described.",
        "Research code built and described: pipelines, training loops, custom layers, "
        "maintained open-source code or performance work.",
        "Performance work (CUDA, kernels, optimised C/C++, distributed training) with research "
        "code, maintained libraries or work at scale.",
    ),
)
COLLABORATION = CriterionSpec(
    name="Collaboration",
    dimension=Dimension.COLLABORATION,
    weight=1,
    target_level=2,
    levels=(
        "No collaboration evidence.",
        "Team projects or a first co-author.",
        "Papers with three or more distinct co-authors.",
        "Eight or more co-authors, or an internship at a research lab.",
        "A wide network of co-authors and mentoring or organising roles.",
    ),
)
CREDENTIALS = CriterionSpec(
    name="Credentials",
    dimension=Dimension.CREDENTIALS,
    weight=1,
    target_level=3,
    levels=(
        "No degree listed.",
        "Bachelor's degree.",
        "Master's degree.",
        "PhD in progress.",
        "PhD completed.",
    ),
)
RESEARCH_AREA = CriterionSpec(
    name="Research area fit",
    dimension=Dimension.RESEARCH_AREA,
    weight=2,
    target_level=2,
    levels=(
        "Research unrelated to the role's area.",
        "Adjacent work with transferable methods.",
        "Some work in the role's area.",
        "Most recent work in the role's area.",
        "A recognised record in the role's area.",
    ),
)
RESEARCH_EXPERIENCE = CriterionSpec(
    name="Research experience",
    dimension=Dimension.RESEARCH_EXPERIENCE,
    weight=1,
    target_level=2,
    levels=(
        "No research positions.",
        "A thesis or a research project.",
        "One research position (research assistant, intern, engineer).",
        "Two or more research positions.",
        "Three or more research positions over five or more years of publishing.",
    ),
)


def scientist_criteria(
    publications_criterion: CriterionSpec,
    *,
    coding: CriterionSpec = CODING,
    area_weight: float = 2.5,
) -> tuple[CriterionSpec, ...]:
    """The criteria of a research-scientist role in a field: its publications first."""
    return (
        publications_criterion,
        METHODOLOGY,
        MATH,
        coding,
        COLLABORATION,
        CREDENTIALS,
        replace(RESEARCH_AREA, weight=area_weight),
    )


ML_VENUES = "NeurIPS, ICML, ICLR"
TEMPLATE_LIST = (
    RubricTemplate(
        slug="research-scientist-ml",
        title="Research Scientist (Machine Learning)",
        research_area=(
            "Machine learning and deep learning research: new learning methods and "
            "architectures, optimization, generalization, representation learning, generative "
            "models, probabilistic modeling, neural networks, published at NeurIPS, ICML and ICLR."
        ),
        areas=("ml", "ai", "stats", "theory"),
        criteria=scientist_criteria(
            publications("machine learning", ML_VENUES, ("ml", "ai", "nlp", "cv")),
            area_weight=RESEARCH_AREA.weight,
        ),
    ),
    RubricTemplate(
        slug="research-scientist-nlp",
        title="Research Scientist (NLP)",
        research_area=(
            "Natural language processing: language models, large language models, machine "
            "translation, question answering, summarization, dialogue, information extraction, "
            "multilingual and low-resource language, text generation, linguistic structure, "
            "speech and language understanding, published at ACL, EMNLP and NAACL."
        ),
        areas=("nlp", "ml", "speech", "ir"),
        criteria=scientist_criteria(
            publications("NLP", "ACL, EMNLP, NAACL, NeurIPS, ICML, ICLR", ("nlp", "ml"))
        ),
    ),
    RubricTemplate(
        slug="research-scientist-cv",
        title="Research Scientist (Computer Vision)",
        research_area=(
            "Computer vision: image recognition, object detection, segmentation, 3D vision and "
            "reconstruction, video understanding, visual generative models, diffusion models, "
            "vision-language models, pose estimation, medical imaging, published at CVPR, ICCV "
            "and ECCV."
        ),
        areas=("cv", "ml", "multimedia", "medical_imaging", "robotics"),
        criteria=scientist_criteria(
            publications("computer vision", "CVPR, ICCV, ECCV, NeurIPS", ("cv", "ml")),
            coding=replace(
                CODING,
                weight=2,
                levels=(
                    *CODING.levels[:4],
                    "C++/CUDA or on-device performance work with research code, maintained "
                    "libraries or work at scale.",
                ),
            ),
        ),
    ),
    RubricTemplate(
        slug="research-scientist-rl",
        title="Research Scientist (Reinforcement Learning)",
        research_area=(
            "Reinforcement learning: policy optimization, model-based reinforcement learning, "
            "exploration, credit assignment, offline reinforcement learning, multi-agent "
            "systems, planning, control, robotics and robot learning, sequential decision "
            "making, bandits, published at NeurIPS, ICML, ICLR and CoRL."
        ),
        areas=("ml", "robotics", "ai"),
        criteria=scientist_criteria(
            publications(
                "reinforcement learning", "NeurIPS, ICML, ICLR, CoRL", ("ml", "robotics", "ai")
            )
        ),
    ),
    RubricTemplate(
        slug="ml-theory",
        title="Machine Learning Theory Researcher",
        research_area=(
            "Theory of machine learning: learning theory, generalization bounds, sample "
            "complexity, optimization theory, convergence analysis, online learning, bandits, "
            "statistical learning, high-dimensional statistics, proofs and theorems, published "
            "at COLT, ALT, STOC, FOCS, NeurIPS and ICML."
        ),
        areas=("theory", "ml", "stats"),
        criteria=(
            replace(MATH, weight=3, must_have=True, target_level=3),
            publications(
                "ML theory",
                "COLT, ALT, NeurIPS, ICML, STOC, FOCS",
                ("ml", "theory", "stats"),
                weight=2.5,
            ),
            METHODOLOGY,
            replace(CREDENTIALS, weight=1.5),
            replace(CODING, weight=0.5, target_level=1),
            COLLABORATION,
            RESEARCH_AREA,
        ),
    ),
    RubricTemplate(
        slug="research-engineer",
        title="Research Engineer",
        research_area=(
            "Research engineering for machine learning: training infrastructure, distributed "
            "training, large-scale experiments, efficient deep learning, GPU kernels and CUDA, "
            "model optimization, ML systems, reproducible research code, PyTorch and JAX."
        ),
        areas=("ml", "systems"),
        criteria=(
            replace(CODING, weight=3, must_have=True, target_level=3),
            replace(RESEARCH_EXPERIENCE, weight=2),
            replace(METHODOLOGY, weight=1.5, must_have=False),
            replace(
                publications("machine learning", ML_VENUES, ("ml", "ai", "nlp", "cv"), weight=1),
                must_have=False,
                target_level=1,
            ),
            COLLABORATION,
            replace(CREDENTIALS, target_level=2),
            replace(MATH, weight=1, target_level=1),
            RESEARCH_AREA,
        ),
    ),
    RubricTemplate(
        slug="ai-safety",
        title="AI Safety Researcher",
        research_area=(
            "AI safety and alignment: interpretability, mechanistic interpretability, "
            "robustness, adversarial examples, reward modeling, RLHF, preference learning, "
            "evaluation of large language models, red teaming, causal abstraction, honesty, "
            "calibration, uncertainty, fairness and AI governance."
        ),
        areas=("ml", "nlp", "ai"),
        criteria=(
            publications(
                "machine learning and AI safety", f"{ML_VENUES}, ACL, EMNLP", ("ml", "nlp", "ai")
            ),
            METHODOLOGY,
            replace(RESEARCH_AREA, weight=2.5, must_have=True),
            MATH,
            CODING,
            COLLABORATION,
            CREDENTIALS,
        ),
    ),
)
TEMPLATES: dict[str, RubricTemplate] = {t.slug: t for t in TEMPLATE_LIST}


def get_template(slug: str) -> RubricTemplate:
    try:
        return TEMPLATES[slug]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise KeyError(f"No rubric template {slug!r}; known templates: {known}.") from None
