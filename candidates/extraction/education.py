"""Degrees from a CV: level, field, institution, year and whether they are completed.

CVs write degrees in many ways ("Ph.D. in Computer Science", "M.S., Statistics", "2019 - 2021
MSc Neuroscience University College London", "Doctor of Philosophy, ECE", "直博生"), with the
institution on the same line, the line above or below, and dates anywhere near. A degree entry
is the line that names the degree, the institution or date line just above it and the few lines
after it, up to the next degree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from candidates.extraction.dates import OPEN_END, Found, dates_in, span_of, written_on
from candidates.extraction.document import CvDocument, DegreeRecord, TextLine

_LEVEL_PATTERNS = (
    (
        "phd",
        r"ph\.?\s?d\b\.?|d\.?\s?phil\b\.?|doctor\s+of\s+(?:philosophy|science|engineering)"
        r"|doctorate|doctoral\s+degree|dr\.?\s?rer\.?\s?nat|dr\.?\s?-?\s?(?:ing|sc|phil|techn)\b\.?"
        r"|d\.\s?sc\.|sc\.\s?d\.|doctora(?:t|do)\b|dottorato|doutorado|doktor(?:at)?\b"
        r"|直博生|博士生|博士|直博|박사",
    ),
    (
        "masters",
        r"m\.?\s?sc\b\.?|m\.s\.(?:e\.)?|m\.?\s?eng\b\.?|m\.?\s?phil\b\.?|m\.?\s?tech\b\.?"
        r"|m\.?\s?res\b\.?|m\.?\s?a\.?\s?sc\b\.?|m\.?(?:math|phys|chem|stats?)\b\.?|sc\.m\."
        r"|m\.a\.|mba\b|master[’']?s?\b|magister|mgr\.|laurea\s+magistrale|diplom\b|dipl\.?\s?-?\s?ing\b"
        r"|dipl[oô]me\s+d.ing[ée]nieur|maestr[ií]a|mestrado|m[aá]ster\b|ma[iî]trise|硕士|修士|석사"
        r"|\bms(?:e)?\b(?=\s*[,(]|\s+(?:in|of|degree)\b|\s+(?!(?:excel|office|word|access|powerpoint"
        r"|project|teams|sql|visio|outlook|azure|dynamics|windows)\b)[A-Z][a-z])|(?:s\.m|a\.m)\.(?=\s*,|\s+in\b)",
    ),
    (
        "bachelors",
        r"b\.?\s?sc\b\.?|b\.s\.(?:e\.)?|b\.?\s?eng\b\.?|b\.?\s?tech\b\.?|b\.e\.|b\.a\.|b\.?a\.?sc\b\.?"
        r"|sc\.b\.|bachelor[’']?s?\b|laurea\s+triennale|licen[cs]iatura|licenciad[oa]\b|bacharelado"
        r"|学士|本科|학사|(?:a\.b|s\.b)\.(?=\s*,|\s+in\b)"
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
# After a degree's name: a line about the degree's work or people, not a degree held.
_ABOUT_A_DEGREE = re.compile(
    r"[\s.’']*(?:(?:and|or|&|/)\s*\S+\s+)?(?:thesis|dissertation|project|committee|advis|supervis|qualifying|proposal"
    r"|fellow(?:ship)?|scholarship|award|prize|level\b|students?\s+(?:advis|supervis|mentor))",
    re.IGNORECASE,
)
_INSTITUTION = re.compile(
    r"univ\w*|universit\w+|institut\w*|college|school|polytechn\w*|politecnico|academy|"
    r"\bETH\b|EPFL|KAIST|\bMIT\b|\bUCL\b|technion|[ée]cole|大学|学院|caltech|\bUC\s+[A-Z][a-z]+"
    r"|\b(?:CMU|UCLA|UCSD|NYU|UIUC|USC|UBC|NUS|NTU|HKUST|HKU|CUHK|IIT|IISc|SJTU|USTC|KTH|LMU)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# Words that say a degree is still being earned, whatever its dates say.
_ONGOING = re.compile(
    r"\b(?:present|now|current|currently|ongoing|expected|exp\.|tentative|anticipated|pursuing"
    r"|in progress|since|to date|all but dissertation|(?:title\s+)?unawarded|not yet awarded)"
    r"(?!\w)|\bABD\b|至今|预计|在读|在学|現在|在籍",
    re.IGNORECASE,
)
# Words for the role of someone enrolled: in progress, unless the entry's dates have ended.
_ENROLLED = re.compile(
    r"\b(?:candidate|student)\b|直博生|博士生|博士課程|博士研究生", re.IGNORECASE
)
# Words that say the degree was awarded.
_AWARDED = re.compile(
    r"\b(?:conferred|awarded|defended|graduated|obtained|received|earned|completed|holds?)\b"
    r"|\bdegree\s+granted\b|毕业|修了|卒業",
    re.IGNORECASE,
)
_EXPECTED = re.compile(r"expected|exp\.|anticipated|tentative|预计", re.IGNORECASE)
# Where a degree's field ends: a cell gap, punctuation, a year, GPA, or the school's name.
_FIELD_STOP = re.compile(
    r"\s{2,}|\s\|\s|;|:|\(|\bC?GPA\b|(?<!\w)(?:19|20)\d\d|\s+(?:at|from|with)\s+|\s*[–—]\s|\s-\s"
    r"|\s+(?=(?:the\s+)?(?:univ\w*|institut\w*|college|school of)\b)"
    r"|,\s*(?=[^,]*(?:univ|institut|college|school|polytechn|academy))"
    r"|\s+(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
_FIELD_NOISE = re.compile(r"^(?:the\s+)?(?:dept\.?|department)\s+(?:of\s+)?", re.IGNORECASE)
_HONOURS = re.compile(
    r"^\s*(?:\(?hons?\.?\)?|with\s+(?:first[\s-]+class\s+)?hono(?:u)?rs|with\s+distinction)[\s,]*",
    re.IGNORECASE,
)
# "PhD Candidate, Physics": the role word is not the field.
_ROLE_WORD = re.compile(r"^[\s.]*(?:candidate|student|researcher)\b[\s,]*", re.IGNORECASE)
# A cell that names a field of study, for fields written on the line after the degree.
_FIELD_WORD = re.compile(
    r"scien|engineer|math|statist|physic|chemi|biolog|econom|informati|comput|linguist|psycholog"
    r"|neuro|geo(?:phys|log|scien|graph)|philosoph|electr|mechani|aero|robotic|\bEECS\b|\bECE\b"
    r"|\bCS\b|learning|intelligen|\bdata\b|financ|business|management|medic|health|\blaw\b"
    r"|histor|literature|language|design|architect|astro|cogniti|operations research|hydrolog"
    r"|ecolog|environment|energy|material|automat|control|signal|telecom|software|information"
    r"|analytics|accounting|marketing|sociolog|politic|policy|genetic|earth|ocean|atmospher"
    r"|climat|agricult|pharma",
    re.IGNORECASE,
)
# A cell that is a label ("Advisor: …", "Thesis: …") or a place ("Philadelphia, PA").
_NOT_A_FIELD_CELL = re.compile(
    r":|\b(?:advis|supervis|thesis|dissertation|committee|mentor|gpa|grade|rank|minor)"
    r"|,\s*(?:[A-Z]{2}|USA|UK|U\.S\.A?\.?)\s*$",
    re.IGNORECASE,
)
_CONTINUES = re.compile(r"(?:\band|&|\bof|\bin)\s*$", re.IGNORECASE)
# A supervised research degree whose name the CV leaves out ("2008 - 2014 Stanford University
# Geophysics" then "Supervisor: …").
_SCHOOL_WORD = r"university|universit[éäà]t?|institute|college|school|polytechnic|[ée]cole"
_SUPERVISED = re.compile(r"\b(?:supervis|advis|promot|thesis|dissertation)", re.IGNORECASE)
_DOCTORAL_CAREER = re.compile(
    r"post-?doc|(?:assistant|associate|full)\s+professor|\bprofessor\b|\blecturer\b"
    r"|research\s+scientist",
    re.IGNORECASE,
)
MAX_FOLLOWING_LINES = 4
INSTITUTION_LOOKBACK = 6
HEADING_LINE_MAX = 80
# Cells of a line: table gaps and separators.
_CELL = re.compile(r"\s{2,}|\s\|\s|:\s|;\s|\s[-–—·]\s|\t")
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")
DOCTORATE_MIN_YEARS = 3


def degree_level(text: str) -> tuple[str, re.Match] | None:
    """The degree level a line names and the match, or None (postdocs are not degrees)."""
    if _NOT_A_DEGREE.search(text):
        return None
    found = [(m.start(), level, m) for level, pattern in _LEVELS if (m := pattern.search(text))]
    if not found:
        return None
    _, level, match = min(found, key=lambda f: f[0])
    if _ABOUT_A_DEGREE.match(text, match.end()):
        return None  # "Master's thesis: …", "PhD committee member"
    return level, match


def extract_degrees(doc: CvDocument, *, today: date | None = None) -> list[DegreeRecord]:
    """The degrees listed in the CV's education sections (or, failing those, anywhere).

    Whether a degree is completed is judged as of the date the CV was written
    (:func:`candidates.extraction.dates.written_on`), never after ``today``.
    """
    lines = _respaced(doc.lines_of("education"))
    as_of = written_on(doc.lines, today=today, judged=doc.lines_of("education"))
    degrees = _degrees_in(lines, as_of)
    if degrees:
        return degrees
    if lines and _doctoral_career(doc):
        unnamed = _unnamed_doctorates(lines, as_of)
        if unnamed:
            return unnamed
    # No education section found: a degree named in the header or summary ("PhD student at X").
    # A degree in the header is a title the person holds ("Jane Doe, PhD"); in a summary or a
    # job, only its words tell.
    header = {id(line) for line in doc.lines_of("header")}
    nearby = _respaced(doc.lines_of("header", "summary", "experience"), keep=header)
    found = _degrees_in(nearby, as_of, listed=lambda line: id(line) in header)
    if found:
        return found[:3]
    # The education section was not recognised (its heading in a margin, say): degree entries
    # by their shape, anywhere.
    return _degrees_in(_respaced(doc.lines), as_of, entries_only=True)[:4]


def _respaced(lines: list[TextLine], keep: set[int] | None = None) -> list[TextLine]:
    """Lines whose every word gap came out doubled ("Ph.D.  in  Physics,  2012") read with
    single spaces, so that two spaces keep meaning a gap between table cells.

    A line in ``keep`` (by id) keeps its identity when it is respaced: the id is carried over.
    """
    out = []
    for line in lines:
        doubled = len(re.findall(r"\S {2}(?=\S)", line.text))
        single = len(re.findall(r"\S (?=\S)", line.text))
        if doubled >= 3 and doubled >= 3 * single:
            respaced = replace(line, text=re.sub(r"\s+", " ", line.text).strip())
            if keep is not None and id(line) in keep:
                keep.add(id(respaced))
            out.append(respaced)
        else:
            out.append(line)
    return out


def _degrees_in(
    lines: list[TextLine],
    as_of: date,
    *,
    listed: Callable[[TextLine], bool] = lambda line: True,
    entries_only: bool = False,
) -> list[DegreeRecord]:
    starts = [
        (i, found)
        for i, line in enumerate(lines)
        if (found := degree_level(line.text)) and not _mentioned_in_passing(lines, i, found[1])
    ]
    if entries_only:
        starts = [(i, found) for i, found in starts if _is_entry(lines, i, found[1])]
    dates_below = _below(lines, starts, _YEAR)
    school_below = _below(lines, starts, _INSTITUTION)
    heads = [
        _head_line(
            lines,
            index,
            previous=starts[n - 1][0] if n else -1,
            dates_below=dates_below,
            school_below=school_below,
        )
        for n, (index, _) in enumerate(starts)
    ]
    degrees = []
    for n, (index, (level, match)) in enumerate(starts):
        end = heads[n + 1] if n + 1 < len(starts) else len(lines)
        block = lines[heads[n] : min(end, index + 1 + MAX_FOLLOWING_LINES)]
        degree = _degree(level, match, block, lines, index, as_of, listed=listed(lines[index]))
        if degree.institution is None and not school_below:
            degree = replace(degree, institution=_institution_above(lines, index))
        degrees.append(degree)
    return _unique(degrees)


def _mentioned_in_passing(lines: list[TextLine], index: int, match: re.Match) -> bool:
    """A sentence that names a degree without dating or placing it ("Obtained as a PhD student
    before transferring") is not an entry of its own."""
    text = lines[index].text
    before = text[: match.start()]
    prose = len(re.findall(r"(?<![\w.])[a-z]+\b", before)) >= 2
    return prose and not _YEAR.search(text) and not _INSTITUTION.search(text)


def _is_entry(lines: list[TextLine], index: int, match: re.Match) -> bool:
    """A line that opens a degree entry: the degree first (after dates or a bullet), short, and
    a school named on it or on a neighbouring line."""
    text = lines[index].text
    lead = text[: match.start()]
    if len(text) > 100 or re.search(r"[^\W\d_]{3,}", _YEAR.sub("", lead)):
        return False
    near = [lines[j].text for j in (index - 1, index, index + 1) if 0 <= j < len(lines)]
    return any(_INSTITUTION.search(t) for t in near)


def _below(lines: list[TextLine], starts: list, detail: re.Pattern) -> bool:
    """Whether the entries give a detail (their dates, their school) below the degree line:
    the first degree has none on or above it, but one on the line or two below."""
    near = [
        i for i, _ in starts
        if any(detail.search(lines[j].text) for j in range(max(0, i - 2), min(len(lines), i + 3)))
    ]  # fmt: skip
    if not near:
        return False
    first = near[0]
    if any(detail.search(lines[j].text) for j in range(max(0, first - 2), first + 1)):
        return False
    after = lines[first + 1 : first + 3]
    return any(detail.search(line.text) and not degree_level(line.text) for line in after)


def _head_line(
    lines: list[TextLine],
    index: int,
    *,
    previous: int,
    dates_below: bool = False,
    school_below: bool = False,
) -> int:
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
    if (dates_below and _YEAR.search(text)) or (school_below and _INSTITUTION.search(text)):
        return index  # the dates or the school of the entry above
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
    as_of: date,
    *,
    listed: bool,
) -> DegreeRecord:
    line = lines[index]
    text = line.text
    if (
        _CONTINUES.search(text)
        and index + 1 < len(lines)
        and not degree_level(lines[index + 1].text)
    ):
        text = f"{text} {lines[index + 1].text}"  # "B.TECH IN ELECTRICAL AND" / "ELECTRONICS …"
    position = block.index(line) if line in block else 0
    dated = _dates_text(line, block, position)
    entry = " ".join(b.text for b in block)
    status, start_year, end_year = _status(f"{text}\n{dated}", dated, entry, as_of, listed=listed)
    institution = _institution(line, block)
    field = _field(text, match)
    if field and institution and institution.lower().startswith(field.lower()):
        field = None  # "Ph.D., Queen Mary University of London": the school, not a field
    field = field or _field_below(block[position + 1 : position + 3])
    if field and institution and field.lower() == institution.lower():
        field = None
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


def _dates_text(line: TextLine, block: list[TextLine], position: int) -> str:
    """The text of a degree's dates: its own line's, else the line above's, else below.

    A range may start on the line above and end on the degree line ("Aug 2019 -" over
    "May 2025 PhD Candidate"): both are read.
    """
    above = block[:position]
    if _YEAR.search(line.text):
        started = _range_start(above[-1].text) if above else None
        if started and not span_of(line.text).closed_range:
            return f"{started} - {line.text}"
        return line.text
    for candidate in [*above, *block[position + 1 : position + 3]]:
        if _YEAR.search(candidate.text):
            return candidate.text
    return ""


def _range_start(text: str) -> str | None:
    """The start of a range left open on a line ("Aug 2019 - University of X": "Aug 2019")."""
    for found in dates_in(text):
        after = text[found.end :]
        joiner = re.match(r"\s*[-–—]\s*", after)
        rest = after[joiner.end() :] if joiner else ""
        if joiner and not dates_in(rest[:12]) and not OPEN_END.match(rest):
            return text[found.start : found.end]
    return None


def _status(
    words: str, dated: str, entry: str, as_of: date, *, listed: bool
) -> tuple[str, int | None, int | None]:
    """(status, start year, end year) of a degree as of the CV's date.

    A degree is in progress when its entry says so ("expected 2026", "2021 - present", "ABD"),
    or when its end lies after the CV's date; a "PhD candidate" whose dates have ended is done.
    An undated degree listed under Education without such words is held; one mentioned
    elsewhere ("PhD in physics" in a summary) is unknown unless the text says it was awarded.
    """
    span = span_of(dated)
    years = [d.year for d in dates_in(dated)]
    end_year = max(years) if years else None
    start_year = min(years) if len(years) > 1 else None
    last = span.last
    ended = last is not None and not span.open_ended and not _after(last, as_of)
    if span.open_ended or _ONGOING.search(words):
        # "2019 - present": the only year is the start; "- 2028 (expected)": the end.
        single_past_year = len(years) == 1 and end_year is not None and end_year <= as_of.year
        if single_past_year and not _EXPECTED.search(dated):
            start_year, end_year = end_year, None
        return "in_progress", start_year, end_year
    if last is not None and _after(last, as_of):
        return "in_progress", start_year, end_year
    if _ENROLLED.search(words):
        if (ended and span.closed_range) or _AWARDED.search(entry):
            return "completed", start_year, end_year
        if len(years) == 1 and end_year is not None:
            start_year, end_year = end_year, None  # "PhD student, 2021": since 2021
        return "in_progress", start_year, end_year
    if end_year is not None or listed or _AWARDED.search(entry):
        return "completed", start_year, end_year
    return "unknown", start_year, end_year


def _after(found: Found, as_of: date) -> bool:
    """Whether a date lies after the CV's date; a year alone ("2021 - 2025") is after it only
    in a later year (a CV listing a degree's end in its own year without "expected" means it)."""
    if found.year != as_of.year or found.month is None:
        return found.year > as_of.year
    return found.month > as_of.month


def _field(text: str, match: re.Match) -> str | None:
    rest = text[match.end() :]
    rest = _HONOURS.sub("", re.sub(r"^\s*,\s*(?=with\b)", " ", rest))
    rest = _ROLE_WORD.sub("", rest)
    rest = re.sub(
        r"^\s*(?:of\s+(?:science|arts|engineering|technology|philosophy|business)\b)?",
        "",
        rest,
        flags=re.IGNORECASE,
    )
    rest = _HONOURS.sub("", rest)
    parenthesised = re.match(r"^\s*\(([^)]{3,80})\)", rest)
    if parenthesised:
        inner = parenthesised.group(1)
        ornament = re.search(r"hon|distinction|laude|expected|\d", inner, re.IGNORECASE)
        if not ornament and not degree_level(inner):
            return _clean_field(inner)
        rest = rest[parenthesised.end() :]
    rest = re.sub(r"^\s*(?:degree\s+)?(?:in|of|:|,|-|–|\||;)\s*", "", rest, flags=re.IGNORECASE)
    rest = _FIELD_NOISE.sub("", rest.strip())
    first_cell = re.split(r"\s{2,}|\s\|\s", rest, maxsplit=1)[0]
    school, comma, after = first_cell.partition(",")
    if (
        comma
        and _INSTITUTION.search(school)
        and not re.search(r"science|engineering", school, re.I)
    ):
        # "Ph.D., Harvard University, Economics": the school first, then the field.
        field = _FIELD_STOP.split(after.strip(), maxsplit=1)[0]
        return _clean_field(field.split(",")[0])
    field = _FIELD_STOP.split(rest, maxsplit=1)[0]
    return _clean_field(field.split(",")[0])


def _field_below(following: list[TextLine]) -> str | None:
    """A field written in a cell of the lines after the degree ("EECS  Advisors: …",
    "2015-2019  Computer Science, GPA 3.9"), when the degree line names none."""
    for line in following:
        if degree_level(line.text):
            return None
        for cell in re.split(r"\s{2,}|\s\|\s|\t", line.text.strip(" •◦●-–")):
            cell = re.sub(r"^[\W\d]*(?:present|now)?[\s,.;:]*", "", _strip_dates(cell))
            cell = cell.split(",")[0].strip(" .;")
            if (
                not cell
                or _NOT_A_FIELD_CELL.search(cell)
                or _INSTITUTION.search(cell)
                or not _FIELD_WORD.search(cell)
                or not cell[0].isupper()
                or len(cell.split()) > 8
            ):
                continue
            return _clean_field(cell)
    return None


def _strip_dates(text: str) -> str:
    for found in reversed(dates_in(text)):
        text = text[: found.start] + text[found.end :]
    return re.sub(r"^\s*(?:[-–—]\s*)+|(?:\s*[-–—])+\s*$", "", text).strip()


def _clean_field(field: str) -> str | None:
    field = _FIELD_NOISE.sub("", field.strip(" .,:;-–|"))
    if _INSTITUTION.search(field) and not re.search(r"science|engineering", field, re.IGNORECASE):
        return None
    if (
        not field
        or len(field) < 2
        or len(field) > 80
        or not re.search(r"[A-Za-z\u4e00-\u9fff]", field)
        or (len(field) < 3 and not field.isupper())
    ):
        return None
    return field.title() if field.isupper() and len(field) > 5 else field


def _institution(line: TextLine, block: list[TextLine]) -> str | None:
    """The school named on the degree line, else on the nearest line of its entry."""
    for source in [line, *block]:
        for cell in _CELL.split(source.text):
            if not _INSTITUTION.search(cell):
                continue
            candidate = _institution_in(cell)
            if candidate:
                return candidate
    # A table row "2014 - 2018  Ph.D.  Genetics  HUST": the school as an acronym in its cell.
    cells = [c.strip() for c in _CELL.split(line.text) if c.strip()]
    if len(cells) >= 3 and _ACRONYM.match(cells[-1]) and not degree_level(cells[-1]):
        return cells[-1]
    return None


def _institution_above(lines: list[TextLine], index: int) -> str | None:
    """The school heading a group of degrees ("Yale University" over "- Ph.D. …, 2009" and
    "- M.S. …, 2006"): the nearest line above naming a school and no degree."""
    for above in range(index - 1, max(-1, index - 1 - INSTITUTION_LOOKBACK), -1):
        text = lines[above].text
        if degree_level(text):
            continue
        if len(text) > HEADING_LINE_MAX:
            return None  # prose: the group's heading is not above it
        if _INSTITUTION.search(text):
            for cell in _CELL.split(text):
                if _INSTITUTION.search(cell) and (name := _institution_in(cell)):
                    return name
            return None
    return None


def _institution_in(cell: str) -> str | None:
    # "Ph.D., Hydrology, Wuhan University, Wuhan, China" -> the comma part naming the school.
    parts = [p.strip() for p in re.split(r",|\s+(?:at|from)\s+|\(|\)", cell)]
    for part in parts:
        found = degree_level(part)
        if found and _INSTITUTION.search(part):
            # "PhD Student Cornell University", "Ph.D. The University of Arizona"
            part = _ROLE_WORD.sub("", _HONOURS.sub("", part[found[1].end() :]))
            if re.match(r"\s*(?:in|of)\b", part, re.IGNORECASE):
                continue
            found = None
        if _INSTITUTION.search(part) and not found:
            name = re.sub(r"^(?:the\s+|[•◦●\-–]\s*)", "", part, flags=re.IGNORECASE).strip(" .")
            name = _strip_dates(name)
            name = re.sub(r"^(?:present|now|current)\b\W*", "", name, flags=re.IGNORECASE)
            name = name.strip(" -–—.")
            if 3 <= len(name) <= 100:
                return name.title() if name.isupper() and " " in name else name
    return None


def _doctoral_career(doc: CvDocument) -> bool:
    """Whether the CV lists a position that follows a doctorate (postdoc, professor)."""
    return any(
        _DOCTORAL_CAREER.search(line.text)
        for line in doc.lines_of("experience", "header", "summary", "education")
    )


def _unnamed_doctorates(lines: list[TextLine], as_of: date) -> list[DegreeRecord]:
    """Education entries that never name their degree but read as a doctorate: a school, several
    years, and a supervisor or thesis, in the CV of someone who went on to a postdoc or a chair.
    """
    degrees = []
    for index, line in enumerate(lines):
        span = span_of(line.text)
        if not (_INSTITUTION.search(line.text) and span.closed_range and span.first and span.last):
            continue
        if span.last.year - span.first.year < DOCTORATE_MIN_YEARS:
            continue
        following = lines[index + 1 : index + 3]
        if not any(_SUPERVISED.search(f.text) for f in following):
            continue
        status, start_year, end_year = _status(line.text, line.text, line.text, as_of, listed=True)
        rest = _strip_dates(line.text)
        institution = _institution(TextLine(rest, line.page), [])
        field = None
        named = re.match(
            rf"(.*?\b(?i:{_SCHOOL_WORD})\b(?:\s+of(?:\s+[A-Z][\w.-]*)+)?)\s+(.+)$", rest
        )
        if named and _FIELD_WORD.search(named.group(2)):
            # "Stanford University Geophysics": the school, then the field.
            institution = _institution_in(named.group(1)) or institution
            field = _clean_field(named.group(2))
        degrees.append(
            DegreeRecord(
                level="phd",
                field=field,
                institution=institution,
                year=end_year,
                status=status,
                quote=" ".join(" ".join(b.text for b in [line, *following]).split())[:300],
                page=line.page,
                start_year=start_year,
            )
        )
    return degrees[:1]


def _unique(degrees: list[DegreeRecord]) -> list[DegreeRecord]:
    """One record per degree; a bare mention (no field, school or year) beside a full entry of
    the same level is that entry."""
    seen, unique = set(), []
    for degree in degrees:
        key = (degree.level, degree.field, degree.year, degree.institution)
        if key not in seen:
            seen.add(key)
            unique.append(degree)
    merged = list(unique)
    for part in unique:
        full = next((d for d in merged if d is not part and _same_degree(d, part)), None)
        if full is not None:
            filled = replace(
                full,
                field=full.field or part.field,
                institution=full.institution or part.institution,
            )
            merged = [filled if d is full else d for d in merged if d is not part]
    return merged


def _same_degree(full: DegreeRecord, part: DegreeRecord) -> bool:
    """Whether an undated mention (a title under the name, "I hold a PhD in X") is the dated
    entry ``full``: the same level, and no field or school that disagrees."""
    if full.level != part.level or part.year is not None or full.year is None:
        return False
    return all(
        mine is None or theirs is None or mine.lower() in theirs.lower()
        for mine, theirs in ((part.field, full.field), (part.institution, full.institution))
    )
