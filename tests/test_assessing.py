"""Assessing a role's applicants from stored features, and rescoring after a rubric edit."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from io import StringIO

import jsonschema
import pytest
from django.core.management import call_command
from django.utils import timezone

from candidates.models import CandidateFeatures
from candidates.processing import candidate_rebuild_profile
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.assessing import (
    ASSESSMENT_COLUMNS,
    role_assess,
    role_assess_outdated,
    roles_with_lost_scoring,
)
from screening.blinding import PageBlindness
from screening.models import Assessment, RoleProfile, Rubric
from screening.rubric_templates import get_template
from screening.selectors import (
    ShortlistFilters,
    evidence_by_id,
    explained_criteria,
    role_shortlist,
    rubric_criteria,
    shortlist_rows,
)
from screening.services import (
    enqueue_candidate_assessment,
    rubric_revise,
)
from screening.tasks import assess_role_updates, requeue_lost_scoring
from tests.broker import queued_tasks
from tests.conftest import SHARED
from tests.factories import LabFactory
from tests.pages import applicant, make_role

pytestmark = pytest.mark.django_db


def shortlist(role):
    """The role's whole shortlist, as a member without blind review reads it."""
    applications = role_shortlist(
        role=role, filters=ShortlistFilters(), blindness=PageBlindness(everyone=False)
    )
    return shortlist_rows(role=role, applications=applications)


@pytest.fixture
def role_with_applicants():
    role = make_role(LabFactory(), "research-scientist-ml")
    people = {
        kind: applicant(role, 40 + i, archetype=kind, bib=kind == "researcher")
        for i, kind in enumerate(("researcher", "phd_student", "software_engineer", "scientist"))
    }
    return role, people


def test_researchers_rank_above_students_and_engineers_come_last(role_with_applicants):
    role, people = role_with_applicants

    assert role_assess(role=role) == 4

    ranked = [row.candidate_id for row in shortlist(role)]
    assert ranked[0] == people["researcher"].pk
    assert ranked[-1] == people["software_engineer"].pk
    engineer = Assessment.objects.get(application__candidate=people["software_engineer"])
    assert engineer.has_barrier
    assert [row.rank for row in shortlist(role)] == [1, 2, 3, 4]


def test_every_criterion_is_explained_and_cites_evidence_with_pages(role_with_applicants):
    role, people = role_with_applicants
    role_assess(role=role)

    assessment = Assessment.objects.get(application__candidate=people["researcher"])

    assert assessment.rubric == role.current_rubric
    assert assessment.model_version
    assert len(assessment.criteria) == len(get_template("research-scientist-ml").criteria)
    evidence = evidence_by_id(ids=[i for c in assessment.criteria for i in c["evidence"]])
    for criterion in assessment.criteria:
        assert criterion["explanation"].startswith(f"Level {criterion['level']} of 4")
        assert criterion["state"] in {"covered", "closeable", "barrier", "insufficient_evidence"}
        assert all(evidence[i].page == 1 for i in criterion["evidence"] if evidence[i].page)
    criteria = rubric_criteria(rubric=assessment.rubric)
    explained = explained_criteria(assessment=assessment, criteria=criteria)
    publications = next(c for c in explained if c["dimension"] == "publications")
    assert publications["evidence"]
    assert assessment.topic_papers


def test_a_rubric_edit_marks_assessments_stale_and_the_rescore_shows_rank_moves(
    role_with_applicants, django_capture_on_commit_callbacks
):
    role, _people = role_with_applicants
    role_assess(role=role)
    before = {row.candidate_id: row.rank for row in shortlist(role)}
    criteria = [replace(c, weight=0.1) for c in get_template("research-scientist-ml").criteria]
    criteria[3] = replace(criteria[3], weight=20)  # coding now decides

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rubric = rubric_revise(role=role, criteria=criteria, based_on=None, note="coding first")
    assert set(Assessment.objects.values_list("stale", flat=True)) == {True}
    assert len(callbacks) == 1  # the rescore is queued after commit

    role_assess(role=role)

    assert set(Assessment.objects.filter(role=role).values_list("rubric", flat=True)) == {rubric.pk}
    rows = shortlist(role)
    assert not any(row.stale for row in rows)
    assert {row.candidate_id: row.previous_rank for row in rows} == before


def test_a_new_applicant_is_assessed_alone_and_reuses_nothing_stale(role_with_applicants):
    role, _ = role_with_applicants
    role_assess(role=role)
    newcomer = applicant(role, 77, archetype="research_engineer")
    application = newcomer.applications.get(role=role)

    assert role_assess(role=role, application_ids=[application.pk]) == 1

    assessment = Assessment.objects.get(application=application)
    assert assessment.rank is None  # ranks are read live for partial updates
    assert len(shortlist(role)) == 5


def test_only_applicants_whose_documents_changed_since_their_assessment_are_assessed_again(
    role_with_applicants,
):
    role, people = role_with_applicants
    role_assess(role=role)
    newcomer = applicant(role, 78, archetype="phd_student")
    candidate_rebuild_profile(candidate=people["scientist"])  # e.g. a publication list arrived

    assert role_assess_outdated(role_id=role.pk) == 2
    assert role_assess_outdated(role_id=role.pk) == 0  # nothing changed since
    assert {row.candidate_id for row in shortlist(role)} >= {newcomer.pk}


def test_a_burst_of_read_documents_schedules_one_batched_assessment_per_role(
    role_with_applicants, empty_queue
):
    role, people = role_with_applicants

    for candidate in people.values():
        enqueue_candidate_assessment(candidate.pk)

    ((task, args, eta),) = queued_tasks()
    assert (task, args) == ("screening.tasks.assess_role_updates", [role.pk])
    assert eta is not None  # a moment later, so documents finishing meanwhile join the run
    assert assess_role_updates.apply(args=[role.pk]).get() == 4
    # Once the run has started, the next finished document schedules another.
    enqueue_candidate_assessment(people["researcher"].pk)
    assert len(queued_tasks()) == 2


def test_scoring_a_lost_task_left_undone_is_scheduled_again(role_with_applicants, empty_queue):
    role, people = role_with_applicants
    role_assess(role=role)
    # A document was read an hour ago, but its batched run was lost with the broker and left
    # the role's flag set, so no later document would schedule another.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    CandidateFeatures.objects.filter(candidate=people["scientist"]).update(computed_at=an_hour_ago)
    Assessment.objects.filter(application__candidate=people["scientist"]).update(
        features_at=an_hour_ago - timedelta(minutes=5)
    )
    RoleProfile.objects.filter(pk=role.pk).update(assessment_queued=True)

    assert roles_with_lost_scoring(minutes=30) == ([role.pk], [])
    assert requeue_lost_scoring.apply(kwargs={"minutes": 30}).get() == 1
    assert [(task, args) for task, args, _ in queued_tasks()] == [
        ("screening.tasks.assess_role_updates", [role.pk])
    ]
    assert assess_role_updates.apply(args=[role.pk]).get() == 1
    assert roles_with_lost_scoring(minutes=30) == ([], [])
    role.refresh_from_db()
    assert not role.assessment_queued


def test_assessments_left_stale_by_a_lost_rescore_are_rescored(role_with_applicants):
    role, _ = role_with_applicants
    role_assess(role=role)
    criteria = [replace(c, weight=c.weight + 1) for c in get_template(role.template_slug).criteria]
    rubric_revise(role=role, criteria=criteria, based_on=None, note="edit")

    assert roles_with_lost_scoring(minutes=30) == ([], [])  # the rescore may still be on its way
    Rubric.objects.filter(role=role).update(created_at=timezone.now() - timedelta(hours=1))
    assert roles_with_lost_scoring(minutes=30) == ([], [role.pk])


def test_assessments_are_written_with_every_column_of_the_model_and_read_back_intact(
    role_with_applicants,
):
    columns = {f.column for f in Assessment._meta.concrete_fields} - {"id"}
    assert {name for name, _ in ASSESSMENT_COLUMNS} == columns

    role, _ = role_with_applicants
    role_assess(role=role)
    assessment = Assessment.objects.order_by("-score").first()
    assert isinstance(assessment.criteria, list)
    assert {c["criterion"] for c in assessment.criteria} == {
        str(c.pk) for c in role.current_rubric.criteria.all()
    }
    assert isinstance(assessment.topic_papers, list)
    assert assessment.features_at == assessment.application.candidate.features.computed_at


def test_the_rank_command_prints_the_contract(tmp_path):
    contract_file = SHARED / "contracts" / "rank.schema.json"
    if not contract_file.is_file():
        pytest.skip(f"the rank contract is not present at {contract_file}")
    researcher, engineer = (
        generate(50, archetype="researcher"),
        generate(51, archetype="software_engineer"),
    )
    (tmp_path / "ada__cv.pdf").write_bytes(render_cv_pdf(researcher))
    (tmp_path / "ada__papers.bib").write_text(render_bibtex(researcher))
    (tmp_path / "bob__cv.pdf").write_bytes(render_cv_pdf(engineer))
    out = StringIO()

    call_command(
        "rank",
        "--template",
        "research-scientist-ml",
        "--format",
        "json",
        *sorted(map(str, tmp_path.iterdir())),
        stdout=out,
    )

    report = json.loads(out.getvalue())
    jsonschema.validate(report, json.loads(contract_file.read_text()))
    first, second = report["candidates"]
    assert first["name"] == researcher.name
    assert sorted(first["file"]) == sorted(
        str(tmp_path / n) for n in ("ada__cv.pdf", "ada__papers.bib")
    )
    assert second["barriers"]
    assert all(c["evidence"] for c in first["criteria"] if c["level"] > 0)
    # The shortlist ranks by the middle of the score's range; the high end counts criteria
    # with insufficient evidence at their target, and those candidates need a human read.
    for row in report["candidates"]:
        low, high = row["score_range"]
        assert row["score"] == pytest.approx((low + high) / 2, abs=0.1)
        assert low <= high
        unknown = [c for c in row["criteria"] if c["state"] == "insufficient_evidence"]
        assert row["needs_human_read"] == bool(unknown)
        assert (high > low) == any(c["level"] < c["target_level"] for c in unknown)
        assert all(c["reason"] for c in row["criteria"])
