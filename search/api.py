"""``GET /api/v1/search/?q=…[&role=][&lab=]``: the lab-wide search for integrators."""

from __future__ import annotations

from collections.abc import Collection

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from screening.api.docs import VIEW, example
from screening.api.schema import ApiAutoSchema
from screening.api.views.common import LabScopedMixin
from screening.blinding import ApiBlindness
from screening.models import RoleProfile
from search.index import QueryRejected
from search.selectors import lab_search
from search.serializers import SearchAnswerSerializer, SearchRequestSerializer


class SearchSchema(ApiAutoSchema):
    """The search names a lab or role in its query: one of another lab is not found (404)."""

    def _error_slugs(self) -> list[str]:
        return [*super()._error_slugs(), "not-found"]


class SearchView(LabScopedMixin):
    """Candidates of one of your labs whose documents match, best first, each with a quote."""

    schema = SearchSchema()

    serializer_class = SearchAnswerSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        summary="Search the candidates of a lab by what their documents say",
        description=(
            "CV text, publication titles and venues, degree lines and evidence quotes. Words "
            'must all appear in one passage; "quoted words" are a phrase; -word excludes. '
            "Nothing typed is query syntax. Each candidate comes once, with the best passage "
            "as `match.quote` (HTML, matches in `<mark>`) and its document and page. In blind "
            "review (`view=blind`, or a recruiter and a role requiring it) names, emails and "
            "links are neither matched nor shown. Without `role` or `lab`, your only lab."
        ),
        parameters=[SearchRequestSerializer, VIEW],
        responses=SearchAnswerSerializer,
        examples=[
            example(
                "Hits",
                {
                    "query": "pytorch",
                    "lab": 1,
                    "role": None,
                    "count": 1,
                    "results": [
                        {
                            "candidate": 77,
                            "name": "Ada Lovelace",
                            "blind": False,
                            "match": {
                                "quote": "Built distributed <mark>PyTorch</mark> training",
                                "text": "Built distributed PyTorch training",
                                "kind": "evidence",
                                "id": 9001,
                                "document": 501,
                                "page": 1,
                                "rank": 3.2,
                            },
                            "roles": [{"id": 3, "title": "Research Scientist"}],
                        }
                    ],
                },
            )
        ],
        tags=["search"],
    )
    def get(self, request):
        unknown = set(request.query_params) - {"q", "lab", "role", "limit", "view", "format"}
        if unknown:
            raise exceptions.ValidationError({name: ["Unknown field."] for name in sorted(unknown)})
        # An empty parameter is no parameter, as for every filter of the API.
        given = {name: value for name, value in request.query_params.items() if value != ""}
        asked = SearchRequestSerializer(data=given)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        role, lab = self._where(data.get("lab"), data.get("role"))
        blindness = self.blindness
        try:
            hits = lab_search(
                lab=lab,
                query=data["q"],
                role=role,
                limit=data["limit"],
                blind=lambda ids: _prefetched(blindness, ids),
            )
        except QueryRejected as rejected:
            raise exceptions.ValidationError({"q": [str(rejected)]}) from None
        answer = {
            "query": data["q"],
            "lab": lab.pk,
            "role": role.pk if role else None,
            "count": len(hits),
            "results": hits,
        }
        return Response(SearchAnswerSerializer(answer).data)

    def _where(self, lab_id: int | None, role_id: int | None):
        """(role or None, lab) of the request, in the user's labs only: another lab's, as any
        unknown id, is not found (404), as objects of other labs are everywhere in the API."""
        if role_id is not None:
            role = RoleProfile.objects.filter(pk=role_id, lab__in=self.labs).select_related("lab")
            found = role.first()
            if found is None:
                raise exceptions.NotFound("No such role.")
            if lab_id is not None and found.lab_id != lab_id:
                raise exceptions.ValidationError({"role": ["The role is of another lab."]})
            return found, found.lab
        labs = self.labs.order_by("pk")
        if lab_id is not None:
            lab = labs.filter(pk=lab_id).first()
            if lab is None:
                raise exceptions.NotFound("No such lab.")
            return None, lab
        mine = list(labs[:2])
        if len(mine) != 1:
            raise exceptions.ValidationError(
                {"lab": ["You belong to several labs: say which one (lab=ID) or give a role."]}
                if mine
                else {"lab": ["You belong to no lab."]}
            )
        return None, mine[0]


def _prefetched(blindness: ApiBlindness, ids: Collection[int]) -> ApiBlindness:
    """The request's blind view, asked of the database once for these candidates."""
    blindness.prefetch(ids)
    return blindness
