"""A role's adverse-impact report, for hiring managers and lab admins (page and CSV)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from screening.fairness import CSV_HEADER, FOUR_FIFTHS, adverse_impact, csv_rows, role_applicants
from screening.spreadsheets import csv_writer
from screening.views.common import RolePage, render_page, role_page


def _report_page(request: HttpRequest, role_id: int) -> RolePage:
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("The adverse-impact report is for hiring managers and lab admins.")
    return page


@login_required
def fairness(request: HttpRequest, role_id: int) -> HttpResponse:
    page = _report_page(request, role_id)
    report = adverse_impact(role_applicants(role=page.role))
    return render_page(
        page, "screening/fairness.html", {"report": report, "four_fifths": FOUR_FIFTHS}
    )


@login_required
def fairness_csv(request: HttpRequest, role_id: int) -> HttpResponse:
    page = _report_page(request, role_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adverse-impact-{role_id}.csv"'
    writer = csv_writer(response)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(adverse_impact(role_applicants(role=page.role))))
    return response
