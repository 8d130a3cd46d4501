"""The API's views: one viewset per resource, each a thin layer over selectors and services.

Every queryset starts from the labs the user belongs to (``member_labs``), so objects of other
labs are "not found". Writes check the user's role in the object's lab (403 when it does not
allow the action) and call a service; errors become problem documents (:mod:`.errors`).
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve
from django_filters.utils import translate_validation
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from candidates.models import Candidate, Document
from candidates.services import self_identification_record
from candidates.uploads import IngestError, UploadSource, upload_screen
from screening.api import serializers as s
from screening.api.errors import (
    PROBLEM_TYPES,
    Conflict,
    NotEnoughDecisions,
    problem_response,
)
from screening.api.filters import (
    ApplicationFilter,
    AssessmentFilter,
    CandidateFilter,
    DecisionFilter,
    DeliveryFilter,
    DocumentFilter,
    RoleFilter,
    ShortlistFilter,
)
from screening.api.idempotency import request_fingerprint, run_idempotent
from screening.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from screening.api.permissions import require_admin, require_editor
from screening.api.throttling import UploadRateThrottle
from screening.api.tokens import token_create, token_revoke
from screening.applications import (
    application_create,
    candidate_create,
    candidate_update,
    document_upload,
    documents_store,
)
from screening.audit import audit_record
from screening.blinding import VIEWS, ApiBlindness
from screening.caches import shortlist_answer_get, shortlist_answer_set
from screening.criteria import CriterionSpec
from screening.decisions import decision_record, latest_outcome
from screening.fairness import adverse_impact, role_applicants
from screening.learning import NotEnoughDecisions as TooFewDecisions
from screening.models import (
    Application,
    Assessment,
    AuditAction,
    Criterion,
    Decision,
    Lab,
    LabMembership,
    LabRole,
    LearnedWeights,
    RoleProfile,
    Rubric,
)
from screening.permissions import member_labs
from screening.privacy import candidate_erase
from screening.rubric_templates import TEMPLATES
from screening.selectors import (
    assessment_detail,
    role_shortlist,
    shortlist_rows,
)
from screening.services import (
    RubricConflict,
    role_create,
    role_learn_weights,
    role_update,
    rubric_add_criterion,
    rubric_change_criterion,
    rubric_remove_criterion,
    rubric_revise,
)
from screening.webhooks.endpoints import (
    endpoint_create,
    endpoint_update,
    lab_secret,
    lab_secret_rotate,
)
from screening.webhooks.events import endpoint_ping

ID = "[0-9]+"


def validation_error(exc: DjangoValidationError | IngestError) -> exceptions.ValidationError:
    """A service's refusal as the API's: per field when the service named the fields."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError(exceptions.ErrorDetail(" ".join(exc.messages)))
    return exceptions.ValidationError(str(exc))


def with_etag(request, response: Response) -> Response:
    """Answer 304 when the client's ETag still matches, else tag the response."""
    body = json.dumps(response.data, sort_keys=True, cls=DjangoJSONEncoder)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    wanted = {
        tag.strip().removeprefix("W/")
        for tag in request.headers.get("If-None-Match", "").split(",")
    }
    if etag in wanted or "*" in wanted:
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    response["ETag"] = etag
    return response


def rubric_with_criteria(pk: int) -> Rubric:
    return Rubric.objects.select_related("created_by").prefetch_related("criteria").get(pk=pk)


def json_fingerprint(request) -> str:
    return request_fingerprint(request.method, request.path, dict(request.data), {})


def candidate_of(obj) -> int | None:
    """The candidate an object of the API is about (for blind review)."""
    if isinstance(obj, Candidate):
        return obj.pk
    if isinstance(obj, Document | Application):
        return obj.candidate_id
    if isinstance(obj, Assessment | Decision):
        return obj.application.candidate_id
    return None


class LabScopedMixin(generics.GenericAPIView):
    """Viewsets over the user's labs, with numeric ids and ETags on single objects.

    Answers about candidates follow blind review (:class:`ApiBlindness`): ``?view=blind``
    asks for it; a recruiter always gets it for candidates a role requires it for.
    """

    lookup_value_regex = ID

    @property
    def labs(self):
        return member_labs(user=self.request.user)

    @property
    def blindness(self) -> ApiBlindness:
        if not hasattr(self, "_blindness"):
            # An empty parameter is no parameter, as for every filter of the API.
            view = self.request.query_params.get("view") or "full"
            if view not in VIEWS:
                raise exceptions.ValidationError(
                    {"view": [f"Use view=blind or view=full, not {view[:40]!r}."]}
                )
            self._blindness = ApiBlindness(user=self.request.user, everyone=view == "blind")
            # For the search filters, which see the request and not the view (they read it with
            # getattr); Request declares no such attribute, so mypy is told it is set here.
            self.request.referee_blindness = self._blindness  # type: ignore[attr-defined]
        return self._blindness

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.blindness  # noqa: B018 (a wrong ?view= is refused before anything is read)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"blind": self.blindness}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.blindness.prefetch(candidate_of(obj) for obj in page)
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "action", None) == "retrieve" and response.status_code == 200:
            response = with_etag(request, response)
        return super().finalize_response(request, response, *args, **kwargs)

    def created(self, data, location_name: str | None = None, pk=None, **kwargs) -> Response:
        headers = {}
        if location_name and pk is not None:
            headers["Location"] = reverse(
                location_name, kwargs={"pk": pk, **kwargs}, request=self.request
            )
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)

    def input(self, serializer_class, **kwargs):
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class RoleNestedMixin(LabScopedMixin):
    """Viewsets under /roles/{role_pk}/: the role must be in one of the user's labs."""

    @property
    def role(self) -> RoleProfile:
        if not hasattr(self, "_role"):
            self._role = get_object_or_404(
                RoleProfile.objects.filter(lab__in=self.labs).select_related("lab"),
                pk=self.kwargs["role_pk"],
            )
        return self._role


# --- Labs ----------------------------------------------------------------------------------


class LabViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The labs you belong to, with your role in each."""

    queryset = Lab.objects.none()  # for the schema; see get_queryset
    serializer_class = s.LabSerializer

    def get_queryset(self):
        return self.labs.annotate(my_role=F("memberships__role")).order_by("name", "id")

    @action(detail=True, methods=["get", "post"], url_path="webhook-secret")
    def webhook_secret(self, request, pk=None):
        lab = self.get_object()
        require_admin(request.user, lab, "read or rotate the webhook secret")
        found = lab_secret_rotate(lab=lab) if request.method == "POST" else lab_secret(lab=lab)
        return Response(s.WebhookSecretSerializer(found).data)


# --- Roles, rubrics, criteria ----------------------------------------------------------------


class RoleViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Role profiles. Creating one needs a template or criteria (its first rubric version)."""

    queryset = RoleProfile.objects.none()  # for the schema; see get_queryset
    filterset_class = RoleFilter

    def get_queryset(self):
        role = OuterRef("pk")
        return (
            RoleProfile.objects.filter(lab__in=self.labs)
            .annotate(
                rubric_version=Subquery(
                    Rubric.objects.filter(role=role).order_by("-version").values("version")[:1]
                ),
                applicant_count=Coalesce(
                    Subquery(
                        Application.objects.filter(role=role)
                        .order_by()
                        .values("role")
                        .annotate(n=Count("pk"))
                        .values("n")[:1]
                    ),
                    0,
                ),
            )
            .order_by("lab_id", "title", "id")
        )

    def get_serializer_class(self):
        return s.RoleSerializer if self.action == "list" else s.RoleDetailSerializer

    def detail_data(self, role: RoleProfile) -> dict:
        role = self.get_queryset().get(pk=role.pk)
        return s.RoleDetailSerializer(role, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        data = self.input(s.RoleCreateSerializer)
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
        changes = self.input(s.RoleUpdateSerializer, partial=kwargs.get("partial", False))
        role_update(role=role, changes=dict(changes))
        return Response(self.detail_data(role))

    def destroy(self, request, *args, **kwargs):
        role = self.get_object()
        require_editor(request.user, role.lab_id, "delete roles")
        role.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class RubricViewSet(
    RoleNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A role's rubric versions, newest first. An edit is a POST of the next version."""

    queryset = Rubric.objects.none()  # for the schema; see get_queryset
    serializer_class = s.RubricSerializer
    lookup_field = "version"

    def get_queryset(self):
        return (
            Rubric.objects.filter(role=self.role)
            .select_related("created_by")
            .prefetch_related("criteria")
            .order_by("-version")
        )

    def create(self, request, role_pk=None):
        role = self.role
        require_editor(request.user, role.lab_id, "edit rubrics")
        data = self.input(s.RubricCreateSerializer)
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
    serializer_class = s.CriterionSerializer

    def get_queryset(self):
        criteria = Criterion.objects.filter(rubric__role=self.role).order_by("position", "id")
        if self.action == "list":
            rubric = self.role.current_rubric
            return criteria.filter(rubric=rubric) if rubric else criteria.none()
        return criteria

    def _new_version(self, edit, status_code=200) -> Response:
        require_editor(self.request.user, self.role.lab_id, "edit rubrics")
        try:
            rubric = edit()
        except RubricConflict as exc:
            raise Conflict(str(exc)) from None
        except DjangoValidationError as exc:
            raise validation_error(exc) from None
        return Response(
            s.RubricSerializer(rubric_with_criteria(rubric.pk)).data, status=status_code
        )

    def create(self, request, role_pk=None):
        require_editor(request.user, self.role.lab_id, "edit rubrics")
        data = self.input(s.CriterionChangeSerializer)
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
        data = self.input(s.CriterionChangeSerializer, partial=partial)
        changes = {key: data[key] for key in s.CriterionInputSerializer().fields if key in data}
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
    """The ranked shortlist of a role: barrier candidates after the others, never hidden.

    Filters narrow the list, never renumber it: ``rank`` is the rank in the whole role.
    """

    queryset = Assessment.objects.none()  # for the schema; the list reads role_shortlist
    serializer_class = s.ShortlistEntrySerializer
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
        assessments = role_shortlist(
            role=self.role, filters=query.shortlist_filters(), blindness=self.blindness
        )
        page = self.paginate_queryset(assessments)
        rows = shortlist_rows(role=self.role, assessments=page)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class AdverseImpactViewSet(RoleNestedMixin, viewsets.GenericViewSet):
    """Selection and scoring rates by self-identified category, with impact ratios."""

    serializer_class = s.AdverseImpactSerializer
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
    serializer_class = s.LearnedWeightsSerializer

    def get_queryset(self):
        return (
            LearnedWeights.objects.filter(role=self.role)
            .select_related("rubric")
            .order_by("-created_at", "-id")
        )

    def create(self, request, role_pk=None):
        role = self.role
        require_editor(request.user, role.lab_id, "relearn weights")
        self.input(s.StrictSerializer)
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
    serializer_class = s.RubricTemplateSerializer
    filter_backends: list = []

    def list(self, request):
        page = self.paginate_queryset(sorted(TEMPLATES.values(), key=lambda t: t.slug))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, slug=None):
        template = TEMPLATES.get(slug)
        if template is None:
            raise Http404
        return Response(s.RubricTemplateSerializer(template).data)


class RubricDraftView(APIView):
    """Draft a rubric from a job description (nothing is saved)."""

    def post(self, request):
        serializer = s.RubricDraftRequestSerializer(data=request.data)
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
        return Response(s.RubricDraftSerializer(data).data)


# --- Candidates and applications -------------------------------------------------------------


class CandidateViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Candidates of your labs. DELETE erases a candidate and everything derived from them."""

    queryset = Candidate.objects.none()  # for the schema; see get_queryset
    filterset_class = CandidateFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        candidates = (
            Candidate.objects.filter(lab__in=self.labs)
            .prefetch_related(
                Prefetch("documents", queryset=Document.objects.order_by("created_at", "id")),
                Prefetch("applications", queryset=Application.objects.order_by("id")),
            )
            .order_by("-created_at", "-id")
        )
        if self.action == "retrieve":
            candidates = candidates.prefetch_related("degrees", "publications")
        return candidates

    def get_serializer_class(self):
        return s.CandidateSerializer if self.action == "list" else s.CandidateDetailSerializer

    @action(detail=True, methods=["post"], url_path="self-identification")
    def self_identification(self, request, pk=None):
        """Write-only: reviewers never read it back; it feeds only the adverse-impact report."""
        candidate = self.get_object()
        data = self.input(s.SelfIdentificationSerializer)
        self_identification_record(candidate=candidate, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)

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
        candidate = (
            self.get_queryset().prefetch_related("degrees", "publications").get(pk=candidate.pk)
        )
        return s.CandidateDetailSerializer(candidate, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        data = self.input(s.CandidateCreateSerializer)

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
        changes = self.input(s.CandidateUpdateSerializer, partial=True)
        candidate_update(candidate=candidate, changes=dict(changes))
        return Response(self.detail_data(candidate))

    def destroy(self, request, *args, **kwargs):
        candidate = self.get_object()
        require_editor(request.user, candidate.lab_id, "erase candidates")
        removed = candidate_erase(candidate=candidate, actor=request.user, reason="api")
        return Response(s.ErasureSerializer({"erased": removed}).data)


class ApplicationViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A candidate considered for a role; its assessment and latest decision."""

    queryset = Application.objects.none()  # for the schema; see get_queryset
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return (
            Application.objects.filter(role__lab__in=self.labs)
            .annotate(assessment_ref=F("assessment__id"), outcome=latest_outcome("pk"))
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        data = self.input(s.ApplicationCreateSerializer)
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


# --- Documents -----------------------------------------------------------------------------


class DocumentViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Uploaded documents and their processing status (and the reason, if one failed)."""

    queryset = Document.objects.none()  # for the schema; see get_queryset
    serializer_class = s.DocumentSerializer
    filterset_class = DocumentFilter
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return Document.objects.filter(lab__in=self.labs).order_by("-created_at", "-id")

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(UploadRateThrottle())
        return throttles

    def _read_upload(self, serializer_class, *, archive: bool):
        """The request's fields and its one file, passed through the upload gate (whose
        middleware has already refused a request past the per-request total)."""
        if not (self.request.content_type or "").startswith("multipart/form-data"):
            raise exceptions.UnsupportedMediaType(
                self.request.content_type,
                detail="Send the upload as multipart/form-data, the file in the field `file`.",
            )
        data = self.input(serializer_class)
        screened = upload_screen(
            sources=[UploadSource.from_upload(data["file"], archive=archive)],
            kind=data.get("kind"),
        )
        if not screened.files:  # the file, or the zip as a whole, was refused
            raise screened.refused[0].error
        return data, screened

    def _fingerprint(self, data: dict, content: bytes) -> str:
        fields = {key: getattr(value, "pk", value) for key, value in data.items() if key != "file"}
        # Only a request built by hand has no method; one routed to this view has its verb.
        assert self.request.method is not None
        return request_fingerprint(
            self.request.method, self.request.path, fields, {"file": content}
        )

    def create(self, request, *args, **kwargs):
        data, screened = self._read_upload(s.DocumentUploadSerializer, archive=False)
        (file,) = screened.files

        def handler() -> Response:
            try:
                result = document_upload(
                    lab=data["lab"],
                    content=file.content,
                    filename=file.name,
                    kind=file.kind,
                    candidate=data.get("candidate"),
                    role=data.get("role"),
                    uploaded_by=request.user,
                )
            except IngestError as exc:
                raise validation_error(exc) from None
            body = self.get_serializer(result.document).data
            if result.created:
                return self.created(body, "api:document-detail", result.document.pk)
            return Response(body)

        return run_idempotent(
            request, fingerprint=self._fingerprint(data, file.content), handler=handler
        )

    @action(detail=False, methods=["post"])
    def batch(self, request):
        data, screened = self._read_upload(s.BatchUploadSerializer, archive=True)
        # The zip's bytes are not kept: its files, in order, stand for it in the fingerprint.
        fingerprint = self._fingerprint(
            data, b"".join(f.path.encode() + b"\0" + f.content for f in screened.files)
        )

        def handler() -> Response:
            items = documents_store(
                lab=data["lab"],
                files=screened.files,
                role=data.get("role"),
                uploaded_by=request.user,
            )
            documents = []
            skipped = [{"entry": r.where, "reason": r.error.detail} for r in screened.refused]
            for item in items:
                if item.document is None:
                    skipped.append({"entry": item.path or item.name, "reason": item.error})
                else:
                    documents.append(
                        {
                            "entry": item.path,
                            "created": item.created,
                            "document": item.document,
                        }
                    )
            body = s.BatchResultSerializer({"documents": documents, "skipped": skipped}).data
            created = any(d["created"] for d in documents)
            return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

        return run_idempotent(request, fingerprint=fingerprint, handler=handler)


# --- Assessments ---------------------------------------------------------------------------


class AssessmentViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Assessments: the list gives scores; one assessment gives the full explanation."""

    queryset = Assessment.objects.none()  # for the schema; see get_queryset
    filterset_class = AssessmentFilter

    def get_queryset(self):
        return (
            Assessment.objects.filter(role__lab__in=self.labs)
            .select_related("application", "rubric")
            .annotate(outcome=latest_outcome())
            .order_by("-computed_at", "-id")
        )

    def get_serializer_class(self):
        return s.AssessmentSerializer if self.action == "list" else s.AssessmentDetailSerializer

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


# --- Decisions -----------------------------------------------------------------------------


class DecisionViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Decisions on applications, newest first; the latest one on an application stands."""

    queryset = Decision.objects.none()  # for the schema; see get_queryset
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return (
            Decision.objects.filter(application__role__lab__in=self.labs)
            .select_related("application", "decided_by")
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        data = self.input(s.DecisionCreateSerializer)

        def handler() -> Response:
            try:
                decision = decision_record(
                    application=data["application"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except DjangoValidationError as exc:
                raise validation_error(exc) from None
            body = self.get_serializer(self.get_queryset().get(pk=decision.pk)).data
            return self.created(body, "api:decision-detail", decision.pk)

        return run_idempotent(request, fingerprint=json_fingerprint(request), handler=handler)


# --- Tokens --------------------------------------------------------------------------------


class TokenViewSet(
    LabScopedMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your personal API tokens. A token is shown once, when created; DELETE revokes it."""

    queryset = ApiToken.objects.none()  # for the schema; see get_queryset
    serializer_class = s.TokenSerializer

    def get_queryset(self):
        return ApiToken.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        if isinstance(request.auth, ApiToken):
            raise exceptions.PermissionDenied(
                "Create tokens while signed in with your password (the browsable API), or with "
                "`manage.py api_token create`; a token cannot create tokens."
            )
        data = self.input(s.TokenCreateSerializer)
        issued = token_create(user=request.user, name=data["name"], expires_at=data["expires_at"])
        body = s.TokenSerializer(issued.token).data | {"token": issued.key}
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Webhooks ------------------------------------------------------------------------------


def admin_labs(user):
    return LabMembership.objects.filter(user=user, role=LabRole.ADMIN).values("lab_id")


class WebhookEndpointViewSet(LabScopedMixin, viewsets.ModelViewSet):
    """Webhook endpoints of the labs you administer."""

    queryset = WebhookEndpoint.objects.none()  # for the schema; see get_queryset
    serializer_class = s.WebhookEndpointSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        endpoints = WebhookEndpoint.objects.filter(lab__in=self.labs).order_by("lab_id", "id")
        if self.action == "list":
            endpoints = endpoints.filter(lab_id__in=admin_labs(self.request.user))
        return endpoints

    def get_object(self):
        endpoint = super().get_object()
        require_admin(self.request.user, endpoint.lab_id)
        return endpoint

    def create(self, request, *args, **kwargs):
        data = self.input(s.WebhookEndpointCreateSerializer)
        require_admin(request.user, data["lab"])
        endpoint = endpoint_create(actor=request.user, **data)
        return self.created(self.get_serializer(endpoint).data, "api:webhook-detail", endpoint.pk)

    def partial_update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        changes = self.input(s.WebhookEndpointUpdateSerializer, partial=True)
        endpoint_update(endpoint=endpoint, changes=dict(changes))
        return Response(self.get_serializer(endpoint).data)

    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        delivery = endpoint_ping(endpoint=self.get_object())
        return Response(s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryViewSet(LabScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Deliveries of your labs' webhook events, newest first, each with its attempts."""

    queryset = WebhookDelivery.objects.none()  # for the schema; see get_queryset
    serializer_class = s.WebhookDeliverySerializer
    filterset_class = DeliveryFilter

    def get_queryset(self):
        deliveries = (
            WebhookDelivery.objects.filter(endpoint__lab__in=self.labs)
            .select_related("endpoint")
            .prefetch_related("attempt_log")
            .order_by("-created_at", "-id")
        )
        if self.action == "list":
            deliveries = deliveries.filter(endpoint__lab_id__in=admin_labs(self.request.user))
        return deliveries

    def get_object(self):
        delivery = super().get_object()
        require_admin(self.request.user, delivery.endpoint.lab_id)
        return delivery


# --- Problem types and unknown paths ---------------------------------------------------------


class ProblemTypeListView(APIView):
    """What each ``type`` of an error document means."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request):
        return Response(s.ProblemTypeSerializer(PROBLEM_TYPES.values(), many=True).data)


class ProblemTypeDetailView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request, slug=None):
        problem = PROBLEM_TYPES.get(slug)
        if problem is None:
            raise Http404
        return Response(s.ProblemTypeSerializer(problem).data)


class NotFoundView(APIView):
    """Any other path under /api/: a problem document, never an HTML page."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    schema = None

    def dispatch_not_found(self, request, *args, **kwargs):
        detail = f"There is no API resource at {request.path}."
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and match.url_name != "not-found":
                detail += f" Did you mean {request.path}/ (with a trailing slash)?"
        return problem_response("not-found", detail, request=request)

    get = post = put = patch = delete = head = options = dispatch_not_found
