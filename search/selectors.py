"""The lab-wide search as the search page and the API show it: hits with who they are."""

from __future__ import annotations

from dataclasses import dataclass

from candidates.models import Candidate
from screening.blinding import candidate_label
from screening.models import Application, Lab, RoleProfile
from search.index import BlindSight, Hit, search_candidates

LAB_SEARCH_LIMIT = 50


@dataclass(frozen=True)
class RoleRef:
    id: int
    title: str


@dataclass(frozen=True)
class LabHit:
    """A candidate found by a lab search, named as the viewer may see them (``label`` is their
    number when seen blind, and ``name`` is then empty), with the roles they applied to."""

    hit: Hit
    candidate_id: int
    name: str
    label: str
    blind: bool
    roles: tuple[RoleRef, ...]


def lab_search(
    *,
    lab: Lab,
    query: str,
    blind: BlindSight,
    role: RoleProfile | None = None,
    limit: int = LAB_SEARCH_LIMIT,
) -> list[LabHit]:
    """The best ``limit`` candidates of the lab (or the role) for ``query``: the search's
    queries and two more, however many hits (``search.index.QueryRejected`` as it raises)."""
    hits = search_candidates(lab=lab, query=query, role=role, limit=limit, blind=blind)
    ids = [hit.candidate_id for hit in hits]
    candidates = Candidate.objects.filter(lab=lab, pk__in=ids).only("pk", "name").in_bulk()
    roles: dict[int, list[RoleRef]] = {}
    applied = (
        Application.objects.filter(candidate_id__in=ids, role__lab=lab)
        .order_by("role__title", "role_id")
        .values_list("candidate_id", "role_id", "role__title")
    )
    for candidate_id, role_id, title in applied:
        roles.setdefault(candidate_id, []).append(RoleRef(id=role_id, title=title))
    found = []
    for hit in hits:
        candidate = candidates.get(hit.candidate_id)
        if candidate is None:  # erased between the two reads
            continue
        blind_hit = hit.masked
        found.append(
            LabHit(
                hit=hit,
                candidate_id=candidate.pk,
                name="" if blind_hit else candidate.name,
                label=candidate_label(candidate, blind=blind_hit),
                blind=blind_hit,
                roles=tuple(roles.get(candidate.pk, ())),
            )
        )
    return found
