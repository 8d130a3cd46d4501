"""A criterion is one value however it travels: stored, in the editor's form, or as JSON."""

from __future__ import annotations

from dataclasses import replace

import pytest

from screening.criteria import CriterionSpec
from screening.forms import CriterionForm
from screening.rubric_templates import TEMPLATES
from tests.factories import LabFactory
from tests.pages import make_role

CRITERIA = [c for t in TEMPLATES.values() for c in t.criteria]


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.name)
def test_a_criterion_posted_back_unchanged_from_the_editor_is_the_same_criterion(criterion):
    form = CriterionForm(data=criterion.to_form_initial())

    assert form.is_valid(), form.errors
    assert CriterionSpec.from_form(form.cleaned_data) == criterion


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.name)
def test_a_criterion_read_back_from_its_json_is_the_same_criterion(criterion):
    assert CriterionSpec.from_json(criterion.to_json()) == criterion


@pytest.mark.django_db
def test_a_stored_criterion_reads_back_as_the_template_criterion_with_its_id():
    role = make_role(LabFactory())

    stored = [CriterionSpec.from_model(row) for row in role.current_rubric.criteria.all()]

    assert [replace(c, key="") for c in stored] == list(TEMPLATES["research-scientist-ml"].criteria)
    assert [c.key for c in stored] == [
        str(pk) for pk in role.current_rubric.criteria.values_list("pk", flat=True)
    ]
