"""A page of a stored PDF as a PNG, with a quote highlighted and, in blind review, identity
cues (every word the blind review's masking hides, and any pictures) covered.

Bytes in, bytes out, no database: the candidate page's "show me where it says that" link. The
quote is found on the page by its words, so the small differences between the reader's text
and the PDF's own (spacing, ligatures, hyphens, line breaks) do not lose it.

A page may declare any size (a 708-byte PDF with ``/MediaBox [0 0 14400 14400]`` asks for a
22,000-pixel square at our resolution), so the page is measured before it is drawn and drawn at
a scale that keeps the bitmap within ``MAX_PIXELS`` and ``MAX_SIDE``. And since a PDF engine
can still be made to allocate far more than the bitmap, drawing happens in a short-lived child
process (``python -m screening.page_images``) with an address-space ceiling and a time limit:
whatever a page does, the web process never holds more than the finished PNG.
"""

from __future__ import annotations

import difflib
import io
import json
import math
import os
import resource
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from screening.blinding import Identity, mask

RESOLUTION = 110  # dots per inch: readable on a laptop without megabyte images
# A US Letter or A4 page at RESOLUTION is about 1.1 million pixels; A3 is 2.3 million.
MAX_PIXELS = 4_000_000
MAX_SIDE = 4_000  # pixels, so a page 14,400 points wide and one point high stays small too
RENDER_MEMORY_BYTES = 512 * 1024 * 1024  # address space of the child that draws a page
RENDER_SECONDS = 10  # wall time of the child, and its CPU time
_PROJECT = Path(__file__).resolve().parent.parent
_CHILD_ENVIRONMENT = {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "LD_LIBRARY_PATH", "TMPDIR", "TZ"}
HIGHLIGHT_FILL = (255, 214, 0, 90)
HIGHLIGHT_STROKE = (214, 140, 0)
COVER = (40, 40, 40)
# A quote is found when this share of its pieces (GRAM letters or digits) lines up on the page.
MIN_MATCH = 0.6
GRAM = 4


class PageNotFound(Exception):
    """The document has no such page."""


class PageNotRendered(Exception):
    """The page cannot be drawn within the limits (size, memory, time) or at all."""


@dataclass(frozen=True)
class PageImage:
    png: bytes
    highlights: int  # boxes drawn around the quote; 0 when it could not be found
    covered: int  # identity cues covered


def render_page(
    content: bytes,
    number: int,
    *,
    quote: str = "",
    identity: Identity | None = None,
    resolution: int = RESOLUTION,
) -> PageImage:
    """Page ``number`` (from 1) of the PDF ``content`` as a PNG, drawn in a child process
    that may use at most ``RENDER_MEMORY_BYTES`` of address space and ``RENDER_SECONDS``.

    With an ``identity`` (blind review), every word that masking it would hide, read line by
    line so that phone numbers and addresses spread over several words are found, is covered,
    and so is every picture on the page. Raises ``PageNotFound`` for a page the
    document does not have and ``PageNotRendered`` for one that cannot be drawn in the limits.
    """
    request = {
        "number": number,
        "quote": quote,
        "identity": asdict(identity) if identity is not None else None,
        "resolution": resolution,
        # Read at call time, so a test (or a deployment) that changes them reaches the child.
        "max_pixels": MAX_PIXELS,
        "max_side": MAX_SIDE,
        "memory_bytes": RENDER_MEMORY_BYTES,
        "seconds": RENDER_SECONDS,
    }
    try:
        child = subprocess.run(
            [sys.executable, "-m", "screening.page_images"],
            input=json.dumps(request).encode() + b"\n" + content,
            capture_output=True,
            timeout=RENDER_SECONDS,
            cwd=_PROJECT,
            # Not the web process's secrets: the child parses hostile bytes and needs none.
            env={k: v for k, v in os.environ.items() if k in _CHILD_ENVIRONMENT},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise PageNotRendered(
            f"This page takes longer than {RENDER_SECONDS} seconds to draw."
        ) from exc
    if child.returncode in (_NOT_FOUND, _NOT_RENDERED):
        message = (child.stderr.decode(errors="replace").strip().splitlines() or [_TOO_BIG])[-1]
        raise (PageNotFound if child.returncode == _NOT_FOUND else PageNotRendered)(message)
    header, _, png = child.stdout.partition(b"\n")
    if child.returncode == -signal.SIGXCPU:
        raise PageNotRendered(f"This page takes longer than {RENDER_SECONDS} seconds to draw.")
    if child.returncode != 0 or not png.startswith(b"\x89PNG"):
        # The engine aborted or died when an allocation failed: the ceiling did its job.
        raise PageNotRendered(_TOO_BIG)
    counts = json.loads(header)
    return PageImage(png, highlights=counts["highlights"], covered=counts["covered"])


def render_resolution(
    width: float,
    height: float,
    resolution: float = RESOLUTION,
    *,
    max_pixels: int = MAX_PIXELS,
    max_side: int = MAX_SIDE,
) -> float:
    """Dots per inch to draw a page of ``width`` x ``height`` points at: ``resolution``, or
    less when the bitmap would have more than ``max_pixels`` or a side past ``max_side``."""
    if not (width > 0 and height > 0 and math.isfinite(width * height)):
        raise PageNotRendered("This page has no drawable area.")
    dpi = min(
        resolution,
        72 * math.sqrt(max_pixels / (width * height)),
        72 * max_side / max(width, height),
    )

    while True:
        # The bitmap's size exactly as pypdfium2 computes it from pdfplumber's dpi.
        columns, rows = math.ceil(width * (dpi / 72)), math.ceil(height * (dpi / 72))
        if columns * rows <= max_pixels and max(columns, rows) <= max_side:
            return dpi
        dpi *= 0.99  # rounding up to whole pixels overshot by a row or a column


def _render_here(
    content: bytes,
    number: int,
    *,
    quote: str = "",
    identity: dict[str, list[str]] | None = None,
    resolution: int = RESOLUTION,
    max_pixels: int = MAX_PIXELS,
    max_side: int = MAX_SIDE,
) -> PageImage:
    """``render_page`` in this process, at a bounded scale; the child's work."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        if not 1 <= number <= len(pdf.pages):
            raise PageNotFound(f"The document has no page {number}.")
        page = pdf.pages[number - 1]
        # The size pdfium draws, and pypdfium2 allocates the bitmap from (page size x dpi / 72):
        # whatever /MediaBox, /CropBox, /Rotate or /UserUnit declare, these numbers decide the
        # bitmap, so the budget is held on them.
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as exc:
            raise PageNotRendered("This PDF cannot be drawn as an image.") from exc
        try:
            width, height = document[number - 1].get_size()
        finally:
            document.close()
        if not (page.width > 0 and page.height > 0):
            raise PageNotRendered("This page has no drawable area.")
        dpi = render_resolution(width, height, resolution, max_pixels=max_pixels, max_side=max_side)
        words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
        highlight = _line_boxes(_quote_words(words, quote)) if quote.strip() else []
        covers = _identity_boxes(page, words, _masking(identity)) if identity is not None else []
        # The boxes are in page points; PageImage scales them by the bitmap's own width.
        image = page.to_image(resolution=dpi)
        if highlight:
            image.draw_rects(
                highlight, fill=HIGHLIGHT_FILL, stroke=HIGHLIGHT_STROKE, stroke_width=2
            )
        if covers:
            image.draw_rects(covers, fill=COVER, stroke=COVER, stroke_width=1)
        out = io.BytesIO()
        image.save(out, format="PNG")
    return PageImage(out.getvalue(), highlights=len(highlight), covered=len(covers))


def _squeezed(text: str) -> str:
    """Letters and digits only, case-folded, ligatures and accents' forms made one (NFKC)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _quote_words(words: list[dict], quote: str) -> list[dict]:
    """The page words that spell the quote: the densest run of the page that holds it.

    Both sides are compared as letters and digits only, so the reader's repairs (spaces put
    back or taken out, ligatures, hyphens at line ends, columns joined) do not lose a quote.
    Every short piece (``GRAM`` letters, every other position) of the quote votes for where
    the quote starts on the page; the start with most votes within a small drift wins when
    ``MIN_MATCH`` of the pieces agree on it.
    """
    wanted = _squeezed(quote)
    if not wanted:
        return []
    owners: list[int] = []
    pieces = []
    for index, word in enumerate(words):
        piece = _squeezed(word["text"])
        pieces.append(piece)
        owners += [index] * len(piece)
    page = "".join(pieces)
    if len(wanted) < GRAM:
        at = page.find(wanted)
        return [] if at < 0 else _words_at(words, owners, at, len(wanted))
    where: dict[str, list[int]] = {}
    for position in range(len(page) - GRAM + 1):
        where.setdefault(page[position : position + GRAM], []).append(position)
    votes = sorted(
        (position - offset, offset)
        for offset in range(0, len(wanted) - GRAM + 1, 2)
        for position in where.get(wanted[offset : offset + GRAM], ())
    )
    if not votes:
        return []
    grams = len(range(0, len(wanted) - GRAM + 1, 2))
    drift = max(GRAM, len(wanted) // 8)
    best, best_start, low = 0, 0, 0
    for high in range(len(votes)):
        while votes[high][0] - votes[low][0] > drift:
            low += 1
        agreeing = len({offset for _, offset in votes[low : high + 1]})
        if agreeing > best:
            best, best_start = agreeing, votes[(low + high) // 2][0]
    if best < MIN_MATCH * grams:
        return []
    return _words_at(words, owners, max(best_start, 0), len(wanted))


def _words_at(words: list[dict], owners: list[int], start: int, length: int) -> list[dict]:
    picked = sorted(set(owners[start : start + length]))
    return [words[i] for i in picked]


def _line_boxes(words: list[dict]) -> list[tuple[float, float, float, float]]:
    """One box per line of the matched words (a quote may wrap)."""
    lines: list[list[float]] = []
    for word in words:
        box = [word["x0"], word["top"], word["x1"], word["bottom"]]
        last = lines[-1] if lines else None
        if last and abs(last[1] - box[1]) < 3 and box[0] >= last[0] - 1:
            last[2], last[3] = max(last[2], box[2]), max(last[3], box[3])
        else:
            lines.append(box)
    return [(x0 - 2, top - 1, x1 + 2, bottom + 1) for x0, top, x1, bottom in lines]


def _identity_boxes(
    page, words: list[dict], hide: Callable[[str], str]
) -> list[tuple[float, float, float, float]]:
    """Boxes over the words that masking a line's text changes, and over every picture."""
    hidden: list[dict] = []
    for line in _lines(words):
        texts = [w["text"] for w in line]
        masked = hide(" ".join(texts)).split()
        matcher = difflib.SequenceMatcher(a=texts, b=masked, autojunk=False)
        kept = {
            i
            for block in matcher.get_matching_blocks()
            for i in range(block.a, block.a + block.size)
        }
        hidden += [word for i, word in enumerate(line) if i not in kept]
    boxes = [(w["x0"] - 1, w["top"] - 1, w["x1"] + 1, w["bottom"] + 1) for w in hidden]
    boxes += [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    return boxes


def _lines(words: list[dict]) -> list[list[dict]]:
    """The page's words in lines (words whose tops are within 3 points), left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _masking(identity: dict[str, list[str]]) -> Callable[[str], str]:
    """Blind review's masking of one candidate, rebuilt in the child from its plain fields."""
    known = Identity(**{key: tuple(values) for key, values in identity.items()})
    return lambda text: mask(text, known)


# --- the child process ---------------------------------------------------------------------
_NOT_FOUND, _NOT_RENDERED = 3, 4
_TOO_BIG = (
    f"This page needs more than {RENDER_MEMORY_BYTES // 2**20} MB of memory to draw, "
    "more than a page image may use."
)


def _child() -> int:
    """Read a request and a PDF on stdin; write the counts and the PNG on stdout."""
    header, _, content = sys.stdin.buffer.read().partition(b"\n")
    request = json.loads(header)
    memory, seconds = request.pop("memory_bytes"), request.pop("seconds")
    # Before the first byte of the PDF is parsed; the hard limits cannot be raised again.
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (math.ceil(seconds), math.ceil(seconds)))
    try:
        image = _render_here(content, **request)
    except PageNotFound as exc:
        print(exc, file=sys.stderr)
        return _NOT_FOUND
    except PageNotRendered as exc:
        print(exc, file=sys.stderr)
        return _NOT_RENDERED
    except MemoryError:
        print(_TOO_BIG, file=sys.stderr)
        return _NOT_RENDERED
    except Exception as exc:  # a page pdfminer or pdfium cannot draw is a refusal, not a 500
        print(f"This page cannot be drawn as an image ({type(exc).__name__}).", file=sys.stderr)
        return _NOT_RENDERED
    counts = {"highlights": image.highlights, "covered": image.covered}
    sys.stdout.buffer.write(json.dumps(counts).encode() + b"\n" + image.png)
    return 0


if __name__ == "__main__":
    sys.exit(_child())
