"""Topic fit: how close a candidate's research is to a role's area, with scikit-learn TF-IDF.

The role's area (its research-area text and job description) and the candidates' research
texts (publication titles, interests, thesis and project lines) are embedded with one TF-IDF
model fitted on them together, so words common to every candidate weigh little. The fit is the
cosine similarity; the papers that drive it are the titles most similar to the area.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

MAX_FEATURES = 50_000
TOP_PAPERS = 3


@dataclass(frozen=True)
class TopicFit:
    similarity: float | None  # None when the candidate has no research text
    papers: tuple[str, ...]  # titles that drive the similarity, closest first


def topic_fits(
    area: str, research_texts: Sequence[str], titles: Sequence[Sequence[str]]
) -> list[TopicFit]:
    """The fit of every candidate, given their research texts and publication titles."""
    if not area.strip() or not any(t.strip() for t in research_texts):
        return [TopicFit(None, ()) for _ in research_texts]
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=1,
        max_features=MAX_FEATURES,
        strip_accents="unicode",
    )
    matrix = vectorizer.fit_transform([area, *research_texts])
    similarities = linear_kernel(matrix[0], matrix[1:]).ravel()
    fits = []
    for index, text in enumerate(research_texts):
        if not text.strip():
            fits.append(TopicFit(None, ()))
            continue
        fits.append(
            TopicFit(
                round(float(similarities[index]), 4), _closest(vectorizer, matrix[0], titles[index])
            )
        )
    return fits


def _closest(vectorizer: TfidfVectorizer, area_vector, titles: Sequence[str]) -> tuple[str, ...]:
    if not titles:
        return ()
    scores = linear_kernel(area_vector, vectorizer.transform(titles)).ravel()
    order = np.argsort(-scores, kind="stable")
    return tuple(titles[i] for i in order[:TOP_PAPERS] if scores[i] > 0)
