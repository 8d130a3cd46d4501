"""Draft a rubric from the text of a job posting, for a hiring manager to review and save.

The posting is cut into clauses (a bullet, a sentence, a ';'-separated part), each tagged with
the kind of section it sits in: required ("Minimum qualifications"), preferred ("Nice to have"),
description ("What you'll do") or other (benefits, equal-opportunity text, which is not read).
A clause can override its section: "a big plus" makes it preferred, and "required" or "minimum
of" in a description makes it required.

A clause mixing a requirement with a preference ("PhD required, JAX a plus") is read part by
part.

Words of the posting choose the closest template (NLP, vision, RL, theory, safety, research
engineer, else general machine learning), then each criterion of that template is weighted by
what the posting stresses: its strongest mention raises the weight (required by 1, preferred by
0.5, description only by 0.25), by half as much again when the clause stresses it ("strong",
"required"), by a quarter less when it is listed in the second half of its list, plus 0.25 for
each further clause naming it (two at most); a criterion the posting never asks for keeps half
its template weight. A required dimension becomes a must-have, except when the requirement is a
range of years ("0-2 years of postdoctoral experience", which someone with none meets) or
offers an alternative ("PhD or equivalent experience", "industry or postdoctoral experience"),
and never for collaboration, which a CV shows too indirectly for a barrier. The field a degree
is in ("PhD in machine learning") is the degree's, not a research-area requirement, and years
of industry experience are not research. Requirements that no dimension measures are reported
as not mapped, with their phrase, instead of being forced into a criterion. The area text is
made of whole sentences and clauses, cut only at their boundaries. Every suggestion keeps the
phrases that caused it (verbatim substrings of the posting) and one sentence saying why, so a
reviewer can check it.

Pure Python and regular expressions: deterministic, a few milliseconds per posting, and it never
raises, whatever the text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import IntEnum

from candidates.dimensions import Dimension
from screening.criteria import CriterionSpec
from screening.rubric_templates import (
    CODING,
    COLLABORATION,
    CREDENTIALS,
    MATH,
    METHODOLOGY,
    RESEARCH_AREA,
    RESEARCH_EXPERIENCE,
    TEMPLATES,
    RubricTemplate,
)

# Postings are a few thousand characters; the cap keeps a pasted book or binary file fast.
MAX_CHARS = 15_000
PHRASE_CHARS = 200
AREA_SENTENCE_CHARS = 400
PHRASE_CONTEXT = 50  # characters a quote keeps after the words it is quoted for
MAX_PHRASES = 3
MAX_AREA_SENTENCES = 3
MAX_MUST_HAVES = 4
MAX_WEIGHT = 6.0
PHD_LEVEL = 3  # a credentials target from here up asks for a PhD (or one in progress)
# A clause longer than this with no punctuation is bullets whose line breaks were lost.
RUN_ON_CHARS = 250
# A specialised template needs this many distinct area words (a word in the title counts twice).
MIN_AREA_SCORE = 2
TITLE_BONUS = 2
# A clause naming this many fields is a list of "any of" areas, not the team's area.
BREADTH_LIST_FIELDS = 3

GENERAL_SLUG = "research-scientist-ml"
ENGINEER_SLUG = "research-engineer"


class Kind(IntEnum):
    """What a clause of the posting is, by its section; higher is stronger."""

    OTHER = 0  # benefits, about the company, equal-opportunity text: not read
    DESCRIPTION = 1
    PREFERRED = 2
    REQUIRED = 3


WEIGHT_RAISE = {Kind.REQUIRED: 1.0, Kind.PREFERRED: 0.5, Kind.DESCRIPTION: 0.25}
STRESS_FACTOR = 1.5  # "strong", "deep", "required" in the clause itself
LATE_FACTOR = 0.75  # listed in the second half of a list of three or more
MORE_RAISE = 0.25  # each further clause naming the dimension
MAX_MORE_MENTIONS = 2
UNASKED_FACTOR = 0.5  # a criterion a posting that asks for other things never mentions
MIN_WEIGHT = 0.5
KIND_NAMES = {Kind.REQUIRED: "required", Kind.PREFERRED: "preferred"}


@dataclass(frozen=True)
class Suggestion:
    """One criterion of the draft, with the posting's phrases behind it and why."""

    criterion: CriterionSpec
    phrases: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class DraftRubric:
    """A rubric drafted from a posting: template, title, area text and adjusted criteria.

    ``unmapped`` lists the requirements no criterion measures, for the reviewer to handle
    (they are never forced into a criterion).
    """

    template_slug: str
    template_phrases: tuple[str, ...]
    title: str
    research_area: str
    suggestions: tuple[Suggestion, ...]
    warnings: tuple[str, ...]
    unmapped: tuple[Unmapped, ...] = ()


@dataclass(frozen=True)
class Clause:
    """A span of the posting read as one statement, with the section kind it counts as."""

    start: int
    end: int
    kind: Kind
    section: str  # the heading it sits under, "" before any heading
    marker: str  # the words in the clause that overrode its section's kind, "" when none
    section_kind: Kind = Kind.DESCRIPTION  # its section's kind, before any override


@dataclass(frozen=True)
class Mention:
    """A dimension mentioned in a clause, with the phrase to quote.

    ``kind`` is the clause's, or that of the part of it the dimension is named in when the
    clause mixes a requirement with a preference ("PhD required, JAX a plus"). ``relaxed``
    quotes what keeps a requirement from being a must-have (a range of years, an alternative
    such as "or equivalent experience"), ``stress`` the word that stresses it ("strong").
    """

    dimension: str
    clause: Clause
    phrase: str
    kind: Kind = Kind.DESCRIPTION
    marker: str = ""
    relaxed: str = ""
    stress: str = ""


@dataclass(frozen=True)
class Unmapped:
    """A requirement of the posting that no criterion's dimension measures, quoted."""

    phrase: str
    kind: str  # "required" or "preferred"
    section: str
    why: str


@dataclass(frozen=True)
class Posting:
    """The posting as read: its (capped) text, title and clauses."""

    text: str
    title: str
    clauses: tuple[Clause, ...]
    truncated: bool


def _compile(pattern: str) -> re.Pattern[str]:
    """A case-insensitive pattern; parts in ``(?-i:…)`` keep their case ("MS" is not "ms")."""
    return re.compile(pattern, re.IGNORECASE)


# --- Reading the posting into clauses -----------------------------------------------------------

LINE = re.compile(r"[^\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
METADATA = _compile(
    r"\s*(?P<key>source|job title|position title|posting title|title|position|role|company|"
    r"location|salary(?: estimate)?|industry|job id|req(?:uisition)?(?: id)?|role number|"
    r"(?:date )?posted|employment type|department)\s*:\s*(?P<value>.{0,200})"
)
TITLE_KEYS = {"job title", "position title", "posting title", "title", "position", "role"}
ROLE_NOUN = _compile(
    r"\b(?:scientists?|researchers?|engineers?|fellow|postdoc\w*|intern|analyst|developer|"
    r"architect|resident|director|head of)\b"
)
HEADING_KINDS = (
    (
        Kind.PREFERRED,
        _compile(
            r"prefer|nice[- ]to[- ]haves?|bonus|\bplus(?:es)?\b|desir|extra credit|even better|"
            r"ideal|stand out|competitive candidates|strong candidates|(?:good|great) to have|"
            r"advantage|great if|would be (?:great|nice|helpful)|(?:would|we(?:'|’)?d) love|"
            r"love to see|helpful|beneficial|an asset|optional|not required"
        ),
    ),
    (
        Kind.OTHER,
        _compile(
            r"benefit|perk|we offer|offer you|work here|about us|"
            r"\babout (?!the (?:team|role|position|job|lab|group|opportunity)|you\b)|"
            r"equal|\beeo\b|environment|physical|hours|comments|competenc|salary|compensation|"
            r"\bpay\b|location|how to apply|legal|disclaimer|notice|privacy|diversity|information"
        ),
    ),
    # Before the description's "in this role": "You might thrive in this role if you:" lists
    # what the role asks for.
    (Kind.REQUIRED, _compile(r"thrive|\bfit (?:for this role )?if you")),
    (
        Kind.DESCRIPTION,
        _compile(
            r"responsibilit|what you(?:'|’)?ll do|what you will do|you will\b|duties|functions|"
            r"about the (?:team|role|position|job|lab|group|opportunity)|"
            r"the role|the team|the position|the job|the opportunity|description|summary|"
            r"overview|introduction|in this role|your impact|mission|day to day|projects"
        ),
    ),
    (
        Kind.REQUIRED,
        _compile(
            r"requir|qualifications?|minimum|must[- ]haves?|what you(?:'|’)?ll need|what you need|"
            r"you(?:'|’)?ll bring|who you are|about you|looking for|you have|your profile|"
            r"candidate profile|your (?:background|experience|skills)"
        ),
    ),
)
# Plain words such as "Skills" or "Education & Experience" head a section only when the whole
# line is made of them (or ends with a colon), so a bullet "Python skills" stays a bullet.
GENERIC_REQUIRED_HEADING = _compile(
    r"(?:(?:key|core|technical|relevant|additional|education(?:al)?|experience|skills?|"
    r"background|expertise|and)[\s,&/]*)+"
)
INLINE_HEADING = re.compile(
    r"(?:(?<=\s)|^)(?P<head>(?:Minimum|Basic|Required|Preferred|Key) Qualifications|"
    r"Requirements|Required|Qualifications|Responsibilities(?: include)?|Preferred|"
    r"Nice to have|Bonus|Must have)(?P<colon>:\s*|\s+(?=[A-Z0-9]))"
)
CLAUSE_BREAK = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\betc\.)(?<!\bvs\.)(?<![A-Z]\.[A-Z]\.)(?<!Ph\.D\.)"
    r"(?<=[.!?])\s+(?=[A-Z0-9\"“(•*])|;\s*|•\s*"
)
# Where bullets ran together ("…related experience Strong background in statistics…"), a new
# bullet starts with one of these words right after a lowercase word.
RUN_ON_BREAK = re.compile(
    r"(?<=[a-z0-9)])\s+(?=(?:Strong|Demonstrated|Proficiency|Proficient|Expertise|Experience|"
    r"Expert|Knowledge|Familiarity|Familiar|Ability|Excellent|Solid|Deep|Master|Bachelor|PhD|"
    r"Ph\.D|Doctorate|Publications?|Background|Understanding|Hands-on|Advanced|Harden|Algorithm|"
    r"Evaluate|Report|Data|Develop|Design|Build|Lead|Work|Collaborate|Conduct|Research|"
    r"Implement|Apply|Minimum|At least|\d+\+? years)\b)"
)
BULLET = " \t•·▪◦‣●○■□-–—*#>_"
BULLET_START = re.compile(r"\s*(?:[-•·▪◦‣●○■□–—>]|\*(?!\*)|\d{1,2}[.)])\s")
SENTENCE_CASE_HEADING_WORDS = 4
PREFERRED_MARKER = _compile(
    r"\b(?:(?:strongly |highly )?preferred|an? (?:big |huge |strong |definite |major )?plus\b|"
    r"nice[- ]to[- ]have|(?:good|great) to have|bonus|desirable|desired|advantageous|"
    r"an advantage|an asset|not required|not a requirement|optional|preferabl[ey]|"
    r"(?:is|are|would be|will be) (?:also )?(?:very |especially )?(?:helpful|beneficial|useful|"
    r"welcome|appreciated)|would be (?:great|nice))|"
    # "Ideally" opening a clause makes it optional; inside one it only narrows a detail
    # ("strong software engineering, ideally C++").
    r"^ideally\b"
)
REQUIRED_MARKER = _compile(
    r"\b(?:required|requires?|is a requirement|must (?:have|be|possess|hold)|mandatory|"
    r"minimum of)\b"
)


def _read_posting(text: str) -> Posting:
    """Cut the posting into clauses tagged with their section kind, and find its title."""
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    title = ""
    clauses: list[Clause] = []
    kind, section = Kind.DESCRIPTION, ""  # text before any heading usually presents the role
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        meta = METADATA.fullmatch(line)
        if meta:
            if meta["key"].lower() in TITLE_KEYS and not title:
                title = _strip(meta["value"])
            continue
        heading = _heading(line)
        if heading:
            kind, section = heading
            continue
        if not title and not clauses and _is_title_line(line):
            title = _strip(line)
            continue
        for start, end, part_kind, part_section, run_on in _line_parts(line, kind, section):
            clauses.extend(
                _clauses(
                    text, line_start + start, line_start + end, part_kind, part_section, run_on
                )
            )
            kind, section = part_kind, part_section
    return Posting(text, title[:PHRASE_CHARS], tuple(clauses), truncated)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the posting's lines, with lines hard-wrapped mid-sentence joined again."""
    start = end = -1
    for line in LINE.finditer(text):
        if start >= 0 and _continues(text[start:end], line.group()):
            end = line.end()
            continue
        if start >= 0:
            yield start, end
        start, end = line.span()
    if start >= 0:
        yield start, end


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (it starts in lowercase)."""
    return (
        line.lstrip()[:1].islower()
        and previous.rstrip()[-1:] not in ".:!?"
        and METADATA.fullmatch(previous) is None
        and _heading(previous) is None
    )


def _strip(value: str) -> str:
    """``value`` without surrounding bullets, colons and spaces."""
    return value.strip(BULLET + ":").strip()


def _heading(line: str) -> tuple[Kind, str] | None:
    """The kind and name of the section a heading line opens, or None for other lines."""
    if BULLET_START.match(line):
        return None
    cleaned = line.strip().strip("#*_ \t").strip()
    core = cleaned.rstrip(":").strip()
    words = core.split()
    # A colon inside the line ("Required: PhD") is an inline heading with content after it.
    if not core or len(core) > 80 or len(words) > 10 or core[-1] in ".;,!?" or ":" in core:
        return None
    with_colon = cleaned.endswith(":")
    generic = GENERIC_REQUIRED_HEADING.fullmatch(core) is not None
    if not (with_colon or generic or core.isupper() or _title_case(words) or _opens(core)):
        return None
    kind = _heading_kind(core)
    if kind is None and (generic or (with_colon and GENERIC_REQUIRED_HEADING.search(core))):
        kind = Kind.REQUIRED
    return None if kind is None else (kind, core)


def _title_case(words: list[str]) -> bool:
    """Whether every word longer than three letters is capitalised ("Nice to Haves")."""
    return all(len(w) <= 3 or not w[0].isalpha() or w[0].isupper() for w in words)


def _opens(core: str) -> bool:
    """A short sentence-case line opening with heading words ("Minimum qualifications")."""
    return (
        len(core.split()) <= SENTENCE_CASE_HEADING_WORDS
        and any(pattern.match(core) for _, pattern in HEADING_KINDS)
        # "Preferred experience with JAX" is a bullet that lost its marker, not a heading.
        and not any(pattern.search(core) for pattern in DIMENSION_TERMS.values())
    )


def _heading_kind(core: str) -> Kind | None:
    """The section kind a heading's words name, or None when they name none."""
    return next((kind for kind, pattern in HEADING_KINDS if pattern.search(core)), None)


def _is_title_line(line: str) -> bool:
    """A short first line naming a role ("Research Scientist, NLP") is the posting's title."""
    core = _strip(line)
    return (
        0 < len(core) <= 100
        and len(core.split()) <= 12
        and core[-1] not in ".;,!?"
        and ROLE_NOUN.search(core) is not None
    )


def _line_parts(line: str, kind: Kind, section: str) -> Iterator[tuple[int, int, Kind, str, bool]]:
    """Spans of a line with their section, split where a heading runs inline ("Required: …").

    The last item says whether the span is run-on text: bullets that lost their line breaks,
    recognised by a heading without a colon inside a long line.
    """
    start, run_on = 0, False
    for match in INLINE_HEADING.finditer(line):
        with_colon = ":" in match["colon"]
        head_kind = _heading_kind(match["head"])
        if head_kind is None or (not with_colon and len(line) <= RUN_ON_CHARS):
            continue
        if match.start() > start:
            yield start, match.start(), kind, section, run_on
        kind, section, start = head_kind, match["head"], match.end()
        run_on = run_on or not with_colon
    if start < len(line):
        yield start, len(line), kind, section, run_on


def _clauses(
    text: str, start: int, end: int, kind: Kind, section: str, run_on: bool
) -> Iterator[Clause]:
    """The clauses of a span: its sentences, ';' parts and bullets, and in run-on text the
    bullets that lost their line breaks."""
    for clause_start, clause_end in _split(text, start, end, CLAUSE_BREAK):
        if run_on or clause_end - clause_start > RUN_ON_CHARS:
            spans = list(_split(text, clause_start, clause_end, RUN_ON_BREAK))
        else:
            spans = [(clause_start, clause_end)]
        for span_start, span_end in spans:
            clause = _tagged_clause(text, span_start, span_end, kind, section)
            if clause:
                yield clause


def _split(text: str, start: int, end: int, breaks: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The spans between the matches of ``breaks`` inside ``text[start:end]``."""
    piece = text[start:end]
    last = 0
    for match in breaks.finditer(piece):
        yield start + last, start + match.start()
        last = match.end()
    yield start + last, end


def _tagged_clause(text: str, start: int, end: int, kind: Kind, section: str) -> Clause | None:
    """The clause between start and end without bullets and spaces, with its own kind."""
    piece = text[start:end]
    stripped = piece.lstrip(BULLET)
    start += len(piece) - len(stripped)
    end = start + len(stripped.rstrip())
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    words = text[start:end]
    preferred = PREFERRED_MARKER.search(words)
    if preferred and kind != Kind.OTHER:
        return Clause(start, end, Kind.PREFERRED, section, preferred.group(), kind)
    required = REQUIRED_MARKER.search(words)
    if required and kind == Kind.DESCRIPTION:
        return Clause(start, end, Kind.REQUIRED, section, required.group(), kind)
    return Clause(start, end, kind, section, "", kind)


def _phrase(text: str, clause: Clause, focus: int, limit: int = PHRASE_CHARS) -> str:
    """The clause as a verbatim substring of the posting, cut to about ``limit`` characters
    around ``focus`` (the position of the words that matter)."""
    if clause.end - clause.start <= limit:
        return text[clause.start : clause.end]
    start = clause.start
    if focus - start > limit - PHRASE_CONTEXT:  # keep the clause's opening words unless too far
        start = max(clause.start, min(focus - limit // 3, clause.end - limit))
    end = min(clause.end, start + limit)
    # Cut at word boundaries so the quote does not start or end inside a word.
    if start > clause.start:
        space = text.find(" ", start, focus)
        start = space + 1 if space != -1 else start
    if end < clause.end:
        space = text.rfind(" ", max(focus, start), end)
        end = space if space > start else end
    return text[start:end].strip()


# --- Choosing the template ----------------------------------------------------------------------

ML_TERMS = _compile(
    r"\bmachine learning\b|\bdeep learning\b|\bartificial intelligence\b|(?-i:\bAI\b|\bML\b)|"
    r"\bneural net\w*|\bgenerative models?\b|\brepresentation learning\b|\bprobabilistic model\w*|"
    r"\bfoundation models?\b"
)
AREA_TERMS = {
    "research-scientist-nlp": _compile(
        r"\bnatural language\b|(?-i:\bNLP\b|\bNLU\b|\bLLMs?\b|\bASR\b|\bTTS\b|\bACL\b|\bEMNLP\b|"
        r"\bNAACL\b)|\blanguage model\w*|\bmachine translation\b|\bquestion answering\b|"
        r"\bdialog(?:ue)?\b|\bspeech\b|\bspoken\b|\bsummari[sz]ation\b|"
        r"\binformation (?:extraction|retrieval)\b|\btext (?:generation|classification|mining)\b|"
        r"\bconversational\b|\bmultilingual\b|\bsearch/IR\b|\blinguistic\w*"
    ),
    "research-scientist-cv": _compile(
        r"\bcomputer vision\b|\bvision[- ]language\b|"
        r"\bimage[- ](?:processing|analysis|analytics)\b|"
        r"\bimag(?:e|es|ing)\b|\bvideo\b|\bvisual\b|\bobject detection\b|\bsegmentation\b|"
        r"\b3d (?:vision|reconstruction)\b|(?-i:\bCVPR\b|\bICCV\b|\bECCV\b|\bCNNs?\b)|"
        r"\bmicroscopy\b|\bconvolutional\b|\bdiffusion models?\b|\bpose estimation\b|"
        r"\bpoint clouds?\b|\bcomputer graphics\b"
    ),
    "research-scientist-rl": _compile(
        r"\breinforcement learning\b|(?-i:\bRL\b|\bCoRL\b|\bMDPs?\b)|\brobot\w*|"
        r"\b(?:optimal|continuous|robot) control\b|\bcontrol theory\b|"
        r"\bpolicy (?:optimi[sz]ation|gradients?|learning)\b|\bmulti-agent\b|"
        r"\bsequential decision\w*|\bbandits?\b|\b(?:motion|task) planning\b|\bsim-to-real\b|"
        r"\bmanipulation\b|\blocomotion\b|\bautonomous (?:driving|vehicles?|agents?|systems?)\b"
    ),
    "ml-theory": _compile(
        r"\blearning theory\b|\btheory of (?:deep |machine )?learning\b|"
        r"\btheoretical (?:machine learning|computer science|analysis|guarantees|understanding)\b|"
        r"\bgenerali[sz]ation bounds?\b|\bsample complexity\b|(?-i:\bCOLT\b|\bSTOC\b|\bFOCS\b)|"
        r"\bproofs?\b|\btheorems?\b|\bconvergence (?:analysis|rates?|guarantees)\b|"
        r"\bhigh-dimensional statistics\b|\bonline learning\b|\bstatistical learning\b"
    ),
    "ai-safety": _compile(
        r"\bAI safety\b|\balignment\b|\binterpretab\w*|\bexplainab\w*|\bred[- ]teaming\b|"
        r"(?-i:\bRLHF\b)|\breward model\w*|\badversarial (?:robustness|examples|attacks?)\b|"
        r"\bfairness\b|\bresponsible AI\b|\btrustworthy\b|\bAI governance\b|\bmechanistic\b|"
        r"\bjailbreak\w*|\bdangerous capabilit\w*|\bmodel evaluations?\b"
    ),
}
ENGINEERING_TERMS = _compile(
    r"\binfrastructure\b|\bpipelines?\b|\bproduction\b|\bdeploy\w*|\bscal(?:able|ability|e)\b|"
    r"\bdistributed (?:training|systems?|computing)\b|\bsoftware (?:engineering|development|"
    r"projects?)\b|\bcoding skills\b|\bkernels?\b|\bcuda\b|\bgpus?\b|\blatency\b|\bmlops\b|"
    r"\bdevops\b|\bmicroservices\b|\bci/cd\b|\bdocker\b|\bkubernetes\b"
)
ENGINEER_TITLE = _compile(r"\bengineer\w*|\bdeveloper\b")
SCIENTIST_TITLE = _compile(r"\bscientists?\b|\bresearchers?\b|\bpostdoc\w*|\bfellow\b")
ML_KEY = "ml"
# Specialised templates are scanned for their own area words, general ones for ML words.
SCANNED_AREAS = {**AREA_TERMS, ML_KEY: ML_TERMS}
AREA_KEYS = {**{slug: slug for slug in AREA_TERMS}, GENERAL_SLUG: ML_KEY, ENGINEER_SLUG: ML_KEY}


@dataclass(frozen=True)
class AreaWords:
    """The distinct area words a clause names, per specialised template and for general ML."""

    clause: Clause
    terms: dict[str, set[str]]


def _terms(pattern: re.Pattern[str], words: str) -> set[str]:
    """The distinct terms ``pattern`` finds in ``words``, lowercased, hyphens as spaces."""
    return {" ".join(m.group().lower().replace("-", " ").split()) for m in pattern.finditer(words)}


def _area_words(posting: Posting) -> list[AreaWords]:
    """Every read clause's area words: one scan that the template, area and warnings share."""
    return [
        AreaWords(
            clause,
            {
                key: _terms(pattern, posting.text[clause.start : clause.end])
                for key, pattern in SCANNED_AREAS.items()
            },
        )
        for clause in posting.clauses
        if clause.kind != Kind.OTHER
    ]


def _choose_template(posting: Posting, areas: list[AreaWords]) -> tuple[str, tuple[str, ...]]:
    """The closest template's slug and the phrases (title first) that decided it."""
    scores = {slug: TITLE_BONUS * len(_terms(p, posting.title)) for slug, p in AREA_TERMS.items()}
    evidence: dict[str, list[Clause]] = {slug: [] for slug in AREA_TERMS}
    distinct: dict[str, set[str]] = {slug: set() for slug in AREA_TERMS}
    for area in areas:
        named = [slug for slug in AREA_TERMS if area.terms[slug]]
        if len(named) >= BREADTH_LIST_FIELDS:
            continue  # "expertise in one or more of: vision, NLP, RL…" names no single area
        for slug in named:
            evidence[slug].append(area.clause)
            distinct[slug] |= area.terms[slug]
    for slug, terms in distinct.items():
        scores[slug] += len(terms)
    area_slug = max(scores, key=lambda slug: scores[slug])  # ties go to the earlier template
    area_score = scores[area_slug]
    slug = area_slug if area_score >= MIN_AREA_SCORE else GENERAL_SLUG
    if _reads_as_engineering(posting, [a.clause for a in areas], area_score):
        slug = ENGINEER_SLUG
    if slug not in evidence:  # the general templates quote whatever names ML or engineering
        evidence[slug] = [a.clause for a in areas]
    return slug, _template_phrases(posting, slug, evidence[slug])


def _reads_as_engineering(posting: Posting, read: list[Clause], area_score: int) -> bool:
    """An engineer title, or a mixed title over mostly engineering words: a research engineer."""
    engineer = ENGINEER_TITLE.search(posting.title) is not None
    scientist = SCIENTIST_TITLE.search(posting.title) is not None
    if engineer != scientist:
        return engineer
    words = " ".join(posting.text[c.start : c.end] for c in read)
    engineering = len(_terms(ENGINEERING_TERMS, words))
    needed = 3 if engineer else 4  # a title naming neither role needs more evidence
    return engineering >= needed and engineering > area_score


def _template_phrases(posting: Posting, slug: str, evidence: list[Clause]) -> tuple[str, ...]:
    """The title and the first clauses of ``evidence`` with the words that chose ``slug``."""
    if slug == ENGINEER_SLUG:
        title_pattern, pattern = ENGINEER_TITLE, ENGINEERING_TERMS
    else:
        title_pattern = pattern = SCANNED_AREAS[AREA_KEYS[slug]]
    phrases = [posting.title] if title_pattern.search(posting.title) else []
    for clause in evidence:
        match = pattern.search(posting.text, clause.start, clause.end)
        if match:
            phrases.append(_phrase(posting.text, clause, match.start()))
        if len(phrases) >= MAX_PHRASES:
            break
    return tuple(dict.fromkeys(phrases))


# --- Finding what the posting asks for ----------------------------------------------------------

PHD = r"\bph\.?\s?ds?\b|\bdoctora(?:te|l degree)\b"
MASTER = (
    r"\bmaster(?:'|’)?s\b|\bmaster of (?:science|engineering|arts|mathematics)\b|"
    r"(?-i:\bM\.?\s?Sc?\b\.?)(?!\s*(?:Word|Office|Excel|Teams|Access|Project|SQL))"
)
BACHELOR = r"\bbachelor(?:'|’)?s?\b|\bundergraduate degree\b|(?-i:\bB\.?\s?Sc?\b\.?)"
EQUIVALENT = r"\bequivalent (?:\w+ ){0,2}experience\b|\bor equivalent\b"
DEGREES = (
    ("phd", _compile(PHD)),
    ("master", _compile(MASTER)),
    ("bachelor", _compile(BACHELOR)),
    ("equivalent", _compile(EQUIVALENT)),
)
VENUES = (
    r"(?-i:\b(?:NeurIPS|NIPS|ICML|ICLR|ACL|EMNLP|NAACL|CVPR|ICCV|ECCV|AAAI|IJCAI|CoRL|COLT|UAI|"
    r"AISTATS|KDD|SIGIR|Interspeech|ICASSP|TACL|JMLR|TPAMI)\b)"
)
DIMENSION_TERMS = {
    Dimension.CREDENTIALS: _compile(f"{PHD}|{MASTER}|{BACHELOR}|{EQUIVALENT}|\\bdegrees?\\b"),
    Dimension.PUBLICATIONS: _compile(
        r"\bpublications?\b|\bpublish\w*|\bfirst[- ]author\w*|\bpeer[- ]review\w*|"
        r"\bresearch papers?\b|\bpapers? (?:at|in) (?:top|leading|major)\b|"
        rf"\btop[- ](?:tier )?(?:conferences?|venues?|journals?)\b|{VENUES}"
    ),
    Dimension.CODING: _compile(
        r"\bpython\b|\bpytorch\b|\bjax\b|\btensor\s?flow\b|\bkeras\b|\bc\+\+|\bcuda\b|\bgpus?\b|"
        r"\btriton\b|\bsoftware (?:engineering|development)\b|\bprogramming\b|\bcoding\b|"
        r"\bcode\b|\bjava\b|\bscala\b|\bjulia\b|\bmatlab\b|\bscikit-learn\b|\bnumpy\b|"
        r"\b(?:ml|deep learning|machine learning) (?:frameworks?|toolkits?|packages?|libraries)\b|"
        r"\bdistributed training\b"
    ),
    Dimension.MATH_DEPTH: _compile(
        r"\bmath(?:ematics|ematical|s)?\b|"
        r"\bstatistic(?:s|al)\b(?! (?:computer |programming )?(?:languages?|software|packages?))|"
        r"\bprobabilit(?:y|ies|stic)\b|"
        r"\blinear algebra\b|\boptimi[sz]ation\b|\btheor(?:y|ies|etical)\b|\bcalculus\b|"
        r"\bquantitative\b|\bphysics\b"
    ),
    Dimension.RESEARCH_METHODOLOGY: _compile(
        r"\bresearch (?:experience|thesis|projects?|agenda|directions?|questions?|ideas)\b|"
        r"\bresearch methods?\b|\bmethodolog\w*|\bdesign(?:ing)? (?:\w+ )?experiments\b|"
        r"\bexperiment(?:al design|ation|s|ing)?\b|\bnovel\b|\bstate[- ]of[- ]the[- ]art\b|"
        r"\bindependent(?:ly)? research\b|"
        r"\b(?:conduct|perform|lead|pursue|drive)\w* (?:\w+ ){0,2}research\b|"
        r"\bfundamental research\b|\bscientific (?:rigou?r|methods?|quality)\b|\brigou?r(?:ous)?\b|"
        r"\bablations?\b|\bbenchmarks?\b|\breproducib\w*|\bhypothes[ie]s\b|\binvent\w*\b|"
        r"\bresearch and development\b"
    ),
    Dimension.COLLABORATION: _compile(
        r"\bcollaborat\w*|\bcross[- ]functional\w*|\binterdisciplinary\b|\bmulti-?disciplinary\b|"
        r"\bteam(?:work| player|-oriented)\b|\bmentor\w*|"
        r"\b(?:in|with|across) (?:\w+ ){0,2}teams?\b"
    ),
    Dimension.RESEARCH_EXPERIENCE: _compile(
        r"\bpost-?doc\w*|\byears? (?:of )?(?:\w+ ){0,3}research\b|"
        r"\bresearch (?:positions?|internships?|labs?|background|track record)\b|"
        r"\bindustry research\b|\bresearch(?:er)? experience\b|\bacademic research\b"
    ),
}
STRONG_RECORD = _compile(
    r"\b(?:strong|excellent|outstanding|proven|exceptional|solid|significant|extensive|"
    r"impressive)\b[^.;]{0,40}?\b(?:publication|research) (?:track )?record\b|"
    r"\bfirst[- ]author\w*|\btrack record of (?:\w+ ){0,3}publi\w*"
)
TOP_VENUE = _compile(
    rf"{VENUES}|\b(?:top|top-tier|leading|premier|major)\b[^.;]{{0,20}}?"
    r"\b(?:conferences?|venues?|journals?)\b"
)
# Dimensions a posting's wording never makes a must-have: "works well in a team" is worth
# weight, but a CV shows it too indirectly to rest a barrier on.
NEVER_BARRIER = {Dimension.COLLABORATION}
MUST_HAVE_PRIORITY = (
    Dimension.CREDENTIALS,
    Dimension.PUBLICATIONS,
    Dimension.RESEARCH_METHODOLOGY,
    Dimension.RESEARCH_EXPERIENCE,
    Dimension.RESEARCH_AREA,
    Dimension.CODING,
    Dimension.MATH_DEPTH,
    Dimension.COLLABORATION,
)
# Criteria a posting can add when it asks for a dimension its template leaves out.
BASE_CRITERIA = {
    c.dimension: c
    for c in (
        METHODOLOGY,
        MATH,
        CODING,
        COLLABORATION,
        CREDENTIALS,
        RESEARCH_AREA,
        RESEARCH_EXPERIENCE,
    )
}
RESEARCH_DIMENSIONS = (
    Dimension.PUBLICATIONS,
    Dimension.RESEARCH_METHODOLOGY,
    Dimension.RESEARCH_EXPERIENCE,
)
DATA_SCIENCE = _compile(r"\bdata scien\w*|\banalytics?\b|\bbusiness intelligence\b")


# A clause mixing a requirement with a preference is read part by part at these breaks.
PART_BREAK = re.compile(r",\s+|\s+(?:but|while|whereas)\s+|\s+\(")
NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
YEARS = r"(?:years?|yrs)\b"
# "0-2 years", "0 2 years" (a dash lost), "2 to 4 years", "up to 3 years": a bracket of
# seniority, which someone with the fewest years also meets, never a must-have.
YEAR_RANGE = _compile(
    rf"\b{NUMBER}\+?\s*(?:-|–|—|to|\s)\s*{NUMBER}\+?\s*{YEARS}|"
    rf"\b(?:up to|less than|under|no more than|at most|maximum of) {NUMBER}\s*{YEARS}"
)
YEARS_EXPERIENCE = _compile(
    rf"\b{NUMBER}\+?\s*(?:(?:-|–|to|\s)\s*{NUMBER}\+?\s*)?{YEARS}|"
    r"\bindustry experience\b|\bindustrial setting\b|\bprofessional experience\b"
)
RESEARCH_WORDS = _compile(r"\bresearch|\bpost-?doc|\bacademi[ac]|\bphd\b|\bph\.d")
# A degree requirement offered with experience instead: not a must-have on the degree.
DEGREE_ALTERNATIVE = _compile(
    rf"{EQUIVALENT}|\bor (?:{NUMBER}\+? )?(?:[\w-]+ ){{0,3}}(?:experience|expertise)\b"
)
# Research experience offered with industry experience instead ("industry or postdoctoral").
EXPERIENCE_ALTERNATIVE = _compile(
    r"\b(?:industry|industrial|professional|equivalent)\s+or\b|"
    r"\bor\s+(?:[\w-]+\s+){0,2}(?:industry|industrial|professional|equivalent)\b"
)
STRESS = _compile(
    r"\b(?:very strong|strong|deep|extensive|expert(?:-level|ise)?|excellent|solid|proven|"
    r"outstanding|exceptional|significant|advanced|in-depth|thorough|world-class|"
    r"demonstrated)\b|(?-i:\bmust\b)|\brequired\b|\bmandatory\b|\bessential\b"
)
# The field a degree is in ("PhD in statistics, physics or a related field") names the
# degree's subject: its area words are not the role's area.
DEGREE_TERM = _compile(f"{PHD}|{MASTER}|{BACHELOR}|\\bdegrees?\\b")
FIELD_OPENING = _compile(r"\s*(?:degree\s*)?(?:in|of)\b|\s*\(")
FIELD_END = _compile(r";|\bwith\b|\bplus\b|\band (?:strong|proven|demonstrated|experience)\b")
FIELD_CHARS = 250
# Lines left in a requirements list that ask nothing of a candidate.
NOT_REQUIREMENT = _compile(
    r"\brecruiters?\b|\bagenc(?:y|ies)\b|\bprincipals only\b|\bjob poster\b|"
    r"\bequal opportunity\b|\bhow to apply\b|\bclick\b|\bsubmit (?:your|a)\b|"
    r"^(?:we|our|that(?:'|’)s|this is)\b"
)


def _mentions(
    posting: Posting, slug: str, areas: list[AreaWords]
) -> tuple[dict[str, list[Mention]], list[Unmapped]]:
    """Every dimension's mentions, in posting order (the area is the chosen template's), and
    the requirements that name no dimension."""
    key = AREA_KEYS[slug]
    found: dict[str, list[Mention]] = {}
    unmapped: list[Unmapped] = []
    for area in areas:
        clause = area.clause
        # A specialised role's requirement of general ML depth ("hands-on experience in deep
        # learning") is about its area too, when it asks for nothing else.
        general = key != ML_KEY and bool(area.terms[ML_KEY])
        mentions = list(_clause_mentions(posting, clause, key, bool(area.terms[key])))
        if not mentions and general:
            mentions = list(_clause_mentions(posting, clause, ML_KEY, True))
        for mention in mentions:
            found.setdefault(mention.dimension, []).append(mention)
        if not mentions and clause.kind >= Kind.PREFERRED:
            missing = _unmapped(posting, clause)
            if missing and missing.phrase not in {u.phrase for u in unmapped}:
                unmapped.append(missing)
    return found, unmapped


def _clause_mentions(
    posting: Posting, clause: Clause, key: str, names_area: bool
) -> Iterator[Mention]:
    """The dimensions one clause mentions, each with the kind of the part it is named in."""
    text = posting.text
    parts = _parts(text, clause)
    fields = _degree_fields(text, clause)
    for dimension, pattern in DIMENSION_TERMS.items():
        matches = list(pattern.finditer(text, clause.start, clause.end))
        if matches:
            yield _mention(text, clause, parts, dimension, [m.start() for m in matches])
            # "deep learning frameworks" asks for coding, not for the area its words name.
            fields += [m.span() for m in matches]
    if not names_area:
        return
    starts = [
        m.start()
        for m in SCANNED_AREAS[key].finditer(text, clause.start, clause.end)
        if not any(start <= m.start() < end for start, end in fields)
    ]
    words = text[clause.start : clause.end]
    # "4+ years of industry experience shipping ML models" asks for industry years, which no
    # criterion measures; the general area words in it are not a research-area requirement.
    industry = (
        key == ML_KEY
        and YEARS_EXPERIENCE.search(words) is not None
        and RESEARCH_WORDS.search(words) is None
    )
    if starts and not industry:
        yield _mention(text, clause, parts, Dimension.RESEARCH_AREA, starts)


def _parts(text: str, clause: Clause) -> list[tuple[int, int, Kind, str]]:
    """The clause's parts with their kind and marker: one part unless it mixes markers."""
    words = text[clause.start : clause.end]
    if not (PREFERRED_MARKER.search(words) and REQUIRED_MARKER.search(words)):
        return [(clause.start, clause.end, clause.kind, clause.marker)]
    parts = []
    for start, end in _split(text, clause.start, clause.end, PART_BREAK):
        piece = text[start:end]
        preferred, required = PREFERRED_MARKER.search(piece), REQUIRED_MARKER.search(piece)
        if preferred:
            parts.append((start, end, Kind.PREFERRED, preferred.group()))
        elif required and clause.section_kind in (Kind.DESCRIPTION, Kind.REQUIRED):
            parts.append((start, end, Kind.REQUIRED, required.group()))
        else:
            parts.append((start, end, clause.section_kind, ""))
    return parts


def _mention(
    text: str,
    clause: Clause,
    parts: list[tuple[int, int, Kind, str]],
    dimension: str,
    starts: list[int],
) -> Mention:
    """The mention of ``dimension`` at ``starts``: the strongest part it is named in."""
    named = [next(p for p in parts if p[0] <= at < p[1] or p is parts[-1]) for at in starts]
    start, end, kind, marker = max(named, key=lambda part: part[2])
    focus = next(at for at, part in zip(starts, named, strict=True) if part[2] == kind)
    words = text[start:end]
    stress = STRESS.search(words)
    return Mention(
        dimension,
        clause,
        _phrase(text, clause, focus),
        kind=kind,
        marker=marker,
        relaxed=_relaxed(dimension, text[clause.start : clause.end]),
        stress=stress.group() if stress else "",
    )


def _relaxed(dimension: str, words: str) -> str:
    """What in a clause keeps it from making ``dimension`` a must-have, quoted, or ""."""
    if dimension == Dimension.CREDENTIALS:
        for alternative in DEGREE_ALTERNATIVE.finditer(words):
            # "MS or PhD with 3 years of experience" offers another degree, not experience.
            if not DEGREE_TERM.search(alternative.group()):
                return alternative.group()
        return ""
    if dimension == Dimension.PUBLICATIONS:
        return ""
    match = YEAR_RANGE.search(words)
    if match is None and dimension == Dimension.RESEARCH_EXPERIENCE:
        match = EXPERIENCE_ALTERNATIVE.search(words)
    return match.group() if match else ""


def _degree_fields(text: str, clause: Clause) -> list[tuple[int, int]]:
    """Spans naming the field of a degree the clause asks for ("in physics or a related
    field"), up to what the clause asks for next ("with", ";")."""
    spans = []
    for degree in DEGREE_TERM.finditer(text, clause.start, clause.end):
        opening = FIELD_OPENING.match(text, degree.end(), clause.end)
        if opening is None:
            continue
        limit = min(clause.end, opening.end() + FIELD_CHARS)
        stop = FIELD_END.search(text, opening.end(), limit)
        spans.append((opening.end(), stop.start() if stop else limit))
    return spans


def _unmapped(posting: Posting, clause: Clause) -> Unmapped | None:
    """A requirement no dimension measures, or None for text too short to be one."""
    words = posting.text[clause.start : clause.end]
    if len(re.findall(r"[^\W\d_]{2,}", words)) < 3 or NOT_REQUIREMENT.search(words):
        return None
    if YEARS_EXPERIENCE.search(words):
        why = "it asks for years of experience outside research, which no criterion measures"
    else:
        why = "it names nothing a criterion measures"
    return Unmapped(
        _phrase(posting.text, clause, clause.start), KIND_NAMES[clause.kind], clause.section, why
    )


def _area_focus(posting: Posting, clause: Clause, key: str) -> int:
    """Where the first area word of a clause that names one starts."""
    match = SCANNED_AREAS[key].search(posting.text, clause.start, clause.end)
    return match.start() if match else clause.start


def _degree_target(words: str) -> tuple[int, str] | None:
    """The credentials target the degrees named in ``words`` imply, and why, or None."""
    named = sorted(
        (match.start(), name) for name, pattern in DEGREES for match in pattern.finditer(words)
    )
    order = [name for _, name in named]
    degrees = [name for name in order if name != "equivalent"]
    if not degrees:
        return None
    if "bachelor" in degrees:
        return 1, "a bachelor's degree is enough"
    if "phd" not in degrees:
        return 2, "it asks for a master's degree"
    if degrees[0] == "master":
        return 2, "it names a master's degree before a PhD"
    if "master" in degrees:
        return 3, "it names a PhD first but accepts a master's degree"
    if "equivalent" in order:
        return 3, "it accepts a PhD or equivalent experience"
    return 4, "it asks for a PhD"


def _publication_target(words: str, current: int) -> tuple[int, str] | None:
    """The publications target the wording implies, and why, or None when it implies none."""
    if STRONG_RECORD.search(words):
        return max(current, 3), "it asks for a strong or first-author publication record"
    if TOP_VENUE.search(words) and current < 2:
        return 2, "it asks for papers at top venues"
    return None


def _target(criterion: CriterionSpec, mentions: list[Mention], text: str) -> tuple[int, str]:
    """The target level and why it changed ("" when kept), from the decisive mentions' clauses."""
    words = " ".join(text[m.clause.start : m.clause.end] for m in mentions)
    change = None
    if criterion.dimension == Dimension.CREDENTIALS:
        change = _degree_target(words)
    elif criterion.dimension == Dimension.PUBLICATIONS:
        change = _publication_target(words, criterion.target_level)
    if change is None:
        return criterion.target_level, ""
    level, why = change
    anchor = criterion.levels[level].rstrip(".")
    verb = "stays" if level == criterion.target_level else "becomes"
    return level, f"; the target {verb} level {level} ({anchor}) because {why}"


# --- Adjusting the template ---------------------------------------------------------------------


def _suggestions(
    template: RubricTemplate, posting: Posting, mentions: dict[str, list[Mention]]
) -> tuple[Suggestion, ...]:
    """One suggestion per template criterion, plus one per dimension the posting asks for
    that the template leaves out."""
    strongest = {dim: max(m.kind for m in found) for dim, found in mentions.items()}
    stated = Kind.REQUIRED in strongest.values()
    present = {c.dimension for c in template.criteria}
    added = [
        BASE_CRITERIA[dim]
        for dim in MUST_HAVE_PRIORITY
        if dim not in present
        and dim in BASE_CRITERIA
        and strongest.get(dim, Kind.OTHER) >= Kind.PREFERRED
    ]
    criteria = [*template.criteria, *added]
    # Required without a range or an alternative: what a must-have can rest on.
    firm = {dim for dim, found in mentions.items() if any(_firm(m) for m in found)}
    must_haves = _must_haves(criteria, strongest, firm, stated)
    positions = _positions(posting)
    read = bool(mentions)
    return tuple(
        _suggest(
            criterion,
            mentions.get(criterion.dimension, []),
            posting.text,
            positions,
            must_have=criterion.dimension in must_haves,
            stated=stated,
            added=criterion in added,
            read=read,
        )
        for criterion in criteria
    )


def _firm(mention: Mention) -> bool:
    """A requirement a must-have can rest on: required, with no range or alternative."""
    return mention.kind == Kind.REQUIRED and not mention.relaxed


def _positions(posting: Posting) -> dict[Clause, tuple[int, int]]:
    """Each clause's place in its list (the run of clauses under one heading) and its length."""
    runs: list[list[Clause]] = []
    for clause in posting.clauses:
        last = runs[-1][-1] if runs else None
        if last is not None and (last.section, last.section_kind) == (
            clause.section,
            clause.section_kind,
        ):
            runs[-1].append(clause)
        else:
            runs.append([clause])
    return {clause: (index, len(run)) for run in runs for index, clause in enumerate(run)}


def _must_haves(
    criteria: list[CriterionSpec],
    strongest: dict[str, Kind],
    firm: set[str],
    stated: bool,
) -> set[str]:
    """The dimensions that become must-haves: what the posting requires, at most four.

    A posting that states requirements decides alone; one that states none keeps the template's
    must-haves unless it calls them preferred. A requirement given as a range of years or with
    an alternative ("or equivalent experience") is never a must-have.
    """
    if stated:
        wanted = [c for c in criteria if c.dimension in firm and c.dimension not in NEVER_BARRIER]
    else:
        wanted = [
            c for c in criteria if c.must_have and strongest.get(c.dimension) != Kind.PREFERRED
        ]
    # The template's own must-haves first, then the dimensions that best separate researchers.
    wanted.sort(key=lambda c: (not c.must_have, MUST_HAVE_PRIORITY.index(c.dimension)))
    return {c.dimension for c in wanted[:MAX_MUST_HAVES]}


@dataclass(frozen=True)
class Emphasis:
    """How much the posting stresses a dimension, and the words to say so."""

    raise_by: float
    stress: str  # the stressing word of the decisive mention, "" when none
    late: tuple[int, int] | None  # (place, of) when listed in the second half of its list
    more: int  # further clauses that mention it


def _emphasis(
    kind: Kind, mentions: list[Mention], positions: dict[Clause, tuple[int, int]]
) -> Emphasis:
    """The weight a dimension gains from the posting: its strongest kind of mention, stressed
    ("strong", "required") by half as much again, by a quarter less when listed in the second
    half of its list, and a quarter for each further clause naming it (two at most)."""
    decisive = [m for m in mentions if m.kind == kind]

    def rank(mention: Mention) -> tuple[bool, int]:
        index, _ = positions.get(mention.clause, (0, 1))
        return (not mention.stress, index)

    lead = min(decisive, key=rank)
    index, length = positions.get(lead.clause, (0, 1))
    late = (index + 1, length) if length > 2 and index >= length / 2 else None
    clauses = len({m.clause for m in mentions})
    more = min(MAX_MORE_MENTIONS, clauses - 1)
    raise_by = WEIGHT_RAISE[kind] * (STRESS_FACTOR if lead.stress else 1.0)
    raise_by = raise_by * (LATE_FACTOR if late else 1.0) + MORE_RAISE * more
    return Emphasis(raise_by, lead.stress, late, more)


def _suggest(
    criterion: CriterionSpec,
    mentions: list[Mention],
    text: str,
    positions: dict[Clause, tuple[int, int]],
    *,
    must_have: bool,
    stated: bool,
    added: bool,
    read: bool,
) -> Suggestion:
    """The criterion adjusted by how the posting asks for it, with the phrases and the reason."""
    kind = max((m.kind for m in mentions), default=None)
    decisive = [m for m in mentions if m.kind == kind]
    if kind is None:
        emphasis = None
        # A posting that asks for other things and never for this: the weight follows it.
        unasked = read and not must_have
        weight = max(MIN_WEIGHT, criterion.weight * UNASKED_FACTOR) if unasked else criterion.weight
    else:
        emphasis = _emphasis(kind, mentions, positions)
        weight = criterion.weight + emphasis.raise_by
    weight = min(MAX_WEIGHT, round(weight * 4) / 4)  # in quarters, as a person would set it
    target, target_note = _target(criterion, decisive, text)
    adjusted = replace(
        criterion,
        weight=weight,
        must_have=must_have,
        target_level=target,
        # The draft is edited before it is saved; it must not share the template's thresholds.
        thresholds=copy.deepcopy(criterion.thresholds),
    )
    ordered = sorted(mentions, key=lambda m: -m.kind)
    phrases = tuple(dict.fromkeys(m.phrase for m in ordered))[:MAX_PHRASES]
    reason = _reason(
        criterion, adjusted, kind, decisive, emphasis, stated=stated, added=added, read=read
    )
    return Suggestion(adjusted, phrases, reason + target_note + ".")


def _reason(
    before: CriterionSpec,
    after: CriterionSpec,
    kind: Kind | None,
    decisive: list[Mention],
    emphasis: Emphasis | None,
    *,
    stated: bool,
    added: bool,
    read: bool,
) -> str:
    """Why the weight and must-have are what they are, as one sentence without its full stop."""
    old, new = f"{before.weight:g}", f"{after.weight:g}"
    if kind is None or emphasis is None:
        if after.weight < before.weight:
            return (
                f"Not mentioned in the posting, which asks for other things, so its weight "
                f"falls from the template's {old} to {new}" + _kept_must_have(before, after, stated)
            )
        return f"Not mentioned in the posting, so the template's weight {old} is kept" + (
            _kept_must_have(before, after, stated)
        )
    clause = decisive[0].clause
    how = _how(emphasis)
    if kind == Kind.DESCRIPTION:
        named = clause.section and "description" not in clause.section.lower()
        section = f" (“{clause.section}”)" if named else ""
        return (
            f"Mentioned only in the description{section}{how}, so its weight rises slightly "
            f"from {old} to {new}{_kept_must_have(before, after, stated)}"
        )
    if added:
        old = f"the default {old}"
    relaxed = next((m.relaxed for m in decisive if m.relaxed), "")
    if kind == Kind.PREFERRED:
        outcome = f"its weight rises from {old} to {new} but it is not a must-have"
    elif after.must_have:
        outcome = f"it is a must-have and its weight rises from {old} to {new}"
    elif before.dimension in NEVER_BARRIER:
        outcome = (
            f"its weight rises from {old} to {new}; it is not a must-have because a CV shows "
            "collaboration only indirectly (co-authors, team projects), too weakly for a barrier"
        )
    elif relaxed and not any(_firm(m) for m in decisive):
        outcome = f"its weight rises from {old} to {new}; it is not a must-have because " + (
            _relaxed_why(relaxed)
        )
    else:
        outcome = (
            f"its weight rises from {old} to {new}; it is not a must-have because "
            f"{MAX_MUST_HAVES} more decisive requirements already are"
        )
    where = _where(kind, decisive[0])
    if added:
        return f"Not in the template but {where}{how}, so {outcome}"
    return f"{where[0].upper()}{where[1:]}{how}, so {outcome}"


def _how(emphasis: Emphasis) -> str:
    """How the posting stresses a dimension, as words to follow where it says it."""
    notes = []
    if emphasis.stress:
        notes.append(f"stressed (“{emphasis.stress}”)")
    if emphasis.late:
        notes.append(f"listed late ({emphasis.late[0]} of {emphasis.late[1]})")
    if emphasis.more:
        places = "place" if emphasis.more == 1 else "places"
        notes.append(f"named in {emphasis.more} more {places}")
    if not notes:
        return ""
    return ", " + (", ".join(notes[:-1]) + " and " + notes[-1] if len(notes) > 1 else notes[0])


def _relaxed_why(relaxed: str) -> str:
    """Why a requirement with a range or an alternative is not a must-have."""
    if YEAR_RANGE.fullmatch(relaxed):
        return f"it asks for a range of years (“{relaxed}”), which someone with the fewest meets"
    return f"it accepts an alternative (“{relaxed}”)"


def _where(kind: Kind, mention: Mention) -> str:
    """Where the posting says it: the words that overrode the section, or the section."""
    clause = mention.clause
    if mention.marker and kind == Kind.REQUIRED:
        return f"stated as a requirement (“{mention.marker}”)"
    if mention.marker:
        return f"described as “{mention.marker}”"
    if clause.section:
        return f"listed under “{clause.section}”"
    return f"stated as {KIND_NAMES[kind]}"


def _kept_must_have(before: CriterionSpec, after: CriterionSpec, stated: bool) -> str:
    """What became of a template's must-have the posting does not require, as a clause."""
    if before.must_have and after.must_have:
        return ", and it stays a must-have as in the template"
    if before.must_have and stated:
        return "; it is no longer a must-have because the posting's requirements do not ask for it"
    return ""


# --- The draft ----------------------------------------------------------------------------------


def _research_area(posting: Posting, slug: str, areas: list[AreaWords]) -> str:
    """Up to three sentences of the posting that name the area, in posting order.

    Sentences of the description are preferred: requirements name areas too ("publications at
    ACL"), but the description says what the team works on.
    """
    key = AREA_KEYS[slug]
    naming = [(position, area) for position, area in enumerate(areas) if area.terms[key]]
    naming.sort(
        key=lambda item: (
            item[1].clause.kind != Kind.DESCRIPTION,
            -len(item[1].terms[key]),
            item[0],
        )
    )
    pieces = [
        (
            position,
            _whole_phrases(posting.text, area.clause, _area_focus(posting, area.clause, key)),
        )
        for position, area in naming
    ]
    best = sorted([item for item in pieces if item[1]][:MAX_AREA_SENTENCES])
    return " ".join(piece for _, piece in best)


# Where a long clause may be cut for the area text: after a sentence, a ';', a ':' or a comma,
# or before a dash or a parenthesis.
PHRASE_BOUNDARY = re.compile(r"(?<=[.;:!?,])\s+|\s+(?=[–—(])")


def _whole_phrases(text: str, clause: Clause, focus: int, limit: int = AREA_SENTENCE_CHARS) -> str:
    """The clause, or its whole sentences and clauses around ``focus`` within ``limit``
    characters, ending with a full stop: never a phrase cut in the middle. "" when the clause
    has no boundary to cut at."""
    start, end = clause.start, clause.end
    if end - start > limit:
        cuts = list(PHRASE_BOUNDARY.finditer(text, start, end))
        starts = [start] + [m.end() for m in cuts if m.end() <= focus]
        ends = [m.start() for m in cuts] + [end]
        # The latest opening that keeps the area words in, then the longest end within limit.
        start = next((at for at in reversed(starts) if focus - at <= limit // 2), starts[-1])
        fitting = [at for at in ends if focus < at <= start + limit]
        if not fitting:
            return ""
        end = fitting[-1]
    piece = " ".join(text[start:end].split()).rstrip(",;:–— ")
    return piece if piece[-1:] in ".!?" else f"{piece}."


def _warnings(
    posting: Posting, mentions: dict[str, list[Mention]], areas: list[AreaWords]
) -> list[str]:
    """What a reviewer should check: a role that is not research, or requirements not found."""
    warnings = []
    if posting.truncated:
        warnings.append(f"Only the first {MAX_CHARS:,} characters of the posting were read.")
    named_fields = any(any(area.terms.values()) for area in areas) or any(
        pattern.search(posting.title) for pattern in SCANNED_AREAS.values()
    )
    if not named_fields:
        warnings.append(
            "The posting never mentions machine learning or AI, so no template fits it well; "
            "check the research area and the criteria."
        )
    research = [m for dim in RESEARCH_DIMENSIONS for m in mentions.get(dim, [])]
    phd = DEGREES[0][1]
    research += [
        m
        for m in mentions.get(Dimension.CREDENTIALS, [])
        if phd.search(posting.text, m.clause.start, m.clause.end)
    ]
    role = _role_kind(posting, areas)
    if not research:
        warnings.append(
            f"The posting reads like {role} role with no research signal (no publications, PhD "
            "or research experience); check that a research rubric is what you want."
        )
    elif not any(_requires_research(posting.text, m) for m in research):
        warnings.append(
            f"The posting reads like {role} role with no research requirement (publications, "
            "a PhD or research experience are not required); check the must-haves."
        )
    if not any(m.kind == Kind.REQUIRED for found in mentions.values() for m in found):
        warnings.append(
            "No requirements were found in the posting (no requirements or qualifications "
            "section), so the must-haves are the template's unless it calls them preferred; "
            "check them."
        )
    return warnings


def _requires_research(text: str, mention: Mention) -> bool:
    """Whether a research mention is a requirement; "BS, MS or PhD" does not require a PhD."""
    if not _firm(mention):
        return False
    if mention.dimension != Dimension.CREDENTIALS:
        return True
    target = _degree_target(text[mention.clause.start : mention.clause.end])
    return target is not None and target[0] >= PHD_LEVEL


def _role_kind(posting: Posting, areas: list[AreaWords]) -> str:
    """The kind of non-research role the posting reads like, with its article."""
    data_science = DATA_SCIENCE.search(posting.title) or any(
        DATA_SCIENCE.search(posting.text, a.clause.start, a.clause.end) for a in areas
    )
    if data_science:
        return "a data-science"
    if ENGINEER_TITLE.search(posting.title) and not SCIENTIST_TITLE.search(posting.title):
        return "an engineering"
    return "an applied"


def draft_rubric(text: str) -> DraftRubric:
    """Draft a rubric from a job posting: the closest template, adjusted to what it asks for."""
    posting = _read_posting(text)
    areas = _area_words(posting)
    slug, template_phrases = _choose_template(posting, areas)
    template = TEMPLATES[slug]
    mentions, unmapped = _mentions(posting, slug, areas)
    if areas:
        warnings = _warnings(posting, mentions, areas)
        if unmapped:
            count = len(unmapped)
            warnings.append(
                f"{count} requirement{'s' if count > 1 else ''} of the posting match no "
                "criterion and are listed as not mapped; check them by hand."
            )
    else:
        warnings = [
            "The posting has no description or requirements to read, so the draft is the "
            f"{template.title} template unchanged."
        ]
    return DraftRubric(
        template_slug=slug,
        template_phrases=template_phrases,
        title=posting.title or template.title,
        research_area=_research_area(posting, slug, areas) or template.research_area,
        suggestions=_suggestions(template, posting, mentions),
        warnings=tuple(warnings),
        unmapped=tuple(unmapped),
    )
