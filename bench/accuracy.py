"""Extraction accuracy against hand-made labels of the real corpus.

Run with ``make accuracy`` (or ``.venv/bin/python -m bench.accuracy``). Every labelled file of
../shared/corpus is analysed; its degrees and publications are matched to the labels in
bench/labels/corpus.json (made by reading the files, independently of the extractor) and the
per-field figures are printed as Markdown for docs/ACCURACY.md.

``python -m bench.accuracy --dev --side tune`` reports only the tune side of the development set
(bench/dev_accuracy.py), quickly, for iterating; ``--help`` lists the options.

Publications are matched by title fingerprint (Dice similarity of word hashes >= 0.6, best
match first); fields are then compared on the matched pairs. Degrees are matched by level.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field

from bench import dev_accuracy, dev_split
from bench.common import CORPUS, DOCS_ACCURACY, ROOT, setup_django, stamp, write_docs_section
from bench.fingerprints import file_key, fingerprint, similarity
from bench.isolated import DEFAULT_TIMEOUT, DEFAULT_WORKERS

LABELS = ROOT / "bench" / "labels" / "corpus.json"
SAME_PAPER = 0.6


@dataclass
class Tally:
    """Counts behind a precision / recall figure."""

    found: int = 0  # extracted items
    expected: int = 0  # labelled items
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    degrees: dict[str, Tally] = field(default_factory=dict)
    publications: dict[str, Tally] = field(default_factory=dict)
    agreement: dict[str, Counter] = field(default_factory=dict)
    count_errors: dict[str, list[int]] = field(default_factory=dict)
    names: Counter = field(default_factory=Counter)

    def tally(self, table: dict[str, Tally], name: str) -> Tally:
        return table.setdefault(name, Tally())

    def agree(self, name: str, same: bool) -> None:
        self.agreement.setdefault(name, Counter())[same] += 1


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    setup_django()
    if args.dev:
        return _dev(args)
    from candidates.analysis import AnalysisError, analyze

    if not CORPUS.is_dir():
        print(f"The corpus is not present at {CORPUS}; nothing to evaluate.")
        return 1
    labels = {f["key"]: f for f in json.loads(LABELS.read_text())["files"]}
    report = Report()
    paths = sorted((CORPUS / "cv").glob("*.pdf")) + sorted((CORPUS / "bib").glob("*.bib"))
    for path in paths:
        content = path.read_bytes()
        label = labels.get(file_key(content))
        if label is None:
            continue
        kind = "cv" if path.suffix == ".pdf" else "publication_list"
        try:
            result = analyze(content, kind=kind, filename=path.name).to_json()
        except AnalysisError as exc:
            result = {"degrees": [], "publications": [], "person": {"name": None}}
            print(f"error on a labelled file: {exc}", file=sys.stderr)
        evaluate_file(report, kind, result, label)
    text = render(report)
    print(text)
    print()
    if args.write_docs:
        write_docs_section("corpus-accuracy", text)
    return _dev(args)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__)
    parser.add_argument("--dev", action="store_true", help="only the development set")
    parser.add_argument("--side", choices=(*dev_split.SIDES, "both"), default="both",
                        help="which side of the dev split (default both)")  # fmt: skip
    parser.add_argument("--show-held", action="store_true",
                        help="also print the held per-file rows (never tune on them)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds a file may take before it counts as not read")  # fmt: skip
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--write-docs", action="store_true",
                        help="also write the figures into docs/ACCURACY.md")  # fmt: skip
    return parser.parse_args(argv)


def _dev(args: argparse.Namespace) -> int:
    sides = dev_split.SIDES if args.side == "both" else (args.side,)
    texts = dev_accuracy.run(
        sides, timeout=args.timeout, workers=args.workers, show_held=args.show_held
    )
    if texts is None:
        print(f"The development set is not present at {dev_split.DEV}; skipped.")
        return 1 if args.dev else 0
    printed, for_docs = texts
    print(printed)
    if args.write_docs and args.side == "both":
        write_docs_section("dev-accuracy", for_docs)
        print(f"Written to {DOCS_ACCURACY}.")
    return 0


def evaluate_file(report: Report, kind: str, result: dict, label: dict) -> None:
    if kind == "cv":
        report.names[bool(result["person"].get("name"))] += 1
        evaluate_degrees(report, result["degrees"], label["degrees"])
    pairs = match_publications(result["publications"], label["publications"])
    overall = report.tally(report.publications, f"publications ({kind})")
    overall.found += len(result["publications"])
    overall.expected += len(label["publications"])
    overall.matched += len(pairs)
    report.count_errors.setdefault(kind, []).append(
        len(result["publications"]) - len(label["publications"])
    )
    for found, expected in pairs:
        report.agree("kind", found["kind"] == expected["kind"])
        report.agree("venue", _venue(found) == _venue(expected))
        report.agree("year", found["year"] == expected["year"])
        report.agree("author position", found["author_position"] == expected["author_position"])
        report.agree("track", (found.get("track") or "main") in (expected["track"] or "main",))
        if expected["equal_contribution"] is not None:
            report.agree(
                "equal contribution",
                bool(found["equal_contribution"]) == expected["equal_contribution"],
            )
    # Per-kind and per-venue precision/recall over the matched and unmatched items.
    for attribute in ("kind", "venue"):
        found_counts = Counter(_value(p, attribute) for p in result["publications"])
        expected_counts = Counter(_value(p, attribute) for p in label["publications"])
        matched_counts = Counter(
            _value(e, attribute) for f, e in pairs if _value(f, attribute) == _value(e, attribute)
        )
        for value in set(found_counts) | set(expected_counts):
            if attribute == "venue" and value not in _TRACKED_VENUES:
                continue
            tally = report.tally(report.publications, f"{attribute} = {value}")
            tally.found += found_counts[value]
            tally.expected += expected_counts[value]
            tally.matched += matched_counts[value]


_TRACKED_VENUES = {
    "neurips",
    "icml",
    "iclr",
    "acl",
    "emnlp",
    "naacl",
    "cvpr",
    "iccv",
    "eccv",
    "aaai",
    "ijcai",
    "arxiv",
    "tmlr",
    "jmlr",
    "tpami",
    "kdd",
    "corl",
    "icra",
}


def _value(item: dict, attribute: str) -> str:
    return _venue(item) if attribute == "venue" else str(item[attribute])


def _venue(item: dict) -> str:
    return (item.get("venue") or "").lower()


def match_publications(found: list[dict], expected: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of extracted and labelled papers, most similar titles first, each used once."""
    prints = [fingerprint(p["title"]) for p in found]
    candidates = sorted(
        (
            (similarity(prints[i], e["fingerprint"]), i, j)
            for i in range(len(found))
            for j, e in enumerate(expected)
        ),
        reverse=True,
    )
    used_found, used_expected, pairs = set(), set(), []
    for score, i, j in candidates:
        if score < SAME_PAPER:
            break
        if i in used_found or j in used_expected:
            continue
        used_found.add(i)
        used_expected.add(j)
        pairs.append((found[i], expected[j]))
    return pairs


def evaluate_degrees(report: Report, found: list[dict], expected: list[dict]) -> None:
    for name, key in (
        ("level", lambda d: d["level"]),
        ("level + year", lambda d: (d["level"], d["year"])),
        ("level + status", lambda d: (d["level"], d["status"])),
    ):
        tally = report.tally(report.degrees, name)
        found_keys, expected_keys = Counter(map(key, found)), Counter(map(key, expected))
        tally.found += sum(found_keys.values())
        tally.expected += sum(expected_keys.values())
        tally.matched += sum((found_keys & expected_keys).values())


def render(report: Report) -> str:
    lines = [f"Accuracy on the labelled real corpus, {stamp()}", ""]
    named = report.names[True]
    lines.append(f"Person name found on {named} of {sum(report.names.values())} CVs.\n")
    lines += [
        "| degrees | extracted | labelled | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    lines += [_row(name, t) for name, t in report.degrees.items()]
    lines += ["", "| publications | extracted | labelled | precision | recall | F1 |",
              "|---|---|---|---|---|---|"]  # fmt: skip
    for name, tally in sorted(report.publications.items()):
        lines.append(_row(name, tally))
    lines += ["", "| field, on matched papers | agree | of | accuracy |", "|---|---|---|---|"]
    for name, counts in report.agreement.items():
        total = counts[True] + counts[False]
        lines.append(f"| {name} | {counts[True]} | {total} | {counts[True] / total:.1%} |")
    lines += ["", "| publication count per file | files | exact | within 10% | mean abs. error |",
              "|---|---|---|---|---|"]  # fmt: skip
    for kind, errors in report.count_errors.items():
        exact = sum(e == 0 for e in errors)
        mae = sum(abs(e) for e in errors) / len(errors)
        lines.append(f"| {kind} | {len(errors)} | {exact} | – | {mae:.1f} |")
    return "\n".join(lines)


def _row(name: str, tally: Tally) -> str:
    return (
        f"| {name} | {tally.found} | {tally.expected} | {tally.precision:.1%} "
        f"| {tally.recall:.1%} | {tally.f1:.1%} |"
    )


if __name__ == "__main__":
    sys.exit(main())
