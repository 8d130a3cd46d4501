"""Limits a PDF must respect before the PDF engine reads it: bounded work on every input.

Two kinds of small file can hold a worker for minutes or take its memory:

- **Decompression bombs.** A few kilobytes of compressed data expand to gigabytes. Every stream
  is decoded here first through its real filter chain (Flate, LZW, run length, ASCII hex and 85,
  in any order, read from the parsed stream dictionary with indirect objects resolved), in
  bounded chunks and without keeping the output; the file is refused once the total passes
  :data:`MAX_INFLATED_BYTES` or a stream expands suspiciously. Images declare their size, which
  is checked instead of decoding them.
- **Amplified content.** A page's content may call form XObjects that call others, so 1.5 KB
  nested three deep is six million drawing operations; pdfium takes a minute on it. The operators
  of every content stream are counted and each page's cost is worked out through the forms it
  calls (:data:`MAX_PAGE_OPERATIONS`), so the file is refused before pdfium starts.

The file's objects are parsed by qpdf (pikepdf), which resolves object streams and references
as a PDF engine does. A file qpdf cannot open is still scanned for Flate streams by their
``stream`` keyword, so damage never turns the check off.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

import pikepdf

from candidates.parsing import filters

# A 60-page CV with embedded fonts and images inflates to a few tens of megabytes.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
# Real streams compress 3-20x (fonts and page content); text-free padding compresses 1000x.
MAX_RATIO = 200
MIN_SIZE_FOR_RATIO = 8 * 1024 * 1024
# A scanned A4 page at 600 dpi is 35 megapixels; a CV has no reason for more than a few.
MAX_IMAGE_PIXELS = 150_000_000
# Work is counted in delimiters of content streams (about three per operator). The densest page
# of 67 real CVs has 63,000 and the longest CV 94,000; pdfium reads a million in under a second.
# Calling a form costs as much as a few operators besides its own content.
MAX_PAGE_OPERATIONS = 1_000_000
MAX_DOCUMENT_OPERATIONS = 4_000_000
FORM_CALL_COST = 20

_TOO_LARGE = (
    "The PDF expands to far more content than a CV holds (it may be a decompression bomb or a "
    "scan of huge images). Export the CV again as a text PDF and re-upload it."
)
_TOO_COMPLEX = (
    "Page {page} of the PDF draws far more than a CV page holds (it may be malformed or built to "
    "slow readers down). Export the CV again as a text PDF and re-upload it."
)

_DELIMITERS = (b" ", b"\n", b"\r", b")", b"]", b">", b"/")
_CALL = re.compile(rb"/([^\s/\[\]()<>{}%]{1,127})\s+Do(?![\w])")
_OVERLAP = 256
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_CONTENT_SKIP = frozenset({"/Image", "/XML", "/Type1C", "/CIDFontType0C", "/OpenType"})
_NOT_CONTENT_TYPES = frozenset({"/ObjStm", "/XRef", "/Metadata", "/EmbeddedFile", "/XObject"})


class PdfTooLarge(Exception):
    """The PDF expands or costs beyond what a CV can need; ``str(exc)`` is for the user."""


@dataclass
class _Content:
    """What one content stream does: how many operators, and which named XObjects it calls."""

    operations: int = 0
    calls: Counter[str] = field(default_factory=Counter)

    def read(self, text: bytes, *, final: bool = False) -> bytes:
        """Count what starts in ``text``; return the tail to read again with the next chunk.

        A token cut in two by a chunk boundary starts in the tail and is counted next time.
        """
        boundary = len(text) if final else max(0, len(text) - _OVERLAP)
        head = text[:boundary]
        # Every operator and operand ends at a delimiter; counting delimiters overestimates
        # the operators about threefold, at the speed of a memory scan.
        self.operations += sum(head.count(delimiter) for delimiter in _DELIMITERS)
        self.calls.update(
            m.group(1).decode("latin-1") for m in _CALL.finditer(text) if m.start() < boundary
        )
        return text[boundary:]


@dataclass
class _Budget:
    inflated: int = 0

    def spend(self, size: int, *, stream_size: int, compressed: int) -> None:
        """Count ``size`` more bytes of a stream that has so far expanded to ``stream_size``.

        The ratio is judged as the stream expands, so a bomb is refused after a few megabytes.
        """
        self.inflated += size
        if self.inflated >= MAX_INFLATED_BYTES or (
            stream_size >= MIN_SIZE_FOR_RATIO and stream_size > MAX_RATIO * max(compressed, 1)
        ):
            raise PdfTooLarge(_TOO_LARGE)


def check_inflation(data: bytes) -> None:
    """Raise :class:`PdfTooLarge` unless every stream and page of ``data`` stays within limits."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return  # the PDF engine cannot open it either, and says so
    except (pikepdf.PdfError, ValueError, RecursionError):
        _scan_flate_streams(data)
        return
    with pdf:
        try:
            _check_document(pdf)
        except (pikepdf.PdfError, ValueError, TypeError, RecursionError):
            # An object qpdf cannot resolve: pdfium may still read the rest, so measure what
            # can be found without the object structure.
            _scan_flate_streams(data)


def _check_document(pdf: pikepdf.Pdf) -> None:
    budget = _Budget()
    contents: dict[tuple[int, int], _Content] = {}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        content = _measure_stream(obj, budget)
        if content is not None:
            contents[obj.objgen] = content
    costs = _Costs(contents)
    total = 0
    for number, page in enumerate(pdf.pages, start=1):
        cost = costs.page(page.obj)
        total += cost
        if cost > MAX_PAGE_OPERATIONS or total > MAX_DOCUMENT_OPERATIONS:
            raise PdfTooLarge(_TOO_COMPLEX.format(page=number))


def _measure_stream(stream: pikepdf.Stream, budget: _Budget) -> _Content | None:
    """Decode ``stream`` within the budget; count its operators if it may be page content."""
    subtype = _name(stream.get("/Subtype"))
    if subtype == "/Image":
        _check_image(stream)
    chain = _filter_chain(stream)
    raw = stream.read_raw_bytes()
    counting = _may_be_content(stream, subtype)
    content = _Content() if counting else None
    size = 0
    carried = b""
    for chunk in filters.decode(raw, chain):
        size += len(chunk)
        budget.spend(len(chunk), stream_size=size, compressed=len(raw))
        if content is not None:
            carried = content.read(carried + chunk)
    if content is not None:
        content.read(carried, final=True)
    return content


def _check_image(stream: pikepdf.Stream) -> None:
    width, height = stream.get("/Width", 0), stream.get("/Height", 0)
    if not isinstance(width, int) or not isinstance(height, int):
        return
    if width * height > MAX_IMAGE_PIXELS:
        raise PdfTooLarge(_TOO_LARGE)


def _may_be_content(stream: pikepdf.Stream, subtype: str) -> bool:
    """Page contents, forms and glyph procedures; not fonts, images, metadata or object streams."""
    if subtype in _CONTENT_SKIP or "/Length1" in stream or "/N" in stream:
        return False
    kind = _name(stream.get("/Type"))
    return not (kind in _NOT_CONTENT_TYPES and subtype != "/Form")


def _filter_chain(stream: pikepdf.Stream) -> list[tuple[str, dict[str, object]]]:
    given_names = stream.get("/Filter")
    given_parameters = stream.get("/DecodeParms", stream.get("/DP"))
    names: list[object]
    parameters: list[object]
    if isinstance(given_names, pikepdf.Name):
        names, parameters = [given_names], [given_parameters]
    elif isinstance(given_names, pikepdf.Array):
        names = list(given_names)
        parameters = (
            list(given_parameters)
            if isinstance(given_parameters, pikepdf.Array)
            else [given_parameters] * len(names)
        )
    else:
        return []
    chain = []
    for index, name in enumerate(names):
        given = parameters[index] if index < len(parameters) else None
        chain.append((_name(name), _plain_parameters(given)))
    return chain


def _name(value: object) -> str:
    """A PDF name as text; names are bytes, and a hostile one need not be UTF-8."""
    if not isinstance(value, pikepdf.Name):
        return ""
    try:
        return str(value)
    except UnicodeDecodeError:
        return ""


def _plain_parameters(given: object) -> dict[str, object]:
    if not isinstance(given, pikepdf.Dictionary):
        return {}
    early = given.get("/EarlyChange")
    return {"EarlyChange": int(early)} if isinstance(early, int) else {}


class _Costs:
    """How many operations drawing a page takes, following the forms it calls."""

    def __init__(self, contents: dict[tuple[int, int], _Content]) -> None:
        self.contents = contents
        self.forms: dict[tuple[int, int], int] = {}
        self.open: set[tuple[int, int]] = set()

    def page(self, page: pikepdf.Dictionary) -> int:
        resources = _inherited(page, "/Resources")
        contents = page.get("/Contents")
        streams: list[object]
        if isinstance(contents, pikepdf.Stream):
            streams = [contents]
        elif isinstance(contents, pikepdf.Array):
            streams = list(contents)
        else:
            return 0
        return sum(
            self._stream(stream, resources)
            for stream in streams
            if isinstance(stream, pikepdf.Stream)
        )

    def _stream(self, stream: pikepdf.Stream, resources: object) -> int:
        content = self.contents.get(stream.objgen)
        if content is None:
            return 0
        cost = content.operations
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        for name, times in content.calls.items():
            if times <= 0 or not isinstance(xobjects, pikepdf.Dictionary):
                continue
            target = xobjects.get("/" + name)
            if isinstance(target, pikepdf.Stream) and _name(target.get("/Subtype")) == "/Form":
                cost += times * (FORM_CALL_COST + self._form(target, resources))
            if cost > MAX_DOCUMENT_OPERATIONS:
                return cost  # no need to count further, and the product may overflow
        return cost

    def _form(self, form: pikepdf.Stream, inherited: object) -> int:
        key = form.objgen
        if key in self.forms:
            return self.forms[key]
        if key in self.open:
            return MAX_DOCUMENT_OPERATIONS + 1  # a form calling itself: never finite work
        self.open.add(key)
        own = form.get("/Resources")
        cost = self._stream(form, own if isinstance(own, pikepdf.Dictionary) else inherited)
        self.open.discard(key)
        self.forms[key] = cost
        return cost


def _inherited(page: pikepdf.Dictionary, key: str) -> object:
    """A page attribute, looked up the page tree as far as it goes (loops stop after 64 steps)."""
    node: object = page
    for _ in range(64):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    return None


def _scan_flate_streams(data: bytes) -> None:
    """For files qpdf cannot parse: measure every stream that looks Flate-encoded."""
    budget = _Budget()
    for match in _STREAM.finditer(data):
        dictionary = data[max(0, match.start() - 1024) : match.start()]
        if not _FLATE.search(dictionary):
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        compressed = data[start : end if end != -1 else len(data)]
        size = 0
        for chunk in filters.flate([compressed]):
            size += len(chunk)
            budget.spend(len(chunk), stream_size=size, compressed=len(compressed))
