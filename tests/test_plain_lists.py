"""Reading plain publication lists and the publications sections of CVs.

Every entry here is made up; the real CVs are only read by the corpus test at the end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from candidates.extraction.document import TextLine
from candidates.parsing.entries import RawPublication
from candidates.parsing.plain import parse_plain_entries
from candidates.synthetic import SURNAMES
from candidates.venues import normalize_venue


def read(text: str | list[TextLine]) -> list[RawPublication]:
    return parse_plain_entries(text).publications


def only(text: str | list[TextLine]) -> RawPublication:
    (publication,) = read(text)
    return publication


def line(text: str, *, x0: float = 50, gap: float = 3, bold: bool = False, page: int = 1):
    """A line of a CV as the PDF reader gives it, in a 10-point font."""
    return TextLine(text=text, page=page, bold=bold, size=10.0, x0=x0, gap=gap)


TITLE = "Sparse graphs for everyone"


@pytest.mark.parametrize(
    ("text", "authors", "year", "venue"),
    [
        # ACM / IEEE
        (
            "A. Turing, G. Hopper, and A. Lovelace. Sparse graphs for everyone. "
            "In Proceedings of NeurIPS, 2023.",
            ("A. Turing", "G. Hopper", "A. Lovelace"),
            2023,
            "Proceedings of NeurIPS",
        ),
        # APA
        (
            "Turing, A., Hopper, G., & Lovelace, A. (2021). Sparse graphs for everyone. "
            "Journal of Machine Learning Research, 22(1), 1-30.",
            ("A. Turing", "G. Hopper", "A. Lovelace"),
            2021,
            "Journal of Machine Learning Research",
        ),
        # Chicago: only the first author inverted, the year after the authors
        (
            "Turing, Alan, Grace Hopper, and Ada Lovelace. 2024. “Sparse graphs for "
            "everyone.” In Proceedings of ACL, 1-10.",
            ("Alan Turing", "Grace Hopper", "Ada Lovelace"),
            2024,
            "Proceedings of ACL",
        ),
        # Quoted title first
        (
            '"Sparse graphs for everyone," A. Turing and G. Hopper, ICML 2022.',
            ("A. Turing", "G. Hopper"),
            2022,
            "ICML 2022",
        ),
        # Title first
        (
            "Sparse graphs for everyone. A. Turing, G. Hopper. ICLR 2020",
            ("A. Turing", "G. Hopper"),
            2020,
            "ICLR 2020",
        ),
        # Venue tags before the title
        (
            "[NeurIPS 2023] Sparse graphs for everyone. Alan Turing, Grace Hopper.",
            ("Alan Turing", "Grace Hopper"),
            2023,
            "NeurIPS 2023",
        ),
        (
            "ICML 2022: Sparse graphs for everyone. Alan Turing, Grace Hopper.",
            ("Alan Turing", "Grace Hopper"),
            2022,
            "ICML 2022",
        ),
        # A year before the entry, authors "Last I." and a colon before the title
        (
            "(2021) Turing A., Hopper G.: Sparse graphs for everyone, July 2021, ICML Workshop",
            ("A. Turing", "G. Hopper"),
            2021,
            "ICML Workshop",
        ),
        # Vancouver initials without dots
        (
            "Turing A, Hopper G, Lovelace A. Sparse graphs for everyone. Nature. 2021.",
            ("A Turing", "G Hopper", "A. Lovelace"),
            2021,
            "Nature",
        ),
        (
            "A Turing, G Hopper and A Lovelace. Sparse graphs for everyone. AAAI 2019.",
            ("A Turing", "G Hopper", "A Lovelace"),
            2019,
            "AAAI 2019",
        ),
        # Names in capitals, "&", particles, apostrophes
        (
            "ALAN TURING & TONG LU. Sparse graphs for everyone. KDD 2020.",
            ("ALAN TURING", "TONG LU"),
            2020,
            "KDD 2020",
        ),
        (
            "Karel D’Oosterlinck, Hado van Hasselt, Kai Del Regno. Sparse graphs for everyone. "
            "ICML 2021.",
            ("Karel D’Oosterlinck", "Hado van Hasselt", "Kai Del Regno"),
            2021,
            "ICML 2021",
        ),
        # Chinese names, in either order, and in Chinese
        (
            "Wang Zhuo, Li Wei, Zhang San. Sparse graphs for everyone. KDD 2020.",
            ("Wang Zhuo", "Li Wei", "Zhang San"),
            2020,
            "KDD 2020",
        ),
        (
            "王焯, 李伟. Sparse graphs for everyone. 计算机学报, 2020.",
            ("王焯", "李伟"),
            2020,
            "计算机学报",
        ),
        # Two names whose comma the PDF lost
        (
            "Sparse graphs for everyone  S. Sethi S. Khan, et al.\nIEEE QCE 2024",
            ("S. Sethi", "S. Khan", "others"),
            2024,
            "IEEE QCE 2024",
        ),
    ],
)
def test_each_citation_style_gives_authors_title_year_and_venue(text, authors, year, venue):
    publication = only(text)
    assert publication.title.lower() == TITLE.lower()
    assert (publication.authors, publication.year, publication.venue_raw) == (
        authors,
        year,
        venue,
    )


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Alan Turing*, Grace Hopper*, Ada Lovelace", ("Alan Turing*", "Grace Hopper*")),
        ("Alan Turing†, Grace Hopper‡, Ada Lovelace", ("Alan Turing†", "Grace Hopper‡")),
        ("Alan Turing^, Grace Hopper^, Ada Lovelace", ("Alan Turing^", "Grace Hopper^")),
        ("Alan Turing#, Grace Hopper#, Ada Lovelace", ("Alan Turing#", "Grace Hopper#")),
        ("Turing, A.∗, Hopper, G.∗, Lovelace, A.", ("A. Turing∗", "G. Hopper∗")),
        # Superscript digits are affiliations: dropped.
        ("Alan Turing¹, Grace Hopper², Ada Lovelace", ("Alan Turing", "Grace Hopper")),
    ],
)
def test_author_marks_stay_on_the_names(authors, expected):
    publication = only(f"{authors}. {TITLE}. ICML 2023.")
    assert publication.authors[:2] == expected


@pytest.mark.parametrize("truncation", ["et al.", "and others", "others"])
def test_a_truncated_author_list_ends_with_others(truncation):
    separator = " " if truncation == "et al." else ", "
    publication = only(f"Alan Turing, Grace Hopper{separator}{truncation}. {TITLE}. ICML 2023.")
    assert publication.authors == ("Alan Turing", "Grace Hopper", "others")


def test_spaces_lost_by_the_pdf_are_put_back_between_names():
    publication = only("JunGu,ChunZhao,GudongzeLi.SparseGraphsForEveryone.ScienceBulletin,2025.")
    assert publication.authors == ("Jun Gu", "Chun Zhao", "Gudongze Li")
    assert publication.title == "Sparse Graphs For Everyone"
    assert publication.venue_raw == "Science Bulletin"


def test_names_written_in_camel_case_on_purpose_are_left_alone():
    publication = only(f"Alan McDonald, Grace DeepMind. {TITLE}. ICML 2023.")
    assert publication.authors == ("Alan McDonald", "Grace DeepMind")


@pytest.mark.parametrize(
    ("tail", "note", "venue"),
    [
        ("ICLR 2024 (Oral)", "oral", "ICLR 2024"),
        ("CVPR 2022 (Spotlight) [paper] [code]", "spotlight", "CVPR 2022"),
        ("AAAI 2019. Best Paper Award", "best paper award", "AAAI 2019"),
        ("arXiv preprint arXiv:2301.00001, 2023", "arXiv:2301.00001", "arXiv preprint"),
        ("Under review, 2024", "under review", None),
        ("Submitted to NeurIPS 2024", "submitted to NeurIPS 2024", None),
        ("To appear in ICML 2024", "to appear", "ICML 2024"),
        ("Accepted at TMLR, 2024", "accepted", "TMLR"),
        ("KDD 2020. Cited by 120", None, "KDD 2020"),
        ("ICML 2020. https://example.org/a.pdf doi: 10.1145/3581784.3627045", None, "ICML 2020"),
    ],
)
def test_trailing_notes_are_separated_from_the_venue(tail, note, venue):
    publication = only(f"Alan Turing, Grace Hopper. {TITLE}. {tail}.")
    assert (publication.note, publication.venue_raw) == (note, venue)
    assert publication.title == TITLE


@pytest.mark.parametrize(
    "listing",
    [
        "[1] A. Turing. First paper here. ICML 2021.\n[2] A. Turing. Second paper here. ICML 2022.",
        "1. A. Turing. First paper here. ICML 2021.\n2. A. Turing. Second paper here. ICML 2022.",
        "(1) A. Turing. First paper here. ICML 2021.\n(2) A. Turing. Second paper here. ICML 2022.",
        "J1 A. Turing. First paper here. ICML 2021.\nC3 A. Turing. Second paper here. ICML 2022.",
        "[J1] A. Turing. First paper here. ICML 2021.\nP2. A. Turing. Second paper here. ICML 2022",
        "• A. Turing. First paper here. ICML 2021.\n• A. Turing. Second paper here. ICML 2022.",
        "- A. Turing. First paper here. ICML 2021.\n- A. Turing. Second paper here. ICML 2022.",
        "– A. Turing. First paper here. ICML 2021.\n– A. Turing. Second paper here. ICML 2022.",
        "* A. Turing. First paper here. ICML 2021.\n* A. Turing. Second paper here. ICML 2022.",
        "◦ A. Turing. First paper here. ICML 2021.\n▪ A. Turing. Second paper here. ICML 2022.",
        # No markers: a blank line, or a line ending with a year, separates entries.
        "A. Turing. First paper here. ICML 2021.\n\nA. Turing. Second paper here. ICML 2022.",
        "A. Turing. First paper here. ICML 2021.\nA. Turing. Second paper here. ICML 2022.",
        "2021 A. Turing, G. Hopper. First paper here. ICML.\n"
        "2022 A. Turing, G. Hopper. Second paper here. ICML.",
    ],
)
def test_numbers_bullets_and_line_ends_separate_entries(listing):
    assert [p.title for p in read(listing)] == ["First paper here", "Second paper here"]
    assert [p.year for p in read(listing)] == [2021, 2022]


def test_continuation_lines_are_joined_and_broken_words_mended():
    publication = only(
        "[1] A. Turing and G. Hopper. Pre-\ntraining sparse represen-\ntations of 2D-\n"
        "Inferred graphs. In Proceedings of the Inter-\nnational Conference on Machine "
        "Learning, 2023."
    )
    assert publication.title == "Pre-training sparse representations of 2D-Inferred graphs"
    assert publication.venue_raw == (
        "Proceedings of the International Conference on Machine Learning"
    )


def test_a_year_ending_an_unfinished_line_is_no_sub_heading():
    publications = read(
        "[1] A. Turing. First paper here. ICML,\n2023\n[2] A. Turing. Second paper here. 2024."
    )
    assert [p.year for p in publications] == [2023, 2024]


def test_a_list_with_commas_between_every_field_gives_title_venue_and_year():
    publications = read(
        "• Turing, A., Hopper, G., Lovelace A., Counting Imaginary Sheep via Tricks, "
        "NeurIPS 2023.\n"
        "• Hopper, G., Turing, A., SheepNet: Single-file Implementations of Herding, Journal of "
        "Invented Research, 2022\n"
        "• Turing, A., Hopper, G., Asynchronous RLHF: Faster Herding of Goats, ICLR 2025.\n"
    )

    assert [(p.title, p.venue_raw, p.year) for p in publications] == [
        ("Counting Imaginary Sheep via Tricks", "NeurIPS 2023", 2023),
        ("SheepNet: Single-file Implementations of Herding", "Journal of Invented Research", 2022),
        ("Asynchronous RLHF: Faster Herding of Goats", "ICLR 2025", 2025),
    ]
    assert [len(p.authors) for p in publications] == [3, 2, 2]


@pytest.mark.parametrize(
    "entry",
    [
        "1. Master’s Thesis (in Spanish): SheepText A framework for counting\n   imaginary "
        "sheep from text streams (pdf).",
        "PhD Dissertation: Counting imaginary sheep from text streams. Northvale University, 2020.",
    ],
)
def test_a_thesis_labelled_before_its_title_is_a_thesis(entry):
    [publication] = read(entry)

    assert publication.note == "thesis"
    assert "imaginary sheep" in publication.title.lower().replace("\n", " ")
    assert "(pdf)" not in publication.title
    assert normalize_venue(publication.venue_raw, note=publication.note).kind == "thesis"


def test_names_before_a_colon_in_a_dblp_list_stay_authors():
    [publication] = read("Ada Turing, Grace Hopper, Max Roe: Counting sheep at scale. ICML 2021.")

    assert publication.authors == ("Ada Turing", "Grace Hopper", "Max Roe")
    assert publication.title == "Counting sheep at scale"


def test_sub_headings_and_legends_are_not_entries():
    publications = read(
        "Selected Publications\n"
        "* equal contribution\n"
        "Conference Papers\n"
        "2023\n"
        "[1] A. Turing*, G. Hopper*. First paper here. ICML 2023.\n"
        "Journal Articles\n"
        "[2] A. Turing. Second paper here. JMLR, 2022.\n"
        "Workshop Papers\n"
        "[3] A. Turing. Third paper here. ICML Workshop on Graphs, 2021.\n"
    )
    assert [p.title for p in publications] == [
        "First paper here",
        "Second paper here",
        "Third paper here",
    ]


@pytest.mark.parametrize(
    "legend",
    [
        "Author Notation: Bold: Ada Turing (PI)",
        "Names in bold are students I supervised",
        "Underlined: mentored students",
        "Bold = corresponding author",
    ],
)
def test_a_legend_of_typographic_marks_is_no_entry(legend):
    publications = read(
        f"{legend}\n"
        "• A. Turing, G. Hopper. First paper here. ICML 2023.\n"
        "• A. Turing. Second paper here. JMLR, 2022.\n"
    )

    assert [p.title for p in publications] == ["First paper here", "Second paper here"]


@pytest.mark.parametrize(
    "service",
    [
        "Extended program committee member / reviewer-at-large: AISTATS 2025, ICML 2024",
        "Area Chair, NeurIPS 2023, ICLR 2024",
        "Reviewer for ICML, NeurIPS, ICLR (2020 – 2024)",
        "Co-organizer, Workshop on Invented Benchmarks, ICML 2022",
        "Main/senior PC member: ALT 2025, COLT 2024, IJCAI 2022",
    ],
)
def test_a_role_in_the_service_of_a_venue_is_no_publication(service):
    publications = read(
        "• A. Turing, G. Hopper. First paper here. ICML 2023.\n"
        f"• {service}\n"
        "• Ada Turing (ed.). Proceedings of the Invented Learning Theory Workshop, 2021.\n"
    )

    assert [p.year for p in publications] == [2023, 2021]


@pytest.mark.parametrize(
    ("heading", "note"),
    [
        ("Under Review", "under review"),
        ("Preprints", "preprint"),
        ("Submitted", "under review"),
        ("Theses", "thesis"),
        ("Workshop Papers", "workshop"),
        ("Journal Articles", None),
    ],
)
def test_a_status_sub_heading_becomes_the_note_of_the_entries_below_it(heading, note):
    publications = read(
        "Conference Papers\n"
        "[1] A. Turing. First paper here. ICML 2023.\n"
        f"{heading}\n"
        "[2] A. Turing. Second paper here. 2024.\n"
    )
    assert [p.note for p in publications] == [None, note]


def test_patents_and_talks_are_kept_out():
    publications = read(
        "[1] A. Turing. First paper here. ICML 2023.\n"
        "[2] A. Turing. Invited talk at the Turing Institute, 2022.\n"
        "[3] A. Turing. Method for computing. US Patent 11,111,111, 2020.\n"
        "Patents\n"
        "[4] Neural network compression with outliers. A. Turing. US20200210838, 2020.\n"
    )
    assert [p.title for p in publications] == ["First paper here"]


def test_the_heading_of_the_next_cv_section_ends_the_publications():
    publications = read(
        "[1] A. Turing. First paper here. ICML 2023.\n\n"
        "Awards and Honors\n"
        "[2] Best Paper Award for A. Turing. First paper here. ICML 2023.\n"
    )
    assert [p.title for p in publications] == ["First paper here"]


def test_a_position_held_is_not_a_publication():
    publications = read(
        "A. Turing. First paper here. ICML 2023.\n\n"
        "Research Intern, Graph Learning Group  Jun 2021 - Aug 2021\n\n"
        "Research Scientist, Graph Learning Group  2022 - Present\n"
    )
    assert [p.title for p in publications] == ["First paper here"]


def test_lines_that_are_not_publications_are_not_entries():
    publications = read(
        "A. Turing. First paper here. ICML 2023.\n\n"
        "A full publication list is available on my Google Scholar profile.\n\n"
        "This work was accepted at the following conferences:\n"
    )
    assert [p.title for p in publications] == ["First paper here"]


def test_entries_remember_their_first_line_and_raw_text():
    text = "Publications\n\n[1] A. Turing. First paper\nhere. ICML 2021.\n[2] A. Turing. Second."
    first = read(text)[0]
    assert first.line == 3
    assert first.raw == "[1] A. Turing. First paper\nhere. ICML 2021."
    assert first.entry_type is None


def test_a_moderncv_section_with_title_authors_and_venue_on_their_own_lines():
    lines = [
        line("Learning to Compute with Neural Engines", gap=12, bold=True),
        line("Alan Turing, Grace Hopper", x0=60),
        line("Advances in Neural Information Processing Systems (NeurIPS), 2023", x0=60),
        line("Sparse Graphs", gap=12, bold=True),
        line("Alan Turing", x0=60),
        line("in submission", x0=60),
        line("Dense Graphs for No One", gap=0, bold=True, page=2),
        line("Grace Hopper, Alan Turing", x0=60, page=2),
        line("July, 2021. Vienna, Austria.", x0=60, page=2),
    ]
    publications = read(lines)
    assert [(p.title, p.authors, p.year, p.venue_raw, p.note, p.line) for p in publications] == [
        (
            "Learning to Compute with Neural Engines",
            ("Alan Turing", "Grace Hopper"),
            2023,
            "Advances in Neural Information Processing Systems (NeurIPS)",
            None,
            1,
        ),
        ("Sparse Graphs", ("Alan Turing",), None, None, "in submission", 4),
        ("Dense Graphs for No One", ("Grace Hopper", "Alan Turing"), 2021, None, None, 7),
    ]


def test_a_stacked_section_without_gaps_is_split_at_its_author_lines():
    lines = [
        line("Learning to Compute with Neural Engines"),
        line("A Turing, G Hopper and A Lovelace", x0=60),
        line("Advances in Neural Information Processing Systems 2023", x0=60),
        line("Sparse Graphs for Everyone, a Long Title That Wraps"),
        line("Onto a Second Line"),
        line("A Turing and G Hopper", x0=60),
        line("International Conference on Machine Learning 2022", x0=60),
    ]
    assert [p.title for p in read(lines)] == [
        "Learning to Compute with Neural Engines",
        "Sparse Graphs for Everyone, a Long Title That Wraps Onto a Second Line",
    ]


def test_a_hanging_indent_separates_entries_of_a_cv():
    lines = [
        line("Turing, Alan, Grace Hopper, and Ada Lovelace. 2023. Learning to compute with"),
        line("neural engines. In Proceedings of NeurIPS.", x0=80),
        line("Turing, Alan. 2022. Sparse graphs for everyone. In Proceedings of the"),
        line("International Conference on Machine Learning.", x0=80),
    ]
    assert [(p.title, p.year) for p in read(lines)] == [
        ("Learning to compute with neural engines", 2023),
        ("Sparse graphs for everyone", 2022),
    ]


def test_the_bullets_describing_a_work_are_not_part_of_it():
    lines = [
        line("Sparse Graphs for Everyone  A. Turing, and G. Hopper", bold=True, gap=6),
        line("30th ACM International Conference on Architectural Support"),
        line("• Designed a sparse graph engine that maps the graphs onto the", x0=65),
        line("hardware in linear time", x0=75),
        line("• Achieved a 2x speed-up over the baselines", x0=65),
        line("Dense Graphs for No One  G. Hopper", bold=True, gap=6),
        line("Under review"),
    ]
    publications = read(lines)
    assert [(p.title, p.authors, p.note) for p in publications] == [
        ("Sparse Graphs for Everyone", ("A. Turing", "G. Hopper"), None),
        ("Dense Graphs for No One", ("G. Hopper",), "under review"),
    ]
    assert "Designed" not in publications[0].raw


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "•",
        "[1]",
        "2023",
        "Publications",
        "“”",
        "a" * 10_000,
        "(((",
        "J. . , ; :",
        "A. Turing. (Under review). ICML 2023.",
    ],
)
def test_odd_input_gives_no_entries_and_no_error(text):
    assert read(text) == []


CV_HEADING = re.compile(
    r"^\s*((selected|key|research|refereed|co-?authored)\s+)?(publications?|papers)\b[^.]{0,40}$",
    re.IGNORECASE,
)
NEXT_HEADING = re.compile(
    r"^\s*(education|experience|work experience|research experience|teaching|skills|"
    r"technical skills|awards|honou?rs|projects|presentations|talks|service|references|"
    r"activities|professional|academic services|achievements|languages|interests|"
    r"extracurricular|internships|invited talks|grants|scholarships|patents|competitions)",
    re.IGNORECASE,
)


def is_next_heading(text: str) -> bool:
    return len(text) < 60 and NEXT_HEADING.match(text) is not None


def publication_sections(path: Path) -> list[str]:
    """The publications sections of a CV as pdfplumber's text, cut at the next heading."""
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        lines = [
            text
            for page in pdf.pages
            for text in (page.extract_text(x_tolerance=1.5) or "").split("\n")
        ]
    sections = []
    index = 0
    while index < len(lines):
        if CV_HEADING.match(lines[index]) and len(lines[index]) < 50:
            end = index + 1
            while end < len(lines) and not is_next_heading(lines[end]):
                end += 1
            sections.append("\n".join(lines[index + 1 : end]))
            index = end
        else:
            index += 1
    return sections


@pytest.mark.corpus
def test_the_publications_sections_of_real_cvs_give_their_entries(corpus_dir: Path):
    cvs = sorted((corpus_dir / "cv").glob("*.pdf"))
    assert cvs, "the corpus has no CVs"
    sections = [section for path in cvs for section in publication_sections(path)]
    publications = [p for section in sections for p in read(section)]
    # Measured on the 23 CVs: 19 sections found this way, 162 entries (by eye: 166 in them),
    # 155 of them with authors or a year.
    assert len(sections) >= 17
    assert len(publications) >= 150
    assert sum(bool(p.authors or p.year) for p in publications) >= 0.9 * len(publications)
    assert all(p.title for p in publications)


@pytest.mark.parametrize(
    "wrapped",
    [
        # The row breaks after a separator, before "and", and between a given and a family name.
        ["Sparse routing for mixture models. A. Quill, B. Marsh,", "C. Ferro. NeurIPS 2023."],
        ["Sparse routing for mixture models. B. Marsh, C. Ferro", "and A. Quill. NeurIPS 2023."],
        ["Sparse routing for mixture models. Ben Marsh, Cara", "Ferro, Ada Quill. NeurIPS 2023."],
        ["Sparse routing for mixture models. Ben", "Marsh, Cara Ferro, Ada Quill. NeurIPS 2023."],
        ["Sparse routing for mixture models. B.", "Marsh, C. Ferro, A. Quill. NeurIPS 2023."],
    ],
)
def test_an_author_list_wrapped_after_the_title_is_read_whole(wrapped):
    # The row after the break opens with names, but the list opened on the row above.
    (entry,) = read([line(text, gap=2) for text in wrapped])

    assert entry.title == "Sparse routing for mixture models"
    assert len(entry.authors) == 3
    assert entry.venue_raw == "NeurIPS 2023"


def test_a_tag_naming_the_kind_of_work_opens_an_entry_like_a_venue_tag():
    rows = [
        line("[ICLR 2026] Sparse Routing for Mixture Models. A. Quill, B. Marsh.", gap=2),
        line("[Preprint] Calibrated Uncertainty in Small Language Models. D. Olvera,", gap=2),
        line("A. Quill. arXiv:2601.01234, 2026.", gap=2),
        line("[Journal] Curriculum Signals for Offline Learning. A. Quill, E. Brandt.", gap=2),
        line("Journal of Machine Learning Research, 2025.", gap=2),
        line("[ICML 2024] Robust Probing of Vision Transformers. F. Nakamura, A. Quill.", gap=2),
        line("[arXiv] [code]", gap=2),
    ]

    entries = read(rows)

    assert [entry.year for entry in entries] == [2026, 2026, 2025, 2024]
    assert entries[2].title == "Curriculum Signals for Offline Learning"


def test_a_label_carried_to_the_top_of_the_next_page_is_no_sub_heading_of_talks():
    # "Oral presentation" closes the entry above it; at a page break no space tells it from
    # a "Presentations" sub-heading, whose works would be left out.
    rows = [
        line("A. Quill, B. Marsh. Sparse routing for mixture models. NeurIPS, 2023.", gap=6),
        line("Oral presentation", page=2, gap=0),
        line("D. Olvera, A. Quill. Calibrated uncertainty. ICML, 2022.", page=2, gap=6),
        line("A. Quill, E. Brandt. Curriculum signals. ICLR, 2021.", page=2, gap=6),
    ]  # fmt: skip

    assert [entry.year for entry in read(rows)] == [2023, 2022, 2021]


def test_authors_then_a_short_title_in_capitals_then_the_venue_stacked_without_space():
    # "Neural Ordinary Equations." reads like a name; an entry of nothing but its authors
    # has its title still to come.
    stacked = [
        "Ada Quill, Ben Marsh.", "Neural Ordinary Equations.", "NeurIPS 2023.",
        "Dan Olvera, Ada Quill.", "Calibrated Language Models.", "ICML 2022.",
        "Ada Quill, Eva Brandt.", "Curriculum Signals Revisited.", "ICLR 2021.",
    ]  # fmt: skip

    entries = read([line(text, gap=2) for text in stacked])

    assert [(entry.title, entry.year) for entry in entries] == [
        ("Neural Ordinary Equations", 2023),
        ("Calibrated Language Models", 2022),
        ("Curriculum Signals Revisited", 2021),
    ]


def test_the_last_word_of_a_title_wrapped_onto_a_row_of_its_own_stays_in_the_title():
    rows = [
        line("Blackbox attacks on learning agents using approximated temporal", gap=2),
        line("information", gap=2),
        line("Y Zhao, I Shumailov, C Han, R Anderson", gap=2),
        line("IEEE Conference on Dependable Systems and Networks (DSN 2020)", gap=2),
    ]

    (entry,) = read(rows)

    assert entry.title.endswith("temporal information")
    assert entry.authors[0] == "Y Zhao"


def test_a_label_set_in_under_its_entry_leaves_a_flush_list_flush():
    # Nothing but the text tells these entries apart; the set-in label is no hanging indent.
    rows = [
        line("A. Quill, B. Marsh. Sparse routing for mixture models. NeurIPS, 2023.", gap=2),
        line("Oral presentation", x0=70, gap=2),
        line("D. Olvera, A. Quill. Calibrated uncertainty in small", gap=2),
        line("language models. ICML, 2022.", gap=2),
        line("A. Quill, E. Brandt. Curriculum signals for offline learning.", gap=2),
        line("ICLR, 2021.", gap=2),
    ]

    assert [entry.year for entry in read(rows)] == [2023, 2022, 2021]


def test_a_title_opening_the_next_page_of_a_spaced_list_opens_an_entry():
    # A page break leaves no space to measure; in a list whose entries open with their
    # titles, the title after an entry ending with its year opens the next one.
    rows = [
        line("Sparse routing for mixture models", gap=8),
        line("A. Quill, B. Marsh", gap=2),
        line("NeurIPS, 2023.", gap=2),
        line("Calibrated uncertainty in small language models", gap=8),
        line("D. Olvera, A. Quill", gap=2),
        line("ICML, 2022.", gap=2),
        line("Curriculum signals for offline learning", page=2, gap=0),
        line("A. Quill, E. Brandt", page=2, gap=2),
        line("ICLR, 2021.", page=2, gap=2),
    ]

    assert [entry.title for entry in read(rows)] == [
        "Sparse routing for mixture models",
        "Calibrated uncertainty in small language models",
        "Curriculum signals for offline learning",
    ]


def test_an_apa_author_row_with_its_year_alone_waits_for_its_title():
    # "Routing Pretraining Distillation." reads like names, but the row above is an APA
    # opening with nothing after its year: the title is still to come.
    text = (
        "Xenakis, S., Rautio, F., Quill, A. (2024).\n"
        "Routing Pretraining Distillation.\n"
        "Nature Machine Intelligence, 5:12-20.\n"
        "Lindqvist, A., Quill, A. (2023).\n"
        "Neural Causal Kernels.\n"
        "NeurIPS."
    )

    assert [(entry.title, len(entry.authors), entry.year) for entry in read(text)] == [
        ("Routing Pretraining Distillation", 3, 2024),
        ("Neural Causal Kernels", 2, 2023),
    ]


def test_an_apa_list_with_authors_left_out_reads_the_names_on_both_sides():
    # APA lists of many authors write the first ones, an ellipsis and the last one.
    text = (
        "1. Quill, A.†, Roe, B.†, Doe J.H., … Park, A.Y., Kim, Q. (2022). A sparse routing "
        "classifier for early detection. Invented Reports, 3(1), 1-9.\n"
        "2. Quill, A., Li, H., Gao, Y. … Park, A.Y., Kim Q. (2022). Signatures that predict "
        "outcomes. Invented Reports, Under review.\n"
        "3. Doe, J., Li, H., … (2021). Signatures in the wild. Invented Reports, 2(4), 7-8."
    )

    assert [(p.authors, p.title) for p in read(text)] == [
        (
            ("A. Quill†", "B. Roe†", "J.H. Doe", "A.Y. Park", "Q. Kim"),
            "A sparse routing classifier for early detection",
        ),
        (
            ("A. Quill", "H. Li", "Y. Gao", "A.Y. Park", "Q. Kim"),
            "Signatures that predict outcomes",
        ),
        (("J. Doe", "H. Li", "others"), "Signatures in the wild"),
    ]


@pytest.mark.parametrize("written", ["Roe, B.,†, Quill, A.†,", "Roe, B. †, Quill, A. †,"])
def test_a_mark_set_off_from_its_name_by_a_space_or_comma_is_the_names(written):
    publication = only(f"{written} Lee, C. (2021). Checkpoint profiles. Invented Reports, 2(3).")

    assert publication.authors == ("B. Roe†", "A. Quill†", "C. Lee")


def test_a_title_quoted_between_two_closing_quotes_is_read_as_quoted():
    # LaTeX's ``Title,'' typed with two '' comes out of some PDFs as ”Title,”.
    publication = only(
        "A. Quill, R. Roe and T. Lee , ”Estimation with a helper who knows the noise,” IEEE "
        "Transactions on Information Theory, Nov 2013."
    )

    assert (publication.title, publication.authors) == (
        "Estimation with a helper who knows the noise",
        ("A. Quill", "R. Roe", "T. Lee"),
    )


def test_a_quoted_workshop_name_is_no_title():
    publication = only(
        "A. Quill, R. Roe, Pose estimation from invented keypoints, "
        "“Geometry Meets Make-Believe” Workshop at ECCV, 2018."
    )

    assert publication.title == "Pose estimation from invented keypoints"


def test_works_under_a_pending_sub_heading_are_under_review():
    text = (
        "1. Ada Quill, Bo Roe, “Sparse routing for language models”, International "
        "Conference on Machine Learning (ICML), 2022\n"
        "• Pending Papers (under review):\n"
        "1. Ada Quill, Cy Doe, “Detecting edits to invented outputs”, Conference on Language "
        "Modeling (COLM), 2026"
    )

    assert [p.note for p in read(text)] == [None, "under review"]


def test_a_footnote_number_glued_to_a_titles_full_stop_ends_the_title():
    publication = only(
        "40. Ada Quill, Ben Marsh. Contextual Bandits with Invented Guarantees.7 In the "
        "Proceedings of the 14th International Conference on Artificial Intelligence and "
        "Statistics (AISTATS), 2011, pp. 19-26. (10 p. on arXiv)"
    )

    assert publication.title == "Contextual Bandits with Invented Guarantees"
    assert normalize_venue(publication.venue_raw).venue == "AISTATS"


def test_a_sub_heading_of_expositions_and_reviews_is_no_part_of_the_entry_above():
    text = (
        "1. Ada Quill. Boosting the margin of invented classifiers. In the Proceedings of the "
        "23rd International Conference on Machine Learning (ICML), 2006, pp. 753-760.\n"
        "Expositions, reviews, etc.\n"
        "2. Ada Quill. A survey of invented margins. Invented Reviews, 4(2), 2010."
    )

    assert [p.raw.splitlines()[-1][-20:] for p in read(text)] == [
        ", 2006, pp. 753-760.",
        "Reviews, 4(2), 2010.",
    ]


def test_authors_run_into_the_title_without_a_stop_end_at_the_family_name():
    # Some generated CVs print "J. Doe and R. Roe Title ...": no stop after the last name.
    text = (
        "1. G. Quill-Bocaz and P. Marsh A Replicability Study of Invented Retrieval. In "
        "Proceedings of the 49th International ACM SIGIR Conference (SIGIR), 2026.\n"
        "2. G. Quill-Bocaz Metacognitive Agents for Invented Reasoning. European Conference "
        "on Information Retrieval, 2026.\n"
        "3. A Survey of Invented Graph Networks. J. Doe, R. Roe. NeurIPS 2023."
    )

    assert [(p.authors, p.title) for p in read(text)] == [
        (("G. Quill-Bocaz", "P. Marsh"), "A Replicability Study of Invented Retrieval"),
        (("G. Quill-Bocaz",), "Metacognitive Agents for Invented Reasoning"),
        (("J. Doe", "R. Roe"), "A Survey of Invented Graph Networks"),
    ]


def test_a_year_opening_the_venue_ends_a_title_run_into_it():
    publication = only(
        "F. Vera, G. Quill and A. Couve, Akori: A tool for invented behaviour on a Web Site "
        "2017 IEEE International Conference on Data Mining Workshops (ICDMW), 2017."
    )

    assert publication.title == "Akori: A tool for invented behaviour on a Web Site"
    assert normalize_venue(publication.venue_raw).kind == "workshop"


def test_a_non_peer_reviewed_sub_heading_is_no_venue_of_the_entry_above():
    text = (
        "1. G. Quill, J. Doe. Sparse invented routing. In Proceedings of ICML, 2023.\n"
        "Non-peer reviewed articles\n"
        "1. G. Quill. Notes on invented routing. arXiv preprint arXiv:2301.00001, 2023."
    )

    assert [p.venue_raw for p in read(text)] == ["Proceedings of ICML", "arXiv preprint"]


def test_a_bold_title_wrapped_at_a_word_like_a_sub_heading_goes_on_with_it():
    # "Long." alone on the second row of a bold title is no "Long papers" sub-heading.
    publications = read(
        [
            line("(1) [Preprint] Labels Signals Pretraining Models Contrastive", bold=True),
            line("Long.", bold=True, gap=1),
            line("K. Rautio, A. Quill, V. Umarov.", gap=1),
            line("arXiv preprint arXiv:2433.01123, 2024.", gap=1),
            line("(2) [ICML 2023] Ranking Invented Graphs.", bold=True, gap=5),
            line("D. Abernethy, A. Quill.", gap=1),
        ]
    )

    assert [(p.title, len(p.authors)) for p in publications] == [
        ("Labels Signals Pretraining Models Contrastive Long", 3),
        ("Ranking Invented Graphs", 2),
    ]


def test_a_sole_author_before_a_quoted_title_opens_an_ieee_entry():
    publications = read(
        [
            line('Ada Quill and Kofi Roe, "Offline Priors for Invented Bandits,"'),
            line("in Proc. Conference on Empirical Methods in Natural Language Processing, 2023."),
            line('Ada Quill, "Signals Probing Priors in Invented Curricula,"'),
            line("in Proc. IEEE/CVF Conference on Computer Vision and Pattern Recognition, 2022."),
        ]
    )

    assert [p.authors for p in publications] == [("Ada Quill", "Kofi Roe"), ("Ada Quill",)]


def test_after_a_quoted_title_one_full_name_with_is_a_co_author():
    # In a title without quotes "(with Noisy Labels)" may be part of it; after quotes it is not.
    publication = only('"Invented Priors and Noisy Evidence," (with Emeka Novakova) ICML 2024.')

    assert (publication.title, publication.authors) == (
        "Invented Priors and Noisy Evidence",
        ("Emeka Novakova",),
    )


def test_a_name_of_three_words_before_one_with_initials_is_the_title():
    publication = only("[Journal] Signals Ranking Evidence. A. Quill. Invented Reviews, 2021.")

    assert (publication.title, publication.authors) == ("Signals Ranking Evidence", ("A. Quill",))


def test_an_author_list_wrapped_after_a_marked_name_and_and_goes_on():
    publication = only(
        "(1) Graph Labels for Invented Kernels. Quill, A.* and  ICLR 2024\nAchterberg, B.*."
    )

    assert publication.authors == ("A. Quill*", "B. Achterberg*")


def test_the_gap_after_a_bullet_leaves_the_venue_cell_at_the_right_its_own():
    publication = only(
        '-  "Noisy Language Priors for Invented Ranking," (with Z.  NeurIPS 2022\n'
        "Sandoval, W. Castellanos)"
    )

    assert (publication.authors, publication.venue_raw) == (
        ("Z. Sandoval", "W. Castellanos"),
        "NeurIPS 2022",
    )


def test_titles_first_entries_dated_by_a_venue_cell_flush_right_end_with_their_authors():
    # No year ends an entry in the text: it is in the cell at the right of the title row.
    publications = read(
        [
            line("Sparse Routing for Invented Models. Ada Quill and Bo Roe.  NeurIPS 2023"),
            line("Calibrated Kernels under Pretend Noise. Cy Doe and Ada Quill.  ICML 2022"),
            line("Offline Signals of Made-Up Curricula. Ada Quill.  ICLR 2021"),
            line("Ranking Invented Evidence at Scale. Di Lee, Ada Quill and Bo Roe.  CVPR 2020"),
        ]
    )

    assert [(p.year, len(p.authors)) for p in publications] == [
        (2023, 2),
        (2022, 2),
        (2021, 1),
        (2020, 3),
    ]


def test_titles_listed_under_a_status_label_are_each_a_work_with_that_status():
    publications = read(
        "• B. Quill, S. Dar. Invented flood prediction with refined channels. Sustainable "
        "Cities and Society, 2025.\n"
        "• Under Review: Forest-fire detection with a modified invented detector; Landslide "
        "area segmentation from pretend satellite imagery"
    )

    assert [(p.title, p.note) for p in publications] == [
        ("Invented flood prediction with refined channels", None),
        ("Forest-fire detection with a modified invented detector", "under review"),
        ("Landslide area segmentation from pretend satellite imagery", "under review"),
    ]


def test_an_entry_of_a_title_alone_and_its_venue_cell_is_a_work():
    publications = read(
        "26. Discovery Kernels Curriculum Documents Calibrated.  ACL 2024\n"
        "25. Priors Contrastive Sparse Transformers.  ICLR 2023"
    )

    assert [(p.title, p.authors, p.year) for p in publications] == [
        ("Discovery Kernels Curriculum Documents Calibrated", (), 2024),
        ("Priors Contrastive Sparse Transformers", (), 2023),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A venue tag opens the entry: its title comes next.
        "[ACL 2022] Signals Kernels Mixture. Ada Quill.",
        "ACL 2022: Signals Kernels Mixture. Ada Quill.",
    ],
)
def test_after_a_venue_tag_a_title_that_reads_like_a_name_is_the_title(text):
    publication = only(text)

    assert (publication.title, publication.authors) == ("Signals Kernels Mixture", ("Ada Quill",))


def test_in_a_list_of_titles_first_a_title_that_reads_like_a_name_is_the_title():
    publications = read(
        "(20) Sparse Routing for Invented Models. Ada Quill, Bo Roe. ICML 2023.\n"
        "(19) Evidence Small Mixture. Ada Quill. ICCV 2022.\n"
        "(18) Calibrated Kernels under Pretend Noise. Cy Doe, Ada Quill. NeurIPS 2021.\n"
        "(17) Offline Signals of Made-Up Curricula. Ada Quill, Di Lee. ICLR 2020."
    )

    assert [(p.title, p.authors) for p in publications][1] == (
        "Evidence Small Mixture",
        ("Ada Quill",),
    )


def test_the_titles_first_vote_reads_past_list_numbers_and_year_sub_headings():
    # "15. Ada Quill. Title." opens with its author once its number is set aside.
    publications = read(
        "2024\n"
        "15. Ada Quill. Diffusion Pretraining Transformers Neural Signals. CVPR 2024.\n"
        "14. Ada Quill, Ines Roe. Discovery Ranking Attention for Sparse Data. ICML 2024.\n"
        "2023\n"
        "13. Ada Quill. Long Discovery Noisy Evidence. AAAI 2023.\n"
        "12. Ada Quill, Jun Doe. Priors Neural Calibrated Networks. ACL 2023."
    )

    assert [p.authors[0] for p in publications] == ["Ada Quill"] * 4


def test_an_entry_dated_in_its_title_rows_venue_cell_ends_before_a_label_and_the_next_title():
    publications = read(
        [
            line("Diffusion Mixture of Invented Experts.  ACL 2024", gap=3),
            line("Oral presentation", gap=3),
            line("Graph Causal Reinforcement for Pretend Agents.", gap=3),
            line("arXiv preprint arXiv:2416.01123, 2024.", gap=3),
            line("Discovery of Made-Up Signals.", gap=3),
            line("Journal of Invented Machine Learning, 45(2):100-115, 2023.", gap=3),
            line("Attention Kernels for Pretend Ranking.", gap=3),
            line("arXiv preprint arXiv:2201.00123, 2022.", gap=3),
        ]
    )

    assert [p.title for p in publications] == [
        "Diffusion Mixture of Invented Experts",
        "Graph Causal Reinforcement for Pretend Agents",
        "Discovery of Made-Up Signals",
        "Attention Kernels for Pretend Ranking",
    ]


def test_an_author_row_with_a_venue_cell_still_waits_for_its_title():
    # The cell's year ends no entry, and "Offline Priors Labels." is the title, not a name.
    publications = read(
        [
            line("Ada Quill* and Ines Roe*.  EMNLP 2019", gap=3),
            line("Offline Priors Labels.", gap=3),
            line("Ada Quill, Umar Doe and Chidi Lee.  ICCV 2019", gap=3),
            line("Small Invented Networks of Pretend Labels.", gap=3),
            line("Ada Quill and Bo Marsh.  ICML 2018", gap=3),
            line("Kernels for Made-Up Ranking.", gap=3),
        ]
    )

    assert [(p.title, len(p.authors), p.year) for p in publications] == [
        ("Offline Priors Labels", 2, 2019),
        ("Small Invented Networks of Pretend Labels", 3, 2019),
        ("Kernels for Made-Up Ranking", 2, 2018),
    ]


def test_a_year_column_beside_works_under_year_sub_headings_is_read_as_their_years():
    # Each work carries its year in a column on the left, under a heading of its year.
    publications = read(
        [
            line("2023", x0=50, gap=8),
            line("2023  (23) Probing Invented Priors. NeurIPS 2023.", x0=50, gap=3),
            line("[pdf] [code]", x0=90, gap=3),
            line("2023  (22) Robust Pretend Vision for Made-Up Scenes. ICLR 2023.", x0=50, gap=3),
            line("[pdf] [code]", x0=90, gap=3),
            line("2022", x0=50, gap=8),
            line("2022  (21) Graph Mixtures of Invented Documents. EMNLP 2022.", x0=50, gap=3),
            line("[pdf] [code]", x0=90, gap=3),
            line("2022  (20) Ranking Causal Evidence. ICML 2022.", x0=50, gap=3),
            line("[pdf] [code]", x0=90, gap=3),
        ]
    )

    assert [(p.title, p.year) for p in publications] == [
        ("Probing Invented Priors", 2023),
        ("Robust Pretend Vision for Made-Up Scenes", 2023),
        ("Graph Mixtures of Invented Documents", 2022),
        ("Ranking Causal Evidence", 2022),
    ]


def test_in_a_bulleted_list_the_titles_first_vote_counts_bullets_as_entries():
    # "- Ada Quill. Title." opens each entry; bullets describe works only in lists that do
    # not open with them.
    publications = read(
        "- Ada Quill. Noisy Invented Priors.\n"
        "arXiv preprint arXiv:2378.00123, 2023.\n"
        "Oral presentation\n"
        "- Ada Quill, Ivo Roe. Contrastive Pretend Priors.\n"
        "In International Conference on Machine Learning (ICML), 2023.\n"
        "- Ada Quill. Sparse Made-Up Signals.\n"
        "arXiv preprint arXiv:2201.00123, 2022.\n"
        "- Bo Lee, Ada Quill. Calibrated Kernels.\n"
        "In Conference on Empirical Methods in Natural Language Processing (EMNLP), 2022."
    )

    assert [p.authors[0] for p in publications] == ["Ada Quill", "Ada Quill", "Ada Quill", "Bo Lee"]


def test_a_title_wrapped_onto_a_row_that_reads_like_a_name_is_no_author_list():
    publication = only(
        "[2] AAAI 2024: Uncertainty Small Pretraining Attention Kernels Ranking Probing\n"
        "Documents Labels.\n"
        "A. Quill."
    )

    assert (publication.title, publication.authors) == (
        "Uncertainty Small Pretraining Attention Kernels Ranking Probing Documents Labels",
        ("A. Quill",),
    )


def test_a_long_author_list_wrapped_inside_names_stays_one_entry():
    # A consortium paper: thirty names over six rows, rows ending in a given name ("Gary")
    # whose family name opens the next row.
    publications = read(
        [
            line("2025 Training the Next Generation of Invented Seismologists: Delivering", x0=120),
            line("Research-Grade Pretend Software", x0=148, gap=2),
            line(
                "Ada Quill, Carl Tape, Ebru Bozdag, Yinzhi Wang, Felix Waldhauser, Alice Gabriel,",
                x0=148,
                gap=2,
            ),
            line(
                "Jochen Braun, Bryant Chow, Liang Ding, Kuan Feng, Ayon Ghosh, Nat Grob, Aakash",
                x0=147,
                gap=2,
            ),
            line(
                "Gupta, Zoe Krauss, Amanda McPherson, Masaru Nagaso, Zihua Niu, Yiyu Ni, Gary",
                x0=148,
                gap=2,
            ),
            line(
                "Pavlis, Felix Cardozo, Theresa Sawi, David Schaff, Nico Schliwa, Qibin Shi,",
                x0=148,
                gap=2,
            ),
            line(
                "Julien Thurin, Chenxiao Wang, Kaiwen Wang, Jeremy Wong, Sebastian Wolf, Congcong",
                x0=147,
                gap=2,
            ),
            line("Yuan", x0=148, gap=2),
            line("10.1785/0220240413 (Seismological Research Letters, 96)", x0=148, gap=2),
            line("2025 Ambient Field Seismology in Invented Hydrological Sciences", x0=120, gap=8),
            line("Ada Quill, Qibin Shi, Tim Clements", x0=148, gap=2),
            line("10.5802/crgeos.310 (Comptes Rendus. Geoscience, 357)", x0=148, gap=2),
        ]
    )

    assert [(p.year, len(p.authors)) for p in publications] == [(2025, 30), (2025, 3)]


def test_an_apa_author_list_wrapped_before_its_last_name_stays_one_entry():
    names = ", ".join(f"Roe{chr(65 + k)}, {chr(65 + k)}." for k in range(12))
    publications = read(
        [
            line(f"Quill, A., {names} and", gap=3),
            line("Sandoval, Q. (2024).", gap=1),
            line("Distillation of Invented Routing.", x0=60, gap=1),
            line("ICML 2024.", x0=60, gap=1),
            line("Quill, A. (2023).", gap=3),
            line("Evidence of Pretend Diffusion.", x0=60, gap=1),
            line("ACL 2023.", x0=60, gap=1),
        ]
    )

    assert [(len(p.authors), p.year) for p in publications] == [(14, 2024), (1, 2023)]


def test_the_economists_form_holds_for_a_consortium_of_co_authors():
    names = ", ".join(f"B. {family}" for family in (SURNAMES * 2)[:30])
    publication = only(f'"Invented Trials at Scale," (with {names}), ICML 2023.')

    assert (len(publication.authors), publication.owner_unnamed) == (30, True)


def test_a_title_whose_row_gave_its_venue_ends_with_its_authors_under_a_hanging_indent():
    # The venue is in the title row's cell: after the authors comes the next title, not a
    # venue row, however long the author list.
    publications = read(
        [
            line("Noisy Models of Invented Ranking.  ICLR 2021", x0=31, gap=4),
            line("R. Zubiri, K. Umarov, P. Novakova, T. Fontaine, A. Quill.", x0=48, gap=4),
            line("Neural Causal Kernels for Invented Graphs.  EMNLP 2020", x0=31, gap=4),
            line(
                "A. Takahara, Q. Rautio, Y. Doe, D. Zubiri, K. Lee, G. Eriksen, Q. Abe, G.", x0=48
            ),
            line(
                "Halvorsen, G. Castellanos, O. Rautio, H. Yilmazer, I. Mbeki, E. Cortazar, B.",
                x0=48,
            ),
            line(
                "Dragomir, D. Dragomir, I. Jankowska, J. Moss, E. Yilmazer, S. Rautio, K. Rautio,",
                x0=48,
            ),
            line(
                "F. Fontaine, Y. Dragomir, M. Quarshie, A. Quill, V. Eriksen, I. Brannagh.", x0=48
            ),
            line("Routing Probing of Noisy Pretend Curricula.", x0=31, gap=4),
            line("T. Quarshie, A. Quill.", x0=48, gap=4),
            line("Journal of Invented Machine Learning, 45(2):100-115, 2020.", x0=48, gap=4),
        ]
    )

    assert [(p.title, len(p.authors)) for p in publications] == [
        ("Noisy Models of Invented Ranking", 5),
        ("Neural Causal Kernels for Invented Graphs", 26),
        ("Routing Probing of Noisy Pretend Curricula", 2),
    ]
