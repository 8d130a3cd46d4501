"""Assessments, with the explanation of each criterion and the evidence it cites."""

from __future__ import annotations

from rest_framework import serializers

from candidates.dimensions import Dimension
from candidates.models import Evidence
from screening.api.serializers.common import blind_mask, seen_blind
from screening.models import Assessment, DecisionOutcome
from screening.scoring import STATES


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
