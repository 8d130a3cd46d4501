"""Title fingerprints: match papers to labels without storing the titles of real people's papers.

The labelled accuracy set describes real CVs from ../shared/corpus. Their paper titles are
personal data and stay out of the project: a label keeps only a fingerprint, a short hash of
each word of the title. Two fingerprints are compared by the share of word hashes they share,
which tolerates the small differences extraction makes (a lost word, a hyphen).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def title_words(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def fingerprint(title: str) -> list[str]:
    """Four hex digits of SHA-1 per word of the title, in order."""
    return [
        hashlib.sha1(word.encode(), usedforsecurity=False).hexdigest()[:4]
        for word in title_words(title)
    ]


def similarity(a: list[str], b: list[str]) -> float:
    """Dice coefficient of the two fingerprints' word hashes (0 to 1)."""
    if not a or not b:
        return 0.0
    shared = len(set(a) & set(b))
    return 2 * shared / (len(set(a)) + len(set(b)))


def file_key(content: bytes) -> str:
    """Labels name files by the SHA-256 of their bytes, not by the person's handle."""
    return hashlib.sha256(content).hexdigest()
