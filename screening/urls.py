"""The pages of the web app."""

from django.contrib.auth import views as auth_views
from django.urls import path

from screening import views
from screening.auth import ThrottledAuthenticationForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("lab/", views.lab_switch, name="lab_switch"),
    path("lab/audit/", views.audit_trail, name="audit_trail"),
    path("lab/audit.csv", views.audit_csv, name="audit_csv"),
    path("lab/candidates/", views.lab_candidates_page, name="lab_candidates"),
    path(
        "lab/candidates/<int:candidate_id>/applications/",
        views.candidate_add_to_role,
        name="candidate_add_to_role",
    ),
    path("lab/duplicates/", views.lab_duplicates_page, name="lab_duplicates"),
    path(
        "lab/duplicates/<int:proposal_id>/merge/",
        views.duplicate_merge_view,
        name="duplicate_merge",
    ),
    path(
        "lab/duplicates/<int:proposal_id>/keep-apart/",
        views.duplicate_keep_apart_view,
        name="duplicate_keep_apart",
    ),
    path("lab/merges/<int:merge_id>/undo/", views.merge_undo_view, name="merge_undo"),
    path("blind/", views.blind_toggle, name="blind_toggle"),
    path("roles/new/", views.role_new, name="role_new"),
    path("roles/<int:role_id>/", views.role_detail, name="role_detail"),
    path("roles/<int:role_id>/shortlist.csv", views.role_csv, name="role_csv"),
    path("roles/<int:role_id>/shortlist/", views.shortlist_action, name="shortlist_action"),
    path("roles/<int:role_id>/edit/", views.role_edit, name="role_edit"),
    path("roles/<int:role_id>/status/", views.role_status, name="role_status"),
    path("roles/<int:role_id>/upload/", views.role_upload, name="role_upload"),
    path("roles/<int:role_id>/progress.json", views.role_progress, name="role_progress"),
    path("roles/<int:role_id>/compare/", views.compare, name="compare"),
    path("roles/<int:role_id>/rubric/", views.rubric_edit, name="rubric_edit"),
    path("roles/<int:role_id>/blind/", views.role_blind, name="role_blind"),
    path("roles/<int:role_id>/decisions/", views.decisions, name="decisions"),
    path("roles/<int:role_id>/fairness/", views.fairness, name="fairness"),
    path("roles/<int:role_id>/fairness.csv", views.fairness_csv, name="fairness_csv"),
    path("roles/<int:role_id>/decisions/learn/", views.learn, name="learn"),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/",
        views.candidate_detail,
        name="candidate_detail",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/decision/",
        views.decision_create,
        name="decision_create",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/stage/",
        views.stage_move,
        name="stage_move",
    ),
    path(
        "roles/<int:role_id>/candidates/<int:candidate_id>/erase/",
        views.candidate_erase,
        name="candidate_erase",
    ),
    path(
        "documents/<int:document_id>/pages/<int:number>/",
        views.document_page,
        name="document_page",
    ),
    path(
        "documents/<int:document_id>/pages/<int:number>.png",
        views.document_page_image,
        name="document_page_image",
    ),
]
