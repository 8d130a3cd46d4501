"""Routes of the REST API: /api/v1/ (the first version), the schema and its documentation.

Any other path under /api/ answers with a problem document (404), never an HTML page.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from screening.api import docs
from screening.api.views.assessments import AssessmentViewSet
from screening.api.views.candidates import ApplicationViewSet, CandidateViewSet
from screening.api.views.decisions import DecisionViewSet
from screening.api.views.documents import DocumentViewSet
from screening.api.views.labs import LabViewSet
from screening.api.views.people import DuplicateViewSet, MergeViewSet
from screening.api.views.problems import NotFoundView, ProblemTypeDetailView, ProblemTypeListView
from screening.api.views.roles import (
    AdverseImpactViewSet,
    ApplicationsMoveView,
    CriterionViewSet,
    LearnedWeightsViewSet,
    RoleViewSet,
    RubricDraftView,
    RubricTemplateViewSet,
    RubricViewSet,
    ShortlistViewSet,
)
from screening.api.views.stages import StageViewSet
from screening.api.views.tokens import TokenViewSet
from screening.api.views.webhooks import WebhookDeliveryViewSet, WebhookEndpointViewSet
from search.api import SearchView

ROLE = r"roles/(?P<role_pk>[0-9]+)"

router = DefaultRouter()
router.register("labs", LabViewSet, basename="lab")
router.register("roles", RoleViewSet, basename="role")
router.register(f"{ROLE}/rubrics", RubricViewSet, basename="role-rubric")
router.register(f"{ROLE}/criteria", CriterionViewSet, basename="role-criterion")
router.register(f"{ROLE}/shortlist", ShortlistViewSet, basename="role-shortlist")
router.register(
    f"{ROLE}/applications/move", ApplicationsMoveView, basename="role-applications-move"
)
router.register("stages", StageViewSet, basename="stage")
router.register(f"{ROLE}/adverse-impact", AdverseImpactViewSet, basename="role-adverse-impact")
router.register(f"{ROLE}/learned-weights", LearnedWeightsViewSet, basename="role-learned-weights")
router.register("rubric-templates", RubricTemplateViewSet, basename="rubric-template")
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("applications", ApplicationViewSet, basename="application")
router.register("duplicates", DuplicateViewSet, basename="duplicate")
router.register("merges", MergeViewSet, basename="merge")
router.register("documents", DocumentViewSet, basename="document")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("tokens", TokenViewSet, basename="token")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")

app_name = "api"
DOCUMENTED = docs  # the schema decorations are applied on import

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/rubric-drafts/", RubricDraftView.as_view(), name="rubric-draft"),
    path("v1/", include("reviews.api.urls")),
    path("v1/search/", SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Our templates put the CSP nonce on the pages' inline script and style (config.security).
    path(
        "schema/swagger/",
        SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="swagger",
    ),
    path(
        "schema/redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("problems/", ProblemTypeListView.as_view(), name="problem-types"),
    path("problems/<slug:slug>", ProblemTypeDetailView.as_view(), name="problem-type"),
    re_path(r"^[\s\S]*$", NotFoundView.as_view(), name="not-found"),  # newlines too
]
