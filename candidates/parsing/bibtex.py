"""Reading BibTeX files as personal websites and CV templates write them.

bibtexparser (v2) splits the file into blocks and reports the blocks it could not read;
everything after splitting is done here: ``@string`` macros and ``#`` concatenations are
expanded, LaTeX is decoded to Unicode (pylatexenc), author markers written in LaTeX
(``$^*$``, ``\\textsuperscript{*}``, ``\\dag``) are kept as plain marks, and "Last, First" names
are turned around. A malformed entry is skipped with a warning and the others are still read.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

from candidates.parsing.entries import (
    OTHERS,
    PublicationListResult,
    RawPublication,
    arxiv_notes,
    build_publication,
    clean_text,
    clean_title,
    clean_venue,
    extract_notes,
    parse_year,
    split_markers,
    with_markers,
)

# In order of preference; the first field that holds a readable venue wins.
VENUE_FIELDS = (
    "booktitle",
    "journal",
    "journaltitle",
    "eventtitle",
    "howpublished",
    "publisher",
    "school",
    "institution",
)
_NON_ENTRY_BLOCKS = ("@string", "@comment", "@preamble")

_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
# bibtexparser logs every block it cannot split, quoting it; uploads are personal data, and
# those blocks become warnings for the user instead.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def parse_bibtex(text: str) -> PublicationListResult:
    """Every entry of a BibTeX file that has a title; the others become warnings."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    strings: dict[str, str] = {}
    titles_by_key: dict[str, str] = {}
    publications: list[RawPublication] = []
    warnings: list[str] = []
    number = 0
    for block in library.blocks:
        if isinstance(block, String):
            strings[block.key.lower()] = _value(block.value, strings)
            continue
        if isinstance(block, ImplicitComment):
            if _LOOSE_FIELD.search(block.comment):
                warnings.append(
                    f"The text at line {(block.start_line or 0) + 1} looks like a BibTeX entry "
                    "without its “@type{key,” line; it was skipped."
                )
            continue
        if not _is_entry(block):
            continue
        number += 1
        entry = _readable_entry(block)
        label = f"Entry {number} ({_key_of(block)})"
        if entry is None:
            warnings.append(f"{label} was skipped: {_failure_reason(block)}.")
            continue
        fields = _fields(entry, strings)
        title = clean_title(_latex_to_text(fields.get("title", "")))
        if not title:
            warnings.append(f"{label} was skipped: it has no title.")
            continue
        key = entry.key.lower()
        if isinstance(block, DuplicateBlockKeyBlock) and titles_by_key.get(key) == title.lower():
            warnings.append(f"{label} was skipped: it repeats an earlier entry.")
            continue
        titles_by_key.setdefault(key, title.lower())
        publications.append(_publication(entry, fields, title))
    return PublicationListResult("bibtex", publications, warnings)


_LOOSE_FIELD = re.compile(r"^\s*title\s*=\s*[{\"]", re.IGNORECASE | re.MULTILINE)


def _publication(entry: Entry, fields: dict[str, str], title: str) -> RawPublication:
    venue, statuses = _venue(fields)
    return build_publication(
        title=title,
        authors=_authors(fields.get("author", "")),
        year=parse_year(fields.get("year")) or parse_year(fields.get("date")),
        venue=venue,
        entry_type=entry.entry_type.lower(),
        notes=[
            _latex_to_text(fields.get("note", "")),
            fields.get("pubstate"),
            *statuses,
            *_arxiv(fields),
            *_kind_labels(fields),
        ],
        raw=entry.raw or "",
    )


# --- blocks --------------------------------------------------------------------------------------


def _is_entry(block: Block) -> bool:
    if isinstance(block, Entry):
        return True
    if isinstance(block, ParsingFailedBlock):
        return not (block.raw or "").lower().startswith(_NON_ENTRY_BLOCKS)
    return False


def _readable_entry(block: Block) -> Entry | None:
    """The entry of a block: a duplicate key or a repeated field still gives a usable entry."""
    if isinstance(block, Entry):
        return block
    if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock) and isinstance(
        block.ignore_error_block, Entry
    ):
        return block.ignore_error_block
    return None


def _key_of(block: Block) -> str:
    if isinstance(block, Entry):
        return block.key
    match = _KEY.match(block.raw or "")
    return match.group(1) if match else f"line {(block.start_line or 0) + 1}"


_KEY = re.compile(r"\s*@\s*\w+\s*[{(]\s*([^,\s}]+)")


def _failure_reason(block: Block) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", "") or str(error or "")
    line = (block.start_line or 0) + 1
    if "closing" in reason or "end of file" in reason:
        return f"a brace or quote opened in it (line {line}) is never closed"
    return f"its BibTeX is malformed (line {line})"


# --- field values --------------------------------------------------------------------------------


def _fields(entry: Entry, strings: dict[str, str]) -> dict[str, str]:
    """The entry's fields by lowercase name, macros expanded; a repeated field keeps its first
    value, as BibTeX itself does."""
    fields: dict[str, str] = {}
    for field in entry.fields:
        fields.setdefault(field.key.lower(), _value(str(field.value), strings))
    return fields


def _value(raw: str, strings: dict[str, str]) -> str:
    """A field value without delimiters, with ``@string`` macros and ``#`` joins expanded."""
    return "".join(_part(part.strip(), strings) for part in _concatenated(raw))


def _concatenated(raw: str) -> list[str]:
    """The parts of ``a # {b} # "c"``: split at ``#`` outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return parts


def _part(part: str, strings: dict[str, str]) -> str:
    if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
        return part[1:-1]
    return strings.get(part.lower(), part)


def _latex_to_text(value: str) -> str:
    """Unicode text of a LaTeX value; plain values skip the (slow) LaTeX parser."""
    if not _LATEX.search(value):
        return clean_text(value)
    try:
        return clean_text(_latex.latex_to_text(value))
    except RecursionError:  # braces nested hundreds deep: keep the text without them
        return clean_text(value.replace("{", "").replace("}", ""))


_LATEX = re.compile(r"[\\{}$~^]|--")


# --- authors -------------------------------------------------------------------------------------


def _authors(value: str) -> list[str]:
    names = split_multiple_persons_names(clean_text(value))
    if len(names) == 1 and _is_comma_list(names[0]):
        # "Lei Yan, Dongyang Lu, Lihua Xiong": a list written without "and".
        names = names[0].split(",")
    return [_author(name) for name in names if name.strip()]


def _is_comma_list(value: str) -> bool:
    parts = [part.split() for part in value.split(",")]
    return len(parts) >= 3 and all(len(words) >= 2 for words in parts)


def _author(source: str) -> str:
    """One BibTeX name as "First Last", decoded, with its markers at the end."""
    name, markers = split_markers(_latex_to_text(_unicode_markers(source)))
    name = _DBLP_NUMBER.sub("", name)
    if name.lower() == OTHERS:
        return OTHERS
    if "," in name:
        parts = parse_single_name_into_parts(name, strict=False)
        name = " ".join(parts.first + parts.von + parts.last + parts.jr)
    return with_markers(name, markers)


def _unicode_markers(name: str) -> str:
    """LaTeX-written author marks as the characters they print ("Doe$^\\dagger$" -> "Doe†")."""
    for pattern, replacement in _MARKER_MACROS:
        name = pattern.sub(replacement, name)
    return name


_MARKER_MACROS = (
    (re.compile(r"\\textsuperscript\s*\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(ddagger|ddag)\b\s*(\{\})?"), "‡"),
    (re.compile(r"\\(dagger|dag)\b\s*(\{\})?"), "†"),
    (re.compile(r"\\ast\b\s*(\{\})?"), "*"),
    (re.compile(r"\\#"), "#"),
    # What is left of math superscripts around marks: "$^{*}$" -> "*".
    (re.compile(r"(?<!\\)\$?\^\s*\{([^{}]*)\}\$?"), r"\1"),
    (re.compile(r"\$\^?([*†‡#]+)\$"), r"\1"),
)
# DBLP tells homonyms apart with a number after the name: "Bin Yang 0002".
_DBLP_NUMBER = re.compile(r"\s+\d{4}$")


# --- venue and notes -----------------------------------------------------------------------------


def _venue(fields: dict[str, str]) -> tuple[str | None, list[str]]:
    """The first venue field that says more than a status or a link, and the status said by
    the fields before it ("journal = {Under review}")."""
    statuses: list[str] = []
    for name in VENUE_FIELDS:
        text = _latex_to_text(fields.get(name, ""))
        rest, notes = extract_notes(text)
        if clean_venue(rest):
            return text, statuses
        statuses.extend(notes)
    # An al-folio badge is the only venue some entries have: "abbr = {arXiv}".
    abbr = _latex_to_text(fields.get("abbr", ""))
    return (abbr if clean_venue(abbr) else None), statuses


def _kind_labels(fields: dict[str, str]) -> list[str]:
    """What the fields besides the venue say about the kind or track of a work.

    Websites built with al-folio badge each entry with ``abbr = {CVPRW}`` and sometimes type
    it (``abbrtype = {workshop}``); a ``series`` may name the workshops or the track
    ("CVPR Workshops", "NeurIPS Datasets and Benchmarks Track"). They become notes, which
    the venue normalizer reads as labels.
    """
    labels = [_latex_to_text(fields.get(name, "")) for name in _TYPE_FIELDS]
    for name in ("abbr", "series"):
        value = _latex_to_text(fields.get(name, ""))
        if _KIND_WORDS.search(value):
            labels.append(value)
    return [label for label in labels if label]


_TYPE_FIELDS = ("abbrtype", "abbr_type", "venuetype", "venue_type")
_KIND_WORDS = re.compile(
    r"(?i:\b(workshops?|demos?|demonstrations?|findings|tutorials?|extended\s+abstracts?|"
    r"student\s+abstracts?|tiny\s+papers?|datasets?\s*(and|&)\s*benchmarks?)\b)"
    r"|\b[A-Z][A-Za-z]{0,8}[A-Z]W\b"
)


def _arxiv(fields: dict[str, str]) -> list[str]:
    """ "arXiv:<id>" for an arXiv eprint, an al-folio ``arxiv`` field or an arXiv URL."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    bare_ids = [fields.get("arxiv", "")]
    if prefix == "arxiv":
        bare_ids.append(fields.get("eprint", ""))
    return arxiv_notes([*(f"arXiv:{value}" for value in bare_ids if value), fields.get("url", "")])
