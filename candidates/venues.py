"""Recognise where a publication appeared from the venue text a CV or a bibliography gives.

``normalize_venue("Proc. of the 40th International Conference on Machine Learning (ICML)")``
returns ``Venue(venue="ICML", kind="conference", track="main", tier="top", area="ml",
status="published")``. The reference data lives in ``data/venues.json``; ``data/VENUES.md`` says
where it comes from, what the tiers mean and how to add a venue.

The venue text decides: a NeurIPS paper filed as ``@article`` is a conference paper. The entry
type only fills in what the text cannot say (an unknown name, a thesis, an empty field).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz, process

DATA_FILE = Path(__file__).resolve().parent / "data" / "venues.json"

KINDS = ("conference", "journal", "workshop", "preprint", "thesis", "other")
TRACKS = (
    "main", "findings", "datasets_benchmarks", "demo", "short", "student", "industry", "position",
    "tutorial", "extended_abstract", "blog_post", "competition", "open_problem",
)  # fmt: skip
# How the pages name each track (the codes above are what the API and `analyze` carry).
TRACK_LABELS = {
    "main": "main track", "findings": "Findings", "datasets_benchmarks": "Datasets and Benchmarks",
    "demo": "demo", "short": "short paper", "student": "student", "industry": "industry track",
    "position": "position paper", "tutorial": "tutorial", "extended_abstract": "extended abstract",
    "blog_post": "blog post", "competition": "competition track", "open_problem": "open problem",
}  # fmt: skip
TIERS = ("top", "strong", "other")
STATUSES = ("published", "accepted", "under_review", "preprint")

# Longer inputs are cut: no venue name is this long, and it bounds the work done on garbage.
MAX_INPUT_LENGTH = 600
# Fuzzy matching only for long names, where a typo cannot turn one venue into another one.
FUZZY_MIN_LENGTH = 24
FUZZY_MIN_SCORE = 95


@dataclass(frozen=True)
class Venue:
    """Where a publication appeared, as far as the venue text tells.

    ``venue`` is the canonical acronym ("NeurIPS") or a cleaned name; None when nothing is known
    or when the paper is only submitted. ``kind`` is one of ``KINDS``, ``track`` one of
    ``TRACKS`` (conferences only), ``tier`` one of ``TIERS`` (None when unknown), ``area`` a
    short area code of the venue and ``status`` one of ``STATUSES`` (None for theses and
    "other").
    """

    venue: str | None
    kind: str
    track: str | None = None
    tier: str | None = None
    area: str | None = None
    status: str | None = None


UNDER_REVIEW = Venue(venue=None, kind="preprint", status="under_review")
UNPUBLISHED = Venue(venue=None, kind="preprint", status="preprint")
THESIS = Venue(venue=None, kind="thesis")


def normalize_venue(
    venue_raw: str | None,
    *,
    entry_type: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> Venue:
    """Recognise the venue named by ``venue_raw``.

    ``entry_type`` is a BibTeX, RIS or CSL type; ``note`` any other text of the entry
    ("under review", "to appear", "arXiv:2301.00001"). A title says nothing reliable about the
    venue (a title with "workshop" in it is not a workshop paper), except that one opening
    "Open Problem:" is a note of the open-problems track (COLT's), not a main-track paper.
    Never raises.
    """
    note = _clip(note)
    if title and _OPEN_PROBLEM_TITLE.match(title):
        note = f"{note}; open problem" if note else "open problem"
    return _normalize(
        _clip(venue_raw), note, _ENTRY_TYPE_KINDS.get((entry_type or "").strip().lower())
    )


# Opening the venue text: "In the COLT 2007 Special Issue of Machine Learning" (and not
# "COLT 2007. Invited to the special issue of ...").
_SPECIAL_ISSUE = re.compile(
    r"^\W*(?:in\s+)?(?:the\s+)?(?:[A-Z][\w'\u2019-]*\s+)?(?:\d{2,4}\s+)?"
    r"special\s+issue\s+(?:of|in)\s+(?:the\s+)?(?P<journal>.+)",
    re.IGNORECASE,
)
_OPEN_PROBLEM_TITLE = re.compile(r"\s*open\s+problems?\s*:", re.IGNORECASE)


def _clip(text: str | None) -> str:
    return text[:MAX_INPUT_LENGTH] if isinstance(text, str) else ""


# Each entry type says what kind of work it is when the venue text cannot. CSL's "article"
# (a preprint) collides with BibTeX's @article; BibTeX is by far the more common source, so
# "article" means a journal article.
_ENTRY_TYPE_KINDS = {
    **dict.fromkeys(
        ("article", "article-journal", "article-magazine", "jour", "ejour", "jfull", "mgzn"),
        "journal",
    ),
    **dict.fromkeys(
        ("inproceedings", "conference", "proceedings", "paper-conference", "conf", "cpaper"),
        "conference",
    ),
    **dict.fromkeys(("phdthesis", "mastersthesis", "bachelorthesis", "thesis", "thes"), "thesis"),
    **dict.fromkeys(
        ("unpublished", "manuscript", "techreport", "report", "unpb", "rprt", "manscpt"),
        "preprint",
    ),
}


# --- the decision --------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _normalize(raw: str, note: str, type_kind: str | None) -> Venue:
    raw, note = _plain(raw), _plain(note)
    accepted = bool(_ACCEPTED.search(raw) or _ACCEPTED.search(note))
    if not accepted and (_UNDER_REVIEW.search(raw) or _UNDER_REVIEW.search(note)):
        return UNDER_REVIEW
    # A thesis says so in its venue, or in a note of the list ("Theses", "Master's Thesis:").
    if type_kind == "thesis" or _THESIS.search(raw) or "thesis" in note.lower().split("; "):
        return THESIS
    text = _venue_text(raw, note) if accepted else raw
    status = "accepted" if accepted else None
    unpublished = not accepted and bool(_UNPUBLISHED.search(raw) or _UNPUBLISHED.search(note))

    if not _has_letters(text):
        # An empty venue with an arXiv identifier in the note is an arXiv preprint.
        server = _find(_ARXIV_ID.sub(" arXiv ", note)) if note and not accepted else None
        if server and server.record.kind == "preprint":
            return _preprint(server.record, status)
        if unpublished:
            return UNPUBLISHED
        return _empty_venue(type_kind, status)

    special = _SPECIAL_ISSUE.match(text)
    if special and _has_letters(special.group("journal")):
        # "In the COLT 2007 Special Issue of Machine Learning": the journal's, not COLT's.
        text = special.group("journal")
    found = _find_named(text)
    if found and found.record.kind == "preprint":
        return _preprint(found.record, status)
    if unpublished:
        return UNPUBLISHED
    if found and not found.as_workshop and _says_workshop(note):
        # "booktitle = {ICML}, note = {Workshop}", an al-folio "abbr = {ICMLW}": a workshop.
        found = found._replace(as_workshop=found.record.kind == "conference")
    track = _track(f"{text} {note}")
    if found:
        return _known_venue(found, text, track, status or "published")
    return _unknown_venue(text, type_kind, track, status)


def _venue_text(raw: str, note: str) -> str:
    """The venue an accepted paper is accepted at: "Accepted at ICML 2024" -> "ICML 2024"."""
    named_in_raw = _named_after_acceptance(raw)
    if named_in_raw:
        return named_in_raw
    remainder = _ACCEPTED.sub(" ", raw)
    named_in_note = _named_after_acceptance(note)
    if named_in_note and _names_no_venue_but_a_preprint_server(remainder):
        return named_in_note
    return remainder


def _named_after_acceptance(text: str) -> str:
    """What follows "accepted at" / "to appear in", unless it is only a date."""
    match = _ACCEPTANCE_TARGET.search(text)
    rest = match["rest"] if match else ""
    return rest if _light(rest) else ""


def _names_no_venue_but_a_preprint_server(text: str) -> bool:
    if not _has_letters(text):
        return True
    found = _find(text)
    return found is not None and found.record.kind == "preprint"


def _preprint(record: VenueRecord, status: str | None) -> Venue:
    return Venue(
        venue=record.acronym, kind="preprint", area=record.area, status=status or "preprint"
    )


def _empty_venue(type_kind: str | None, status: str | None) -> Venue:
    """Nothing names a venue: the entry type may still say what kind of work it is."""
    if type_kind in ("conference", "journal"):
        return Venue(venue=None, kind=type_kind, status=status or "published")
    if type_kind == "preprint":
        return UNPUBLISHED
    return Venue(venue=None, kind="other", status=status)


def _known_venue(found: Match, text: str, track: str | None, status: str) -> Venue:
    record = found.record
    if found.as_workshop or record.kind == "workshop" or _is_workshop_of(record, text):
        # A workshop is graded "other" whatever its parent, and has no track except the
        # student research workshops, which are told apart from the rest.
        return Venue(
            venue=record.acronym,
            kind="workshop",
            track="student" if track == "student" else None,
            tier="other",
            area=record.area,
            status=status,
        )
    if record.kind == "conference":
        track = track or "main"
        return Venue(
            venue=record.acronym,
            kind="conference",
            track=track,
            tier=_tier_of_track(record.tier, track),
            area=record.area,
            status=status,
        )
    return Venue(
        venue=record.acronym, kind=record.kind, tier=record.tier, area=record.area, status=status
    )


def _is_workshop_of(record: VenueRecord, text: str) -> bool:
    # Some venues are workshops by name only ("IEEE Automatic Speech Recognition and
    # Understanding Workshop"): the word "workshop" then names the venue, not a workshop of it.
    return bool(_WORKSHOP.search(text)) and not record.named_workshop


# The most a track is worth, whatever its venue is worth: Findings is not the main conference.
_TRACK_TIER_CAPS = {
    "findings": "strong",
    "industry": "strong",
    "demo": "other",
    "student": "other",
    "tutorial": "other",
    "extended_abstract": "other",
    "blog_post": "other",
    "competition": "other",
    "open_problem": "other",
}


def _tier_of_track(tier: str | None, track: str) -> str | None:
    cap = _TRACK_TIER_CAPS.get(track)
    if tier is None or cap is None:
        return tier
    return max(tier, cap, key=TIERS.index)


def _unknown_venue(
    text: str, type_kind: str | None, track: str | None, status: str | None
) -> Venue:
    kind = _kind_from_wording(text) or type_kind
    if kind == "preprint":
        return Venue(venue=None, kind="preprint", status=status or "preprint")
    if kind not in ("conference", "journal", "workshop"):
        return Venue(venue=None, kind="other", status=status)
    return Venue(
        venue=_own_acronym(text) or _display_name(text),
        kind=kind,
        track=track if kind == "conference" else None,
        status=status or "published",
    )


_OWN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&-]{1,11})(?:[\s'’]*\d{2,4})?\s*\)")


def _own_acronym(text: str) -> str | None:
    """The acronym an unknown venue gives itself: "… Image Processing (MVIP)" is MVIP."""
    for match in _OWN_ACRONYM.finditer(text):
        acronym = match.group(1)
        if sum(c.isupper() for c in acronym) >= 2:
            return acronym
    return None


def _kind_from_wording(text: str) -> str | None:
    """What an unknown venue is, from the words of its name; None when they do not say."""
    if _WORKSHOP.search(text):
        return "workshop"
    if _CONFERENCE_WORDS.search(text):
        return "conference"
    if _JOURNAL_WORDS.search(text):
        return "journal"
    if _PROCEEDINGS.search(text):
        return "conference"
    return None


def _says_workshop(note: str) -> bool:
    """Whether one of the notes of an entry ("; "-separated) is the label "workshop"
    ("Workshop", "(workshop paper)", "CVPRW"), not a sentence that mentions one."""
    return any(_WORKSHOP_LABEL.fullmatch(part.strip()) for part in note.split(";"))


# "Workshop", "(workshop paper)", "ICML 2023 Workshop", or an acronym with a W: "CVPRW".
_WORKSHOP_LABEL = re.compile(
    r"[(\[]?\s*(?:(?:[A-Za-z]{2,10}\s*(?:'?\d{2,4}\s*)?)?(?i:workshops?(?:\s+papers?)?)"
    r"|[A-Z][A-Za-z]{0,8}[A-Z]W(?:\s*'?\d{2,4})?)\s*[)\]]?"
)


def _track(text: str) -> str | None:
    lowered = text.lower()
    for track, pattern in _TRACK_PATTERNS:
        if pattern.search(lowered):
            return track
    return None


_TRACK_PATTERNS = tuple(
    (track, re.compile(pattern))
    for track, pattern in (
        ("findings", r"\bfindings\b"),
        ("datasets_benchmarks", r"\bdatasets?\s*(?:and|&)\s*benchmarks?\b"),
        (
            "student",
            # ("Best Student Paper Award" is a prize, not a track.)
            r"\b(?<!best )student\s+(?:research\s+workshop|abstracts?|track|papers?)\b|\bsrw\b"
            r"|\bdoctoral\s+(?:consortium|symposium)\b",
        ),
        ("extended_abstract", r"\bextended\s+abstracts?\b|\blate[-\s]breaking\b"),
        ("blog_post", r"\bblog\s*posts?\s+track\b"),
        ("competition", r"\bcompetition\s+track\b"),
        ("open_problem", r"\bopen problem$|\bopen\s+problems?\s+(?:track|session)\b"),
        ("demo", r"\bdemo(?:nstration)?s?\b"),
        ("industry", r"\bindustr(?:y|ial)\s+(?:track|papers?|session)\b|\(\s*industry\s*\)"),
        ("position", r"\bposition\s+(?:paper\s+)?track\b|\bposition\s+papers?\b"),
        ("tutorial", r"\btutorials?\b"),
        ("short", r"\bshort\b"),
        ("main", r"\blong\s+papers?\b|\bmain\s+(?:conference|track|volume|proceedings)\b"),
    )
)


# --- status and kind wording ---------------------------------------------------------------

_UNDER_REVIEW = re.compile(
    r"\b(?:under|in)\s+(?:review|submission|revision)\b|\bsubmitted\b|\bsubmission\b"
    r"|\brolling\s+review\b|\b(?:major|minor)\s+revisions?\b|\brevise\s+and\s+resubmit\b",
    re.IGNORECASE,
)
_ACCEPTED = re.compile(
    r"\b(?:conditionally\s+)?accepted\b|\bto\s+appear\b|\bin\s+press\b|\bforthcoming\b",
    re.IGNORECASE,
)
_ACCEPTANCE_TARGET = re.compile(
    r"\b(?:(?:conditionally\s+)?accepted(?:\s+to\s+appear)?|to\s+appear|in\s+press|forthcoming)"
    r"(?:\s+for\s+publication|\s+as\s+(?:an?\s+)?\w+(?:\s+paper)?|\s+paper)?"
    r"(?:\s+(?:at|in|to|by|for|with|on))?[\s:,-]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_UNPUBLISHED = re.compile(
    r"\bpre-?prints?\b|\bin\s+preparation\b|\bworking\s+paper\b|\bmanuscript\b|\btargeting\b"
    r"|\btechnical\s+report\b|\btech\.?\s+rep(?:ort)?\b",
    re.IGNORECASE,
)
_ARXIV_ID = re.compile(r"\b\d{4}\.\d{4,5}(?:v\d+)?\b")
_THESIS = re.compile(r"\b(?:thesis|dissertation)\b", re.IGNORECASE)
_WORKSHOP = re.compile(
    r"\bworkshops?\b|\bworksop\b|\btiny\s+papers?\b|\bcompanion\b|\bdoctoral\s+consortium\b",
    re.IGNORECASE,
)
_CONFERENCE_WORDS = re.compile(
    r"\b(?:conference|conf|symposium|symp|congress|meeting|forum|summit|colloquium|convention)\b",
    re.IGNORECASE,
)
_JOURNAL_WORDS = re.compile(
    r"\b(?:journal|j|transactions|trans|letters|lett|magazine|annals|review|reviews|bulletin"
    r"|quarterly|surveys)\b",
    re.IGNORECASE,
)
_PROCEEDINGS = re.compile(r"\b(?:proceedings|proc)\b", re.IGNORECASE)


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


# --- cleaning text -------------------------------------------------------------------------

_DOI = re.compile(r"\bdoi\s*:?\s*(?:10\.\d{4,9}/\S*)?|\b10\.\d{4,9}/\S+", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)(?P<host>[^\s/]+)\S*", re.IGNORECASE)
_LATEX_ESCAPED = re.compile(r"\\([&%$#_])")
_LATEX_ACCENT = re.compile(r"\\[\"'`^~=.]")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?|\\\\")
_LATEX_MARKUP = str.maketrans({"{": None, "}": None, "$": None, "^": None, "~": " ", "\\": " "})
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_QUOTES = str.maketrans(dict.fromkeys("\u2018\u2019\u201b\u2032`", "'"))
_SPACES = re.compile(r"\s+")


def _plain(text: str) -> str:
    """Text without LaTeX, URLs, accents and odd whitespace; case is kept."""
    if not text:
        return ""
    text = _LATEX_ESCAPED.sub(r"\1", text)
    text = _LATEX_ACCENT.sub("", text)
    text = _LATEX_COMMAND.sub(" ", text).translate(_LATEX_MARKUP)
    # A link keeps the name of its site: "https://arxiv.org/abs/..." still says arXiv.
    text = _DOI.sub(" ", _URL.sub(_site_name, text)).replace("URL:", " ")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = text.translate(_DASHES).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def _site_name(url: re.Match[str]) -> str:
    labels = url["host"].lower().split(".")
    site = labels[-2] if len(labels) >= 2 else ""
    return f" {site} " if site in _PREPRINT_SITES else " "


_PREPRINT_SITES = frozenset({
    "arxiv", "openreview", "biorxiv", "medrxiv", "chemrxiv", "techrxiv", "ssrn",
    "researchsquare", "psyarxiv"
})  # fmt: skip


_YEAR_AFTER_LETTERS = re.compile(r"(?<=[A-Za-z])(?=(?:\d{2}|\d{4})\b)")
_ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|thirtieth|fortieth|fiftieth"
)
_ORDINAL = re.compile(
    rf"\b(?:(?:twenty|thirty|forty|fifty)[\s-]?)?(?:{_ORDINAL_WORDS})\b|\b\d+(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b\d+\b")
# Volume numbers written in capitals, II to XXXIX; lowercase they would be words ("mix", "mm").
_ROMAN_VOLUME = re.compile(r"\b(?=[IVX]{2,}\b)X{0,3}(?:IX|IV|V?I{0,3})\b")
_NOT_A_WORD = re.compile(r"[^a-z0-9&]+")
_MONTHS = frozenset({
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec"
})  # fmt: skip


def _light(text: str) -> str:
    """The lowercase words of a name without numbers, ordinals or punctuation."""
    text = _ROMAN_VOLUME.sub(" ", _YEAR_AFTER_LETTERS.sub(" ", text))
    text = _ORDINAL.sub(" ", text.lower())
    text = _NUMBER.sub(" ", _NOT_A_WORD.sub(" ", text))
    return " ".join(word for word in text.split() if word not in _MONTHS)


# Words that vary between two spellings of the same venue: publishers, "Proceedings of the",
# "International", "Annual", volume markers. Both the data and the input lose them.
_NOISE_WORDS = frozenset({
    "the", "in", "proceedings", "proc", "ieee", "acm", "cvf", "ifip", "pmlr", "springer",
    "elsevier", "curran", "associates", "inc", "press", "lncs", "ceur", "international",
    "annual", "volume", "vol", "pp", "pages", "issue", "no", "part"
})  # fmt: skip


def _core(light: str) -> str:
    words = [word for word in light.split() if word not in _NOISE_WORDS]
    while words and words[0] in ("of", "on"):
        words.pop(0)
    return " ".join(words)


# Where a venue text splits into parts that may each name a venue ("Workshop on X, ICML 2024").
_SEPARATORS = re.compile(
    r"[,;:()\[\]{}|]|\s[-@]\s|\s-|-\s|\bworkshops?\b|\bcompanion\b|\bat\b|\bco-?located\s+with\b"
    r"|\bin\s+conjunction\s+with\b|\bheld\s+with\b|\band\s+the\b|\bfindings\s+of(?:\s+the)?\b"
    r"|\bdatasets?\s*(?:and|&)\s*benchmarks?(?:\s+track)?\b|\btrack\s+on\b|\btracks?\b"
    r"|\bsystem\s+demonstrations?\b|\bdemos?\b|\b(?:long|short)\s+papers?\b",
    re.IGNORECASE,
)


def _parts(text: str) -> list[tuple[int, str]]:
    """The parts of ``text`` between separators, each with its offset.

    The topic of a workshop ("Workshop on Machine Learning and Systems") is left out: it
    names what the workshop is about, not where it was held.
    """
    parts, start, topic = [], 0, False
    for separator in _SEPARATORS.finditer(text):
        if not topic:
            parts.append((start, text[start : separator.start()]))
        start = separator.end()
        topic = _WORKSHOP_TOPIC.match(text, separator.start()) is not None
    if not topic:
        parts.append((start, text[start:]))
    return [(offset, part) for offset, part in parts if _has_letters(part)]


_WORKSHOP_TOPIC = re.compile(r"workshops?\s+(?:on|for|in)\s", re.IGNORECASE)


# --- display names of unknown venues --------------------------------------------------------


def _name_pieces(text: str) -> str:
    """The comma-separated pieces of ``text`` that belong to the name.

    What follows the first piece is a place or a date ("..., Paris, France, May 2-4, 2018")
    unless it continues a list ("Acoustics, Speech, and Signal Processing").
    """
    first, *rest = text.split(",")
    for end, piece in enumerate(rest):
        if _END_OF_NAME.search(piece):
            rest = rest[:end]
            break
    last_of_list = max((i for i, piece in enumerate(rest) if _LIST_END.match(piece)), default=-1)
    return ",".join([first, *rest[: last_of_list + 1]])


_LIST_END = re.compile(r"\s*(?:and|&)\s", re.IGNORECASE)
_LEADING_IN = re.compile(r"^in\s*:?\s+", re.IGNORECASE)
_LEADING_PROCEEDINGS = re.compile(
    r"^(?:the\s+)?(?:(?:proceedings|proc\.?)\s+(?:of\s+)?(?:the\s+)?)?", re.IGNORECASE
)
_PRESENTATION = re.compile(
    r"\b(?:oral|spotlight|poster|highlight|best\s+(?:student\s+)?paper(?:\s+award)?"
    r"|honou?rable\s+mention|contributed\s+talk|invited\s+talk|to\s+appear|accepted)\b",
    re.IGNORECASE,
)
_END_OF_NAME = re.compile(r"\d|\b(?:virtual|online|revised\s+selected\s+papers)\b", re.IGNORECASE)
_VOLUME_MARKERS = re.compile(
    r"\b(?:vol(?:ume)?|no|nr|pp|pages?|issue|art)\.?\s*\d+(?:\s*[-:]\s*\d+)?", re.IGNORECASE
)
_LEFTOVER_BRACKETS = re.compile(r"\([\s,;.]*\)|\[[\s,;.]*\]")
_PUNCTUATION_RUN = re.compile(r"\s*([.,;:])(?:\s*[.,;:])+")
_SPACE_IN_BRACKETS = re.compile(r"(?<=\()\s+|\s+(?=\))")
_EDGE_PUNCTUATION = " ,;:.-/&'\""
_MAX_NAME_LENGTH = 160


def _display_name(text: str) -> str | None:
    """A readable name for a venue that is not in the data, without dates and places.

    "Proceedings of the 3rd International Conference on Foo, Paris, 2021" gives "International
    Conference on Foo".
    """
    text = _LEFTOVER_BRACKETS.sub(" ", _VOLUME_MARKERS.sub(" ", text))
    name = _LEADING_IN.sub("", _name_pieces(text).strip())
    without_proceedings = _LEADING_PROCEEDINGS.sub("", name)
    if _kind_from_wording(without_proceedings):
        name = without_proceedings
    name = _PRESENTATION.sub(" ", _ORDINAL.sub(" ", name))
    name = _NUMBER.sub(" ", name)
    name = _SPACES.sub(" ", _LEFTOVER_BRACKETS.sub(" ", name))
    name = _PUNCTUATION_RUN.sub(r"\1", _SPACE_IN_BRACKETS.sub("", name))
    name = name.strip(_EDGE_PUNCTUATION)[:_MAX_NAME_LENGTH].strip()
    return name if _has_letters(name) else None


# --- the reference data --------------------------------------------------------------------


@dataclass(frozen=True)
class VenueRecord:
    """One venue of ``venues.json``."""

    acronym: str
    name: str
    kind: str
    area: str
    tier: str | None
    aliases: tuple[str, ...]
    words: tuple[str, ...]
    cased_words: tuple[str, ...]
    whole_only: bool

    @property
    def named_workshop(self) -> bool:
        return bool(_WORKSHOP.search(self.name))


class Match(NamedTuple):
    record: VenueRecord
    as_workshop: bool = False  # found as "CVPRW": a workshop of the record


@dataclass(frozen=True)
class Catalogue:
    """The venues indexed for matching."""

    by_name: dict[str, VenueRecord]  # every name form, matched against the whole text
    by_part_name: dict[str, VenueRecord]  # the same without generic names ("Nature")
    by_words: dict[tuple[str, ...], Match]  # short forms found inside a longer text
    by_cased_words: dict[tuple[str, ...], Match]
    longest_words: int  # in tokens: "ACM Multimedia Asia" has three
    fuzzy_names: tuple[str, ...]
    fuzzy_records: tuple[VenueRecord, ...]


def load_records(path: Path = DATA_FILE) -> tuple[VenueRecord, ...]:
    """The venues of ``venues.json``."""
    entries = json.loads(path.read_text(encoding="utf-8"))["venues"]
    return tuple(
        VenueRecord(
            acronym=entry["acronym"],
            name=entry["name"],
            kind=entry["kind"],
            area=entry["area"],
            tier=entry["tier"],
            aliases=tuple(entry["aliases"]),
            words=tuple(entry.get("words", ())),
            cased_words=tuple(entry.get("cased_words", ())),
            whole_only=entry.get("whole_only", False),
        )
        for entry in entries
    )


def name_forms(name: str) -> tuple[str, str]:
    """The two keys a name is indexed under: its light form and its core form."""
    return _forms(_plain(name))


@lru_cache(maxsize=16384)
def _forms(plain: str) -> tuple[str, str]:
    light = _light(plain)
    return light, _core(light)


def _word_key(word: str) -> tuple[str, ...]:
    return tuple(_tokens(_plain(word)))


@cache
def catalogue() -> Catalogue:
    """The reference data, loaded and indexed once per process."""
    by_name: dict[str, VenueRecord] = {}
    by_part_name: dict[str, VenueRecord] = {}
    by_words: dict[tuple[str, ...], Match] = {}
    by_cased_words: dict[tuple[str, ...], Match] = {}
    for record in load_records():
        for name in (record.acronym, record.name, *record.aliases):
            for form in name_forms(name):
                if not form:
                    continue
                by_name.setdefault(form, record)
                if not record.whole_only:
                    by_part_name.setdefault(form, record)
        for word in record.words:
            by_words.setdefault(tuple(t.lower() for t in _word_key(word)), Match(record))
        for word in record.cased_words:
            by_cased_words.setdefault(_word_key(word), Match(record))
    _add_workshop_suffixes(by_words)
    fuzzy = sorted(
        (form, record)
        for form, record in by_part_name.items()
        if len(form) >= FUZZY_MIN_LENGTH and " " in form
    )
    return Catalogue(
        by_name=by_name,
        by_part_name=by_part_name,
        by_words=by_words,
        by_cased_words=by_cased_words,
        longest_words=max(map(len, [*by_words, *by_cased_words])),
        fuzzy_names=tuple(form for form, _ in fuzzy),
        fuzzy_records=tuple(record for _, record in fuzzy),
    )


def _add_workshop_suffixes(by_words: dict[tuple[str, ...], Match]) -> None:
    """Every one-word conference acronym gets its workshop form: "CVPRW" for CVPR."""
    for key, match in list(by_words.items()):
        if len(key) == 1 and match.record.kind == "conference":
            by_words.setdefault((f"{key[0]}w",), Match(match.record, as_workshop=True))


# --- matching ------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:&[A-Za-z0-9]+)*")
_PARENTHESES = re.compile(r"\([^()]*\)")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_YEAR_AFTER_LETTERS.sub(" ", text))


def _find(text: str) -> Match | None:
    """The venue ``text`` names: the whole text, else its earliest named part, else a close
    spelling of a long name."""
    index = catalogue()
    for candidate in _whole_names(text):
        for form in _forms(candidate):
            if form in index.by_name:
                return Match(index.by_name[form])
    bracketed = _bracketed_acronym(text, index)
    if bracketed is not None:
        return bracketed
    parts = _parts(text)
    found = _earliest(_matches_in_parts(parts, index) + _matches_of_words(text, index))
    return found or _fuzzy(text, parts, index)


def _bracketed_acronym(text: str, index: Catalogue) -> Match | None:
    """The venue an acronym alone in brackets names, which says which venue a long name is:
    "AAAI Conference on Human Computation and Crowdsourcing (HCOMP)" is HCOMP, not AAAI. A
    preprint server in brackets ("ICLR 2024 (OpenReview)") only says where the paper is."""
    for bracket in _BRACKETED_ACRONYM.finditer(text):
        for _, _, match in _matches_of_words(bracket.group("acronym"), index):
            if match.record.kind != "preprint":
                return match
    return None


_BRACKETED_ACRONYM = re.compile(
    r"\(\s*(?P<acronym>[A-Z][A-Za-z&-]{1,11})(?:\s*['\u2019]?\d{2,4})?\s*\)"
)


def _whole_names(text: str) -> list[str]:
    """The text, without its brackets, and its leading comma-separated pieces: a name may be
    followed by a date and a place ("..., 2023, New York, NY, USA")."""
    unbracketed = _PARENTHESES.sub(" ", text)
    pieces = unbracketed.split(",")[:_MAX_NAME_PIECES]
    return [text, unbracketed] + [",".join(pieces[:end]) for end in range(1, len(pieces))]


_MAX_NAME_PIECES = 6


def _find_named(text: str) -> Match | None:
    """The venue ``text`` names; for Findings, the event after "Findings of ACL:" decides.
    A name abbreviated as IEEE and ISO 4 abbreviate ("Proc. IEEE Conf. Comput. Vis. Pattern
    Recognit.") is read written out."""
    event = _FINDINGS_OF_ACL.sub(" ", text)
    if event != text:
        found = _find(event) if _has_letters(event) else None
        return found or _find("ACL")
    found = _find(text)
    if found is None and (written_out := _written_out(text)) != text:
        found = _find(written_out)
    return found


def _written_out(text: str) -> str:
    for abbreviation, words in _ABBREVIATIONS:
        text = abbreviation.sub(words, text)
    return text


# The abbreviations of venue names' words (IEEE's reference style, ISO 4), longest first;
# the small words they leave out come back where a name always has them.
_ABBREVIATIONS = [
    # (A full stop the name may leave out must not cut a longer word: "Recognit" + "ion".)
    (re.compile(rf"\b{pattern}{'(?![A-Za-z])' if pattern.endswith('?') else ''}", re.I), words)
    for pattern, words in (
        (r"Comput\.\s*Vis\.\s*Pattern\s+Recognit\.?", "Computer Vision and Pattern Recognition"),
        (r"Pattern\s+Recognit\.?", "Pattern Recognition"),
        (r"Comput\.\s*Vis\.?", "Computer Vision"),
        (r"Comput\.\s*Linguist\.?", "Computational Linguistics"),
        (r"Neural\s+Inf\.\s*Process\.\s*Syst\.?", "Neural Information Processing Systems"),
        (r"Empir\.\s*Methods\s+(?:in\s+)?Nat\.\s*Lang\.\s*Process\.?",
         "Empirical Methods in Natural Language Processing"),
        (r"Nat\.\s*Lang\.\s*Process\.?", "Natural Language Processing"),
        (r"Learn\.\s*Represent\.?", "Learning Representations"),
        (r"Mach\.\s*Learn\.?", "Machine Learning"),
        (r"Artif\.\s*Intell\.\s*(?:and\s+)?Statist\.?", "Artificial Intelligence and Statistics"),
        (r"Artif\.\s*Intell\.?", "Artificial Intelligence"),
        (r"Knowl\.\s*Discov\.\s*(?:and\s+)?Data\s+Min\.?", "Knowledge Discovery and Data Mining"),
        (r"Annu\.\s*Meet\.\s*(?:of\s+the\s+)?Assoc\.\s*(?:for\s+)?",
         "Annual Meeting of the Association for "),
        (r"Robot\.\s*(?:and\s+)?Autom\.?", "Robotics and Automation"),
        (r"Robot\s+Learn\.?", "Robot Learning"),
        (r"Learn\.\s*Theory", "Learning Theory"),
        (r"Acoust\.,?\s*Speech,?\s*(?:and\s+)?Signal\s+Process\.?",
         "Acoustics, Speech and Signal Processing"),
        (r"Adv\.\s*(?:in\s+)?(?=Neural)", "Advances in "),
        (r"Conf\.\s*(?!on\b)", "Conference on "),
        (r"Conf\.", "Conference"),
        (r"Int\.|Intl\.", "International"),
        (r"Eur\.", "European"),
        (r"Proc\.", "Proceedings"),
        (r"Symp\.", "Symposium"),
    )
]  # fmt: skip


_FINDINGS_OF_ACL = re.compile(
    r"\bfindings\s+of\s+(?:the\s+)?(?:association\s+for\s+computational\s+linguistics|acl)\b",
    re.IGNORECASE,
)


def _earliest(matches: list[tuple[int, int, Match]]) -> Match | None:
    """The match that starts first (the longest there), preferring real venues to preprint
    servers: "ICLR 2024 (OpenReview)" is an ICLR paper."""
    if not matches:
        return None
    return min(matches, key=lambda m: (m[2].record.kind == "preprint", m[0], -m[1]))[2]


def _matches_in_parts(
    parts: list[tuple[int, str]], index: Catalogue
) -> list[tuple[int, int, Match]]:
    matches = []
    for offset, part in parts:
        for form in _forms(part):
            record = index.by_part_name.get(form)
            if record:
                matches.append((offset, len(part), Match(record)))
                break
    return matches


def _matches_of_words(text: str, index: Catalogue) -> list[tuple[int, int, Match]]:
    spaced = _YEAR_AFTER_LETTERS.sub(" ", text)
    spans = [(token.start(), token.end(), token.group()) for token in _TOKEN.finditer(spaced)]
    cased = [word for _, _, word in spans]
    lowered = [word.lower() for word in cased]
    matches = []
    for start in range(len(spans)):
        for length in range(min(index.longest_words, len(spans) - start), 0, -1):
            end = start + length
            match = index.by_words.get(tuple(lowered[start:end])) or index.by_cased_words.get(
                tuple(cased[start:end])
            )
            if match:
                matches.append((spans[start][0], spans[end - 1][1] - spans[start][0], match))
                break
    return matches


def _fuzzy(text: str, parts: list[tuple[int, str]], index: Catalogue) -> Match | None:
    """A close spelling of a long name: "Advances in Nueral Information Processing Systems"."""
    cores = [_forms(text)[1]] + [_forms(part)[1] for _, part in parts]
    for form in dict.fromkeys(cores):
        if len(form) < FUZZY_MIN_LENGTH:
            continue
        best = process.extractOne(
            form, index.fuzzy_names, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE
        )
        if best:
            return Match(index.fuzzy_records[best[2]])
    return None
