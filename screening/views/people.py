"""The lab's people: every candidate of the lab, adding one to another role, and the records
of one person to join (proposed duplicates) or to take apart again (merges)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidates.models import Candidate, CandidateMerge, DuplicateProposal, DuplicateStatus
from candidates.uploads import IngestError
from screening import permissions
from screening.applications import application_create
from screening.blinding import candidate_label
from screening.directory import duplicate_list, lab_candidates, merge_list
from screening.forms import AddToRoleForm, CandidateFilterForm
from screening.models import Application, Lab, LabMembership, RoleProfile
from screening.people import (
    MergeRefused,
    candidate_unmerge,
    duplicate_keep_apart,
    duplicate_merge,
)
from screening.views.common import Page, lab_page, render_page, safe_next

if TYPE_CHECKING:
    from screening.directory import ListedCandidate

CANDIDATES_PER_PAGE = 50
MERGES_SHOWN = 50  # the latest; older ones are in the API's list and the audit trail
REASONS = {
    "name": "Same name",
    "institution": "Same institution",
    "unmerged": "A merge of the two was undone",
}


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as the lab's list shows them: named, or numbered when seen blind."""

    candidate: Candidate
    label: str
    email: str
    applications: list[Application]
    other_roles: list[RoleProfile]


def _member_page(request: HttpRequest) -> tuple[Page, Lab]:
    page = lab_page(request)
    if page.membership is None:
        raise Http404("You are not a member of any lab.")
    return page, page.membership.lab


@login_required
def lab_candidates_page(request: HttpRequest) -> HttpResponse:
    """Every candidate of the lab, with their documents, roles and proposed duplicates."""
    page, lab = _member_page(request)
    roles = list(RoleProfile.objects.filter(lab=lab).order_by("title"))
    form = CandidateFilterForm(request.GET or None, roles=roles, blind=page.blind)
    filters = form.filters()
    listing = Paginator(
        lab_candidates(lab=lab, filters=filters, blindness=page.blindness),
        CANDIDATES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    rows = []
    listed: list[ListedCandidate] = list(listing)
    for candidate in listed:
        applications = list(candidate.applications.all())
        applied = {application.role_id for application in applications}
        rows.append(
            CandidateRow(
                candidate=candidate,
                label=candidate_label(candidate, blind=candidate.blinded),
                email="" if candidate.blinded else candidate.email,
                applications=applications,
                other_roles=[role for role in roles if role.pk not in applied],
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        page,
        "screening/lab_candidates.html",
        {
            "form": form,
            "listing": listing,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(filters.role_id or filters.search),
            "open_duplicates": DuplicateProposal.objects.filter(
                lab=lab, status=DuplicateStatus.OPEN
            ).count(),
        },
    )


def _membership_of(request: HttpRequest, lab_id: int, what: str) -> LabMembership:
    """The member's membership of the object's lab; other labs' objects are not found."""
    found = permissions.membership(user=request.user, lab=lab_id)
    if found is None:
        raise Http404(f"No such {what}.")
    return found


@login_required
@require_POST
def candidate_add_to_role(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Make a candidate of the lab an applicant of another of its roles."""
    candidate = get_object_or_404(Candidate, pk=candidate_id)
    _membership_of(request, candidate.lab_id, "candidate")
    roles = RoleProfile.objects.filter(lab_id=candidate.lab_id)
    form = AddToRoleForm(request.POST, roles=roles)
    back = safe_next(request, reverse("lab_candidates"))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["role"]))
        return redirect(back)
    role = roles.get(pk=form.cleaned_data["role"])
    try:
        _, created = application_create(role=role, candidate=candidate)
    except IngestError as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    label = candidate_label(candidate, blind=True)
    if created:
        messages.success(request, f"{label} is now an applicant of {role.title}.")
    else:
        messages.info(request, f"{label} had already applied to {role.title}.")
    return redirect(back)


@dataclass(frozen=True)
class ProposalRow:
    proposal: DuplicateProposal
    a_label: str
    b_label: str
    reasons: list[str]


@dataclass(frozen=True)
class MergeRow:
    merge: CandidateMerge
    kept_label: str


def reason_text(reason: dict) -> str:
    """A proposal's reason in words: kinds and counts, as stored (never a name)."""
    if reason.get("kind") == "coauthors":
        count = reason.get("count", 0)
        return f"{count} shared co-author{'s' if count != 1 else ''}"
    return REASONS.get(reason.get("kind", ""), "Similar records")


@login_required
def lab_duplicates_page(request: HttpRequest) -> HttpResponse:
    """Proposed duplicates to merge or keep apart, and the merges made, to undo."""
    page, lab = _member_page(request)
    labs = Lab.objects.filter(pk=lab.pk)
    proposals = list(duplicate_list(labs=labs).filter(status=DuplicateStatus.OPEN))
    merges = list(merge_list(labs=labs)[:MERGES_SHOWN])
    view = page.blind_view(
        {p.a_id for p in proposals} | {p.b_id for p in proposals} | {m.kept_id for m in merges}
    )
    rows = [
        ProposalRow(
            proposal=p,
            a_label=candidate_label(p.a, blind=p.a_id in view),
            b_label=candidate_label(p.b, blind=p.b_id in view),
            reasons=[reason_text(r) for r in p.reasons],
        )
        for p in proposals
    ]
    merge_rows = [MergeRow(m, candidate_label(m.kept, blind=m.kept_id in view)) for m in merges]
    return render_page(page, "screening/lab_duplicates.html", {"rows": rows, "merges": merge_rows})


def _proposal_for(request: HttpRequest, proposal_id: int) -> DuplicateProposal:
    proposal = get_object_or_404(DuplicateProposal.objects.select_related("a", "b"), pk=proposal_id)
    _membership_of(request, proposal.lab_id, "proposal")
    return proposal


@login_required
@require_POST
def duplicate_merge_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """Every member (recruiters and up) merges a proposed pair: the newer joins the older."""
    proposal = _proposal_for(request, proposal_id)
    try:
        merge = duplicate_merge(proposal=proposal, by=request.user, channel="web")
    except MergeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"Candidate #{merge.absorbed_number} was merged into candidate #{merge.kept_id}.",
        )
    return redirect("lab_duplicates")


@login_required
@require_POST
def duplicate_keep_apart_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = _proposal_for(request, proposal_id)
    try:
        duplicate_keep_apart(proposal=proposal, by=request.user, channel="web")
    except MergeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, f"Candidates #{proposal.a_id} and #{proposal.b_id} are kept apart."
        )
    return redirect("lab_duplicates")


@login_required
@require_POST
def merge_undo_view(request: HttpRequest, merge_id: int) -> HttpResponse:
    """Hiring managers and lab admins undo a merge."""
    merge = get_object_or_404(CandidateMerge, pk=merge_id)
    membership = _membership_of(request, merge.lab_id, "merge")
    if membership.role not in permissions.EDITORS:
        raise PermissionDenied("Only hiring managers and lab admins undo merges.")
    try:
        restored = candidate_unmerge(merge=merge, by=request.user, channel="web")
    except MergeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Candidate #{restored.pk} is a candidate of their own again.")
    return redirect("lab_duplicates")
