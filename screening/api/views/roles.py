"""Roles and what hangs off a role: rubric versions, criteria, templates, drafts, the shortlist,
the adverse-impact report and learned weights."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.utils import translate_validation
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from screening.api.errors import Conflict, NotEnoughDecisions
from screening.api.filters import RoleFilter, ShortlistFilter
from screening.api.idempotency import run_idempotent
from screening.api.permissions import require_editor
from screening.api.serializers.common import StrictSerializer
from screening.api.serializers.roles import (
    AdverseImpactSerializer,
    ApplicationsMovedSerializer,
    ApplicationsMoveSerializer,
    CriterionChangeSerializer,
    CriterionInputSerializer,
    CriterionSerializer,
    LearnedWeightsSerializer,
    RoleCreateSerializer,
    RoleDetailSerializer,
    RoleSerializer,
    RoleUpdateSerializer,
    RubricCreateSerializer,
    RubricDraftRequestSerializer,
    RubricDraftSerializer,
    RubricSerializer,
    RubricTemplateSerializer,
    ShortlistEntrySerializer,
)
from screening.api.views.common import (
    LabScopedMixin,
    RoleNestedMixin,
    json_fingerprint,
    validation_error,
)
from screening.caches import shortlist_answer_get, shortlist_answer_set
from screening.criteria import CriterionSpec
from screening.fairness import adverse_impact, role_applicants
from screening.learning import NotEnoughDecisions as TooFewDecisions
from screening.models import (
    Application,
    Criterion,
    LearnedWeights,
    RoleProfile,
    RoleStatus,
    Rubric,
)
from screening.pipeline import applications_move
from screening.rubric_templates import TEMPLATES
from screening.selectors import (
    role_criteria,
    role_learned_weights,
    role_list,
    role_rubrics,
    role_shortlist,
    shortlist_rows,
)
from screening.services import (
    RubricConflict,
    role_create,
    role_learn_weights,
    role_set_status,
    role_update,
    rubric_add_criterion,
    rubric_change_criterion,
    rubric_remove_criterion,
    rubric_revise,
)
from screening.stages import lab_stages
from search.index import shortlist_quotes


class RoleViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Role profiles. Creating one needs a template or criteria (its first rubric version)."""

    queryset = RoleProfile.objects.none()  # for the schema; see get_queryset
    filterset_class = RoleFilter

    def get_queryset(self):
        return role_list(labs=self.labs)

    def get_serializer_class(self):
        return RoleSerializer if self.action == "list" else RoleDetailSerializer

    def detail_data(self, role: RoleProfile) -> dict:
        role = self.get_queryset().get(pk=role.pk)
        return RoleDetailSerializer(role, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        data = self.input(RoleCreateSerializer)
        require_editor(request.user, data["lab"], "create roles")

        def handler() -> Response:
            # The service's refusals become 400s naming the field (title, criteria).
            role = role_create(
                lab=data["lab"],
                title=data["title"],
                template=data.get("template", ""),
                actor=request.user,
                criteria=[CriterionSpec.from_json(c) for c in data["criteria"]]
                if data.get("criteria")
                else None,
                research_area=data["research_area"],
                job_description=data["job_description"],
                areas=data["areas"],
                note=data["note"],
            )
            return self.created(self.detail_data(role), "api:role-detail", role.pk)

        return run_idempotent(request, fingerprint=json_fingerprint(request), handler=handler)

    def update(self, request, *args, **kwargs):
        role = self.get_object()
        require_editor(request.user, role.lab_id, "edit roles")
        changes = dict(self.input(RoleUpdateSerializer, partial=kwargs.get("partial", False)))
        status = changes.pop("status", None)
        who = {"actor": request.user, "channel": "api"}
        try:
            # An archived role is reopened before it is edited, and edited before it is
            # archived: one request may do both.
            if status is not None and status != RoleStatus.ARCHIVED:
                role_set_status(role=role, status=status, **who)
            role_update(role=role, changes=changes, **who)
            if status == RoleStatus.ARCHIVED:
                role_set_status(role=role, status=status, **who)
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        return Response(self.detail_data(role))

    def destroy(self, request, *args, **kwargs):
        role = self.get_object()
        require_editor(request.user, role.lab_id, "delete roles")
        role.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApplicationsMoveView(RoleNestedMixin, viewsets.GenericViewSet):
    """Move applications of the role to a stage of the lab's pipeline, with a reason.

    Any member may (recruiters decide). A move into a rejected stage records a rejection of
    each application moved, and a move out of one a hold, in the same transaction: the
    decision that stands never contradicts the stage.
    """

    serializer_class = ApplicationsMovedSerializer
    filter_backends: list = []

    def create(self, request, role_pk=None):
        role = self.role
        data = self.input(ApplicationsMoveSerializer)
        applications = list(Application.objects.filter(role=role, pk__in=data["applications"]))
        unknown = sorted(set(data["applications"]) - {a.pk for a in applications})
        if unknown:
            raise ValidationError(
                {"applications": [f"Application {unknown[0]} is not one of this role's."]}
            )
        stage = next((s for s in lab_stages(lab=role.lab_id) if s.pk == data["stage"]), None)
        if stage is None:
            raise ValidationError({"stage": [f"Stage {data['stage']} is not one of this lab's."]})
        try:
            moved = applications_move(
                applications=applications,
                stage=stage,
                by=request.user,
                reason=data["reason"],
                channel="api",
            )
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        return Response(self.get_serializer({"moved": moved, "stage": stage}).data)


class RubricViewSet(
    RoleNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A role's rubric versions, newest first. An edit is a POST of the next version."""

    queryset = Rubric.objects.none()  # for the schema; see get_queryset
    serializer_class = RubricSerializer
    lookup_field = "version"

    def get_queryset(self):
        return role_rubrics(role=self.role)

    def create(self, request, role_pk=None):
        role = self.role
        require_editor(request.user, role.lab_id, "edit rubrics")
        data = self.input(RubricCreateSerializer)
        try:
            rubric = rubric_revise(
                role=role,
                criteria=[CriterionSpec.from_json(c) for c in data["criteria"]],
                actor=request.user,
                note=data["note"],
                based_on=data.get("based_on_version"),
            )
        except RubricConflict as exc:
            raise Conflict(str(exc)) from None
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        rubric = self.get_queryset().get(pk=rubric.pk)
        headers = {
            "Location": reverse(
                "api:role-rubric-detail",
                kwargs={"role_pk": role.pk, "version": rubric.version},
                request=request,
            )
        }
        return Response(self.get_serializer(rubric).data, status=201, headers=headers)


class CriterionViewSet(RoleNestedMixin, viewsets.ModelViewSet):
    """The criteria of a role's current rubric. Every change saves a new rubric version and
    answers with it (criteria of older versions can be read, not edited)."""

    queryset = Criterion.objects.none()  # for the schema; see get_queryset
    serializer_class = CriterionSerializer

    def get_queryset(self):
        return role_criteria(role=self.role, current=self.action == "list")

    def _new_version(self, edit, status_code=200) -> Response:
        require_editor(self.request.user, self.role.lab_id, "edit rubrics")
        try:
            rubric = edit()
        except RubricConflict as exc:
            raise Conflict(str(exc)) from None
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        rubric = role_rubrics(role=self.role).get(pk=rubric.pk)
        return Response(RubricSerializer(rubric).data, status=status_code)

    def create(self, request, role_pk=None):
        require_editor(request.user, self.role.lab_id, "edit rubrics")
        data = self.input(CriterionChangeSerializer)
        criterion = CriterionSpec.from_json(data)
        return self._new_version(
            lambda: rubric_add_criterion(
                role=self.role, criterion=criterion, actor=request.user, note=data["note"]
            ),
            status.HTTP_201_CREATED,
        )

    def update(self, request, role_pk=None, pk=None, partial=False):
        criterion = self.get_object()
        require_editor(request.user, self.role.lab_id, "edit rubrics")
        data = self.input(CriterionChangeSerializer, partial=partial)
        changes = {key: data[key] for key in CriterionInputSerializer().fields if key in data}
        stored = CriterionSpec.from_model(criterion).to_json()
        replacement = CriterionSpec.from_json(stored | changes)
        return self._new_version(
            lambda: rubric_change_criterion(
                role=self.role,
                criterion=criterion,
                replacement=replacement,
                actor=request.user,
                note=data.get("note", ""),
            )
        )

    def destroy(self, request, role_pk=None, pk=None):
        criterion = self.get_object()
        return self._new_version(
            lambda: rubric_remove_criterion(role=self.role, criterion=criterion, actor=request.user)
        )


class ShortlistViewSet(RoleNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The ranked shortlist of a role: barrier candidates after the others, never hidden, and
    every applicant not ranked yet (being read, or their documents failed) after them.

    Filters narrow the list, never renumber it: ``rank`` is the rank in the whole role.
    """

    queryset = Application.objects.none()  # for the schema; the list reads role_shortlist
    serializer_class = ShortlistEntrySerializer
    filterset_class = ShortlistFilter  # parses and documents the query parameters

    def list(self, request, role_pk=None):
        # Many clients read the same pages of a shortlist between changes: an answer is kept
        # until the role's shortlist version moves (assessments, decisions, names change it).
        # Kept per role so that erasing an applicant purges them (screening.caches); who sees
        # whom blind is part of the answer, so part of its variant.
        where = {"role_id": self.role.pk, "version": self.role.shortlist_version}
        blind = self.blindness.fingerprint(lab_id=self.role.lab_id)
        variant = hashlib.sha256(f"{blind}:{request.build_absolute_uri()}".encode()).hexdigest()
        cached = shortlist_answer_get(**where, variant=variant)
        if cached is not None:
            return Response(cached)
        response = self._page()
        shortlist_answer_set(**where, variant=variant, value=response.data)
        return response

    def _page(self) -> Response:
        query = ShortlistFilter(self.request.query_params, request=self.request)
        if not query.is_valid():
            raise translate_validation(query.errors)
        filters = query.shortlist_filters()
        applications = role_shortlist(role=self.role, filters=filters, blindness=self.blindness)
        page = self.paginate_queryset(applications)
        rows = shortlist_rows(role=self.role, applications=page)
        quotes = shortlist_quotes(
            role=self.role,
            query=filters.search,
            rows=((row.candidate_id, row.blind) for row in rows),
        )
        context = {**self.get_serializer_context(), "quotes": quotes}
        serializer = self.get_serializer(rows, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class AdverseImpactViewSet(RoleNestedMixin, viewsets.GenericViewSet):
    """Selection and scoring rates by self-identified category, with impact ratios."""

    serializer_class = AdverseImpactSerializer
    filter_backends: list = []

    def list(self, request, role_pk=None):
        require_editor(request.user, self.role.lab_id, "read the adverse-impact report")
        report = adverse_impact(role_applicants(role=self.role))
        return Response(self.get_serializer(report).data)


class LearnedWeightsViewSet(
    RoleNestedMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """What the role's decisions imply about the criteria's weights, newest fit first."""

    queryset = LearnedWeights.objects.none()  # for the schema; see get_queryset
    serializer_class = LearnedWeightsSerializer

    def get_queryset(self):
        return role_learned_weights(role=self.role)

    def create(self, request, role_pk=None):
        role = self.role
        require_editor(request.user, role.lab_id, "relearn weights")
        self.input(StrictSerializer)
        if role.current_rubric is None:
            raise Conflict("The role has no rubric yet.")
        try:
            learned = role_learn_weights(role=role)
        except TooFewDecisions as exc:
            raise NotEnoughDecisions(str(exc)) from None
        return Response(self.get_serializer(learned).data, status=status.HTTP_201_CREATED)


class RubricTemplateViewSet(viewsets.GenericViewSet):
    """The rubric templates a role can start from."""

    lookup_value_regex = "[a-z0-9-]+"
    lookup_field = "slug"
    serializer_class = RubricTemplateSerializer
    filter_backends: list = []

    def list(self, request):
        page = self.paginate_queryset(sorted(TEMPLATES.values(), key=lambda t: t.slug))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, slug=None):
        template = TEMPLATES.get(slug)
        if template is None:
            raise Http404
        return Response(RubricTemplateSerializer(template).data)


class RubricDraftView(APIView):
    """Draft a rubric from a job description (nothing is saved)."""

    def post(self, request):
        serializer = RubricDraftRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        from screening.drafting import draft_rubric

        draft = draft_rubric(serializer.validated_data["job_description"])
        data = {
            "template_slug": draft.template_slug,
            "template_phrases": list(draft.template_phrases),
            "title": draft.title,
            "research_area": draft.research_area,
            "criteria": [
                {**item.criterion.to_json(), "reason": item.reason, "phrases": list(item.phrases)}
                for item in draft.suggestions
            ],
            "warnings": list(draft.warnings),
            "unmapped": [
                {"phrase": u.phrase, "kind": u.kind, "section": u.section, "why": u.why}
                for u in draft.unmapped
            ],
        }
        return Response(RubricDraftSerializer(data).data)
