"""One person, one candidate: joining a lab's records of the same person, and undoing it.

When a document has been read, its candidate's identity keys (``candidates.identity``) are
looked up among the lab's other candidates. One who shares an email or a profile link is the
same person and is joined at once, the newer record merged into the older, by the system. One
who shares only the name may be another person of that name: a :class:`DuplicateProposal` asks
a member, with the reasons (shared co-authors or institutions, counted, never named).

:func:`candidate_merge` moves everything that was the absorbed candidate's onto the kept one
(documents, applications and their decisions, self-identification), rebuilds the kept profile
from the documents, and records a :class:`CandidateMerge` that :func:`candidate_unmerge`
reverses. It lives here, not in ``candidates``, because it reaches applications and decisions.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from candidates.identity import EMAIL, NAME, IdentityKey, name_key
from candidates.models import (
    Candidate,
    CandidateFeatures,
    CandidateKey,
    CandidateMerge,
    Degree,
    Document,
    DocumentStatus,
    DuplicateProposal,
    DuplicateStatus,
    Evidence,
    MergeReason,
    Publication,
    SelfIdentification,
)
from candidates.processing import candidate_rebuild_profile
from screening.audit import audit_record
from screening.decisions import stages_follow_decisions
from screening.models import Application, Assessment, AuditAction, Decision, RoleProfile
from screening.services import enqueue_candidate_assessment
from screening.stages import stage_initial
from search.index import index_candidate, remove_candidate

logger = logging.getLogger(__name__)

# Joins one read may make: each absorbs one more record of the person (a bound, not a target).
MAX_JOINS = 20
UNMERGED = "unmerged"  # the reason of the pair an undone merge keeps apart
# Why a merge or its undo moved an application: the decisions standing on it changed.
MERGED_DECISIONS = "Records of one person merged: their decisions now stand together."
UNMERGED_DECISIONS = "A merge was undone: each record has its own decisions again."


class MergeRefused(Exception):
    """A merge or undo that cannot be done; ``str(exc)`` is a message for the member."""


def candidate_read_join(sender, document: Document, **kwargs) -> None:
    """On ``document_read``: once the read document's profile is committed, join its candidate
    with the lab's other records of the same person. A failure is logged; the read stands."""
    if document.status != DocumentStatus.DONE:
        return
    candidate_id = document.candidate_id
    transaction.on_commit(lambda: candidate_join(candidate_id=candidate_id), robust=True)


def candidate_join(*, candidate_id: int) -> Candidate | None:
    """Merge the lab's candidates who share an email or profile link with this one into the
    oldest record, and propose the ones who share only the name. Returns the candidate who
    now holds the person's documents (None if the candidate is gone)."""
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        return None
    for _ in range(MAX_JOINS):
        shared = _shared_keys(candidate)
        proving = {other: keys for other, keys in shared.items() if any(k.proving for k in keys)}
        if not proving:
            break
        other_id = min(proving)
        key = min(k for k in proving[other_id] if k.proving)
        keep, absorb = _older_first(candidate, Candidate.objects.get(pk=other_id))
        reason = MergeReason.SAME_EMAIL if key.kind == EMAIL else MergeReason.SAME_LINK
        candidate_merge(keep=keep, absorb=absorb, by=None, reason=reason, key=key)
        candidate = keep
    else:
        logger.warning("candidate %s: more joins than %s in one read", candidate.pk, MAX_JOINS)
    for other_id in shared:
        _propose(candidate, Candidate.objects.get(pk=other_id))
    return candidate


def _shared_keys(candidate: Candidate) -> dict[int, set[IdentityKey]]:
    """The lab's other candidates sharing a key with this one, and the keys, minus the pairs a
    member kept apart."""
    own = {IdentityKey(kind, value) for kind, value in _keys(candidate.pk)}
    if not own:
        return {}
    rows = (
        CandidateKey.objects.filter(lab_id=candidate.lab_id, value__in={k.value for k in own})
        .exclude(candidate_id=candidate.pk)
        .values_list("candidate_id", "kind", "value")
    )
    shared: dict[int, set[IdentityKey]] = {}
    for other_id, kind, value in rows:
        if (key := IdentityKey(kind, value)) in own:
            shared.setdefault(other_id, set()).add(key)
    apart = DuplicateProposal.objects.filter(status=DuplicateStatus.KEPT_APART).filter(
        Q(a=candidate.pk, b__in=shared) | Q(b=candidate.pk, a__in=shared)
    )
    for a, b in apart.values_list("a_id", "b_id"):
        shared.pop(b if a == candidate.pk else a, None)
    return shared


def _keys(candidate_id: int) -> Iterable[tuple[str, str]]:
    return CandidateKey.objects.filter(candidate_id=candidate_id).values_list("kind", "value")


def _older_first(one: Candidate, other: Candidate) -> tuple[Candidate, Candidate]:
    older = (one.created_at, one.pk) <= (other.created_at, other.pk)
    return (one, other) if older else (other, one)


def _propose(candidate: Candidate, other: Candidate) -> DuplicateProposal:
    """Propose the pair as one person (once: a pair already proposed or kept apart stays)."""
    a, b = sorted((candidate, other), key=lambda c: c.pk)
    proposal, _ = DuplicateProposal.objects.get_or_create(
        a=a, b=b, defaults={"lab_id": a.lab_id, "reasons": _reasons(a, b)}
    )
    return proposal


def _reasons(a: Candidate, b: Candidate) -> list[dict]:
    """Why two candidates of one name may be one person: what else their records share."""
    reasons: list[dict] = [{"kind": NAME}]
    themselves = {name_key(a.name), name_key(b.name)}
    if count := len((_coauthors(a) & _coauthors(b)) - themselves):
        reasons.append({"kind": "coauthors", "count": count})
    if count := len(_institutions(a) & _institutions(b)):
        reasons.append({"kind": "institution", "count": count})
    return reasons


def _coauthors(candidate: Candidate) -> set[str | None]:
    """The name keys of everyone on the candidate's papers (initials alone give none)."""
    papers = Publication.objects.filter(candidate=candidate).values_list("authors", flat=True)
    return {name_key(author) for authors in papers for author in authors} - {None}


def _institutions(candidate: Candidate) -> set[str]:
    named = Degree.objects.filter(candidate=candidate).values_list("institution", flat=True)
    return {" ".join(i.casefold().split()) for i in named if i.strip()}


@transaction.atomic
def candidate_merge(
    *,
    keep: Candidate,
    absorb: Candidate,
    by=None,
    reason: str,
    key: IdentityKey | None = None,
    channel: str = "",
) -> CandidateMerge:
    """Make ``absorb`` part of ``keep``: its documents, applications (one per role: where both
    applied, the absorbed application's decisions move onto the kept one) and
    self-identification move over, the absorbed record is removed, the kept profile is rebuilt
    from all the documents and its roles reassess it. ``by`` None: joined by the system.

    Raises :class:`MergeRefused` for a candidate merged with themselves, across labs, or
    gone meanwhile.
    """
    if keep.pk == absorb.pk:
        raise MergeRefused("A candidate cannot be merged with themselves.")
    if keep.lab_id != absorb.lab_id:
        raise MergeRefused("The candidates belong to different labs.")
    locked = Candidate.objects.select_for_update().filter(pk__in=[keep.pk, absorb.pk])
    if len(list(locked.order_by("pk"))) != 2:
        raise MergeRefused("One of the candidates no longer exists; reload the page.")
    documents = list(Document.objects.filter(candidate=absorb).values_list("pk", flat=True))
    Document.objects.filter(pk__in=documents).update(candidate=keep)
    kept_roles = dict(Application.objects.filter(candidate=keep).values_list("role_id", "pk"))
    moved, collapsed = [], []
    for pk, role_id, created_at in Application.objects.filter(candidate=absorb).values_list(
        "pk", "role_id", "created_at"
    ):
        if role_id not in kept_roles:
            moved.append(pk)
            continue
        decisions = list(Decision.objects.filter(application_id=pk).values_list("pk", flat=True))
        Decision.objects.filter(pk__in=decisions).update(application_id=kept_roles[role_id])
        collapsed.append(
            {
                "application": pk,
                "role": role_id,
                "created_at": created_at.isoformat(),
                "decisions": decisions,
            }
        )
    Application.objects.filter(pk__in=moved).update(candidate=keep)
    Application.objects.filter(pk__in=[c["application"] for c in collapsed]).delete()
    collapsed_roles = [
        role_id for role_id in kept_roles if any(c["role"] == role_id for c in collapsed)
    ]
    stages_follow_decisions(
        applications=list(
            Application.objects.select_related("role").filter(
                pk__in=[kept_roles[role] for role in collapsed_roles]
            )
        ),
        by=by,
        reason=MERGED_DECISIONS,
    )
    filled = [f for f in ("name", "email") if not getattr(keep, f) and getattr(absorb, f)]
    snapshot = {
        "id": absorb.pk,
        "name": absorb.name,
        "email": absorb.email,
        "created_at": absorb.created_at.isoformat(),
        "documents": documents,
        "applications": moved,
        "collapsed": collapsed,
        "self_identification": _move_self_identification(absorb, keep),
        "filled": filled,
    }
    for field in filled:
        setattr(keep, field, getattr(absorb, field))
    # Changed even when nothing is filled in: its documents are, for ``updated_since``.
    keep.save(update_fields=[*filled, "updated_at"])
    merge = CandidateMerge.objects.create(
        lab_id=keep.lab_id,
        kept=keep,
        absorbed_number=absorb.pk,
        absorbed=snapshot,
        reason=reason,
        merged_by=by if getattr(by, "is_authenticated", False) else None,
    )
    # Earlier merges into the absorbed record stay undoable: what they moved is the kept one's.
    CandidateMerge.objects.filter(kept=absorb).update(kept=keep)
    absorbed_id = absorb.pk
    absorb.delete()
    absorb.pk = absorbed_id  # the caller's object still names whom it was
    _profile_refresh(keep)
    _reassess([keep])
    detail: dict = {
        "absorbed": absorbed_id,
        "reason": reason,
        "documents": len(documents),
        "applications": len(moved) + len(collapsed),
    }
    if key is not None:
        # Which kind of key proved it, and its hash: never the address or link itself.
        detail |= {"key": key.kind, "key_sha256": hashlib.sha256(key.value.encode()).hexdigest()}
    audit_record(
        lab_id=keep.lab_id,
        actor=by,
        action=AuditAction.CANDIDATE_MERGED,
        target_type="candidate",
        target_id=keep.pk,
        detail=detail,
        channel=channel,
    )
    return merge


def _move_self_identification(absorb: Candidate, keep: Candidate) -> str | dict | None:
    """Move the absorbed self-identification over unless the kept candidate has their own;
    what undoing needs: "moved", the absorbed answers (removed with the record), or None."""
    answers = SelfIdentification.objects.filter(candidate=absorb).first()
    if answers is None:
        return None
    if not SelfIdentification.objects.filter(candidate=keep).exists():
        SelfIdentification.objects.filter(pk=answers.pk).update(candidate=keep)
        return "moved"
    return {"sex": answers.sex, "race_ethnicity": answers.race_ethnicity}


@transaction.atomic
def candidate_unmerge(*, merge: CandidateMerge, by, channel: str = "") -> Candidate:
    """Undo a merge: the absorbed candidate is back, with its id, name, email, documents,
    applications, decisions and self-identification; both profiles are rebuilt and
    reassessed, and the pair is kept apart so that it is not joined again.

    Raises :class:`MergeRefused` when the merge was undone already.
    """
    if not CandidateMerge.objects.select_for_update().filter(pk=merge.pk, undone_at=None).exists():
        raise MergeRefused("This merge was undone already.")
    keep = Candidate.objects.select_for_update().get(pk=merge.kept_id)
    snapshot = merge.absorbed
    restored = Candidate(
        pk=snapshot["id"], lab_id=merge.lab_id, name=snapshot["name"], email=snapshot["email"]
    )
    restored.save(force_insert=True)
    restored.created_at = datetime.fromisoformat(snapshot["created_at"])
    Candidate.objects.filter(pk=restored.pk).update(created_at=restored.created_at)
    Document.objects.filter(pk__in=snapshot["documents"], candidate=keep).update(candidate=restored)
    Application.objects.filter(pk__in=snapshot["applications"], candidate=keep).update(
        candidate=restored
    )
    roles = set(
        RoleProfile.objects.filter(pk__in=[c["role"] for c in snapshot["collapsed"]]).values_list(
            "pk", flat=True
        )
    )
    restored_applications: list[Application] = []
    for collapsed in snapshot["collapsed"]:
        if collapsed["role"] not in roles:  # the role was deleted since
            continue
        application = Application.objects.create(
            pk=collapsed["application"],
            role_id=collapsed["role"],
            candidate=restored,
            stage=stage_initial(lab=merge.lab_id),
        )
        Application.objects.filter(pk=application.pk).update(
            created_at=datetime.fromisoformat(collapsed["created_at"])
        )
        Decision.objects.filter(pk__in=collapsed["decisions"]).update(application=application)
        restored_applications.append(application)
    kept_applications = Application.objects.select_related("role").filter(
        candidate=keep, role_id__in=[c["role"] for c in snapshot["collapsed"]]
    )
    stages_follow_decisions(
        applications=[*restored_applications, *kept_applications], by=by, reason=UNMERGED_DECISIONS
    )
    answers = snapshot["self_identification"]
    if answers == "moved":
        SelfIdentification.objects.filter(candidate=keep).update(candidate=restored)
    elif answers:
        SelfIdentification.objects.create(candidate=restored, **answers)
    cleared = [f for f in snapshot["filled"] if getattr(keep, f) == snapshot[f]]
    for field in cleared:
        setattr(keep, field, "")
    if cleared:
        keep.save(update_fields=[*cleared, "updated_at"])
    now = timezone.now()
    user = by if getattr(by, "is_authenticated", False) else None
    CandidateMerge.objects.filter(pk=merge.pk).update(undone_at=now, undone_by=user)
    merge.undone_at, merge.undone_by = now, user
    a, b = sorted((keep, restored), key=lambda c: c.pk)
    DuplicateProposal.objects.update_or_create(
        a=a,
        b=b,
        defaults={
            "lab_id": merge.lab_id,
            "status": DuplicateStatus.KEPT_APART,
            "reasons": [{"kind": UNMERGED}],
            "decided_by": user,
            "decided_at": now,
        },
    )
    _profile_refresh(keep)
    _profile_refresh(restored)
    _reassess([keep, restored])
    audit_record(
        lab_id=merge.lab_id,
        actor=by,
        action=AuditAction.CANDIDATE_UNMERGED,
        target_type="candidate",
        target_id=restored.pk,
        detail={"merge": merge.pk, "kept": keep.pk},
        channel=channel,
    )
    return restored


def _profile_refresh(candidate: Candidate) -> None:
    """Rebuild the profile and the search index from the documents read; with none left,
    there is no profile, no assessment made from one and nothing to find."""
    if candidate.documents.filter(status=DocumentStatus.DONE, analysis__isnull=False).exists():
        candidate_rebuild_profile(candidate=candidate)
        index_candidate(candidate)
        return
    remove_candidate(candidate.pk)
    for model in (Degree, Publication, Evidence, CandidateFeatures, CandidateKey):
        model.objects.filter(candidate=candidate).delete()
    Assessment.objects.filter(application__candidate=candidate).delete()


def _reassess(candidates: list[Candidate]) -> None:
    ids = [c.pk for c in candidates]
    RoleProfile.shortlists_changed(
        role_ids=Application.objects.filter(candidate_id__in=ids).values_list("role_id", flat=True)
    )
    for candidate_id in ids:
        transaction.on_commit(partial(enqueue_candidate_assessment, candidate_id))


def duplicate_merge(*, proposal: DuplicateProposal, by, channel: str = "") -> CandidateMerge:
    """A member says the proposed pair is one person: the newer record joins the older."""
    if proposal.status != DuplicateStatus.OPEN:
        raise MergeRefused("These candidates were kept apart; they are not one person.")
    return candidate_merge(
        keep=proposal.a, absorb=proposal.b, by=by, reason=MergeReason.PROPOSAL, channel=channel
    )


@transaction.atomic
def duplicate_keep_apart(
    *, proposal: DuplicateProposal, by, channel: str = ""
) -> DuplicateProposal:
    """A member says the proposed pair is two people: never proposed or joined again."""
    updated = DuplicateProposal.objects.filter(pk=proposal.pk, status=DuplicateStatus.OPEN).update(
        status=DuplicateStatus.KEPT_APART, decided_by=by, decided_at=timezone.now()
    )
    if not updated:
        raise MergeRefused("These candidates were kept apart already.")
    proposal.refresh_from_db()
    audit_record(
        lab_id=proposal.lab_id,
        actor=by,
        action=AuditAction.DUPLICATE_KEPT_APART,
        target_type="duplicate_proposal",
        target_id=proposal.pk,
        detail={"a": proposal.a_id, "b": proposal.b_id},
        channel=channel,
    )
    return proposal
