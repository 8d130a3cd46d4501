"""Reads for pages, the API and commands: what a user may see, in the order they see it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, TypedDict, TypeVar, cast

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable

from candidates.dimensions import Dimension
from candidates.models import (
    Candidate,
    Degree,
    Document,
    DocumentKind,
    DocumentStatus,
    Evidence,
    Publication,
)
from screening.assessing import role_ranking
from screening.blinding import (
    Blindness,
    Identity,
    blind_required,
    candidate_identity,
    candidate_label,
    mask,
)
from screening.criteria import CriterionSpec
from screening.decisions import latest_outcome
from screening.models import (
    Application,
    Assessment,
    Criterion,
    Decision,
    DecisionOutcome,
    Lab,
    LearnedWeights,
    RoleProfile,
    RoleStatus,
    Rubric,
    Stage,
    StageMove,
)
from screening.scoring import (
    BARRIER,
    CLOSEABLE,
    COVERED,
    INSUFFICIENT,
    RANKING,
)
from screening.services import role_edited, rubric_criteria_validate
from screening.stages import lab_stages_seed
from search.index import content_filter, names_a_number

if TYPE_CHECKING:
    # Only for the type checker: django-stubs-ext is a development requirement.
    from django_stubs_ext import WithAnnotations

    class _Decided(TypedDict):
        outcome: str | None  # latest_outcome(): the decision that stands, if any

    class _Shortlisted(_Decided):
        blinded: bool  # the viewer's Blindness.hidden()
        stage_reason: str | None  # the reason of the move to the current stage
        failed_kind: str | None  # the latest failed document's kind and error
        failed_error: str | None
        reading: bool  # a document queued or being read
        documented: bool  # any document at all

    # An assessment read with latest_outcome() as ``outcome``.
    DecidedAssessment = WithAnnotations[Assessment, _Decided]
    # An application as role_shortlist reads it.
    ShortlistedApplication = WithAnnotations[Application, _Shortlisted]

_Rows = TypeVar("_Rows", bound=Assessment | Application)

# The ranking (screening.scoring.RANKING) as the database orders by it.
SHORTLIST_ORDER = tuple(f"-{key.name}" if key.descending else key.name for key in RANKING)


def recent_documents(*, labs: QuerySet[Lab], limit: int = 50) -> QuerySet[Document]:
    return (
        Document.objects.filter(lab__in=labs)
        .select_related("lab", "candidate")
        .order_by("-created_at")[:limit]
    )


def evidence_by_id(*, ids: Iterable[int]) -> dict[int, Evidence]:
    """The evidence items assessments cite, with their document, in one query."""
    return {e.pk: e for e in Evidence.objects.filter(pk__in=set(ids)).select_related("document")}


def explained_criteria(*, assessment: Assessment, criteria: dict[str, Criterion]) -> list[dict]:
    """An assessment's per-criterion results with their criterion's name, weight and target."""
    merged = []
    for result in assessment.criteria:
        criterion = criteria.get(result["criterion"])
        if criterion is None:
            continue
        merged.append(
            result
            | {
                "name": criterion.name,
                "dimension": criterion.dimension,
                "weight": criterion.weight,
                "must_have": criterion.must_have,
                "target_level": criterion.target_level,
                "anchor": criterion.levels[result["level"]],
            }
        )
    return merged


def rubric_criteria(*, rubric: Rubric) -> dict[str, Criterion]:
    return {str(c.pk): c for c in rubric.criteria.all()}


# --- The web app's pages --------------------------------------------------------------------
# Reads behind the recruiter and hiring-manager pages. Each returns what a page shows in a
# fixed number of queries, however many candidates, criteria or evidence items there are.

UNDECIDED = "undecided"
# The ranking over applications: the ranked ones in RANKING's order, then those not ranked
# (not yet read or scored, or whose documents failed) in the order they applied.
APPLICATION_RANKING = tuple(
    F("pk").asc()  # the application breaks ties
    if key.name == "application_id"
    else F(f"assessment__{key.name}").desc(nulls_last=True)
    if key.descending
    else F(f"assessment__{key.name}").asc(nulls_last=True)
    for key in RANKING
)
SHORTLIST_SORTS: dict[str, tuple] = {
    "rank": APPLICATION_RANKING,
    "score": (F("assessment__score").desc(nulls_last=True), F("pk").asc()),
    "recent": (F("created_at").desc(), F("pk").desc()),
}
IN_FLIGHT = (DocumentStatus.QUEUED, DocumentStatus.PROCESSING)


def _count_of(queryset: QuerySet, group: str, counted: str = "pk") -> Coalesce:
    """A correlated COUNT subquery (no join fan-out on the outer query)."""
    counts = queryset.order_by().values(group).annotate(n=Count(counted, distinct=True)).values("n")
    return Coalesce(Subquery(counts[:1]), 0)


def _current_rubric_version() -> Subquery:
    """The version of the outer role's current rubric (None before its first)."""
    rubrics = Rubric.objects.filter(role=OuterRef("pk")).order_by("-version")
    return Subquery(rubrics.values("version")[:1])


# The roles page's status filter: by default the roles at work (archived ones are hidden).
ROLE_STATUS_FILTERS = {
    "": (RoleStatus.OPEN, RoleStatus.CLOSED),
    **{status: (status,) for status in RoleStatus.values},
    "all": tuple(RoleStatus.values),
}


@dataclass(frozen=True)
class RoleFilters:
    """Which of a lab's roles a list shows: by status, and by a part of the title."""

    statuses: tuple[str, ...] = ROLE_STATUS_FILTERS[""]
    title: str = ""


def lab_roles(*, lab: Lab, filters: RoleFilters | None = None) -> QuerySet[RoleProfile]:
    """The lab's roles with their counts: candidates, documents in flight, decided, version;
    open and closed ones unless ``filters`` say otherwise."""
    filters = filters or RoleFilters()
    role = OuterRef("pk")
    applications = Application.objects.filter(role=role)
    roles = RoleProfile.objects.filter(lab=lab, status__in=filters.statuses)
    if filters.title.strip():
        roles = roles.filter(title__icontains=filters.title.strip())
    return roles.annotate(
        candidate_count=_count_of(applications, "role"),
        assessed_count=_count_of(Assessment.objects.filter(role=role), "role"),
        processing_count=_count_of(
            Document.objects.filter(candidate__applications__role=role, status__in=IN_FLIGHT),
            "candidate__applications__role",
            "candidate",
        ),
        decided_count=_count_of(applications.filter(decisions__isnull=False), "role"),
        rubric_version=_current_rubric_version(),
    ).order_by("title")


def role_ranks(*, role: RoleProfile) -> dict[int, int]:
    """Assessment id -> live rank, for the whole role (filters never renumber the ranking)."""
    ids = Assessment.objects.filter(role=role).order_by(*SHORTLIST_ORDER).values_list("pk")
    return {pk: position for position, (pk,) in enumerate(ids, start=1)}


@dataclass(frozen=True)
class ShortlistFilters:
    """What a shortlist is narrowed to and how it is sorted: the page's form, the CSV's query
    and the API's query parameters all come to this, and :func:`role_shortlist` applies it.

    None and "" filter nothing; every applicant is listed, those not ranked after the others.
    Filters on what an assessment says (barrier, evidence, staleness, score, state) keep the
    ranked only. ``decision``: an outcome or :data:`UNDECIDED`; ``state``:
    candidates with a criterion in that state (with ``criterion``: that criterion);
    ``search``: "#12" is candidate number 12, other text is looked for in names and emails
    (and digits are also a candidate number) and in what the candidates' documents say
    (``search.index.content_filter``).
    """

    search: str = ""
    decision: str = ""
    barrier: bool | None = None
    insufficient: bool | None = None  # some criterion with insufficient evidence
    stale: bool | None = None  # made with an older rubric version (a rescore is on its way)
    state: str = ""
    criterion: int | None = None
    score_min: float | None = None
    score_max: float | None = None
    ranked: bool | None = None  # assessed (False: not yet, or their documents failed)
    stage: int | None = None  # a stage id of the lab
    sort: str = "rank"

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (its sort aside)."""
        return any(
            getattr(self, field.name) not in (None, "")
            for field in fields(self)
            if field.name != "sort"
        )


class _ShortlistQuerySet(QuerySet):
    """Applications whose slices (a page) are read in two steps: the ids of the slice in
    order, a narrow sort on the ranking's columns, then those rows whole. Sorting all of a
    role's rows with their candidate and assessment joined cost the first page of 10,000
    applicants about 60 ms on PostgreSQL; the narrow sort costs 7."""

    def __getitem__(self, k):
        if not isinstance(k, slice) or self._result_cache is not None:
            return super().__getitem__(k)
        if self._iterable_class is not ModelIterable:
            return super().__getitem__(k)  # the ids themselves
        ids = list(self.values_list("pk", flat=True)[k])
        rows = {row.pk: row for row in self.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]  # one withdrawn in between is gone


def role_shortlist(
    *, role: RoleProfile, filters: ShortlistFilters, blindness: Blindness
) -> QuerySet[ShortlistedApplication]:
    """The role's applicants narrowed and sorted by ``filters``: the one reading of a
    shortlist, for the page, its CSV and the API (rows for them: :func:`shortlist_rows`).

    Every applicant is there: those ranked in the ranking's order, then those not ranked yet
    (their documents being read, or failed). Names are neither searched nor sorted on for the
    candidates the viewer sees blind (``blindness``); sorted by name, those keep their place
    in the ranking after the others.
    """
    documents = Document.objects.filter(candidate=OuterRef("candidate"))
    failed = documents.filter(status=DocumentStatus.FAILED).order_by("-created_at", "-pk")
    last_move = StageMove.objects.filter(application=OuterRef("pk"), to_stage=OuterRef("stage"))
    ranked = cast("QuerySet[Application]", _ShortlistQuerySet(Application))
    applications = (
        ranked.filter(role=role)
        .select_related("candidate", "assessment", "stage")
        .annotate(
            outcome=latest_outcome("pk"),
            blinded=blindness.hidden("candidate"),
            stage_reason=Subquery(last_move.order_by("-at", "-pk").values("reason")[:1]),
            failed_kind=Subquery(failed.values("kind")[:1]),
            failed_error=Subquery(failed.values("error")[:1]),
            reading=Exists(documents.filter(status__in=IN_FLIGHT)),
            documented=Exists(documents),
        )
    )
    search = filters.search.strip()
    if search:
        number = search.removeprefix("#")
        found = Q(candidate_id=int(number)) if number.isdigit() else Q(pk__in=[])
        if not search.startswith("#"):
            named = Q(candidate__name__icontains=search) | Q(candidate__email__icontains=search)
            found |= named & Q(blinded=False)
        if not names_a_number(search):
            # What their documents say: CV text, papers and quotes (masked when blind).
            found |= content_filter(
                lab_id=role.lab_id,
                query=search,
                candidate="candidate",
                blinded="blinded",
            )
        applications = applications.filter(found)
    if filters.decision == UNDECIDED:
        applications = applications.filter(outcome__isnull=True)
    elif filters.decision:
        applications = applications.filter(outcome=filters.decision)
    if filters.stage is not None:
        applications = applications.filter(stage_id=filters.stage)
    if filters.ranked is not None:
        applications = applications.filter(assessment__isnull=not filters.ranked)
    if filters.barrier is not None:
        applications = applications.filter(assessment__has_barrier=filters.barrier)
    if filters.insufficient is not None:
        applications = applications.filter(
            Q(assessment__insufficient_count__gt=0)
            if filters.insufficient
            else Q(assessment__insufficient_count=0)
        )
    if filters.stale is not None:
        applications = applications.filter(assessment__stale=filters.stale)
    if filters.score_min is not None:
        applications = applications.filter(assessment__score__gte=filters.score_min)
    if filters.score_max is not None:
        applications = applications.filter(assessment__score__lte=filters.score_max)
    if filters.state:
        applications = assessments_in_state(
            applications, state=filters.state, criterion=filters.criterion, path="assessment__"
        )
    if filters.sort == "name":
        shown_name = Case(When(blinded=False, then=F("candidate__name")), default=Value(""))
        return applications.order_by("blinded", shown_name, *APPLICATION_RANKING)
    return applications.order_by(*SHORTLIST_SORTS.get(filters.sort, APPLICATION_RANKING))


@dataclass(frozen=True)
class CriterionLevel:
    """One criterion of a shortlist row: the level reached, its state and why."""

    criterion: int
    name: str
    level: int
    state: str
    must_have: bool
    explanation: str


@dataclass(frozen=True)
class StageRef:
    """Where an application stands in the lab's pipeline, since when and why it moved there."""

    id: int
    name: str
    kind: str
    since: datetime
    reason: str  # of the move that brought it there ("" at the first stage it started at)


@dataclass(frozen=True)
class ShortlistRow:
    """An applicant on a role's shortlist, as the page, the CSV and the API show them.

    A candidate the viewer sees blind (``blind``) carries no name or email: ``label`` is
    their number. An applicant not ranked (``ranked`` false) has no assessment, score or
    rank; ``reading`` says why ("CV failed: …", "Reading…").
    """

    assessment_id: int | None
    application_id: int
    candidate_id: int
    name: str
    email: str
    label: str  # the name, else "Candidate #12" (when seen blind or nameless)
    blind: bool
    rank: int | None  # in the whole role, whatever the filters; None when not ranked
    previous_rank: int | None  # under the previous rubric version
    score: float | None
    previous_score: float | None
    has_barrier: bool
    insufficient_count: int
    stale: bool
    career_stage: str
    topic_similarity: float | None
    outcome: str | None  # the latest decision
    criteria: tuple[CriterionLevel, ...]
    stage: StageRef
    reading: str  # why an applicant is not ranked; "" when ranked

    @property
    def ranked(self) -> bool:
        return self.assessment_id is not None

    @property
    def needs_human_read(self) -> bool:
        """Some criterion could not be judged from what was read: a person should read the CV."""
        return self.insufficient_count > 0

    @property
    def movement(self) -> int | None:
        """Places moved up since the previous rubric version (down < 0)."""
        if self.previous_rank and self.rank:
            return self.previous_rank - self.rank
        return None

    @property
    def places(self) -> int:
        return abs(self.movement or 0)


READING = "Reading…"
NOT_SCORED = "Read; being scored…"
NO_DOCUMENTS = "No documents yet."


def unranked_reading(application: ShortlistedApplication) -> str:
    """Why an applicant read by :func:`role_shortlist` is not ranked, in a recruiter's words."""
    if application.reading:
        return READING
    if application.failed_kind:
        kind = DocumentKind(application.failed_kind).label
        return f"{kind} failed: {application.failed_error}"
    return NOT_SCORED if application.documented else NO_DOCUMENTS


def shortlist_rows(
    *, role: RoleProfile, applications: Iterable[ShortlistedApplication]
) -> list[ShortlistRow]:
    """Rows of applications read by :func:`role_shortlist` (a page of them, or all), ranked
    in the whole role, with each criterion's name beside its level: two queries."""
    applications = list(applications)
    assessed = [a.assessment for a in applications if _assessment_of(a) is not None]
    ranks = role_ranks(role=role) if assessed else {}
    criteria = rubrics_criteria(rubric_ids={a.rubric_id for a in assessed})
    rows = []
    for application in applications:
        candidate = application.candidate
        assessment = _assessment_of(application)
        blind = bool(application.blinded)
        rubric = criteria.get(assessment.rubric_id, {}) if assessment else {}
        stage = StageRef(
            id=application.stage.pk,
            name=application.stage.name,
            kind=application.stage.kind,
            since=application.stage_since,
            reason=application.stage_reason or "",
        )
        rows.append(
            ShortlistRow(
                assessment_id=assessment.pk if assessment else None,
                application_id=application.pk,
                candidate_id=candidate.pk,
                name="" if blind else candidate.name,
                email="" if blind else candidate.email,
                label=candidate_label(candidate, blind=blind),
                blind=blind,
                rank=ranks.get(assessment.pk) if assessment else None,
                previous_rank=assessment.previous_rank if assessment else None,
                score=assessment.score if assessment else None,
                previous_score=assessment.previous_score if assessment else None,
                has_barrier=assessment.has_barrier if assessment else False,
                insufficient_count=assessment.insufficient_count if assessment else 0,
                stale=assessment.stale if assessment else False,
                career_stage=assessment.career_stage if assessment else "",
                topic_similarity=assessment.topic_similarity if assessment else None,
                outcome=application.outcome,
                criteria=tuple(
                    CriterionLevel(
                        criterion=int(result["criterion"]),
                        name=row.name,
                        level=result["level"],
                        state=result["state"],
                        must_have=row.must_have,
                        explanation=result.get("explanation", ""),
                    )
                    for result in (assessment.criteria if assessment else ())
                    if (row := rubric.get(result["criterion"])) is not None
                ),
                stage=stage,
                reading="" if assessment else unranked_reading(application),
            )
        )
    return rows


def _assessment_of(application: Application) -> Assessment | None:
    """The application's assessment as :func:`role_shortlist` read it (None: not ranked)."""
    try:
        return application.assessment
    except Assessment.DoesNotExist:
        return None


def rubrics_criteria(*, rubric_ids: Iterable[int]) -> dict[int, dict[str, Criterion]]:
    """The criteria of several rubric versions in one query: rubric id -> criterion key -> row."""
    found: dict[int, dict[str, Criterion]] = {}
    for criterion in Criterion.objects.filter(rubric_id__in=set(rubric_ids)):
        found.setdefault(criterion.rubric_id, {})[str(criterion.pk)] = criterion
    return found


def role_document_progress(*, role: RoleProfile, ids: Iterable[int] = ()) -> dict:
    """Processing status of the role's documents: counts, and the given documents one by one."""
    documents = Document.objects.filter(candidate__applications__role=role)
    counts = dict(documents.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    wanted = [int(i) for i in ids]
    listed = documents.filter(pk__in=wanted).distinct() if wanted else Document.objects.none()
    return {
        "counts": {status: counts.get(status, 0) for status in DocumentStatus.values},
        "stale": Assessment.objects.filter(role=role, stale=True).count(),
        "documents": [
            {
                "id": d.pk,
                "name": d.original_name,
                "status": d.status,
                "status_label": d.get_status_display(),
                "error": d.error,
                "pages": d.page_count,
                "candidate": d.candidate_id,
            }
            for d in listed.order_by("pk")
        ],
    }


def role_recent_documents(*, role: RoleProfile, limit: int = 50) -> QuerySet[Document]:
    return (
        Document.objects.filter(candidate__applications__role=role)
        .select_related("candidate")
        .order_by("-created_at")[:limit]
    )


@dataclass(frozen=True)
class Quote:
    """A quoted line of a candidate's document, once, with every signal it supports; masked
    in blind review."""

    evidence: Evidence  # the first item quoting it (with its document), for the page link
    quote: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class ListedPublication:
    """A publication as the candidate page lists it: its title and authors as shown (masked
    and hidden in blind review) and where a read CV shows it, if one does."""

    publication: Publication
    title: str
    authors: tuple[str, ...]
    cv_page: tuple[int, int] | None  # (document id, page)


@dataclass(frozen=True)
class CandidateReview:
    application: Application
    candidate: Candidate
    label: str
    assessment: Assessment | None
    rank: int | None
    criteria: list[dict]  # explained, with "target_anchor" and the quotes cited ("items")
    gaps: list[dict]
    evidence: list[tuple[str, list[Quote]]]  # per dimension, by its label
    publications: list[ListedPublication]
    degrees: list[Degree]
    documents: list[Document]
    decisions: list[Decision]
    outcome: str | None
    contact: Identity  # empty in blind review
    moves: list[StageMove]  # the application's way through the pipeline, newest first


def candidate_review(*, role: RoleProfile, candidate_id: int, blind: bool) -> CandidateReview:
    """Everything the candidate page shows, redacted in blind review.

    Raises ``Application.DoesNotExist`` when the candidate has not applied to the role.
    """
    application = Application.objects.select_related("candidate", "stage").get(
        role=role, candidate_id=candidate_id
    )
    candidate = application.candidate
    cues = candidate_identity(candidate=candidate, headers=blind)
    shown = (lambda text: mask(text, cues)) if blind else (lambda text: text)
    assessment = Assessment.objects.select_related("rubric").filter(application=application).first()
    evidence = list(Evidence.objects.filter(candidate=candidate).select_related("document"))
    criteria: list[dict] = []
    rank = None
    if assessment is not None:
        rows = rubric_criteria(rubric=assessment.rubric)
        cited = {e.pk: e for e in evidence}
        criteria = [
            item
            | {
                "explanation": shown(item["explanation"]),
                "target_anchor": rows[item["criterion"]].levels[item["target_level"]],
                "items": _distinct_quotes(
                    (cited[i] for i in item["evidence"] if i in cited), shown
                ),
            }
            for item in explained_criteria(assessment=assessment, criteria=rows)
        ]
        rank = assessment_rank(assessment=assessment)
    documents = list(candidate.documents.order_by("created_at"))
    decisions = list(application.decisions.select_related("decided_by"))
    by_dimension: dict[str, list[Quote]] = {}
    for quote in _distinct_quotes(evidence, shown):
        by_dimension.setdefault(quote.evidence.dimension, []).append(quote)
    labels = dict(Dimension.choices)
    return CandidateReview(
        application=application,
        candidate=candidate,
        label=candidate_label(candidate, blind=blind),
        assessment=assessment,
        rank=rank,
        criteria=criteria,
        gaps=gap_analysis(criteria=criteria),
        evidence=[(labels.get(key, key), items) for key, items in by_dimension.items()],
        publications=_listed_publications(
            candidate.publications.select_related("document"), documents, shown, blind=blind
        ),
        degrees=list(candidate.degrees.select_related("document")),
        documents=documents,
        decisions=decisions,
        outcome=decisions[0].outcome if decisions else None,
        contact=Identity() if blind else cues,
        moves=list(application.stage_moves.select_related("from_stage", "to_stage", "moved_by")),
    )


def _distinct_quotes(items: Iterable[Evidence], shown: Callable[[str], str]) -> list[Quote]:
    """One quote per quoted line (as shown), with every signal it supports."""
    seen: dict[tuple, tuple[Evidence, str, list[str]]] = {}
    for item in items:
        text = shown(item.quote)
        _, _, signals = seen.setdefault(
            (item.dimension, item.document_id, item.page, text), (item, text, [])
        )
        label = item.signal.replace("_", " ")
        if label not in signals:
            signals.append(label)
    return [Quote(evidence=e, quote=text, signals=tuple(s)) for e, text, s in seen.values()]


def _listed_publications(
    publications: Iterable[Publication],
    documents: list[Document],
    shown: Callable[[str], str],
    *,
    blind: bool,
) -> list[ListedPublication]:
    """The publications with their title as shown, authors hidden in blind review, and the
    (document id, page) of a read CV each appears in, to show it there."""
    readable = {
        d.pk for d in documents if d.kind == DocumentKind.CV and d.status == DocumentStatus.DONE
    }
    listed = []
    for publication in publications:
        places = [(publication.document_id, publication.page)] + [
            (source.get("document"), source.get("page")) for source in publication.sources or []
        ]
        listed.append(
            ListedPublication(
                publication=publication,
                title=shown(publication.title),
                authors=tuple(HIDDEN_AUTHOR for _ in publication.authors)
                if blind
                else tuple(publication.authors),
                cv_page=next(
                    ((doc, page) for doc, page in places if doc in readable and page), None
                ),
            )
        )
    return listed


HIDDEN_AUTHOR = "[author]"


def assessment_rank(*, assessment: Assessment) -> int:
    """The live rank of one assessment in its role, in one query: one more than the number
    of the role's assessments the ranking puts before it."""
    ahead = []
    tied: dict[str, object] = {}
    for key in RANKING:
        value = getattr(assessment, key.name)
        ahead.append(Q(**tied, **{f"{key.name}__{'gt' if key.descending else 'lt'}": value}))
        tied[key.name] = value
    before = Assessment.objects.filter(reduce(or_, ahead), role_id=assessment.role_id)
    return before.count() + 1


GAP_TITLES = {
    COVERED: "Covered",
    CLOSEABLE: "Closeable gaps",
    BARRIER: "Genuine barriers",
    INSUFFICIENT: "Not enough evidence to tell",
}


def gap_analysis(*, criteria: list[dict]) -> list[dict]:
    """The criteria grouped by state, each with a sentence in plain words.

    Returns ``[{"state", "title", "items": [{"name", "sentence"}]}]`` in the order a reviewer
    reads them: barriers, closeable gaps, missing evidence, then what is covered.
    """
    groups: dict[str, list[dict]] = {BARRIER: [], CLOSEABLE: [], INSUFFICIENT: [], COVERED: []}
    for item in criteria:
        level, target, name = item["level"], item["target_level"], item["name"]
        wanted = item.get("target_anchor", "").rstrip(".")
        if item["state"] == BARRIER:
            sentence = (
                f"A must-have at level {level} where the role needs level {target}: "
                f"{wanted.lower() or 'the target level'}. This is not closeable in the job."
            )
        elif item["state"] == CLOSEABLE:
            short = target - level
            sentence = (
                f"Level {level}, {short} level{'s' if short > 1 else ''} short of the target "
                f"{target} ({wanted.lower()}); a gap the candidate could close with support."
            )
        elif item["state"] == INSUFFICIENT:
            sentence = (
                "The documents do not say enough to judge this (not evidence of absence); "
                "ask the candidate."
            )
        else:
            sentence = f"Level {level}, at or above the target {target}."
        groups.setdefault(item["state"], []).append({"name": name, "sentence": sentence})
    return [
        {"state": state, "title": GAP_TITLES.get(state, state), "items": items}
        for state, items in groups.items()
        if items
    ]


@dataclass(frozen=True)
class Comparison:
    columns: list[ShortlistRow]  # the candidates, in the order asked for
    rows: list[dict]  # per criterion: name, and one cell (a CriterionLevel or None) per column


def compare_candidates(
    *, role: RoleProfile, candidate_ids: Sequence[int], blindness: Blindness
) -> Comparison:
    """Two to four of the role's candidates side by side, criterion by criterion; the
    explanations of those seen blind are masked.

    Candidates not assessed in the role are left out (the page says so).
    """
    applications = list(
        role_shortlist(
            role=role, filters=ShortlistFilters(ranked=True), blindness=blindness
        ).filter(candidate_id__in=list(candidate_ids))
    )
    order = {cid: position for position, cid in enumerate(candidate_ids)}
    applications.sort(key=lambda a: order[a.candidate_id])
    columns = shortlist_rows(role=role, applications=applications)
    rubric = role.current_rubric
    names = [c.name for c in rubric.criteria.all()] if rubric else []
    for column in columns:
        names += [item.name for item in column.criteria if item.name not in names]
    blind = Candidate.objects.in_bulk([column.candidate_id for column in columns if column.blind])
    cells: list[dict[str, CriterionLevel]] = []
    for column in columns:
        by_name = {item.name: item for item in column.criteria}
        if column.blind:
            identity = candidate_identity(candidate=blind[column.candidate_id])
            by_name = {
                name: replace(item, explanation=mask(item.explanation, identity))
                for name, item in by_name.items()
            }
        cells.append(by_name)
    rows = [{"name": name, "cells": [column.get(name) for column in cells]} for name in names]
    return Comparison(columns=columns, rows=rows)


@dataclass(frozen=True)
class PreviewRow:
    label: str
    candidate_id: int
    rank: int
    score: float
    has_barrier: bool
    current_rank: int | None
    current_score: float | None

    @property
    def movement(self) -> int | None:
        return None if self.current_rank is None else self.current_rank - self.rank

    @property
    def places(self) -> int:
        return abs(self.movement or 0)


@dataclass(frozen=True)
class RubricPreview:
    rows: list[PreviewRow]  # the new top of the ranking
    left: list[PreviewRow]  # in the current top, not in the new one
    total: int


def rubric_preview(
    *,
    role: RoleProfile,
    criteria: Sequence[CriterionSpec],
    research_area: str | None = None,
    job_description: str | None = None,
    top: int = 10,
    blind: bool = False,
) -> RubricPreview:
    """How the top of the role's ranking would look under an edit, without saving it.

    The edit is what the rubric editor would save: ``criteria`` and the role's area texts
    (None keeps one). Criteria that saving would refuse are refused here with the same
    ``ValidationError`` (:func:`screening.services.rubric_criteria_validate`). The edit is
    scored by :func:`screening.assessing.role_ranking`, the computation the rescore a save
    queues runs, on an unsaved copy of the role with the edited texts, so a changed research
    area moves candidates here exactly as it will once saved.
    """
    criteria = rubric_criteria_validate(criteria=criteria)
    edited = role_edited(role, research_area=research_area, job_description=job_description)
    ranking = role_ranking(role=edited, specs=criteria)
    if ranking is None:
        total = Application.objects.filter(role=role, candidate__features__isnull=False).count()
        return RubricPreview(rows=[], left=[], total=total)
    current = {
        application_id: (position, stored)
        for position, (application_id, stored) in enumerate(
            Assessment.objects.filter(role=role)
            .order_by(*SHORTLIST_ORDER)
            .values_list("application_id", "score"),
            start=1,
        )
    }
    candidates = {
        row[0]: row[1:]
        for row in Application.objects.filter(pk__in=[a.application_id for a in ranking.applicants])
        .annotate(blinded=blind_required("candidate"))
        .values_list("pk", "candidate__name", "blinded")
    }
    result = ranking.result
    preview = []
    for index, applicant in enumerate(ranking.applicants):
        name, blinded = candidates.get(applicant.application_id, ("", True))
        rank, now = current.get(applicant.application_id, (None, None))
        preview.append(
            PreviewRow(
                label=f"Candidate #{applicant.candidate_id}"
                if blind or blinded or not name
                else name,
                candidate_id=applicant.candidate_id,
                rank=int(result.ranks[index]),
                score=float(result.scores[index]),
                has_barrier=bool(result.barriers[index]),
                current_rank=rank,
                current_score=now,
            )
        )
    preview.sort(key=lambda row: row.rank)
    new_top = preview[:top]
    shown = {row.candidate_id for row in new_top}
    left = [
        row
        for row in preview
        if row.current_rank is not None
        and row.current_rank <= top
        and row.candidate_id not in shown
    ]
    left.sort(key=lambda row: row.current_rank or 0)
    return RubricPreview(rows=new_top, left=left, total=len(preview))


@dataclass
class DecisionSummary:
    outcomes: list[dict]  # per outcome: outcome, label, count, mean score
    against: list[dict]  # decisions the rubric disagrees with
    decided: int
    learned: LearnedWeights | None


def role_decision_summary(*, role: RoleProfile, blind: bool, top: int = 10) -> DecisionSummary:
    """Recruiters' latest decisions against the rubric's ranking, and the learned weights.

    "Against the rubric": advancing someone with a barrier or outside the top, or rejecting
    someone in the top ``top`` without a barrier.
    """
    ranks = role_ranks(role=role)
    assessments = list(
        Assessment.objects.filter(role=role)
        .select_related("application__candidate")
        .annotate(outcome=latest_outcome(), blinded=blind_required())
        .exclude(outcome=None)
    )
    outcomes = []
    for outcome, label in DecisionOutcome.choices:
        scores = [a.score for a in assessments if a.outcome == outcome]
        outcomes.append(
            {
                "outcome": outcome,
                "label": label,
                "count": len(scores),
                "mean_score": sum(scores) / len(scores) if scores else None,
            }
        )
    against = []
    for assessment in sorted(assessments, key=lambda a: ranks.get(a.pk, 0)):
        rank = ranks.get(assessment.pk)
        why = ""
        if assessment.outcome == DecisionOutcome.ADVANCE and assessment.has_barrier:
            why = "advanced despite a barrier"
        elif assessment.outcome == DecisionOutcome.ADVANCE and rank and rank > top:
            why = f"advanced from rank {rank}, outside the top {top}"
        elif (
            assessment.outcome == DecisionOutcome.REJECT
            and rank
            and rank <= top
            and not assessment.has_barrier
        ):
            why = f"rejected at rank {rank}, inside the top {top}"
        if why:
            candidate = assessment.application.candidate
            against.append(
                {
                    "candidate": candidate,
                    "label": candidate_label(candidate, blind=blind or assessment.blinded),
                    "rank": rank,
                    "score": assessment.score,
                    "outcome": assessment.outcome,
                    "why": why,
                }
            )
    learned = role.learned_weights.select_related("rubric").first()
    return DecisionSummary(
        outcomes=outcomes, against=against, decided=len(assessments), learned=learned
    )


# --- The REST API (screening/api/) ------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentDetail:
    """One assessment explained, as the API shows it: its columns under their names, its live
    rank, the decision that stands and every criterion with the evidence it cites."""

    id: int
    application_id: int
    role_id: int
    candidate_id: int
    rubric_id: int
    rubric_version: int
    model_version: str
    score: float
    has_barrier: bool
    insufficient_count: int
    stale: bool
    career_stage: str
    topic_similarity: float | None
    previous_rank: int | None
    previous_score: float | None
    computed_at: datetime
    rank: int
    topic_papers: list[str]
    outcome: str | None  # the latest decision
    # Per criterion: explained_criteria's keys, the level descriptions ("levels"), the
    # target's ("target_anchor") and the cited Evidence rows with their document.
    criteria: list[dict]


def assessment_detail(*, assessment: DecidedAssessment) -> AssessmentDetail:
    """An assessment read with its rubric and application and with latest_outcome() as
    ``outcome``, explained in three more queries (its rank, its criteria, their evidence)."""
    rows = rubric_criteria(rubric=assessment.rubric)
    merged = explained_criteria(assessment=assessment, criteria=rows)
    cited = evidence_by_id(ids=[i for item in merged for i in item.get("evidence", [])])
    return AssessmentDetail(
        id=assessment.pk,
        application_id=assessment.application_id,
        role_id=assessment.role_id,
        candidate_id=assessment.application.candidate_id,
        rubric_id=assessment.rubric_id,
        rubric_version=assessment.rubric.version,
        model_version=assessment.model_version,
        score=assessment.score,
        has_barrier=assessment.has_barrier,
        insufficient_count=assessment.insufficient_count,
        stale=assessment.stale,
        career_stage=assessment.career_stage,
        topic_similarity=assessment.topic_similarity,
        previous_rank=assessment.previous_rank,
        previous_score=assessment.previous_score,
        computed_at=assessment.computed_at,
        rank=assessment_rank(assessment=assessment),
        topic_papers=list(assessment.topic_papers),
        outcome=assessment.outcome,
        criteria=[
            item
            | {
                "levels": list(rows[item["criterion"]].levels),
                "target_anchor": rows[item["criterion"]].levels[item["target_level"]],
                "evidence_items": [cited[i] for i in item.get("evidence", []) if i in cited],
            }
            for item in merged
        ],
    )


def assessments_in_state(
    queryset: QuerySet[_Rows], *, state: str, criterion: int | None = None, path: str = ""
) -> QuerySet[_Rows]:
    """Assessments with a criterion in ``state`` (the given criterion, or any of them); with
    ``path`` ("assessment__"), rows whose assessment at that path has one.

    The per-criterion results are JSON: PostgreSQL answers with containment, SQLite (which has
    no JSON containment) by looking through the list with ``json_each``.
    """
    from django.db import connection
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    wanted = {"state": state}
    if criterion is not None:
        wanted["criterion"] = str(criterion)
    if connection.vendor != "sqlite":
        return queryset.filter(**{f"{path}criteria__contains": [wanted]})
    if path:  # the assessment's table joined, under its name, for the SQL below
        queryset = queryset.filter(**{f"{path}isnull": False})
    column = (
        f"{connection.ops.quote_name(Assessment._meta.db_table)}."
        f"{connection.ops.quote_name('criteria')}"
    )
    # Only fixed names are formatted into the SQL; the values are parameters.
    conditions = " AND ".join(f"json_extract(item.value, '$.{key}') = %s" for key in wanted)
    sql = f"EXISTS (SELECT 1 FROM json_each({column}) AS item WHERE {conditions})"  # noqa: S608
    found = RawSQL(sql, list(wanted.values()), output_field=BooleanField())  # noqa: S611
    return queryset.filter(found)


# --- The API's lists -------------------------------------------------------------------------
# The querysets the API's viewsets start from: every object of the given labs, prepared so
# that a page of them costs a fixed number of queries.


def role_list(*, labs: QuerySet[Lab]) -> QuerySet[RoleProfile]:
    """The labs' roles with their current rubric version and their number of applicants."""
    role = OuterRef("pk")
    return (
        RoleProfile.objects.filter(lab__in=labs)
        .annotate(
            rubric_version=_current_rubric_version(),
            applicant_count=_count_of(Application.objects.filter(role=role), "role"),
        )
        .order_by("lab_id", "title", "id")
    )


def role_rubrics(*, role: RoleProfile) -> QuerySet[Rubric]:
    """The role's rubric versions, newest first, with their author and criteria."""
    return (
        Rubric.objects.filter(role=role)
        .select_related("created_by")
        .prefetch_related("criteria")
        .order_by("-version")
    )


def role_criteria(*, role: RoleProfile, current: bool) -> QuerySet[Criterion]:
    """The criteria of the role's rubric versions, or with ``current`` of its current one."""
    criteria = Criterion.objects.filter(rubric__role=role).order_by("position", "id")
    if not current:
        return criteria
    rubric = role.current_rubric
    return criteria.filter(rubric=rubric) if rubric else criteria.none()


def role_learned_weights(*, role: RoleProfile) -> QuerySet[LearnedWeights]:
    """The weights learned from the role's decisions, newest fit first."""
    return (
        LearnedWeights.objects.filter(role=role)
        .select_related("rubric")
        .order_by("-created_at", "-id")
    )


def candidate_list(*, labs: QuerySet[Lab], detail: bool) -> QuerySet[Candidate]:
    """The labs' candidates, newest first, with their documents and applications (and with
    ``detail`` their degrees and publications)."""
    candidates = (
        Candidate.objects.filter(lab__in=labs)
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("created_at", "id")),
            Prefetch("applications", queryset=Application.objects.order_by("id")),
        )
        .order_by("-created_at", "-id")
    )
    if detail:
        candidates = candidates.prefetch_related("degrees", "publications")
    return candidates


def application_list(*, labs: QuerySet[Lab]) -> QuerySet[Application]:
    """The applications to the labs' roles, newest first, with their assessment's id and the
    outcome that stands (``assessment_ref``, ``outcome``)."""
    return (
        Application.objects.filter(role__lab__in=labs)
        .annotate(assessment_ref=F("assessment__id"), outcome=latest_outcome("pk"))
        .order_by("-created_at", "-id")
    )


def assessment_list(*, labs: QuerySet[Lab]) -> QuerySet[Assessment]:
    """The assessments of the labs' roles, newest first, with the outcome that stands."""
    return (
        Assessment.objects.filter(role__lab__in=labs)
        .select_related("application", "rubric")
        .annotate(outcome=latest_outcome())
        .order_by("-computed_at", "-id")
    )


def decision_list(*, labs: QuerySet[Lab]) -> QuerySet[Decision]:
    """The decisions on applications to the labs' roles, newest first."""
    return (
        Decision.objects.filter(application__role__lab__in=labs)
        .select_related("application", "decided_by")
        .order_by("-created_at", "-id")
    )


def stage_list(*, labs: QuerySet[Lab]) -> QuerySet[Stage]:
    """The stages of the labs' pipelines, lab by lab in pipeline order (a lab without any
    is given the default pipeline first)."""
    for lab_id in labs.exclude(stages__isnull=False).values_list("pk", flat=True):
        lab_stages_seed(lab=lab_id)
    return Stage.objects.filter(lab__in=labs).order_by("lab_id", "order", "id")
