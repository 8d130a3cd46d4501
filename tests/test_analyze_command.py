"""`manage.py analyze FILE… --format json`: one JSON object per file, in the published contract."""

from __future__ import annotations

import json
from io import StringIO

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from candidates.synthetic import generate, render_bibtex, render_cv_pdf
from tests.conftest import SHARED

CONTRACT = SHARED / "contracts" / "analyze.schema.json"


@pytest.fixture(scope="session")
def contract() -> dict:
    if not CONTRACT.is_file():
        pytest.skip(f"the analyze contract is not present at {CONTRACT}")
    return json.loads(CONTRACT.read_text())


def analyze_json(*paths) -> tuple[list[dict], CommandError | None]:
    out = StringIO()
    error = None
    try:
        call_command("analyze", *map(str, paths), "--format", "json", stdout=out)
    except CommandError as exc:
        error = exc
    return [json.loads(line) for line in out.getvalue().splitlines()], error


def test_a_cv_and_its_publication_list_are_read_into_the_contract(tmp_path, contract):
    person = generate(21, archetype="researcher")
    cv, bib = tmp_path / "ada__cv.pdf", tmp_path / "ada__papers.bib"
    cv.write_bytes(render_cv_pdf(person))
    bib.write_text(render_bibtex(person))

    (cv_result, bib_result), error = analyze_json(cv, bib)

    assert error is None
    for result in (cv_result, bib_result):
        jsonschema.validate(result, contract)
        assert result["status"] == "ok"
        assert len(result["publications"]) == len(person.papers)
    assert cv_result["kind"] == "cv"
    assert cv_result["person"]["name"] == person.name
    assert cv_result["person"]["emails"] == [person.email]
    assert [d["level"] for d in cv_result["degrees"]] == ["phd", "masters", "bachelors"]
    assert bib_result["kind"] == "publication_list"
    assert {p["venue"] for p in bib_result["publications"]} <= {
        "NeurIPS", "ICML", "ICLR", "AISTATS", "UAI", "JMLR", "ACL", "EMNLP", "NAACL", "TACL",
        "COLING", "CVPR", "ICCV", "ECCV", "WACV", "TPAMI", "CoRL", "AAMAS", "RSS",
    }  # fmt: skip
    first_authored = sum(1 for p in person.papers if p.authors[0] == person.name)
    assert sum(p["author_position"] == "first" for p in bib_result["publications"]) == (
        first_authored
    )


def test_a_bad_file_is_an_error_line_and_the_others_still_run(tmp_path, contract):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(render_cv_pdf(generate(3, archetype="phd_student")))
    bad.write_bytes(b"not a pdf at all")

    results, error = analyze_json(bad, tmp_path / "missing.pdf", good)

    assert [r["status"] for r in results] == ["error", "error", "ok"]
    assert "not a PDF" in results[0]["error"]
    assert "Cannot read the file" in results[1]["error"]
    for result in results:
        jsonschema.validate(result, contract)
    assert error is not None
    assert "2 of 3" in str(error)


@pytest.mark.corpus
def test_every_corpus_file_is_analysed_without_error(corpus_dir, contract):
    files = sorted((corpus_dir / "cv").glob("*.pdf")) + sorted((corpus_dir / "bib").glob("*.bib"))

    results, error = analyze_json(*files)

    assert error is None, [r["error"] for r in results if r["status"] == "error"]
    assert len(results) == len(files)
    for result in results:
        jsonschema.validate(result, contract)
    cvs = [r for r in results if r["kind"] == "cv"]
    # Real CVs: nearly all name their owner and list a degree.
    assert sum(bool(r["person"]["name"]) for r in cvs) >= 0.9 * len(cvs)
    assert sum(bool(r["degrees"]) for r in cvs) >= 0.9 * len(cvs)
