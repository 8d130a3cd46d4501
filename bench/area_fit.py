"""Does research-area fit separate in-area from out-of-area candidates, for every template?

Run with ``.venv/bin/python -m bench.area_fit`` (or ``make area-fit``). The labelled set is
bench/labels/area_fit.json: for each CV (by the SHA-256 of its bytes, no names) the research
areas its owner works in, as codes (``nlp``, ``earth_science``, ``applied_ml``...). The corpus
and dev-tune CVs were labelled by hand (the dev ones from the ``research_area`` of
../shared/corpus/dev/labels.json); the dev-held ones by :func:`areas_of_description` applied to
that same field, unread, so nothing is tuned on them. :data:`IN_AREA` and :data:`ADJACENT` turn
a person's areas into a grade per template: 2 in the role's area, 1 adjacent (transferable
methods), 0 out of it.

Every CV (with the person's BibTeX list when the set has one) is read as ``ranking_quality``
reads it, each set scored as one pool against each of the seven templates, and the topic fit
and the research-area criterion's level are compared with the grades, pooled over the templates
(the fit is meant to be on one scale for every role): ROC AUC of in-area against out-of-area,
Spearman over all three grades, and how many out-of-area pairs reach level 2 ("some work in the
role's area"). Only aggregates are printed, for every set.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import dev_split
from bench.common import CORPUS, DOCS_ACCURACY, ROOT, setup_django, stamp, write_docs_section
from bench.fingerprints import file_key
from bench.isolated import DEFAULT_TIMEOUT, DEFAULT_WORKERS

LABELS = ROOT / "bench" / "labels" / "area_fit.json"
SETS = ("corpus", "dev-tune", "dev-held")

# A person's areas -> the grade of their research for each template's area.
IN_AREA: dict[str, set[str]] = {
    "research-scientist-ml": {"ml", "generative", "rl", "nlp", "cv", "theory", "safety"},
    "research-scientist-nlp": {"nlp"},
    "research-scientist-cv": {"cv"},
    "research-scientist-rl": {"rl", "robotics"},
    "ml-theory": {"theory"},
    "research-engineer": {"ml_systems"},
    "ai-safety": {"safety"},
}
ADJACENT: dict[str, set[str]] = {
    "research-scientist-ml": {"robotics", "ml_systems", "applied_ml", "ir", "sciml", "stats", "ai"},
    "research-scientist-nlp": {"ml", "generative", "safety", "ir", "speech"},
    "research-scientist-cv": {"ml", "generative", "robotics", "graphics", "medical_imaging"},
    "research-scientist-rl": {"ml", "generative", "theory", "ai"},
    "ml-theory": {"ml", "stats", "math", "optimization", "info_theory"},
    "research-engineer": {
        *("ml", "generative", "rl", "nlp", "cv", "robotics"),
        *("applied_ml", "systems", "se", "data_eng"),
    },
    "ai-safety": {"ml", "nlp", "generative", "rl", "theory"},
}


def grade(template: str, areas: list[str]) -> int:
    found = set(areas)
    return 2 if found & IN_AREA[template] else 1 if found & ADJACENT[template] else 0


# For labelling a description of someone's research (the dev labels' research_area) by rule.
_APPLIED = re.compile(
    r"^\W*(?:applied (?:data science|ml|machine learning|generative ai|genai)|ml engineering"
    r"|mlops|data science \(|data science$)",
    re.IGNORECASE,
)
_RULES: tuple[tuple[str, str], ...] = (
    (
        "nlp",
        r"\bnlp\b|natural language|language models?\b|\bllms?\b|machine translation"
        r"|information extraction|hate speech|fact-checking|linguistic|vision-language",
    ),
    ("cv", r"computer vision|\bvision\b|images?\b|video|segmentation|\b3d\b"),
    ("rl", r"reinforcement learning|\brl\b|rlhf|sequential decision"),
    ("robotics", r"robot|embodied|autonomous (?:systems|vehicles|driving)"),
    (
        "theory",
        r"learning theory|\btheory of machine learning|ml theory|statistical queries"
        r"|query learning|\bboosting\b|algorithms and",
    ),
    ("generative", r"generative models?|diffusion|\bgans?\b|world models"),
    ("safety", r"interpretab|alignment|ai safety|adversarial robust|red team|fairness"),
    (
        "ml_systems",
        r"ml (?:infrastructure|systems)|training infrastructure|distributed training"
        r"|efficient (?:deep learning|inference)",
    ),
    ("ir", r"information retrieval|retrieval|recommend|search"),
    ("speech", r"(?<!hate )speech|spoken|audio"),
    (
        "ml",
        r"machine learning|deep learning|\bml\b|neural networks?|federated|meta-learn"
        r"|representation learning|in-context learning|generative models?|foundation model"
        r"|multimodal",
    ),
    (
        "applied_ml",
        r"applied (?:ml|machine learning|data science)|mlops|ml engineering"
        r"|forecasting|genai",
    ),
    ("analytics", r"business intelligence|data analy|reporting|purchasing|sales|finance\b"),
    ("se", r"software engineering|software development|web development|backend"),
    ("data_eng", r"data engineering"),
    ("databases", r"databases?|data management"),
    (
        "systems",
        r"operating systems|distributed systems|computer systems|mobile systems"
        r"|embedded",
    ),
    ("networking", r"computer networks|networking|wireless|communications"),
    ("info_theory", r"information theory|signal processing|coding theory"),
    ("architecture", r"computer architecture|hardware|quantum comput"),
    ("hci", r"human-computer|\bhci\b|visualization"),
    ("graphics", r"graphics|rendering|shape programs"),
    ("stats", r"statistic"),
    ("bio", r"biolog|bioinformatic|genom|cancer|protein|cell\b|rna\b"),
    ("neuro", r"neuroscience|cognitive|brain|neural coding"),
    ("medicine", r"medic|clinical|health"),
    ("physics", r"physics|astro"),
    ("chemistry", r"chemistry|materials"),
    ("earth_science", r"seismo|geophys|geoscience|climate|atmospher|hydrolog|earth"),
    ("economics", r"economics|econometric|policy"),
)
_SCIENCE = {"bio", "neuro", "medicine", "physics", "chemistry", "earth_science"}


def areas_of_description(text: str) -> list[str]:
    """The area codes a one-line description of someone's research names (a labelling rule).

    Applied work ("applied data science (NLP, computer vision)") is ``applied_ml``, not the
    research fields it applies; a science with machine learning also gets ``sciml``.
    """
    if _APPLIED.search(text):
        rest = [c for c, p in _RULES if c not in IN_AREA["research-scientist-ml"]
                and c not in ("ml", "ml_systems", "ir", "speech", "robotics")
                and re.search(p, text, re.IGNORECASE)]  # fmt: skip
        return ["applied_ml", *[c for c in rest if c != "applied_ml"]]
    found = [code for code, pattern in _RULES if re.search(pattern, text, re.IGNORECASE)]
    if set(found) & _SCIENCE and {"ml", "applied_ml"} & set(found):
        # A science done with machine learning: scientific ML, not machine-learning research.
        found = [c for c in found if c not in ("ml", "applied_ml")] + ["sciml"]
    return found


def load_labels() -> dict[str, dict]:
    if not LABELS.exists():
        return {}
    return {f["key"]: f for f in json.loads(LABELS.read_text())["files"]}


def record_dev() -> int:
    """Label the dev files not yet in the labels file by rule (never changes a recorded one)."""
    data = json.loads(LABELS.read_text())
    known = {f["key"] for f in data["files"]}
    sides = dev_split.recorded_sides()
    labels = {label["file"]: label for label in json.loads(dev_split.DEV.joinpath(
        "labels.json").read_text())}  # fmt: skip
    added = 0
    for path in dev_split.dev_files():
        key = file_key(path.read_bytes())
        label = labels.get(path.name)
        if path.suffix.lower() != ".pdf" or key in known or not label:
            continue
        side = sides.get(key)
        data["files"].append({
            "key": key, "set": f"dev-{side}", "source": "rule",
            "areas": areas_of_description(label.get("research_area") or ""),
        })  # fmt: skip
        added += 1
    data["files"].sort(key=lambda f: (f["set"], f["key"]))
    LABELS.write_text(json.dumps(data, indent=1) + "\n")
    return added


@dataclass
class SetResult:
    name: str
    people: int
    pairs: int
    fit_auc: float
    fit_rho: float
    level_auc: float
    level_rho: float
    out_at_2: tuple[int, int]  # out-of-area pairs at level 2 or more, of all out-of-area pairs
    in_at_2: tuple[int, int]  # in-area pairs at level 2 or more, of all in-area pairs


def evaluate(name: str, people: list, profiles: list, labels: dict[str, dict]) -> SetResult:
    """Fits and levels of every person for every template, against the grades."""
    import numpy as np
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    from candidates.dimensions import Dimension
    from screening.assessing import template_rows
    from screening.criteria import CriterionSpec
    from screening.rubric_templates import TEMPLATE_LIST
    from screening.scoring import TOPIC_FIT, FeatureTable, score

    spec = CriterionSpec(
        name="Research area fit", dimension=Dimension.RESEARCH_AREA, weight=1, levels=()
    )
    grades, fits, levels = [], [], []
    for template in TEMPLATE_LIST:
        rows = template_rows(template, profiles)
        result = score([spec], FeatureTable(rows))
        for person, row, level in zip(people, rows, result.criteria[0].levels, strict=True):
            grades.append(grade(template.slug, labels[person.key]["areas"]))
            fits.append(row[TOPIC_FIT] or 0.0)
            levels.append(int(level))
    g, f, lv = np.array(grades), np.array(fits), np.array(levels)
    clear = g != 1
    return SetResult(
        name,
        len(people),
        len(g),
        float(roc_auc_score(g[clear] == 2, f[clear])),
        float(spearmanr(g, f)[0]),
        float(roc_auc_score(g[clear] == 2, lv[clear])),
        float(spearmanr(g, lv)[0]),
        (int(((g == 0) & (lv >= 2)).sum()), int((g == 0).sum())),
        (int(((g == 2) & (lv >= 2)).sum()), int((g == 2).sum())),
    )


@dataclass
class Labelled:
    key: str
    cv: Path
    bib: Path | None
    rating: int = 0


def people_of(name: str, labels: dict[str, dict]) -> list[Labelled]:
    from bench.ranking_quality import corpus_people, dev_people

    found = corpus_people() if name == "corpus" else dev_people(name.removeprefix("dev-"))
    people = [Labelled(file_key(p.cv.read_bytes()), p.cv, p.bib) for p in found]
    return [p for p in people if p.key in labels]


def render(results: list[SetResult]) -> str:
    lines = [f"Research-area fit against labelled areas, seven templates pooled, {stamp()}", ""]
    lines += [
        "| set | CVs | CV x template pairs | topic fit AUC (in vs out) | topic fit Spearman "
        "| area level AUC | area level Spearman | out-of-area at level >= 2 "
        "| in-area at level >= 2 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.people} | {r.pairs} | {r.fit_auc:.2f} | {r.fit_rho:.2f} "
            f"| {r.level_auc:.2f} | {r.level_rho:.2f} | {r.out_at_2[0]} of {r.out_at_2[1]} "
            f"| {r.in_at_2[0]} of {r.in_at_2[1]} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.area_fit", description=__doc__)
    sets_help = "comma-separated: " + ", ".join(SETS)
    parser.add_argument("--sets", default=",".join(SETS), help=sets_help)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--record", action="store_true",
                        help="label dev files not yet labelled, by rule, and stop")  # fmt: skip
    parser.add_argument("--write-docs", action="store_true",
                        help="also write the figures into docs/ACCURACY.md")  # fmt: skip
    args = parser.parse_args(argv)
    setup_django()
    if args.record:
        print(f"{record_dev()} files labelled by rule in {LABELS.name}.")
        return 0
    from bench.ranking_quality import read_all

    labels = load_labels()
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    if unknown := set(wanted) - set(SETS):
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    results = []
    for name in wanted:
        root = CORPUS if name == "corpus" else dev_split.DEV
        if not root.is_dir():
            print(f"{name}: not present at {root}; skipped.", file=sys.stderr)
            continue
        people = people_of(name, labels)
        read = read_all(name, people, timeout=args.timeout, workers=args.workers)
        results.append(evaluate(name, people, [profile for profile, _, _ in read], labels))
    if not results:
        return 1
    text = render(results)
    print(text)
    if args.write_docs:
        write_docs_section("area-fit", text)
        print(f"Written to {DOCS_ACCURACY}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
