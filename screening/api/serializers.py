"""Input and output shapes of the API. No business logic: views call the services.

Input serializers refuse unknown fields (400 with ``errors`` naming them) and only accept
related ids from the labs the user belongs to. Output serializers read prepared querysets
(annotations and prefetches made in the views), so a page never costs a query per row.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from candidates.dimensions import Dimension
from candidates.features import AREAS
from candidates.models import (
    Candidate,
    Degree,
    Document,
    DocumentKind,
    Evidence,
    Publication,
    SelfIdentification,
)
from screening.api.models import (
    SUBSCRIBABLE_EVENTS,
    ApiToken,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from screening.blinding import candidate_label
from screening.criteria import (
    LEVEL_TEXT_CHARS,
    LEVEL_TEXT_TOO_LONG,
    LEVELS,
    MAX_CRITERIA,
    NO_CRITERIA,
    TOO_MANY_CRITERIA,
)
from screening.models import (
    DECISION_REASON_CHARS,
    Application,
    Assessment,
    Criterion,
    Decision,
    DecisionOutcome,
    Lab,
    LabRole,
    LearnedWeights,
    RoleProfile,
    Rubric,
)
from screening.permissions import EDITORS, member_labs
from screening.rubric_templates import TEMPLATES
from screening.scoring import STATES
from screening.services import ROLE_TITLE_MISSING, criterion_thresholds_validate
from screening.webhooks.endpoints import url_problem

HIDDEN_AUTHOR = "[author]"


class StrictMixin:
    """Unknown fields are refused rather than silently ignored (a typo must not pass)."""

    def to_internal_value(self, data):
        unknown = {}
        if hasattr(data, "keys"):
            unknown = {name: ["Unknown field."] for name in sorted(set(data) - set(self.fields))}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


# --- Ids of the user's labs --------------------------------------------------------------------


MAX_ID = 2**63 - 1  # ids are 64-bit
MAX_EMAIL_LENGTH = Candidate._meta.get_field("email").max_length


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class MemberObjectField(serializers.PrimaryKeyRelatedField):
    """An id of an object in one of the user's labs; others are "not found", never revealed.

    An id is a whole number from 1 to ``MAX_ID``: a JSON integer (``7.0`` too, an integer to
    JSON Schema) or, from a form, a string of digits. ``1.5``, ``true`` or ``[7]`` are refused
    rather than read as 1, and ids past 64 bits never reach the database.
    """

    lab_path = "lab"
    noun = "object"

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "does_not_exist": f"No {self.noun} with id {{pk_value}} in your labs.",
                "incorrect_type": f"Give the {self.noun} as an id: a whole number from 1.",
            },
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if isinstance(data, str) and data.isascii() and data.isdigit():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    def get_queryset(self):
        request = self.context.get("request")
        labs = member_labs(user=getattr(request, "user", None))
        if self.lab_path == "pk":
            return self.queryset.filter(pk__in=labs.values("pk"))
        return self.queryset.filter(**{f"{self.lab_path}__in": labs})


class LabField(MemberObjectField):
    lab_path = "pk"
    noun = "lab"

    def __init__(self, **kwargs):
        super().__init__(queryset=Lab.objects.all(), **kwargs)


class RoleField(MemberObjectField):
    noun = "role"

    def __init__(self, **kwargs):
        super().__init__(queryset=RoleProfile.objects.all(), **kwargs)


class CandidateField(MemberObjectField):
    noun = "candidate"

    def __init__(self, **kwargs):
        super().__init__(queryset=Candidate.objects.all(), **kwargs)


class ApplicationField(MemberObjectField):
    lab_path = "role__lab"
    noun = "application"

    def __init__(self, **kwargs):
        super().__init__(queryset=Application.objects.select_related("role"), **kwargs)


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(get_error_detail(exc))


# --- Labs ----------------------------------------------------------------------------------------


class LabSerializer(serializers.ModelSerializer):
    my_role = serializers.ChoiceField(
        choices=LabRole.choices, read_only=True, help_text="Your role in the lab."
    )
    can_edit_rubrics = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField()

    class Meta:
        model = Lab
        fields = ["id", "name", "slug", "my_role", "can_edit_rubrics", "can_manage", "created_at"]

    def get_can_edit_rubrics(self, lab) -> bool:
        return lab.my_role in EDITORS

    def get_can_manage(self, lab) -> bool:
        return lab.my_role == LabRole.ADMIN


class WebhookSecretSerializer(serializers.Serializer):
    lab = serializers.IntegerField(source="lab_id")
    secret = serializers.CharField(
        help_text="Key of the HMAC-SHA256 in the X-Referee-Signature-256 header."
    )
    rotated_at = serializers.DateTimeField()


# --- Rubrics and criteria ------------------------------------------------------------------------


# What the schema can say of thresholds; the feature names are checked by
# screening.services.criterion_thresholds_validate.
THRESHOLDS_SCHEMA = {
    "type": "object",
    "properties": {
        "levels": {
            "type": "array",
            "minItems": 4,
            "maxItems": 4,
            "items": {  # a condition, or a list of alternative conditions
                "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]
            },
        },
        "stage_adjusted": {"type": "boolean"},
        # The field whose papers a publications criterion counts (field_top and the like);
        # the venue areas are checked by criterion_thresholds_validate.
        "field": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "areas": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            },
            "required": ["name", "areas"],
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}


@extend_schema_field(THRESHOLDS_SCHEMA)
class ThresholdsField(serializers.JSONField):
    pass


class CriterionInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    weight = serializers.FloatField(
        min_value=0, max_value=100, help_text="Relative weight; a rubric's weights are normalised."
    )
    must_have = serializers.BooleanField(
        default=False, help_text="Unmet by a clear margin, it marks a genuine barrier."
    )
    target_level = serializers.IntegerField(
        min_value=0, max_value=LEVELS - 1, default=2, help_text="The level that counts as covered."
    )
    levels = serializers.ListField(
        child=serializers.CharField(
            max_length=LEVEL_TEXT_CHARS, error_messages={"max_length": LEVEL_TEXT_TOO_LONG}
        ),
        min_length=LEVELS,
        max_length=LEVELS,
        help_text="Five observable level descriptions (anchors), for levels 0 to 4.",
    )
    thresholds = ThresholdsField(
        required=False,
        default=dict,
        help_text=(
            'Feature minimums per level 1-4, e.g. {"levels": [{"pubs_total": 1}, ...], '
            '"stage_adjusted": true}; empty uses the dimension\'s defaults.'
        ),
    )

    def validate_thresholds(self, value):
        try:
            return criterion_thresholds_validate(thresholds=value)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None


def _criteria_field(**options: Any) -> serializers.ListSerializer:
    """A rubric's criteria as input: one to MAX_CRITERIA of them, a wrong number refused
    early, in the words of the rubric service."""
    return serializers.ListSerializer(
        child=CriterionInputSerializer(),
        min_length=1,
        max_length=MAX_CRITERIA,
        error_messages={"min_length": NO_CRITERIA, "max_length": TOO_MANY_CRITERIA},
        **options,
    )


class CriterionChangeSerializer(CriterionInputSerializer):
    note = serializers.CharField(
        max_length=300,
        required=False,
        default="",
        allow_blank=True,
        help_text="Why, kept with the new rubric version.",
    )


class CriterionSerializer(serializers.ModelSerializer):
    levels = serializers.ListField(child=serializers.CharField())
    thresholds = serializers.DictField(child=serializers.JSONField())

    class Meta:
        model = Criterion
        fields = [
            "id",
            "rubric",
            "name",
            "dimension",
            "weight",
            "must_have",
            "target_level",
            "levels",
            "thresholds",
            "position",
        ]


class RubricSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.username", allow_null=True, default=None, read_only=True
    )
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = ["id", "role", "version", "note", "created_by", "created_at", "criteria"]


class RubricCreateSerializer(StrictSerializer):
    criteria = _criteria_field()
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    based_on_version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you edited; if another edit came first, 409 instead of losing it.",
    )


# --- Roles ---------------------------------------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    areas = serializers.ListField(child=serializers.CharField())
    rubric_version = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The current rubric version."
    )
    applicant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = RoleProfile
        fields = [
            "id",
            "lab",
            "title",
            "research_area",
            "job_description",
            "areas",
            "template_slug",
            "rubric_version",
            "applicant_count",
            "created_at",
            "updated_at",
        ]


class RoleDetailSerializer(RoleSerializer):
    current_rubric = RubricSerializer(read_only=True, allow_null=True)

    class Meta(RoleSerializer.Meta):
        fields = [*RoleSerializer.Meta.fields, "current_rubric"]


class RoleCreateSerializer(StrictSerializer):
    lab = LabField()
    title = serializers.CharField(
        max_length=200,
        error_messages={"required": ROLE_TITLE_MISSING, "blank": ROLE_TITLE_MISSING},
    )
    research_area = serializers.CharField(
        max_length=5000,
        required=False,
        default="",
        allow_blank=True,
        help_text="What the team works on; candidates' research is matched to it.",
    )
    job_description = serializers.CharField(
        max_length=50000, required=False, default="", allow_blank=True
    )
    areas = serializers.ListField(
        child=serializers.ChoiceField(choices=AREAS),
        required=False,
        default=list,
        max_length=12,
        help_text="Venue areas whose papers count towards fit.",
    )
    template = serializers.ChoiceField(
        choices=sorted(TEMPLATES),
        required=False,
        help_text="Start from a rubric template (see /rubric-templates/).",
    )
    criteria = _criteria_field(
        required=False, help_text="The first rubric version; required unless a template is given."
    )
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class RoleUpdateSerializer(StrictSerializer):
    """PUT gives every field; PATCH any of them."""

    title = serializers.CharField(max_length=200)
    research_area = serializers.CharField(max_length=5000, allow_blank=True)
    job_description = serializers.CharField(max_length=50000, allow_blank=True)
    areas = serializers.ListField(child=serializers.ChoiceField(choices=AREAS), max_length=12)


class RubricTemplateSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    research_area = serializers.CharField()
    areas = serializers.ListField(child=serializers.CharField())
    criteria = CriterionInputSerializer(many=True)


# --- Drafting a rubric from a job description ---------------------------------------------------


class RubricDraftRequestSerializer(StrictSerializer):
    job_description = serializers.CharField(min_length=20, max_length=50000)


class DraftCriterionSerializer(CriterionInputSerializer):
    reason = serializers.CharField(help_text="Why the draft suggests this criterion.")
    phrases = serializers.ListField(
        child=serializers.CharField(), help_text="Phrases of the job description behind it."
    )


class UnmappedRequirementSerializer(serializers.Serializer):
    phrase = serializers.CharField(help_text="The requirement, quoted from the job description.")
    kind = serializers.ChoiceField(choices=["required", "preferred"])
    section = serializers.CharField(allow_blank=True, help_text="The heading it sits under.")
    why = serializers.CharField(help_text="Why no criterion measures it.")


class RubricDraftSerializer(serializers.Serializer):
    template_slug = serializers.CharField(help_text="The closest template.")
    template_phrases = serializers.ListField(child=serializers.CharField())
    title = serializers.CharField()
    research_area = serializers.CharField()
    criteria = DraftCriterionSerializer(
        many=True, help_text="Ready to POST as the `criteria` of a role or rubric version."
    )
    warnings = serializers.ListField(child=serializers.CharField())
    unmapped = UnmappedRequirementSerializer(
        many=True,
        help_text="Requirements no criterion measures: reported, never forced into one.",
    )


# --- Candidates and applications -------------------------------------------------------------


class DocumentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "status"]


class ApplicationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "role", "created_at"]


def seen_blind(serializer: serializers.Serializer, candidate_id: int | None) -> bool:
    """Whether the request sees this candidate blind (see ``screening.blinding``)."""
    blindness = serializer.context.get("blind")
    return blindness is not None and candidate_id in blindness


def blind_mask(serializer: serializers.Serializer, candidate_id: int, text: str) -> str:
    return serializer.context["blind"].mask(candidate_id, text or "")


class CandidateSerializer(serializers.ModelSerializer):
    documents = DocumentBriefSerializer(many=True, read_only=True)
    applications = ApplicationBriefSerializer(many=True, read_only=True)
    blind = serializers.SerializerMethodField(
        help_text=(
            "Blind review: the name is the candidate's number, the email empty, file names "
            "numbered and quotes masked."
        )
    )

    def get_blind(self, candidate) -> bool:
        return seen_blind(self, candidate.pk)

    def to_representation(self, candidate):
        data = super().to_representation(candidate)
        if not data["blind"]:
            return data
        data["name"], data["email"] = candidate_label(candidate, blind=True), ""
        for document in data.get("documents", []):
            document["original_name"] = f"Document #{document['id']}"
        for item in [*data.get("degrees", []), *data.get("publications", [])]:
            item["quote"] = blind_mask(self, candidate.pk, item["quote"])
        for publication in data.get("publications", []):
            publication["title"] = blind_mask(self, candidate.pk, publication["title"])
            publication["authors"] = [HIDDEN_AUTHOR for _ in publication["authors"]]
        return data

    class Meta:
        model = Candidate
        fields = [
            "id",
            "lab",
            "name",
            "email",
            "blind",
            "documents",
            "applications",
            "created_at",
            "updated_at",
        ]


class DegreeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Degree
        fields = [
            "level",
            "field",
            "institution",
            "year",
            "start_year",
            "status",
            "quote",
            "page",
            "document",
        ]


class PublicationSerializer(serializers.ModelSerializer):
    authors = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Publication
        fields = [
            "title",
            "authors",
            "year",
            "venue",
            "kind",
            "track",
            "tier",
            "area",
            "status",
            "author_position",
            "equal_contribution",
            "quote",
            "page",
            "document",
        ]


class CandidateDetailSerializer(CandidateSerializer):
    degrees = DegreeSerializer(many=True, read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "degrees", "publications"]


class CandidateCreateSerializer(StrictSerializer):
    lab = LabField()
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    email = serializers.EmailField(
        max_length=MAX_EMAIL_LENGTH, required=False, default="", allow_blank=True
    )
    roles = serializers.ListField(
        child=RoleField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Roles the candidate applies to (of the same lab).",
    )

    def validate(self, attrs):
        if any(role.lab_id != attrs["lab"].pk for role in attrs["roles"]):
            raise serializers.ValidationError({"roles": ["Every role must be of the same lab."]})
        return attrs


class CandidateUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=MAX_EMAIL_LENGTH, required=False, allow_blank=True)


class ErasureSerializer(serializers.Serializer):
    erased = inline_serializer(
        "ErasedCounts",
        fields={
            name: serializers.IntegerField()
            for name in (
                "documents",
                "pages",
                "publications",
                "evidence",
                "degrees",
                "applications",
            )
        },
    )


class ApplicationSerializer(serializers.ModelSerializer):
    assessment = serializers.IntegerField(source="assessment_ref", read_only=True, allow_null=True)
    latest_decision = serializers.ChoiceField(
        choices=DecisionOutcome.choices, read_only=True, allow_null=True, source="outcome"
    )

    class Meta:
        model = Application
        fields = ["id", "role", "candidate", "assessment", "latest_decision", "created_at"]


class ApplicationCreateSerializer(StrictSerializer):
    role = RoleField()
    candidate = CandidateField()

    def validate(self, attrs):
        if attrs["role"].lab_id != attrs["candidate"].lab_id:
            raise serializers.ValidationError(
                {"candidate": ["The candidate and the role belong to different labs."]}
            )
        return attrs


# --- Documents -----------------------------------------------------------------------------


class ReadingSerializer(serializers.Serializer):
    complete = serializers.BooleanField(
        help_text="False when the reader's self-check found publications it may not have read."
    )
    publications_incomplete = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why the reading may be incomplete; a person should read the CV's list.",
    )


class DocumentSerializer(serializers.ModelSerializer):
    processing_seconds = serializers.FloatField(read_only=True, allow_null=True)
    reading = serializers.SerializerMethodField(
        help_text="Whether every publication of the document was read (its self-check)."
    )
    error = serializers.CharField(
        read_only=True, help_text="Why the document failed, written for the person who uploaded."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "lab",
            "candidate",
            "kind",
            "original_name",
            "size",
            "sha256",
            "status",
            "error",
            "page_count",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "processing_seconds",
            "reading",
        ]

    @extend_schema_field(ReadingSerializer)
    def get_reading(self, document) -> dict:
        gaps = document.reading_gaps
        return {"complete": not gaps, "publications_incomplete": gaps}

    def to_representation(self, document):
        data = super().to_representation(document)
        if seen_blind(self, document.candidate_id):
            data["original_name"] = f"Document #{document.pk}"
        return data


class UploadTargetMixin:
    """``lab`` may be left out when a candidate or role names it; all must be of one lab."""

    def validate(self, attrs):
        lab, candidate, role = attrs.get("lab"), attrs.get("candidate"), attrs.get("role")
        labs = {lab.pk} if lab is not None else set()
        labs |= {obj.lab_id for obj in (candidate, role) if obj is not None}
        if not labs:
            raise serializers.ValidationError({"lab": ["This field is required."]})
        if len(labs) > 1:
            raise serializers.ValidationError(
                {"lab": ["The lab, the candidate and the role must be of the same lab."]}
            )
        if lab is None:
            attrs["lab"] = (candidate or role).lab
        return attrs


class DocumentUploadSerializer(UploadTargetMixin, StrictSerializer):
    # An empty file passes the serializer to be refused by the upload gate, in its words.
    file = serializers.FileField(
        allow_empty_file=True, help_text="A CV (PDF) or a publication list (BibTeX, RIS...)."
    )
    lab = LabField(required=False, help_text="Optional when a candidate or role is given.")
    candidate = CandidateField(
        required=False, help_text="Attach to this candidate (e.g. a publication list)."
    )
    role = RoleField(required=False, help_text="The candidate applies to this role.")
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices, required=False, help_text="Default: judged from the bytes."
    )


class BatchUploadSerializer(UploadTargetMixin, StrictSerializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=(
            "A zip of CVs and publication lists. `jane__cv.pdf` and `jane__papers.bib` become "
            "one candidate."
        ),
    )
    lab = LabField(required=False, help_text="Optional when a role is given.")
    role = RoleField(required=False, help_text="Every candidate applies to this role.")


class BatchDocumentSerializer(serializers.Serializer):
    entry = serializers.CharField(help_text="The file's name in the zip.")
    created = serializers.BooleanField(help_text="False: the lab already had these bytes.")
    document = DocumentSerializer()


class BatchSkippedSerializer(serializers.Serializer):
    entry = serializers.CharField()
    reason = serializers.CharField()


class BatchResultSerializer(serializers.Serializer):
    documents = BatchDocumentSerializer(many=True)
    skipped = BatchSkippedSerializer(many=True)


# --- Assessments and the shortlist -----------------------------------------------------------


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()


class EvidenceSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer()

    class Meta:
        model = Evidence
        fields = ["id", "dimension", "signal", "quote", "page", "document"]


class ExplainedCriterionSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    weight = serializers.FloatField()
    must_have = serializers.BooleanField()
    target_level = serializers.IntegerField()
    level = serializers.IntegerField(help_text="0 to 4.")
    state = serializers.ChoiceField(choices=STATES)
    explanation = serializers.CharField(help_text="One sentence: why this level.")
    anchor = serializers.CharField(help_text="The description of the level reached.")
    target_anchor = serializers.CharField(help_text="The description of the target level.")
    levels = serializers.ListField(child=serializers.CharField())
    evidence = EvidenceSerializer(
        many=True, source="evidence_items", help_text="The quotes cited, with page and document."
    )


class AssessmentSerializer(serializers.ModelSerializer):
    candidate = serializers.IntegerField(source="application.candidate_id", read_only=True)
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "application",
            "role",
            "candidate",
            "rubric",
            "rubric_version",
            "model_version",
            "score",
            "has_barrier",
            "insufficient_count",
            "stale",
            "career_stage",
            "topic_similarity",
            "previous_rank",
            "previous_score",
            "computed_at",
        ]


class AssessmentDetailSerializer(AssessmentSerializer):
    """The explanation; for a candidate seen blind, quotes and file names are masked."""

    # It reads a screening.selectors.AssessmentDetail: the assessment's columns under their
    # names (the model still gives their types to the schema), ids for the related objects.
    application = serializers.IntegerField(source="application_id")
    role = serializers.IntegerField(source="role_id")
    candidate = serializers.IntegerField(source="candidate_id", read_only=True)
    rubric = serializers.IntegerField(source="rubric_id")
    rubric_version = serializers.IntegerField(read_only=True)
    rank = serializers.IntegerField(read_only=True, help_text="Live rank in the role.")
    topic_papers = serializers.ListField(child=serializers.CharField(), read_only=True)
    criteria = ExplainedCriterionSerializer(many=True, read_only=True)
    latest_decision = serializers.ChoiceField(
        choices=DecisionOutcome.choices, read_only=True, allow_null=True, source="outcome"
    )

    class Meta(AssessmentSerializer.Meta):
        fields = [
            *AssessmentSerializer.Meta.fields,
            "rank",
            "topic_papers",
            "latest_decision",
            "criteria",
        ]

    def to_representation(self, detail):
        data = super().to_representation(detail)
        candidate = detail.candidate_id
        if seen_blind(self, candidate):
            for item in data["criteria"]:
                item["explanation"] = blind_mask(self, candidate, item["explanation"])
                for evidence in item["evidence"]:
                    evidence["quote"] = blind_mask(self, candidate, evidence["quote"])
                    evidence["document"]["original_name"] = (
                        f"Document #{evidence['document']['id']}"
                    )
        return data


# The shortlist's serializers read rows (screening.selectors.ShortlistRow), which carry the
# assessment's columns under their names, so the model still gives their types to the schema.


class CandidateRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="candidate_id")
    name = serializers.CharField(help_text="In blind review, the candidate's number.")
    blind = serializers.BooleanField(read_only=True)

    def to_representation(self, row):
        data = super().to_representation(row)
        if row.blind:
            data["name"] = row.label
        return data


class CriterionResultSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    state = serializers.ChoiceField(choices=STATES)


class ShortlistEntrySerializer(serializers.ModelSerializer):
    rank = serializers.IntegerField(help_text="Rank in the whole role.")
    assessment = serializers.IntegerField(source="assessment_id")
    application = serializers.IntegerField(source="application_id")
    candidate = CandidateRefSerializer(source="*")
    decision = serializers.ChoiceField(
        choices=DecisionOutcome.choices,
        allow_null=True,
        source="outcome",
        help_text="The latest decision, if any.",
    )
    criteria = CriterionResultSerializer(many=True)
    needs_human_read = serializers.BooleanField(
        read_only=True,
        help_text="Some criterion could not be judged from what was read (insufficient "
        "evidence): a person should read the CV before deciding.",
    )

    class Meta:
        model = Assessment
        fields = [
            "rank",
            "previous_rank",
            "assessment",
            "application",
            "candidate",
            "score",
            "previous_score",
            "has_barrier",
            "insufficient_count",
            "needs_human_read",
            "stale",
            "career_stage",
            "topic_similarity",
            "decision",
            "criteria",
        ]


# --- Decisions and learned weights -----------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="application.role_id", read_only=True)
    candidate = serializers.IntegerField(source="application.candidate_id", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.username", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "application",
            "role",
            "candidate",
            "outcome",
            "reason",
            "decided_by",
            "created_at",
        ]


# The schema states the rules decision_record holds (not blank, not too long); the field
# passes the reason on as sent, blank too, so the API refuses it with the page's words.
@extend_schema_field({"type": "string", "minLength": 1, "maxLength": DECISION_REASON_CHARS})
class ReasonField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def run_validation(self, data=serializers.empty):
        return "" if data == "" else super().run_validation(data)


class DecisionCreateSerializer(StrictSerializer):
    application = ApplicationField()
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    reason = ReasonField(help_text="Kept with the decision for review and audit.")


class LearnedWeightSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    name = serializers.CharField()
    stated = serializers.FloatField()
    learned = serializers.FloatField(help_text="On the stated weights' scale; may be negative.")


class LearnedWeightsSerializer(serializers.ModelSerializer):
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)
    weights = LearnedWeightSerializer(many=True)

    class Meta:
        model = LearnedWeights
        fields = [
            "id",
            "role",
            "rubric",
            "rubric_version",
            "weights",
            "decisions",
            "advanced",
            "cv_accuracy",
            "stated_agreement",
            "model_version",
            "created_at",
        ]


# --- Tokens --------------------------------------------------------------------------------


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]


class TokenCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate_expires_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("Give a time in the future.")
        return value


class TokenCreatedSerializer(TokenSerializer):
    token = serializers.CharField(help_text="The token. Shown once: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]


# --- Webhooks ------------------------------------------------------------------------------


def _check_url(value: str) -> None:
    problem = url_problem(value)
    if problem:
        raise serializers.ValidationError(problem)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "lab", "url", "events", "description", "active", "created_at", "updated_at"]


class WebhookEndpointCreateSerializer(StrictSerializer):
    lab = LabField()
    url = serializers.URLField(max_length=500, validators=[_check_url])
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS), min_length=1, max_length=3
    )
    description = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    active = serializers.BooleanField(required=False, default=True)


class WebhookEndpointUpdateSerializer(StrictSerializer):
    url = serializers.URLField(max_length=500, validators=[_check_url], required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS),
        min_length=1,
        max_length=3,
        required=False,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = [
            "number",
            "started_at",
            "duration_ms",
            "status_code",
            "error",
            "response_excerpt",
        ]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    payload = serializers.SerializerMethodField()
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event",
            "event_id",
            "status",
            "attempts",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
            "attempt_log",
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, delivery) -> dict:
        return json.loads(delivery.body)


# --- Problems (for the schema) ---------------------------------------------------------------


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="A URI naming the problem type; GET it to read it.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong with this request.")
    instance = serializers.CharField(required=False, help_text="The request path.")
    # The serializer's metaclass takes declared fields out of the class, so this field of the
    # problem does not hide Serializer.errors at run time, as mypy assumes it does.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; nested fields are joined with dots (criteria.0.levels).",
    )


class ProblemTypeSerializer(serializers.Serializer):
    type = serializers.CharField(source="uri")
    slug = serializers.CharField()
    status = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()


# --- Fairness ----------------------------------------------------------------------------------


class SelfIdentificationSerializer(StrictSerializer):
    sex = serializers.ChoiceField(choices=SelfIdentification.Sex.choices)
    race_ethnicity = serializers.ChoiceField(choices=SelfIdentification.RaceEthnicity.choices)


class CategoryRateSerializer(serializers.Serializer):
    metric = serializers.ChoiceField(choices=["selection", "scoring"])
    dimension = serializers.ChoiceField(choices=["sex", "race_ethnicity", "intersection"])
    category = serializers.CharField()
    applicants = serializers.IntegerField()
    positive = serializers.IntegerField(help_text="Advanced, or scored above the median.")
    rate = serializers.FloatField()
    impact_ratio = serializers.FloatField(allow_null=True)
    below_four_fifths = serializers.BooleanField()
    small = serializers.BooleanField(help_text="Under 2% of applicants: too few to conclude.")


@extend_schema_serializer(many=False)  # one report, though served by a viewset's list action
class AdverseImpactSerializer(serializers.Serializer):
    applicants = serializers.IntegerField()
    decided = serializers.IntegerField()
    assessed = serializers.IntegerField()
    declined = serializers.IntegerField(help_text="Gave no self-identification or declined.")
    median_score = serializers.FloatField(allow_null=True)
    rates = CategoryRateSerializer(many=True)
