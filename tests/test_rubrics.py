"""Role profiles carry versioned rubrics; an edit never rewrites an earlier version."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from screening.rubric_templates import TEMPLATES, get_template
from screening.services import rubric_revise
from tests.factories import LabFactory
from tests.pages import make_role

pytestmark = pytest.mark.django_db


def test_a_role_from_a_template_has_version_one_with_the_templates_criteria():
    role = make_role(LabFactory(), "research-scientist-ml")

    rubric = role.current_rubric
    template = get_template("research-scientist-ml")
    assert rubric.version == 1
    assert [c.name for c in rubric.criteria.all()] == [c.name for c in template.criteria]
    assert role.research_area == template.research_area


def test_an_edit_makes_the_next_version_and_keeps_the_old_one():
    role = make_role(LabFactory(), "research-scientist-ml")
    criteria = list(get_template("research-scientist-ml").criteria)
    original_weight = criteria[0].weight
    criteria[0] = replace(criteria[0], weight=original_weight + 1, must_have=False)

    rubric_revise(role=role, criteria=criteria, based_on=None, note="publications matter more")

    assert list(role.rubrics.values_list("version", flat=True)) == [2, 1]
    assert role.current_rubric.criteria.first().weight == original_weight + 1
    assert role.rubrics.get(version=1).criteria.first().weight == original_weight


def test_level_descriptions_must_be_five_and_non_empty():
    role = make_role(LabFactory(), "research-scientist-ml")
    bad = replace(get_template("research-scientist-ml").criteria[0], levels=("a", "b", "c"))

    with pytest.raises(ValidationError, match="exactly 5 level descriptions"):
        rubric_revise(role=role, criteria=[bad], based_on=None)

    assert role.rubrics.count() == 1


def test_an_unknown_template_names_the_known_ones():
    with pytest.raises(KeyError, match=r"known templates: .*research-scientist-ml"):
        get_template("astrologer")


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.slug)
def test_every_template_is_well_formed(template):
    assert template.criteria
    assert sum(c.weight for c in template.criteria) > 0
    for criterion in template.criteria:
        assert len(criterion.levels) == 5
        assert 0 <= criterion.target_level <= 4
