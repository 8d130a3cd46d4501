"""Named events of screening, for the parts that keep copies or report outward to answer.

``candidate_erasing`` is sent inside the erasure's transaction
(:func:`screening.privacy.candidate_erase`), before the candidate's rows are
deleted, so that apps holding copies of the candidate's data elsewhere (webhook payloads,
stored API responses) remove them too. A receiver returns counts of what it removed, by kind.
"""

from django.dispatch import Signal

# Sent with ``candidate``; receivers return ``dict[str, int]``.
candidate_erasing = Signal()

# Sent by ``screening.assessing`` with ``role`` and ``application_ids`` when it has stored the
# role's assessments of those applications, inside the transaction that stored them.
assessments_computed = Signal()
