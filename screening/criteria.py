"""One criterion of a rubric as plain values, and every conversion of it.

A criterion is the same value wherever it is: in a template, in the rubric editor's form, in an
API request, in a stored rubric version and in the scoring. :class:`CriterionSpec` is that
value, and this module is the one place that turns it into and out of the shapes the channels
use (a stored :class:`screening.models.Criterion` row, the editor's form data, JSON), so a new
field of a criterion is added here once. No database: the scoring reads it too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

LEVELS = 5  # rubric levels run 0..4
# The editor's form fields of the level descriptions, level_0 to level_4.
LEVEL_FIELDS = tuple(f"level_{level}" for level in range(LEVELS))

# What a rubric may hold, whichever channel it comes through. The rubric service
# (screening.services.rubric_criteria_validate) enforces it; the editor's form and the API's
# serializers refuse longer input early, with these same messages.
MAX_CRITERIA = 40
LEVEL_TEXT_CHARS = 1000
NO_CRITERIA = "A rubric needs at least one criterion."
TOO_MANY_CRITERIA = f"A rubric has at most {MAX_CRITERIA} criteria."
NO_WEIGHT = "Give at least one criterion a weight above zero."
LEVEL_TEXT_TOO_LONG = f"Describe each level in at most {LEVEL_TEXT_CHARS:,} characters."


class StoredCriterion(Protocol):
    """What :meth:`CriterionSpec.from_model` reads of a :class:`screening.models.Criterion`.

    A protocol rather than the model itself, so that this module (and the scoring, which
    imports it) never imports the models, which import it for :data:`LEVELS`.
    """

    @property
    def pk(self) -> Any: ...
    @property
    def name(self) -> str: ...
    @property
    def dimension(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def levels(self) -> Sequence[str]: ...
    @property
    def must_have(self) -> bool: ...
    @property
    def target_level(self) -> int: ...
    @property
    def thresholds(self) -> Mapping[str, Any] | None: ...


@dataclass(frozen=True, kw_only=True)
class CriterionSpec:
    """One weighted criterion with its level descriptions (anchors) 0-4 and thresholds.

    ``thresholds`` say which features reach each level (see :mod:`screening.scoring`); empty
    means the dimension's defaults. ``key`` is the stored criterion's id, which an assessment
    cites; a criterion not saved yet (a template's, a draft's, an edit being previewed) has none.
    """

    name: str
    dimension: str
    weight: float
    levels: tuple[str, ...]
    must_have: bool = False
    target_level: int = 2
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""

    @classmethod
    def from_model(cls, row: StoredCriterion) -> CriterionSpec:
        """A stored criterion of a rubric version."""
        return cls(
            key=str(row.pk),
            name=row.name,
            dimension=row.dimension,
            weight=row.weight,
            levels=tuple(row.levels),
            must_have=row.must_have,
            target_level=row.target_level,
            thresholds=dict(row.thresholds or {}),
        )

    def model_fields(self) -> dict[str, Any]:
        """The values of a stored criterion row (its rubric and position aside)."""
        return {
            "name": self.name,
            "dimension": self.dimension,
            "weight": self.weight,
            "levels": list(self.levels),
            "must_have": self.must_have,
            "target_level": self.target_level,
            "thresholds": dict(self.thresholds),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CriterionSpec:
        """A criterion in the API's shape (see :meth:`to_json`), already validated."""
        return cls(
            name=data["name"],
            dimension=data["dimension"],
            weight=data["weight"],
            levels=tuple(data["levels"]),
            must_have=data.get("must_have", False),
            target_level=data.get("target_level", 2),
            thresholds=dict(data.get("thresholds") or {}),
        )

    def to_json(self) -> dict[str, Any]:
        """The criterion in the API's shape: what a role or rubric version is POSTed with."""
        return {
            "name": self.name,
            "dimension": self.dimension,
            "weight": self.weight,
            "must_have": self.must_have,
            "target_level": self.target_level,
            "levels": list(self.levels),
            "thresholds": dict(self.thresholds),
        }

    @classmethod
    def from_form(cls, data: Mapping[str, Any]) -> CriterionSpec:
        """A criterion from the rubric editor's cleaned form data (see :meth:`to_form_initial`)."""
        return cls(
            name=data["name"],
            dimension=data["dimension"],
            weight=data["weight"],
            levels=tuple(data[name] for name in LEVEL_FIELDS),
            must_have=data["must_have"],
            target_level=data["target_level"],
            thresholds=dict(data["thresholds"] or {}),
        )

    def to_form_initial(self) -> dict[str, Any]:
        """The rubric editor's form data of this criterion, thresholds as indented JSON."""
        initial = {
            "name": self.name,
            "dimension": self.dimension,
            "weight": self.weight,
            "must_have": self.must_have,
            "target_level": self.target_level,
            "thresholds": json.dumps(self.thresholds, indent=1) if self.thresholds else "",
        }
        initial.update(zip(LEVEL_FIELDS, self.levels, strict=True))
        return initial
