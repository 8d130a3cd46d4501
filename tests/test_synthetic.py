"""The synthetic researchers behind the demo, tests and benchmarks: fictional and reproducible."""

from __future__ import annotations

import pytest

from candidates.filenames import group_by_person, person_key
from candidates.parsing.pdf import read_pdf
from candidates.synthetic import ARCHETYPES, generate, render_bibtex, render_cv_pdf, write_set


def test_the_same_seed_gives_the_same_bytes():
    assert render_cv_pdf(generate(7)) == render_cv_pdf(generate(7))
    assert generate(7).name == generate(7).name


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_archetype_renders_a_readable_cv(archetype):
    person = generate(3, archetype=archetype)

    text = "\n".join(read_pdf(render_cv_pdf(person)).pages)

    assert person.name in text
    assert "Education" in text
    assert ("Publications" in text) == bool(person.papers)


def test_researchers_publish_and_software_engineers_do_not():
    assert len(generate(1, archetype="researcher").papers) >= 5
    assert generate(1, archetype="software_engineer").papers == []


def test_the_bibtex_lists_every_paper_with_the_person_as_author():
    person = generate(11, archetype="researcher")

    bib = render_bibtex(person)

    assert bib.count("@") == len(person.papers)
    assert bib.count(person.name) == len(person.papers)


def test_a_set_pairs_cvs_with_publication_lists_by_file_name(tmp_path):
    paths = write_set(tmp_path, count=5, seed=1000)

    groups = group_by_person(paths)

    assert len(groups) == 5
    assert all(group[0].suffix == ".pdf" for group in groups)
    assert any(len(group) == 2 for group in groups)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jane-Doe__cv.pdf", "jane-doe"),
        ("jane-doe__papers.bib", "jane-doe"),
        ("resume.pdf", "resume"),
        ("__odd.pdf", "__odd"),
        ("a.b__cv.pdf", "a.b"),
    ],
)
def test_person_keys_come_from_the_part_before_the_double_underscore(name, key):
    assert person_key(name) == key
