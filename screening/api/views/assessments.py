"""Assessments, and the explanation of one."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.response import Response

from screening.api.filters import AssessmentFilter
from screening.api.serializers.assessments import AssessmentDetailSerializer, AssessmentSerializer
from screening.api.views.common import LabScopedMixin
from screening.audit import audit_record
from screening.models import Assessment, AuditAction
from screening.selectors import assessment_detail, assessment_list


class AssessmentViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments: the list gives scores; one assessment gives the full explanation."""

    queryset = Assessment.objects.none()  # for the schema; see get_queryset
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return assessment_list(labs=self.labs)

    def get_serializer_class(self):
        return AssessmentSerializer if self.action == "list" else AssessmentDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        assessment = self.get_object()
        audit_record(
            lab_id=assessment.role.lab_id,
            actor=request.user,
            action=AuditAction.CANDIDATE_VIEWED,
            target_type="candidate",
            target_id=assessment.application.candidate_id,
            detail={"assessment": assessment.pk},
            channel="api",
        )
        return Response(self.get_serializer(assessment_detail(assessment=assessment)).data)
