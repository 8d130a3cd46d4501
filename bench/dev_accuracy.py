"""Accuracy on the development set ../shared/corpus/dev, per side of its fixed split.

``make accuracy`` prints this after the corpus figures; ``python -m bench.accuracy --dev --side
tune`` prints only the tune side's per-file table and summary, for iterating. The "held" side is
what no rule or model was tuned on: its per-file rows are printed only with ``--show-held``, and
the docs carry only its aggregate figures.

Per CV, against the hand labels of dev/labels.json (matched by file name in memory only; the
project stores no names), the figures are the ones of issue 13:

- degree: the level of the highest degree read equals ``highest_degree``;
- status: the level is right and that degree's status equals ``highest_degree_status``
  (completed / in_progress; a status read as "unknown" is wrong);
- pubs ±15%: publications read within 15% of ``n_publications_listed`` (exact when 0);
- top ±1: main-track papers at top-tier venues of the ML areas within one of
  ``n_top_ml_venue_main`` (the product's count: category ``top_venue_paper`` of
  candidates/extraction/evidence.py, i.e. a conference or journal of tier ``top`` in
  candidates/data/venues.json, whose venue area is one of ``TOP_ML_AREAS``, on the main track);
- first, workshop/Findings, preprint: within ``max(1, 15%)`` of ``n_first_author``,
  ``n_findings_or_workshop`` and ``n_preprint_or_under_review`` (the product's
  ``pubs_first_author``; kind workshop or track findings; category ``preprint``);
- research exp.: ``research_experience`` agrees with whether the product read any research
  position (``research_positions``), research-lab internship, or doctorate (a PhD, done or
  under way, is research training);
- read: the file was analysed without an error within the time limit.

Each file is analysed in a child process with a time limit (bench/isolated.py), so a hanging
file is reported as not read instead of stalling the report. The layout families are found
automatically from the PDF's producer metadata and its page count, plus the layouts that the
labels' notes name (two-column/sidebar, left-margin section labels).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import dev_split
from bench.common import stamp
from bench.fingerprints import file_key
from bench.isolated import DEFAULT_TIMEOUT, DEFAULT_WORKERS, run_limited

LABELS = dev_split.DEV / "labels.json"
TOP_ML_AREAS = ("ml", "nlp", "cv", "ai", "robotics")
DEGREE_ORDER = ("bachelors", "masters", "phd")
HELD_FAMILY_MIN = 3


@dataclass
class CvResult:
    key: str
    side: str
    families: list[str]
    read: bool
    error: str | None = None
    seconds: float = 0.0
    got: dict = field(default_factory=dict)
    expected: dict = field(default_factory=dict)

    def correct(self) -> dict[str, bool]:
        """Figure name -> whether this CV gets it right (every figure False when not read)."""
        return {name: self.read and check(self.expected, self.got) for name, check in CHECKS}


def _within(name: str, share: float, floor: int) -> Callable[[dict, dict], bool]:
    def check(expected: dict, got: dict) -> bool:
        return abs(got[name] - expected[name]) <= max(floor, share * expected[name])

    return check


CHECKS: list[tuple[str, Callable[[dict, dict], bool]]] = [
    ("degree", lambda e, g: g["degree"] == e["degree"]),
    ("status", lambda e, g: g["degree"] == e["degree"] and g["status"] == e["status"]),
    ("pubs ±15%", _within("pubs", 0.15, 0)),
    ("top ±1", _within("top", 0, 1)),
    ("first", _within("first", 0.15, 1)),
    ("workshop/Findings", _within("workshop", 0.15, 1)),
    ("preprint", _within("preprint", 0.15, 1)),
    ("research exp.", lambda e, g: g["research"] == e["research"]),
]
COLUMNS = ("degree", "status", "pubs", "top", "first", "workshop", "preprint", "research")


def expected_of(label: dict) -> dict:
    return {
        "degree": label["highest_degree"],
        "status": label["highest_degree_status"],
        "pubs": label["n_publications_listed"],
        "top": label["n_top_ml_venue_main"],
        "first": label["n_first_author"],
        "workshop": label["n_findings_or_workshop"],
        "preprint": label["n_preprint_or_under_review"],
        "research": bool(label["research_experience"]),
    }


def got_of(analysis) -> dict:
    """The product's reading of one CV, in the labels' terms."""
    from candidates.extraction.evidence import publication_category

    degrees = sorted(analysis.degrees, key=lambda d: DEGREE_ORDER.index(d.level))
    highest = degrees[-1] if degrees else None
    papers = analysis.publications
    features = analysis.features
    return {
        "degree": highest.level if highest else None,
        "status": highest.status if highest else None,
        "pubs": len(papers),
        "top": sum(
            1
            for p in papers
            if publication_category(p) == "top_venue_paper"
            and p.area in TOP_ML_AREAS
            and (p.track or "main") == "main"
        ),
        "first": int(features.get("pubs_first_author") or 0),
        "workshop": sum(1 for p in papers if p.kind == "workshop" or p.track == "findings"),
        "preprint": sum(1 for p in papers if publication_category(p) == "preprint"),
        "incomplete": bool(analysis.publications_incomplete),
        "research": bool(
            features.get("research_positions")
            or features.get("research_lab_internships")
            or features.get("phd_completed")
            or features.get("phd_in_progress")
        ),
    }


def producer_family(content: bytes) -> str:
    """A coarse layout family from the PDF's Producer and Creator metadata."""
    import pypdfium2

    try:
        metadata = pypdfium2.PdfDocument(content).get_metadata_dict()
    except Exception:
        return "unknown producer"
    made = f"{metadata.get('Producer', '')} {metadata.get('Creator', '')}".lower()
    for needle, family in (
        ("moderncv", "LaTeX moderncv"),
        ("rendercv", "RenderCV"),
        ("typst", "Typst"),
        ("word", "Word"),
        ("google docs", "Google Docs / HTML"),
        ("chrome", "Google Docs / HTML"),
        ("weasyprint", "Google Docs / HTML"),
        ("tex", "LaTeX (other)"),
    ):
        if needle in made:
            return family
    return "other producer"


def page_family(pages: int | None) -> str:
    if not pages:
        return "pages unknown"
    return "1-3 pages" if pages <= 3 else "4-9 pages" if pages <= 9 else "10+ pages (long academic)"


_NOTE_FAMILIES = (
    (re.compile(r"two[- ]column|sidebar", re.I), "two-column / sidebar (label notes)"),
    (re.compile(r"left[- ]margin", re.I), "left-margin labels (label notes)"),
)


def note_families(label: dict) -> list[str]:
    return [family for pattern, family in _NOTE_FAMILIES if pattern.search(label.get("notes", ""))]


def _pages(content: bytes) -> int | None:
    import pypdfium2

    try:
        return len(pypdfium2.PdfDocument(content))
    except Exception:
        return None


def _read_cv(path: str) -> dict:
    """In the child: analyse one CV and return the counts (small enough to send back)."""
    from candidates.analysis import analyze

    content = Path(path).read_bytes()
    return got_of(analyze(content, kind="cv", filename=Path(path).name))


def _read_bib(path: str) -> dict:
    from candidates.analysis import analyze

    content = Path(path).read_bytes()
    analysis = analyze(content, kind="publication_list", filename=Path(path).name)
    return {"entries": len(analysis.publications)}


_BIB_ENTRY = re.compile(r"^\s*@\s*(\w+)\s*[{(]", re.M)


def bib_entries_in_file(text: str) -> int:
    """Entries a BibTeX file holds, by their ``@type{`` openings (strings and comments aside)."""
    return sum(
        1
        for kind in _BIB_ENTRY.findall(text)
        if kind.lower() not in ("string", "comment", "preamble")
    )


def evaluate(sides: tuple[str, ...], *, timeout: float, workers: int) -> tuple[list, list]:
    """Read the dev CVs and lists of the given sides; (CV results, list results)."""
    labels = {label["file"]: label for label in json.loads(LABELS.read_text())}
    recorded = dev_split.recorded_sides()
    cvs, bibs = [], []
    for path in dev_split.dev_files():
        content = path.read_bytes()
        key = file_key(content)
        side = recorded.get(key)
        if side not in sides:
            continue
        if path.suffix.lower() == ".bib":
            bibs.append((path, key, side, bib_entries_in_file(content.decode("utf-8", "replace"))))
        elif path.name in labels:
            label = labels[path.name]
            families = [producer_family(content), page_family(_pages(content))]
            cvs.append((path, key, side, families + note_families(label), expected_of(label)))
    outcomes = run_limited(_read_cv, [(str(c[0]),) for c in cvs], timeout=timeout, workers=workers)
    cv_results = [
        CvResult(key, side, families, o.ok, o.error, o.seconds, o.value or {}, expected)
        for (_, key, side, families, expected), o in zip(cvs, outcomes, strict=True)
    ]
    bib_outcomes = run_limited(
        _read_bib, [(str(b[0]),) for b in bibs], timeout=timeout, workers=workers
    )
    bib_results = [
        {"key": key, "side": side, "in_file": n, "read": o.ok, "error": o.error,
         "entries": (o.value or {}).get("entries", 0)}
        for (_, key, side, n), o in zip(bibs, bib_outcomes, strict=True)
    ]  # fmt: skip
    return cv_results, bib_results


FIGURES = [name for name, _ in CHECKS] + ["read at all"]


def _shares(results: list[CvResult]) -> dict[str, str]:
    if not results:
        return dict.fromkeys(FIGURES, "–")
    rights = [r.correct() for r in results]
    shares = {name: sum(r[name] for r in rights) / len(results) for name, _ in CHECKS}
    shares["read at all"] = sum(r.read for r in results) / len(results)
    return {name: f"{value:.2f}" for name, value in shares.items()}


def summary_rows(label: str, results: list[CvResult]) -> list[str]:
    shares = _shares(results)
    return [f"| {label} | {len(results)} | " + " | ".join(shares[f] for f in FIGURES) + " |"]


def summary_header(first: str = "set") -> list[str]:
    return [
        f"| {first} | CVs | " + " | ".join(FIGURES) + " |",
        "|---|---|" + "---|" * len(FIGURES),
    ]


def _family_order(family: str) -> tuple[int, str]:
    """Producer families first, then page counts, then the layouts named in the label notes."""
    return (2 if family.endswith("(label notes)") else 1 if family[0].isdigit() else 0, family)


def family_table(results: list[CvResult], *, smallest: int = 1) -> list[str]:
    """Figures per layout family; families of fewer than ``smallest`` CVs are left out."""
    families = sorted({f for r in results for f in r.families}, key=_family_order)
    lines = summary_header("layout family")
    for family in families:
        rows = [r for r in results if family in r.families]
        if len(rows) >= smallest:
            lines += summary_rows(family, rows)
    return lines


def per_file_table(results: list[CvResult]) -> list[str]:
    """One row per CV: hash prefix, then expected/got per figure (a ✗ marks a miss)."""
    lines = [
        "| file | family | " + " | ".join(COLUMNS) + " | read | s |",
        "|---|---|" + "---|" * len(COLUMNS) + "---|---|",
    ]
    names = dict(zip(COLUMNS, [n for n, _ in CHECKS], strict=True))
    for r in sorted(results, key=lambda r: r.key):
        right = r.correct()
        cells = []
        for column in COLUMNS:
            got = r.got.get(column, "–") if r.read else "–"
            mark = "" if right[names[column]] else " ✗"
            cells.append(f"{r.expected[column]}/{got}{mark}")
        read = "yes" if r.read else f"no: {r.error}"
        lines.append(
            f"| {r.key[:8]} | {r.families[0]}, {r.families[1]} | " + " | ".join(cells)
            + f" | {read} | {r.seconds:.1f} |"
        )  # fmt: skip
    return lines


def bib_table(bibs: list[dict]) -> list[str]:
    lines = ["| set | lists | read | entries found / in the files | lists with every entry |",
             "|---|---|---|---|---|"]  # fmt: skip
    for side in dev_split.SIDES:
        rows = [b for b in bibs if b["side"] == side]
        if not rows:
            continue
        found = sum(b["entries"] for b in rows if b["read"])
        held = sum(b["in_file"] for b in rows)
        whole = sum(b["read"] and b["entries"] == b["in_file"] for b in rows)
        lines.append(
            f"| dev-{side} | {len(rows)} | {sum(b['read'] for b in rows)} | {found} / {held} "
            f"| {whole} |"
        )
    return lines


def self_check_table(sides: tuple[str, ...], cvs: list[CvResult]) -> list[str]:
    """How often the reader says its own publication count may be short, against the labels."""
    lines = [
        "| side | read >15% short | of them flagged | read within ±15% or over | of them flagged |",
        "|---|---|---|---|---|",
    ]
    for side in sides:
        read = [r for r in cvs if r.side == side and r.read]
        short = [r for r in read if r.got["pubs"] < 0.85 * r.expected["pubs"]]
        whole = [r for r in read if r not in short]
        lines.append(
            f"| dev-{side} | {len(short)} | {sum(r.got['incomplete'] for r in short)} "
            f"| {len(whole)} | {sum(r.got['incomplete'] for r in whole)} |"
        )
    return lines


def render(
    cvs: list[CvResult], bibs: list[dict], *, sides: tuple[str, ...], show_held: bool = False
) -> str:
    lines = [f"Accuracy on the development set (../shared/corpus/dev), {stamp()}", ""]
    lines.append(
        "Share of CVs right per figure; dev-held is the person-level third no rule or model was "
        "tuned on (bench/dev_split.py, bench/labels/dev_split.json)."
    )
    lines += ["", *summary_header()]
    for side in sides:
        lines += summary_rows(f"dev-{side}", [r for r in cvs if r.side == side])
    if len(sides) > 1:
        lines += summary_rows("dev, both halves", cvs)
    for side in sides:
        rows = [r for r in cvs if r.side == side]
        # A held family of one or two CVs would be a per-file row in disguise.
        smallest = HELD_FAMILY_MIN if side == dev_split.HELD else 1
        note = f" (families of at least {smallest} CVs)" if smallest > 1 else ""
        lines += ["", f"Per layout family, dev-{side}{note}:", ""]
        lines += family_table(rows, smallest=smallest)
    lines += ["", "The self-check (a reading flagged as possibly incomplete scores as insufficient "
              "evidence, never as a low count):", ""]  # fmt: skip
    lines += self_check_table(sides, cvs)
    if bibs:
        lines += ["", "Publication lists (.bib) of the same people (labels.json describes CVs "
                  "only, so lists are checked for being read and for entries found against "
                  "the `@type{` entries each file holds):", ""]  # fmt: skip
        lines += bib_table(bibs)
    for side in sides:
        if side == dev_split.HELD and not show_held:
            continue
        rows = [r for r in cvs if r.side == side]
        lines += ["", f"Per file, dev-{side} (expected/got, ✗ = miss; key = SHA-256 prefix):", ""]
        lines += per_file_table(rows)
    return "\n".join(lines)


def run(
    sides: tuple[str, ...] = dev_split.SIDES,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    show_held: bool = False,
) -> tuple[str, str] | None:
    """(the report to print, the report for the docs: never the held per-file rows)."""
    if not dev_split.DEV.is_dir():
        return None
    cvs, bibs = evaluate(sides, timeout=timeout, workers=workers)
    printed = render(cvs, bibs, sides=sides, show_held=show_held)
    return printed, render(cvs, bibs, sides=sides) if show_held else printed
