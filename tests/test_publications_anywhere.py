"""Publications are found wherever a CV lists them, and a reading that may be incomplete says so.

Each test is a class of layout seen on real CVs, written with fictional people.
"""

from __future__ import annotations

from datetime import date

import pytest

from candidates.analysis import CV, analyze
from candidates.authorship import counts_as_first
from candidates.extraction.citations import cv_publication_entries
from candidates.extraction.document import CvDocument, TextLine
from candidates.extraction.sections import heading_text, lexicon_kind, segment
from candidates.parsing.plain import parse_plain_entries
from candidates.venues import normalize_venue
from tests.pdfs import (
    laid_out_list_pdf,
    margin_labelled_cv_pdf,
    paged_list_pdf,
    sectioned_cv_pdf,
    table_list_pdf,
)

H = {"bold": True, "size": 13.0}


def lines(*rows: str | tuple[str, dict]) -> list[TextLine]:
    built = []
    for row in rows:
        text, style = (row, {}) if isinstance(row, str) else row
        built.append(
            TextLine(
                text=text,
                page=1,
                size=style.get("size", 10.0),
                bold=style.get("bold", False),
                x0=style.get("x0", 50.0),
                gap=style.get("gap", 0.0),
            )
        )
    return built


def document(*rows) -> CvDocument:
    body = lines(*rows)
    return CvDocument(lines=body, sections=segment(body, 10.0), body_size=10.0)


PAPERS = [
    "[1] A. Quill, B. Marsh, C. Ferro. Sparse Routing for Mixture Models. NeurIPS, 2023.",
    "[2] D. Olvera, A. Quill. Calibrated Uncertainty in Small Language Models. ICML, 2022.",
    "[3] A. Quill, E. Brandt. Curriculum Signals for Offline Reinforcement Learning. ICLR, 2021.",
    "[4] F. Nakamura, A. Quill, G. Petrov. Robust Probing of Vision Transformers. CVPR, 2020.",
]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Papers4", "publications"),  # a footnote mark glued to the heading
        ("Publications (12)", "publications"),
        ("Publications:", "publications"),
        ("Journal", "publications"),
        ("Conferences", "publications"),
        ("Research Output", "publications"),
        ("原著論文（3）", "publications"),
        ("査読付き国際会議", "publications"),
        ("学歴", "education"),
        ("Conference Reviewing", "service"),  # a venue word qualifies another section
        ("Conference Talks", "talks"),
        ("Conference Publications", "publications"),
        ("Selected Works", "publications"),
        ("Work", None),  # work is employment or anything else; works are papers
    ],
)
def test_headings_read_through_marks_counts_and_scripts(heading, kind):
    assert lexicon_kind(heading_text(heading)) == kind


def test_qualifiers_do_not_decide_the_kind_of_an_unknown_heading():
    doc = document(
        "Ada Quill",
        ("Publications", H),
        *PAPERS[:2],
        ("Peer-Reviewed Demonstration Papers", H),  # "review" in it names no service
        *PAPERS[2:],
    )

    assert [section.kind for section in doc.sections] == [
        "header",
        "publications",
        "publications",
    ]


def test_a_section_heading_naming_a_kind_of_work_tells_each_entry():
    from candidates.extraction.publications import records_from_cv_entries

    doc = document("Ada Quill", ("Workshop Papers", H), *PAPERS[:3])

    records = records_from_cv_entries(doc, cv_publication_entries(doc, person_name="Ada Quill"))

    assert [record.kind for record in records] == ["workshop", "workshop", "workshop"]


def test_a_number_in_a_heading_that_is_not_a_mark_is_kept():
    assert heading_text("Python3") == "Python"  # glued digits are taken for a mark...
    assert heading_text("Awards 2023") == "Awards 2023"  # ...a year after a space is not


def test_a_run_of_citations_under_an_unknown_heading_is_read_as_publications():
    doc = document(
        "Ada Quill",
        ("Experience", H),
        "Research Scientist, Harbour Labs, 2020 - present",
        ("Things I Have Written", H),  # no lexicon knows this heading
        *PAPERS,
        ("Skills", H),
        "Python, JAX",
    )

    found = cv_publication_entries(doc)

    assert [raw.year for raw, _ in found.entries] == [2023, 2022, 2021, 2020]
    assert found.incomplete == []


def test_two_citation_like_lines_in_awards_are_not_publications():
    doc = document(
        "Ada Quill",
        ("Awards", H),
        "Best Paper Award, A. Quill, B. Marsh, NeurIPS 2023",
        "Outstanding Reviewer, D. Olvera, A. Quill, ICML 2022",
        ("Skills", H),
        "Python",
    )

    assert cv_publication_entries(doc).entries == []


def test_talks_given_with_coauthors_are_not_read_as_papers():
    doc = document(
        "Ada Quill",
        ("Invited Talks", H),
        *PAPERS,
    )

    assert cv_publication_entries(doc).entries == []


def test_a_publications_section_read_in_part_says_so():
    unreadable = [f"{n}. ~~ ~~ ~~" for n in range(5, 12)]
    doc = document("Ada Quill", ("Publications", H), *PAPERS, *unreadable)

    found = cv_publication_entries(doc)

    assert len(found.entries) == 4
    assert found.incomplete == ["Under “Publications”, 11 items are numbered; 4 were read."]


def test_works_run_together_in_one_item_are_found_by_counting_the_owners_name():
    doc = document(
        "Ada Quill",
        ("Publications", H),
        "• A. Quill, M. Roe. Counting imaginary sheep. ICML 2021. Quill, A., Li, B. Herding "
        "invented goats. NeurIPS 2020.",
        "• Ada Quill, Bo Li. Planning with made-up maps. ICLR 2019. A. B. Quill and M. Roe. "
        "Fictional benchmarks for robots. CoRL 2018.",
        "• ADA QUILL, Max Roe. A study of pretend data. AAAI 2017.",
    )

    found = cv_publication_entries(doc, person_name="Ada Quill")

    assert len(found.entries) == 3
    assert found.incomplete == [
        "Under “Publications”, the author lists name the candidate 5 times; 3 publications were "
        "read."
    ]


def test_a_list_whose_every_entry_names_the_owner_once_is_whole():
    doc = document("Ada Quill", ("Publications", H), *PAPERS)

    assert cv_publication_entries(doc, person_name="Ada Quill").incomplete == []


def test_a_cv_of_which_no_paper_was_read_but_which_names_venues_and_years_says_so():
    doc = document(
        "Ada Quill",
        ("Research Experience", H),
        "Research assistant, Northvale Vision Lab, 2021 – 2023",
        "Built a pose estimator with two students; our work was accepted at ECCV 2022.",
        "A follow-up appeared in the Proceedings of the Fictional Robotics Symposium, 2023.",
    )

    found = cv_publication_entries(doc, person_name="Ada Quill")

    assert found.entries == []
    assert found.incomplete == [
        "2 lines name a venue and a year, but no publication could be read."
    ]


def test_papers_without_author_lists_under_another_sections_heading_are_read():
    doc = document(
        "Ada Quill",
        ("Research", H),
        "• Counting imaginary sheep with transformers. NeurIPS 2023.",
        "• Herding invented goats with planners. In Proceedings of ICML, 2022.",
        "• Planning with made-up maps. ICLR 2021 (oral).",
        ("Education", H),
        "Ph.D., Computer Science, Northvale University, 2024",
    )

    found = cv_publication_entries(doc, person_name="Ada Quill")

    assert [raw.year for raw, _ in found.entries] == [2023, 2022, 2021]
    assert found.incomplete == []


def test_a_cv_without_papers_or_venues_is_read_whole():
    doc = document(
        "Ada Quill",
        ("Experience", H),
        "Software engineer, Northvale Systems, 2019 – 2023",
        "Led the data platform team of six engineers; shipped the 2021 billing rewrite.",
        ("Education", H),
        "B.Sc. Computer Science, Northvale University, 2019",
    )

    found = cv_publication_entries(doc, person_name="Ada Quill")

    assert (found.entries, found.incomplete) == ([], [])


GARBLED_AWARDS = [("Honors", H), *[f"~ A. Quill ~ {year} ~" for year in range(2015, 2022)]]


def test_citation_like_lines_that_give_nothing_make_a_cv_without_papers_doubtful():
    found = cv_publication_entries(document("Ada Quill", *GARBLED_AWARDS), person_name="Ada Quill")

    assert found.entries == []
    assert found.incomplete == [
        "Lines under “Honors” look like citations, but no publication could be read from them."
    ]


def test_citation_like_lines_beside_a_list_read_whole_are_its_papers_cited_again():
    doc = document(
        "Ada Quill",
        ("Publications", H),
        *PAPERS,
        *[f"[{n}] {PAPERS[0][4:]}" for n in range(5, 9)],
        *GARBLED_AWARDS,
    )

    found = cv_publication_entries(doc, person_name="Ada Quill")

    assert len(found.entries) == 8
    assert found.incomplete == []


def test_a_publications_heading_with_nothing_read_under_it_says_so():
    doc = document("Ada Quill", ("Publications", H), "1. ~~", "2. ~~", "3. ~~")

    found = cv_publication_entries(doc)

    assert found.entries == []
    assert found.incomplete == ["No publication could be read under “Publications”."]


def test_a_numbered_list_set_in_from_the_bullet_that_introduces_it():
    rows = lines(
        ("• The full list is on my website:", {"x0": 57.0}),
        *[(paper.replace(f"[{n}]", f"{n}."), {"x0": 69.0}) for n, paper in enumerate(PAPERS, 1)],
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.year for entry in entries] == [2023, 2022, 2021, 2020]


def test_a_partial_reading_travels_into_the_features_and_the_analysis():
    from candidates.analysis import analyze
    from tests.pdfs import text_pdf

    unreadable = "\n".join(f"{n}. ~~ ~~ ~~" for n in range(5, 12))
    cv = text_pdf("Ada Quill\n\nPublications\n" + "\n".join(PAPERS) + "\n" + unreadable)

    analysis = analyze(cv, kind="cv")

    assert analysis.features["pubs_reading_incomplete"] is True
    reading = analysis.to_json()["reading"]
    assert reading["complete"] is False
    assert reading["publications_incomplete"]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [("学歴の詳細", "education"), ("職務経歴", "experience"), ("受賞歴", "awards")],
)
def test_cjk_headings_qualify_their_name_freely(heading, kind):
    assert lexicon_kind(heading) == kind


def test_writing_for_a_general_audience_under_publications_is_left_out():
    rows = lines(
        *PAPERS,
        ("Op-Eds and Other Writing for a General Audience", {"bold": True}),
        "“Why Fictional Data Matters,” (with B. Marsh), The Daily Example, May 3, 2021",
        "“Small Models, Big Questions,” The Example Times, June 1, 2020",
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.year for entry in entries] == [2023, 2022, 2021, 2020]


def test_a_numbered_list_opening_with_a_note_is_split_at_its_numbers():
    rows = lines(
        "Note: † marks a co-leading author; ∗ marks equal contribution.",
        *PAPERS,
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.year for entry in entries] == [2023, 2022, 2021, 2020]


def test_a_margin_of_many_multi_row_labels_is_not_read_as_a_column_of_its_own():
    from datetime import UTC, datetime

    from fpdf import FPDF

    from candidates.analysis import analyze
    from candidates.synthetic import _MarginPage

    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "Ada Quill", new_x="LMARGIN", new_y="NEXT")
    page = _MarginPage(pdf, left=44, width=150)
    sections = {
        "Research Interests": ["Sparse models and their calibration."],
        "Education": ["Harbour University  2016 - 2021", "Ph.D. in Computer Science"],
        "Professional Experience": ["Research Scientist, Harbour Labs  2021 - present"],
        "Industrial Experience": ["Research Intern, Orchard AI  2019 - 2019"],
        "Selected Awards & Honors": ["Fellowship, Harbour University, 2018"],
    }
    for heading, rows in sections.items():
        page.heading(heading)
        for row in rows:
            page.line(row)
    page.heading("Publications")
    for paper in PAPERS * 2:
        page.line(paper)

    analysis = analyze(bytes(pdf.output()), kind="cv")

    assert analysis.sections == sorted(
        {"header", "summary", "education", "experience", "awards", "publications"}
    )
    assert len(analysis.publications) == 4  # the same four papers, listed twice


def test_a_list_sent_with_a_cv_in_another_script_finds_its_owner_by_their_papers():
    from candidates.extraction.publications import publications_from_list
    from candidates.parsing.publications import parse_publication_list

    bib = "\n".join(
        f"@inproceedings{{k{n}, title={{Fictional Study Number {n}}}, "
        f"author={{Wang, Zhuo and Roe, Rick{n}}}, booktitle={{NeurIPS}}, year={{202{n}}}}}"
        for n in range(3)
    ).encode()
    raws = parse_publication_list(bib, filename="papers.bib").publications

    # The CV's header gives the name in Chinese; the papers write it in Latin script.
    records = publications_from_list(raws, person_name="王焯")

    assert [record.author_position for record in records] == ["first", "first", "first"]


def test_venue_tags_flush_right_in_a_column_before_semicolon_author_lists():
    rows = lines(
        ("BioRxiv A. Quill; B. Marsh; C. Ferro, Sparse routing for mixture", {"x0": 84.0}),
        ("models of gene networks, BioRxiv (under review).", {"x0": 136.0}),
        ("RECOMB A. Quill; D. Olvera, Calibrated uncertainty in protein", {"x0": 72.0}),
        ("structure models, Research in Computational Molecular Biology, 2024.", {"x0": 136.0}),
        ("JAHA E. Brandt; A. Quill; F. Nakamura, Recovery after stroke in a", {"x0": 93.0}),
        ("fictional cohort, Journal of the American Heart Association, 2023.", {"x0": 136.0}),
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.title.split()[0] for entry in entries] == ["Sparse", "Calibrated", "Recovery"]
    assert [entry.venue_raw for entry in entries] == ["BioRxiv", "RECOMB", "JAHA"]
    assert [len(entry.authors) for entry in entries] == [3, 2, 3]


def test_an_economists_co_authors_wrapped_past_a_venue_cell_stay_in_their_entry():
    # "“Title,” (with ..." breaks off at the venue cell and its bracket closes on the next
    # row: the open bracket carries the entry on, and the next venue cell opens the next one.
    rows = lines(
        '"Sparse Routing for Mixture Models," (with B. Marsh, C. Ferro, D.  NeurIPS 2023',
        "Olvera and E. Brandt)",
        '"Calibrated Uncertainty in Small Models," (with F.  ICML 2022',
        "Nakamura)",
        '"Curriculum Signals for Offline Learning," Journal of Economic Theory, 2021.',
        '"Robust Probing of Vision Transformers," (with G. Petrov)  CVPR 2020',
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.title.split()[0] for entry in entries] == [
        "Sparse", "Calibrated", "Curriculum", "Robust",
    ]  # fmt: skip
    assert [entry.authors for entry in entries] == [
        ("B. Marsh", "C. Ferro", "D. Olvera", "E. Brandt"), ("F. Nakamura",), (), ("G. Petrov",),
    ]  # fmt: skip


def test_a_title_that_fills_its_row_keeps_the_venue_of_a_flush_right_column():
    bold = {"bold": True}
    rows = lines(
        ("Sparse Routing for Mixture Models  ICLR", bold),
        "Ada Quill, Bo Marsh  2024",
        ("Calibrated Uncertainty in Small Language Models  NeurIPS", bold),
        "Dan Olvera, Ada Quill  2023",
        (
            "Curriculum Signals for Offline Reinforcement Learning from Very Long Horizons ICML",
            bold,
        ),
        "Ada Quill, Eve Brandt  2022",
        ("Robust Probing of Vision Transformers  CVPR", bold),
        "Fay Nakamura, Ada Quill  2021",
    )

    entries = parse_plain_entries(rows).publications

    assert [entry.venue_raw for entry in entries] == ["ICLR", "NeurIPS", "ICML", "CVPR"]
    assert entries[2].title.endswith("Very Long Horizons")


def test_an_acronym_ending_a_title_is_no_venue_without_a_venue_column():
    [entry] = parse_plain_entries(
        lines("Ada Quill, Bo Marsh. Planning for Long Horizons with AI. ICLR 2024.")
    ).publications

    assert entry.title == "Planning for Long Horizons with AI"


def test_a_venue_closing_the_title_row_above_the_authors():
    rows = lines(
        ("Sparse Routing for Mixture Models, Oral (2%), ICCV’23,", {"gap": 14.0}),
        ("A. Quill, B. Marsh, C. Ferro.", {"gap": 2.5}),
        ("Calibrated Uncertainty in Small Language Models, NeurIPS 2022,", {"gap": 14.0}),
        ("D. Olvera, A. Quill.", {"gap": 2.5}),
        ("Curriculum Signals for Offline Reinforcement Learning, ICLR’21,", {"gap": 14.0}),
        ("A. Quill, E. Brandt.", {"gap": 2.5}),
    )

    entries = parse_plain_entries(rows).publications

    assert [(entry.venue_raw, entry.year) for entry in entries] == [
        ("ICCV’23", 2023),
        ("NeurIPS 2022", 2022),
        ("ICLR’21", 2021),
    ]
    assert entries[0].title.startswith("Sparse Routing for Mixture Models")


def test_numbering_that_restarts_under_each_year_takes_the_year_from_it():
    rows = lines(
        ("2025", {"bold": True}),
        "1. A. Quill, B. Marsh. Sparse Routing for Mixture Models. NeurIPS.",
        "2. D. Olvera, A. Quill. Calibrated Uncertainty in Small Language Models. ICML.",
        ("2024", {"bold": True}),
        "1. A. Quill, E. Brandt. Curriculum Signals for Offline Reinforcement Learning. ICLR.",
    )

    entries = parse_plain_entries(rows).publications

    assert [(entry.year, entry.venue_raw) for entry in entries] == [
        (2025, "NeurIPS"),
        (2025, "ICML"),
        (2024, "ICLR"),
    ]


def test_venue_tags_before_titles_open_entries_without_any_spacing():
    rows = lines(
        "[ICLR 2026] Sparse Routing for Mixture Models. A. Quill, B. Marsh, C. Ferro.",
        "[NeurIPS 2025] Calibrated Uncertainty in Small Language Models. D. Olvera, A. Quill.",
        "[ICML’24] Curriculum Signals for Offline Reinforcement Learning. A. Quill, E. Brandt.",
    )

    entries = parse_plain_entries(rows).publications

    assert [(entry.venue_raw, entry.year) for entry in entries] == [
        ("ICLR 2026", 2026),
        ("NeurIPS 2025", 2025),
        ("ICML’24", 2024),
    ]


WRAPPED = [
    "A. Quill, B. Marsh, and C. Ferro. Sparse routing for mixture-of-experts language models. "
    "In Advances in Neural Information Processing Systems (NeurIPS), 2023.",
    "D. Olvera and A. Quill. Calibrated uncertainty in small language models. In International "
    "Conference on Machine Learning (ICML), 2022.",
    "A. Quill, E. Brandt. Curriculum signals for offline reinforcement learning. In "
    "International Conference on Learning Representations (ICLR), 2021.",
    "F. Nakamura, A. Quill, G. Petrov. Robust probing of vision transformers. In Proceedings of "
    "the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR), 2020.",
    "A. Quill, H. Lindqvist. Kernel methods for causal discovery under confounding. Journal of "
    "Machine Learning Research, 24(12):1-40, 2023.",
]


def _read_cv(content: bytes):
    return analyze(content, kind=CV, today=date(2026, 1, 1))


def test_entries_wrapped_flush_at_the_margin_with_no_space_between_are_told_apart():
    # No gap, indent or number separates them: one ends with its year, the next opens with
    # its authors.
    cv = sectioned_cv_pdf("Ada Quill", [("Publications", WRAPPED)])

    read = _read_cv(cv)

    assert [p.year for p in read.publications] == [2023, 2022, 2021, 2020, 2023]
    assert read.publications[1].title == "Calibrated uncertainty in small language models"
    assert read.publications_incomplete == []


def test_a_wrapped_entry_whose_row_ends_with_a_year_is_not_cut_there():
    entry = (
        "A. Quill and B. Marsh. What the shared tasks of 2020 and 2021\n"
        "Taught Us About Evaluation. In Findings of ACL, 2023."
    )
    cv = sectioned_cv_pdf("Ada Quill", [("Publications", [entry, *WRAPPED[:2]])])

    assert len(_read_cv(cv).publications) == 3


@pytest.mark.parametrize(
    "note",
    [
        "We show that routing tokens sparsely across experts halves the compute it needs.",
        "Selected for oral presentation (top 2% of submissions).",
        "Press: covered by The Invented Times and Pretend Tech Review.",
        "Contribution: designed the method, ran the experiments, wrote the paper.",
        "Also presented at the Workshop on Efficient Systems, ICML 2019.",
    ],
)
def test_a_sentence_about_each_work_flush_under_it_stays_with_that_work(note):
    # The note reads like no author list, and the row after it opens a whole citation: it is
    # said of the entry above, not the title of the next one, and its year is not the work's.
    cv = sectioned_cv_pdf("Ada Quill", [("Publications", [r for e in WRAPPED for r in (e, note)])])

    read = _read_cv(cv)

    assert [p.title for p in read.publications] == [
        "Sparse routing for mixture-of-experts language models",
        "Calibrated uncertainty in small language models",
        "Curriculum signals for offline reinforcement learning",
        "Robust probing of vision transformers",
        "Kernel methods for causal discovery under confounding",
    ]
    assert [p.year for p in read.publications] == [2023, 2022, 2021, 2020, 2023]
    assert not any(note.split()[0] in (p.venue_raw or "") for p in read.publications)


@pytest.mark.parametrize(
    "section",
    [
        ("Students Supervised", ["J. Rivera (MSc 2022), thesis: Adversarial robustness of speech "
                                 "recognition models, now at Google.",
                                 "K. Okafor (BSc 2021), thesis: Graph neural networks for "
                                 "molecule generation."]),
        ("Media Coverage", ['Quanta Magazine: "New AI models learn to route", March 2023.',
                            'MIT Technology Review, "Small models, big uncertainty", 2022.']),
    ],
)  # fmt: skip
def test_a_heading_we_have_no_name_for_set_like_the_others_ends_a_list_of_papers(section):
    cv = sectioned_cv_pdf("Ada Quill", [("Publications", WRAPPED), section])

    assert len(_read_cv(cv).publications) == len(WRAPPED)


# Eight papers of one fictional owner, each set in the citation styles real CVs use; every
# style below is typed as a word processor sets it (flush, no space between entries).
PAPERS_OF_QUILL = [
    ("Sparse routing for mixture-of-experts language models", ("A. Quill", "B. Marsh"),
     "NeurIPS", "Advances in Neural Information Processing Systems", 2023),
    ("Calibrated uncertainty in small language models", ("D. Olvera", "A. Quill"),
     "ICML", "International Conference on Machine Learning", 2022),
    ("Curriculum signals for offline reinforcement learning", ("A. Quill", "E. Brandt"),
     "ICLR", "International Conference on Learning Representations", 2021),
    ("Robust probing of vision transformers", ("F. Nakamura", "A. Quill", "G. Petrov"),
     "CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition", 2020),
    ("Kernel methods for causal discovery under confounding", ("A. Quill", "H. Lindqvist"),
     "JMLR", "Journal of Machine Learning Research", 2018),
    ("Graph priors for molecule generation", ("A. Quill",),
     "AISTATS", "International Conference on Artificial Intelligence and Statistics", 2019),
    ("Scaling laws for retrieval-augmented models", ("J. Kim", "K. Osei", "A. Quill"),
     "arXiv", "arXiv preprint arXiv:2401.01234", 2024),
]  # fmt: skip
_GIVEN = {"A": "Ada", "B": "Ben", "D": "Dana", "E": "Eva", "F": "Fumi", "G": "Gleb",
          "H": "Hanna", "J": "Jin", "K": "Kofi"}  # fmt: skip


def _names(authors, form):
    if form == "full":
        authors = [f"{_GIVEN[a[0]]} {a.split()[1]}" for a in authors]
    elif form == "inverted":
        authors = [f"{a.split()[1]}, {a.split()[0]}" for a in authors]
    return authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + ", and " + authors[-1]


def _sciences(authors, last_joint, *, dots=True):
    """ "Quill, A., Marsh, B. & Doe, C." (or, without dots, "Quill A, Marsh B, Doe C")."""
    names = [f"{a.split()[1]}, {a[0]}." if dots else f"{a.split()[1]} {a[0]}" for a in authors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + last_joint + names[-1]


STYLES = {
    "IEEE": lambda t, a, ab, v, y: f'{_names(a, "initials")}, "{t}," in Proc. {v} ({ab}), {y}.',
    "ACM": lambda t, a, ab, v, y: f"{_names(a, 'full')}. {y}. {t}. In {v} ({ab}).",
    "APA": lambda t, a, ab, v, y: f"{_names(a, 'inverted')} ({y}). {t}. {v}.",
    "title first": lambda t, a, ab, v, y: f"{t}. {_names(a, 'initials')}. {ab} {y}.",
    "venue tag first": lambda t, a, ab, v, y: f"[{ab} {y}] {t}. {_names(a, 'initials')}.",
    "dashed": lambda t, a, ab, v, y: f"- {_names(a, 'full')}. {t}. {ab}, {y}.",
    "short": lambda t, a, ab, v, y: f"{_names(a, 'full')}. {t}. {ab} {y}.",
    "title over the rest": lambda t, a, ab, v, y: f"{t}\n{_names(a, 'full')}. {ab} {y}.",
    "title, authors, venue": lambda t, a, ab, v, y: f"{t}\n{_names(a, 'full')}\n{v}, {y}",
    "biblatex": lambda t, a, ab, v, y: f'{_names(a, "initials")}. "{t}". In: {v} ({ab}). {y}.',
    "links after": lambda t, a, ab, v, y: f"{_names(a, 'initials')}. {t}. {ab} {y}. [pdf] [code]",
    "DOI after": lambda t, a, ab, v, y: f"{_names(a, 'initials')}. {t}. {v}, {y}. doi:10.1/x{y}.1",
    "venue first": lambda t, a, ab, v, y: f"{ab} {y}: {t}. {_names(a, 'initials')}.",
    "award under": lambda t, a, ab, v, y: f"{_names(a, 'initials')}. {t}. {ab} {y}.\nBest Paper",
    "note after": lambda t, a, ab, v, y: f"{_names(a, 'initials')}. {t}. {ab} {y}. (Spotlight)",
    "bullets under": lambda t, a, ab, v, y: (
        f"{_names(a, 'initials')}. {t}. {ab} {y}.\n- Oral presentation (top 2% of submissions)"
        f"\n- Code: github.com/aquill/{ab.lower()}"
    ),
    # The sciences' forms: the year closing the entry in brackets (Nature), or after the
    # authors with volume and pages unstopped (Springer), or after the journal (Vancouver).
    "Nature": lambda t, a, ab, v, y: f"{_sciences(a, ' & ')} {t}. {v} 5, 120-131 ({y}).",
    "Springer": lambda t, a, ab, v, y: f"{_sciences(a, ', ', dots=False)} ({y}) {t}. {v} 5:120-131",
    "Springer, title below": lambda t, a, ab, v, y: (
        f"{_sciences(a, ', ', dots=False)} ({y})\n{t}.\n{v} 5:120-131"
    ),
    "Vancouver": lambda t, a, ab, v, y: (
        f"{_sciences(a, ', ', dots=False)}. {t}. {ab}. {y};5(3):120-31."
    ),
    # The economists' form: the owner left out, the co-authors in brackets after the title.
    "with co-authors": lambda t, a, ab, v, y: (
        t
        + (f" (with {_names([n for n in a if n != 'A. Quill'], 'initials')})" if a[1:] else "")
        + f", {v}, {y}."
    ),
}


@pytest.mark.parametrize("style", STYLES)
def test_every_common_citation_style_typed_flush_is_read_entry_by_entry(style):
    # (Under "title over the rest" a sole author's "Ada Quill. AISTATS 2019." is told from
    # the end of a wrapped title by the list's titles coming first.)
    papers = PAPERS_OF_QUILL
    cv = sectioned_cv_pdf("Ada Quill", [("Publications", [STYLES[style](*p) for p in papers])])

    read = _read_cv(cv)

    assert sorted(p.year for p in read.publications) == sorted(p[4] for p in papers)
    assert {p.title for p in read.publications} == {p[0] for p in papers}
    assert read.publications_incomplete == []


@pytest.mark.parametrize("style", ["Nature", "Springer", "ACM", "APA", "short"])
def test_entries_of_one_row_each_spaced_apart_are_told_apart_by_the_few_that_wrap(style):
    # Most entries fit their row, so the space between entries is most of the gaps; the
    # rows of the one that wraps lie closer, as the rows of one entry do.
    cv = paged_list_pdf("Ada Quill", [STYLES[style](*p) for p in PAPERS_OF_QUILL], spacing=3)

    read = _read_cv(cv)

    assert {p.title for p in read.publications} == {p[0] for p in PAPERS_OF_QUILL}
    assert not any("120" in (p.venue_raw or "") for p in read.publications)  # volume, pages


def test_years_set_over_the_entries_of_each_year_are_not_read_as_the_end_of_the_entry_above():
    years = sorted({paper[4] for paper in PAPERS_OF_QUILL}, reverse=True)
    rows = [
        row
        for year in years
        for row in [str(year), *(STYLES["short"](*p) for p in PAPERS_OF_QUILL if p[4] == year)]
    ]
    read = _read_cv(sectioned_cv_pdf("Ada Quill", [("Publications", rows)]))

    assert sorted(p.year for p in read.publications) == sorted(p[4] for p in PAPERS_OF_QUILL)


@pytest.mark.parametrize(
    ("layout", "label", "text"),
    [
        ("hanging", lambda p: "", lambda p: STYLES["short"](*p)),
        ("date column", lambda p: str(p[4]), lambda p: STYLES["short"](*p)),
        ("venue right", lambda p: f"{p[2]} {p[4]}", lambda p: f"{_names(p[1], 'full')}. {p[0]}."),
        ("date column", lambda p: str(p[4]), lambda p: STYLES["venue first"](*p)),
        ("hanging", lambda p: "", lambda p: STYLES["links after"](*p)),
        ("bold title", lambda p: f"{p[2]} {p[4]}", lambda p: f"{p[0]}\n{_names(p[1], 'full')}"),
        (
            "date column",
            lambda p: str(p[4]),
            lambda p: f"{p[0]}\n{_names(p[1], 'initials')}. {p[3]}",
        ),
    ],
)
def test_lists_laid_out_in_columns_and_indents_are_read_entry_by_entry(layout, label, text):
    # Entries short enough for one row sit between wrapped ones; a sole author opens one.
    entries = [(label(paper), text(paper)) for paper in PAPERS_OF_QUILL]

    read = _read_cv(laid_out_list_pdf("Ada Quill", entries, layout=layout))

    assert sorted(p.year for p in read.publications) == sorted(p[4] for p in PAPERS_OF_QUILL)
    assert {p.title for p in read.publications} == {p[0] for p in PAPERS_OF_QUILL}
    assert sum(p.author_position in ("first", "sole") for p in read.publications) == 4


@pytest.mark.parametrize(
    ("owner", "written"),
    [
        ("Zhe Gan", "GAN Zhe"),  # the family name in capitals, first
        ("Jean-Pierre Dupont", "JP Dupont"),  # initials run together
        ("Ada Quill", "QUILL Ada"),
    ],
)
def test_a_name_opening_the_author_list_in_capitals_is_no_venue_tag(owner, written):
    # "RECOMB S. Doe; R. Roe" opens with a venue tag; "GAN Zhe, B. Marsh" with a name.
    entries = [
        f"{written}, B. Marsh, C. Ferro. {title}. In {venue}, {year}."
        if first
        else f"B. Marsh, {written}, C. Ferro. {title}. In {venue}, {year}."
        for (title, _, venue, _, year), first in zip(
            PAPERS_OF_QUILL[:6], [True, False] * 3, strict=True
        )
    ]
    read = _read_cv(sectioned_cv_pdf(owner, [("Publications", entries)]))

    assert {p.title for p in read.publications} == {p[0] for p in PAPERS_OF_QUILL[:6]}
    assert [p.author_position for p in read.publications] == ["first", "middle"] * 3


def _long_list() -> list[str]:
    """Forty entries of the owner, titles of many lengths, so page breaks fall mid-entry, and
    half the author lists naming the owner in full as the running heads do."""
    words = "sparse calibrated curriculum robust kernel graph scaling causal probing".split()
    authors = ("A. Quill, B. Marsh, C. Ferro", "Ada Quill, Ben Marsh")
    return [
        f"{authors[i % 2]}. {' '.join(words[: 3 + i % 7]).capitalize()} "
        f"models for task {i}. In {('NeurIPS', 'ICML', 'ICLR', 'ACL')[i % 4]}, {2010 + i % 15}."
        for i in range(40)
    ]


@pytest.mark.parametrize(
    ("head", "foot"),
    [
        ("Ada Quill - Curriculum Vitae", ""),
        ("Ada Quill {page}", ""),
        ("", "CV of A. Quill, page {page} of 3"),
        # No running-head wording: a line in smaller type at the page break is still none.
        ("Department of Computer Science, Northvale University", "{page}"),
    ],
)
def test_running_heads_and_feet_at_page_breaks_are_not_read_into_the_list(head, foot):
    entries = _long_list()

    read = _read_cv(paged_list_pdf("Ada Quill", entries, head=head, foot=foot))

    assert len(read.publications) == len(entries)
    assert read.publications_incomplete == []


def test_an_entry_opening_a_page_of_a_spaced_list_is_its_own():
    # The space that tells entries apart cannot be measured across a page break. Entries of
    # two and three rows, so that the space between rows is the narrower one.
    entries = [
        f"A. Quill, B. Marsh, C. Ferro, D. Olvera, E. Brandt, F. Nakamura, G. Petrov. {title} "
        f"with curriculum signals and calibrated uncertainty for task {i}. In NeurIPS, {2000 + i}."
        for i, title in enumerate(p[0].capitalize() for p in PAPERS_OF_QUILL * 6)
    ]

    read = _read_cv(paged_list_pdf("Ada Quill", entries, spacing=3))

    assert len(read.publications) == len(entries)


def test_a_short_title_over_its_authors_is_no_label_of_the_entry_above():
    rows = [
        "Sparse routing for mixture-of-experts language models\nAda Quill, Ben Marsh\n"
        "Advances in Neural Information Processing Systems, 2023",
        "Calibrated small models\nDana Olvera, Ada Quill\n"
        "International Conference on Machine Learning, 2022",
        "Curriculum signals for offline reinforcement learning\nAda Quill, Eva Brandt\n"
        "International Conference on Learning Representations, 2021",
    ]
    read = _read_cv(sectioned_cv_pdf("Ada Quill", [("Publications", rows)]))

    assert [p.title for p in read.publications] == [
        "Sparse routing for mixture-of-experts language models",
        "Calibrated small models",
        "Curriculum signals for offline reinforcement learning",
    ]


def test_a_year_set_once_in_a_column_beside_the_works_of_that_year_opens_each_of_them():
    years = [2024, 2024, 2023, 2023, 2023, 2021, 2021]
    entries = [
        ("" if year == before else str(year), STYLES["short"](*paper[:4], year))
        for paper, year, before in zip(PAPERS_OF_QUILL, years, [None, *years[:-1]], strict=True)
    ]

    read = _read_cv(laid_out_list_pdf("Ada Quill", entries, layout="date column"))

    assert [p.year for p in read.publications] == years
    assert {p.title for p in read.publications} == {p[0] for p in PAPERS_OF_QUILL}


def test_titles_open_the_entries_under_year_headings_of_two_works_each():
    # Under one year too few rows end with a year to tell; the whole list tells.
    years = [2024, 2024, 2023, 2023, 2022, 2022]
    coauthored = [paper for paper in PAPERS_OF_QUILL if len(paper[1]) > 1]
    rows = []
    for paper, year, before in zip(coauthored, years, [None, *years[:-1]], strict=True):
        rows += [str(year)] if year != before else []
        rows.append(STYLES["title over the rest"](*paper[:4], year))
    read = _read_cv(sectioned_cv_pdf("Ada Quill", [("Publications", rows)]))

    assert [p.year for p in read.publications] == years


def test_margin_labels_on_a_short_last_page_are_read_as_the_pages_before_them():
    papers = [
        STYLES["links after"](f"{opening} {title.split(' ', 1)[1]} at {scale}", *rest)
        for opening, scale in [
            ("Private", "scale"),
            ("Federated", "random"),
            ("Quantum", "the edge"),
            ("Bayesian", "last"),
        ]
        for title, *rest in PAPERS_OF_QUILL
    ]
    cv = margin_labelled_cv_pdf(
        "Ada Quill",
        [
            ("Education", ["PhD in Computer Science, Northvale University, 2019"]),
            ("Experience", ["Research Scientist, Lumen Labs, 2019 - present"]),
            ("Publications", papers),
            ("Talks", ["Sparse routing, invited talk at Stanford, 2023"]),
        ],
    )

    read = _read_cv(cv)

    assert len(read.pages) == 2
    assert read.pages[1].count("\n") < 8  # a last page too short to show the margin
    assert "talks" in read.sections
    assert len(read.publications) == len(papers)


@pytest.mark.parametrize(
    "entry",
    [
        "B. Marsh *, A. Quill *, C. Ferro. {title}. In NeurIPS, {year}.",  # marks set apart
        "B. Marsh, A. Quill, C. Ferro. {title}. In NeurIPS, {year}. (equal contribution)",
        "B. Marsh, A. Quill, C. Ferro. {title}. In NeurIPS, {year}. [co-first author]",
    ],
)
def test_shared_first_authorship_counts_however_the_list_says_it(entry):
    rows = [entry.format(title=p[0], year=p[4]) for p in PAPERS_OF_QUILL[:5]]

    read = _read_cv(sectioned_cv_pdf("Ada Quill", [("Publications", rows)]))

    assert len(read.publications) == 5
    assert all(counts_as_first(p.author_position, p.equal_contribution) for p in read.publications)


def test_springers_authors_and_year_on_a_row_of_their_own_await_the_title_below():
    text = (
        "Quill A, Marsh B, Doe C (2024)\n"
        "Sparse routing for mixture models.\n"
        "Transactions on Machine Learning Research 12:176-186\n"
        "Roe D, Quill A (2023)\n"
        "Calibrated uncertainty for small language models.\n"
        "Journal of Machine Learning Research 24:185-195"
    )

    entries = parse_plain_entries(text).publications

    assert [(e.title, e.authors[0], e.year) for e in entries] == [
        ("Sparse routing for mixture models", "A Quill", 2024),
        ("Calibrated uncertainty for small language models", "D Roe", 2023),
    ]


def test_letter_spaced_headings_name_their_sections():
    # "P U B L I C A T I O N S": each capital a word of its own in the text layer.
    talks = [
        "A. Quill, B. Marsh. Sparse routing at scale. Annual Meeting of the Society for "
        "Learning, Boston, MA, 2023.",
        "A. Quill. Calibration in practice. Northeast Statistics Symposium, Ithaca, NY, 2022.",
    ]
    cv = sectioned_cv_pdf(
        "Ada Quill",
        [("P U B L I C A T I O N S", WRAPPED), ("P R E S E N T A T I O N S", talks)],
    )

    read = _read_cv(cv)

    assert len(read.publications) == len(WRAPPED)
    assert read.publications_incomplete == []


@pytest.mark.parametrize("number", ["3.", "3", "3)", "2.1"])
def test_numbered_headings_name_their_sections(number):
    talks = [
        "A. Quill, B. Marsh. Sparse routing at scale. Annual Meeting of the Society for "
        "Learning, Boston, MA, 2023.",
        "A. Quill. Calibration in practice. Northeast Statistics Symposium, Ithaca, NY, 2022.",
        "A. Quill, E. Poe. Curriculum signals. INFORMS Annual Meeting, Indianapolis, IN, 2021.",
    ]
    cv = sectioned_cv_pdf(
        "Ada Quill",
        [(f"{number} Publications", WRAPPED), (f"{number.replace('3', '4')} Talks", talks)],
    )

    read = _read_cv(cv)

    assert len(read.publications) == len(WRAPPED)
    assert read.publications_incomplete == []


@pytest.mark.parametrize(
    "entry",
    [
        "[ICML 2023] Sparse routing for mixture models. Ada Quill and Ben Marsh.",
        "Quill, A. and Marsh, B. (2023). Sparse routing for mixture models. Proc. Int. Conf.\n"
        "Mach. Learn.",
        "A. Quill and B. Marsh. Sparse routing for mixture models. In Proc.\n"
        "International Conference on Machine Learning, 2023.",
    ],
)
def test_a_sentence_under_an_entry_leaves_its_venue_to_the_entry(entry):
    # A venue tag opening the entry, or its venue ended (by APA's year, which comes first,
    # and a full stop that ends no abbreviation): the sentence below is about the work.
    note = "We show that routing tokens sparsely across experts halves the compute it needs."
    text = f"{entry}\n{note}\n\nD. Olvera and A. Quill. Calibrated models. ICLR 2022."

    first = parse_plain_entries(text).publications[0]

    assert normalize_venue(first.venue_raw).venue == "ICML"
    assert first.year == 2023


def test_a_table_of_numbers_and_citations_is_read_row_by_row():
    rows = [
        (str(number), STYLES["short"](*paper), "")
        for number, paper in enumerate(PAPERS_OF_QUILL, start=1)
    ]

    read = _read_cv(table_list_pdf("Ada Quill", rows))

    assert {p.title for p in read.publications} == {p[0] for p in PAPERS_OF_QUILL}


def test_a_table_of_years_works_and_venues_keeps_each_cell_apart():
    # "2023  Title  NeurIPS": the year's cell and the venue's, both on the title's row.
    rows = [(str(year), f"{title}\n{_names(authors, 'initials')}", venue)
            for title, authors, venue, _, year in PAPERS_OF_QUILL]  # fmt: skip

    read = _read_cv(table_list_pdf("Ada Quill", rows))

    assert {(p.title, p.year) for p in read.publications} == {(p[0], p[4]) for p in PAPERS_OF_QUILL}
    assert {p.venue for p in read.publications if p.title.startswith("Sparse")} == {"NeurIPS"}


def test_a_name_wrapped_before_its_last_part_keeps_the_author_list_going():
    # "..., Carlos Muñoz" + "Ferrandis, Ada Quill, ...": the row ends inside a three-part name.
    text = (
        "Open licences for models\n"
        "Dana Olvera, Ben Marsh, Jenny Lee, Yacine Jernite, Carlos Muñoz\n"
        "Ferrandis, Ada Quill, Alek Tarkowski, Eva Brandt  2024"
    )

    entry = parse_plain_entries(text).publications[0]

    assert entry.authors[4:6] == ("Carlos Muñoz Ferrandis", "Ada Quill")
    assert len(entry.authors) == 8
