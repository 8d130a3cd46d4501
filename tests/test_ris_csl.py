"""Reading RIS and CSL-JSON exports, and telling the formats of an upload apart."""

from __future__ import annotations

import json

import pytest

from candidates.parsing.csl import parse_csl_json
from candidates.parsing.entries import PublicationListError
from candidates.parsing.publications import detect_format, parse_publication_list
from candidates.parsing.ris import parse_ris

RIS_RECORD = """TY  - CONF
TI  - Attention Is All
      You Need
AU  - Vaswani, Ashish
AU  - Shazeer*, Noam
A1  - Parmar, Niki
PY  - 2017/12/04/
T2  - Advances in Neural Information Processing Systems
N1  - Oral
UR  - https://example.org
XY  - an unknown tag
ER  -
"""


def test_a_ris_record_gives_title_authors_year_venue_type_and_note():
    (publication,) = parse_ris(RIS_RECORD).publications
    assert publication.title == "Attention Is All You Need"
    assert publication.authors == ("Ashish Vaswani", "Noam Shazeer*", "Niki Parmar")
    assert publication.year == 2017
    assert publication.venue_raw == "Advances in Neural Information Processing Systems"
    assert publication.entry_type == "CONF"
    assert publication.note == "Oral"
    assert publication.raw.startswith("TY  - CONF")


def test_ris_tolerates_a_byte_order_mark_crlf_line_ends_and_a_missing_final_er():
    text = "\ufeff" + RIS_RECORD.replace("\n", "\r\n") + "TY  - JOUR\r\nT1  - Second\r\nY1  - 2020"
    result = parse_ris(text)
    assert [p.title for p in result.publications] == ["Attention Is All You Need", "Second"]
    assert result.publications[1].year == 2020


@pytest.mark.parametrize(
    ("tags", "venue", "year"),
    [
        ("JO  - Nature\nDA  - 2019/01/02", "Nature", 2019),
        ("JF  - Journal of Hydrology\nY1  - 2018///", "Journal of Hydrology", 2018),
        ("BT  - Proceedings of ACL\nPY  - 2021", "Proceedings of ACL", 2021),
        ("SECONDARY TITLE  - ICML\nPY  - 2022", "ICML", 2022),
    ],
)
def test_ris_reads_the_venue_and_year_from_any_of_their_tags(tags, venue, year):
    (publication,) = parse_ris(f"TY  - JOUR\nTI  - T\n{tags}\nER  -\n").publications
    assert (publication.venue_raw, publication.year) == (venue, year)


def test_a_ris_record_without_a_title_is_skipped_with_a_warning():
    result = parse_ris("TY  - JOUR\nAU  - Doe, J.\nER  -\n" + RIS_RECORD)
    assert len(result.publications) == 1
    assert result.warnings == ["Entry 1 (line 1) was skipped: it has no title."]


def csl(*items: dict) -> str:
    return json.dumps(list(items))


def test_a_csl_item_gives_title_authors_year_venue_type_and_note():
    (publication,) = parse_csl_json(
        csl(
            {
                "id": "doe2023",
                "type": "paper-conference",
                "title": "Sparse Graphs",
                "author": [
                    {"given": "Jane", "family": "Doe"},
                    {"literal": "The Graph Consortium"},
                    {"given": "Ludwig", "non-dropping-particle": "van", "family": "Beethoven"},
                ],
                "issued": {"date-parts": [[2023, 5]]},
                "container-title": ["Proceedings of NeurIPS", "NeurIPS"],
                "note": "Spotlight",
                "number": "arXiv:2301.00001",
            }
        )
    ).publications
    assert publication.title == "Sparse Graphs"
    assert publication.authors == ("Jane Doe", "The Graph Consortium", "Ludwig van Beethoven")
    assert publication.year == 2023
    assert publication.venue_raw == "Proceedings of NeurIPS"
    assert publication.entry_type == "paper-conference"
    assert publication.note == "Spotlight; arXiv:2301.00001"


@pytest.mark.parametrize(
    ("issued", "year"),
    [
        ({"date-parts": [["2021"]]}, 2021),
        ({"raw": "2020-03"}, 2020),
        ({"literal": "Spring 2019"}, 2019),
        ("2018", 2018),
        (None, None),
    ],
)
def test_csl_dates_are_read_in_all_their_forms(issued, year):
    (publication,) = parse_csl_json(csl({"title": "T", "issued": issued})).publications
    assert publication.year == year


def test_csl_items_may_sit_under_items_and_fall_back_to_the_event_as_venue():
    text = json.dumps({"items": [{"title": "T", "type": "speech", "event-title": "ICLR 2024"}]})
    (publication,) = parse_csl_json(text).publications
    assert publication.venue_raw == "ICLR 2024"


def test_a_csl_item_without_a_title_is_skipped_with_a_warning():
    result = parse_csl_json(csl({"id": "x", "type": "article"}, {"title": "Kept"}))
    assert [p.title for p in result.publications] == ["Kept"]
    assert result.warnings == ["Entry 1 (x) was skipped: it has no title."]


def test_invalid_json_says_where_the_syntax_error_is():
    with pytest.raises(PublicationListError, match=r"line 2, column 14"):
        parse_csl_json('[{"title": "A",\n "type": "x",, "author": []}]')


@pytest.mark.parametrize("document", ['{"name": "not a list"}', "[1, 2, 3]", "[]", '"text"'])
def test_json_that_is_not_csl_is_refused_with_the_supported_formats(document):
    with pytest.raises(PublicationListError, match=r"not a CSL-JSON publication list.*BibTeX"):
        parse_csl_json(document)


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("% exported\n@article{k, title={T}}", "", "bibtex"),
        ("TY  - JOUR\nTI  - T\nER  -", "", "ris"),
        ('[{"title": "T"}]', "", "csl_json"),
        ('{"items": []}', "", "csl_json"),
        ("[1] J. Doe. A title. In NeurIPS, 2023.", "", "plain"),
        ("[NeurIPS 2023] A title. Jane Doe.", "list.json", "plain"),
        ("J. Doe. A title. 2023.", "list.bib", "plain"),
        # Both signatures: the extension decides.
        ("TY  - JOUR\nTI  - T\nER  -\n@article{k, title={T}}", "refs.ris", "ris"),
        ("TY  - JOUR\nTI  - T\nER  -\n@article{k, title={T}}", "refs.bib", "bibtex"),
    ],
)
def test_the_format_is_read_from_the_content_the_extension_breaking_ties(text, filename, expected):
    assert detect_format(text, filename) == expected


def test_an_upload_is_dispatched_to_the_parser_of_its_format():
    result = parse_publication_list(RIS_RECORD.encode("utf-8-sig"), filename="export.ris")
    assert result.format == "ris"
    assert len(result.publications) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"Hello,\nthis is a cover letter.\n", "No publication could be read"),
        (b"@article{k, author={Doe, J.}}", "every entry had a problem"),
    ],
)
def test_an_unreadable_upload_gets_a_message_for_the_user(content, message):
    with pytest.raises(PublicationListError, match=message) as raised:
        parse_publication_list(content)
    if "could be read" in str(raised.value) or "problem" in str(raised.value):
        assert "BibTeX (.bib), RIS (.ris) or CSL-JSON (.json)" in str(raised.value)
