"""Small PDFs made on the fly for tests: readable, encrypted, truncated, image-only."""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF


def _pdf() -> FPDF:
    pdf = FPDF()
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
