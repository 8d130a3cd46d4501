"""What the panel endpoints read and answer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from reviews.comments import MAX_COMMENT_CHARS, comment_segments
from reviews.models import (
    Comment,
    Conflict,
    ConflictStatus,
    PanelMember,
    Recommendation,
    Scorecard,
)
from reviews.panels import MAX_NOTE_CHARS, MAX_SUMMARY_CHARS
from screening.api.serializers.common import ApplicationField, StrictSerializer, seen_blind
from screening.criteria import LEVELS


class PanelMemberSerializer(serializers.ModelSerializer):
    membership = serializers.IntegerField(source="membership_id", read_only=True)
    username = serializers.CharField(source="membership.user.username", read_only=True)
    lab_role = serializers.CharField(source="membership.role", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["id", "role", "membership", "username", "lab_role", "created_at"]


class ScorecardLevelSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    name = serializers.CharField(source="criterion.name")
    level = serializers.IntegerField(min_value=0, max_value=LEVELS - 1)
    note = serializers.SerializerMethodField()
    referee_level = serializers.SerializerMethodField(
        help_text="Referee's level for the criterion (the applicant's assessment), if any."
    )

    def get_note(self, item) -> str:
        return _masked(self, item.scorecard.application.candidate_id, item.note)

    def get_referee_level(self, item) -> int | None:
        referee = self.context.get("referee", {}).get(item.scorecard.application_id, {})
        return referee.get(item.criterion_id)


def _masked(serializer: serializers.Serializer, candidate_id: int, text: str) -> str:
    if seen_blind(serializer, candidate_id):
        return serializer.context["blind"].mask(candidate_id, text)
    return text


class ScorecardSerializer(serializers.ModelSerializer):
    candidate = serializers.IntegerField(source="application.candidate_id", read_only=True)
    reviewer_username = serializers.CharField(
        source="reviewer.membership.user.username", read_only=True
    )
    rubric_version = serializers.IntegerField(source="rubric.version", read_only=True)
    summary = serializers.SerializerMethodField()
    levels = ScorecardLevelSerializer(many=True, read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "application",
            "candidate",
            "reviewer",
            "reviewer_username",
            "rubric_version",
            "status",
            "recommendation",
            "summary",
            "levels",
            "submitted_at",
            "updated_at",
        ]

    def get_summary(self, scorecard) -> str:
        return _masked(self, scorecard.application.candidate_id, scorecard.summary)


class LevelInputSerializer(StrictSerializer):
    criterion = serializers.IntegerField(
        min_value=1, help_text="A criterion of the current rubric."
    )
    level = serializers.IntegerField(min_value=0, max_value=LEVELS - 1)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_NOTE_CHARS
    )


class ScorecardChangeSerializer(StrictSerializer):
    levels = LevelInputSerializer(
        many=True,
        required=False,
        help_text="A level per criterion; the criteria given replace the draft's levels.",
    )
    recommendation = serializers.ChoiceField(
        choices=[("", "None yet"), *Recommendation.choices], required=False
    )
    summary = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_SUMMARY_CHARS, trim_whitespace=False
    )
    submit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Submit the scorecard (final): every criterion needs a level, and a "
        "recommendation is needed.",
    )

    def validate_levels(self, value):
        criteria = [item["criterion"] for item in value]
        if len(set(criteria)) != len(criteria):
            raise serializers.ValidationError("Give each criterion once.")
        return value


class ScorecardCreateSerializer(ScorecardChangeSerializer):
    application = ApplicationField()


class AlphaSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="Krippendorff's alpha (ordinal); null when it cannot be had."
    )
    raters = serializers.IntegerField()
    units = serializers.IntegerField(help_text="(applicant, criterion) units rated twice or more.")
    reason = serializers.CharField(help_text="Why there is no value (empty when there is one).")


class DisagreementSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application_id")
    candidate = serializers.IntegerField(source="candidate_id")
    criterion = serializers.IntegerField(source="criterion_id")
    criterion_name = serializers.CharField(source="criterion")
    lowest = serializers.FloatField()
    highest = serializers.FloatField()
    reviewers = serializers.IntegerField()


@extend_schema_serializer(many=False)  # one answer, though served by a viewset's list action
class AgreementSerializer(serializers.Serializer):
    panel = AlphaSerializer(help_text="Among the reviewers, over submitted scorecards.")
    referee = AlphaSerializer(help_text="Referee's levels against the panel's median level.")
    scorecards = serializers.IntegerField()
    disagreements = DisagreementSerializer(
        many=True,
        help_text="The widest spreads of levels, on applicants whose scorecards you may read.",
    )


class ConflictSerializer(serializers.ModelSerializer):
    candidate = serializers.IntegerField(source="application.candidate_id", read_only=True)
    reviewer_username = serializers.CharField(
        source="reviewer.membership.user.username", read_only=True
    )

    class Meta:
        model = Conflict
        fields = [
            "id",
            "reviewer",
            "reviewer_username",
            "application",
            "candidate",
            "kind",
            "detail",
            "status",
            "answered_at",
            "created_at",
        ]


class ConflictAnswerSerializer(StrictSerializer):
    application = ApplicationField()
    answer = serializers.ChoiceField(
        choices=[(s, s) for s in (ConflictStatus.DECLARED, ConflictStatus.RECUSED)],
        help_text="declared: you know of it and review anyway; recused: you will not review.",
    )


class ConflictAnswerResultSerializer(serializers.Serializer):
    application = serializers.IntegerField()
    status = serializers.CharField()
    conflicts = serializers.IntegerField(help_text="How many conflicts the answer covers.")


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": MAX_COMMENT_CHARS})
class CommentBodyField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, allow_blank=True, **kwargs)


class CommentSerializer(serializers.ModelSerializer):
    role = serializers.IntegerField(source="application.role_id", read_only=True)
    candidate = serializers.IntegerField(source="application.candidate_id", read_only=True)
    author = serializers.CharField(
        source="author.username", allow_null=True, default=None, read_only=True
    )
    body = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "application",
            "role",
            "candidate",
            "author",
            "body",
            "mentions",
            "created_at",
        ]

    def get_mentions(self, comment) -> list[str]:
        return [m.user.username for m in comment.mentions.all()]

    def get_body(self, comment) -> str:
        """Masked in blind review around the mentions, which stay."""
        candidate_id = comment.application.candidate_id
        if not seen_blind(self, candidate_id):
            return comment.body
        return "".join(
            segment.text if segment.mention else _masked(self, candidate_id, segment.text)
            for segment in comment_segments(comment.body, self.get_mentions(comment))
        )


class CommentCreateSerializer(StrictSerializer):
    body = CommentBodyField(help_text="Mention a lab member with @ and their user name.")
