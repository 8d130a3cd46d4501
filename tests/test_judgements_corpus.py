"""Every explanation on real CVs states the facts that set its level, and no barrier rests on a
low-confidence reading.

Walks every CV of the corpus and of the development set's tune side (never the held side), each
with its publication list when there is one, through the reading and the scoring of every
template, and checks each criterion's sentence against its facts and the facts against the
features. Skipped when ../shared is absent. Nothing from the CVs is copied here.
"""

from __future__ import annotations

import math
import re

import pytest

from bench import dev_split
from bench.common import CORPUS
from bench.fingerprints import file_key
from bench.isolated import run_limited
from bench.ranking_quality import read_person
from screening.assessing import template_rows
from screening.explanations import sentence
from screening.rubric_templates import TEMPLATES
from screening.scoring import (
    BARRIER,
    FeatureTable,
    criterion_facts,
    expand,
    score,
)

NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
QUOTED = re.compile(r"“[^”]*”")


def _people() -> list[tuple[str, str | None]]:
    from candidates.filenames import person_key

    people = []
    if (CORPUS / "cv").is_dir():
        bibs = {person_key(p.name): p for p in (CORPUS / "bib").glob("*.bib")}
        for cv in sorted((CORPUS / "cv").glob("*.pdf")):
            bib = bibs.get(person_key(cv.name))
            people.append((str(cv), str(bib) if bib else None))
    if dev_split.DEV.is_dir():
        sides = dev_split.recorded_sides()
        files = dev_split.dev_files()
        bibs = {person_key(p.name): p for p in files if p.suffix.lower() == ".bib"}
        for path in files:
            if path.suffix.lower() != ".pdf":
                continue
            if sides.get(file_key(path.read_bytes())) != dev_split.TUNE:
                continue  # the held side is never read here
            bib = bibs.get(person_key(path.name))
            people.append((str(path), str(bib) if bib else None))
    return people


@pytest.fixture(scope="module")
def profiles():
    people = _people()
    if not people:
        pytest.skip(f"no corpus at {CORPUS}")
    outcomes = run_limited(read_person, people, timeout=120, workers=2)
    return [outcome.value[0] for outcome in outcomes if outcome.ok]


def _fact_numbers(facts: dict) -> set[float]:
    numbers = {float(facts[k]) for k in ("level", "record_level", "target_level", "gap")}
    numbers |= {float(n) for n in facts["level_range"]}
    numbers |= {float(v) for v in facts["counts"].values() if v is not None}
    numbers |= {float(n) for _, n in facts.get("other_fields", [])}
    if "stage_factor" in facts:
        numbers.add(float(facts["stage_factor"]))
    return numbers


def _stated_numbers(text: str, anchor: str, level: int) -> list[float]:
    head = f"Level {level} of 4 ({anchor.rstrip('.')}): "
    assert text.startswith(head), text
    body = QUOTED.sub("", text[len(head) :])
    return [float(n) for n in NUMBER.findall(body)]


def _feature_value(row: dict, spec, name: str) -> float | None:
    expanded = expand(spec, name)
    table = FeatureTable([row])
    if "+" in expanded or expanded != name:
        return float(table.value(expanded)[0])
    value = float(table.raw(expanded)[0])
    return None if math.isnan(value) else value


@pytest.mark.parametrize("slug", sorted(TEMPLATES))
def test_every_sentence_states_its_facts_and_no_barrier_rests_on_a_doubtful_reading(profiles, slug):
    template = TEMPLATES[slug]
    specs = template.criteria
    rows = template_rows(template, profiles)
    result = score(specs, FeatureTable(rows))
    problems = []
    for index, row in enumerate(rows):
        for spec, outcome in zip(specs, result.criteria, strict=True):
            facts = criterion_facts(spec, outcome, index)
            where = f"{slug} #{index} {spec.dimension}"
            if facts["level"] != int(outcome.levels[index]):
                problems.append(f"{where}: facts level {facts['level']} is not the level")
            for name, value in facts["counts"].items():
                expected = _feature_value(row, spec, name)
                if value != expected and not (
                    value is not None and expected is not None and abs(value - expected) < 1e-3
                ):
                    problems.append(f"{where}: fact {name}={value}, feature says {expected}")
            text = sentence(spec, facts)
            allowed = _fact_numbers(facts) | {4.0}
            stray = [
                n
                for n in _stated_numbers(text, spec.levels[facts["level"]], facts["level"])
                if not any(abs(n - a) < 1e-3 for a in allowed)
            ]
            if stray:
                problems.append(f"{where}: {stray} in {text!r} are not facts")
            if facts["state"] == BARRIER:
                doubtful = (
                    not row.get("cv_read")
                    or (row.get("pubs_reading_incomplete") and spec.dimension != "coding")
                    or (spec.dimension == "credentials" and not row.get("section_education"))
                )
                if doubtful:
                    problems.append(f"{where}: a barrier on a low-confidence reading")
                if "searched" not in text:
                    problems.append(f"{where}: a barrier that does not say what was searched")
    assert not problems, "\n".join(problems[:20])
