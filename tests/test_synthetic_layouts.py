"""Every layout real CVs use reads back into the facts it was written from.

The project's generator renders the same fictional researchers as a classic CV, a moderncv-style
CV with dates in a left column, a two-column "Deedy" CV and an awesome-cv-style CV with
capitalised headings and APA citations; reading them must give back the person, degrees,
papers, venues and authorship.
"""

from __future__ import annotations

import pytest

from candidates.analysis import analyze
from candidates.synthetic import ARCHETYPES, LAYOUTS, generate, render_cv_pdf
from candidates.venues import normalize_venue

LEVELS = {"PhD": "phd", "MSc": "masters", "BSc": "bachelors"}
CASES = [
    (layout, archetype, seed) for layout in LAYOUTS for archetype in ARCHETYPES for seed in range(2)
]


@pytest.mark.parametrize(("layout", "archetype", "seed"), CASES)
def test_a_cv_reads_back_into_what_it_says(layout, archetype, seed):
    person = generate(100 + seed * 13 + len(archetype), archetype=archetype)

    analysis = analyze(render_cv_pdf(person, layout=layout), kind="cv")

    assert analysis.person.name == person.name
    assert analysis.person.emails == (person.email,)
    assert sorted((d.level, d.year) for d in analysis.degrees) == sorted(
        (LEVELS[d.level], d.end) for d in person.degrees
    )
    assert len(analysis.publications) == len(person.papers)
    assert sorted(p.venue for p in analysis.publications) == sorted(
        normalize_venue(p.venue).venue for p in person.papers
    )
    first = sum(1 for p in person.papers if p.authors[0] == person.name)
    assert sum(p.author_position == "first" for p in analysis.publications) == first
