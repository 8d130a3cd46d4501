"""The search index: what a candidate's documents say, one row per searchable passage."""

from __future__ import annotations

from django.db import models


class EntrySource(models.TextChoices):
    """Where a passage comes from; every kind but a page is a cited fact the CV page can
    highlight by its id (the document page's ``evidence``, ``degree`` and ``publication``)."""

    PAGE = "page", "CV page"
    PUBLICATION = "publication", "Publication"
    DEGREE = "degree", "Degree"
    EVIDENCE = "evidence", "Evidence"


class SearchEntry(models.Model):
    """One searchable passage of a candidate, with where it was read.

    The full-text index over ``text`` and ``masked`` is not a Django field: PostgreSQL keeps
    generated ``tsvector`` columns, SQLite an FTS5 table (see the migration). Rows go with
    their candidate or document (cascades), and the index goes with the rows.
    """

    # The (lab, candidate) index serves lookups by lab.
    lab = models.ForeignKey(
        "screening.Lab", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "candidates.Document", on_delete=models.CASCADE, null=True, related_name="+"
    )
    page = models.PositiveIntegerField(null=True)
    source = models.CharField(max_length=12, choices=EntrySource.choices)
    source_id = models.PositiveBigIntegerField(help_text="The page, paper, degree or quote id.")
    text = models.TextField()
    # The same text as blind review shows it; identity cues are replaced by symbols that no
    # search tokenizer reads as a word, so "hidden" finds nothing.
    masked = models.TextField()

    class Meta:
        db_table = "search_entry"
        indexes = [models.Index(fields=["lab", "candidate"], name="search_entry_lab_idx")]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id} of candidate {self.candidate_id}"
