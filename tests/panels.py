"""Helpers for the review panel tests: a lab with a role, reviewers and applicants built from
rows (no PDFs are read), Referee's levels set by hand."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from candidates.models import Candidate, Degree, Document, DocumentKind, DocumentStatus, Publication
from reviews.models import PanelMember
from reviews.panels import LevelInput, panel_member_add, scorecard_save
from screening.models import (
    Application,
    Assessment,
    Criterion,
    Lab,
    LabMembership,
    LabRole,
    RoleProfile,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    LabFactory,
    MembershipFactory,
    UserFactory,
)
from tests.pages import make_role


@dataclass
class Panel:
    lab: Lab
    role: RoleProfile
    criteria: list[Criterion]
    members: dict[str, LabMembership]  # manager, admin, recruiter, ann, bob, cat
    seats: dict[str, PanelMember]  # ann, bob, cat: the reviewers
    applications: list[Application]

    def user(self, name: str):
        return self.members[name].user


def member_of(lab: Lab, username: str, role: str = LabRole.RECRUITER, **names) -> LabMembership:
    return MembershipFactory.create(
        lab=lab, role=role, user=UserFactory.create(username=username, **names)
    )


def panel_world(
    applicants: int = 2, *, reviewers: tuple[str, ...] = ("ann", "bob", "cat")
) -> Panel:
    lab = LabFactory.create()
    role = make_role(lab)
    members = {
        "manager": member_of(lab, f"{lab.slug}-manager", LabRole.HIRING_MANAGER),
        "admin": member_of(lab, f"{lab.slug}-admin", LabRole.ADMIN),
        "recruiter": member_of(lab, f"{lab.slug}-recruiter"),
    }
    for name in reviewers:
        members[name] = member_of(lab, name)
    applications = [
        ApplicationFactory.create(
            role=role, candidate=CandidateFactory.create(lab=lab, name=f"Applicant Number{i}")
        )
        for i in range(applicants)
    ]
    manager = members["manager"].user
    seats = {
        name: panel_member_add(role=role, membership=members[name], actor=manager)[0]
        for name in reviewers
    }
    rubric = role.current_rubric
    assert rubric is not None
    return Panel(lab, role, list(rubric.criteria.all()), members, seats, applications)


def score(world: Panel, who: str, application: Application, levels: list[int], *, submit=True):
    """The reviewer's scorecard on the applicant: ``levels`` in the rubric's criterion order."""
    return scorecard_save(
        member=world.seats[who],
        application=application,
        levels={c.pk: LevelInput(level) for c, level in zip(world.criteria, levels, strict=False)},
        recommendation="yes",
        summary="Solid.",
        submit=submit,
        actor=world.user(who),
    )


def referee_levels(world: Panel, application: Application, levels: list[int]) -> Assessment:
    """Referee's assessment of the applicant with these levels, in criterion order."""
    rubric = world.role.current_rubric
    assert rubric is not None
    return Assessment.objects.create(
        application=application,
        role=world.role,
        rubric=rubric,
        model_version="test",
        score=50.0,
        criteria=[
            {"criterion": str(c.pk), "level": level}
            for c, level in zip(world.criteria, levels, strict=False)
        ],
    )


def paper_of(candidate: Candidate, title: str, authors: list[str], year: int = 2021) -> Publication:
    return Publication.objects.create(
        candidate=candidate,
        document=_document(candidate),
        quote=title,
        title=title,
        authors=authors,
        year=year,
        kind="conference",
    )


def degree_of(candidate: Candidate, institution: str) -> Degree:
    return Degree.objects.create(
        candidate=candidate,
        document=_document(candidate),
        quote=institution,
        level="phd",
        institution=institution,
        status="completed",
    )


def _document(candidate: Candidate) -> Document:
    found = candidate.documents.first()
    if found is not None:
        return found
    digest = hashlib.sha256(f"cv of {candidate.pk}".encode()).hexdigest()
    return Document.objects.create(
        lab=candidate.lab,
        candidate=candidate,
        kind=DocumentKind.CV,
        file=f"documents/{digest}.pdf",
        original_name=f"candidate{candidate.pk}__cv.pdf",
        size=1,
        sha256=digest,
        status=DocumentStatus.DONE,
    )
