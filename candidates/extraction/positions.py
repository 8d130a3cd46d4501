"""Research positions a CV lists: faculty, postdoc, research scientist or engineer, research
intern at a lab, doctoral researcher. Each position is counted once, with its dates.

A position is a role named in an entry's title line ("2018 - present  Associate Professor,
Northvale University", "Research Intern, Example AI Lab  Jun 2023 - Aug 2023", "Associate
Professor since 2018"), not a word in a sentence ("worked with researchers"). The same role
written twice (in the header and under Experience) is one position; the same title held twice
at different times is two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from candidates.extraction.dates import dates_in, span_of
from candidates.extraction.document import CvDocument, TextLine

# Roles that are research positions, by kind.
_ROLES = (
    (
        "faculty",
        r"(?:(?:assistant|associate|full|adjunct|visiting|research|tenure[- ]track|clinical)\s+)?"
        r"professor(?:ship)?\b(?!\s+(?:of\s+practice\s+)?(?:emerit))|\blecturer\b|\bfaculty\s+member"
        r"|准教授|助教|教授|讲师|副教授|교수",
    ),
    (
        "postdoc",
        r"post-?\s?doc(?:toral)?(?:\s+(?:research\s+)?(?:fellow|researcher|scholar|associate"
        r"|scientist))?|博士研究員|ポスドク|博士后",
    ),
    (
        "intern",
        r"research\s+intern(?:ship)?\b|(?:student|phd|ai|ml)\s+researcher\s+intern"
        r"|\bintern(?:ship)?\b(?=.*\b(?:research|lab|labs|laboratory|laboratories)\b)",
    ),
    (
        "research",
        r"research\s+(?:scientist|engineer|staff|fellow|associate|assistant|student|investigator"
        r"|officer|professor)\b|(?:senior|staff|principal|lead)\s+research\s+\w+"
        r"|(?:graduate|doctoral|phd|ph\.d\.|student|visiting|postgraduate|staff|senior|principal"
        r"|junior)\s+researcher\b|\bresearcher\b(?=\s*(?:$|[,|(–—-]|\s{2,}|at\b|in\b))"
        r"|^\W*researcher\b|phd\s+(?:candidate|student)|doctoral\s+(?:candidate|student)"
        r"|visiting\s+(?:scholar|scientist|student)|\bresearch\s+team\b"
        r"|research\s*(?:&|and)\s*\w+\s+team|研究員|研究者|研究员",
    ),
)
_ROLE_PATTERNS = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _ROLES]
# Roles that share the words but are not research positions.
_NOT_A_ROLE = re.compile(
    r"\b(?:teaching|course|lab)\s+assistant|market\s+research|user\s+research|ux\s+research"
    r"|research\s+(?:interests?|areas?|statement|summary|projects?\b(?!\s+(?:manager|lead)))"
    r"|(?:emeritus|honorary)\b|advis(?:ed|ing|or)\b|mentor|supervis|students?\s+of\b",
    re.IGNORECASE,
)
# An organisation that is itself a research place, for roles held there under other titles
# ("Data Scientist & ML Engineer" over "Example Research Center on Computing").
_RESEARCH_PLACE = re.compile(
    r"\bresearch\s+(?:cent(?:er|re)|institute|laborator(?:y|ies)|labs?)\b"
    r"|\binstitute\s+for\s+[\w\s]{0,40}research\b|\bnational\s+laborator(?:y|ies)\b",
    re.IGNORECASE,
)
_SECTIONS = ("experience", "header", "summary", "education", "projects")
TITLE_CHARS = 70  # where a role must start to be the entry's title, not a sentence
MAX_LINE = 160


@dataclass(frozen=True)
class Position:
    """A research role a CV lists: its kind, the title as written, its years, and the quote."""

    kind: str
    title: str
    start_year: int | None
    end_year: int | None
    current: bool
    quote: str
    page: int | None


def research_positions(doc: CvDocument) -> list[Position]:
    """The distinct research positions of a CV, in the order they are listed."""
    found = [p for s in doc.sections_of(*_SECTIONS) for p in _positions_in(s.lines)]
    if not found:
        # Sections not recognised (labels in a margin): entries by their shape, anywhere.
        found = _positions_in(doc.lines, strict=True)
    return _distinct(found)


def _positions_in(lines: list[TextLine], *, strict: bool = False) -> list[Position]:
    positions: list[Position] = []
    previous_title = None
    for index, line in enumerate(lines):
        text = " ".join(line.text.split())
        if len(text) > MAX_LINE or _is_list_of_items(text):
            continue
        role = _role(text, strict=strict)
        if role is None and not strict and _RESEARCH_PLACE.search(text):
            role = _role_at_research_place(lines, index)
        if role is None:
            previous_title = None
            continue
        kind, title = role
        dated = _dates_near(lines, index)
        if title == previous_title and positions and positions[-1].start_year is None:
            # The title again on an undated entry's next row ("Student Researcher  Example
            # Lab" over "2022-2023  Student Researcher working on …"): one position.
            if dates_in(dated):
                positions[-1] = _dated(positions[-1], dated)
            continue
        previous_title = title
        span = span_of(dated)
        years = [d.year for d in dates_in(dated)]
        quote = text if dated in (line.text, "") else f"{text} · {' '.join(dated.split())}"
        positions.append(
            Position(
                kind=kind,
                title=title,
                start_year=min(years) if years else None,
                end_year=max(years) if len(years) > 1 else None,
                current=span.open_ended or bool(re.search(r"\bsince\b", dated, re.I)),
                quote=quote[:300],
                page=line.page,
            )
        )
    return positions


def _dated(position: Position, dated: str) -> Position:
    years = [d.year for d in dates_in(dated)]
    return Position(
        position.kind,
        position.title,
        min(years),
        max(years) if len(years) > 1 else None,
        span_of(dated).open_ended,
        f"{position.quote} · {' '.join(dated.split())}"[:300],
        position.page,
    )


def _role(text: str, *, strict: bool) -> tuple[str, str] | None:
    """(kind, title) of the role an entry's title line names, or None."""
    if _NOT_A_ROLE.search(text) and not re.search(r"professor|postdoc", text, re.IGNORECASE):
        return None
    lead = _strip_leading_dates(text)
    offset = len(text) - len(lead)
    for kind, pattern in _ROLE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        at = match.start() - offset
        if at > (20 if strict else TITLE_CHARS) or (at > 0 and _sentence_before(lead[:at])):
            continue
        return kind, " ".join(match.group(0).lower().split())
    return None


def _role_at_research_place(lines: list[TextLine], index: int) -> tuple[str, str] | None:
    """A job title on the line above an organisation that is a research place."""
    if index == 0:
        return None
    above = " ".join(lines[index - 1].text.split())
    if len(above) > TITLE_CHARS or _is_list_of_items(above) or above.startswith(("•", "-")):
        return None
    if re.search(r"\b(?:scientist|engineer|developer|analyst|researcher)\b", above, re.I):
        return "research", " ".join(_strip_leading_dates(above).lower().split())[:60]
    return None


def _sentence_before(text: str) -> bool:
    """Whether the words before a role are a sentence ("Worked closely with a research scientist")
    rather than a title's company or date ("Google DeepMind, ", "2019 - 2021  ")."""
    words = re.findall(r"[^\W\d_]+", text)
    return sum(1 for w in words if w.islower() and len(w) > 2) >= 2 or text.lstrip().startswith("•")


def _is_list_of_items(text: str) -> bool:
    """A line of several bulleted items (certificates, courses): no title of its own."""
    return text.count("•") >= 2 or text.count(" · ") >= 2


def _strip_leading_dates(text: str) -> str:
    rest = text
    while True:
        found = dates_in(rest)
        if not found or rest[: found[0].start].strip(" •–—-:|,") != "":
            break
        rest = rest[found[0].end :]
        rest = re.sub(r"^\s*(?:[-–—~]|to)\s*(?:present|now|current|today)?", "", rest, flags=re.I)
    return rest.lstrip(" •–—-:|,")


def _dates_near(lines: list[TextLine], index: int) -> str:
    """The dates of the entry a title line opens: on it, else the line above or below."""
    for j in (index, index - 1, index + 1):
        if 0 <= j < len(lines) and dates_in(lines[j].text):
            if j != index and _role(" ".join(lines[j].text.split()), strict=False):
                continue  # another position's line
            return lines[j].text
    return ""


def _distinct(positions: list[Position]) -> list[Position]:
    """One position per role held. The same title with the same start year is one position
    written twice; so is an undated mention ("Assistant Professor, Northvale University" in the
    header) whose words all reappear in a dated entry of that title."""
    kept: list[Position] = []
    for position in positions:
        if not any(_same(k, position) for k in kept):
            kept = [k for k in kept if not _same(position, k)]
            kept.append(position)
    return kept


def _same(dated: Position, other: Position) -> bool:
    if dated.title != other.title:
        return False
    if dated.quote == other.quote:
        return True
    if dated.start_year is not None and other.start_year is not None:
        return dated.start_year == other.start_year
    if dated.start_year is None or other.start_year is not None:
        return False
    words = set(re.findall(r"[^\W\d_]{3,}", dated.quote.lower()))
    return set(re.findall(r"[^\W\d_]{3,}", other.quote.lower())) <= words
