"""Hostile and broken uploads: each ends in a clear state, and nothing else is affected."""

from __future__ import annotations

import io
import math
import time

import pdfplumber
import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from candidates.models import Document, DocumentStatus
from candidates.processing import MAX_ATTEMPTS, document_process
from candidates.services import document_ingest
from candidates.uploads import UnsupportedFile
from screening import page_images
from tests import hostile
from tests.factories import LabFactory
from tests.pages import member
from tests.pdfs import text_pdf

pytestmark = pytest.mark.django_db

CASES = [
    ("bomb.pdf", hostile.decompression_bomb_pdf, "expands to far more content"),
    ("nested.pdf", hostile.deeply_nested_pdf, None),
    ("pages.pdf", hostile.too_many_pages_pdf, "pages"),
    ("wall.pdf", hostile.wall_of_text_pdf, "characters"),
    ("garbage.pdf", hostile.garbage_after_header_pdf, "damaged"),
    ("nested.bib", hostile.deeply_nested_bibtex, None),
    ("nested.json", hostile.deeply_nested_csl_json, None),
    ("forms.pdf", hostile.nested_forms_pdf, "draws far more than a CV page"),
    ("parms.pdf", hostile.bomb_after_decode_parameters_pdf, "expands to far more content"),
    ("lzw.pdf", hostile.lzw_bomb_pdf, "expands to far more content"),
    ("operators.pdf", hostile.operator_flood_pdf, "draws far more than a CV page"),
    ("braces.bib", hostile.brace_flood_bibtex, "nests brackets"),
    ("huge.ris", hostile.huge_ris, "characters"),
    ("huge.txt", hostile.huge_plain_list, "characters"),
    ("huge.json", hostile.huge_csl_json, "characters"),
    ("giant_page.pdf", hostile.giant_page_pdf, None),
    ("user_unit.pdf", lambda: hostile.giant_page_pdf(user_unit=10), None),
]


# Judged from their first bytes, before anything is stored.
REFUSED_AT_THE_GATE = [
    ("archive.pdf", hostile.zip_named_pdf, "archive.pdf is a zip archive"),
    ("binary.ris", hostile.binary_ris, "binary.ris is neither a PDF nor a text publication list"),
]


@pytest.mark.parametrize(
    ("filename", "make", "message"), REFUSED_AT_THE_GATE, ids=[c[0] for c in REFUSED_AT_THE_GATE]
)
def test_a_hostile_file_the_gate_can_judge_is_refused_before_it_is_stored(filename, make, message):
    with pytest.raises(UnsupportedFile, match=f"^{message}"):
        document_ingest(lab_id=LabFactory().pk, content=make(), filename=filename)

    assert not Document.objects.exists()


@pytest.mark.parametrize(("filename", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_file_ends_in_a_clear_state_quickly(filename, make, message):
    lab = LabFactory()
    document = document_ingest(lab_id=lab.pk, content=make(), filename=filename).document
    bystander = document_ingest(lab_id=lab.pk, content=text_pdf("Ada Example"), filename="a.pdf")

    started = time.monotonic()
    document_process(document_id=document.pk)
    document_process(document_id=bystander.document.pk)

    document.refresh_from_db()
    bystander.document.refresh_from_db()
    assert time.monotonic() - started < 20
    assert document.status in (DocumentStatus.DONE, DocumentStatus.FAILED)
    if document.status == DocumentStatus.FAILED:
        assert document.error
        assert "Traceback" not in document.error
    if message:
        assert document.status == DocumentStatus.FAILED
        assert message in document.error
    assert bystander.document.status == DocumentStatus.DONE


def test_a_document_that_keeps_killing_workers_is_failed_after_a_few_deliveries():
    document = document_ingest(
        lab_id=LabFactory().pk, content=text_pdf("A"), filename="a.pdf"
    ).document
    # Each delivery claimed it and then the worker died before finishing.
    type(document).objects.filter(pk=document.pk).update(
        status=DocumentStatus.PROCESSING, attempts=MAX_ATTEMPTS
    )

    document_process(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "gave up" in document.error


# --- page images of hostile pages -----------------------------------------------------------
GIANT_PAGES = {
    "mediabox": hostile.giant_page_pdf(),
    "user_unit": hostile.giant_page_pdf(user_unit=10),
    "strip": hostile.giant_page_pdf("0 0 14400 120"),
}


@pytest.fixture
def reader(client):
    """A signed-in recruiter; no page image left in the cache by another test."""
    cache.clear()
    recruiter = member()
    client.force_login(recruiter.user)
    return recruiter


def _read(lab, content: bytes):
    document = document_ingest(lab_id=lab.pk, content=content, filename="giant__cv.pdf").document
    document_process(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE  # such a page is read like any other
    return document


def _vm_high_water_kb() -> int:
    """This process's peak resident memory (VmHWM), from /proc/self/status."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


points = st.floats(min_value=0.01, max_value=1e6)


@given(width=points, height=points)
def test_any_page_size_is_drawn_at_a_resolution_that_keeps_the_bitmap_in_budget(width, height):
    dpi = page_images.render_resolution(width, height)

    # The bitmap's size as pypdfium2 computes it, rounding each side up to a whole pixel.
    columns, rows = math.ceil(width * (dpi / 72)), math.ceil(height * (dpi / 72))
    assert columns * rows <= page_images.MAX_PIXELS
    assert max(columns, rows) <= page_images.MAX_SIDE
    assert dpi <= page_images.RESOLUTION


@pytest.mark.parametrize("name", GIANT_PAGES)
def test_a_giant_page_is_drawn_within_the_pixel_budget(client, reader, name):
    document = _read(reader.lab, GIANT_PAGES[name])

    response = client.get(reverse("document_page_image", args=[document.pk, 1]))
    viewer = client.get(reverse("document_page", args=[document.pk, 1]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    width, height = Image.open(io.BytesIO(response.content)).size
    assert width * height <= page_images.MAX_PIXELS
    assert max(width, height) <= page_images.MAX_SIDE
    assert viewer.status_code == 200


def test_blind_review_covers_the_email_where_it_is_on_a_page_drawn_smaller(client, reader):
    document = _read(reader.lab, GIANT_PAGES["mediabox"])
    with pdfplumber.open(io.BytesIO(GIANT_PAGES["mediabox"])) as pdf:
        page = pdf.pages[0]
        email = next(w for w in page.extract_words() if "@" in w["text"])
        page_width = page.width
    url = reverse("document_page_image", args=[document.pk, 1])

    seen = Image.open(io.BytesIO(client.get(url).content)).convert("RGB")
    reader.blind_review = True
    reader.save()
    blind = client.get(url)
    covered = Image.open(io.BytesIO(blind.content)).convert("RGB")

    # The middle of the email, in the bitmap's pixels: page points times the drawn scale.
    scale = covered.width / page_width
    middle = (
        int((email["x0"] + email["x1"]) / 2 * scale),
        int((email["top"] + email["bottom"]) / 2 * scale),
    )
    assert int(blind["X-Referee-Covered"]) >= 1
    assert covered.getpixel(middle) == page_images.COVER
    assert seen.getpixel(middle) != page_images.COVER


def test_a_page_needing_more_memory_than_the_ceiling_is_refused_and_the_web_process_stays_small(
    client, reader, monkeypatch
):
    document = _read(reader.lab, GIANT_PAGES["mediabox"])
    # Lift the pixel budget: only the child's address-space ceiling stands between this page
    # and a 22,000-pixel-square bitmap (about 2 GB).
    monkeypatch.setattr(page_images, "MAX_PIXELS", 10**12)
    monkeypatch.setattr(page_images, "MAX_SIDE", 10**9)
    before = _vm_high_water_kb()

    response = client.get(reverse("document_page_image", args=[document.pk, 1]))

    assert response.status_code == 422
    assert "memory" in response.content.decode()
    assert _vm_high_water_kb() - before < 100 * 1024  # the bitmap was never in this process
    assert client.get(reverse("document_page", args=[document.pk, 1])).status_code == 200


def test_a_page_that_takes_too_long_to_draw_is_refused_with_a_reason(client, reader, monkeypatch):
    document = _read(reader.lab, text_pdf("Ada Example"))
    monkeypatch.setattr(page_images, "RENDER_SECONDS", 0.001)  # no child starts that fast

    response = client.get(reverse("document_page_image", args=[document.pk, 1]))

    assert response.status_code == 422
    assert "longer than" in response.content.decode()


def test_a_page_with_no_area_is_refused_with_a_reason(client, reader):
    document = _read(reader.lab, hostile.giant_page_pdf("0 0 0 0"))

    response = client.get(reverse("document_page_image", args=[document.pk, 1]))

    assert response.status_code == 422
    assert "no drawable area" in response.content.decode()
