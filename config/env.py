"""Reading settings from the environment, refusing what they cannot mean.

Each helper returns its default when the variable is unset, and otherwise either a value of the
right type within its bounds or an ``ImproperlyConfigured`` error that names the variable, what
it holds and what it accepts, so a typo (``DJANGO_DEBUG=ture``) stops the process at start-up
instead of quietly meaning something else. A helper called without a default makes the variable
required: unset or empty is refused too.

Only ``env_str`` and ``env_list`` take an empty value as a value (an empty string, an empty
list); for the others an empty value is refused like any other word they do not know.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")

T = TypeVar("T")
Number = TypeVar("Number", int, float)


def _read(name: str, default: T | None) -> str | T:
    """The variable's text, or ``default`` when it is unset; with no default it is required."""
    value = os.environ.get(name)
    if value is None or (not value and default is None):
        if default is None:
            raise ImproperlyConfigured(f"Set the {name} environment variable: it has no default.")
        return default
    return value


def _refuse(name: str, value: str, accepted: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not accepted; {name} takes {accepted}.")


def env_str(name: str, *, default: str | None = None) -> str:
    return _read(name, default)


def env_bool(name: str, *, default: bool | None = None) -> bool:
    value = _read(name, default)
    if isinstance(value, bool):
        return value
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    accepted = f"{', '.join(TRUE_WORDS)} (on) or {', '.join(FALSE_WORDS)} (off)"
    raise _refuse(name, value, accepted)


def _number(
    name: str,
    kind: type[Number],
    default: Number | None,
    minimum: Number | None,
    maximum: Number | None,
) -> Number:
    value = _read(name, default)
    if not isinstance(value, str):
        return value
    low = "" if minimum is None else f" from {minimum}"
    high = "" if maximum is None else f" up to {maximum}"
    accepted = f"{'an integer' if kind is int else 'a finite number'}{low}{high}"
    try:
        number = kind(value.strip())
    except ValueError:
        raise _refuse(name, value, accepted) from None
    too_small = minimum is not None and number < minimum
    too_large = maximum is not None and number > maximum
    if not math.isfinite(number) or too_small or too_large:
        raise _refuse(name, value, accepted)
    return number


def env_int(
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    return _number(name, int, default, minimum, maximum)


def env_float(
    name: str,
    *,
    default: float | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    return _number(name, float, default, minimum, maximum)


def env_list(name: str, *, default: list[str] | None = None) -> list[str]:
    """Comma-separated words, blanks around them dropped (``a, b`` is ``["a", "b"]``)."""
    value = _read(name, default)
    if not isinstance(value, str):
        return list(value)
    return [word.strip() for word in value.split(",") if word.strip()]


def env_choice(name: str, *, choices: Sequence[str], default: str | None = None) -> str:
    """One of ``choices``, compared without regard to case and given back as spelled there."""
    value = _read(name, default)
    by_word = {choice.lower(): choice for choice in choices}
    choice = by_word.get(value.strip().lower())
    if choice is None:
        raise _refuse(name, value, f"one of {', '.join(choices)} (in any case)")
    return choice
