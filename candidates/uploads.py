"""Checks on uploaded bytes before anything is stored: file types, sizes and zip archives.

Everything here is plain Python over bytes, and the one gate every file passes:
:func:`upload_check` judges a file's size, emptiness and type and says its kind, and
``candidates.services.document_ingest`` calls it for every file it stores, whichever channel
sent it. The channels (the upload page, the API, the admin, ``manage.py ingest``) read their
files through :func:`upload_screen`, which reads in chunks, opens zips and checks each file
before anything is stored. A refused upload raises an :class:`UploadRefused` (one class per
reason, which the API maps to its problem types) with a message that names the file and what
to do, and nothing has been written yet. A zip is refused as a whole when it is unsafe (absolute
paths, ``..``, links, nested folders or archives, too many entries, or a compression bomb:
the declared sizes, the actual sizes and the compression ratio are all checked); files of an
unsupported type inside a safe zip are skipped and reported.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath

from django.conf import settings

from candidates.models import DocumentKind

PUBLICATION_LIST_SUFFIXES = {".bib", ".bibtex", ".ris", ".json", ".txt", ".csl"}


class IngestError(Exception):
    """An upload that cannot be stored; ``str(exc)`` is a message for the user."""


class DocumentOfAnother(IngestError):
    """Bytes already stored as another candidate's document: they are not attached to the
    candidate named. ``str(exc)`` names the existing document and its candidate."""


class UploadRefused(IngestError):
    """An upload refused before anything was stored; ``str(exc)`` is for the user.

    ``errors`` optionally names the refused entries of a zip, each with its reason.
    """

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class FileTooLarge(UploadRefused):
    """Past a size limit."""


class UnsupportedFile(UploadRefused):
    """Not a CV (PDF) or a publication list (text)."""


class UnsafeArchive(UploadRefused):
    """A zip that is damaged, or built to escape its folder or to exhaust memory."""


PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
# Magic numbers of files people upload by mistake, to name them in the refusal.
KNOWN_BINARIES = (
    (ZIP_MAGIC, "a zip archive (or a Word/OpenDocument file); zips go to /documents/batch/"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) file; export it as PDF"),
    (b"\x89PNG", "a PNG image; upload the CV as a PDF"),
    (b"\xff\xd8\xff", "a JPEG image; upload the CV as a PDF"),
    (b"GIF8", "a GIF image; upload the CV as a PDF"),
    (b"{\\rtf", "an RTF document; export it as PDF"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
)
ARCHIVE_SUFFIXES = {".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".jar"}
# Entries a zip made on macOS or Windows carries beside the files: skipped, never refused.
SYSTEM_ENTRIES = ("__MACOSX", "Thumbs.db", "desktop.ini")
# The compression ratio is only judged on entries at least this large: a tiny text file of
# repeated characters compresses well without being a bomb.
RATIO_FLOOR_BYTES = 1024 * 1024
DRIVE = re.compile(r"^[A-Za-z]:")


def megabytes(size: int) -> str:
    if size < 1024 * 1024:  # a limit set this low is a test's or a demo's
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.0f} MB"


def looks_binary(content: bytes) -> bool:
    return b"\x00" in content[:8192]


def upload_check(*, name: str, content: bytes, kind: str | None = None) -> str:
    """The gate: the kind of document a file is (``cv`` or ``publication_list``), judged from
    its bytes, or why it is refused.

    A file is at most ``REFEREE_MAX_UPLOAD_BYTES``; a CV must be a PDF; a publication list must
    be text (BibTeX, RIS, CSL-JSON or a plain numbered list). ``kind`` is what the uploader says
    the file is. Raises :class:`FileTooLarge` or :class:`UnsupportedFile`.
    """
    upload_size_check(name=name, size=len(content))
    if not content.strip():
        raise UnsupportedFile(f"{name} is empty.")
    is_pdf = content.lstrip()[:5] == PDF_MAGIC
    if is_pdf:
        if kind == DocumentKind.PUBLICATION_LIST:
            raise UnsupportedFile(
                f"{name} is a PDF, but a publication list must be a text file (BibTeX, RIS, "
                "CSL-JSON or a numbered list). Upload a PDF as kind 'cv'."
            )
        return DocumentKind.CV
    for magic, description in KNOWN_BINARIES:
        if content.startswith(magic):
            raise UnsupportedFile(f"{name} is {description}, not a PDF or a publication list.")
    if looks_binary(content):
        raise UnsupportedFile(
            f"{name} is neither a PDF nor a text publication list; upload CVs as PDF."
        )
    suffix = PurePath(name).suffix.lower()
    if kind == DocumentKind.CV or suffix == ".pdf":
        raise UnsupportedFile(
            f"{name} is not a PDF (it does not start with %PDF-); export the CV as PDF and "
            "upload it again."
        )
    if kind == DocumentKind.PUBLICATION_LIST or suffix in PUBLICATION_LIST_SUFFIXES:
        return DocumentKind.PUBLICATION_LIST
    known = ", ".join(sorted(PUBLICATION_LIST_SUFFIXES))
    raise UnsupportedFile(
        f"{name}: text files are read as publication lists only with one of the suffixes {known} "
        "(or kind 'publication_list')."
    )


@dataclass(frozen=True)
class ArchiveFile:
    path: str  # the entry's name in the zip, folder included
    content: bytes
    kind: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


@dataclass
class ArchiveContents:
    files: list[ArchiveFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)


def _unsafe_name(name: str) -> str | None:
    """Why an entry's name is refused, or None."""
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "contains control characters"
    if "\\" in name:
        return "uses backslashes (a Windows path)"
    if name.startswith("/") or DRIVE.match(name):
        return "is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "points outside the archive (..)"
    return None


def _nested(name: str) -> bool:
    """In a folder inside a folder: only the top of the zip or one folder is read."""
    parts = PurePosixPath(name).parts
    return len(parts) - (0 if name.endswith("/") else 1) > 1


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _is_system_entry(name: str) -> bool:
    """macOS resource forks, Windows thumbnails and hidden files: not the user's documents."""
    parts = PurePosixPath(name).parts
    return any(part in SYSTEM_ENTRIES or part.startswith(".") for part in parts)


def read_zip(content: bytes, *, archive_name: str = "the zip") -> ArchiveContents:
    """The files of a zip upload, read into memory after checking every entry.

    Raises :class:`UnsupportedFile` (not a zip), :class:`FileTooLarge` or
    :class:`UnsafeArchive`; unsupported file types inside are listed in ``skipped``.
    """
    if not content.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        raise UnsupportedFile(f"{archive_name} is not a zip archive.")
    max_entries = settings.REFEREE_ZIP_MAX_ENTRIES
    max_file = settings.REFEREE_MAX_UPLOAD_BYTES
    max_total = settings.REFEREE_ZIP_MAX_TOTAL_BYTES
    max_ratio = settings.REFEREE_ZIP_MAX_RATIO
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnsafeArchive(f"{archive_name} is damaged ({exc}); zip the files again.") from exc
    if len(infos) > max_entries:
        raise UnsafeArchive(
            f"{archive_name} has {len(infos)} entries; at most {max_entries} are read from one "
            "zip. Split it into smaller zips."
        )
    seen: set[str] = set()
    wanted: list[zipfile.ZipInfo] = []
    declared_total = 0
    for info in infos:
        name = info.filename
        reason = _unsafe_name(name)
        if reason is not None:
            raise UnsafeArchive(f"The entry {name!r} {reason}. Nothing was stored.")
        if _is_link(info):
            raise UnsafeArchive(f"The entry {name!r} is a symbolic link. Nothing was stored.")
        if name in seen:
            raise UnsafeArchive(f"The entry {name!r} appears twice. Nothing was stored.")
        seen.add(name)
        if _is_system_entry(name):
            continue
        if _nested(name):
            raise UnsafeArchive(
                f"The entry {name!r} is in a nested folder; put the files at the top of the zip "
                "or in one folder. Nothing was stored."
            )
        if info.is_dir():
            continue
        if PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES:
            raise UnsafeArchive(
                f"The entry {name!r} is an archive inside the zip; archives are not opened "
                "inside archives. Nothing was stored."
            )
        if info.flag_bits & 0x1:
            raise UnsafeArchive(
                f"The entry {name!r} is password-protected; zip the files without a password."
            )
        if info.file_size > max_file:
            raise FileTooLarge(
                f"{name} in {archive_name} is larger than the {megabytes(max_file)} limit for "
                "one file. Nothing was stored."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_FLOOR_BYTES and ratio > max_ratio:
            raise UnsafeArchive(
                f"The entry {name!r} expands {ratio:.0f} times (more than {max_ratio}), like a "
                "zip bomb. Nothing was stored."
            )
        declared_total += info.file_size
        if declared_total > max_total:
            raise UnsafeArchive(
                f"{archive_name} expands to more than {megabytes(max_total)}. Split it into "
                "smaller zips. Nothing was stored."
            )
        wanted.append(info)
    contents = ArchiveContents()
    actual_total = 0
    for info in wanted:
        data = _read_entry(archive, info)
        actual_total += len(data)
        if actual_total > max_total:  # pragma: no cover - the declared sizes were checked
            raise UnsafeArchive(f"{archive_name} expands to more than {megabytes(max_total)}.")
        try:
            kind = upload_check(name=info.filename, content=data)
        except UnsupportedFile as refusal:
            contents.skipped.append((info.filename, str(refusal.detail)))
            continue
        contents.files.append(ArchiveFile(path=info.filename, content=data, kind=kind))
    if not contents.files:
        raise UnsafeArchive(
            f"{archive_name} holds no CV (PDF) or publication list to read. Nothing was stored.",
            errors={entry: [reason] for entry, reason in contents.skipped} or None,
        )
    return contents


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than its header declared (a lying header is a bomb)."""
    name = info.filename
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except NotImplementedError as exc:
        raise UnsafeArchive(
            f"The entry {name!r} uses a compression method that is not supported; zip the "
            "files again with the standard (deflate) method."
        ) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as exc:
        raise UnsafeArchive(f"The entry {name!r} is damaged ({exc}); zip the files again.") from exc
    if len(data) > info.file_size:
        raise UnsafeArchive(
            f"The entry {name!r} holds more than its declared size, like a zip bomb. "
            "Nothing was stored."
        )
    return data


# --- The gate: every channel's uploads come in here -----------------------------------------
#
# The upload page, the API, the admin and ``manage.py ingest`` all hand their files to
# :func:`upload_screen` (``screening.applications.documents_upload`` screens and stores), so
# the same file gets the same refusal, in the same words, whichever way it arrives. Files are
# read in chunks and reading stops one byte past the limit; a request whose declared length is past
# ``REFEREE_MAX_REQUEST_BYTES`` is refused before its body is read (:func:`request_refusal`,
# called by ``config.security.UploadRequestLimitMiddleware``).

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class UploadSource:
    """One file as a channel received it: its name and a way to read its bytes in chunks."""

    name: str
    chunks: Callable[[], Iterator[bytes]]
    size: int | None = None  # the size the channel declares, if it knows it
    # A zip to open (True), a document even if named .zip (False), or judged by the name.
    archive: bool | None = None

    @property
    def is_archive(self) -> bool:
        return is_archive_name(self.name) if self.archive is None else self.archive

    @classmethod
    def from_upload(cls, upload, *, archive: bool | None = None) -> UploadSource:
        """A file of a Django form or DRF request (in memory or in a temporary file)."""
        return cls(
            name=PurePath(upload.name or "upload").name,
            chunks=lambda: upload.chunks(CHUNK_BYTES),
            size=upload.size,
            archive=archive,
        )

    @classmethod
    def from_path(cls, path: Path) -> UploadSource:
        """A file on disk (``manage.py ingest``); an unreadable one raises ``OSError``."""

        def chunks() -> Iterator[bytes]:
            with Path(path).open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    yield chunk

        return cls(name=path.name, chunks=chunks, size=path.stat().st_size)


def is_archive_name(name: str) -> bool:
    return PurePath(name).suffix.lower() == ".zip"


def upload_limit(*, archive: bool) -> tuple[int, str]:
    """The size limit of an upload and its name in messages: a zip may be larger than a file."""
    if archive:
        return settings.REFEREE_MAX_BATCH_BYTES, "limit for a zip"
    return settings.REFEREE_MAX_UPLOAD_BYTES, "limit for one file"


def upload_size_check(*, name: str, size: int, archive: bool = False) -> None:
    """The size rule of an upload, in the words every channel uses: raises
    :class:`FileTooLarge` past the limit of one file (or of a zip)."""
    limit, what = upload_limit(archive=archive)
    if size > limit:
        raise FileTooLarge(f"{name} is larger than the {megabytes(limit)} {what}.")


def upload_read(source: UploadSource) -> bytes:
    """The source's bytes, read in chunks; never more than one byte past its limit.

    Raises :class:`FileTooLarge` as soon as the declared size or the bytes read pass it.
    """
    archive = source.is_archive
    if source.size is not None:
        upload_size_check(name=source.name, size=source.size, archive=archive)
    buffer = bytearray()
    try:
        for chunk in source.chunks():
            buffer += chunk
            upload_size_check(name=source.name, size=len(buffer), archive=archive)
    except OSError as exc:
        raise UnsupportedFile(f"{source.name} could not be read ({exc.strerror or exc}).") from exc
    return bytes(buffer)


def request_refusal(content_length: str | int | None) -> FileTooLarge | None:
    """Why a request declaring this length is refused before its body is read, or None."""
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        return None
    limit = settings.REFEREE_MAX_REQUEST_BYTES
    if length <= limit:
        return None
    return FileTooLarge(
        f"The upload is larger than the {megabytes(limit)} limit for one request; send fewer "
        "files at a time, or split the zip."
    )


@dataclass(frozen=True)
class Refusal:
    name: str  # the file, or the zip entry, that was refused
    error: UploadRefused
    path: str = ""  # the entry's name in its zip, folder included

    @property
    def where(self) -> str:
        return self.path or self.name


@dataclass
class Screened:
    """What passed the gate (files ready to store, a zip's files in its order) and what not."""

    files: list[ArchiveFile] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def upload_screen(*, sources: Iterable[UploadSource], kind: str | None = None) -> Screened:
    """Read and check every source: sizes, types, zips (opened, every entry checked).

    Nothing is stored. A refused file (or zip, refused whole) lands in ``refused`` and never
    stops the others; files of an unsupported type inside a safe zip are refused one by one.
    ``kind`` forces the kind of the files that are not in a zip.
    """
    screened = Screened()
    for source in sources:
        try:
            content = upload_read(source)
            if source.is_archive:
                contents = read_zip(content, archive_name=source.name)
                screened.files.extend(contents.files)
                screened.refused.extend(
                    Refusal(PurePosixPath(entry).name, UnsupportedFile(reason), path=entry)
                    for entry, reason in contents.skipped
                )
            else:
                kind_of = upload_check(name=source.name, content=content, kind=kind)
                screened.files.append(ArchiveFile(source.name, content, kind_of))
        except UploadRefused as refusal:
            screened.refused.append(Refusal(source.name, refusal))
    return screened
