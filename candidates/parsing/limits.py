"""Limits a PDF must respect before it is parsed: guards against decompression bombs.

A few kilobytes of Flate-compressed data can expand to gigabytes; the PDF engine would inflate
them while reading the page and take the worker's memory with it. Every Flate stream is
inflated here first, in bounded chunks and without keeping the output, and the file is refused
once the total passes :data:`MAX_INFLATED_BYTES` or a stream expands suspiciously.
"""

from __future__ import annotations

import re
import zlib

# A 60-page CV with embedded fonts and images inflates to a few tens of megabytes.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
# Real content streams compress 3-20x; text-free padding compresses 1000x.
MAX_RATIO = 200
MIN_SIZE_FOR_RATIO = 8 * 1024 * 1024
CHUNK = 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")


class PdfTooLarge(Exception):
    """The PDF expands beyond what a CV can need; ``str(exc)`` is a message for the user."""


def check_inflation(data: bytes) -> None:
    """Raise :class:`PdfTooLarge` if the file's compressed streams expand too far."""
    total = 0
    for match in _STREAM.finditer(data):
        dictionary = data[max(0, match.start() - 512) : match.start()]
        if not _FLATE.search(dictionary[dictionary.rfind(b"<<") :]):
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        compressed = data[start : end if end != -1 else len(data)]
        inflated = _inflated_size(compressed, limit=MAX_INFLATED_BYTES - total)
        total += inflated
        if total >= MAX_INFLATED_BYTES or (
            inflated >= MIN_SIZE_FOR_RATIO and inflated > MAX_RATIO * max(len(compressed), 1)
        ):
            raise PdfTooLarge(
                "The PDF expands to far more content than a CV holds (it may be a "
                "decompression bomb or a scan of huge images). Export the CV again as a text "
                "PDF and re-upload it."
            )


def _inflated_size(compressed: bytes, *, limit: int) -> int:
    """How many bytes the stream inflates to, counting no further than ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    pending = compressed
    try:
        while pending and size <= limit and not inflater.eof:
            size += len(inflater.decompress(pending, CHUNK))
            # Past the end of the Flate data (the line break before ``endstream``) zlib
            # keeps the leftover in unused_data and would be handed it forever.
            pending = inflater.unconsumed_tail
    except zlib.error:
        return size  # a damaged stream: the PDF engine will say so
    return size
