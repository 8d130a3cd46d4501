"""Named events of the reading pipeline, for the apps above to answer.

``document_read`` is sent by ``candidates.processing`` when a document's reading has ended,
read (``done``) or not (``failed``), with ``document`` as stored; inside the transaction that
stored its status, so a receiver that acts once it commits (``transaction.on_commit``) acts
only on what was kept.
"""

from django.dispatch import Signal

# Sent with ``document``.
document_read = Signal()
