"""Hostile and broken files, made by the tests: what an attacker or a broken export uploads."""

from __future__ import annotations

import io
import zipfile
import zlib

from fpdf import FPDF

from tests.pdfs import text_pdf


def _pdf_with_stream(stream: bytes, *, compressed: bool = True) -> bytes:
    """A one-page PDF whose page content is ``stream`` (Flate-compressed by default)."""
    body = zlib.compress(stream, 9) if compressed else stream
    filters = b"/Filter /FlateDecode " if compressed else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< " + filters + b"/Length " + str(len(body)).encode() + b" >>\nstream\n" + body
        + b"\nendstream",
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + content + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def decompression_bomb_pdf() -> bytes:
    """300 MB of page content in a file of a few hundred kilobytes."""
    return _pdf_with_stream(b" " * (300 * 1024 * 1024))


def deeply_nested_pdf() -> bytes:
    """A page content stream of arrays nested a hundred thousand deep."""
    return _pdf_with_stream(b"[" * 100_000 + b"]" * 100_000 + b" BT /F1 12 Tf (x) Tj ET")


def too_many_pages_pdf(pages: int = 61) -> bytes:
    return text_pdf(*[f"Page {n}" for n in range(pages)])


def wall_of_text_pdf(characters: int = 70_000) -> bytes:
    """One page crammed with more characters than any CV page holds."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=1)
    pdf.multi_cell(0, 0.4, "x" * characters)
    return bytes(pdf.output())


def garbage_after_header_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 64


def zip_named_pdf() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.pdf", text_pdf("Ada"))
    return buffer.getvalue()


def deeply_nested_bibtex() -> bytes:
    return b"@article{k, title={" + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"}}"


def deeply_nested_csl_json() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def binary_ris() -> bytes:
    return b"TY  - JOUR\n" + bytes(range(256)) * 32


def giant_page_pdf(mediabox: str = "0 0 14400 14400", *, user_unit: int | None = None) -> bytes:
    """A one-page CV of a few hundred bytes whose page asks to be huge: 200 by 200 inches (the
    largest page the PDF standard allows), or ten times that with ``/UserUnit 10``. Drawn at
    the viewer's 110 dots per inch the first is a 22,000-pixel square, two gigabytes of bitmap.

    Its text sits at the top left, where a reader looks: a name, an email and a few lines.
    """
    lines = [
        "Ada Quill",
        "ada.quill@example.org",
        "PhD in Computer Science, Example University, 2020",
        "Research scientist working on machine learning and optimisation.",
    ]
    top = float(mediabox.split()[3])
    shown = b"".join(f"({line}) Tj 0 -30 Td ".encode() for line in lines)
    content = f"BT /F1 24 Tf 72 {top - 96:g} Td ".encode() + shown + b"ET"
    unit = f" /UserUnit {user_unit}" if user_unit else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}]{unit} /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
