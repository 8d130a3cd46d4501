"""Splitting a CV into sections (education, publications, experience…) by its headings.

A heading is recognised from its words (a lexicon of the names CVs give their sections) and its
looks (short, bold, larger or capitalised). Matching ignores case, punctuation and spaces, so
headings whose spaces were lost in extraction ("RESEARCHEXPERIENCE") still match.
"""

from __future__ import annotations

import re
from collections import Counter

from candidates.extraction.document import Section, TextLine

# Canonical section kind -> heading names, written without spaces or punctuation.
HEADINGS: dict[str, tuple[str, ...]] = {
    "education": (
        "education",
        "academicbackground",
        "educationalbackground",
        "academicqualifications",
        "qualifications",
        "degrees",
        "educationandtraining",
        "academiceducation",
        "studies",
        "academichistory",
    ),
    "publications": (
        "publications",
        "selectedpublications",
        "researchpublications",
        "papers",
        "selectedpapers",
        "journalarticles",
        "journalpublications",
        "conferencepapers",
        "conferencepublications",
        "peerreviewedpublications",
        "refereedpublications",
        "preprints",
        "workshoppapers",
        "manuscripts",
        "publicationsandpreprints",
        "publicationsandtalks",
        "proceedings",
        "bookchapters",
        "workingpapers",
        "submittedpapers",
        "papersunderreview",
        "underreview",
        "refereedconferencepapers",
        "refereedjournalpapers",
        "peerreviewedconferencepapers",
        "peerreviewedjournalpapers",
        "conferenceandworkshoppapers",
        "thesis",
        "theses",
        "papersandthesis",
        "papersandtheses",
        "publicationsandpatents",
        "selectedpublicationsandpreprints",
        "keypublications",
        "coauthoredpublications",
        "journal",
        "journals",
        "conference",
        "conferences",
        "articles",
        "journalpapers",
        "conferenceproceedings",
        "books",
        "workshops",
        "bibliography",
        "publicationlist",
        "listofpublications",
        "peerreviewedarticles",
        "refereedarticles",
        "scholarlyarticles",
        "researchoutput",
        "selectedworks",
        "publishedworks",
        "scholarlyworks",
        "scholarlyoutput",
        "peerreviewed",
        "refereed",
        "articlesinjournals",
        "papersinjournals",
        "papersinconferences",
        "papersinproceedings",
        "workinprogress",
        "worksinprogress",
        "preprintsandworkingpapers",
        "publicationsandpresentations",
        "researchoutputs",
        "outputs",
        "scientificoutput",
        "writing",
        "writings",
    ),
    "experience": (
        "experience",
        "workexperience",
        "professionalexperience",
        "employment",
        "researchexperience",
        "positions",
        "academicpositions",
        "industryexperience",
        "internships",
        "appointments",
        "researchpositions",
        "professionalappointments",
        "relevantexperience",
        "employmenthistory",
        "academicexperience",
        "researchappointments",
        "industrialexperience",
        "workhistory",
        "careerhistory",
        "researchandworkexperience",
        "research",
        "selectedresearch",
        "researchexperienceandprojects",
    ),
    "skills": (
        "skills",
        "technicalskills",
        "programmingskills",
        "computerskills",
        "skillset",
        "programming",
        "programminglanguages",
        "technologies",
        "tools",
        "technicalexpertise",
        "skillsandtools",
        "languagesandtools",
        "softwareskills",
        "languages",
        "otherskills",
    ),
    "awards": (
        "awards",
        "honors",
        "honours",
        "awardsandhonors",
        "awardsandhonours",
        "honorsandawards",
        "honoursandawards",
        "fellowships",
        "scholarships",
        "grants",
        "achievements",
        "competitions",
        "prizes",
        "competitionsandawards",
        "scholarshipsandawards",
        "fellowshipsandawards",
        "awardsandfellowships",
        "grantsandawards",
        "distinctions",
    ),
    "service": (
        "service",
        "professionalservice",
        "academicservice",
        "reviewing",
        "reviewingservice",
        "professionalactivities",
        "activities",
        "leadership",
        "outreach",
        "organizing",
        "servicesandactivities",
        "serviceandleadership",
        "communityservice",
        "extracurricularactivities",
        "academicactivities",
        "volunteering",
        "memberships",
    ),
    "teaching": (
        "teaching",
        "teachingexperience",
        "mentoring",
        "supervision",
        "teachingandmentoring",
        "mentorship",
        "teachingassistantships",
        "studentsupervision",
    ),
    "projects": (
        "projects",
        "selectedprojects",
        "researchprojects",
        "opensource",
        "software",
        "opensourcesoftware",
        "opensourcecontributions",
        "personalprojects",
        "academicprojects",
        "technicalprojects",
    ),
    "talks": ("talks", "invitedtalks", "presentations", "selectedtalks", "conferencetalks"),
    "summary": (
        "summary",
        "profile",
        "about",
        "aboutme",
        "researchinterests",
        "interests",
        "objective",
        "researchstatement",
        "researchfocus",
        "researchsummary",
        "overview",
        "careerobjective",
        "professionalsummary",
    ),
    "coursework": (
        "coursework",
        "relevantcoursework",
        "courses",
        "graduatecoursework",
        "selectedcoursework",
        "relevantcourses",
    ),
    "references": ("references", "referees"),
    "patents": ("patents", "patentsandapplications", "selectedpatents"),
}
# Chinese and Japanese CVs: headings are matched the same way, on their characters.
HEADINGS_ZH: dict[str, tuple[str, ...]] = {
    "education": ("教育背景", "教育经历", "学历", "教育", "学歴"),
    "publications": (
        "发表论文",
        "论文发表",
        "学术论文",
        "论文",
        "科研成果",
        "学术成果",
        "发表文章",
        "論文",
        "原著論文",
        "学術論文",
        "査読付き論文",
        "国際会議",
        "査読付き国際会議",
        "国内会議",
        "学会発表",
        "口頭発表",
        "外部発表",
        "研究業績",
        "業績",
        "著書",
        "発表論文",
    ),
    "experience": (
        "科研经历",
        "研究经历",
        "工作经历",
        "实习经历",
        "项目经历",
        "工作经验",
        "職歴",
        "研究歴",
        "経歴",
        "職務経歴",
        "研究経歴",
    ),
    "skills": ("专业技能", "技能", "个人技能", "技术能力", "スキル", "技術"),
    "awards": (
        "获奖情况",
        "荣誉奖项",
        "获奖经历",
        "荣誉",
        "奖项",
        "奖励",
        "受賞",
        "表彰",
        "奨学金",
    ),
    "talks": ("招待講演", "講演", "学术报告", "报告"),
    "patents": ("特許", "专利"),
    "service": ("学术服务", "社会工作", "学术活动"),
    "teaching": ("教学经历", "助教经历"),
    "summary": ("个人简介", "研究兴趣", "研究方向", "自我评价", "個人情報", "研究分野", "研究内容"),
}
# CJK headings qualify their name freely ("学歴の詳細", "職務経歴"): a short heading holding a
# known name is that section, the longest name deciding.
_CJK_NAMES = sorted(
    ((name, kind) for kind, names in HEADINGS_ZH.items() for name in names),
    key=lambda pair: -len(pair[0]),
)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MAX_CJK_HEADING = 12

_KIND_BY_HEADING = {
    name: kind
    for table in (HEADINGS, HEADINGS_ZH)
    for kind, names in table.items()
    for name in names
}
# Words that decide the kind of a heading not in the lexicon ("Honors & Scholarships").
_KEYWORDS = (
    ("publication", "publications"),
    ("paper", "publications"),
    ("preprint", "publications"),
    ("education", "education"),
    ("experience", "experience"),
    ("employment", "experience"),
    ("position", "experience"),
    ("skill", "skills"),
    ("award", "awards"),
    ("honor", "awards"),
    ("honour", "awards"),
    ("fellowship", "awards"),
    ("scholarship", "awards"),
    ("service", "service"),
    ("review", "service"),
    ("teaching", "teaching"),
    ("mentor", "teaching"),
    ("project", "projects"),
    ("talk", "talks"),
    ("course", "coursework"),
    ("interest", "summary"),
)
_NON_LETTERS = re.compile(r"[^a-z\u3040-\u30ff\u4e00-\u9fff]")
# What may follow a heading's words: a footnote mark glued on ("Papers4"), a count
# ("Publications (12)", or in full-width brackets), a colon.
_HEADING_TAIL = re.compile(r"(?:(?<=[^\W\d])\d{1,2}|\s*[(（]\s*\d{1,4}\s*[)）]|\s*[:：])\s*$")
_DIGIT = re.compile(r"\d")
MAX_HEADING_CHARS = 48
MAX_HEADING_WORDS = 6
# The kind of a section whose heading, set like the others, names nothing we know.
OTHER = "other"


def heading_key(text: str) -> str:
    """``"Research Experience:"`` and ``"RESEARCHEXPERIENCE"`` give ``"researchexperience"``."""
    return _NON_LETTERS.sub("", text.lower())


# Words that qualify a heading without changing what it names ("Selected Publications").
_MODIFIERS = frozenset(
    "and selected key recent other relevant invited peer reviewed refereed professional "
    "academic research technical additional major".split()
)
_WORD = re.compile(r"[a-z]+")
_KIND_BY_WORD = {
    form: kind
    for kind, names in HEADINGS.items()
    for name in names
    if name not in _MODIFIERS
    for form in (name, name.removesuffix("s"))
}


def lexicon_kind(text: str) -> str | None:
    """The section kind a heading's words name (``"Honors & Awards"`` is awards).

    Either the whole heading is a known name, or every word is a known section word or a
    qualifier; the first section word decides ("Education & Experience" is education).
    """
    key = heading_key(text)
    kind = _KIND_BY_HEADING.get(key)
    if kind is not None:
        return kind
    if _CJK.search(key) and len(key) <= MAX_CJK_HEADING:
        return next((kind for name, kind in _CJK_NAMES if name in key), None)
    words = [w for w in _WORD.findall(text.lower()) if w not in _MODIFIERS]
    if words and all(w in _KIND_BY_WORD for w in words):
        # "Journal", "Conference" name publications alone, and qualify any other section:
        # "Conference Reviewing" is service, "Workshop Talks" are talks.
        naming = [w for w in words if w not in _VENUE_WORDS] or words
        return _KIND_BY_WORD[naming[0]]
    return None


_VENUE_WORDS = frozenset(
    "journal journals conference conferences workshop workshops articles books".split()
)


def keyword_kind(text: str) -> str | None:
    """The kind named by the first telling word of an unknown heading, e.g. "Honors & Grants"."""
    # Qualifiers tell nothing of the kind: "Peer-Reviewed Demonstration Papers" are papers.
    key = heading_key(" ".join(w for w in _WORD.findall(text.lower()) if w not in _MODIFIERS))
    found = [(key.find(word), kind) for word, kind in _KEYWORDS if word in key]
    return min(found)[1] if found else None


def heading_text(text: str) -> str:
    """A heading's words without a section number before them, a glued footnote mark, a
    count or a colon after them, and without the spaces of letter-spacing ("P U B L I C A T
    I O N S" is "PUBLICATIONS")."""
    return _HEADING_TAIL.sub("", _HEADING_NUMBER.sub("", _without_letter_spacing(text.strip())))


# A section's number before its name: "3. Publications", "2.1 Journal Articles", "4) Talks".
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?\s+(?=[^\W\d_])")


def _without_letter_spacing(text: str) -> str:
    """Capitals set one or two to a token ("P U B L I C A T I O N S", Word's "SU M MA R Y")
    as words."""
    words = letter_spaced_words(text, letters=2, capitals=True)
    return " ".join(words) if words is not None else text


def letter_spaced_words(text: str, *, letters: int, capitals: bool) -> list[str] | None:
    """The words of a letter-spaced line ("A N J A L I  D O E"), or None when the line is not
    one: four tokens or more, each of at most ``letters`` letters (capitals, if ``capitals``).
    A wider gap, where the text layer kept one, parts the words."""
    tokens = text.split()
    if len(tokens) < 4 or not all(
        len(t) <= letters and t.isalpha() and (t.isupper() or not capitals) for t in tokens
    ):
        return None
    return [re.sub(r"\s", "", cell) for cell in re.split(r"\s{2,}", text.strip())]


def _could_be_heading(line: TextLine) -> bool:
    """Short, standing alone, no dates or sentence punctuation, not the end of a quoted title
    ('Language,"' closing a wrapped '"... Title Language,"')."""
    text = heading_text(line.text)
    return (
        bool(text)
        and not line.text.rstrip().endswith(_CLOSING_QUOTES)
        and len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and not text.endswith((".", ",", ";", ":"))
        and not _DIGIT.search(text)
        and bool(heading_key(text))
    )


_CLOSING_QUOTES = ('"', "\u201d", "\u2019", "''")


def _style(line: TextLine) -> tuple[float, bool, bool, float]:
    return (line.size, line.bold, line.text.isupper(), line.x0)


def _same_style(a: tuple, b: tuple) -> bool:
    """Headings of one CV differ by a point at most (one larger on the first page, say)."""
    return abs(a[0] - b[0]) <= 1.1 and a[1] == b[1] and a[2] == b[2] and abs(a[3] - b[3]) <= 6


def _looks_like_heading(line: TextLine, body_size: float, body_x0: float) -> bool:
    return (
        line.bold
        or (body_size > 0 and line.size >= body_size + 1.0)
        or (line.text.isupper() and len(heading_key(line.text)) >= 4)
        or (body_x0 > 0 and line.x0 < body_x0 - 8)
    )


def find_headings(lines: list[TextLine], body_size: float = 0.0) -> dict[int, str]:
    """Indexes of the lines that head a section, with the section kind.

    A CV sets all its section headings alike. Lines whose words name a section show that
    "house" style; an unknown wording counts in the house style only, and a named heading in a
    plainer style is a sub-heading unless it names another kind of section than the one it is
    in ("Invited Talks" under "Publications, Talks & Awards").
    """
    body_x0 = _body_x0(lines)
    named = {
        index: kind
        for index, line in enumerate(lines)
        if _could_be_heading(line) and (kind := lexicon_kind(heading_text(line.text)))
    }
    prominent = [
        _style(lines[i]) for i in named if _looks_like_heading(lines[i], body_size, body_x0)
    ]
    house = max(prominent, key=lambda st: sum(_same_style(st, o) for o in prominent), default=None)
    headings: dict[int, str] = {}
    current = "header"
    for index, line in enumerate(lines):
        if not _could_be_heading(line):
            continue
        kind = None
        if house is not None and _same_style(_style(line), house):
            kind = named.get(index) or keyword_kind(heading_text(line.text))
            if (
                kind is None
                and current == "publications"
                and _stands_out(house, body_size, body_x0)
            ):
                # A heading we have no name for ("Students Supervised", "Media Coverage")
                # still ends a list of papers: its lines are not papers. Other sections keep
                # such lines, which in them are as often an employer or a university in caps.
                kind = OTHER
        elif (
            index in named
            and named[index] != current
            and (house is None or _looks_like_heading(line, body_size, body_x0))
        ):
            # Without any prominent heading (a CV typed in one font), a line that is nothing
            # but a section's name is its heading.
            kind = named[index]
        if kind is not None:
            headings[index] = current = kind
    return headings


def _stands_out(style: tuple[float, bool, bool, float], body_size: float, body_x0: float) -> bool:
    """Whether a heading style sets lines apart from body text by more than bold alone, which
    entry titles and employers share."""
    size, _, upper, x0 = style
    return (
        (body_size > 0 and size >= body_size + 1.0) or upper or (body_x0 > 0 and x0 < body_x0 - 8)
    )


def _body_x0(lines: list[TextLine]) -> float:
    """The left edge most lines start at."""
    edges = Counter(round(line.x0) for line in lines if line.x0 > 0)
    return float(edges.most_common(1)[0][0]) if edges else 0.0


def segment(lines: list[TextLine], body_size: float = 0.0) -> list[Section]:
    """Split ``lines`` into sections; lines before the first heading form the "header"."""
    headings = find_headings(lines, body_size)
    sections = [Section(kind="header", heading="")]
    for index, line in enumerate(lines):
        kind = headings.get(index)
        if kind is None:
            sections[-1].lines.append(line)
        else:
            sections.append(Section(kind=kind, heading=heading_text(line.text)))
    return [s for s in sections if s.lines or s.kind != "header"]
