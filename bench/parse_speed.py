"""Parsing speed: Referee's whole reading of a CV against a bare pdfplumber extract_text.

Run with ``make bench-parse`` (or ``.venv/bin/python -m bench.parse_speed``). For every CV of the
real corpus (when ../shared is present) and a set of synthetic CVs, it times, in the same run:
the baseline (pdfplumber ``extract_text`` of every page, default settings) and Referee's
``analyze`` (layout-aware reading, sections, degrees, publications, evidence and features). It
also times parsing a 500-entry BibTeX list. Prints a Markdown table for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pdfplumber

from bench.common import CORPUS, best_of, setup_django, stamp

RUNS = 3


def bare_pdfplumber(content: bytes) -> int:
    """The characters pdfplumber's own ``extract_text`` reads from the PDF."""
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return sum(len(page.extract_text()) for page in pdf.pages)


def read_each(read: Callable[[bytes], object], contents: list[bytes]) -> list[object]:
    return [read(content) for content in contents]


def files() -> dict[str, list[bytes]]:
    from candidates.synthetic import write_set

    sets: dict[str, list[bytes]] = {}
    if (CORPUS / "cv").is_dir():
        sets["real corpus CVs"] = [p.read_bytes() for p in sorted((CORPUS / "cv").glob("*.pdf"))]
    with tempfile.TemporaryDirectory() as folder:
        paths = write_set(Path(folder), count=40, seed=7, bib_every=0)
        sets["synthetic CVs"] = [p.read_bytes() for p in paths]
    return sets


def big_bibtex(entries: int = 500) -> bytes:
    from candidates.synthetic import generate, render_bibtex

    chunks: list[str] = []
    seed = 0
    while sum(chunk.count("@") for chunk in chunks) < entries:
        chunks.append(render_bibtex(generate(seed, archetype="researcher")))
        seed += 1
    text = "\n".join(chunks)
    cut = [i for i, c in enumerate(text) if c == "@"][entries]
    return text[:cut].encode()


def main() -> None:
    setup_django()
    from candidates.analysis import analyze

    print(f"Parse benchmark, {stamp()}\n")
    print("| set | files | pages | bare pdfplumber (ms/CV) | Referee analyze (ms/CV) | ratio |")
    print("|---|---|---|---|---|---|")
    for name, contents in files().items():
        pages = sum(len(pdfplumber.open(io.BytesIO(c)).pages) for c in contents)
        base = best_of(RUNS, partial(read_each, bare_pdfplumber, contents))
        ours = best_of(RUNS, partial(read_each, partial(analyze, kind="cv"), contents))
        n = len(contents)
        print(
            f"| {name} | {n} | {pages} | {1000 * base / n:.0f} | {1000 * ours / n:.0f} "
            f"| {ours / base:.2f}x |"
        )
    bib = big_bibtex()
    seconds = best_of(RUNS, lambda: analyze(bib, kind="publication_list", filename="big.bib"))
    print(f"\n500-entry BibTeX list, parsed and normalised: {1000 * seconds:.0f} ms")


if __name__ == "__main__":
    main()
