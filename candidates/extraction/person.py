"""Who a CV is about: name, emails and links, and nothing else about the person.

The name is the most prominent short line at the top of the first page. Date of birth, age,
gender, nationality, marital status and photos are never read: they must not influence
screening, so they are not extracted at all.
"""

from __future__ import annotations

import re

from candidates.extraction.document import CvDocument, PersonRecord, TextLine
from candidates.extraction.sections import letter_spaced_words, lexicon_kind

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_URL = re.compile(
    r"(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|linkedin\.com|scholar\.google\.[a-z.]+"
    r"|orcid\.org|twitter\.com|x\.com|[A-Za-z0-9-]+\.github\.io|[A-Za-z0-9-]+\.(?:io|me|ai|dev))"
    r"(?:/[^\s|,;)]*)?"
    r"|https?://[^\s|,;)]+",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"curriculum|vitae|\bresume\b|résumé|\bcv\b|@|https?:|www\.|\d|phone|email|address"
    r"|university|institute|college|laboratory|department|\blab\b|ph\.?\s?d|master|bachelor"
    r"|personal|details|information|contact|profile|summary|birth|\bdate\b"
    # A headline under the name ("Senior Data Scientist") is a job, not a person.
    r"|scientist|engineer|researcher|developer|analyst|student|candidate|professor|lecturer"
    r"|manager|consultant|intern\b|postdoc|designer|architect",
    re.IGNORECASE,
)
# "Full name: Ada Lovelace" in a personal-details list.
_NAME_FIELD = re.compile(r"^\W*(?:full\s+)?name\s*[:：]\s*(?P<name>.+)$", re.IGNORECASE)
# A nickname between quotes: "Shengyi “Costa” Huang" is written "Shengyi Huang" in papers.
_NICKNAME = re.compile(r"\s*[“\"‘'][^”\"’']{1,20}[”\"’'](?=\s+\S)")
_TITLES = re.compile(r"^(?:dr|prof|mr|ms|mrs|miss)\.?\s+", re.IGNORECASE)
_TRAILING = re.compile(r"\s*(?:,|\s[–—|·•-]\s).*$|\s*\([^)]*\)\s*$")
_POSTNOMINALS = re.compile(r",?\s+(?:ph\.?\s?d|m\.?sc|msc|mba|md)\.?$", re.IGNORECASE)
HEADER_LINES = 8


def extract_person(doc: CvDocument) -> PersonRecord:
    """The candidate's name, and the emails and profile links of their CV's header.

    Referees' addresses and links inside publications are other people's or papers' and are
    left alone.
    """
    own = [s for s in doc.sections if s.kind not in ("references", "publications", "talks")]
    text = "\n".join(line.text for section in own for line in section.lines)
    if not _EMAIL.search(text):  # a header read out of place ends up in another section
        text = "\n".join(line.text for line in doc.lines if line.page == 1)
    emails = tuple(dict.fromkeys(m.group(0).strip(".") for m in _EMAIL.finditer(text)))
    top = "\n".join(line.text for line in doc.lines_of("header", "summary"))
    links = tuple(
        dict.fromkeys(
            m.group(0).rstrip(".")
            for m in _URL.finditer(top)
            if "@" not in m.group(0) and not any(m.group(0) in e for e in emails)
        )
    )
    return PersonRecord(name=_name(doc.lines, emails), emails=emails[:3], links=links[:8])


def _name(lines: list[TextLine], emails: tuple[str, ...]) -> str | None:
    first_page = [line for line in lines[: HEADER_LINES * 3] if line.page == 1]
    for line in first_page:
        if (field := _NAME_FIELD.match(line.text)) and (name := _as_name(field["name"])):
            return name
    top = first_page[:HEADER_LINES]
    candidates = [
        (line, name)
        for line in top
        if (name := _as_name(_unspaced(line.text, emails))) and not lexicon_kind(line.text)
    ]
    if not candidates:
        return None
    # The largest type wins; among equals, the first line.
    return max(candidates, key=lambda c: (c[0].size, -top.index(c[0])))[1]


def _unspaced(text: str, emails: tuple[str, ...]) -> str:
    """A letter-spaced name ("A N J A L I  D O E") as words.

    The text layer often loses the wider gap between the words; an email address whose local
    part spells the same letters ("anjali.doe92@") then says where the words break.
    """
    words = letter_spaced_words(text, letters=1, capitals=False)
    if words is None:
        return text
    if len(words) > 1:
        return " ".join(words)
    letters = words[0]
    for email in emails:
        parts = re.findall(r"[^\W\d_]+", email.split("@")[0])
        if len(parts) > 1 and "".join(parts).lower() == letters.lower():
            start, spelled = 0, []
            for part in parts:
                spelled.append(letters[start : start + len(part)])
                start += len(part)
            return " ".join(spelled)
    return text


def _as_name(text: str) -> str | None:
    """The line as a person's name, or None.

    A line of cells ("Ada Lovelace  London, UK") is named by its first cell; a wide-spaced
    name ("Lei  Yan", whose first cell is one word) by the whole line.
    """
    first = re.split(r"\s{2,}", text.strip())[0]
    if first != text.strip() and len(first.split()) > 1 and (name := _as_name_cell(first)):
        return name
    return _as_name_cell(" ".join(text.split())) or _as_name_cell(first)


def _as_name_cell(cell: str) -> str | None:
    cell = re.sub(r"\s*\([^)]*\)(?=\s+\S)", "", cell)  # "Yiren (Aaron) Zhao"
    cell = _NICKNAME.sub("", cell)
    cell = _TITLES.sub("", cell)
    cell = _TRAILING.sub("", cell).strip()
    cell = _POSTNOMINALS.sub("", cell).strip(" ,.")
    if not cell or _NOT_A_NAME.search(cell):
        return None
    words = cell.split()
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", cell):
        return cell if len(cell) <= 12 and len(words) <= 3 else None
    if not 2 <= len(words) <= 5 or len(cell) > 60:
        return None
    if not all(re.match(r"^[^\W\d_][\w.'’-]*$", w) for w in words):
        return None
    if not all(w[0].isupper() for w in words if len(w) > 3 and w.lower() not in _PARTICLES):
        return None
    return " ".join(_proper_case(w) for w in words) if cell.isupper() else cell


_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "bin"}


def _proper_case(word: str) -> str:
    if word.lower() in _PARTICLES:
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))  # "DELACROIX-MOSS"
