"""Roles and what hangs off a role: rubric versions, criteria, templates, drafts, the shortlist,
the adverse-impact report and learned weights."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.fields import get_error_detail

from candidates.dimensions import Dimension
from candidates.features import AREAS
from screening.api.serializers.common import LabField, StrictSerializer
from screening.api.serializers.decisions import ReasonField
from screening.criteria import (
    LEVEL_TEXT_CHARS,
    LEVEL_TEXT_TOO_LONG,
    LEVELS,
    MAX_CRITERIA,
    NO_CRITERIA,
    TOO_MANY_CRITERIA,
)
from screening.models import (
    Criterion,
    DecisionOutcome,
    LearnedWeights,
    RoleProfile,
    RoleStatus,
    Rubric,
    Stage,
    StageKind,
)
from screening.pipeline import NOTHING_CHOSEN
from screening.rubric_templates import TEMPLATES
from screening.scoring import STATES
from screening.services import ROLE_TITLE_MISSING, criterion_thresholds_validate
from search.serializers import SearchQuoteSerializer


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(get_error_detail(exc))


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
            "status",
            "closed_at",
            "archived_at",
            "rubric_version",
            "applicant_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "closed_at", "archived_at"]


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

    title = serializers.CharField(
        max_length=200,
        error_messages={"required": ROLE_TITLE_MISSING, "blank": ROLE_TITLE_MISSING},
    )
    research_area = serializers.CharField(max_length=5000, allow_blank=True)
    job_description = serializers.CharField(max_length=50000, allow_blank=True)
    areas = serializers.ListField(child=serializers.ChoiceField(choices=AREAS), max_length=12)
    status = serializers.ChoiceField(
        choices=RoleStatus.choices,
        required=False,
        help_text="closed: no new applicants or documents; archived: hidden and read-only; "
        "open: reopened.",
    )


class RubricTemplateSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    research_area = serializers.CharField()
    areas = serializers.ListField(child=serializers.CharField())
    criteria = CriterionInputSerializer(many=True)


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


# The shortlist's serializers read rows (screening.selectors.ShortlistRow): every applicant,
# those not ranked with their assessment's columns null.


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


class StageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StageKind.choices)
    since = serializers.DateTimeField(help_text="When the application moved there.")
    reason = serializers.CharField(help_text="Why it moved there (empty at its first stage).")


class ShortlistEntrySerializer(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True, help_text="Rank in the whole role; null when not ranked."
    )
    previous_rank = serializers.IntegerField(allow_null=True)
    assessment = serializers.IntegerField(source="assessment_id", allow_null=True)
    application = serializers.IntegerField(source="application_id")
    candidate = CandidateRefSerializer(source="*")
    ranked = serializers.BooleanField(
        help_text="false: not assessed yet (being read) or the documents failed; see `reading`."
    )
    reading = serializers.CharField(
        help_text='Why an applicant is not ranked ("CV failed: …", "Reading…"); empty if ranked.'
    )
    score = serializers.FloatField(allow_null=True)
    previous_score = serializers.FloatField(allow_null=True)
    has_barrier = serializers.BooleanField()
    insufficient_count = serializers.IntegerField()
    needs_human_read = serializers.BooleanField(
        read_only=True,
        help_text="Some criterion could not be judged from what was read (insufficient "
        "evidence): a person should read the CV before deciding.",
    )
    stale = serializers.BooleanField()
    career_stage = serializers.CharField()
    topic_similarity = serializers.FloatField(allow_null=True)
    decision = serializers.ChoiceField(
        choices=DecisionOutcome.choices,
        allow_null=True,
        source="outcome",
        help_text="The latest decision, if any.",
    )
    stage = StageRefSerializer(help_text="Where the application stands in the lab's pipeline.")
    criteria = CriterionResultSerializer(many=True)
    match = serializers.SerializerMethodField(
        help_text="With `q`/`search`: the passage of the candidate's documents that matched, "
        "if their documents matched (null when only the name, email or number did)."
    )

    @extend_schema_field(SearchQuoteSerializer(allow_null=True))
    def get_match(self, row) -> dict | None:
        hit = self.context.get("quotes", {}).get(row.candidate_id)
        return SearchQuoteSerializer(hit).data if hit else None


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "lab", "name", "order", "kind"]


class ApplicationsMoveSerializer(StrictSerializer):
    applications = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=1000,
        help_text="Application ids of this role.",
        error_messages={"min_length": NOTHING_CHOSEN},
    )
    stage = serializers.IntegerField(min_value=1, help_text="A stage id of the role's lab.")
    reason = ReasonField(
        help_text="Kept with each move, and with the decision a move into or out of a "
        "rejected stage records."
    )


class ApplicationsMovedSerializer(serializers.Serializer):
    moved = serializers.IntegerField(help_text="How many moved (those already there stay).")
    stage = StageSerializer()


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
