"""Reading RIS files (EndNote, Zotero, Mendeley, Google Scholar, publishers' "cite" buttons).

An RIS record is a run of ``TAG  - value`` lines from ``TY`` to ``ER``. Exporters disagree on
details, so this reader tolerates one or two spaces before the dash, long tag names
("SECONDARY TITLE"), unknown tags, values continued on untagged lines, CRLF line ends and a
missing ``ER`` at the end of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from candidates.parsing.entries import (
    PublicationListResult,
    RawPublication,
    build_publication,
    invert_name,
    parse_year,
)

TITLE_TAGS = ("TI", "T1", "CT")
AUTHOR_TAGS = ("AU", "A1")
YEAR_TAGS = ("PY", "Y1", "DA")
VENUE_TAGS = ("T2", "JO", "JF", "JA", "BT", "J2", "T3", "SECONDARY TITLE", "PB")
NOTE_TAGS = ("N1", "NOTE")

_TAGGED = re.compile(r"^\s*(?P<tag>[A-Z][A-Z0-9]|[A-Z][A-Z ]{2,30}?)\s{1,2}-( (?P<value>.*))?$")


def parse_ris(text: str) -> PublicationListResult:
    """Every RIS record that has a title; the others become warnings."""
    publications: list[RawPublication] = []
    warnings: list[str] = []
    for number, record in enumerate(_records(text), start=1):
        title = record.first(TITLE_TAGS)
        if not title:
            warnings.append(f"Entry {number} (line {record.line}) was skipped: it has no title.")
            continue
        publications.append(
            build_publication(
                title=title,
                authors=[invert_name(name) for name in record.values(AUTHOR_TAGS)],
                year=next(filter(None, map(parse_year, record.values(YEAR_TAGS))), None),
                venue=record.first(VENUE_TAGS),
                entry_type=record.first(("TY",)),
                notes=record.values(NOTE_TAGS),
                raw="\n".join(record.lines),
            )
        )
    return PublicationListResult("ris", publications, warnings)


@dataclass
class _Record:
    """The tagged values of one RIS record in file order, and the lines it was read from."""

    line: int
    lines: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)

    def values(self, tags: tuple[str, ...]) -> list[str]:
        """Every value of these tags, in file order."""
        return [value for tag, value in self.fields if tag in tags and value]

    def first(self, tags: tuple[str, ...]) -> str:
        """The first value of the first of these tags that the record has."""
        for wanted in tags:
            for tag, value in self.fields:
                if tag == wanted and value:
                    return value
        return ""


def _records(text: str) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        match = _TAGGED.match(line)
        if match is None:
            if current is not None and current.fields and line.strip():
                # An untagged line continues the previous value.
                tag, value = current.fields[-1]
                current.fields[-1] = (tag, f"{value} {line.strip()}")
                current.lines.append(line)
            continue
        tag, value = match.group("tag").strip(), (match.group("value") or "").strip()
        if tag == "TY":
            current = _Record(number)
            records.append(current)
        if current is None:
            continue
        current.lines.append(line)
        if tag == "ER":
            current = None
        else:
            current.fields.append((tag, value))
    return records
