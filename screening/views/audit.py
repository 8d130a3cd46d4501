"""The lab's audit trail, for lab admins: who saw, changed, decided, exported or erased what."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from screening.audit import AUDIT_CSV_HEADER, audit_events, audit_rows
from screening.models import Lab, LabRole
from screening.spreadsheets import csv_writer
from screening.views.common import Page, lab_page, render_page

EVENTS_PER_PAGE = 100


def _admin_page(request: HttpRequest) -> tuple[Page, Lab]:
    """The page, and the lab whose admin is reading it."""
    page = lab_page(request)
    if page.membership is None or page.membership.role != LabRole.ADMIN:
        raise PermissionDenied("Only lab admins read the audit trail.")
    return page, page.membership.lab


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    page, lab = _admin_page(request)
    events = Paginator(audit_events(lab=lab).select_related("actor"), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_page(page, "screening/audit.html", {"events": events})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, lab = _admin_page(request)
    writer = csv_writer(_Echo())
    rows = (writer.writerow(row) for row in [AUDIT_CSV_HEADER, *audit_rows(lab=lab)])
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{lab.slug}.csv"'
    return response
