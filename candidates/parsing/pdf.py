"""Reading text out of PDF files: bytes in, text per page out.

Every failure a recruiter could cause (a file that is not a PDF, an empty, encrypted or truncated
one, a scan without a text layer) raises :class:`PdfUnreadable` with a message written for them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

# pdfplumber's default (3 pt) merges words set in tight fonts ("UniversityofMichigan");
# 1.5 pt restores the spaces on every CV of the development corpus.
X_TOLERANCE = 1.5


class PdfUnreadable(Exception):
    """The file cannot be read as a PDF; ``str(exc)`` is a message for the user."""


@dataclass(frozen=True)
class PdfText:
    pages: list[str]

    @property
    def page_count(self) -> int:
        return len(self.pages)


def read_pdf(data: bytes) -> PdfText:
    """Return the text of every page of the PDF in ``data``."""
    if not data:
        raise PdfUnreadable("The file is empty.")
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfUnreadable("The file is not a PDF (it does not start with a PDF header).")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text(x_tolerance=X_TOLERANCE) or "" for page in pdf.pages]
    except PdfminerException as exc:
        raise PdfUnreadable(_explain(exc.args[0] if exc.args else exc)) from exc
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PdfUnreadable(_explain(exc)) from exc
    except Exception as exc:  # pdfminer raises bare errors deep inside broken files
        raise PdfUnreadable(
            "The PDF is damaged and could not be read. Export it again and re-upload it."
        ) from exc
    if not pages:
        raise PdfUnreadable("The PDF has no pages.")
    if not any(text.strip() for text in pages):
        raise PdfUnreadable(
            "The PDF has no extractable text; it is probably a scanned image. "
            "Upload a PDF exported from the original document instead."
        )
    return PdfText(pages=pages)


def _explain(cause: object) -> str:
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "The PDF is password-protected. Upload a copy without a password."
    return (
        "The PDF is damaged or truncated and could not be read. Export it again and re-upload it."
    )
