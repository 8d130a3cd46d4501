"""Topic fit with TF-IDF: closer research scores higher and names the papers behind it."""

from __future__ import annotations

from screening import topic
from screening.topic import TopicModel, cached_model, topic_fits

AREA = "natural language processing, machine translation and large language models"


def test_closer_research_scores_higher_and_the_closest_papers_are_named():
    fits = topic_fits(
        AREA,
        ["Low-resource machine translation with language models", "Flood frequency analysis"],
        [["Language Models for Translation", "A Survey of Rivers"], ["Rainfall Extremes"]],
    )

    assert fits[0].similarity > fits[1].similarity
    assert fits[0].papers == ("Language Models for Translation",)
    assert fits[1].papers == ()


def test_without_research_text_the_fit_is_unknown_not_zero():
    (fit,) = topic_fits(AREA, ["   "], [[]])

    assert fit.similarity is None


def test_a_role_model_is_reused_until_the_pool_grows_by_half(monkeypatch):
    monkeypatch.setattr(topic, "_models", type(topic._models)())
    loads = []

    def pool():
        loads.append(1)
        return ["machine translation", "rivers and floods"]

    first = cached_model(("role", "area"), AREA, 2, pool)
    again = cached_model(("role", "area"), AREA, 3, pool)
    grown = cached_model(("role", "area"), AREA, 4, pool)

    assert isinstance(first, TopicModel)
    assert again is first
    assert grown is not first
    assert len(loads) == 2
