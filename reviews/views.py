"""The panel pages: a role's panel, an applicant's panel review, mentions, reviewer profiles.

Thin views over :mod:`reviews.panels`, :mod:`reviews.agreement`, :mod:`reviews.comments` and
:mod:`reviews.conflicts`; every page is a role's (``role_page``: other labs' roles are 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from candidates.models import Document
from reviews.agreement import role_agreement
from reviews.comments import (
    Segment,
    application_comments,
    comment_create,
    comment_delete,
    comment_segments,
    member_mentions,
)
from reviews.conflicts import (
    MAX_LIST_BYTES,
    conflicts_answer,
    conflicts_refresh,
    reviewer_profile_update,
)
from reviews.forms import CommentForm, PanelMemberForm, ReviewerProfileForm, ScorecardForm
from reviews.models import (
    Comment,
    Conflict,
    ConflictStatus,
    PanelMember,
    ReviewerProfile,
    Scorecard,
    ScorecardStatus,
)
from reviews.panels import (
    panel_member_add,
    panel_member_remove,
    panel_members,
    panel_progress,
    panel_seat,
    scorecard_save,
    scorecards_visible,
)
from screening.blinding import blind_required_for, candidate_identity, candidate_label, mask
from screening.models import Application, Assessment, LabMembership
from screening.views.common import RolePage, lab_page, render_page, role_page


def _require_editor(page: RolePage, action: str) -> None:
    if not page.can_edit:
        raise PermissionDenied(f"Only hiring managers and lab admins {action}.")


# --- The role's panel ---------------------------------------------------------------------------


@login_required
def panel(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    return _panel_page(page, PanelMemberForm(lab_id=page.role.lab_id))


def _panel_page(page: RolePage, form: PanelMemberForm, *, status: int = 200) -> HttpResponse:
    role = page.role
    members = list(panel_members(role=role))
    seat = next((m for m in members if m.membership_id == page.membership.pk), None)
    applications = list(Application.objects.filter(role=role).select_related("candidate"))
    view = page.blind_view(a.candidate_id for a in applications)
    labels = {
        a.pk: candidate_label(a.candidate, blind=a.candidate_id in view) for a in applications
    }
    # Disagreements name the applicants whose scorecards by others the viewer may read.
    shown = set(
        scorecards_visible(role=role, membership=page.membership)
        .filter(status=ScorecardStatus.SUBMITTED)
        .exclude(reviewer__membership=page.membership)
        .values_list("application_id", flat=True)
    )
    conflicts = Conflict.objects.filter(application__role=role).select_related(
        "reviewer__membership__user", "application"
    )
    if not page.can_edit:
        conflicts = conflicts.filter(reviewer=seat) if seat else conflicts.none()
    mine = (
        dict(Scorecard.objects.filter(reviewer=seat).values_list("application_id", "status"))
        if seat
        else {}
    )
    progress = panel_progress(role=role)
    agreement = role_agreement(role=role, shown_applications=shown)
    return render_page(
        page,
        "reviews/panel.html",
        {
            "members": members,
            "seat": seat,
            "form": form,
            "applicants": [
                (a, labels[a.pk], progress.get(a.pk, 0), mine.get(a.pk, "")) for a in applications
            ],
            "agreement": agreement,
            "disagreements": [(d, labels[d.application_id]) for d in agreement.disagreements],
            "conflicts": [(c, labels[c.application_id]) for c in conflicts],
        },
        status=status,
    )


@login_required
@require_POST
def panel_member_create(request: HttpRequest, role_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    _require_editor(page, "choose a role's reviewers")
    form = PanelMemberForm(request.POST, lab_id=page.role.lab_id)
    if not form.is_valid():
        return _panel_page(page, form, status=400)
    chosen = form.cleaned_data["membership"]
    _, created = panel_member_add(
        role=page.role, membership=chosen, actor=request.user, channel="web"
    )
    name = chosen.user.get_username()
    messages.success(
        request, f"{name} reviews this role." if created else f"{name} was on the panel already."
    )
    return redirect("panel", role_id=role_id)


@login_required
@require_POST
def panel_member_delete(request: HttpRequest, role_id: int, member_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    _require_editor(page, "choose a role's reviewers")
    member = get_object_or_404(
        PanelMember.objects.select_related("role"), pk=member_id, role=page.role
    )
    try:
        panel_member_remove(member=member, actor=request.user, channel="web")
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, "The reviewer left the panel.")
    return redirect("panel", role_id=role_id)


# --- An applicant's panel review ----------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    criterion: str
    level: int
    referee: int | None
    note: str


@dataclass(frozen=True)
class ScorecardView:
    scorecard: Scorecard
    reviewer: str
    summary: str
    rows: list[LevelRow]


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    segments: list[Segment]
    own: bool


def _application(page: RolePage, candidate_id: int) -> Application:
    application = (
        # Through the candidate's key: a foreign key's lookup overflows past 64 bits.
        Application.objects.filter(role=page.role, candidate__pk=candidate_id)
        .select_related("candidate", "role")
        .first()
    )
    if application is None:
        raise Http404("This candidate has not applied to this role.")
    return application


@login_required
def candidate_panel(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    return _review_page(page, _application(page, candidate_id))


def _review_page(
    page: RolePage,
    application: Application,
    *,
    form: ScorecardForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if not page.blind and blind_required_for(candidate_id=application.candidate_id):
        page.required_blind = True
    cues = candidate_identity(candidate=application.candidate) if page.blind else None

    def shown(text: str) -> str:
        return text if cues is None else mask(text, cues)

    role = page.role
    seat = panel_seat(role=role, membership=page.membership)
    if seat is not None:
        # Before review: the applicant's documents may have changed since the panel was set.
        conflicts_refresh(member=seat, applications=[application])
    rubric = role.current_rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    visible = list(
        scorecards_visible(role=role, membership=page.membership).filter(application=application)
    )
    own = next((s for s in visible if seat and s.reviewer_id == seat.pk), None)
    if form is None and seat is not None:
        form = ScorecardForm(criteria=criteria, initial=_initial(own))
    assessment = (
        Assessment.objects.filter(application=application)
        .values_list("criteria", flat=True)
        .first()
    )
    referee = {int(item["criterion"]): item["level"] for item in assessment or []}
    submitted = own is not None and own.status == ScorecardStatus.SUBMITTED
    conflicts = (
        list(Conflict.objects.filter(reviewer=seat, application=application)) if seat else []
    )
    comments = list(application_comments(application=application))
    return render_page(
        page,
        "reviews/candidate_panel.html",
        {
            "application": application,
            "label": candidate_label(application.candidate, blind=page.blind),
            "seat": seat,
            "form": form,
            "own": own,
            "submitted": submitted,
            "recused": any(c.status == ConflictStatus.RECUSED for c in conflicts),
            "open_conflicts": any(c.status == ConflictStatus.OPEN for c in conflicts),
            "conflicts": conflicts,
            "scorecards": [
                _scorecard_view(s, referee, shown)
                for s in visible
                if s.status == ScorecardStatus.SUBMITTED
            ],
            "comments": [
                CommentView(
                    c,
                    [
                        Segment(shown(s.text)) if not s.mention else s
                        for s in comment_segments(
                            c.body, (m.user.get_username() for m in c.mentions.all())
                        )
                    ],
                    c.author_id == page.request.user.pk,
                )
                for c in comments
            ],
            "comment_form": comment_form or CommentForm(),
        },
        status=status,
    )


def _initial(scorecard: Scorecard | None) -> dict:
    if scorecard is None:
        return {}
    initial = {"recommendation": scorecard.recommendation, "summary": scorecard.summary}
    for item in scorecard.levels.all():
        initial[f"level_{item.criterion_id}"] = str(item.level)
        initial[f"note_{item.criterion_id}"] = item.note
    return initial


def _scorecard_view(
    scorecard: Scorecard, referee: dict[int, int], shown: Callable[[str], str]
) -> ScorecardView:
    return ScorecardView(
        scorecard=scorecard,
        reviewer=scorecard.reviewer.membership.user.get_username(),
        summary=shown(scorecard.summary),
        rows=[
            LevelRow(
                item.criterion.name, item.level, referee.get(item.criterion_id), shown(item.note)
            )
            for item in scorecard.levels.all()
        ],
    )


@login_required
@require_POST
def scorecard_post(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    application = _application(page, candidate_id)
    seat = panel_seat(role=page.role, membership=page.membership)
    if seat is None:
        raise PermissionDenied("Only the role's reviewers fill scorecards.")
    rubric = page.role.current_rubric
    form = ScorecardForm(request.POST, criteria=list(rubric.criteria.all()) if rubric else [])
    if form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            scorecard_save(
                member=seat,
                application=application,
                levels=form.levels(),
                recommendation=form.cleaned_data["recommendation"],
                summary=form.cleaned_data["summary"],
                submit=submit,
                actor=request.user,
                channel="web",
            )
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, "Scorecard submitted." if submit else "Draft saved.")
            return redirect("candidate_panel", role_id=role_id, candidate_id=candidate_id)
    return _review_page(page, application, form=form, status=400)


@login_required
@require_POST
def conflict_answer(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    application = _application(page, candidate_id)
    seat = panel_seat(role=page.role, membership=page.membership)
    if seat is None:
        raise PermissionDenied("Only the role's reviewers answer their conflicts of interest.")
    answer = request.POST.get("answer", "")
    try:
        conflicts_answer(
            member=seat, application=application, answer=answer, actor=request.user, channel="web"
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            "You recused yourself from this applicant."
            if answer == ConflictStatus.RECUSED
            else "Declared; you can review this applicant.",
        )
    return redirect("candidate_panel", role_id=role_id, candidate_id=candidate_id)


@login_required
@require_POST
def comment_post(request: HttpRequest, role_id: int, candidate_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    application = _application(page, candidate_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_create(
                application=application,
                author=request.user,
                body=form.cleaned_data["body"],
                channel="web",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("candidate_panel", role_id=role_id, candidate_id=candidate_id)
    return _review_page(page, application, comment_form=form, status=400)


@login_required
@require_POST
def comment_remove(request: HttpRequest, role_id: int, comment_id: int) -> HttpResponse:
    page = role_page(request, role_id)
    comment = get_object_or_404(
        Comment.objects.select_related("application__role", "application__candidate"),
        pk=comment_id,
        application__role=page.role,
    )
    comment_delete(comment=comment, actor=request.user, channel="web")
    messages.success(request, "Comment deleted.")
    return redirect(
        "candidate_panel", role_id=role_id, candidate_id=comment.application.candidate_id
    )


# --- Mentions and the reviewer's profile --------------------------------------------------------


@login_required
def mentions(request: HttpRequest) -> HttpResponse:
    """The comments that mention the member, in all their labs. A comment on a candidate the
    member sees blind is named by the candidate's number and shown on its page, masked."""
    assert request.user.is_authenticated  # login_required let no one else in
    page = lab_page(request)
    comments = list(member_mentions(user=request.user)[:100])
    memberships = {m.lab_id: m for m in LabMembership.objects.filter(user=request.user)}
    view = page.blind_view(c.application.candidate_id for c in comments)
    rows = []
    for comment in comments:
        application = comment.application
        blind = (
            application.candidate_id in view
            or memberships[application.role.lab_id].blind_review
            or application.role.blind_review
        )
        rows.append((comment, candidate_label(application.candidate, blind=blind), blind))
    return render_page(page, "reviews/mentions.html", {"rows": rows})


@login_required
def profile(request: HttpRequest, role_id: int) -> HttpResponse:
    """The member's reviewer profile in the role's lab: their publications and institutions."""
    page = role_page(request, role_id)
    current = ReviewerProfile.objects.filter(membership=page.membership).first()
    form = ReviewerProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={"institutions": current.institutions if current else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["publications"]
            number = form.cleaned_data["document"]
            document = (
                Document.objects.filter(pk=number, lab=page.role.lab_id).first() if number else None
            )
            try:
                if number and document is None:
                    raise ValidationError({"document": f"No document #{number} in this lab."})
                reviewer_profile_update(
                    membership=page.membership,
                    institutions=form.cleaned_data["institutions"],
                    list_content=upload.read(MAX_LIST_BYTES + 1) if upload else None,
                    filename=upload.name if upload else "",
                    document=document,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, "Your reviewer profile was saved; conflicts were looked for again."
                )
                return redirect("panel", role_id=role_id)
        status = 400
    return render_page(
        page, "reviews/profile.html", {"form": form, "profile": current}, status=status
    )
