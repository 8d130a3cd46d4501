"""Who a candidate is, as keys two records of one person share: emails, profile links, a name.

An email address or a profile link (Google Scholar user, ORCID iD, GitHub user, DBLP pid, a
personal homepage) is one person's: two candidates of a lab sharing one are the same person
and are joined. A name is not: two researchers may share one, so a shared name only proposes
a duplicate for a person to judge. Keys are computed here, from plain values; storing them and
acting on them is the callers' (``candidates.processing``, ``screening.people``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

EMAIL = "email"
LINK = "link"
NAME = "name"
# Kinds that prove one person: sharing one of them joins two candidates.
PROVING = (EMAIL, LINK)

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ORCID = re.compile(r"^(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.IGNORECASE)
_DBLP_PID = re.compile(r"^/pid/([\w-]+/[\w-]+)(?:\.html)?$")
# GitHub pages that are not a user (``github.com/orgs/...``, ``github.com/sponsors/...``).
_GITHUB_NOT_USERS = frozenset(
    {"orgs", "sponsors", "topics", "features", "about", "marketplace", "settings", "login"}
)
# Sites whose pages are about papers, talks or projects several people share, never a person's
# home: a link there proves nothing about who wrote the CV.
_SHARED_HOSTS = frozenset(
    {
        "arxiv.org",
        "doi.org",
        "dx.doi.org",
        "openreview.net",
        "aclanthology.org",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "proceedings.mlr.press",
        "youtube.com",
        "youtu.be",
        "huggingface.co",
        "drive.google.com",
        "docs.google.com",
        "bit.ly",
    }
)
# One-account sites whose first path segment is the person's handle.
_HANDLE_HOSTS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "gitlab.com": "gitlab",
}


@dataclass(frozen=True, order=True)
class IdentityKey:
    kind: str  # EMAIL, LINK or NAME
    value: str

    @property
    def proving(self) -> bool:
        return self.kind in PROVING


def email_key(raw: str) -> str | None:
    """The address lower-cased (``mailto:`` and spaces dropped), or None if it is not one."""
    address = raw.strip().removeprefix("mailto:").strip().strip(".").lower()
    return address if _EMAIL.match(address) else None


def link_key(raw: str) -> str | None:
    """A profile link as ``site:identifier`` (``github:ada``, ``orcid:0000-...``,
    ``web:ada.example.org/~ada``), or None for a link that is nobody's in particular."""
    text = raw.strip().rstrip(".")
    if not text or "@" in text.split("/")[0]:
        return None
    parts = urlsplit(text if _SCHEME.match(text) else f"//{text.lstrip('/')}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    if "." not in host:
        return None
    path = re.sub(r"/+", "/", parts.path).rstrip("/")
    segments = [s for s in path.split("/") if s]
    if host.startswith("scholar.google."):
        user = parse_qs(parts.query).get("user", [""])[0]
        return f"scholar:{user}" if user else None
    if host == "orcid.org":
        match = _ORCID.match(segments[0]) if segments else None
        return f"orcid:{match.group(1).upper()}" if match else None
    if host == "github.com":
        # A user's profile only: a repository (``github.com/org/project``) is shared by its
        # contributors.
        if len(segments) == 1 and segments[0].lower() not in _GITHUB_NOT_USERS:
            return f"github:{segments[0].lower()}"
        return None
    if host == "dblp.org" or host.endswith(".dblp.org"):
        match = _DBLP_PID.match(path)
        return f"dblp:{match.group(1)}" if match else None
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        if len(segments) == 2 and segments[0] == "in":
            return f"linkedin:{segments[1].lower()}"
        return None
    if host in _HANDLE_HOSTS:
        if len(segments) == 1:
            return f"{_HANDLE_HOSTS[host]}:{segments[0].lower().lstrip('@')}"
        return None
    if host in _SHARED_HOSTS:
        return None
    if host.endswith(".github.io"):
        return f"github:{host.removesuffix('.github.io')}" if not segments else f"web:{host}{path}"
    if not segments and _institutional(host):
        # A university's or a lab's front page is everyone's who works there.
        return None
    return f"web:{host}{path}"


def _institutional(host: str) -> bool:
    """A university's or a government's site (``cs.example.edu``, ``ox.ac.uk``, ``edu.cn``)."""
    return bool({"edu", "ac", "gov"} & set(host.split(".")))


def name_key(raw: str | None) -> str | None:
    """The name with case, accents, punctuation and word order set aside, or None when it
    has fewer than two full words ("A. Lovelace" is too little to tell anyone apart).

    "Lovelace, Ada", "ada LOVELACE" and "Adá Lovelace" have one key; middle initials are
    dropped ("Ada B. Lovelace" is "Ada Lovelace"). A name in a script written without spaces
    (Chinese, Japanese, Korean) is its characters.
    """
    if not raw:
        return None
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text):
        compact = re.sub(r"[\s\W\d_]", "", text)
        return compact if len(compact) >= 2 else None
    words = [w for w in re.split(r"[^\w']+|_", text.replace("’", "'")) if w.strip("'")]
    full = [w.strip("'") for w in words if len(w.strip("'")) > 1 and not w.isdigit()]
    if len(full) < 2:
        return None
    return " ".join(sorted(full))


def identity_keys(
    *, names: Iterable[str | None], emails: Iterable[str], links: Iterable[str]
) -> frozenset[IdentityKey]:
    """Every key of a person known by these names, emails and links (blanks and links that
    are nobody's in particular are left out)."""
    keys = {IdentityKey(EMAIL, k) for k in map(email_key, emails) if k}
    keys |= {IdentityKey(LINK, k) for k in map(link_key, links) if k}
    keys |= {IdentityKey(NAME, k) for k in map(name_key, names) if k}
    return frozenset(keys)
