"""Where a candidate stands in the author lists of their publications.

Names are written many ways across a CV, a BibTeX file and a publisher's page: "Jane Q. Doe",
"J. Doe", "Doe, Jane", "Doe J", "Jane Doe*", "JaneDoe" when a PDF lost its spaces, and, for
Chinese names, family name first or last. Two names are taken to be the same person when one
of them contains the other's family name and their first given names agree, in full or as
an initial; two different first initials never match.

Marks after names ("Jane Doe*", "Max Roe†") say who shared the work. A mark shared by a run of
authors opening the list is co-first authorship, which counts as first authorship
(:func:`counts_as_first`); a run closing the list is co-senior authorship. A legend in the
document ("* equal contribution", "† corresponding author", read by :func:`read_legend`) says
what a mark means and overrides that reading.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from candidates.parsing.entries import (
    OTHERS,
    RawPublication,
    fold,
    invert_name,
    split_markers,
)

# Marks that can mean equal contribution: asterisks, daggers, "#" and "^". The section and
# pilcrow signs mean corresponding authorship; digits mean affiliations.
EQUAL_CONTRIBUTION_MARKS = "*\u2020\u2021#^"
# The asterisk operator and the star are asterisks.
_SAME_MARK = str.maketrans({"\u2217": "*", "\u22c6": "*"})


def normalize_person_name(name: str) -> str:
    """A key to compare names by: accents folded, lowercase, first name first, no marks or
    punctuation ("Doe, Jane Q.*" -> "jane q doe", "Karlová A." -> "karlova a")."""
    return " ".join(_Person.of(name).words)


def same_person(one: str, other: str) -> bool:
    """Whether two written names can be the same person: a family name in common and first
    given names that agree, in full or as an initial, accents folded ("J. Karlová" is "Jana
    Karlova"; "Jan Doe" is not "Jane Doe")."""
    return _Person.of(one).matches(_Person.of(other))


# What a legend can say a mark means.
EQUAL, SENIOR, OTHER = "equal", "senior", "other"


@dataclass(frozen=True)
class Authorship:
    """Where a person stands in one author list.

    ``position`` is "sole", "first", "last" or "middle" as the names are listed, or None when
    the person is not in the list. ``equal_contribution`` is True when the person is a co-first
    author (marked like the authors that open the list), False when marks are used but not on
    the person or not for that, None when no author is marked. ``co_senior`` is True when the
    person's mark is shared by a run of authors closing the list (joint supervision).
    """

    position: str | None
    equal_contribution: bool | None = None
    co_senior: bool = False


def author_position(
    authors: Sequence[str], person_name: str, *, legend: Mapping[str, str] | None = None
) -> tuple[str | None, bool | None]:
    """The position of a person in an author list and whether they are a co-first author.

    See :class:`Authorship`. A list ending with "others" is truncated, so its last listed
    author is "middle". ``legend`` maps marks to what the document says they mean
    (:func:`read_legend`); marks it does not explain are read from where they stand.
    """
    found = authorship(authors, person_name, legend=legend)
    return found.position, found.equal_contribution


def authorship(
    authors: Sequence[str], person_name: str, *, legend: Mapping[str, str] | None = None
) -> Authorship:
    """The person's :class:`Authorship` in ``authors``."""
    listed = [name for name in authors if name != OTHERS]
    truncated = bool(authors) and authors[-1] == OTHERS
    index = _find(listed, _Person.of(person_name))
    if index is None:
        return Authorship(None)
    if len(listed) == 1:
        position = "first" if truncated else "sole"
    elif index == 0:
        position = "first"
    elif index == len(listed) - 1 and not truncated:
        position = "last"
    else:
        position = "middle"
    equal, senior = _shared_marks(listed, index, truncated=truncated, legend=legend or {})
    return Authorship(position, equal, senior)


def name_mentions(text: str, person_name: str) -> int:
    """How often ``text`` names the person as author lists write them.

    "Jane Q. Doe", "J. Doe", "J.-Q. Doe", "Doe, Jane", "Doe J." and "DOE, J." count; the family
    name alone does not (a co-author may share it). Names of one word, or in a script without
    spaces, are not counted (0).
    """
    pattern = _name_pattern(person_name)
    return len(pattern.findall(fold(text))) if pattern else 0


def opens_with_name(text: str, person_name: str) -> bool:
    """Whether ``text`` (after a list number or bullet) opens with the person's name."""
    pattern = _name_pattern(person_name)
    opening = re.sub(r"^\W*(?:\[?\w{0,2}\d{1,3}[.)\]]\s*)?", "", fold(text))
    return bool(pattern and pattern.match(opening))


@functools.lru_cache(maxsize=64)
def _name_pattern(person_name: str) -> re.Pattern[str] | None:
    words = fold(person_name).split()
    if len(words) < 2 or not all(word.isascii() for word in words):
        return None
    first, family = re.escape(words[0].strip(".")), re.escape(words[-1])
    initial = re.escape(words[0][0])
    given = rf"(?:{first}|{initial}\.?(?:\s?-?[A-Z]\.)*)"
    return re.compile(
        rf"\b{given}(?:[\s.-]+[A-Z][\w.]*){{0,2}}?[\s.-]+{family}\b"
        rf"|\b{family},?\s+{given}(?![\w])",
        re.IGNORECASE,
    )


def noted_equal_contribution(entry: str) -> bool:
    """Whether an entry says in a bracketed note that its first authors shared the work,
    without marking names ("... NeurIPS 2023. (equal contribution)", "[co-first author]")."""
    return any(_EQUAL_WORDS.search(note) for note in _BRACKETED_NOTE.findall(entry))


_BRACKETED_NOTE = re.compile(r"[(\[]([^()\[\]]{2,40})[)\]]")


def counts_as_first(position: str | None, equal_contribution: bool | None) -> bool:
    """Whether a paper counts as first-authored: first, sole, or co-first by a shared mark."""
    return position in ("first", "sole") or bool(position and equal_contribution)


def read_legend(lines: Iterable[str]) -> dict[str, str]:
    """What the author marks of a document mean, from its legend lines.

    "* equal contribution", "(*) Equal Contribution", "† denotes co-senior authors",
    "Corresponding author: †" give ``{"*": "equal"}``, ``{"†": "senior"}``; marks explained as
    something else (corresponding author, alphabetical order, students supervised) map to
    "other". Lines of more than a dozen words are not legends. The first explanation of a
    mark wins.
    """
    legend: dict[str, str] = {}
    for line in lines:
        line = line.translate(_SAME_MARK)
        if len(line.split()) > _MAX_LEGEND_WORDS or not _LEGEND_WORDS.search(line):
            continue
        runs = list(_MARK_RUN.finditer(line))
        for number, run in enumerate(runs):
            after_end = runs[number + 1].start() if number + 1 < len(runs) else len(line)
            before_start = runs[number - 1].end() if number else 0
            after = _MEANING_END.split(line[run.end() : after_end], maxsplit=1)[0]
            before = _MEANING_END.split(line[before_start : run.start()])[-1]
            meaning = _meaning(after) or _meaning(before)
            if meaning:
                for symbol in _symbols(run.group()):
                    legend.setdefault(symbol, meaning)
    return legend


_MAX_LEGEND_WORDS = 12
_LEGEND_WORDS = re.compile(
    r"equal|contribut|first|senior|last|joint|shared|lead|correspond|alphabetic|advis|supervis"
    r"|mentor|student",
    re.IGNORECASE,
)
_MARK_RUN = re.compile(r"[*\u2020\u2021#^\u00a7\u00b6]+")
_MEANING_END = re.compile(r"[,;.|]")
_EQUAL_WORDS = re.compile(
    r"equal(ly)?\s+contribut|contributed\s+equally|co-?first|joint(ly)?\s+first"
    r"|shared\s+first|first\s+authors?\s+(with\s+)?equal|equal\s+first",
    re.IGNORECASE,
)
_MEANINGS = (
    (EQUAL, _EQUAL_WORDS),
    (
        SENIOR,
        re.compile(
            r"co-?senior|joint(ly)?\s+(senior|last|supervis)|co-?last|senior\s+authors?"
            r"|equal(ly)?\s+(advis|supervis|senior)|co-?supervis|co-?advis",
            re.IGNORECASE,
        ),
    ),
    (
        OTHER,
        re.compile(
            r"correspond|alphabetic|student|mentee|advisee|supervised|intern|co-?leading"
            r"|project\s+lead|presenter|speaker",
            re.IGNORECASE,
        ),
    ),
)


def _meaning(text: str) -> str | None:
    text = text.strip(" :=()[]-\u2013\u2014")
    if not text:
        return None
    for meaning, pattern in _MEANINGS:
        if pattern.search(text):
            return meaning
    return None


def _symbols(marks: str) -> list[str]:
    """The marks of a name as symbols: each run of one character is one ("**" is not "*")."""
    marks = marks.translate(_SAME_MARK)
    return [run.group() for run in _SYMBOL.finditer(marks)]


_SYMBOL = re.compile(r"(.)\1*")


def infer_owner(entries: Sequence[RawPublication]) -> str | None:
    """The author of most entries of a personal publication list, as they usually write their
    name; None unless that person is on at least two entries and on at least half of the
    entries that name authors.

    A supervisor can be on as many entries as the owner; the owner is then the one who is
    more often first author, or else earlier in the lists.
    """
    author_lists = [
        [_Person.of(name) for name in entry.authors if name != OTHERS] for entry in entries
    ]
    author_lists = [people for people in author_lists if people]
    needed = max(2, (len(author_lists) + 1) // 2)
    by_word: dict[str, set[int]] = defaultdict(set)
    for index, people in enumerate(author_lists):
        for person in people:
            for word in person.keys:
                by_word[word].add(index)
    best: tuple[tuple[int, int, float, int], _Person] | None = None
    seen: set[tuple[str, ...]] = set()
    for people in author_lists:
        for candidate in people:
            if not candidate.words or candidate.words in seen:
                continue
            seen.add(candidate.words)
            nearby = set().union(*(by_word[word] for word in candidate.lookup_keys))
            if len(nearby) < needed:
                continue
            places = [
                (place, len(author_lists[entry]))
                for entry in nearby
                if (place := _find_person(author_lists[entry], candidate)) is not None
            ]
            if len(places) < needed:
                continue
            score = (
                len(places),
                sum(place == 0 for place, _ in places),
                -sum(place / size for place, size in places) / len(places),
                len(candidate.joined),
            )
            if best is None or score > best[0]:
                best = (score, candidate)
    return _usual_spelling(best[1], author_lists) if best else None


# --- names ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    """A name as folded words in first-name-first order, with the words that are initials."""

    written: str
    words: tuple[str, ...]
    initials: frozenset[int]  # indices of the words that are initials
    # A family name set in capitals before the given names ("ZHANG Wei", "QUILL Ada").
    family_first: bool = False

    @classmethod
    def of(cls, name: str) -> _Person:
        bare = split_markers(invert_name(_HONORIFICS.sub("", name)))[0]
        written_words = _WORD.findall(bare)
        words: list[str] = []
        initials: set[int] = set()
        mixed_case = any(not w.isupper() for w in written_words)
        for index, written in enumerate(written_words):
            folded = fold(written).replace("'", "").replace("\u2019", "")
            # "Philip HW Leong", "Doe JA": capitals beside a mixed-case word are initials run
            # together (at the end of a name, whatever their letters).
            last = index == len(written_words) - 1 and index > 0
            if (
                mixed_case
                and written.isupper()
                and len(written) <= 3
                and (_NO_VOWELS.match(folded) or (last and len(written) == 2))
            ):
                for letter in folded:
                    initials.add(len(words))
                    words.append(letter)
                continue
            if len(folded) == 1:
                initials.add(len(words))
            words.append(folded)
        family_first = (
            mixed_case
            and len(written_words) >= 2
            and written_words[0].isupper()
            and len(words[0]) > 1  # (not initials run together, "HW Leong")
            and not any(w.isupper() for w in written_words[1:])
        )
        return cls(bare, tuple(words), frozenset(initials), family_first)

    @property
    def joined(self) -> str:
        return "".join(self.words)

    @property
    def keys(self) -> set[str]:
        """The words and run-together forms an index of names can find the name by."""
        return {*self.words, *self._run_together()}

    @property
    def lookup_keys(self) -> set[str]:
        """Keys that every name matching this one has: its last word, or its first when the
        last is an initial ("Doe J"); a family name read first needs the last word as its
        given name anyway. And the run-together forms."""
        last = len(self.words) - 1
        family = self.words[0] if last in self.initials else self.words[last]
        return {family, *self._run_together()}

    def matches(self, other: _Person) -> bool:
        """Whether two names can be the same person (see the module docstring)."""
        if not self.words or not other.words:
            return False
        if len(self.words) == 1 or len(other.words) == 1:
            # Spaces lost in extraction: "janedoe" is "jane doe", "doe jane" or "jane q doe".
            return bool(self._run_together() & other._run_together())
        for family in self._family_positions():
            if self.words[family] not in other.words:
                continue
            other_family = other.words.index(self.words[family])
            # Family name first ("Wang Zhuo") is read with full given names only, unless the
            # name ends with initials ("Doe J"): "D. Jane" is not "Jane Doe".
            # A family name set first in capitals says so itself ("ZHANG Wei" is "W. Zhang").
            swapped = (
                family == 0 and len(self.words) - 1 not in self.initials and not self.family_first
            )
            if self._given_agree(other, family, other_family, initials=not swapped):
                return True
        return False

    def _family_positions(self) -> list[int]:
        """Where the family name may be: last, or first (Chinese order, "Doe J")."""
        last = len(self.words) - 1
        if self.family_first:
            return [0]
        return [i for i in dict.fromkeys((last, 0)) if i not in self.initials]

    def _run_together(self) -> set[str]:
        """The ways the name reads with its spaces lost, with and without middle names."""
        first, last = self.words[0], self.words[-1]
        return {"".join(self.words), "".join(reversed(self.words)), first + last, last + first}

    def _given_agree(
        self, other: _Person, family: int, other_family: int, *, initials: bool
    ) -> bool:
        mine = [w for i, w in enumerate(self.words) if i != family]
        theirs = [w for i, w in enumerate(other.words) if i != other_family]
        if not mine or not theirs:
            return False
        if "".join(mine) == "".join(theirs):
            return True  # "Chong-Yu" and "Chongyu"
        first, other_first = mine[0], theirs[0]
        if initials and (len(first) == 1 or len(other_first) == 1):
            return first[0] == other_first[0]
        return first == other_first


_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
# Titles, degrees and generations written around a name: "Dr. Ada Quill, PhD", "John Doe Jr.".
_HONORIFICS = re.compile(
    r"^\s*(?:(?:dr|prof|professor|mr|mrs|ms|mx)\b\.?\s*)+"
    r"|,?\s*\b(?:ph\.?\s?d|m\.?d|m\.?sc|d\.?phil|mba|jr|sr|ii|iii|iv)\b\.?\s*$",
    re.IGNORECASE,
)
_NO_VOWELS = re.compile(r"^[^aeiouy]+$")


def _find(authors: list[str], person: _Person) -> int | None:
    """The index of the author who is the person, the closest spelling winning."""
    return _find_person([_Person.of(name) for name in authors], person)


def _find_person(authors: list[_Person], person: _Person) -> int | None:
    best: tuple[int, int] | None = None
    for index, author in enumerate(authors):
        if not person.matches(author):
            continue
        closeness = (
            4 * (author.words == person.words)
            + 2 * (author.joined == person.joined)
            + (author.words[-1] == person.words[-1])  # the family name where it usually is
        )
        if best is None or closeness > best[0]:
            best = (closeness, index)
    return best[1] if best else None


def _shared_marks(
    authors: list[str], index: int, *, truncated: bool, legend: Mapping[str, str]
) -> tuple[bool | None, bool]:
    """Whether the person at ``index`` is co-first, and whether co-senior, by their marks.

    None for co-first when no author carries a mark that can mean shared work.
    """
    written = [
        [s for s in _symbols(split_markers(name)[1]) if s[0] in EQUAL_CONTRIBUTION_MARKS]
        for name in authors
    ]
    if not any(written):
        return None, False
    # A mark the legend explains as something else (corresponding author) shares nothing.
    marks = [{s for s in symbols if legend.get(s) != OTHER} for symbols in written]
    last = len(authors) - 1
    co_first = co_senior = False
    for mark in marks[index]:
        marked = [i for i, author_marks in enumerate(marks) if mark in author_marks]
        if len(marked) < 2 or marked != list(range(marked[0], marked[-1] + 1)):
            continue  # one author alone, or authors here and there: an affiliation
        opens = marked[0] == 0
        closes = marked[-1] == last and not truncated
        meaning = legend.get(mark)
        if meaning == SENIOR or (closes and not opens):
            co_senior = co_senior or closes
        elif opens:
            co_first = True
    return co_first, co_senior


def _usual_spelling(owner: _Person, author_lists: list[list[_Person]]) -> str:
    """How the owner's name is most often written in the list (the longest form on ties)."""
    spellings = Counter(
        person.written for people in author_lists for person in people if owner.matches(person)
    )
    return max(spellings, key=lambda spelling: (spellings[spelling], len(spelling)))
