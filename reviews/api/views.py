"""The panel endpoints, under /api/v1/roles/{role_pk}/: panel members, scorecards (your own;
others' once yours on the applicant is submitted), agreement, conflicts, comments; and the
comments that mention you."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from reviews.agreement import role_agreement
from reviews.api.serializers import (
    AgreementSerializer,
    CommentCreateSerializer,
    CommentSerializer,
    ConflictAnswerResultSerializer,
    ConflictAnswerSerializer,
    ConflictSerializer,
    PanelMemberSerializer,
    ScorecardChangeSerializer,
    ScorecardCreateSerializer,
    ScorecardSerializer,
)
from reviews.comments import application_comments, comment_create, comment_delete, member_mentions
from reviews.conflicts import StateRefusal, conflicts_answer
from reviews.models import Comment, Conflict, PanelMember, Scorecard, ScorecardStatus
from reviews.panels import (
    LevelInput,
    panel_member_add,
    panel_member_remove,
    panel_members,
    panel_seat,
    scorecard_save,
    scorecards_visible,
)
from screening.api.errors import Conflict as ConflictProblem
from screening.api.permissions import require_editor
from screening.api.views.common import LabScopedMixin, RoleNestedMixin, validation_error
from screening.models import Application, Assessment, LabMembership
from screening.permissions import EDITORS, membership

NOT_ON_PANEL = "Only the role's reviewers can {action}; you are not on its panel."


def _refusal(exc: DjangoValidationError) -> exceptions.APIException:
    if isinstance(exc, StateRefusal):
        return ConflictProblem(" ".join(exc.messages))
    return validation_error(exc)


class PanelNestedMixin(RoleNestedMixin):
    filter_backends: list = []

    @property
    def member(self) -> LabMembership:
        found = membership(user=self.request.user, lab=self.role.lab_id)
        assert found is not None  # the role was found in the user's labs
        return found

    def seat(self, action: str) -> PanelMember:
        seat = panel_seat(role=self.role, membership=self.member)
        if seat is None:
            raise exceptions.PermissionDenied(NOT_ON_PANEL.format(action=action))
        return seat


class PanelMemberViewSet(PanelNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The role's reviewers. PUT seats the lab member of the given membership id; DELETE
    takes them off (refused, 409, once they have submitted a scorecard)."""

    queryset = PanelMember.objects.none()  # for the schema; see get_queryset
    serializer_class = PanelMemberSerializer

    def get_queryset(self):
        return panel_members(role=self.role)

    def update(self, request, role_pk=None, pk=None):
        require_editor(request.user, self.role.lab_id, "choose a role's reviewers")
        chosen = get_object_or_404(LabMembership, pk=pk, lab=self.role.lab_id)
        member, created = panel_member_add(
            role=self.role, membership=chosen, actor=request.user, channel="api"
        )
        body = self.get_serializer(self.get_queryset().get(pk=member.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def destroy(self, request, role_pk=None, pk=None):
        require_editor(request.user, self.role.lab_id, "choose a role's reviewers")
        member = get_object_or_404(self.get_queryset(), membership__pk=pk)
        try:
            panel_member_remove(member=member, actor=request.user, channel="api")
        except DjangoValidationError as exc:
            raise _refusal(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScorecardViewSet(
    PanelNestedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Scorecards on the role's applicants you may read: your own (drafts too), the others'
    submitted ones on applicants whose scorecard you submitted; hiring managers and lab admins
    off the panel read every submitted one."""

    queryset = Scorecard.objects.none()  # for the schema; see get_queryset
    serializer_class = ScorecardSerializer

    def get_queryset(self):
        return scorecards_visible(role=self.role, membership=self.member).select_related(
            "application__candidate"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "_referee"):
            context["referee"] = self._referee
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset) or []
        self._remember_referee([s.application_id for s in page])
        self.blindness.prefetch(s.application.candidate_id for s in page)
        return page

    def _remember_referee(self, application_ids) -> None:
        """Referee's levels of the applicants on the answer, in one query."""
        self._referee = {
            application: {int(item["criterion"]): item["level"] for item in criteria}
            for application, criteria in Assessment.objects.filter(
                application_id__in=application_ids
            ).values_list("application_id", "criteria")
        }

    def _answer(self, scorecard: Scorecard, code: int = status.HTTP_200_OK) -> Response:
        scorecard = self.get_queryset().get(pk=scorecard.pk)
        self._remember_referee([scorecard.application_id])
        self.blindness.prefetch([scorecard.application.candidate_id])
        return Response(self.get_serializer(scorecard).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        scorecard = self.get_object()
        return self._answer(scorecard)

    def _save(self, seat: PanelMember, application: Application, data: dict, existing=None):
        levels = data.get("levels")
        if levels is None and existing is not None:  # a PATCH leaving the levels as they are
            kept = {i.criterion_id: LevelInput(i.level, i.note) for i in existing.levels.all()}
        else:
            kept = {i["criterion"]: LevelInput(i["level"], i["note"]) for i in levels or []}
        try:
            return scorecard_save(
                member=seat,
                application=application,
                levels=kept,
                recommendation=data.get(
                    "recommendation", existing.recommendation if existing else ""
                ),
                summary=data.get("summary", existing.summary if existing else ""),
                submit=data.get("submit", False),
                actor=self.request.user,
                channel="api",
            )
        except DjangoValidationError as exc:
            raise _refusal(exc) from None

    def create(self, request, role_pk=None):
        seat = self.seat("fill scorecards")
        data = self.input(ScorecardCreateSerializer)
        application = data["application"]
        if application.role_id != self.role.pk:
            raise exceptions.ValidationError(
                {"application": ["The applicant has not applied to this role."]}
            )
        if Scorecard.objects.filter(reviewer=seat, application=application).exists():
            raise ConflictProblem(
                "You have a scorecard on this applicant already: change it with PATCH."
            )
        scorecard = self._save(seat, application, data)
        return self._answer(scorecard, status.HTTP_201_CREATED)

    def partial_update(self, request, role_pk=None, pk=None):
        scorecard = self.get_object()
        seat = self.seat("fill scorecards")
        if scorecard.reviewer_id != seat.pk:
            raise exceptions.PermissionDenied("Only its reviewer changes a scorecard.")
        data = self.input(ScorecardChangeSerializer)
        if scorecard.status == ScorecardStatus.SUBMITTED:
            raise ConflictProblem("This scorecard was submitted; a submitted scorecard is final.")
        scorecard = self._save(seat, scorecard.application, data, existing=scorecard)
        return self._answer(scorecard)


class AgreementViewSet(PanelNestedMixin, viewsets.GenericViewSet):
    """The panel's agreement; disagreements only on applicants whose scorecards you read."""

    serializer_class = AgreementSerializer

    def list(self, request, role_pk=None):
        shown = (
            scorecards_visible(role=self.role, membership=self.member)
            .filter(status=ScorecardStatus.SUBMITTED)
            .exclude(reviewer__membership=self.member)
            .values_list("application_id", flat=True)
        )
        agreement = role_agreement(role=self.role, shown_applications=set(shown))
        return Response(self.get_serializer(agreement).data)


class ConflictViewSet(PanelNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Possible conflicts of interest on the role: hiring managers and lab admins read all,
    a reviewer their own."""

    queryset = Conflict.objects.none()  # for the schema; see get_queryset
    serializer_class = ConflictSerializer

    def get_queryset(self):
        conflicts = Conflict.objects.filter(application__role=self.role).select_related(
            "reviewer__membership__user", "application"
        )
        if self.member.role in EDITORS:
            return conflicts
        return conflicts.filter(reviewer__membership=self.member)

    @action(detail=False, methods=["post"])
    def answer(self, request, role_pk=None):
        seat = self.seat("answer conflicts of interest")
        data = self.input(ConflictAnswerSerializer)
        application = data["application"]
        if application.role_id != self.role.pk:
            raise exceptions.ValidationError(
                {"application": ["The applicant has not applied to this role."]}
            )
        try:
            count = conflicts_answer(
                member=seat,
                application=application,
                answer=data["answer"],
                actor=request.user,
                channel="api",
            )
        except DjangoValidationError as exc:
            raise _refusal(exc) from None
        result = {"application": application.pk, "status": data["answer"], "conflicts": count}
        return Response(ConflictAnswerResultSerializer(result).data)


class CommentViewSet(
    RoleNestedMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on one applicant of the role, oldest first. Only its author deletes one."""

    queryset = Comment.objects.none()  # for the schema; see get_queryset
    serializer_class = CommentSerializer
    filter_backends: list = []

    @property
    def application(self) -> Application:
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                Application.objects.select_related("role"),
                role=self.role,
                # Through the candidate's key: a foreign key's lookup would overflow on an id
                # past 64 bits where the primary key's answers "no such row".
                candidate__pk=self.kwargs["candidate_pk"],
            )
        return self._application

    def get_queryset(self):
        return application_comments(application=self.application).select_related("application")

    def paginate_queryset(self, queryset):
        self.blindness.prefetch([self.application.candidate_id])
        return super().paginate_queryset(queryset)

    def create(self, request, role_pk=None, candidate_pk=None):
        application = self.application  # another lab's or no applicant: 404 before the body
        data = self.input(CommentCreateSerializer)
        try:
            comment = comment_create(
                application=application, author=request.user, body=data["body"], channel="api"
            )
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        self.blindness.prefetch([self.application.candidate_id])
        body = self.get_serializer(self.get_queryset().get(pk=comment.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        try:
            comment_delete(comment=instance, actor=self.request.user, channel="api")
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None


class MentionViewSet(LabScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Comments that mention you, in all your labs, newest first."""

    queryset = Comment.objects.none()  # for the schema; see get_queryset
    serializer_class = CommentSerializer
    filter_backends: list = []

    def get_queryset(self):
        return member_mentions(user=self.request.user).prefetch_related("mentions__user")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset) or []
        self.blindness.prefetch(c.application.candidate_id for c in page)
        return page
