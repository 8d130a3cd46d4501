"""Labs, and a lab's webhook signing secret."""

from __future__ import annotations

from rest_framework import serializers

from screening.models import Lab, LabRole
from screening.permissions import EDITORS


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
