"""A lab's pipeline: stages seeded for every lab, applications moved one by one or in bulk with
a reason and a history, and stages and decisions telling one story (a rejection is both)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.urls import reverse

from screening.decisions import decision_record, role_latest_outcomes
from screening.models import (
    Application,
    AuditAction,
    AuditEvent,
    Decision,
    DecisionOutcome,
    Lab,
    LabRole,
    Stage,
    StageKind,
    StageMove,
)
from screening.pipeline import (
    MOVE_REASON_REQUIRED,
    ONE_ROLE,
    STAGE_OF_ANOTHER_LAB,
    applications_move,
)
from screening.services import role_archive, role_reopen
from screening.stages import DEFAULT_STAGES, lab_create, lab_stages
from tests.factories import ApplicationFactory, CandidateFactory, LabFactory
from tests.pages import make_role, member

pytestmark = pytest.mark.django_db


def stage(lab: Lab, name: str) -> Stage:
    return Stage.objects.get(lab=lab, name=name)


@pytest.fixture
def pipeline():
    """A role of a lab with three applicants at its first stage, and a recruiter."""
    recruiter = member(LabRole.RECRUITER)
    role = make_role(recruiter.lab)
    applications = [
        ApplicationFactory(role=role, candidate=CandidateFactory(lab=recruiter.lab, name=name))
        for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    ]
    return recruiter, role, applications


def test_a_new_lab_has_the_default_pipeline_in_order():
    lab = lab_create(name="Speech Lab", slug="speech")

    assert [(s.name, s.kind) for s in lab_stages(lab=lab)] == list(DEFAULT_STAGES)
    assert [s.order for s in lab_stages(lab=lab)] == [0, 1, 2, 3, 4]


def test_a_lab_made_without_the_service_is_given_the_pipeline_on_first_use():
    lab = Lab.objects.create(name="Script Lab", slug="script")

    assert [s.name for s in lab_stages(lab=lab)] == [name for name, _ in DEFAULT_STAGES]
    assert Stage.objects.filter(lab=lab).count() == len(DEFAULT_STAGES)  # not seeded twice
    assert len(lab_stages(lab=lab)) == len(DEFAULT_STAGES)


def test_a_new_applicant_stands_at_the_first_stage(pipeline):
    *_, applications = pipeline

    assert {a.stage.name for a in applications} == {"Screen"}
    assert not StageMove.objects.exists()


def test_a_move_keeps_who_when_why_and_where_from(pipeline):
    recruiter, role, applications = pipeline
    interview = stage(role.lab, "Interview")

    moved = applications_move(
        applications=[applications[0]],
        stage=interview,
        by=recruiter.user,
        reason="  Strong first-author record.  ",
        channel="web",
    )

    assert moved == 1
    application = Application.objects.get(pk=applications[0].pk)
    assert application.stage == interview
    (move,) = StageMove.objects.filter(application=application)
    assert (move.from_stage.name, move.to_stage.name) == ("Screen", "Interview")
    assert move.moved_by == recruiter.user
    assert move.reason == "Strong first-author record."
    assert application.stage_since == move.at


def test_a_bulk_move_moves_everyone_once_and_leaves_those_already_there(pipeline):
    recruiter, role, applications = pipeline
    interview = stage(role.lab, "Interview")
    applications_move(
        applications=applications[:1], stage=interview, by=recruiter.user, reason="First."
    )

    moved = applications_move(
        applications=applications, stage=interview, by=recruiter.user, reason="Everyone."
    )

    assert moved == 2
    assert set(Application.objects.filter(role=role).values_list("stage__name", flat=True)) == {
        "Interview"
    }
    assert StageMove.objects.count() == 3  # one for the first move, two for the bulk one


def test_every_move_is_audited_by_ids_without_names(pipeline):
    recruiter, role, applications = pipeline

    applications_move(
        applications=applications,
        stage=stage(role.lab, "Offer"),
        by=recruiter.user,
        reason="Panel agreed.",
        channel="api",
    )

    events = AuditEvent.objects.filter(action=AuditAction.STAGE_MOVED)
    assert sorted(e.target_id for e in events) == sorted(a.pk for a in applications)
    assert {e.target_type for e in events} == {"application"}
    assert {e.channel for e in events} == {"api"}
    assert {e.actor_name for e in events} == {recruiter.user.get_username()}
    for event in events:
        assert "Ada" not in str(event.detail)
        assert "Turing" not in str(event.detail)
        assert event.detail["to"] == stage(role.lab, "Offer").pk


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"applications": []}, "applications", "Choose at least one applicant to move."),
        ({"stage": None}, "stage", "Choose the stage to move to."),
        ({"reason": "   "}, "reason", MOVE_REASON_REQUIRED),
        ({"reason": "x" * 5001}, "reason", "Keep the reason to 5,000 characters or fewer."),
    ],
)
def test_a_move_missing_something_is_refused_and_nothing_moves(pipeline, change, field, message):
    recruiter, role, applications = pipeline
    arguments = {
        "applications": applications,
        "stage": stage(role.lab, "Interview"),
        "reason": "Good.",
    } | change

    with pytest.raises(ValidationError) as refused:
        applications_move(by=recruiter.user, **arguments)

    assert refused.value.message_dict == {field: [message]}
    assert not StageMove.objects.exists()
    assert set(Application.objects.values_list("stage__name", flat=True)) == {"Screen"}


def test_a_stage_of_another_lab_is_refused(pipeline):
    recruiter, _, applications = pipeline
    elsewhere = stage(LabFactory(), "Interview")

    with pytest.raises(ValidationError) as refused:
        applications_move(applications=applications, stage=elsewhere, by=recruiter.user, reason="x")

    assert refused.value.message_dict == {"stage": [STAGE_OF_ANOTHER_LAB]}
    assert not StageMove.objects.exists()


def test_applicants_of_two_roles_are_moved_one_role_at_a_time(pipeline):
    recruiter, role, applications = pipeline
    other = make_role(role.lab, "ai-safety")
    theirs = ApplicationFactory(role=other, candidate=applications[0].candidate)

    with pytest.raises(ValidationError) as refused:
        applications_move(
            applications=[applications[1], theirs],
            stage=stage(role.lab, "Interview"),
            by=recruiter.user,
            reason="x",
        )

    assert refused.value.message_dict == {"applications": [ONE_ROLE]}


def test_moving_to_the_rejected_stage_records_a_rejection_the_learned_weights_read(pipeline):
    recruiter, role, applications = pipeline

    applications_move(
        applications=applications[:2],
        stage=stage(role.lab, "Rejected"),
        by=recruiter.user,
        reason="No research experience.",
        channel="web",
    )

    outcomes = role_latest_outcomes(role=role)
    assert outcomes == {applications[0].pk: "reject", applications[1].pk: "reject"}
    decisions = Decision.objects.filter(application__in=applications[:2])
    assert {d.reason for d in decisions} == {"No research experience."}
    assert {d.decided_by for d in decisions} == {recruiter.user}
    assert AuditEvent.objects.filter(action=AuditAction.DECISION_RECORDED).count() == 2


def test_recording_a_rejection_moves_the_application_to_the_rejected_stage(pipeline):
    recruiter, _, applications = pipeline

    decision_record(
        application=applications[0],
        outcome=DecisionOutcome.REJECT,
        reason="Barrier on the must-have.",
        actor=recruiter.user,
    )

    application = Application.objects.get(pk=applications[0].pk)
    assert application.stage.kind == StageKind.REJECTED
    (move,) = application.stage_moves.all()
    assert move.reason == "Barrier on the must-have."
    assert Decision.objects.filter(application=application).count() == 1  # not recorded twice


def test_leaving_the_rejected_stage_withdraws_the_rejection(pipeline):
    recruiter, role, applications = pipeline
    rejected, interview = stage(role.lab, "Rejected"), stage(role.lab, "Interview")
    applications_move(
        applications=applications[:1], stage=rejected, by=recruiter.user, reason="No."
    )

    applications_move(
        applications=applications[:1], stage=interview, by=recruiter.user, reason="Second look."
    )

    assert role_latest_outcomes(role=role) == {applications[0].pk: DecisionOutcome.HOLD}
    assert Application.objects.get(pk=applications[0].pk).stage == interview


def test_another_decision_on_a_rejected_applicant_brings_them_back_to_the_first_stage(pipeline):
    *_, applications = pipeline
    decision_record(application=applications[0], outcome="reject", reason="No.")

    decision_record(application=applications[0], outcome="advance", reason="Reconsidered.")

    assert Application.objects.get(pk=applications[0].pk).stage.name == "Screen"


def test_stage_and_decision_never_disagree_whatever_the_order(pipeline):
    """Every way of rejecting and un-rejecting, in turn: the stage is a rejected one exactly
    when the decision that stands is a rejection."""
    _, role, applications = pipeline
    application = applications[0]
    steps = [
        lambda: decision_record(application=application, outcome="reject", reason="a"),
        lambda: applications_move(
            applications=[application], stage=stage(role.lab, "Offer"), by=None, reason="b"
        ),
        lambda: applications_move(
            applications=[application], stage=stage(role.lab, "Rejected"), by=None, reason="c"
        ),
        lambda: decision_record(application=application, outcome="hold", reason="d"),
        lambda: decision_record(application=application, outcome="advance", reason="e"),
        lambda: applications_move(
            applications=[application], stage=stage(role.lab, "Hired"), by=None, reason="f"
        ),
    ]
    for step in steps:
        step()
        current = Application.objects.select_related("stage").get(pk=application.pk)
        outcome = role_latest_outcomes(role=role).get(application.pk)
        assert (current.stage.kind == StageKind.REJECTED) == (outcome == "reject")


def test_an_archived_role_refuses_moves_and_decisions_until_reopened(pipeline):
    recruiter, role, applications = pipeline
    role_archive(role=role, actor=recruiter.user)

    with pytest.raises(ValidationError, match="archived"):
        applications_move(
            applications=applications, stage=stage(role.lab, "Interview"), by=None, reason="x"
        )
    with pytest.raises(ValidationError, match="archived"):
        decision_record(application=applications[0], outcome="reject", reason="x")
    assert not StageMove.objects.exists()
    assert not Decision.objects.exists()

    role_reopen(role=role)
    assert (
        applications_move(
            applications=applications, stage=stage(role.lab, "Interview"), by=None, reason="x"
        )
        == 3
    )


def test_a_stage_in_use_or_in_a_history_is_not_deleted_but_goes_with_its_lab(pipeline):
    recruiter, role, applications = pipeline
    applications_move(
        applications=applications, stage=stage(role.lab, "Offer"), by=recruiter.user, reason="x"
    )

    with pytest.raises(RestrictedError):
        stage(role.lab, "Offer").delete()  # applications stand there
    with pytest.raises(RestrictedError):
        stage(role.lab, "Screen").delete()  # the moves came from there
    role.lab.delete()

    assert not Stage.objects.exists()
    assert not Application.objects.exists()


NO_MEMBERS = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}


def test_a_lab_added_in_the_admin_starts_with_the_default_pipeline(admin_client):
    response = admin_client.post(
        reverse("admin:screening_lab_add"),
        {"name": "Robotics", "slug": "robotics", "stages-TOTAL_FORMS": "0",
         "stages-INITIAL_FORMS": "0", **NO_MEMBERS},
    )  # fmt: skip

    assert response.status_code == 302, response.content
    lab = Lab.objects.get(slug="robotics")
    assert [s.name for s in lab_stages(lab=lab)] == [name for name, _ in DEFAULT_STAGES]


def test_a_lab_admin_renames_and_reorders_stages_in_the_admin(admin_client):
    lab = LabFactory()
    stages = lab_stages(lab=lab)
    forms = {"stages-TOTAL_FORMS": str(len(stages)), "stages-INITIAL_FORMS": str(len(stages))}
    for index, row in enumerate(stages):
        forms |= {
            f"stages-{index}-id": str(row.pk),
            f"stages-{index}-lab": str(lab.pk),
            f"stages-{index}-name": "Phone screen" if row.name == "Screen" else row.name,
            f"stages-{index}-order": str(9 if row.name == "Offer" else row.order),
            f"stages-{index}-kind": row.kind,
        }

    response = admin_client.post(
        reverse("admin:screening_lab_change", args=[lab.pk]),
        {"name": lab.name, "slug": lab.slug, **forms, **NO_MEMBERS},
    )

    assert response.status_code == 302, response.content
    assert [s.name for s in lab_stages(lab=lab)] == [
        "Phone screen", "Interview", "Hired", "Rejected", "Offer",
    ]  # fmt: skip
