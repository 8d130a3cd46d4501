"""Topic fit: how close a candidate's research is to a role's area, compared with other fields.

A raw TF-IDF similarity says little on its own: 0.04 may be the best fit in a pool of
specialists or noise in a pool of engineers. So the fit here is *relative*. A fixed background
of research areas (``screening/data/areas.json``: the words and phrases of some forty fields,
from machine learning and its subfields to systems, biology, earth science and economics,
written by hand for this project) and the seven templates' area texts give the TF-IDF weights
(sublinear term frequency, unigrams and bigrams), so a word weighs what it tells about a field,
whatever the pool. The role's area text is compared with every background area; the areas
close to it are the role's field (graded, not a yes or no), the others are the fields it is
not. A candidate's research text (titles, interests, summary, thesis and project lines) is then
compared with the role (its text widened by the areas of its field) and with each unrelated
field; the fit is

    fit = s_role / (s_role + s_other)

where ``s_other`` is the strongest similarity to a field unrelated to the role, discounted by
how related that field is. The fit is between 0 and 1, about 0.5 when the research is as close
to another field as to the role's, and comparable across roles and pools: the level thresholds
of the research-area criterion read it directly. A candidate with hardly any research words
(``s_role + s_other`` small) is pulled towards 0, since there is little to go on. The papers
that make the case are the candidate's titles closest to the role.

Nothing is downloaded: the background ships with the code. Models are kept per area text in the
process (workers live long); they do not depend on the pool, so they never need a refit.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel
from sklearn.preprocessing import normalize

# Part of every stored fit's key: a new version recomputes the fits a role keeps.
MODEL_VERSION = "relative-areas-1"
AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.json"
TOP_PAPERS = 3
CACHED_MODELS = 32
# Research texts with less than this much similarity to any area carry too little to judge.
MIN_SIGNAL = 0.08
# Areas at least this similar to the role's text (relative to the closest) are its field.
RELATED = 0.5


@dataclass(frozen=True)
class TopicFit:
    similarity: float | None  # the relative fit 0-1; None when there is no research text
    papers: tuple[str, ...]  # titles that drive the fit, closest first


@dataclass(frozen=True)
class Area:
    code: str
    family: str
    terms: str


@lru_cache(maxsize=1)
def background_areas() -> tuple[Area, ...]:
    data = json.loads(AREAS_FILE.read_text(encoding="utf-8"))
    return tuple(Area(a["code"], a["family"], a["terms"]) for a in data["areas"])


@lru_cache(maxsize=1)
def _template_areas() -> tuple[str, ...]:
    from screening.rubric_templates import TEMPLATE_LIST

    return tuple(t.research_area for t in TEMPLATE_LIST)


class TopicModel:
    """The background fitted with one role's area text; scores any candidate's research."""

    def __init__(self, area: str):
        areas = background_areas()
        self.vectorizer = TfidfVectorizer(
            stop_words="english",
            sublinear_tf=True,
            ngram_range=(1, 2),
            strip_accents="unicode",
        )
        documents = [a.terms for a in areas] + list(_template_areas()) + [area]
        self.vectorizer.fit(documents)
        self.areas = self.vectorizer.transform([a.terms for a in areas])
        role = self.vectorizer.transform([area])
        closeness = linear_kernel(role, self.areas).ravel()
        top = float(closeness.max()) if closeness.size else 0.0
        # How related each background area is to the role: 1 for the closest, 0 for unrelated.
        relation = np.clip(closeness / top, 0.0, 1.0) if top > 0 else np.zeros_like(closeness)
        family = areas[int(np.argmax(closeness))].family if top > 0 else None
        same_family = np.array([a.family == family for a in areas])
        self.relation = np.where(same_family, np.maximum(relation, RELATED), relation)
        # The role widened by the areas of its field, so a short text still finds its words.
        weights = np.where(relation >= RELATED, relation, 0.0)
        widened = role + self.areas.T.dot(weights).reshape(1, -1) * 0.5
        self.role = normalize(np.asarray(widened))

    def fits(self, texts: Sequence[str], titles: Sequence[Sequence[str]]) -> list[TopicFit]:
        fits = self.relative(texts)
        return [
            TopicFit(round(float(fit), 4), self._closest(paper_titles))
            if text.strip()
            else TopicFit(None, ())
            for text, paper_titles, fit in zip(texts, titles, fits, strict=True)
        ]

    def relative(self, texts: Sequence[str]) -> np.ndarray:
        """The relative fit of each text (0 for an empty one)."""
        if not texts:
            return np.zeros(0)
        vectors = self.vectorizer.transform(texts)
        to_role = np.asarray(vectors.dot(self.role.T)).ravel()
        to_areas = linear_kernel(vectors, self.areas)
        other = (to_areas * (1.0 - self.relation)).max(axis=1)
        signal = np.maximum(to_role, to_areas.max(axis=1))
        total = to_role + other
        fit = np.divide(to_role, total, out=np.zeros_like(total), where=total > 0)
        return fit * np.clip(signal / MIN_SIGNAL, 0.0, 1.0)

    def _closest(self, titles: Sequence[str]) -> tuple[str, ...]:
        if not titles:
            return ()
        scores = np.asarray(self.vectorizer.transform(titles).dot(self.role.T)).ravel()
        order = np.argsort(-scores, kind="stable")
        return tuple(titles[i] for i in order[:TOP_PAPERS] if scores[i] > 0)


def topic_fits(
    area: str, research_texts: Sequence[str], titles: Sequence[Sequence[str]]
) -> list[TopicFit]:
    """The fit of every candidate with the role's area."""
    texts = any(t.strip() for t in research_texts)
    if texts and (model := cached_model(("area", area), area)) is not None:
        return model.fits(research_texts, titles)
    return [TopicFit(None, ()) for _ in research_texts]


_models: OrderedDict[tuple, TopicModel] = OrderedDict()


def cached_model(key: tuple, area: str) -> TopicModel | None:
    """The process's model for ``key`` (a role and its area text). None without an area."""
    if not area.strip():
        return None
    model = _models.get(key)
    if model is None:
        model = TopicModel(area)
    _models[key] = model
    _models.move_to_end(key)
    while len(_models) > CACHED_MODELS:
        _models.popitem(last=False)
    return model
