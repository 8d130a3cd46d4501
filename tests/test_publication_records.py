"""How each publication found in a CV or a list is interpreted: authorship, kind, track, year,
and which reading wins when a CV and a list name the same paper. All names are fictional."""

from __future__ import annotations

import pytest

from candidates.extraction.citations import cv_publication_entries
from candidates.extraction.publications import (
    merge_publications,
    publications_from_list,
    records_from_cv_entries,
)
from candidates.parsing.entries import year_in_text
from candidates.parsing.plain import parse_plain_entries
from candidates.parsing.publications import parse_publication_list
from tests.test_cv_structure import H, document


def cv_with_papers(*entries: str) -> list:
    doc = document(
        "Jane Q. Doe",
        ("Publications", H),
        *entries,
    )
    return records_from_cv_entries(doc, cv_publication_entries(doc, person_name="Jane Q. Doe"))


def test_a_legend_in_the_cv_says_a_dagger_marks_the_corresponding_author():
    entries = (
        "[1] Max Roe†, Jane Doe†, Ada Lovelace. Learning to rank fictional papers. In "
        "Proceedings of ICML, 2023.",
        "[2] Max Roe*, Jane Doe*, Ada Lovelace. Another study of made-up things. In "
        "Proceedings of ICML, 2022.",
    )
    without = cv_with_papers(*entries)
    with_legend = cv_with_papers("* equal contribution, † corresponding author", *entries)

    assert [p.equal_contribution for p in without] == [True, True]
    assert [p.equal_contribution for p in with_legend] == [False, True]
    assert [p.author_position for p in with_legend] == ["middle", "middle"]


def _list_records(bibtex: str) -> list:
    entries = parse_publication_list(bibtex.encode(), filename="papers.bib").publications
    return publications_from_list(entries, person_name="Jane Doe")


def test_the_lists_kind_and_track_win_over_the_cv_line_for_the_same_paper():
    cv = cv_with_papers(
        "[1] Jane Doe, Max Roe. Counting imaginary sheep with transformers. CVPR 2023.",
        "[2] Jane Doe, Max Roe. A benchmark of invented tasks for planners. NeurIPS 2022.",
    )
    listed = _list_records(
        "@inproceedings{a, title={Counting Imaginary Sheep with Transformers},"
        " author={Doe, Jane and Roe, Max}, booktitle={Proceedings of the IEEE/CVF Conference"
        " on Computer Vision and Pattern Recognition}, abbr={CVPRW}, year={2023}}\n"
        "@inproceedings{b, title={A Benchmark of Invented Tasks for Planners},"
        " author={Doe, Jane and Roe, Max}, booktitle={Advances in Neural Information Processing"
        " Systems}, series={Datasets and Benchmarks Track}, year={2022}}\n"
    )
    assert [(p.venue, p.kind, p.track) for p in cv] == [
        ("CVPR", "conference", "main"),
        ("NeurIPS", "conference", "main"),
    ]

    best = [group[0] for group in merge_publications([*cv, *listed])]

    assert [(p.venue, p.kind, p.track, p.source) for p in best] == [
        ("CVPR", "workshop", None, "publication_list"),
        ("NeurIPS", "conference", "datasets_benchmarks", "publication_list"),
    ]


def test_a_list_that_has_only_the_preprint_does_not_undo_the_cvs_publication():
    cv = cv_with_papers(
        "[1] Jane Doe, Max Roe. Counting imaginary sheep with transformers. ICML 2024."
    )
    listed = _list_records(
        "@article{a, title={Counting Imaginary Sheep with Transformers},"
        " author={Doe, Jane and Roe, Max}, journal={arXiv preprint arXiv:2301.00001},"
        " year={2023}}\n"
    )
    [group] = merge_publications([*listed, *cv])
    assert (group[0].venue, group[0].kind, group[0].source) == ("ICML", "conference", "cv")


def test_a_conference_paper_and_its_journal_version_in_one_cv_are_two_publications():
    papers = cv_with_papers(
        "[1] Jane Doe, Max Roe. Secure coding of imaginary sources. IEEE Transactions on "
        "Information Theory, 2016.",
        "[2] Jane Doe, Max Roe. Secure coding of imaginary sources. IEEE Transactions on "
        "Information Theory, 2016.",
        "[3] Jane Doe, Max Roe. Secure Coding of Imaginary Sources. In Proceedings of ISIT, 2013.",
        "[4] Jane Doe, Max Roe. Ergodic sum-rate bounds for invented channels. ICC 2015.",
        "[5] Jane Doe, Max Roe. Sum-rate bounds for invented channels. GLOBECOM 2014.",
    )

    listed = [group[0] for group in merge_publications(papers)]

    assert [(p.year, p.venue) for p in listed] == [
        (2016, "IEEE TIT"),
        (2013, "ISIT"),
        (2015, "ICC"),
        (2014, "GLOBECOM"),
    ]


def test_one_paper_in_a_cv_and_a_list_is_one_publication_whatever_year_each_gives():
    cv = cv_with_papers(
        "[1] Jane Doe, Max Roe. Counting imaginary sheep with transformers. ICML 2024."
    )
    listed = _list_records(
        "@article{a, title={Counting Imaginary Sheep with Transformers},"
        " author={Doe, Jane and Roe, Max}, journal={Journal of Invented Results}, year={2025}}\n"
    )

    assert len(merge_publications([*cv, *listed])) == 1


def test_a_thesis_without_authors_is_the_owners_and_a_name_run_into_the_title_is_read():
    papers = cv_with_papers(
        "[1] J. Q. Doe Counting imaginary sheep with transformers. In Proceedings of ICML, 2023.",
        "[2] Herding invented goats with planners. Master's thesis, Northvale University, 2019.",
        "[3] Planning with made-up maps. Workshop on Invented Benchmarks, 2018.",
    )

    # "J. Q. Doe Counting ...": the owner's name, run into the title, is the whole list.
    assert [p.author_position for p in papers] == ["sole", "sole", None]
    assert papers[0].title == "Counting imaginary sheep with transformers"


def test_a_book_chapter_or_an_edited_issue_is_no_preprint():
    papers = cv_with_papers(
        "[1] Jane Doe. Counting imaginary sheep. Chapter 10 in Max Roe (Ed.), Invented Methods, "
        "Fictional Press, 2014.",
        "[2] Jane Doe, Max Roe (eds.), Special Issue on Invented Learning, Vol. 808, 2020.",
        "[3] Jane Doe, Max Roe. Herding invented goats with planners, 2022.",
    )

    assert [(p.kind, p.status) for p in papers] == [
        ("other", "published"),
        ("other", "published"),
        ("preprint", "preprint"),
    ]


def test_papers_under_a_workshop_sub_heading_are_workshop_papers_and_tutorials_are_no_main_track():
    papers = cv_with_papers(
        "Conference Papers",
        "[1] Jane Doe, Max Roe. Counting imaginary sheep with transformers. ICML 2021.",
        "Workshop Papers",
        "[2] Jane Doe, Max Roe. Herding invented goats with planners. ICML 2022.",
        "Tutorials and Workshops",
        "[3] Jane Doe, Max Roe. Recent advances in imaginary herding. CVPR 2023.",
    )
    assert [(p.venue, p.kind, p.track, p.tier) for p in papers] == [
        ("ICML", "conference", "main", "top"),
        ("ICML", "workshop", None, "other"),
        ("CVPR", "conference", "tutorial", "other"),
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Fictional Water Research, 57(3), e2020WR029374, 2021", 2021),
        ("Fictional Water Research, 57(3), e2020WR029374", None),
        ("IEEE Trans. Imaginary Patterns, 10.1109/TIP.2019.2912345, 2020", 2020),
        ("https://doi.org/10.1000/2017.abc, Journal of Made-up Results 2019", 2019),
        ("arXiv preprint 2012.01234", None),
        ("CoRR abs/2012.01234, 2021", 2021),
        ("Book of Invented Things, ISBN 978-2-1234-2019-0, 2018", 2018),
        ("Cell Fiction 21, 1968-1981 (2017)", 2017),
        ("Cell Fiction 21, pp. 1968-1981", None),
        ("Cell Fiction 21, 1968-1981", None),
        ("ICLR2024", 2024),
        ("Proceedings of the 2019 Imaginary Conference, 2020", 2020),
        ("NeurIPS 2023a.", 2023),
        ("Symposium on Invented Privacy (EuroS&P 2021)", 2021),
        ("Cell Fiction 21, p. 2019", None),
    ],
)
def test_the_year_is_never_read_from_identifiers_or_pages(text, year):
    assert year_in_text(text) == year


def test_an_arxiv_identifier_dates_only_an_entry_that_writes_no_year():
    papers = parse_plain_entries(
        "1. Jane Doe, Max Roe. Counting imaginary sheep. arXiv:2103.01234, 2022.\n\n"
        "2. Jane Doe, Max Roe. Herding invented goats. arXiv:2103.01234.\n\n"
        "3. Jane Doe. Fictional waters. Water Fiction Research, 57(3), e2020WR029374.\n"
    ).publications
    assert [p.year for p in papers] == [2022, 2021, None]


def test_authors_after_a_quoted_title_and_its_full_stop_are_read():
    [paper] = parse_plain_entries(
        "• “Counting Imaginary Sheep: A Fictional Study of Herds”. Jane Doe et al. in: "
        "Journal of Invented Results (2025)."
    ).publications
    assert paper.authors == ("Jane Doe", "others")
    assert paper.title == "Counting Imaginary Sheep: A Fictional Study of Herds"


def test_in_the_economists_form_a_work_naming_no_co_author_is_the_owners_alone():
    # "(with ...)" names only the co-authors, in alphabetical order: the owner's place in
    # those papers is not written, and a paper with no "(with ...)" is theirs alone.
    papers = cv_with_papers(
        "“Fictional Prices and Invented Markets,” (with B. Marsh and C. Roe), Journal of "
        "Made-Up Economics, 12(3), 2021, pp. 1-20",
        "“Sole Work on Imaginary Trade,” Review of Invented Studies, 8(1), 2020, pp. 40-60",
        "“Household Choices in Nowhere,” (with D. Lund), Quarterly Journal of Fiction, "
        "3(2), 2019, pp. 5-9",
    )

    assert [(p.title, p.author_position) for p in papers] == [
        ("Fictional Prices and Invented Markets", None),
        ("Sole Work on Imaginary Trade", "sole"),
        ("Household Choices in Nowhere", None),
    ]


def test_a_list_that_names_its_authors_leaves_an_entry_without_authors_unplaced():
    # One "(with ...)" in a list of full author lists is no economists' form.
    papers = cv_with_papers(
        "[1] J. Q. Doe and B. Marsh. Counting imaginary sheep. In Proceedings of ICML, 2023.",
        "[2] J. Q. Doe, C. Roe and D. Lund. Herding invented goats. In NeurIPS, 2022.",
        "[3] Planning with made-up maps (with B. Marsh). Workshop on Invented Benchmarks, 2018.",
        "[4] Sorting pretend socks. Workshop on Invented Benchmarks, 2017.",
    )

    assert [p.author_position for p in papers] == ["first", "first", None, None]


def test_the_economists_form_holds_across_the_sections_of_a_cv():
    doc = document(
        "Jane Q. Doe",
        ("Publications", H),
        "“Fictional Prices and Invented Markets,” (with B. Marsh and C. Roe), Journal of "
        "Made-Up Economics, 12(3), 2021, pp. 1-20",
        "“Household Choices in Nowhere,” (with D. Lund), Quarterly Journal of Fiction, "
        "3(2), 2019, pp. 5-9",
        ("Working Papers", H),
        "“A Sole Working Paper on Pretend Trade,” October 2025",
    )
    papers = records_from_cv_entries(doc, cv_publication_entries(doc, person_name="Jane Q. Doe"))

    assert [p.author_position for p in papers] == [None, None, "sole"]


def test_one_with_among_works_that_name_no_authors_is_the_economists_form():
    papers = cv_with_papers(
        "“Sole Work on Imaginary Trade,” Review of Invented Studies, 8(1), 2020, pp. 40-60",
        "“Fictional Prices and Invented Markets,” (with B. Marsh), Journal of Made-Up "
        "Economics, 12(3), 2021, pp. 1-20",
        "“Another Sole Work on Pretend Goods,” Journal of Fiction, 3(2), 2019, pp. 5-9",
    )

    assert [p.author_position for p in papers] == ["sole", None, "sole"]
