"""Small PDFs made on the fly for tests: readable, encrypted, truncated, image-only."""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF


def _pdf(kind: type[FPDF] = FPDF) -> FPDF:
    pdf = kind()
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    return pdf


def text_pdf(*pages: str) -> bytes:
    """A PDF with one page per argument, each holding that text."""
    pdf = _pdf()
    pdf.set_font("Helvetica", size=11)
    for text in pages or ("Ada Example\nPhD in Statistics",):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(text="Secret CV")
    return bytes(pdf.output())


def truncated_pdf() -> bytes:
    data = text_pdf("A CV that was cut off in transfer")
    return data[: len(data) // 2]


def image_only_pdf() -> bytes:
    """What a scanner produces: pages with drawings but no text layer."""
    pdf = _pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def two_column_pdf() -> bytes:
    """A "Deedy"-style CV: a narrow sidebar and a main column, set close together."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 12, "Ada Example", align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    sidebar = ["SKILLS", *[f"Skill number {i} and more" for i in range(1, 9)], "EDUCATION",
               "Northvale University", "Ph.D. in Statistics", "2016 - 2021"]  # fmt: skip
    main = ["EXPERIENCE", "Research Scientist at Lumen Labs", *[
        f"Designed experiment {i} with strong baselines and careful ablations" for i in range(1, 13)
    ]]  # fmt: skip
    pdf.set_font("Helvetica", size=10)
    for index, text in enumerate(sidebar):
        pdf.set_xy(10, top + index * 7.3)
        pdf.cell(60, 5, text)
    for index, text in enumerate(main):
        pdf.set_xy(72, top + 2 + index * 5.1)
        pdf.cell(130, 5, text)
    return bytes(pdf.output())


BODIES = (
    ("Publications and preprints", "Two papers at NeurIPS", "One at ICML"),
    ("Teaching and service", "Reviewer for ICLR", "TA for 3 terms"),
    ("Awards and honours", "Best paper award", "Fellowship 2021"),
)


def paged_pdf_with_footer(pages: int = 3) -> bytes:
    """Pages of text, each ending with the same running footer and its page number."""
    pdf = _pdf()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 6, "\n".join(BODIES[number % len(BODIES)]))
        pdf.set_y(-15)
        pdf.cell(0, 5, f"Ada Example - Curriculum Vitae - page {number}", align="C")
    return bytes(pdf.output())


def superscript_pdf() -> bytes:
    """An author list whose equal-contribution stars are set as superscripts."""
    pdf = _pdf()
    pdf.c_margin = 0  # cells set text flush, as a typesetter would
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 30)
    pdf.cell(text="Ada Example")
    pdf.set_font("Helvetica", size=7)
    pdf.set_xy(pdf.get_x(), 28.5)
    pdf.cell(text="*")
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(pdf.get_x(), 30)
    pdf.cell(text=", Grace Example")
    pdf.set_font("Helvetica", size=7)
    pdf.set_xy(pdf.get_x(), 28.5)
    pdf.cell(text="*")
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(pdf.get_x(), 30)
    pdf.cell(text=". A Paper Title. NeurIPS 2023.")
    return bytes(pdf.output())


def _named_page(name: str, kind: type[FPDF] = FPDF) -> FPDF:
    """A first page opening with the owner's name, large and bold (``kind``: an FPDF class
    with its own running header and footer)."""
    pdf = _pdf(kind)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, name, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _heading(pdf: FPDF, heading: str) -> None:
    """A section heading, bold and a size up, with body text set after it."""
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)


def sectioned_cv_pdf(name: str, sections: list[tuple[str, list[str]]]) -> bytes:
    """A one-column CV typed as a word processor sets it: bold headings a size up, and each
    entry a paragraph wrapped at the margin with no space or indent between entries."""
    pdf = _named_page(name)
    for heading, entries in sections:
        _heading(pdf, heading)
        for entry in entries:
            pdf.multi_cell(0, 5, entry, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def laid_out_list_pdf(name: str, entries: list[tuple[str, str]], *, layout: str) -> bytes:
    """A CV whose publication list is set the way LaTeX CV classes set one. Each entry is
    (its year or venue label, its text); ``layout`` is one of:

    - "hanging": the text at the margin, its continuation rows set in (a hanging indent);
    - "date column": the label in a narrow left column, the text wrapped beside it;
    - "venue right": the text, with the label flush right on its first row;
    - "bold title": the text's first row bold, the label flush right of it, the rest of the
      text on rows below (awesome-cv's entries).
    """
    pdf = _named_page(name)
    _heading(pdf, "Publications")
    for label, text in entries:
        top = pdf.get_y()
        if layout == "hanging":
            words, first = text.split(), list[str]()
            while words and pdf.get_string_width(" ".join([*first, words[0]])) < 150:
                first.append(words.pop(0))
            pdf.multi_cell(190, 5, " ".join(first), new_x="LMARGIN", new_y="NEXT")
            if words:
                pdf.set_x(18)
                pdf.multi_cell(140, 5, " ".join(words), new_x="LMARGIN", new_y="NEXT")
        elif layout == "date column":
            pdf.cell(20, 5, label)
            pdf.set_xy(32, top)
            pdf.multi_cell(168, 5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif layout == "venue right":
            pdf.multi_cell(150, 5, text, new_x="LMARGIN", new_y="NEXT")
            bottom = pdf.get_y()
            pdf.set_xy(170, top)
            pdf.cell(30, 5, label, align="R")
            pdf.set_y(bottom + 1)
        elif layout == "bold title":
            title, rest = text.split("\n", 1)
            pdf.set_font("Helvetica", "B", 10)
            pdf.cell(150, 5, title)
            pdf.set_font("Helvetica", "I", 9)
            pdf.set_xy(160, top)
            pdf.cell(40, 5, label, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=9)
            pdf.multi_cell(0, 5, rest, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
        else:
            raise ValueError(f"unknown layout {layout!r}")
    return bytes(pdf.output())


def table_list_pdf(name: str, rows: list[tuple[str, str, str]]) -> bytes:
    """A CV whose publication list is a table, as word processors set one: each row three
    cells (a year or a number; the work, wrapped in its cell; a venue or nothing), the first
    and last cells on the work's first line."""
    pdf = _named_page(name)
    _heading(pdf, "Publications")
    for left, middle, right in rows:
        top = pdf.get_y()
        pdf.set_xy(10, top)
        pdf.cell(15, 5, left)
        pdf.set_xy(27, top)
        pdf.multi_cell(130, 5, middle, new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y()
        pdf.set_xy(160, top)
        pdf.cell(40, 5, right)
        pdf.set_y(bottom + 2)
    return bytes(pdf.output())


def paged_list_pdf(
    name: str, entries: list[str], *, head: str = "", foot: str = "", spacing: float = 0
) -> bytes:
    """A CV whose publication list runs over pages, each page after the first under a running
    ``head`` and every page over a running ``foot``, both set small ("{page}" is the page's
    number). Entries are wrapped at the margin, ``spacing`` mm apart (flush by default)."""

    class Paged(FPDF):
        def header(self) -> None:
            if head and self.page_no() > 1:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, head.format(page=self.page_no()), align="R")
                self.ln(7)
                self.set_font("Helvetica", size=10)

        def footer(self) -> None:
            if foot:
                self.set_y(-12)
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, foot.format(page=self.page_no()), align="C")

    pdf = _named_page(name, Paged)
    pdf.set_auto_page_break(True, margin=20)
    _heading(pdf, "Publications")
    for entry in entries:
        pdf.multi_cell(0, 5, entry, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(spacing)
    return bytes(pdf.output())


def placed_lines_pdf(*pages: list[tuple[float, str]]) -> bytes:
    """A PDF with one page per argument, each line of it set at the height (in mm from the
    top) it is given with."""
    pdf = _pdf()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for lines in pages:
        pdf.add_page()
        for top, text in lines:
            pdf.set_xy(20, top)
            pdf.cell(text=text)
    return bytes(pdf.output())


def margin_labelled_cv_pdf(name: str, sections: list[tuple[str, list[str]]]) -> bytes:
    """A CV whose section labels stand in a left margin, each on the row of its section's
    first entry, the entries wrapped in the column beside them."""
    pdf = _named_page(name)
    pdf.set_auto_page_break(True, margin=20)
    pdf.ln(4)
    for label, entries in sections:
        top = pdf.get_y()
        pdf.set_font("Helvetica", size=10)
        pdf.set_xy(10, top)
        pdf.cell(35, 5, label)
        pdf.set_xy(50, top)
        for entry in entries:
            pdf.set_x(50)
            pdf.multi_cell(150, 5, entry, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    return bytes(pdf.output())
