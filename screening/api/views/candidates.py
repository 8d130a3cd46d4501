"""Candidates and their applications."""

from __future__ import annotations

from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from candidates.models import Candidate
from candidates.services import self_identification_record
from candidates.uploads import IngestError
from screening.api.filters import ApplicationFilter, CandidateFilter
from screening.api.idempotency import run_idempotent
from screening.api.permissions import require_editor
from screening.api.serializers.candidates import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    CandidateApplicationCreateSerializer,
    CandidateCreateSerializer,
    CandidateDetailSerializer,
    CandidateSerializer,
    CandidateUpdateSerializer,
    ErasureSerializer,
    SelfIdentificationSerializer,
)
from screening.api.views.common import LabScopedMixin, json_fingerprint, validation_error
from screening.applications import application_create, candidate_create, candidate_update
from screening.audit import audit_record
from screening.models import Application, AuditAction
from screening.privacy import candidate_erase
from screening.selectors import application_list, candidate_list


class CandidateViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Candidates of your labs. DELETE erases a candidate and everything derived from them."""

    queryset = Candidate.objects.none()  # for the schema; see get_queryset
    filterset_class = CandidateFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return candidate_list(labs=self.labs, detail=self.action == "retrieve")

    def get_serializer_class(self):
        return CandidateSerializer if self.action == "list" else CandidateDetailSerializer

    @action(detail=True, methods=["post"], url_path="self-identification")
    def self_identification(self, request, pk=None):
        """Write-only: reviewers never read it back; it feeds only the adverse-impact report."""
        candidate = self.get_object()
        data = self.input(SelfIdentificationSerializer)
        self_identification_record(candidate=candidate, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def applications(self, request, pk=None):
        """Add the candidate to another role of their lab (assessed there once read)."""
        candidate = self.get_object()
        role = self.input(CandidateApplicationCreateSerializer)["role"]
        try:
            application, created = application_create(role=role, candidate=candidate)
        except IngestError as exc:
            raise validation_error(exc) from None
        body = ApplicationSerializer(application_list(labs=self.labs).get(pk=application.pk)).data
        if created:
            return self.created(body, "api:application-detail", application.pk)
        return Response(body)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        candidate = self.get_object()
        audit_record(
            lab_id=candidate.lab_id,
            actor=request.user,
            action=AuditAction.CANDIDATE_VIEWED,
            target_type="candidate",
            target_id=candidate.pk,
            channel="api",
        )
        return response

    def detail_data(self, candidate: Candidate) -> dict:
        candidate = candidate_list(labs=self.labs, detail=True).get(pk=candidate.pk)
        return CandidateDetailSerializer(candidate, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        data = self.input(CandidateCreateSerializer)

        def handler() -> Response:
            try:
                candidate = candidate_create(
                    lab=data["lab"], name=data["name"], email=data["email"], roles=data["roles"]
                )
            except IngestError as exc:
                raise validation_error(exc) from None
            return self.created(self.detail_data(candidate), "api:candidate-detail", candidate.pk)

        return run_idempotent(request, fingerprint=json_fingerprint(request), handler=handler)

    def partial_update(self, request, *args, **kwargs):
        candidate = self.get_object()
        changes = self.input(CandidateUpdateSerializer, partial=True)
        candidate_update(candidate=candidate, changes=dict(changes))
        return Response(self.detail_data(candidate))

    def destroy(self, request, *args, **kwargs):
        candidate = self.get_object()
        require_editor(request.user, candidate.lab_id, "erase candidates")
        removed = candidate_erase(candidate=candidate, actor=request.user, reason="api")
        return Response(ErasureSerializer({"erased": removed}).data)


class ApplicationViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A candidate considered for a role; its assessment and latest decision."""

    queryset = Application.objects.none()  # for the schema; see get_queryset
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return application_list(labs=self.labs)

    def create(self, request, *args, **kwargs):
        data = self.input(ApplicationCreateSerializer)
        try:
            application, created = application_create(
                role=data["role"], candidate=data["candidate"]
            )
        except IngestError as exc:
            raise validation_error(exc) from None
        body = self.get_serializer(self.get_queryset().get(pk=application.pk)).data
        if created:
            return self.created(body, "api:application-detail", application.pk)
        return Response(body)
