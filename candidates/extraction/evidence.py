"""Evidence for every rubric dimension: quoted lines of the CV, each with its signal and page.

Each dimension of RUBRIC.md has a small set of observable signals. A signal is found either in
the structured facts (degrees, publications) or by phrases in the lines of the sections where
that signal can honestly appear (a "mentor" in Teaching counts, one in a paper title does not).
Every item quotes the text it rests on, so a reviewer can check it on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from candidates.authorship import counts_as_first
from candidates.dimensions import Dimension
from candidates.extraction.document import (
    CvDocument,
    DegreeRecord,
    EvidenceItem,
    PublicationRecord,
)
from candidates.extraction.positions import research_positions

# Degree fields that train the mathematics research needs daily.
QUANTITATIVE_FIELD = re.compile(
    r"math|statistic|physics|electrical|electronic|computer science|computing|informatics"
    r"|learning|artificial intelligence|data science|operations research|econometric|vision"
    r"|control|signal|quantitative|actuarial|theoretical|computational|robotics|engineering",
    re.IGNORECASE,
)
# The fields a PhD route into AI research usually comes from (RUBRIC.md, credentials).
RELEVANT_FIELD = re.compile(
    r"computer|computing|informatics|machine learning|artificial intelligence|data science"
    r"|statistic|math|physics|electrical|electronic|ece\b|eecs|robotics|computational|cognitive"
    r"|neuroscience|linguistics|signal|information",
    re.IGNORECASE,
)
STRONG_MATH_FIELD = re.compile(r"math|statistic|physics|theoretical", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """A signal found by a phrase, in the given kinds of section (None: anywhere)."""

    dimension: str
    signal: str
    pattern: re.Pattern
    sections: tuple[str, ...] | None = None


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_PROSE = ("header", "summary", "education", "experience", "projects", "teaching", "service",
          "awards", "skills", "coursework", "talks")  # fmt: skip
_NOT_PAPERS = tuple(s for s in _PROSE if s != "talks")

PHRASES: tuple[Phrase, ...] = (
    # Mathematical depth
    Phrase(Dimension.MATH_DEPTH, "math_coursework", _p(
        r"measure theory|real analysis|functional analysis|convex optimi[sz]ation|stochastic "
        r"process|information theory|probability theory|linear algebra|numerical analysis|"
        r"statistical inference|differential equations|learning theory|abstract algebra|topology"
        r"|bayesian statistics|optimi[sz]ation theory|matrix (?:analysis|calculus)|graph theory"
    ), ("education", "coursework", "skills", "summary", "teaching")),
    Phrase(Dimension.MATH_DEPTH, "olympiad", _p(
        r"olympiad|putnam|\bIMO\b|\bIPhO\b|math(?:ematical|ematics|s)? (?:competition|contest)"
    ), ("awards", "education", "summary", "header")),
    Phrase(Dimension.MATH_DEPTH, "theory_work", _p(
        r"\bproofs?\b|theorem|theoretical (?:analysis|guarantee|foundation)|convergence (?:rate|"
        r"analysis|guarantee)|regret bound|sample complexity|generali[sz]ation bound|provabl"
    ), ("summary", "experience", "projects", "education")),
    # Research methodology
    Phrase(Dimension.RESEARCH_METHODOLOGY, "thesis", _p(r"\bthesis\b|dissertation|论文"),
           ("education",)),
    Phrase(Dimension.RESEARCH_METHODOLOGY, "experiment_design", _p(
        r"ablation|baselines?\b|benchmark(?:s|ed|ing)?\b|reproducib|controlled experiment|"
        r"experimental design|hypothes[ie]s|empirical (?:study|evaluation|analysis)|evaluation "
        r"protocol|statistical significance"
    ), ("summary", "experience", "projects", "education")),
    Phrase(Dimension.RESEARCH_METHODOLOGY, "peer_review", _p(
        r"\breviewer\b|reviewing for|program committee|\bPC member|area chair|reviewed for"
        r"|journal review|conference review|peer review"
    ), ("service", "experience", "awards", "summary")),
    # Research experience
    # Collaboration
    Phrase(Dimension.COLLABORATION, "mentoring", _p(
        r"mentor|mentee|supervis(?:ed|ing|ion of)|co-supervis|advis(?:ed|ing) (?:\w+ )?students"
        r"|teaching assistant|\bTA\b|lecturer|taught"
    ), ("teaching", "experience", "service", "summary")),
    Phrase(Dimension.COLLABORATION, "organizing", _p(
        r"organi[sz](?:er|ed|ing|ation committee)|co-organi[sz]|workshop chair|session chair"
        r"|general chair|committee member"
    ), ("service", "experience", "awards", "summary")),
    Phrase(Dimension.COLLABORATION, "cross_team", _p(
        r"collaborat|cross-functional|in partnership with|worked (?:closely )?with|joint "
        r"(?:project|work)|with (?:researchers|engineers|product teams)|multi-institution"
    ), ("experience", "projects", "summary")),
    Phrase(Dimension.COLLABORATION, "research_lab_internship", _p(
        r"(?:research|phd|student|ai|ml)[\w ]{0,20}intern(?:ship)?\b.*(?:google|deepmind|meta|"
        r"facebook|microsoft|openai|anthropic|nvidia|apple|amazon|ibm|adobe|baidu|alibaba|"
        r"tencent|bytedance|huawei|samsung|intel|sony|allen institute|ai2|salesforce)"
        r"|(?:google|deepmind|meta|facebook ai|fair|microsoft research|openai|anthropic|nvidia"
        r"|apple|amazon|ibm research|adobe research|huawei)[\w ,]{0,40}(?:research )?intern"
    ), ("experience", "education", "summary")),
    # Coding depth. What was built (described in experience, projects or a summary) weighs
    # more than a name in a skills list; names are matched as words ("rust" is not "Trust").
    Phrase(Dimension.CODING, "dl_framework", _p(
        r"pytorch|\bjax\b|tensorflow|\bkeras\b|\bflax\b|hugging ?face|transformers library"
        r"|pytorch lightning|\bmxnet\b|paddlepaddle"
    ), _PROSE),
    Phrase(Dimension.CODING, "performance_code", _p(
        r"\bcuda\b|\btriton\b|(?:gpu|cuda|custom|fused|compute|optimi[sz]ed|triton|simd)"
        r" kernels?\b|kernel fusion|distributed (?:training|systems?|computing)|\bmpi\b"
        r"|deepspeed|megatron|\bfsdp\b|\bnccl\b|gpu cluster|multi-gpu|\btpu|openmp|\bsimd\b"
        r"|\bavx|vectori[sz]|high[- ]performance computing|\bhpc\b|\bfpga|low[- ]latency"
        r"|(?:in|using|with|wrote|written in|implemented in) (?:c|c\+\+|rust|c/c\+\+)(?![\w+#.])"
        r"|optimi[sz]ed (?:c|c\+\+|rust|code|implementation)(?![\w+#.])|on-device"
    ), ("experience", "projects", "summary", "awards", "education")),
    Phrase(Dimension.CODING, "programming_languages", _p(
        r"c\+\+|\brust\b|\bjava\b|\bjulia\b|\bfortran\b|\bscala\b|\bhaskell\b|\bmatlab\b"
        r"|(?<![\w.])c#|\bgolang\b|\bjavascript\b|\btypescript\b|\bocaml\b|(?<![\w.])c(?=,|/)"
        r"|\bcuda\b|\bsql\b"
    ), ("skills", "header", "summary", "coursework")),
    Phrase(Dimension.CODING, "python", _p(r"\bpython\b|numpy|scikit-learn|sklearn|pandas"),
           _PROSE),
    Phrase(Dimension.CODING, "open_source", _p(
        r"open[- ]source|github\.com/|\bgithub\b|\bstars\b|maintainer|maintain(?:ed|s|ing)? "
        r"(?:the |an? |our )?(?:open|python|library|package|toolkit|framework)|contributor to"
        r"|pip install|released (?:the )?code|library used|downloads"
    ), _PROSE),
    Phrase(Dimension.CODING, "research_engineering", _p(
        r"training (?:loop|pipeline|infrastructure|framework|code)|custom (?:layer|loss|operator"
        r"|model|op|architecture|training)|implemented|re-?implementation|data pipeline"
        r"|experimental pipeline|simulator|(?:built|developed|designed|wrote|created|authored)"
        r" (?:\w+ ){0,3}(?:library|framework|toolkit|package|pipeline|system|engine|compiler"
        r"|solver|codebase|infrastructure|tool)s?\b|from scratch"
    ), ("experience", "projects", "summary")),
    Phrase(Dimension.CODING, "scale_work", _p(
        r"\b\d[\d,]* (?:gpus|tpus|nodes|cores|accelerators)\b|(?:hundreds|thousands) of "
        r"(?:gpus|tpus|nodes|cores)|billion[- ]parameter|\b\d+b[- ]parameter|petabyte|terabyte"
        r"|supercomput|exascale|gordon bell|large[- ]scale (?:training|pre-?training|distributed"
        r"|simulation)|at scale\b"
    ), ("experience", "projects", "summary", "awards")),
    # Research area: what the candidate says they work on.
    Phrase(Dimension.RESEARCH_AREA, "research_interest", _p(
        r"research interests?|interested in|my research|focus(?:es|ed)? on|working on|"
        r"specializ|speciali[sz]ing in|research (?:focus|direction|topic)"
    ), ("summary", "header", "education", "experience")),
)  # fmt: skip

MAX_QUOTE = 300

# The most telling signals first: the order quotes are cited and shown in.
SIGNAL_PRIORITY = (
    "top_venue_paper", "strong_venue_paper", "phd_completed", "phd_in_progress",
    "first_author_paper", "peer_reviewed_paper", "strong_math_degree", "theory_paper",
    "olympiad", "masters", "quantitative_degree", "research_position", "performance_code",
    "dl_framework", "research_lab_internship", "peer_review", "experiment_design",
    "coauthored_paper", "mentoring", "organizing", "open_source", "research_engineering",
    "workshop_paper", "preprint", "math_coursework", "thesis", "bachelors",
)  # fmt: skip
_STRENGTH = {signal: position for position, signal in enumerate(SIGNAL_PRIORITY)}

# Contact details: a line carrying them is quoted only in the part that does not.
CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://|www\.|\b[\w-]+\.(?:com|org|io|net|edu|me)/"
    r"|github\.(?:com|io)|linkedin|orcid|\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}",
    re.IGNORECASE,
)
# Where a line of a CV header or a list of details splits into pieces.
_PIECES = re.compile(r"\s*(?:[|•·◦▪⋄♦–]|\s{3,}| - )\s*")


def signal_strength(signal: str) -> int:
    """Lower is stronger: the position of the signal in :data:`SIGNAL_PRIORITY`."""
    return _STRENGTH.get(signal, len(_STRENGTH))


def extract_evidence(
    doc: CvDocument, degrees: list[DegreeRecord], publications: list[PublicationRecord]
) -> list[EvidenceItem]:
    """All evidence items of a document, one per (signal, quoted line), strongest first."""
    items: list[EvidenceItem] = []
    items += _degree_evidence(degrees)
    items += _publication_evidence(publications)
    items += _position_evidence(doc)
    items += _phrase_evidence(doc)
    return sorted(_unique(items), key=lambda item: signal_strength(item.signal))


def cited_quotes(items: Iterable, per_dimension: int) -> dict[str, list]:
    """Per dimension, up to ``per_dimension`` items with distinct quotes, strongest first.

    A line that supports several signals (a skills line naming Python, PyTorch and CUDA) is
    one quote, cited once, under its strongest signal. Works on anything with ``dimension``,
    ``signal``, ``quote`` and ``page`` (evidence items or stored evidence).
    """
    chosen: dict[str, list] = {}
    seen: set[tuple] = set()
    for item in sorted(items, key=lambda e: signal_strength(e.signal)):
        key = (item.dimension, item.page, " ".join(item.quote.split()).casefold())
        listed = chosen.setdefault(item.dimension, [])
        if key in seen or len(listed) >= per_dimension:
            continue
        seen.add(key)
        listed.append(item)
    return chosen


def _degree_evidence(degrees: list[DegreeRecord]) -> Iterable[EvidenceItem]:
    for degree in degrees:
        signal = f"{degree.level}_{degree.status}" if degree.level == "phd" else degree.level
        yield EvidenceItem(Dimension.CREDENTIALS, signal, degree.quote, degree.page)
        if degree.field and QUANTITATIVE_FIELD.search(degree.field):
            strong = STRONG_MATH_FIELD.search(degree.field)
            yield EvidenceItem(
                Dimension.MATH_DEPTH,
                "strong_math_degree" if strong else "quantitative_degree",
                degree.quote,
                degree.page,
            )
        if degree.level == "phd":
            yield EvidenceItem(
                Dimension.RESEARCH_METHODOLOGY, f"phd_{degree.status}", degree.quote, degree.page
            )


def publication_category(record: PublicationRecord) -> str:
    """The publication signal of one paper: what kind of evidence it is."""
    if record.kind == "thesis":
        return "thesis"
    if record.kind == "preprint" or record.status in ("under_review", "preprint"):
        return "preprint"
    if record.kind == "workshop":
        return "workshop_paper"
    if record.tier == "top" and record.kind in ("conference", "journal"):
        return "top_venue_paper"
    if record.tier == "strong":
        return "strong_venue_paper"
    if record.kind in ("conference", "journal"):
        return "peer_reviewed_paper"
    return "other_publication"


def citation(record: PublicationRecord) -> str:
    """A paper as a reader cites it: authors, year, title, venue; never a BibTeX or JSON source.

    A list without pages (BibTeX, RIS, CSL-JSON) has nothing to highlight, so its papers are
    quoted this way; a PDF's are quoted as printed, so the page shows them.
    """
    authors = list(record.authors)
    names = ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else "")
    year = f" ({record.year})" if record.year else ""
    venue = record.venue or " ".join((record.venue_raw or "").split())
    parts = [f"{names}{year}." if names else (f"{record.year}." if record.year else "")]
    parts.append(f"{record.title.rstrip('.')}." if record.title else "")
    parts.append(f"{venue}." if venue else "")
    return " ".join(p for p in parts if p)[:MAX_QUOTE]


def _paper_quote(record: PublicationRecord) -> str:
    if record.page is None:
        return citation(record) or record.quote
    return record.quote


def _publication_evidence(publications: list[PublicationRecord]) -> Iterable[EvidenceItem]:
    for record in publications:
        record = replace(record, quote=_paper_quote(record))
        yield EvidenceItem(
            Dimension.PUBLICATIONS, publication_category(record), record.quote, record.page
        )
        first = counts_as_first(record.author_position, record.equal_contribution)
        if first and record.kind != "thesis":
            yield EvidenceItem(
                Dimension.RESEARCH_METHODOLOGY, "first_author_paper", record.quote, record.page
            )
        if record.area == "theory" or (record.venue or "") in ("COLT", "ALT", "STOC", "FOCS"):
            yield EvidenceItem(Dimension.MATH_DEPTH, "theory_paper", record.quote, record.page)
        if record.area:
            yield EvidenceItem(
                Dimension.RESEARCH_AREA, f"venue_area_{record.area}", record.quote, record.page
            )
        if len(record.authors) >= 3:
            yield EvidenceItem(
                Dimension.COLLABORATION,
                "coauthored_paper",
                record.quote,
                record.page,
                value=float(len(record.authors) - 1),
            )


def _position_evidence(doc: CvDocument) -> Iterable[EvidenceItem]:
    """One item per distinct research position (candidates/extraction/positions.py), so that
    the count of ``research_position`` items is the number of positions held; ``value`` is the
    position's start year where the CV gives one (0 where it does not)."""
    for position in research_positions(doc):
        yield EvidenceItem(
            Dimension.RESEARCH_EXPERIENCE,
            "research_position",
            position.quote,
            position.page,
            value=float(position.start_year or 0),
        )


def _phrase_evidence(doc: CvDocument) -> Iterable[EvidenceItem]:
    for section in doc.sections:
        for line in section.lines:
            for phrase in PHRASES:
                if phrase.sections is not None and section.kind not in phrase.sections:
                    continue
                quote = phrase_quote(line.text, phrase.pattern)
                if quote:
                    yield EvidenceItem(phrase.dimension, phrase.signal, quote, line.page)


def phrase_quote(text: str, pattern: re.Pattern) -> str | None:
    """The part of a line to quote for a phrase found in it, or None when none should be.

    Not quoted: a line that is only a heading ("Research Interests" says nothing until the
    lines under it), and a phrase found in contact details (a GitHub profile link, an
    email). A line with contact details elsewhere is quoted in the piece holding the phrase;
    a long line in a window around it, so the signal is always inside the quote.
    """
    text = " ".join(text.split())
    match = pattern.search(text)
    if match is None or _is_heading(text, match):
        return None
    if CONTACT.search(text):
        pieces = [p for p in _PIECES.split(text) if p]
        piece = next((p for p in pieces if pattern.search(p)), "")
        in_piece = pattern.search(piece) if piece else None
        if in_piece is None or CONTACT.search(piece) or _is_heading(piece, in_piece):
            return None
        text, match = piece, in_piece
    if len(text) <= MAX_QUOTE:
        return text
    start = max(0, min(match.start() - MAX_QUOTE // 3, len(text) - MAX_QUOTE))
    window = text[start : start + MAX_QUOTE]
    if start > 0:
        window = window.split(" ", 1)[-1]
    if start + MAX_QUOTE < len(text):
        window = window.rsplit(" ", 1)[0]
    return window


def _is_heading(text: str, match: re.Match | None) -> bool:
    """A short line that is nothing but the phrase: a heading, not evidence."""
    if match is None:
        return False
    letters = sum(c.isalnum() for c in text)
    found = sum(c.isalnum() for c in match.group(0))
    return len(text) <= 40 and letters - found <= 3


def _unique(items: list[EvidenceItem]) -> list[EvidenceItem]:
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for item in items:
        key = (item.dimension, item.signal, item.quote)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
