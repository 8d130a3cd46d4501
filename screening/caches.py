"""Cached page images and API answers, kept so that an erasure can purge them.

Each cache entry is one key per thing erasure knows about: a page of a document
(``page-images:<document>:<page>``, holding the rendered variants of that page: quotes
highlighted, blind or not) and a role's shortlist (``api-shortlist:<role>``, holding the
answers for one shortlist version, per URL). A lost update between two requests costs a cache
miss, never a copy that erasure cannot find; :func:`candidate_caches_purge` deletes them all.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

PAGE_IMAGE_SECONDS = 3600
PAGE_VARIANTS_KEPT = 8
SHORTLIST_CACHE_SECONDS = 600
SHORTLIST_ANSWERS_KEPT = 16


def _page_key(document_id: int, number: int) -> str:
    return f"page-images:{document_id}:{number}"


def page_image_get(*, document_id: int, number: int, variant: str):
    return (cache.get(_page_key(document_id, number)) or {}).get(variant)


def page_image_set(*, document_id: int, number: int, variant: str, value) -> None:
    key = _page_key(document_id, number)
    kept = cache.get(key) or {}
    kept.pop(variant, None)
    kept[variant] = value
    while len(kept) > PAGE_VARIANTS_KEPT:  # the oldest variants go first
        kept.pop(next(iter(kept)))
    cache.set(key, kept, PAGE_IMAGE_SECONDS)


def _shortlist_key(role_id: int) -> str:
    return f"api-shortlist:{role_id}"


def shortlist_answer_get(*, role_id: int, version: int, variant: str):
    kept = cache.get(_shortlist_key(role_id))
    if not kept or kept["version"] != version:
        return None
    return kept["answers"].get(variant)


def shortlist_answer_set(*, role_id: int, version: int, variant: str, value) -> None:
    key = _shortlist_key(role_id)
    kept = cache.get(key)
    if not kept or kept["version"] != version:
        kept = {"version": version, "answers": {}}
    answers = kept["answers"]
    answers.pop(variant, None)
    answers[variant] = value
    while len(answers) > SHORTLIST_ANSWERS_KEPT:
        answers.pop(next(iter(answers)))
    cache.set(key, kept, SHORTLIST_CACHE_SECONDS)


def candidate_caches_purge(*, documents: list[tuple[int, int]], role_ids: list[int]) -> None:
    """Delete the cached page images of the documents (``(id, page count)`` pairs) and the
    cached shortlist answers of the roles."""
    keys = [_page_key(pk, n) for pk, pages in documents for n in range(1, (pages or 0) + 1)]
    keys += [_shortlist_key(role_id) for role_id in role_ids]
    if keys:
        cache.delete_many(keys)


def candidate_erasing_caches(sender, candidate, **kwargs) -> None:
    """On erasure (``screening.signals.candidate_erasing``): purge the candidate's cached
    page images and their roles' cached shortlist answers, now and again once the erasure
    commits (a request that read the candidate before it may have cached them since)."""
    documents = list(candidate.documents.values_list("pk", "page_count"))
    role_ids = list(candidate.applications.values_list("role_id", flat=True))
    candidate_caches_purge(documents=documents, role_ids=role_ids)
    transaction.on_commit(
        lambda: candidate_caches_purge(documents=documents, role_ids=role_ids), robust=True
    )


def document_read_shortlists(sender, document, **kwargs) -> None:
    """A document read or failed changes how its candidate's applications read on the
    shortlists of their roles (an applicant not ranked says why), so their cached answers go."""
    from screening.models import Application, RoleProfile

    role_ids = Application.objects.filter(candidate_id=document.candidate_id).values("role_id")
    RoleProfile.shortlists_changed(role_ids=role_ids)
