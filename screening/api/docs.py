"""What the schema says about each operation: summaries, bodies and examples.

Kept beside the views rather than in them, so a view reads as what it does. Applied when
:mod:`screening.api.urls` imports this module; errors, ``Idempotency-Key`` and ETags are added
to every operation by :class:`screening.api.schema.ApiAutoSchema`.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)

from screening.api.serializers.candidates import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    CandidateApplicationCreateSerializer,
    CandidateCreateSerializer,
    CandidateDetailSerializer,
    CandidateUpdateSerializer,
    ErasureSerializer,
    SelfIdentificationSerializer,
)
from screening.api.serializers.decisions import DecisionCreateSerializer, DecisionSerializer
from screening.api.serializers.documents import (
    BatchResultSerializer,
    BatchUploadSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
)
from screening.api.serializers.labs import WebhookSecretSerializer
from screening.api.serializers.people import CandidateMergeSerializer, DuplicateProposalSerializer
from screening.api.serializers.problems import ProblemTypeSerializer
from screening.api.serializers.roles import (
    AdverseImpactSerializer,
    ApplicationsMovedSerializer,
    ApplicationsMoveSerializer,
    CriterionChangeSerializer,
    LearnedWeightsSerializer,
    RoleCreateSerializer,
    RoleDetailSerializer,
    RoleUpdateSerializer,
    RubricCreateSerializer,
    RubricDraftRequestSerializer,
    RubricDraftSerializer,
    RubricSerializer,
    RubricTemplateSerializer,
)
from screening.api.serializers.tokens import TokenCreatedSerializer, TokenCreateSerializer
from screening.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointUpdateSerializer,
)
from screening.api.views.assessments import AssessmentViewSet
from screening.api.views.candidates import ApplicationViewSet, CandidateViewSet
from screening.api.views.decisions import DecisionViewSet
from screening.api.views.documents import DocumentViewSet
from screening.api.views.labs import LabViewSet
from screening.api.views.people import DuplicateViewSet, MergeViewSet
from screening.api.views.problems import ProblemTypeDetailView, ProblemTypeListView
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

LEVELS_EXAMPLE = [
    "No papers.",
    "Workshop papers or preprints only.",
    "One main-track paper at a top venue of the field or a strong venue.",
    "Two or more top-venue papers, at least one as first author.",
    "Four or more top-venue papers in five years, with first-author work.",
]
CRITERION_EXAMPLE = {
    "name": "Top-tier publications in machine learning",
    "dimension": "publications",
    "weight": 4,
    "must_have": True,
    "target_level": 2,
    "levels": LEVELS_EXAMPLE,
    "thresholds": {},
}
RUBRIC_EXAMPLE = {
    "id": 12,
    "role": 3,
    "version": 2,
    "note": "Changed Top-tier publications in machine learning",
    "created_by": "maria",
    "created_at": "2026-03-02T10:15:00Z",
    "criteria": [
        {"id": 88, "rubric": 12, "position": 0, **CRITERION_EXAMPLE},
    ],
}
ROLE_EXAMPLE = {
    "id": 3,
    "lab": 1,
    "title": "Research Scientist, Machine Learning",
    "research_area": "Representation learning and optimisation for large models.",
    "job_description": "",
    "areas": ["ml"],
    "template_slug": "research-scientist-ml",
    "rubric_version": 2,
    "applicant_count": 41,
    "created_at": "2026-03-01T09:00:00Z",
    "updated_at": "2026-03-02T10:15:00Z",
    "current_rubric": RUBRIC_EXAMPLE,
}
DOCUMENT_EXAMPLE = {
    "id": 501,
    "lab": 1,
    "candidate": 77,
    "kind": "cv",
    "original_name": "ada-lovelace__cv.pdf",
    "size": 184311,
    "sha256": "9f2c5b0d8e4a1c3b6f7e8d9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c",
    "status": "failed",
    "error": "The PDF is password-protected; remove the password and upload it again.",
    "page_count": None,
    "attempts": 1,
    "created_at": "2026-03-02T11:00:00Z",
    "started_at": "2026-03-02T11:00:01Z",
    "finished_at": "2026-03-02T11:00:02Z",
    "processing_seconds": 1.2,
}
EVIDENCE_EXAMPLE = {
    "id": 9001,
    "dimension": "publications",
    "signal": "top_venue_paper",
    "quote": "A. Lovelace, C. Babbage. Analytical Engines at Scale. NeurIPS 2024.",
    "page": 2,
    "document": {"id": 501, "original_name": "ada-lovelace__cv.pdf"},
}
ASSESSMENT_EXAMPLE = {
    "id": 640,
    "application": 210,
    "role": 3,
    "candidate": 77,
    "rubric": 12,
    "rubric_version": 2,
    "model_version": "rubric-levels-3",
    "score": 78.6,
    "has_barrier": False,
    "insufficient_count": 0,
    "stale": False,
    "career_stage": "early-career PhD",
    "topic_similarity": 0.21,
    "previous_rank": 5,
    "previous_score": 74.1,
    "computed_at": "2026-03-02T11:00:05Z",
    "rank": 3,
    "topic_papers": ["Analytical Engines at Scale"],
    "latest_decision": None,
    "criteria": [
        {
            "criterion": 88,
            "name": "Top-tier publications in machine learning",
            "dimension": "publications",
            "weight": 4,
            "must_have": True,
            "target_level": 2,
            "level": 3,
            "state": "covered",
            "explanation": (
                "Level 3 of 4 (Two or more top-venue papers, at least one as first author): "
                "2 top-venue papers, 1 strong-venue paper, 0 workshop papers and 1 preprint; "
                "2 as first author, 3 in the last five years. Covered (target level 2)."
            ),
            "anchor": LEVELS_EXAMPLE[3],
            "target_anchor": LEVELS_EXAMPLE[2],
            "levels": LEVELS_EXAMPLE,
            "evidence": [EVIDENCE_EXAMPLE],
        }
    ],
}
DECISION_EXAMPLE = {
    "id": 55,
    "application": 210,
    "role": 3,
    "candidate": 77,
    "outcome": "advance",
    "reason": "Strong first-author NeurIPS work in the team's area.",
    "decided_by": "maria",
    "created_at": "2026-03-03T09:30:00Z",
}
DELIVERY_EXAMPLE = {
    "id": 301,
    "endpoint": 4,
    "event": "document.processed",
    "event_id": "6f1c2a8e-6e0b-4b57-9d8f-3b8f2e3d1a90",
    "status": "succeeded",
    "attempts": 2,
    "next_attempt_at": None,
    "last_status_code": 200,
    "last_error": "",
    "created_at": "2026-03-02T11:00:03Z",
    "delivered_at": "2026-03-02T11:00:40Z",
    "payload": {
        "id": "6f1c2a8e-6e0b-4b57-9d8f-3b8f2e3d1a90",
        "type": "document.processed",
        "created_at": "2026-03-02T11:00:03Z",
        "lab": {"id": 1, "slug": "vision-lab"},
        "data": {"document": {"id": 501, "candidate": 77, "status": "done"}},
    },
    "attempt_log": [
        {
            "number": 1,
            "started_at": "2026-03-02T11:00:03Z",
            "duration_ms": 10012,
            "status_code": None,
            "error": "TimeoutError: timed out",
            "response_excerpt": "",
        },
        {
            "number": 2,
            "started_at": "2026-03-02T11:00:40Z",
            "duration_ms": 84,
            "status_code": 200,
            "error": "",
            "response_excerpt": "ok",
        },
    ],
}


def example(name: str, value, *, request: bool = False, summary: str = "") -> OpenApiExample:
    return OpenApiExample(
        name, value=value, request_only=request, response_only=not request, summary=summary
    )


ROLE_PK = OpenApiParameter("role_pk", int, OpenApiParameter.PATH, description="The role's id.")
VIEW = OpenApiParameter(
    "view",
    str,
    OpenApiParameter.QUERY,
    enum=["full", "blind"],
    description=(
        "`blind`: blind review, whoever asks: candidates' names become their numbers, emails "
        "and file names are hidden, and quotes lose names, emails, phone numbers, addresses, "
        "links, handles, citation keys and author lists. Recruiters always get it for "
        "candidates a role of the lab requires blind review for, and so does a member who "
        "switched blind review on for themselves; `full` cannot lift that."
    ),
)

extend_schema_view(
    list=extend_schema(summary="List your labs", tags=["labs"]),
    retrieve=extend_schema(summary="Read a lab", tags=["labs"]),
    webhook_secret=[
        extend_schema(
            methods=["GET"],
            summary="Read the lab's webhook signing secret",
            description="Lab admins only. Made on first use.",
            request=None,
            responses=WebhookSecretSerializer,
            tags=["labs"],
        ),
        extend_schema(
            methods=["POST"],
            summary="Rotate the lab's webhook signing secret",
            description="Lab admins only. Deliveries from now on are signed with the new secret.",
            request=None,
            responses=WebhookSecretSerializer,
            tags=["labs"],
        ),
    ],
)(LabViewSet)

extend_schema_view(
    list=extend_schema(summary="List roles", tags=["roles"]),
    retrieve=extend_schema(
        summary="Read a role with its current rubric",
        tags=["roles"],
        examples=[example("Role", ROLE_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Create a role",
        description=(
            "Hiring managers and lab admins. Give the role a `title`, and a `template` (see "
            "/rubric-templates/) or the `criteria` of the first rubric version; a template also "
            "fills in the research area and venue areas you leave out."
        ),
        request=RoleCreateSerializer,
        responses={201: RoleDetailSerializer},
        examples=[
            example(
                "From a template",
                {"lab": 1, "title": "Research Scientist", "template": "research-scientist-ml"},
                request=True,
            ),
            example(
                "With criteria",
                {
                    "lab": 1,
                    "title": "Research Scientist, NLP",
                    "research_area": "Multilingual language models and evaluation.",
                    "areas": ["nlp", "ml"],
                    "criteria": [CRITERION_EXAMPLE],
                },
                request=True,
            ),
            example("Created", ROLE_EXAMPLE),
        ],
        tags=["roles"],
    ),
    update=extend_schema(
        summary="Replace a role's title and texts",
        description="Changing the research area, job description or areas rescores the role.",
        request=RoleUpdateSerializer,
        responses=RoleDetailSerializer,
        examples=[
            example(
                "Role texts",
                {
                    "title": "Research Scientist, ML",
                    "research_area": "Optimisation.",
                    "job_description": "",
                    "areas": ["ml"],
                },
                request=True,
            )
        ],
        tags=["roles"],
    ),
    partial_update=extend_schema(
        summary="Change a role's title, texts or status",
        description=(
            "Changing the research area, job description or areas rescores the role. An empty "
            "title is refused. `status`: `closed` takes no new applicants or documents (on "
            "every channel; the shortlist, stages and decisions carry on), `archived` hides the "
            "role from the roles page and makes it read-only, `open` reopens it."
        ),
        request=RoleUpdateSerializer,
        responses=RoleDetailSerializer,
        examples=[
            example("Rename", {"title": "Senior Research Scientist"}, request=True),
            example("Close", {"status": "closed"}, request=True),
        ],
        tags=["roles"],
    ),
    destroy=extend_schema(
        summary="Delete a role",
        description="Hiring managers and lab admins. Its applications, assessments and "
        "decisions go with it; the candidates stay.",
        tags=["roles"],
    ),
)(RoleViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List a role's rubric versions", parameters=[ROLE_PK], tags=["roles"]
    ),
    retrieve=extend_schema(
        summary="Read one rubric version",
        parameters=[ROLE_PK, OpenApiParameter("version", int, OpenApiParameter.PATH)],
        examples=[example("Rubric", RUBRIC_EXAMPLE)],
        tags=["roles"],
    ),
    create=extend_schema(
        summary="Save the next rubric version",
        description=(
            "Hiring managers and lab admins. Earlier versions stay; the role's assessments are "
            "marked stale and rescored in the background within seconds. Give "
            "`based_on_version` to get a 409 instead of overwriting an edit made meanwhile."
        ),
        parameters=[ROLE_PK],
        request=RubricCreateSerializer,
        responses={201: RubricSerializer},
        examples=[
            example(
                "New version",
                {
                    "based_on_version": 1,
                    "note": "Publications matter more",
                    "criteria": [CRITERION_EXAMPLE],
                },
                request=True,
            ),
            example("Saved", RUBRIC_EXAMPLE),
        ],
        tags=["roles"],
    ),
)(RubricViewSet)

CRITERION_WRITE = (
    "Hiring managers and lab admins. Saves a new rubric version (the role is rescored) and "
    "answers with it; criteria of older versions can be read, not changed (409)."
)
extend_schema_view(
    list=extend_schema(
        summary="List the current rubric's criteria", parameters=[ROLE_PK], tags=["roles"]
    ),
    retrieve=extend_schema(summary="Read a criterion", parameters=[ROLE_PK], tags=["roles"]),
    create=extend_schema(
        summary="Add a criterion (new rubric version)",
        description=CRITERION_WRITE,
        parameters=[ROLE_PK],
        request=CriterionChangeSerializer,
        responses={201: RubricSerializer},
        examples=[example("Criterion", CRITERION_EXAMPLE, request=True)],
        tags=["roles"],
    ),
    update=extend_schema(
        summary="Replace a criterion (new rubric version)",
        description=CRITERION_WRITE,
        parameters=[ROLE_PK],
        request=CriterionChangeSerializer,
        responses=RubricSerializer,
        examples=[
            example("Criterion", {**CRITERION_EXAMPLE, "note": "Clearer anchors"}, request=True)
        ],
        tags=["roles"],
    ),
    partial_update=extend_schema(
        summary="Change a criterion (new rubric version)",
        description=CRITERION_WRITE,
        parameters=[ROLE_PK],
        request=CriterionChangeSerializer,
        responses=RubricSerializer,
        examples=[example("Weight", {"weight": 5, "note": "Weigh papers more"}, request=True)],
        tags=["roles"],
    ),
    destroy=extend_schema(
        summary="Remove a criterion (new rubric version)",
        description=CRITERION_WRITE + " The last criterion cannot be removed (409).",
        parameters=[ROLE_PK],
        responses={200: RubricSerializer},
        tags=["roles"],
    ),
)(CriterionViewSet)

extend_schema_view(
    list=extend_schema(
        summary="The ranked shortlist of a role",
        description=(
            "Every applicant. Ordered by rank: candidates with a genuine barrier after the "
            "others, then by score (ties by application), then the applicants not ranked yet "
            "(`ranked` false, `rank` and `score` null; `reading` says why: a document being "
            "read, or one that failed, with its message). Filters narrow the list but never "
            "renumber it: `rank` is the rank in the whole role, `previous_rank` the rank under "
            "the previous rubric version. `stage` is where the application stands in the "
            "lab's pipeline."
        ),
        parameters=[ROLE_PK, VIEW],
        tags=["shortlist"],
    ),
)(ShortlistViewSet)

extend_schema_view(
    create=extend_schema(
        summary="Move applications to a stage",
        description=(
            "Any member of the role's lab. Every application must be one of the role's and the "
            "stage one of the lab's (400 otherwise; nothing moves). Those already there stay. "
            "A move into a `rejected` stage records a reject decision on each application "
            "moved, with the reason, and a move out of one a hold: the decision that stands "
            "never contradicts the stage. The reason is then required. Refused on an "
            "archived role."
        ),
        parameters=[ROLE_PK],
        request=ApplicationsMoveSerializer,
        responses={200: ApplicationsMovedSerializer},
        examples=[
            example(
                "Bulk reject",
                {"applications": [12, 15], "stage": 5, "reason": "No research experience."},
                request=True,
            )
        ],
        tags=["shortlist"],
    ),
)(ApplicationsMoveView)

extend_schema_view(
    list=extend_schema(summary="List the stages of your labs' pipelines", tags=["labs"]),
    retrieve=extend_schema(summary="Read a stage", tags=["labs"]),
)(StageViewSet)

extend_schema_view(
    list=extend_schema(
        summary="The role's adverse-impact report",
        description=(
            "Hiring managers and lab admins. Selection rates (advanced among decided) and "
            "scoring rates (above the median score among assessed) by sex, race/ethnicity and "
            "their intersection, from voluntary self-identification; impact ratios against the "
            "highest rate, ratios under 0.8 flagged (four-fifths rule), categories under 2% of "
            "applicants left without a ratio."
        ),
        parameters=[ROLE_PK],
        responses=AdverseImpactSerializer,
        tags=["fairness"],
    ),
)(AdverseImpactViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List the weights learned from decisions", parameters=[ROLE_PK], tags=["decisions"]
    ),
    create=extend_schema(
        summary="Learn weights from the role's decisions now",
        description=(
            "Hiring managers and lab admins. Fits a regularised logistic regression on the "
            "criterion levels of the latest advance / reject decisions (at least 20, both "
            "outcomes; 409 until then). It only suggests: no score changes."
        ),
        parameters=[ROLE_PK],
        request=None,
        responses={201: LearnedWeightsSerializer},
        tags=["decisions"],
    ),
)(LearnedWeightsViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List rubric templates",
        responses=RubricTemplateSerializer(many=True),
        tags=["roles"],
    ),
    retrieve=extend_schema(
        summary="Read a rubric template",
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH)],
        responses=RubricTemplateSerializer,
        tags=["roles"],
    ),
)(RubricTemplateViewSet)

extend_schema_view(
    post=extend_schema(
        summary="Draft a rubric from a job description",
        description=(
            "Nothing is saved. The draft names the closest template, suggests weighted "
            "criteria (each with the phrases of the text behind it) and warns about anything "
            "it could not place. POST its `criteria` to /roles/ or /roles/{id}/rubrics/."
        ),
        request=RubricDraftRequestSerializer,
        responses=RubricDraftSerializer,
        examples=[
            example(
                "Job description",
                {
                    "job_description": (
                        "We are hiring a research scientist in NLP. You have a PhD and "
                        "first-author papers at ACL, EMNLP or NeurIPS, and write PyTorch."
                    )
                },
                request=True,
            )
        ],
        tags=["roles"],
    ),
)(RubricDraftView)

extend_schema_view(
    list=extend_schema(
        summary="List and search candidates", parameters=[VIEW], tags=["candidates"]
    ),
    retrieve=extend_schema(summary="Read a candidate", parameters=[VIEW], tags=["candidates"]),
    create=extend_schema(
        summary="Create a candidate",
        description="For a candidate entered by hand; uploads create candidates too.",
        request=CandidateCreateSerializer,
        responses={201: CandidateDetailSerializer},
        examples=[
            example(
                "Candidate",
                {"lab": 1, "name": "Ada Lovelace", "email": "ada@example.org", "roles": [3]},
                request=True,
            )
        ],
        tags=["candidates"],
    ),
    applications=extend_schema(
        summary="Add a candidate to another role",
        description=(
            "The candidate applies to the role (of their lab) and is assessed there once "
            "read: 201 when new, 200 when they had applied already."
        ),
        request=CandidateApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 200: ApplicationSerializer},
        examples=[example("Role", {"role": 4}, request=True)],
        tags=["candidates"],
    ),
    self_identification=extend_schema(
        summary="Record a candidate's voluntary self-identification",
        description=(
            "Write-only (204): never shown to reviewers, never read by scoring; it feeds only "
            "the adverse-impact report. EEO-1 categories as used by NYC LL144 bias audits; "
            "`declined` is always an answer."
        ),
        request=SelfIdentificationSerializer,
        responses={204: None},
        examples=[
            example("Identity", {"sex": "female", "race_ethnicity": "declined"}, request=True)
        ],
        tags=["fairness"],
    ),
    partial_update=extend_schema(
        summary="Correct a candidate's name or email",
        request=CandidateUpdateSerializer,
        responses=CandidateDetailSerializer,
        examples=[example("Email", {"email": "ada@example.org"}, request=True)],
        tags=["candidates"],
    ),
    destroy=extend_schema(
        summary="Erase a candidate",
        description=(
            "Hiring managers and lab admins. Erases the candidate's files, page texts, facts, "
            "evidence, features, applications, assessments and decisions, and answers with "
            "what was removed (counts only)."
        ),
        responses={200: ErasureSerializer},
        examples=[
            example(
                "Erased",
                {
                    "erased": {
                        "documents": 2,
                        "pages": 5,
                        "publications": 9,
                        "evidence": 31,
                        "degrees": 2,
                        "applications": 1,
                    }
                },
            )
        ],
        tags=["candidates"],
    ),
)(CandidateViewSet)

extend_schema_view(
    list=extend_schema(summary="List applications", tags=["candidates"]),
    retrieve=extend_schema(summary="Read an application", tags=["candidates"]),
    create=extend_schema(
        summary="Make a candidate an applicant of a role",
        description="201 when new, 200 when the candidate already applied. Assessed once read.",
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer, 200: ApplicationSerializer},
        examples=[example("Apply", {"role": 3, "candidate": 77}, request=True)],
        tags=["candidates"],
    ),
)(ApplicationViewSet)

DUPLICATE_EXAMPLE = {
    "id": 5,
    "lab": 1,
    "a": 77,
    "b": 91,
    "reasons": [{"kind": "name"}, {"kind": "coauthors", "count": 3}],
    "status": "open",
    "decided_by": None,
    "decided_at": None,
    "created_at": "2026-03-02T10:15:00Z",
}
MERGE_EXAMPLE = {
    "id": 8,
    "lab": 1,
    "kept": 77,
    "absorbed": 91,
    "reason": "same_email",
    "merged_by": None,
    "merged_at": "2026-03-02T10:16:00Z",
    "undone_by": None,
    "undone_at": None,
}

extend_schema_view(
    list=extend_schema(
        summary="List possible duplicates",
        description=(
            "Candidates of one lab with the same name but no email or profile link in common "
            "(those are joined when read): one person or two? Reasons are kinds and counts, "
            "never names."
        ),
        tags=["candidates"],
    ),
    retrieve=extend_schema(
        summary="Read a possible duplicate",
        examples=[example("Open", DUPLICATE_EXAMPLE)],
        tags=["candidates"],
    ),
    merge=extend_schema(
        summary="Merge a possible duplicate into one candidate",
        description=(
            "Every member. The newer record (`b`) joins the older (`a`): documents, "
            "applications (one per role, with every decision) and self-identification move "
            "over, the profile is rebuilt and reassessed. 409 when the pair was kept apart. "
            "Undo with `POST /api/v1/merges/{id}/undo/`."
        ),
        request=None,
        responses={200: CandidateMergeSerializer},
        examples=[example("Merged", {**MERGE_EXAMPLE, "reason": "proposal"})],
        tags=["candidates"],
    ),
    keep_apart=extend_schema(
        summary="Keep a possible duplicate apart",
        description="Every member. Two people: never proposed or joined again. 409 when done.",
        request=None,
        responses={200: DuplicateProposalSerializer},
        examples=[example("Kept apart", {**DUPLICATE_EXAMPLE, "status": "kept_apart"})],
        tags=["candidates"],
    ),
)(DuplicateViewSet)

extend_schema_view(
    list=extend_schema(summary="List merges of candidates", tags=["candidates"]),
    retrieve=extend_schema(
        summary="Read a merge", examples=[example("Merge", MERGE_EXAMPLE)], tags=["candidates"]
    ),
    undo=extend_schema(
        summary="Undo a merge",
        description=(
            "Hiring managers and lab admins. The absorbed candidate is back with their id, "
            "documents, applications, decisions and self-identification; both are rebuilt and "
            "reassessed, and the pair is kept apart. 409 when undone already."
        ),
        request=None,
        responses={200: CandidateMergeSerializer},
        tags=["candidates"],
    ),
)(MergeViewSet)

extend_schema_view(
    list=extend_schema(
        summary="List documents and their processing status",
        parameters=[VIEW],
        tags=["documents"],
    ),
    retrieve=extend_schema(
        summary="Read a document's status (and error)",
        parameters=[VIEW],
        tags=["documents"],
        examples=[example("Failed", DOCUMENT_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Upload a CV or a publication list",
        description=(
            "multipart/form-data with the file in `file`. The type is judged from the bytes: "
            "a CV must be a PDF, a publication list text (BibTeX, RIS, CSL-JSON, numbered "
            "list); anything else is refused (415), and so is a file larger than "
            "REFEREE_MAX_UPLOAD_BYTES or a request larger than REFEREE_MAX_REQUEST_BYTES "
            "(413, before the body is read). The same bytes in a lab are one document: 200 "
            "with the existing one, or 409 when it is another candidate's than the one named "
            "(nothing is moved). `candidate` left empty is refused (400); leave it out for a "
            "new candidate. The document is read in the background: poll it, or "
            "subscribe to the "
            "`document.processed` and `document.failed` webhooks."
        ),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 200: DocumentSerializer},
        tags=["documents"],
    ),
    batch=extend_schema(
        summary="Upload a zip of CVs and publication lists",
        description=(
            "multipart/form-data with the zip in `file`. Files named `jane__cv.pdf` and "
            "`jane__papers.bib` become one candidate. The zip is refused as a whole (422, "
            "nothing stored) for absolute paths, `..`, links, nested folders or archives, "
            "encrypted entries, more than REFEREE_ZIP_MAX_ENTRIES entries, or a bomb (declared "
            "or actual sizes over the limits, compression ratio over REFEREE_ZIP_MAX_RATIO); "
            "entries that are neither PDF nor a publication list are skipped and listed."
        ),
        request={"multipart/form-data": BatchUploadSerializer},
        responses={201: BatchResultSerializer, 200: BatchResultSerializer},
        examples=[
            example(
                "Result",
                {
                    "documents": [
                        {"entry": "cvs/ada__cv.pdf", "created": True, "document": DOCUMENT_EXAMPLE}
                    ],
                    "skipped": [
                        {
                            "entry": "cvs/notes.docx",
                            "reason": "cvs/notes.docx is a zip archive (or a Word/OpenDocument "
                            "file); zips go to /documents/batch/, not a PDF or a "
                            "publication list.",
                        }
                    ],
                },
            )
        ],
        tags=["documents"],
    ),
)(DocumentViewSet)

extend_schema_view(
    list=extend_schema(summary="List assessments (scores)", tags=["assessments"]),
    retrieve=extend_schema(
        summary="Read an assessment with its full explanation",
        parameters=[VIEW],
        description=(
            "Per criterion: its name, weight, must-have flag and anchors, the level reached, "
            "the state (covered / closeable / barrier / insufficient_evidence), a one-sentence "
            "explanation and the evidence cited (quote, page and document)."
        ),
        examples=[example("Assessment", ASSESSMENT_EXAMPLE)],
        tags=["assessments"],
    ),
)(AssessmentViewSet)

extend_schema_view(
    list=extend_schema(summary="List decisions (history)", tags=["decisions"]),
    retrieve=extend_schema(summary="Read a decision", tags=["decisions"]),
    create=extend_schema(
        summary="Record a decision",
        description="Any member. Earlier decisions on the application are kept as history.",
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer},
        examples=[
            example(
                "Advance",
                {
                    "application": 210,
                    "outcome": "advance",
                    "reason": "Strong first-author NeurIPS work in the team's area.",
                },
                request=True,
            ),
            example("Recorded", DECISION_EXAMPLE),
        ],
        tags=["decisions"],
    ),
)(DecisionViewSet)

extend_schema_view(
    list=extend_schema(summary="List your API tokens", tags=["tokens"]),
    create=extend_schema(
        summary="Create an API token",
        description=(
            "Only while signed in with a password (session); a token cannot create tokens "
            "(403). The token is in the answer once: store it."
        ),
        request=TokenCreateSerializer,
        responses={201: TokenCreatedSerializer},
        examples=[example("Token", {"name": "ATS sync"}, request=True)],
        tags=["tokens"],
    ),
    destroy=extend_schema(summary="Revoke an API token", tags=["tokens"]),
)(TokenViewSet)

extend_schema_view(
    list=extend_schema(summary="List webhook endpoints (labs you administer)", tags=["webhooks"]),
    retrieve=extend_schema(summary="Read a webhook endpoint", tags=["webhooks"]),
    create=extend_schema(
        summary="Register a webhook endpoint",
        description=(
            "Lab admins only. Deliveries are POSTs of JSON signed with the lab's secret: "
            "`X-Referee-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`; retried "
            "with exponential backoff until a 2xx answer."
        ),
        request=WebhookEndpointCreateSerializer,
        responses={201: WebhookEndpointSerializer},
        examples=[
            example(
                "Endpoint",
                {
                    "lab": 1,
                    "url": "https://ats.example.org/hooks/referee",
                    "events": ["document.processed", "document.failed", "assessment.updated"],
                },
                request=True,
            )
        ],
        tags=["webhooks"],
    ),
    partial_update=extend_schema(
        summary="Change a webhook endpoint",
        request=WebhookEndpointUpdateSerializer,
        responses=WebhookEndpointSerializer,
        examples=[example("Pause", {"active": False}, request=True)],
        tags=["webhooks"],
    ),
    destroy=extend_schema(summary="Delete a webhook endpoint", tags=["webhooks"]),
    ping=extend_schema(
        summary="Send a test event",
        description="Queues a signed `ping` delivery to the endpoint; read its attempts later.",
        request=None,
        responses={202: WebhookDeliverySerializer},
        tags=["webhooks"],
    ),
)(WebhookEndpointViewSet)

extend_schema_view(
    list=extend_schema(summary="List webhook deliveries and their attempts", tags=["webhooks"]),
    retrieve=extend_schema(
        summary="Read a delivery (X-Referee-Delivery) and its attempts",
        examples=[example("Delivery", DELIVERY_EXAMPLE)],
        tags=["webhooks"],
    ),
)(WebhookDeliveryViewSet)

extend_schema_view(
    get=extend_schema(
        summary="List the problem types of error documents",
        responses=ProblemTypeSerializer(many=True),
        auth=[],
        tags=["problems"],
    ),
)(ProblemTypeListView)

extend_schema_view(
    get=extend_schema(
        summary="Read a problem type",
        responses=ProblemTypeSerializer,
        auth=[],
        tags=["problems"],
    ),
)(ProblemTypeDetailView)
