"""PDF stream filters decoded in bounded chunks, so a stream's size can be known without holding it.

The limits check (:mod:`candidates.parsing.limits`) must know how far every stream expands
before the PDF engine inflates it. Each filter here is a generator from chunks of input to
chunks of output of at most :data:`CHUNK` bytes, so a chain of filters (``[/FlateDecode
/FlateDecode]``, ``[/ASCII85Decode /LZWDecode]``) is decoded lazily and the caller stops as soon
as a budget is spent. Damaged data ends the output where the PDF engine would give up too;
it never raises. Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded: their size is declared
by the image's width and height, which the caller checks instead.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Callable, Iterable, Iterator

CHUNK = 1024 * 1024

Chunks = Iterator[bytes]

# Abbreviations allowed in inline images and seen in the wild in stream dictionaries.
_ALIASES = {
    "Fl": "FlateDecode",
    "LZW": "LZWDecode",
    "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode",
    "RL": "RunLengthDecode",
    "CCF": "CCITTFaxDecode",
    "DCT": "DCTDecode",
}
IMAGE_CODECS = frozenset({"DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"})

_HEX_DIGITS = re.compile(rb"[^0-9A-Fa-f]")
_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]")


def canonical(name: str) -> str:
    """``/Fl`` and ``FlateDecode`` are the same filter."""
    name = name.lstrip("/")
    return _ALIASES.get(name, name)


def flate(chunks: Iterable[bytes]) -> Chunks:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        pending = chunk
        try:
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                # Past the end of the Flate data (the line break before ``endstream``) zlib
                # keeps the leftover in unused_data and would be handed it again forever.
                pending = inflater.unconsumed_tail
                if out:
                    yield out
        except zlib.error:
            return  # damaged: the PDF engine stops here as well
        if inflater.eof:
            return


def lzw(chunks: Iterable[bytes], *, early_change: int = 1) -> Chunks:
    """LZW as PDF writes it: 9-12 bit codes, 256 clears the table, 257 ends the data."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width = 9
    bits = held = 0
    previous: bytes | None = None
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            bits = (bits << 8) | byte
            held += 8
            if held < width:
                continue
            held -= width
            code = bits >> held
            bits &= (1 << held) - 1
            if code == 256:
                del table[258:]
                width, previous = 9, None
                continue
            if code == 257:
                break
            if code < len(table) and (code < 256 or previous is not None):
                entry = table[code]
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
            elif code == len(table) and previous is not None:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                break  # damaged
            previous = entry
            width = min(12, (len(table) + early_change).bit_length())
            out += entry
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        else:
            continue
        break
    if out:
        yield bytes(out)


def run_length(chunks: Iterable[bytes]) -> Chunks:
    out = bytearray()
    need = 0  # literal bytes still to copy
    repeat: int | None = None  # a run length waiting for its byte
    for chunk in chunks:
        position = 0
        while position < len(chunk):
            if need:
                taken = chunk[position : position + need]
                out += taken
                need -= len(taken)
                position += len(taken)
            elif repeat is not None:
                out += chunk[position : position + 1] * repeat
                repeat = None
                position += 1
            else:
                length = chunk[position]
                position += 1
                if length == 128:
                    break
                if length < 128:
                    need = length + 1
                else:
                    repeat = 257 - length
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        else:
            continue
        break
    if out:
        yield bytes(out)


def ascii_hex(chunks: Iterable[bytes]) -> Chunks:
    odd = b""
    for chunk in chunks:
        end = chunk.find(b">")
        digits = odd + _HEX_DIGITS.sub(b"", chunk if end == -1 else chunk[:end])
        whole = len(digits) - len(digits) % 2
        odd = digits[whole:]
        if whole:
            yield binascii.unhexlify(digits[:whole])
        if end != -1:
            break
    if odd:
        yield binascii.unhexlify(odd + b"0")


def ascii_85(chunks: Iterable[bytes]) -> Chunks:
    rest = b""
    started = False
    for chunk in chunks:
        if not started:
            chunk = chunk.lstrip()
            chunk = chunk.removeprefix(b"<~")
            started = bool(chunk)
        end = chunk.find(b"~")
        text = rest + _WHITESPACE.sub(b"", chunk if end == -1 else chunk[:end])
        # "z" stands for four zero bytes and may only appear between groups.
        text = text.replace(b"z", b"!!!!!")
        whole = len(text) - len(text) % 5 if end == -1 else len(text)
        rest = text[whole:]
        try:
            if whole:
                yield base64.a85decode(text[:whole])
        except ValueError:
            return
        if end != -1:
            return


_DECODERS: dict[str, Callable[[Iterable[bytes]], Chunks]] = {
    "FlateDecode": flate,
    "RunLengthDecode": run_length,
    "ASCIIHexDecode": ascii_hex,
    "ASCII85Decode": ascii_85,
}


def decode(raw: bytes, filters: list[tuple[str, dict[str, object]]]) -> Chunks:
    """The stream's data after every filter that is not an image codec, in bounded chunks.

    ``filters`` pairs each filter's name with its decode parameters, in the order they apply.
    Decoding stops at the first image codec or unknown filter: what follows is image data, or
    something the PDF engine cannot read either.
    """
    chunks: Chunks = iter(raw[i : i + CHUNK] for i in range(0, len(raw), CHUNK))
    for name, parameters in filters:
        name = canonical(name)
        if name == "LZWDecode":
            early = parameters.get("EarlyChange", 1)
            chunks = lzw(chunks, early_change=early if early in (0, 1) else 1)
        elif name in _DECODERS:
            chunks = _DECODERS[name](chunks)
        else:
            break
    return chunks
