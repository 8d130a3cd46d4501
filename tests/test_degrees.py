"""Degrees judged against the CV's own date, their fields and schools in tables and wrapped lines.

Every line here is fictional, written in the shapes real CVs use.
"""

from __future__ import annotations

from datetime import date

import pytest

from candidates.extraction.dates import dates_in, written_on
from candidates.extraction.document import CvDocument, Section
from candidates.extraction.education import degree_level, extract_degrees
from tests.test_cv_structure import H, document, lines

TODAY = date(2026, 6, 1)


def degrees(*rows, today: date = TODAY):
    return [
        (d.level, d.field, d.institution, d.start_year, d.year, d.status)
        for d in extract_degrees(document(*rows), today=today)
    ]


def statuses(*rows, today: date = TODAY):
    return [(d.level, d.status) for d in extract_degrees(document(*rows), today=today)]


# The CV's own date


def test_a_last_updated_line_dates_the_cv():
    assert written_on(lines("Ada Example", "Last updated: March 2019"), today=TODAY) == date(
        2019, 3, 1
    )
    assert written_on(lines("Curriculum Vitae (as of 2021-10-13)"), today=TODAY) == date(
        2021, 10, 1
    )


def test_without_one_the_cv_is_as_old_as_the_latest_date_it_mentions():
    cv = lines(
        "Research Intern, Example Labs  Jun 2023 - Aug 2023",
        "Reviewer, ICML 2022",
        "Expected to graduate in May 2027",  # the CV's future
        "Proceedings of the Society, vol. 12, pp. 2035-2039",  # page numbers
    )
    assert written_on(cv, today=TODAY) == date(2023, 8, 1)


def test_a_cv_is_never_dated_after_today_and_undated_text_is_today():
    assert written_on(lines("Talk, Spring 2026", "Grant 2026"), today=date(2026, 2, 1)) == date(
        2026, 2, 1
    )
    assert written_on(lines("Ada Example"), today=TODAY) == TODAY


def test_dates_are_read_in_the_ways_cvs_write_them():
    found = [
        (d.year, d.month)
        for text in ("Aug 2019", "08/2019", "2019.08", "Sept. 2019", "August 25, 2019",
                     "2019 年 8 月", "Fall 2019", "2019")
        for d in dates_in(text)
    ]  # fmt: skip
    assert found == [(2019, 8)] * 3 + [(2019, 9), (2019, 8), (2019, 8), (2019, 9), (2019, None)]
    assert dates_in("arXiv:2012.01234") == []


def test_a_degree_is_judged_as_of_the_cvs_date_not_today():
    # Written in 2019, this CV describes a PhD student; read today it would be a doctor.
    assert statuses(
        ("Ada Example", {"size": 20.0}),
        "Last updated: March 2019",
        ("Education", H),
        "Ph.D. in Physics, Northvale University  2016 - 2021",
        "B.Sc. in Physics, Eastbrook College  2012 - 2016",
    ) == [("phd", "in_progress"), ("bachelors", "completed")]


def test_a_degree_ending_after_the_latest_thing_the_cv_mentions_is_in_progress():
    assert statuses(
        ("Education", H),
        "Northvale Institute of Technology, Ph.D. in Geophysics  Aug 2020 – Aug 2025",
        ("Experience", H),
        "Graduate Researcher, Seismology Group  Jan 2024 – July 2024",
    ) == [("phd", "in_progress")]


# Words that say in progress, and what says completed


@pytest.mark.parametrize(
    "row",
    [
        "M.S. in Robotics, Northvale University (2023 - May 2025 exp.)",
        "Ph.D. in Economics (ABD), Northvale University, 2017 - 2020",
        "Ph.D. in Economics, all but dissertation, 2017 - 2020",
        "Doctorate in Linguistics, Eastbrook University, 2015 - 2019, title unawarded",
        "Ph.D. in Biology, Westmere University, since 2021",
        "Ph.D. in Biology, Westmere University, 2021–now",
        "Ph.D. in Biology, Westmere University, 2021 - 2024 (ongoing)",
        "B.Tech in Computer Science, Calder Institute  Oct 2021 – May 2025 (Current)",
    ],
)
def test_words_of_progress_outweigh_past_dates(row):
    ((_, status),) = statuses(("Education", H), row)
    assert status == "in_progress"


def test_a_candidate_whose_dates_have_ended_has_the_degree():
    # The range starts on the line above ("Aug 2019 -") and ends on the degree's line; the CV
    # lists a dissertation award of a later year.
    assert degrees(
        ("Education", H),
        "Aug 2019 - Northvale University,  Northvale, NV.",
        "May 2025 PhD Candidate, Electrical and Systems Engineering,  GPA: 3.9/4.",
        ("Awards", H),
        "2026 Best Dissertation Award",
    ) == [
        (
            "phd",
            "Electrical and Systems Engineering",
            "Northvale University",
            2019,
            2025,
            "completed",
        )
    ]


def test_a_candidate_with_an_open_range_is_in_progress():
    assert statuses(("Education", H), "PhD Candidate in Physics, Northvale University, 2022") == [
        ("phd", "in_progress")
    ]


# Fields and schools in tables and on the next lines


def test_a_table_row_with_the_school_as_an_acronym():
    assert degrees(
        ("Education", H),
        "2014.09 - 2018.06  Ph.D.  Genetics  NVU",
        "2010.09 - 2014.06  B.S.  Bioinformatics  NVU",
    ) == [
        ("phd", "Genetics", "NVU", 2014, 2018, "completed"),
        ("bachelors", "Bioinformatics", "NVU", 2010, 2014, "completed"),
    ]


def test_a_table_whose_dates_and_field_come_on_the_rows_below_the_degree():
    assert degrees(
        ("Education", H),
        "Ph.D.  Northvale Institute of Technology (NIT)",
        "EECS  Advisors: Ada Person and Bo Person",
        "2020-2024  Thesis: Learning to Compose",
        "M.S.  Northvale Institute of Technology (NIT)",
        "EECS  Advisors: Ada Person",
        "2018-2020  Thesis: Energy Models",
    ) == [
        ("phd", "EECS", "Northvale Institute of Technology", 2020, 2024, "completed"),
        ("masters", "EECS", "Northvale Institute of Technology", 2018, 2020, "completed"),
    ]


def test_the_school_before_the_field_on_the_degree_line():
    assert degrees(
        ("Education", H),
        "2004  Ph.D., Eastbrook University, Economics",
        "Ph.D. The University of Calder, Electrical and Computer Engineering  CA, USA",
    ) == [
        ("phd", "Economics", "Eastbrook University", None, 2004, "completed"),
        ("phd", "Electrical and Computer Engineering", "The University of Calder", None, None,
         "completed"),
    ]  # fmt: skip


def test_degrees_grouped_under_one_school_heading():
    assert degrees(
        ("Education", H),
        "Westmere University, Westmere, WA",
        "- Ph.D. in Computer Science (advised by Ada Person), 2009",
        "- M.S. in Computer Science, 2006",
    ) == [
        ("phd", "Computer Science", "Westmere University", None, 2009, "completed"),
        ("masters", "Computer Science", "Westmere University", None, 2006, "completed"),
    ]


def test_degrees_with_their_school_on_the_next_line():
    assert degrees(
        ("Education", H),
        "PhD in Computer Science  2024",
        "Northvale University (NVU)",
        "MSc in Statistics  2017",
        "Eastbrook University (EBU)",
    ) == [
        ("phd", "Computer Science", "Northvale University", None, 2024, "completed"),
        ("masters", "Statistics", "Eastbrook University", None, 2017, "completed"),
    ]


def test_a_line_whose_word_gaps_all_came_out_doubled():
    assert degrees(("Education", H), "Ph.D.  in  Electrical  Engineering,  January  2012") == [
        ("phd", "Electrical Engineering", None, None, 2012, "completed")
    ]


def test_a_title_under_the_name_and_the_education_entry_are_one_degree():
    doc = CvDocument(
        lines=[],
        sections=[
            Section("header", "", lines("Ada Example", "PhD in Computer Science")),
            Section(
                "header",
                "",
                lines("EDUCATION  PhD in Computer Science  Sep 2023", "Northvale University"),
            ),
        ],
    )
    doc.lines = [line for section in doc.sections for line in section.lines]

    assert [(d.level, d.field, d.year, d.status) for d in extract_degrees(doc, today=TODAY)] == [
        ("phd", "Computer Science", 2023, "completed")
    ]


# Level spellings, and lines that name a degree without being one


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("MSE, Computer Science", "masters"),
        ("M.S.E. in Robotics", "masters"),
        ("A.M., Economics", "masters"),
        ("S.B., Physics", "bachelors"),
        ("B.S.E., with honors, in Computer Science", "bachelors"),
        ("Dipl.-Ing. Informatik", "masters"),
        ("Diplom-Informatiker", "masters"),
        ("Dr.-Ing. Maschinenbau", "phd"),
        ("Doctorat en informatique", "phd"),
        ("Mestrado em Física", "masters"),
        ("修士（工学）", "masters"),
        ("Master’s degree in Statistics", "masters"),
        ("MS Excel Advanced Functions", None),
        ("Master’s Thesis on graph models, Northvale University", None),
        ("PhD committee member:", None),
        ("Google PhD Fellowship in Vision", None),
        ("Masters and PhD level courses taken at Northvale University", None),
    ],
)
def test_more_spellings_of_degrees_and_lines_that_only_mention_one(text, level):
    found = degree_level(text)
    assert (found[0] if found else None) == level


def test_a_sentence_mentioning_a_degree_in_passing_is_not_another_degree():
    assert statuses(
        ("Education", H),
        "2021 Ph.D, Informatics, Northvale University, Northvale, UK.",
        "2015 MSE, Computer Science, Eastbrook University.",
        "Obtained as a PhD student before transferring to Northvale.",
    ) == [("phd", "completed"), ("masters", "completed")]


def test_a_supervised_multi_year_entry_of_a_later_postdoc_is_an_unnamed_doctorate():
    assert degrees(
        ("Education", H),
        "2008 – 2014 Northvale University Geophysics",
        "• Supervisor: Dr. Ada Person",
        "2004 – 2005 Lycée Example, Calder Physics-Mathematics",
        ("Experience", H),
        "2015 – 2018 Postdoctoral Fellow, Eastbrook University",
    ) == [("phd", "Geophysics", "Northvale University", 2008, 2014, "completed")]


def test_degree_entries_outside_any_recognised_education_section_are_found_by_shape():
    body = lines(
        "Contact",
        "Northvale University  Aug 2016 – Aug 2021",
        "Ph.D. in Computer Science",
        "Worked with Ada Person",
        "[1] A Paper on Masters of Nothing. In Proceedings of ICML, 2024.",
    )
    doc = CvDocument(lines=body, sections=[Section("publications", "", body)])

    assert [
        (d.level, d.institution, d.year, d.status) for d in extract_degrees(doc, today=TODAY)
    ] == [("phd", "Northvale University", 2021, "completed")]
