"""Signals other parts answer when a candidate's data must go.

``candidate_erasing`` is sent inside the erasure's transaction
(:func:`screening.privacy.candidate_erase`), before the candidate's rows are
deleted, so that apps holding copies of the candidate's data elsewhere (webhook payloads,
stored API responses) remove them too. A receiver returns counts of what it removed, by kind.
"""

from django.dispatch import Signal

# Sent with ``candidate``; receivers return ``dict[str, int]``.
candidate_erasing = Signal()
