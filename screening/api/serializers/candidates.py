"""Candidates, their applications and their self-identification."""

from __future__ import annotations

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from candidates.models import Candidate, Degree, Document, Publication, SelfIdentification
from screening.api.serializers.common import (
    CandidateField,
    LabField,
    RoleField,
    StrictSerializer,
    blind_mask,
    seen_blind,
)
from screening.blinding import candidate_label
from screening.models import Application, DecisionOutcome

HIDDEN_AUTHOR = "[author]"


MAX_EMAIL_LENGTH = Candidate._meta.get_field("email").max_length


class DocumentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "original_name", "status"]


class ApplicationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "role", "created_at"]


class CandidateSerializer(serializers.ModelSerializer):
    documents = DocumentBriefSerializer(many=True, read_only=True)
    applications = ApplicationBriefSerializer(many=True, read_only=True)
    roles = serializers.SerializerMethodField(help_text="The roles the candidate applied to.")
    blind = serializers.SerializerMethodField(
        help_text=(
            "Blind review: the name is the candidate's number, the email empty, file names "
            "numbered and quotes masked."
        )
    )

    def get_blind(self, candidate) -> bool:
        return seen_blind(self, candidate.pk)

    def get_roles(self, candidate) -> list[int]:
        return [application.role_id for application in candidate.applications.all()]

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
            "roles",
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


class CandidateApplicationCreateSerializer(StrictSerializer):
    role = RoleField(help_text="A role of the candidate's lab.")


class SelfIdentificationSerializer(StrictSerializer):
    sex = serializers.ChoiceField(choices=SelfIdentification.Sex.choices)
    race_ethnicity = serializers.ChoiceField(choices=SelfIdentification.RaceEthnicity.choices)
