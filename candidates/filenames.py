"""Which uploaded files belong to the same person, judged from their names."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath


def person_key(filename: str) -> str:
    """``jane-doe__cv.pdf`` and ``jane-doe__papers.bib`` share the key ``jane-doe``.

    Without a ``__`` separator the whole stem is the key, so unrelated files never merge.
    """
    stem = PurePath(filename).name.rsplit(".", 1)[0]
    head, separator, _ = stem.partition("__")
    return (head if separator and head else stem).strip().lower()


def group_by_person(paths: Iterable[Path]) -> list[list[Path]]:
    """Files grouped per person in first-seen order, PDFs (the CVs) first within a group."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(person_key(path.name), []).append(path)
    return [sorted(group, key=lambda p: p.suffix.lower() != ".pdf") for group in groups.values()]
