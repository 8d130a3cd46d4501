"""Agreement of a panel: Krippendorff's alpha (ordinal) among reviewers and of Referee against
the panel's median, where reviewers disagree most, and "not enough scorecards" for small data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reviews.agreement import NOT_ENOUGH, ordinal_alpha, panel_medians, widest_spreads
from tests.panels import panel_world, referee_levels, score

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four coders,
# twelve units, values 1-5 with gaps; the paper computes by hand alpha = 0.743 (nominal),
# 0.815 (ordinal) and 0.849 (interval). Here on levels 0-4 (each value one lower: the
# ordinal metric reads only order and frequencies, so alpha is the same).
PAPER = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def as_levels(values: list[int | None]) -> dict[int, float]:
    return {unit: value - 1.0 for unit, value in enumerate(values) if value is not None}


def test_alpha_matches_the_value_computed_by_hand_in_krippendorffs_paper():
    alpha = ordinal_alpha({coder: as_levels(values) for coder, values in PAPER.items()})
    assert alpha.value == pytest.approx(0.815, abs=0.0005)
    # Unit 12 was rated by one coder only: it is not pairable and does not count.
    assert (alpha.raters, alpha.units) == (4, 11)


def test_alpha_of_a_small_example_worked_by_hand():
    # Two reviewers, three units: (0, 0), (1, 1), (0, 2). Pairable values: 0 x3, 1 x2, 2 x1,
    # n = 6. Ordinal distances from the frequencies: d(0,2) = (3 + 2 + 1 - (3 + 1) / 2)^2 = 16,
    # d(0,1) = (3 + 2 - 5/2)^2 = 6.25, d(1,2) = (2 + 1 - 3/2)^2 = 2.25.
    # Observed: one disagreeing unit, two pairs (0,2),(2,0) over m_u - 1 = 1: Do = 2*16 / 6.
    # Expected: (2 * (3*2*6.25 + 3*1*16 + 2*1*2.25)) / (6 * 5) = 2 * 90 / 30.
    # alpha = 1 - Do/De = 1 - (32/6) / 6 = 1 - 0.8889 = 0.111.
    alpha = ordinal_alpha({"r": {1: 0, 2: 1, 3: 0}, "s": {1: 0, 2: 1, 3: 2}})
    assert alpha.value == pytest.approx(1 - (32 / 6) / 6, abs=0.0005)


@pytest.mark.parametrize(
    ("ratings", "why"),
    [
        ({}, "two reviewers"),
        ({"r": {1: 2, 2: 3}}, "two reviewers"),
        ({"r": {1: 2}, "s": {2: 3}}, "no applicant has been scored by two reviewers"),
        ({"r": {1: 2, 2: 2}, "s": {1: 2, 2: 2}}, "cannot be told from chance"),
    ],
)
def test_small_data_says_why_there_is_no_alpha_instead_of_a_nan(ratings, why):
    alpha = ordinal_alpha(ratings)
    assert alpha.value is None
    assert why in alpha.reason
    if ratings and "chance" not in why:
        assert alpha.reason.startswith(NOT_ENOUGH)


def test_the_widest_spreads_come_first_and_agreement_is_left_out():
    ratings = {"r": {"a": 0, "b": 2, "c": 3}, "s": {"a": 4, "b": 3, "c": 3}, "t": {"a": 2}}
    spreads = widest_spreads(ratings)
    assert [(s.unit, s.width, s.raters) for s in spreads] == [("a", 4, 3), ("b", 1, 2)]
    assert panel_medians(ratings) == {"a": 2.0, "b": 2.5, "c": 3.0}


# --- A role's panel --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_roles_agreement_reads_submitted_scorecards_and_referees_levels(client):
    world = panel_world(applicants=3)
    width = len(world.criteria)
    first, second, third = world.applications
    levels = {
        "ann": {first: [0] * width, second: [2] * width, third: [4] * width},
        "bob": {first: [1] * width, second: [2] * width, third: [4] * width},
    }
    for who, cards in levels.items():
        for application, given in cards.items():
            score(world, who, application, given)
    score(world, "cat", first, [4] * width, submit=False)  # a draft counts for nothing
    expected = ordinal_alpha(
        {
            who: {
                (a.pk, c.pk): float(lv[i])
                for a, lv in cards.items()
                for i, c in enumerate(world.criteria)
            }
            for who, cards in levels.items()
        }
    )
    for application, given in ((first, 0), (second, 2), (third, 4)):
        referee_levels(world, application, [given] * width)

    answer = APIClient()
    answer.force_authenticate(world.user("manager"))
    body = answer.get(f"/api/v1/roles/{world.role.pk}/panel/agreement/").json()
    assert body["panel"]["value"] == expected.value
    assert expected.value is not None
    assert body["panel"]["units"] == 3 * width
    assert body["panel"]["raters"] == 2
    assert body["scorecards"] == 6
    # Referee's levels 0, 2, 4 against the medians 0.5, 2, 4: close, not perfect.
    assert 0.8 < body["referee"]["value"] < 1
    assert body["disagreements"][0]["application"] == first.pk
    assert (body["disagreements"][0]["lowest"], body["disagreements"][0]["highest"]) == (0, 1)

    client.force_login(world.user("manager"))
    page = client.get(reverse("panel", args=[world.role.pk])).content.decode()
    assert f"<strong>{expected.value:.3f}</strong>" in page
    assert "Where reviewers disagree most" in page


@pytest.mark.django_db
def test_with_one_reviewer_the_panel_page_and_api_say_not_enough_scorecards(client):
    world = panel_world(applicants=1)
    score(world, "ann", world.applications[0], [2] * len(world.criteria))
    api = APIClient()
    api.force_authenticate(world.user("manager"))
    body = api.get(f"/api/v1/roles/{world.role.pk}/panel/agreement/").json()
    assert body["panel"]["value"] is None
    assert body["panel"]["reason"].startswith("Not enough scorecards")
    assert body["referee"]["value"] is None
    assert "NaN" not in str(body)
    client.force_login(world.user("manager"))
    page = client.get(reverse("panel", args=[world.role.pk])).content.decode()
    assert "Not enough scorecards" in page


@pytest.mark.django_db
def test_disagreements_name_only_applicants_whose_scorecards_the_reader_may_read():
    world = panel_world(applicants=1)
    width = len(world.criteria)
    score(world, "ann", world.applications[0], [0] * width)
    score(world, "bob", world.applications[0], [4] * width)
    url = f"/api/v1/roles/{world.role.pk}/panel/agreement/"
    for reader, listed in (("cat", False), ("recruiter", False), ("ann", True), ("admin", True)):
        api = APIClient()
        api.force_authenticate(world.user(reader))
        assert bool(api.get(url).json()["disagreements"]) is listed, reader
