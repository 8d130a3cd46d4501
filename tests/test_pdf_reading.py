"""Reading CVs out of PDFs: lines in reading order, with the problems of real CVs handled."""

from __future__ import annotations

import pytest

from candidates.extraction.document import TextLine
from candidates.parsing.ligatures import repair_ligatures, suspect
from candidates.parsing.pdf import PdfUnreadable, read_pdf
from tests.pdfs import (
    encrypted_pdf,
    image_only_pdf,
    paged_pdf_with_footer,
    placed_lines_pdf,
    superscript_pdf,
    text_pdf,
    truncated_pdf,
    two_column_pdf,
)


def test_lines_keep_their_page_font_and_place():
    pdf = read_pdf(text_pdf("Ada Example\nPhD in Statistics", "Publications"))

    first, second, third = pdf.lines
    assert (first.text, first.page) == ("Ada Example", 1)
    assert (second.text, second.page) == ("PhD in Statistics", 1)
    assert (third.text, third.page) == ("Publications", 2)
    assert first.size == pytest.approx(11, abs=0.2)
    assert 0 < first.x0 < first.x1
    assert first.top < first.bottom <= second.top
    assert pdf.pages == ["Ada Example\nPhD in Statistics", "Publications"]
    assert pdf.body_size == pytest.approx(11, abs=0.2)


def test_a_two_column_cv_is_read_column_by_column():
    lines = [line.text for line in read_pdf(two_column_pdf()).lines]

    assert lines[0] == "Ada Example"
    sidebar_end = lines.index("2016 - 2021")
    assert lines[1:sidebar_end + 1] == [
        "SKILLS", *[f"Skill number {i} and more" for i in range(1, 9)], "EDUCATION",
        "Northvale University", "Ph.D. in Statistics", "2016 - 2021",
    ]  # fmt: skip
    assert lines[sidebar_end + 1] == "EXPERIENCE"
    assert all("Skill" not in line for line in lines[sidebar_end + 1 :])


def test_running_footers_and_page_numbers_are_dropped():
    pdf = read_pdf(paged_pdf_with_footer(3))

    assert [line.text for line in pdf.lines if line.page == 2] == [
        "Awards and honours",
        "Best paper award",
        "Fellowship 2021",
    ]


def test_a_line_of_the_text_ending_two_pages_is_kept_where_a_running_foot_is_dropped():
    body = [(40 + 6 * row, f"Entry {row} of the list") for row in range(3)]
    pdf = read_pdf(
        placed_lines_pdf(
            [*body, (270, "In NeurIPS, 2019."), (285, "Ada Quill, 1")],
            [*body, (276, "In NeurIPS, 2021."), (285, "Ada Quill, 2")],
        )
    )

    assert [line.text for line in pdf.lines if line.page == 2][-1] == "In NeurIPS, 2021."
    assert not any(line.text.startswith("Ada Quill") for line in pdf.lines)


def test_the_owners_name_as_the_author_line_atop_a_page_is_kept():
    # "Ada Quill." at the top of page 2 is a sole-authored work's author line, carried over
    # by the page break; "Ada Quill - CV" is the running head.
    pdf = read_pdf(
        placed_lines_pdf(
            [(20, "Ada Quill"), (40, "Publications"), (50, "Sparse invented routing.")],
            [(12, "Ada Quill - CV"), (18, "Ada Quill."), (24, "ICML 2023.")],
        )
    )

    assert [line.text for line in pdf.lines if line.page == 2] == ["Ada Quill.", "ICML 2023."]


def test_superscript_markers_stay_on_their_line():
    (line,) = read_pdf(superscript_pdf()).lines

    assert line.text == "Ada Example*, Grace Example*. A Paper Title. NeurIPS 2023."


def test_bold_lines_are_marked():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "Education", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, "B.Sc. in Physics")

    heading, body = read_pdf(bytes(pdf.output())).lines

    assert heading.bold
    assert not body.bold
    assert heading.size > body.size


def line(text: str) -> TextLine:
    return TextLine(text=text, page=1)


def test_an_unmapped_ligature_glyph_becomes_the_ligature_that_makes_english_words():
    glyph = suspect("\u09a7")  # pdfium reads the "ti" ligature of one corpus font as "ধ"
    lines = [
        line(f"Educa{glyph}on"),
        line(f"Research Publica{glyph}ons"),
        line(f"Compe{glyph}{glyph}ons"),
    ]

    assert [repaired.text for repaired in repair_ligatures(lines)] == [
        "Education",
        "Research Publications",
        "Competitions",
    ]


def test_unmapped_icon_glyphs_before_words_are_dropped():
    mail = suspect("\u0107")

    (repaired,) = repair_ligatures([line(f"{mail} ada@example.org {mail}example.org")])

    assert repaired.text == "ada@example.org example.org"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"<html>not a pdf</html>", "not a PDF"),
        (encrypted_pdf(), "password-protected"),
        (truncated_pdf(), "damaged"),
        (image_only_pdf(), "scanned"),
    ],
    ids=["empty", "html", "encrypted", "truncated", "scanned"],
)
def test_unreadable_pdfs_raise_a_message_for_the_recruiter(content, message):
    with pytest.raises(PdfUnreadable, match=message):
        read_pdf(content)
