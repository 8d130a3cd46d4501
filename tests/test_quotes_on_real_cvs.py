"""Every quote of every corpus and dev-tune CV is found on its page, and none is cited twice.

Reads ../shared/corpus (personal data: read in place, nothing copied) and skips without it. The
quotes are looked for exactly as the page image looks for them: pdfplumber's words of that
page and :func:`screening.page_images._quote_words`. dev-held CVs are not read here.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from bench import dev_split
from bench.common import CORPUS
from bench.fingerprints import file_key
from candidates.analysis import analyze
from candidates.extraction.evidence import cited_quotes
from candidates.processing import EVIDENCE_PER_DIMENSION
from screening.page_images import _quote_words

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")

FOUND_AT_LEAST = 0.99


def real_cvs() -> list:
    cvs = sorted((CORPUS / "cv").glob("*.pdf"))
    if dev_split.DEV.is_dir():
        sides = dev_split.recorded_sides()
        cvs += [
            path
            for path in dev_split.dev_files()
            if path.suffix.lower() == ".pdf"
            and sides.get(file_key(path.read_bytes())) == dev_split.TUNE
        ]
    return cvs


def test_quotes_are_found_on_their_pages_and_never_cited_twice():
    quotes = found = 0
    duplicated = []
    for path in real_cvs():
        content = path.read_bytes()
        analysis = analyze(content, kind="cv", filename=path.name)
        distinct = {(e.page, e.quote) for e in analysis.evidence}
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            # Only the pages quoted from: the words of every page of 50 CVs take a minute.
            words = {
                page: pdf.pages[page - 1].extract_words(keep_blank_chars=False, use_text_flow=True)
                for page in {page for page, _ in distinct}
                if page is not None and 1 <= page <= len(pdf.pages)
            }
        for page, quote in distinct:
            quotes += 1
            found += bool(page in words and _quote_words(words[page], quote))
        for dimension, items in cited_quotes(analysis.evidence, EVIDENCE_PER_DIMENSION).items():
            lines = [(i.page, " ".join(i.quote.split()).casefold()) for i in items]
            if len(set(lines)) < len(lines):
                duplicated.append((file_key(content)[:8], dimension))

    assert quotes
    assert found / quotes >= FOUND_AT_LEAST, f"{found} of {quotes} quotes found on their page"
    assert not duplicated, f"quotes cited twice (file, dimension): {duplicated}"
