"""Decisions against the rubric: what recruiters decided, and the weights their decisions imply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from screening.learning import MIN_DECISIONS, NotEnoughDecisions
from screening.selectors import role_decision_summary
from screening.services import role_learn_weights
from screening.views.common import render_page, role_page

# Geometry of the learned-weights chart (SVG user units).
CHART_WIDTH = 640
LABEL_WIDTH = 210
ROW_HEIGHT = 44
BAR_HEIGHT = 14


@login_required
def decisions(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    summary = role_decision_summary(role=page.role, blind=page.blind)
    chart = weights_chart(summary.learned.weights) if summary.learned else None
    return render_page(
        page,
        "screening/decisions.html",
        {"summary": summary, "chart": chart, "min_decisions": MIN_DECISIONS},
    )


@login_required
@require_POST
def learn(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    if not page.can_edit:
        raise PermissionDenied("Only hiring managers and lab admins refit the learned weights.")
    try:
        learned = role_learn_weights(role=page.role)
    except NotEnoughDecisions as shortfall:
        messages.error(request, str(shortfall))
    else:
        messages.success(
            request,
            f"Learned from {learned.decisions} decisions "
            f"(cross-validated accuracy {learned.cv_accuracy:.0%}).",
        )
    return redirect("decisions", role_id=role_id)


def weights_chart(weights: list[dict]) -> dict:
    """Bars for stated and learned weight per criterion, around a zero line (learned may be
    negative: decisions held the criterion against candidates)."""
    values = [w["stated"] for w in weights] + [w["learned"] for w in weights]
    most = max((v for v in values if v > 0), default=0) or 1
    least = -min((v for v in values if v < 0), default=0)
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    scale = plot / (most + least)
    zero = LABEL_WIDTH + least * scale
    rows = []
    for index, weight in enumerate(weights):
        top = index * ROW_HEIGHT + 8
        rows.append(
            {
                "name": weight["name"],
                "label_y": top + BAR_HEIGHT + 2,
                "bars": [
                    _bar("stated", weight["stated"], zero, scale, top),
                    _bar("learned", weight["learned"], zero, scale, top + BAR_HEIGHT + 2),
                ],
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": len(weights) * ROW_HEIGHT + 16,
        "zero": zero,
        "label_x": LABEL_WIDTH - 8,
        "rows": rows,
    }


def _bar(kind: str, value: float, zero: float, scale: float, y: float) -> dict:
    width = abs(value) * scale
    x = zero if value >= 0 else zero - width
    return {
        "kind": kind,
        "value": value,
        "x": round(x, 1),
        "y": y,
        "width": round(max(width, 1), 1),
        "height": BAR_HEIGHT,
        "text_x": round(x + width + 4 if value >= 0 else x - 4, 1),
        "anchor": "start" if value >= 0 else "end",
    }
