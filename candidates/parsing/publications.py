"""Reading a publication list (BibTeX, RIS, CSL-JSON or plain text) into raw publication entries.

:func:`parse_publication_list` decodes an upload, recognises its format from the content and
hands it to the parser of that format; the entries they build, and the helpers that clean them,
live in :mod:`candidates.parsing.entries`, below every parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath

import numpy as np

from candidates.parsing import bibtex, csl, plain, ris
from candidates.parsing.entries import SUPPORTED, PublicationListError, PublicationListResult
from candidates.parsing.text import TextUnreadable, decode_text

# The longest of 34 real lists has 96 entries in 45 KB; a reference manager's export of a
# thousand papers with abstracts is about 1.5 MB. Plain text is the slowest to read.
MAX_LIST_CHARACTERS = {"plain": 1_000_000}
MAX_OTHER_LIST_CHARACTERS = 2_000_000
MAX_LIST_ENTRIES = 2_000
MAX_NESTING = 64
_SPLIT_LIST = "Upload the candidate's own publications, or split the list into several files."
_ENTRY_STARTS = {
    "bibtex": re.compile(r"^[ \t]*@", re.MULTILINE),
    "ris": re.compile(r"^TY  -", re.MULTILINE),
    "csl_json": re.compile(r"\"title\"\s*:"),
}
_NESTING = {"bibtex": ("{(", "})"), "csl_json": ("[{", "]}")}


def parse_publication_list(content: bytes, *, filename: str = "") -> PublicationListResult:
    """Read every publication of an uploaded list, whatever its format."""
    try:
        text = decode_text(content)
    except TextUnreadable as exc:
        raise PublicationListError(str(exc)) from exc
    kind = detect_format(text, filename)
    check_list_limits(text, kind)
    parsers: dict[str, Callable[[str], PublicationListResult]] = {
        "bibtex": bibtex.parse_bibtex,
        "ris": ris.parse_ris,
        "csl_json": csl.parse_csl_json,
        "plain": plain.parse_plain_entries,
    }
    result = parsers[kind](text)
    if not result.publications:
        raise PublicationListError(_nothing_read_message(kind, result.warnings))
    return result


def check_list_limits(text: str, kind: str) -> None:
    """Refuse, in milliseconds, a list that would hold a worker for long or is not a list at all.

    Every parser is linear in entries of sane shape; what makes one slow is sheer size (millions
    of records) or nesting (a BibTeX value of a million braces). Both are counted here with
    C-speed scans before anything is parsed.
    """
    limit = MAX_LIST_CHARACTERS.get(kind, MAX_OTHER_LIST_CHARACTERS)
    if len(text) > limit:
        raise PublicationListError(
            f"The list has {len(text) / 1e6:.1f} million characters; lists of up to "
            f"{limit / 1e6:.0f} million are read. {_SPLIT_LIST}"
        )
    entries = len(_ENTRY_STARTS[kind].findall(text)) if kind in _ENTRY_STARTS else 0
    if kind == "plain":
        entries = text.count("\n") // 3  # an entry takes about three lines
    if entries > MAX_LIST_ENTRIES:
        raise PublicationListError(
            f"The list holds about {entries:,} entries; lists of up to {MAX_LIST_ENTRIES:,} "
            f"are read. {_SPLIT_LIST}"
        )
    openers, closers = _NESTING.get(kind, ("", ""))
    if openers and nesting_depth(text, openers, closers) > MAX_NESTING:
        raise PublicationListError(
            f"The list nests brackets more than {MAX_NESTING} deep, which no reference manager "
            "writes; the file is damaged or was made by hand. Export it again."
        )


def nesting_depth(text: str, openers: str, closers: str) -> int:
    """How deep the brackets of ``text`` nest (brackets in strings count too: an overestimate)."""
    kept = re.sub(f"[^{re.escape(openers + closers)}]+", "", text)
    if not kept:
        return 0
    steps = np.frombuffer(kept.encode("ascii"), dtype=np.uint8)
    depth = np.cumsum(np.where(np.isin(steps, list(openers.encode())), 1, -1), dtype=np.int64)
    return int(depth.max(initial=0))


def detect_format(text: str, filename: str = "") -> str:
    """The format of a publication list: what its content shows, the extension breaking ties."""
    candidates = [
        kind
        for kind, pattern in (
            ("bibtex", _BIBTEX_SIGNATURE),
            ("ris", _RIS_SIGNATURE),
            ("csl_json", _JSON_SIGNATURE),
        )
        if pattern.search(text)
    ]
    if not candidates:
        return "plain"
    by_extension = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    return by_extension if by_extension in candidates else candidates[0]


_BIBTEX_SIGNATURE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_RIS_SIGNATURE = re.compile(r"^\s*TY {1,2}- ", re.MULTILINE)
# A JSON document opens with an object or an array of objects; "[1] A. Author..." does not.
_JSON_SIGNATURE = re.compile(r"\A\s*(\{|\[\s*(\{|\]))")
_EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".ris": "ris",
    ".json": "csl_json",
    ".csl": "csl_json",
    ".txt": "plain",
}
_FORMAT_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csl_json": "CSL-JSON", "plain": "text"}


def _nothing_read_message(kind: str, warnings: list[str]) -> str:
    if warnings:
        return (
            f"No publication could be read from this {_FORMAT_NAMES[kind]} file: every entry "
            f"had a problem (first: {warnings[0]}). {SUPPORTED}"
        )
    return f"No publication could be read from this file. {SUPPORTED}"
