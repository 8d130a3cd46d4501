"""The pages of the web app: thin views over the selectors, services and forms."""

from screening.views.audit import audit_csv, audit_trail
from screening.views.candidates import (
    candidate_detail,
    candidate_erase,
    decision_create,
    document_page,
    document_page_image,
    stage_move,
)
from screening.views.fairness import fairness, fairness_csv
from screening.views.insights import decisions, learn
from screening.views.labs import blind_toggle, home, lab_switch, role_new
from screening.views.people import (
    candidate_add_to_role,
    duplicate_keep_apart_view,
    duplicate_merge_view,
    lab_candidates_page,
    lab_duplicates_page,
    merge_undo_view,
)
from screening.views.roles import (
    compare,
    role_blind,
    role_csv,
    role_detail,
    role_edit,
    role_status,
    shortlist_action,
)
from screening.views.rubrics import rubric_edit
from screening.views.uploads import role_progress, role_upload

__all__ = [
    "audit_csv",
    "audit_trail",
    "blind_toggle",
    "candidate_add_to_role",
    "candidate_detail",
    "candidate_erase",
    "compare",
    "decision_create",
    "decisions",
    "document_page",
    "document_page_image",
    "duplicate_keep_apart_view",
    "duplicate_merge_view",
    "fairness",
    "fairness_csv",
    "home",
    "lab_candidates_page",
    "lab_duplicates_page",
    "lab_switch",
    "learn",
    "merge_undo_view",
    "role_blind",
    "role_csv",
    "role_detail",
    "role_edit",
    "role_new",
    "role_progress",
    "role_status",
    "role_upload",
    "rubric_edit",
    "shortlist_action",
    "stage_move",
]
