"""The development set's split is by person, recorded, and does not move.

The split file bench/labels/dev_split.json holds only file hashes and sides; these tests read the
real files of ../shared/corpus/dev and skip when they are absent.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from bench import dev_split
from bench.fingerprints import file_key


@pytest.fixture(scope="module")
def dev_sides() -> dict[str, set[str]]:
    """Person -> set of recorded sides of their files."""
    if not dev_split.DEV.is_dir():
        pytest.skip(f"the development set is not present at {dev_split.DEV}")
    recorded = dev_split.recorded_sides()
    sides: dict[str, set[str]] = defaultdict(set)
    for path in dev_split.dev_files():
        key = file_key(path.read_bytes())
        assert key in recorded, "every dev file has a recorded side (run python -m bench.dev_split)"
        sides[dev_split.person(path.name)].add(recorded[key])
    return sides


def test_all_files_of_a_person_are_on_one_side(dev_sides):
    assert {p: s for p, s in dev_sides.items() if len(s) != 1} == {}


def test_recorded_split_is_the_rule_and_holds_out_about_a_third(dev_sides):
    assert all(sides == {dev_split.rule_side(p)} for p, sides in dev_sides.items())
    held = sum(sides == {dev_split.HELD} for sides in dev_sides.values())
    assert 0.2 <= held / len(dev_sides) <= 0.45


def test_recording_again_moves_no_file_and_stores_no_names(dev_sides):
    before = json.loads(dev_split.SPLIT_FILE.read_text())
    assert dev_split.record()["files"] == before["files"]
    text = dev_split.SPLIT_FILE.read_text().lower()
    assert not [p for p in dev_sides if p.lower() in text]


def test_the_rule_is_a_fixed_function_of_the_person():
    assert dev_split.person("jane-doe__papers.bib") == dev_split.person("jane-doe__cv.pdf")
    assert dev_split.person("jane-doe.pdf") == "jane-doe"
    # Pinned values: a change to the salt or threshold would silently reshuffle the split.
    sides = [dev_split.rule_side(f"person-{i}") for i in range(300)]
    assert 0.25 < sides.count(dev_split.HELD) / len(sides) < 0.42
    pinned = {n: dev_split.rule_side(n) for n in ("alice", "bob", "carol", "dave")}
    assert pinned == {"alice": "held", "bob": "tune", "carol": "tune", "dave": "held"}
