"""Routes of the REST API: /api/v1/ (the first version), the schema and its documentation.

Any other path under /api/ answers with a problem document (404), never an HTML page.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from screening.api import docs, views

ROLE = r"roles/(?P<role_pk>[0-9]+)"

router = DefaultRouter()
router.register("labs", views.LabViewSet, basename="lab")
router.register("roles", views.RoleViewSet, basename="role")
router.register(f"{ROLE}/rubrics", views.RubricViewSet, basename="role-rubric")
router.register(f"{ROLE}/criteria", views.CriterionViewSet, basename="role-criterion")
router.register(f"{ROLE}/shortlist", views.ShortlistViewSet, basename="role-shortlist")
router.register(
    f"{ROLE}/adverse-impact", views.AdverseImpactViewSet, basename="role-adverse-impact"
)
router.register(
    f"{ROLE}/learned-weights", views.LearnedWeightsViewSet, basename="role-learned-weights"
)
router.register("rubric-templates", views.RubricTemplateViewSet, basename="rubric-template")
router.register("candidates", views.CandidateViewSet, basename="candidate")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("tokens", views.TokenViewSet, basename="token")
router.register("webhooks", views.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", views.WebhookDeliveryViewSet, basename="webhook-delivery")

app_name = "api"
DOCUMENTED = docs  # the schema decorations are applied on import

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/rubric-drafts/", views.RubricDraftView.as_view(), name="rubric-draft"),
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
    path("problems/", views.ProblemTypeListView.as_view(), name="problem-types"),
    path("problems/<slug:slug>", views.ProblemTypeDetailView.as_view(), name="problem-type"),
    re_path(r"^[\s\S]*$", views.NotFoundView.as_view(), name="not-found"),  # newlines too
]
