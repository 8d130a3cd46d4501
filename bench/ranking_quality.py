"""Does the research-scientist-ml ranking agree with expert ratings, and beat a keyword baseline?

Run with ``make ranking`` (or ``.venv/bin/python -m bench.ranking_quality``). Every CV (with the
person's BibTeX list when the set has one) is read and scored against the
``research-scientist-ml`` template exactly as a role would score it, barrier candidates last; the
order is compared with expert ratings by Spearman (and Kendall) rank correlation:

- the real corpus, against a recruiter's 1-5 ratings in bench/labels/ranking_ml.json;
- each side of the development set's fixed person-level split (bench/dev_split.py), against
  ``fit_ml_research_scientist`` (0-4) of ../shared/corpus/dev/labels.json. dev-held is what no
  rule or model was tuned on.

In the same run, the keyword baseline of bench/keyword_baseline.py (TF-IDF similarity of the CV
text to a research-scientist posting plus a keyword share) ranks the same CVs; issue 14's target
is Referee >= 0.85 and >= baseline + 0.2. Each set is scored as one pool (the topic model of a
role is fitted on its applicants). Each person is read in a time-limited child
(bench/isolated.py); a CV that is not read is scored as an empty profile, as it would rank.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from scipy.stats import kendalltau, spearmanr

from bench import dev_split
from bench.common import CORPUS, DOCS_ACCURACY, ROOT, setup_django, stamp, write_docs_section
from bench.fingerprints import file_key
from bench.isolated import DEFAULT_TIMEOUT, DEFAULT_WORKERS, run_limited
from bench.keyword_baseline import baseline_scores

RATINGS = ROOT / "bench" / "labels" / "ranking_ml.json"
DEV_LABELS = dev_split.DEV / "labels.json"
DEV_RATING = "fit_ml_research_scientist"
TARGET = 0.85
MARGIN = 0.2


@dataclass
class Person:
    cv: Path
    bib: Path | None
    rating: int


@dataclass
class SetResult:
    name: str
    people: int
    not_read: int
    rho: float
    tau: float
    baseline_rho: float
    by_rating: list[tuple[int, list[float], int]]  # rating, scores, barriers


def read_person(cv: str, bib: str | None):
    """In the child: the person's merged profile and their CV's text."""
    from candidates.analysis import analyze
    from candidates.profile import build_profile

    cv_analysis = analyze(Path(cv).read_bytes(), kind="cv", filename=Path(cv).name)
    analyses = [(1, cv_analysis)]
    if bib is not None:
        publications = analyze(
            Path(bib).read_bytes(),
            kind="publication_list",
            filename=Path(bib).name,
            person_name=cv_analysis.person.name,
        )
        analyses.append((2, publications))
    return build_profile(analyses), "\n".join(cv_analysis.pages)


def ranked_scores(profiles) -> tuple[list[float], list[bool], list[float]]:
    """Scores as a role computes them, the barriers, and the order key (barriers last)."""
    from screening.assessing import template_rows
    from screening.rubric_templates import get_template
    from screening.scoring import FeatureTable, score

    template = get_template("research-scientist-ml")
    rows = template_rows(template, profiles)
    result = score(template.criteria, FeatureTable(rows))
    scores = [float(s) for s in result.scores]
    barriers = [bool(b) for b in result.barriers]
    # The ranking orders barrier candidates last: compare that order, not the raw score.
    return scores, barriers, [s - (100 if b else 0) for s, b in zip(scores, barriers, strict=True)]


class Readable(Protocol):
    """Someone whose CV (and publication list, if any) can be read."""

    @property
    def cv(self) -> Path: ...

    @property
    def bib(self) -> Path | None: ...


def read_all(name: str, people: Sequence[Readable], *, timeout: float, workers: int) -> list[tuple]:
    """(profile, CV text, read?) per person, each read in a time-limited child."""
    from candidates.profile import build_profile

    outcomes = run_limited(
        read_person,
        [(str(p.cv), str(p.bib) if p.bib else None) for p in people],
        timeout=timeout,
        workers=workers,
    )
    read = []
    for person, outcome in zip(people, outcomes, strict=True):
        if not outcome.ok:
            print(f"{name}: {file_key(person.cv.read_bytes())[:8]} not read: {outcome.error}",
                  file=sys.stderr)  # fmt: skip
        profile, text = outcome.value if outcome.ok else (build_profile([]), "")
        read.append((profile, text, outcome.ok))
    return read


def evaluate(name: str, people: list[Person], read: list[tuple]) -> SetResult:
    """Score the people as one pool and compare both orders with the expert's."""
    scores, barriers, order = ranked_scores([profile for profile, _, _ in read])
    expert = [p.rating for p in people]
    rho, _ = spearmanr(expert, order)
    tau, _ = kendalltau(expert, order)
    baseline_rho, _ = spearmanr(expert, baseline_scores([text for _, text, _ in read]))
    by_rating = [
        (
            rating,
            [s for p, s in zip(people, scores, strict=True) if p.rating == rating],
            sum(b for p, b in zip(people, barriers, strict=True) if p.rating == rating),
        )
        for rating in sorted(set(expert), reverse=True)
    ]
    not_read = sum(not ok for _, _, ok in read)
    return SetResult(name, len(people), not_read, rho, tau, baseline_rho, by_rating)


def corpus_people() -> list[Person]:
    from candidates.filenames import person_key

    ratings = {r["key"]: r["rating"] for r in json.loads(RATINGS.read_text())["ratings"]}
    bibs = {person_key(p.name): p for p in (CORPUS / "bib").glob("*.bib")}
    return [
        Person(cv, bibs.get(person_key(cv.name)), ratings[key])
        for cv in sorted((CORPUS / "cv").glob("*.pdf"))
        if (key := file_key(cv.read_bytes())) in ratings
    ]


def dev_people(side: str) -> list[Person]:
    from candidates.filenames import person_key

    labels = {label["file"]: label for label in json.loads(DEV_LABELS.read_text())}
    recorded = dev_split.recorded_sides()
    files = dev_split.dev_files()
    bibs = {person_key(p.name): p for p in files if p.suffix.lower() == ".bib"}
    return [
        Person(
            path, bibs.get(person_key(path.name)), labels[path.name]["fit_ml_research_scientist"]
        )
        for path in files
        if path.suffix.lower() == ".pdf"
        and path.name in labels
        and recorded.get(file_key(path.read_bytes())) == side
    ]


def render(results: list[SetResult]) -> str:
    lines = [f"Ranking agreement, research-scientist-ml, {stamp()}", ""]
    lines += [
        "| set | CVs | not read | Referee Spearman | Kendall | keyword baseline Spearman "
        "| baseline + 0.2 | target met (>= 0.85 and >= baseline + 0.2) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        goal = max(TARGET, r.baseline_rho + MARGIN)
        lines.append(
            f"| {r.name} | {r.people} | {r.not_read} | {r.rho:.2f} | {r.tau:.2f} "
            f"| {r.baseline_rho:.2f} | {r.baseline_rho + MARGIN:.2f} "
            f"| {'yes' if r.rho >= goal else 'no'} |"
        )
    for r in results:
        lines += ["", f"{r.name}: scores per expert rating", ""]
        lines += ["| expert rating | CVs | mean score | score range | with a barrier |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for rating, scores, barriers in r.by_rating:
            lines.append(
                f"| {rating} | {len(scores)} | {sum(scores) / len(scores):.1f} "
                f"| {min(scores):.0f}-{max(scores):.0f} | {barriers} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ranking_quality", description=__doc__)
    sets_help = "comma-separated: corpus, dev-tune, dev-held, dev (both halves as one pool)"
    parser.add_argument("--sets", default="corpus,dev-tune,dev-held,dev", help=sets_help)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--write-docs", action="store_true",
                        help="also write the figures into docs/ACCURACY.md")  # fmt: skip
    args = parser.parse_args(argv)
    setup_django()
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    if unknown := set(wanted) - {"corpus", "dev-tune", "dev-held", "dev"}:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    results: list[SetResult] = []
    dev_pool: tuple[list[Person], list[tuple]] = ([], [])
    for name in wanted:
        if name == "corpus" and not CORPUS.is_dir():
            print(f"The corpus is not present at {CORPUS}; skipped.", file=sys.stderr)
            continue
        if name.startswith("dev") and not dev_split.DEV.is_dir():
            print(f"The dev set is not present at {dev_split.DEV}; skipped.", file=sys.stderr)
            continue
        if name == "dev":
            continue
        people = corpus_people() if name == "corpus" else dev_people(name.removeprefix("dev-"))
        read = read_all(name, people, timeout=args.timeout, workers=args.workers)
        results.append(evaluate(name, people, read))
        if name.startswith("dev-"):
            dev_pool[0].extend(people)
            dev_pool[1].extend(read)
    if "dev" in wanted and dev_split.DEV.is_dir():
        if len(dev_pool[0]) < len(dev_people("tune")) + len(dev_people("held")):
            dev_pool = ([], [])
            for side in dev_split.SIDES:
                people = dev_people(side)
                dev_pool[0].extend(people)
                dev_pool[1].extend(
                    read_all(f"dev-{side}", people, timeout=args.timeout, workers=args.workers)
                )
        results.append(evaluate("dev, both halves as one pool", *dev_pool))
    if not results:
        return 1
    text = render(results)
    print(text)
    if args.write_docs:
        write_docs_section("ranking", text)
        print(f"Written to {DOCS_ACCURACY}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
