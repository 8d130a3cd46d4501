"""Where a candidate stands in the author lists of their publications."""

from __future__ import annotations

from pathlib import Path

import pytest

from candidates.authorship import (
    author_position,
    authorship,
    counts_as_first,
    infer_owner,
    name_mentions,
    normalize_person_name,
    read_legend,
)
from candidates.parsing.entries import RawPublication
from candidates.parsing.publications import parse_publication_list


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jane Q. Doe", "jane q doe"),
        ("Doe, Jane Q.*", "jane q doe"),
        ("Andrea Karlová†", "andrea karlova"),
        ("JOSÉ LÓPEZ", "jose lopez"),
        ("Karel D’Oosterlinck", "karel doosterlinck"),
        ("C.-Y. Xu", "c y xu"),
        ("Philip HW Leong", "philip h w leong"),
        ("Jane Doe¹", "jane doe"),
        ("王焯", "王焯"),
    ],
)
def test_a_name_is_normalized_to_a_comparison_key(name, key):
    assert normalize_person_name(name) == key


AUTHORS = ["Ada Lovelace", "Jane Q. Doe", "Grace Hopper"]


@pytest.mark.parametrize(
    "written",
    [
        "Jane Q. Doe",
        "Jane Doe",
        "J. Doe",
        "J. Q. Doe",
        "Doe, Jane",
        "Doe, J.",
        "Doe J",
        "Doe JQ",
        "Doe JA",  # Vancouver's initials, run together whatever their letters
        "Jane Doe*",
        "JaneDoe",
        "DoeJane",
        "JANE DOE",
        "Jane Dóe",
    ],
)
def test_the_same_person_is_found_however_the_name_is_written(written):
    assert author_position(AUTHORS, written)[0] == "middle"
    assert author_position(["Ada Lovelace", written, "Grace Hopper"], "Jane Doe")[0] == "middle"


@pytest.mark.parametrize(
    "other",
    ["K. Doe", "John Doe", "Jane Roe", "Doe", "Janet Smith", "D. Jane"],
)
def test_a_different_person_is_not_found(other):
    assert author_position(["Ada Lovelace", other, "Grace Hopper"], "Jane Doe") == (None, None)


@pytest.mark.parametrize(
    "owner", ["Dr. Jane Doe", "Prof. Jane Doe", "Jane Doe, PhD", "Jane Doe Jr.", "DOE Jane"]
)
def test_titles_degrees_and_a_family_name_set_first_in_capitals_leave_the_name_itself(owner):
    assert author_position(["Ada Lovelace", "J. Doe", "Grace Hopper"], owner)[0] == "middle"


def test_a_family_name_set_first_in_capitals_is_not_read_as_a_given_name():
    # "ZHANG Wei" says which is the family name: W. Zhang, not Z. Wei.
    assert author_position(["W. Zhang", "Z. Wei"], "ZHANG Wei") == ("first", None)
    assert author_position(["Z. Wei", "Ada Lovelace"], "ZHANG Wei") == (None, None)


def test_chinese_names_match_in_either_order():
    assert author_position(["Wang Zhuo", "Zhang Wei"], "Zhuo Wang") == ("first", None)
    assert author_position(["Zhuo Wang", "Zhang Wei"], "Wang Zhuo") == ("first", None)
    assert author_position(["Zhuo Wang", "Wang Jie"], "Jie Wang") == ("last", None)


def test_the_closest_spelling_wins_among_similar_names():
    authors = ["Yiren Zhao", "Ritchie Zhao", "Y. Zhao"]
    assert author_position(authors, "Ritchie Zhao")[0] == "middle"
    assert author_position(authors, "Y. Zhao")[0] == "last"


@pytest.mark.parametrize(
    ("authors", "position"),
    [
        (["Jane Doe"], "sole"),
        (["Jane Doe", "Max Roe"], "first"),
        (["Max Roe", "Jane Doe"], "last"),
        (["Max Roe", "Jane Doe", "Ada Lovelace"], "middle"),
        (["Max Roe", "Jane Doe", "others"], "middle"),
        (["Jane Doe", "others"], "first"),
        (["Ada Lovelace", "Max Roe"], None),
        ([], None),
    ],
)
def test_the_position_is_sole_first_last_or_middle(authors, position):
    assert author_position(authors, "Jane Doe")[0] == position


@pytest.mark.parametrize(
    ("authors", "equal"),
    [
        # Co-first authors: a run of marks opening the list.
        (["Jane Doe*", "Max Roe*", "Ada Lovelace"], True),
        (["Max Roe*", "Jane Doe*", "Ada Lovelace"], True),
        (["Max Roe∗", "Jane Doe∗", "Ada Lovelace"], True),
        (["Max Roe†", "Jane Doe†", "Ada Lovelace"], True),
        (["Max Roe#", "Jane Doe#", "Ada Lovelace"], True),
        (["Max Roe^", "Jane Doe^", "Ada Lovelace"], True),
        # Co-last authors (joint supervision) are co-senior, not co-first.
        (["Ada Lovelace", "Max Roe‡", "Jane Doe‡"], False),
        # Every author marked alike: they all share the work.
        (["Max Roe*", "Jane Doe*"], True),
        (["Max Roe*", "Jane Doe*", "Ada Lovelace*"], True),
        # A doubled mark is a mark of its own: "**" is not "*".
        (["Max Roe*", "Jane Doe**", "Ada Lovelace**"], False),
        # Others are marked, the person is not.
        (["Max Roe*", "Ada Lovelace*", "Jane Doe"], False),
        # Marks on the first and last author only mean something else (an affiliation).
        (["Jane Doe*", "Ada Lovelace", "Max Roe*"], False),
        # A run in the middle is neither co-first nor co-last.
        (["Ada Lovelace", "Jane Doe*", "Max Roe*", "Grace Hopper"], False),
        # A mark on one author alone is no shared contribution.
        (["Jane Doe*", "Max Roe", "Ada Lovelace"], False),
        # A run that would close a truncated list cannot be known to close it.
        (["Ada Lovelace", "Max Roe*", "Jane Doe*", "others"], False),
        # No marks at all: unknown.
        (["Jane Doe", "Max Roe"], None),
        # Superscript digits are affiliations, not marks.
        (["Jane Doe¹", "Max Roe¹"], None),
    ],
)
def test_equal_contribution_needs_a_run_of_marks_opening_the_list(authors, equal):
    assert author_position(authors, "Jane Doe")[1] is equal


@pytest.mark.parametrize(
    ("authors", "co_senior"),
    [
        (["Ada Lovelace", "Max Roe†", "Jane Doe†"], True),
        (["Ada Lovelace", "Jane Doe†", "Max Roe†"], True),
        (["Ada Lovelace*", "Max Roe*", "Grace Hopper", "Jane Doe**", "Alan Turing**"], True),
        (["Jane Doe*", "Max Roe*", "Ada Lovelace"], False),
        (["Ada Lovelace", "Max Roe†", "Jane Doe†", "others"], False),
    ],
)
def test_a_run_of_marks_closing_the_list_is_co_senior_authorship(authors, co_senior):
    assert authorship(authors, "Jane Doe").co_senior is co_senior


@pytest.mark.parametrize(
    ("authors", "first"),
    [
        (["Jane Doe", "Max Roe"], True),
        (["Jane Doe"], True),
        (["Max Roe*", "Jane Doe*", "Ada Lovelace"], True),
        (["Max Roe*", "Ada Lovelace*", "Jane Doe*", "Grace Hopper"], True),
        (["Max Roe", "Jane Doe*", "Ada Lovelace*"], False),
        (["Max Roe", "Jane Doe"], False),
        (["Max Roe*", "Jane Doe", "Ada Lovelace"], False),
    ],
)
def test_a_co_first_author_counts_as_a_first_author(authors, first):
    assert counts_as_first(*author_position(authors, "Jane Doe")) is first


@pytest.mark.parametrize(
    ("lines", "legend"),
    [
        (["* equal contribution"], {"*": "equal"}),
        (["(*) Equal Contribution"], {"*": "equal"}),
        (["∗ denotes joint first authors"], {"*": "equal"}),
        (["Equal contribution: #"], {"#": "equal"}),
        (["* co-first authors, † corresponding author"], {"*": "equal", "†": "other"}),
        (["* equal contribution; ** equal advising"], {"*": "equal", "**": "senior"}),
        (["‡ co-senior authorship"], {"‡": "senior"}),
        (["# alphabetical order"], {"#": "other"}),
        # A line of an entry is no legend, nor a line without marks.
        (
            [
                "Jane Doe*, Max Roe*, Ada Lovelace, Grace Hopper, Alan Turing. A study of "
                "equal contribution in large teams. In Proceedings of a Conference, 2023."
            ],
            {},
        ),
        (["Equal contribution is discussed below"], {}),
    ],
)
def test_a_legend_says_what_the_marks_mean(lines, legend):
    assert read_legend(lines) == legend


def test_a_legend_overrides_where_the_marks_stand():
    corresponding = {"†": "other"}
    authors = ["Max Roe†", "Jane Doe†", "Ada Lovelace"]
    assert author_position(authors, "Jane Doe") == ("middle", True)
    assert author_position(authors, "Jane Doe", legend=corresponding) == ("middle", False)
    senior = {"*": "senior"}
    assert authorship(["Ada Lovelace", "Jane Doe*", "Max Roe*"], "Jane Doe", legend=senior) == (
        authorship(["Ada Lovelace", "Jane Doe*", "Max Roe*"], "Jane Doe")
    )
    assert author_position(["Max Roe*", "Jane Doe*"], "Jane Doe", legend=senior)[1] is False


@pytest.mark.parametrize(
    ("authors", "name", "position"),
    [
        (["Z. Gan", "L. Li", "M. Roe"], "Zhe Gan", "first"),
        (["Li, L.", "Roe, M.", "Gan, Z."], "Zhe Gan", "last"),
        (["ZG Gan", "Li L", "Roe M"], "Zhe Gan", "first"),
        (["L. Li", "J.-L. Picard", "M. Roe"], "Jean-Luc Picard", "middle"),
        (["Picard, J.-L.", "Li, L."], "Jean-Luc Picard", "first"),
        (["Jean-Luc Picard", "L. Li"], "J.-L. Picard", "first"),
        (["L. Li", "José Núñez-García"], "Jose Nunez-Garcia", "last"),
        (["Y.K. Chia", "L. Li"], "Yeow Khiang Chia", "first"),
    ],
)
def test_the_candidate_is_found_in_initials_only_author_lists(authors, name, position):
    assert author_position(authors, name)[0] == position


def test_a_person_not_in_the_list_has_no_equal_contribution_either():
    assert author_position(["Max Roe*", "Ada Lovelace*"], "Jane Doe") == (None, None)


def publication(*authors: str) -> RawPublication:
    return RawPublication(
        title="T", authors=authors, year=2023, venue_raw=None, entry_type=None, note=None, raw=""
    )


def test_the_owner_of_a_list_is_the_author_of_most_of_its_entries():
    entries = [
        publication("J. Doe", "M. Roe"),
        publication("Jane Doe*", "Ada Lovelace*"),
        publication("Grace Hopper", "Doe, Jane", "M. Roe"),
        publication("Grace Hopper", "Ada Lovelace"),
    ]
    assert infer_owner(entries) == "Jane Doe"


def test_a_supervisor_on_every_entry_is_not_taken_for_the_owner():
    entries = [
        publication("Jane Doe", "Max Roe", "Prof Advisor"),
        publication("Jane Doe", "Prof Advisor"),
        publication("Ada Lovelace", "Jane Doe", "Prof Advisor"),
    ]
    assert infer_owner(entries) == "Jane Doe"


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [publication("Jane Doe", "Max Roe")],
        [publication("Jane Doe"), publication("Max Roe"), publication("Ada Lovelace")],
        [publication(), publication()],
    ],
)
def test_there_is_no_owner_without_someone_on_half_the_entries_and_two_at_least(entries):
    assert infer_owner(entries) is None


def test_entries_without_authors_do_not_count_against_the_owner():
    entries = [publication("Jane Doe"), publication("J. Doe", "Max Roe"), publication()]
    assert infer_owner(entries) == "Jane Doe"


@pytest.mark.corpus
def test_every_real_bib_file_with_several_entries_has_an_owner_on_them(corpus_dir: Path):
    owners = positions = 0
    for path in sorted((corpus_dir / "bib").glob("*.bib")):
        entries = parse_publication_list(path.read_bytes(), filename=path.name).publications
        owner = infer_owner(entries)
        if len(entries) < 2:
            assert owner is None
            continue
        assert owner is not None, path.name
        owners += 1
        positions += sum(author_position(e.authors, owner)[0] is not None for e in entries)
    assert owners >= 20
    assert positions >= 230  # measured: the owner is found on 244 of 259 entries


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Jane Q. Doe, Max Roe. A paper. 2020.", 1),
        ("J. Doe and M. Roe; M. Roe, J.-Q. Doe; Doe, J., Roe, M.; DOE J, ROE M", 4),
        ("Doe, Jane and Roe, Max. Jane Doé. Jane Quinn Doe.", 3),
        # A co-author of the same family name, and the name in a title, are not the owner.
        ("B. Doe, M. Roe. The Doe effect. 2021.", 0),
    ],
)
def test_the_owner_is_counted_as_author_lists_write_them(text, count):
    assert name_mentions(text, "Jane Doe") == count


def test_a_name_of_one_word_or_without_spaces_is_not_counted():
    assert name_mentions("王焯, 李四. 论文. 2020.", "王焯") == 0
    assert name_mentions("Plato, Aristotle. Dialogues.", "Plato") == 0
