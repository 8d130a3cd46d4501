"""Scorecards: a level per criterion, a recommendation, draft then submitted (final), and
blind until submit: nobody reads another reviewer's scorecard on an applicant before their
own is submitted, on the page or through the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.conflicts import StateRefusal
from reviews.models import Scorecard, ScorecardStatus
from reviews.panels import LevelInput, scorecard_save
from screening.models import AuditAction, AuditEvent
from tests.panels import panel_world, referee_levels, score

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def scorecards_url(world) -> str:
    return f"/api/v1/roles/{world.role.pk}/panel/scorecards/"


def review_url(world, application) -> str:
    return reverse("candidate_panel", args=[world.role.pk, application.candidate_id])


# --- The rules of a scorecard --------------------------------------------------------------------


def test_a_draft_can_change_and_a_submitted_scorecard_is_final():
    world = panel_world(applicants=1)
    application = world.applications[0]
    draft = score(world, "ann", application, [1, 1], submit=False)
    assert draft.status == ScorecardStatus.DRAFT
    changed = score(world, "ann", application, [2] * len(world.criteria))
    assert changed.pk == draft.pk
    assert changed.status == ScorecardStatus.SUBMITTED
    assert changed.submitted_at is not None
    assert {level.level for level in changed.levels.all()} == {2}
    with pytest.raises(StateRefusal, match="final"):
        score(world, "ann", application, [4] * len(world.criteria))
    assert {level.level for level in Scorecard.objects.get(pk=draft.pk).levels.all()} == {2}
    event = AuditEvent.objects.get(action=AuditAction.SCORECARD_SUBMITTED)
    assert (event.target_type, event.target_id) == ("scorecard", draft.pk)
    assert event.detail == {"role": world.role.pk, "application": application.pk}


def test_submitting_needs_every_criterion_and_a_recommendation():
    world = panel_world(applicants=1)
    seat, application = world.seats["ann"], world.applications[0]
    first = world.criteria[0]
    with pytest.raises(ValidationError) as refused:
        scorecard_save(
            member=seat,
            application=application,
            levels={first.pk: LevelInput(3)},
            submit=True,
            actor=world.user("ann"),
        )
    assert set(refused.value.message_dict) == {"levels", "recommendation"}
    assert "every criterion" in refused.value.message_dict["levels"][0]
    assert not Scorecard.objects.exists()  # nothing half-saved


@pytest.mark.parametrize(
    ("levels", "recommendation", "field", "words"),
    [
        ({999_999: LevelInput(2)}, "", "levels", "Not criteria of the role's current rubric"),
        ("first:5", "", "levels", "from 0 to 4"),
        ("first:2", "maybe", "recommendation", "Unknown recommendation"),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(levels, recommendation, field, words):
    world = panel_world(applicants=1)
    if isinstance(levels, str):
        levels = {world.criteria[0].pk: LevelInput(int(levels.split(":")[1]))}
    with pytest.raises(ValidationError) as refused:
        scorecard_save(
            member=world.seats["ann"],
            application=world.applications[0],
            levels=levels,
            recommendation=recommendation,
            actor=world.user("ann"),
        )
    assert words in refused.value.message_dict[field][0]


def test_an_applicant_of_another_role_cannot_be_scored_on_this_panel():
    world, other = panel_world(applicants=1), panel_world(applicants=1, reviewers=("dan",))
    with pytest.raises(ValidationError, match="not applied to this role"):
        score(world, "ann", other.applications[0], [2, 2])


# --- Blind until submit ---------------------------------------------------------------------------


def test_a_reviewer_reads_the_others_scorecards_only_after_submitting_their_own(client):
    world = panel_world(applicants=1)
    application = world.applications[0]
    full = len(world.criteria)
    score(world, "bob", application, [4] * full)
    bob_summary = "Bob thinks the theory is outstanding."
    Scorecard.objects.filter(reviewer=world.seats["bob"]).update(summary=bob_summary)
    client.force_login(world.user("ann"))

    page = client.get(review_url(world, application)).content.decode()
    assert bob_summary not in page
    assert "once yours is submitted" in page
    listed = api(world.user("ann")).get(scorecards_url(world)).json()["results"]
    assert listed == []
    bob_card = Scorecard.objects.get(reviewer=world.seats["bob"])
    assert api(world.user("ann")).get(f"{scorecards_url(world)}{bob_card.pk}/").status_code == 404

    score(world, "ann", application, [1] * full, submit=False)  # a draft is not enough
    assert bob_summary not in client.get(review_url(world, application)).content.decode()
    listed = api(world.user("ann")).get(scorecards_url(world)).json()["results"]
    assert [card["reviewer_username"] for card in listed] == ["ann"]

    score(world, "ann", application, [1] * full)
    assert bob_summary in client.get(review_url(world, application)).content.decode()
    listed = api(world.user("ann")).get(scorecards_url(world)).json()["results"]
    assert sorted(card["reviewer_username"] for card in listed) == ["ann", "bob"]


def test_drafts_are_their_reviewers_alone_and_managers_off_the_panel_read_submitted_ones():
    world = panel_world(applicants=1)
    application = world.applications[0]
    score(world, "ann", application, [3] * len(world.criteria))
    score(world, "bob", application, [2], submit=False)
    for reader, seen in (("manager", ["ann"]), ("admin", ["ann"]), ("recruiter", [])):
        listed = api(world.user(reader)).get(scorecards_url(world)).json()["results"]
        assert [card["reviewer_username"] for card in listed] == seen, reader
    score(world, "cat", application, [3] * len(world.criteria))
    listed = api(world.user("cat")).get(scorecards_url(world)).json()["results"]
    assert sorted(card["reviewer_username"] for card in listed) == ["ann", "cat"]  # no draft


def test_referees_own_level_sits_beside_the_reviewers_once_submitted(client):
    world = panel_world(applicants=1)
    application = world.applications[0]
    referee_levels(world, application, [3, 1, 0, 2, 4, 1, 2, 3][: len(world.criteria)])
    score(world, "ann", application, [2] * len(world.criteria))
    card = api(world.user("ann")).get(scorecards_url(world)).json()["results"][0]
    first = next(item for item in card["levels"] if item["criterion"] == world.criteria[0].pk)
    assert (first["level"], first["referee_level"]) == (2, 3)
    client.force_login(world.user("ann"))
    page = client.get(review_url(world, application)).content.decode()
    assert '<th scope="col" class="num">Referee</th>' in page


# --- The API --------------------------------------------------------------------------------------


def test_a_reviewer_drafts_patches_and_submits_through_the_api():
    world = panel_world(applicants=1)
    application = world.applications[0]
    client = api(world.user("ann"))
    first = world.criteria[0]
    made = client.post(
        scorecards_url(world),
        {"application": application.pk, "levels": [{"criterion": first.pk, "level": 3}]},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "draft"
    again = client.post(scorecards_url(world), {"application": application.pk}, format="json")
    assert again.status_code == 409
    url = f"{scorecards_url(world)}{made.json()['id']}/"
    incomplete = client.patch(url, {"submit": True}, format="json")
    assert incomplete.status_code == 400
    assert "every criterion" in incomplete.json()["errors"]["levels"][0]
    levels = [{"criterion": c.pk, "level": 2, "note": "ok"} for c in world.criteria]
    submitted = client.patch(
        url, {"levels": levels, "recommendation": "strong_yes", "submit": True}, format="json"
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["recommendation"] == "strong_yes"
    assert client.patch(url, {"summary": "changed my mind"}, format="json").status_code == 409


def test_only_reviewers_fill_scorecards_and_only_their_own():
    world = panel_world(applicants=1)
    application = world.applications[0]
    body = {"application": application.pk}
    for outsider in ("manager", "recruiter"):
        refused = api(world.user(outsider)).post(scorecards_url(world), body, format="json")
        assert refused.status_code == 403
        assert "not on its panel" in refused.json()["detail"]
    card = score(world, "ann", application, [2], submit=False)
    url = f"{scorecards_url(world)}{card.pk}/"
    assert api(world.user("bob")).patch(url, {"summary": "x"}, format="json").status_code == 404
    client = APIClient()
    other = panel_world(applicants=0, reviewers=("zed",))
    client.force_authenticate(other.user("zed"))
    assert client.get(scorecards_url(world)).status_code == 404  # another lab's role


def test_the_page_saves_a_draft_and_shows_refusals(client):
    world = panel_world(applicants=1)
    application = world.applications[0]
    first = world.criteria[0]
    client.force_login(world.user("ann"))
    url = reverse("scorecard_post", args=[world.role.pk, application.candidate_id])
    saved = client.post(url, {f"level_{first.pk}": "3", "action": "save"})
    assert saved.status_code == 302
    card = Scorecard.objects.get(reviewer=world.seats["ann"])
    assert card.status == ScorecardStatus.DRAFT
    assert card.levels.get().level == 3
    refused = client.post(url, {f"level_{first.pk}": "3", "action": "submit"})
    assert refused.status_code == 400
    assert "Give every criterion a level before submitting." in refused.content.decode()
    client.force_login(world.user("recruiter"))
    assert client.post(url, {"action": "save"}).status_code == 403
