"""Blind review: who sees a candidate blind, and the one function that masks what identifies them.

Two halves. :func:`mask` takes a text and what is known to identify the candidate (an
:class:`Identity`: names in any script and their initials forms, emails, profile links and the
handles in them, uploaded file names) and returns the text with all of it replaced by
``[hidden]``, plus what identifies anyone whatever we know: emails, links, ``@handles``, phone
numbers in any format, street addresses and postcodes, BibTeX citation keys
(``smith2023deep``), and author lists of citations (``[authors]``). Every page, the CSV and the
API mask through it; rendered CV pages cover the same words with black boxes.

:func:`blind_view` decides once, for one viewer, which candidates they see blind: all of them
when they asked for it (their own switch, or the API's ``?view=blind``), else each candidate
who applied to a role of the lab that requires blind review, whichever role the candidate is
opened through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

import phonenumbers

if TYPE_CHECKING:
    from django.db.models import Exists, Q
    from django.db.models.expressions import BaseExpression

HIDDEN = "[hidden]"
AUTHORS = "[authors]"

# --- Generic patterns: what identifies anyone ---------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+\s*(?:@|\s[\[(]\s*at\s*[\])]\s|\s+at\s+)\s*[A-Za-z0-9-]+"
    r"(?:\s*(?:\.|\s[\[(]\s*dot\s*[\])]\s|\s+dot\s+)\s*[A-Za-z0-9-]+)*"
    r"\s*(?:\.|\s[\[(]\s*dot\s*[\])]\s|\s+dot\s+)\s*[A-Za-z]{2,}\b"
)
# An obfuscated "name at host dot org" only counts with the "dot" part; plain "@" always.
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_GENERIC_TLDS = "com|org|net|io|me|dev|ai|info|page|site|xyz|app|tech|blog|online|name|edu"
_COUNTRY_TLDS = (
    "ac|uk|de|fr|it|es|nl|ch|se|no|dk|fi|at|be|pl|cz|pt|ru|cn|jp|kr|in|ir|br|ca|au|us|eu|tw|"
    "hk|sg|il|gr|co|ie|nz|mx|ar|tr|hu|ro|sk|si|ee|lt|lv|is|za"
)
_PATH = r"(?:/[^\s<>\"'|,;)\]]*)?"
_LINK = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'|,;)\]]+"
    r"|(?i:\b[\w-]+(?:\.[\w-]+)*\.(?:"
    + _GENERIC_TLDS
    + r"))\b"
    + _PATH
    # Country domains only in lower case, with a path or a second level ("cs.ox.ac.uk"):
    # "results.In" is a lost space, not a link.
    + r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\.(?:"
    + _COUNTRY_TLDS
    + r")\b"
    + _PATH
    + r"|\b[a-z0-9-]+\.(?:"
    + _COUNTRY_TLDS
    + r")/[^\s<>\"'|,;)\]]*"
)
_AT_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?(?![{\w])")
# "GitHub: jdoe", "Twitter handle: @jdoe", "WeChat ID: jdoe": the label stays, the value goes.
_LABELLED_HANDLE = re.compile(
    r"\b((?:github|gitlab|twitter|linkedin|scholar|orcid|skype|wechat|telegram|discord|kaggle|"
    r"huggingface|hugging face|mastodon|bluesky|researchgate|slideshare|medium|youtube|instagram|"
    r"facebook|leetcode|codeforces|homepage|website|web|handle)"
    r"(?:\s+(?:handle|id|username|profile))?\s*[:：]\s*)(?!\[hidden\])([^\s|,;·•⋄]+)",
    re.IGNORECASE,
)
_PHONE_LABEL = re.compile(
    r"(?:\b(?:tel|telephone|phone|mobile|mob|cellphone|whatsapp|fax)\b\.?"
    r"(?:\s+(?:no|number|nr)\.?)?\s*[:：]?|\b(?:cell|contact|ph)\b\.?\s*[:：]"
    r"|电话|手机|☎|📞|✆)\s*",
    re.IGNORECASE,
)
_DIGITS_RUN = re.compile(r"[+(]?[\d(][\d\s().\-–/]{5,}\d")
_INTERNATIONAL = re.compile(r"(?<![\w.])(?:\+|\(\+|\(00|00)\d[\d\s().\-–/]{6,}\d(?![\w])")
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_LONG_NUMBER = re.compile(r"(?<![\w.:/-])0?1?\d{9,12}(?![\w.]|[-/]\d)")

_STREET_TYPES = (
    r"Street|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Way|Court|Place|Square|Terrace|"
    r"Parkway|Pkwy|Highway|Hwy|Crescent|Mews|Alley|(?:St|Dr)\.?(?=,)"
)
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*"
_STREET = re.compile(
    # "1205 University Ave", "221B Baker Street, Apt 4", "12 Rue de la Paix"
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:(?:" + _CAP + r"|de|la|le|del|di|of|the)\s+){1,4}"
    r"(?:" + _STREET_TYPES + r")\b\.?"
    r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl)\.?\s*#?\s*[\w-]+)?"
    r"|\b\d{1,5}[A-Za-z]?\s+(?:Rue|Via|Viale|Calle|Avenida|Rua|Piazza|Corso)\s+(?:[\w'’.-]+\s+){0,3}"
    r"[\w'’.-]+"
    # "Hauptstraße 5", "Via Roma 12", "Kerkstraat 3a"
    r"|\b[A-ZÀ-Þ][\w'’-]*(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|straat|laan|vej|gatan|"
    r"gade|vägen|veien|ring|damm|ufer)\s+\d{1,5}[a-z]?\b"
    r"|\b(?:Via|Viale|Rue|Calle|Avenida|Rua|Piazza|Corso|Carrer)\s+(?:[\w'’.-]+\s+){0,3}"
    r"[\w'’.-]+,?\s+\d{1,5}[a-z]?\b"
    r"|\b(?:P\.?\s?O\.?\s+Box|Postfach|Apt\.?|Apartment|Flat)\s*#?\s*\d+[A-Za-z]?\b"
    # "福岡県北九州市若松区ひびきの 2-4", "北京市海淀区中关村大街 27 号"
    r"|[\u3040-\u30ff\u4e00-\u9fff]{2,}?(?:都|道|府|県|省|市|区)"
    r"[\u3040-\u30ff\u4e00-\u9fff\w \t-]{0,30}?\d+(?:[-－ー]\d+)*(?:号|番地?|丁目)?",
)
_POSTCODE = re.compile(
    r"(?:〒|邮编|郵便番号)\s*[:：]?\s*\d{3}-?\d{3,4}|"
    # US "WI 53706(-1234)", UK "SW1A 1AA", Canada "K1A 0B1", Dutch "1012 AB", "D-80331",
    # French "75005 Paris"
    r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"
    r"|\b(?!(?:19|20)\d\d)\d{4}\s?[A-Z]{2}\b(?=[\s,]+[A-Z][a-z])"
    r"|\b[A-Z]{1,2}-\d{4,5}\b"
    r"|\b\d{5}\s+[A-ZÀ-Þ][a-zà-ÿ]+\b"
)
# BibTeX entries and citation keys: "@inproceedings{smith2023deep," and "smith2023deep".
_BIBTEX_KEY = re.compile(r"(@\w+\s*[{(]\s*)([^\s,{}()]+)(?=\s*,)")
_CITE_KEY = re.compile(
    r"(?<![\w/.-])[a-z][a-z']{1,30}_?(?:19|20)\d{2}[_:]?(?!s\b)[a-z][\w:-]*(?![\w/])"
    r"|(?<![\w/.-])[a-z][a-z']{1,30}[_:](?:19|20)\d{2}(?![\w/])"
    r"|(?<=\\cite\{)[^}]+|(?<=\\citep\{)[^}]+|(?<=\\citet\{)[^}]+"
)

# Author lists of citations: names separated by commas and "and", that include the candidate
# (already "[hidden]") or are written with initials ("J. Smith", "Smith, J.", "Smith J").
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŜŞŠŢŤŪŬŮŰŲŴŶŸŹŻŽ"
_PARTICLE = r"(?i:van|von|der|den|de|del|della|da|di|du|la|le|dos|das|bin|al|el|ten|ter)"
_SURNAME = rf"(?:{_PARTICLE}[ \t]+)*[{_UP}][\w'’-]+"
_INITIALS = rf"(?:[{_UP}]\.[ \t]?-?[ \t]?){{1,3}}"
_MARKS = r"[*†‡§¶#✝∗⋆\d]*"
# A name never runs across a line break; a list may ("Smith, J.,\nDoe, A.").
_WORD = rf"[{_UP}][\w'’-]+"
_NAME_END = r"(?=\s*(?:[,;&.:”“\"(\[]|and\b|et\b|$))"
_NAME = (
    rf"(?:{_WORD}[ \t]\[hidden\]|[{_UP}]\.?[ \t]\[hidden\]"
    rf"|\[hidden\](?:[ \t]{_WORD}(?![ \t]*[\w(]))?"
    # "Ada Lovelace", "Ada K. Lovelace", "Gido M. van de Ven", "Ada\nLovelace" (a list wrapped
    # inside a name), followed by what ends a name in a list
    rf"|{_WORD}(?:\s|[ \t]+{_INITIALS})(?:[ \t]*(?:{_PARTICLE}[ \t]+)*{_WORD}){{1,2}}{_MARKS}"
    rf"{_NAME_END}"
    rf"|{_INITIALS}{_SURNAME}|{_SURNAME},[ \t]?{_INITIALS}(?![\w])"
    rf"|{_SURNAME}[ \t][{_UP}]{{1,3}}\.?(?![\w.])"
    rf"|[{_UP}]{{1,2}}[ \t]{_SURNAME}{_MARKS}{_NAME_END})"
    rf"{_MARKS}"
)
_SEP = r"(?:\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s*;\s*)"
_AUTHOR_LIST = re.compile(rf"(?<![\w-]){_NAME}(?:{_SEP}{_NAME})+(?:,?\s*et\s+al\.?)?")
_INITIALS_FORM = re.compile(
    rf"(?<![\w-]){_INITIALS}\S|\S,\s?{_INITIALS}(?![\w])|\S\s[{_UP}]{{1,3}}$"
)

_NON_LATIN = (
    r"\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0700-\u074f"
    r"\u0900-\u0dff\u0e00-\u0e7f\u0e80-\u0eff\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff"
    r"\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_NATIVE_RUN = re.compile(rf"[{_NON_LATIN}](?:[{_NON_LATIN}·・\u00b7 \-]{{0,14}}[{_NON_LATIN}])?")
_NATIVE_BESIDE_HIDDEN = re.compile(
    r"\[hidden\]\s*[（(]\s*\[hidden\]\s*[)）]|"
    rf"\[hidden\]\s*[（(]\s*[{_NON_LATIN}][{_NON_LATIN}·・ \-]{{0,14}}\s*[)）]"
    rf"|[{_NON_LATIN}][{_NON_LATIN}·・ \-]{{0,14}}\s*[（(]\s*\[hidden\]\s*[)）]"
)
_INITIAL_BESIDE_HIDDEN = re.compile(
    rf"(?<![\w-]){_INITIALS}\s?\[hidden\]|\[hidden\],?\s?{_INITIALS}(?![\w])"
    rf"|\[hidden\][ \t][{_UP}](?![\w.'’-])"
)
_RUNS = re.compile(r"\[hidden\](?:[\s.,_·|-]*\[hidden\])+")

_PLATFORMS = {
    "github.com",
    "gitlab.com",
    "linkedin.com",
    "twitter.com",
    "x.com",
    "huggingface.co",
    "kaggle.com",
    "medium.com",
    "researchgate.net",
    "orcid.org",
    "bitbucket.org",
    "instagram.com",
    "facebook.com",
    "youtube.com",
    "dblp.org",
    "semanticscholar.org",
}
_HOSTED = (".github.io", ".gitlab.io", ".netlify.app", ".vercel.app", ".wordpress.com")
_PATH_WORDS = {"in", "pub", "profile", "profiles", "user", "users", "citations", "people", "u"}
_NOT_HANDLES = {
    "info",
    "mail",
    "email",
    "contact",
    "admin",
    "office",
    "hello",
    "work",
    "jobs",
    "research",
    "home",
    "index",
    "html",
    "cv",
    "resume",
    "papers",
    "publications",
    "prof",
    "phd",
    "data",
    "team",
    "group",
    "conference",
    "forum",
    "forums",
    "page",
    "site",
    "blog",
}
# Words a wrongly read name may hold that must not be hidden everywhere.
_NOT_NAME_WORDS = {"of", "the", "and", "in", "on", "at", "to", "for", "by", "an", "or", "cv"}
_FILE_WORDS = re.compile(r"^(?:cv|resume|résumé|papers?|pubs?|publications?|bib|list)$", re.I)


# --- What identifies one candidate -------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What is known to identify one candidate (from their record, documents and file names)."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The Latin-script words of the candidate's names ("Ada", "Lovelace")."""
        words = set()
        for name in self.names:
            for word in re.findall(r"[^\W\d_][\w'’]*", name):
                latin = not re.search(f"[{_NON_LATIN}]", word)
                if (
                    len(word) > 1
                    and latin
                    and word.lower() not in _NOT_NAME_WORDS
                    and not re.fullmatch(_PARTICLE, word.lower())
                ):
                    words.add(word.lower())
        return frozenset(words)

    @cached_property
    def native_names(self) -> frozenset[str]:
        """Names written in a non-Latin script ("王焯", "곽재헌")."""
        found = set()
        for name in self.names:
            for run in _NATIVE_RUN.findall(name):
                run = run.strip()
                if run:
                    found.add(run)
                    found.add(re.sub(r"[\s·・\u00b7-]", "", run))
        return frozenset(f for f in found if f)

    @cached_property
    def handles(self) -> frozenset[str]:
        """User names from email addresses, profile links and file names ("jdoe42")."""
        found: set[str] = set()
        for email in self.emails:
            local = email.split("@", 1)[0].lower()
            found.add(local)
            found.update(p for p in re.split(r"[._+-]", local) if len(p) >= 4)
        for link in self.links:
            found.update(_link_handles(link))
        for name in self.files:
            stem = PurePath(name).name.rsplit(".", 1)[0]
            head, separator, _ = stem.partition("__")
            if separator and head:  # "jdoe__cv.pdf": the part before "__" names the person
                found.add(head.lower())
            else:  # "Jane_Doe_CV.pdf"
                found.update(
                    part.lower()
                    for part in re.split(r"[\s_.-]+", stem)
                    if len(part) >= 4 and not _FILE_WORDS.match(part)
                )
        return frozenset(h for h in found if len(h) >= 3 and h not in _NOT_HANDLES)

    @cached_property
    def pattern(self) -> re.Pattern | None:
        """One expression for every term of the identity, the longest first."""
        files = {PurePath(name).name for name in self.files}
        # A handle hides inside longer user names too ("jdoe42" in "jdoe42uw"); a short one, and
        # names, only as whole words ("Lee" stays in "sleep").
        inside = {h for h in self.handles if len(h) >= 5}
        whole = {*self.name_words, *(self.handles - inside), *(e.lower() for e in self.emails)}
        native = sorted(self.native_names, key=len, reverse=True)
        parts = []
        if files:
            parts.append("|".join(re.escape(f) for f in sorted(files, key=len, reverse=True)))
        if inside:
            terms = "|".join(re.escape(h) for h in sorted(inside, key=len, reverse=True))
            parts.append(rf"[\w.-]*(?:{terms})[\w.-]*")
        if whole:
            terms = "|".join(re.escape(t) for t in sorted(whole, key=len, reverse=True))
            parts.append(rf"(?<![^\W_])(?:{terms})(?![^\W_])")
        if native:
            parts.append("|".join(re.escape(term) for term in native))
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _link_handles(link: str) -> set[str]:
    """ "github.com/jdoe" → jdoe; "jdoe.github.io" → jdoe; "janedoe.me" → janedoe."""
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", link.strip().lower()).rstrip("/")
    host, _, path = text.partition("/")
    found = set()
    labels = host.split(".")
    if host.endswith(_HOSTED):
        found.add(labels[0])
    elif ".".join(labels[-2:]) in _PLATFORMS or host.startswith("scholar.google."):
        pass
    elif len(labels) == 2 and labels[-1] not in ("edu", "ac", "gov", "org"):
        found.add(labels[0])  # a personal domain
    segments = [s.split("?", 1)[0].split("#", 1)[0] for s in path.split("/")]
    segments = [s for s in segments if s and s.lower() not in _PATH_WORDS]
    if segments and (".".join(labels[-2:]) in _PLATFORMS or segments[0][0] in "~@"):
        found.add(segments[0].lstrip("~@"))  # github.com/jdoe, uni.edu/~jdoe
    return {h for h in found if re.fullmatch(r"[\w.-]{3,}", h)}


def identity_of(
    *,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    links: Iterable[str] = (),
    files: Iterable[str] = (),
    headers: Iterable[str] = (),
) -> Identity:
    """The identity from what is known, and the native-script names in the documents' headers.

    ``headers`` are the first lines of each CV: a name in another script written beside the
    Latin one ("Zhuo Wang (王焯)") is found there.
    """
    names = [n.strip() for n in names if n and n.strip()]
    words = {w.lower() for n in names for w in re.findall(r"[^\W\d_]+", n) if len(w) > 1}
    native: list[str] = []
    for header in headers:
        for line in header.splitlines()[:12]:
            runs = [r.strip() for r in _NATIVE_RUN.findall(line)]
            if not runs:
                continue
            latin = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", line)}
            bracketed = re.search(rf"[（(]\s*[{_NON_LATIN}]", line)
            if (latin & words) or bracketed:
                native.extend(run for run in runs if len(run.replace(" ", "")) <= 8)
    return Identity(
        names=tuple(dict.fromkeys([*names, *native])),
        emails=tuple(dict.fromkeys(e.strip() for e in emails if e and e.strip())),
        links=tuple(dict.fromkeys(x.strip() for x in links if x and x.strip())),
        files=tuple(dict.fromkeys(f for f in files if f)),
    )


# --- The masking function ----------------------------------------------------------------------


def mask(text: str, identity: Identity | None = None) -> str:
    """``text`` without what identifies its person: the one masking function of blind review.

    Emails, links, handles, phone numbers, street addresses, postcodes, citation keys and the
    candidate's own names (any script, initials forms), handles and file names become
    ``[hidden]``; author lists of citations become ``[authors]``.
    """
    if not text:
        return text
    text = _PLAIN_EMAIL.sub(HIDDEN, text)
    text = _EMAIL.sub(_email_or_text, text)
    text = _BIBTEX_KEY.sub(lambda m: m.group(1) + HIDDEN, text)
    text = _LINK.sub(HIDDEN, text)
    text = _LABELLED_HANDLE.sub(lambda m: m.group(1) + HIDDEN, text)
    text = _AT_HANDLE.sub(HIDDEN, text)
    text = _CITE_KEY.sub(HIDDEN, text)
    text = mask_phones(text)
    text = _STREET.sub(HIDDEN, text)
    text = _POSTCODE.sub(HIDDEN, text)
    if identity is not None and identity.pattern is not None:
        text = identity.pattern.sub(HIDDEN, text)
    for _ in range(2):
        text = _INITIAL_BESIDE_HIDDEN.sub(HIDDEN, text)
        text = _NATIVE_BESIDE_HIDDEN.sub(HIDDEN, text)
        text = _RUNS.sub(HIDDEN, text)
    text = _AUTHOR_LIST.sub(_authors, text)
    return _RUNS.sub(HIDDEN, text)


def _email_or_text(match: re.Match) -> str:
    found = match.group(0)
    return HIDDEN if re.search(r"\bdot\b|\.", found, re.IGNORECASE) and " " in found else found


def _authors(match: re.Match) -> str:
    found = match.group(0)
    names = re.split(_SEP, re.sub(r",?\s*et\s+al\.?$", "", found))
    initials = sum(1 for name in names if _INITIALS_FORM.search(name.strip()))
    if HIDDEN in found or initials >= 2:
        return AUTHORS + found[len(found.rstrip()) :]
    return found


def mask_phones(text: str) -> str:
    """Phone numbers in any format: found by libphonenumber, by an international prefix
    ("+44", "(0044)"), after a label ("Tel.:", "Mobile"), or as a long run of digits."""
    if sum(c.isdigit() for c in text) < 7:
        return text
    spans: list[tuple[int, int]] = []
    for match in phonenumbers.PhoneNumberMatcher(
        text, "US", leniency=phonenumbers.Leniency.POSSIBLE, max_tries=200
    ):
        raw = match.raw_string
        groups = re.findall(r"\d+", raw)
        if len(groups) <= 2 and not re.match(r"[+(]", raw):
            continue  # "12345-12356" is a page range
        spans.append((match.start, match.end))
    spans += [m.span() for m in _INTERNATIONAL.finditer(text) if not _is_date_like(m.group(0))]
    for label in _PHONE_LABEL.finditer(text):
        run = _DIGITS_RUN.match(text, label.end())
        if run and sum(c.isdigit() for c in run.group(0)) >= 7:
            spans.append(run.span())
    spans += [m.span() for m in _LONG_NUMBER.finditer(text) if not _is_date_like(m.group(0))]
    dois = [m.span() for m in _DOI.finditer(text)]
    spans = [(a, b) for a, b in spans if not any(a < end and start < b for start, end in dois)]
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], HIDDEN]
        last = end
    return "".join(out) + text[last:]


def _is_date_like(found: str) -> bool:
    """Years, months and days only ("2019.09 - 2023.06"): a date range, not a phone."""
    groups = re.findall(r"\d+", found)
    if not re.match(r"\s*[+(]|00", found) and all(
        (len(g) == 4 and g[:2] in ("19", "20")) or len(g) <= 2 for g in groups
    ):
        return True
    return len(groups) == 1 and len(groups[0]) == 8 and groups[0][:2] in ("19", "20")


# --- Who sees whom blind -----------------------------------------------------------------------


@dataclass(frozen=True)
class BlindView:
    """Which candidates one viewer sees blind: everyone, or those a role of the lab requires."""

    everyone: bool = False
    required: frozenset[int] = field(default_factory=frozenset)

    def __contains__(self, candidate_id: object) -> bool:
        return self.everyone or candidate_id in self.required

    def __bool__(self) -> bool:
        return self.everyone or bool(self.required)


def blind_view(*, everyone: bool, candidate_ids: Iterable[int] | None = None) -> BlindView:
    """The viewer's blind view of ``candidate_ids`` (or of every candidate they can reach).

    A candidate is blind when ``everyone`` (the viewer's own switch, or the API's blind view)
    or when any role the candidate applied to requires blind review: opening them through
    another role of the lab does not unmask them.
    """
    if everyone:
        return BlindView(everyone=True)
    from screening.models import Application

    applications = Application.objects.filter(role__blind_review=True)
    if candidate_ids is not None:
        applications = applications.filter(candidate_id__in=list(candidate_ids))
    ids = applications.values_list("candidate_id", flat=True).distinct()
    return BlindView(required=frozenset(ids))


def blind_required(candidate: str = "application__candidate") -> Exists:
    """Whether the outer row's candidate (at the path ``candidate``) applied to a role that
    requires blind review, as an expression of the query."""
    from django.db.models import Exists, OuterRef

    from screening.models import Application

    return Exists(
        Application.objects.filter(candidate=OuterRef(candidate), role__blind_review=True)
    )


class Blindness(Protocol):
    """Who one viewer sees blind, asked inside a query (the shortlist filters and sorts by it)."""

    def hidden(self, candidate: str) -> BaseExpression:
        """Whether the row's candidate, at the path ``candidate``, is seen blind."""
        ...


@dataclass(frozen=True)
class PageBlindness:
    """The pages' viewer: blind to everyone when the page is blind (their own switch, or the
    role's), else to each candidate a role of the lab requires blind review for."""

    everyone: bool

    def hidden(self, candidate: str) -> BaseExpression:
        from django.db.models import Value

        return Value(True) if self.everyone else blind_required(candidate)


def blind_required_for(*, candidate_id: int) -> bool:
    """Whether a role the candidate applied to requires blind review."""
    from screening.models import Application

    return Application.objects.filter(candidate_id=candidate_id, role__blind_review=True).exists()


def candidate_identity(*, candidate, headers: bool = True) -> Identity:
    """What identifies a stored candidate: their record, what their documents say about them
    (names, emails, links, the CV's header lines) and the names of the files they came in.

    ``headers=False`` skips reading the CVs' first pages (for showing contact details, not
    for masking)."""
    from candidates.models import PageText

    names, emails = [candidate.name], [candidate.email]
    links: list[str] = []
    files: list[str] = []
    for name, person in candidate.documents.values_list("original_name", "analysis__person"):
        files.append(name)
        person = person if isinstance(person, dict) else {}
        names.append(person.get("name") or "")
        emails.extend(person.get("emails") or [])
        links.extend(person.get("links") or [])
    firsts: Iterable[str] = []
    if headers:
        firsts = PageText.objects.filter(
            document__candidate=candidate, document__kind="cv", number=1
        ).values_list("text", flat=True)
    return identity_of(
        names=names, emails=emails, links=links, files=files, headers=[h[:2000] for h in firsts]
    )


def document_label(document) -> str:
    return f"Document #{document.pk}"


def candidate_label(candidate, *, blind: bool) -> str:
    """How a page names a candidate: never by name when blind."""
    return f"Candidate #{candidate.pk}" if blind or not candidate.name else candidate.name


# --- The API's view of candidates --------------------------------------------------------------

VIEWS = ("full", "blind")


class ApiBlindness:
    """Which candidates one API request sees blind, asked of the database once per batch.

    A candidate is blind when the request asks for the blind view (``?view=blind``), when the
    user switched blind review on for themselves in the candidate's lab, or when the user is a
    recruiter of that lab and any role the candidate applied to requires blind review. Hiring
    managers and lab admins (an ATS integration runs as one) see identities unless they ask
    for the blind view.
    """

    def __init__(self, *, user, everyone: bool = False):
        self.user = user
        self.everyone = everyone
        self._known: dict[int, bool] = {}
        self._identities: dict[int, Identity] = {}
        self._labs: tuple[frozenset[int], frozenset[int]] | None = None
        self._clear_labs: set[int] = set()  # labs known to have no role requiring blind review

    def _memberships(self) -> tuple[frozenset[int], frozenset[int]]:
        """(labs where the user reviews blind, labs where the user is a recruiter)."""
        if self._labs is None:
            from screening.models import LabMembership, LabRole

            rows: list[tuple[int, str, bool]] = []
            if getattr(self.user, "is_authenticated", False):
                rows = list(
                    LabMembership.objects.filter(user=self.user).values_list(
                        "lab_id", "role", "blind_review"
                    )
                )
            self._labs = (
                frozenset(lab for lab, _, own in rows if own),
                frozenset(lab for lab, role, _ in rows if role == LabRole.RECRUITER),
            )
        return self._labs

    def prefetch(self, candidate_ids: Iterable[int]) -> None:
        wanted = {int(c) for c in candidate_ids if c is not None} - set(self._known)
        if self.everyone or not wanted:
            return
        from candidates.models import Candidate

        own, recruiting = self._memberships()
        hidden = self._hidden("pk")
        if hidden is None or (not own and not recruiting - self._clear_labs):
            self._known.update(dict.fromkeys(wanted, False))
            return
        blind = set(Candidate.objects.filter(hidden, pk__in=wanted).values_list("pk", flat=True))
        self._known.update({c: c in blind for c in wanted})

    def __contains__(self, candidate_id: object) -> bool:
        if self.everyone:
            return True
        if not isinstance(candidate_id, int):
            return False
        if candidate_id not in self._known:
            self.prefetch([candidate_id])
        return self._known[candidate_id]

    def identity(self, candidate_id: int) -> Identity:
        if candidate_id not in self._identities:
            from candidates.models import Candidate

            candidate = Candidate.objects.filter(pk=candidate_id).first()
            self._identities[candidate_id] = (
                candidate_identity(candidate=candidate) if candidate else Identity()
            )
        return self._identities[candidate_id]

    def mask(self, candidate_id: int, text: str) -> str:
        return mask(text, self.identity(candidate_id))

    def _hidden(self, candidate: str) -> Q | None:
        """The rows whose candidate (at the path ``candidate``; "pk" for candidates) the user
        sees blind, or None when that is nobody (``everyone`` aside)."""
        from django.db.models import Q

        own, recruiting = self._memberships()
        prefix = "" if candidate == "pk" else f"{candidate}__"
        found = []
        if own:
            found.append(Q(**{f"{prefix}lab__in": own}))
        if recruiting:
            found.append(Q(**{f"{prefix}lab__in": recruiting}) & Q(blind_required(candidate)))
        return reduce(or_, found) if found else None

    def hidden(self, candidate: str) -> BaseExpression:
        from django.db.models import BooleanField, ExpressionWrapper, Value

        if self.everyone:
            return Value(True)
        found = self._hidden(candidate)
        if found is None:
            return Value(False)
        return ExpressionWrapper(found, output_field=BooleanField())

    def searchable(self, candidate: str) -> Q:
        """A filter on rows whose candidate (at the path ``candidate``; "pk" for candidates)
        the user may search by name or email: those they do not see blind."""
        from django.db.models import Q

        if self.everyone:
            return Q(pk__in=[])
        found = self._hidden(candidate)
        return Q() if found is None else ~found

    def fingerprint(self, *, lab_id: int) -> str:
        """What the blind view of the lab's candidates depends on, for keys of cached answers."""
        if self.everyone:
            return "everyone"
        own, recruiting = self._memberships()
        if lab_id in own:
            return "everyone"
        if lab_id not in recruiting:
            return "seeing"
        from django.db.models import Count, Max

        from screening.models import Application

        per_role = (
            Application.objects.filter(role__lab=lab_id, role__blind_review=True)
            .order_by("role_id")
            .values_list("role_id")
            .annotate(n=Count("pk"), last=Max("pk"))
        )
        if not per_role:
            self._clear_labs.add(lab_id)
        return f"required:{list(per_role)}"
