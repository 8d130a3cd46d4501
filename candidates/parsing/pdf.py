"""Reading a CV out of a PDF: bytes in, lines in reading order with page, font and place out.

The characters come from pypdfium2, the PDF engine pdfplumber itself is built on, read through
its C API: it is about ten times faster than pdfplumber's pdfminer path on real CVs and gives
each character's box, baseline, font size and weight. Layout is rebuilt here rather than taken
from either library's plain text, because real CVs defeat both (see the corpus's
TEXT_PROBLEMS.md): words are split at gaps measured against the font size (tight fonts lose
their spaces at pdfplumber's default tolerance), two-column layouts are read column by column,
superscript markers stay on their line, unmapped ligature glyphs are repaired, icon glyphs are
dropped, and running headers, footers and page numbers are removed. If pdfium cannot open a file
(some damaged files), pdfplumber is tried before giving up.

Every failure a recruiter could cause (not a PDF, empty, encrypted, truncated, a scan without
a text layer) raises :class:`PdfUnreadable` with a message written for them.
"""

from __future__ import annotations

import ctypes
import io
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from candidates.extraction.document import TextLine
from candidates.extraction.sections import lexicon_kind
from candidates.parsing.ligatures import repair_ligatures, suspect
from candidates.parsing.limits import PdfTooLarge, check_inflation

# A gap wider than this share of the font size between two glyphs is a space. Tight CV fonts
# set their spaces as gaps of 0.2-0.25 em; kerning stays well below 0.1 em.
WORD_GAP = 0.12
# A gap wider than this many font sizes splits a line into cells (a date pushed to the right).
CELL_GAP = 1.0
# Glyphs smaller than this share of their line's size are superscripts or subscripts.
SMALL_GLYPH = 0.8
BOLD_WEIGHT = 600
# Lines in these top and bottom shares of a page may be running headers or footers.
MARGIN_BAND = 0.09
MAX_PAGES = 60
# A dense CV page holds about 6,000 characters; past this the file is not a CV (or is hostile).
MAX_CHARS_PER_PAGE = 60_000

_BOLD_NAMES = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d{1,3}(\s*(/|of)\s*\d{1,3})?\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# A short function word kerned into the capital after it ("University ofTexas").
_GLUED_FUNCTION_WORD = re.compile(r"(?<![\w-])(of|in|and|for|the|on|at|to)(?=[A-Z][a-z])")
_CID = re.compile(r"\(cid:(\d+)\)")
_SPACE_CHARS = {" ", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u3000"}
# What pdfium writes for characters it could not map: dropped, but the gap they leave counts.
_NOISE = {"\ufffd", "\u0000", "\u200b", "\ufeff"}
# Soft hyphens (pdfium writes U+FFFE) matter only where a word breaks at the end of a line.
_SOFT_HYPHENS = {"\u00ad", "\ufffe"}
_KEEP_EMPTY = _SPACE_CHARS | {"\u00ad"}
_REPLACEMENTS = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}


class PdfUnreadable(Exception):
    """The file cannot be read as a PDF; ``str(exc)`` is a message for the user."""


@dataclass(frozen=True)
class PdfText:
    """The text of a PDF: plain text per page, and the lines of all pages in reading order."""

    pages: list[str]
    lines: list[TextLine]
    body_size: float

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class _Page:
    lines: list[TextLine]
    height: float


@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    bold: bool
    unmapped: bool
    spaced: bool = False  # the PDF engine saw a space before this glyph


@dataclass(slots=True)
class _Row:
    """Glyphs sharing a baseline on one page, before they are split into cells and columns."""

    glyphs: list[_Glyph]
    baseline: float
    size: float


@dataclass(slots=True)
class _Cell:
    """A run of words on one line, separated from its neighbours by a wide gap.

    ``pieces`` pairs each glyph with its text, a leading space included where a word starts,
    so that a cell can be cut again once a column gutter is known.
    """

    pieces: list[tuple[_Glyph, str]]
    spans: bool = False  # read as crossing the gutter whatever its place

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces).strip()

    @property
    def x0(self) -> float:
        return self.pieces[0][0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g, _ in self.pieces)

    @property
    def top(self) -> float:
        return min(g.top for g, _ in self.pieces)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g, _ in self.pieces)

    @property
    def size(self) -> float:
        return max(g.size for g, _ in self.pieces)

    @property
    def bold(self) -> bool:
        return sum(g.bold for g, _ in self.pieces) >= 0.6 * len(self.pieces)

    def split_at(self, x: float) -> list[_Cell]:
        """The cell cut at the widest word gap near ``x``; itself when no gap is near.

        Columns set close together leave only a few points between them, and the gutter,
        measured on the other rows, may miss the gap by a little.
        """
        best, widest = None, 0.0
        for index in range(1, len(self.pieces)):
            before, after = self.pieces[index - 1][0], self.pieces[index][0]
            gap = after.x0 - before.x1
            slack = 0.6 * after.size
            near = before.x1 - slack <= x <= after.x0 + slack
            if near and gap >= 0.25 * after.size and gap > widest:
                best, widest = index, gap
        if best is None or self.spans:
            return [self]
        return [_Cell(self.pieces[:best]), _Cell(self.pieces[best:])]


def read_pdf(data: bytes) -> PdfText:
    """Read the text of every page of the PDF in ``data``, laid out in reading order."""
    if not data:
        raise PdfUnreadable("The file is empty.")
    if data.lstrip()[:5] != b"%PDF-":
        raise PdfUnreadable("The file is not a PDF (it does not start with a PDF header).")
    try:
        check_inflation(data)
    except PdfTooLarge as exc:
        raise PdfUnreadable(str(exc)) from exc
    try:
        pages = _pages_with_pdfium(data)
    except pdfium.PdfiumError:
        # pdfium refuses some damaged files that pdfminer can still read.
        pages = _pages_with_pdfplumber(data)
    if not pages:
        raise PdfUnreadable("The PDF has no pages.")
    lines = repair_ligatures(_drop_running_lines(pages))
    if not any(line.text.strip() for line in lines):
        raise PdfUnreadable(
            "The PDF has no extractable text; it is probably a scanned image. "
            "Upload a PDF exported from the original document instead."
        )
    texts: list[list[str]] = [[] for _ in pages]
    for line in lines:
        assert line.page is not None  # every line read from a PDF is on a page
        texts[line.page - 1].append(line.text)
    return PdfText(
        pages=["\n".join(page) for page in texts], lines=lines, body_size=_body_size(lines)
    )


# --- pdfium -------------------------------------------------------------------------------------


def _pages_with_pdfium(data: bytes) -> list[_Page]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfUnreadable(_ENCRYPTED) from exc
        raise
    try:
        _check_page_count(len(document))
        margins = _Margins()
        return [_pdfium_page(document, index, margins) for index in range(len(document))]
    finally:
        document.close()


# FPDFText_GetTextObject returning a plain address: the per-character loop uses it as a key,
# and converting pypdfium2's typed pointer costs more than the call itself.
_get_text_object = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
assert _get_text_object is not None  # a function of the pdfium library pypdfium2 loaded
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, *pdfium_c.FPDFText_GetTextObject.argtypes)(
    _get_text_object
)


def _pdfium_page(document: pdfium.PdfDocument, index: int, margins: _Margins) -> _Page:
    page = document[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        handle = textpage.raw
        box = pdfium_c.FS_RECTF()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        style_by_object: dict[int | None, tuple[float, bool]] = {}
        glyphs: list[_Glyph] = []
        spaced = False
        count = pdfium_c.FPDFText_CountChars(handle)
        if count > MAX_CHARS_PER_PAGE:
            raise PdfUnreadable(
                f"Page {index + 1} holds {count:,} characters, far more than a CV page; the "
                "file may be malformed. Export the CV again and re-upload it."
            )
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(handle, i)
            if pdfium_c.FPDFText_IsGenerated(handle, i):
                # pdfium's guessed spaces complement the gap rule (kerned pairs such as "f T");
                # its guessed line breaks are ignored, the baselines decide.
                spaced = spaced or code == 32
                continue
            if pdfium_c.FPDFText_IsHyphen(handle, i):
                if glyphs:  # a word broken at the end of a line
                    glyphs.append(_soft_hyphen_after(glyphs[-1]))
                continue
            if code in (10, 13):
                continue
            pdfium_c.FPDFText_GetLooseCharBox(handle, i, box)
            pdfium_c.FPDFText_GetCharOrigin(handle, i, origin_x, origin_y)
            # A text object has one font and size: look them up once per object.
            text_object = _text_object_address(handle, i)
            style = style_by_object.get(text_object)
            if style is None:
                style = style_by_object[text_object] = (
                    pdfium_c.FPDFText_GetFontSize(handle, i),
                    _is_bold(handle, i),
                )
            size, bold = style
            glyphs.append(
                _Glyph(
                    text=chr(code) if code else "\ufffd",
                    x0=box.left,
                    x1=box.right,
                    top=height - box.top,
                    bottom=height - box.bottom,
                    baseline=height - origin_y.value,
                    size=size,
                    bold=bold,
                    unmapped=bool(pdfium_c.FPDFText_HasUnicodeMapError(handle, i)),
                    spaced=spaced,
                )
            )
            spaced = False
        return _Page(_layout(glyphs, page_number=index + 1, width=width, margins=margins), height)
    finally:
        textpage.close()
        page.close()


def _is_bold(handle: object, index: int) -> bool:
    """Bold by the font's weight, or by its name where the PDF gives no weight."""
    if pdfium_c.FPDFText_GetFontWeight(handle, index) >= BOLD_WEIGHT:
        return True
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(handle, index, name, len(name), flags)
    return bool(_BOLD_NAMES.search(name.value.decode("latin-1")))


def _soft_hyphen_after(glyph: _Glyph) -> _Glyph:
    """A zero-width glyph that marks a word broken at the end of a line."""
    return _Glyph(
        "\u00ad", glyph.x1, glyph.x1, glyph.top, glyph.bottom, glyph.baseline, glyph.size,
        glyph.bold, unmapped=False,
    )  # fmt: skip


def _check_page_count(count: int) -> None:
    if count > MAX_PAGES:
        raise PdfUnreadable(
            f"The PDF has {count} pages; CVs of up to {MAX_PAGES} pages are read. "
            "Upload the CV without appendices."
        )


# --- pdfplumber fallback --------------------------------------------------------------------------


def _pages_with_pdfplumber(data: bytes) -> list[_Page]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_page_count(len(pdf.pages))
            margins = _Margins()
            return [
                _Page(
                    _layout(
                        [_plumber_glyph(char) for char in page.chars],
                        page_number=number,
                        width=float(page.width),
                        margins=margins,
                    ),
                    float(page.height),
                )
                for number, page in enumerate(pdf.pages, start=1)
            ]
    except PdfUnreadable:
        raise
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PdfUnreadable(_ENCRYPTED) from exc
        raise PdfUnreadable(_DAMAGED) from exc
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PdfUnreadable(_ENCRYPTED) from exc
    except Exception as exc:  # pdfminer raises bare errors deep inside broken files
        raise PdfUnreadable(_DAMAGED) from exc


def _plumber_glyph(char: dict) -> _Glyph:
    text = char["text"]
    cid = _CID.fullmatch(text)
    return _Glyph(
        text=chr(int(cid.group(1)) % 0x10000) if cid else text,
        x0=float(char["x0"]),
        x1=float(char["x1"]),
        top=float(char["top"]),
        bottom=float(char["bottom"]),
        baseline=float(char["bottom"]) - 0.2 * float(char["size"]),
        size=float(char["size"]),
        bold=bool(_BOLD_NAMES.search(char.get("fontname", ""))),
        unmapped=cid is not None,
    )


_ENCRYPTED = "The PDF is password-protected. Upload a copy without a password."
_DAMAGED = (
    "The PDF is damaged or truncated and could not be read. Export it again and re-upload it."
)


# --- layout -------------------------------------------------------------------------------------


def _layout(
    glyphs: list[_Glyph], *, page_number: int, width: float, margins: _Margins
) -> list[TextLine]:
    """The lines of one page in reading order: rows of glyphs, cut into cells, then columns
    (``margins`` carries the margin of section labels from page to page)."""
    rows = _rows(glyphs)
    cells_by_row = [cells for cells in (_cells(row) for row in rows) if cells]
    ordered = _margin_labels(_reading_order(cells_by_row, width), margins)
    lines = []
    previous_bottom: float | None = None
    for cells in ordered:
        top = min(c.top for c in cells)
        bottom = max(c.bottom for c in cells)
        gap = 0.0 if previous_bottom is None else max(0.0, top - previous_bottom)
        if previous_bottom is not None and top < previous_bottom - 2 * cells[0].size:
            gap = 0.0  # back up the page: a new column starts
        previous_bottom = bottom
        text = _GLUED_FUNCTION_WORD.sub(r"\1 ", "  ".join(c.text for c in cells))
        if text.endswith("\u00ad"):
            text = text[:-1] + "-"
        lines.append(
            TextLine(
                text=text.replace("\u00ad", ""),
                page=page_number,
                bold=sum(len(c.text) for c in cells if c.bold)
                >= 0.6 * sum(len(c.text) for c in cells),
                size=round(max(c.size for c in cells), 1),
                x0=round(cells[0].x0, 1),
                x1=round(cells[-1].x1, 1),
                top=round(top, 1),
                bottom=round(bottom, 1),
                gap=round(gap, 1),
            )
        )
    return lines


def _rows(glyphs: list[_Glyph]) -> list[_Row]:
    """Group glyphs into rows by baseline; superscripts join the row they sit on."""
    visible = [g for g in glyphs if g.size > 0 and (g.x1 > g.x0 or g.text in _KEEP_EMPTY)]
    if not visible:
        return []
    typical = statistics.median(g.size for g in visible)
    normal = sorted(
        (g for g in visible if g.size >= SMALL_GLYPH * typical), key=lambda g: g.baseline
    )
    small = [g for g in visible if g.size < SMALL_GLYPH * typical]
    rows: list[_Row] = []
    for glyph in normal:
        row = rows[-1] if rows else None
        if row is not None and abs(glyph.baseline - row.baseline) <= 0.3 * max(
            glyph.size, row.size
        ):
            row.glyphs.append(glyph)
            row.size = max(row.size, glyph.size)
        else:
            rows.append(_Row([glyph], glyph.baseline, glyph.size))
    for glyph in small:
        host = _host_row(rows, glyph)
        if host is None:
            rows.append(_Row([glyph], glyph.baseline, glyph.size))
        else:
            host.glyphs.append(glyph)
    # Small text on rows of its own (footnotes, fine print) is kept, in place.
    rows.sort(key=lambda r: r.baseline)
    return _merge_small_rows(rows)


def _host_row(rows: list[_Row], glyph: _Glyph) -> _Row | None:
    """The row a small glyph belongs to: one whose text box its own box overlaps."""
    best, best_overlap = None, 0.0
    for row in rows:
        top, bottom = row.baseline - 0.8 * row.size, row.baseline + 0.25 * row.size
        overlap = min(bottom, glyph.bottom) - max(top, glyph.top)
        if overlap > best_overlap and any(
            g.x0 - row.size <= glyph.x0 <= g.x1 + row.size for g in row.glyphs
        ):
            best, best_overlap = row, overlap
    return best


def _merge_small_rows(rows: list[_Row]) -> list[_Row]:
    merged: list[_Row] = []
    for row in rows:
        if merged and abs(row.baseline - merged[-1].baseline) <= 0.3 * max(
            row.size, merged[-1].size
        ):
            merged[-1].glyphs.extend(row.glyphs)
            merged[-1].size = max(merged[-1].size, row.size)
        else:
            merged.append(row)
    return merged


def _cells(row: _Row) -> list[_Cell]:
    """Split a row into cells at wide gaps, putting spaces at word gaps.

    Gaps are measured between inked glyphs: a space glyph's box would hide a column gap.
    """
    cells: list[_Cell] = []
    pieces: list[tuple[_Glyph, str]] = []
    previous: _Glyph | None = None
    pending_space = False
    for glyph in sorted(row.glyphs, key=lambda g: g.x0):
        text = _clean_char(glyph)
        if text == " ":
            pending_space = True
            continue
        if not text:
            continue
        if previous is not None:
            gap = glyph.x0 - previous.x1
            size = max(min(glyph.size, previous.size), 1.0)
            if gap > CELL_GAP * size:
                cells.append(_Cell(pieces))
                pieces = []
            elif pending_space or gap > WORD_GAP * size or (glyph.spaced and gap > 0.05 * size):
                text = " " + text
        pieces.append((glyph, text))
        previous = glyph
        pending_space = False
    if pieces:
        cells.append(_Cell(pieces))
    return cells


def _clean_char(glyph: _Glyph) -> str:
    char = glyph.text
    if char in _SPACE_CHARS or char == "\t":
        return " "
    if char in _NOISE:
        return ""
    if char in _SOFT_HYPHENS:
        return "\u00ad"
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    if glyph.unmapped:
        return suspect(char)  # an unmapped ligature or icon: the ligature repair decides
    if "\ue000" <= char <= "\uf8ff" or unicodedata.category(char) in ("Co", "Cc", "Cs"):
        return ""  # icon fonts (phone, mail, GitHub) map into the private use area
    return char


# --- columns ------------------------------------------------------------------------------------


def _reading_order(rows: list[list[_Cell]], width: float) -> list[list[_Cell]]:
    """Rows of cells in reading order; a two-column page is read column by column.

    Rows that cross the gutter (a centred name, a full-width heading) cut the page into bands;
    within each band the left column is read before the right one.
    """
    gutter = _gutter(rows, width)
    if gutter is None:
        return rows
    rows = _title_rows_first(rows, gutter, width)
    ordered: list[list[_Cell]] = []
    left: list[list[_Cell]] = []
    right: list[list[_Cell]] = []
    for row in rows:
        cells = [part for cell in row for part in cell.split_at(gutter)]
        if any(_side(c, gutter) == 0 for c in cells):
            ordered += left + right + [cells]
            left, right = [], []
            continue
        left_cells = [c for c in cells if _side(c, gutter) < 0]
        right_cells = [c for c in cells if _side(c, gutter) > 0]
        if left_cells:
            left.append(left_cells)
        if right_cells:
            right.append(right_cells)
    return ordered + left + right


def _margin_labels(rows: list[list[_Cell]], margins: _Margins) -> list[list[_Cell]]:
    """Section labels set in a left margin, beside their section, become lines of their own.

    Layouts such as "Conference / Publications" written over two rows to the left of the first
    entries put the label and the body on one row; read as one line, the heading is lost in
    the entry ("Conference  Improving …"). A margin is recognised when rows start either at the
    page's left edge with a short label, followed by body text at one indent, or at that
    indent; labels on consecutive rows are joined ("Scholarships" + "& Awards"). A page too
    short to tell (the last, with one label on it) keeps the margin of the pages before it.
    """
    found = _find_margin(rows)
    if found is not None:
        margins.found = found
    elif margins.found is not None:
        found = margins.found  # a page too short to tell keeps the pages' margin
    return _split_labels(rows, *found) if found is not None else rows


@dataclass
class _Margins:
    """The left margin of section labels found on a document's pages so far, as (the labels'
    edge, the body's indent)."""

    found: tuple[float, float] | None = None


def _find_margin(rows: list[list[_Cell]]) -> tuple[float, float] | None:
    """The edge of a margin of section labels and the indent of the body beside them."""
    if len(rows) < 6:
        return None
    # The labels' edge: the leftmost start of a row opening with a label-like cell beside
    # more text, near the page's left edge (a name in the header may stand a little further out).
    edges = [row[0].x0 for row in rows if len(row) > 1 and _label_like(row[0])]
    if not edges:
        return None
    left = min(edges)
    if left > min(row[0].x0 for row in rows) + 12:
        return None
    indents = Counter(
        round(row[1].x0)
        for row in rows
        if len(row) > 1 and abs(row[0].x0 - left) <= 3 and _label_like(row[0])
    )
    if not indents:
        return None
    body, labelled = indents.most_common(1)[0]
    indented = sum(1 for row in rows if abs(row[0].x0 - body) <= 3)
    # A margin is a few words wide, and the body starts rows of its own there; a cell far
    # to the right (dates pushed to the edge) is no body.
    if not 40 <= body - left <= 200 or not (labelled >= 4 or (labelled >= 2 and indented >= 3)):
        return None
    return left, body


def _split_labels(rows: list[list[_Cell]], left: float, body: float) -> list[list[_Cell]]:
    """The rows with each label beside the body at ``body`` set on a line of its own."""
    ordered: list[list[_Cell]] = []
    label: list[_Cell] | None = None  # the label row being built, already in ``ordered``
    previous_bottom = -1.0
    for row in rows:
        first = row[0]
        if abs(first.x0 - left) <= 3 and first.x1 > body:
            # A label set close to its body reads as one cell with it: cut it at the body.
            parts = first.split_at(body - 1)
            if len(parts) == 2 and abs(parts[1].x0 - body) <= 3:
                row = [*parts, *row[1:]]
                first = row[0]
        is_label = (
            abs(first.x0 - left) <= 3
            and first.x1 < body - 2
            and _label_like(first)
            and (len(row) == 1 or abs(row[1].x0 - body) <= 3)
        )
        if not is_label:
            label = None
            ordered.append(row)
            continue
        joins = (
            label is not None
            and first.top - previous_bottom < first.size
            and _label_continues(label[0].text, first.text)
        )
        if joins and label is not None:
            label[0] = _Cell([*label[0].pieces, (first.pieces[0][0], " "), *first.pieces])
        elif len(row) > 1:
            label = [first]
            ordered.append(label)
        else:
            label = None
            ordered.append(row)
            previous_bottom = first.bottom
            continue
        previous_bottom = first.bottom
        if len(row) > 1:
            ordered.append(row[1:])
    return ordered


def _label_continues(label: str, piece: str) -> bool:
    """Whether a label's next row goes on with it ("Conference" + "Publications") rather than
    starting the next section's label ("Research Interests", then "Education")."""
    joined, alone = lexicon_kind(f"{label} {piece}"), lexicon_kind(piece)
    if joined is not None:
        return alone in (None, joined)
    return lexicon_kind(label) is None and alone is None


def _label_like(cell: _Cell) -> bool:
    """A few words of letters, as a section label is ("Conference", "& Awards")."""
    text = cell.text
    return (
        0 < len(text) <= 32
        and len(text.split()) <= 4
        and not any(ch.isdigit() for ch in text)
        and (text[0].isupper() or text[0] == "&")
        and not text.endswith((",", ".", ";", ":"))
    )


def _title_rows_first(rows: list[list[_Cell]], gutter: float, width: float) -> list[list[_Cell]]:
    """Mark centred rows above both columns (a name, a contact line) as spanning the page.

    A centred title can fall on one side of the gutter without crossing it; read as part of
    that column it would come after the whole other column.
    """
    first_left = next((i for i, r in enumerate(rows) if any(_side(c, gutter) < 0 for c in r)), 0)
    first_right = next((i for i, r in enumerate(rows) if any(_side(c, gutter) > 0 for c in r)), 0)
    titled = []
    for index, row in enumerate(rows):
        centre = (row[0].x0 + row[-1].x1) / 2
        if index < max(first_left, first_right) and abs(centre - width / 2) < 0.12 * width:
            row = [_Cell([piece for cell in row for piece in cell.pieces], spans=True)]
        titled.append(row)
    return titled


def _side(cell: _Cell, gutter: float) -> int:
    """-1 left of the gutter, 1 right of it, 0 across it (a little overhang is allowed)."""
    if cell.spans:
        return 0
    slack = 0.5 * cell.size
    if cell.x1 <= gutter + slack:
        return -1
    if cell.x0 >= gutter - slack:
        return 1
    return 0


def _gutter(rows: list[list[_Cell]], width: float) -> float | None:
    """The x of the gap between two independent columns, if the page has them.

    A gutter is a vertical strip in the middle of the page that few cells cross (a header or
    a heading may), with substantial text on both sides. Dates or labels beside entries also
    leave such a strip, but every one of them sits on a row with text on the other side and
    none is a heading; independent columns have many rows of their own, or section headings
    on both sides.
    """
    if len(rows) < 12:
        return None
    # Each cell's extent, measured once: the scan below tests every cell at 31 positions.
    extents = [(c.x0, c.x1) for cells in rows for c in cells]
    crossings = []
    for step in range(20, 81, 2):
        x = width * step / 100
        crossings.append((sum(1 for x0, x1 in extents if x0 < x < x1), x))
    fewest = min(count for count, _ in crossings)
    if fewest > max(3, 0.15 * len(rows)):
        return None
    # Of the positions crossed least, the middle of the widest empty strip (a justified line
    # leaves narrower gaps between its words than the columns leave between them).
    strips = []
    for count, x in crossings:
        if count == fewest:
            lo = max((x1 for _, x1 in extents if x1 <= x), default=x)
            hi = min((x0 for x0, _ in extents if x0 >= x), default=x)
            strips.append((hi - lo, (lo + hi) / 2))
    gutter = max(strips)[1]
    split_rows = [[part for cell in row for part in cell.split_at(gutter)] for row in rows]
    sides = [
        (any(_side(c, gutter) < 0 for c in row), any(_side(c, gutter) > 0 for c in row))
        for row in split_rows
        if all(_side(c, gutter) for c in row)
    ]
    left_rows = [right for left, right in sides if left]
    right_rows = [left for left, right in sides if right]
    if len(left_rows) < 6 or len(right_rows) < 6:
        return None
    # Section labels in a margin leave a strip too: short labels, many of them naming
    # sections, beside a longer body are no column of their own (see _margin_labels). A
    # sidebar's items (skills, contacts) seldom name sections.
    left_cells = [c for row in split_rows for c in row if _side(c, gutter) < 0]
    labels = sum(1 for c in left_cells if _label_like(c))
    named = sum(1 for c in left_cells if lexicon_kind(c.text))
    if (
        len(left_rows) <= len(right_rows)
        and labels >= 0.8 * len(left_cells)
        and named >= 0.5 * len(left_cells)
    ):
        return None
    left_alone = left_rows.count(False) / len(left_rows)
    right_alone = right_rows.count(False) / len(right_rows)
    if min(left_alone, right_alone) >= 0.2:
        return gutter
    parts = [c for row in split_rows for c in row]
    body = statistics.median(c.size for c in parts)
    # Headings are whole cells: a large name cut in two at the gutter heads neither side.
    whole = [c for row in rows for c in row if len(c.split_at(gutter)) == 1]
    if _headed((c for c in whole if _side(c, gutter) < 0), body) and _headed(
        (c for c in whole if _side(c, gutter) > 0), body
    ):
        return gutter
    return None


def _headed(cells: Iterable[_Cell], body: float) -> bool:
    """Whether a column holds a section heading: a few capitalised words set larger than body."""
    return any(
        c.size >= body + 1.5
        and c.text[:1].isupper()
        and len(c.text.split()) <= 4
        and not any(ch.isdigit() for ch in c.text)
        for c in cells
    )


# --- pages --------------------------------------------------------------------------------------


def _drop_running_lines(pages: list[_Page]) -> list[TextLine]:
    """All lines but page numbers and headers or footers repeated in the page margins.

    Only the first and last two lines of a page, inside the margin bands, are candidates; a
    header repeats on most pages at the same height with nothing but its digits changed
    ("Ada Example | 2"). (A line of the text that happens to end two pages, "In NeurIPS,
    2019.", stands at another height on each.)
    """

    def at_edge(index: int, line: TextLine, page: _Page) -> bool:
        edge = index < 2 or index >= len(page.lines) - 2
        height = page.height
        return edge and (
            line.top < MARGIN_BAND * height or line.bottom > (1 - MARGIN_BAND) * height
        )

    def key(line: TextLine) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text.lower().replace(" ", "")), round(line.top)

    repeated: Counter[tuple[str, int]] = Counter()
    for page in pages:
        repeated.update({key(line) for i, line in enumerate(page.lines) if at_edge(i, line, page)})
    enough = max(2, len(pages) // 2 + 1)
    name = _title_words(pages[0].lines) if pages else frozenset()
    return [
        line
        for number, page in enumerate(pages)
        for i, line in enumerate(page.lines)
        if not (
            at_edge(i, line, page)
            and (
                _PAGE_NUMBER.match(line.text)
                or repeated[key(line)] >= enough
                or (number and _is_running_head(line.text, name))
            )
        )
    ]


def _title_words(lines: list[TextLine]) -> frozenset[str]:
    """The words of the line set largest among the first lines of a document: on a CV, the
    owner's name."""
    opening = [line for line in lines[:6] if line.size]
    if not opening:
        return frozenset()
    title = max(opening, key=lambda line: line.size)
    return frozenset(_WORDS.findall(title.text.lower()))


def _is_running_head(text: str, name: frozenset[str]) -> bool:
    """A page's edge line that only names the owner and says what the document is, with
    page numbers or a date ("Ada Quill - Curriculum Vitae", "Ada Quill 2", "CV of A. Quill,
    page 2 of 5"): a running head even on the one page of two that carries it. The owner's
    name closed by a full stop ("Ada Quill.") is the author line of a sole-authored work
    that a page break set at the top of a page."""
    if text.rstrip().endswith("."):
        return False
    words = _WORDS.findall(text.lower())
    if not words or len(words) > MAX_RUNNING_HEAD_WORDS:
        return False
    named = sum(word in name for word in words)
    says_cv = any(word in _RUNNING_HEAD_WORDS for word in words)
    rest = [w for w in words if w not in name and w not in _RUNNING_HEAD_WORDS and len(w) > 1]
    return not rest and (named >= 2 or (named == 1 and says_cv))


MAX_RUNNING_HEAD_WORDS = 10
_WORDS = re.compile(r"[^\W\d_]+")
_RUNNING_HEAD_WORDS = frozenset(
    "curriculum vitae cv resume résumé page of last updated revised modified as at on "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _body_size(lines: list[TextLine]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0
