"""``{{ quotes|quote_for:entry }}``: a shortlist row's search quote (search.index.Hit)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def quote_for(quotes: dict | None, entry):
    """The quote of the row's candidate in ``quotes`` (candidate id -> hit), if any."""
    return (quotes or {}).get(entry.candidate_id)
