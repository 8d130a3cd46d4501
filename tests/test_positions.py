"""Research positions: faculty, postdoc, research scientist or engineer, research intern at a lab,
doctoral researcher, each counted once with its dates. Every line here is fictional."""

from __future__ import annotations

from datetime import date

from candidates.extraction.document import CvDocument, Section
from candidates.extraction.evidence import extract_evidence
from candidates.extraction.positions import research_positions
from candidates.features import compute_features
from tests.test_cv_structure import H, document, lines

TODAY = date(2026, 6, 1)


def positions(*rows):
    return [
        (p.kind, p.start_year, p.end_year, p.current) for p in research_positions(document(*rows))
    ]


def test_faculty_since_a_year_is_a_current_position_from_that_year():
    assert positions(("Experience", H), "Associate Professor since 2018, Northvale University") == [
        ("faculty", 2018, None, True)
    ]


def test_each_kind_of_research_role_is_found_with_its_dates():
    assert positions(
        ("Experience", H),
        "2022 – present  Assistant Professor, Northvale University",
        "2020 – 2022  Postdoctoral Fellow, Eastbrook University",
        "Research Scientist, Example AI Lab  Jan 2019 – Dec 2019",
        "Research Intern, Example Robotics Lab  Jun 2018 – Aug 2018",
        "Summer Intern, Ada Person Research Group, Westmere University  June 2017 - Sept 2017",
        "2014 – 2019  PhD Researcher, Calder Institute",
    ) == [
        ("faculty", 2022, None, True),
        ("postdoc", 2020, 2022, False),
        ("research", 2019, 2019, False),
        ("intern", 2018, 2018, False),
        ("intern", 2017, 2017, False),
        ("research", 2014, 2019, False),
    ]


def test_a_role_written_in_the_header_and_under_experience_is_one_position():
    assert positions(
        "Assistant Professor, Northvale University",
        ("Experience", H),
        "2021 – present  Assistant Professor, Northvale University",
        "• Teaching machine learning; research on robust estimation",
    ) == [("faculty", 2021, None, True)]


def test_the_same_title_at_two_labs_is_two_positions():
    assert positions(
        ("Experience", H),
        "Research Intern, Example Vision Lab  Summer 2019",
        "Research Intern, Example Language Lab  Summer 2018",
    ) == [("intern", 2019, None, False), ("intern", 2018, None, False)]


def test_a_title_repeated_on_the_entrys_next_row_is_one_position_with_its_dates():
    assert positions(
        ("Experience", H),
        "Student Researcher  Example Brain Team",
        "2022-2023  Student Researcher working on video models",
    ) == [("research", 2022, 2023, False)]


def test_words_that_are_not_research_positions():
    assert (
        positions(
            ("Summary", H),
            "Research interests: optimisation, sampling",
            ("Experience", H),
            "Teaching Assistant, Northvale University  2019",
            "Data Scientist, Example Retail Inc.  2020 - 2023",
            "• Worked closely with research scientists and engineers on ranking",
            "• Conducted market research for product launches",
            ("Education", H),
            "• Python – Example Research Labs • SQL – Example Research Labs",
        )
        == []
    )


def test_a_job_at_a_research_centre_is_a_research_position():
    assert positions(
        ("Experience", H),
        "Data Scientist & ML Engineer",
        "Example Research Center on High Performance Computing  Sep 2023 – Dec 2025",
    ) == [("research", 2023, 2025, False)]


def test_a_title_whose_word_gaps_came_out_doubled():
    assert positions(("Experience", H), "Research  Assistant,  Example  Group,  2006  -  2011") == [
        ("research", 2006, 2011, False)
    ]


def test_positions_outside_any_recognised_section_are_found_by_shape():
    body = lines(
        "University of Northvale  Aug 2022 – Present",
        "Assistant Professor in Computer Science",
        "[1] A Study of Research Scientists at Work. In Proceedings of ACL, 2024.",
    )
    doc = CvDocument(lines=body, sections=[Section("publications", "", body)])

    assert [(p.kind, p.start_year) for p in research_positions(doc)] == [("faculty", 2022)]


def test_the_feature_counts_distinct_positions_so_explanations_can_say_it():
    doc = document(
        "Associate Professor, Northvale University",
        ("Experience", H),
        "2018 – present  Associate Professor, Northvale University",
        "2015 – 2018  Postdoctoral Researcher, Eastbrook University",
        "Research Intern, Example AI Lab  Summer 2014",
    )

    evidence = extract_evidence(doc, [], [])
    features = compute_features(evidence, [], [], today=TODAY)

    assert features["research_positions"] == 3
    quotes = [e.quote for e in evidence if e.signal == "research_position"]
    assert quotes[0] == "2018 – present Associate Professor, Northvale University"
