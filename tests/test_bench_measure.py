"""The measurement tools of bench/: time-limited reading, the dev figures, the keyword baseline."""

from __future__ import annotations

import os
import time

from bench.dev_accuracy import CHECKS, CvResult, bib_entries_in_file, page_family
from bench.isolated import run_limited
from bench.keyword_baseline import baseline_scores, keyword_share


def _hang(seconds: float) -> str:
    time.sleep(seconds)
    return "finished"


def _fail(message: str) -> None:
    raise ValueError(message)


def _die() -> None:
    os._exit(3)


def test_a_hanging_or_crashing_file_is_reported_not_read_and_the_others_still_finish():
    outcomes = run_limited(
        lambda task: (_hang(600) if task == "hang" else _fail("bad") if task == "bad"
                      else _die() if task == "die" else task.upper()),
        [("a",), ("hang",), ("bad",), ("die",), ("b",)],
        timeout=2,
        workers=2,
    )  # fmt: skip
    assert [o.value for o in outcomes] == ["A", None, None, None, "B"]
    assert "not finished after 2 s" in outcomes[1].error
    assert outcomes[2].error == "ValueError: bad"
    assert "exit code 3" in outcomes[3].error
    assert [o.ok for o in outcomes] == [True, False, False, False, True]


def _result(expected: dict, got: dict, read: bool = True) -> CvResult:
    base = {"degree": "phd", "status": "completed", "pubs": 20, "top": 5, "first": 10,
            "workshop": 0, "preprint": 3, "research": True}  # fmt: skip
    return CvResult("k", "tune", ["LaTeX (other)", "1-3 pages"], read, None, 0.0,
                    base | got, base | expected)  # fmt: skip


def test_counts_are_judged_with_the_issues_tolerances():
    right = _result({}, {"pubs": 23, "top": 6, "first": 9, "preprint": 4}).correct()
    assert all(right.values())
    wrong = _result({}, {"pubs": 24, "top": 7, "first": 8, "preprint": 5}).correct()
    assert not any(wrong[name] for name in ("pubs ±15%", "top ±1", "first", "preprint"))
    # Nothing listed means nothing may be read: 15% of zero is zero.
    assert not _result({"pubs": 0}, {"pubs": 1}).correct()["pubs ±15%"]
    assert not _result({"research": False}, {"research": True}).correct()["research exp."]


def test_status_counts_only_for_the_right_degree_and_an_unread_file_gets_nothing_right():
    wrong_level = _result({"degree": "masters"}, {"degree": "phd"}).correct()
    assert (wrong_level["degree"], wrong_level["status"]) == (False, False)
    assert not _result({"status": "in_progress"}, {}).correct()["status"]
    assert not any(_result({}, {}, read=False).correct().values())
    assert [name for name, _ in CHECKS][:4] == ["degree", "status", "pubs ±15%", "top ±1"]


def test_bib_entries_are_counted_by_their_openings_without_strings_or_comments():
    text = (
        "@string{x = {y}}\n@comment{no}\n@article{a,\n title={T}}\n  @InProceedings(b, title={U})\n"
    )
    assert bib_entries_in_file(text) == 2
    assert [page_family(20), page_family(2)] == ["10+ pages (long academic)", "1-3 pages"]


def test_keyword_share_matches_whole_words_only():
    assert keyword_share("Funded by the Wellcome Trust", ["rust"]) == 0
    assert keyword_share("Systems in Rust and C++.", ["rust", "c++", "cuda"]) == 2 / 3
    assert keyword_share("ICML 2024", ["icml", "iclr"]) == 0.5


def test_the_baseline_ranks_a_research_cv_above_an_unrelated_one():
    posting = "Research scientist in machine learning: deep learning research, PyTorch, NeurIPS."
    research = "PhD in machine learning. Deep learning research published at NeurIPS. PyTorch."
    unrelated = "Store manager. Retail sales, inventory and staff scheduling."
    high, low = baseline_scores([research, unrelated], posting)
    assert 0 <= low < high <= 1
    assert baseline_scores([], posting) == []


def test_a_generated_docs_block_is_replaced_and_the_prose_around_it_kept(tmp_path):
    from bench.common import write_docs_section

    page = tmp_path / "ACCURACY.md"
    page.write_text("# Title\n\nProse.\n")
    write_docs_section("ranking", "old figures", page)
    write_docs_section("ranking", "new figures\n", page)
    write_docs_section("other", "more", page)
    assert page.read_text() == (
        "# Title\n\nProse.\n\n<!-- generated: ranking -->\nnew figures\n"
        "<!-- end generated: ranking -->\n\n<!-- generated: other -->\nmore\n"
        "<!-- end generated: other -->\n"
    )
