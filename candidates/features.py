"""A candidate's feature vector: numbers derived from their evidence, degrees and publications.

Features are computed once per candidate and stored; scoring reads only these (and the evidence
they cite), so a rubric edit rescoring thousands of candidates never parses anything. Every
feature is a count or flag that a reviewer can recompute from the cited evidence.

Protected attributes (age, gender, nationality, marital status, photos) are never features:
:data:`FEATURE_NAMES` is the complete list, and a test holds it to that.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from candidates.authorship import counts_as_first, normalize_person_name
from candidates.extraction.document import DegreeRecord, EvidenceItem, PublicationRecord
from candidates.extraction.evidence import RELEVANT_FIELD, publication_category

RECENT_YEARS = 5
# Research areas of venues (candidates/data/venues.json) that AI research roles ask about.
AREAS = ("ml", "nlp", "cv", "robotics", "speech", "ai", "theory", "ir", "data_mining",
         "multimedia", "medical_imaging", "stats")  # fmt: skip
# The other fields of the venue data: their top-venue papers are counted so that a record in
# another field is reported as such ("4 top-venue papers in physics"), never as the role's.
OTHER_FIELDS = ("bio", "chemistry", "databases", "earth_science", "economics", "eda",
                "engineering", "general_cs", "general_science", "graphics", "hci", "math",
                "medicine", "networking", "neuro", "optimization", "physics", "pl", "se",
                "security", "systems")  # fmt: skip
DEGREE_LEVELS = {"bachelors": 1, "masters": 2, "phd_in_progress": 3, "phd": 4}

# Career stages, from the degrees: the scoring compares publication counts within a stage.
STAGE_STUDENT = 0  # no graduate degree yet
STAGE_MASTERS = 1  # a master's, completed or in progress
STAGE_PHD_STUDENT = 2
STAGE_EARLY = 3  # PhD completed within the last four years
STAGE_SENIOR = 4


@dataclass(frozen=True)
class Sources:
    """What was read: whether a CV and a publication list came in, and which CV sections.

    Scoring needs it to tell "no evidence" (a CV with no publications section) from "could not
    tell" (a publications section none of whose entries could be read).
    """

    cv: bool = False
    publication_list: bool = False
    sections: frozenset[str] = frozenset()
    # A CV whose publications may not all have been read (see candidates.extraction.citations).
    publications_incomplete: bool = False

    def __or__(self, other: Sources) -> Sources:
        return Sources(
            self.cv or other.cv,
            self.publication_list or other.publication_list,
            self.sections | other.sections,
            self.publications_incomplete or other.publications_incomplete,
        )


def sources(kind: str, sections: list[str], *, publications_incomplete: bool = False) -> Sources:
    return Sources(cv=kind == "cv", publication_list=kind == "publication_list",
                   sections=frozenset(sections),
                   publications_incomplete=publications_incomplete)  # fmt: skip


FEATURE_NAMES = (
    "pubs_total",
    "pubs_peer_reviewed",
    "pubs_top",
    "pubs_strong",
    "pubs_workshop",
    "pubs_preprint",
    "pubs_journal",
    "pubs_first_author",
    "pubs_top_first_author",
    "pubs_last_author",
    "pubs_recent",
    "pubs_top_recent",
    "pubs_theory",
    "years_publishing",
    "coauthors_distinct",
    "degree_level",
    "phd_completed",
    "phd_in_progress",
    "has_masters",
    "relevant_degree",
    "quantitative_degree",
    "strong_math_degree",
    "years_since_phd",
    "career_stage",
    "math_coursework",
    "olympiad",
    "theory_work",
    "thesis",
    "experiment_design",
    "peer_review",
    "research_positions",
    "research_lab_internships",
    "mentoring",
    "organizing",
    "cross_team",
    "dl_framework",
    "performance_code",
    "python",
    "open_source",
    "research_engineering",
    "research_interest",
    "cv_read",
    "publication_list_read",
    "pubs_reading_incomplete",
    "section_education",
    "section_publications",
    "section_skills",
    "section_experience",
    "programming_languages",
    "scale_work",
    *(f"pubs_area_{area}" for area in AREAS),
    *(f"pubs_top_{area}" for area in AREAS),
    # Per area, for field-aware publication levels: top-venue first-author papers, and papers
    # at strong venues.
    *(f"pubs_top_first_{area}" for area in AREAS),
    *(f"pubs_strong_{area}" for area in AREAS),
    *(f"pubs_top_{field}" for field in OTHER_FIELDS),
)


def compute_features(
    evidence: list[EvidenceItem],
    degrees: list[DegreeRecord],
    publications: list[PublicationRecord],
    *,
    today: date | None = None,
    sources: Sources | None = None,
) -> dict[str, float | bool | None]:
    """The feature vector; ``None`` means the documents do not tell (not zero)."""
    read = sources or Sources()
    this_year = (today or date.today()).year
    signals = Counter(item.signal for item in evidence)
    papers = [p for p in publications if p.kind != "thesis"]
    categories = Counter(publication_category(p) for p in papers)
    recent = [p for p in papers if p.year and p.year >= this_year - RECENT_YEARS + 1]
    years = [p.year for p in papers if p.year]
    level = _degree_level(degrees)
    phd_years = [d.year for d in degrees if d.level == "phd" and d.status == "completed" and d.year]
    years_since_phd = this_year - max(phd_years) if phd_years else None
    return {
        "pubs_total": len(papers),
        "pubs_peer_reviewed": sum(
            categories[c] for c in ("top_venue_paper", "strong_venue_paper", "peer_reviewed_paper")
        ),
        "pubs_top": categories["top_venue_paper"],
        "pubs_strong": categories["strong_venue_paper"],
        "pubs_workshop": categories["workshop_paper"],
        "pubs_preprint": categories["preprint"],
        "pubs_journal": sum(1 for p in papers if p.kind == "journal"),
        # Co-first authors (a shared mark opening the list) are first authors.
        "pubs_first_author": sum(
            1 for p in papers if counts_as_first(p.author_position, p.equal_contribution)
        ),
        "pubs_top_first_author": sum(
            1
            for p in papers
            if counts_as_first(p.author_position, p.equal_contribution)
            and publication_category(p) == "top_venue_paper"
        ),
        "pubs_last_author": sum(1 for p in papers if p.author_position == "last"),
        "pubs_recent": len(recent),
        "pubs_top_recent": sum(1 for p in recent if publication_category(p) == "top_venue_paper"),
        "pubs_theory": signals["theory_paper"],
        "years_publishing": (this_year - min(years) + 1) if years else None,
        "coauthors_distinct": _distinct_coauthors(papers),
        "degree_level": level,
        "phd_completed": any(d.level == "phd" and d.status == "completed" for d in degrees),
        "phd_in_progress": any(d.level == "phd" and d.status != "completed" for d in degrees),
        "has_masters": any(d.level == "masters" for d in degrees),
        "relevant_degree": any(RELEVANT_FIELD.search(field) for field in fields)
        if (fields := [d.field for d in degrees if d.field])
        else None,
        "quantitative_degree": bool(
            signals["quantitative_degree"] or signals["strong_math_degree"]
        ),
        "strong_math_degree": bool(signals["strong_math_degree"]),
        "years_since_phd": years_since_phd,
        # None when no degree was read: an unknown stage is unknown, not an undergraduate's.
        "career_stage": _career_stage(degrees, years_since_phd) if degrees else None,
        "math_coursework": signals["math_coursework"],
        "olympiad": bool(signals["olympiad"]),
        "theory_work": signals["theory_work"],
        "thesis": bool(signals["thesis"] or any(p.kind == "thesis" for p in publications)),
        "experiment_design": signals["experiment_design"],
        "peer_review": signals["peer_review"],
        "research_positions": signals["research_position"],
        "research_lab_internships": signals["research_lab_internship"],
        "mentoring": signals["mentoring"],
        "organizing": signals["organizing"],
        "cross_team": signals["cross_team"],
        "dl_framework": signals["dl_framework"],
        "performance_code": signals["performance_code"],
        "python": signals["python"],
        "open_source": signals["open_source"],
        "research_engineering": signals["research_engineering"],
        # Languages named in a list (skills, a header): weak evidence beside described work.
        "programming_languages": signals["programming_languages"],
        "scale_work": signals["scale_work"],
        "research_interest": signals["research_interest"],
        "cv_read": read.cv,
        "publication_list_read": read.publication_list,
        # A list of the candidate's own stands in for what the CV's reading may have missed.
        "pubs_reading_incomplete": read.publications_incomplete and not read.publication_list,
        "section_education": "education" in read.sections,
        "section_publications": "publications" in read.sections,
        "section_skills": bool(read.sections & {"skills", "projects"}),
        "section_experience": "experience" in read.sections,
        **_area_counts(papers),
    }


def _area_counts(papers: list[PublicationRecord]) -> dict[str, int]:
    """Published papers per venue area, and those at top-tier venues."""
    published = [p for p in papers if publication_category(p) not in ("preprint", "thesis")]
    counts: dict[str, int] = {}
    for area in AREAS + OTHER_FIELDS:
        in_area = [p for p in published if p.area == area]
        top = [p for p in in_area if publication_category(p) == "top_venue_paper"]
        counts[f"pubs_top_{area}"] = len(top)
        if area in OTHER_FIELDS:
            continue
        counts[f"pubs_area_{area}"] = len(in_area)
        counts[f"pubs_top_first_{area}"] = sum(
            1 for p in top if counts_as_first(p.author_position, p.equal_contribution)
        )
        counts[f"pubs_strong_{area}"] = sum(
            1 for p in in_area if publication_category(p) == "strong_venue_paper"
        )
    return counts


def _degree_level(degrees: list[DegreeRecord]) -> int:
    best = 0
    for degree in degrees:
        key = degree.level
        if degree.level == "phd" and degree.status != "completed":
            key = "phd_in_progress"
        best = max(best, DEGREE_LEVELS[key])
    return best


def _career_stage(degrees: list[DegreeRecord], years_since_phd: int | None) -> int:
    if years_since_phd is not None:
        return STAGE_EARLY if years_since_phd <= 4 else STAGE_SENIOR
    if any(d.level == "phd" for d in degrees):
        return STAGE_PHD_STUDENT
    if any(d.level == "masters" for d in degrees):
        return STAGE_MASTERS
    return STAGE_STUDENT


def _distinct_coauthors(papers: list[PublicationRecord]) -> int:
    """Co-authors across papers, the candidate excluded (one key per person)."""
    counts: Counter[str] = Counter()
    for paper in papers:
        keys = {normalize_person_name(a) for a in paper.authors if a and a != "others"}
        counts.update(keys)
    if not counts:
        return 0
    # The candidate is the author on most of their own papers.
    return max(0, len(counts) - 1)
