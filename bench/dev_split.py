"""The fixed person-level split of the development set in ../shared/corpus/dev.

A person is the file stem before ``__`` (``jane-doe__cv.pdf`` and ``jane-doe__papers.bib`` are
one person), and all of a person's files fall on the same side. The rule: a person is held out
("held") iff the first byte of ``sha256(b"referee-dev-split-v1:" + person)`` is below 0x55 (about
a third of the people); everyone else is on the "tune" side, the one rules and models may be
developed against. Nothing may be tuned on the held side.

The sides actually used are the ones recorded in bench/labels/dev_split.json (file SHA-256 ->
side, no names), so the split stays fixed even if this rule or the files' names change. Rerun
``python -m bench.dev_split`` only to record files added to the set; it never moves a recorded file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from bench.common import CORPUS, ROOT
from bench.fingerprints import file_key

DEV = CORPUS / "dev"
SPLIT_FILE = ROOT / "bench" / "labels" / "dev_split.json"
SALT = b"referee-dev-split-v1:"
HELD, TUNE = "held", "tune"
SIDES = (TUNE, HELD)


def person(filename: str) -> str:
    """``jane-doe__cv.pdf`` -> ``jane-doe``: the unit the split keeps together."""
    stem = Path(filename).name.rsplit(".", 1)[0]
    head, separator, _ = stem.partition("__")
    return head if separator and head else stem


def rule_side(person_name: str) -> str:
    """The side the rule gives a person (used only to record new files)."""
    digest = hashlib.sha256(SALT + person_name.encode()).digest()
    return HELD if digest[0] < 0x55 else TUNE


def dev_files() -> list[Path]:
    """The CVs and publication lists of the development set, sorted by name."""
    return sorted(p for p in DEV.iterdir() if p.suffix.lower() in (".pdf", ".bib"))


def recorded_sides() -> dict[str, str]:
    """File SHA-256 -> side, as recorded."""
    if not SPLIT_FILE.exists():
        return {}
    return {f["key"]: f["side"] for f in json.loads(SPLIT_FILE.read_text())["files"]}


def side_of(path: Path, sides: dict[str, str] | None = None) -> str | None:
    """The recorded side of one file; None for a file the split does not know."""
    return (recorded_sides() if sides is None else sides).get(file_key(path.read_bytes()))


def record() -> dict:
    """The split file's content: every recorded file kept, new files added by the rule."""
    sides = recorded_sides()
    for path in dev_files():
        sides.setdefault(file_key(path.read_bytes()), rule_side(person(path.name)))
    return {
        "version": 1,
        "rule": __doc__.split("\n\n")[1].replace("\n", " "),
        "files": [{"key": key, "side": side} for key, side in sorted(sides.items())],
    }


def main() -> int:
    if not DEV.is_dir():
        print(f"The development set is not present at {DEV}.")
        return 1
    data = record()
    SPLIT_FILE.write_text(json.dumps(data, indent=1) + "\n")
    counts = {side: sum(f["side"] == side for f in data["files"]) for side in SIDES}
    print(f"{len(data['files'])} files recorded in {SPLIT_FILE.name}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
