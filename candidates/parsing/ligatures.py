"""Repairing glyphs a PDF maps to no (or the wrong) character: lost ligatures and icons.

Some fonts draw "ti", "fi" or "ffi" as one ligature glyph without a Unicode mapping; PDF readers
then print "Educa(cid:2471)on" or a random letter ("Educaধon"), and a search for "Education"
fails. Icon fonts (phone, mail, GitHub) have the same problem. The reader marks every unmapped
glyph with :func:`suspect`; here each distinct glyph inside words is replaced by the ligature
that turns most of its words into English, and the rest (icons) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from candidates.extraction.document import TextLine

# Unmapped glyphs travel through layout as characters of Unicode's last private use plane.
_SUSPECT_BASE = 0x100000
_SUSPECT = re.compile("[\U00100000-\U0010ffff]")
LIGATURES = ("ti", "fi", "fl", "ff", "ffi", "ffl", "ft", "tt", "th", "st")
# Word endings and parts that real English words of CVs have around these ligatures.
_ENGLISH = re.compile(
    r"(tion|tions|tive|tives|tics?|tical|ties|ting|tim|tit|tif|tig|fic|fie|fin|fir|fil|fix|"
    r"flo|fle|flu|fla|ffe|ffi|ffo|ffa|ft|tte|tta)",
)
# Frequent CV words holding one of the ligatures, to break ties between candidates.
_VOCABULARY = frozenset(
    """
    education publications publication position positions competitions competition institute
    institution national international mathematics statistics certificate certification
    artificial scientific scientist first field fields final finance profile office official
    efficient efficiency effective effect effort different difference affiliation affiliations
    staff traffic flow workflow flight fluid reflection conflict influence time times title
    multiple multi activities activity university experience optimization optimisation
    representation representations generation generative distribution attention evaluation
    classification segmentation detection recognition information computation computational
    application applications foundation foundations theoretical practical analytics robotics
    identification verification specification interpretation motivation collaboration
    supervision organization organisation presentation presentations description translation
    station construction instruction production investigation implementation visualization
    estimation approximation intelligence intelligent architecture architectures
    """.split()
)


def suspect(char: str) -> str:
    """Mark an unmapped glyph so the repair can find it after layout."""
    return chr(_SUSPECT_BASE + (ord(char) % 0xFFFF))


def repair_ligatures(lines: list[TextLine]) -> list[TextLine]:
    """Replace marked glyphs inside words by their most likely ligature; drop the others."""
    words_by_glyph: dict[str, list[str]] = {}
    for line in lines:
        for word in line.text.split():
            for match in _SUSPECT.finditer(word):
                if _inside_word(word, match.start()):
                    words_by_glyph.setdefault(match.group(), []).append(word)
    choice = {glyph: _best_ligature(words) for glyph, words in words_by_glyph.items()}
    repaired = []
    for line in lines:
        if not _SUSPECT.search(line.text):
            repaired.append(line)
            continue
        words = [_repair_word(word, choice) for word in line.text.split()]
        repaired.append(replace(line, text=" ".join(word for word in words if word)))
    return repaired


def _inside_word(word: str, index: int) -> bool:
    """A ligature follows a letter; an icon stands alone or before its label."""
    return index > 0 and (word[index - 1].isalpha() or bool(_SUSPECT.match(word[index - 1])))


def _repair_word(word: str, choice: dict[str, str]) -> str:
    out = []
    for index, char in enumerate(word):
        if _SUSPECT.match(char):
            if _inside_word(word, index) and char in choice:
                out.append(choice[char])
        else:
            out.append(char)
    return "".join(out)


def _best_ligature(words: list[str]) -> str:
    def score(ligature: str) -> int:
        total = 0
        for word in words:
            candidate = _SUSPECT.sub(ligature, word).lower().strip(".,;:()")
            if candidate in _VOCABULARY:
                total += 3
            total += len(_ENGLISH.findall(candidate))
        return total

    return max(LIGATURES, key=score)
