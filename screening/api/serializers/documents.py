"""Documents: what an upload is, one file or a zip, and what it became."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from candidates.models import Document, DocumentKind
from screening.api.serializers.common import (
    CandidateField,
    LabField,
    RoleField,
    StrictSerializer,
    seen_blind,
)


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
