"""A CV's structure: sections from headings, the person, and degrees with their status."""

from __future__ import annotations

from datetime import date

import pytest

from candidates.extraction.document import CvDocument, TextLine
from candidates.extraction.education import degree_level, extract_degrees
from candidates.extraction.person import extract_person
from candidates.extraction.sections import lexicon_kind, segment

TODAY = date(2026, 6, 1)


def lines(*rows: str | tuple[str, dict]) -> list[TextLine]:
    """Body lines at 10 pt; ``(text, {"bold": True, "size": 13})`` for styled ones."""
    built = []
    for row in rows:
        text, style = (row, {}) if isinstance(row, str) else row
        built.append(TextLine(text=text, page=1, size=style.get("size", 10.0),
                              bold=style.get("bold", False), x0=style.get("x0", 50.0)))  # fmt: skip
    return built


H = {"bold": True, "size": 13.0}


def document(*rows) -> CvDocument:
    body = lines(*rows)
    return CvDocument(lines=body, sections=segment(body, 10.0), body_size=10.0)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("EDUCATION", "education"),
        ("Honors & Awards", "awards"),
        ("Selected Publications", "publications"),
        ("PUBLICATIONSANDPREPRINTS", "publications"),
        ("Research Experience", "experience"),
        ("Teaching, Supervision & Academic Service", "teaching"),
        ("教育背景", "education"),
        ("Patents", "patents"),
        ("Tsinghua University", None),
    ],
)
def test_headings_are_named_by_their_words(heading, kind):
    assert lexicon_kind(heading) == kind


def test_sections_follow_the_cvs_own_heading_style():
    doc = document(
        ("Ada Example", {"size": 20.0}),
        ("Education", H),
        "Ph.D. in Statistics, Northvale University  2015 - 2020",
        ("Experience", H),
        ("Teaching Assistant", {"bold": True}),  # a sub-heading in a plainer style
        "Helped with Probability 101",
        ("Grants & Fellowships", H),  # unknown wording in the house style
        "Graduate fellowship 2016",
    )

    assert [(s.kind, s.heading) for s in doc.sections] == [
        ("header", ""),
        ("education", "Education"),
        ("experience", "Experience"),
        ("awards", "Grants & Fellowships"),
    ]
    assert [line.text for line in doc.sections[2].lines] == [
        "Teaching Assistant",
        "Helped with Probability 101",
    ]


def test_a_sentence_that_names_a_section_is_not_a_heading():
    doc = document(("Education", H), "Publications.", "Skills: Python, 2019")

    assert [s.kind for s in doc.sections] == ["education"]


def test_the_end_of_a_quoted_title_wrapped_onto_its_own_line_is_not_a_heading():
    # '"... Ranking Language,"' wraps, and its last word names a section (languages); titles
    # set in bold like the headings make it look like one too.
    bold = {"bold": True}
    doc = document(
        ("Education", bold),
        "Ph.D., Computer Science, Northvale University, 2020",
        ("Publications", bold),
        ('[24] A. Quill, U. Roe, "Small Graph Priors for Invented Ranking and', bold),
        ('Language,"', bold),
        "Journal of Made-Up Learning, 2024.",
    )

    assert [s.kind for s in doc.sections] == ["education", "publications"]


def test_the_person_is_the_most_prominent_name_at_the_top_and_nothing_more():
    doc = document(
        ("Curriculum Vitae", {"size": 14.0}),
        ("LEI  YAN", {"size": 18.0}),
        "ada@example.org | github.com/ada-example | Date of Birth 1990-01-01",
        ("Education", H),
        "Ph.D., Physics, Northvale University",
        ("References", H),
        "Prof. Grace Example, grace@example.edu",
    )

    person = extract_person(doc)

    assert person.name == "Lei Yan"
    assert person.emails == ("ada@example.org",)
    assert person.links == ("github.com/ada-example",)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        # A cell of the header line beside the name: a city, a homepage.
        ([("Ada Lovelace  London, United Kingdom", {"size": 30.0})], "Ada Lovelace"),
        ([("Grace “Amazing” Hopper  www.example.org", {"size": 20.0})], "Grace Hopper"),
        # A headline under a letter-spaced name; the email says where the words break.
        (
            [
                ("A D A L O V E L A C E", {"size": 28.0}),
                ("Senior Data Scientist", {"size": 16.0}),
                "London | ada.lovelace90@example.org",
            ],
            "Ada Lovelace",
        ),
        # A personal-details list under a "Curriculum Vitae" title.
        (
            [
                ("Curriculum Vitae", {"size": 14.0}),
                ("Personal Information", {"size": 12.0, "bold": True}),
                "• Full name: Ada King-Lovelace",
                "• E-mail: ada at example.org",
            ],
            "Ada King-Lovelace",
        ),
    ],
)
def test_the_name_is_read_from_the_header_layouts_cvs_use(header, name):
    doc = document(*header, ("Education", H), "Ph.D., Physics, Northvale University, 2020")

    assert extract_person(doc).name == name


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Ph.D. in Computer Science", "phd"),
        ("Doctor of Philosophy, ECE", "phd"),
        ("直博生; 计算机科学与技术", "phd"),
        ("M.Sc. in Mathematics", "masters"),
        ("MS in Statistics", "masters"),
        ("Master of Philosophy in Advanced Computer Science", "masters"),
        ("B.Tech in Electrical Engineering", "bachelors"),
        ("BSc (Hons) Marine Biology", "bachelors"),
        ("Cambridge, MA", None),
        ("Postdoc in Computer Science, KAIST", None),
        ("Master's level program, a school of data analysis", None),
    ],
)
def test_degree_levels_are_read_from_their_many_spellings(text, level):
    found = degree_level(text)
    assert (found[0] if found else None) == level


def degrees_of(*rows):
    return [
        (d.level, d.field, d.institution, d.start_year, d.year, d.status)
        for d in extract_degrees(document(("Education", H), *rows), today=TODAY)
    ]


def test_degrees_with_the_institution_above_and_dates_beside():
    assert degrees_of(
        ("Northvale University  Northvale, UK", {"bold": True}),
        "Ph.D. in Computer Science  Sep 2021 - Present",
        "• Advisor: Prof. Grace Example",
        ("Eastbrook Institute of Technology  Eastbrook", {"bold": True}),
        "M.Sc. in Statistics  2019 - 2021",
    ) == [
        ("phd", "Computer Science", "Northvale University", 2021, None, "in_progress"),
        ("masters", "Statistics", "Eastbrook Institute of Technology", 2019, 2021, "completed"),
    ]


def test_degrees_written_on_one_line_with_the_years_first():
    assert degrees_of(
        "2015-2018  Ph.D., Hydrology and Water Resources, Westmere University, Westmere",
        "Project: flood frequency analysis 2017",
        "2011 - 2015  BSc (Hons) Physics, Calder Polytechnic",
    ) == [
        ("phd", "Hydrology and Water Resources", "Westmere University", 2015, 2018, "completed"),
        ("bachelors", "Physics", "Calder Polytechnic", 2011, 2015, "completed"),
    ]


def test_an_expected_or_future_completion_is_in_progress():
    assert degrees_of(
        "PhD in Electrical Engineering  August 2023 – 2028 (tentative)",
        "M.S. in Computer Science  Sep. 2021 – May 2024 (Expected)",
        "B.S. in Mathematics  2016 - 2020",
    ) == [
        ("phd", "Electrical Engineering", None, 2023, 2028, "in_progress"),
        ("masters", "Computer Science", None, 2021, 2024, "in_progress"),
        ("bachelors", "Mathematics", None, 2016, 2020, "completed"),
    ]


def test_a_degree_listed_without_dates_or_words_of_progress_is_held():
    # CVs mark the degree still being earned ("expected", "present"); a plain entry is held.
    assert degrees_of("Bachelor of Science in Data Science, Harrowgate University") == [
        ("bachelors", "Data Science", "Harrowgate University", None, None, "completed")
    ]


def test_a_degree_named_in_passing_in_a_summary_has_an_unknown_status():
    doc = document(("Summary", H), "PhD in Physics; ten years of work on data pipelines")

    (degree,) = extract_degrees(doc, today=TODAY)

    assert (degree.level, degree.status) == ("phd", "unknown")


def test_without_an_education_section_a_phd_student_in_the_header_counts():
    doc = document(("Ada Example", {"size": 20.0}), "PhD student at Northvale University")

    (degree,) = extract_degrees(doc, today=TODAY)

    assert (degree.level, degree.status, degree.institution) == (
        "phd",
        "in_progress",
        "Northvale University",
    )
