"""Duplicate proposals to merge or keep apart, and merges to undo."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from candidates.models import CandidateMerge, DuplicateProposal
from screening.api.errors import Conflict
from screening.api.filters import DuplicateFilter, MergeFilter
from screening.api.permissions import require_editor
from screening.api.serializers.people import CandidateMergeSerializer, DuplicateProposalSerializer
from screening.api.views.common import LabScopedMixin
from screening.directory import duplicate_list, merge_list
from screening.people import (
    MergeRefused,
    candidate_unmerge,
    duplicate_keep_apart,
    duplicate_merge,
)


class DuplicateViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Candidates of one name with no email or profile link in common: one person or two?"""

    queryset = DuplicateProposal.objects.none()  # for the schema; see get_queryset
    serializer_class = DuplicateProposalSerializer
    filterset_class = DuplicateFilter

    def get_queryset(self):
        return duplicate_list(labs=self.labs)

    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        try:
            merge = duplicate_merge(proposal=self.get_object(), by=request.user, channel="api")
        except MergeRefused as exc:
            raise Conflict(str(exc)) from None
        return Response(CandidateMergeSerializer(merge).data)

    @action(detail=True, methods=["post"], url_path="keep-apart")
    def keep_apart(self, request, pk=None):
        try:
            proposal = duplicate_keep_apart(
                proposal=self.get_object(), by=request.user, channel="api"
            )
        except MergeRefused as exc:
            raise Conflict(str(exc)) from None
        return Response(
            self.get_serializer(duplicate_list(labs=self.labs).get(pk=proposal.pk)).data
        )


class MergeViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Records of one person joined into one candidate, by Referee or by a member."""

    queryset = CandidateMerge.objects.none()  # for the schema; see get_queryset
    serializer_class = CandidateMergeSerializer
    filterset_class = MergeFilter

    def get_queryset(self):
        return merge_list(labs=self.labs)

    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        merge = self.get_object()
        require_editor(request.user, merge.lab_id, "undo merges")
        try:
            candidate_unmerge(merge=merge, by=request.user, channel="api")
        except MergeRefused as exc:
            raise Conflict(str(exc)) from None
        return Response(self.get_serializer(merge_list(labs=self.labs).get(pk=merge.pk)).data)
