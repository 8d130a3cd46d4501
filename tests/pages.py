"""Helpers for the web app's page tests: a lab, a role and applicants read from synthetic CVs."""

from __future__ import annotations

from candidates.models import Candidate
from candidates.processing import document_process
from candidates.services import document_ingest
from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from screening.applications import document_upload
from screening.assessing import role_assess
from screening.models import LabRole, RoleProfile
from screening.rubric_templates import get_template
from screening.services import role_create
from tests.factories import MembershipFactory

ARCHETYPES = ("researcher", "phd_student", "research_engineer", "software_engineer", "scientist")


def member(role: str = LabRole.RECRUITER, lab=None):
    """A lab member (recruiter by default); the password is the factories' one."""
    return MembershipFactory(role=role, **({"lab": lab} if lab else {}))


def make_role(lab, template: str = "research-scientist-ml") -> RoleProfile:
    """A role of ``lab`` from ``template``, named like the template."""
    return role_create(lab=lab, title=get_template(template).title, template=template)


def applicant(role: RoleProfile, seed: int, *, archetype: str | None = None, bib: bool = False):
    """A candidate whose synthetic CV (and publication list) has been read, not yet assessed."""
    person = generate(seed, archetype=archetype)
    cv = document_upload(
        lab=role.lab,
        content=render_cv_pdf(person),
        filename=f"{person.slug}__cv.pdf",
        role=role,
        enqueue=False,
    ).document
    document_process(document_id=cv.pk)
    if bib and person.papers:
        listed = document_ingest(
            lab_id=role.lab_id,
            content=render_bibtex(person).encode(),
            filename=f"{person.slug}__papers.bib",
            candidate=cv.candidate,
            enqueue=False,
        ).document
        document_process(document_id=listed.pk)
    return Candidate.objects.get(pk=cv.candidate_id)


def assessed_role(lab, count: int = 4, *, seed: int = 100) -> tuple[RoleProfile, list[Candidate]]:
    """A role with ``count`` applicants of different archetypes, read and assessed."""
    role = make_role(lab)
    people = [
        applicant(role, seed + i, archetype=ARCHETYPES[i % len(ARCHETYPES)], bib=i == 0)
        for i in range(count)
    ]
    role_assess(role=role)
    return role, people
