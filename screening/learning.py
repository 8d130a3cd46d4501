"""What a role's decisions imply: criterion weights learned from advance / reject decisions.

Once recruiters have decided enough applications of a role (at least :data:`MIN_DECISIONS`,
with both outcomes), a regularised logistic regression on the candidates' criterion levels
estimates how much each criterion actually moved the decisions. The weights are shown beside
the rubric's stated weights with a cross-validated accuracy, so a hiring manager sees where
practice and rubric disagree. It suggests; it never decides, and it never changes a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score

MIN_DECISIONS = 20
MODEL_VERSION = f"logistic-l2-1/sklearn-{sklearn.__version__}"


class NotEnoughDecisions(Exception):
    """Too few decisions to learn from; ``str(exc)`` says how many more are needed."""


@dataclass(frozen=True)
class LearnedWeight:
    criterion: str
    name: str
    stated: float
    learned: float  # on the stated weights' scale; negative: practice holds it against


@dataclass(frozen=True)
class Learned:
    weights: list[LearnedWeight]
    decisions: int
    advanced: int
    cv_accuracy: float
    stated_agreement: float  # ROC AUC of the stated rubric's scores against the decisions
    model_version: str = MODEL_VERSION


def learn_weights(
    levels: np.ndarray, advanced: np.ndarray, criteria: Sequence[tuple[str, str, float]]
) -> Learned:
    """Fit on ``levels`` (decisions x criteria, 0-4) and ``advanced`` (True: advance)."""
    count, positives = len(advanced), int(np.sum(advanced))
    negatives = count - positives
    if count < MIN_DECISIONS or positives == 0 or negatives == 0:
        raise NotEnoughDecisions(
            f"Learning needs at least {MIN_DECISIONS} decisions with both advance and reject; "
            f"this role has {count} ({positives} advanced, {negatives} rejected)."
        )
    features = np.asarray(levels, dtype=float) / 4
    target = np.asarray(advanced, dtype=int)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    folds = StratifiedKFold(n_splits=min(5, positives, negatives), shuffle=True, random_state=0)
    accuracy = float(np.mean(cross_val_score(model, features, target, cv=folds)))
    model.fit(features, target)
    stated = np.array([weight for _, _, weight in criteria], dtype=float)
    coefficients = model.coef_.ravel()
    scale = stated.sum() / np.abs(coefficients).sum() if np.abs(coefficients).sum() else 0.0
    stated_scores = features @ stated
    agreement = float(roc_auc_score(target, stated_scores)) if len(set(stated_scores)) > 1 else 0.5
    return Learned(
        weights=[
            LearnedWeight(key, name, float(weight), round(float(coef * scale), 2))
            for (key, name, weight), coef in zip(criteria, coefficients, strict=True)
        ],
        decisions=count,
        advanced=positives,
        cv_accuracy=round(accuracy, 3),
        stated_agreement=round(agreement, 3),
    )
