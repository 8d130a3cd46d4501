"""Does the research-scientist-ml ranking agree with an experienced research recruiter?

Run with ``make ranking`` (or ``.venv/bin/python -m bench.ranking_quality``). Every CV of the real
corpus (with the person's BibTeX list when the corpus has one) is read and scored against the
``research-scientist-ml`` template exactly as a role would score it; the scores are compared with
a recruiter's 1-5 ratings in bench/labels/ranking_ml.json (made by reading the CVs, independently
of Referee) by Spearman and Kendall rank correlation.
"""

from __future__ import annotations

import json
import sys

from scipy.stats import kendalltau, spearmanr

from bench.common import CORPUS, ROOT, setup_django, stamp
from bench.fingerprints import file_key

RATINGS = ROOT / "bench" / "labels" / "ranking_ml.json"


def main() -> int:
    setup_django()
    from candidates.analysis import analyze
    from candidates.filenames import person_key
    from candidates.profile import build_profile
    from screening.assessing import template_specs
    from screening.rubric_templates import get_template
    from screening.scoring import PUBS_IN_ROLE_AREA, TOPIC_FIT, FeatureTable, score
    from screening.topic import topic_fits

    if not CORPUS.is_dir():
        print(f"The corpus is not present at {CORPUS}.")
        return 1
    ratings = {r["key"]: r["rating"] for r in json.loads(RATINGS.read_text())["ratings"]}
    template = get_template("research-scientist-ml")
    bibs = {person_key(p.name): p for p in (CORPUS / "bib").glob("*.bib")}
    cvs = sorted((CORPUS / "cv").glob("*.pdf"))
    profiles = []
    for cv in cvs:
        analyses = [(1, analyze(cv.read_bytes(), kind="cv", filename=cv.name))]
        bib = bibs.get(person_key(cv.name))
        if bib is not None:
            name = analyses[0][1].person.name
            kwargs = {"filename": bib.name, "person_name": name}
            analyses.append((2, analyze(bib.read_bytes(), kind="publication_list", **kwargs)))
        profiles.append(build_profile(analyses))
    fits = topic_fits(
        template.research_area,
        [p.research_text for p in profiles],
        [[m.record.title for m in p.publications] for p in profiles],
    )
    rows = []
    for profile, fit in zip(profiles, fits, strict=True):
        row = dict(profile.features)
        row[TOPIC_FIT] = fit.similarity
        row[PUBS_IN_ROLE_AREA] = sum(int(row.get(f"pubs_area_{a}") or 0) for a in template.areas)
        rows.append(row)
    result = score(template_specs(template), FeatureTable(rows))
    pairs = [
        (ratings[key], float(s), bool(b))
        for cv, s, b in zip(cvs, result.scores, result.barriers, strict=True)
        if (key := file_key(cv.read_bytes())) in ratings
    ]
    expert = [p[0] for p in pairs]
    # The ranking orders barrier candidates last: compare that order, not the raw score.
    ranked = [s - (100 if barrier else 0) for _, s, barrier in pairs]
    rho, _ = spearmanr(expert, ranked)
    tau, _ = kendalltau(expert, ranked)
    print(f"Ranking agreement, research-scientist-ml, {stamp()}\n")
    print(f"CVs rated: {len(pairs)}; Spearman rho = {rho:.2f}; Kendall tau = {tau:.2f}\n")
    print("| recruiter rating | CVs | mean score | score range | with a barrier |")
    print("|---|---|---|---|---|")
    for rating in sorted(set(expert), reverse=True):
        scores = [s for r, s, _ in pairs if r == rating]
        barriers = sum(b for r, _, b in pairs if r == rating)
        print(
            f"| {rating} | {len(scores)} | {sum(scores) / len(scores):.1f} "
            f"| {min(scores):.0f}-{max(scores):.0f} | {barriers} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
