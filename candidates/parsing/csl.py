"""Reading CSL-JSON, the format Zotero, Mendeley and pandoc export citations in.

A file is a list of items (or an object holding them under "items"). Names come as
``{"given", "family"}`` or ``{"literal"}``, dates as ``{"date-parts": [[2023, 5]]}``,
``{"raw": "2023"}``, ``{"literal": ...}`` or a bare string; the container title may be a list.
"""

from __future__ import annotations

import json
from typing import Any

from candidates.parsing.entries import (
    SUPPORTED,
    PublicationListError,
    PublicationListResult,
    RawPublication,
    arxiv_notes,
    build_publication,
    clean_text,
    parse_year,
)

# In order of preference: where the work appeared, else the event it was presented at.
VENUE_KEYS = ("container-title", "event-title", "event", "collection-title", "publisher")
# Where CSL-JSON exports put an arXiv identifier.
ARXIV_KEYS = ("number", "archive_location", "URL", "DOI")
# Keys that only CSL items have; a JSON file whose objects have none of them is something else.
_CSL_KEYS = {"title", "type", "author", "issued", "container-title", "id", "DOI"}


def parse_csl_json(text: str) -> PublicationListResult:
    """Every CSL-JSON item that has a title; the others become warnings."""
    items = _items(_load(text))
    publications: list[RawPublication] = []
    warnings: list[str] = []
    for number, item in enumerate(items, start=1):
        title = _text(item.get("title"))
        if not title:
            label = f"Entry {number}" + (f" ({item['id']})" if item.get("id") else "")
            warnings.append(f"{label} was skipped: it has no title.")
            continue
        publications.append(
            build_publication(
                title=title,
                authors=[_name(person) for person in _sequence(item.get("author"))],
                year=_year(item.get("issued")),
                venue=next(filter(None, (_text(item.get(key)) for key in VENUE_KEYS)), None),
                entry_type=_text(item.get("type")),
                notes=[
                    _text(item.get("note")),
                    _text(item.get("status")),
                    *arxiv_notes(_text(item.get(key)) for key in ARXIV_KEYS),
                ],
                raw=json.dumps(item, ensure_ascii=False),
            )
        )
    return PublicationListResult("csl_json", publications, warnings)


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PublicationListError(
            f"The file looks like JSON but has a syntax error on line {exc.lineno}, column "
            f"{exc.colno} ({exc.msg.lower()}). Export it again from the reference manager."
        ) from exc


def _items(document: Any) -> list[dict[str, Any]]:
    """The CSL items of a JSON document; anything that is not CSL-JSON is an error for the user."""
    if isinstance(document, dict):
        document = document.get("items", [document])
    if not isinstance(document, list):
        document = []
    items = [item for item in document if isinstance(item, dict)]
    if not items or not any(_CSL_KEYS & item.keys() for item in items):
        raise PublicationListError(
            "The JSON file is not a CSL-JSON publication list (no item has a title, type or "
            f"authors). {SUPPORTED}"
        )
    return items


def _text(value: Any) -> str:
    """A CSL string value; lists (a container title in several forms) give their first item."""
    values = _sequence(value)
    first = values[0] if values else ""
    return clean_text(first if isinstance(first, str) else str(first))


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        return _text(person)
    if person.get("literal"):
        return _text(person["literal"])
    parts = (
        "given",
        "dropping-particle",
        "non-dropping-particle",
        "family",
        "suffix",
    )
    return " ".join(_text(person.get(part)) for part in parts if person.get(part))


def _sequence(value: Any) -> list[Any]:
    """A CSL value as a list: lists stay, one value becomes a list of one, null an empty list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return parse_year(parts[0][0])
        return parse_year(issued.get("raw") or issued.get("literal") or issued.get("season"))
    return parse_year(issued)
