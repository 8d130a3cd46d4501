"""Decisions on applications."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from screening.api.serializers.common import ApplicationField, StrictSerializer
from screening.models import DECISION_REASON_CHARS, Decision, DecisionOutcome


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
