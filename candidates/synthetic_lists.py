"""Synthetic publication lists in randomly composed styles, for tests and benchmarks.

:mod:`candidates.synthetic` renders whole CVs in a handful of fixed layouts. Real lists vary
along many axes at once (what opens an entry, how it is marked, how it wraps and is spaced,
how the venue and the names are written, how the list is grouped and where pages break), and
a reader tuned on a few layouts fails on the combinations it never saw. Here every axis is
drawn independently from a seed, so a few hundred seeds cover combinations no one wrote down,
and the truth of every entry (its title, where the owner stands among its authors) is known.

Everything is made up from word lists; the output is deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fpdf import FPDF

from candidates.authorship import counts_as_first
from candidates.extraction.publications import PublicationRecord
from candidates.synthetic import FIRST_NAMES, SURNAMES

OWNER = ("Ada", "Quill")

# What a style may do, axis by axis (each drawn independently).
AXES: dict[str, tuple[object, ...]] = {
    "order": ("authors-title-venue", "title-authors-venue", "tag-title-authors", "apa", "ieee",
              "economics", "nature", "springer"),
    "rows": ("wrapped", "one part a row"),
    "marker": ("none", "[n]", "n.", "(n)", "bullet", "typed"),
    "spacing": (0.0, 0.0, 1.5, 3.0),
    "hanging": (False, True),
    "venue": ("short", "long", "long", "abbreviated"),  # "NeurIPS", its name, IEEE's "Adv. ..."
    "names": ("full", "initials", "inverted"),
    "and": (False, True),
    "groups": ("none", "none", "kind", "year"),
    "restart": (False, True),
    "reverse": (False, True),
    "sub_bold": (True, False),
    "heading": (
        "Publications", "Selected Publications", "Papers", "Refereed Publications",
        "Research Output", "Publications and Preprints",
    ),
    "extra": ("none", "none", "links", "award", "summary"),  # under each entry
    "bold_first": (False, True),
    "font": ("Helvetica", "Times"),
    "size": (9, 10, 11),
    "after": ("Skills", "Invited Talks", "Service", "Teaching", "Patents", "Supervised Theses",
              "Media Coverage"),
    "marks": (False, False, True),  # "*" on co-first authors, with a legend under the heading
    "running": (False, True),  # a running head and a page number on every page
    "venue_at": ("inline", "inline", "right", "left column"),  # "NeurIPS 2023" or the year
    "tag_form": ("bracket", "colon"),  # "[ICML 2023] Title" or "ICML 2023: Title"
    "authors_shown": (True, True, True, False),  # a list of the owner's works without authors
}  # fmt: skip

_WORDS = (
    "Sparse Routing Mixture Models Calibrated Uncertainty Small Language Curriculum Signals "
    "Offline Reinforcement Learning Robust Probing Vision Transformers Ranking Evidence Long "
    "Documents Federated Distillation Noisy Labels Graph Neural Networks Contrastive "
    "Pretraining Diffusion Priors Causal Discovery Bandits Kernels Attention"
).split()
_JOINERS = ("for", "with", "of", "in", "under", "via")
_SHORT = ("NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "EMNLP", "AAAI", "ICCV")
_LONG = {
    "NeurIPS": "Advances in Neural Information Processing Systems (NeurIPS)",
    "ICML": "International Conference on Machine Learning (ICML)",
    "ICLR": "International Conference on Learning Representations (ICLR)",
    "CVPR": "IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    "ACL": "Annual Meeting of the Association for Computational Linguistics (ACL)",
    "EMNLP": "Conference on Empirical Methods in Natural Language Processing (EMNLP)",
    "AAAI": "AAAI Conference on Artificial Intelligence",
    "ICCV": "IEEE/CVF International Conference on Computer Vision (ICCV)",
}
# The names as IEEE's reference style abbreviates them.
_ABBREVIATED = {
    "NeurIPS": "Adv. Neural Inf. Process. Syst.",
    "ICML": "Proc. Int. Conf. Mach. Learn.",
    "ICLR": "Proc. Int. Conf. Learn. Represent.",
    "CVPR": "Proc. IEEE Conf. Comput. Vis. Pattern Recognit.",
    "ACL": "Proc. Annu. Meet. Assoc. Comput. Linguist.",
    "EMNLP": "Proc. Conf. Empir. Methods Nat. Lang. Process.",
    "AAAI": "Proc. AAAI Conf. Artif. Intell.",
    "ICCV": "Proc. IEEE Int. Conf. Comput. Vis.",
}
_JOURNALS = (
    "Journal of Machine Learning Research, 24(3):1-30",
    "IEEE Transactions on Pattern Analysis and Machine Intelligence, 45(2):100-115",
    "Transactions on Machine Learning Research",
    "Nature Machine Intelligence, 5:12-20",
)
_AFTER = {
    "Skills": "Python, PyTorch, JAX, CUDA, C++",
    "Invited Talks": "Sparse routing at scale. Quanta Research, 2023.\n"
    "Calibration in practice. Northvale University, 2022.",
    "Service": "Reviewer for NeurIPS, ICML, ICLR (2019-2024).",
    "Teaching": "Teaching Assistant, CS229 Machine Learning, Northvale University, 2019.",
    # Sections whose lines read like citations and are no publications of the owner.
    "Patents": "A. Quill, B. Marsh. Sparse routing for invented accelerators. US Patent "
    "11,234,567, 2023.\nA. Quill. Calibrated kernels for pretend sensors. US Patent "
    "Application 17/123,456, 2022.",
    "Supervised Theses": "Lena Ortiz. Curriculum signals for invented robots. MSc thesis, "
    "Northvale University, 2023.\nOmar Haddad. Ranking evidence in made-up documents. "
    "BSc thesis, Northvale University, 2022.",
    "Media Coverage": "Interview: Sparse models explained. The Invented Times, March 2023.\n"
    "Podcast: Calibration in practice. Pretend Learning Podcast, 2022.",
}  # fmt: skip
_GROUPS = {"kind": (("Conference Papers", "conference"), ("Journal Articles", "journal"),
                    ("Preprints", "preprint"))}  # fmt: skip
_TYPED = {"conference": "C", "journal": "J", "preprint": "P"}


@dataclass(frozen=True)
class Work:
    """One entry of a list as it was written: the truth a reading is checked against."""

    title: str
    coauthors: tuple[tuple[str, str], ...]
    owner_at: int  # the owner's index among the authors
    shared_first: bool  # the first two authors carry an equal-contribution mark
    year: int
    kind: str  # "conference", "journal" or "preprint"
    venue: str  # the conference's acronym, or the journal
    number: int  # for arXiv identifiers


@dataclass(frozen=True)
class ListCv:
    """A one-column CV around a publication list of ``works`` set in ``style``."""

    style: dict[str, object]
    works: tuple[Work, ...]

    @property
    def first_authored(self) -> int:
        """Works the owner wrote first, or second with a co-first mark shared with the first;
        in the economists' form, which never writes the owner's place, works of their own."""
        if not self.style["authors_shown"]:
            return 0  # no author list, no place in it
        if self.style["order"] == "economics":
            return sum(not work.coauthors for work in self.works)
        marked = bool(self.style["marks"])
        return sum(
            work.owner_at == 0 or (marked and work.shared_first and work.owner_at == 1)
            for work in self.works
        )


@dataclass(frozen=True)
class ReadBack:
    """How a reading of a drawn list compares with the works it lists."""

    whole: bool  # as many publications as works
    first: bool  # the owner's first-authored works counted right
    venues: bool  # the conference papers, each at a top venue's main track, counted right
    flagged: bool  # the reading said it may be incomplete


def compare(cv: ListCv, publications: Sequence[PublicationRecord], *, flagged: bool) -> ReadBack:
    """Compare a reading's publications with the list's works."""
    first = sum(counts_as_first(p.author_position, p.equal_contribution) for p in publications)
    top = sum(
        p.kind == "conference" and p.tier == "top" and p.track == "main" for p in publications
    )
    return ReadBack(
        whole=len(publications) == len(cv.works),
        first=first == cv.first_authored,
        venues=top == sum(work.kind == "conference" for work in cv.works),
        flagged=flagged,
    )


def draw(seed: int) -> ListCv:
    """A style with every axis drawn from the seed, and 3 to 28 works."""
    rng = random.Random(seed)
    style = {axis: rng.choice(choices) for axis, choices in AXES.items()}
    if style["order"] == "apa":
        style["names"] = "inverted"
    if style["order"] in ("nature", "springer"):  # the sciences' "Doe, J. & Roe, R." forms
        style["names"] = style["order"]
    if style["order"] == "economics":  # "“Title,” (with J. Doe and R. Roe), Venue"
        style["names"] = "initials" if style["names"] == "inverted" else style["names"]
        style["marks"] = False
    return ListCv(style, tuple(_works(rng, rng.randint(3, 28))))


def _works(rng: random.Random, count: int) -> list[Work]:
    works: list[Work] = []
    titles: set[str] = set()
    while len(works) < count:
        words = rng.sample(_WORDS, rng.randint(3, 9))
        if len(words) > 4 and rng.random() < 0.5:  # "Sparse Routing for Mixture Models"
            words.insert(rng.randint(2, len(words) - 2), rng.choice(_JOINERS))
        title = " ".join(words)
        if title in titles:
            continue
        titles.add(title)
        # None: a work of the owner's alone; now and then a consortium's thirty names.
        size = rng.choice((0, 1, 1, 2, 2, 3, 4)) if rng.random() > 0.04 else 30
        coauthors = tuple((rng.choice(FIRST_NAMES), rng.choice(SURNAMES)) for _ in range(size))
        kind = rng.choice(("conference", "conference", "conference", "journal", "preprint"))
        works.append(
            Work(
                title=title,
                coauthors=coauthors,
                owner_at=rng.randint(0, len(coauthors)),
                shared_first=rng.random() < 0.3,
                year=2024 - len(works) // 3,
                kind=kind,
                venue=rng.choice(_JOURNALS if kind == "journal" else _SHORT),
                number=rng.randint(10, 99),
            )
        )
    return works


def _name(given: str, family: str, form: object) -> str:
    if form == "nature":
        return f"{family}, {given[0]}."
    if form == "springer":
        return f"{family} {given[0]}"
    if form == "initials":
        return f"{given[0]}. {family}"
    if form == "inverted":
        return f"{family}, {given[0]}."
    return f"{given} {family}"


def _authors(work: Work, style: dict[str, object], *, owner: bool = True) -> str:
    """The author list; with ``owner`` False only the co-authors (the economists' form)."""
    people = list(work.coauthors)
    if owner:
        people.insert(work.owner_at, OWNER)
    names = [_name(given, family, style["names"]) for given, family in people]
    if style["marks"] and work.shared_first and len(names) > 1:
        names[:2] = [f"{name}*" for name in names[:2]]
    if style["names"] == "nature" and len(names) > 1:
        return f"{', '.join(names[:-1])} & {names[-1]}"
    if style["and"] and len(names) > 1 and style["names"] != "springer":
        return f"{', '.join(names[:-1])} and {names[-1]}"
    return ", ".join(names)


def _parts(work: Work, style: dict[str, object]) -> list[str]:
    """The entry's parts in the style's order, each ending with its full stop; a venue set
    apart by the layout (:func:`_label`) and authors the style does not show are empty."""
    shown = bool(style["authors_shown"])
    listed = _authors(work, style)
    authors = _stop(listed) if shown else ""
    apart = style["venue_at"] == "right" and style["order"] != "tag-title-authors"
    if apart and work.kind == "conference":
        venue = ""
    elif work.kind == "conference" and style["venue"] == "short":
        venue = f"{work.venue} {work.year}"
    elif work.kind == "conference" and style["venue"] == "abbreviated":
        venue = f"{_ABBREVIATED[work.venue]}, {work.year}"
    elif work.kind == "conference":
        venue = f"In {_LONG[work.venue]}, {work.year}"
    elif work.kind == "journal":
        venue = f"{work.venue}, {work.year}"
    else:
        identifier = f"{work.year % 100:02d}{work.number:02d}.0{work.owner_at}123"
        venue = f"arXiv preprint arXiv:{identifier}, {work.year}"
    order = style["order"]
    if order == "economics":
        joint = f" (with {_authors(work, style, owner=False)})" if shown and work.coauthors else ""
        return [f'"{work.title},"{joint}', f"{venue}." if venue else ""]
    if order == "ieee":
        proceedings = (
            f"in Proc. {venue.removeprefix('In ')}" if work.kind == "conference" else venue
        )
        opening = f'{listed}, "{work.title},"' if shown else f'"{work.title},"'
        return [opening, f"{proceedings}." if venue else ""]
    if order in ("nature", "springer"):
        return _science_parts(work, style, authors=listed if shown else "", apart=apart)
    if order == "authors-title-venue":
        return [authors, f"{work.title}.", f"{venue}." if venue else ""]
    if order == "title-authors-venue":
        return [f"{work.title}.", authors, f"{venue}." if venue else ""]
    if order == "tag-title-authors":
        conference = (
            f"{work.venue} {work.year}:"
            if style["tag_form"] == "colon"
            else f"[{work.venue} {work.year}]"
        )
        tag = {"conference": conference, "journal": "[Journal]"}.get(work.kind, "[Preprint]")
        return [f"{tag} {work.title}.", authors] + (
            [] if work.kind == "conference" else [f"{venue}."]
        )
    if not shown:  # APA's year follows its authors: without them, the venue dates the work
        return [f"{work.title}.", f"{venue}." if venue else ""]
    apa_venue = venue if work.kind == "preprint" else venue.rsplit(",", 1)[0]
    return [f"{listed} ({work.year}).", f"{work.title}.", f"{apa_venue}." if venue else ""]


def _science_parts(work: Work, style: dict[str, object], *, authors: str, apart: bool) -> list[str]:
    """Nature's "Doe, J. & Roe, R. Title. J. Name 24, 1-30 (2023)." or Springer's "Doe J, Roe
    R (2023) Title. J Name 24:1-30", with no full stop after the pages."""
    pages = f"{100 + work.number}-{110 + work.number}"
    name, _, numbers = work.venue.partition(", ")
    volume = numbers.split("(")[0].split(":")[0] or "12"
    identifier = f"{work.year % 100:02d}{work.number:02d}.0{work.owner_at}123"
    nature = style["order"] == "nature"
    if work.kind == "preprint":
        venue = (
            f"Preprint at https://arxiv.org/abs/{identifier}" if nature else f"arXiv:{identifier}"
        )
    elif work.kind == "journal":
        venue = f"{name} {volume}, {pages}" if nature else f"{name} {volume}:{pages}"
    elif apart:
        venue = ""
    else:
        meeting = work.venue if style["venue"] == "short" else _LONG[work.venue]
        venue = (
            f"in Proc. {meeting} {pages}" if nature else f"In: Proceedings of {meeting}, pp {pages}"
        )
    if nature:
        dated = f"{venue} ({work.year})." if venue else ""
        return [_stop(authors) if authors else "", f"{work.title}.", dated]
    if not authors:  # the year, which follows the authors, then closes the entry
        return [f"{work.title}.", f"{venue} ({work.year})." if venue else f"({work.year})."]
    return [f"{authors} ({work.year})", f"{work.title}.", venue]


def _stop(text: str) -> str:
    """The text ending with one full stop ("Doe, J." stays as it is)."""
    return text if text.endswith(".") else f"{text}."


def _label(work: Work, style: dict[str, object]) -> str:
    """What a layout sets apart from the entry's text: a conference's acronym and year flush
    right, or the year in a column on the left; nothing for inline venues."""
    if style["venue_at"] == "inline" or style["order"] == "tag-title-authors":
        return ""
    if style["venue_at"] == "right":
        return f"{work.venue} {work.year}" if work.kind == "conference" else ""
    return str(work.year)


class _Paged(FPDF):
    """A page with a running head (after the first page) and a page number at its foot."""

    running = False

    def header(self) -> None:
        if self.running and self.page_no() > 1:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"{' '.join(OWNER)} - Curriculum Vitae", align="R")
            self.ln(7)

    def footer(self) -> None:
        if self.running:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"{self.page_no()}", align="C")


def render(cv: ListCv) -> bytes:
    """The CV as a PDF: a name, education and experience, the list, then another section."""
    style = cv.style
    font, size = str(style["font"]), int(style["size"])  # type: ignore[call-overload]
    pdf = _Paged()
    pdf.running = bool(style["running"])
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()

    def row(text: str, *, x: float = 0, width: float = 190, bold: bool = False) -> None:
        pdf.set_font(font, "B" if bold else "", size)
        pdf.set_x(10 + x)
        pdf.multi_cell(width - x, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, size=size)

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font(font, "B", 13)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(font, size=size)

    pdf.set_font(font, "B", 16)
    pdf.cell(0, 8, " ".join(OWNER), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=10)
    pdf.cell(0, 5, "ada.quill@example.org | Northvale University", new_x="LMARGIN", new_y="NEXT")
    heading("Education")
    row("PhD in Computer Science, Northvale University, 2020")
    heading("Experience")
    row("Research Scientist, Quanta Research, 2020-present. Led work on sparse models.")
    heading(str(style["heading"]))
    if style["marks"]:
        pdf.set_font(font, size=size - 1)
        pdf.cell(0, 5, "* Equal contribution", new_x="LMARGIN", new_y="NEXT")
    indent = 6 if style["hanging"] else 0
    # A year column on the left moves the text right; a venue flush right narrows it.
    left = 22 if style["venue_at"] == "left column" else 0
    width = 190 - (36 if style["venue_at"] == "right" else 0)
    number = len(cv.works) if style["reverse"] else 1
    step = -1 if style["reverse"] else 1
    for group, works in _grouped(cv):
        if group:
            pdf.ln(1)
            pdf.set_font(font, "B" if style["sub_bold"] else "I", size + 1)
            pdf.cell(0, 6, group, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(font, size=size)
            if style["restart"]:
                number = len(works) if style["reverse"] else 1
        for work in works:
            marker = _marker(style["marker"], number, _TYPED[work.kind])
            number += step
            parts = [part for part in _parts(work, style) if part]
            if pdf.get_y() > 262:  # labels and markers are never parted from their entry
                pdf.add_page()
            top = pdf.get_y()
            if style["rows"] == "wrapped" and marker and style["hanging"]:
                # The text hangs past the marker, however wide it is ("[C22]").
                hang = max(indent, pdf.get_string_width(marker.strip()) + 1) + 2
                pdf.set_xy(10 + left, top)
                pdf.cell(hang, 5, marker.strip())
                pdf.set_xy(10 + left + hang, top)
                pdf.multi_cell(width - left - hang, 5, " ".join(parts),
                               new_x="LMARGIN", new_y="NEXT")  # fmt: skip
            elif style["rows"] == "wrapped":
                row(marker + " ".join(parts), x=left, width=width)
            else:
                for index, part in enumerate(parts):
                    row((marker if index == 0 else "") + part, x=left + (indent if index else 0),
                        width=width, bold=index == 0 and bool(style["bold_first"]))  # fmt: skip
            bottom = pdf.get_y()
            label = _label(work, style)
            if label:
                pdf.set_font(font, size=size)
                if style["venue_at"] == "right":
                    pdf.set_xy(200 - 34, top)
                    pdf.cell(34, 5, label, align="R")
                else:
                    pdf.set_xy(10, top)
                    pdf.cell(20, 5, label)
                pdf.set_y(bottom)
            if style["extra"] == "links":
                pdf.set_font(font, size=size - 1)
                pdf.set_x(10 + left)
                pdf.cell(0, 5, "[pdf] [code]", new_x="LMARGIN", new_y="NEXT")
                pdf.set_font(font, size=size)
            elif style["extra"] == "award" and work.owner_at == 0:
                row("Oral presentation", x=left + indent)
            elif style["extra"] == "summary":  # a sentence about the work, set as its text
                row(f"We show that {work.title.lower()} needs half the compute, and release "
                    "the code.", x=left + indent, width=width)  # fmt: skip
            pdf.ln(float(style["spacing"]))  # type: ignore[arg-type]
    heading(str(style["after"]))
    row(_AFTER[str(style["after"])])
    return bytes(pdf.output())


def _grouped(cv: ListCv) -> list[tuple[str, list[Work]]]:
    if cv.style["groups"] == "kind":
        groups = [(name, [w for w in cv.works if w.kind == kind]) for name, kind in _GROUPS["kind"]]
    elif cv.style["groups"] == "year":
        years = sorted({w.year for w in cv.works}, reverse=True)
        groups = [(str(year), [w for w in cv.works if w.year == year]) for year in years]
    else:
        groups = [("", list(cv.works))]
    return [(name, works) for name, works in groups if works]


def _marker(kind: object, number: int, typed: str) -> str:
    return {
        "none": "",
        "[n]": f"[{number}] ",
        "n.": f"{number}. ",
        "(n)": f"({number}) ",
        "bullet": "- ",
        "typed": f"[{typed}{number}] ",
    }[str(kind)]
