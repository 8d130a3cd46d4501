"""The inflation check: it refuses decompression bombs and finishes on every ordinary PDF."""

from __future__ import annotations

import os

from candidates.parsing.limits import check_inflation
from tests.hostile import _pdf_with_stream


def test_a_large_image_stream_followed_by_a_line_break_is_measured_and_passes():
    # Incompressible bytes padded with zeros: an embedded image that inflates past one chunk,
    # written as every PDF writer does, with a line break before ``endstream``.
    stream = os.urandom(64 * 1024) + bytes(3 * 1024 * 1024)
    check_inflation(_pdf_with_stream(stream))
