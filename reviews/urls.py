"""The panel pages, under the role they belong to (and the member's mentions)."""

from django.urls import path

from reviews import views

urlpatterns = [
    path("mentions/", views.mentions, name="mentions"),
    path("roles/<int:role_id>/panel/", views.panel, name="panel"),
    path(
        "roles/<int:role_id>/panel/members/", views.panel_member_create, name="panel_member_create"
    ),
    path(
        "roles/<int:role_id>/panel/members/<int:member_id>/remove/",
        views.panel_member_delete,
        name="panel_member_delete",
    ),
    path("roles/<int:role_id>/panel/profile/", views.profile, name="reviewer_profile"),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/review/",
        views.candidate_panel,
        name="candidate_panel",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/scorecard/",
        views.scorecard_post,
        name="scorecard_post",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/conflicts/",
        views.conflict_answer,
        name="conflict_answer",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/comments/",
        views.comment_post,
        name="comment_post",
    ),
    path(
        "roles/<int:role_id>/comments/<int:comment_id>/delete/",
        views.comment_remove,
        name="comment_remove",
    ),
]
