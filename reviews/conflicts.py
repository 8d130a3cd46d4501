"""Conflicts of interest between a panel's reviewers and a role's applicants.

A reviewer's profile holds their publication list (uploaded, or read from a document the lab
stores) and the institutions they were at. Against each applicant's publications and degrees
it finds: a paper both wrote (the reviewer on the applicant's author list, the applicant on
the reviewer's, or the same title on both); a co-author both published with; an institution
both were at. Names are compared as author lists write them (``same_person``: family name and
first given name or initial, accents folded); institutions by their words.

Conflicts are recorded once per cause, with an audit event, and shown to the reviewer and to
hiring managers before review; the reviewer answers each applicant's conflicts by declaring
them (and reviewing) or recusing. Until answered, no scorecard for that applicant is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.authorship import infer_owner, normalize_person_name, same_person
from candidates.extraction.publications import title_key
from candidates.models import Degree, Document, DocumentStatus, Publication
from candidates.parsing.entries import OTHERS, PublicationListError, fold
from candidates.parsing.publications import parse_publication_list
from reviews.models import (
    Conflict,
    ConflictKind,
    ConflictStatus,
    PanelMember,
    ReviewerProfile,
)
from screening.audit import audit_record
from screening.models import Application, AuditAction, LabMembership


class StateRefusal(ValidationError):
    """A refusal for the state of things (a scorecard submitted, an applicant recused from, a
    conflict answered), not for the input: the API answers it with 409."""


MAX_INSTITUTIONS_CHARS = 2000
# A personal list of a thousand papers with abstracts is about 1.5 MB.
MAX_LIST_BYTES = 5_000_000
NO_DOCUMENT = "Choose a publication list or CV of your lab that has been read."


@dataclass(frozen=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    year: int | None

    @classmethod
    def of(cls, data: dict) -> Paper:
        return cls(data.get("title") or "", tuple(data.get("authors") or ()), data.get("year"))

    def to_json(self) -> dict:
        return {"title": self.title, "authors": list(self.authors), "year": self.year}

    @property
    def cited(self) -> str:
        return f"“{self.title}” ({self.year})" if self.year else f"“{self.title}”"


@dataclass(frozen=True)
class Person:
    """Who a set of papers is about: their name as the papers write it, and institutions."""

    name: str
    papers: Sequence[Paper]
    institutions: Sequence[str]


@dataclass(frozen=True)
class Found:
    kind: str
    key: str
    detail: str


def conflicts_between(reviewer: Person, candidate: Person) -> list[Found]:
    """The possible conflicts of interest between a reviewer and a candidate, one per cause."""
    found: dict[tuple[str, str], Found] = {}

    def add(kind: str, key: str, detail: str) -> None:
        found.setdefault((kind, key[:200]), Found(kind, key[:200], detail[:500]))

    reviewer_titles = {title_key(p.title): p for p in reviewer.papers if p.title}
    for paper in candidate.papers:
        same_title = title_key(paper.title) in reviewer_titles
        if same_title or _lists(paper.authors, reviewer.name):
            add(
                ConflictKind.COAUTHOR,
                f"paper:{title_key(paper.title)}",
                f"Co-authored {paper.cited}",
            )
    for paper in reviewer.papers:
        if _lists(paper.authors, candidate.name):
            add(
                ConflictKind.COAUTHOR,
                f"paper:{title_key(paper.title)}",
                f"Co-authored {paper.cited}",
            )
    theirs = _coauthors(candidate.papers, exclude=(candidate.name, reviewer.name))
    for name, mine in _coauthors(reviewer.papers, exclude=(reviewer.name, candidate.name)).items():
        shared = next((theirs[other] for other in _namesakes(name, theirs)), None)
        if shared is not None:
            add(
                ConflictKind.SHARED_COAUTHOR,
                f"person:{normalize_person_name(name)}",
                f"Both published with {name}: the reviewer in {mine.cited}, "
                f"the candidate in {shared.cited}",
            )
    for place in candidate.institutions:
        if any(same_institution(place, own) for own in reviewer.institutions):
            key = " ".join(sorted(institution_words(place)))
            add(ConflictKind.INSTITUTION, f"institution:{key}", f"Both at {place}")
    return list(found.values())


def _lists(authors: Iterable[str], name: str) -> bool:
    return bool(name) and any(same_person(author, name) for author in authors if author != OTHERS)


def _coauthors(papers: Iterable[Paper], *, exclude: Iterable[str]) -> dict[str, Paper]:
    """Each co-author of the papers (the first paper naming them), without the excluded."""
    excluded = [name for name in exclude if name]
    found: dict[str, Paper] = {}
    for paper in papers:
        for author in paper.authors:
            if author == OTHERS or author in found:
                continue
            if not any(same_person(author, name) for name in excluded):
                found[author] = paper
    return found


def _namesakes(name: str, names: dict[str, Paper]) -> Iterable[str]:
    # Only names sharing a word can match; comparing those alone keeps long lists quick.
    words = set(fold(name).replace(".", " ").split())
    for other in names:
        if words & set(fold(other).replace(".", " ").split()) and same_person(name, other):
            yield other


_NOT_DISTINCTIVE = {"the", "of", "at", "in", "for", "and", "de", "di", "du", "la", "le", "a"}


def institution_words(text: str) -> frozenset[str]:
    return frozenset(
        word for word in re.findall(r"\w+", fold(text)) if word not in _NOT_DISTINCTIVE
    )


def same_institution(one: str, other: str) -> bool:
    """The same words, accents folded and order aside, in the two names or in one name and a
    comma-separated part of the other ("University of Oxford" is in "Department of Computer
    Science, University of Oxford"; "Oxford Brookes University" is another place, and so is
    "University of California, Los Angeles" for "University of California, Berkeley")."""
    whole = (institution_words(one), institution_words(other))
    if not all(whole):
        return False
    if whole[0] == whole[1]:
        return True
    parts = [{institution_words(part) for part in re.split(r"[,;]", name)} for name in (one, other)]
    return whole[0] in parts[1] or whole[1] in parts[0]


# --- Reviewer profiles --------------------------------------------------------------------------


def reviewer_profile_update(
    *,
    membership: LabMembership,
    institutions: str | None = None,
    list_content: bytes | None = None,
    filename: str = "",
    document: Document | None = None,
) -> ReviewerProfile:
    """Change what a reviewer's conflicts are read from, then look for conflicts again.

    ``list_content`` is a publication list (BibTeX, RIS, CSL-JSON or text) read with the
    project's list reader; ``document`` a read document of the lab whose publications are the
    reviewer's. Raises ``ValidationError`` naming the field at fault.
    """
    profile = ReviewerProfile.objects.get_or_create(membership=membership)[0]
    if institutions is not None:
        if len(institutions) > MAX_INSTITUTIONS_CHARS:
            raise ValidationError(
                {"institutions": f"Keep institutions to {MAX_INSTITUTIONS_CHARS:,} characters."}
            )
        profile.institutions = "\n".join(
            line.strip() for line in institutions.splitlines() if line.strip()
        )
    if list_content is not None:
        if len(list_content) > MAX_LIST_BYTES:
            raise ValidationError(
                {"publications": f"Lists of up to {MAX_LIST_BYTES // 1_000_000} MB are read."}
            )
        try:
            parsed = parse_publication_list(list_content, filename=filename)
        except PublicationListError as exc:
            raise ValidationError({"publications": str(exc)}) from None
        raws = parsed.publications
        profile.publications = [Paper(r.title, r.authors, r.year).to_json() for r in raws]
        profile.author_name = infer_owner(raws) or membership.user.get_full_name()
        profile.source = filename[:255] or "uploaded list"
    elif document is not None:
        analysis = document.analysis or {}
        if (
            document.lab_id != membership.lab_id
            or document.status != DocumentStatus.DONE
            or not analysis.get("publications")
        ):
            raise ValidationError({"document": NO_DOCUMENT})
        profile.publications = [Paper.of(p).to_json() for p in analysis["publications"]]
        person = analysis.get("person") or {}
        profile.author_name = person.get("name") or membership.user.get_full_name()
        profile.source = f"document #{document.pk}"
    profile.save()
    for member in PanelMember.objects.filter(membership=membership).select_related("role"):
        conflicts_refresh(member=member)
    return profile


def _reviewer(member: PanelMember) -> Person:
    profile = ReviewerProfile.objects.filter(membership=member.membership_id).first()
    if profile is None:
        return Person(member.membership.user.get_full_name(), (), ())
    return Person(
        profile.author_name or member.membership.user.get_full_name(),
        [Paper.of(p) for p in profile.publications],
        [line for line in profile.institutions.splitlines() if line.strip()],
    )


def _candidates(applications: Sequence[Application]) -> dict[int, Person]:
    """Each applicant as a :class:`Person`, in three queries whatever their number."""
    ids = [a.candidate_id for a in applications]
    papers: dict[int, list[Paper]] = {i: [] for i in ids}
    for candidate_id, title, authors, year in Publication.objects.filter(
        candidate_id__in=ids
    ).values_list("candidate_id", "title", "authors", "year"):
        papers[candidate_id].append(Paper(title, tuple(authors or ()), year))
    places: dict[int, list[str]] = {i: [] for i in ids}
    for candidate_id, institution in (
        Degree.objects.filter(candidate_id__in=ids).exclude(institution="")
        .values_list("candidate_id", "institution")
    ):  # fmt: skip
        places[candidate_id].append(institution)
    return {
        a.pk: Person(a.candidate.name, papers[a.candidate_id], places[a.candidate_id])
        for a in applications
    }


@transaction.atomic
def conflicts_refresh(
    *, member: PanelMember, applications: Iterable[Application] | None = None
) -> list[Conflict]:
    """Look for the reviewer's conflicts with the role's applicants (or the ones given) and
    record the new ones; those recorded before keep their answers. A new cause with an
    applicant the reviewer recused from is recused too; one with an applicant whose
    conflicts they declared is open again, to be declared in turn. Returns the new ones."""
    chosen = Application.objects.filter(role=member.role_id).select_related("candidate")
    if applications is not None:
        chosen = chosen.filter(pk__in=[a.pk for a in applications])
    reviewer = _reviewer(member)
    if not (reviewer.name or reviewer.papers or reviewer.institutions):
        return []
    people = _candidates(list(chosen))
    recorded = Conflict.objects.filter(reviewer=member, application_id__in=people)
    known = set(recorded.values_list("application_id", "kind", "key"))
    recused = set(
        recorded.filter(status=ConflictStatus.RECUSED).values_list("application_id", flat=True)
    )
    new = []
    for application in chosen:
        for found in conflicts_between(reviewer, people[application.pk]):
            if (application.pk, found.kind, found.key) in known:
                continue
            conflict = Conflict.objects.create(
                reviewer=member,
                application=application,
                kind=found.kind,
                key=found.key,
                detail=found.detail,
                **(
                    {"status": ConflictStatus.RECUSED, "answered_at": timezone.now()}
                    if application.pk in recused
                    else {}
                ),
            )
            audit_record(
                lab_id=member.membership.lab_id,
                actor=None,
                action=AuditAction.CONFLICT_FOUND,
                target_type="conflict",
                target_id=conflict.pk,
                detail={"role": member.role_id, "application": application.pk,
                        "kind": found.kind, "panel_member": member.pk},
            )  # fmt: skip
            new.append(conflict)
    return new


ANSWERS = (ConflictStatus.DECLARED, ConflictStatus.RECUSED)
NOTHING_TO_ANSWER = "There is no conflict of interest with this applicant to answer."


@transaction.atomic
def conflicts_answer(
    *, member: PanelMember, application: Application, answer: str, actor, channel: str = ""
) -> int:
    """The reviewer declares their conflicts with an applicant (and goes on reviewing) or
    recuses (no scorecard for the applicant). A recusal is final; declared conflicts can still
    be recused from. Returns how many conflicts the answer covers."""
    if answer not in ANSWERS:
        raise ValidationError({"answer": "Answer with declared or recused."})
    conflicts = Conflict.objects.filter(reviewer=member, application=application)
    if answer == ConflictStatus.DECLARED:
        conflicts = conflicts.filter(status=ConflictStatus.OPEN)
    else:
        conflicts = conflicts.exclude(status=ConflictStatus.RECUSED)
    ids = list(conflicts.values_list("pk", flat=True))
    if not ids:
        raise StateRefusal(NOTHING_TO_ANSWER)
    Conflict.objects.filter(pk__in=ids).update(status=answer, answered_at=timezone.now())
    action = (
        AuditAction.CONFLICT_DECLARED
        if answer == ConflictStatus.DECLARED
        else AuditAction.CONFLICT_RECUSED
    )
    audit_record(
        lab_id=member.membership.lab_id,
        actor=actor,
        action=action,
        target_type="application",
        target_id=application.pk,
        detail={"role": member.role_id, "panel_member": member.pk, "conflicts": ids},
        channel=channel,
    )
    return len(ids)
