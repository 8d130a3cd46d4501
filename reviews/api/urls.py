"""Routes of the panel endpoints, mounted under /api/v1/ by screening.api.urls."""

from rest_framework.routers import SimpleRouter

from reviews.api import docs
from reviews.api.views import (
    AgreementViewSet,
    CommentViewSet,
    ConflictViewSet,
    MentionViewSet,
    PanelMemberViewSet,
    ScorecardViewSet,
)

PANEL = r"roles/(?P<role_pk>[0-9]+)/panel"

router = SimpleRouter()
router.register(f"{PANEL}/members", PanelMemberViewSet, basename="panel-member")
router.register(f"{PANEL}/scorecards", ScorecardViewSet, basename="panel-scorecard")
router.register(f"{PANEL}/agreement", AgreementViewSet, basename="panel-agreement")
router.register(f"{PANEL}/conflicts", ConflictViewSet, basename="panel-conflict")
router.register(
    r"roles/(?P<role_pk>[0-9]+)/candidates/(?P<candidate_pk>[0-9]+)/comments",
    CommentViewSet,
    basename="candidate-comment",
)
router.register("mentions", MentionViewSet, basename="mention")

DOCUMENTED = docs  # the schema decorations are applied on import
urlpatterns = router.urls
