"""Topic fit: how close a candidate's research is to a role's area, with scikit-learn TF-IDF.

The role's area (its research-area text and job description) and the candidates' research
texts (publication titles, interests, thesis and project lines) are embedded with one TF-IDF
model fitted on them together, so words common to every candidate weigh little. The fit is the
cosine similarity; the papers that drive it are the titles most similar to the area.

A fitted :class:`TopicModel` is kept per role and area text in the process (workers live long),
so scoring one new applicant transforms one text instead of refitting on the whole pool; the
model is refitted once the pool has grown by half.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

MAX_FEATURES = 50_000
TOP_PAPERS = 3
CACHED_MODELS = 32
REFIT_GROWTH = 1.5


@dataclass(frozen=True)
class TopicFit:
    similarity: float | None  # None when the candidate has no research text
    papers: tuple[str, ...]  # titles that drive the similarity, closest first


class TopicModel:
    """TF-IDF fitted on a role's area and a pool of research texts."""

    def __init__(self, area: str, pool: Sequence[str]):
        self.pool_size = len(pool)
        self.vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            ngram_range=(1, 2),
            max_features=MAX_FEATURES,
            strip_accents="unicode",
        )
        matrix = self.vectorizer.fit_transform([area, *pool])
        self.area = matrix[0]

    def fits(self, texts: Sequence[str], titles: Sequence[Sequence[str]]) -> list[TopicFit]:
        similarities = linear_kernel(self.area, self.vectorizer.transform(texts)).ravel()
        return [
            TopicFit(round(float(similarity), 4), self._closest(paper_titles))
            if text.strip()
            else TopicFit(None, ())
            for text, paper_titles, similarity in zip(texts, titles, similarities, strict=True)
        ]

    def _closest(self, titles: Sequence[str]) -> tuple[str, ...]:
        if not titles:
            return ()
        scores = linear_kernel(self.area, self.vectorizer.transform(titles)).ravel()
        order = np.argsort(-scores, kind="stable")
        return tuple(titles[i] for i in order[:TOP_PAPERS] if scores[i] > 0)


def topic_fits(
    area: str, research_texts: Sequence[str], titles: Sequence[Sequence[str]]
) -> list[TopicFit]:
    """The fit of every candidate, with a model fitted on exactly these texts."""
    if not area.strip() or not any(t.strip() for t in research_texts):
        return [TopicFit(None, ()) for _ in research_texts]
    return TopicModel(area, research_texts).fits(research_texts, titles)


_models: OrderedDict[tuple, TopicModel] = OrderedDict()


def cached_model(
    key: tuple, area: str, pool_size: int, load_pool: Callable[[], list[str]]
) -> TopicModel | None:
    """The process's model for ``key`` (a role and its area text), refitted when the pool grew.

    ``load_pool`` is called only when a fit is needed. None when there is nothing to fit.
    """
    model = _models.get(key)
    if model is None or pool_size > REFIT_GROWTH * max(model.pool_size, 1):
        pool = load_pool()
        if not area.strip() or not any(t.strip() for t in pool):
            return None
        model = TopicModel(area, pool)
    _models[key] = model
    _models.move_to_end(key)
    while len(_models) > CACHED_MODELS:
        _models.popitem(last=False)
    return model
