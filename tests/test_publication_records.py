"""How each publication found in a CV or a list is interpreted: authorship, kind, track, year,
and which reading wins when a CV and a list name the same paper. All names are fictional."""

from __future__ import annotations

from candidates.extraction.publications import publications_from_cv
from tests.test_cv_structure import H, document


def cv_with_papers(*entries: str) -> list:
    doc = document(
        "Jane Q. Doe",
        ("Publications", H),
        *entries,
    )
    return publications_from_cv(doc, person_name="Jane Q. Doe")


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
