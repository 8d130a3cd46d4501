"""The limits check: it refuses bombs and amplified content, and finishes on every ordinary PDF."""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import os
import zlib

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.lzw import lzwdecode

from candidates.parsing import filters, limits
from candidates.parsing.limits import PdfTooLarge, check_inflation
from tests.hostile import (
    _pdf_with_stream,
    lzw_encode,
    lzw_zeros,
    nested_forms_pdf,
    pdf_of_objects,
)
from tests.pdfs import text_pdf

# Zeros compress a thousandfold: past 8 MB of output the ratio gives the bomb away.
BOMB = bytes(64 * 1024 * 1024)


@functools.cache
def flate_bomb() -> bytes:
    return zlib.compress(BOMB, 9)


def refused(data: bytes) -> str:
    with pytest.raises(PdfTooLarge) as caught:
        check_inflation(data)
    return str(caught.value)


# --- ordinary files pass, in bounded time -------------------------------------------------------


def test_a_large_image_stream_followed_by_a_line_break_is_measured_and_passes():
    # Incompressible bytes padded with zeros: an embedded image that inflates past one chunk,
    # written as every PDF writer does, with a line break before ``endstream``.
    stream = os.urandom(64 * 1024) + bytes(3 * 1024 * 1024)
    check_inflation(_pdf_with_stream(stream))


def test_an_ordinary_generated_cv_passes():
    check_inflation(text_pdf("Ada Lovelace", "Publications", "[1] A paper. NeurIPS 2024."))


def test_a_few_forms_called_a_few_times_pass():
    # A logo drawn on every page of a CV: two levels, a handful of calls.
    check_inflation(nested_forms_pdf(levels=2, calls=5))


@pytest.mark.corpus
def test_every_real_cv_passes(corpus_dir):
    files = sorted((corpus_dir / "cv").glob("*.pdf")) + sorted((corpus_dir / "dev").glob("*.pdf"))
    assert files
    for path in files:
        check_inflation(path.read_bytes())


# --- bombs, however the stream dictionary is written --------------------------------------------


def test_a_flate_bomb_is_refused():
    assert "expands to far more" in refused(_pdf_with_stream(BOMB))


def test_a_bomb_with_decode_parameters_after_its_filter_is_refused():
    # The nested ``<< /Columns 1 >>`` once hid the stream's own dictionary from the check.
    assert refused(_pdf_with_stream(BOMB, dictionary=b"/DecodeParms << /Columns 1 >>"))


def test_a_bomb_whose_filter_is_an_indirect_object_is_refused():
    data = pdf_of_objects(
        {4: b"<< /Filter 5 0 R >>", 5: b"/FlateDecode"}, streams={4: flate_bomb()}
    )
    assert refused(data)


def test_a_bomb_compressed_twice_is_refused():
    twice = zlib.compress(flate_bomb(), 9)
    data = pdf_of_objects({4: b"<< /Filter [/FlateDecode /FlateDecode] >>"}, streams={4: twice})
    assert len(data) < 2_000
    assert refused(data)


def test_an_lzw_bomb_is_refused():
    data = pdf_of_objects({4: b"<< /Filter /LZWDecode >>"}, streams={4: lzw_zeros(64)})
    assert refused(data)


def test_an_ascii85_wrapped_bomb_is_refused():
    wrapped = base64.a85encode(flate_bomb()) + b"~>"
    data = pdf_of_objects({4: b"<< /Filter [/A85 /Fl] >>"}, streams={4: wrapped})
    assert refused(data)


def test_a_bomb_in_an_encrypted_pdf_is_refused():
    source = pikepdf.open(io.BytesIO(_pdf_with_stream(BOMB)))
    encrypted = io.BytesIO()
    source.save(encrypted, encryption=pikepdf.Encryption(owner="owner", user=""))
    assert refused(encrypted.getvalue())


def test_many_streams_that_each_stay_small_are_refused_by_their_total(monkeypatch):
    monkeypatch.setattr(limits, "MAX_INFLATED_BYTES", 32 * 1024 * 1024)  # the same rule, sooner
    chunk = zlib.compress(bytes(7 * 1024 * 1024), 9)
    count = limits.MAX_INFLATED_BYTES // (7 * 1024 * 1024) + 1
    objects = {10 + n: b"<< /Filter /FlateDecode >>" for n in range(count)}
    streams = {10 + n: chunk for n in range(count)}
    assert refused(pdf_of_objects(objects, streams=streams))


def test_an_image_declaring_a_billion_pixels_is_refused():
    image = b"<< /Type /XObject /Subtype /Image /Width 40000 /Height 40000 /BitsPerComponent 8"
    image += b" /ColorSpace /DeviceRGB /Filter /DCTDecode >>"
    data = pdf_of_objects({5: image}, streams={5: b"\xff\xd8\xff\xd9"})
    assert refused(data)


def test_a_damaged_file_qpdf_cannot_open_is_still_scanned_for_bombs():
    damaged = b"%PDF-1.7\n4 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(BOMB, 9)
    assert refused(damaged)


# --- amplified content: forms calling forms, and floods of operators ----------------------------


def test_forms_nested_to_amplify_a_tiny_file_are_refused():
    data = nested_forms_pdf(levels=4, calls=50)
    assert len(data) < 3_000
    assert "draws far more than a CV page" in refused(data)


def test_a_form_calling_itself_is_refused():
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1]"
    form += b" /Resources << /XObject << /X 5 0 R >> >> >>"
    data = pdf_of_objects(
        {4: b"<< >>", 5: form},
        streams={4: b"/X Do", 5: b"/X Do"},
        page=b"/MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >>",
    )
    assert refused(data)


def test_millions_of_operators_split_over_streams_under_the_ratio_are_refused():
    # Each stream stays under the size at which the compression ratio is judged.
    flood = zlib.compress(b"q Q\n" * 300_000, 9)
    objects = {4: b"<< /Filter /FlateDecode >>", 5: b"<< /Filter /FlateDecode >>"}
    data = pdf_of_objects(
        objects,
        streams={4: flood, 5: flood},
        page=b"/MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R]",
    )
    assert refused(data)


# --- the filters themselves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"a", b"abab" * 300, bytes(100_000), b"TOBEORNOTTOBEORTOBEORNOT" * 400]
)
def test_lzw_decodes_as_pdfminer_does(data):
    encoded = lzw_encode(data)
    assert b"".join(filters.lzw([encoded])) == data == lzwdecode(encoded)


def test_run_length_and_ascii_filters_decode_their_data():
    assert b"".join(filters.run_length([b"\x02abc\xfdz\x80ignored"])) == b"abczzzz"
    assert b"".join(filters.ascii_hex([b"48 65\n6c6C6f>"])) == b"Hello"
    assert b"".join(filters.ascii_hex([b"4"])) == b"@"
    assert b"".join(filters.ascii_85([b'<~87cURD]i,"Ebo7~>'])) == b"Hello World"


@settings(max_examples=200, deadline=None)
@given(
    raw=st.binary(max_size=4096),
    chain=st.lists(
        st.sampled_from(["FlateDecode", "LZWDecode", "RunLengthDecode", "AHx", "A85", "DCT"]),
        max_size=3,
    ),
)
def test_any_bytes_through_any_filter_chain_come_out_lazily_in_bounded_chunks(raw, chain):
    # Chains multiply their ratios (run length twice is 16,000x), so the output is bounded by
    # whoever reads it: the limits check stops at its budget. What must hold is that no chunk
    # is large and that reading stops when the reader does.
    produced = 0
    for chunk in filters.decode(raw, [(name, {}) for name in chain]):
        assert len(chunk) <= 4 * filters.CHUNK
        produced += len(chunk)
        if produced > 16 * filters.CHUNK:
            break


@settings(max_examples=150, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=10_000),
    junk=st.binary(min_size=1, max_size=64),
)
def test_a_damaged_pdf_is_checked_without_error(position, junk):
    data = bytearray(nested_forms_pdf(levels=2, calls=3))
    position %= len(data)
    data[position : position + len(junk)] = junk
    with contextlib.suppress(PdfTooLarge):
        check_inflation(bytes(data))
