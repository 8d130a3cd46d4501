"""How well publication lists in randomly composed styles read back (``make bench-styles``).

Each seed of :mod:`candidates.synthetic_lists` draws a list style axis by axis and renders a
CV around it, knowing every entry. This counts, per range of seeds, the CVs whose works were
all read (exact count), whose first-authored works and main-track papers at top venues were
counted right, and how many of the wrong readings said they might be incomplete. Seeds
below ``DEVELOPED`` were looked at while developing the reader; the range above it never
was, and is the figure that says whether a rule generalises. ``--write-docs`` puts the
table into docs/ACCURACY.md.
"""

from __future__ import annotations

import argparse
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from bench.common import setup_django, stamp, write_docs_section

if TYPE_CHECKING:
    from candidates.synthetic_lists import ReadBack

DEVELOPED = 2000
RANGES = {"developed on (seeds 0-1999)": range(DEVELOPED),
          "never looked at (seeds 2000-3999)": range(DEVELOPED, 2 * DEVELOPED)}  # fmt: skip


def read_back(seed: int) -> ReadBack:
    """How the seed's list read back: whole, its first authorship and top-venue papers
    counted right, and whether a wrong reading was flagged as possibly incomplete."""
    setup_django()
    from candidates.analysis import analyze
    from candidates.synthetic_lists import compare, draw, render

    cv = draw(seed)
    read = analyze(render(cv), kind="cv")
    return compare(cv, read.publications, flagged=bool(read.publications_incomplete))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.list_styles", description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with ProcessPoolExecutor(args.workers) as pool:
        for name, seeds in RANGES.items():
            tally: Counter[str] = Counter()
            for back in pool.map(read_back, seeds, chunksize=20):
                tally["whole"] += back.whole
                tally["first"] += back.first
                tally["venues"] += back.venues
                tally["short"] += not back.whole
                tally["flagged"] += not back.whole and back.flagged
            n = len(seeds)
            rows.append(
                f"| {name} | {n} | {tally['whole'] / n:.3f} | {tally['first'] / n:.3f} "
                f"| {tally['venues'] / n:.3f} | {tally['short']} | {tally['flagged']} |"
            )
    text = "\n".join(
        [
            f"Publication lists in drawn styles, {stamp()}",
            "",
            "| seeds | CVs | every work read | first-authored counted right "
            "| top-venue papers counted right | wrong count | of them flagged |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(text)
    if args.write_docs:
        write_docs_section("list-styles", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
