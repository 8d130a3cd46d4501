"""Synthetic CVs and publication lists of fictional researchers, for the demo, tests and benchmarks.

Every person, paper and affiliation here is made up from word lists; nothing comes from a real CV.
The output is deterministic for a seed, so running the demo twice writes the same bytes (and the
same files are the same documents). Profiles follow the archetypes of RUBRIC.md: established
researchers, PhD students, research engineers, software engineers without research, and
scientists from neighbouring fields.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FIRST_NAMES = (
    "Ada", "Bruno", "Chidi", "Dalia", "Emeka", "Freya", "Gaspard", "Hana", "Ivo", "Jun",
    "Kalani", "Leona", "Mateo", "Noor", "Oskar", "Priya", "Quentin", "Rosa", "Soren", "Tamsin",
    "Umar", "Vesna", "Wen", "Xavi", "Yara", "Zeno", "Ines", "Kofi", "Mira", "Tariq",
)  # fmt: skip
SURNAMES = (
    "Abernethy", "Balogun", "Castellanos", "Dragomir", "Eriksen", "Fontaine", "Gathoni",
    "Halvorsen", "Ilunga", "Jankowska", "Kovacic", "Lindqvist", "Mbeki", "Novakova", "Okonkwo",
    "Petrakis", "Quarshie", "Rautio", "Sandoval", "Takahara", "Umarov", "Valtonen", "Whitlock",
    "Xenakis", "Yilmazer", "Zubiri", "Achterberg", "Brannagh", "Cortazar", "Delacroix-Moss",
)  # fmt: skip
UNIVERSITIES = (
    "University of Northvale", "Eastbrook Institute of Technology", "Harrowgate University",
    "Technical University of Lindenau", "Calder Polytechnic", "University of Port Sorrel",
    "Westmere College", "Ostrava Institute of Science", "University of Kestrel Bay",
)  # fmt: skip
LABS = (
    "Northvale AI Lab", "Quanta Research", "Lumen Labs", "Helix Robotics Research",
    "Orchard Machine Intelligence", "Bluefin Data", "Cobalt Systems", "Meridian Software",
)  # fmt: skip

AREAS: dict[str, dict[str, tuple[str, ...]]] = {
    "ml": {
        "methods": ("Sparse Mixture Models", "Implicit Regularization", "Score-Based Diffusion",
                    "Contrastive Pretraining", "Low-Rank Adaptation", "Neural Operators"),
        "tasks": ("Out-of-Distribution Generalization", "Tabular Learning",
                  "Calibrated Uncertainty", "Continual Learning", "Data Pruning"),
        "venues": ("NeurIPS", "ICML", "ICLR", "AISTATS", "UAI", "JMLR"),
        "field": ("Computer Science", "Machine Learning"),
    },
    "nlp": {
        "methods": ("Retrieval-Augmented Decoding", "Instruction Tuning", "Span-Level Attention",
                    "Multilingual Adapters", "Preference Optimization"),
        "tasks": ("Low-Resource Translation", "Factual Summarization", "Dialogue State Tracking",
                  "Reasoning over Tables", "Code Generation"),
        "venues": ("ACL", "EMNLP", "NAACL", "TACL", "NeurIPS", "COLING"),
        "field": ("Computer Science", "Computational Linguistics"),
    },
    "cv": {
        "methods": ("Masked Autoencoders", "Neural Radiance Fields", "Vision Transformers",
                    "Equivariant Convolutions", "Open-Vocabulary Detection"),
        "tasks": ("3D Scene Reconstruction", "Video Segmentation", "Pose Estimation",
                  "Medical Image Registration", "Few-Shot Recognition"),
        "venues": ("CVPR", "ICCV", "ECCV", "NeurIPS", "WACV", "TPAMI"),
        "field": ("Computer Science", "Electrical Engineering"),
    },
    "rl": {
        "methods": ("Model-Based Planning", "Offline Policy Optimization",
                    "Temporal Credit Assignment", "Intrinsic Motivation", "Successor Features"),
        "tasks": ("Robotic Manipulation", "Multi-Agent Coordination", "Sparse-Reward Exploration",
                  "Sim-to-Real Transfer", "Safe Control"),
        "venues": ("NeurIPS", "ICML", "ICLR", "CoRL", "AAMAS", "RSS"),
        "field": ("Computer Science", "Robotics"),
    },
    "physics": {
        "methods": ("Tensor Network Methods", "Monte Carlo Sampling", "Renormalization Analysis",
                    "Stochastic Differential Equations", "Bayesian Inference"),
        "tasks": ("Strongly Correlated Electrons", "Turbulent Flows", "Gravitational-Wave Signals",
                  "Quantum Spin Chains", "Plasma Instabilities"),
        "venues": ("Physical Review Letters", "Physical Review B",
                   "Journal of Computational Physics", "New Journal of Physics"),
        "field": ("Physics", "Applied Mathematics"),
    },
}  # fmt: skip

ARCHETYPES = ("researcher", "phd_student", "research_engineer", "software_engineer", "scientist")


@dataclass(frozen=True)
class Degree:
    level: str  # "PhD" | "MSc" | "BSc"
    field: str
    institution: str
    start: int
    end: int | None  # None while in progress
    thesis: str | None = None


@dataclass(frozen=True)
class Position:
    title: str
    organisation: str
    start: int
    end: int | None
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    workshop: bool = False
    preprint: bool = False


@dataclass
class Researcher:
    """A fictional candidate and everything their CV says."""

    name: str
    email: str
    archetype: str
    area: str
    summary: str
    degrees: list[Degree] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    service: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.name.lower().replace(" ", "-")

    @property
    def homepage_url(self) -> str:
        # Not named for the person alone: two namesakes must not share a homepage (one page
        # is one person's, and Referee joins the records of whoever shares one).
        return f"https://{self.email.split('@')[0].replace('.', '-')}.example.org"


def generate(seed: int, *, archetype: str | None = None, this_year: int = 2026) -> Researcher:
    """A fictional researcher; the same seed always gives the same person."""
    rng = random.Random(seed)
    archetype = archetype or rng.choice(ARCHETYPES)
    area = "physics" if archetype == "scientist" else rng.choice(("ml", "nlp", "cv", "rl"))
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    name = f"{first} {last}"
    domain = rng.choice(("example.org", "example.edu", "example.net"))
    person = Researcher(
        name=name,
        email=f"{first.lower()}.{last.lower().replace('-', '')}{seed}@{domain}",
        archetype=archetype,
        area=area,
        summary="",
    )
    _BUILDERS[archetype](person, rng, this_year)
    return person


def _papers(
    rng: random.Random, person: Researcher, area: str, count: int, years: tuple[int, int], *,
    first_share: float, workshop_share: float = 0.0,
) -> list[Paper]:  # fmt: skip
    words = AREAS[area]
    papers: list[Paper] = []
    for _ in range(count):
        coauthors = [
            f"{rng.choice(FIRST_NAMES)[0]}. {rng.choice(SURNAMES)}"
            for _ in range(rng.randint(1, 5))
        ]
        position = 0 if rng.random() < first_share else rng.randint(1, len(coauthors))
        authors = [*coauthors[:position], person.name, *coauthors[position:]]
        title = _title(rng, words, taken={p.title for p in papers})
        workshop = rng.random() < workshop_share
        papers.append(
            Paper(
                title=title,
                authors=tuple(authors),
                venue=rng.choice(words["venues"]),
                year=rng.randint(*years),
                workshop=workshop,
            )
        )
    return sorted(papers, key=lambda p: -p.year)


def _title(rng: random.Random, words: dict[str, tuple[str, ...]], *, taken: set[str]) -> str:
    """A title on a topic this researcher has not written on yet.

    Titles that differ only by "Towards" would be one paper to any reader (and to the fuzzy
    de-duplication), so the topic, not the wording, must be new.
    """
    while True:
        topic = f"{rng.choice(words['methods'])} for {rng.choice(words['tasks'])}"
        if not any(t.endswith(topic) for t in taken):
            break
    if rng.random() < 0.4:
        return f"{rng.choice(('Towards', 'Revisiting', 'Scaling', 'Understanding'))} {topic}"
    return topic


def _researcher(person: Researcher, rng: random.Random, now: int) -> None:
    phd_end = now - rng.randint(1, 6)
    uni = rng.sample(UNIVERSITIES, 3)
    field = AREAS[person.area]["field"][0]
    person.summary = (
        f"Research scientist working on {AREAS[person.area]['tasks'][0].lower()} and "
        f"{AREAS[person.area]['methods'][0].lower()}, with a focus on rigorous empirical "
        "evaluation, ablations and reproducible baselines."
    )
    person.degrees = [
        Degree("PhD", field, uni[0], phd_end - 5, phd_end,
               thesis=f"{AREAS[person.area]['methods'][1]} in Theory and Practice"),
        Degree("MSc", "Mathematics", uni[1], phd_end - 7, phd_end - 5),
        Degree("BSc", "Mathematics and Computer Science", uni[2], phd_end - 10, phd_end - 7),
    ]  # fmt: skip
    person.positions = [
        Position("Postdoctoral Researcher", uni[0], phd_end, None, (
            "Lead a project with collaborators at three institutions; mentor two PhD students.",
            "Designed benchmarks and ablation studies for large-scale pretraining.",
        )),
        Position("Research Intern", rng.choice(LABS), phd_end - 2, phd_end - 2, (
            "Implemented custom training loops in PyTorch and JAX on a 64-GPU cluster.",
        )),
    ]  # fmt: skip
    person.papers = _papers(
        rng, person, person.area, rng.randint(5, 10), (phd_end - 5, now), first_share=0.55,
        workshop_share=0.15,
    )  # fmt: skip
    person.skills = ["Python", "PyTorch", "JAX", "CUDA", "C++", "Git", "Slurm"]
    person.awards = [f"Outstanding Paper Award, {person.papers[0].venue} {person.papers[0].year}"]
    person.service = [
        f"Reviewer for {', '.join(AREAS[person.area]['venues'][:3])}",
        f"Co-organizer, Workshop on {AREAS[person.area]['tasks'][1]}",
    ]


def _phd_student(person: Researcher, rng: random.Random, now: int) -> None:
    start = now - rng.randint(1, 4)
    uni = rng.sample(UNIVERSITIES, 2)
    field = rng.choice(AREAS[person.area]["field"])
    person.summary = (
        f"PhD student in {field.lower()} studying {AREAS[person.area]['methods'][2].lower()}."
    )
    person.degrees = [
        Degree("PhD", field, uni[0], start, None),
        Degree("BSc", rng.choice(("Computer Science", "Statistics", "Physics")), uni[1],
               start - 4, start),
    ]  # fmt: skip
    person.positions = [
        Position("Graduate Research Assistant", uni[0], start, None, (
            "Run experiments with strong baselines and ablations on public benchmarks.",
        )),
    ]  # fmt: skip
    person.papers = _papers(
        rng, person, person.area, rng.randint(1, 3), (start, now), first_share=0.7,
        workshop_share=0.4,
    )  # fmt: skip
    person.skills = ["Python", "PyTorch", "NumPy", "LaTeX"]
    person.awards = [f"Graduate Fellowship, {uni[0]}"] if rng.random() < 0.5 else []
    person.service = []


def _research_engineer(person: Researcher, rng: random.Random, now: int) -> None:
    end = now - rng.randint(3, 8)
    uni = rng.choice(UNIVERSITIES)
    person.summary = "Research engineer building training infrastructure for large models."
    person.degrees = [Degree("MSc", "Computer Science", uni, end - 2, end)]
    person.positions = [
        Position("Research Engineer", rng.choice(LABS), end, None, (
            "Wrote fused CUDA kernels and distributed data-parallel training in PyTorch.",
            "Maintain an open-source library for efficient attention used by research teams.",
            "Work with researchers and product engineers to ship models.",
        )),
    ]  # fmt: skip
    person.papers = _papers(
        rng, person, person.area, rng.randint(0, 2), (end, now), first_share=0.2,
        workshop_share=0.5,
    )  # fmt: skip
    person.skills = ["Python", "PyTorch", "C++", "CUDA", "Triton", "Kubernetes", "Docker"]


def _software_engineer(person: Researcher, rng: random.Random, now: int) -> None:
    end = now - rng.randint(3, 10)
    person.summary = "Software engineer building reliable backend services."
    person.degrees = [Degree("BSc", "Information Systems", rng.choice(UNIVERSITIES), end - 4, end)]
    person.positions = [
        Position("Senior Software Engineer", rng.choice(LABS), end + 2, None, (
            "Built REST APIs in Java and Go serving two million requests a day.",
            "Led migration of a monolith to microservices with a team of six.",
        )),
        Position("Software Engineer", rng.choice(LABS), end, end + 2, (
            "Developed internal dashboards in JavaScript and SQL.",
        )),
    ]  # fmt: skip
    person.skills = ["Java", "Go", "JavaScript", "SQL", "Docker", "AWS"]


def _scientist(person: Researcher, rng: random.Random, now: int) -> None:
    phd_end = now - rng.randint(1, 5)
    uni = rng.sample(UNIVERSITIES, 2)
    person.summary = (
        "Computational physicist moving into machine learning; daily use of probability, "
        "stochastic processes and numerical optimization."
    )
    person.degrees = [
        Degree("PhD", "Theoretical Physics", uni[0], phd_end - 5, phd_end,
               thesis=f"{AREAS['physics']['methods'][0]} for {AREAS['physics']['tasks'][0]}"),
        Degree("BSc", "Physics", uni[1], phd_end - 9, phd_end - 5),
    ]  # fmt: skip
    person.positions = [
        Position("Postdoctoral Fellow", uni[0], phd_end, None, (
            "Developed Monte Carlo samplers in C++ and Python for large simulations.",
        )),
    ]  # fmt: skip
    person.papers = _papers(
        rng, person, "physics", rng.randint(3, 7), (phd_end - 5, now), first_share=0.5
    )
    person.skills = ["Python", "NumPy", "C++", "Fortran", "MPI"]
    person.awards = ["Gold medal, International Physics Olympiad"] if rng.random() < 0.3 else []


_BUILDERS = {
    "researcher": _researcher,
    "phd_student": _phd_student,
    "research_engineer": _research_engineer,
    "software_engineer": _software_engineer,
    "scientist": _scientist,
}

DEGREE_NAMES = {"PhD": "Ph.D.", "MSc": "M.Sc.", "BSc": "B.Sc."}


def _years(start: int, end: int | None) -> str:
    return f"{start} - {end}" if end else f"{start} - present"


LAYOUTS = ("classic", "dates_left", "sidebar", "caps", "margin_labels", "bold_titles")


class _Page:
    """Drawing helpers shared by the layouts: a column of text that can sit anywhere."""

    def __init__(self, pdf: FPDF, *, left: float, width: float, caps: bool = False):
        self.pdf, self.left, self.width, self.caps = pdf, left, width, caps

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.pdf.set_x(self.left)
        self.pdf.set_font("Helvetica", "B", 13)
        self.pdf.cell(self.width, 8, text.upper() if self.caps else text,
                      new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        self.pdf.set_font("Helvetica", size=10)

    def line(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        self.pdf.set_x(self.left + indent)
        self.pdf.set_font("Helvetica", "B" if bold else "", 10)
        self.pdf.multi_cell(self.width - indent, 5, text, new_x="LMARGIN", new_y="NEXT")

    def dated(self, text: str, dates: str, *, bold: bool = True, right: float = 32) -> None:
        """An entry with its dates (or a venue) pushed to the right edge of the column."""
        self.pdf.set_x(self.left)
        self.pdf.set_font("Helvetica", "B" if bold else "", 10)
        self.pdf.cell(self.width - right, 5, text)
        self.pdf.set_font("Helvetica", size=10)
        self.pdf.cell(right, 5, dates, align="R", new_x="LMARGIN", new_y="NEXT")

    def left_dated(self, dates: str, text: str, *, bold: bool = True) -> None:
        """An entry with its dates in a narrow column on the left (moderncv)."""
        top = self.pdf.get_y()
        self.pdf.set_xy(self.left, top)
        self.pdf.set_font("Helvetica", size=9)
        self.pdf.cell(28, 5, dates)
        self.pdf.set_xy(self.left + 30, top)
        self.pdf.set_font("Helvetica", "B" if bold else "", 10)
        self.pdf.multi_cell(self.width - 30, 5, text, new_x="LMARGIN", new_y="NEXT")


class _MarginPage(_Page):
    """Section labels in a left margin, on the rows of the section's first lines, a word a row
    ("Selected" over "Publications"), as some LaTeX and Word templates set them."""

    MARGIN = 12

    def __init__(self, pdf: FPDF, *, left: float, width: float):
        super().__init__(pdf, left=left, width=width)
        self.pending: list[str] = []
        self.label_bottom = 0.0

    def heading(self, text: str) -> None:
        # A label taller than its section pushes the next section down.
        self.pdf.set_y(max(self.pdf.get_y(), self.label_bottom) + 4)
        self.pending = text.split()

    def _label(self) -> None:
        top = self.pdf.get_y()
        self.pdf.set_font("Helvetica", size=10)
        for row, word in enumerate(self.pending):
            self.pdf.set_xy(self.MARGIN, top + row * 5)
            self.pdf.cell(self.left - self.MARGIN - 2, 5, word)
        if self.pending:
            self.label_bottom = top + len(self.pending) * 5
        self.pending = []
        self.pdf.set_xy(self.left, top)

    def line(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        self._label()
        super().line(text, bold=bold, indent=indent)

    def dated(self, text: str, dates: str, *, bold: bool = True, right: float = 32) -> None:
        self._label()
        super().dated(text, dates, bold=bold, right=right)


def render_cv_pdf(person: Researcher, *, layout: str = "classic") -> bytes:
    """The researcher's CV as a PDF in one of :data:`LAYOUTS` (all bold-headed, 1-2 pages).

    The layouts reproduce what real CVs do to a reader: dates beside or before entries, a
    two-column sidebar, capitalised headings, section labels in a left margin, the usual
    publication styles, and papers as bold titles with the venue pushed right under a heading
    no list of section names holds ("Research Output").
    """
    pdf = FPDF()
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    pdf.set_title(f"CV of {person.name}")
    pdf.set_margins(18, 16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 10, person.name.upper() if layout == "caps" else person.name,
             align="C" if layout == "sidebar" else "L", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, f"{person.email}  |  {person.homepage_url}",
             align="C" if layout == "sidebar" else "L", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if layout == "sidebar":
        _sidebar_layout(pdf, person)
    else:
        page = (
            _MarginPage(pdf, left=40, width=152)
            if layout == "margin_labels"
            else _Page(pdf, left=18, width=174, caps=layout == "caps")
        )
        _summary(page, person)
        _education(page, person, layout)
        _experience(page, person, layout)
        _publications(page, person, layout)
        _extras(page, person)
    return bytes(pdf.output())


def _summary(page: _Page, person: Researcher) -> None:
    page.heading("Research Interests" if person.papers else "Summary")
    page.line(person.summary)


def _education(page: _Page, person: Researcher, layout: str) -> None:
    page.heading("Education")
    for d in person.degrees:
        degree = f"{DEGREE_NAMES[d.level]} in {d.field}"
        if layout == "dates_left":
            page.left_dated(_years(d.start, d.end), f"{degree}, {d.institution}")
        elif layout in ("caps", "margin_labels"):
            page.dated(d.institution, _years(d.start, d.end))
            page.line(degree)
        else:
            page.line(f"{degree}, {d.institution}   {_years(d.start, d.end)}", bold=True)
        if d.thesis:
            page.line(f"Thesis: {d.thesis}", indent=30 if layout == "dates_left" else 0)


def _experience(page: _Page, person: Researcher, layout: str) -> None:
    page.heading("Experience")
    for p in person.positions:
        if layout == "dates_left":
            page.left_dated(_years(p.start, p.end), f"{p.title}, {p.organisation}")
        elif layout in ("caps", "margin_labels"):
            page.dated(f"{p.title}, {p.organisation}", _years(p.start, p.end))
        else:
            page.line(f"{p.title}, {p.organisation}   {_years(p.start, p.end)}", bold=True)
        for bullet in p.bullets:
            page.line(f"- {bullet}", indent=30 if layout == "dates_left" else 4)


def _venue(paper: Paper) -> str:
    return f"{paper.venue} Workshop" if paper.workshop else paper.venue


def _publications(page: _Page, person: Researcher, layout: str) -> None:
    if not person.papers:
        return
    heading = {"caps": "Selected Publications", "margin_labels": "Selected Publications"}
    page.heading(
        "Research Output" if layout == "bold_titles" else heading.get(layout, "Publications")
    )
    for number, paper in enumerate(person.papers, start=1):
        authors = ", ".join(paper.authors)
        if layout == "bold_titles":  # bold title, venue at the right; authors, year at the right
            page.dated(paper.title, _venue(paper), right=56)
            page.dated(authors, str(paper.year), bold=False)
            page.line(f"· https://arxiv.org/abs/{paper.year % 100:02d}01.{number:05d}", indent=-4)
            page.pdf.ln(1.5)
        elif layout == "dates_left":  # title first, then authors, then the venue
            page.left_dated(str(paper.year), paper.title)
            page.line(authors, indent=30)
            page.line(f"{_venue(paper)} {paper.year}", indent=30)
            page.pdf.ln(1.5)
        elif layout == "caps":  # APA
            names = ", ".join(_apa(a) for a in paper.authors)
            page.line(f"{names} ({paper.year}). {paper.title}. {_venue(paper)}.")
        else:
            page.line(f"[{number}] {authors}. {paper.title}. {_venue(paper)}, {paper.year}.")


def _apa(author: str) -> str:
    first, *_, last = author.split()
    return f"{last}, {first[0]}."


def _extras(page: _Page, person: Researcher) -> None:
    page.heading("Skills")
    page.line(", ".join(person.skills))
    if person.awards:
        page.heading("Awards")
        for award in person.awards:
            page.line(f"- {award}")
    if person.service:
        page.heading("Service")
        for item in person.service:
            page.line(f"- {item}")


def _sidebar_layout(pdf: FPDF, person: Researcher) -> None:
    """Deedy-style: education, skills and awards in a narrow left column, the rest beside it."""
    top = pdf.get_y() + 4
    sidebar = _Page(pdf, left=12, width=56, caps=True)
    pdf.set_y(top)
    sidebar.heading("Education")
    for d in person.degrees:
        sidebar.line(d.institution, bold=True)
        sidebar.line(f"{DEGREE_NAMES[d.level]} in {d.field}")
        sidebar.line(_years(d.start, d.end))
    sidebar.heading("Skills")
    for skill in person.skills:
        sidebar.line(skill)
    if person.awards:
        sidebar.heading("Awards")
        for award in person.awards:
            sidebar.line(award)
    main = _Page(pdf, left=74, width=124, caps=True)
    pdf.set_y(top)
    main.heading("Experience")
    for p in person.positions:
        main.line(f"{p.title}, {p.organisation} | {_years(p.start, p.end)}", bold=True)
        for bullet in p.bullets:
            main.line(f"- {bullet}", indent=3)
    if person.papers:
        main.heading("Publications")
        for number, paper in enumerate(person.papers, start=1):
            main.line(f"{number}. {', '.join(paper.authors)}. \"{paper.title}.\" "
                      f"{_venue(paper)}, {paper.year}.")  # fmt: skip


def render_bibtex(person: Researcher) -> str:
    """The researcher's papers as a BibTeX file, the way reference managers export them."""
    entries = []
    for number, paper in enumerate(person.papers, start=1):
        key = f"{paper.authors[0].split()[-1].lower()}{paper.year}p{number}"
        kind = "article" if paper.venue in ("JMLR", "TACL", "TPAMI") else "inproceedings"
        venue_field = "journal" if kind == "article" else "booktitle"
        venue = f"{paper.venue} Workshop" if paper.workshop else paper.venue
        entries.append(
            f"@{kind}{{{key},\n"
            f"  title = {{{paper.title}}},\n"
            f"  author = {{{' and '.join(paper.authors)}}},\n"
            f"  {venue_field} = {{{venue}}},\n"
            f"  year = {{{paper.year}}}\n}}\n"
        )
    return "\n".join(entries)


def write_set(folder: Path, *, count: int, seed: int = 0, bib_every: int = 2) -> list[Path]:
    """Write ``count`` synthetic CVs (and a .bib for every ``bib_every``-th researcher with
    papers) to ``folder``; files are named ``<slug>-<seed>__cv.pdf`` / ``__papers.bib``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        person = generate(
            seed + index, archetype=ARCHETYPES[index % len(ARCHETYPES)] if count < 50 else None
        )
        stem = f"{person.slug}-{seed + index}"
        cv = folder / f"{stem}__cv.pdf"
        cv.write_bytes(render_cv_pdf(person, layout=LAYOUTS[(seed + index) % len(LAYOUTS)]))
        paths.append(cv)
        if person.papers and bib_every and index % bib_every == 0:
            bib = folder / f"{stem}__papers.bib"
            bib.write_text(render_bibtex(person), encoding="utf-8")
            paths.append(bib)
    return paths


def write_demo_set(folder: Path, *, count: int = 6) -> list[Path]:
    """The demo's files: one researcher of each archetype first, the same files every run."""
    return write_set(folder, count=count, seed=1000)
