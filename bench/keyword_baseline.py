"""The keyword baseline Referee's ranking must beat: what open-source ATS shortlists compute.

A CV's baseline score is the TF-IDF cosine similarity between its text and a research-scientist
ML posting, plus the share of a fixed keyword list the CV mentions (each half weighs 0.5). The
TF-IDF vocabulary and weights are fitted on the posting and the CVs being ranked, as such tools
do per batch. Nothing here was tuned on any rating: the posting is the "Machine Learning
Scientist / Engineer" posting of ../shared/corpus/jobs (machine learning research scientists,
fundamental research, publishing) when that folder is present, else the generic posting below,
and the keywords are the usual ones of such postings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bench.common import CORPUS

POSTING_FILE = CORPUS / "jobs" / "535_Apple_Machine_Learning_Scientist_Engineer.txt"

GENERIC_POSTING = """Research Scientist, Machine Learning.
We are looking for a research scientist to advance the state of the art in machine learning and
to bring it into products. You will formulate research questions, design and run experiments,
train and evaluate deep learning models at scale, and publish at top conferences such as
NeurIPS, ICML and ICLR. Qualifications: a PhD in machine learning, computer science, statistics
or a related field; a record of first-author publications in machine learning; strong
mathematics (probability, statistics, linear algebra, optimization); strong programming in
Python with PyTorch, JAX or TensorFlow; experience with deep learning, reinforcement learning,
natural language processing, computer vision or generative models; ability to collaborate and
communicate research results."""

KEYWORDS = (
    "machine learning", "deep learning", "research", "phd", "publications", "neurips", "icml",
    "iclr", "python", "pytorch", "tensorflow", "jax", "reinforcement learning",
    "natural language processing", "computer vision", "generative models", "transformer",
    "optimization", "statistics", "probability", "linear algebra", "experiments", "algorithms",
    "neural networks", "large language models", "c++", "cuda", "distributed", "scalable",
    "artificial intelligence",
)  # fmt: skip

TFIDF_WEIGHT = 0.5


def posting_text() -> str:
    try:
        return POSTING_FILE.read_text(encoding="utf-8")
    except OSError:
        return GENERIC_POSTING


def _pattern(keyword: str) -> re.Pattern[str]:
    # Whole words only ("rust" must not match "trust"); "c++" ends in non-word characters.
    return re.compile(rf"(?<![\w+]){re.escape(keyword)}(?![\w+])", re.IGNORECASE)


def keyword_share(text: str, keywords: Sequence[str] = KEYWORDS) -> float:
    """Share of ``keywords`` that occur in ``text`` at least once."""
    if not keywords:
        return 0.0
    return sum(1 for k in keywords if _pattern(k).search(text)) / len(keywords)


def tfidf_similarities(texts: Sequence[str], posting: str) -> list[float]:
    """Cosine similarity of each text to the posting, TF-IDF fitted on the batch and posting."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    if not texts:
        return []
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([posting, *texts])
    return [float(v) for v in cosine_similarity(matrix[0], matrix[1:])[0]]


def baseline_scores(
    texts: Sequence[str], posting: str | None = None, keywords: Sequence[str] = KEYWORDS
) -> list[float]:
    """The baseline score of each CV text, between 0 and 1."""
    posting = posting_text() if posting is None else posting
    similarities = tfidf_similarities(texts, posting)
    return [
        TFIDF_WEIGHT * similarity + (1 - TFIDF_WEIGHT) * keyword_share(text, keywords)
        for text, similarity in zip(texts, similarities, strict=True)
    ]
