"""The search index: filling it, emptying it, and the one search over it.

Writes: :func:`index_document` and :func:`index_candidate` replace a document's or a
candidate's rows (a candidate's whole set after each document read, since reading one
document merges papers and rebuilds evidence across all of them); :func:`remove_candidate`
empties them (erasure). Reads: :func:`search_candidates` ranks the candidates of a lab (or a
role) whose passages match, each with its best passage as a marked quote; :func:`content_filter`
is the same match as a filter of the shortlist's query; :func:`shortlist_quotes` gives the quote
of each row of a shortlist page.

User text is never handed to the database as query syntax: :func:`parse_query` reads words,
"quoted phrases" and ``-excluded`` words, and each backend gets them quoted as plain strings
(FTS5 phrases; ``websearch_to_tsquery`` on PostgreSQL). Blind review: the candidates a viewer
sees blind are matched and quoted from the masked text only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlencode

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates.models import (
    Candidate,
    Degree,
    Document,
    DocumentKind,
    DocumentStatus,
    Evidence,
    PageText,
    Publication,
)
from screening.blinding import AUTHORS, HIDDEN, BlindView, Identity, candidate_identity, mask
from screening.models import Application, Lab, RoleProfile
from search import schema
from search.models import EntrySource, SearchEntry

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
# Words of a quote around its match (FTS5 counts tokens, ts_headline words).
QUOTE_WORDS = 24

# What marks a match inside a quote until it is escaped for HTML: private-use characters,
# which are taken out of every indexed text so that a document cannot forge them.
_START, _STOP = "\ue000", "\ue001"
# Identity cues in the masked text: symbols that neither tokenizer reads as a word.
_INDEXED_HIDDEN, _INDEXED_AUTHORS = "\u2588", "\u2591"
_UNINDEXED = str.maketrans("", "", _START + _STOP + _INDEXED_HIDDEN + _INDEXED_AUTHORS)
# A word or phrase of a query counts when it holds a letter or digit (as both tokenizers see).
_WORDLIKE = re.compile(r"[^\W_]")
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class QueryRejected(ValueError):
    """A search that cannot be run; ``str(exc)`` says why, for the person who typed it."""


# --- Queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """What a search asks for: every phrase (a word, or words typed in quotes), none of the
    excluded ones."""

    phrases: tuple[str, ...]
    excluded: tuple[str, ...] = ()

    def fts5(self, column: str) -> str:
        """The FTS5 expression over one column: each phrase a quoted string, so that no
        operator, column name, prefix star or parenthesis typed by the user is syntax."""

        def quoted(phrase: str) -> str:
            return '"' + phrase.replace('"', '""') + '"'

        wanted = " AND ".join(quoted(p) for p in self.phrases)
        if self.excluded:
            unwanted = " OR ".join(quoted(p) for p in self.excluded)
            wanted = f"({wanted}) NOT ({unwanted})"
        return f"{column} : ({wanted})"

    def websearch(self) -> str:
        """The same query for ``websearch_to_tsquery``, which reads any text without error."""
        return " ".join([*(f'"{p}"' for p in self.phrases), *(f'-"{p}"' for p in self.excluded)])


def parse_query(text: str) -> ParsedQuery:
    """The words and phrases of a typed search; :class:`QueryRejected` when it is blank or
    longer than :data:`MAX_QUERY_CHARS`. A query of punctuation alone has no phrases (and
    matches nothing)."""
    text = text.replace("\x00", " ").strip()  # no database takes a NUL in a text
    if not text:
        raise QueryRejected("Type a word or a phrase to search for.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejected(
            f"A search is at most {MAX_QUERY_CHARS} characters long; this one has {len(text)}."
        )
    phrases: list[str] = []
    excluded: list[str] = []
    for match in _QUERY_PART.finditer(text):
        negated, quoted, bare = match.groups()
        if bare is not None:
            negated, quoted = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        phrase = " ".join(quoted.replace('"', " ").split())
        if _WORDLIKE.search(phrase):
            (excluded if negated else phrases).append(phrase)
    return ParsedQuery(phrases=tuple(dict.fromkeys(phrases)), excluded=tuple(excluded))


# --- Writing the index ----------------------------------------------------------------------


def _indexable(text: str) -> str:
    return text.translate(_UNINDEXED)


def _masked(text: str, identity: Identity) -> str:
    shown = mask(_indexable(text), identity)
    return shown.replace(HIDDEN, _INDEXED_HIDDEN).replace(AUTHORS, _INDEXED_AUTHORS)


def _document_entries(document: Document, identity: Identity) -> Iterator[SearchEntry]:
    """The rows of one read document: its pages and the facts that cite it."""

    def entry(source: str, source_id: int, page: int | None, text: str) -> SearchEntry:
        return SearchEntry(
            lab_id=document.lab_id,
            candidate_id=document.candidate_id,
            document_id=document.pk,
            page=page,
            source=source,
            source_id=source_id,
            text=_indexable(text),
            masked=_masked(text, identity),
        )

    for pk, number, text in PageText.objects.filter(document=document).values_list(
        "pk", "number", "text"
    ):
        yield entry(EntrySource.PAGE, pk, number, text)
    papers = Publication.objects.filter(document=document).values_list(
        "pk", "page", "title", "venue", "venue_raw"
    )
    for pk, page, title, venue, venue_raw in papers:
        venues = " · ".join(dict.fromkeys(v for v in (venue_raw, venue) if v))
        yield entry(EntrySource.PUBLICATION, pk, page, f"{title}. {venues}" if venues else title)
    for pk, page, quote in Degree.objects.filter(document=document).values_list(
        "pk", "page", "quote"
    ):
        yield entry(EntrySource.DEGREE, pk, page, quote)
    # Several signals often quote one line: it is one passage.
    quoted: set[tuple[int | None, str]] = set()
    for pk, page, quote in (
        Evidence.objects.filter(document=document).order_by("pk").values_list("pk", "page", "quote")
    ):
        if quote and (page, quote) not in quoted:
            quoted.add((page, quote))
            yield entry(EntrySource.EVIDENCE, pk, page, quote)


def _read_documents(candidate_id: int):
    return Document.objects.filter(candidate_id=candidate_id, status=DocumentStatus.DONE)


@transaction.atomic
def index_document(document: Document) -> int:
    """Replace the index rows of ``document`` (nothing when it is not read); how many."""
    SearchEntry.objects.filter(document=document).delete()
    if document.status != DocumentStatus.DONE:
        return 0
    identity = candidate_identity(candidate=document.candidate)
    entries = SearchEntry.objects.bulk_create(_document_entries(document, identity))
    return len(entries)


@transaction.atomic
def index_candidate(candidate: Candidate) -> int:
    """Replace every index row of ``candidate`` from their read documents; how many."""
    SearchEntry.objects.filter(candidate=candidate).delete()
    identity = candidate_identity(candidate=candidate)
    entries = [
        entry
        for document in _read_documents(candidate.pk)
        for entry in _document_entries(document, identity)
    ]
    return len(SearchEntry.objects.bulk_create(entries, batch_size=500))


def remove_candidate(candidate_id: int) -> int:
    """Take the candidate out of the index; how many rows went."""
    removed, _ = SearchEntry.objects.filter(candidate_id=candidate_id).delete()
    return removed


def document_read_index(sender, document: Document, **kwargs) -> None:
    """``candidates.signals.document_read``: index the candidate again once the reading
    commits (with the facts it merged); a failure is logged, never the document's."""
    if document.status != DocumentStatus.DONE:
        return
    candidate_id = document.candidate_id

    def run() -> None:
        try:
            candidate = Candidate.objects.filter(pk=candidate_id).first()
            if candidate is not None:
                index_candidate(candidate)
        except Exception:
            logger.exception("could not index candidate %s for search", candidate_id)

    transaction.on_commit(run, robust=True)


def candidate_erasing_index(sender, candidate: Candidate, **kwargs) -> dict[str, int]:
    """``screening.signals.candidate_erasing``: the candidate's passages leave the index."""
    return {"search_entries": remove_candidate(candidate.pk)}


# --- Searching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A candidate whose passages match, with the best one (``quote``: HTML, the match in
    ``<mark>``; ``text``: the same without marks) and where it was read."""

    candidate_id: int
    rank: float  # higher is better
    quote: SafeString
    text: str
    source: str
    source_id: int
    document_id: int | None
    page: int | None
    on_cv_page: bool  # a read CV's page, which can be shown with the quote highlighted
    masked: bool  # quoted from the masked text (the viewer sees the candidate blind)

    @property
    def source_label(self) -> str:
        return EntrySource(self.source).label

    @property
    def highlight(self) -> str:
        """The document page's query that highlights the quote on its page."""
        if self.source != EntrySource.PAGE:
            return urlencode({self.source: self.source_id})
        # The page view finds the quote in the page as read; a masked quote's longest stretch
        # between identity cues is read as it is.
        stretches = re.split(f"{re.escape(HIDDEN)}|{re.escape(AUTHORS)}", self.text)
        return urlencode({"quote": max(stretches, key=len).strip()})


class SeenBlind(Protocol):
    """Which candidates a viewer sees blind: all of them (``everyone``) or those it holds
    (``screening.blinding.BlindView``, ``ApiBlindness``)."""

    @property
    def everyone(self) -> bool: ...

    def __contains__(self, candidate_id: object, /) -> bool: ...


# Who of some candidates (by id) the viewer sees blind; a page's ``blind_view`` is one.
BlindSight = Callable[[Collection[int]], SeenBlind]


def search_candidates(
    *,
    lab: Lab,
    query: str,
    blind: BlindSight,
    role: RoleProfile | None = None,
    limit: int = 50,
    candidate_ids: Collection[int] | None = None,
) -> list[Hit]:
    """The lab's candidates (the role's applicants, or ``candidate_ids``) whose passages match
    ``query``, best first, at most ``limit``, each with the best matching passage.

    Candidates the viewer sees blind (``blind``) are matched and quoted on the masked text:
    their names, emails and links neither match nor show. Raises :class:`QueryRejected` for a
    blank or too long query.
    """
    parsed = parse_query(query)
    if not parsed.phrases or limit <= 0:
        return []
    scope = _Scope(lab_id=lab.pk, role_id=role.pk if role else None, candidate_ids=candidate_ids)
    if blind(()).everyone:
        matched = _matches(parsed, scope, masked=True)[:limit]
        return _quoted(parsed, [(c, e, s, True) for c, e, s in matched])
    full = _matches(parsed, scope, masked=False)
    masked: dict[int, tuple[int, float]] | None = None
    chosen: list[tuple[int, int, float, bool]] = []
    # Blindness is asked of as many candidates as a page of hits needs, not of every match.
    step = max(2 * limit, 100)
    for start in range(0, len(full), step):
        chunk = full[start : start + step]
        seen_blind = blind([candidate for candidate, _, _ in chunk])
        for candidate, entry, score in chunk:
            if candidate not in seen_blind:
                chosen.append((candidate, entry, score, False))
                continue
            if masked is None:
                masked = {c: (e, s) for c, e, s in _matches(parsed, scope, masked=True)}
            if candidate in masked:
                chosen.append((candidate, *masked[candidate], True))
        if len(chosen) >= limit:
            break
    chosen.sort(key=lambda found: (-found[2], found[0]))
    return _quoted(parsed, chosen[:limit])


def content_filter(*, lab_id: int, query: str, candidate: str, blinded: str) -> Q:
    """Rows whose candidate (at the path ``candidate``) has passages of the lab matching
    ``query``, on the masked text where the row's ``blinded`` is true; nothing for a query
    that cannot be run."""
    try:
        parsed = parse_query(query)
    except QueryRejected:
        return Q(pk__in=[])
    if not parsed.phrases:
        return Q(pk__in=[])
    scope = _Scope(lab_id=lab_id)
    matching = {
        masked: RawSQL(*_candidates_sql(parsed, scope, masked=masked)) for masked in (False, True)
    }
    return Q(**{blinded: False, f"{candidate}_id__in": matching[False]}) | Q(
        **{blinded: True, f"{candidate}_id__in": matching[True]}
    )


def names_a_number(query: str) -> bool:
    """Whether a shortlist search is a candidate number ("#12", "12") rather than words."""
    text = query.strip()
    return text.startswith("#") or text.isdigit()


def shortlist_quotes(
    *, role: RoleProfile, query: str, rows: Iterable[tuple[int, bool]]
) -> dict[int, Hit]:
    """Candidate id -> the matching quote, for shortlist rows given as (candidate id, seen
    blind); empty for a search by candidate number or a query that cannot be run."""
    rows = list(rows)
    if not rows or not query.strip() or names_a_number(query):
        return {}
    seen_blind = BlindView(required=frozenset(c for c, blind in rows if blind))
    try:
        hits = search_candidates(
            lab=role.lab,  # the shortlist's role, read with its lab
            query=query,
            role=role,
            limit=len(rows),
            candidate_ids=[candidate for candidate, _ in rows],
            blind=lambda ids: seen_blind,
        )
    except QueryRejected:
        return {}
    return {hit.candidate_id: hit for hit in hits}


@dataclass(frozen=True)
class _Scope:
    lab_id: int
    role_id: int | None = None
    candidate_ids: Collection[int] | None = None

    def where(self) -> tuple[str, list]:
        """Conditions on the index rows ``e`` (after the match), with their parameters."""
        sql, params = " AND e.lab_id = %s", [self.lab_id]
        if self.role_id is not None:
            sql += (
                f" AND e.candidate_id IN (SELECT candidate_id FROM "
                f"{Application._meta.db_table} WHERE role_id = %s)"
            )
            params.append(self.role_id)
        if self.candidate_ids is not None:
            ids = [int(c) for c in self.candidate_ids] or [0]
            sql += f" AND e.candidate_id IN ({', '.join(['%s'] * len(ids))})"
            params += ids
        return sql, params


def _column(masked: bool) -> str:
    return "masked" if masked else "text"


def _matched(parsed: ParsedQuery, masked: bool) -> tuple[str, str, list]:
    """(FROM clause, match condition, its parameters) on this database."""
    column = _column(masked)
    if connection.vendor == "postgresql":
        vector = schema.PG_COLUMNS[column]
        return (
            f"search_entry e CROSS JOIN websearch_to_tsquery('{schema.PG_CONFIG}', %s) AS q(query)",
            f"e.{vector} @@ q.query",
            [parsed.websearch()],
        )
    fts = schema.FTS_TABLE
    # CROSS JOIN keeps SQLite from driving the join by search_entry's lab index, which runs
    # the match once per row of the lab (seconds on 10,000 candidates).
    return (
        f"{fts} CROSS JOIN search_entry e ON e.id = {fts}.rowid",
        f"{fts} MATCH %s",
        [parsed.fts5(column)],
    )


def _score(masked: bool) -> str:
    """The relevance of a matching row, higher is better (ts_rank normalised by the length;
    FTS5's bm25 is lower the better)."""
    if connection.vendor == "postgresql":
        return f"ts_rank(e.{schema.PG_COLUMNS[_column(masked)]}, q.query, 1)"
    return f"-bm25({schema.FTS_TABLE})"


def _candidates_sql(parsed: ParsedQuery, scope: _Scope, *, masked: bool) -> tuple[str, list]:
    source, condition, params = _matched(parsed, masked)
    where, more = scope.where()
    return f"SELECT e.candidate_id FROM {source} WHERE {condition}{where}", [*params, *more]


def _matches(parsed: ParsedQuery, scope: _Scope, *, masked: bool) -> list[tuple[int, int, float]]:
    """(candidate, best row, its score) of every matching candidate, best first."""
    source, condition, params = _matched(parsed, masked)
    where, more = scope.where()
    sql = f"""
        SELECT candidate_id, entry_id, score FROM (
            SELECT candidate_id, entry_id, score, ROW_NUMBER() OVER (
                PARTITION BY candidate_id ORDER BY score DESC, entry_id) AS n
            FROM (SELECT e.candidate_id AS candidate_id, e.id AS entry_id,
                         {_score(masked)} AS score
                  FROM {source} WHERE {condition}{where}) AS scored
        ) AS ranked WHERE n = 1 ORDER BY score DESC, candidate_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *more])
        return [(int(c), int(e), float(s)) for c, e, s in cursor.fetchall()]


def _quoted(parsed: ParsedQuery, chosen: list[tuple[int, int, float, bool]]) -> list[Hit]:
    """The hits, with the quote of each chosen row: one query per column quoted from."""
    quotes: dict[int, tuple] = {}
    for masked in (False, True):
        ids = [entry for _, entry, _, is_masked in chosen if is_masked == masked]
        if ids:
            quotes.update(_quotes(parsed, ids, masked=masked))
    hits = []
    for candidate, entry, score, masked in chosen:
        if entry not in quotes:
            continue
        snippet, source, source_id, document_id, page, kind, status = quotes[entry]
        hits.append(
            Hit(
                candidate_id=candidate,
                rank=score,
                quote=_quote_html(snippet),
                text=_quote_text(snippet),
                source=source,
                source_id=source_id,
                document_id=document_id,
                page=page,
                on_cv_page=bool(page and kind == DocumentKind.CV and status == DocumentStatus.DONE),
                masked=masked,
            )
        )
    return hits


def _quotes(parsed: ParsedQuery, ids: list[int], *, masked: bool) -> dict[int, tuple]:
    column = _column(masked)
    listed = ", ".join(["%s"] * len(ids))
    document = Document._meta.db_table
    facts = "e.source, e.source_id, e.document_id, e.page, d.kind, d.status"
    if connection.vendor == "postgresql":
        options = (
            f'StartSel="{_START}", StopSel="{_STOP}", MaxWords={QUOTE_WORDS}, '
            f"MinWords={QUOTE_WORDS // 2}"
        )
        sql = f"""
            SELECT e.id, ts_headline('{schema.PG_CONFIG}', e.{column},
                                     websearch_to_tsquery('{schema.PG_CONFIG}', %s), %s),
                   {facts}
            FROM search_entry e LEFT JOIN {document} d ON d.id = e.document_id
            WHERE e.id IN ({listed})"""
        params: list = [parsed.websearch(), options, *ids]
    else:
        fts = schema.FTS_TABLE
        position = schema.FTS_COLUMNS.index(column)
        sql = f"""
            SELECT e.id, snippet({fts}, {position}, %s, %s, '…', {QUOTE_WORDS}), {facts}
            FROM {fts} CROSS JOIN search_entry e ON e.id = {fts}.rowid
                 LEFT JOIN {document} d ON d.id = e.document_id
            WHERE {fts} MATCH %s AND {fts}.rowid IN ({listed})"""
        params = [_START, _STOP, parsed.fts5(column), *ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def _shown(snippet: str) -> str:
    """The quote with the masked text's symbols read back as blind review writes them."""
    return snippet.replace(_INDEXED_HIDDEN, HIDDEN).replace(_INDEXED_AUTHORS, AUTHORS)


def _quote_html(snippet: str) -> SafeString:
    """The quote escaped for HTML, then each match marked (an unclosed mark is closed); the
    words of a phrase, which ts_headline marks one by one, are one mark."""
    out: list[str] = []
    marking = False
    joined = re.sub(f"{_STOP}(\\s+){_START}", r"\1", _shown(snippet))
    for part in re.split(f"([{_START}{_STOP}])", joined):
        if part == _START and not marking:
            out.append("<mark>")
            marking = True
        elif part == _STOP and marking:
            out.append("</mark>")
            marking = False
        elif part not in (_START, _STOP):
            out.append(escape(part))
    if marking:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every part of the text was escaped above)


def _quote_text(snippet: str) -> str:
    plain = _shown(snippet).replace(_START, "").replace(_STOP, "")
    return " ".join(plain.strip("… ").split())
