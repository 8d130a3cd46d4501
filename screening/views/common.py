"""What every page needs: the signed-in member's lab, their permissions and blind review."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from candidates.models import Document
from screening import permissions
from screening.blinding import (
    BlindView,
    PageBlindness,
    blind_view,
    candidate_label,
    document_label,
)
from screening.models import Lab, LabMembership, RoleProfile

SESSION_LAB = "referee_lab"


@dataclass
class Page:
    """The member viewing a page, in the lab (and role) the page is about."""

    request: HttpRequest
    membership: LabMembership | None
    role: RoleProfile | None = None
    # A role the page is about (or a document's candidate applied to) requires blind review.
    required_blind: bool = False

    @property
    def lab(self) -> Lab | None:
        return self.membership.lab if self.membership else None

    @property
    def can_edit(self) -> bool:
        """Hiring managers and lab admins edit roles and rubrics."""
        return self.membership is not None and self.membership.role in permissions.EDITORS

    @property
    def blind(self) -> bool:
        """Blind review: the member's own switch, or the role's for everyone."""
        if self.membership is None:
            return False
        return self.membership.blind_review or self.blind_required

    @property
    def blind_required(self) -> bool:
        return self.required_blind or bool(self.role and self.role.blind_review)

    @property
    def blindness(self) -> PageBlindness:
        """Who the member sees blind, for the shortlist's queries."""
        return PageBlindness(everyone=self.blind)

    def blind_view(self, candidate_ids: Iterable[int]) -> BlindView:
        """Which of these candidates the member sees blind: all of them when the page is
        blind, else those a role of the lab requires blind review for."""
        return blind_view(everyone=self.blind, candidate_ids=candidate_ids)


@dataclass
class RolePage(Page):
    """A page about one role (``role_page``), seen by a member of its lab."""

    membership: LabMembership
    role: RoleProfile

    @property
    def lab(self) -> Lab:
        return self.role.lab


@dataclass(frozen=True)
class LabelledDocument:
    """A document as a page lists it: its file name and candidate, or their numbers when the
    member sees the candidate blind."""

    document: Document
    label: str
    candidate_label: str


def label_documents(page: Page, documents: Iterable[Document]) -> list[LabelledDocument]:
    documents = list(documents)
    view = page.blind_view({d.candidate_id for d in documents})
    labelled = []
    for document in documents:
        blind = document.candidate_id in view
        labelled.append(
            LabelledDocument(
                document=document,
                label=document_label(document) if blind else document.original_name,
                candidate_label=candidate_label(document.candidate, blind=blind),
            )
        )
    return labelled


def lab_page(request: HttpRequest) -> Page:
    """The member's current lab: the one they last chose or visited, else their first."""
    labs = permissions.member_labs(user=request.user).order_by("name")
    chosen = request.session.get(SESSION_LAB)
    lab = (labs.filter(pk=chosen).first() if chosen is not None else None) or labs.first()
    if lab is None or (membership := permissions.membership(user=request.user, lab=lab)) is None:
        return Page(request, None)
    membership.lab = lab
    return Page(request, membership)


def role_page(request: HttpRequest, role_id: int) -> RolePage:
    """The role, if the user is a member of its lab; a 404 otherwise (never a hint it exists)."""
    role = get_object_or_404(RoleProfile.objects.select_related("lab"), pk=role_id)
    membership = permissions.membership(user=request.user, lab=role.lab)
    if membership is None:
        raise Http404("No such role.")
    membership.lab = role.lab
    if request.session.get(SESSION_LAB) != role.lab_id:
        request.session[SESSION_LAB] = role.lab_id
    return RolePage(request, membership, role)


def render_page(
    page: Page, template: str, context: dict | None = None, *, status: int = 200
) -> HttpResponse:
    labs = list(permissions.member_labs(user=page.request.user).order_by("name"))
    return render(
        page.request,
        template,
        {"page": page, "labs": labs, "role": page.role, **(context or {})},
        status=status,
    )


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a form posted from another page: the page's own URL, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
