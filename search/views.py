"""The lab-wide search page: candidates of the current lab by what their documents say."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from screening.views.common import lab_page, render_page
from search.forms import LabSearchForm
from search.index import QueryRejected
from search.selectors import lab_search


@login_required
def lab_search_page(request: HttpRequest) -> HttpResponse:
    page = lab_page(request)
    if page.membership is None:
        raise Http404("You are not a member of a lab.")
    lab = page.membership.lab
    form = LabSearchForm(request.GET or None, lab=lab)
    hits, problem, status = [], "", 200
    if form.is_valid() and form.cleaned_data["q"].strip():
        try:
            hits = lab_search(
                lab=lab,
                query=form.cleaned_data["q"],
                role=form.cleaned_data["role"],
                blind=page.blind_view,
            )
        except QueryRejected as rejected:
            problem, status = str(rejected), 400
    elif form.is_bound and not form.is_valid():
        status = 400
    return render_page(
        page,
        "search/lab_search.html",
        {"form": form, "hits": hits, "problem": problem, "searched": form.is_bound},
        status=status,
    )
