"""Duplicate proposals and merges: which records of a lab may be, or were made, one person."""

from __future__ import annotations

from rest_framework import serializers

from candidates.models import CandidateMerge, DuplicateProposal


class ReasonSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="`name` (the same name), `coauthors`, `institution`, or `unmerged` (a merge "
        "of the two was undone)."
    )
    count = serializers.IntegerField(
        required=False, help_text="How many co-authors or institutions the two share."
    )


class DuplicateProposalSerializer(serializers.ModelSerializer):
    a = serializers.IntegerField(source="a_id", help_text="The older record: kept if merged.")
    b = serializers.IntegerField(source="b_id", help_text="The newer record: joins `a`.")
    reasons = ReasonSerializer(many=True, help_text="Why they may be one person (no names).")
    decided_by = serializers.CharField(
        source="decided_by.username",
        allow_null=True,
        default=None,
        read_only=True,
    )

    class Meta:
        model = DuplicateProposal
        fields = ["id", "lab", "a", "b", "reasons", "status", "decided_by", "decided_at",
                  "created_at"]  # fmt: skip


class CandidateMergeSerializer(serializers.ModelSerializer):
    absorbed = serializers.IntegerField(
        source="absorbed_number", help_text="The absorbed candidate's id (back after an undo)."
    )
    merged_by = serializers.CharField(
        source="merged_by.username",
        allow_null=True,
        default=None,
        read_only=True,
        help_text="Empty: joined by Referee (a shared email or profile link).",
    )
    undone_by = serializers.CharField(
        source="undone_by.username",
        allow_null=True,
        default=None,
        read_only=True,
    )

    class Meta:
        model = CandidateMerge
        fields = ["id", "lab", "kept", "absorbed", "reason", "merged_by", "merged_at",
                  "undone_by", "undone_at"]  # fmt: skip
