"""Hostile and broken files, made by the tests: what an attacker or a broken export uploads."""

from __future__ import annotations

import io
import zipfile
import zlib

from fpdf import FPDF

from tests.pdfs import text_pdf


def _pdf_with_stream(stream: bytes, *, compressed: bool = True, dictionary: bytes = b"") -> bytes:
    """A one-page PDF whose page content is ``stream`` (Flate-compressed by default).

    ``dictionary`` adds entries to the content stream's dictionary.
    """
    body = zlib.compress(stream, 9) if compressed else stream
    filters = b"/Filter /FlateDecode " if compressed else b""
    return pdf_of_objects(
        {
            4: b"<< " + filters + dictionary + b" >>",
        },
        streams={4: body},
    )


def pdf_of_objects(
    objects: dict[int, bytes],
    *,
    streams: dict[int, bytes] | None = None,
    page: bytes = b"/MediaBox [0 0 612 792] /Contents 4 0 R",
) -> bytes:
    """A one-page PDF with a correct cross-reference table, built from raw objects.

    Objects 1-3 are the catalog, the page tree and the page (``page`` holds the page's own
    entries); ``objects`` adds or replaces any others, and ``streams`` gives the data of those
    that are streams (their ``/Length`` is written here).
    """
    streams = streams or {}
    table = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R " + page + b" >>",
        **objects,
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(table):
        offsets[number] = out.tell()
        content = table[number]
        if number in streams:
            data = streams[number]
            content = (
                content.rstrip()[:-2] + b" /Length " + str(len(data)).encode() + b" >>\nstream\n"
                + data + b"\nendstream"
            )  # fmt: skip
        out.write(f"{number} 0 obj\n".encode() + content + b"\nendobj\n")
    xref = out.tell()
    size = max(table) + 1
    out.write(f"xref\n0 {size}\n".encode())
    for number in range(size):
        if number in offsets:
            out.write(f"{offsets[number]:010d} 00000 n \n".encode())
        else:
            out.write(b"0000000000 65535 f \n")
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def lzw_encode(data: bytes) -> bytes:
    """LZW as PDF writes it (early change 1): to build LZW streams for the tests."""
    table = {bytes([i]): i for i in range(256)}
    next_code, width = 258, 9
    codes: list[tuple[int, int]] = [(256, 9)]
    current = b""
    for value in data:
        grown = current + bytes([value])
        if grown in table:
            current = grown
            continue
        codes.append((table[current], width))
        if next_code < 4096:
            table[grown] = next_code
            next_code += 1
        # The reader adds each entry one code later than the writer, hence no early change here.
        width = min(12, next_code.bit_length())
        current = bytes([value])
    if current:
        codes.append((table[current], width))
        width = min(12, (next_code + 1).bit_length())
    codes.append((257, width))
    bits = "".join(format(code, f"0{size}b") for code, size in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""


def lzw_zeros(size_mb: int) -> bytes:
    """An LZW stream of ``size_mb`` megabytes of zeros, written code by code (no encoder pass).

    After the table fills, every code stands for the longest run of zeros, about 3.8 KB.
    """
    codes = [(256, 9), (0, 9)]
    produced, length, table = 1, 1, 258
    while table < 4095:
        length += 1
        codes.append((table, min(12, (table + 1).bit_length())))
        produced += length
        table += 1
    while produced < size_mb * 1024 * 1024:
        codes.append((4094, 12))
        produced += length
    codes.append((257, 12))
    bits = "".join(format(code, f"0{size}b") for code, size in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def nested_forms_pdf(levels: int = 4, calls: int = 50) -> bytes:
    """Forms calling forms ``levels`` deep, each ``calls`` times: 1.5 KB, millions of operations."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Filter /FlateDecode "
    objects = {5: font, 10: form + b"/Resources << /Font << /F1 5 0 R >> >> >>"}
    streams = {10: zlib.compress(b"BT /F1 1 Tf 10 10 Td (a) Tj ET")}
    for level in range(1, levels + 1):
        objects[10 + level] = form + b"/Resources << /XObject << /X %d 0 R >> >> >>" % (
            10 + level - 1
        )
        streams[10 + level] = zlib.compress(b"/X Do\n" * calls)
    objects[4] = b"<< /Filter /FlateDecode >>"
    streams[4] = zlib.compress(b"/X Do\n" * calls)
    page = b"/MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X %d 0 R >> >>"
    return pdf_of_objects(objects, streams=streams, page=page % (10 + levels))


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


def bomb_after_decode_parameters_pdf() -> bytes:
    """64 MB of zeros behind ``/DecodeParms << /Columns 1 >>``, which once hid the filter."""
    body = zlib.compress(bytes(64 * 1024 * 1024), 9)
    dictionary = b"<< /Filter /FlateDecode /DecodeParms << /Columns 1 >> >>"
    return pdf_of_objects({4: dictionary}, streams={4: body})


def lzw_bomb_pdf() -> bytes:
    return pdf_of_objects({4: b"<< /Filter /LZWDecode >>"}, streams={4: lzw_zeros(64)})


def operator_flood_pdf() -> bytes:
    """A page of millions of operators in streams that each compress unremarkably."""
    flood = zlib.compress(b"q Q\n" * 600_000, 9)
    objects = {4: b"<< /Filter /FlateDecode >>", 5: b"<< /Filter /FlateDecode >>"}
    page = b"/MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R]"
    return pdf_of_objects(objects, streams={4: flood, 5: flood}, page=page)


def brace_flood_bibtex() -> bytes:
    """Nearly 2 MB of nested braces in one BibTeX value (under the size limit)."""
    depth = 950_000
    return b"@article{k, title={" + b"{" * depth + b"x" + b"}" * depth + b"}}"


def huge_ris() -> bytes:
    record = b"TY  - JOUR\nTI  - A study of things\nAU  - Doe, Jane\nPY  - 2020\nER  - \n"
    return record * (16_000_000 // len(record))


def huge_plain_list() -> bytes:
    line = b"J. Doe and R. Roe. A study of things. In Proceedings of NeurIPS, 2020.\n"
    return line * (19_000_000 // len(line))


def huge_csl_json() -> bytes:
    item = b'{"type": "article-journal", "title": "A study", "issued": {"date-parts": [[2020]]}}'
    return b"[" + b",".join([item] * (20_000_000 // (len(item) + 1))) + b"]"


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
