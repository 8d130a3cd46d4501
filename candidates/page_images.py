"""A page of a stored PDF as a PNG, with a quote highlighted and, in blind review, identity
cues (every word the blind review's masking hides, and any pictures) covered.

Bytes in, bytes out, no database: the candidate page's "show me where it says that" link. The
quote is found on the page by its words, so the small differences between the reader's text
and the PDF's own (spacing, ligatures, hyphens, line breaks) do not lose it.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pdfplumber

RESOLUTION = 110  # dots per inch: readable on a laptop without megabyte images
HIGHLIGHT_FILL = (255, 214, 0, 90)
HIGHLIGHT_STROKE = (214, 140, 0)
COVER = (40, 40, 40)
# A quote is found when this share of its words appears in order on the page.
MIN_MATCH = 0.6

_WORD = re.compile(r"[^\W_]+")


class PageNotFound(Exception):
    """The document has no such page."""


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
    hide: Callable[[str], str] | None = None,
    resolution: int = RESOLUTION,
) -> PageImage:
    """Page ``number`` (from 1) of the PDF ``content`` as a PNG.

    With ``hide`` (blind review's masking function: text in, masked text out), every word it
    would hide, read line by line so that phone numbers and addresses spread over several
    words are found, is covered, and so is every picture on the page.
    """
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        if not 1 <= number <= len(pdf.pages):
            raise PageNotFound(f"The document has no page {number}.")
        page = pdf.pages[number - 1]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
        highlight = _line_boxes(_quote_words(words, quote)) if quote.strip() else []
        covers = _identity_boxes(page, words, hide) if hide is not None else []
        image = page.to_image(resolution=resolution)
        if highlight:
            image.draw_rects(
                highlight, fill=HIGHLIGHT_FILL, stroke=HIGHLIGHT_STROKE, stroke_width=2
            )
        if covers:
            image.draw_rects(covers, fill=COVER, stroke=COVER, stroke_width=1)
        out = io.BytesIO()
        image.save(out, format="PNG")
    return PageImage(out.getvalue(), highlights=len(highlight), covered=len(covers))


def _normal(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _quote_words(words: list[dict], quote: str) -> list[dict]:
    """The page words that spell the quote: the best-matching run of the page's words."""
    wanted = _normal(quote)
    if not wanted:
        return []
    tokens: list[tuple[str, dict]] = [
        (token, word) for word in words for token in _normal(word["text"])
    ]
    best, best_start = 0, -1
    first = set(wanted[:3])
    for start, (token, _) in enumerate(tokens):
        if token not in first:
            continue
        offset = wanted.index(token)
        matched = sum(
            1
            for i, expected in enumerate(wanted[offset:])
            if start + i < len(tokens) and tokens[start + i][0] == expected
        )
        if matched > best:
            best, best_start = matched, start - offset
    if best < max(1, MIN_MATCH * len(wanted)):
        return []
    run = tokens[max(best_start, 0) : best_start + len(wanted)]
    picked: list[dict] = []
    for _, word in run:
        if not picked or picked[-1] is not word:
            picked.append(word)
    return picked


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
