"""Quotes worth reading: one per line, the signal inside, no contact details or bare headings,
readable citations for lists without pages, and found on their page by the page image."""

from __future__ import annotations

import io

import pdfplumber

from candidates.analysis import analyze
from candidates.dimensions import Dimension
from candidates.extraction.evidence import (
    PHRASES,
    cited_quotes,
    extract_evidence,
    phrase_quote,
)
from screening.page_images import _quote_words
from tests.pdfs import text_pdf
from tests.test_cv_structure import H, document
from tests.test_evidence import paper

OPEN_SOURCE = next(p.pattern for p in PHRASES if p.signal == "open_source")
MENTORING = next(p.pattern for p in PHRASES if p.signal == "mentoring")
INTEREST = next(p.pattern for p in PHRASES if p.signal == "research_interest")
FRAMEWORK = next(p.pattern for p in PHRASES if p.signal == "dl_framework")

BIBTEX = b"""@inproceedings{example2024,
  title = {Sparse Attention for Long Documents},
  author = {Example, Ada and Other, Ben},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2024},
  bibtex_show = {true},
  abstract = {We study attention. It is sparse.},
}
"""


def test_a_line_supporting_several_signals_is_cited_once_under_the_strongest():
    # Described work, not a skills list: performance code counts only where work is described.
    doc = document(
        ("Experience", H), "Wrote CUDA kernels in C++ for PyTorch models; open-source maintainer"
    )

    cited = cited_quotes(extract_evidence(doc, [], []), per_dimension=6)

    (item,) = cited[Dimension.CODING]
    assert item.signal == "performance_code"


def test_evidence_comes_strongest_first():
    found = extract_evidence(document(), [], [paper(tier="other", venue="Local"), paper()])

    publications = [i.signal for i in found if i.dimension == Dimension.PUBLICATIONS]
    assert publications[0] == "top_venue_paper"


def test_contact_details_are_never_quoted_and_a_header_line_keeps_only_its_piece():
    assert phrase_quote("ada@example.org | github.com/ada | +44 20 7946 0958", OPEN_SOURCE) is None
    line = "Mentored four PhD students | ada@example.org | +44 20 7946 0958"
    assert phrase_quote(line, MENTORING) == "Mentored four PhD students"


def test_a_heading_alone_is_not_evidence_but_the_line_under_it_is():
    assert phrase_quote("Research Interests", INTEREST) is None
    interest = "Research interests: sparse attention and long-document models"
    assert phrase_quote(interest, INTEREST) == interest


def test_a_long_line_is_quoted_around_its_signal():
    line = "Built dashboards for sales teams. " * 12 + "Trained transformers in PyTorch."

    quote = phrase_quote(line, FRAMEWORK)

    assert "PyTorch" in quote
    assert len(quote) <= 300


def test_a_bibtex_paper_is_quoted_as_a_readable_citation():
    analysis = analyze(BIBTEX, kind="publication_list", filename="ada__papers.bib")

    quotes = {item.quote for item in analysis.evidence}
    assert quotes
    for quote in quotes:
        assert "bibtex_show" not in quote
        assert "={" not in quote.replace(" ", "")
        assert "We study attention" not in quote
    assert any("Sparse Attention for Long Documents" in q and "2024" in q for q in quotes)


def test_a_quote_is_found_on_its_page_whatever_the_spacing_hyphens_and_ligatures():
    content = text_pdf("Reviewer for NeurIPS and ICML\nOptimi-\nzation of sparse filters")
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=False, use_text_flow=True)

    found = _quote_words(words, "Optimization of sparse\u00adﬁlters")

    assert [w["text"] for w in found] == ["Optimi-", "zation", "of", "sparse", "filters"]
    assert _quote_words(words, "Flood frequency analysis in river basins") == []


def test_research_area_cites_its_papers_once_beside_its_own_quotes(db):
    from candidates.models import Evidence
    from candidates.processing import evidence_index

    quote = "Ada Example. Sparse Attention. NeurIPS 2024."
    items = [
        Evidence(pk=1, dimension=Dimension.PUBLICATIONS, signal="top_venue_paper", quote=quote,
                 page=2),
        Evidence(pk=2, dimension=Dimension.RESEARCH_AREA, signal="venue_area_ml", quote=quote,
                 page=2),
        Evidence(pk=3, dimension=Dimension.PUBLICATIONS, signal="peer_reviewed_paper",
                 quote="Ada Example. Flood Models. Water Letters 2023.", page=2),
    ]  # fmt: skip

    index = evidence_index(items)

    assert index[Dimension.RESEARCH_AREA] == [2, 3]
