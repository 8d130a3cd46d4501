"""Properties of publication list parsing that hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.authorship import author_position, normalize_person_name
from candidates.extraction.document import TextLine
from candidates.parsing.entries import PublicationListError, PublicationListResult
from candidates.parsing.plain import TITLE_WORDS, parse_plain_entries
from candidates.parsing.publications import parse_publication_list

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
RESERVED = {"and", "et", "al", "etc", "others", "van", "von", "der", "den", "del", "bin"} | set(
    TITLE_WORDS
)
TITLE_VOCABULARY = (
    "graph neural sparse learning model robust fast deep data vision language agents policy "
    "reward kernel tensor memory signal noise random games proteins molecules climate"
).split()

# Characters that matter to the parsers: list markers, separators, quotes, marks, braces.
SYMBOLS = list(" \n\t.,;:()[]{}\"“”*†‡#^&@=%$\\-–—•'’0123456789")
TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(SYMBOLS), st.characters(codec="utf-8")), max_size=400
)
FRAGMENTS = st.sampled_from(
    [
        "[1] ",
        "1. ",
        "• ",
        "J. Doe, ",
        "Doe, J., ",
        "and ",
        "et al. ",
        "“A title,” ",
        "In Proceedings of ICML, ",
        "2023. ",
        "(2021) ",
        "arXiv:2301.00001 ",
        "Under review. ",
        "Conference Papers\n",
        "\n",
        "\n\n",
        "@article{k, title={",
        "} ",
        "TY  - JOUR\n",
        "ER  -\n",
        '[{"title": ',
    ]
)
CITATION_TEXT = st.lists(st.one_of(FRAGMENTS, TEXT), max_size=12).map("".join)


@SETTINGS
@given(CITATION_TEXT)
def test_plain_parsing_never_fails_and_every_entry_has_a_title(text):
    result = parse_plain_entries(text)
    assert result.format == "plain"
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for publication in result.publications:
        assert publication.title.strip()
        assert publication.line is not None
        assert 1 <= publication.line <= line_count


@SETTINGS
@given(
    st.lists(
        st.builds(
            TextLine,
            text=CITATION_TEXT,
            page=st.integers(1, 3),
            bold=st.booleans(),
            size=st.floats(0, 20),
            x0=st.floats(0, 300),
            gap=st.floats(0, 40),
        ),
        max_size=15,
    )
)
def test_plain_parsing_of_cv_lines_never_fails(lines):
    parse_plain_entries(lines)


@SETTINGS
@given(
    st.one_of(st.binary(max_size=300), CITATION_TEXT.map(str.encode)),
    st.sampled_from(["", "papers.bib", "refs.ris", "items.json", "list.txt"]),
)
def test_any_upload_gives_entries_or_a_message_for_the_user(content, filename):
    outcome = entries_or_message(content, filename)
    assert outcome if isinstance(outcome, str) else outcome.publications


def entries_or_message(content: bytes, filename: str) -> PublicationListResult | str:
    try:
        return parse_publication_list(content, filename=filename)
    except PublicationListError as error:
        return str(error)


# Made-up names; words a list gives a meaning to ("and", "et", "van", "Learning") are left out.
NAME = (
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
    .filter(lambda word: word not in RESERVED)
    .map(str.capitalize)
)
TITLE = st.lists(st.sampled_from(TITLE_VOCABULARY), min_size=3, max_size=9).map(
    lambda words: " ".join(words).capitalize()
)
PEOPLE = st.lists(st.tuples(NAME, NAME), min_size=1, max_size=6, unique_by=lambda p: p[1])


@SETTINGS
@given(st.lists(st.tuples(TITLE, PEOPLE, st.integers(1990, 2030)), min_size=1, max_size=8))
def test_generated_bibtex_entries_come_back_with_their_fields(works):
    bibtex = "\n".join(
        f"@inproceedings{{key{i},\n  title = {{{title}}},\n"
        f"  author = {{{' and '.join(f'{last}, {first}' for first, last in people)}}},\n"
        f"  booktitle = {{Proceedings of ICML}},\n  year = {{{year}}}\n}}"
        for i, (title, people, year) in enumerate(works)
    )
    result = parse_publication_list(bibtex.encode(), filename="papers.bib")
    assert [(p.title, p.year) for p in result.publications] == [(t, y) for t, _, y in works]
    assert [p.authors for p in result.publications] == [
        tuple(f"{first} {last}" for first, last in people) for _, people, _ in works
    ]


@SETTINGS
@given(st.lists(st.tuples(TITLE, PEOPLE, st.integers(1990, 2030)), min_size=1, max_size=8))
def test_generated_numbered_lists_come_back_entry_by_entry(works):
    text = "\n".join(
        f"[{i}] {', '.join(f'{first[0]}. {last}' for first, last in people)}. {title}. "
        f"In Proceedings of ICML, {year}."
        for i, (title, people, year) in enumerate(works, start=1)
    )
    publications = parse_plain_entries(text).publications
    assert [(p.title, p.year, p.line) for p in publications] == [
        (title, year, i) for i, (title, _, year) in enumerate(works, start=1)
    ]
    assert [len(p.authors) for p in publications] == [len(people) for _, people, _ in works]


@SETTINGS
@given(PEOPLE.filter(lambda people: len({first[0] for first, _ in people}) == len(people)))
def test_every_author_is_found_at_their_position(people):
    authors = [f"{first} {last}" for first, last in people]
    for index, (first, last) in enumerate(people):
        position, _ = author_position(authors, f"{first[0]}. {last}")
        expected = (
            "sole"
            if len(people) == 1
            else "first"
            if index == 0
            else "last"
            if index == len(people) - 1
            else "middle"
        )
        assert position == expected


@SETTINGS
@given(PEOPLE.filter(lambda people: len(people) >= 3), st.integers(2, 3))
def test_marks_on_the_first_authors_are_equal_contribution_for_them_only(people, marked):
    marked = min(marked, len(people) - 1)
    names = [f"{first} {last}" for first, last in people]
    authors = [name + "*" if index < marked else name for index, name in enumerate(names)]
    for index, name in enumerate(names):
        assert author_position(authors, name)[1] is (index < marked)


@SETTINGS
@given(NAME, NAME, st.sampled_from(["", "*", "†", "¹"]))
def test_a_normalized_name_is_stable_and_ignores_order_marks_and_case(first, last, mark):
    key = normalize_person_name(f"{first} {last}")
    assert normalize_person_name(key) == key
    assert normalize_person_name(f"{last}, {first}{mark}") == key
    assert normalize_person_name(f"{first.upper()} {last.upper()}") == key
