"""Topic fit: relative to other fields, comparable across roles, with the papers behind it."""

from __future__ import annotations

from candidates.dimensions import Dimension
from screening import topic
from screening.criteria import CriterionSpec
from screening.rubric_templates import get_template
from screening.scoring import PUBS_IN_ROLE_AREA, TOPIC_FIT, FeatureTable, score
from screening.topic import TopicModel, cached_model, topic_fits

AREA = "natural language processing, machine translation and large language models"
ML_AREA = get_template("research-scientist-ml").research_area
CELL_SCIENCE = (
    "Cell biology: how cells grow, divide and signal, imaging of living cells, single-cell "
    "genomics and the molecular machinery of the cell."
)
BACKEND_ENGINEER = (
    "Backend developer building REST APIs and microservices in Java and Spring for a retail "
    "web application\nKafka pipelines, SQL databases, Docker and Kubernetes on AWS"
)
ML_RESEARCHER = (
    "Contrastive representation learning for image classification\nGeneralization of deep "
    "neural networks trained with SGD\nDiffusion models for generative modeling"
)
NEUROSCIENTIST = (
    "Dendritic computation in cortical neurons\nSynaptic plasticity in hippocampal circuits\n"
    "Spiking network models of neural coding"
)
HYDROLOGIST = (
    "Flood frequency analysis in river basins\nNonstationary rainfall extremes and streamflow "
    "in a changing climate"
)


def area_level(fit: float | None, pubs_in_area: int = 0) -> int:
    spec = CriterionSpec(name="Area", dimension=Dimension.RESEARCH_AREA, weight=1, levels=("",) * 5)
    row = {TOPIC_FIT: fit, PUBS_IN_ROLE_AREA: pubs_in_area, "cv_read": True}
    return int(score([spec], FeatureTable([row])).criteria[0].levels[0])


def test_closer_research_scores_higher_and_the_closest_papers_are_named():
    fits = topic_fits(
        AREA,
        ["Low-resource machine translation with language models", "Flood frequency analysis"],
        [["Language Models for Translation", "A Survey of Rivers"], ["Rainfall Extremes"]],
    )

    assert fits[0].similarity > fits[1].similarity
    assert fits[0].papers == ("Language Models for Translation",)
    assert fits[1].papers == ()


def test_the_fit_separates_in_field_from_out_of_field_on_one_scale_for_every_role():
    for area, inside, outside in (
        (ML_AREA, ML_RESEARCHER, HYDROLOGIST),
        (AREA, "Neural machine translation for low-resource languages", BACKEND_ENGINEER),
        (CELL_SCIENCE, "Single-cell RNA sequencing of dividing cells", HYDROLOGIST),
    ):
        fit_in, fit_out = topic_fits(area, [inside, outside], [[], []])

        assert fit_in.similarity > 0.5 > 0.3 > fit_out.similarity, area


def test_a_backend_engineer_is_not_in_a_machine_learning_research_area():
    engineer, researcher = topic_fits(ML_AREA, [BACKEND_ENGINEER, ML_RESEARCHER], [[], []])

    assert area_level(engineer.similarity) == 0
    assert area_level(researcher.similarity) >= 3


def test_a_neuroscientist_is_closer_to_cell_science_than_a_hydrologist():
    neuro, hydro = topic_fits(CELL_SCIENCE, [NEUROSCIENTIST, HYDROLOGIST], [[], []])

    assert neuro.similarity > hydro.similarity


def test_the_fit_of_a_candidate_does_not_depend_on_who_else_applied():
    (alone,) = topic_fits(ML_AREA, [ML_RESEARCHER], [[]])
    in_a_pool = topic_fits(ML_AREA, [HYDROLOGIST, ML_RESEARCHER, BACKEND_ENGINEER], [[]] * 3)

    assert in_a_pool[1].similarity == alone.similarity


def test_a_few_research_words_are_not_a_confident_fit():
    full, thin = topic_fits(ML_AREA, [ML_RESEARCHER, "Worked on neural networks"], [[], []])

    assert thin.similarity < full.similarity


def test_without_research_text_the_fit_is_unknown_not_zero():
    (fit,) = topic_fits(AREA, ["   "], [[]])

    assert fit.similarity is None


def test_a_role_model_is_kept_per_area_text(monkeypatch):
    monkeypatch.setattr(topic, "_models", type(topic._models)())

    first = cached_model(("role", "area"), AREA)
    again = cached_model(("role", "area"), AREA)
    other = cached_model(("role", "other area"), ML_AREA)

    assert isinstance(first, TopicModel)
    assert again is first
    assert other is not first
    assert cached_model(("role", "empty"), "  ") is None
