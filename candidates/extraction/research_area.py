"""The text that says what a candidate researches: the input of topic fit.

Publication titles carry most of it; the CV's research interests, summary, thesis titles and
project lines add the rest. Names, contact details and dates are left out, so topic fit
compares research, not people.
"""

from __future__ import annotations

import re

from candidates.extraction.document import CvDocument, PublicationRecord

_THESIS = re.compile(r"\b(thesis|dissertation|research topic|subject)\b", re.IGNORECASE)
MAX_CHARS = 20_000


def research_text(doc: CvDocument, publications: list[PublicationRecord]) -> str:
    parts = [p.title for p in publications if p.title]
    parts += [line.text for line in doc.lines_of("summary")]
    parts += [line.text for line in doc.lines_of("education") if _THESIS.search(line.text)]
    parts += [line.text for line in doc.lines_of("projects", "experience")]
    return "\n".join(" ".join(part.split()) for part in parts)[:MAX_CHARS]
