"""Reading BibTeX files as personal websites and CV templates write them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from candidates.parsing.bibtex import parse_bibtex
from candidates.parsing.entries import RAW_LIMIT, RawPublication
from candidates.parsing.publications import parse_publication_list


def only_entry(bibtex: str) -> RawPublication:
    result = parse_bibtex(bibtex)
    assert result.warnings == []
    assert len(result.publications) == 1
    return result.publications[0]


def entry(fields: str, entry_type: str = "inproceedings") -> str:
    return f"@{entry_type}{{key2023,\n{fields}\n}}\n"


@pytest.mark.parametrize(
    ("fields", "entry_type", "venue", "note"),
    [
        # A conference paper filed as an article keeps its type and its venue.
        (
            "title={T}, journal={Neural Information Processing Systems (NeurIPS)}",
            "article",
            "Neural Information Processing Systems (NeurIPS)",
            None,
        ),
        ("title={T}, booktitle={ICML}", "inproceedings", "ICML", None),
        (
            "title={T}, booktitle={ICML 2024 Workshop on Structured Probabilistic Inference}",
            "inproceedings",
            "ICML 2024 Workshop on Structured Probabilistic Inference",
            None,
        ),
        (
            "title={T}, booktitle={Findings of the Association for Computational Linguistics: "
            "EMNLP 2023}",
            "inproceedings",
            "Findings of the Association for Computational Linguistics: EMNLP 2023",
            None,
        ),
        ("title={T}, journal={[Under Review]}", "article", None, "under review"),
        (
            "title={T}, journal={arXiv preprint arXiv:2405.17403}",
            "article",
            "arXiv preprint",
            "arXiv:2405.17403",
        ),
        (
            "title={T}, howpublished={\\url{https://example.org/paper}}, publisher={Elsevier}",
            "misc",
            "Elsevier",
            None,
        ),
        (
            "title={T}, school={University of Cambridge}",
            "phdthesis",
            "University of Cambridge",
            None,
        ),
        (
            "title={T}, booktitle={AAAI}, note={Oral presentation}",
            "inproceedings",
            "AAAI",
            "Oral presentation",
        ),
    ],
)
def test_the_venue_and_note_come_from_the_fields_that_hold_them(fields, entry_type, venue, note):
    publication = only_entry(entry(fields, entry_type))
    assert (publication.venue_raw, publication.note, publication.entry_type) == (
        venue,
        note,
        entry_type,
    )


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        ("title={T}, booktitle={CVPR}, abbr={CVPRW}", "CVPRW"),
        ("title={T}, booktitle={ICML}, abbrtype={workshop}", "workshop"),
        ("title={T}, booktitle={AAAI}, abbr_type={demo}", "demo"),
        ("title={T}, booktitle={NeurIPS}, series={Datasets and Benchmarks Track}",
         "Datasets and Benchmarks Track"),
        ("title={T}, booktitle={CVPR}, series={CVPR Workshops}", "CVPR Workshops"),
        # A badge or series that only names the venue says nothing more.
        ("title={T}, booktitle={ICML}, abbr={ICML}, series={PMLR}", None),
    ],
)  # fmt: skip
def test_badges_types_and_series_that_label_the_kind_become_notes(fields, note):
    assert only_entry(entry(fields, "inproceedings")).note == note


def test_a_badge_is_the_venue_of_an_entry_that_has_no_other():
    assert only_entry(entry("title={T}, abbr={arXiv}", "article")).venue_raw == "arXiv"


def test_an_arxiv_only_misc_entry_keeps_its_eprint_as_a_note():
    publication = only_entry(
        entry(
            "title={Neural Pose Representation Learning},\n"
            "author={Seungwoo Yoo and Juil Koo},\n year={2024},\n eprint={2406.09728},\n"
            "archivePrefix={arXiv},\n primaryClass={cs.CV}",
            "misc",
        )
    )
    assert publication.note == "arXiv:2406.09728"
    assert publication.venue_raw is None
    assert publication.year == 2024


@pytest.mark.parametrize(
    "fields",
    [
        "title={T}, eprinttype={arXiv}, eprint={1912.00520}",
        "title={T}, arxiv={1912.00520}",
        "title={T}, url={https://arxiv.org/abs/1912.00520}",
    ],
)
def test_arxiv_identifiers_are_found_wherever_exporters_put_them(fields):
    assert only_entry(entry(fields, "article")).note == "arXiv:1912.00520"


def test_an_eprint_of_another_archive_is_not_taken_for_arxiv():
    publication = only_entry(entry("title={T}, eprinttype={pubmed}, eprint={12345678}", "article"))
    assert publication.note is None


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Doe, Jane and Roe, Max", ("Jane Doe", "Max Roe")),
        ("Jane Doe and Max Roe", ("Jane Doe", "Max Roe")),
        ("{Doe}, Jane", ("Jane Doe",)),
        ("Ludwig {van} Beethoven", ("Ludwig van Beethoven",)),
        ("de la Iglesia, Alex", ("Alex de la Iglesia",)),
        ("Doe, Jane and others", ("Jane Doe", "others")),
        ("Doe*, Jane and Roe*, Max", ("Jane Doe*", "Max Roe*")),
        ("Jane Doe$^*$ and Max Roe$^*$", ("Jane Doe*", "Max Roe*")),
        ("Jane Doe^* and Max Roe^*", ("Jane Doe*", "Max Roe*")),
        ("Jane Doe\\textsuperscript{*} and Max Roe", ("Jane Doe*", "Max Roe")),
        ("Jane Doe$^\\dagger$ and Max Roe\\dag", ("Jane Doe†", "Max Roe†")),
        ("Jane Doe^ and Max Roe", ("Jane Doe^", "Max Roe")),
        ("Nikoli{\\'c}, Milo{\\v{s}} and H{\\\"o}nig, Robert", ("Miloš Nikolić", "Robert Hönig")),
        ("In{\\^e}s Lobo and Fran{\\c c}ois Roe", ("Inês Lobo", "François Roe")),
        ("Zhi{-}Hua Zhou and Bin Yang 0002", ("Zhi-Hua Zhou", "Bin Yang")),
        # A list written with commas instead of "and".
        ("Lei Yan, Dongyang Lu, Lihua Xiong", ("Lei Yan", "Dongyang Lu", "Lihua Xiong")),
    ],
)
def test_authors_are_read_first_name_first_with_their_marks(author, expected):
    assert only_entry(entry(f"title={{T}}, author={{{author}}}")).authors == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("{DANLI}: Deliberative Agent", "DANLI: Deliberative Agent"),
        ("On the {{Role}} of {{Information Structure}}", "On the Role of Information Structure"),
        ("Caf{\\'e} and {\\\"o}l: Da{\\c c}a", "Café and öl: Daça"),
        ("\\'{E}t\\'{e} models", "Été models"),
        ("Search \\& Rescue -- a survey", "Search & Rescue – a survey"),
        ("CACHE Challenge \\#3", "CACHE Challenge #3"),
        ("A title\n   on two lines.", "A title on two lines"),
        (
            "Structured Credit Assignment in Mice - In preparation",
            "Structured Credit Assignment in Mice",
        ),
    ],
)
def test_titles_are_decoded_from_latex_on_one_line(title, expected):
    assert only_entry(entry(f"title={{{title}}}")).title == expected


def test_braces_nested_too_deep_for_the_latex_decoder_still_give_the_title():
    deep = "{" * 600 + "Deep title" + "}" * 600
    assert only_entry(entry(f"title={{{deep}}}")).title == "Deep title"


def test_a_status_written_into_the_title_moves_to_the_note():
    publication = only_entry(entry("title={(In progress) Cache-aware CPU affinity}", "article"))
    assert (publication.title, publication.note) == ("Cache-aware CPU affinity", "in progress")


@pytest.mark.parametrize(
    ("year", "expected"),
    [("2023", 2023), ("{2023}", 2023), ("2023a", 2023), ("{in press}", None), ("{2022-05}", 2022)],
)
def test_years_are_read_from_what_people_write_there(year, expected):
    assert only_entry(entry(f"title={{T}}, year={year}")).year == expected


def test_a_biblatex_date_gives_the_year_when_there_is_no_year_field():
    assert only_entry(entry("title={T}, date={2021-06-30}")).year == 2021


def test_string_macros_are_expanded_in_venues_and_other_blocks_are_ignored():
    bibtex = (
        "---\nlayout: front matter of a static site\n---\n"
        '@string{icml = "International Conference on Machine Learning"}\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
        '@inproceedings{a, title={T}, booktitle=icml # " (ICML)", year=2022}\n'
        "@inproceedings{b, title={U}, booktitle=ICML, year=2023}\n"
    )
    result = parse_bibtex(bibtex)
    assert [p.venue_raw for p in result.publications] == [
        "International Conference on Machine Learning (ICML)",
        "International Conference on Machine Learning",
    ]
    assert result.warnings == []


def test_a_malformed_entry_is_skipped_with_a_warning_and_the_others_are_read():
    bibtex = (
        "@article{good1, title={First}, year={2020}}\n"
        "@article{broken,\n  title={Never closed,\n  year={2021},\n}\n"
        "@article{notitle, author={Doe, Jane}, year={2022}}\n"
        "@article{good2, title={Second}, year={2023}}\n"
    )
    result = parse_bibtex(bibtex)
    assert [p.title for p in result.publications] == ["First", "Second"]
    assert result.warnings == [
        "Entry 2 (broken) was skipped: a brace or quote opened in it (line 2) is never closed.",
        "Entry 3 (notitle) was skipped: it has no title.",
    ]


def test_a_repeated_key_keeps_both_works_but_drops_a_true_duplicate():
    bibtex = (
        "@article{same, title={One work}, year={2020}}\n"
        "@article{same, title={Another work}, year={2021}}\n"
        "@article{same, title={ONE WORK}, year={2020}}\n"
    )
    result = parse_bibtex(bibtex)
    assert [p.title for p in result.publications] == ["One work", "Another work"]
    assert result.warnings == ["Entry 3 (same) was skipped: it repeats an earlier entry."]


def test_a_repeated_field_keeps_its_first_value_as_bibtex_does():
    assert only_entry(entry("title={T}, year={2025}, year={2024}")).year == 2025


def test_fields_of_an_entry_without_its_header_are_reported():
    bibtex = "@article{a, title={T}}\n  title={Orphan fields}, author={Doe, Jane},\n}\n"
    result = parse_bibtex(bibtex)
    assert len(result.publications) == 1
    assert result.warnings == [
        "The text at line 2 looks like a BibTeX entry without its “@type{key,” line; "
        "it was skipped."
    ]


def test_the_raw_entry_is_kept_for_quoting_and_trimmed():
    abstract = "word " * 500
    publication = only_entry(entry(f"title={{T}}, abstract={{{abstract}}}"))
    assert publication.raw.startswith("@inproceedings{key2023,")
    assert len(publication.raw) <= RAW_LIMIT
    assert publication.line is None


def test_five_hundred_entries_parse_in_well_under_a_second():
    bibtex = "\n".join(
        f"@inproceedings{{k{i}, title={{Title number {i}}}, author={{Doe, Jane and Roe, Max}},"
        f" booktitle={{Proceedings of NeurIPS}}, year={{{2000 + i % 25}}}}}"
        for i in range(500)
    )
    started = time.perf_counter()
    result = parse_publication_list(bibtex.encode(), filename="papers.bib")
    elapsed = time.perf_counter() - started
    assert len(result.publications) == 500
    assert elapsed < 2.0  # about 0.1 s on a laptop


@pytest.mark.corpus
def test_every_real_bib_file_parses_with_title_and_year_on_nearly_every_entry(corpus_dir: Path):
    files = sorted((corpus_dir / "bib").glob("*.bib"))
    assert files, "the corpus has no bib files"
    entries = complete = 0
    for path in files:
        result = parse_publication_list(path.read_bytes(), filename=path.name)
        assert result.format == "bibtex"
        entries += len(result.publications)
        complete += sum(bool(p.title and p.year) for p in result.publications)
    # Measured: every one of 261 entries read has a title and a year.
    assert entries >= 250
    assert complete / entries >= 0.97
