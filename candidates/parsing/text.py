"""Decoding an uploaded publication list (BibTeX, RIS, CSL-JSON, plain text) into text.

Every failure a recruiter could cause raises :class:`TextUnreadable` with a message for them.
"""

from __future__ import annotations

import codecs

# Text files hold no NUL bytes and few control characters; more than this share of the first
# block being control bytes means the upload is binary (an image, an archive, a Word file).
_CONTROL_SHARE_LIMIT = 0.05
_SNIFF_BYTES = 8192
_ALLOWED_CONTROLS = {9, 10, 12, 13}


class TextUnreadable(Exception):
    """The file cannot be read as a text publication list; ``str(exc)`` is for the user."""


def decode_text(data: bytes) -> str:
    """The text of a publication list: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if not data.strip():
        raise TextUnreadable("The file is empty.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TextUnreadable(_NOT_UTF8) from exc
    head = data[:_SNIFF_BYTES]
    controls = sum(1 for byte in head if byte < 32 and byte not in _ALLOWED_CONTROLS)
    if b"\x00" in head or controls > _CONTROL_SHARE_LIMIT * len(head):
        raise TextUnreadable(
            "The file is binary, not a text publication list. Upload BibTeX (.bib), RIS (.ris), "
            "CSL-JSON (.json) or a plain text list, or a CV as a PDF."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextUnreadable(_NOT_UTF8) from exc


_NOT_UTF8 = (
    "The file is not UTF-8 text. Save the publication list as UTF-8 (most reference managers "
    "offer this when exporting) and upload it again."
)
