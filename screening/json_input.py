"""JSON from users, within limits: the API's request bodies and the rubric page's thresholds.

Python's ``json`` accepts what no field of ours can hold and what breaks code further on:
``1e999`` becomes ``inf``, ``NaN`` and ``Infinity`` are read as numbers, integers may have
thousands of digits, and nesting a few thousand levels deep raises ``RecursionError`` (a 500).
``loads`` refuses all of that with a ``JSONRefused`` (a ``ValueError``) whose message says why.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable

MAX_DEPTH = 32  # thresholds, the deepest input we take, nest 4 levels
MAX_INTEGER = 2**63 - 1  # a 64-bit column, the widest the database has


class JSONRefused(ValueError):
    """Well-formed JSON that we do not take: a number out of range or nesting too deep."""


def _number_out_of_range(text: str):
    raise JSONRefused(
        f"The number {text[:40]} is not a finite number of 64 bits; numbers must be finite and "
        f"integers between -{MAX_INTEGER} and {MAX_INTEGER}."
    )


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        _number_out_of_range(text)
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 19:
        _number_out_of_range(text)
    value = int(text)
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        _number_out_of_range(text)
    return value


def _too_deep() -> JSONRefused:
    return JSONRefused(f"The JSON is nested deeper than {MAX_DEPTH} levels.")


def depth_check(value: object) -> None:
    """Raise ``JSONRefused`` when lists and objects nest deeper than ``MAX_DEPTH``."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[object]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            raise _too_deep()
        stack.extend((child, depth + 1) for child in children)


def loads(text: str | bytes) -> object:
    """``json.loads`` within the limits above; ``ValueError`` (or ``JSONRefused``) if not."""
    try:
        value = json.loads(
            text, parse_float=_float, parse_int=_int, parse_constant=_number_out_of_range
        )
    except RecursionError:
        raise _too_deep() from None
    depth_check(value)
    return value
