"""Comments on an applicant, with @username mentions resolved to lab members; the mentioned
member finds them under Mentions; authors delete their own; comments are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.comments import comment_create, comment_delete, member_mentions
from reviews.models import Comment
from screening.models import AuditAction, AuditEvent
from tests.panels import member_of, panel_world

pytestmark = pytest.mark.django_db


def test_mentions_of_lab_members_are_resolved_and_unknown_names_stay_text():
    world = panel_world(applicants=1, reviewers=("ann", "bob"))
    outsider = member_of(panel_world(applicants=0, reviewers=()).lab, "zoe")
    comment = comment_create(
        application=world.applications[0],
        author=world.user("ann"),
        body="@BOB can you check the proofs? cc @zoe @nobody, thanks @ann.",
    )
    assert sorted(m.user.username for m in comment.mentions.all()) == ["ann", "bob"]
    assert list(member_mentions(user=world.user("bob"))) == [comment]
    assert list(member_mentions(user=outsider.user)) == []  # not a member of the lab
    event = AuditEvent.objects.get(action=AuditAction.COMMENT_CREATED)
    assert (event.target_type, event.target_id) == ("comment", comment.pk)
    assert set(event.detail) == {"role", "application", "mentions"}


@pytest.mark.parametrize(("body", "words"), [("   ", "Write something"), ("x" * 5001, "5,000")])
def test_an_empty_or_overlong_comment_is_refused(body, words):
    world = panel_world(applicants=1, reviewers=())
    with pytest.raises(ValidationError) as refused:
        comment_create(application=world.applications[0], author=world.user("manager"), body=body)
    assert words in refused.value.message_dict["body"][0]
    assert not Comment.objects.exists()


def test_only_the_author_deletes_a_comment_and_the_deletion_is_audited(client):
    world = panel_world(applicants=1, reviewers=("ann",))
    application = world.applications[0]
    comment = comment_create(application=application, author=world.user("ann"), body="Hi")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, actor=world.user("manager"))
    client.force_login(world.user("manager"))
    url = reverse("comment_remove", args=[world.role.pk, comment.pk])
    assert client.post(url).status_code == 403
    client.force_login(world.user("ann"))
    assert client.post(url).status_code == 302
    assert not Comment.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.COMMENT_DELETED).count() == 1


def test_the_mentions_page_lists_comments_that_mention_me_and_hides_them_when_blind(client):
    world = panel_world(applicants=1, reviewers=("ann", "bob"))
    application = world.applications[0]
    comment_create(
        application=application, author=world.user("ann"), body="@bob Applicant Number0 shines"
    )
    client.force_login(world.user("bob"))
    page = client.get(reverse("mentions")).content.decode()
    assert "Applicant Number0 shines" in page
    world.role.blind_review = True
    world.role.save()
    page = client.get(reverse("mentions")).content.decode()
    assert "Applicant Number0" not in page
    assert f"Candidate #{application.candidate_id}" in page


def test_comments_on_the_review_page_are_masked_in_blind_review_but_mentions_stay(client):
    world = panel_world(applicants=1, reviewers=("ann", "bob"))
    application = world.applications[0]
    url = reverse("comment_post", args=[world.role.pk, application.candidate_id])
    client.force_login(world.user("ann"))
    assert client.post(url, {"body": "@bob Applicant Number0 is strong"}).status_code == 302
    assert client.post(url, {"body": "  "}).status_code == 400
    review = reverse("candidate_panel", args=[world.role.pk, application.candidate_id])
    assert "Applicant Number0 is strong" in client.get(review).content.decode()
    world.members["ann"].blind_review = True
    world.members["ann"].save()
    page = client.get(review).content.decode()
    assert "Applicant Number0" not in page
    assert '<strong class="mention">@bob</strong>' in page


def test_comments_through_the_api():
    world = panel_world(applicants=1, reviewers=("ann", "bob"))
    application = world.applications[0]
    url = f"/api/v1/roles/{world.role.pk}/candidates/{application.candidate_id}/comments/"
    ann, bob = APIClient(), APIClient()
    ann.force_authenticate(world.user("ann"))
    bob.force_authenticate(world.user("bob"))
    made = ann.post(url, {"body": "Over to @bob"}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["mentions"] == ["bob"]
    assert made.json()["author"] == "ann"
    assert ann.post(url, {"body": " "}, format="json").status_code == 400
    assert [c["body"] for c in bob.get(url).json()["results"]] == ["Over to @bob"]
    assert [c["id"] for c in bob.get("/api/v1/mentions/").json()["results"]] == [made.json()["id"]]
    assert bob.delete(f"{url}{made.json()['id']}/").status_code == 403
    assert ann.delete(f"{url}{made.json()['id']}/").status_code == 204
    other = panel_world(applicants=1, reviewers=("zed",))
    outsider = APIClient()
    outsider.force_authenticate(other.user("zed"))
    assert outsider.get(url).status_code == 404
