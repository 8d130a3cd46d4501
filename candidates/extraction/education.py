"""Degrees from a CV: level, field, institution, year and whether they are completed.

CVs write degrees in many ways ("Ph.D. in Computer Science", "M.S., Statistics", "2019 - 2021
MSc Neuroscience University College London", "Doctor of Philosophy, ECE", "直博生"), with the
institution on the same line, the line above or below, and dates anywhere near. A degree entry
is the line that names the degree, the institution or date line just above it and the few lines
after it, up to the next degree.
"""

from __future__ import annotations

import re
from datetime import date

from candidates.extraction.document import CvDocument, DegreeRecord, TextLine

_LEVEL_PATTERNS = (
    (
        "phd",
        r"ph\.?\s?d\b\.?|d\.?\s?phil\b\.?|doctor\s+of\s+philosophy|doctorate|doctoral\s+degree"
        r"|dr\.?\s?rer\.?\s?nat|直博生|博士生|博士|直博",
    ),
    (
        "masters",
        r"m\.?\s?sc\b\.?|m\.s\.|m\.?\s?eng\b\.?|m\.?\s?phil\b\.?|m\.?\s?tech\b\.?|m\.?\s?res\b\.?"
        r"|m\.a\.|mba\b|master'?s?\b|magister|mgr\.|laurea\s+magistrale|diplom\b|硕士"
        r"|\bms\b(?=\s*[,(]|\s+(?:in|of|degree)\b|\s+[A-Z][a-z])",
    ),
    (
        "bachelors",
        r"b\.?\s?sc\b\.?|b\.s\.|b\.?\s?eng\b\.?|b\.?\s?tech\b\.?|b\.e\.|b\.a\.|bachelor'?s?\b"
        r"|laurea\s+triennale|licen[cs]iatura|学士|本科"
        r"|\b(?:bs|ba|be)\b(?=\s*[,(]|\s+(?:in|of|degree)\b|\s+\(hons)",
    ),
)
_LEVELS = [
    (level, re.compile(rf"(?<![A-Za-z])(?:{p})", re.IGNORECASE)) for level, p in _LEVEL_PATTERNS
]
# Not degrees, though they use the words.
_NOT_A_DEGREE = re.compile(
    r"postdoc|post-doc|level program|summer school|certificate|exchange student"
    r"|visiting|high school|secondary|masterclass|master class|scrum master",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"univ\w*|universit\w+|institut\w*|college|school|polytechn\w*|politecnico|academy|"
    r"\bETH\b|EPFL|KAIST|\bMIT\b|\bUCL\b|technion|[ée]cole|大学|学院",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_IN_PROGRESS = re.compile(
    r"\b(?:present|now|current|currently|ongoing|expected|tentative|anticipated|pursuing"
    r"|candidate|student|in progress)\b|至今|预计|在读|直博生|博士生",
    re.IGNORECASE,
)
# Where a degree's field ends: a cell gap, punctuation, a year, GPA, or the school's name.
_FIELD_STOP = re.compile(
    r"\s{2,}|\s\|\s|;|:|\(|\bC?GPA\b|(?<!\w)(?:19|20)\d\d|\s+at\s+|\s+with\s+|\s*[–—]\s"
    r"|\s+(?=(?:the\s+)?(?:univ\w*|institut\w*|college|school of)\b)"
    r"|,\s*(?=[^,]*(?:univ|institut|college|school|polytechn|academy))",
    re.IGNORECASE,
)
_EXPECTED = re.compile(r"expected|anticipated|tentative|预计", re.IGNORECASE)
_FIELD_NOISE = re.compile(r"^(?:the\s+)?(?:dept\.?|department)\s+(?:of\s+)?", re.IGNORECASE)
_HONOURS = re.compile(
    r"^\s*(?:\(?hons?\.?\)?|with\s+(?:first[\s-]+class\s+)?hono(?:u)?rs|with\s+distinction)[\s,]*",
    re.IGNORECASE,
)
_CONTINUES = re.compile(r"(?:\band|&|\bof|\bin)\s*$", re.IGNORECASE)
MAX_FOLLOWING_LINES = 4


def degree_level(text: str) -> tuple[str, re.Match] | None:
    """The degree level a line names and the match, or None (postdocs are not degrees)."""
    if _NOT_A_DEGREE.search(text):
        return None
    found = [(m.start(), level, m) for level, pattern in _LEVELS if (m := pattern.search(text))]
    if not found:
        return None
    _, level, match = min(found, key=lambda f: f[0])
    return level, match


def extract_degrees(doc: CvDocument, *, today: date | None = None) -> list[DegreeRecord]:
    """The degrees listed in the CV's education sections (or, failing those, anywhere)."""
    this_year = (today or date.today()).year
    lines = doc.lines_of("education")
    degrees = _degrees_in(lines, this_year)
    if degrees:
        return degrees
    # No education section found: a degree named in the header or summary ("PhD student at X").
    return _degrees_in(doc.lines_of("header", "summary", "experience"), this_year)[:3]


def _degrees_in(lines: list[TextLine], this_year: int) -> list[DegreeRecord]:
    starts = [(i, found) for i, line in enumerate(lines) if (found := degree_level(line.text))]
    heads = [
        _head_line(lines, index, previous=starts[n - 1][0] if n else -1)
        for n, (index, _) in enumerate(starts)
    ]
    degrees = []
    for n, (index, (level, match)) in enumerate(starts):
        end = heads[n + 1] if n + 1 < len(starts) else len(lines)
        block = lines[heads[n] : min(end, index + 1 + MAX_FOLLOWING_LINES)]
        degrees.append(_degree(level, match, block, lines, index, this_year))
    return _unique(degrees)


def _head_line(lines: list[TextLine], index: int, *, previous: int) -> int:
    """The index of the line above a degree line that belongs to it (institution or dates).

    Lines without letters (a bullet on a line of its own) are stepped over.
    """
    above = index - 1
    while above > previous and above >= 0 and not re.search(r"[^\W\d_]", lines[above].text):
        above -= 1
    if above <= previous or above < 0:
        return index
    text = lines[above].text
    if degree_level(text) or len(text) > 120:
        return index
    degree_line = lines[index].text
    if (_INSTITUTION.search(text) and not _INSTITUTION.search(degree_line)) or (
        _YEAR.search(text) and not _YEAR.search(degree_line)
    ):
        return above
    return index


def _degree(
    level: str,
    match: re.Match,
    block: list[TextLine],
    lines: list[TextLine],
    index: int,
    this_year: int,
) -> DegreeRecord:
    line = lines[index]
    text = line.text
    if (
        _CONTINUES.search(text)
        and index + 1 < len(lines)
        and not degree_level(lines[index + 1].text)
    ):
        text = f"{text} {lines[index + 1].text}"  # "B.TECH IN ELECTRICAL AND" / "ELECTRONICS …"
    # Dates belong to the degree line, else to the line above it, else to the next one.
    position = block.index(line) if line in block else 0
    dated = next(
        (b.text for b in [line, *block[:position], *block[position + 1 : position + 3]]
         if _YEAR.search(b.text)),
        "",
    )  # fmt: skip
    years = [int(y) for y in _YEAR.findall(dated)]
    in_progress = bool(_IN_PROGRESS.search(f"{text}\n{dated}"))
    end_year = max(years) if years else None
    start_year = min(years) if len(years) > 1 else None
    if in_progress:
        status = "in_progress"
        # "2019 - present": the only year is the start; "- 2028 (expected)": the end.
        single_past_year = len(years) == 1 and end_year is not None and end_year <= this_year
        if single_past_year and not _EXPECTED.search(dated):
            start_year, end_year = end_year, None
    elif end_year is not None:
        status = "in_progress" if end_year > this_year else "completed"
    else:
        status = "unknown"
    field, institution = _field(text, match), _institution(line, block)
    if field and institution and institution.lower().startswith(field.lower()):
        field = None  # "Ph.D., Queen Mary University of London": the school, not a field
    return DegreeRecord(
        level=level,
        field=field,
        institution=institution,
        year=end_year,
        status=status,
        quote=" ".join(" ".join(b.text for b in block[:3]).split())[:300],
        page=line.page,
        start_year=start_year,
    )


def _field(text: str, match: re.Match) -> str | None:
    rest = text[match.end() :]
    rest = _HONOURS.sub("", rest)
    rest = re.sub(
        r"^\s*(?:of\s+(?:science|arts|engineering|technology|philosophy|business)\b)?",
        "",
        rest,
        flags=re.IGNORECASE,
    )
    parenthesised = re.match(r"^\s*\(([^)]{3,80})\)", rest)
    if parenthesised:
        inner = parenthesised.group(1)
        if not re.search(r"hons|expected|\d", inner, re.IGNORECASE) and not degree_level(inner):
            return _clean_field(inner)
        rest = rest[parenthesised.end() :]
    rest = re.sub(r"^\s*(?:degree\s+)?(?:in|of|:|,|-|–|\||;)\s*", "", rest, flags=re.IGNORECASE)
    rest = _FIELD_NOISE.sub("", rest.strip())
    field = _FIELD_STOP.split(rest, maxsplit=1)[0]
    return _clean_field(field.split(",")[0])


def _clean_field(field: str) -> str | None:
    field = _FIELD_NOISE.sub("", field.strip(" .,:;-–|"))
    if _INSTITUTION.search(field) and not re.search(r"science|engineering", field, re.IGNORECASE):
        return None
    if (
        not field
        or len(field) < 3
        or len(field) > 80
        or not re.search(r"[A-Za-z\u4e00-\u9fff]", field)
    ):
        return None
    return field.title() if field.isupper() else field


def _institution(line: TextLine, block: list[TextLine]) -> str | None:
    """The school named on the degree line, else on the nearest line of its entry."""
    for source in [line, *block]:
        for cell in re.split(r"\s{2,}|\s\|\s|:\s|;\s", source.text):
            if not _INSTITUTION.search(cell):
                continue
            candidate = _institution_in(cell)
            if candidate:
                return candidate
    return None


def _institution_in(cell: str) -> str | None:
    # "Ph.D., Hydrology, Wuhan University, Wuhan, China" -> the comma part naming the school.
    parts = [p.strip() for p in re.split(r",|\s+at\s+|\(|\)", cell)]
    for part in parts:
        if _INSTITUTION.search(part) and not degree_level(part):
            name = re.sub(r"^(?:the\s+|[•◦●\-–]\s*)", "", part, flags=re.IGNORECASE).strip(" .")
            name = _YEAR.sub("", name).strip(" -–")
            if 3 <= len(name) <= 100:
                return name.title() if name.isupper() and " " in name else name
    return None


def _unique(degrees: list[DegreeRecord]) -> list[DegreeRecord]:
    seen, unique = set(), []
    for degree in degrees:
        key = (degree.level, degree.field, degree.year, degree.institution)
        if key not in seen:
            seen.add(key)
            unique.append(degree)
    return unique
