"""A role's shortlist (page, CSV, bulk moves), comparison, editing, status and blind switch."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from screening.audit import audit_record
from screening.forms import (
    MAX_COMPARED,
    CompareForm,
    RoleEditForm,
    ShortlistActionForm,
    ShortlistFilterForm,
)
from screening.models import Application, AuditAction, DecisionOutcome, Stage
from screening.pipeline import applications_move
from screening.selectors import (
    compare_candidates,
    role_document_progress,
    role_shortlist,
    shortlist_rows,
)
from screening.services import (
    role_archive,
    role_close,
    role_reopen,
    role_set_blind_review,
    role_update,
)
from screening.spreadsheets import csv_writer
from screening.stages import lab_stages
from screening.views.common import RolePage, render_page, role_page, safe_next
from search.index import shortlist_quotes

PER_PAGE = 50


@login_required
def role_detail(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    stages = lab_stages(lab=page.role.lab_id)
    action_form = ShortlistActionForm(stages=stages, candidate_ids=[])
    return _shortlist_page(page, action_form, stages)


def _shortlist_page(
    page: RolePage, action_form: ShortlistActionForm, stages: list[Stage], *, status: int = 200
) -> HttpResponse:
    role = page.role
    request = page.request
    form = ShortlistFilterForm(request.GET or None, blind=page.blind, stages=stages)
    filters = form.filters()
    applications = role_shortlist(role=role, filters=filters, blindness=page.blindness)
    listing = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    rubric = role.current_rubric
    query = request.GET.copy()
    query.pop("page", None)
    entries = shortlist_rows(role=role, applications=listing.object_list)
    return render_page(
        page,
        "screening/role_detail.html",
        {
            "form": form,
            "action_form": action_form,
            "stages": stages,
            "listing": listing,
            "entries": entries,
            "quotes": shortlist_quotes(
                role=role,
                query=filters.search,
                rows=((entry.candidate_id, entry.blind) for entry in entries),
            ),
            "rubric": rubric,
            "criteria": list(rubric.criteria.all()) if rubric else [],
            "progress": role_document_progress(role=role),
            "applicants": Application.objects.filter(role=role).count(),
            "filtered": filters.filtered,
            "query": query.urlencode(),
            "max_compared": MAX_COMPARED,
            # Ranked and not ranked apart, where the order puts them apart.
            "sectioned": filters.sort in ("rank", "score"),
            # What was ticked stays ticked when a move is refused.
            "selected": {int(v) for v in request.POST.getlist("c") if v.isdigit()},
        },
        status=status,
    )


@login_required
@require_POST
def shortlist_action(request: HttpRequest, role_id: int) -> HttpResponse:
    """The shortlist's form, without script: the ticked candidates compared, or moved to a
    stage (a bulk rejection among them) with a reason."""
    page = role_page(request, role_id)
    role = page.role
    stages = lab_stages(lab=role.lab_id)
    applied = Application.objects.filter(role=role).values_list("candidate_id", flat=True)
    form = ShortlistActionForm(request.POST, stages=stages, candidate_ids=list(applied))
    if form.is_valid() and form.cleaned_data["action"] == "compare":
        chosen = urlencode([("c", pk) for pk in form.cleaned_data["c"]])
        return redirect(f"{reverse('compare', args=[role.pk])}?{chosen}")
    if form.is_valid():
        applications = Application.objects.filter(
            role=role, candidate_id__in=form.cleaned_data["c"]
        )
        stage = form.cleaned_data["stage"]
        try:
            moved = applications_move(
                applications=applications,
                stage=stage,
                by=request.user,
                reason=form.cleaned_data["reason"],
                channel="web",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Moved {moved} applicant{pluralize(moved)} to {stage.name}.")
            return redirect(safe_next(request, reverse("role_detail", args=[role.pk])))
    return _shortlist_page(page, form, stages, status=400)


@login_required
def role_csv(request: HttpRequest, role_id: int) -> HttpResponse:
    """The shortlist as a spreadsheet, with every criterion's level; blind review holds here too."""
    page = role_page(request, role_id)
    role = page.role
    form = ShortlistFilterForm(
        request.GET or None, blind=page.blind, stages=lab_stages(lab=role.lab_id)
    )
    applications = role_shortlist(role=role, filters=form.filters(), blindness=page.blindness)
    rows = shortlist_rows(role=role, applications=applications)
    rubric = role.current_rubric
    names = [c.name for c in rubric.criteria.all()] if rubric else []
    audit_record(
        lab_id=role.lab_id,
        actor=request.user,
        action=AuditAction.SHORTLIST_EXPORTED,
        target_type="role",
        target_id=role.pk,
        detail={"blind": page.blind},
        channel="web",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(role.title) or 'role'}-shortlist.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv_writer(response)
    identity = [] if page.blind else ["name", "email"]
    writer.writerow(
        ["rank", "candidate_id", *identity, "score", "barrier", "insufficient_evidence",
         "stale", "previous_rank", "decision", "stage", "stage_reason", "stage_since",
         "not_ranked_because",
         *(f"{name} (level)" for name in names), *(f"{name} (state)" for name in names)]
    )  # fmt: skip
    outcomes = dict(DecisionOutcome.choices)
    for row in rows:
        by_name = {item.name: item for item in row.criteria}
        writer.writerow(
            [
                row.rank or "",
                row.candidate_id,
                *([] if page.blind else [row.name, row.email]),
                "" if row.score is None else f"{row.score:.1f}",
                "yes" if row.has_barrier else "no",
                row.insufficient_count,
                "yes" if row.stale else "no",
                row.previous_rank or "",
                outcomes.get(row.outcome or "", ""),
                row.stage.name,
                row.stage.reason,
                row.stage.since.date().isoformat(),
                row.reading,
                *(by_name[n].level if n in by_name else "" for n in names),
                *(by_name[n].state if n in by_name else "" for n in names),
            ]
        )
    return response


@login_required
@require_POST
def role_blind(request: HttpRequest, role_id: int) -> HttpResponse:
    """Blind review for everyone who reviews the role (hiring managers and lab admins)."""
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins set blind review for a role.")
    enabled = request.POST.get("enabled") == "1"
    role_set_blind_review(role=page.role, enabled=enabled)
    messages.info(
        request,
        "Blind review is on for everyone reviewing this role."
        if enabled
        else "Blind review is no longer required for this role.",
    )
    return redirect("role_detail", role_id=role_id)


@login_required
def compare(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    role = page.role
    applied = list(Application.objects.filter(role=role).values_list("candidate_id", flat=True))
    form = CompareForm(request.GET, candidate_ids=applied)
    if not form.is_valid():
        return render_page(page, "screening/compare.html", {"form": form}, status=400)
    comparison = compare_candidates(
        role=role, candidate_ids=form.cleaned_data["c"], blindness=page.blindness
    )
    return render_page(page, "screening/compare.html", {"form": form, "comparison": comparison})


@login_required
def role_edit(request: HttpRequest, role_id: int) -> HttpResponse:
    """A role's title and research area, and its status (open, closed, archived): editors only."""
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins edit roles.")
    role = page.role
    initial = {"title": role.title, "research_area": role.research_area}
    form = RoleEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            role_update(role=role, changes=form.cleaned_data, actor=request.user, channel="web")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved the role.")
            return redirect("role_edit", role_id=role.pk)
    status = 400 if form.is_bound else 200
    return render_page(page, "screening/role_edit.html", {"form": form}, status=status)


ROLE_STATUS_ACTIONS = {
    "close": (role_close, "Closed: the role takes no new applicants or documents."),
    "reopen": (role_reopen, "Reopened: the role takes applicants again."),
    "archive": (role_archive, "Archived: the role is hidden from the roles page and read-only."),
}


@login_required
@require_POST
def role_status(request: HttpRequest, role_id: int) -> HttpResponse:
    """Close, reopen or archive a role: editors only."""
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins close or archive roles.")
    chosen = ROLE_STATUS_ACTIONS.get(request.POST.get("action", ""))
    if chosen is None:
        messages.error(request, "Choose close, reopen or archive.")
        return redirect("role_edit", role_id=role_id)
    change, said = chosen
    try:
        change(role=page.role, actor=request.user, channel="web")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, said)
    return redirect("role_edit", role_id=role_id)
