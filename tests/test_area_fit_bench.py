"""The labelled set of bench/area_fit.py: grades per template, a labelling rule, no names."""

from __future__ import annotations

import json
import re

from bench.area_fit import IN_AREA, LABELS, areas_of_description, grade
from screening.rubric_templates import TEMPLATES


def test_every_template_is_graded_and_grades_read_in_adjacent_out():
    assert set(IN_AREA) == set(TEMPLATES)
    assert grade("research-scientist-nlp", ["nlp"]) == 2
    assert grade("research-scientist-cv", ["nlp"]) == 0
    assert grade("research-scientist-nlp", ["ml"]) == 1
    assert grade("research-scientist-ml", ["earth_science", "sciml"]) == 1
    assert all(grade(slug, ["economics"]) == 0 for slug in TEMPLATES)


def test_the_labelling_rule_tells_applied_work_and_science_with_ml_from_ml_research():
    assert areas_of_description("NLP: question answering and machine translation") == ["nlp"]
    assert areas_of_description("applied data science (NLP, computer vision)") == ["applied_ml"]
    science = areas_of_description("hydrology and flood risk with machine learning")
    assert "sciml" in science
    assert "ml" not in science
    assert "speech" not in areas_of_description("hate speech detection")


def test_the_labels_name_files_by_hash_only():
    data = json.loads(LABELS.read_text())
    assert data["files"]
    for entry in data["files"]:
        assert set(entry) == {"key", "set", "source", "areas"}
        assert re.fullmatch(r"[0-9a-f]{64}", entry["key"])
        assert entry["set"] in ("corpus", "dev-tune", "dev-held")
