"""A role's shortlist (page and CSV), side-by-side comparison and the role's blind switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from screening.audit import audit_record
from screening.forms import MAX_COMPARED, CompareForm, ShortlistFilterForm
from screening.models import Application, AuditAction, DecisionOutcome
from screening.selectors import (
    compare_candidates,
    role_document_progress,
    role_shortlist,
    shortlist_rows,
)
from screening.services import role_set_blind_review
from screening.spreadsheets import csv_writer
from screening.views.common import render_page, role_page
from search.index import shortlist_quotes

PER_PAGE = 50


@login_required
def role_detail(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    role = page.role
    form = ShortlistFilterForm(request.GET or None, blind=page.blind)
    filters = form.filters()
    assessments = role_shortlist(role=role, filters=filters, blindness=page.blindness)
    listing = Paginator(assessments, PER_PAGE).get_page(request.GET.get("page"))
    rubric = role.current_rubric
    query = request.GET.copy()
    query.pop("page", None)
    entries = shortlist_rows(role=role, assessments=listing.object_list)
    return render_page(
        page,
        "screening/role_detail.html",
        {
            "form": form,
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
        },
    )


@login_required
def role_csv(request: HttpRequest, role_id: int) -> HttpResponse:
    """The shortlist as a spreadsheet, with every criterion's level; blind review holds here too."""
    page = role_page(request, role_id)
    role = page.role
    form = ShortlistFilterForm(request.GET or None, blind=page.blind)
    assessments = role_shortlist(role=role, filters=form.filters(), blindness=page.blindness)
    rows = shortlist_rows(role=role, assessments=assessments)
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
         "stale", "previous_rank", "decision",
         *(f"{name} (level)" for name in names), *(f"{name} (state)" for name in names)]
    )  # fmt: skip
    outcomes = dict(DecisionOutcome.choices)
    for row in rows:
        by_name = {item.name: item for item in row.criteria}
        writer.writerow(
            [
                row.rank,
                row.candidate_id,
                *([] if page.blind else [row.name, row.email]),
                f"{row.score:.1f}",
                "yes" if row.has_barrier else "no",
                row.insufficient_count,
                "yes" if row.stale else "no",
                row.previous_rank or "",
                outcomes.get(row.outcome or "", ""),
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
