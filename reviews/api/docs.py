"""What the schema says about the panel endpoints (see screening.api.docs for the pattern)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from reviews.api.serializers import (
    AgreementSerializer,
    CommentCreateSerializer,
    ConflictAnswerResultSerializer,
    ConflictAnswerSerializer,
    PanelMemberSerializer,
    ScorecardChangeSerializer,
    ScorecardCreateSerializer,
    ScorecardSerializer,
)
from reviews.api.views import (
    AgreementViewSet,
    CommentViewSet,
    ConflictViewSet,
    MentionViewSet,
    PanelMemberViewSet,
    ScorecardViewSet,
)
from screening.api.docs import ROLE_PK, VIEW, example

CANDIDATE_PK = OpenApiParameter(
    "candidate_pk", int, OpenApiParameter.PATH, description="The candidate's id."
)
MEMBERSHIP_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The lab membership's id of the reviewer."
)
LEVELS_EXAMPLE = [
    {"criterion": 88, "level": 3, "note": "Two first-author NeurIPS papers."},
    {"criterion": 89, "level": 2, "note": ""},
]

extend_schema_view(
    list=extend_schema(summary="List the role's reviewers", parameters=[ROLE_PK], tags=["panel"]),
    update=extend_schema(
        summary="Seat a lab member on the role's panel",
        description=(
            "Hiring managers and lab admins. The path names the member by their membership id; "
            "201 when seated now, 200 when they were already. Their conflicts of interest with "
            "the applicants are looked for at once."
        ),
        parameters=[ROLE_PK, MEMBERSHIP_ID],
        request=None,
        responses={200: PanelMemberSerializer, 201: PanelMemberSerializer},
        tags=["panel"],
    ),
    destroy=extend_schema(
        summary="Take a reviewer off the panel",
        description=(
            "Hiring managers and lab admins. Their drafts go with them; a reviewer who "
            "submitted a scorecard stays (409)."
        ),
        parameters=[ROLE_PK, MEMBERSHIP_ID],
        tags=["panel"],
    ),
)(PanelMemberViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List the scorecards you may read",
        description=(
            "Blind until submit: your own scorecards (drafts too), and the others' submitted "
            "ones on applicants whose scorecard you submitted. Hiring managers and lab admins "
            "not on the panel read every submitted scorecard. Each level has Referee's level "
            "for the criterion beside it."
        ),
        parameters=[ROLE_PK, VIEW],
        tags=["panel"],
    ),
    retrieve=extend_schema(summary="Read a scorecard", parameters=[ROLE_PK, VIEW], tags=["panel"]),
    create=extend_schema(
        summary="Start your scorecard on an applicant",
        description=(
            "Reviewers of the role. Levels 0-4 against criteria of the role's current rubric. "
            "With `submit: true` it is submitted at once (every criterion and a recommendation "
            "needed); a submitted scorecard is final. 409 when you have one on the applicant "
            "already, recused from them, or have an unanswered conflict of interest with them."
        ),
        parameters=[ROLE_PK, VIEW],
        request=ScorecardCreateSerializer,
        responses={201: ScorecardSerializer},
        examples=[
            example(
                "Draft",
                {
                    "application": 210,
                    "levels": LEVELS_EXAMPLE,
                    "recommendation": "yes",
                    "summary": "Strong methods, thin on theory.",
                },
                request=True,
            )
        ],
        tags=["panel"],
    ),
    partial_update=extend_schema(
        summary="Change or submit your draft scorecard",
        description=(
            "Fields left out stay as they are; `levels`, when given, replace the draft's. "
            "`submit: true` submits it (final). 409 once submitted."
        ),
        parameters=[ROLE_PK, VIEW],
        request=ScorecardChangeSerializer,
        responses={200: ScorecardSerializer},
        examples=[example("Submit", {"submit": True}, request=True)],
        tags=["panel"],
    ),
)(ScorecardViewSet)

extend_schema_view(
    list=extend_schema(
        summary="The panel's agreement",
        description=(
            "Krippendorff's alpha (ordinal) among the reviewers over (applicant, criterion) "
            "levels of submitted scorecards, and of Referee's levels against the panel's median. "
            "`value` is null with a `reason` when there is not enough to compute it (fewer than "
            "two reviewers, no applicant scored twice, or one level everywhere). "
            "`disagreements`: the widest spreads, on applicants whose scorecards you may read."
        ),
        parameters=[ROLE_PK],
        responses=AgreementSerializer,
        tags=["panel"],
    ),
)(AgreementViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List possible conflicts of interest",
        description=(
            "Co-authored papers, shared co-authors and institutions found between reviewers "
            "and applicants. Hiring managers and lab admins read all; reviewers their own."
        ),
        parameters=[ROLE_PK],
        tags=["panel"],
    ),
    answer=extend_schema(
        summary="Answer your conflicts of interest with an applicant",
        description=(
            "Reviewers of the role. `declared`: you know and review anyway; `recused`: you "
            "will not review the applicant (final). 409 when there is nothing to answer."
        ),
        parameters=[ROLE_PK],
        request=ConflictAnswerSerializer,
        responses={200: ConflictAnswerResultSerializer},
        examples=[example("Recuse", {"application": 210, "answer": "recused"}, request=True)],
        tags=["panel"],
    ),
)(ConflictViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List comments on an applicant",
        parameters=[ROLE_PK, CANDIDATE_PK, VIEW],
        tags=["comments"],
    ),
    create=extend_schema(
        summary="Comment on an applicant",
        description=(
            "Any member of the lab. `@username` mentions of lab members are resolved (listed "
            "in `mentions`; the member finds the comment under /mentions/); other names stay "
            "text. In blind review the body is masked around the mentions."
        ),
        parameters=[ROLE_PK, CANDIDATE_PK, VIEW],
        request=CommentCreateSerializer,
        examples=[example("Comment", {"body": "@maria can you check the proofs?"}, request=True)],
        tags=["comments"],
    ),
    destroy=extend_schema(
        summary="Delete your comment",
        parameters=[
            ROLE_PK,
            CANDIDATE_PK,
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The comment's id."),
        ],
        tags=["comments"],
    ),
)(CommentViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List comments that mention you", parameters=[VIEW], tags=["comments"]
    ),
)(MentionViewSet)
